package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Norrbacka 12", "Norrbacka 12"},
		{"swedish", "Gläntan: åäö ÅÄÖ é", "Gläntan: åäö ÅÄÖ é"},
		{"emoji", "flagga 🇸🇪 👍🏽 🙂", "flagga 🇸🇪 👍🏽 🙂"},
		{"newline kept", "a\nb", "a\nb"},
		{"tab to spaces", "a\tb", "a    b"},
		{"crlf", "a\r\nb", "a\nb"},
		{"csi colour", "\x1b[31mred\x1b[0m", "red"},
		{"clear screen", "x\x1b[2Jy", "xy"},
		{"osc 52 clipboard", "a\x1b]52;c;ZWNobyBoaQ==\x07b", "ab"},
		{"osc 8 link st", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"bell backspace", "a\x07b\x08c", "abc"},
		{"shift out", "a\x0e\x0fb", "ab"},
		{"nul", "a\x00b", "ab"},
		{"del", "a\x7fb", "ab"},
		{"c1 csi", "a\u009b31mb", "a31mb"},
		{"c1 range", "a\u0080\u0085\u009fb", "ab"},
		{"bidi override", "abc\u202eevil\u202c", "abcevil"},
		{"bidi isolates", "\u2066x\u2067y\u2068z\u2069", "xyz"},
		{"arabic letter mark", "a\u061cb", "ab"},
		{"zero width", "a\u200bb\u200cc\u200dd\u200ee\u200ff", "abcdef"},
		{"word joiner etc", "a\u2060b\u2061c\u2064d", "abcd"},
		{"bom", "\ufeffabc", "abc"},
		{"line separator", "a\u2028b\u2029c", "a\nb\nc"},
		{"invalid utf8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"lone esc", "a\x1b", "a"},
		{"esc inside invalid", "\xff\x1b[31mx", "\uFFFDx"},
		{"8-bit c1 byte", "a\x9b31mb", "a\uFFFD31mb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkSafe(t, tt.in, Sanitize(tt.in))
		})
	}
}

func TestSanitizeLine(t *testing.T) {
	for in, want := range map[string]string{
		"a\nb":          "a b",
		"a\r\nb\x1b[2J": "a b",
		"one line":      "one line",
		"a\u2028b":      "a b",
	} {
		if got := SanitizeLine(in); got != want {
			t.Errorf("SanitizeLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSanitizePlainDoesNotAllocate(t *testing.T) {
	for _, s := range []string{strings.Repeat("Norrbacka skola 12\n", 10), "Gläntan åäö 🙂 – ”citat”"} {
		if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
			t.Errorf("Sanitize of clean text %q allocates %v times", s, n)
		}
	}
}

// checkSafe asserts the properties Sanitize guarantees.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("Sanitize(%q) = %q is not valid UTF-8", in, out)
	}
	for _, r := range out {
		switch {
		case r == 0x1b:
			t.Errorf("Sanitize(%q) = %q holds ESC", in, out)
		case r < 0x20 && r != '\n':
			t.Errorf("Sanitize(%q) = %q holds C0 control %U", in, out, r)
		case r == 0x7f || (r >= 0x80 && r <= 0x9f):
			t.Errorf("Sanitize(%q) = %q holds %U", in, out, r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x061c:
			t.Errorf("Sanitize(%q) = %q holds bidi control %U", in, out, r)
		case (r >= 0x200b && r <= 0x200f) || (r >= 0x2060 && r <= 0x2064) || r == 0xfeff:
			t.Errorf("Sanitize(%q) = %q holds zero-width %U", in, out, r)
		}
	}
	if Sanitize(out) != out {
		t.Errorf("Sanitize is not idempotent on %q", in)
	}
	if !safeText(out, true) {
		t.Errorf("safeText rejects Sanitize's output %q", out)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "plain", "åäö🙂", "\x1b[31mred", "\x1b]52;c;aGk=\x07", "\u009b2J", "\u202eevil",
		"\xff\xfe", "a\tb\r\n", "\x1bP+q\x1b\\", "\x1b[?1049h", "\u2066\u200b\ufeff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		checkSafe(t, s, out)
		line := SanitizeLine(s)
		if strings.ContainsRune(line, '\n') {
			t.Errorf("SanitizeLine(%q) = %q holds a newline", s, line)
		}
		if safeText(s, true) && out != strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "\t", tabSpaces), "\u2028", "\n"), "\u2029", "\n") {
			t.Errorf("Sanitize changed safe text %q to %q", s, out)
		}
	})
}

func BenchmarkSanitize(b *testing.B) {
	plain := strings.Repeat("Klistermärken vid Gläntans skola, flyers i trappuppgångar. ", 4)
	hostile := strings.Repeat("a\x1b[31mb\u202ec\x07d\u200b", 20)
	b.Run("swedish", func(b *testing.B) {
		for b.Loop() {
			_ = Sanitize(plain)
		}
	})
	b.Run("hostile", func(b *testing.B) {
		for b.Loop() {
			_ = Sanitize(hostile)
		}
	})
}
