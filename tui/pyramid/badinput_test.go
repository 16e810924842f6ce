package pyramid

import (
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
		Screen:  h.scr,
		Form:    func() *common.Form { return h.scr.Form() },
		Send:    h.send,
		Run:     h.run,
		View:    h.scr.View,
		Events:  h.st.Events,
		Get:     func(id model.ID) (model.Record, error) { return h.st.Get(t0ctx, id) },
		Errors:  func() []string { return h.errs },
		Pending: func() bool { return h.scr.Mode() == ModePickCase },
	}
}

// TestBadInputInEveryField: every field of the measure and follow-up
// forms given empty, huge, invalid-date, wrong-type, escape-sequence and
// right-to-left-override text, typed and pasted, then saved: nothing
// panics, a refused save writes nothing and says why beside a field, a
// save stores only clean, bounded text, and the screen never shows a
// control character of the input (issue 7).
func TestBadInputInEveryField(t *testing.T) {
	specs := []badinput.FormSpec{
		{Name: "measure", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.keys("l", "l", "n") // a new measure on the general tier
			h.scr.Form().Set("title", "Föreläsning om nätet")
			return env
		}},
		{Name: "follow-up", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.selectTitle("Dialoggrupp Piläng")
			h.keys("u")
			return env
		}},
	}
	n := badinput.RunForms(t, specs)
	t.Logf("tally: pyramid: %d field × input × mode cases (%d inputs, typed and pasted)", n, len(badinput.Inputs()))
}
