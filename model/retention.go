package model

import (
	"slices"
	"time"
)

// RetentionRules are a vault's retention (gallring) rules per the
// records-management plan (R4). Years count from the event named.
type RetentionRules struct {
	// ClosedCaseYears: a case, with its individual measures and
	// individual observations, from the day it was closed.
	ClosedCaseYears int `json:"closed_case_years"`
	// IndividualObservationYears: an observation of dimension individual
	// not linked to a case, from the day observed (or the period's end).
	IndividualObservationYears int `json:"individual_observation_years"`
	// IndividualMeasureYears: a measure of the individual tier, from its
	// end (or its last follow-up), when its case is not known.
	IndividualMeasureYears int `json:"individual_measure_years"`
}

// DefaultRetentionRules returns the default rules: closed cases 5 years
// after closing, individual observations 3 years, individual measures 5
// years after their end.
func DefaultRetentionRules() RetentionRules {
	return RetentionRules{ClosedCaseYears: 5, IndividualObservationYears: 3, IndividualMeasureYears: 5}
}

// RetentionDate returns the date r is due for purging under rules, and
// whether a rule applies. A date set in the record's RetainUntil takes
// precedence; a case still open has no date yet. Records without personal
// data (members' work contacts aside, which are kept while members are
// active) have none.
func RetentionDate(r Record, rules RetentionRules) (Date, bool) {
	d, rule := retentionRule(r, rules)
	return d, rule != ""
}

// retentionRule returns the date r is due for purging under rules and the
// rule that sets it; the rule is empty when none applies.
func retentionRule(r Record, rules RetentionRules) (Date, PurgeRule) {
	if m := r.Base(); !m.RetainUntil.IsZero() {
		return m.RetainUntil, RuleRetainUntil
	}
	switch v := r.(type) {
	case *Case:
		if v.Status == CaseClosed && !v.Closed.IsZero() && rules.ClosedCaseYears > 0 {
			return v.Closed.AddMonths(12 * rules.ClosedCaseYears), RuleClosedCase
		}
	case *Observation:
		if v.Dimension == DimensionIndividual && len(v.Cases) == 0 && rules.IndividualObservationYears > 0 {
			from := v.Observed
			if !v.ObservedTo.IsZero() {
				from = v.ObservedTo
			}
			if !from.IsZero() {
				return from.AddMonths(12 * rules.IndividualObservationYears), RuleIndividualObservation
			}
		}
	case *Measure:
		if v.Tier == TierIndividual && v.Case == "" && rules.IndividualMeasureYears > 0 {
			from := v.End
			for _, f := range v.FollowUps {
				if f.Date.After(from) {
					from = f.Date
				}
			}
			if !from.IsZero() {
				return from.AddMonths(12 * rules.IndividualMeasureYears), RuleIndividualMeasure
			}
		}
	}
	return Date{}, ""
}

// Purge is a record due for purging.
type Purge struct {
	ID   ID
	Kind Kind
	Due  Date
	// Case is the case whose purge takes this record with it (its key
	// seals it, see CaseKeyOf); empty for the case itself.
	Case ID
	// What says what the record is, so the person erasing it can judge
	// it: a case's pseudonym or title, an observation's summary, a
	// measure's title — one line, at most 48 characters. It is shown on
	// the security chief's own screen and never logged.
	What string
	// Rule is the retention rule that makes the record due.
	Rule PurgeRule
}

// PurgeRule names the retention rule that makes a record due.
type PurgeRule string

// The retention rules, as [Purge.Rule] names them.
const (
	RuleRetainUntil           PurgeRule = "retain_until"
	RuleClosedCase            PurgeRule = "closed_case_years"
	RuleIndividualObservation PurgeRule = "individual_observation_years"
	RuleIndividualMeasure     PurgeRule = "individual_measure_years"
	// RuleWithCase: the record is sealed under a due case's key.
	RuleWithCase PurgeRule = "with_case"
)

// Label returns the rule's name in language l.
func (r PurgeRule) Label(l Lang) string {
	switch r {
	case RuleRetainUntil:
		return l.T(PurgeRuleRetainUntil)
	case RuleClosedCase:
		return l.T(PurgeRuleClosedCase)
	case RuleIndividualObservation:
		return l.T(PurgeRuleIndividualObservation)
	case RuleIndividualMeasure:
		return l.T(PurgeRuleIndividualMeasure)
	case RuleWithCase:
		return l.T(PurgeRuleWithCase)
	}
	return string(r)
}

// purgeWhat returns the text that says what r is, for [Purge.What].
func purgeWhat(r Record) string {
	var s string
	switch v := r.(type) {
	case *Case:
		s = v.Label()
	case *Observation:
		s = v.Summary
	case *Measure:
		s = v.Title
	case *Picture:
		s = v.Title
	case *Meeting:
		s = v.Title
	case *Member:
		s = v.Name
	}
	s = SanitizeLine(s)
	if rs := []rune(s); len(rs) > 48 {
		s = string(rs[:47]) + "…"
	}
	return s
}

// DuePurges lists the records due for purging on today under rules,
// oldest due date first. Records sealed under a case's key follow their
// case: they are listed with it when the case is due, whatever their own
// date.
func DuePurges(records []Record, rules RetentionRules, today Date) []Purge {
	caseDue := map[ID]Date{}
	var out []Purge
	for _, r := range records {
		if c, ok := r.(*Case); ok {
			if d, rule := retentionRule(c, rules); rule != "" && !d.After(today) {
				caseDue[c.ID] = d
				out = append(out, Purge{ID: c.ID, Kind: KindCase, Due: d, What: purgeWhat(c), Rule: rule})
			}
		}
	}
	for _, r := range records {
		if r.Kind() == KindCase {
			continue
		}
		if c, ok := CaseKeyOf(r); ok {
			if d, due := caseDue[c]; due {
				out = append(out, Purge{ID: r.Base().ID, Kind: r.Kind(), Due: d, Case: c, What: purgeWhat(r), Rule: RuleWithCase})
			}
			continue
		}
		if d, rule := retentionRule(r, rules); rule != "" && !d.After(today) {
			out = append(out, Purge{ID: r.Base().ID, Kind: r.Kind(), Due: d, What: purgeWhat(r), Rule: rule})
		}
	}
	slices.SortStableFunc(out, func(a, b Purge) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		} else if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return out
}

// Tombstone is what remains of a purged record: enough to know that it
// existed, was purged and when — so an import does not bring it back —
// and no personal data.
type Tombstone struct {
	ID      ID        `json:"id"`
	Kind    Kind      `json:"kind"`
	Origin  string    `json:"origin,omitempty"`
	Version uint64    `json:"version"`
	Created time.Time `json:"created"`
	Purged  time.Time `json:"purged"`
	// Reason is a machine code such as "retention" or "erasure".
	Reason string `json:"reason"`
}

// TombstoneOf returns the tombstone of r purged at now for reason.
func TombstoneOf(r Record, now time.Time, reason string) Tombstone {
	m := r.Base()
	return Tombstone{ID: m.ID, Kind: r.Kind(), Origin: m.Origin, Version: m.Version, Created: m.Created,
		Purged: now.UTC(), Reason: reason}
}
