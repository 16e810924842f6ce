package meetings

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

func TestCreateWeeklyMeetingGeneratesAgendaAndRecordsLastMeeting(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("n") // weekly meeting, today, by default
	h.keys("tab", "tab")
	h.typeText("Veckomöte v47b")
	h.keys("ctrl+s")
	if len(h.errs) > 0 {
		t.Fatalf("errors: %v", h.errs)
	}
	mt := h.scr.Meeting()
	if mt == nil || mt.ID == "" || h.scr.Mode() != ModeDetail {
		t.Fatalf("no meeting detail after saving: mode %v\n%s", h.scr.Mode(), h.screen())
	}
	stored := h.meeting(mt.ID)
	if stored.MeetingKind != model.MeetingWeeklyPolice || stored.Date != d("2026-11-17") || stored.Title != "Veckomöte v47b" {
		t.Errorf("stored meeting = %+v", stored)
	}
	// The agenda is generated: new since the previous weekly meeting
	// (2026-11-16), the measures due, the open decisions of earlier
	// meetings (including the one of 2026-11-16) and the open cases.
	s := h.screen()
	for _, want := range []string{"Nytt sedan 2026-11-17: 0 observationer", "Insatser att följa upp: 4", "Öppna beslut från tidigare möten: 3", "Öppna ärenden: 3 — endast antal"} {
		if !strings.Contains(s, want) {
			t.Errorf("agenda lacks %q:\n%s", want, s)
		}
	}
	// The last weekly meeting is recorded for the Lägesbild overview.
	b, ok, err := h.st.Setting(context.Background(), common.SettingLastMeeting)
	if err != nil || !ok {
		t.Fatalf("last meeting setting not written: %v %v", ok, err)
	}
	if got, _ := time.Parse(time.RFC3339, string(b)); !got.Equal(time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("last meeting = %s, want the end of 2026-11-17", b)
	}
}

func TestCreateQuarterlyFollowUpHasQuarterItem(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("n", "right") // kind: quarterly follow-up
	h.keys("ctrl+s")
	mt := h.scr.Meeting()
	if mt == nil || mt.MeetingKind != model.MeetingQuarterlyFollowUp {
		t.Fatalf("meeting = %+v, errs %v", mt, h.errs)
	}
	if !strings.Contains(h.screen(), "Kvartalsuppföljning 2026Q4") {
		t.Errorf("quarterly agenda item missing:\n%s", h.screen())
	}
	h.keys("m")
	_, n := h.scr.PresentationItem()
	found := false
	for range n {
		if strings.Contains(h.screen(), "K V A R T A L S U P P F Ö L J N I N G") {
			found = true
		}
		h.keys("l")
	}
	if !found {
		t.Errorf("meeting mode has no quarterly follow-up item")
	}
	// A quarterly follow-up is not a weekly meeting: the last weekly
	// meeting stays that of 2026-11-16.
	b, _, _ := h.st.Setting(context.Background(), common.SettingLastMeeting)
	if got, _ := time.Parse(time.RFC3339, string(b)); !got.Equal(time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("last weekly meeting = %q, want the end of 2026-11-16", b)
	}
}

func TestMeetingFormRejectsBadDateAndSavesNothing(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 80, 24, st)
	before := len(st.Events())
	h.keys("n", "tab")
	for range 10 {
		h.keys("backspace")
	}
	h.typeText("2026-02-30")
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeMeetingForm {
		t.Fatalf("form closed on a bad date")
	}
	if p := h.scr.Form().Problems["date"]; p == "" {
		t.Errorf("no problem beside the date field: %v", h.scr.Form().Problems)
	}
	if len(st.Events()) != before {
		t.Errorf("an invalid form wrote to the vault")
	}
	if !h.scr.Dirty() {
		t.Errorf("an edited form is not dirty")
	}
	if dr, ok := h.scr.Draft(); !ok || dr.Kind != model.KindMeeting || dr.Fields["date"] != "2026-02-30" {
		t.Errorf("draft = %+v, %v", dr, ok)
	}
}

