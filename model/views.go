package model

import (
	"slices"
	"time"
)

// Weeks is the number of weeks of the overview's sparklines.
const Weeks = 13

// DueWithinDays is how far ahead a follow-up counts as due.
const DueWithinDays = 14

// Cell is one cell of the overview matrix: how many observations, and the
// highest concern among them ("" when there are none).
type Cell struct {
	Count   int
	Highest Concern
}

// Overview is the picture's overview (screen 1, L1): observations per
// milieu × dimension with the highest concern per cell, weekly counts per
// milieu over the last 13 weeks, and what is new since a given time.
type Overview struct {
	Milieus    []Milieu    // rows, in AllMilieus order
	Dimensions []Dimension // columns, in AllDimensions order
	// Cells[i][j] is milieu i × dimension j.
	Cells [][]Cell
	// RowTotals[i] counts milieu i's observations.
	RowTotals []int
	// WeekStarts are the Mondays of the 13 weeks, oldest first; Weekly[i]
	// counts milieu i's observations observed in each of them.
	WeekStarts []Date
	Weekly     [][]int
	// New counts observations created after the given time, NewByMilieu
	// per milieu.
	New         int
	NewByMilieu []int
	Total       int
}

// NewOverview computes the overview of obs as of today, counting as new
// the observations created after since.
func NewOverview(obs []*Observation, today Date, since time.Time) Overview {
	v := Overview{
		Milieus:     AllMilieus(),
		Dimensions:  AllDimensions(),
		Cells:       make([][]Cell, numMilieus),
		RowTotals:   make([]int, numMilieus),
		WeekStarts:  make([]Date, Weeks),
		Weekly:      make([][]int, numMilieus),
		NewByMilieu: make([]int, numMilieus),
	}
	cells := make([]Cell, numMilieus*numDimensions)
	weekly := make([]int, numMilieus*Weeks)
	for i := range v.Cells {
		v.Cells[i] = cells[i*numDimensions : (i+1)*numDimensions]
		v.Weekly[i] = weekly[i*Weeks : (i+1)*Weeks]
	}
	first := today.Monday().AddDays(-7 * (Weeks - 1))
	for w := range v.WeekStarts {
		v.WeekStarts[w] = first.AddDays(7 * w)
	}
	end := today.Monday().AddDays(7)
	for _, o := range obs {
		mi, di := milieuIndex(o.Milieu), dimensionIndex(o.Dimension)
		if mi < 0 || di < 0 {
			continue
		}
		v.Total++
		v.RowTotals[mi]++
		c := &v.Cells[mi][di]
		c.Count++
		if o.Concern.Rank() > c.Highest.Rank() {
			c.Highest = o.Concern
		}
		if !o.Observed.Before(first) && o.Observed.Before(end) {
			v.Weekly[mi][o.Observed.Sub(first)/7]++
		}
		if o.Created.After(since) {
			v.New++
			v.NewByMilieu[mi]++
		}
	}
	return v
}

// MeasureRef is a measure with the date that makes it appear in a list.
type MeasureRef struct {
	Measure *Measure
	Date    Date
}

// Pyramid is the prevention pyramid (screen 2, L5): measures per tier and
// status, follow-ups due within 14 days and overdue, and the reach of
// each tier by gender (M7).
type Pyramid struct {
	Tiers    []Tier          // in AllTiers order: general, specific, individual
	Statuses []MeasureStatus // in AllMeasureStatuses order
	// Counts[i][j] counts tier i's measures in status j.
	Counts [][]int
	// Measures[i] holds tier i's measures, sorted by status then title.
	Measures [][]*Measure
	// Due holds open measures whose next follow-up falls within 14 days
	// from today; Overdue those whose next follow-up is past. Both are
	// sorted by date.
	Due, Overdue []MeasureRef
	// Reach[i] sums the reach of tier i's measures by gender.
	Reach []GenderCounts
}

// NewPyramid computes the pyramid of ms as of today.
func NewPyramid(ms []*Measure, today Date) Pyramid {
	p := Pyramid{
		Tiers:    AllTiers(),
		Statuses: AllMeasureStatuses(),
		Counts:   make([][]int, numTiers),
		Measures: make([][]*Measure, numTiers),
		Reach:    make([]GenderCounts, numTiers),
	}
	counts := make([]int, numTiers*numStatuses)
	for i := range p.Counts {
		p.Counts[i] = counts[i*numStatuses : (i+1)*numStatuses]
	}
	horizon := today.AddDays(DueWithinDays)
	for _, m := range ms {
		ti, si := tierIndex(m.Tier), statusIndex(m.Status)
		if ti < 0 || si < 0 {
			continue
		}
		p.Counts[ti][si]++
		p.Measures[ti] = append(p.Measures[ti], m)
		p.Reach[ti] = p.Reach[ti].Add(m.Reach)
		if !m.Status.Open() || m.NextFollowUp.IsZero() {
			continue
		}
		switch {
		case m.NextFollowUp.Before(today):
			p.Overdue = append(p.Overdue, MeasureRef{m, m.NextFollowUp})
		case !m.NextFollowUp.After(horizon):
			p.Due = append(p.Due, MeasureRef{m, m.NextFollowUp})
		}
	}
	for _, l := range p.Measures {
		slices.SortStableFunc(l, func(a, b *Measure) int {
			if c := statusIndex(a.Status) - statusIndex(b.Status); c != 0 {
				return c
			}
			if a.Title < b.Title {
				return -1
			} else if a.Title > b.Title {
				return 1
			}
			return 0
		})
	}
	byDate := func(a, b MeasureRef) int { return a.Date.Compare(b.Date) }
	slices.SortStableFunc(p.Due, byDate)
	slices.SortStableFunc(p.Overdue, byDate)
	return p
}

// NextFollowUpAfter returns the default next follow-up date after d: a
// quarter later (M6).
func NextFollowUpAfter(d Date) Date { return d.AddMonths(3) }
