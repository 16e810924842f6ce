package demo

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"varn/model"
)

func TestGenerateIsValidAndLinked(t *testing.T) {
	recs := Generate(1, Municipality())
	if len(recs) != Municipality().Total() {
		t.Errorf("generated %d records, want %d", len(recs), Municipality().Total())
	}
	kinds := map[model.ID]model.Kind{}
	resolve := func(id model.ID) (model.Kind, bool) { k, ok := kinds[id]; return k, ok }
	for _, r := range recs {
		// Links point backwards: validate against what came before.
		if ps := model.Validate(r, resolve); ps != nil {
			t.Fatalf("%s %s: %v", r.Kind(), r.Base().ID, ps.Err(r.Kind()))
		}
		if _, dup := kinds[r.Base().ID]; dup {
			t.Fatalf("duplicate ID %s", r.Base().ID)
		}
		kinds[r.Base().ID] = r.Kind()
		if _, err := model.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	enc := func(seed int64) []byte {
		var b bytes.Buffer
		for _, r := range Generate(seed, Municipality()) {
			e, _ := model.Encode(r)
			b.Write(e)
		}
		return b.Bytes()
	}
	a, b, c := enc(7), enc(7), enc(8)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different data")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same data")
	}
}

// TestEveryVocabularyValue checks that the demo uses every code of every
// vocabulary somewhere.
func TestEveryVocabularyValue(t *testing.T) {
	seen := map[string]bool{}
	add := func(vocab string, code any) { seen[vocab+"."+toString(code)] = true }
	for _, r := range Generate(1, Municipality()) {
		add("kind", r.Kind())
		add("tlp", r.Base().TLP)
		switch v := r.(type) {
		case *model.Observation:
			add("milieu", v.Milieu)
			add("dimension", v.Dimension)
			add("observation_kind", v.ObsKind)
			add("org", v.Source)
			add("reliability", v.Reliability)
			add("credibility", v.Credibility)
			add("concern", v.Concern)
			add("trend", v.Trend)
		case *model.Measure:
			add("tier", v.Tier)
			add("measure_type", v.Type)
			add("measure_status", v.Status)
			add("org", v.Org)
			for _, f := range v.FollowUps {
				add("effect", f.Effect)
			}
			if v.Reach.GirlsWomen > 0 {
				add("gender", model.GenderGirlsWomen)
			}
		case *model.Case:
			add("subject_kind", v.Subject)
			add("intake_channel", v.Intake)
			add("priority", v.Priority)
			add("case_status", v.Status)
			add("closing_reason", v.ClosingReason)
			add("age_band", v.AgeBand)
			add("gender", v.Gender)
			add("org", v.Handler)
			add("concern", v.Concern.Level)
			for _, a := range v.Assessments {
				for _, rt := range a.Ratings {
					add("assessment_area", rt.Area)
					add("rating", rt.Rating)
				}
			}
		case *model.Member:
			add("member_role", v.Role)
			add("org", v.Org)
		case *model.Meeting:
			add("meeting_kind", v.MeetingKind)
			for _, d := range v.Decisions {
				add("decision_status", d.Status)
			}
		case *model.Picture:
			for _, l := range v.Milieus {
				add("level", l.Presence)
				add("level", l.Activity)
				add("trend", l.Trend)
			}
			for _, j := range v.Judgements {
				add("likelihood", j.Likelihood)
			}
		case *model.Partner:
			add("org", v.Org)
		}
	}
	for _, voc := range model.Vocabularies() {
		if voc.Name == "audit_action" || voc.Name == "level" {
			continue // audit events are not records; levels depend on volumes
		}
		for _, c := range voc.Codes {
			if !seen[voc.Name+"."+c] {
				t.Errorf("the demo never uses %s %q", voc.Name, c)
			}
		}
	}
}

func toString(v any) string { return fmt.Sprint(v) }

// BenchmarkStreamMillion generates a million records, as `varn demo
// --records 1000000` does, without keeping them.
func BenchmarkStreamMillion(b *testing.B) {
	s := ScaleFor(1_000_000)
	for b.Loop() {
		n := 0
		_ = Stream(1, s, func(model.Record) error { n++; return nil })
		if n != s.Total() {
			b.Fatalf("%d records, want %d", n, s.Total())
		}
	}
	b.ReportMetric(float64(s.Total()), "records")
}

