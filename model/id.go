package model

import (
	cryptorand "crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// crockford is the Crockford base32 alphabet used by IDs.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// idLen is the length of an ID in characters.
const idLen = 26

// NewID returns a new ID for a record created at t, with 80 bits read from
// rand (crypto/rand when rand is nil). IDs made later sort after IDs made
// earlier (to the millisecond). NewID panics if rand fails, as
// crypto/rand does: an ID must never be made from too little randomness.
func NewID(t time.Time, rand io.Reader) ID {
	if rand == nil {
		rand = cryptorand.Reader
	}
	var b [16]byte
	ms := uint64(t.UnixMilli())
	if t.Before(time.UnixMilli(0)) {
		ms = 0
	}
	binary.BigEndian.PutUint64(b[0:8], ms<<16)
	if _, err := io.ReadFull(rand, b[6:]); err != nil {
		panic("model: cannot read randomness for a record ID: " + err.Error())
	}
	return ID(encodeID(b))
}

// encodeID writes 128 bits as 26 Crockford base32 characters, the first
// holding the top 3 bits.
func encodeID(b [16]byte) string {
	hi := binary.BigEndian.Uint64(b[0:8])
	lo := binary.BigEndian.Uint64(b[8:16])
	var out [idLen]byte
	for i := idLen - 1; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// decodeIDChar maps a Crockford base32 character to its value, accepting
// lower case and the usual confusables (I, L → 1; O → 0).
func decodeIDChar(c byte) (uint64, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint64(c - '0'), true
	case c >= 'a' && c <= 'z':
		c -= 'a' - 'A'
	}
	switch c {
	case 'I', 'L':
		return 1, true
	case 'O':
		return 0, true
	case 'U':
		return 0, false
	}
	for i := 10; i < len(crockford); i++ {
		if crockford[i] == c {
			return uint64(i), true
		}
	}
	return 0, false
}

// ParseID parses s as a record ID, in the canonical upper case form of
// 26 Crockford base32 characters. Lower case and the confusables I, L and
// O are accepted and normalised.
func ParseID(s string) (ID, error) {
	if len(s) != idLen {
		return "", fmt.Errorf("model: %q is not a record ID (want 26 characters of base32, got %d)", truncate(s, 30), len(s))
	}
	var hi, lo uint64
	for i := 0; i < idLen; i++ {
		v, ok := decodeIDChar(s[i])
		if !ok {
			return "", fmt.Errorf("model: %q is not a record ID (character %d is not base32)", truncate(s, 30), i+1)
		}
		hi = hi<<5 | lo>>59
		lo = lo<<5 | v
	}
	if s[0] > '7' && s[0] != 'I' && s[0] != 'i' && s[0] != 'L' && s[0] != 'l' && s[0] != 'O' && s[0] != 'o' {
		return "", fmt.Errorf("model: %q is not a record ID (first character beyond 7)", truncate(s, 30))
	}
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], hi)
	binary.BigEndian.PutUint64(b[8:16], lo)
	return ID(encodeID(b)), nil
}

// Valid reports whether id is a canonical record ID.
func (id ID) Valid() bool {
	if len(id) != idLen || id[0] > '7' {
		return false
	}
	for i := 0; i < idLen; i++ {
		c := id[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z' || c == 'I' || c == 'L' || c == 'O' || c == 'U') {
			return false
		}
	}
	return true
}

// Time returns the creation time encoded in id, to the millisecond; the
// zero time if id is not valid.
func (id ID) Time() time.Time {
	if !id.Valid() {
		return time.Time{}
	}
	var ms uint64
	for i := 0; i < 10; i++ {
		v, _ := decodeIDChar(id[i])
		ms = ms<<5 | v
	}
	return time.UnixMilli(int64(ms)).UTC()
}

// Short returns the last 6 characters of id, enough to tell records apart
// on screen.
func (id ID) Short() string {
	if len(id) < 6 {
		return string(id)
	}
	return string(id[len(id)-6:])
}
