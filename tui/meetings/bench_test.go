package meetings

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/model/demo"
	"varn/tui/common"
)

// BenchmarkReportScreen measures the quarterly report screen after a key
// that changes the quarter: the follow-up computed from 10k measures, 1k
// cases and 50k observations, rendered and drawn (goal ≤ 200 ms).
func BenchmarkReportScreen(b *testing.B) {
	com := &common.Common{Width: 120, Height: 40, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(model.Swedish),
		Lang: model.Swedish, Now: clock}
	start := model.NewDate(2025, 1, 1)
	obs := make([]*model.Observation, 50_000)
	for i := range obs {
		obs[i] = &model.Observation{Milieu: model.AllMilieus()[i%len(model.AllMilieus())], Dimension: model.DimensionGroup, Observed: start.AddDays(i % 700)}
	}
	ms := make([]*model.Measure, 10_000)
	for i := range ms {
		x := &model.Measure{Title: fmt.Sprintf("Insats %d", i), Tier: model.AllTiers()[i%3], Status: model.AllMeasureStatuses()[i%7],
			Start: start.AddDays(i % 600), NextFollowUp: start.AddDays(i%600 + 90), Reach: model.GenderCounts{GirlsWomen: i % 7, BoysMen: i % 5}}
		if i%4 == 0 {
			x.FollowUps = []model.FollowUp{{Date: start.AddDays(i%600 + 30)}}
		}
		ms[i] = x
	}
	cs := make([]*model.Case, 1_000)
	for i := range cs {
		cs[i] = &model.Case{Status: model.AllCaseStatuses()[i%len(model.AllCaseStatuses())], Opened: start.AddDays(i % 650), Gender: model.AllGenders()[i%3]}
	}
	m := New(com)
	m.SetSize(120, 37)
	m.SetData(nil, nil, obs, ms, cs, nil)
	m.Update(tea.KeyPressMsg{Code: 'r', Text: "r"})
	m.vlog.MarkShown(m.viewKey()) // no store: the view is not logged here
	keys := []tea.KeyPressMsg{{Code: '<', Text: "<"}, {Code: '>', Text: ">"}}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Update(keys[i%len(keys)])
		_ = m.View()
	}
}

// BenchmarkPresent measures building meeting mode's masked presentation
// (entering meeting mode, or after an inline decision is saved) from a
// demo vault of 100k observations, 10k measures and 1.5k cases, with every
// shown text checked against the cases' pseudonyms and titles.
func BenchmarkPresent(b *testing.B) {
	s := demo.Municipality()
	s.Observations, s.Measures, s.Cases = 100_000, 10_000, 1_500
	s.Today = model.NewDate(2026, time.November, 23)
	var (
		obs      []*model.Observation
		ms       []*model.Measure
		cs       []*model.Case
		meetings []*model.Meeting
		members  []*model.Member
	)
	_ = demo.Stream(1, s, func(r model.Record) error {
		switch v := r.(type) {
		case *model.Observation:
			obs = append(obs, v)
		case *model.Measure:
			ms = append(ms, v)
		case *model.Case:
			cs = append(cs, v)
		case *model.Meeting:
			meetings = append(meetings, v)
		case *model.Member:
			members = append(members, v)
		}
		return nil
	})
	slim, names := slimCases(cs), caseNames(cs)
	mt := meetings[len(meetings)-1]
	b.ResetTimer()
	for b.Loop() {
		_ = Present(mt, meetings, members, obs, ms, slim, names, nil, s.Today, time.UTC, model.Swedish, model.DefaultSuppressThreshold)
	}
}
