package common

import (
	"strings"
	"testing"

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
