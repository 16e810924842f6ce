package model

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// writer builds the encoded form of a record. It writes the JSON the
// struct tags describe, field by field, without reflection: encoding a
// record takes a fraction of what encoding/json needs (see
// BenchmarkEncodeDecode). Empty optional fields are left out, as the tags'
// omitempty/omitzero say.
type writer struct {
	b []byte
}

// key writes a separator if needed and "k":.
func (w *writer) key(k string) {
	if n := len(w.b); n > 0 && w.b[n-1] != '{' && w.b[n-1] != '[' {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

// elem writes a separator before an array element if needed.
func (w *writer) elem() {
	if n := len(w.b); n > 0 && w.b[n-1] != '[' {
		w.b = append(w.b, ',')
	}
}

func (w *writer) open() { w.b = append(w.b, '{') }

func (w *writer) close() { w.b = append(w.b, '}') }

// str writes "k":"s", or nothing when omit and s is empty.
func (w *writer) str(k, s string, omit bool) {
	if omit && s == "" {
		return
	}
	w.key(k)
	w.quote(s)
}

func (w *writer) int(k string, n int64, omit bool) {
	if omit && n == 0 {
		return
	}
	w.key(k)
	w.b = strconv.AppendInt(w.b, n, 10)
}

func (w *writer) uint(k string, n uint64, omit bool) {
	if omit && n == 0 {
		return
	}
	w.key(k)
	w.b = strconv.AppendUint(w.b, n, 10)
}

func (w *writer) bool(k string, v bool) {
	w.key(k)
	if v {
		w.b = append(w.b, "true"...)
	} else {
		w.b = append(w.b, "false"...)
	}
}

// date writes "k":"YYYY-MM-DD"; a zero date is left out when omit and
// written as "" otherwise.
func (w *writer) date(k string, d Date, omit bool) {
	if omit && d.IsZero() {
		return
	}
	w.key(k)
	w.b = append(w.b, '"')
	if !d.IsZero() {
		w.b = d.appendTo(w.b)
	}
	w.b = append(w.b, '"')
}

// time writes "k":"RFC 3339"; a zero time is left out when omit.
func (w *writer) time(k string, t time.Time, omit bool) {
	if omit && t.IsZero() {
		return
	}
	w.key(k)
	w.b = append(w.b, '"')
	if t.Location() == time.UTC && t.Nanosecond() == 0 && t.Year() >= 1000 && t.Year() <= 9999 {
		// Fast path for the common case, same text as RFC3339Nano.
		w.b = DateOf(t).appendTo(w.b)
		h, m, sec := t.Clock()
		w.b = append(w.b, 'T', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':',
			byte('0'+sec/10), byte('0'+sec%10), 'Z')
	} else {
		w.b = t.AppendFormat(w.b, time.RFC3339Nano)
	}
	w.b = append(w.b, '"')
}

func (w *writer) ids(k string, ids []ID) {
	if len(ids) == 0 {
		return
	}
	w.key(k)
	w.b = append(w.b, '[')
	for _, id := range ids {
		w.elem()
		w.quote(string(id))
	}
	w.b = append(w.b, ']')
}

func (w *writer) strs(k string, ss []string) {
	if len(ss) == 0 {
		return
	}
	w.key(k)
	w.b = append(w.b, '[')
	for _, s := range ss {
		w.elem()
		w.quote(s)
	}
	w.b = append(w.b, ']')
}

// array writes "k":[…] calling fn for each of n elements; nothing when
// n is 0 and omit.
func (w *writer) array(k string, n int, omit bool, fn func(i int)) {
	if omit && n == 0 {
		return
	}
	w.key(k)
	w.b = append(w.b, '[')
	for i := 0; i < n; i++ {
		w.elem()
		fn(i)
	}
	w.b = append(w.b, ']')
}

const hexDigits = "0123456789abcdef"

// quote writes s as a JSON string: ", \ and control characters escaped,
// U+2028 and U+2029 escaped, invalid UTF-8 replaced with U+FFFD.
func (w *writer) quote(s string) {
	w.b = append(w.b, '"')
	if plainJSON(s) {
		w.b = append(w.b, s...)
		w.b = append(w.b, '"')
		return
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			w.b = append(w.b, s[start:i]...)
			switch c {
			case '"', '\\':
				w.b = append(w.b, '\\', c)
			case '\n':
				w.b = append(w.b, '\\', 'n')
			case '\t':
				w.b = append(w.b, '\\', 't')
			case '\r':
				w.b = append(w.b, '\\', 'r')
			default:
				w.b = append(w.b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.b = append(w.b, s[start:i]...)
			w.b = append(w.b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			w.b = append(w.b, s[start:i]...)
			w.b = append(w.b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	w.b = append(w.b, s[start:]...)
	w.b = append(w.b, '"')
}

// plainJSON reports whether s can be written between quotes as it is:
// valid UTF-8 without ", \, control characters, U+2028 or U+2029.
func plainJSON(s string) bool {
	ascii := true
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if special8(x) {
			break
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
	}
	return ascii || (utf8.ValidString(s) && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029"))
}
