package model

import (
	"cmp"
	"slices"
)

// LevelChange is how one milieu's levels changed from one picture to the
// next (R1). A milieu missing from a picture has Before or After false.
type LevelChange struct {
	Milieu         Milieu
	Before, After  bool // whether the milieu is in the earlier/later picture
	PresenceBefore Level
	PresenceAfter  Level
	ActivityBefore Level
	ActivityAfter  Level
	TrendBefore    Trend
	TrendAfter     Trend
}

// Changed reports whether anything differs.
func (c LevelChange) Changed() bool {
	return c.Before != c.After || c.PresenceBefore != c.PresenceAfter ||
		c.ActivityBefore != c.ActivityAfter || c.TrendBefore != c.TrendAfter
}

// ComparePictures compares a picture with the previous one, milieu by
// milieu in AllMilieus order, for every milieu in either. prev may be nil.
func ComparePictures(prev, cur *Picture) []LevelChange {
	var out []LevelChange
	for _, m := range AllMilieus() {
		c := LevelChange{Milieu: m}
		if prev != nil {
			if l, ok := prev.Level(m); ok {
				c.Before, c.PresenceBefore, c.ActivityBefore, c.TrendBefore = true, l.Presence, l.Activity, l.Trend
			}
		}
		if cur != nil {
			if l, ok := cur.Level(m); ok {
				c.After, c.PresenceAfter, c.ActivityAfter, c.TrendAfter = true, l.Presence, l.Activity, l.Trend
			}
		}
		if c.Before || c.After {
			out = append(out, c)
		}
	}
	return out
}

// PreviousPicture returns the picture cur is compared with: the one its
// Previous field names, else the published picture with the latest
// period ending before cur's starts. nil if there is none.
func PreviousPicture(cur *Picture, pics []*Picture) *Picture {
	var best *Picture
	for _, p := range pics {
		if p == cur || p.ID == cur.ID && p.ID != "" {
			continue
		}
		if cur.Previous != "" {
			if p.ID == cur.Previous {
				return p
			}
			continue
		}
		if p.IsPublished() && p.To.Before(cur.From) && (best == nil || p.To.After(best.To)) {
			best = p
		}
	}
	return best
}

// proposeLevel turns a count of a milieu's observations of a period into
// a level: 0 none, 1–2 isolated, 3–9 sporadic, 10–24 established, 25 or
// more organised.
func proposeLevel(n int) Level {
	l := LevelNone
	for i, t := range [...]int{1, 3, 10, 25} {
		if n >= t {
			l = Level(i + 1)
		}
	}
	return l
}

// CompilePicture proposes a situational picture for the period from–to
// (R1) from the observations observed in it: per milieu, a presence level
// from its presence, group and area observations and an activity level
// from its activity and incident observations (0 none, 1–2 observations
// isolated, 3–9 sporadic, 10–24 established, 25+ organised); a trend
// against the previous picture where there is one (rising or falling with
// the sum of the levels), else the most frequent trend of the
// observations. The levels count every observation of the period; the
// picture links at most MaxEntries of them, the most concerning and most
// recent first. The proposal is a draft for the group to weigh and
// adjust: it is neither published nor approved.
func CompilePicture(from, to Date, obs []*Observation, prev *Picture) *Picture {
	var presence, activity, total [numMilieus]int
	var trends [numMilieus][4]int
	p := &Picture{Meta: Meta{TLP: TLPAmber}, From: from, To: to}
	var linked []*Observation
	if q := QuarterOf(from); q.Start() == from && q.End() == to {
		p.Title = q.String()
	} else {
		p.Title = from.String() + " – " + to.String()
	}
	if prev != nil {
		p.Previous = prev.ID
	}
	for _, o := range obs {
		mi := milieuIndex(o.Milieu)
		if mi < 0 || o.Observed.Before(from) || o.Observed.After(to) {
			continue
		}
		total[mi]++
		linked = append(linked, o)
		switch o.ObsKind {
		case ObsPresence:
			presence[mi]++
		case ObsActivity, ObsIncident:
			activity[mi]++
		default:
			if o.Dimension == DimensionGroup || o.Dimension == DimensionArea {
				presence[mi]++
			}
		}
		switch o.Trend {
		case TrendRising:
			trends[mi][0]++
		case TrendStable:
			trends[mi][1]++
		case TrendFalling:
			trends[mi][2]++
		}
	}
	p.Observations = linkObservations(linked)
	for i, m := range AllMilieus() {
		var before MilieuLevel
		hadBefore := false
		if prev != nil {
			before, hadBefore = prev.Level(m)
		}
		if total[i] == 0 && !hadBefore {
			continue
		}
		l := MilieuLevel{Milieu: m, Presence: proposeLevel(presence[i]), Activity: proposeLevel(activity[i]), Trend: TrendUnknown}
		if l.Presence < LevelIsolated && l.Activity >= LevelIsolated {
			l.Presence = LevelIsolated // activity implies some presence
		}
		if hadBefore {
			now, was := int(l.Presence)+int(l.Activity), int(before.Presence)+int(before.Activity)
			switch {
			case now > was:
				l.Trend = TrendRising
			case now < was:
				l.Trend = TrendFalling
			default:
				l.Trend = TrendStable
			}
		} else if t := trends[i]; t[0]+t[1]+t[2] > 0 {
			l.Trend = []Trend{TrendRising, TrendStable, TrendFalling}[argmax(t[:3])]
		}
		p.Milieus = append(p.Milieus, l)
	}
	slices.Sort(p.Observations)
	return p
}

