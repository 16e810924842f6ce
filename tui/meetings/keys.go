package meetings

import (
	"charm.land/bubbles/v2/key"

	"varn/model"
)

// Keys are the bindings of the Samverkan screen, besides the app's
// navigation, record and form keys; help is drawn from them.
type Keys struct {
	MeetingMode, Report, Section, SectionBack           key.Binding
	Attendees, Recommend, Decision, Remove              key.Binding
	NextStatus, PrevStatus, Toggle, Confirm             key.Binding
	NextItem, PrevItem, Leave, PrevQuarter, NextQuarter key.Binding
	// Reveal shows the masked text of the meeting's detail (logged).
	Reveal key.Binding
}

// NewKeys returns the screen's keys with help texts in lang.
func NewKeys(lang model.Lang) *Keys {
	b := func(msg model.Msg, help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, lang.T(msg)))
	}
	return &Keys{
		MeetingMode: b(model.MtgKeyMeetingMode, "m", "m"),
		Report:      b(model.MtgKeyReport, "r", "r"),
		Section:     b(model.MtgKeySection, "→/l", "right", "l"),
		SectionBack: b(model.MtgKeySection, "←/h", "left", "h"),
		Attendees:   b(model.MtgKeyAttendees, "a", "a"),
		Recommend:   b(model.MtgKeyRecommend, "c", "c"),
		Decision:    b(model.MtgKeyDecision, "n", "n"),
		Remove:      b(model.MtgKeyRemoveItem, "x", "x"),
		NextStatus:  b(model.MtgKeyStatus, ">/.", ">", "."),
		PrevStatus:  b(model.MtgKeyStatusBack, "</,", "<", ","),
		Toggle:      b(model.MtgKeyToggle, "space", "space"),
		Confirm:     b(model.MtgKeyConfirm, "y", "y", "j"),
		NextItem:    b(model.MtgKeyNextItem, "→/l/space", "right", "l", "space"),
		PrevItem:    b(model.MtgKeyPrevItem, "←/h", "left", "h"),
		// Only m leaves meeting mode, and only after a confirmation:
		// esc, pressed by reflex, closes what is open inside it.
		Leave:       b(model.MtgKeyLeave, "m", "m"),
		PrevQuarter: b(model.MtgKeyPrevQuarter, "</,", "<", ","),
		NextQuarter: b(model.MtgKeyNextQuarter, ">/.", ">", "."),
		Reveal:      b(model.MtgKeyReveal, "r", "r"),
	}
}
