package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Scroll moves offset for a navigation key — down, up, page down, page
// up, top, bottom — keeping it within 0..limit, page lines to a page. ok
// is false for any other key, which the caller then handles itself.
func (k *KeyMap) Scroll(msg tea.KeyPressMsg, offset, page, limit int) (next int, ok bool) {
	switch {
	case key.Matches(msg, k.Nav.Down):
		offset++
	case key.Matches(msg, k.Nav.Up):
		offset--
	case key.Matches(msg, k.Nav.PageDown):
		offset += page
	case key.Matches(msg, k.Nav.PageUp):
		offset -= page
	case key.Matches(msg, k.Nav.Top):
		offset = 0
	case key.Matches(msg, k.Nav.Bottom):
		offset = limit
	default:
		return offset, false
	}
	return max(min(offset, limit), 0), true
}

// LineEdit is what EditLine did with a key.
type LineEdit int

// The outcomes of EditLine.
const (
	LineIgnored LineEdit = iota // not an editing key: text unchanged
	LineChanged                 // a character added or removed
	LineDone                    // enter: typing ends, text kept
	LineCleared                 // esc: typing ends, text cleared
)

// EditLine applies a key to one line of text being typed, such as a
// filter: enter ends typing and keeps the text, esc ends it and clears
// the text, backspace removes the last character, ctrl+u empties the
// line, and printable text without ctrl or alt is added while the line
// holds fewer than limit characters.
func EditLine(msg tea.KeyPressMsg, text []rune, limit int) ([]rune, LineEdit) {
	k := msg.Key()
	switch {
	case msg.String() == "ctrl+u":
		if len(text) == 0 {
			return text, LineIgnored
		}
		return text[:0], LineChanged
	case k.Code == tea.KeyEnter:
		return text, LineDone
	case k.Code == tea.KeyEscape:
		return nil, LineCleared
	case k.Code == tea.KeyBackspace:
		if len(text) == 0 {
			return text, LineIgnored
		}
		return text[:len(text)-1], LineChanged
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(text) < limit:
		return append(text, []rune(k.Text)...), LineChanged
	}
	return text, LineIgnored
}
