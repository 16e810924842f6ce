// Package badinput holds the hostile inputs and the checks of the TUI's
// bad-input tests (issue 7): every field of every form is given each
// [Inputs] value, typed and pasted, then saved; the screen tests assert
// that nothing panics, that a refused save wrote nothing to the store,
// that whatever was saved is clean and bounded ([CheckRecord]), and that
// the screen never shows a control or escape character from the input
// ([CheckView]). It is imported by tests only.
package badinput

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

// Input is one hostile value for a field.
type Input struct {
	Name string
	Text string
}

// HugeLen is the length in runes of the "huge" input.
const HugeLen = 100_000

// Inputs returns the hostile values: empty, huge, invalid dates, wrong
// types, escape sequences and control characters, and a right-to-left
// override.
func Inputs() []Input {
	return []Input{
		{"empty", ""},
		{"huge", strings.Repeat("xÅ", HugeLen/2)},
		{"date-feb30", "2026-02-30"},
		{"date-dmy", "31/12/2026"},
		{"date-word", "igår"},
		{"wrong-type", "tolv x"},
		{"unknown-code", "ingen_sådan_kod, vit_makt"},
		{"osc52", "a\x1b]52;c;SGVsbG8=\x07b"},
		{"csi-clear", "a\x1b[2Jb"},
		{"c1-csi", "a\u009b31mb"},
		{"bel", "a\x07b"},
		{"bs", "a\x08b"},
		{"cr", "a\rb"},
		{"rlo", "\u202Eevil"},
	}
}

// PlainStyles returns a theme in which every style is empty: a screen
// drawn with it has colour and attributes off, so any ESC in its View
// can only have come from the input.
func PlainStyles() *common.Styles { return &common.Styles{} }

// badRune reports whether r must never reach the terminal or the store
// from user input: ESC and the other C0 controls (newline and tab are
// text), DEL, the C1 controls and the bidirectional overrides and
// isolates.
func badRune(r rune, allowLines bool) bool {
	switch {
	case r == '\n' || r == '\t':
		return !allowLines
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x061c:
		return true
	}
	return false
}

// CheckView returns an error naming the first ESC, C1 control or bidi
// control in a screen drawn with [PlainStyles] (newlines are its lines).
func CheckView(view string) error {
	for i, r := range view {
		if badRune(r, true) {
			lo := max(i-30, 0)
			return fmt.Errorf("view holds %U at byte %d: …%q…", r, i, view[lo:min(i+30, len(view))])
		}
	}
	return nil
}

// CheckRecord returns an error when a saved record holds a string with a
// control, escape or bidi character, or does not pass the model's
// validation (which bounds every text).
func CheckRecord(r model.Record) error {
	var bad error
	walk(reflect.ValueOf(r), "", func(path, s string) {
		for _, c := range s {
			if bad == nil && badRune(c, true) {
				bad = fmt.Errorf("saved %s %s holds %U: %.60q", r.Kind(), path, c, s)
			}
		}
	})
	if bad != nil {
		return bad
	}
	if ps := model.Validate(r, nil); len(ps) > 0 {
		return fmt.Errorf("saved %s does not validate: %v", r.Kind(), ps.Err(r.Kind()))
	}
	return nil
}

func walk(v reflect.Value, path string, fn func(path, s string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem(), path, fn)
		}
	case reflect.String:
		fn(path, v.String())
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				walk(v.Field(i), path+"."+t.Field(i).Name, fn)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walk(it.Key(), path+"{key}", fn)
			walk(it.Value(), path+"{}", fn)
		}
	}
}

// Type sends s as typed keys, one key press per rune whose text is the
// rune itself (a hostile superset of what a terminal delivers: control
// characters arrive as text, CR as the enter key). Past the first
// [singleKeys] runes, well beyond every form's bound, the rest comes as
// keys of [burst] runes each, as an input method's commit or a burst of
// unbracketed input does (and so that 100 000 runes type in a moment).
func Type(s string, send func(tea.Msg)) {
	rs := []rune(s)
	for i := 0; i < len(rs); {
		n := 1
		if i >= singleKeys {
			n = min(burst, len(rs)-i)
		}
		send(tea.KeyPressMsg{Code: rs[i], Text: string(rs[i : i+n])})
		i += n
	}
}

const (
	singleKeys = 4200
	burst      = 100
)

