package model

import "time"

// Kind names the type of a record. Its value is the stable machine code used
// in JSON, on disk and in bundles.
type Kind string

// The record kinds. AuditEvent is not a Kind: audit events live in the
// vault's log, not among the records.
const (
	KindObservation Kind = "observation"
	KindMeasure     Kind = "measure"
	KindCase        Kind = "case"
	KindMember      Kind = "member"
	KindMeeting     Kind = "meeting"
	KindPicture     Kind = "picture"
	KindPartner     Kind = "partner"
)

// ID is a record's stable identifier: 26 characters of Crockford base32,
// a 48-bit millisecond timestamp followed by 80 random bits, so IDs sort by
// creation time (ULID layout).
type ID string

// Meta is carried by every record.
type Meta struct {
	ID      ID        `json:"id"`
	Origin  string    `json:"origin"`  // ID of the vault the record was created in
	Version uint64    `json:"version"` // 1 on create, +1 on each update
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Author  string    `json:"author"`
	TLP     TLP       `json:"tlp"`
	// RetainUntil is the retention (gallring) date for records holding
	// personal data; zero when no retention rule applies.
	RetainUntil Date `json:"retain_until,omitempty"`
}

// Record is implemented by every record type of the action plan
// (Observation, Measure, Case, Member, Meeting, Picture, Partner).
type Record interface {
	// Kind reports the record's type.
	Kind() Kind
	// Base returns the record's metadata, for reading and for the vault to
	// fill in on write.
	Base() *Meta
}

// AuditEvent is one entry of the vault's tamper-evident audit log. It names
// what happened and to which record, never the values involved: Fields holds
// the names of changed fields only.
type AuditEvent struct {
	Seq    uint64      `json:"seq"` // 0-based position in the log
	Time   time.Time   `json:"time"`
	Actor  Actor       `json:"actor"`
	Action AuditAction `json:"action"`
	Kind   Kind        `json:"kind,omitempty"` // kind of the record referred to, if any
	Ref    ID          `json:"ref,omitempty"`  // record referred to, if any
	Fields []string    `json:"fields,omitempty"`
	// Detail is a short machine-written note without personal data, such as
	// a bundle's manifest hash or a failed unlock's reason code.
	Detail string `json:"detail,omitempty"`
}

// Actor identifies who did something: the OS user and the label of the
// unlocker (passphrase, identity file, plugin) that opened the vault.
type Actor struct {
	User string `json:"user"`
	Key  string `json:"key,omitempty"`
}

// Details of the view events of reads that show case data or
// individual-tier measures without naming one record (R5). A filter's
// text is never part of them: a typed pseudonym must not land in the log.
const (
	ViewCaseList                   = "case_list"
	ViewCaseListFiltered           = "case_list filtered"
	ViewIndividualMeasures         = "individual_measures"
	ViewIndividualMeasuresFiltered = "individual_measures filtered"
	ViewIndividualMeasure          = "individual_measure" // one, with its Ref
	ViewCasePicker                 = "case_picker"
	ViewCaseDraft                  = "case_draft" // an edit's draft restored, with its Ref
	ViewAgenda                     = "agenda"
	ViewMeetingMode                = "meeting_mode"
	ViewQuarterlyReport            = "quarterly_report"
	ViewRecordList                 = "record list"
	ViewRecordListJSON             = "record list as JSON"
	ViewPurgeList                  = "purge list" // what is due, by pseudonym or title; Kind case
	ViewLocalNote                  = "local note" // our note on a partner's record, with its Ref
)

// ReadsCaseData reports whether ev is a read of case data, the reads a
// log review (loggkontroll, R5) looks at first after reveals: a view of
// a case, of a list, agenda or report showing cases or individual-tier
// measures, or a listing of records that includes cases or measures.
func (ev AuditEvent) ReadsCaseData() bool {
	if ev.Action != ActionView {
		return false
	}
	switch ev.Detail {
	case ViewCaseList, ViewCaseListFiltered, ViewIndividualMeasures, ViewIndividualMeasuresFiltered,
		ViewIndividualMeasure, ViewCasePicker, ViewCaseDraft, ViewAgenda, ViewMeetingMode, ViewQuarterlyReport, ViewPurgeList:
		return true
	case ViewRecordList, ViewRecordListJSON:
		return ev.Kind == "" || ev.Kind == KindCase || ev.Kind == KindMeasure
	}
	return ev.Kind == KindCase
}
