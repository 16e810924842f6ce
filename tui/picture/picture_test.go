package picture

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
)

var now = time.Date(2026, 11, 20, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return now }

// sampleObs returns n observations of white power milieu, the first one
// acute, each with a distinct summary.
func sampleObs(n int) []*model.Observation {
	out := make([]*model.Observation, n)
	for i := range out {
		o := &model.Observation{Milieu: model.MilieuWhitePower, Dimension: model.DimensionSituation, ObsKind: model.ObsActivity,
			Area: "Norrbacka", Source: model.OrgPolice, Concern: model.ConcernLow, Trend: model.TrendStable,
			Observed: model.NewDate(2026, 11, 1+i%19), Summary: fmt.Sprintf("Uppgift nummer %d", i)}
		if i == 0 {
			o.Concern = model.ConcernAcute
		}
		o.ID = model.ID(fmt.Sprintf("01KABCDEFGHJKMNPQRSTV%05d", i+1))
		o.TLP = model.TLPAmber
		o.Created = now.Add(-time.Duration(i) * time.Minute)
		out[i] = o
	}
	return out
}

// gatedStore is a store whose scan of observations pauses: after pause
// records it sleeps (so a chunk is due), and after hold records it waits
// until release is closed.
type gatedStore struct {
	*fake.Store
	pause, hold int
	release     chan struct{}
	scans       atomic.Int32
}

func (g *gatedStore) Scan(ctx context.Context, kind model.Kind, fn func(model.Record) error) error {
	if kind != model.KindObservation {
		return g.Store.Scan(ctx, kind, fn)
	}
	g.scans.Add(1)
	n := 0
	return g.Store.Scan(ctx, kind, func(r model.Record) error {
		n++
		if n == g.pause {
			time.Sleep(chunkEvery + 50*time.Millisecond)
		}
		if n == g.hold {
			select {
			case <-g.release:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return fn(r)
	})
}

func newScreen(st common.Store, w, h int) *Model {
	com := &common.Common{Width: w, Height: h, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(model.English),
		Lang: model.English, Now: clock, Store: st}
	m := New(com)
	m.SetSize(w, h)
	return m
}

// run runs cmd and feeds what it answers back to m, recursively, like
// the Bubble Tea loop; commands still running after wait are left.
func run(m *Model, cmd tea.Cmd, wait time.Duration) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(wait):
		return
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			run(m, c, wait)
		}
	default:
		_, next := m.Update(msg)
		run(m, next, wait)
	}
}

func screen(m *Model) string { return ansi.Strip(m.View()) }

