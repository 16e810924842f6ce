package meetings

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

var fixedNow = time.Date(2026, 11, 17, 9, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

func d(s string) model.Date {
	x, err := model.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

// Secrets that must never be on screen in meeting mode: case pseudonyms
// and titles, and the text of records marked TLP:RED or about individuals.
var secrets = []string{"Falken", "Ugglan", "Kråkan", "Storgatan-gruppen", "RÖDHEMLIG", "Individärende"}

const (
	idCurrent = model.ID("01K00000000000000000000T01")
	idEarlier = model.ID("01K00000000000000000000T02")
	idRed     = model.ID("01K00000000000000000000T03")
)

func sampleStore() *fake.Store {
	st := fake.New(clock)
	members := []*model.Member{
		{Name: "Anna Ek", Org: model.OrgMunicipalLeadership, Role: model.RoleCompiler, Title: "Säkerhetschef", Phone: "046-35 00 00", Email: "anna.ek@example.se", Active: true},
		{Name: "Bo Lind", Org: model.OrgPolice, Role: model.RolePoliceContact, Phone: "114 14", Active: true},
		{Name: "Cecilia Holm", Org: model.OrgSocialServices, Role: model.RoleMember, Email: "cecilia@example.se", Active: true},
		{Name: "David Sund", Org: model.OrgSchool, Role: model.RoleMember, Active: false},
	}
	for i, x := range members {
		x.ID = model.ID(fmt.Sprintf("01K00000000000000000000P%02d", i+1))
		x.TLP = model.TLPAmber
		st.Add(x)
	}
	cases := []*model.Case{
		{Subject: model.SubjectIndividual, Pseudonym: "Falken", Priority: model.PriorityAcute, Status: model.CaseIntervention, Opened: d("2026-10-02"), Gender: model.GenderBoysMen},
		{Subject: model.SubjectIndividual, Pseudonym: "Ugglan", Priority: model.PriorityNormal, Status: model.CaseInitialAssessment, Opened: d("2026-08-20"), Gender: model.GenderGirlsWomen},
		{Subject: model.SubjectGroup, Title: "Storgatan-gruppen", Priority: model.PriorityHigh, Status: model.CaseNeedsAssessment, Opened: d("2026-07-05")},
		{Subject: model.SubjectIndividual, Pseudonym: "Kråkan", Priority: model.PriorityLow, Status: model.CaseClosed, Opened: d("2026-03-01"), Closed: d("2026-08-30")},
	}
	for i, c := range cases {
		c.ID = model.ID(fmt.Sprintf("01K00000000000000000000C%02d", i+1))
		c.TLP = model.TLPRed
		st.Add(c)
	}
	obs := []*model.Observation{
		{Milieu: model.MilieuWhitePower, Dimension: model.DimensionArea, ObsKind: model.ObsActivity, Area: "Norrbacka", Source: model.OrgPolice,
			Concern: model.ConcernHigh, Trend: model.TrendRising, Observed: d("2026-11-12"), Summary: "Klistermärken vid skolan"},
		{Milieu: model.MilieuAutonomous, Dimension: model.DimensionSituation, ObsKind: model.ObsIncident, Area: "Gläntan", Source: model.OrgSchool,
			Concern: model.ConcernModerate, Trend: model.TrendStable, Observed: d("2026-11-13"), Summary: "Klotter med hot mot politiker"},
		{Milieu: model.MilieuWhitePower, Dimension: model.DimensionIndividual, ObsKind: model.ObsActivity, Source: model.OrgSocialServices,
			Concern: model.ConcernAcute, Trend: model.TrendRising, Observed: d("2026-11-14"), Summary: "Individärende: Falken sprider propaganda", Cases: []model.ID{cases[0].ID}},
		{Milieu: model.MilieuViolentIslamist, Dimension: model.DimensionGroup, ObsKind: model.ObsPresence, Area: "Centrum", Source: model.OrgPolice,
			Concern: model.ConcernModerate, Trend: model.TrendUnknown, Observed: d("2026-11-15"), Summary: "RÖDHEMLIG uppgift från polisen"},
		{Milieu: model.MilieuWhitePower, Dimension: model.DimensionGroup, ObsKind: model.ObsPresence, Area: "Norrbacka", Source: model.OrgPolice,
			Concern: model.ConcernLow, Trend: model.TrendStable, Observed: d("2026-08-15"), Summary: "Gammal iakttagelse"},
	}
	for i, o := range obs {
		o.ID = model.ID(fmt.Sprintf("01K00000000000000000000O%02d", i+1))
		o.TLP = model.TLPAmber
		o.Created = time.Date(2026, 11, 10+i, 12, 0, 0, 0, time.UTC)
	}
	obs[3].TLP = model.TLPRed
	obs[4].Created = time.Date(2026, 8, 16, 12, 0, 0, 0, time.UTC)
	for _, o := range obs {
		st.Add(o)
	}
	ms := []*model.Measure{
		{Title: "Föreläsning om källkritik", Tier: model.TierGeneral, Type: model.MeasureEducationInformation, Status: model.StatusOngoing,
			Org: model.OrgSchool, Start: d("2026-08-01"), NextFollowUp: d("2026-11-20"), Reach: model.GenderCounts{GirlsWomen: 60, BoysMen: 55, MixedUnknown: 5}},
		{Title: "Dialoggrupp Norrbacka", Tier: model.TierSpecific, Type: model.MeasureDialogue, Status: model.StatusOngoing,
			Org: model.OrgCivilSociety, Start: d("2026-07-15"), NextFollowUp: d("2026-11-10"), Reach: model.GenderCounts{GirlsWomen: 4, BoysMen: 12}},
		{Title: "Stödperson Falken", Tier: model.TierIndividual, Type: model.MeasureSupportPerson, Status: model.StatusOngoing,
			Org: model.OrgSocialServices, Start: d("2026-10-05"), NextFollowUp: d("2026-11-18"), Case: cases[0].ID, Reach: model.GenderCounts{BoysMen: 1}},
		{Title: "RÖDHEMLIG insats", Tier: model.TierSpecific, Type: model.MeasureOther, Status: model.StatusDecided,
			Org: model.OrgPolice, Start: d("2026-09-01"), NextFollowUp: d("2026-11-25")},
		{Title: "Sommarläger", Tier: model.TierGeneral, Type: model.MeasureLeisureActivity, Status: model.StatusCompleted,
			Org: model.OrgCultureLeisure, Start: d("2026-06-20"), End: d("2026-08-10"), Reach: model.GenderCounts{GirlsWomen: 20, BoysMen: 25}},
	}
	for i, x := range ms {
		x.ID = model.ID(fmt.Sprintf("01K00000000000000000000M%02d", i+1))
		x.TLP = model.TLPAmber
		st.Add(x)
	}
	ms[3].TLP = model.TLPRed
	earlier := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: d("2026-11-09"), Title: "Veckomöte v46",
		Attendees: []model.Attendee{{Member: members[0].ID}, {Member: members[1].ID}},
		Decisions: []model.Decision{{Text: "Öka närvaron vid skolan", Body: model.OrgSchool, BodyName: "Barn- och skolnämnden", Responsible: "Rektor", Due: d("2026-12-01"), Status: model.DecisionInProgress}}}
	earlier.ID, earlier.TLP = idEarlier, model.TLPAmber
	red := &model.Meeting{MeetingKind: model.MeetingAdHoc, Date: d("2026-11-03"), Title: "Krismöte RÖDHEMLIG",
		Decisions: []model.Decision{{Text: "RÖDHEMLIG åtgärd", Body: model.OrgPolice, Status: model.DecisionOpen}}}
	red.ID, red.TLP = idRed, model.TLPRed
	cur := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: d("2026-11-16"), Title: "Veckomöte v47",
		Attendees:       []model.Attendee{{Member: members[0].ID}, {Member: members[1].ID}, {Member: members[2].ID}},
		Recommendations: []model.Recommendation{{Text: "Informera föräldrar i Norrbacka", To: model.OrgSchool}},
		Decisions:       []model.Decision{{Text: "Extra fritidsledare kvällstid", Body: model.OrgCultureLeisure, BodyName: "Kultur- och fritidsnämnden", Responsible: "Fritidschef", Due: d("2026-12-15"), Status: model.DecisionOpen}},
		Minutes:         "Gruppen gick igenom läget.\nPolisen rapporterade ökad aktivitet."}
	cur.ID, cur.TLP = idCurrent, model.TLPAmber
	st.Add(earlier, red, cur)
	pic := &model.Picture{Title: "2026Q3", From: d("2026-07-01"), To: d("2026-09-30"),
		Milieus:    []model.MilieuLevel{{Milieu: model.MilieuWhitePower, Presence: 2, Activity: 3, Trend: model.TrendRising}},
		Judgements: []model.Judgement{{Text: "Rekryteringen *ökar* [länk](x)", Likelihood: model.Likelihood("likely")}},
		ApprovedBy: "Anna Ek", Published: time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC)}
	pic.ID, pic.TLP = "01K00000000000000000000X01", model.TLPAmber
	st.Add(pic)
	return st
}

