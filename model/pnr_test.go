package model

import (
	"strings"
	"testing"
)

// TestLooksLikePersonnummer holds the written forms of a personal identity
// number that must be caught, and the ordinary numbers of a municipality's
// texts that must not be. 850101-1236 and 811218-9876 have valid check
// digits; 850101-1234 has not.
func TestLooksLikePersonnummer(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// Caught: separators, caught on a plausible date alone.
		{"080512-1234", true},
		{"080512+1234", true},
		{"20080512-1234", true},
		{"19080512-1234", true},
		{"850101-1234", true}, // wrong check digit, but written as a number
		{"850101 1236", true},
		{"850101\u00a01236", true}, // no-break space
		{"850101\u202f1236", true}, // narrow no-break space
		{"850101\u20091236", true}, // thin space
		{"850101\t1236", true},
		{"850101–1236", true}, // en dash
		{"850101—1236", true}, // em dash
		{"850101‐1236", true}, // Unicode hyphen
		{"850101−1236", true}, // minus sign
		{"850101/1236", true},
		{"850101 - 1236", true},
		{"850101 / 1236", true},
		{"19850101 1236", true},
		{"19850101–1236", true},
		{"850101 12 36", true},
		{"850101-12 36", true},
		{"85 01 01-1236", true},
		{"85-01-01-1236", true},
		{"85.01.01-1236", true},
		{"1985-01-01-1236", true},
		{"1985 01 01 - 1236", true},
		{"85 01 01+1236", true},
		{"８５０１０１－１２３６", true},       // full-width digits and dash
		{"８５０１０１　１２３６", true},       // full-width digits, ideographic space
		{"８５０１０１１２３６", true},        // full-width, bare, valid check digit
		{"٨٥٠١٠١-١٢٣٦", true},       // Arabic-Indic digits
		{"850101\u200b-1236", true}, // zero-width space
		{"8501\u00ad01-1236", true}, // soft hyphen inside the date
		{"080572-1234", true},       // coordination number (day + 60)
		{"850161 1236", true},       // coordination number with a space
		{"850229-1234", true},       // 29 February
		// Caught: bare runs with a valid check digit.
		{"8501011236", true},
		{"198501011236", true},
		{"200805121233", true},
		{"0805121233", true},
		{"8112189876", true},
		// Caught inside text.
		{"Gäller elev 850101 1236, åk 9.", true},
		{"pnr:850101–1236", true},
		{"(850101/1236)", true},
		{"Eleven (850101-1236) har flyttat", true},
		{"Född 850101 12 36 i Lund", true},
		{"pnr 850101 1236 16 år", true},
		{"rad ett\n850101 1236\nrad tre", true},

		// Not caught: bare runs need a valid check digit.
		{"0805121234", false},
		{"8501011234", false},
		{"198501011234", false},
		// Not caught: impossible dates.
		{"081312-1234", false}, // month 13
		{"080500-1234", false}, // day 0
		{"850132-1234", false}, // day 32
		{"850231-1234", false}, // 31 February
		{"850431 1236", false}, // 31 April
		{"17850101-1236", false},
		{"212000-1124", false}, // an organisation number: "month" 20
		// Not caught: phone numbers.
		{"070-123 45 67", false},
		{"070 123 45 67", false},
		{"0701234567", false},
		{"+46 70 123 45 67", false},
		{"+46701234567", false},
		{"046-35 50 00", false},
		{"046 - 35 50 00", false},
		{"040-12 34 56", false},
		{"08-123 456 78", false},
		{"0701 23 45 67", false},
		{"Ring 046-35 50 00 eller 070-123 45 67.", false},
		// Not caught: dates, times, periods.
		{"2026-11-22", false},
		{"2026-12-08", false},
		{"2026-12-08 10:30", false},
		{"2026-12-08 1030", false},
		{"2026-12-08 kl. 10.30–11.45", false},
		{"08.12.2026", false},
		{"8/12 2026", false},
		{"2026-01-01/2026-03-31", false},
		{"2026-01-01 – 2026-03-31", false},
		{"2026-01-01–2026-03-31", false},
		{"2026-01-01 - 2026-03-31", false},
		{"20260101/20260331", false},
		{"20260101–20260331", false},
		{"P3M", false},
		{"2026-Q1", false},
		{"1990–2026", false},
		{"10:30-11:45", false},
		// Not caught: case and record numbers, amounts, pseudonyms.
		{"KS 2026/123", false},
		{"KS 2026/0123", false},
		{"2026-0123", false},
		{"SN 2026.1234", false},
		{"Dnr BUN 2025/00412", false},
		{"150 000 kr", false},
		{"1 250 000 kr", false},
		{"Person A-17", false},
		{"Elev 17", false},
		{"P-23", false},
		{"ärende 12345", false},
		{"1080512-12345", false},
		{"850101-12345", false},
		{"192.168.10.12", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksLikePersonnummer(tt.in); got != tt.want {
			t.Errorf("LooksLikePersonnummer(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestLooksLikePersonnummerEveryForm writes two numbers (one with a valid
// check digit, one without) in every combination of century, separator
// and digit form, and expects each to be caught wherever it stands in a
// sentence.
func TestLooksLikePersonnummerEveryForm(t *testing.T) {
	full := strings.NewReplacer("0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５", "6", "６", "7", "７", "8", "８", "9", "９")
	seps := []string{"-", "+", " ", "–", "—", "/", " - ", "\u00a0", "－"}
	for _, date := range []string{"850101", "19850101", "811218", "19811218", "850161"} {
		for _, serial := range []string{"1236", "9876", "1234"} {
			for _, sep := range seps {
				for _, form := range []func(string) string{
					func(s string) string { return s },
					full.Replace,
				} {
					for _, around := range []string{"%s", "Gäller %s.", "(%s)", "x %s y"} {
						s := strings.Replace(around, "%s", form(date+sep+serial), 1)
						if !LooksLikePersonnummer(s) {
							t.Errorf("not caught: %q", s)
						}
					}
				}
			}
		}
	}
}

// FuzzLooksLikePersonnummer checks that no input panics, and that a
// number caught stays caught when its digits are written full-width or
// text is put around it.
func FuzzLooksLikePersonnummer(f *testing.F) {
	for _, s := range []string{"850101-1236", "070-123 45 67", "８５０１０１－１２３６", "85 01 01-1236", "2026-01-01 – 2026-03-31", "\xff\xfe"} {
		f.Add(s)
	}
	full := strings.NewReplacer("0", "０", "1", "１", "2", "２", "3", "３", "4", "４", "5", "５", "6", "６", "7", "７", "8", "８", "9", "９")
	f.Fuzz(func(t *testing.T, s string) {
		got := LooksLikePersonnummer(s)
		if got && !LooksLikePersonnummer("Text: "+s+" slut") {
			t.Errorf("caught %q alone but not inside text", s)
		}
		if got != LooksLikePersonnummer(full.Replace(s)) {
			t.Errorf("%q and its full-width form disagree", s)
		}
	})
}

// TestValidateRefusesPersonnummerInEveryTextField walks every string
// field of every kind of record (by reflection, so a field added later is
// covered), writes a personal identity number into it in a form that got
// in before ("850101 1236", with a space), and expects Validate to refuse
// it with MsgPersonnummer on that very field. Only fields the vault fills
// in itself or that hold a structured value are exempt.
func TestValidateRefusesPersonnummerInEveryTextField(t *testing.T) {
	exempt := map[string]bool{"author": true, "origin": true, "phone": true, "email": true, "signing_key": true, "recipients[0]": true}
	forms := []string{"850101 1236", "Gäller ８５０１０１–１２３６.", "85 01 01-1236"}
	checked := 0
	for ri, sample := range sampleRecords() {
		for _, path := range stringFields(sample) {
			if exempt[path] {
				continue
			}
			for _, pnr := range forms {
				r := sampleRecords()[ri]
				setStringField(t, r, path, pnr)
				if s, ok := r.(*Case); ok && path == "title" {
					s.Subject, s.Pseudonym = SubjectArea, ""
				}
				ps := Validate(r, nil)
				found := false
				for _, p := range ps.For(path) {
					found = found || p.Msg == MsgPersonnummer
				}
				if !found {
					t.Errorf("%s.%s = %q: no personnummer problem, got %v", r.Kind(), path, pnr, ps)
					continue
				}
				line := ps.Err(r.Kind()).Error()
				if !strings.Contains(line, path+": The text looks like it holds a Swedish personal identity number") {
					t.Errorf("%s.%s: the message does not name the field: %s", r.Kind(), path, line)
				}
				checked++
			}
		}
	}
	if checked < 3*30 {
		t.Errorf("only %d fields checked: the walk misses fields", checked/3)
	}
}

// BenchmarkLooksLikePersonnummer measures the check on a typical summary
// (no long digit runs: the common case, which must not allocate) and on
// a text full of numbers.
func BenchmarkLooksLikePersonnummer(b *testing.B) {
	plain := "Klistermärken med symboler kopplade till miljön vid Piläng, 2026-11-18; polisen informerad."
	numbers := "Ring 046-35 50 00 eller 070-123 45 67. Period 2026-01-01 – 2026-03-31, dnr KS 2026/0123."
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			LooksLikePersonnummer(plain)
		}
	})
	b.Run("numbers", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			LooksLikePersonnummer(numbers)
		}
	})
}

// TestLooksLikePersonnummerThroughInvisibleCharacters: an invisible
// character of any kind — a combining mark, a variation selector, a
// format character — between the digits does not hide the number (found
// in review: U+034F, U+FE0F and U+180E once got through).
func TestLooksLikePersonnummerThroughInvisibleCharacters(t *testing.T) {
	for _, s := range []string{
		"850101-1\u034f236", "850101-12\ufe0f36", "8501011\u034f236", "850101-1\u180e236",
		"850101\u200e-1236", "85\u0301" + "0101-1236", "850101-12\U000E0001" + "36",
	} {
		if !LooksLikePersonnummer(s) {
			t.Errorf("LooksLikePersonnummer(%q) = false, want true", s)
		}
	}
}
