package model

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// FormatVersion is the version of the encoded form of records written by
// this package. Decode reads this version and every earlier one.
const FormatVersion = 1

// ErrNewerFormat is wrapped by Decode's error for a record written by a
// newer varn.
var ErrNewerFormat = errors.New("model: record written by a newer version of varn; upgrade varn to read it")

// New returns a new, empty record of kind k with the defaults a form
// starts from (a TLP marking suited to the kind, statuses at their first
// step).
func New(k Kind) (Record, error) {
	switch k {
	case KindObservation:
		return &Observation{Meta: Meta{TLP: TLPAmber}, Trend: TrendUnknown}, nil
	case KindMeasure:
		return &Measure{Meta: Meta{TLP: TLPGreen}, Status: StatusProposed}, nil
	case KindCase:
		return &Case{Meta: Meta{TLP: TLPRed}, Status: CaseConcernReceived, Priority: PriorityNormal}, nil
	case KindMember:
		return &Member{Meta: Meta{TLP: TLPAmber}, Role: RoleMember, Active: true}, nil
	case KindMeeting:
		return &Meeting{Meta: Meta{TLP: TLPAmber}, MeetingKind: MeetingWeeklyPolice}, nil
	case KindPicture:
		return &Picture{Meta: Meta{TLP: TLPAmber}}, nil
	case KindPartner:
		return &Partner{Meta: Meta{TLP: TLPAmber}}, nil
	}
	return nil, fmt.Errorf("model: unknown record type %q", truncate(string(k), 30))
}

// Prepare fills in what a new or imported record lacks: an ID (from now
// and rand), version 1, created and updated times, the author, the
// origin vault, and a default TLP marking. Fields already set are kept.
// The vault calls it on every write; the CLI before showing an import.
func Prepare(r Record, now time.Time, author, origin string, rand io.Reader) {
	m := r.Base()
	if m.ID == "" {
		m.ID = NewID(now, rand)
	}
	if m.Version == 0 {
		m.Version = 1
	}
	if m.Created.IsZero() {
		m.Created = now.UTC()
	}
	if m.Updated.IsZero() {
		m.Updated = m.Created
	}
	if m.Author == "" {
		m.Author = author
	}
	if m.Origin == "" {
		m.Origin = origin
	}
	if m.TLP == "" {
		if fresh, err := New(r.Kind()); err == nil {
			m.TLP = fresh.Base().TLP
		}
	}
}

// CaseKeyOf reports the case whose per-case key must seal r's personal
// data: a Case itself; a Measure of the individual tier linked to a case;
// an Observation of the individual dimension linked to a case (its
// first). Destroying that case's key erases them all (R4). For every
// other record it returns false.
func CaseKeyOf(r Record) (ID, bool) {
	switch v := r.(type) {
	case *Case:
		return v.ID, v.ID != ""
	case *Measure:
		if v.Tier == TierIndividual && v.Case != "" {
			return v.Case, true
		}
	case *Observation:
		if v.Dimension == DimensionIndividual && len(v.Cases) > 0 {
			return v.Cases[0], true
		}
	}
	return "", false
}

// codable is implemented by every record type: the hand-written
// encoding of its own fields (codec_records.go).
type codable interface {
	Record
	encode(w *writer)
	field(r *reader, k []byte) bool
}

// Encode returns the encoded form of r, used on disk, in bundles and by
// `--json`: one JSON object with "format" (the format version), "record"
// (the kind), the metadata and the record's fields by their JSON names,
// in the order of the struct fields, empty optional fields left out.
// Encode checks every code first, so an unknown code is never written.
//
// The encoding is written by hand rather than with encoding/json, which
// takes several times as long (encode and decode of a record must stay
// under 5 µs); the struct tags still describe it exactly, and a test
// checks that encoding/json agrees.
func Encode(r Record) ([]byte, error) {
	if r == nil {
		return nil, errors.New("model: cannot encode a nil record")
	}
	c, ok := r.(codable)
	if !ok {
		return nil, fmt.Errorf("model: cannot encode a record of type %T", r)
	}
	if err := checkCodes(r); err != nil {
		return nil, err
	}
	w := writer{b: make([]byte, 0, 1024)}
	w.open()
	w.int("format", FormatVersion, false)
	w.str("record", string(r.Kind()), false)
	r.Base().encode(&w)
	c.encode(&w)
	w.close()
	return w.b, nil
}

