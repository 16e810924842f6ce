package tui

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
	"varn/tui/meetings"
)

// walkCanaries are planted in the walk's records; none may ever be on
// the projector: a case's pseudonym and a case's title, the text of a
// TLP:RED observation and measure, of an individual-dimension
// observation (linked to a case or not) and of an individual-tier
// measure.
var walkCanaries = []string{
	"Falken",            // pseudonym of an individual case
	"Storgatsnätverket", // title of a group case
	"RÖDHEMLIG",         // TLP:RED observation
	"RÖDINSATS",         // TLP:RED measure
	"Individärende",     // individual-dimension observation linked to a case
	"INDIVIDNIVÅ",       // individual-dimension observation, no case
	"INDIVIDINSATS",     // individual-tier measure
}

// walkStore is meetingStore with a group case with a title, an
// individual-dimension observation that is linked to no case, and an
// earlier quarterly follow-up (whose meeting mode has one more item, the
// quarter's figures).
func walkStore(now func() time.Time) *fake.Store {
	st := meetingStore(now)
	d := model.NewDate
	g := &model.Case{Subject: model.SubjectGroup, Title: "Storgatsnätverket", Priority: model.PriorityHigh, Status: model.CaseNeedsAssessment,
		Opened: d(2026, 10, 5), Intake: model.IntakePolice, Handler: model.OrgSocialServices, LegalBasis: "SoL",
		Concern: model.ConcernStatement{Text: "Oro", Level: model.ConcernModerate}}
	g.ID, g.TLP = "01KMMMMMMMMMMMMMMMMMMMMC02", model.TLPAmber
	o := &model.Observation{Milieu: model.MilieuAutonomous, Dimension: model.DimensionIndividual, ObsKind: model.ObsActivity, Source: model.OrgSchool,
		Concern: model.ConcernModerate, Trend: model.TrendStable, Observed: d(2026, 11, 15), Summary: "INDIVIDNIVÅ: elev sprider propaganda"}
	o.ID, o.TLP, o.Created = "01KMMMMMMMMMMMMMMMMMMMMO04", model.TLPAmber, fixedNow.Add(-6*time.Hour)
	q := &model.Meeting{MeetingKind: model.MeetingQuarterlyFollowUp, Date: d(2026, 10, 6), Title: "Kvartalsuppföljning"}
	q.ID, q.TLP = "01KMMMMMMMMMMMMMMMMMMMMT02", model.TLPAmber
	st.Add(g, o, q)
	return st
}

// walkKeys returns every key of the keymap (the app's and the Samverkan
// screen's) and the reflex keys outside it, each once, in a fixed order.
func walkKeys() []string {
	var ks []string
	var collect func(v reflect.Value)
	collect = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			collect(v.Elem())
		case reflect.Struct:
			if b, ok := v.Interface().(key.Binding); ok {
				ks = append(ks, b.Keys()...)
				return
			}
			for i := range v.NumField() {
				collect(v.Field(i))
			}
		case reflect.Array, reflect.Slice:
			for i := range v.Len() {
				collect(v.Index(i))
			}
		}
	}
	for _, l := range []model.Lang{model.Swedish, model.English} {
		collect(reflect.ValueOf(common.NewKeyMap(l)))
		collect(reflect.ValueOf(meetings.NewKeys(l)))
	}
	ks = append(ks, "esc", "q", "ctrl+c", "tab", ":", "/")
	for r := '1'; r <= '9'; r++ {
		ks = append(ks, string(r))
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// walkKey returns the key press whose String() is k.
func walkKey(t *testing.T, k string) tea.KeyPressMsg {
	t.Helper()
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "space": tea.KeySpace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"backspace": tea.KeyBackspace,
	}
	var msg tea.KeyPressMsg
	base, mod := k, tea.KeyMod(0)
	switch {
	case strings.HasPrefix(k, "ctrl+"):
		base, mod = strings.TrimPrefix(k, "ctrl+"), tea.ModCtrl
	case strings.HasPrefix(k, "shift+"):
		base, mod = strings.TrimPrefix(k, "shift+"), tea.ModShift
	}
	if r, ok := named[base]; ok {
		msg = tea.KeyPressMsg{Code: r, Mod: mod}
		if base == "space" {
			msg.Text = " "
		}
	} else if rs := []rune(base); len(rs) == 1 {
		msg = tea.KeyPressMsg{Code: rs[0], Mod: mod}
		if mod == 0 {
			msg.Text = base
		}
	}
	if msg.String() != k {
		t.Fatalf("cannot make key %q (made %q)", k, msg.String())
	}
	return msg
}

