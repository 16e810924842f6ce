package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/cases"
	"varn/tui/common"
	"varn/tui/internal/fake"
	"varn/tui/picture"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var fixedNow = time.Date(2026, 11, 20, 10, 30, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// testOpener opens a fake store; the passphrase "right passphrase" works.
type testOpener struct {
	st       *fake.Store
	exists   bool
	opens    int
	prepared int // PrepareUnlock calls
}

func (o *testOpener) PrepareUnlock() { o.prepared++ }

var errWrong = errors.New("vault: wrong passphrase or not a varn vault")

func (o *testOpener) Exists() bool { return o.exists }

func (o *testOpener) Open(_ context.Context, c Credentials) (Store, error) {
	if len(c.IdentityFiles) == 0 && string(c.Passphrase) != "right passphrase" {
		return nil, errWrong
	}
	o.opens++
	o.st.Reopen()
	return o.st, nil
}

func (o *testOpener) Create(ctx context.Context, p []byte, name string) (Store, error) {
	o.exists = true
	return o.Open(ctx, Credentials{Passphrase: p})
}

func sampleStore() *fake.Store {
	st := fake.New(clock)
	d := func(y int, m time.Month, day int) model.Date { return model.NewDate(y, m, day) }
	obs := []*model.Observation{
		{Milieu: model.MilieuWhitePower, Dimension: model.DimensionGroup, ObsKind: model.ObsActivity, Area: "Norrbacka", Source: model.OrgPolice, Concern: model.ConcernHigh, Trend: model.TrendRising, Observed: d(2026, 11, 12), Summary: "Klistermärken och flygblad vid skolan"},
		{Milieu: model.MilieuAutonomous, Dimension: model.DimensionSituation, ObsKind: model.ObsIncident, Area: "Gläntan", Source: model.OrgSchool, Concern: model.ConcernModerate, Trend: model.TrendStable, Observed: d(2026, 10, 30), Summary: "Klotter med hot mot politiker"},
		{Milieu: model.MilieuViolentIslamist, Dimension: model.DimensionPhenomenon, ObsKind: model.ObsMonitoringNote, Area: "Centrum", Source: model.OrgMonitoring, Concern: model.ConcernLow, Trend: model.TrendUnknown, Observed: d(2026, 9, 3), Summary: "Propaganda i sociala medier"},
		{Milieu: model.MilieuWhitePower, Dimension: model.DimensionArea, ObsKind: model.ObsPresence, Area: "Norrbacka", Source: model.OrgPolice, Concern: model.ConcernAcute, Trend: model.TrendRising, Observed: d(2026, 11, 18), Summary: "Rekrytering utanför fritidsgården"},
	}
	for i, o := range obs {
		o.ID = model.ID(fmt.Sprintf("01KABCDEFGHJKMNPQRSTV%05d", i+1))
		o.TLP = model.TLPAmber
		o.Created = fixedNow.Add(-time.Duration(len(obs)-i) * 24 * time.Hour)
		st.Add(o)
	}
	p1 := &model.Picture{Title: "Q3", From: d(2026, 7, 1), To: d(2026, 9, 30), Milieus: []model.MilieuLevel{{Milieu: model.MilieuWhitePower, Presence: 2, Activity: 2, Trend: model.TrendStable}}, Published: fixedNow.AddDate(0, -1, 0)}
	p2 := &model.Picture{Title: "Q4", From: d(2026, 10, 1), To: d(2026, 12, 31), Milieus: []model.MilieuLevel{{Milieu: model.MilieuWhitePower, Presence: 3, Activity: 3, Trend: model.TrendRising}}, Judgements: []model.Judgement{{Text: "Rekryteringen ökar", Likelihood: model.Likelihood("likely")}}}
	p1.ID, p2.ID = "01KPXC0000000000000000000A", "01KPXC0000000000000000000B"
	st.Add(p1, p2)
	_ = st.PutSetting(context.Background(), common.SettingLastMeeting, []byte(fixedNow.AddDate(0, 0, -3).Format(time.RFC3339)))
	st.AddEvents(model.AuditEvent{Time: fixedNow.Add(-2 * time.Hour), Action: model.ActionUnlock},
		model.AuditEvent{Time: fixedNow.Add(-time.Hour), Action: model.ActionView, Kind: model.KindObservation, Ref: obs[0].ID})
	return st
}

// harness drives an App synchronously: commands run in goroutines and
// their messages are fed back; commands that do not answer within a
// short time (ticks) are dropped.
type harness struct {
	t   *testing.T
	app *App
	op  *testOpener
	// late, when set, receives the messages of commands that answered
	// after the harness stopped waiting (a load streaming in chunks);
	// drainLate feeds them to the App.
	late chan tea.Msg
}

// drainLate feeds the App the late messages that have arrived.
func (h *harness) drainLate() {
	for {
		select {
		case msg := <-h.late:
			h.send(msg)
		default:
			return
		}
	}
}

func newHarness(t *testing.T, w, h int, st *fake.Store) *harness {
	t.Helper()
	op := &testOpener{st: st, exists: true}
	app := NewApp(op, Credentials{}, model.English, time.Minute, clock)
	hs := &harness{t: t, app: app, op: op}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		h.send(msg)
	case <-time.After(50 * time.Millisecond):
		if late := h.late; late != nil {
			go func() { late <- <-ch }()
		}
	}
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
	case tea.RawMsg, tea.QuitMsg, spinner.TickMsg:
		return
	}
	if fmt.Sprintf("%T", msg) == "tea.sequenceMsg" {
		v := reflect.ValueOf(msg)
		for i := range v.Len() {
			if c, ok := v.Index(i).Interface().(tea.Cmd); ok {
				h.run(c)
			}
		}
		return
	}
	_, cmd := h.app.Update(msg)
	h.run(cmd)
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
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (h *harness) unlock() {
	h.typeText("right passphrase")
	h.keys("enter")
	if !h.app.unlocked {
		h.t.Fatalf("not unlocked; screen:\n%s", h.screen())
	}
}

