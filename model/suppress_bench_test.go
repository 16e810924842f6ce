package model_test

import (
	"math/rand/v2"
	"testing"

	"varn/model"
)

// BenchmarkQuarterlyReportSuppressed100k is the figure of issue 13: the
// quarterly report, from the records to the Markdown with every figure
// suppressed (R3), for 100k observations, 10k measures and 1k cases of
// demo data. The goal is ≤ 200 ms.
func BenchmarkQuarterlyReportSuppressed100k(b *testing.B) {
	d := benchData()
	cases := d.cases[:min(len(d.cases), 1_000)]
	q := model.QuarterOf(d.today).Prev()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep := model.QuarterlyFollowUp(q, d.today, d.obs, d.measures, cases, d.pictures)
		md := model.QuarterDoc(rep, model.Swedish, q.End(), model.DefaultSuppressThreshold).Markdown()
		if len(md) < 100 {
			b.Fatal("empty report")
		}
	}
}

// BenchmarkSuppressTable suppresses random 6×6 tables with all their
// totals, a third of the cells small: larger than any varn publishes.
func BenchmarkSuppressTable(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	tabs := make([]model.Table, 64)
	for i := range tabs {
		cells := make([][]int, 6)
		for r := range cells {
			cells[r] = make([]int, 6)
			for c := range cells[r] {
				switch rng.IntN(3) {
				case 0:
					cells[r][c] = 1 + rng.IntN(4)
				case 1:
					cells[r][c] = 5 + rng.IntN(50)
				}
			}
		}
		tabs[i] = model.Table{Cells: cells, RowTotals: true, ColTotals: true, GrandTotal: true}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = model.SuppressTable(tabs[i%len(tabs)], 5)
		i++
	}
}

// BenchmarkQuarterFigures is the suppression's share of the report: the
// figures of the 100k report suppressed, without counting or rendering.
func BenchmarkQuarterFigures(b *testing.B) {
	d := benchData()
	q := model.QuarterOf(d.today).Prev()
	rep := model.QuarterlyFollowUp(q, d.today, d.obs, d.measures, d.cases[:min(len(d.cases), 1_000)], d.pictures)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = rep.Figures(model.DefaultSuppressThreshold)
	}
}
