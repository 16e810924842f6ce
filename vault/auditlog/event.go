package auditlog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"varn/model"
)

// eventVersion is the first byte of every encoded event.
const eventVersion = 1

// Limits on the parts of an event, in bytes. They keep one event small (the
// log is read in full by Verify) and bound what a corrupt value can claim.
const (
	maxActorLen  = 256
	maxCodeLen   = 64 // action, kind, ref
	maxFieldLen  = 128
	maxFields    = 256
	maxDetailLen = 1024
)

// errCorrupt is wrapped by every decoding failure. Its text names the
// problem but never the bytes that caused it.
var errCorrupt = errors.New("auditlog: corrupt event")

// EncodeEvent returns the canonical encoding of ev: the bytes whose
// tlog.RecordHash is the event's leaf in the log's Merkle tree. Equal events
// always encode to equal bytes, and DecodeEvent accepts only bytes that
// EncodeEvent produces. The time is kept in UTC with nanosecond precision;
// its location and monotonic reading are not part of the event.
//
// EncodeEvent fails if the event has no time, no action, a string that is
// not valid UTF-8, contains a control character or exceeds its length
// limit. The error names the part, never its value.
func EncodeEvent(ev *model.AuditEvent) ([]byte, error) {
	if err := checkEvent(ev); err != nil {
		return nil, err
	}
	n := 1 + 8 + 8 + 2 + 2
	n += 2 + len(ev.Actor.User) + 2 + len(ev.Actor.Key)
	n += 2 + len(ev.Action) + 2 + len(ev.Kind) + 2 + len(ev.Ref)
	for _, f := range ev.Fields {
		n += 2 + len(f)
	}
	n += 2 + len(ev.Detail)

	b := make([]byte, 0, n)
	b = append(b, eventVersion)
	b = binary.BigEndian.AppendUint64(b, ev.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(ev.Time.UnixNano()))
	b = appendString(b, ev.Actor.User)
	b = appendString(b, ev.Actor.Key)
	b = appendString(b, string(ev.Action))
	b = appendString(b, string(ev.Kind))
	b = appendString(b, string(ev.Ref))
	b = binary.BigEndian.AppendUint16(b, uint16(len(ev.Fields)))
	for _, f := range ev.Fields {
		b = appendString(b, f)
	}
	b = appendString(b, ev.Detail)
	return b, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(s)))
	return append(b, s...)
}

// The range of times an event can carry: what fits in int64 nanoseconds
// since 1970 (years 1678 to 2262).
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// checkEvent reports the first part of ev that cannot be logged.
func checkEvent(ev *model.AuditEvent) error {
	if ev == nil {
		return errors.New("auditlog: no event given")
	}
	if ev.Time.IsZero() {
		return errors.New("auditlog: event has no time; set AuditEvent.Time before appending")
	}
	if ev.Time.Before(minTime) || ev.Time.After(maxTime) {
		return errors.New("auditlog: event time is outside the years 1678 to 2262")
	}
	if ev.Action == "" {
		return errors.New("auditlog: event has no action")
	}
	if len(ev.Fields) > maxFields {
		return fmt.Errorf("auditlog: event names %d changed fields, more than the limit of %d", len(ev.Fields), maxFields)
	}
	checks := []struct {
		part string
		s    string
		max  int
	}{
		{"actor user", ev.Actor.User, maxActorLen},
		{"actor key label", ev.Actor.Key, maxActorLen},
		{"action", string(ev.Action), maxCodeLen},
		{"record kind", string(ev.Kind), maxCodeLen},
		{"record reference", string(ev.Ref), maxCodeLen},
		{"detail", ev.Detail, maxDetailLen},
	}
	for _, c := range checks {
		if err := checkString(c.s, c.max); err != nil {
			return fmt.Errorf("auditlog: event %s %s", c.part, err)
		}
	}
	for i, f := range ev.Fields {
		if f == "" {
			return fmt.Errorf("auditlog: event field name %d is empty", i+1)
		}
		if err := checkString(f, maxFieldLen); err != nil {
			return fmt.Errorf("auditlog: event field name %d %s", i+1, err)
		}
	}
	return nil
}