func (h *harness) screen() string { return ansi.Strip(h.app.View().Content) }

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("screen %s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", name, path, got, want)
	}
}

func checkFits(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		t.Errorf("view has %d lines, more than the terminal's %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, n, w, l)
		}
	}
}

func TestGoldenScreens(t *testing.T) {
	steps := []struct {
		name string
		do   func(h *harness)
	}{
		{"unlock", func(h *harness) {}},
		{"overview", func(h *harness) { h.unlock() }},
		{"list", func(h *harness) { h.unlock(); h.keys("f") }},
		{"detail", func(h *harness) { h.unlock(); h.keys("f", "enter") }},
		{"form_errors", func(h *harness) {
			h.unlock()
			h.keys("n")
			for range 10 {
				h.keys("tab")
			}
			h.keys("ctrl+s")
		}},
		{"pictures", func(h *harness) { h.unlock(); h.keys("p") }},
		{"pictures_previous", func(h *harness) { h.unlock(); h.keys("p", "j") }},
		{"pictures_compile_prompt", func(h *harness) { h.unlock(); h.keys("p", "c") }},
		{"pictures_compiled", func(h *harness) { h.unlock(); h.keys("p", "c", "enter") }},
		{"pictures_judgement", func(h *harness) { h.unlock(); h.keys("p", "n"); h.typeText("Fler flygblad"); h.keys("tab", "right") }},
		{"pictures_publish_confirm", func(h *harness) { h.unlock(); h.keys("p", "P") }},
		{"form_discard_confirm", func(h *harness) { h.unlock(); h.keys("n", "right", "esc") }},
		{"help", func(h *harness) { h.unlock(); h.keys("?") }},
		{"audit", func(h *harness) { h.unlock(); h.keys("5") }},
		{"review", func(h *harness) { h.unlock(); h.keys("5", "r", "y") }},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, s := range steps {
			name := fmt.Sprintf("%s_%dx%d", s.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, size[0], size[1], sampleStore())
				s.do(h)
				got := h.screen()
				checkFits(t, got, size[0], size[1])
				golden(t, name, got)
			})
		}
	}
}

func TestWrongPassphraseThenRight(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.typeText("wrong")
	h.keys("enter")
	if h.app.unlocked {
		t.Fatal("unlocked with a wrong passphrase")
	}
	if s := h.screen(); !strings.Contains(s, "wrong passphrase") {
		t.Fatalf("no clear message on a wrong passphrase:\n%s", s)
	}
	h.unlock()
}

func TestLockClearsAndReturnsToPlace(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 80, 24, st)
	h.unlock()
	h.keys("5")
	h.keys(":")
	h.typeText("lock")
	h.keys("enter")
	if h.app.unlocked || !st.Closed() {
		t.Fatalf("not locked: unlocked=%v closed=%v", h.app.unlocked, st.Closed())
	}
	if s := h.screen(); strings.Contains(s, "Norrbacka") || !strings.Contains(s, "locked") {
		t.Fatalf("locked screen shows record data or no lock note:\n%s", s)
	}
	h.unlock()
	if h.app.active != common.TabAudit {
		t.Fatalf("after unlock the active tab is %d, want the audit trail", h.app.active)
	}
}

