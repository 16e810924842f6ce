package pyramid

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

// benchBoard returns the board at w×h holding 10,000 measures and 1,000
// cases, as the performance goal asks.
func benchBoard(b *testing.B, w, h int) *Model {
	b.Helper()
	com := &common.Common{Width: w, Height: h, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(model.Swedish),
		Lang: model.Swedish, Now: clock}
	today := model.DateOf(fixedNow)
	var cs []*model.Case
	for i := range 1000 {
		c := &model.Case{Subject: model.SubjectIndividual, Pseudonym: fmt.Sprintf("P%04d", i), Status: model.CaseIntervention,
			Priority: model.PriorityNormal, Opened: today.AddDays(-i)}
		c.ID = model.ID(fmt.Sprintf("01K0000000000000000000C%03d", i))
		cs = append(cs, c)
	}
	tiers, sts := model.AllTiers(), model.AllMeasureStatuses()
	var ms []*model.Measure
	for i := range 10000 {
		x := &model.Measure{Title: fmt.Sprintf("Insats nummer %05d med en lång rubrik", i), Tier: tiers[i%3], Type: model.MeasureDialogue,
			Status: sts[i%len(sts)], Org: model.OrgSchool, Start: today.AddDays(-200), NextFollowUp: today.AddDays(i%60 - 20),
			Reach: model.GenderCounts{GirlsWomen: i % 7, BoysMen: i % 5}}
		x.ID = model.ID(fmt.Sprintf("01K000000000000000000M%04d", i))
		if x.Tier == model.TierIndividual {
			x.Case = cs[i%1000].ID
		}
		ms = append(ms, x)
	}
	m := New(com)
	m.SetSize(w, h-3)
	m.SetData(ms, nil, cs)
	return m
}

// BenchmarkBoardKey measures one frame after a navigation key: Update
// and View, with 10k measures and 1k cases (goal ≤ 16 ms).
func BenchmarkBoardKey(b *testing.B) {
	keys := []tea.KeyPressMsg{{Code: tea.KeyDown}, {Code: tea.KeyDown}, {Code: 'l', Text: "l"}, {Code: tea.KeyUp}, {Code: 'h', Text: "h"}}
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			m := benchBoard(b, size[0], size[1])
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				m.Update(keys[i%len(keys)])
				_ = m.View()
			}
		})
	}
}

// BenchmarkBoardAfterSave measures the frame after a status move is
// stored: the pyramid is recomputed over 10k measures, then drawn.
func BenchmarkBoardAfterSave(b *testing.B) {
	m := benchBoard(b, 200, 60)
	x := *m.measures[42]
	b.ResetTimer()
	for b.Loop() {
		m.Update(savedMsg{m: &x})
		m.mode = ModeBoard
		_ = m.View()
	}
}

// BenchmarkBoardFilterKey measures one frame after a key typed into the
// board's text filter: the filter over 10k measures, the pyramid of what
// it lets through, and the drawing (goal ≤ 16 ms). The filter alternates
// between matching a tenth and matching all, so every frame recomputes.
func BenchmarkBoardFilterKey(b *testing.B) {
	m := benchBoard(b, 200, 60)
	m.Update(common.SearchMsg{})
	keys := []tea.KeyPressMsg{{Code: '7', Text: "7"}, {Code: tea.KeyBackspace}}
	m.Update(tea.KeyPressMsg{Code: 'n', Text: "n"})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m.Update(keys[i%len(keys)])
		_ = m.View()
	}
}
