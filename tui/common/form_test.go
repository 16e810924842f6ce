package common

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
)

func TestFormPaste(t *testing.T) {
	one := &Field{Name: "title", Label: model.UIFieldArea}
	multi := &Field{Name: "notes", Label: model.UIFieldSummary, Multi: true}
	choice := &Field{Name: "status", Label: model.UIFieldTLP, Choices: []string{"a", "b"}, ChoiceLabel: func(s string) string { return s }}
	f := NewForm(model.UIFormNew, one, multi, choice)

	if !f.Paste("Möte\r\nom\x1b[1mläget\x1b[0m\n") || one.Text() != "Möte omläget" {
		t.Errorf("one-line field after paste = %q", one.Text())
	}
	if !f.Dirty {
		t.Error("form not dirty after a paste")
	}
	f.Focus = 1
	f.Paste("första\randra\u2028tredje\x07\x1b]0;titel\x07\u009b2J")
	// The C1 CSI goes; what followed it is plain text then.
	if got := multi.Text(); got != "första\nandra\ntredje2J" {
		t.Errorf("multi-line field after paste = %q", got)
	}
	f.Focus = 2
	if f.Paste("b") || choice.Text() != "a" {
		t.Errorf("a choice field took a paste: %q", choice.Text())
	}
	// A paste never makes a field longer than the form allows.
	f.Focus = 0
	f.Paste(strings.Repeat("x", 3*maxFieldRunes))
	if n := len([]rune(one.Text())); n != maxFieldRunes {
		t.Errorf("field holds %d runes after a huge paste, want the limit %d", n, maxFieldRunes)
	}
	f.Saving = true
	if f.Paste("y") {
		t.Error("a form being saved took a paste")
	}
}

func TestPasteTextRoom(t *testing.T) {
	if got := string(PasteText("åäö\n", false, 2)); got != "åä" {
		t.Errorf("PasteText with room 2 = %q", got)
	}
	if got := PasteText("abc", false, 0); got != nil {
		t.Errorf("PasteText with no room = %q", string(got))
	}
}

// TestFormHiddenField: a field hidden by the choice in another is skipped
// by tab and shift+tab, not drawn, takes no paste, and reads as empty, so
// what the user cannot see is never saved; shown again, it has its text.
func TestFormHiddenField(t *testing.T) {
	kind := &Field{Name: "kind", Label: model.UIFieldTLP, Choices: []string{"group", "person"}, ChoiceLabel: func(s string) string { return s }}
	title := &Field{Name: "title", Label: model.UIFieldArea, Hide: func(f *Form) bool { return f.Get("kind") == "person" }}
	last := &Field{Name: "note", Label: model.UIFieldSummary}
	f := NewForm(model.UIFormNew, kind, title, last)
	f.Set("title", "Gruppen vid torget")
	f.Set("note", "x")
	km := NewKeyMap(model.English)
	com := &Common{Styles: NewStyles(true), KeyMap: km, Lang: model.English}
	if got := f.Get("title"); got != "Gruppen vid torget" {
		t.Fatalf("shown field reads %q", got)
	}
	f.Key(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, km) // kind → person
	if f.Get("kind") != "person" {
		t.Fatalf("kind = %q", f.Get("kind"))
	}
	if got := f.Get("title"); got != "" {
		t.Errorf("hidden field reads %q, want empty", got)
	}
	if v := f.View(com, 80, 20); strings.Contains(v, "Gruppen") || strings.Contains(v, com.T(model.UIFieldArea)) {
		t.Errorf("hidden field drawn:\n%s", v)
	}
	f.Key(tea.KeyPressMsg{Code: tea.KeyTab}, km)
	if f.Fields[f.Focus] != last {
		t.Errorf("tab went to %s, want past the hidden field", f.Fields[f.Focus].Name)
	}
	f.Key(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}, km)
	if f.Fields[f.Focus] != kind {
		t.Errorf("shift+tab went to %s, want past the hidden field", f.Fields[f.Focus].Name)
	}
	// A problem on a hidden field is shown, not lost.
	f.SetProblems(model.Problems{{Field: "title", Msg: model.MsgNoTitleForPerson}}, model.English, nil)
	if len(f.General) != 1 {
		t.Errorf("problem of a hidden field: general %v, problems %v", f.General, f.Problems)
	}
	f.FocusOn("title")
	if f.Paste("y") {
		t.Error("a hidden field took a paste")
	}
	f.Key(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, km) // focus moved on, away from the hidden field
	f.Focus = 0
	f.Key(tea.KeyPressMsg{Code: tea.KeyLeft}, km) // kind → group
	if got := f.Get("title"); got != "Gruppen vid torget" {
		t.Errorf("shown again, the field reads %q", got)
	}
}