func argmax(xs []int) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}

// QuarterReport is the quarterly follow-up of the picture and the
// measures (M6), with the gender perspective (M7). Cases appear only as
// counts and by gender — never by milieu (R2).
type QuarterReport struct {
	Quarter Quarter
	// Picture is the quarter's latest picture (nil if none), Previous the
	// one it is compared with, Changes the difference per milieu.
	Picture, Previous *Picture
	Changes           []LevelChange
	// Observations counts the quarter's observations per milieu, in
	// AllMilieus order.
	Observations []int
	// Measures started, completed (completed or followed up with an end
	// date in the quarter), followed up (a follow-up logged in the
	// quarter) and overdue (open, next follow-up before the quarter's end
	// or today, whichever is earlier), in the quarter.
	Started, Completed, FollowedUp, Overdue int
	// StartedByTier counts the measures started per tier.
	StartedByTier []int
	// CasesOpened and CasesClosed count cases opened and closed in the
	// quarter; CasesActive those open at some time in it.
	CasesOpened, CasesClosed, CasesActive int
	// ReachByTier sums the reach by gender of the measures running in
	// the quarter, per tier; Reach over all tiers.
	ReachByTier []GenderCounts
	Reach       GenderCounts
	// CasesByGender counts the cases active in the quarter by their
	// gender category; cases without one count as mixed/unknown.
	CasesByGender GenderCounts
}

// QuarterlyFollowUp computes the follow-up of quarter q as of today.
func QuarterlyFollowUp(q Quarter, today Date, obs []*Observation, ms []*Measure, cs []*Case, pics []*Picture) QuarterReport {
	start, end := q.Start(), q.End()
	rep := QuarterReport{
		Quarter:       q,
		Observations:  make([]int, numMilieus),
		StartedByTier: make([]int, numTiers),
		ReachByTier:   make([]GenderCounts, numTiers),
	}
	for _, p := range pics {
		if !p.To.Before(start) && !p.To.After(end) && (rep.Picture == nil || p.To.After(rep.Picture.To) ||
			p.To == rep.Picture.To && p.Updated.After(rep.Picture.Updated)) {
			rep.Picture = p
		}
	}
	if rep.Picture != nil {
		rep.Previous = PreviousPicture(rep.Picture, pics)
		rep.Changes = ComparePictures(rep.Previous, rep.Picture)
	}
	for _, o := range obs {
		if mi := milieuIndex(o.Milieu); mi >= 0 && q.Contains(o.Observed) {
			rep.Observations[mi]++
		}
	}
	asOf := end
	if today.Before(asOf) {
		asOf = today
	}
	for _, m := range ms {
		ti := tierIndex(m.Tier)
		if q.Contains(m.Start) {
			rep.Started++
			if ti >= 0 {
				rep.StartedByTier[ti]++
			}
		}
		if (m.Status == StatusCompleted || m.Status == StatusFollowedUp) && q.Contains(m.End) {
			rep.Completed++
		}
		for _, f := range m.FollowUps {
			if q.Contains(f.Date) {
				rep.FollowedUp++
				break
			}
		}
		if m.Status.Open() && !m.NextFollowUp.IsZero() && m.NextFollowUp.Before(asOf) {
			rep.Overdue++
		}
		running := !m.Start.IsZero() && !m.Start.After(end) && (m.End.IsZero() || !m.End.Before(start)) &&
			m.Status != StatusProposed && m.Status != StatusCancelled
		if running && ti >= 0 {
			rep.ReachByTier[ti] = rep.ReachByTier[ti].Add(m.Reach)
			rep.Reach = rep.Reach.Add(m.Reach)
		}
	}
	for _, c := range cs {
		if q.Contains(c.Opened) {
			rep.CasesOpened++
		}
		if c.Status == CaseClosed && q.Contains(c.Closed) {
			rep.CasesClosed++
		}
		active := !c.Opened.IsZero() && !c.Opened.After(end) && (c.Closed.IsZero() || !c.Closed.Before(start))
		if !active {
			continue
		}
		rep.CasesActive++
		switch {
		case c.Gender == GenderGirlsWomen:
			rep.CasesByGender.GirlsWomen++
		case c.Gender == GenderBoysMen:
			rep.CasesByGender.BoysMen++
		default:
			rep.CasesByGender.MixedUnknown++
		}
	}
	return rep
}

// linkObservations returns the IDs of obs in their order, keeping at most
// MaxEntries: when there are more, the most concerning and then the most
// recent are kept.
func linkObservations(obs []*Observation) []ID {
	keep := obs
	if len(obs) > MaxEntries {
		keep = slices.Clone(obs)
		slices.SortStableFunc(keep, func(a, b *Observation) int {
			if c := cmp.Compare(b.Concern.Rank(), a.Concern.Rank()); c != 0 {
				return c
			}
			return b.Observed.Compare(a.Observed)
		})
		keep = keep[:MaxEntries]
	}
	kept := make(map[*Observation]bool, len(keep))
	for _, o := range keep {
		kept[o] = true
	}
	var ids []ID
	for _, o := range obs {
		if kept[o] {
			ids = append(ids, o.ID)
		}
	}
	return ids
}
