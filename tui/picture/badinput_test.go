package picture

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/badinput"
	"varn/tui/internal/fake"
)

// badEnv drives the screen synchronously on a fake store holding a few
// observations and one draft picture, in language l and without colour.
type badEnv struct {
	t  *testing.T
	m  *Model
	st *fake.Store
	badinput.Driver
}

func newBadEnv(t *testing.T, l model.Lang) *badEnv {
	st := fake.New(clock)
	obs := sampleObs(5)
	for _, o := range obs {
		st.Add(o)
	}
	q := model.QuarterOf(model.DateOf(now))
	p := model.CompilePicture(q.Start(), q.End(), obs, nil)
	st.Add(p)
	com := &common.Common{Width: 300, Height: 60, Styles: badinput.PlainStyles(), KeyMap: common.NewKeyMap(l),
		Lang: l, Now: clock, Store: st}
	m := New(com)
	m.SetSize(300, 57)
	m.SetData(obs)
	m.pics = []*model.Picture{p}
	e := &badEnv{t: t, m: m, st: st}
	e.Update = func(msg tea.Msg) tea.Cmd { _, cmd := e.m.Update(msg); return cmd }
	return e
}

func (e *badEnv) get(id model.ID) (model.Record, error) { return e.st.Get(context.Background(), id) }

// enter types or pastes s into what has the focus.
func (e *badEnv) enter(s, mode string) {
	if mode == "typed" {
		badinput.Type(s, e.Send)
	} else {
		badinput.Paste(e.m, s, e.Send, e.Run)
	}
}

// badCase is one field × input × mode case of one of the screen's forms.
type badCase struct {
	form, field string
	in          badinput.Input
	mode        string
	lang        model.Lang
}

func (c badCase) String() string {
	return fmt.Sprintf("%s/%s/%s/%s", c.form, c.field, c.in.Name, c.mode)
}

