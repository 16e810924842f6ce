package common_test

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/badinput"
)

// maxFieldRunes is the form's bound on a field (model.MaxText + 100).
const maxFieldRunes = model.MaxText + 100

// TestFormBadInput: the shared form widget given every bad input in each
// kind of field, typed and pasted: a field never holds more than its
// bound, the form never draws a control, escape or direction character of
// the input, and a field's problem stays on screen beside a long value.
func TestFormBadInput(t *testing.T) {
	com := &common.Common{Styles: badinput.PlainStyles(), KeyMap: common.NewKeyMap(model.Swedish), Lang: model.Swedish}
	newForm := func() *common.Form {
		return common.NewForm(model.UIFormNew,
			&common.Field{Name: "title", Label: model.UIFieldArea},
			&common.Field{Name: "notes", Label: model.UIFieldSummary, Multi: true},
			&common.Field{Name: "tlp", Label: model.UIFieldTLP, Choices: common.Codes(model.AllTLPs()), ChoiceLabel: func(c string) string { return c }},
		)
	}
	n := 0
	for i := range newForm().Fields {
		for _, in := range badinput.Inputs() {
			for _, mode := range badinput.Modes {
				n++
				f := newForm()
				f.Focus = i
				name := f.Fields[i].Name + "/" + in.Name + "/" + mode
				send := func(msg tea.Msg) {
					if k, ok := msg.(tea.KeyPressMsg); ok {
						f.Key(k, com.KeyMap)
					}
				}
				if mode == "typed" {
					badinput.Type(in.Text, send)
				} else {
					f.Paste(in.Text)
				}
				for _, x := range f.Fields {
					if got := len([]rune(x.Text())); got > maxFieldRunes {
						t.Errorf("%s: %s holds %d runes, more than %d", name, x.Name, got, maxFieldRunes)
					}
				}
				msg := model.Swedish.T(model.MsgBadCharacters)
				for _, x := range f.Fields {
					f.Problems[x.Name] = msg
				}
				for _, w := range []int{80, 200} {
					view := f.View(com, w, 40)
					if err := badinput.CheckView(view); err != nil {
						t.Errorf("%s at width %d: %v", name, w, err)
					}
					if w == 200 && strings.Count(view, "✗ "+msg) != len(f.Fields) {
						t.Errorf("%s: a field's problem is cut off beside its value:\n%.2000s", name, view)
					}
				}
			}
		}
	}
	t.Logf("tally: common: %d field × input × mode cases on the form widget", n)
}
