package pyramid

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var t0ctx = context.Background()

var fixedNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

func d(s string) model.Date {
	x, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

// harness drives the screen directly, running its commands at once.
type harness struct {
	t      *testing.T
	com    *common.Common
	scr    *Model
	st     *fake.Store
	errs   []string
	status []string
}

func sampleStore() *fake.Store {
	st := fake.New(clock)
	caseA := &model.Case{Subject: model.SubjectIndividual, Pseudonym: "Falken", Intake: model.IntakeSchool, Priority: model.PriorityHigh,
		Status: model.CaseIntervention, Opened: d("2026-01-10"), Handler: model.OrgSocialServices,
		Concern: model.ConcernStatement{Text: "Oro för våld", Level: model.ConcernHigh}, LegalBasis: "SoL 5 kap."}
	caseA.ID = "01K00000000000000000000C01"
	obs1 := &model.Observation{Milieu: model.MilieuWhitePower, Dimension: model.DimensionArea, ObsKind: model.ObsActivity,
		Area: "Piläng", Source: model.OrgPolice, Concern: model.ConcernModerate, Trend: model.TrendRising,
		Observed: d("2026-02-20"), Summary: "Klistermärken vid skolan"}
	obs1.ID = "01K00000000000000000000O01"
	obs2 := &model.Observation{Milieu: model.MilieuAutonomous, Dimension: model.DimensionSituation, ObsKind: model.ObsIncident,
		Area: "Bjärehov", Source: model.OrgSchool, Concern: model.ConcernLow, Trend: model.TrendStable,
		Observed: d("2026-02-25"), Summary: "Affischer på fritidsgården"}
	obs2.ID = "01K00000000000000000000O02"
	ms := []*model.Measure{
		{Title: "Föreläsning om källkritik", Tier: model.TierGeneral, Type: model.MeasureEducationInformation, Status: model.StatusOngoing,
			Org: model.OrgSchool, Start: d("2026-01-01"), NextFollowUp: d("2026-02-20"), Reach: model.GenderCounts{GirlsWomen: 60, BoysMen: 55, MixedUnknown: 5}},
		{Title: "Trygga skolvägar", Tier: model.TierGeneral, Type: model.MeasureEnvironmental, Status: model.StatusDecided,
			Org: model.OrgMunicipalLeadership, Start: d("2026-02-01"), NextFollowUp: d("2026-05-01")},
		{Title: "Personalutbildning", Tier: model.TierGeneral, Type: model.MeasureTraining, Status: model.StatusProposed,
			Org: model.OrgCultureLeisure, Start: d("2026-03-01"), NextFollowUp: d("2026-03-10")},
		{Title: "Dialoggrupp Piläng", Tier: model.TierSpecific, Type: model.MeasureDialogue, Status: model.StatusOngoing,
			Org: model.OrgCivilSociety, Start: d("2026-01-15"), NextFollowUp: d("2026-03-12"), Reach: model.GenderCounts{GirlsWomen: 4, BoysMen: 12}},
		{Title: "Fritidsledare kvällstid", Tier: model.TierSpecific, Type: model.MeasureLeisureActivity, Status: model.StatusCompleted,
			Org: model.OrgCultureLeisure, Start: d("2025-09-01"), End: d("2026-01-31")},
		{Title: "Stödperson", Tier: model.TierIndividual, Type: model.MeasureSupportPerson, Status: model.StatusOngoing,
			Org: model.OrgSocialServices, Start: d("2026-01-20"), NextFollowUp: d("2026-02-25"), Case: caseA.ID, Reach: model.GenderCounts{BoysMen: 1}},
	}
	ms[0].Observations = []model.ID{obs1.ID}
	st.Add(caseA, obs1, obs2)
	for i, x := range ms {
		x.ID = model.ID(fmt.Sprintf("01K00000000000000000000M%02d", i+1))
		x.TLP = model.TLPAmber
		st.Add(x)
	}
	return st
}

func newHarness(t *testing.T, w, h int, st *fake.Store) *harness {
	t.Helper()
	com := &common.Common{Width: w, Height: h, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(model.Swedish),
		Lang: model.Swedish, Now: clock, Store: st}
	hs := &harness{t: t, com: com, scr: New(com), st: st}
	hs.scr.SetSize(w, h-3)
	hs.run(hs.scr.Init())
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.send(cmd())
}

func (h *harness) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
		return
	case common.ErrorMsg:
		h.errs = append(h.errs, msg.Err.Error())
		return
	case common.StatusMsg:
		h.status = append(h.status, msg.Text)
		return
	}
	_, cmd := h.scr.Update(msg)
	h.run(cmd)
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (h *harness) keys(ks ...string) {
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (h *harness) screen() string { return ansi.Strip(h.scr.View()) }

func (h *harness) stored(id model.ID) *model.Measure {
	r, err := h.st.Get(t0ctx, id)
	if err != nil {
		h.t.Fatalf("get %s: %v", id, err)
	}
	return r.(*model.Measure)
}

// selectTitle moves the cursor onto the measure titled title.
func (h *harness) selectTitle(title string) {
	h.t.Helper()
	for d := range 3 {
		for i, r := range h.scr.rows[d] {
			if r.measure != nil && r.measure.Title == title {
				h.scr.tier, h.scr.cursor[d] = d, i
				return
			}
		}
	}
	h.t.Fatalf("no measure %q on the board", title)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func checkFits(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, want at most %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, want at most %d: %q", i, n, w, l)
		}
	}
}

func commonLock() tea.Msg { return common.LockMsg{} }