// Decode reads the encoded form of a record, of this format version or an
// earlier one; a record without "format" (hand-written JSON for `record
// import`) is read as the current version. Decoding is strict: an unknown
// record type, an unknown field, a value of the wrong type or an unknown
// code is an error that names the field, such as
//
//	model: observation.milieu: unknown code "nazi"
//
// Errors quote at most a few dozen characters of the input. Decode does
// not validate the record as a whole: see [Validate].
func Decode(b []byte) (Record, error) {
	format, kind, err := decodeHead(b)
	if err != nil {
		return nil, err
	}
	if format > FormatVersion {
		return nil, fmt.Errorf("%w (format %d, this varn reads up to %d)", ErrNewerFormat, format, FormatVersion)
	}
	if format < 1 {
		return nil, fmt.Errorf("model: record format %d is not a varn format", format)
	}
	r, err := New(kind)
	if err != nil {
		return nil, err
	}
	// Start from zero values, not New's defaults: the encoded form is
	// the whole record.
	zero(r)
	c := r.(codable)
	rd := reader{b: b, kind: string(kind), path: make([]seg, 0, 8)}
	rd.object(func(k []byte) {
		switch string(k) {
		case "format", "record":
			rd.skip()
		default:
			if !c.field(&rd, k) {
				rd.unknown(k)
			}
		}
	})
	rd.end()
	if rd.err != nil {
		return nil, rd.err
	}
	return r, nil
}

// decodeHead reads the format version and record type of an encoded
// record. Records written by Encode start with both; hand-written ones may
// have them anywhere, or no format.
func decodeHead(b []byte) (format int, kind Kind, err error) {
	// Fast path: {"format":N,"record":"kind", as Encode writes.
	const p1, p2 = `{"format":`, `,"record":"`
	if len(b) > len(p1)+len(p2)+2 && string(b[:len(p1)]) == p1 && b[len(p1)] >= '1' && b[len(p1)] <= '9' &&
		string(b[len(p1)+1:len(p1)+1+len(p2)]) == p2 {
		rest := b[len(p1)+1+len(p2):]
		for i, c := range rest {
			if c == '"' {
				if k := Kind(rest[:i]); k.Valid() {
					return int(b[len(p1)] - '0'), k, nil
				}
				break
			}
			if i > 20 {
				break
			}
		}
	}
	format = FormatVersion
	rd := reader{b: b, kind: "record"}
	if rd.peek() == 0 {
		return 0, "", errors.New("model: record is empty")
	}
	rd.object(func(k []byte) {
		switch string(k) {
		case "format":
			if rd.peek() == 'n' {
				rd.null()
				return
			}
			format = rd.int()
		case "record":
			kind = Kind(rd.str())
		default:
			rd.skip()
		}
	})
	rd.end()
	if rd.err != nil {
		return 0, "", rd.err
	}
	if kind == "" {
		return 0, "", errors.New(`model: record has no "record" field naming its type`)
	}
	return format, kind, nil
}

// zero resets r to its zero value.
func zero(r Record) {
	switch v := r.(type) {
	case *Observation:
		*v = Observation{}
	case *Measure:
		*v = Measure{}
	case *Case:
		*v = Case{}
	case *Member:
		*v = Member{}
	case *Meeting:
		*v = Meeting{}
	case *Picture:
		*v = Picture{}
	case *Partner:
		*v = Partner{}
	}
}
