package model

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func obsAt(m Milieu, dim Dimension, c Concern, observed string, created time.Time) *Observation {
	return &Observation{Meta: Meta{Created: created, TLP: TLPAmber}, Milieu: m, Dimension: dim, ObsKind: ObsActivity,
		Source: OrgPolice, Concern: c, Trend: TrendStable, Observed: d(observed), Summary: "x"}
}

func TestOverview(t *testing.T) {
	today := d("2026-11-22") // a Sunday; its week starts Monday 2026-11-16
	since := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	obs := []*Observation{
		obsAt(MilieuWhitePower, DimensionGroup, ConcernLow, "2026-11-16", since.Add(time.Hour)),
		obsAt(MilieuWhitePower, DimensionGroup, ConcernHigh, "2026-11-22", since.Add(2*time.Hour)),
		obsAt(MilieuWhitePower, DimensionGroup, ConcernModerate, "2026-11-15", old),
		obsAt(MilieuAutonomous, DimensionArea, ConcernAcute, "2026-08-24", old),               // first day of the 13 weeks
		obsAt(MilieuAutonomous, DimensionArea, ConcernLow, "2026-08-23", old),                 // before them
		obsAt(MilieuViolentIslamist, DimensionIndividual, ConcernModerate, "2026-11-23", old), // after today's week
		{Milieu: "bogus", Dimension: DimensionGroup},                                          // ignored
	}
	v := NewOverview(obs, today, since)
	tests := []struct {
		name      string
		got, want any
	}{
		{"total", v.Total, 6},
		{"white power group count", v.Cells[0][4].Count, 3},
		{"white power group highest", v.Cells[0][4].Highest, ConcernHigh},
		{"autonomous area highest", v.Cells[1][1].Highest, ConcernAcute},
		{"empty cell", v.Cells[2][0], Cell{}},
		{"row total", v.RowTotals[1], 2},
		{"first week", v.WeekStarts[0], d("2026-08-24")},
		{"last week", v.WeekStarts[Weeks-1], d("2026-11-16")},
		{"this week white power", v.Weekly[0][Weeks-1], 2},
		{"last week white power", v.Weekly[0][Weeks-2], 1},
		{"first week autonomous", v.Weekly[1][0], 1},
		{"autonomous sum", sum(v.Weekly[1]), 1},
		{"islamist after today", sum(v.Weekly[2]), 0},
		{"new", v.New, 2},
		{"new white power", v.NewByMilieu[0], 2},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func TestPyramid(t *testing.T) {
	today := d("2026-11-22")
	ms := []*Measure{
		{Title: "b", Tier: TierGeneral, Status: StatusOngoing, NextFollowUp: d("2026-12-06"), Reach: GenderCounts{1, 2, 3}},  // due, day 14
		{Title: "a", Tier: TierGeneral, Status: StatusOngoing, NextFollowUp: d("2026-12-07")},                                // not yet due
		{Title: "c", Tier: TierSpecific, Status: StatusDecided, NextFollowUp: d("2026-11-21"), Reach: GenderCounts{4, 0, 0}}, // overdue
		{Title: "d", Tier: TierIndividual, Status: StatusCompleted, NextFollowUp: d("2026-01-01")},                           // closed: neither
		{Title: "e", Tier: TierIndividual, Status: StatusOnHold, NextFollowUp: d("2026-11-22")},                              // due today
		{Title: "f", Tier: TierIndividual, Status: StatusProposed},
	}
	p := NewPyramid(ms, today)
	if p.Counts[0][statusIndex(StatusOngoing)] != 2 || p.Counts[1][statusIndex(StatusDecided)] != 1 || p.Counts[2][statusIndex(StatusCompleted)] != 1 {
		t.Errorf("counts %v", p.Counts)
	}
	titles := func(rs []MeasureRef) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Measure.Title)
		}
		return out
	}
	if got := titles(p.Due); !slices.Equal(got, []string{"e", "b"}) {
		t.Errorf("due = %v, want [e b]", got)
	}
	if got := titles(p.Overdue); !slices.Equal(got, []string{"c"}) {
		t.Errorf("overdue = %v, want [c]", got)
	}
	if p.Measures[0][0].Title != "a" {
		t.Errorf("tier list not sorted by status then title: %v", p.Measures[0])
	}
	if p.Reach[0] != (GenderCounts{1, 2, 3}) || p.Reach[1].GirlsWomen != 4 {
		t.Errorf("reach %v", p.Reach)
	}
}

