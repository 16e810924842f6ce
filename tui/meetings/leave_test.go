package meetings

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"varn/model"
	"varn/tui/common"
)

// TestMeetingModeMoreCountsRecordsAndScrolls: an agenda item with more
// observations than fit, each wrapping over several lines, says how many
// *observations* follow ("… och N till"), not how many lines; the keys of
// the keymap (↓/j, pgdn, ↑/k, pgup) scroll it to the last one and back,
// and "↑ N ovanför" counts the observations above.
func TestMeetingModeMoreCountsRecordsAndScrolls(t *testing.T) {
	st := sampleStore()
	const n = 30
	for i := range n {
		o := &model.Observation{Milieu: model.MilieuAutonomous, Dimension: model.DimensionSituation, ObsKind: model.ObsIncident, Area: "Gläntan", Source: model.OrgSchool,
			Concern: model.ConcernModerate, Trend: model.TrendStable, Observed: d("2026-11-15"),
			Summary: fmt.Sprintf("Händelse %02d: klotter på busskuren vid skolan, ordningsvakter tillkallade och polisen underrättad om saken samma kväll", i)}
		o.ID, o.TLP = model.ID(fmt.Sprintf("01K0000000000000000000W%03d", i)), model.TLPAmber
		o.Created = time.Date(2026, 11, 15, 8, 0, i, 0, time.UTC)
		st.Add(o)
	}
	h := newHarness(t, 80, 24, st)
	h.openCurrent()
	h.keys("m", "l")
	more := regexp.MustCompile(`… och (\d+) till`)
	above := regexp.MustCompile(`(?m)^ *↑(?: (\d+) ovanför)?$`)
	record := regexp.MustCompile(`(?m)^ +2026-\d\d-\d\d  `)
	shown := func(s string) int { return len(record.FindAllString(s, -1)) }
	// The observations this item lists: the 30 and the two shown from
	// the sample (two more are hidden, counted apart).
	const listed = n + 2
	s := h.screen()
	m := more.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no \"… och N till\" on a long item:\n%s", s)
	}
	lines := strings.Count(s, "\n")
	if got, _ := strconv.Atoi(m[1]); got != listed-shown(s) {
		t.Fatalf("\"… och %d till\" with %d of %d observations shown (counting lines, not records?):\n%s", got, shown(s), listed, s)
	}
	seen := map[string]bool{}
	note := func(s string) {
		for _, x := range regexp.MustCompile(`Händelse (\d\d)`).FindAllStringSubmatch(s, -1) {
			seen[x[1]] = true
		}
	}
	note(s)
	for i := 0; more.MatchString(h.screen()); i++ {
		if i > 3*listed {
			t.Fatalf("↓ never reaches the end:\n%s", h.screen())
		}
		h.keys("j")
		s := h.screen()
		note(s)
		if strings.Count(s, "\n") != lines {
			t.Fatalf("the frame changed height while scrolling:\n%s", s)
		}
		a, b := above.FindStringSubmatch(s), more.FindStringSubmatch(s)
		if a == nil {
			t.Fatalf("scrolled, but no \"↑ N ovanför\":\n%s", s)
		}
		up, _ := strconv.Atoi(a[1]) // "↑" alone: only headings above
		down := 0
		if b != nil {
			down, _ = strconv.Atoi(b[1])
		}
		if up+shown(s)+down != listed && shown(s) > 0 {
			t.Fatalf("%d above + %d shown + %d below ≠ %d observations:\n%s", up, shown(s), down, listed, s)
		}
	}
	if len(seen) != n {
		t.Errorf("scrolling showed %d of the %d observations", len(seen), n)
	}
	if i, _ := h.scr.PresentationItem(); i != 1 {
		t.Errorf("scrolling moved to item %d", i+1)
	}
	// pgup goes back to the top, pgdn down a page at a time.
	for range listed {
		h.keys("pgup")
	}
	if above.MatchString(h.screen()) {
		t.Fatalf("pgup did not reach the top:\n%s", h.screen())
	}
	first := shown(h.screen())
	h.send(keyMsg("pgdown"))
	h.keys("k")
	if s := h.screen(); !above.MatchString(s) {
		t.Errorf("pgdown did not scroll a page:\n%s", s)
	}
	// Another item starts at its top.
	h.keys("l", "h")
	if s := h.screen(); above.MatchString(s) || shown(s) != first {
		t.Errorf("the item did not start at its top again:\n%s", s)
	}
}

