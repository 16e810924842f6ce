package exchange

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/badinput"
)

// badEnv drives the screen synchronously on the fake exchange store, in
// language l and without colour.
type badEnv struct {
	m  *Model
	st *xstore
	badinput.Driver
}

func newBadEnv(l model.Lang) *badEnv {
	st := newStore()
	com := &common.Common{Width: 300, Height: 60, Styles: badinput.PlainStyles(), KeyMap: common.NewKeyMap(l), Lang: l, Now: clock, Store: st}
	e := &badEnv{m: New(com), st: st}
	e.Update = func(msg tea.Msg) tea.Cmd { _, cmd := e.m.Update(msg); return cmd }
	e.m.SetSize(300, 57)
	e.Send(common.ActivateMsg{})
	return e
}

func (e *badEnv) keys(ks ...rune) {
	for _, k := range ks {
		e.Send(tea.KeyPressMsg{Code: k, Text: string(k)})
	}
}

// oneLineClean reports a control, escape, bidi or line-break character in
// a text the wizard hands on.
func oneLineClean(name, s string) error {
	if err := badinput.CheckView(s); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if strings.ContainsAny(s, "\n\t") {
		return fmt.Errorf("%s holds a line break or tab: %.60q", name, s)
	}
	return nil
}

// TestBadInputInEveryField: every text field of the export wizard (changed
// since, legal basis, purpose, file) and the import file field given
// empty, huge, invalid-date, wrong-type, escape-sequence and
// right-to-left-override text, typed and pasted, then confirmed: nothing
// panics, a refused export hands nothing to the vault and says why, an
// export gets only clean one-line texts, and the screen never shows a
// control character of the input (issue 7).
func TestBadInputInEveryField(t *testing.T) {
	names := map[int]string{fieldSince: "since", fieldLegal: "legal_basis", fieldPurpose: "purpose", fieldFile: "file"}
	openScope := func(l model.Lang) *badEnv {
		e := newBadEnv(l)
		e.keys('e')
		e.Send(tea.KeyPressMsg{Code: tea.KeyDown})
		e.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
		if e.m.mode != modeScope {
			t.Fatalf("the export wizard did not open (mode %v)", e.m.mode)
		}
		e.m.text[fieldLegal] = []rune("OSL 10 kap. 27 §")
		e.m.text[fieldPurpose] = []rune("Gemensam lägesbild")
		return e
	}
	confirm := func(e *badEnv) {
		if e.m.mode == modeScope {
			e.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // preview
		}
		if e.m.mode == modePreview {
			e.Send(tea.KeyPressMsg{Code: tea.KeyEnter}) // export
		}
	}
	// The wizard as opened exports: otherwise the refusals prove nothing.
	if e := openScope(model.Swedish); true {
		confirm(e)
		if e.st.exported != 1 {
			t.Fatalf("the wizard as opened does not export (errors %v, %q)", e.Errs, e.m.errText)
		}
	}
	n, refused, exported, kept := 0, 0, 0, 0
	for f := fieldSince; f < numFields; f++ {
		for j, in := range badinput.Inputs() {
			for _, mode := range badinput.Modes {
				l := model.Swedish
				if j%2 == 1 {
					l = model.English
				}
				name := fmt.Sprintf("export/%s/%s/%s", names[f], in.Name, mode)
				n++
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s: panic: %v", name, p)
						}
					}()
					e := openScope(l)
					e.m.field, e.m.text[f] = f, nil
					if mode == "typed" {
						badinput.Type(in.Text, e.Send)
					} else {
						badinput.Paste(e.m, in.Text, e.Send, e.Run)
					}
					if err := badinput.CheckView(e.m.View()); err != nil {
						t.Errorf("%s: while editing: %v", name, err)
					}
					for g := fieldSince; g < numFields; g++ {
						if len(e.m.text[g]) > 1000 {
							t.Errorf("%s: field %s holds %d runes", name, names[g], len(e.m.text[g]))
						}
					}
					if e.m.mode != modeScope && e.m.mode != modePreview {
						// An escape key left the wizard: nothing to export.
						kept++
						return
					}
					confirm(e)
					view := e.m.View()
					if err := badinput.CheckView(view); err != nil {
						t.Errorf("%s: after confirming: %v", name, err)
					}
					if e.st.exported > 0 {
						exported++
						r := e.st.lastReq
						for _, x := range [][2]string{{"legal basis", r.LegalBasis}, {"purpose", r.Purpose}, {"path", r.Path}} {
							if err := oneLineClean(x[0], x[1]); err != nil {
								t.Errorf("%s: exported with %v", name, err)
							}
						}
						return
					}
					refused++
					if e.m.errText == "" {
						t.Errorf("%s: nothing exported and no message (mode %v, errors %v)", name, e.m.mode, e.Errs)
					} else if !strings.Contains(view, "✗ "+e.m.errText) {
						t.Errorf("%s: message not on screen: %.120q", name, e.m.errText)
					}
				}()
			}
		}
	}
	// The import file: whatever is typed, the screen shows it cleaned.
	for j, in := range badinput.Inputs() {
		for _, mode := range badinput.Modes {
			l := model.Swedish
			if j%2 == 1 {
				l = model.English
			}
			name := fmt.Sprintf("import/file/%s/%s", in.Name, mode)
			n++
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s: panic: %v", name, p)
					}
				}()
				e := newBadEnv(l)
				e.keys('i')
				if e.m.mode != modeImportPath {
					t.Fatalf("i did not ask for a file (mode %v)", e.m.mode)
				}
				if mode == "typed" {
					badinput.Type(in.Text, e.Send)
				} else {
					badinput.Paste(e.m, in.Text, e.Send, e.Run)
				}
				if len(e.m.importPath) > 1000 {
					t.Errorf("%s: the file field holds %d runes", name, len(e.m.importPath))
				}
				if err := badinput.CheckView(e.m.View()); err != nil {
					t.Errorf("%s: while editing: %v", name, err)
				}
				e.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
				if err := badinput.CheckView(e.m.View()); err != nil {
					t.Errorf("%s: after confirming: %v", name, err)
				}
				if e.st.applied > 0 {
					t.Errorf("%s: an import was applied without a yes", name)
				}
			}()
		}
	}
	t.Logf("exchange: %d exports refused, %d exported clean, %d left the wizard", refused, exported, kept)
	if refused == 0 || exported == 0 {
		t.Errorf("refused %d, exported %d: one kind of outcome never happened, so its checks never ran", refused, exported)
	}
	t.Logf("tally: exchange: %d field × input × mode cases (%d inputs, typed and pasted)", n, len(badinput.Inputs()))
}