func TestQuarterlyFollowUp(t *testing.T) {
	q, _ := ParseQuarter("2026Q3")
	today := d("2026-11-22")
	prev := &Picture{Meta: Meta{ID: "P1"}, From: d("2026-04-01"), To: d("2026-06-30"), Published: time.Now(),
		Milieus: []MilieuLevel{{Milieu: MilieuWhitePower, Presence: 2, Activity: 1, Trend: TrendStable}}}
	cur := &Picture{Meta: Meta{ID: "P2"}, From: d("2026-07-01"), To: d("2026-09-30"), Previous: "P1",
		Milieus: []MilieuLevel{{Milieu: MilieuWhitePower, Presence: 3, Activity: 1, Trend: TrendRising},
			{Milieu: MilieuAutonomous, Presence: 1, Activity: 1, Trend: TrendUnknown}}}
	ms := []*Measure{
		{Tier: TierGeneral, Status: StatusOngoing, Start: d("2026-07-10"), NextFollowUp: d("2026-09-01"), Reach: GenderCounts{10, 5, 0}},
		{Tier: TierIndividual, Status: StatusCompleted, Start: d("2026-01-10"), End: d("2026-08-01"), Reach: GenderCounts{0, 1, 0},
			FollowUps: []FollowUp{{Date: d("2026-07-15"), Effect: EffectPositive}}},
		{Tier: TierSpecific, Status: StatusProposed, Start: d("2026-09-30")},
		{Tier: TierSpecific, Status: StatusOngoing, Start: d("2026-10-01"), Reach: GenderCounts{100, 100, 100}}, // next quarter
	}
	cs := []*Case{
		{Subject: SubjectIndividual, Gender: GenderGirlsWomen, Status: CaseIntervention, Opened: d("2026-07-02")},
		{Subject: SubjectIndividual, Gender: GenderBoysMen, Status: CaseClosed, Opened: d("2026-02-01"), Closed: d("2026-09-30")},
		{Subject: SubjectArea, Status: CaseClosed, Opened: d("2026-01-01"), Closed: d("2026-06-30")}, // not active
		{Subject: SubjectGroup, Status: CaseFollowUp, Opened: d("2026-05-05")},
	}
	obs := []*Observation{obsAt(MilieuOther, DimensionArea, ConcernLow, "2026-09-30", time.Time{}), obsAt(MilieuOther, DimensionArea, ConcernLow, "2026-10-01", time.Time{})}
	r := QuarterlyFollowUp(q, today, obs, ms, cs, []*Picture{cur, prev})
	checks := []struct {
		name      string
		got, want any
	}{
		{"picture", r.Picture, cur},
		{"previous", r.Previous, prev},
		{"changes", len(r.Changes), 2},
		{"white power changed", r.Changes[0].Changed(), true},
		{"autonomous new", r.Changes[1].Before, false},
		{"observations other", r.Observations[milieuIndex(MilieuOther)], 1},
		{"started", r.Started, 2},
		{"started general", r.StartedByTier[0], 1},
		{"completed", r.Completed, 1},
		{"followed up", r.FollowedUp, 1},
		{"overdue", r.Overdue, 1},
		{"opened", r.CasesOpened, 1},
		{"closed", r.CasesClosed, 1},
		{"active", r.CasesActive, 3},
		{"cases by gender", r.CasesByGender, GenderCounts{1, 1, 1}},
		{"reach", r.Reach, GenderCounts{10, 6, 0}},
		{"reach individual", r.ReachByTier[2], GenderCounts{0, 1, 0}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestAgendaFor(t *testing.T) {
	loc := time.UTC
	prev := &Meeting{Meta: Meta{ID: "M1"}, MeetingKind: MeetingWeeklyPolice, Date: d("2026-11-11"),
		Decisions: []Decision{{Text: "open", Status: DecisionOpen}, {Text: "done", Status: DecisionDone}, {Text: "going", Status: DecisionInProgress}}}
	other := &Meeting{Meta: Meta{ID: "M0"}, MeetingKind: MeetingQuarterlyFollowUp, Date: d("2026-11-17")}
	cur := &Meeting{Meta: Meta{ID: "M2"}, MeetingKind: MeetingWeeklyPolice, Date: d("2026-11-18")}
	later := &Meeting{Meta: Meta{ID: "M3"}, MeetingKind: MeetingWeeklyPolice, Date: d("2026-11-25"),
		Decisions: []Decision{{Text: "future", Status: DecisionOpen}}}
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	obs := []*Observation{
		obsAt(MilieuOther, DimensionArea, ConcernLow, "2026-11-10", at("2026-11-11T15:00:00Z")),       // the previous meeting's day: not new
		obsAt(MilieuOther, DimensionArea, ConcernLow, "2026-11-12", at("2026-11-12T00:00:00Z")),       // new
		obsAt(MilieuOther, DimensionIndividual, ConcernLow, "2026-11-13", at("2026-11-13T09:00:00Z")), // new, individual
		obsAt(MilieuOther, DimensionArea, ConcernLow, "2026-11-19", at("2026-11-19T09:00:00Z")),       // after the meeting
	}
	ms := []*Measure{
		{Title: "due", Tier: TierGeneral, Status: StatusOngoing, NextFollowUp: d("2026-12-02")},
		{Title: "late", Tier: TierIndividual, Status: StatusOngoing, NextFollowUp: d("2026-10-01")},
		{Title: "far", Tier: TierGeneral, Status: StatusOngoing, NextFollowUp: d("2026-12-03")},
	}
	cs := []*Case{{Pseudonym: "A", Status: CaseIntervention, Priority: PriorityNormal}, {Pseudonym: "B", Status: CaseConcernReceived, Priority: PriorityAcute}, {Status: CaseClosed}}
	meetings := []*Meeting{later, cur, other, prev}

	a := AgendaFor(cur, meetings, obs, ms, cs, false, loc)
	if a.Previous != prev {
		t.Errorf("previous = %v", a.Previous)
	}
	if len(a.NewObservations) != 2 || a.NewObservations[0].Dimension != DimensionIndividual {
		t.Errorf("new observations = %d (newest first expected)", len(a.NewObservations))
	}
	if len(a.Due) != 2 || a.Due[0].Measure.Title != "late" {
		t.Errorf("due = %v", a.Due)
	}
	if len(a.OpenDecisions) != 2 || a.OpenDecisions[1].Decision.Text != "going" {
		t.Errorf("open decisions = %v", a.OpenDecisions)
	}
	if a.OpenCaseCount != 2 || len(a.OpenCases) != 2 || a.OpenCases[0].Pseudonym != "B" {
		t.Errorf("open cases = %d %v", a.OpenCaseCount, a.OpenCases)
	}

	m := AgendaFor(cur, meetings, obs, ms, cs, true, loc)
	if m.OpenCases != nil || m.OpenCaseCount != 2 {
		t.Errorf("masked agenda shows cases: %v", m.OpenCases)
	}
	if len(m.NewObservations) != 1 || m.MaskedObservations != 1 {
		t.Errorf("masked agenda: %d new, %d masked", len(m.NewObservations), m.MaskedObservations)
	}
	if len(m.Due) != 1 || m.Due[0].Measure.Tier == TierIndividual {
		t.Errorf("masked agenda shows individual measures: %v", m.Due)
	}

	first := AgendaFor(other, meetings, obs, ms, cs, false, loc)
	if first.Previous != nil || !first.Since.Equal(d("2026-08-17").Time(loc)) {
		t.Errorf("first quarterly meeting: previous %v since %v", first.Previous, first.Since)
	}
}

func TestCompileAndComparePicture(t *testing.T) {
	var obs []*Observation
	add := func(m Milieu, k ObservationKind, n int, tr Trend) {
		for range n {
			o := obsAt(m, DimensionGroup, ConcernLow, "2026-08-01", time.Time{})
			o.ObsKind, o.Trend = k, tr
			o.ID = NewID(testNow, fixedRand(byte(len(obs))))
			obs = append(obs, o)
		}
	}
	add(MilieuWhitePower, ObsPresence, 12, TrendRising) // established presence
	add(MilieuWhitePower, ObsActivity, 3, TrendRising)  // sporadic activity
	add(MilieuAutonomous, ObsIncident, 1, TrendFalling) // isolated activity ⇒ isolated presence
	outside := obsAt(MilieuViolentIslamist, DimensionGroup, ConcernLow, "2026-10-01", time.Time{})
	obs = append(obs, outside)
	q, _ := ParseQuarter("2026Q3")
	p := CompilePicture(q.Start(), q.End(), obs, nil)
	if p.Title != "2026Q3" || len(p.Observations) != 16 || p.IsPublished() {
		t.Errorf("title %q, %d observations, published %v", p.Title, len(p.Observations), p.IsPublished())
	}
	want := []MilieuLevel{
		{Milieu: MilieuWhitePower, Presence: LevelEstablished, Activity: LevelSporadic, Trend: TrendRising},
		{Milieu: MilieuAutonomous, Presence: LevelIsolated, Activity: LevelIsolated, Trend: TrendFalling},
	}
	if !slices.Equal(p.Milieus, want) {
		t.Errorf("milieus = %+v\nwant %+v", p.Milieus, want)
	}
	prev := &Picture{Meta: Meta{ID: NewID(testNow, fixedRand(200))}, Milieus: []MilieuLevel{
		{Milieu: MilieuWhitePower, Presence: LevelEstablished, Activity: LevelEstablished},
		{Milieu: MilieuViolentIslamist, Presence: LevelSporadic}}}
	p2 := CompilePicture(q.Start(), q.End(), obs, prev)
	if p2.Previous != prev.ID {
		t.Error("previous not linked")
	}
	trends := map[Milieu]Trend{}
	for _, l := range p2.Milieus {
		trends[l.Milieu] = l.Trend
	}
	if trends[MilieuWhitePower] != TrendFalling || trends[MilieuViolentIslamist] != TrendFalling || trends[MilieuAutonomous] != TrendFalling {
		t.Errorf("trends against the previous picture: %v", trends)
	}
	changes := ComparePictures(prev, p2)
	if len(changes) != 3 || !changes[0].Changed() || changes[1].Before || !changes[2].Before {
		t.Errorf("changes %+v", changes)
	}
	if ch := ComparePictures(prev, prev); ch[0].Changed() || ch[1].Changed() {
		t.Error("a picture differs from itself")
	}
}

func TestRetention(t *testing.T) {
	rules := DefaultRetentionRules()
	caseID := NewID(testNow, fixedRand(1))
	closed := &Case{Meta: Meta{ID: caseID}, Status: CaseClosed, Closed: d("2020-06-30")}
	open := &Case{Meta: Meta{ID: NewID(testNow, fixedRand(2))}, Status: CaseIntervention, Opened: d("2010-01-01")}
	indObs := &Observation{Meta: Meta{ID: NewID(testNow, fixedRand(3))}, Dimension: DimensionIndividual, Observed: d("2023-01-01"), ObservedTo: d("2023-02-28")}
	linkedObs := &Observation{Meta: Meta{ID: NewID(testNow, fixedRand(4))}, Dimension: DimensionIndividual, Observed: d("2000-01-01"), Cases: []ID{caseID}}
	groupObs := &Observation{Meta: Meta{ID: NewID(testNow, fixedRand(5))}, Dimension: DimensionGroup, Observed: d("2000-01-01")}
	indMeasure := &Measure{Meta: Meta{ID: NewID(testNow, fixedRand(6))}, Tier: TierIndividual, Case: caseID}
	explicit := &Member{Meta: Meta{ID: NewID(testNow, fixedRand(7)), RetainUntil: d("2025-01-01")}}
	tests := []struct {
		r    Record
		want string
	}{
		{closed, "2025-06-30"},
		{open, ""},
		{indObs, "2026-02-28"},
		{linkedObs, ""}, // follows its case
		{groupObs, ""},
		{indMeasure, ""},
		{explicit, "2025-01-01"},
	}
	for _, tt := range tests {
		got, ok := RetentionDate(tt.r, rules)
		if got.String() != tt.want || ok != (tt.want != "") {
			t.Errorf("RetentionDate(%s %s) = %v, %v; want %q", tt.r.Kind(), tt.r.Base().ID.Short(), got, ok, tt.want)
		}
	}
	due := DuePurges([]Record{closed, open, indObs, linkedObs, groupObs, indMeasure, explicit}, rules, d("2026-03-01"))
	var ids []ID
	for _, p := range due {
		ids = append(ids, p.ID)
	}
	want := []ID{explicit.ID, closed.ID, linkedObs.ID, indMeasure.ID, indObs.ID}
	slices.SortStableFunc(want[2:4], func(a, b ID) int {
		if a < b {
			return -1
		}
		return 1
	})
	if !slices.Equal(ids, want) {
		t.Errorf("due purges %v, want %v", ids, want)
	}
	if due[2].Case != caseID {
		t.Errorf("linked record does not name its case: %+v", due[2])
	}
	if got := DuePurges([]Record{closed, indObs}, rules, d("2025-06-29")); len(got) != 0 {
		t.Errorf("nothing is due the day before: %v", got)
	}
	ts := TombstoneOf(closed, testNow, "retention")
	if ts.ID != caseID || ts.Kind != KindCase || ts.Reason != "retention" || !ts.Purged.Equal(testNow) {
		t.Errorf("tombstone %+v", ts)
	}
}

func TestCompilePictureLinksAtMostMaxEntries(t *testing.T) {
	from, to := NewDate(2026, 7, 1), NewDate(2026, 9, 30)
	var obs []*Observation
	for i := range MaxEntries + 50 {
		c := ConcernLow
		if i%10 == 0 {
			c = ConcernAcute
		}
		o := &Observation{Meta: Meta{ID: ID(fmt.Sprintf("%026d", i))}, Milieu: MilieuWhitePower,
			Dimension: DimensionGroup, ObsKind: ObsActivity, Concern: c, Trend: TrendStable,
			Observed: from.AddDays(i % 90)}
		obs = append(obs, o)
	}
	p := CompilePicture(from, to, obs, nil)
	if len(p.Observations) != MaxEntries {
		t.Fatalf("picture links %d observations, want %d", len(p.Observations), MaxEntries)
	}
	linked := make(map[ID]bool)
	for _, id := range p.Observations {
		linked[id] = true
	}
	for i, o := range obs {
		if o.Concern == ConcernAcute && !linked[o.ID] {
			t.Fatalf("acute observation %d was dropped in favour of low ones", i)
		}
	}
	if l, _ := p.Level(MilieuWhitePower); l.Activity != LevelOrganised {
		t.Errorf("activity level %v counts only the linked observations, want organised from all %d", l.Activity, len(obs))
	}
}