func TestDecisionStatusChange(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCurrent()
	h.keys("j", "j") // the recommendation, then the decision
	steps := []struct {
		key  string
		want model.DecisionStatus
	}{
		{">", model.DecisionInProgress},
		{">", model.DecisionDone},
		{".", model.DecisionCancelled},
		{">", model.DecisionOpen},
		{"<", model.DecisionCancelled},
		{",", model.DecisionDone},
	}
	for _, s := range steps {
		h.keys(s.key)
		if got := h.meeting(idCurrent).Decisions[0].Status; got != s.want {
			t.Fatalf("after %s status = %s, want %s", s.key, got, s.want)
		}
	}
	evs := h.st.Events()
	if n := len(evs); n < len(steps) || evs[n-1].Action != model.ActionUpdate || evs[n-1].Ref != idCurrent {
		t.Errorf("status changes not audited as updates")
	}
	// On a recommendation, the status keys do nothing but say so.
	h.keys("k")
	before := h.meeting(idCurrent).Version
	h.keys(">")
	if h.meeting(idCurrent).Version != before {
		t.Errorf("> on a recommendation changed the meeting")
	}
	if len(h.status) == 0 {
		t.Errorf("no notice that a decision must be selected")
	}
	if NextDecisionStatus(model.DecisionCancelled) != model.DecisionOpen {
		t.Errorf("the status cycle does not wrap")
	}
}

func TestRecommendationsKeptApartFromDecisions(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCurrent()
	h.keys("c")
	h.typeText("Erbjud föräldramöte")
	h.keys("ctrl+s")
	mt := h.meeting(idCurrent)
	if len(mt.Recommendations) != 2 || mt.Recommendations[1].Text != "Erbjud föräldramöte" || len(mt.Decisions) != 1 {
		t.Fatalf("recommendation not stored apart: %+v / %+v", mt.Recommendations, mt.Decisions)
	}
	// A decision without a deciding body is refused (R6) and nothing is
	// written.
	h.keys("n")
	h.typeText("Samtal med rektorerna")
	v := h.meeting(idCurrent).Version
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeItemForm || h.scr.Form().Problems["body"] == "" {
		t.Fatalf("decision without a body accepted; problems %v", h.scr.Form().Problems)
	}
	if h.meeting(idCurrent).Version != v {
		t.Fatalf("a refused decision was written")
	}
	h.keys("tab", "right") // body: the first organisation
	h.keys("tab", "tab", "tab")
	h.typeText("2026-12-24")
	h.keys("ctrl+s")
	mt = h.meeting(idCurrent)
	if len(mt.Decisions) != 2 {
		t.Fatalf("decision not stored: %+v (errs %v)", mt.Decisions, h.errs)
	}
	dc := mt.Decisions[1]
	if dc.Text != "Samtal med rektorerna" || dc.Body != model.AllOrgs()[0] || dc.Due != d("2026-12-24") || dc.Status != model.DecisionOpen {
		t.Errorf("decision = %+v", dc)
	}
	if len(mt.Recommendations) != 2 {
		t.Errorf("a decision changed the recommendations")
	}
	// Removing an item asks first.
	h.keys("x")
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("x did not ask")
	}
	h.keys("n")
	if len(h.meeting(idCurrent).Decisions) != 2 {
		t.Fatalf("answering n removed the decision")
	}
	h.keys("x", "y")
	if got := h.meeting(idCurrent).Decisions; len(got) != 1 {
		t.Fatalf("decision not removed: %+v", got)
	}
}

func TestAttendeesChosenFromMembers(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCurrent()
	h.keys("a")
	if h.scr.Mode() != ModeAttendees {
		t.Fatalf("a did not open the attendee picker")
	}
	h.keys("space")       // Anna Ek off
	h.keys("j", "j", "j") // David Sund (inactive, last)
	h.keys("space", "ctrl+s")
	var got []model.ID
	for _, a := range h.meeting(idCurrent).Attendees {
		got = append(got, a.Member)
	}
	want := []model.ID{"01K00000000000000000000P02", "01K00000000000000000000P03", "01K00000000000000000000P04"}
	if strings.Join(ids(got), ",") != strings.Join(ids(want), ",") {
		t.Errorf("attendees = %v, want %v", got, want)
	}
}

