package pyramid

import (
	"fmt"
	"strings"
	"testing"

	"varn/model"
	"varn/tui/common"
)

func TestGoldenScreens(t *testing.T) {
	screens := []struct {
		name string
		do   func(h *harness)
	}{
		{"board", func(h *harness) {}},
		{"board_general", func(h *harness) { h.keys("l", "l", "j") }},
		{"due", func(h *harness) { h.keys("v") }},
		{"board_filtered", func(h *harness) { h.send(common.SearchMsg{}); h.typeText("skol") }},
		{"form_errors", func(h *harness) {
			h.keys("l", "n")
			h.typeText("Samtal 811218-9876") // a personal identity number in the title
			h.keys("tab", "tab", "tab", "tab", "tab", "tab", "tab", "tab")
			h.typeText("många") // girls/women: not a number
			h.keys("tab", "tab", "tab")
			h.typeText("vit makt, okänd") // an unknown milieu
			h.keys("tab", "tab", "tab")
			h.typeText("2026-13-01") // end: not a date
			h.keys("tab")
			for range 10 {
				h.keys("backspace")
			}
			h.typeText("2025-01-01") // next follow-up before the start
			h.keys("ctrl+s")
		}},
		{"detail", func(h *harness) { h.selectTitle("Föreläsning om källkritik"); h.keys("enter") }},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			name := fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, size[0], size[1], sampleStore())
				sc.do(h)
				got := h.screen()
				checkFits(t, got, size[0], size[1]-3)
				golden(t, name, got)
			})
		}
	}
}

func TestBoardShowsTiersCountsBadgesAndGender(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	s := h.screen()
	lines := strings.Split(s, "\n")
	idx := func(word string) int {
		for i, l := range lines {
			if strings.Contains(l, word) {
				return i
			}
		}
		t.Fatalf("%q not on the board:\n%s", word, s)
		return -1
	}
	ind, spec, gen := model.TierIndividual.Label(model.Swedish), model.TierSpecific.Label(model.Swedish), model.TierGeneral.Label(model.Swedish)
	if !(idx(ind) < idx(spec) && idx(spec) < idx(gen)) {
		t.Errorf("tiers not drawn individual, specific, general from the top:\n%s", s)
	}
	for _, want := range []string{
		"6 insatser · ⚠ 2 försenade · ◷ 2 inom 14 dagar", // summary
		"⚠ 1 försenade", "◷ 1 snart", // badges
		"Flickor/kvinnor 60 (50 %)", // gender balance of the general tier
	} {
		if !strings.Contains(s, want) {
			t.Errorf("board lacks %q:\n%s", want, s)
		}
	}
	// Statuses are words and symbols, not colour only.
	if !strings.Contains(s, "▶ "+model.StatusOngoing.Label(model.Swedish)) {
		t.Errorf("status not written as symbol and word:\n%s", s)
	}
}

func TestStatusMoveSaves(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Trygga skolvägar") // decided
	id := h.scr.Selected().ID
	h.keys(">")
	if got := h.stored(id).Status; got != model.StatusOngoing {
		t.Fatalf("status after > = %s, want ongoing", got)
	}
	if h.scr.Selected() == nil || h.scr.Selected().ID != id {
		t.Errorf("cursor did not follow the moved measure")
	}
	h.keys("<")
	if got := h.stored(id).Status; got != model.StatusDecided {
		t.Fatalf("status after < = %s, want decided", got)
	}
	evs := h.st.Events()
	if n := len(evs); n < 2 || evs[n-1].Action != model.ActionUpdate || evs[n-1].Ref != id {
		t.Errorf("status moves not audited as updates: %+v", evs)
	}
}

