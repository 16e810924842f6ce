package model_test

import (
	"sync"
	"testing"
	"time"

	"varn/model"
	"varn/model/demo"
)

// benchData is 100k observations and 10k measures of demo data, made once
// and only when a benchmark needs it.
var benchData = sync.OnceValue(func() (d struct {
	obs      []*model.Observation
	measures []*model.Measure
	cases    []*model.Case
	meetings []*model.Meeting
	pictures []*model.Picture
	today    model.Date
}) {
	s := demo.Municipality()
	s.Observations, s.Measures, s.Cases = 100_000, 10_000, 1_500
	s.Today = model.NewDate(2026, time.November, 23)
	d.today = s.Today
	_ = demo.Stream(1, s, func(r model.Record) error {
		switch v := r.(type) {
		case *model.Observation:
			d.obs = append(d.obs, v)
		case *model.Measure:
			d.measures = append(d.measures, v)
		case *model.Case:
			d.cases = append(d.cases, v)
		case *model.Meeting:
			d.meetings = append(d.meetings, v)
		case *model.Picture:
			d.pictures = append(d.pictures, v)
		}
		return nil
	})
	return d
})

func BenchmarkOverview100k(b *testing.B) {
	d := benchData()
	since := d.today.AddDays(-7).Time(time.UTC)
	b.ResetTimer()
	for b.Loop() {
		_ = model.NewOverview(d.obs, d.today, since)
	}
}

func BenchmarkPyramid10k(b *testing.B) {
	d := benchData()
	b.ResetTimer()
	for b.Loop() {
		_ = model.NewPyramid(d.measures, d.today)
	}
}

func BenchmarkQuarterlyFollowUp(b *testing.B) {
	d := benchData()
	q := model.QuarterOf(d.today).Prev()
	b.ResetTimer()
	for b.Loop() {
		_ = model.QuarterlyFollowUp(q, d.today, d.obs, d.measures, d.cases, d.pictures)
	}
}

func BenchmarkAgenda(b *testing.B) {
	d := benchData()
	m := d.meetings[len(d.meetings)-1]
	b.ResetTimer()
	for b.Loop() {
		_ = model.AgendaFor(m, d.meetings, d.obs, d.measures, d.cases, true, time.UTC)
	}
}

func BenchmarkCompilePicture100k(b *testing.B) {
	d := benchData()
	q := model.QuarterOf(d.today).Prev()
	b.ResetTimer()
	for b.Loop() {
		_ = model.CompilePicture(q.Start(), q.End(), d.obs, d.pictures[0])
	}
}

func BenchmarkObservationIndexBuild100k(b *testing.B) {
	d := benchData()
	b.ResetTimer()
	for b.Loop() {
		_ = model.NewObservationIndex(d.obs)
	}
}

// BenchmarkSearchKeystroke measures one keystroke of the instant search
// over 100k observations: each step of typing a word, with a filter.
func BenchmarkSearchKeystroke100k(b *testing.B) {
	d := benchData()
	ix := model.NewObservationIndex(d.obs)
	f := &model.ObservationFilter{MinConcern: model.ConcernModerate}
	queries := []string{"k", "kl", "kli", "klis", "klister", "gläntan flyg"}
	var out []int
	b.ResetTimer()
	for b.Loop() {
		for _, q := range queries {
			out = ix.Search(f, q, out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(queries))/1e6, "ms/keystroke")
}