func TestDraftSavedOnLockAndOffered(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 80, 24, st)
	h.unlock()
	h.keys("n")
	for range 10 {
		h.keys("tab")
	}
	h.typeText("Halvfärdig anteckning")
	h.send(shutdownMsg{})
	if !st.Closed() {
		t.Fatal("vault not closed on shutdown")
	}
	b, ok, _ := st.Draft(context.Background(), common.DraftName)
	if !ok || !bytes.Contains(b, []byte("Halvfärdig")) {
		t.Fatalf("draft not saved: %q", b)
	}
	h2 := newHarness(t, 80, 24, st)
	h2.unlock()
	if !strings.Contains(h2.screen(), "draft") {
		t.Fatalf("draft not offered:\n%s", h2.screen())
	}
	h2.keys("ctrl+r")
	h2.send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	p := h2.app.screens[common.TabPicture].(*picture.Model)
	if p.Mode() != picture.ModeForm || !strings.Contains(h2.screen(), "Halvfärdig") {
		t.Fatalf("draft not restored into the form:\n%s", h2.screen())
	}
}

// A draft offered at unlock and left alone survives a new unfinished
// form: both are kept, and restoring puts one back into the form while
// the other stays offered.
func TestOfferedDraftSurvivesANewOne(t *testing.T) {
	st := sampleStore()
	typeDraft := func(text string) *harness {
		h := newHarness(t, 80, 24, st)
		h.unlock()
		h.keys("n")
		for range 10 {
			h.keys("tab")
		}
		h.typeText(text)
		h.send(shutdownMsg{})
		return h
	}
	saved := func() []common.Draft {
		b, ok, err := st.Draft(context.Background(), common.DraftName)
		if err != nil || !ok {
			t.Fatalf("no drafts saved: %v", err)
		}
		ds, err := decodeDrafts(b)
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	typeDraft("Första utkastet")
	typeDraft("Andra utkastet") // the first is offered, and ignored
	ds := saved()
	if len(ds) != 2 || !strings.Contains(fmt.Sprint(ds), "Första") || !strings.Contains(fmt.Sprint(ds), "Andra") {
		t.Fatalf("after a second unfinished form the saved drafts are %v; want both", ds)
	}
	h := newHarness(t, 80, 24, st)
	h.unlock()
	if !strings.Contains(h.screen(), "2 unsaved drafts") {
		t.Fatalf("two drafts not offered:\n%s", h.screen())
	}
	h.send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	p := h.app.screens[common.TabPicture].(*picture.Model)
	if p.Mode() != picture.ModeForm || !strings.Contains(h.screen(), "Andra utkastet") {
		t.Fatalf("the newest draft not restored into the form:\n%s", h.screen())
	}
	if ds := saved(); len(ds) != 1 || !strings.Contains(fmt.Sprint(ds), "Första") || !strings.Contains(h.screen(), "unsaved draft exists") {
		t.Fatalf("the other draft is not kept and offered: saved %v\n%s", ds, h.screen())
	}
}

// A draft that edits a record, restored into a screen that has not read
// its data yet (only the screen in front reads at unlock), waits for the
// data and edits the stored record: it does not become a new one.
func TestRestoredEditDraftEditsTheStoredRecord(t *testing.T) {
	st := sampleStore()
	c := &model.Case{Subject: model.SubjectArea, Title: "Oro kring centrumgallerian", Intake: model.IntakePolice, Priority: model.PriorityNormal,
		Status: model.CaseIntervention, Opened: model.NewDate(2026, 2, 3), Handler: model.OrgMunicipalLeadership,
		Concern: model.ConcernStatement{Text: "Grupper samlas kvällstid", Level: model.ConcernModerate}, LegalBasis: "Lag (2023:196)"}
	c.ID, c.TLP = "01KCASE0000000000000000001", model.TLPAmber
	st.Add(c)
	b, err := json.Marshal([]common.Draft{
		{Screen: "picture", Kind: model.KindObservation, Fields: map[string]string{"summary": "Halvfärdig anteckning"}},
		{Screen: "cases", Kind: model.KindCase, ID: c.ID, Fields: map[string]string{"title": "Oro kring centrumgallerian", "concern.text": "Grupper samlas nu även dagtid"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveDraft(context.Background(), common.DraftName, b); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, 120, 40, st)
	h.unlock()
	if !strings.Contains(h.screen(), "2 unsaved drafts") {
		t.Fatalf("drafts not offered:\n%s", h.screen())
	}
	h.send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	cs := h.app.screens[common.TabCases].(*cases.Model)
	f := cs.Form()
	if f == nil || f.Title != model.CasesFormEdit || f.Get("concern.text") != "Grupper samlas nu även dagtid" {
		t.Fatalf("the case draft was not restored as an edit of the stored case (form %+v)", f)
	}
	if p := h.app.screens[common.TabPicture].(*picture.Model); p.Mode() != picture.ModeForm || h.app.active != common.TabPicture {
		t.Fatalf("the picture's draft is not in front:\n%s", h.screen())
	}
}

// Typing on the unlock prompt lets the opener prepare the unlock (the
// real vault touches scrypt's memory meanwhile); typing in the unlocked
// app does not.
func TestTypingPassphrasePreparesUnlock(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	if h.op.prepared != 0 {
		t.Fatalf("prepared %d times before a key", h.op.prepared)
	}
	h.typeText("r")
	if h.op.prepared == 0 {
		t.Fatal("a key on the unlock prompt did not prepare the unlock")
	}
	h.typeText("ight passphrase")
	h.keys("enter")
	n := h.op.prepared
	h.keys("j", "k")
	if h.op.prepared != n {
		t.Fatalf("keys in the unlocked app prepared an unlock (%d → %d)", n, h.op.prepared)
	}
	h.keys(":")
	h.typeText("lock")
	h.keys("enter")
	if h.app.unlocked || h.op.prepared != n {
		t.Fatalf("after :lock: unlocked %v, prepared %d → %d", h.app.unlocked, n, h.op.prepared)
	}
	h.typeText("r")
	if h.op.prepared == n {
		t.Fatal("a key on the prompt after a lock did not prepare the unlock")
	}
}

func TestAddObservationAuditedAndSearchable(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 120, 40, st)
	h.unlock()
	h.keys("n")
	for range 10 {
		h.keys("tab")
	}
	h.typeText("Ny uppgift om Fjärilsparken")
	h.keys("ctrl+s")
	if !strings.Contains(h.screen(), "Fjärilsparken") {
		t.Fatalf("saved record not shown:\n%s", h.screen())
	}
	evs := st.Events()
	if last := evs[len(evs)-1]; last.Action != model.ActionCreate {
		t.Fatalf("last audit event is %v, want create", last.Action)
	}
	h.keys("esc", "/")
	h.typeText("fjärils")
	h.keys("enter")
	p := h.app.screens[common.TabPicture].(*picture.Model)
	if rows := p.Rows(); len(rows) != 1 || !strings.Contains(rows[0].Summary, "Fjärilsparken") {
		t.Fatalf("search found %d rows", len(rows))
	}
}

func TestQuitAsksWhenFormDirty(t *testing.T) {
	t.Run("ctrl+c in a dirty form asks, a second quits and keeps a draft", func(t *testing.T) {
		st := sampleStore()
		h := newHarness(t, 80, 24, st)
		h.unlock()
		h.keys("n", "right")
		h.send(keyMsg("ctrl+c"))
		if h.app.quitting || !h.app.confirmQuit || !strings.Contains(h.screen(), "Unsaved changes") {
			t.Fatalf("ctrl+c with unsaved changes did not ask:\n%s", h.screen())
		}
		h.send(keyMsg("ctrl+c"))
		if !h.app.quitting || !st.Closed() {
			t.Fatal("a second ctrl+c did not quit and close the vault")
		}
		if _, ok, _ := st.Draft(context.Background(), common.DraftName); !ok {
			t.Fatal("quitting with a dirty form kept no draft")
		}
	})
	t.Run("ctrl+c in a dirty form, then n, stays", func(t *testing.T) {
		h := newHarness(t, 80, 24, sampleStore())
		h.unlock()
		h.keys("n", "right")
		h.send(keyMsg("ctrl+c"))
		h.keys("n")
		if h.app.quitting || h.app.confirmQuit {
			t.Fatal("answering n did not cancel the quit")
		}
		if p := h.app.screens[common.TabPicture].(*picture.Model); p.Mode() != picture.ModeForm {
			t.Fatal("the form was lost")
		}
	})
	t.Run("q with a dirty form on a screen that is not capturing asks", func(t *testing.T) {
		h := newHarness(t, 80, 24, sampleStore())
		h.unlock()
		h.app.screens[common.TabExchange] = &dirtyScreen{}
		h.keys("q")
		if h.app.quitting || !h.app.confirmQuit {
			t.Fatal("q with unsaved changes quit without asking")
		}
		h.keys("y")
		if !h.app.quitting {
			t.Fatal("y did not quit")
		}
	})
	t.Run("q without changes quits", func(t *testing.T) {
		h := newHarness(t, 80, 24, sampleStore())
		h.unlock()
		h.keys("q")
		if !h.app.quitting {
			t.Fatal("q did not quit")
		}
	})
	t.Run("esc in a dirty form asks before discarding", func(t *testing.T) {
		h := newHarness(t, 80, 24, sampleStore())
		h.unlock()
		h.keys("n", "right", "esc")
		p := h.app.screens[common.TabPicture].(*picture.Model)
		if p.Mode() != picture.ModeForm || !strings.Contains(h.screen(), "Discard") {
			t.Fatalf("esc discarded a dirty form without asking:\n%s", h.screen())
		}
		h.keys("x")
		if p.Mode() != picture.ModeForm {
			t.Fatal("answering no discarded the form")
		}
		h.keys("esc", "y")
		if p.Mode() == picture.ModeForm {
			t.Fatal("answering yes kept the form")
		}
	})
}

// dirtyScreen is a screen with unsaved changes that does not capture keys.
type dirtyScreen struct{}

func (*dirtyScreen) Init() tea.Cmd                             { return nil }
func (d *dirtyScreen) Update(tea.Msg) (common.Screen, tea.Cmd) { return d, nil }
func (*dirtyScreen) View() string                              { return "" }
func (*dirtyScreen) SetSize(int, int)                          {}
func (*dirtyScreen) ShortHelp() []key.Binding                  { return nil }
func (*dirtyScreen) FullHelp() [][]key.Binding                 { return nil }
func (*dirtyScreen) Dirty() bool                               { return true }
func (*dirtyScreen) Draft() (common.Draft, bool)               { return common.Draft{}, false }

// A screen that is not in front still receives the results of its
// commands: locking on the audit trail and jumping to a record by ID
// right after unlocking used to leave the situational picture loading.
func TestBackgroundScreenGetsItsData(t *testing.T) {
	h := newHarness(t, 80, 24, sampleStore())
	h.unlock()
	h.keys("5", ":")
	h.typeText("lock")
	h.keys("enter")
	h.unlock()
	h.keys(":")
	h.typeText("01KABCDEFGHJKMNPQRSTV00001")
	h.keys("enter")
	p := h.app.screens[common.TabPicture].(*picture.Model)
	if p.Mode() != picture.ModeDetail || !strings.Contains(h.screen(), "Klistermärken") {
		t.Fatalf("jump to a record after unlock did not show it:\n%s", h.screen())
	}
}

func TestTabsFitEveryWidth(t *testing.T) {
	for _, w := range []int{40, 60, 80, 100, 200, 300} {
		for _, l := range []model.Lang{model.Swedish, model.English} {
			h := newHarness(t, w, 24, sampleStore())
			h.app.setLang(l)
			h.unlock()
			for tab := range common.NumTabs {
				h.app.active = tab
				bar := ansi.Strip(h.app.tabBar())
				if n := ansi.StringWidth(bar); n > w {
					t.Errorf("width %d %v tab %d: tab bar %d cells wide: %q", w, l, tab, n, bar)
				}
				if w >= 80 && !strings.Contains(bar, h.app.com.T(tabTitles[tab])) {
					t.Errorf("width %d %v: active tab title cut: %q", w, l, bar)
				}
				for i := range common.NumTabs {
					if !strings.Contains(bar, fmt.Sprintf("%d ", i+1)) && w >= 60 {
						t.Errorf("width %d: tab number %d missing: %q", w, i+1, bar)
					}
				}
			}
		}
	}
}

func TestHelpFitsAndShowsEveryBinding(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		h := newHarness(t, size[0], size[1], sampleStore())
		h.unlock()
		h.keys("?")
		s := h.screen()
		checkFits(t, s, size[0], size[1])
		for _, want := range []string{"quit", "search", "compile", "next tab"} {
			if !strings.Contains(s, want) {
				t.Errorf("%dx%d: help lacks %q:\n%s", size[0], size[1], want, s)
			}
		}
	}
}

func TestEscapeSequencesNeverReachTerminal(t *testing.T) {
	st := fake.New(clock)
	evil := "A\x1b]52;c;SGVsbG8=\x07B\x1b[2JC\u009b31mD\u202eE"
	st.Add(&model.Observation{Milieu: model.MilieuOther, Dimension: model.DimensionTrend, ObsKind: model.ObsKnowledge, Source: model.OrgOther,
		Concern: model.ConcernLow, Trend: model.TrendUnknown, Observed: model.NewDate(2026, 11, 1), Area: "X\x1b]0;title\x07", Summary: evil})
	var out bytes.Buffer
	in := strings.NewReader("")
	op := &testOpener{st: st, exists: true}
	app := NewApp(op, Credentials{IdentityFiles: []string{"id"}}, model.English, time.Minute, clock)
	p := tea.NewProgram(app, tea.WithInput(in), tea.WithOutput(&out), tea.WithWindowSize(120, 40),
		tea.WithoutSignalHandler(), tea.WithEnvironment([]string{"TERM=xterm-256color"}))
	go func() {
		time.Sleep(300 * time.Millisecond)
		p.Send(keyMsg("f"))
		p.Send(keyMsg("enter"))
		time.Sleep(300 * time.Millisecond)
		p.Send(keyMsg("ctrl+c"))
	}()
	if _, err := p.Run(); err != nil {
		t.Fatal(err)
	}
	b := out.Bytes()
	for _, bad := range []string{"]52;", "SGVsbG8=", "B\x1b[2J", "\u009b", "\u202e", "]0;title"} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("output contains %q raw", bad)
		}
	}
	if !strings.Contains(ansi.Strip(string(b)), "ABC") {
		t.Errorf("sanitised summary not shown; output:\n%s", ansi.Strip(string(b)))
	}
	if bytes.Contains(b, []byte("\x1b]52")) {
		t.Error("output contains OSC 52")
	}
}

