package model

import (
	"unicode"
	"unicode/utf8"
)

// LooksLikePersonnummer reports whether s holds something that looks like
// a Swedish personal identity number (personnummer) or coordination
// number (samordningsnummer, the day plus 60), in any common written form:
//
//   - with or without the century: 850101-1236, 19850101-1236;
//   - with "-", "+", a space, an en or em dash, a slash, or a separator
//     with spaces around it: 850101+1236, 850101 1236, 850101–1236,
//     850101/1236, 850101 - 1236;
//   - with the digits split in groups: 850101 12 36, 85 01 01-1236,
//     1985-01-01-1236;
//   - in full-width or other Unicode decimal digits (８５０１０１－１２３６),
//     with non-breaking or thin spaces, or with invisible characters
//     between the digits.
//
// A number written with a separator is caught on a plausible date alone
// (month 01–12, a day the month has); a bare run of 10 or 12 digits, which
// may as well be a phone or case number, only if its check digit is right
// too. To leave ordinary numbers alone, a date written in groups
// ("85 01 01") counts only when a dash or plus joins it to the last four
// digits, and a number glued by a dash or slash to further digits on
// either side (as in the period "2026-01-01 – 2026-03-31") is not one.
// Phone numbers ("070-123 45 67"), dates, times, years and case numbers
// ("KS 2026/0123") do not match.
func LooksLikePersonnummer(s string) bool {
	if !tenDigits(s) {
		// Most texts: nothing to read, and nothing allocated.
		return false
	}
	t := pnrTokens(s)
	for i := range t.runs {
		if t.match(i) {
			return true
		}
	}
	return false
}

// tenDigits reports whether s holds at least ten decimal digits (of any
// script), the fewest an identity number has.
func tenDigits(s string) bool {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= '0' && c <= '9' {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsDigit(r) {
			n++
		}
		i += size
	}
	return n >= 10
}

// pnrRun is a run of decimal digits (ASCII after normalising) and the gap
// that follows it up to the next run.
type pnrRun struct {
	// lo and hi bound the run's digits in pnrText.digits.
	lo, hi int
	// gap joins this run to the next one: a gapSpace, a gapSpaced
	// symbol (" - ") or a gapTight symbol ("-"); gapNone breaks the
	// chain (letters, punctuation, a line break, the end of the text).
	gap    gapKind
	symbol byte // '-', '+', '/' or '.'; 0 for a gap of spaces only
}

type gapKind uint8

const (
	gapNone gapKind = iota
	gapSpace
	gapSpaced
	gapTight
)

// pnrText is a text read for identity numbers: its digits, normalised
// and put end to end (the runs of a number in groups are then one slice),
// and the runs.
type pnrText struct {
	digits []byte
	runs   []pnrRun
}

// pnrTokens splits s into runs of digits and classifies the gaps between
// them, after normalising what NFKC would (full-width and other decimal
// digits to ASCII, dash and space variants to "-" and " ") and dropping
// invisible characters, so that a number cannot hide behind look-alikes.
func pnrTokens(s string) pnrText {
	t := pnrText{digits: make([]byte, 0, 32), runs: make([]pnrRun, 0, 8)}
	var gapBuf [8]byte
	gap := gapBuf[:0] // the normalised separators since the last run
	inRun, lo := false, 0
	flush := func() {
		if inRun {
			t.runs = append(t.runs, pnrRun{lo: lo, hi: len(t.digits)})
			inRun = false
		}
	}
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		c := pnrClass(r)
		switch {
		case c == 0: // invisible: as if not there
			continue
		case c >= '0' && c <= '9':
			if !inRun {
				if len(t.runs) > 0 {
					k := &t.runs[len(t.runs)-1]
					k.gap, k.symbol = classifyGap(gap)
				}
				gap, lo = gap[:0], len(t.digits)
			}
			t.digits = append(t.digits, c)
			inRun = true
		default:
			flush()
			if len(gap) < 8 {
				gap = append(gap, c)
			}
		}
	}
	flush()
	return t
}

// pnrClass normalises one rune: a decimal digit to its ASCII digit, a dash
// or minus to '-', a plus to '+', a slash to '/', a full stop to '.', a
// space to ' ', an invisible character to 0, and anything else to 'x'.
func pnrClass(r rune) byte {
	switch {
	case r >= '0' && r <= '9':
		return byte(r)
	case r == '-' || r == '+' || r == '/' || r == '.' || r == ' ':
		return byte(r)
	case r == '\t':
		return ' '
	case r < utf8.RuneSelf:
		return 'x'
	}
	switch r {
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d':
		return '-'
	case '\uff0b', '\ufe62':
		return '+'
	case '\uff0f', '\u2044', '\u2215':
		return '/'
	case '\uff0e', '\u3002':
		return '.'
	case '\u00a0', '\u2007', '\u202f', '\u3000':
		return ' '
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return 0
	}
	if r >= '\u2000' && r <= '\u200a' {
		return ' '
	}
	if d, ok := digitValue(r); ok {
		return '0' + d
	}
	// Any other invisible character (a combining mark, a variation
	// selector, a format character, a default-ignorable code point) would
	// split the digits without showing: it is dropped too.
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point) || r == '\u180e' {
		return 0
	}
	return 'x'
}

