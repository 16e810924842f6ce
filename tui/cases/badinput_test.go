package cases

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
		Screen: h.scr,
		Form:   func() *common.Form { return h.scr.Form() },
		Send:   h.send,
		Run:    h.run,
		View:   h.scr.View,
		Events: h.st.Events,
		Get:    func(id model.ID) (model.Record, error) { return h.st.Get(t0ctx, id) },
		Errors: func() []string { return h.errs },
	}
}

// TestBadInputInEveryField: every field of the case form and of the
// assessment form given empty, huge, invalid-date,
// wrong-type, escape-sequence and right-to-left-override text, typed and
// pasted, then saved: nothing panics, a refused save writes nothing and
// says why beside a field, a save stores only clean, bounded text, and
// the screen never shows a control character of the input (issue 7).
func TestBadInputInEveryField(t *testing.T) {
	specs := []badinput.FormSpec{
		{Name: "case", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.keys("n")
			f := h.scr.Form()
			f.Set("pseudonym", "Ugglan")
			f.Set("concern.text", "Oro för radikalisering")
			f.Set("legal_basis", "SoL 5 kap. 1 §")
			return env
		}},
		{Name: "assessment", Open: func(t *testing.T, l model.Lang) *badinput.Env {
			h, env := badEnv(t, l)
			h.openCase(idFalken)
			h.keys("r", "y", "a")
			f := h.scr.Form()
			f.Set("rating."+string(model.AllAssessmentAreas()[0]), string(model.AllRatings()[0]))
			f.Set("summary", "Lugnare i skolan")
			return env
		}},
	}
	n := badinput.RunForms(t, specs)
	t.Logf("tally: cases: %d field × input × mode cases (%d inputs, typed and pasted)", n, len(badinput.Inputs()))
}
