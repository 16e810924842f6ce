package model

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds the nesting the reader accepts; records nest 4 deep.
const maxDepth = 32

// seg is one step of the path to the value being read, for errors.
type seg struct {
	key []byte // nil for an array element
	idx int
}

// reader reads the encoded form of a record strictly: unknown fields,
// values of the wrong type and malformed JSON are errors naming the
// field. It records the first error and then reads nothing more.
type reader struct {
	b    []byte
	i    int
	err  error
	kind string
	path []seg
}

// where returns the path of the value being read, like
// "measure.follow_ups[1].date".
func (r *reader) where() string {
	var sb strings.Builder
	sb.WriteString(r.kind)
	for _, s := range r.path {
		if s.key != nil {
			sb.WriteByte('.')
			sb.WriteString(truncate(string(s.key), 40))
		} else {
			sb.WriteByte('[')
			sb.WriteString(strconv.Itoa(s.idx))
			sb.WriteByte(']')
		}
	}
	return sb.String()
}

func (r *reader) failf(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("model: %s: %s", r.where(), fmt.Sprintf(format, args...))
	}
}

// syntax records a syntax error at the current position.
func (r *reader) syntax() {
	if r.err != nil {
		return
	}
	if r.i >= len(r.b) {
		r.err = fmt.Errorf("model: %s is truncated (unexpected end of input)", r.kind)
		return
	}
	r.err = fmt.Errorf("model: %s is not valid JSON (at byte %d)", r.kind, r.i)
}

func (r *reader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (r *reader) peek() byte {
	r.ws()
	if r.i >= len(r.b) {
		return 0
	}
	return r.b[r.i]
}

// null consumes a null and reports whether there was one.
func (r *reader) null() bool {
	if r.peek() == 'n' {
		if r.i+4 <= len(r.b) && string(r.b[r.i:r.i+4]) == "null" {
			r.i += 4
			return true
		}
		r.syntax()
		return true
	}
	return false
}

// object reads an object, calling field for each key with the reader
// positioned at its value; field must read the value or call unknown.
// A null object reads as nothing. The callbacks do not escape, so they
// cost no allocation.
func (r *reader) object(field func(key []byte)) {
	if r.err != nil || r.null() {
		return
	}
	if r.peek() != '{' {
		r.typeErr("an object")
		return
	}
	if len(r.path) >= maxDepth {
		r.failf("nested too deeply")
		return
	}
	r.i++
	if r.peek() == '}' {
		r.i++
		return
	}
	for r.err == nil {
		if r.peek() != '"' {
			r.syntax()
			return
		}
		k := r.rawString()
		if r.err != nil {
			return
		}
		if r.peek() != ':' {
			r.syntax()
			return
		}
		r.i++
		r.path = append(r.path, seg{key: k})
		field(k)
		r.path = r.path[:len(r.path)-1]
		switch r.peek() {
		case ',':
			r.i++
		case '}':
			r.i++
			return
		default:
			r.syntax()
			return
		}
	}
}

// unknown reports an unknown field.
func (r *reader) unknown(k []byte) {
	r.path = r.path[:len(r.path)-1]
	r.failf("unknown field %q", truncate(string(k), 40))
	r.path = append(r.path, seg{key: k})
}

// array reads an array of at most MaxEntries elements, calling elem for
// each.
func (r *reader) array(elem func(i int)) {
	if r.err != nil || r.null() {
		return
	}
	if r.peek() != '[' {
		r.typeErr("an array")
		return
	}
	if len(r.path) >= maxDepth {
		r.failf("nested too deeply")
		return
	}
	r.i++
	if r.peek() == ']' {
		r.i++
		return
	}
	for i := 0; r.err == nil; i++ {
		if i >= MaxEntries {
			r.failf("more than %d entries", MaxEntries)
			return
		}
		r.path = append(r.path, seg{idx: i})
		elem(i)
		r.path = r.path[:len(r.path)-1]
		switch r.peek() {
		case ',':
			r.i++
		case ']':
			r.i++
			return
		default:
			r.syntax()
			return
		}
	}
}

// typeErr reports a value of the wrong JSON type.
func (r *reader) typeErr(want string) {
	got := "value"
	switch r.peek() {
	case '"':
		got = "string"
	case '{':
		got = "object"
	case '[':
		got = "array"
	case 't', 'f':
		got = "boolean"
	case 0:
		r.syntax()
		return
	default:
		if c := r.b[r.i]; c == '-' || (c >= '0' && c <= '9') {
			got = "number"
		} else {
			r.syntax()
			return
		}
	}
	r.failf("expected %s, got a JSON %s", want, got)
}

// rawString reads a string at the current position and returns its
// bytes, unescaped; escapes make a copy, and invalid UTF-8 is an error.
func (r *reader) rawString() []byte {
	r.i++ // opening quote
	start := r.i
	b := r.b
	for i := start; i < len(b); {
		// Skip 8 plain ASCII bytes at a time.
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			if special8(x) {
				break
			}
			i += 8
		}
		if i >= len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '"':
			r.i = i + 1
			return b[start:i]
		case c == '\\' || c < 0x20:
			r.i = i
			return r.slowString(start)
		case c >= utf8.RuneSelf:
			ru, size := utf8.DecodeRune(b[i:])
			if ru == utf8.RuneError && size == 1 {
				r.i = i
				return r.slowString(start)
			}
			i += size
		default:
			i++
		}
	}
	r.i = len(b)
	r.syntax()
	return nil
}