func TestStatusMoveThatClosesAsksFirst(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Dialoggrupp Piläng") // ongoing
	id := h.scr.Selected().ID
	h.keys(">") // ongoing → on hold: still open, no question
	if got := h.stored(id).Status; got != model.StatusOnHold {
		t.Fatalf("status = %s, want on_hold", got)
	}
	h.keys(">") // on hold → completed: asks
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("mode = %v, want a confirmation", h.scr.Mode())
	}
	h.keys("n")
	if got := h.stored(id).Status; got != model.StatusOnHold {
		t.Fatalf("answering n changed the status to %s", got)
	}
	h.keys(">", "y")
	if got := h.stored(id).Status; got != model.StatusCompleted {
		t.Fatalf("status = %s, want completed after y", got)
	}
}

func TestTierMoveNeedsConfirmation(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Personalutbildning") // general
	id := h.scr.Selected().ID
	h.keys("K")
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("tier move did not ask: mode %v", h.scr.Mode())
	}
	if s := h.screen(); !strings.Contains(s, "Det ändrar vad") {
		t.Errorf("confirmation does not say what changes:\n%s", s)
	}
	h.keys("esc")
	if got := h.stored(id).Tier; got != model.TierGeneral {
		t.Fatalf("esc moved the measure to %s", got)
	}
	h.keys("K", "y")
	if got := h.stored(id).Tier; got != model.TierSpecific {
		t.Fatalf("tier = %s, want specific", got)
	}
	if h.scr.tier != 1 {
		t.Errorf("focus did not follow the measure to its new tier")
	}
}

func TestTierMoveToIndividualAsksForCase(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Dialoggrupp Piläng") // specific
	id := h.scr.Selected().ID
	h.keys("K", "y")
	if h.scr.Mode() != ModePickCase {
		t.Fatalf("mode = %v, want the case picker", h.scr.Mode())
	}
	if s := h.screen(); !strings.Contains(s, "Falken") {
		t.Errorf("case picker does not show the case by pseudonym:\n%s", s)
	}
	h.keys("enter")
	x := h.stored(id)
	if x.Tier != model.TierIndividual || x.Case != "01K00000000000000000000C01" {
		t.Fatalf("after picking: tier %s case %q", x.Tier, x.Case)
	}
	// And back down: the case link goes, after a warning.
	h.selectTitle("Dialoggrupp Piläng")
	h.keys("J")
	if s := h.screen(); !strings.Contains(s, "Kopplingen till ärendet tas bort") {
		t.Errorf("moving off the individual tier does not warn about the case link:\n%s", s)
	}
	h.keys("y")
	if x := h.stored(id); x.Tier != model.TierSpecific || x.Case != "" {
		t.Fatalf("after moving down: tier %s case %q", x.Tier, x.Case)
	}
}

func TestFollowUpDefaultsToAQuarterLater(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Dialoggrupp Piläng")
	id := h.scr.Selected().ID
	h.keys("u")
	f := h.scr.Form()
	if f == nil || f.Get("date") != "2026-03-02" || f.Get("next_follow_up") != "2026-06-02" {
		t.Fatalf("follow-up form defaults: %+v", f.Values())
	}
	// Changing the date moves the default next date with it.
	for range 2 {
		h.keys("backspace")
	}
	h.typeText("15")
	if got := f.Get("next_follow_up"); got != "2026-06-15" {
		t.Fatalf("next follow-up after changing the date = %s, want 2026-06-15", got)
	}
	h.keys("tab", "right", "tab") // effect: next after too_early
	h.typeText("Bra uppslutning")
	h.keys("ctrl+s")
	if len(h.errs) > 0 {
		t.Fatalf("errors: %v", h.errs)
	}
	x := h.stored(id)
	if len(x.FollowUps) != 1 || x.FollowUps[0].Date != d("2026-03-15") || x.FollowUps[0].Note != "Bra uppslutning" ||
		x.FollowUps[0].By != "anna" {
		t.Fatalf("follow-up stored: %+v", x.FollowUps)
	}
	if x.NextFollowUp != d("2026-06-15") {
		t.Fatalf("next follow-up = %s, want 2026-06-15", x.NextFollowUp)
	}
	if got := model.NextFollowUpAfter(d("2026-11-30")); got != d("2027-02-28") {
		t.Errorf("NextFollowUpAfter(2026-11-30) = %s", got)
	}
}