func TestPictureCompilePublishFreeze(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 120, 40, st)
	h.unlock()
	h.keys("p", "c")
	for range 6 {
		h.keys("backspace")
	}
	h.typeText("2026-11-01 2026-11-30")
	h.keys("enter")
	var pic *model.Picture
	_ = st.Scan(context.Background(), model.KindPicture, func(r model.Record) error {
		if p := r.(*model.Picture); p.From == model.NewDate(2026, 11, 1) {
			pic = p
		}
		return nil
	})
	if pic == nil {
		t.Fatalf("no picture compiled for November:\n%s", h.screen())
	}
	// Two of the sample's observations fall in November, both white power.
	if len(pic.Observations) != 2 || pic.IsPublished() || len(pic.Milieus) != 1 || pic.Milieus[0].Milieu != model.MilieuWhitePower {
		t.Fatalf("compiled picture = %+v", pic)
	}
	if !strings.Contains(h.screen(), "compiled from 2 observations") {
		t.Fatalf("no notice of the compiled picture:\n%s", h.screen())
	}
	// Add a judgement, then publish.
	h.keys("n")
	h.typeText("Rekryteringen fortsätter")
	h.keys("tab", "right", "enter")
	h.keys("P", "y")
	_ = st.Scan(context.Background(), model.KindPicture, func(r model.Record) error {
		if p := r.(*model.Picture); p.ID == pic.ID {
			pic = p
		}
		return nil
	})
	if !pic.IsPublished() || pic.ApprovedBy == "" || len(pic.Judgements) != 1 || pic.Judgements[0].Likelihood != model.LikelihoodLikely {
		t.Fatalf("published picture = %+v", pic)
	}
	// Frozen: no more judgements, no recompiling.
	before := len(st.Events())
	h.keys("n")
	if !strings.Contains(h.screen(), "frozen") {
		t.Fatalf("adding to a published picture was not refused:\n%s", h.screen())
	}
	h.keys("c")
	for range 6 {
		h.keys("backspace")
	}
	h.typeText("2026-11-01 2026-11-30")
	h.keys("enter")
	if len(st.Events()) != before {
		t.Fatal("a published picture was changed")
	}
	// A bad period is refused with a clear message and nothing saved.
	h.keys("c")
	h.typeText("x")
	h.keys("enter")
	if !strings.Contains(h.screen(), "Write a quarter") || len(st.Events()) != before {
		t.Fatalf("bad period not refused clearly:\n%s", h.screen())
	}
}