// Paste hands s to scr as the App does with a bracketed paste
// ([tea.PasteMsg]) while a form captures keys: to the screen's
// [common.Paster] when it is one, else as typed keys of the cleaned,
// one-line text.
func Paste(scr any, s string, send func(tea.Msg), run func(tea.Cmd)) {
	if p, ok := scr.(common.Paster); ok {
		run(p.Paste(s))
		return
	}
	for _, r := range common.PasteText(s, false, 4000) {
		send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Modes are the two ways an input reaches a field.
var Modes = []string{"typed", "pasted"}

// Saved returns the records created or updated by the audit events after
// the first n, read back through get.
func Saved(evs []model.AuditEvent, n int, get func(model.ID) (model.Record, error)) ([]model.Record, error) {
	var out []model.Record
	for _, ev := range evs[min(n, len(evs)):] {
		if ev.Action != model.ActionCreate && ev.Action != model.ActionUpdate {
			continue
		}
		r, err := get(ev.Ref)
		if err != nil {
			return nil, fmt.Errorf("read back %s: %w", ev.Ref, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// UntranslatedKey reports whether a message shown to the user looks like
// a catalogue key (such as "validate.required") rather than a text: the
// catalogue lacked it.
func UntranslatedKey(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return true // an empty message says nothing
	}
	return !strings.Contains(s, " ") && strings.Contains(s, ".")
}

// HasBadRune reports whether s holds a character that must be refused in
// a one-line or multi-line text: a control (other than newline and tab),
// escape, C1 or bidi control.
func HasBadRune(s string) bool {
	for _, r := range s {
		if badRune(r, true) {
			return true
		}
	}
	return false
}

// Env is one screen with a form open, as a test harness drives it.
type Env struct {
	// Screen is the screen model (for [Paste]).
	Screen any
	// Form returns the open form, nil once it is closed.
	Form func() *common.Form
	// Send hands a message to the screen and runs the commands it
	// returns at once; Run runs a command the same way.
	Send func(tea.Msg)
	Run  func(tea.Cmd)
	// View draws the screen (with [PlainStyles]).
	View func() string
	// Events returns the store's audit log; Get reads a record back.
	Events func() []model.AuditEvent
	Get    func(model.ID) (model.Record, error)
	// Errors returns the error texts the screen reported so far.
	Errors func() []string
	// Pending, when set, reports that a save went on to a further step
	// (such as picking a case) instead of saving or refusing.
	Pending func() bool
}

// FormSpec opens one form for the bad-input runner.
type FormSpec struct {
	Name string
	// Open returns a fresh screen and store in language l, with the form
	// open and filled in so that it saves as it is.
	Open func(t *testing.T, l model.Lang) *Env
}

// Save is the key that saves a form.
var Save = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}

// RunForms gives every field of every form of specs each input of
// [Inputs], typed and pasted, saves, and checks the outcome. It returns
// the number of field × input × mode cases run.
func RunForms(t *testing.T, specs []FormSpec) int {
	t.Helper()
	n := 0
	for _, sp := range specs {
		t.Run(sp.Name, func(t *testing.T) {
			// The form as opened must save: otherwise every refusal
			// below would prove nothing.
			env := sp.Open(t, model.Swedish)
			before := len(env.Events())
			env.Send(Save)
			if saved, err := Saved(env.Events(), before, env.Get); err != nil || len(saved) == 0 {
				t.Fatalf("the form as opened does not save (errors %v, problems %v)", env.Errors(), problemsOf(env))
			}
			fields := sp.Open(t, model.Swedish).Form().Fields
			var refused, kept int
			for i, fl := range fields {
				for j, in := range Inputs() {
					for _, mode := range Modes {
						l := model.Swedish
						if j%2 == 1 {
							l = model.English
						}
						n++
						name := fmt.Sprintf("%s/%s/%s/%s", sp.Name, fl.Name, in.Name, mode)
						switch runCase(t, sp, i, in, mode, l, name) {
						case outcomeRefused:
							refused++
						case outcomeSaved:
							kept++
						}
					}
				}
			}
			t.Logf("%s: %d fields, %d saves refused, %d saved clean", sp.Name, len(fields), refused, kept)
			if refused == 0 {
				t.Errorf("%s: no input was refused: the checks of refusals never ran", sp.Name)
			}
		})
	}
	return n
}

type outcome int

const (
	outcomeOther outcome = iota
	outcomeRefused
	outcomeSaved
)

func problemsOf(env *Env) []string {
	f := env.Form()
	if f == nil {
		return nil
	}
	var out []string
	for k, v := range f.Problems {
		out = append(out, k+": "+v)
	}
	return append(out, f.General...)
}

// runCase runs one field × input × mode case and reports how it ended.
func runCase(t *testing.T, sp FormSpec, i int, in Input, mode string, l model.Lang, name string) (res outcome) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s: panic: %v", name, p)
		}
	}()
	env := sp.Open(t, l)
	f := env.Form()
	fl := f.Fields[i]
	f.Focus = i
	if fl.Choices == nil {
		for range []rune(fl.Text()) {
			env.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
	}
	before := len(env.Events())
	if mode == "typed" {
		Type(in.Text, env.Send)
	} else {
		Paste(env.Screen, in.Text, env.Send, env.Run)
	}
	if err := CheckView(env.View()); err != nil {
		t.Errorf("%s: while editing: %v", name, err)
	}
	if f := env.Form(); f != nil {
		for _, x := range f.Fields {
			if n := len([]rune(x.Text())); n > model.MaxText+100 {
				t.Errorf("%s: field %s holds %d runes, more than the form's bound", name, x.Name, n)
			}
		}
	}
	env.Send(Save)
	view := env.View()
	if err := CheckView(view); err != nil {
		t.Errorf("%s: after saving: %v", name, err)
	}
	for _, e := range env.Errors() {
		if err := CheckView(e); err != nil {
			t.Errorf("%s: error message: %v", name, err)
		}
	}
	saved, err := Saved(env.Events(), before, env.Get)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return outcomeOther
	}
	if len(saved) > 0 {
		for _, r := range saved {
			if err := CheckRecord(r); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		return outcomeSaved
	}
	// A view event is no write: a refused individual-tier save opens the
	// case picker, and that view is logged (R5).
	if n := writes(env.Events()[before:]); n != 0 {
		t.Errorf("%s: a refused save still wrote %d audit events", name, n)
	}
	if env.Pending != nil && env.Pending() {
		return outcomeOther
	}
	f = env.Form()
	if f == nil {
		t.Errorf("%s: nothing saved, yet the form closed (errors %v)", name, env.Errors())
		return outcomeOther
	}
	if len(f.Problems)+len(f.General) == 0 {
		t.Errorf("%s: nothing saved and no message beside a field (errors %v)", name, env.Errors())
		return outcomeOther
	}
	for k, p := range f.Problems {
		if UntranslatedKey(p) {
			t.Errorf("%s: message of %s is not in the catalogue: %.120q", name, k, p)
		}
		if !strings.Contains(view, "✗ "+model.SanitizeLine(p)) {
			t.Errorf("%s: message of %s not on screen: %.120q\n%.3000s", name, k, p, view)
		}
	}
	if fl.Choices == nil && HasBadRune(fl.Text()) && f.Problems[fl.Name] == "" {
		// The field that holds the bad character is the one marked.
		t.Errorf("%s: refused, but no message beside %s itself: %v", name, fl.Name, problemsOf(env))
	}
	return outcomeRefused
}

// Driver feeds messages to a screen's Update as the Bubble Tea runtime
// would, synchronously: commands are run and their messages fed back,
// batches and sequences run each command in turn, status and saved
// notices are dropped and error messages collected in Errs.
type Driver struct {
	Update func(tea.Msg) tea.Cmd
	Errs   []string
}

var cmdsType = reflect.TypeOf([]tea.Cmd(nil))

// Run runs cmd and feeds its message back.
func (d *Driver) Run(cmd tea.Cmd) {
	if cmd != nil {
		d.Send(cmd())
	}
}

// Send feeds msg to the screen.
func (d *Driver) Send(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, common.StatusMsg, common.SavedMsg:
		return
	case common.ErrorMsg:
		d.Errs = append(d.Errs, msg.Err.Error())
		return
	}
	// tea.Batch and tea.Sequence: run each command in turn.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdsType) {
		for _, c := range v.Convert(cmdsType).Interface().([]tea.Cmd) {
			d.Run(c)
		}
		return
	}
	d.Run(d.Update(msg))
}

// writes counts the events in evs that are not views.
func writes(evs []model.AuditEvent) int {
	n := 0
	for _, ev := range evs {
		if ev.Action != model.ActionView {
			n++
		}
	}
	return n
}