// TestMeetingDetailMasksUntilRevealed: outside meeting mode the meeting's
// detail masks individual-level and TLP:RED text (counted, "r visar");
// r asks, and yes logs a reveal event before anything is shown; esc masks
// again, and so does showing the screen again.
func TestMeetingDetailMasksUntilRevealed(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCurrent()
	masked := func(what string) {
		t.Helper()
		s := h.screen()
		for _, x := range secrets {
			if strings.Contains(s, x) {
				t.Fatalf("%s: %q on the masked detail:\n%s", what, x, s)
			}
		}
		if !strings.Contains(s, "dolda (enskilda eller TLP:RED) — r visar (loggas)") {
			t.Fatalf("%s: the masked text is not counted:\n%s", what, s)
		}
	}
	masked("opened")
	reveals := func() int {
		n := 0
		for _, ev := range h.st.Events() {
			if ev.Action == model.ActionReveal {
				n++
				if ev.Kind != model.KindMeeting || ev.Ref != idCurrent {
					t.Errorf("reveal event %+v, want one for meeting %s", ev, idCurrent)
				}
			}
		}
		return n
	}
	h.keys("r")
	if !strings.Contains(h.screen(), "Det loggas i granskningsloggen") {
		t.Fatalf("r did not ask:\n%s", h.screen())
	}
	h.keys("n")
	masked("r, n")
	if reveals() != 0 || h.scr.Revealed() {
		t.Fatalf("a reveal without yes")
	}
	// Editing an item that is masked asks to reveal first.
	h.keys("e")
	if h.scr.Mode() != ModeMeetingForm {
		t.Fatalf("e on a meeting whose own text is not masked did not open the form")
	}
	h.keys("esc")
	h.keys("r", "y")
	if reveals() != 1 || !h.scr.Revealed() {
		t.Fatalf("y did not reveal with one logged event (%d)", reveals())
	}
	s := h.screen()
	for _, x := range []string{"RÖDHEMLIG", "Stödperson Falken", "Individärende"} {
		if !strings.Contains(s, x) {
			t.Errorf("the revealed detail lacks %q:\n%s", x, s)
		}
	}
	if !strings.Contains(s, "visningen är loggad") {
		t.Errorf("the revealed detail does not say so:\n%s", s)
	}
	h.keys("esc", "enter")
	masked("esc, enter")
	h.keys("r", "y")
	h.send(common.ActivateMsg{})
	masked("shown again")
	if reveals() != 2 {
		t.Errorf("%d reveal events, want 2", reveals())
	}
}

// TestRedMeetingDetailAsksBeforeEditing: a meeting marked TLP:RED shows
// no text of its own in the list or the detail; e, enter and x on it ask
// to reveal first.
func TestRedMeetingDetailAsksBeforeEditing(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	if s := h.screen(); strings.Contains(s, "RÖDHEMLIG") || !strings.Contains(s, "TLP:RED") {
		t.Fatalf("the list shows a TLP:RED meeting's title:\n%s", s)
	}
	h.keys("G", "enter")
	if h.scr.Meeting() == nil || h.scr.Meeting().ID != idRed {
		t.Fatalf("the red meeting is not open")
	}
	for _, k := range []string{"e", "x"} {
		h.keys("down", k)
		if h.scr.Mode() != ModeConfirm || !strings.Contains(h.screen(), "Det loggas i granskningsloggen") {
			t.Fatalf("%s on a masked meeting did not ask to reveal:\n%s", k, h.screen())
		}
		h.keys("n")
		if s := h.screen(); strings.Contains(s, "RÖDHEMLIG") {
			t.Fatalf("%s showed the masked text:\n%s", k, s)
		}
	}
}

// TestMeetingRevealFailsClosedWhenLogFails: when the reveal cannot be
// logged, nothing is revealed.
func TestMeetingRevealFailsClosedWhenLogFails(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.openCurrent()
	h.st.Close()
	h.keys("r", "y")
	if h.scr.Revealed() || len(h.errs) == 0 {
		t.Fatalf("revealed without a logged event (errors %v)", h.errs)
	}
	for _, x := range secrets {
		if s := h.screen(); strings.Contains(s, x) {
			t.Fatalf("%q shown although the reveal was not logged:\n%s", x, s)
		}
	}
}