// special8 reports whether any of the 8 bytes in x is a quote, a
// backslash, a control character or not ASCII (SWAR: "bit twiddling
// hacks", determine if a word has a byte less than n / equal to n).
func special8(x uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - lo) & ^v & hi }
	return (x&hi)|((x-lo*0x20)&^x&hi)|zero(x^(lo*'"'))|zero(x^(lo*'\\')) != 0
}

// slowString finishes a string holding escapes or invalid UTF-8; invalid
// UTF-8, raw or as half a surrogate pair escaped, is an error.
func (r *reader) slowString(start int) []byte {
	out := make([]byte, 0, r.i-start+16)
	out = append(out, r.b[start:r.i]...)
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			r.i++
			return out
		case c < 0x20:
			r.syntax()
			return nil
		case c == '\\':
			if r.i+1 >= len(r.b) {
				r.syntax()
				return nil
			}
			e := r.b[r.i+1]
			r.i += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				u, ok := r.hex4()
				if !ok {
					return nil
				}
				ru := rune(u)
				if utf16.IsSurrogate(ru) {
					// Only a high surrogate followed by a low one
					// is a character; half a pair is refused, not
					// repaired to U+FFFD.
					ru = utf8.RuneError
					if r.i+6 <= len(r.b) && r.b[r.i] == '\\' && r.b[r.i+1] == 'u' {
						r.i += 2
						u2, ok := r.hex4()
						if !ok {
							return nil
						}
						ru = utf16.DecodeRune(rune(u), rune(u2))
					}
					if ru == utf8.RuneError {
						r.failf("invalid UTF-8: half a UTF-16 surrogate pair escaped")
						return nil
					}
				}
				out = utf8.AppendRune(out, ru)
			default:
				r.i -= 2
				r.syntax()
				return nil
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			r.i++
		default:
			ru, size := utf8.DecodeRune(r.b[r.i:])
			if ru == utf8.RuneError && size == 1 {
				// Refused, not repaired: a signed record is stored
				// as sent or not at all.
				r.failf("invalid UTF-8 at byte %d of the string", r.i-start)
				return nil
			}
			out = append(out, r.b[r.i:r.i+size]...)
			r.i += size
		}
	}
	r.syntax()
	return nil
}

func (r *reader) hex4() (uint16, bool) {
	if r.i+4 > len(r.b) {
		r.syntax()
		return 0, false
	}
	var v uint16
	for _, c := range r.b[r.i : r.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			r.syntax()
			return 0, false
		}
		v = v<<4 | uint16(c)
	}
	r.i += 4
	return v, true
}

// str reads a string value (null reads as "").
func (r *reader) str() string {
	if r.err != nil || r.null() {
		return ""
	}
	if r.peek() != '"' {
		r.typeErr("a string")
		return ""
	}
	b := r.rawString()
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// number reads the bytes of an integer.
func (r *reader) number() []byte {
	if r.peek() == '"' || r.peek() == '{' || r.peek() == '[' || r.peek() == 't' || r.peek() == 'f' {
		r.typeErr("a whole number")
		return nil
	}
	start := r.i
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
	}
	if r.i < len(r.b) && (r.b[r.i] == '.' || r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.failf("expected a whole number")
		return nil
	}
	if r.i == start || (r.i == start+1 && r.b[start] == '-') {
		r.syntax()
		return nil
	}
	return r.b[start:r.i]
}