// tickCode is the code of the closures tea.Tick returns: the walk never
// waits for a timer (the idle lock is fired by sending its tick).
var tickCode = reflect.ValueOf(tea.Tick(time.Hour, nil)).Pointer()

// walker drives an App synchronously, without timers, and checks every
// frame for the canaries.
type walker struct {
	t    *testing.T
	app  *App
	clk  *movableClock
	path []string // the keys sent since the start, for the failure message
	bad  bool
	// quiet is set while the walk replays keys whose frames it checked
	// before.
	quiet bool
}

func (w *walker) run(cmd tea.Cmd) {
	if cmd == nil || reflect.ValueOf(cmd).Pointer() == tickCode {
		return
	}
	w.send(cmd())
}

func (w *walker) send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, tea.RawMsg, tea.QuitMsg, spinner.TickMsg:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			w.run(c)
		}
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().String() == "tea.sequenceMsg" {
		for i := range v.Len() {
			if c, ok := v.Index(i).Interface().(tea.Cmd); ok {
				w.run(c)
			}
		}
		return
	}
	_, cmd := w.app.Update(msg)
	w.run(cmd)
}

// key sends one key and checks the frame that follows it.
func (w *walker) key(k string) {
	w.path = append(w.path, k)
	w.send(walkKey(w.t, k))
	if !w.quiet {
		w.check()
	}
}

// check fails the test when a canary is on screen. Out of meeting mode,
// only the Samverkan screen is checked, and not once its masked text was
// revealed (a confirmed, logged reveal): the other screens are the
// user's to open once meeting mode is left.
func (w *walker) check() {
	a := w.app
	if w.bad || !a.com.MeetingMode && a.unlocked && !a.meet.ended &&
		(a.active != common.TabMeetings || a.screens[common.TabMeetings].(*meetings.Model).Revealed()) {
		return
	}
	s := ansi.Strip(w.app.View().Content)
	for _, c := range walkCanaries {
		if strings.Contains(s, c) {
			w.bad = true
			w.t.Errorf("%q on screen after keys %q:\n%s", c, w.path, s)
			return
		}
	}
}

// idleLock fires the idle lock.
func (w *walker) idleLock() {
	w.path = append(w.path, "<idle lock>")
	w.clk.add(2 * w.app.idle)
	w.send(tickMsg{gen: w.app.tickGen})
	if !w.quiet {
		w.check()
	}
}

// newWalker returns an unlocked App in meeting mode on the first agenda
// item of the meeting at index i of the list of a new walkStore (0: the
// weekly meeting, 1: the quarterly follow-up), at 80x24.
func newWalker(t *testing.T, i int) *walker {
	clk := &movableClock{t: fixedNow}
	st := walkStore(clk.now)
	op := &testOpener{st: st, exists: true}
	app := NewApp(op, Credentials{}, model.English, time.Minute, clk.now)
	w := &walker{t: t, app: app, clk: clk}
	w.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	app.active = common.TabMeetings // the unlock reads only its data
	if _, err := op.Open(t.Context(), Credentials{Passphrase: []byte("right passphrase")}); err != nil {
		t.Fatal(err)
	}
	w.send(openedMsg{store: st})
	for range i {
		w.send(walkKey(t, "j"))
	}
	w.send(walkKey(t, "enter"))
	w.send(walkKey(t, "m"))
	if !app.com.MeetingMode {
		t.Fatalf("not in meeting mode:\n%s", ansi.Strip(app.View().Content))
	}
	return w
}

// walkStart is a state the walk starts from, reached by do from an
// unlocked App in meeting mode on the first agenda item of the meeting
// at index meeting in the list.
type walkStart struct {
	name    string
	meeting int
	do      func(w *walker)
}