// harness drives the screen directly, running its commands at once and
// playing the App's part for meeting mode.
type harness struct {
	t      *testing.T
	com    *common.Common
	scr    *Model
	st     *fake.Store
	errs   []string
	status []string
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
	case common.SavedMsg:
		return
	case common.MeetingModeMsg:
		h.com.MeetingMode = msg.On
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

func (h *harness) meeting(id model.ID) *model.Meeting {
	h.t.Helper()
	r, err := h.st.Get(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return r.(*model.Meeting)
}

// openCurrent opens the detail of the current meeting (the newest).
func (h *harness) openCurrent() {
	h.t.Helper()
	h.keys("g", "enter")
	if h.scr.Mode() != ModeDetail || h.scr.Meeting() == nil || h.scr.Meeting().ID != idCurrent {
		h.t.Fatalf("detail of the current meeting not open:\n%s", h.screen())
	}
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

func TestGoldenScreens(t *testing.T) {
	screens := []struct {
		name string
		do   func(h *harness)
	}{
		{"meetings", func(h *harness) {}},
		{"members", func(h *harness) { h.keys("l") }},
		{"meeting", func(h *harness) { h.openCurrent() }},
		{"meeting_form_errors", func(h *harness) {
			h.keys("n", "tab")
			for range 10 {
				h.keys("backspace")
			}
			h.typeText("2026-02-30")
			h.keys("ctrl+s")
		}},
		{"member_form_errors", func(h *harness) {
			h.keys("l", "n", "tab", "tab", "tab", "tab", "tab")
			h.typeText("inte-en-adress")
			h.keys("ctrl+s")
		}},
		{"meeting_mode_opening", func(h *harness) { h.openCurrent(); h.keys("m") }},
		{"meeting_mode_new", func(h *harness) { h.openCurrent(); h.keys("m", "l") }},
		{"meeting_mode_cases", func(h *harness) { h.openCurrent(); h.keys("m", "l", "l", "l", "l") }},
		{"meeting_mode_decision", func(h *harness) {
			h.openCurrent()
			h.keys("m", "n")
			h.typeText("Samtal med rektorerna")
		}},
		{"report", func(h *harness) { h.keys("r") }},
		{"meeting_mode_leave", func(h *harness) { h.openCurrent(); h.keys("m", "l", "m") }},
		{"meeting_revealed", func(h *harness) { h.openCurrent(); h.keys("r", "j") }},
		{"meeting_mode_locked", func(h *harness) {
			h.openCurrent()
			h.keys("m", "l", "n")
			h.typeText("Samtal med rektorerna")
			h.send(common.LockMsg{Presenting: true})
			h.com.Store = nil
		}},
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

// TestItemDraftsAreKeptAndRestored: a decision or recommendation being
// written — inline in meeting mode or in the meeting's detail — is a
// draft naming its meeting; restoring it reopens the item's form on that
// meeting, waiting for the meetings to load if need be.
func TestItemDraftsAreKeptAndRestored(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCurrent()
	if _, ok := h.scr.Draft(); ok {
		t.Fatalf("a draft without a form")
	}
	// Inline, in meeting mode.
	h.keys("m", "n")
	h.typeText("Samtal med rektorerna")
	d, ok := h.scr.Draft()
	if !ok || !h.scr.Dirty() || d.Kind != model.KindMeeting || d.ID != idCurrent || d.Fields["text"] != "Samtal med rektorerna" || d.Fields["_item"] != "decision" || d.Fields["_index"] != "-1" {
		t.Fatalf("inline decision draft: %+v, %v", d, ok)
	}
	h.send(common.LockMsg{Presenting: true})
	if _, ok := h.scr.Draft(); ok || h.scr.Form() != nil {
		t.Fatalf("the form outlived the lock")
	}
	// Restored after unlocking, out of meeting mode, before the meetings
	// have loaded: it waits for them.
	h.com.MeetingMode = false
	fresh := New(h.com)
	fresh.SetSize(120, 37)
	h.scr = fresh
	h.send(common.RestoreDraftMsg{Draft: d})
	if d2, ok := h.scr.Draft(); !ok || d2.Fields["text"] != "Samtal med rektorerna" {
		t.Fatalf("a draft waiting for the load is not kept: %+v", d2)
	}
	h.run(h.scr.Init())
	f := h.scr.Form()
	if h.scr.Mode() != ModeItemForm || f == nil || f.Get("text") != "Samtal med rektorerna" || h.scr.Meeting() == nil || h.scr.Meeting().ID != idCurrent {
		t.Fatalf("the draft was not restored into the meeting's decision form (mode %v):\n%s", h.scr.Mode(), h.screen())
	}
	n := len(h.meeting(idCurrent).Decisions)
	h.keys("tab", "right", "ctrl+s")
	if got := h.meeting(idCurrent).Decisions; len(got) != n+1 || got[n].Text != "Samtal med rektorerna" {
		t.Fatalf("the restored decision was not saved: %+v (errors %v)", got, h.errs)
	}
	// An edit of a recommendation in the detail: the draft keeps its index.
	mt := h.meeting(idCurrent)
	if len(mt.Recommendations) == 0 {
		t.Skip("the sample meeting has no recommendation")
	}
	h.keys("esc")
	h.openCurrent()
	h.keys("j", "enter")
	h.typeText(" (ändrad)")
	d, ok = h.scr.Draft()
	if !ok || d.Fields["_item"] != "recommendation" || d.Fields["_index"] != "0" || d.Fields["text"] != mt.Recommendations[0].Text+" (ändrad)" {
		t.Fatalf("recommendation edit draft: %+v", d)
	}
	h.keys("esc")
	h.send(common.RestoreDraftMsg{Draft: d})
	if f := h.scr.Form(); f == nil || f.Get("text") != mt.Recommendations[0].Text+" (ändrad)" {
		t.Fatalf("recommendation draft not restored")
	}
	h.keys("ctrl+s")
	if got := h.meeting(idCurrent).Recommendations; len(got) != len(mt.Recommendations) || got[0].Text != mt.Recommendations[0].Text+" (ändrad)" {
		t.Errorf("the restored edit did not replace recommendation 0: %+v", got)
	}
	// A draft whose meeting is gone says so, with its text.
	d.ID = "01KZZZZZZZZZZZZZZZZZZZZZZZ" // a well-formed ID of no meeting
	h.errs = nil
	h.send(common.RestoreDraftMsg{Draft: d})
	if len(h.errs) != 1 || !strings.Contains(h.errs[0], "(ändrad)") {
		t.Errorf("a draft for a deleted meeting: errors %v", h.errs)
	}
}

// TestMeetingModeHidesFreeTextNamingACase: a case's pseudonym or title
// typed into free text that is otherwise fit for the projector — an
// observation's summary, a measure's title, a decision or recommendation
// of the meeting itself — hides that text in meeting mode (it is counted),
// whatever its TLP, on every agenda item; outside meeting mode the
// meeting's detail masks it too, until revealed.
func TestMeetingModeHidesFreeTextNamingACase(t *testing.T) {
	st := sampleStore()
	o := &model.Observation{Milieu: model.MilieuWhitePower, Dimension: model.DimensionGroup, ObsKind: model.ObsActivity, Source: model.OrgPolice,
		Concern: model.ConcernModerate, Trend: model.TrendStable, Observed: d("2026-11-15"), Summary: "Sågs med ugglan vid torget"}
	o.ID, o.TLP, o.Created = "01K0000000000000000000X001", model.TLPGreen, fixedNow.Add(-24*time.Hour)
	x := &model.Measure{Title: "Samtal med Storgatan-gruppen", Tier: model.TierSpecific, Type: model.MeasureDialogue, Status: model.StatusOngoing,
		Org: model.OrgSchool, Start: d("2026-09-01"), NextFollowUp: d("2026-11-18")}
	x.ID, x.TLP = "01K0000000000000000000X002", model.TLPClear
	st.Add(o, x)
	h := newHarness(t, 120, 40, st)
	h.openCurrent()
	h.keys("n")
	h.typeText("Kråkan erbjuds stödperson")
	h.keys("tab", "right", "ctrl+s")
	if h.scr.Meeting() == nil || len(h.meeting(idCurrent).Decisions) == 0 {
		t.Fatalf("decision not saved: %v", h.errs)
	}
	// Outside meeting mode the detail masks the decision until revealed.
	if s := h.screen(); strings.Contains(s, "Kråkan erbjuds") || !strings.Contains(s, "dold") {
		t.Fatalf("the detail does not mask the decision outside meeting mode:\n%s", s)
	}
	h.keys("r", "j")
	if s := h.screen(); !strings.Contains(s, "Kråkan erbjuds") {
		t.Fatalf("the reveal does not show the decision:\n%s", s)
	}
	h.keys("m")
	if !h.com.MeetingMode {
		t.Fatalf("not in meeting mode")
	}
	_, n := h.scr.PresentationItem()
	var all strings.Builder
	for range n {
		s := h.screen()
		all.WriteString(s)
		for _, secret := range []string{"ugglan", "Ugglan", "Storgatan", "Kråkan", "Falken"} {
			if strings.Contains(s, secret) {
				t.Errorf("%q on screen in meeting mode:\n%s", secret, s)
			}
		}
		h.keys("l")
	}
	if !strings.Contains(all.String(), "dolda") {
		t.Errorf("the hidden texts are not counted")
	}
}