func TestFollowUpTypedNextDateIsKept(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Dialoggrupp Piläng")
	id := h.scr.Selected().ID
	h.keys("u", "tab", "tab", "tab")
	for range 10 {
		h.keys("backspace")
	}
	h.typeText("2026-04-01")
	h.keys("ctrl+s")
	if x := h.stored(id); x.NextFollowUp != d("2026-04-01") {
		t.Fatalf("next follow-up = %s, want the typed 2026-04-01", x.NextFollowUp)
	}
}

func TestFormValidationKeepsInputAndSavesNothing(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	before := len(h.st.Events())
	h.keys("l", "l", "n", "ctrl+s") // a general measure with an empty title
	if h.scr.Mode() != ModeForm {
		t.Fatalf("mode = %v, want the form to stay open", h.scr.Mode())
	}
	if !strings.Contains(h.screen(), "✗ "+model.Swedish.T(model.MsgRequired)) {
		t.Errorf("no per-field message:\n%s", h.screen())
	}
	if len(h.st.Events()) != before {
		t.Errorf("an invalid form wrote to the store")
	}
	h.typeText("Ny insats om nätet")
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeDetail {
		t.Fatalf("mode = %v after a valid save (errors %v)", h.scr.Mode(), h.errs)
	}
	if h.scr.detail.Title != "Ny insats om nätet" || h.scr.detail.ID == "" {
		t.Errorf("saved measure: %+v", h.scr.detail)
	}
}

func TestNewIndividualMeasureAsksForCase(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.scr.tier = 0 // individual
	h.keys("n")
	h.typeText("Praktikplats")
	h.keys("ctrl+s")
	if h.scr.Mode() != ModePickCase {
		t.Fatalf("mode = %v, want the case picker (errors %v)", h.scr.Mode(), h.errs)
	}
	h.keys("enter")
	if h.scr.Mode() != ModeDetail || h.scr.detail.Case == "" {
		t.Fatalf("mode %v, detail %+v", h.scr.Mode(), h.scr.detail)
	}
}

func TestLinkObservations(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Trygga skolvägar")
	id := h.scr.Selected().ID
	h.keys("o")
	h.typeText("affisch")
	if n := len(h.scr.pick.hits); n != 1 {
		t.Fatalf("search for 'affisch' found %d observations, want 1", n)
	}
	h.keys("space", "enter")
	if got := h.stored(id).Observations; len(got) != 1 || got[0] != "01K00000000000000000000O02" {
		t.Fatalf("links = %v", got)
	}
}

func TestCaseLinkOnlyOnIndividualTier(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Trygga skolvägar")
	h.keys("c")
	if h.scr.Mode() == ModePickCase || len(h.errs) == 0 {
		t.Fatalf("c on a general measure: mode %v errs %v", h.scr.Mode(), h.errs)
	}
}

func TestDeleteAsksFirst(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.selectTitle("Trygga skolvägar")
	id := h.scr.Selected().ID
	h.keys("d", "n")
	h.stored(id)
	h.keys("d", "y")
	if _, err := h.st.Get(t0ctx, id); err == nil {
		t.Fatalf("measure still there after d y")
	}
	for _, x := range h.scr.measures {
		if x.ID == id {
			t.Fatalf("deleted measure still on the board")
		}
	}
}