// TestBoardFilter: `/` filters the board (and the due view) by text while
// it is typed — title, type, organisation, target group, areas — and the
// counts and badges follow; enter keeps the filter and gives the keys back
// to the board; esc clears it.
func TestBoardFilter(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.send(common.SearchMsg{})
	if !h.scr.Capturing() {
		t.Fatalf("the board does not take the typed filter")
	}
	h.typeText("SKOL") // "Föreläsning om källkritik" (org: school), "Trygga skolvägar"
	s := h.screen()
	if !strings.Contains(s, "/ SKOL▏") || !strings.Contains(s, "(2 av 6; esc rensar)") || !strings.Contains(s, "2 insatser") {
		t.Fatalf("the filter and its count are not shown:\n%s", s)
	}
	for _, gone := range []string{"Personalutbildning", "Dialoggrupp", "Stödperson"} {
		if h.scr.tier == 2 && strings.Contains(s, gone) {
			t.Errorf("%q shown although it does not match", gone)
		}
	}
	if n := len(h.scr.Pyramid().Measures[0]) + len(h.scr.Pyramid().Measures[1]) + len(h.scr.Pyramid().Measures[2]); n != 2 {
		t.Errorf("the pyramid counts %d measures under the filter, want 2", n)
	}
	// Typing keys are text, not commands.
	h.typeText("n")
	if h.scr.Mode() != ModeBoard || h.scr.Filter() != "SKOLn" {
		t.Fatalf("a key typed into the filter acted as a command: mode %v, filter %q", h.scr.Mode(), h.scr.Filter())
	}
	h.keys("backspace", "enter")
	if h.scr.Capturing() || h.scr.Filter() != "SKOL" {
		t.Fatalf("enter did not keep the filter and end typing (filter %q)", h.scr.Filter())
	}
	// The board's keys work on the filtered board.
	h.keys("l", "l")
	if x := h.scr.Selected(); x == nil || !strings.Contains(strings.ToLower(x.Title+x.Org.Label(model.Swedish)), "skol") {
		t.Fatalf("selected %+v on the filtered general tier", x)
	}
	h.keys("v")
	if s := h.screen(); !strings.Contains(s, "/ SKOL") || strings.Contains(s, "Personalutbildning") {
		t.Errorf("the due view ignores the filter:\n%s", s)
	}
	h.keys("esc")
	// A filter matching the measure type, in the screen's language.
	h.send(common.SearchMsg{})
	h.keys("backspace", "backspace", "backspace", "backspace")
	h.typeText("stödperson")
	h.keys("enter")
	if x := h.scr.Pyramid(); len(x.Measures[0])+len(x.Measures[1])+len(x.Measures[2]) != 1 {
		t.Errorf("filter by type: %d measures", len(x.Measures[0])+len(x.Measures[1])+len(x.Measures[2]))
	}
	h.keys("esc")
	if h.scr.Filter() != "" || !strings.Contains(h.screen(), "6 insatser") {
		t.Errorf("esc did not clear the filter:\n%s", h.screen())
	}
	// No match: an empty board that says so, not an error.
	h.send(common.SearchMsg{})
	h.typeText("zzz")
	if s := h.screen(); !strings.Contains(s, "(0 av 6") {
		t.Errorf("no-match filter:\n%s", s)
	}
	h.keys("esc")
	if h.scr.Filter() != "" || h.scr.Capturing() {
		t.Errorf("esc while typing did not clear the filter")
	}
}

// TestDetailScrolls: a measure with more follow-ups than fit scrolls with
// j/k, pgdn/pgup and g/G; its ID stays on top and the last line says how
// much is below. The record keys still work while scrolled.
func TestDetailScrolls(t *testing.T) {
	st := sampleStore()
	x := &model.Measure{Title: "Långvarig insats", Tier: model.TierGeneral, Type: model.MeasureTraining, Status: model.StatusOngoing,
		Org: model.OrgSchool, Start: d("2020-01-01"), NextFollowUp: d("2026-06-01")}
	x.ID, x.TLP = "01K00000000000000000000M99", model.TLPAmber
	for i := range 30 {
		x.FollowUps = append(x.FollowUps, model.FollowUp{Date: d("2020-01-01").AddMonths(2 * i), Effect: model.AllEffects()[0], Note: fmt.Sprintf("Uppföljning nummer %02d", i)})
	}
	st.Add(x)
	h := newHarness(t, 80, 24, st)
	h.selectTitle("Långvarig insats")
	h.keys("enter")
	top := h.screen()
	lines := strings.Split(top, "\n")
	if len(lines) != 21 || !strings.Contains(lines[20], "rader till") || strings.Contains(top, "nummer 00") {
		t.Fatalf("a long detail is not cut with a note of what is below (%d lines):\n%s", len(lines), top)
	}
	h.keys("j")
	if one := strings.Split(h.screen(), "\n"); one[1] != lines[2] || !strings.Contains(one[0], string(x.ID)) {
		t.Errorf("j did not scroll one line under a fixed head:\n%s", h.screen())
	}
	h.keys("G")
	end := h.screen()
	el := strings.Split(end, "\n")
	if !strings.Contains(end, "nummer 00") || !strings.Contains(el[len(el)-1], "— slut") || !strings.Contains(el[0], string(x.ID)) {
		t.Errorf("G did not scroll to the oldest follow-up:\n%s", end)
	}
	h.keys("j")
	if h.screen() != end {
		t.Errorf("scrolled past the end")
	}
	h.keys("pgup", "pgup", "pgup", "pgup")
	if h.screen() != top {
		t.Errorf("pgup did not return to the top:\n%s", h.screen())
	}
	h.keys("pgdown", "g")
	if h.screen() != top {
		t.Errorf("g did not return to the top")
	}
	// A record key while scrolled: a follow-up form opens.
	h.keys("G", "u")
	if h.scr.Mode() != ModeFollowUp {
		t.Errorf("u in a scrolled detail: mode %v", h.scr.Mode())
	}
}
