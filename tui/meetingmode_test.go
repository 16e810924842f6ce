package tui

import (
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
)

// meetingSecrets must never be on screen in meeting mode.
var meetingSecrets = []string{"Falken", "RÖDHEMLIG", "Individärende"}

// movableClock is a clock tests can move forward.
type movableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movableClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movableClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func meetingStore(now func() time.Time) *fake.Store {
	st := fake.New(now)
	d := model.NewDate
	c := &model.Case{Subject: model.SubjectIndividual, Pseudonym: "Falken", Priority: model.PriorityAcute, Status: model.CaseIntervention,
		Opened: d(2026, 10, 2), Intake: model.IntakeSchool, Handler: model.OrgSocialServices, LegalBasis: "SoL",
		Concern: model.ConcernStatement{Text: "Oro", Level: model.ConcernHigh}}
	c.ID, c.TLP = "01KMMMMMMMMMMMMMMMMMMMMC01", model.TLPRed
	o1 := &model.Observation{Milieu: model.MilieuWhitePower, Dimension: model.DimensionGroup, ObsKind: model.ObsActivity, Source: model.OrgPolice,
		Concern: model.ConcernHigh, Trend: model.TrendRising, Observed: d(2026, 11, 12), Summary: "RÖDHEMLIG uppgift"}
	o1.ID, o1.TLP, o1.Created = "01KMMMMMMMMMMMMMMMMMMMMO01", model.TLPRed, fixedNow.Add(-48*time.Hour)
	o2 := &model.Observation{Milieu: model.MilieuWhitePower, Dimension: model.DimensionIndividual, ObsKind: model.ObsActivity, Source: model.OrgSocialServices,
		Concern: model.ConcernAcute, Trend: model.TrendRising, Observed: d(2026, 11, 13), Summary: "Individärende om Falken", Cases: []model.ID{c.ID}}
	o2.ID, o2.TLP, o2.Created = "01KMMMMMMMMMMMMMMMMMMMMO02", model.TLPAmber, fixedNow.Add(-24*time.Hour)
	o3 := &model.Observation{Milieu: model.MilieuAutonomous, Dimension: model.DimensionSituation, ObsKind: model.ObsIncident, Source: model.OrgSchool,
		Concern: model.ConcernModerate, Trend: model.TrendStable, Observed: d(2026, 11, 14), Summary: "Klotter vid skolan"}
	o3.ID, o3.TLP, o3.Created = "01KMMMMMMMMMMMMMMMMMMMMO03", model.TLPAmber, fixedNow.Add(-12*time.Hour)
	mt := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: d(2026, 11, 20), Title: "Veckomöte"}
	mt.ID, mt.TLP = "01KMMMMMMMMMMMMMMMMMMMMT01", model.TLPAmber
	st.Add(c, o1, o2, o3, mt)
	return st
}

func meetingHarness(t *testing.T, w, h int) (*harness, *movableClock, *fake.Store) {
	t.Helper()
	clk := &movableClock{t: fixedNow}
	st := meetingStore(clk.now)
	op := &testOpener{st: st, exists: true}
	app := NewApp(op, Credentials{}, model.English, time.Minute, clk.now)
	hs := &harness{t: t, app: app, op: op}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.unlock()
	hs.keys("4", "enter", "m")
	if !app.com.MeetingMode {
		t.Fatalf("not in meeting mode:\n%s", hs.screen())
	}
	return hs, clk, st
}

func assertNoMeetingSecrets(t *testing.T, what, s string) {
	t.Helper()
	for _, x := range meetingSecrets {
		if strings.Contains(s, x) {
			t.Errorf("%s: %q on screen in meeting mode:\n%s", what, x, s)
		}
	}
}

