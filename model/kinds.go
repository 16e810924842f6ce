package model

import (
	"fmt"
	"strconv"
)

// AllKinds returns every record kind, in a fresh slice.
func AllKinds() []Kind {
	return []Kind{KindObservation, KindMeasure, KindCase, KindMember, KindMeeting, KindPicture, KindPartner}
}

// Valid reports whether k is a known record kind.
func (k Kind) Valid() bool {
	switch k {
	case KindObservation, KindMeasure, KindCase, KindMember, KindMeeting, KindPicture, KindPartner:
		return true
	}
	return false
}

// Msg returns the catalogue key of k's label.
func (k Kind) Msg() Msg { return Msg("kind." + string(k)) }

// Label returns k's label in language l.
func (k Kind) Label(l Lang) string { return l.T(k.Msg()) }

// Rank orders TLP markings from the least to the most restricted: CLEAR
// 0, GREEN 1, AMBER 2, AMBER+STRICT 3, RED 4; -1 for an unknown code.
func (v TLP) Rank() int {
	switch v {
	case TLPClear:
		return 0
	case TLPGreen:
		return 1
	case TLPAmber:
		return 2
	case TLPAmberStrict:
		return 3
	case TLPRed:
		return 4
	}
	return -1
}

// Within reports whether a record marked v may leave under a ceiling: v
// is known and no more restricted than ceiling.
func (v TLP) Within(ceiling TLP) bool {
	return v.Rank() >= 0 && ceiling.Rank() >= 0 && v.Rank() <= ceiling.Rank()
}

// Rank orders concern levels: low 1, moderate 2, high 3, acute 4; 0 for
// unset or unknown.
func (v Concern) Rank() int {
	switch v {
	case ConcernLow:
		return 1
	case ConcernModerate:
		return 2
	case ConcernHigh:
		return 3
	case ConcernAcute:
		return 4
	}
	return 0
}

// Rank orders priorities: low 1, normal 2, high 3, acute 4; 0 for unset.
func (v Priority) Rank() int {
	switch v {
	case PriorityLow:
		return 1
	case PriorityNormal:
		return 2
	case PriorityHigh:
		return 3
	case PriorityAcute:
		return 4
	}
	return 0
}

// Open reports whether a measure in status v is still running or
// planned: not completed, followed up or cancelled.
func (v MeasureStatus) Open() bool {
	switch v {
	case StatusProposed, StatusDecided, StatusOngoing, StatusOnHold:
		return true
	}
	return false
}

// Level is a picture's presence or activity level of a milieu (R1):
// 0 none known, 1 isolated individuals, 2 sporadic, 3 established,
// 4 organised. It encodes as a JSON number.
type Level uint8

// The levels.
const (
	LevelNone        Level = 0
	LevelIsolated    Level = 1
	LevelSporadic    Level = 2
	LevelEstablished Level = 3
	LevelOrganised   Level = 4
)

// AllLevels returns the levels 0–4, in a fresh slice.
func AllLevels() []Level {
	return []Level{LevelNone, LevelIsolated, LevelSporadic, LevelEstablished, LevelOrganised}
}

// Valid reports whether v is 0–4.
func (v Level) Valid() bool { return v <= LevelOrganised }

// Msg returns the catalogue key of v's label.
func (v Level) Msg() Msg { return Msg("level." + strconv.Itoa(int(v))) }

// Label returns v's label in language l.
func (v Level) Label(l Lang) string { return l.T(v.Msg()) }

// Credibility grades a piece of information, 1 (confirmed by other
// sources) to 6 (cannot be judged), as in the Admiralty system; 0 is
// unset. It encodes as a JSON number.
type Credibility uint8

// The credibility grades.
const (
	Credibility1 Credibility = 1 + iota
	Credibility2
	Credibility3
	Credibility4
	Credibility5
	Credibility6
)

// AllCredibilities returns the grades 1–6, in a fresh slice.
func AllCredibilities() []Credibility {
	return []Credibility{Credibility1, Credibility2, Credibility3, Credibility4, Credibility5, Credibility6}
}

// Valid reports whether v is 1–6.
func (v Credibility) Valid() bool { return v >= 1 && v <= 6 }

// Msg returns the catalogue key of v's label.
func (v Credibility) Msg() Msg { return Msg("credibility." + strconv.Itoa(int(v))) }

// Label returns v's label in language l.
func (v Credibility) Label(l Lang) string { return l.T(v.Msg()) }

// codeError is the error for an unknown code read from disk, a bundle or
// an import: it names the field and the value.
func codeError(field, value string) error {
	return fmt.Errorf("model: %s: unknown code %q", field, truncate(value, 40))
}