func TestIndividualsNotListedByMilieu(t *testing.T) {
	st := sampleStore()
	ind := &model.Observation{Milieu: model.MilieuWhitePower, Dimension: model.DimensionIndividual, ObsKind: model.ObsKnowledge,
		Source: model.OrgSchool, Concern: model.ConcernHigh, Trend: model.TrendUnknown, Observed: model.NewDate(2026, 11, 2), Summary: "Uppgift om Person X vid skolan"}
	ind.ID, ind.TLP = "01KABCDEFGHJKMNPQRSTV00009", model.TLPRed
	st.Add(ind)
	h := newHarness(t, 120, 40, st)
	h.unlock()
	h.keys("f", "/")
	h.typeText("skolan")
	h.keys("enter")
	p := h.app.screens[common.TabPicture].(*picture.Model)
	for _, o := range p.Rows() {
		if o.Dimension == model.DimensionIndividual {
			t.Fatal("a text search listed an individual (R2)")
		}
	}
	if len(p.Rows()) != 1 {
		t.Fatalf("search found %d rows, want the one school observation", len(p.Rows()))
	}
}

// recScreen is a screen that takes no pastes and records the keys it gets.
type recScreen struct {
	keys []string
}

func (r *recScreen) Init() tea.Cmd { return nil }
func (r *recScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		r.keys = append(r.keys, k.Text)
	}
	return r, nil
}
func (r *recScreen) View() string              { return "rec" }
func (r *recScreen) SetSize(int, int)          {}
func (r *recScreen) Capturing() bool           { return true }
func (r *recScreen) ShortHelp() []key.Binding  { return nil }
func (r *recScreen) FullHelp() [][]key.Binding { return nil }

