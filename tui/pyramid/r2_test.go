package pyramid

import (
	"strings"
	"testing"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
)

// legacyStore is the sample store with the individual-tier measure as a
// vault written before the R2 rule may hold it: a milieu beside the
// pseudonym ("Person A-1 · Autonoma miljön"), and a specific measure with
// the same milieu to compare with.
func legacyStore() (*fake.Store, model.ID, model.ID) {
	st := sampleStore()
	var ind, spec model.ID
	_ = st.Scan(t0ctx, model.KindMeasure, func(r model.Record) error {
		x := r.(*model.Measure)
		switch x.Title {
		case "Stödperson":
			x.Milieus, x.TargetGroup = []model.Milieu{model.MilieuAutonomous, model.MilieuCrossMilieu}, "Person A-1"
			ind = x.ID
		case "Dialoggrupp Piläng":
			x.Milieus = []model.Milieu{model.MilieuAutonomous}
			spec = x.ID
		}
		return nil
	})
	return st, ind, spec
}

// milieuWords are the labels of every milieu in both languages.
func milieuWords() []string {
	var out []string
	for _, mi := range model.AllMilieus() {
		out = append(out, mi.Label(model.Swedish), mi.Label(model.English))
	}
	return out
}

// TestPyramidNeverShowsAMilieuBesideAPerson proves R2 on the pyramid
// screen: whatever an individual-tier measure holds, no screen of it —
// board, due list, detail, edit form — shows a milieu, in either language
// and at either size; a specific measure's milieu still shows.
func TestPyramidNeverShowsAMilieuBesideAPerson(t *testing.T) {
	for _, lang := range []model.Lang{model.Swedish, model.English} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			st, _, _ := legacyStore()
			h := newHarness(t, size[0], size[1], st)
			h.com.Lang, h.com.KeyMap = lang, common.NewKeyMap(lang)
			screens := map[string]string{"board": h.screen()}
			h.keys("v")
			screens["due"] = h.screen()
			h.keys("v")
			h.selectTitle("Stödperson")
			h.keys("enter")
			screens["detail"] = h.screen()
			if !strings.Contains(screens["detail"], "Person A-1") {
				t.Fatalf("%s %v: the detail is not of the individual measure:\n%s", lang, size, screens["detail"])
			}
			h.keys("e")
			screens["form"] = h.screen()
			for name, s := range screens {
				for _, w := range milieuWords() {
					if strings.Contains(s, w) {
						t.Errorf("%s %v %s: %q shown beside an individual-tier measure:\n%s", lang, size, name, w, s)
					}
				}
				if name == "form" && strings.Contains(s, lang.T(model.PyrFieldMilieus)) {
					t.Errorf("%s %v: the individual-tier form has a milieu field:\n%s", lang, size, s)
				}
			}
			h.keys("esc", "esc")
			h.selectTitle("Dialoggrupp Piläng")
			h.keys("enter")
			if s := h.screen(); !strings.Contains(s, model.MilieuAutonomous.Label(lang)) {
				t.Errorf("%s %v: a specific measure's milieu is not shown:\n%s", lang, size, s)
			}
		}
	}
}

// TestPyramidFilterNeverSelectsAPersonByMilieu: typing a milieu's name or
// code in the board's filter never selects an individual-tier measure,
// even one that still holds that milieu.
func TestPyramidFilterNeverSelectsAPersonByMilieu(t *testing.T) {
	st, ind, _ := legacyStore()
	h := newHarness(t, 120, 40, st)
	for _, q := range append(milieuWords(), string(model.MilieuAutonomous), "autonom") {
		h.scr.filterText = []rune(q)
		for _, x := range h.scr.visible() {
			if x.ID == ind {
				t.Errorf("filter %q selects the individual-tier measure", q)
			}
		}
	}
}

