package meetings

import (
	"context"
	"testing"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/badinput"
)

// badEnv returns a fresh screen on the sample store, in language l and
// without colour, as a bad-input environment.
func badEnv(t *testing.T, l model.Lang) (*harness, *badinput.Env) {
	h := newHarness(t, 300, 60, sampleStore())
	h.com.Styles, h.com.Lang, h.com.KeyMap = badinput.PlainStyles(), l, common.NewKeyMap(l)
	return h, &badinput.Env{
		Screen: h.scr,
		Form:   func() *common.Form { return h.scr.Form() },
		Send:   h.send,
		Run:    h.run,
		View:   h.scr.View,
		Events: h.st.Events,
		Get:    func(id model.ID) (model.Record, error) { return h.st.Get(context.Background(), id) },
		Errors: func() []string { return h.errs },
	}
}

// TestBadInputInEveryField: every field of the meeting, member, decision
// and recommendation forms given empty, huge, invalid-date, wrong-type,
// escape-sequence and right-to-left-override text, typed and pasted, then
// saved: nothing panics, a refused save writes nothing and says why
// beside a field, a save stores only clean, bounded text, and the screen
// never shows a control character of the input (issue 7).
func TestBadInputInEveryField(t *testing.T) {
	specs := []badinput.FormSpec{
		{Name: "meeting", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.keys("n")
			h.scr.Form().Set("title", "Veckomöte")
			return env
		}},
		{Name: "member", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.keys("l", "n")
			h.scr.Form().Set("name", "Eva Berg")
			return env
		}},
		{Name: "decision", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.openCurrent()
			h.keys("n")
			h.scr.Form().Set("text", "Samtal med rektorerna")
			h.scr.Form().Set("body", string(model.OrgSchool))
			return env
		}},
		{Name: "recommendation", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.openCurrent()
			h.keys("c")
			h.scr.Form().Set("text", "Erbjud föräldramöte")
			return env
		}},
	}
	n := badinput.RunForms(t, specs)
	t.Logf("tally: meetings: %d field × input × mode cases (%d inputs, typed and pasted)", n, len(badinput.Inputs()))
}