func TestScaleFor(t *testing.T) {
	for _, n := range []int{0, 10, 1000, 100_000, 1_000_000} {
		s := ScaleFor(n)
		if n >= 1000 && (s.Total() < n-1 || s.Total() > n+1) {
			t.Errorf("ScaleFor(%d).Total() = %d", n, s.Total())
		}
		if s.Cases < 15 || s.Measures < 60 {
			t.Errorf("ScaleFor(%d) = %+v: fewer than a municipality", n, s)
		}
	}
}

// TestDemoExercisesEveryView checks that the demo data gives every derived
// view something to show.
func TestDemoExercisesEveryView(t *testing.T) {
	s := Municipality()
	today := model.NewDate(2026, time.November, 23)
	s.Today = today
	var (
		obs      []*model.Observation
		ms       []*model.Measure
		cs       []*model.Case
		meetings []*model.Meeting
		pics     []*model.Picture
		all      []model.Record
	)
	for _, r := range Generate(3, s) {
		all = append(all, r)
		switch v := r.(type) {
		case *model.Observation:
			obs = append(obs, v)
		case *model.Measure:
			ms = append(ms, v)
		case *model.Case:
			cs = append(cs, v)
		case *model.Meeting:
			meetings = append(meetings, v)
		case *model.Picture:
			pics = append(pics, v)
		}
	}
	ov := model.NewOverview(obs, today, today.AddDays(-7).Time(time.UTC))
	if ov.New == 0 || ov.Weekly[0][model.Weeks-2] == 0 {
		t.Errorf("overview: %d new, this week %v", ov.New, ov.Weekly[0])
	}
	for i := range ov.Milieus {
		for j := range ov.Dimensions {
			if ov.Cells[i][j].Count == 0 && i < 3 {
				t.Errorf("overview cell %s × %s is empty", ov.Milieus[i], ov.Dimensions[j])
			}
		}
	}
	py := model.NewPyramid(ms, today)
	if len(py.Due) == 0 || len(py.Overdue) == 0 {
		t.Errorf("pyramid: %d due, %d overdue", len(py.Due), len(py.Overdue))
	}
	for i, tier := range py.Measures {
		if len(tier) == 0 {
			t.Errorf("pyramid tier %s is empty", py.Tiers[i])
		}
	}
	rep := model.QuarterlyFollowUp(model.QuarterOf(today).Prev(), today, obs, ms, cs, pics)
	if rep.Picture == nil || rep.Previous == nil || len(rep.Changes) == 0 || rep.Started == 0 || rep.FollowedUp == 0 ||
		rep.CasesActive == 0 || rep.Reach.Total() == 0 {
		t.Errorf("quarterly follow-up is thin: %+v", rep)
	}
	last := meetings[len(meetings)-1]
	for _, m := range meetings {
		if m.MeetingKind == model.MeetingWeeklyPolice && m.Date.After(last.Date) {
			last = m
		}
	}
	ag := model.AgendaFor(last, meetings, obs, ms, cs, true, time.UTC)
	if ag.Previous == nil || len(ag.NewObservations) == 0 || len(ag.OpenDecisions) == 0 || ag.OpenCaseCount == 0 || ag.OpenCases != nil {
		t.Errorf("agenda: prev %v, %d new, %d decisions, %d cases", ag.Previous != nil, len(ag.NewObservations), len(ag.OpenDecisions), ag.OpenCaseCount)
	}
	published := 0
	for _, p := range pics {
		if p.IsPublished() {
			published++
		}
	}
	if published != len(pics)-1 {
		t.Errorf("%d of %d pictures published, want all but the latest", published, len(pics))
	}
	if due := model.DuePurges(all, model.DefaultRetentionRules(), today); len(due) == 0 {
		t.Error("no purges due: the retention screen has nothing to show")
	}
	ix := model.NewObservationIndex(obs)
	if hits := ix.Search(nil, "gläntan", nil); len(hits) == 0 {
		t.Error("search for an area finds nothing")
	}
}

// TestDemoRoundTrip encodes and decodes every demo record.
func TestDemoRoundTrip(t *testing.T) {
	for _, r := range Generate(5, Municipality()) {
		b, err := model.Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := model.Decode(b)
		if err != nil {
			t.Fatalf("%s: %v", r.Kind(), err)
		}
		again, _ := model.Encode(back)
		if !bytes.Equal(b, again) {
			t.Fatalf("%s %s does not round trip:\n%s\n%s", r.Kind(), r.Base().ID, b, again)
		}
	}
}
