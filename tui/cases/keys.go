package cases

import (
	"charm.land/bubbles/v2/key"

	"varn/model"
)

// Keys are the bindings of the cases screen, besides the app's
// navigation and record keys; help is drawn from them.
type Keys struct {
	Reveal, NextStep, PrevStep, Assess, Purge, Rules, Confirm key.Binding
}

// NewKeys returns the screen's keys with help texts in lang.
func NewKeys(lang model.Lang) *Keys {
	b := func(msg model.Msg, help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, lang.T(msg)))
	}
	return &Keys{
		Reveal:   b(model.CasesKeyReveal, "r", "r"),
		NextStep: b(model.CasesKeyNextStep, ">/.", ">", "."),
		PrevStep: b(model.CasesKeyPrevStep, "</,", "<", ","),
		Assess:   b(model.CasesKeyAssess, "a", "a"),
		Purge:    b(model.CasesKeyPurge, "p", "p"),
		Rules:    b(model.CasesKeyRules, "R", "R"),
		Confirm:  b(model.CasesKeyConfirm, "y", "y", "j"),
	}
}