// walkStarts are every agenda item of meeting mode, unlocked and after
// the idle lock, and every way out of meeting mode: m confirmed (with y
// and with j) onto the "meeting mode ended" page and past it; the same
// after the idle lock, with the passphrase; the palette's :lock and the
// unlock that follows.
func walkStarts(t *testing.T) []walkStart {
	w := newWalker(t, 0)
	_, pages := w.app.screens[common.TabMeetings].(*meetings.Model).PresentationItem()
	if pages < 7 {
		t.Fatalf("%d agenda items in meeting mode, want at least 7", pages)
	}
	var starts []walkStart
	for p := range pages {
		starts = append(starts,
			walkStart{fmt.Sprintf("item %d", p+1), 0, func(w *walker) {
				for range p {
					w.key("l")
				}
			}},
			walkStart{fmt.Sprintf("item %d, locked", p+1), 0, func(w *walker) {
				for range p {
					w.key("l")
				}
				w.idleLock()
			}})
	}
	// The quarterly follow-up, second in the list.
	w = newWalker(t, 1)
	_, qpages := w.app.screens[common.TabMeetings].(*meetings.Model).PresentationItem()
	if qpages != pages+1 {
		t.Fatalf("the quarterly follow-up has %d agenda items in meeting mode, want %d", qpages, pages+1)
	}
	for p := range qpages {
		starts = append(starts,
			walkStart{fmt.Sprintf("quarterly, item %d", p+1), 1, func(w *walker) {
				for range p {
					w.key("l")
				}
			}},
			walkStart{fmt.Sprintf("quarterly, item %d, locked", p+1), 1, func(w *walker) {
				for range p {
					w.key("l")
				}
				w.idleLock()
			}})
	}
	typeIn := func(w *walker, s string) {
		for _, r := range s {
			w.key(string(r))
		}
	}
	unlock := func(w *walker) {
		for _, r := range "right passphrase" {
			w.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
		w.key("enter")
	}
	starts = append(starts,
		walkStart{name: "left with m, y", do: func(w *walker) { w.key("l"); w.key("l"); w.key("m"); w.key("y") }},
		walkStart{name: "left with m, j", do: func(w *walker) { w.key("m"); w.key("j") }},
		walkStart{name: "left with m, y, past the ended page", do: func(w *walker) { w.key("m"); w.key("y"); w.key("enter") }},
		walkStart{name: "left after the idle lock", do: func(w *walker) { w.key("l"); w.idleLock(); w.key("m"); w.key("y"); unlock(w) }},
		walkStart{name: "left after the idle lock, past the ended page", do: func(w *walker) {
			w.idleLock()
			w.key("m")
			w.key("y")
			unlock(w)
			w.key("esc")
		}},
		walkStart{name: "locked with :lock", do: func(w *walker) { w.key(":"); typeIn(w, "lock"); w.key("enter") }},
		walkStart{name: "locked with :lock and unlocked", do: func(w *walker) { w.key(":"); typeIn(w, "lock"); w.key("enter"); unlock(w) }},
	)
	return starts
}

// TestMeetingModeKeyWalkNeverShowsAPerson walks every key of the keymap,
// and every pair of keys, with the reflex keys outside the keymap (esc,
// q, ctrl+c, tab, 1–9, :, /), from every agenda item of meeting mode — of
// a weekly meeting and of a quarterly follow-up — unlocked and locked
// after inactivity, and from every way out of it (walkStarts). After
// every key the App's rendered frame (ANSI stripped) holds no pseudonym,
// no case title, no individual-level and no TLP:RED text.
//
// Every pair is covered, but not every pair is replayed: the App is
// deterministic, so when first keys lead to the same state — the same
// fingerprint of everything the App holds, see stateFingerprint — the
// second keys are walked once from it. This keeps the walk within its
// time budget: make test runs it with -race, where it takes about 30 s of
// CPU (December 2026; about 5 s without -race).
func TestMeetingModeKeyWalkNeverShowsAPerson(t *testing.T) {
	// The canaries are in the records the screens hold: a walk that
	// showed everything would see them.
	w := newWalker(t, 0)
	if got := appHolds(w.app, walkCanaries); len(got) < 3 {
		t.Fatalf("the App holds only %q of the canaries: the walk could not fail", got)
	}
	keys := walkKeys()
	walked := map[string]bool{}
	// first reports whether state fp is new to the walk, and notes it.
	first := func(fp string) bool {
		if walked[fp] {
			return false
		}
		walked[fp] = true
		return true
	}
	pairs, replayed := 0, 0
	for _, s := range walkStarts(t) {
		t.Run(s.name, func(t *testing.T) {
			w := newWalker(t, s.meeting)
			s.do(w)
			first(stateFingerprint(w.app))
			for _, k1 := range keys {
				w := newWalker(t, s.meeting)
				w.quiet = true // the start's frames were checked above
				s.do(w)
				w.quiet = false
				w.key(k1)
				pairs += len(keys)
				if w.bad || w.app.quitting || !first(stateFingerprint(w.app)) {
					continue
				}
				for _, k2 := range keys {
					w := newWalker(t, s.meeting)
					w.quiet = true
					s.do(w)
					w.key(k1)
					w.quiet = false
					w.key(k2)
					replayed++
					if w.bad {
						return
					}
				}
			}
		})
	}
	t.Logf("%d keys, %d pairs from %d states, %d replayed", len(keys), pairs, len(walked), replayed)
}

// stateFingerprint returns a digest of everything the App holds that can
// change what it does next: every value reachable from it, following
// pointers — the vault's records, settings and drafts too — except the
// vault's audit log, the opener, the styles, the App's cache of measured
// lines, the serial numbers bubbles components take from a global
// counter, and functions (of which only whether they are set counts).
func stateFingerprint(a *App) string {
	skipTypes := map[reflect.Type]bool{
		reflect.TypeFor[*common.Styles](): true,
		reflect.TypeFor[*movableClock]():  true,
	}
	// Of the vault, its records, settings and drafts count, not its
	// audit log.
	skipFields := map[reflect.Type]map[string]bool{
		reflect.TypeFor[fake.Store](): {"mu": true, "events": true, "seq": true, "obs": true},
	}
	var walk func(b *strings.Builder, v reflect.Value, seen map[uintptr]int)
	walk = func(b *strings.Builder, v reflect.Value, seen map[uintptr]int) {
		if !v.IsValid() {
			b.WriteString("∅")
			return
		}
		if skipTypes[v.Type()] {
			return
		}
		var num [32]byte
		switch v.Kind() {
		case reflect.Bool:
			b.Write(strconv.AppendBool(num[:0], v.Bool()))
			b.WriteByte(';')
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			b.Write(strconv.AppendInt(num[:0], v.Int(), 10))
			b.WriteByte(';')
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			b.Write(strconv.AppendUint(num[:0], v.Uint(), 10))
			b.WriteByte(';')
		case reflect.Float32, reflect.Float64:
			b.Write(strconv.AppendFloat(num[:0], v.Float(), 'g', -1, 64))
			b.WriteByte(';')
		case reflect.Complex64, reflect.Complex128:
			fmt.Fprintf(b, "%v", v.Complex())
			b.WriteByte(';')
		case reflect.String:
			b.Write(strconv.AppendInt(num[:0], int64(v.Len()), 10))
			b.WriteByte(':')
			b.WriteString(v.String())
			b.WriteByte(';')
		case reflect.Func, reflect.Chan, reflect.UnsafePointer:
			b.Write(strconv.AppendBool(num[:0], v.IsNil()))
			b.WriteByte(';')
		case reflect.Pointer:
			if v.IsNil() {
				b.WriteString("nil;")
				return
			}
			if i, ok := seen[v.Pointer()]; ok {
				b.WriteByte('@')
				b.Write(strconv.AppendInt(num[:0], int64(i), 10))
				b.WriteByte(';')
				return
			}
			seen[v.Pointer()] = len(seen)
			walk(b, v.Elem(), seen)
		case reflect.Interface:
			if v.IsNil() {
				b.WriteString("nil;")
				return
			}
			b.WriteString(v.Elem().Type().String())
			walk(b, v.Elem(), seen)
		case reflect.Slice, reflect.Array:
			b.WriteByte('[')
			b.Write(strconv.AppendInt(num[:0], int64(v.Len()), 10))
			b.WriteByte(':')
			for i := range v.Len() {
				walk(b, v.Index(i), seen)
			}
			b.WriteString("]")
		case reflect.Map:
			var es []string
			it := v.MapRange()
			for it.Next() {
				var e strings.Builder
				walk(&e, it.Key(), map[uintptr]int{})
				e.WriteString("=")
				walk(&e, it.Value(), map[uintptr]int{})
				es = append(es, e.String())
			}
			slices.Sort(es)
			fmt.Fprintf(b, "{%s}", strings.Join(es, ","))
		case reflect.Struct:
			b.WriteString("{")
			bubbles := strings.HasPrefix(v.Type().PkgPath(), "charm.land/bubbles/")
			skip := skipFields[v.Type()]
			for i := range v.NumField() {
				n := v.Type().Field(i).Name
				if bubbles && (n == "id" || n == "tag") {
					continue // a component's serial number, from a global counter
				}
				if skip[n] {
					continue
				}
				walk(b, v.Field(i), seen)
			}
			b.WriteString("}")
		}
	}
	var b strings.Builder
	v := reflect.ValueOf(a).Elem()
	for i := range v.NumField() {
		switch v.Type().Field(i).Name {
		case "opener", "fits", "fitsW":
			continue
		}
		walk(&b, v.Field(i), map[uintptr]int{})
	}
	return b.String()
}