// digitValue returns the value of a Unicode decimal digit (category Nd).
// Every script's digits are a block of ten from its zero, and the Nd
// table's ranges start at a zero, so the value is the offset modulo 10.
func digitValue(r rune) (byte, bool) {
	if !unicode.IsDigit(r) {
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi && rg.Stride == 1 {
			return byte((r - lo) % 10), true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi && rg.Stride == 1 {
			return byte((r - lo) % 10), true
		}
	}
	return 0, false
}

// classifyGap classifies the normalised characters between two runs of
// digits: up to three characters, spaces and at most one symbol.
func classifyGap(g []byte) (gapKind, byte) {
	if len(g) == 0 || len(g) > 3 {
		return gapNone, 0
	}
	var sym byte
	spaces := 0
	for _, c := range g {
		switch c {
		case ' ':
			spaces++
		case '-', '+', '/', '.':
			if sym != 0 {
				return gapNone, 0
			}
			sym = c
		default:
			return gapNone, 0
		}
	}
	switch {
	case sym == 0:
		return gapSpace, 0
	case spaces == 0:
		return gapTight, sym
	}
	return gapSpaced, sym
}

// joined reports whether run i is joined to run i+1.
func (t *pnrText) joined(i int) bool {
	return i >= 0 && i+1 < len(t.runs) && t.runs[i].gap != gapNone
}

// glued reports whether run i is joined to run i+1 by a symbol without
// spaces, as the parts of one number are ("2026-03", "KS 2026/12").
func (t *pnrText) glued(i int) bool { return t.joined(i) && t.runs[i].gap == gapTight }

// lenAt returns the number of digits of run i, or 0 past the end.
func (t *pnrText) lenAt(i int) int {
	if i < 0 || i >= len(t.runs) {
		return 0
	}
	return t.runs[i].hi - t.runs[i].lo
}

// run returns the digits of run i.
func (t *pnrText) run(i int) []byte { return t.digits[t.runs[i].lo:t.runs[i].hi] }

// match reports whether a personal identity number starts at run i.
func (t *pnrText) match(i int) bool {
	r := t.run(i)
	// A bare run of 10 or 12 digits with a valid check digit.
	if (len(r) == 10 || len(r) == 12) && plausibleDate(r[:len(r)-4]) && luhn(r[len(r)-10:]) {
		return true
	}
	// The date: one run of 6 or 8 digits, or three groups (YY MM DD,
	// YYYY-MM-DD) joined by spaces, dashes or dots.
	var date []byte
	last, grouped := i, false
	switch {
	case len(r) == 6 || len(r) == 8:
		date = r
	case (len(r) == 2 || len(r) == 4) && t.lenAt(i+1) == 2 && t.lenAt(i+2) == 2 &&
		t.smallGap(i) && t.smallGap(i+1):
		// The groups' digits lie end to end in t.digits.
		date, last, grouped = t.digits[t.runs[i].lo:t.runs[i+2].hi], i+2, true
	default:
		return false
	}
	if !plausibleDate(date) || !t.joined(last) {
		return false
	}
	// The separator before the last four digits.
	switch sym := t.runs[last].symbol; {
	case grouped && sym != '-' && sym != '+':
		// "2026-12-08 1030" is a date and a time.
		return false
	case sym == '.':
		return false
	}
	// The last four digits: one group, or two pairs split by a space.
	end := -1
	switch {
	case t.lenAt(last+1) == 4:
		end = last + 1
	case t.lenAt(last+1) == 2 && t.lenAt(last+2) == 2 && t.joined(last+1) && t.runs[last+1].gap == gapSpace:
		end = last + 2
	default:
		return false
	}
	// Glued to more digits on either side, it is part of something else.
	return !t.glued(i-1) && !t.glued(end)
}

// smallGap reports whether run i is joined to the next by spaces, or by
// one dash or dot without spaces (the groups of a written date).
func (t *pnrText) smallGap(i int) bool {
	if !t.joined(i) {
		return false
	}
	k := t.runs[i]
	return (k.gap == gapSpace && k.symbol == 0) || (k.gap == gapTight && (k.symbol == '-' || k.symbol == '.'))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// plausibleDate reports whether YYMMDD or YYYYMMDD has a month 01–12 and
// a day the month can have, or that day plus 60 (a coordination number);
// for YYYYMMDD the century must be 18, 19 or 20.
func plausibleDate[T string | []byte](d T) bool {
	if len(d) != 6 && len(d) != 8 {
		return false
	}
	if !allDigits(d) {
		return false
	}
	if len(d) == 8 {
		if c := int(d[0]-'0')*10 + int(d[1]-'0'); c < 18 || c > 20 {
			return false
		}
		d = d[2:]
	}
	m := int(d[2]-'0')*10 + int(d[3]-'0')
	day := int(d[4]-'0')*10 + int(d[5]-'0')
	if day > 60 {
		day -= 60
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return m >= 1 && m <= 12 && day >= 1 && day <= days[m]
}

// luhn reports whether the 10 digits of s pass the Luhn check used by
// personal identity numbers.
func luhn[T string | []byte](s T) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[i] - '0')
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func allDigits[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
