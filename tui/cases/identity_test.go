package cases

import (
	"strings"
	"testing"

	"varn/model"
)

// newIndividualCase opens the form of a new case (about an individual,
// the first subject) and fills in what a valid one needs, with the given
// pseudonym and concern.
func (h *harness) newIndividualCase(pseudonym, concern string) {
	h.t.Helper()
	h.keys("n")
	if got := h.scr.Form().Get("subject"); got != string(model.SubjectIndividual) {
		h.t.Fatalf("a new case is about %q, want an individual", got)
	}
	f := h.scr.Form()
	f.FocusOn("pseudonym")
	h.typeText(pseudonym)
	f.FocusOn("concern.text")
	h.typeText(concern)
	f.FocusOn("legal_basis")
	h.typeText("SoL")
}

// TestIndividualFormShowsNoTitleField: the form of a case about an
// individual has no title field to fill in and then be refused for; a
// case about an area has a title and no pseudonym, and what was typed in
// the field hidden by the subject is not saved.
func TestIndividualFormShowsNoTitleField(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("n")
	title, pseudonym := model.Swedish.T(model.CasesFieldTitle), model.Swedish.T(model.CasesFieldPseudonym)
	s := h.screen()
	if strings.Contains(s, title) || !strings.Contains(s, pseudonym) {
		t.Fatalf("the individual's form shows a title or no pseudonym:\n%s", s)
	}
	for range 20 {
		h.keys("tab")
		if h.scr.Form().Fields[h.scr.Form().Focus].Name == "title" {
			t.Fatal("tab reached the hidden title field")
		}
	}
	f := h.scr.Form()
	f.FocusOn("pseudonym")
	h.typeText("Person A-9")
	f.Focus = 0
	for f.Get("subject") != string(model.SubjectArea) {
		h.keys("right")
	}
	s = h.screen()
	if !strings.Contains(s, title) || strings.Contains(s, pseudonym) || strings.Contains(s, "Person A-9") {
		t.Fatalf("an area case's form shows a pseudonym or no title:\n%s", s)
	}
	h.keys("tab")
	h.typeText("Torget")
	f.FocusOn("concern.text")
	h.typeText("Stenkastning mot polis")
	f.FocusOn("legal_basis")
	h.typeText("Lag (2023:196)")
	before := len(h.st.Events())
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeDetail || len(h.st.Events()) != before+1 {
		t.Fatalf("area case not saved: errors %v\n%s", h.errs, h.screen())
	}
	c := h.stored(h.scr.detail.ID)
	if c.Title != "Torget" || c.Pseudonym != "" {
		t.Errorf("saved title %q, pseudonym %q: want the title only", c.Title, c.Pseudonym)
	}
}

// TestPseudonymLikeARealNameMustBeConfirmed: "Erik Andersson" (and the
// like) is not saved at the first ctrl+s: a warning beside the pseudonym
// says so and how to confirm; the same ctrl+s again saves it. A changed
// name-like pseudonym warns again; "Person A-1" never warns.
func TestPseudonymLikeARealNameMustBeConfirmed(t *testing.T) {
	for _, name := range []string{"Erik Andersson", "erik andersson", "Anna-Karin Nilsson"} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, 120, 40, sampleStore())
			h.newIndividualCase(name, "Uttalat stöd för våld")
			before := len(h.st.Events())
			h.keys("ctrl+s")
			if h.scr.Mode() != ModeForm || len(h.st.Events()) != before {
				t.Fatalf("a name-like pseudonym was saved without confirmation")
			}
			s := h.screen()
			warn := model.Swedish.T(model.CasesPseudonymName, "ctrl+s")
			line := ""
			for _, l := range strings.Split(s, "\n") {
				if strings.Contains(l, model.Swedish.T(model.CasesFieldPseudonym)) {
					line = l
				}
			}
			if !strings.Contains(line, "⚠ "+warn[:40]) {
				t.Errorf("no warning beside the pseudonym:\n%s", s)
			}
			if len(h.errs) == 0 || h.errs[len(h.errs)-1] != model.Swedish.T(model.MsgPseudonymName) {
				t.Errorf("status line: %v", h.errs)
			}
			// Changed to another name-like pseudonym: warned again.
			h.scr.Form().FocusOn("pseudonym")
			h.typeText("-berg")
			h.keys("ctrl+s")
			if h.scr.Mode() != ModeForm || len(h.st.Events()) != before {
				t.Fatalf("a changed name-like pseudonym was saved without a new confirmation")
			}
			h.keys("ctrl+s")
			if h.scr.Mode() != ModeDetail || len(h.st.Events()) != before+1 {
				t.Fatalf("the confirmed pseudonym was not saved: %v\n%s", h.errs, h.screen())
			}
			if got := h.stored(h.scr.detail.ID).Pseudonym; got != name+"-berg" {
				t.Errorf("saved pseudonym %q", got)
			}
		})
	}
	for _, p := range []string{"Person A-1", "Elev 17", "P-23"} {
		h := newHarness(t, 120, 40, sampleStore())
		h.newIndividualCase(p, "Uttalat stöd för våld")
		h.keys("ctrl+s")
		if h.scr.Mode() != ModeDetail {
			t.Errorf("%q was not saved at once: %v\n%s", p, h.errs, h.screen())
		}
	}
}

// TestFormRefusesPersonnummer: an identity number in any of its written
// forms, typed into any text field of the case form, is refused with the
// message beside that field, and nothing is saved.
func TestFormRefusesPersonnummer(t *testing.T) {
	msg := model.Swedish.T(model.MsgPersonnummer)
	for _, pnr := range []string{"850101 1236", "850101–1236", "850101/1236", "８５０１０１－１２３６", "85 01 01-1236", "850101 12 36"} {
		for _, field := range []string{"pseudonym", "area", "concern.text", "legal_basis"} {
			h := newHarness(t, 200, 40, sampleStore())
			h.newIndividualCase("Person A-1", "Oro för våld")
			f := h.scr.Form()
			f.FocusOn(field)
			h.typeText(" " + pnr)
			before := len(h.st.Events())
			h.keys("ctrl+s")
			if h.scr.Mode() != ModeForm || len(h.st.Events()) != before {
				t.Errorf("%s = %q: saved", field, pnr)
				continue
			}
			if got := f.Problems[field]; got != msg {
				t.Errorf("%s = %q: problem %q, want %q (problems %v)", field, pnr, got, msg, f.Problems)
			}
			if !strings.Contains(h.screen(), "✗ "+msg[:30]) {
				t.Errorf("%s = %q: message not on screen:\n%s", field, pnr, h.screen())
			}
		}
	}
}