// TestSavingALegacyIndividualMeasureDropsItsMilieu: a status move or an
// edit of an individual-tier measure stored with a milieu saves it
// without, so the change is valid (Validate would refuse the milieu); a
// new individual-tier measure's form has no milieu field at all, and a
// measure moved down to the individual tier loses its milieus.
func TestSavingALegacyIndividualMeasureDropsItsMilieu(t *testing.T) {
	st, ind, _ := legacyStore()
	h := newHarness(t, 120, 40, st)
	h.selectTitle("Stödperson")
	h.keys(">")
	if h.scr.Mode() == ModeConfirm {
		h.keys("y")
	}
	x := h.stored(ind)
	if x.Version < 2 || len(x.Milieus) != 0 {
		t.Fatalf("after a status move: version %d, milieus %v", x.Version, x.Milieus)
	}
	if ps := model.Validate(x, nil); ps != nil {
		t.Errorf("saved measure is not valid: %v", ps.Err(model.KindMeasure))
	}

	st, ind, _ = legacyStore()
	h = newHarness(t, 120, 40, st)
	h.selectTitle("Stödperson")
	h.keys("e", "ctrl+s")
	if x := h.stored(ind); x.Version < 2 || len(x.Milieus) != 0 {
		t.Fatalf("after an edit: version %d, milieus %v (errors %v)", x.Version, x.Milieus, h.errs)
	}

	// A new measure on the individual tier: no milieu field.
	h.keys("esc")
	h.scr.tier = 0
	h.keys("n")
	if f := h.scr.Form(); f == nil || f.Get("tier") != string(model.TierIndividual) || !f.Hidden(f.Field("milieus")) {
		t.Fatalf("the new individual-tier measure's form shows a milieu field:\n%s", h.screen())
	}
	// Switching the form to the specific tier shows it.
	f := h.scr.Form()
	f.FocusOn("tier")
	h.keys("right")
	if f.Hidden(f.Field("milieus")) {
		t.Errorf("a specific measure's form hides the milieu field")
	}
}

// TestTierMoveToIndividualSaysTheMilieusGo: moving a specific measure with
// milieus up to the individual tier says in the question that its milieus
// are removed, and the measure saved on that tier has none.
func TestTierMoveToIndividualSaysTheMilieusGo(t *testing.T) {
	st, _, spec := legacyStore()
	h := newHarness(t, 120, 40, st)
	h.selectTitle("Dialoggrupp Piläng")
	h.keys("K")
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("tier move did not ask: mode %v", h.scr.Mode())
	}
	if s := h.screen(); !strings.Contains(s, model.Swedish.T(model.PyrConfirmNoMilieu)) {
		t.Errorf("the question does not say the milieus go:\n%s", s)
	}
	h.keys("y")
	if h.scr.Mode() != ModePickCase {
		t.Fatalf("no case to pick: mode %v", h.scr.Mode())
	}
	h.keys("enter")
	x := h.stored(spec)
	if x.Tier != model.TierIndividual || len(x.Milieus) != 0 || x.Case == "" {
		t.Fatalf("after the move: tier %s, milieus %v, case %q (errors %v)", x.Tier, x.Milieus, x.Case, h.errs)
	}
}

// TestMeasureFormRefusesPersonnummer: an identity number in a written form
// that got in before, typed into the measure form's title, target group
// or description, is refused beside that field and nothing is saved.
func TestMeasureFormRefusesPersonnummer(t *testing.T) {
	msg := model.Swedish.T(model.MsgPersonnummer)
	for _, pnr := range []string{"850101 1236", "850101–1236", "850101/1236", "８５０１０１－１２３６", "85 01 01-1236"} {
		for _, field := range []string{"title", "target_group", "description"} {
			h := newHarness(t, 120, 40, sampleStore())
			h.keys("l", "n")
			f := h.scr.Form()
			f.FocusOn("title")
			h.typeText("Samtalsgrupp")
			f.FocusOn(field)
			h.typeText(" " + pnr)
			before := len(h.st.Events())
			h.keys("ctrl+s")
			if h.scr.Mode() != ModeForm || len(h.st.Events()) != before {
				t.Errorf("%s = %q: saved", field, pnr)
				continue
			}
			if got := f.Problems[field]; got != msg {
				t.Errorf("%s = %q: problem %q, want %q", field, pnr, got, msg)
			}
		}
	}
}
