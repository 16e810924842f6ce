package model

// LooksLikePersonnummer reports whether s holds something that looks like
// a Swedish personal identity number (personnummer) or coordination
// number (samordningsnummer): YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDD-NNNN,
// or 10 or 12 digits in a row, with a plausible date (the day may be
// +60 for a coordination number). A number written with its separator
// is caught on the date alone; a bare run of digits (which could be a
// phone number) only if its check digit is right as well.
func LooksLikePersonnummer(s string) bool {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		run := s[i:j]
		// A date part followed by - or + and four digits.
		if (len(run) == 6 || len(run) == 8) && j+5 <= len(s) && (s[j] == '-' || s[j] == '+') {
			tail := s[j+1 : j+5]
			if allDigits(tail) && (j+5 == len(s) || !isDigit(s[j+5])) && plausibleDate(run) {
				return true
			}
		}
		// A bare run of 10 or 12 digits with a valid check digit.
		if (len(run) == 10 || len(run) == 12) && plausibleDate(run[:len(run)-4]) && luhn(run[len(run)-10:]) {
			return true
		}
		i = j
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// plausibleDate reports whether YYMMDD or YYYYMMDD has a month 01–12 and
// a day 01–31 or 61–91 (coordination number); for YYYYMMDD the century
// must be 18, 19 or 20.
func plausibleDate(d string) bool {
	if len(d) == 8 {
		if c := d[:2]; c != "18" && c != "19" && c != "20" {
			return false
		}
		d = d[2:]
	}
	m := int(d[2]-'0')*10 + int(d[3]-'0')
	day := int(d[4]-'0')*10 + int(d[5]-'0')
	if day > 60 {
		day -= 60
	}
	return m >= 1 && m <= 12 && day >= 1 && day <= 31
}

// luhn reports whether the 10 digits of s pass the Luhn check used by
// personal identity numbers.
func luhn(s string) bool {
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