// TestPasteGoesToTheFieldInFocus: a bracketed paste is text for the field
// in focus, never keys: on the unlock prompt it is the passphrase (not
// submitted by its newline), over the overview it does nothing (a pasted
// "q" does not quit, "n" opens no form), in a form it is the field's
// text with newlines where the field allows; a screen that takes no
// pastes gets it as typed text on one line.
func TestPasteGoesToTheFieldInFocus(t *testing.T) {
	h := newHarness(t, 120, 40, sampleStore())
	h.send(tea.PasteMsg{Content: "right passphrase\n"})
	if h.app.unlocked {
		t.Fatal("a pasted newline submitted the passphrase")
	}
	h.keys("enter")
	if !h.app.unlocked {
		t.Fatalf("pasted passphrase did not unlock:\n%s", h.screen())
	}
	p := h.app.screens[common.TabPicture].(*picture.Model)
	h.send(tea.PasteMsg{Content: "qn:"})
	if h.app.quitting || h.app.palette || p.Mode() != picture.ModeOverview {
		t.Fatalf("a paste over the overview acted as keys (quitting %v, palette %v, mode %v)", h.app.quitting, h.app.palette, p.Mode())
	}
	h.keys("n")
	for range 10 {
		h.keys("tab")
	}
	h.send(tea.PasteMsg{Content: "Flygblad\r\nvid skolan\x1b]52;c;aGVq\x07"})
	if s := h.screen(); !strings.Contains(s, "Flygblad vid skolan") || !p.Dirty() {
		t.Fatalf("paste into the summary not shown:\n%s", s)
	}
	if v := h.app.View().Content; strings.Contains(v, "]52;") {
		t.Fatalf("pasted OSC 52 reached the view: %q", v)
	}
	// The command palette takes a paste on one line.
	h.keys("esc", "y", "esc")
	h.keys(":")
	h.send(tea.PasteMsg{Content: "lang\nsv"})
	if got := string(h.app.paletteText); got != "lang sv" {
		t.Fatalf("palette after paste = %q", got)
	}
	h.keys("esc")
	// A capturing screen without Paste gets typed keys.
	rec := &recScreen{}
	h.app.screens[common.TabExchange] = rec
	h.app.active = common.TabExchange
	h.send(tea.PasteMsg{Content: "ab\ncd\n"})
	if got := strings.Join(rec.keys, ""); got != "ab cd" {
		t.Fatalf("screen without Paste got keys %q, want %q", got, "ab cd")
	}
}