func ids(xs []model.ID) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func TestMemberFormValidatesAndToggles(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 80, 24, st)
	h.keys("l", "n")
	h.typeText("Eva Berg")
	h.keys("tab", "tab", "tab", "tab", "tab")
	h.typeText("eva@")
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeMemberForm || h.scr.Form().Problems["email"] == "" {
		t.Fatalf("invalid email accepted: %v", h.scr.Form().Problems)
	}
	h.typeText("example.se")
	h.keys("ctrl+s")
	if h.scr.Mode() != ModeMembers {
		t.Fatalf("member not saved: %v %v", h.scr.Form().Problems, h.errs)
	}
	var eva *model.Member
	_ = st.Scan(context.Background(), model.KindMember, func(r model.Record) error {
		if x := r.(*model.Member); x.Name == "Eva Berg" {
			eva = x
		}
		return nil
	})
	if eva == nil || eva.Email != "eva@example.se" || !eva.Active || eva.Role != model.RoleMember {
		t.Fatalf("stored member = %+v", eva)
	}
	// The cursor is on the new member; space makes it inactive.
	h.keys("space")
	r, _ := st.Get(context.Background(), eva.ID)
	if r.(*model.Member).Active {
		t.Errorf("space did not make the member inactive")
	}
}

func TestDeleteMeetingAsksFirst(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.keys("d")
	if h.scr.Mode() != ModeConfirm {
		t.Fatalf("d did not ask")
	}
	h.keys("esc")
	if _, err := h.st.Get(context.Background(), idCurrent); err != nil {
		t.Fatalf("esc deleted the meeting")
	}
	h.keys("d", "y")
	if _, err := h.st.Get(context.Background(), idCurrent); err == nil {
		t.Fatalf("y did not delete the meeting")
	}
}

func TestMeetingModeStepping(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCurrent()
	h.keys("m")
	if !h.com.MeetingMode {
		t.Fatalf("m did not ask for meeting mode")
	}
	i, n := h.scr.PresentationItem()
	if i != 0 || n != 7 {
		t.Fatalf("item %d of %d, want 0 of 7", i, n)
	}
	steps := []struct {
		key  string
		want int
	}{
		{"right", 1}, {"l", 2}, {"space", 3}, {"left", 2}, {"h", 1}, {"h", 0}, {"h", 0},
		{"G", 6}, {"l", 6}, {"g", 0},
	}
	for _, s := range steps {
		h.keys(s.key)
		if got, _ := h.scr.PresentationItem(); got != s.want {
			t.Fatalf("after %s item = %d, want %d", s.key, got, s.want)
		}
	}
	if !strings.Contains(h.screen(), "Punkt 1 av 7") {
		t.Errorf("item counter missing:\n%s", h.screen())
	}
	// esc never leaves meeting mode; m asks, and only yes leaves.
	h.keys("esc")
	if !h.com.MeetingMode {
		t.Fatalf("esc left meeting mode")
	}
	h.keys("m")
	if !h.com.MeetingMode || !strings.Contains(h.screen(), "Lämna mötesläget? (j/N)") {
		t.Fatalf("m did not ask before leaving:\n%s", h.screen())
	}
	h.keys("n")
	if !h.com.MeetingMode || strings.Contains(h.screen(), "Lämna mötesläget?") || h.scr.Capturing() {
		t.Fatalf("n did not stay in meeting mode, or opened a form:\n%s", h.screen())
	}
	h.keys("m", "esc")
	if !h.com.MeetingMode {
		t.Fatalf("m, esc left meeting mode")
	}
	h.keys("m", "j")
	if h.com.MeetingMode {
		t.Errorf("m, j did not leave meeting mode")
	}
	if h.scr.Mode() != ModeMeetings {
		t.Errorf("after meeting mode the screen is in mode %v, want the list of meetings", h.scr.Mode())
	}
}

func TestMeetingModeInlineDecision(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCurrent()
	h.keys("m", "n")
	if !h.scr.Capturing() {
		t.Fatalf("the inline form does not capture keys")
	}
	h.typeText("Samtal med rektorerna")
	h.keys("enter", "right", "enter")
	h.typeText("Kultur- och fritidsnämnden")
	h.keys("enter")
	h.typeText("Fritidschef")
	h.keys("ctrl+s")
	if len(h.errs) > 0 {
		t.Fatalf("errors: %v", h.errs)
	}
	dcs := h.meeting(idCurrent).Decisions
	if len(dcs) != 2 || dcs[1].Text != "Samtal med rektorerna" || dcs[1].Responsible != "Fritidschef" || dcs[1].Body == "" {
		t.Fatalf("inline decision not stored: %+v", dcs)
	}
	if h.scr.Capturing() {
		t.Errorf("form still open after saving")
	}
	if !strings.Contains(h.screen(), "Samtal med rektorerna") {
		t.Errorf("the new decision is not on the decisions item:\n%s", h.screen())
	}
	if i, n := h.scr.PresentationItem(); i != n-1 {
		t.Errorf("not on the decisions item after saving: %d of %d", i, n)
	}
}

