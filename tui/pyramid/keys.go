package pyramid

import (
	"charm.land/bubbles/v2/key"

	"varn/model"
)

// Keys are the bindings of the pyramid screen, besides the app's
// navigation and record keys; help is drawn from them.
type Keys struct {
	TierUp, TierDown, NextStatus, PrevStatus, MoveUp, MoveDown key.Binding
	FollowUp, LinkObs, LinkCase, Due, Toggle, Confirm          key.Binding
}

// NewKeys returns the screen's keys with help texts in lang.
func NewKeys(lang model.Lang) *Keys {
	b := func(msg model.Msg, help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, lang.T(msg)))
	}
	return &Keys{
		TierUp:     b(model.PyrKeyTierUp, "←/h", "left", "h"),
		TierDown:   b(model.PyrKeyTierDown, "→/l", "right", "l"),
		NextStatus: b(model.PyrKeyNextStatus, ">/.", ">", "."),
		PrevStatus: b(model.PyrKeyPrevStatus, "</,", "<", ","),
		MoveUp:     b(model.PyrKeyMoveUp, "K/shift+↑", "K", "shift+up"),
		MoveDown:   b(model.PyrKeyMoveDown, "J/shift+↓", "J", "shift+down"),
		FollowUp:   b(model.PyrKeyFollowUp, "u", "u"),
		LinkObs:    b(model.PyrKeyLinkObs, "o", "o"),
		LinkCase:   b(model.PyrKeyLinkCase, "c", "c"),
		Due:        b(model.PyrKeyDue, "v", "v"),
		Toggle:     b(model.PyrKeyToggle, "space", "space"),
		Confirm:    b(model.PyrKeyConfirm, "y", "y", "j"),
	}
}