// TestLoadShowsPartialCountsAsPartial loads observations in chunks: while
// the load is under way the overview and the list say their counts are
// incomplete, never showing them as the count of the vault; when it is
// done they show every observation as complete. A picture cannot be
// compiled from part of them.
func TestLoadShowsPartialCountsAsPartial(t *testing.T) {
	st := fake.New(clock)
	for _, o := range sampleObs(1000) {
		st.Add(o)
	}
	g := &gatedStore{Store: st, pause: 200, hold: 600, release: make(chan struct{})}
	m := newScreen(g, 120, 40)
	_, cmd := m.Update(common.ReloadMsg{})
	if s := screen(m); !strings.Contains(s, "loading … 0 observations so far, counts incomplete") {
		t.Fatalf("before any data the overview does not say it is loading:\n%s", s)
	}
	// The first chunk comes while the scan waits at record 600.
	msg := cmd()
	first, ok := msg.(loadedMsg)
	if !ok || first.done || len(first.obs) == 0 || len(first.obs) >= 600 {
		t.Fatalf("first message %T done=%v with %d observations, want a partial chunk", msg, first.done, len(first.obs))
	}
	_, more := m.Update(first)
	s := screen(m)
	want := fmt.Sprintf("loading … %d observations so far, counts incomplete", len(first.obs))
	if !strings.Contains(s, want) || strings.Contains(s, fmt.Sprintf("– %d observations", len(first.obs))) {
		t.Fatalf("partial overview does not say it is partial (want %q):\n%s", want, s)
	}
	// The list while loading says so too.
	m.Update(tea.KeyPressMsg{Code: 'f', Text: "f"})
	if s := screen(m); !strings.Contains(s, fmt.Sprintf("%d of %d observations", len(first.obs), len(first.obs))) || !strings.Contains(s, "the list is incomplete") {
		t.Fatalf("partial list does not say it is incomplete:\n%s", s)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	// Compiling a picture now would count part of the observations.
	m.Update(tea.KeyPressMsg{Code: 'p', Text: "p"})
	m.Update(tea.KeyPressMsg{Code: 'c', Text: "c"})
	_, c := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if c == nil {
		t.Fatal("compiling while loading neither refused nor did anything")
	}
	if st, ok := c().(common.StatusMsg); !ok || !strings.Contains(st.Text, "still loading") {
		t.Fatalf("compiling while loading: got %#v, want the still-loading notice", c())
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	close(g.release)
	run(m, more, 5*time.Second)
	s = screen(m)
	if !strings.Contains(s, "Situational picture – 1000 observations") || strings.Contains(s, "incomplete") {
		t.Fatalf("complete overview not shown as complete:\n%s", s)
	}
	if m.ov.Total != 1000 || m.ov.Cells[0][0].Count+m.ov.RowTotals[0] == 0 {
		t.Errorf("overview counts %d observations, want 1000", m.ov.Total)
	}
	m.Update(tea.KeyPressMsg{Code: 'f', Text: "f"})
	if s := screen(m); !strings.Contains(s, "1000 of 1000 observations") || strings.Contains(s, "incomplete") {
		t.Fatalf("complete list:\n%s", s)
	}
	if n := len(m.Rows()); n != 1000 {
		t.Errorf("list has %d rows, want 1000", n)
	}
}

// TestLockStopsLoad: locking while a load is under way drops what was
// read and ends the scan; a late chunk of it is ignored.
func TestLockStopsLoad(t *testing.T) {
	st := fake.New(clock)
	for _, o := range sampleObs(500) {
		st.Add(o)
	}
	g := &gatedStore{Store: st, pause: 150, hold: 300, release: make(chan struct{})}
	m := newScreen(g, 80, 24)
	_, cmd := m.Update(common.ReloadMsg{})
	first := cmd().(loadedMsg)
	m.Update(first)
	m.Update(common.LockMsg{})
	if s := screen(m); strings.Contains(s, "observations") {
		t.Fatalf("locked screen still shows data:\n%s", s)
	}
	m.Update(first) // a chunk of the stopped load arriving late
	if len(m.ix.Obs) != 0 || m.loaded {
		t.Fatalf("a chunk of the stopped load was taken in: %d observations", len(m.ix.Obs))
	}
}

// TestOtherScreensChangesReachThePicture: changes saved elsewhere reach
// the situational picture: an observation saved by another screen is
// listed, a purge (a change of many records) reloads everything, a new
// weekly meeting moves "new since the weekly meeting".
func TestOtherScreensChangesReachThePicture(t *testing.T) {
	st := fake.New(clock)
	obs := sampleObs(5)
	for _, o := range obs {
		st.Add(o)
	}
	m := newScreen(st, 120, 40)
	_, cmd := m.Update(common.ReloadMsg{})
	run(m, cmd, time.Second)
	if !strings.Contains(screen(m), "– 5 observations") {
		t.Fatalf("not loaded:\n%s", screen(m))
	}
	ctx := context.Background()

	// Another screen saves an observation.
	o := &model.Observation{Milieu: model.MilieuAutonomous, Dimension: model.DimensionGroup, ObsKind: model.ObsIncident, Area: "Gläntan",
		Source: model.OrgSchool, Concern: model.ConcernHigh, Trend: model.TrendRising, Observed: model.NewDate(2026, 11, 19), Summary: "Från ett möte"}
	o.TLP = model.TLPAmber
	r, err := st.Put(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	_, cmd = m.Update(common.SavedMsg{At: now, Record: r})
	run(m, cmd, time.Second)
	if !strings.Contains(screen(m), "– 6 observations") || m.find(r.(*model.Observation).ID) == nil {
		t.Fatalf("observation saved elsewhere not taken in:\n%s", screen(m))
	}

	// A purge elsewhere erased two observations: the screen reloads.
	for _, x := range obs[:2] {
		if err := st.Delete(ctx, x.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, cmd = m.Update(common.SavedMsg{At: now, Deleted: true})
	run(m, cmd, time.Second)
	if s := screen(m); !strings.Contains(s, "– 4 observations") || m.find(obs[0].ID) != nil {
		t.Fatalf("purge elsewhere not taken in:\n%s", s)
	}

	// A weekly meeting saved on the Samverkan screen.
	mt := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: model.NewDate(2026, 11, 19), Title: "Vecka 47"}
	mt.TLP = model.TLPAmber
	mr, err := st.Put(ctx, mt)
	if err != nil {
		t.Fatal(err)
	}
	_, cmd = m.Update(common.SavedMsg{At: now, Record: mr})
	run(m, cmd, time.Second)
	if s := screen(m); !strings.Contains(s, "since the weekly meeting 2026-11-19") {
		t.Fatalf("new weekly meeting not taken in:\n%s", s)
	}
	// The meeting screen's own notice of the last weekly meeting.
	m.Update(common.LastMeetingMsg{At: time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)})
	if s := screen(m); !strings.Contains(s, "since the weekly meeting 2026-11-10") {
		t.Fatalf("LastMeetingMsg not taken in:\n%s", s)
	}
}

// TestPasteIntoForm: a bracketed paste lands in the text field in focus,
// through the sanitiser: escape sequences and controls go, newlines stay
// only in the multi-line summary; a choice field ignores it.
func TestPasteIntoForm(t *testing.T) {
	m := newScreen(fake.New(clock), 120, 40)
	m.SetData(sampleObs(3))
	m.Update(tea.KeyPressMsg{Code: 'n', Text: "n"})
	if m.Mode() != ModeForm {
		t.Fatal("no form")
	}
	f := m.form
	milieu := f.fields[0].choice
	m.Paste("left_wing\n")
	if f.fields[0].choice != milieu || f.dirty {
		t.Errorf("a paste changed a choice field")
	}
	f.focus = 3 // area: one line
	m.Paste("Norr\r\nbacka\x1b[31m\tröd\x1b[0m\n")
	if got := f.byName("area").text(); got != "Norr backa röd" {
		t.Errorf("area after paste = %q, want %q", got, "Norr backa röd")
	}
	f.focus = len(f.fields) - 1 // summary: multi-line
	m.Paste("rad ett\r\nrad två\x1b]52;c;aGVq\x07\u0085\x1b[2J\rrad tre")
	if got := f.byName("summary").text(); got != "rad ett\nrad två\nrad tre" {
		t.Errorf("summary after paste = %q", got)
	}
	if !f.dirty {
		t.Error("form not dirty after a paste")
	}
	if s := m.View(); strings.Contains(s, "\x1b]52") || strings.Contains(s, "\x1b[2J") {
		t.Errorf("pasted escape sequence reached the view: %q", s)
	}
	// The search line takes a paste on one line and filters at once.
	m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	m.Update(tea.KeyPressMsg{Code: 'y', Text: "y"}) // discard
	m.Update(common.SearchMsg{})
	m.Paste("nummer 2\n")
	if n := len(m.Rows()); n != 1 || string(m.filterText) != "nummer 2" {
		t.Errorf("search paste: filter %q, %d rows, want 1", string(m.filterText), n)
	}
}

// TestDraftWaitsForTheLoad: a draft restored while the observations are
// still loading opens once the record it edits has been read, as an edit
// of that record (not a new one).
func TestDraftWaitsForTheLoad(t *testing.T) {
	st := fake.New(clock)
	obs := sampleObs(600)
	for _, o := range obs {
		st.Add(o)
	}
	g := &gatedStore{Store: st, pause: 150, hold: 300, release: make(chan struct{})}
	m := newScreen(g, 120, 40)
	_, cmd := m.Update(common.ReloadMsg{})
	first := cmd().(loadedMsg)
	_, more := m.Update(first)
	target := obs[550] // not read yet
	m.Update(common.RestoreDraftMsg{Draft: common.Draft{Screen: "picture", Kind: model.KindObservation, ID: target.ID,
		Fields: map[string]string{"summary": "Ändrad text"}}})
	if m.Mode() == ModeForm {
		t.Fatal("the draft opened before its record was read")
	}
	close(g.release)
	run(m, more, 5*time.Second)
	if m.Mode() != ModeForm || m.form == nil || m.form.obs.ID != target.ID {
		t.Fatalf("draft not opened as an edit of %s (mode %v)", target.ID, m.Mode())
	}
	if got := m.form.byName("summary").text(); got != "Ändrad text" {
		t.Errorf("draft summary = %q", got)
	}
}

// TestRowsFollowLanguageAndTheme: the list's cached rows are drawn anew
// when the language or the theme changes, not only the width.
func TestRowsFollowLanguageAndTheme(t *testing.T) {
	m := newScreen(fake.New(clock), 120, 40)
	m.SetData(sampleObs(3))
	m.Update(tea.KeyPressMsg{Code: 'f', Text: "f"})
	if s := screen(m); !strings.Contains(s, "White-power") {
		t.Fatalf("English list:\n%s", s)
	}
	m.com.Lang = model.Swedish
	m.com.KeyMap = common.NewKeyMap(model.Swedish)
	if s := screen(m); strings.Contains(s, "White-power") {
		t.Fatalf("after switching to Swedish the rows are still English:\n%s", s)
	}
	old := m.row(m.ix.Obs[0]).styled
	m.com.Styles = common.NewStyles(false)
	if m.row(m.ix.Obs[0]).styled == old && m.com.Styles.Concern[3].Render("x") != common.NewStyles(true).Concern[3].Render("x") {
		t.Error("after a theme change the acute row keeps the old theme's style")
	}
}

// TestSearchSaysIndividualLevelIsLeftOut: a text search never matches
// individual-level observations (R2), and says so — with the count of
// those in the filter's scope — instead of a bare "no matches". What it
// shows does not depend on whether they would have matched: a query
// found only in their summaries and a query found nowhere give the same
// screen, so the notice is no search of them.
func TestSearchSaysIndividualLevelIsLeftOut(t *testing.T) {
	obs := sampleObs(3)
	for i, s := range []string{"Falken sprider propaganda", "Falken hotar en lärare"} {
		o := &model.Observation{Milieu: model.MilieuUnclear, Dimension: model.DimensionIndividual, ObsKind: model.ObsIncident,
			Area: "Norrbacka", Source: model.OrgSchool, Concern: model.ConcernHigh, Trend: model.TrendUnknown,
			Observed: model.NewDate(2026, 11, 3), Summary: s}
		o.ID = model.ID(fmt.Sprintf("01KABCDEFGHJKMNPQRSTV9%04d", i))
		o.TLP = model.TLPRed
		obs = append(obs, o)
	}
	view := func(query string) string {
		m := newScreen(fake.New(clock), 80, 24)
		m.SetData(obs)
		m.Update(tea.KeyPressMsg{Code: 'f', Text: "f"})
		m.Update(common.SearchMsg{})
		m.Paste(query)
		// Not the filter line: it holds the query.
		return strings.Join(strings.Split(screen(m), "\n")[1:], "\n")
	}
	l := model.English
	canary, nowhere := view("Falken"), view("qqqzzz")
	if canary != nowhere {
		t.Errorf("a query found only in individual-level observations shows otherwise than one found nowhere:\n%s\n---\n%s", canary, nowhere)
	}
	if strings.Contains(canary, "Falken") || strings.Contains(canary, l.T(model.UINoMatches)) {
		t.Errorf("search shows an individual-level observation or a bare no-matches:\n%s", canary)
	}
	for _, want := range []string{l.T(model.UISearchIndividualExcluded, 2), "Individual-level observations are never searched by text (R2)"} {
		if !strings.Contains(strings.ReplaceAll(canary, "\n ", " "), want) {
			t.Errorf("search does not say %q:\n%s", want, canary)
		}
	}
	// A query that matches says it left them out too.
	if s := view("nummer"); !strings.Contains(s, l.T(model.UISearchIndividualExcluded, 2)) || !strings.Contains(s, "Uppgift nummer 1") {
		t.Errorf("a search with hits does not say what it left out:\n%s", s)
	}
	// Without a query nothing is left out and nothing is said.
	if s := view(""); strings.Contains(s, "(R2)") {
		t.Errorf("a list without a query says individual-level records were left out:\n%s", s)
	}
}

// TestFilterWithAnErrorKeepsTheKeys: enter on a filter that does not
// parse leaves the filter line open, so the keys typed next correct it
// and never act on the list (a new user's "n" opened a new observation
// and a space changed a field); ctrl+u empties the line.
func TestFilterWithAnErrorKeepsTheKeys(t *testing.T) {
	m := newScreen(fake.New(clock), 80, 24)
	m.SetData(sampleObs(3))
	m.Update(tea.KeyPressMsg{Code: 'f', Text: "f"})
	m.Update(common.SearchMsg{})
	m.Paste("dim:nonsense")
	m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.filterErr == "" {
		t.Fatal("the bad filter was taken")
	}
	for _, k := range "n s" {
		m.Update(tea.KeyPressMsg{Code: k, Text: string(k)})
	}
	if m.mode != ModeList || !strings.HasSuffix(string(m.filterText), "n s") {
		t.Fatalf("keys after a bad filter acted as commands: mode %v, filter %q", m.mode, string(m.filterText))
	}
	m.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	if len(m.filterText) != 0 {
		t.Fatalf("ctrl+u left %q", string(m.filterText))
	}
}

// TestIndividualCellListSaysWhy: the list under an individual-level cell
// of the overview is empty by rule (R2), and says so in the list itself,
// not a bare "no matches" under a count of observations.
func TestIndividualCellListSaysWhy(t *testing.T) {
	m := newScreen(fake.New(clock), 80, 24)
	var f Filter
	f.Milieus = []model.Milieu{model.MilieuWhitePower}
	f.Dimensions = []model.Dimension{model.DimensionIndividual}
	m.SetData(sampleObs(3))
	m.filter = f
	m.applyFilter()
	m.mode = ModeList
	s := strings.ReplaceAll(screen(m), "\n ", " ")
	if !strings.Contains(s, "(R2)") || strings.Contains(s, model.English.T(model.UINoMatches)) {
		t.Fatalf("the list of an individual-level cell does not say why it is empty:\n%s", screen(m))
	}
}
