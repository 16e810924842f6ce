package common

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
)

func TestScroll(t *testing.T) {
	km := NewKeyMap(model.English)
	tests := []struct {
		name         string
		key          tea.KeyPressMsg
		offset, want int
		ok           bool
	}{
		{"down", tea.KeyPressMsg{Code: 'j', Text: "j"}, 3, 4, true},
		{"down at the end", tea.KeyPressMsg{Code: tea.KeyDown}, 10, 10, true},
		{"up at the top", tea.KeyPressMsg{Code: 'k', Text: "k"}, 0, 0, true},
		{"page down", tea.KeyPressMsg{Code: tea.KeyPgDown}, 2, 7, true},
		{"page down past the end", tea.KeyPressMsg{Code: tea.KeyPgDown}, 8, 10, true},
		{"page up", tea.KeyPressMsg{Code: tea.KeyPgUp}, 4, 0, true},
		{"top", tea.KeyPressMsg{Code: 'g', Text: "g"}, 6, 0, true},
		{"bottom", tea.KeyPressMsg{Code: 'G', Text: "G", ShiftedCode: 'G'}, 1, 10, true},
		{"other key", tea.KeyPressMsg{Code: 'x', Text: "x"}, 6, 6, false},
	}
	for _, tt := range tests {
		got, ok := km.Scroll(tt.key, tt.offset, 5, 10)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: Scroll(%d) = %d, %v; want %d, %v", tt.name, tt.offset, got, ok, tt.want, tt.ok)
		}
	}
}

func TestEditLine(t *testing.T) {
	tests := []struct {
		name, text string
		key        tea.KeyPressMsg
		want       string
		ed         LineEdit
	}{
		{"letter", "ab", tea.KeyPressMsg{Code: 'c', Text: "c"}, "abc", LineChanged},
		{"å", "", tea.KeyPressMsg{Code: 'å', Text: "å"}, "å", LineChanged},
		{"full", "abcd", tea.KeyPressMsg{Code: 'e', Text: "e"}, "abcd", LineIgnored},
		{"ctrl", "ab", tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, "ab", LineIgnored},
		{"backspace", "ab", tea.KeyPressMsg{Code: tea.KeyBackspace}, "a", LineChanged},
		{"backspace on empty", "", tea.KeyPressMsg{Code: tea.KeyBackspace}, "", LineIgnored},
		{"enter keeps", "ab", tea.KeyPressMsg{Code: tea.KeyEnter}, "ab", LineDone},
		{"esc clears", "ab", tea.KeyPressMsg{Code: tea.KeyEscape}, "", LineCleared},
		{"arrow", "ab", tea.KeyPressMsg{Code: tea.KeyLeft}, "ab", LineIgnored},
	}
	for _, tt := range tests {
		got, ed := EditLine(tt.key, []rune(tt.text), 4)
		if string(got) != tt.want || ed != tt.ed {
			t.Errorf("%s: EditLine(%q) = %q, %v; want %q, %v", tt.name, tt.text, string(got), ed, tt.want, tt.ed)
		}
	}
}