// TestMeetingModeMasksOnEveryTab tries every way to reach another tab or
// a record while in meeting mode and asserts that nothing but the masked
// presentation is ever drawn.
func TestMeetingModeMasksOnEveryTab(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		h, _, _ := meetingHarness(t, size[0], size[1])
		if s := h.screen(); !strings.Contains(s, "MEETING MODE") {
			t.Fatalf("status bar lacks MEETING MODE:\n%s", s)
		}
		tries := []func(){
			func() { h.keys("1") }, func() { h.keys("2") }, func() { h.keys("3") }, func() { h.keys("5") }, func() { h.keys("6") },
			func() { h.keys("tab") },
			func() { h.send(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}) },
			func() { h.keys(":"); h.typeText("01KMMMMMMMMMMMMMMMMMMMMO01"); h.keys("enter") },
			func() { h.keys("/") },
			func() { h.keys("?"); h.keys("?") },
			func() { h.send(common.SwitchTabMsg{Tab: common.TabPicture}) },
			func() { h.send(common.SwitchTabMsg{Tab: common.TabCases}) },
			func() { h.send(common.OpenRecordMsg{ID: "01KMMMMMMMMMMMMMMMMMMMMC01"}) },
			func() { h.keys("l", "l", "l", "l", "l", "l") },
			func() { h.keys("h", "h", "h") },
		}
		for i, try := range tries {
			try()
			assertNoMeetingSecrets(t, "try "+string(rune('a'+i)), h.screen())
			if !h.app.com.MeetingMode || h.app.shownTab() != common.TabMeetings {
				t.Fatalf("try %d left meeting mode or the Samverkan screen", i)
			}
		}
		// Leaving meeting mode brings the other tabs back.
		h.keys("m", "1")
		if h.app.com.MeetingMode || h.app.active != common.TabPicture {
			t.Errorf("after leaving meeting mode: mode %v, tab %v", h.app.com.MeetingMode, h.app.active)
		}
		if strings.Contains(h.screen(), "MEETING MODE") {
			t.Errorf("status bar still says MEETING MODE")
		}
	}
}

// TestIdleLockInMeetingModeAsksPassphraseToLeave: the idle lock closes the
// vault but keeps the masked presentation on the projector; leaving
// meeting mode then asks for the passphrase and returns to Samverkan.
func TestIdleLockInMeetingModeAsksPassphraseToLeave(t *testing.T) {
	h, clk, st := meetingHarness(t, 80, 24)
	h.keys("l")
	clk.add(2 * time.Minute)
	h.send(tickMsg{gen: h.app.tickGen})
	if !st.Closed() {
		t.Fatalf("the vault was not closed by the idle lock")
	}
	if h.app.com.Store != nil {
		t.Fatalf("the store is still reachable after the lock")
	}
	s := h.screen()
	if !strings.Contains(s, "MEETING MODE") || !strings.Contains(s, "vault locked") || !strings.Contains(s, "N E W") {
		t.Fatalf("presentation not kept after the idle lock:\n%s", s)
	}
	assertNoMeetingSecrets(t, "locked", s)
	// Stepping still works; other tabs still do not.
	h.keys("l", "2", "tab")
	assertNoMeetingSecrets(t, "locked, keys", h.screen())
	if !h.app.com.MeetingMode || h.app.shownTab() != common.TabMeetings {
		t.Fatalf("left the presentation while locked")
	}
	// Leaving asks for the passphrase.
	h.keys("m")
	if h.app.unlocked || h.app.com.MeetingMode {
		t.Fatalf("left meeting mode without the passphrase")
	}
	if s := h.screen(); !strings.Contains(s, "passphrase") {
		t.Fatalf("no passphrase prompt:\n%s", s)
	}
	h.unlock()
	if h.app.com.MeetingMode || h.app.active != common.TabMeetings {
		t.Errorf("after unlocking: meeting mode %v, tab %v", h.app.com.MeetingMode, h.app.active)
	}
	if s := h.screen(); !strings.Contains(s, "Veckomöte") {
		t.Errorf("not back at the meeting:\n%s", s)
	}
}

// TestQuitWhileLockedInMeetingMode quits cleanly without a store.
func TestQuitWhileLockedInMeetingMode(t *testing.T) {
	h, clk, _ := meetingHarness(t, 80, 24)
	clk.add(2 * time.Minute)
	h.send(tickMsg{gen: h.app.tickGen})
	_, cmd := h.app.Update(keyMsg("q"))
	if cmd == nil || !h.app.quitting {
		t.Fatalf("q did not quit while locked in meeting mode")
	}
	if h.app.shutdown() == nil {
		t.Errorf("shutdown while locked returned no command")
	}
}