// checkString returns a phrase (to follow the part's name) saying why s
// cannot be logged, or nil. The phrase never includes s.
func checkString(s string, max int) error {
	if len(s) > max {
		return fmt.Errorf("is longer than %d bytes", max)
	}
	if !utf8.ValidString(s) {
		return errors.New("is not valid UTF-8")
	}
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			return errors.New("contains a control character")
		}
	}
	return nil
}

// DecodeEvent parses the canonical encoding made by EncodeEvent. It rejects
// anything EncodeEvent would not have produced (a wrong version, lengths that
// overrun, trailing bytes, strings that are not valid UTF-8 or hold control
// characters, limits exceeded), so a decoded event re-encodes to exactly b.
func DecodeEvent(b []byte) (model.AuditEvent, error) {
	var ev model.AuditEvent
	d := decoder{b: b}
	if v := d.byte(); d.err == nil && v != eventVersion {
		return ev, fmt.Errorf("%w: unknown encoding version %d (written by a newer varn?)", errCorrupt, v)
	}
	ev.Seq = d.uint64()
	ns := int64(d.uint64())
	ev.Actor.User = d.string("actor user", maxActorLen)
	ev.Actor.Key = d.string("actor key label", maxActorLen)
	ev.Action = model.AuditAction(d.string("action", maxCodeLen))
	ev.Kind = model.Kind(d.string("record kind", maxCodeLen))
	ev.Ref = model.ID(d.string("record reference", maxCodeLen))
	nf := int(d.uint16())
	if d.err == nil && nf > maxFields {
		d.err = fmt.Errorf("%w: %d field names, more than the limit of %d", errCorrupt, nf, maxFields)
	}
	if d.err == nil && nf > 0 {
		ev.Fields = make([]string, 0, min(nf, len(d.b)/2))
		for i := 0; i < nf && d.err == nil; i++ {
			f := d.string("field name", maxFieldLen)
			if d.err == nil && f == "" {
				d.err = fmt.Errorf("%w: field name %d is empty", errCorrupt, i+1)
			}
			ev.Fields = append(ev.Fields, f)
		}
	}
	ev.Detail = d.string("detail", maxDetailLen)
	if d.err != nil {
		return model.AuditEvent{}, d.err
	}
	if len(d.b) != 0 {
		return model.AuditEvent{}, fmt.Errorf("%w: %d unexpected bytes after the event", errCorrupt, len(d.b))
	}
	if ev.Action == "" {
		return model.AuditEvent{}, fmt.Errorf("%w: no action", errCorrupt)
	}
	ev.Time = time.Unix(0, ns).UTC()
	return ev, nil
}

// eventSeq reads the sequence number of an encoded event without decoding
// the rest.
func eventSeq(b []byte) (uint64, bool) {
	if len(b) < 9 || b[0] != eventVersion {
		return 0, false
	}
	return binary.BigEndian.Uint64(b[1:9]), true
}

// decoder reads the fixed parts of an encoded event; after the first error
// every read returns a zero value and err keeps the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if len(d.b) < n {
		d.err = fmt.Errorf("%w: truncated", errCorrupt)
		return nil
	}
	p := d.b[:n]
	d.b = d.b[n:]
	return p
}

func (d *decoder) byte() byte {
	if p := d.take(1); p != nil {
		return p[0]
	}
	return 0
}

func (d *decoder) uint16() uint16 {
	if p := d.take(2); p != nil {
		return binary.BigEndian.Uint16(p)
	}
	return 0
}

func (d *decoder) uint64() uint64 {
	if p := d.take(8); p != nil {
		return binary.BigEndian.Uint64(p)
	}
	return 0
}

func (d *decoder) string(part string, max int) string {
	n := int(d.uint16())
	if d.err != nil {
		return ""
	}
	if n > max {
		d.err = fmt.Errorf("%w: %s is longer than %d bytes", errCorrupt, part, max)
		return ""
	}
	p := d.take(n)
	if d.err != nil {
		return ""
	}
	s := string(p)
	if err := checkString(s, max); err != nil {
		d.err = fmt.Errorf("%w: %s %s", errCorrupt, part, err)
		return ""
	}
	return s
}