// scanCounter counts the scans of observations of a store.
type scanCounter struct {
	*fake.Store
	obsScans int
	shared   atomic.Int32
}

// ObservationCache counts the screens' requests for the shared set.
func (s *scanCounter) ObservationCache() *common.ObservationCache {
	s.shared.Add(1)
	return s.Store.ObservationCache()
}

func (s *scanCounter) Scan(ctx context.Context, kind model.Kind, fn func(model.Record) error) error {
	if kind == model.KindObservation {
		s.obsScans++
	}
	return s.Store.Scan(ctx, kind, fn)
}

type counterOpener struct{ st *scanCounter }

func (o *counterOpener) Exists() bool { return true }
func (o *counterOpener) Open(context.Context, Credentials) (Store, error) {
	o.st.Reopen()
	return o.st, nil
}
func (o *counterOpener) Create(context.Context, []byte, string) (Store, error) { return o.st, nil }

// TestUnlockReadsOnlyTheScreenInFront: after unlocking only the screen in
// front reads the vault (so its first frame is not slowed by every other
// screen reading all observations at once); another screen reads its
// data when first shown.
func TestUnlockReadsOnlyTheScreenInFront(t *testing.T) {
	st := &scanCounter{Store: sampleStore()}
	app := NewApp(&counterOpener{st}, Credentials{IdentityFiles: []string{"id"}}, model.English, time.Hour, clock)
	h := &harness{t: t, app: app}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.run(app.Init())
	if !app.unlocked || !strings.Contains(h.screen(), "– 4 observations") {
		t.Fatalf("not unlocked and loaded:\n%s", h.screen())
	}
	if st.obsScans != 1 {
		t.Fatalf("unlocking scanned the observations %d times, want once (the Lägesbild only)", st.obsScans)
	}
	// The other screens share the observations the Lägesbild read: the
	// store keeps one set for all of them.
	h.keys("2")
	if !strings.Contains(h.screen(), "Prevention pyramid") {
		t.Fatalf("the pyramid is not shown:\n%s", h.screen())
	}
	h.keys("4")
	if st.obsScans != 1 || st.shared.Load() < 3 {
		t.Fatalf("opening the pyramid and Samverkan scanned the observations %d times in all, want once; %d screens asked for the shared set, want 3",
			st.obsScans, st.shared.Load())
	}
	// A change of many records (an import, a purge) drops the shared set:
	// the next reader reads the vault again.
	st.ObservationCache().Invalidate()
	h.send(common.ReloadMsg{})
	if st.obsScans != 2 {
		t.Fatalf("after the shared set was dropped the observations were scanned %d times in all, want 2", st.obsScans)
	}
}