// TestMeetingModeMasks steps through every item of meeting mode at both
// sizes, with and without the inline form, and asserts that no case
// pseudonym or title, no text about an individual and nothing marked
// TLP:RED is ever on screen.
func TestMeetingModeMasks(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {300, 100}} {
		h := newHarness(t, size[0], size[1], sampleStore())
		h.openCurrent()
		h.keys("m")
		_, n := h.scr.PresentationItem()
		var all strings.Builder
		for range n + 1 {
			all.WriteString(h.screen())
			h.keys("l")
		}
		for _, k := range []string{"r", "1", "2", "3", "tab", "enter", "e", "a", "d", "x", "j", "k", "h", "c"} {
			h.keys(k)
			all.WriteString(h.screen())
			if h.scr.Capturing() {
				h.keys("esc")
			}
		}
		s := all.String()
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("%dx%d: %q on screen in meeting mode", size[0], size[1], secret)
			}
		}
		if !strings.Contains(s, "dolda") {
			t.Errorf("%dx%d: masked items not counted", size[0], size[1])
		}
	}
}

func TestMeetingModeOfRedMeetingShowsNoText(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("G", "m") // the oldest meeting: TLP:RED
	if !h.com.MeetingMode {
		t.Fatalf("no meeting mode")
	}
	var all strings.Builder
	for range 8 {
		all.WriteString(h.screen())
		h.keys("l")
	}
	h.keys("n")
	if h.scr.Capturing() {
		t.Errorf("decisions can be typed on the projector in a TLP:RED meeting")
	}
	if strings.Contains(all.String(), "RÖDHEMLIG") || strings.Contains(all.String(), "Krismöte") {
		t.Errorf("TLP:RED meeting text in meeting mode:\n%s", all.String())
	}
}

func TestVaultLockInMeetingModeKeepsOnlyMaskedPresentation(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCurrent()
	h.keys("m", "l")
	h.com.Store = nil
	h.send(common.LockMsg{Presenting: true})
	s := h.screen()
	if !strings.Contains(s, "N Y T T") || !strings.Contains(s, "lösenfrasen") {
		t.Fatalf("presentation not kept with a notice after the lock:\n%s", s)
	}
	h.keys("l")
	if i, _ := h.scr.PresentationItem(); i != 2 {
		t.Errorf("cannot step after the lock: item %d", i)
	}
	h.keys("n")
	if h.scr.Capturing() {
		t.Errorf("a decision form opened with the vault locked")
	}
	if h.scr.Meeting() != nil || len(h.scr.obs) != 0 || len(h.scr.cases) != 0 {
		t.Errorf("records kept after the lock")
	}
	h.keys("m", "y")
	if h.com.MeetingMode {
		t.Errorf("m, y did not ask to leave meeting mode")
	}
}

func TestLockDropsRecords(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCurrent()
	h.keys("m")
	h.com.Store = nil
	h.send(common.LockMsg{})
	if h.scr.pres != nil || h.scr.ld.Loaded() || len(h.scr.meetings) != 0 || len(h.scr.members) != 0 {
		t.Errorf("records kept after a lock")
	}
	for _, secret := range append(secrets, "Veckomöte v47", "Anna Ek") {
		if strings.Contains(h.screen(), secret) {
			t.Errorf("%q on screen after a lock", secret)
		}
	}
}

func TestQuarterOfMeeting(t *testing.T) {
	for _, c := range []struct{ day, want string }{
		{"2026-10-05", "2026Q3"}, {"2026-11-14", "2026Q3"}, {"2026-11-20", "2026Q4"}, {"2026-12-20", "2026Q4"}, {"2026-01-10", "2025Q4"},
	} {
		if got := QuarterOfMeeting(d(c.day)).String(); got != c.want {
			t.Errorf("QuarterOfMeeting(%s) = %s, want %s", c.day, got, c.want)
		}
	}
}

func TestLastWeekly(t *testing.T) {
	mk := func(k model.MeetingKind, day string) *model.Meeting {
		return &model.Meeting{MeetingKind: k, Date: d(day)}
	}
	ms := []*model.Meeting{
		mk(model.MeetingWeeklyPolice, "2026-11-09"),
		mk(model.MeetingQuarterlyFollowUp, "2026-11-15"),
		mk(model.MeetingWeeklyPolice, "2026-11-23"), // planned, after today
	}
	got := LastWeekly(ms, d("2026-11-17"), time.UTC)
	if !got.Equal(time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("LastWeekly = %v", got)
	}
	if !LastWeekly(nil, d("2026-11-17"), time.UTC).IsZero() {
		t.Errorf("LastWeekly of no meetings is not zero")
	}
}

