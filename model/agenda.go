package model

import (
	"slices"
	"strings"
	"time"
)

// DecisionRef is an open decision of an earlier meeting.
type DecisionRef struct {
	Meeting  *Meeting
	Index    int // position in Meeting.Decisions
	Decision Decision
}

// Agenda is a meeting's generated agenda (D1): the observations new since
// the previous meeting of the same kind, the measures due for follow-up,
// the open decisions of earlier meetings, and the open cases.
//
// A masked agenda is for the projector: it holds no case and no
// observation about an individual, only their counts.
type Agenda struct {
	Meeting *Meeting
	// Previous is the latest earlier meeting of the same kind, nil if none.
	Previous *Meeting
	// Since is when "new" starts: the end of the previous meeting's day,
	// or, without one, 7 days (weekly) or a quarter (other kinds) before
	// the meeting.
	Since time.Time
	// NewObservations were created after Since and by the meeting's day,
	// newest first; when masked, those of dimension individual are left
	// out and counted in MaskedObservations.
	NewObservations    []*Observation
	MaskedObservations int
	// Due holds open measures whose next follow-up is past or within 14
	// days of the meeting, by date; when masked, without the individual
	// tier.
	Due []MeasureRef
	// OpenDecisions are the decisions of earlier meetings still open or
	// in progress, oldest meeting first.
	OpenDecisions []DecisionRef
	// OpenCases are the cases not closed, by priority (acute first) and
	// opening date; nil when masked. OpenCaseCount counts them always.
	OpenCases     []*Case
	OpenCaseCount int
	Masked        bool
}

// AgendaFor builds the agenda of meeting m from the vault's other
// meetings, observations, measures and cases. Times are compared in loc
// (the vault's local time zone).
func AgendaFor(m *Meeting, meetings []*Meeting, obs []*Observation, ms []*Measure, cs []*Case, masked bool, loc *time.Location) Agenda {
	a := Agenda{Meeting: m, Masked: masked}
	for _, o := range meetings {
		if o == m || (o.ID == m.ID && o.ID != "") || o.MeetingKind != m.MeetingKind || !o.Date.Before(m.Date) {
			continue
		}
		if a.Previous == nil || o.Date.After(a.Previous.Date) {
			a.Previous = o
		}
	}
	switch {
	case a.Previous != nil:
		a.Since = a.Previous.Date.AddDays(1).Time(loc)
	case m.MeetingKind == MeetingWeeklyPolice:
		a.Since = m.Date.AddDays(-7).Time(loc)
	default:
		a.Since = m.Date.AddMonths(-3).Time(loc)
	}
	until := m.Date.AddDays(1).Time(loc)
	type key struct {
		t int64
		o *Observation
	}
	var keys []key
	for _, o := range obs {
		if o.Created.Before(a.Since) || !o.Created.Before(until) {
			continue
		}
		if masked && o.Dimension == DimensionIndividual {
			a.MaskedObservations++
			continue
		}
		keys = append(keys, key{o.Created.UnixNano(), o})
	}
	// Newest first; sorting keys, not pointers, keeps it cache-friendly.
	slices.SortFunc(keys, func(x, y key) int {
		switch {
		case x.t > y.t:
			return -1
		case x.t < y.t:
			return 1
		}
		return strings.Compare(string(x.o.ID), string(y.o.ID))
	})
	a.NewObservations = make([]*Observation, len(keys))
	for i, k := range keys {
		a.NewObservations[i] = k.o
	}
	horizon := m.Date.AddDays(DueWithinDays)
	for _, x := range ms {
		if x.Status.Open() && !x.NextFollowUp.IsZero() && !x.NextFollowUp.After(horizon) {
			if masked && x.Tier == TierIndividual {
				continue
			}
			a.Due = append(a.Due, MeasureRef{x, x.NextFollowUp})
		}
	}
	slices.SortStableFunc(a.Due, func(x, y MeasureRef) int { return x.Date.Compare(y.Date) })
	earlier := slices.Clone(meetings)
	slices.SortStableFunc(earlier, func(x, y *Meeting) int { return x.Date.Compare(y.Date) })
	for _, o := range earlier {
		if o == m || (o.ID == m.ID && o.ID != "") || o.Date.After(m.Date) {
			continue
		}
		for i, dcs := range o.Decisions {
			if dcs.Status == DecisionOpen || dcs.Status == DecisionInProgress {
				a.OpenDecisions = append(a.OpenDecisions, DecisionRef{o, i, dcs})
			}
		}
	}
	for _, c := range cs {
		if c.Status == CaseClosed {
			continue
		}
		a.OpenCaseCount++
		if !masked {
			a.OpenCases = append(a.OpenCases, c)
		}
	}
	slices.SortStableFunc(a.OpenCases, func(x, y *Case) int {
		if d := y.Priority.Rank() - x.Priority.Rank(); d != 0 {
			return d
		}
		return x.Opened.Compare(y.Opened)
	})
	return a
}