func TestDueViewListsOverdueAndSoon(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("v")
	s := h.screen()
	for _, want := range []string{"Föreläsning om källkritik", "Stödperson", "Personalutbildning", "Dialoggrupp Piläng", "⚠ 10 d sen", "◷ om 8 d"} {
		if !strings.Contains(s, want) {
			t.Errorf("due view lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Trygga skolvägar") {
		t.Errorf("due view lists a follow-up two months away")
	}
	h.keys("enter")
	if h.scr.Mode() != ModeDetail {
		t.Fatalf("enter in the due view: mode %v", h.scr.Mode())
	}
	h.keys("esc")
	if h.scr.Mode() != ModeDue {
		t.Fatalf("esc from detail went to %v, want the due view", h.scr.Mode())
	}
}

func TestLockDropsRecords(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.send(commonLock())
	if len(h.scr.measures) != 0 || h.scr.ld.Loaded() {
		t.Fatalf("records kept after lock")
	}
	if s := h.screen(); strings.Contains(s, "Trygga") {
		t.Fatalf("screen shows records after lock:\n%s", s)
	}
}

func TestSmallAndLargeSizesFit(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}, {100, 16}} {
		h := newHarness(t, sz[0], sz[1], sampleStore())
		for _, k := range []string{"", "l", "v", "v", "enter"} {
			if k != "" {
				h.keys(k)
			}
			checkFits(t, h.screen(), sz[0], sz[1]-3)
		}
	}
}

// A bracketed paste goes into the form's field in focus, cleaned: line
// ends become spaces in a one-line field and stay in the multi-line
// description; escape sequences go. The filter line gets it as keys.
func TestPasteIntoForm(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.keys("l", "l", "n")
	h.run(h.scr.Paste("Samtal\r\nmed föräldrar\n"))
	h.scr.form.FocusOn("description")
	h.run(h.scr.Paste("Rad ett\r\nRad två\x1b[31m"))
	if got := h.scr.form.Get("title"); got != "Samtal med föräldrar" {
		t.Errorf("title after paste = %q", got)
	}
	if got := h.scr.form.Get("description"); got != "Rad ett\nRad två" {
		t.Errorf("description after paste = %q", got)
	}
	if !h.scr.Dirty() {
		t.Error("a paste did not make the form dirty")
	}
	h.keys("esc", "y")
	h.send(common.SearchMsg{}) // the App's `/`
	h.run(h.scr.Paste("nät\nverk"))
	if got := string(h.scr.filterText); got != "nät verk" {
		t.Errorf("filter after paste = %q", got)
	}
}

// TestObservationPickerSaysIndividualLevelIsLeftOut: the observation
// picker's text search never matches individual-level observations (R2)
// and says so rather than "no matches", the same whether they would have
// matched or not.
func TestObservationPickerSaysIndividualLevelIsLeftOut(t *testing.T) {
	st := sampleStore()
	o := &model.Observation{Milieu: model.MilieuUnclear, Dimension: model.DimensionIndividual, ObsKind: model.ObsIncident,
		Area: "Piläng", Source: model.OrgSchool, Concern: model.ConcernHigh, Trend: model.TrendUnknown,
		Observed: d("2026-02-21"), Summary: "Falken hotar en lärare"}
	o.ID = "01K00000000000000000000O09"
	st.Add(o)
	view := func(q string) string {
		h := newHarness(t, 80, 24, st)
		h.selectTitle("Trygga skolvägar")
		h.keys("o")
		h.typeText(q)
		lines := strings.Split(h.screen(), "\n")
		return strings.Join(append(lines[:1:1], lines[2:]...), "\n") // not the query line
	}
	canary, nowhere := view("Falken"), view("qqqzzz")
	if canary != nowhere {
		t.Errorf("the picker shows otherwise for a query found only in an individual-level observation:\n%s\n---\n%s", canary, nowhere)
	}
	l := model.Swedish
	if !strings.Contains(canary, l.T(model.UISearchIndividualExcluded, 1)) || strings.Contains(canary, l.T(model.UINoMatches)) || strings.Contains(canary, "Falken") {
		t.Errorf("the picker does not say it left individual-level observations out:\n%s", canary)
	}
}
