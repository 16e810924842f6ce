package model

// QuarterFigures are the figures of a [QuarterReport] as they may be
// published (R3): every one of them is suppressed against the others it is
// printed with, so that no small figure can be read or worked out from the
// report — not from a row or column total, not from the report's own
// totals (the measures started and their split by tier, the active cases
// and their split by gender), not from a share. Every output form of the
// quarterly report (`varn report`, the report screen, meeting mode) prints
// these and only these.
type QuarterFigures struct {
	// Threshold is the threshold the figures were suppressed with.
	Threshold int
	// Observations counts the quarter's observations per milieu, in
	// AllMilieus order; no total is printed, so each stands alone.
	Observations []Count
	// Started is the number of measures started, StartedByTier its split
	// by tier (AllTiers order): a row with its total.
	Started       Count
	StartedByTier []Count
	// Completed, FollowedUp and Overdue count measures; each stands alone.
	Completed, FollowedUp, Overdue Count
	// CasesOpened and CasesClosed count cases. Both are at most
	// CasesActive, and a reader knows it: a closed count of 4 next to a
	// hidden active count split 2 + 2 by gender would pin the split. So
	// when CasesActive is hidden they are hidden too (unless zero); when
	// it is shown, a hidden one is below the threshold and so below
	// CasesActive whatever its value, and nothing is learnt.
	CasesOpened, CasesClosed Count
	// CasesActive is the number of cases active in the quarter, the total
	// of CasesByGender: the same figure, printed in both places.
	CasesActive Count
	// CasesByGender splits the active cases by gender (Genders order).
	CasesByGender []Count
	// ReachByTier[tier][gender] is the reach of the measures running in
	// the quarter; ReachTierTotal the total per tier, Reach the total per
	// gender over all tiers and ReachTotal the grand total: one table with
	// all its margins.
	ReachByTier    [][]Count
	ReachTierTotal []Count
	Reach          []Count
	ReachTotal     Count
}

// Genders returns the gender categories in the order of the report's
// gender columns.
func Genders() []Gender {
	return []Gender{GenderGirlsWomen, GenderBoysMen, GenderMixedUnknown}
}

func genderRow(g GenderCounts) []int {
	return []int{g.GirlsWomen, g.BoysMen, g.MixedUnknown}
}

// Figures returns the report's figures suppressed with threshold (below
// [MinSuppressThreshold] means [DefaultSuppressThreshold]).
func (r QuarterReport) Figures(threshold int) QuarterFigures {
	th := effectiveThreshold(threshold)
	f := QuarterFigures{Threshold: th}
	f.Observations = make([]Count, len(r.Observations))
	for i, n := range r.Observations {
		f.Observations[i] = Suppress(n, th)
	}
	f.StartedByTier, f.Started = SuppressRow(r.StartedByTier, th)
	f.Completed, f.FollowedUp, f.Overdue = Suppress(r.Completed, th), Suppress(r.FollowedUp, th), Suppress(r.Overdue, th)
	f.CasesOpened, f.CasesClosed = Suppress(r.CasesOpened, th), Suppress(r.CasesClosed, th)
	f.CasesByGender, f.CasesActive = SuppressRow(genderRow(r.CasesByGender), th)
	if !f.CasesActive.Shown() {
		for _, c := range []*Count{&f.CasesOpened, &f.CasesClosed} {
			if c.Shown() && c.N > 0 {
				*c = Count{Hide: HiddenComplement, Threshold: th}
			}
		}
	}
	reach := make([][]int, len(r.ReachByTier))
	for i, g := range r.ReachByTier {
		reach[i] = genderRow(g)
	}
	if len(reach) == 0 {
		reach = [][]int{genderRow(r.Reach)}
	}
	t := SuppressTable(Table{Cells: reach, RowTotals: true, ColTotals: true, GrandTotal: true}, th)
	f.ReachByTier, f.ReachTierTotal, f.Reach, f.ReachTotal = t.Cells, t.RowTotals, t.ColTotals, t.GrandTotal
	return f
}
