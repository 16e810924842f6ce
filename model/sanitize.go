package model

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// tabSpaces is what a tab becomes in sanitized text.
const tabSpaces = "    "

// Sanitize makes text that came from a user, the vault or a bundle safe to
// show in a terminal. It is the one function for this; everything
// rendered from a record goes through it (or [SanitizeLine]). It
//
//   - replaces invalid UTF-8 with U+FFFD,
//   - removes ANSI escape sequences (ansi.Strip),
//   - drops every C0 control except newline (a tab becomes four spaces;
//     a carriage return is dropped), DEL, and the C1 controls
//     U+0080–U+009F,
//   - drops the bidirectional controls U+202A–U+202E, U+2066–U+2069 and
//     U+061C, and the zero-width characters U+200B–U+200F, U+2060–U+2064
//     and U+FEFF,
//   - turns the line and paragraph separators U+2028 and U+2029 into
//     newlines,
//
// and keeps everything else, Swedish letters and emoji included.
func Sanitize(s string) string {
	if isPlain(s) || (safeText(s, true) && !strings.ContainsAny(s, "\t\u2028\u2029")) {
		return s // nothing to do: no allocation
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString(tabSpaces)
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case dropRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SanitizeLine is [Sanitize] for single-line contexts such as list rows,
// titles and error messages: newlines become spaces as well.
func SanitizeLine(s string) string {
	s = Sanitize(s)
	if strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\n", " ")
}

// isPlain reports whether s is printable ASCII and newlines only, which
// Sanitize returns unchanged.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && c != '\n') || c >= 0x7f {
			return false
		}
	}
	return true
}

// dropRune reports whether Sanitize removes r.
func dropRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e,
		r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069,
		r == 0xfeff, r == 0x061c:
		return true
	}
	return false
}

// safeText reports whether s needs no sanitizing to be shown, allowing
// newlines and tabs only where multiline is true. Validate rejects text
// that is not safe, so that stored records hold clean text.
func safeText(s string, multiline bool) bool {
	if isPlain(s) {
		return multiline || strings.IndexByte(s, '\n') < 0
	}
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\u2028' || r == '\u2029':
			if !multiline {
				return false
			}
		case r == 0x1b || dropRune(r):
			return false
		}
	}
	return true
}