func (r *reader) int() int {
	if r.err != nil || r.null() {
		return 0
	}
	b := r.number()
	if r.err != nil {
		return 0
	}
	n, err := strconv.ParseInt(string(b), 10, 32)
	if err != nil {
		r.failf("number out of range")
	}
	return int(n)
}

func (r *reader) uint64() uint64 {
	if r.err != nil || r.null() {
		return 0
	}
	b := r.number()
	if r.err != nil {
		return 0
	}
	n, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		r.failf("expected a whole number from 0 up")
	}
	return n
}

// small reads a number 0–255 (levels, grades); out-of-range values are
// reported as unknown codes.
func (r *reader) small() uint8 {
	n := r.uint64()
	if n > 255 {
		r.failf("unknown code %q", strconv.FormatUint(n, 10))
		return 0
	}
	return uint8(n)
}

func (r *reader) bool() bool {
	if r.err != nil || r.null() {
		return false
	}
	switch {
	case r.peek() == 't' && r.i+4 <= len(r.b) && string(r.b[r.i:r.i+4]) == "true":
		r.i += 4
		return true
	case r.peek() == 'f' && r.i+5 <= len(r.b) && string(r.b[r.i:r.i+5]) == "false":
		r.i += 5
		return false
	}
	r.typeErr("true or false")
	return false
}

func (r *reader) date() Date {
	if r.err != nil || r.null() {
		return Date{}
	}
	if r.peek() != '"' {
		r.typeErr("a date string")
		return Date{}
	}
	b := r.rawString()
	if r.err != nil || len(b) == 0 {
		return Date{}
	}
	d, ok := parseDate(string(b))
	if !ok {
		r.failf("%q is %v", truncate(string(b), 20), errDate)
	}
	return d
}

func (r *reader) time() time.Time {
	if r.err != nil || r.null() {
		return time.Time{}
	}
	if r.peek() != '"' {
		r.typeErr("a time string")
		return time.Time{}
	}
	b := r.rawString()
	if r.err != nil || len(b) == 0 {
		return time.Time{}
	}
	if len(b) == 20 && b[10] == 'T' && b[13] == ':' && b[16] == ':' && b[19] == 'Z' {
		// Fast path for the common case: YYYY-MM-DDTHH:MM:SSZ.
		if d, ok := parseDate(string(b[:10])); ok {
			h, ok1 := twoDigits(b[11:13])
			m, ok2 := twoDigits(b[14:16])
			sec, ok3 := twoDigits(b[17:19])
			if ok1 && ok2 && ok3 && h < 24 && m < 60 && sec < 60 {
				return d.Time(time.UTC).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second)
			}
		}
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		r.failf("%q is not a time in RFC 3339 form", truncate(string(b), 40))
	}
	return t
}

func (r *reader) ids() []ID {
	var out []ID
	r.array(func(int) { out = append(out, ID(r.str())) })
	return out
}

func (r *reader) strs() []string {
	var out []string
	r.array(func(int) { out = append(out, r.str()) })
	return out
}

// skip skips one value of any kind, without recursion.
func (r *reader) skip() {
	depth := 0
	for r.err == nil {
		switch c := r.peek(); c {
		case 0:
			r.syntax()
			return
		case '"':
			r.rawString()
		case '{', '[':
			depth++
			if depth > maxDepth {
				r.failf("nested too deeply")
				return
			}
			r.i++
			continue
		case '}', ']':
			depth--
			r.i++
			if depth < 0 {
				r.syntax()
				return
			}
		case ',', ':':
			if depth == 0 {
				r.syntax()
				return
			}
			r.i++
			continue
		default:
			for r.i < len(r.b) && !strings.ContainsRune(" \t\r\n,:]}", rune(r.b[r.i])) {
				r.i++
			}
		}
		if depth == 0 {
			return
		}
	}
}

// end checks that nothing but white space follows.
func (r *reader) end() {
	if r.err == nil && r.peek() != 0 {
		r.err = fmt.Errorf("model: %s: trailing data after the record", r.kind)
	}
}

func twoDigits(b []byte) (int, bool) {
	if b[0] < '0' || b[0] > '9' || b[1] < '0' || b[1] > '9' {
		return 0, false
	}
	return int(b[0]-'0')*10 + int(b[1]-'0'), true
}