// check asserts what every case must hold after the save attempt:
// nothing of the input on screen raw, and either clean saved records or
// nothing written and a message (problems, by field, with their texts).
// It reports whether the save was refused.
func (e *badEnv) check(c badCase, before int, problems map[string]string) bool {
	t := e.t
	t.Helper()
	view := e.m.View()
	if err := badinput.CheckView(view); err != nil {
		t.Errorf("%s: after saving: %v", c, err)
	}
	for _, s := range e.Errs {
		if err := badinput.CheckView(s); err != nil {
			t.Errorf("%s: error message: %v", c, err)
		}
	}
	saved, err := badinput.Saved(e.st.Events(), before, e.get)
	if err != nil {
		t.Errorf("%s: %v", c, err)
		return false
	}
	for _, r := range saved {
		if err := badinput.CheckRecord(r); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	if len(saved) > 0 {
		return false
	}
	if n := len(e.st.Events()); n != before {
		t.Errorf("%s: a refused save still wrote %d audit events", c, n-before)
	}
	if len(problems) == 0 {
		t.Errorf("%s: nothing saved and no message (errors %v)", c, e.Errs)
	}
	for k, p := range problems {
		if badinput.UntranslatedKey(p) {
			t.Errorf("%s: message of %s is not in the catalogue: %.120q", c, k, p)
		}
		if !strings.Contains(view, "✗ "+model.SanitizeLine(p)) {
			t.Errorf("%s: message of %s not on screen: %.120q\n%.3000s", c, k, p, view)
		}
	}
	return true
}

func guard(t *testing.T, c badCase) {
	if p := recover(); p != nil {
		t.Errorf("%s: panic: %v", c, p)
	}
}

// TestBadInputInEveryField: every field of the observation form, the
// period asked for when compiling a picture and the key judgement with
// its likelihood, given empty, huge, invalid-date, wrong-type,
// escape-sequence and right-to-left-override text, typed and pasted,
// then saved: nothing panics, a refused save writes nothing and says
// why, a save stores only clean, bounded text, and the screen never
// shows a control character of the input (issue 7).
func TestBadInputInEveryField(t *testing.T) {
	inputs := badinput.Inputs()
	lang := func(j int) model.Lang {
		if j%2 == 1 {
			return model.English
		}
		return model.Swedish
	}
	n, refused, kept := 0, 0, 0
	tally := func(r bool) {
		if r {
			refused++
		} else {
			kept++
		}
	}

	// The observation form, new and edited.
	openObs := func(l model.Lang, edit bool) *badEnv {
		e := newBadEnv(t, l)
		if edit {
			e.m.mode = ModeDetail
			e.m.detail = e.m.ix.Obs[1]
			e.Send(tea.KeyPressMsg{Code: 'e', Text: "e"})
		} else {
			e.Send(tea.KeyPressMsg{Code: 'n', Text: "n"})
			e.m.form.byName("area").set("Norrbacka")
			e.m.form.byName("summary").set("Klotter vid skolan")
		}
		if e.m.mode != ModeForm {
			t.Fatalf("the observation form did not open (mode %v)", e.m.mode)
		}
		return e
	}
	for _, edit := range []bool{false, true} {
		name := "observation"
		if edit {
			name = "observation-edit"
		}
		e := openObs(model.Swedish, edit)
		before := len(e.st.Events())
		e.Send(badinput.Save)
		if len(e.st.Events()) == before {
			t.Fatalf("%s: the form as opened does not save (errors %v, problems %v)", name, e.Errs, e.m.form.problems)
		}
		for i, fl := range openObs(model.Swedish, edit).m.form.fields {
			for j, in := range inputs {
				for _, mode := range badinput.Modes {
					c := badCase{name, fl.name, in, mode, lang(j)}
					n++
					func() {
						defer guard(t, c)
						e := openObs(c.lang, edit)
						f := e.m.form
						f.focus = i
						for range f.fields[i].value {
							e.Send(tea.KeyPressMsg{Code: tea.KeyBackspace})
						}
						before := len(e.st.Events())
						e.enter(in.Text, mode)
						if err := badinput.CheckView(e.m.View()); err != nil {
							t.Errorf("%s: while editing: %v", c, err)
						}
						for _, x := range f.fields {
							if len(x.value) > model.MaxText {
								t.Errorf("%s: field %s holds %d runes", c, x.name, len(x.value))
							}
						}
						e.Send(badinput.Save)
						var probs map[string]string
						if e.m.form != nil && e.m.mode == ModeForm {
							probs = e.m.form.problems
							for _, x := range e.m.form.fields {
								if badinput.HasBadRune(string(x.value)) && probs[x.name] == "" {
									t.Errorf("%s: %s holds a control character, yet no message beside it: %v", c, x.name, probs)
								}
							}
						}
						tally(e.check(c, before, probs))
					}()
				}
			}
		}
	}

	// The period of a picture to compile, and a key judgement with its
	// likelihood on the draft picture.
	openPic := func(l model.Lang, ask rune) *badEnv {
		e := newBadEnv(t, l)
		e.m.mode = ModePictures
		e.Send(tea.KeyPressMsg{Code: ask, Text: string(ask)})
		if e.m.picAsk == picNone {
			t.Fatalf("%c did not ask for input", ask)
		}
		if ask == 'n' {
			e.m.picText = []rune("Aktiviteten ökar i norr")
		}
		return e
	}
	for _, sp := range []struct {
		form   string
		ask    rune
		fields []string
	}{
		{"period", 'c', []string{"period"}},
		{"judgement", 'n', []string{"text", "likelihood"}},
	} {
		e := openPic(model.Swedish, sp.ask)
		before := len(e.st.Events())
		e.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		if len(e.st.Events()) == before {
			t.Fatalf("%s: the prompt as opened does not save (errors %v, %q)", sp.form, e.Errs, e.m.picErr)
		}
		for i, field := range sp.fields {
			for j, in := range inputs {
				for _, mode := range badinput.Modes {
					c := badCase{sp.form, field, in, mode, lang(j)}
					n++
					func() {
						defer guard(t, c)
						e := openPic(c.lang, sp.ask)
						e.m.picFocus = i
						if i == 0 {
							e.m.picText = nil
						}
						before := len(e.st.Events())
						e.enter(in.Text, mode)
						if err := badinput.CheckView(e.m.View()); err != nil {
							t.Errorf("%s: while editing: %v", c, err)
						}
						if len(e.m.picText) > model.MaxText {
							t.Errorf("%s: the prompt holds %d runes", c, len(e.m.picText))
						}
						asked := e.m.picAsk != picNone
						e.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
						probs := map[string]string{}
						if e.m.picErr != "" {
							probs[field] = e.m.picErr
						}
						if !asked && len(e.st.Events()) == before {
							// The input closed the prompt (an ESC key): nothing
							// was asked, nothing written.
							kept++
							return
						}
						tally(e.check(c, before, probs))
					}()
				}
			}
		}
	}
	t.Logf("picture: %d saves refused, %d saved clean or closed", refused, kept)
	if refused == 0 || kept == 0 {
		t.Errorf("refused %d, saved %d: one kind of outcome never happened, so its checks never ran", refused, kept)
	}
	t.Logf("tally: picture: %d field × input × mode cases (%d inputs, typed and pasted)", n, len(inputs))
}