// The brief's idle lock is 5 minutes unless configured: cmd/varn passes
// no idle time, so the default is what users get.
func TestDefaultIdleLockIsFiveMinutes(t *testing.T) {
	op := &testOpener{st: fake.New(clock), exists: true}
	for _, idle := range []time.Duration{0, -time.Second} {
		if a := NewApp(op, Credentials{}, model.English, idle, clock); a.idle != 5*time.Minute {
			t.Errorf("NewApp(idle %v) locks after %v, want 5m0s", idle, a.idle)
		}
	}
	if a := NewApp(op, Credentials{}, model.English, 90*time.Second, clock); a.idle != 90*time.Second {
		t.Errorf("a configured idle time of 90s became %v", a.idle)
	}
}

// Screens read before an exchange import show what it brought once they
// are shown again: the Utbyte screen's StaleMsg makes each forget its data.
func TestImportRefreshesOtherScreens(t *testing.T) {
	st := sampleStore()
	h := newHarness(t, 120, 40, st)
	h.unlock()
	if !strings.Contains(h.screen(), "– 4 observations") {
		t.Fatalf("before the import:\n%s", h.screen())
	}
	o := &model.Observation{Milieu: model.MilieuWhitePower, Dimension: model.DimensionArea, ObsKind: model.ObsPresence, Area: "Centrum",
		Source: model.OrgOtherMunicipality, Concern: model.ConcernModerate, Trend: model.TrendRising, Observed: model.NewDate(2026, 11, 19),
		Summary: "Från Lomma: samma grupp syns i Centrum"}
	o.TLP = model.TLPAmber
	st.Add(o) // as an import writes it, behind the screens' backs
	// Without the message the picture keeps what it read.
	h.keys("6", "1")
	if !strings.Contains(h.screen(), "– 4 observations") {
		t.Fatalf("the picture read the store again without being told; this test needs it to keep its data:\n%s", h.screen())
	}
	h.keys("6")
	h.send(common.StaleMsg{})
	h.keys("1")
	if !strings.Contains(h.screen(), "– 5 observations") {
		t.Fatalf("after the import the picture does not count the imported observation:\n%s", h.screen())
	}
}

// TestUntrustedVaultSaysSoOnUnlock: a vault whose host holds no trusted
// checkpoint says so in the status bar when unlocked, and names the way
// back (issue 15: never silent).
func TestUntrustedVaultSaysSoOnUnlock(t *testing.T) {
	st := sampleStore()
	i := st.Info()
	i.Untrusted = true
	st.SetInfo(i)
	h := newHarness(t, 80, 24, st)
	h.unlock()
	if s := h.screen(); !strings.Contains(s, "no trusted checkpoint on this host") {
		t.Fatalf("no warning after unlocking an untrusted vault:\n%s", s)
	}
}