func TestOpenRecordInMeetingModeKeepsTheMeeting(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.openCurrent()
	h.keys("m")
	h.send(common.OpenRecordMsg{ID: idRed})
	if h.scr.Meeting().ID != idCurrent {
		t.Fatalf("opening a record in meeting mode switched the meeting")
	}
	// Outside meeting mode it opens the meeting's detail.
	h.keys("m", "y")
	h.send(common.OpenRecordMsg{ID: idEarlier})
	if h.scr.Mode() != ModeDetail || h.scr.Meeting().ID != idEarlier {
		t.Errorf("open record: mode %v, meeting %v", h.scr.Mode(), h.scr.Meeting())
	}
}

func TestDraftOfMemberFormRestores(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.keys("l", "n")
	h.typeText("Fia Ström")
	dr, ok := h.scr.Draft()
	if !ok || dr.Screen != "meetings" || dr.Kind != model.KindMember || dr.Fields["name"] != "Fia Ström" {
		t.Fatalf("draft = %+v, %v", dr, ok)
	}
	// A new session: the draft comes back into the member form.
	h2 := newHarness(t, 80, 24, sampleStore())
	h2.send(common.RestoreDraftMsg{Draft: dr})
	if h2.scr.Mode() != ModeMemberForm || h2.scr.Form().Get("name") != "Fia Ström" || !h2.scr.Dirty() {
		t.Fatalf("draft not restored: mode %v", h2.scr.Mode())
	}
	h2.keys("ctrl+s")
	if h2.scr.Mode() != ModeMembers || len(h2.errs) > 0 {
		t.Errorf("restored draft not saved: %v", h2.errs)
	}
}

func TestRecordTextCannotReachTerminalRaw(t *testing.T) {
	st := sampleStore()
	evil := &model.Member{Name: "Eva\x1b]52;c;SGVq\x07 \x1b[2JBerg\u202e", Org: model.OrgPolice, Role: model.RoleMember, Active: true}
	evil.ID, evil.TLP = "01K00000000000000000000P09", model.TLPAmber
	mt := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: d("2026-11-17"), Title: "Möte\x9b2J\x1b[31m",
		Attendees: []model.Attendee{{Member: evil.ID}},
		Decisions: []model.Decision{{Text: "Beslut\x1bP+q\x1b\\", Body: model.OrgPolice, Status: model.DecisionOpen}}}
	mt.ID, mt.TLP = "01K00000000000000000000T09", model.TLPAmber
	st.Add(evil, mt)
	h := newHarness(t, 120, 40, st)
	var all strings.Builder
	all.WriteString(h.scr.View())
	h.keys("g", "enter")
	all.WriteString(h.scr.View())
	h.keys("m")
	for range 7 {
		all.WriteString(h.scr.View())
		h.keys("l")
	}
	h.keys("m", "esc", "l")
	all.WriteString(h.scr.View())
	// The raw output holds only the styles' own SGR sequences.
	raw := all.String()
	for _, bad := range []string{"\x1b]", "\x07", "\x9b", "\u202e", "\x1bP", "\x1b\\", "\x1b[2J", "\x1b[31m"} {
		if strings.Contains(raw, bad) {
			t.Errorf("%q reached the screen", bad)
		}
	}
	s := ansi.Strip(raw)
	for _, bad := range []string{"52;c", "P+q"} {
		if strings.Contains(s, bad) {
			t.Errorf("%q reached the screen", bad)
		}
	}
	if !strings.Contains(s, "Eva") || !strings.Contains(s, "Berg") {
		t.Errorf("the sanitised name is not shown")
	}
}

// A bracketed paste goes into the form's field in focus, keeping line
// ends in the multi-line minutes.
func TestPasteIntoForm(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.keys("n")
	f := h.scr.Form()
	f.FocusOn("minutes")
	h.run(h.scr.Paste("Punkt ett\r\nPunkt två\x1b[2J"))
	if got := f.Get("minutes"); got != "Punkt ett\nPunkt två" {
		t.Errorf("minutes after paste = %q", got)
	}
}
