package model

import "strconv"

// DefaultSuppressThreshold is the smallest count shown in shared
// aggregates (R3): fewer people than this could be recognised.
const DefaultSuppressThreshold = 5

// Count is a count in an aggregate that leaves the vault: either its
// value, or suppressed because it is too small to share — then N is 0,
// so the value cannot leak by mistake.
type Count struct {
	N          int
	Suppressed bool
}

// String returns the count, or "*" when suppressed.
func (c Count) String() string {
	if c.Suppressed {
		return "*"
	}
	return strconv.Itoa(c.N)
}

// Suppress returns counts safe to share (R3): every count from 1 to
// threshold−1 is suppressed (a zero reveals nobody and is kept); and
// because totals are shared with the cells, when a row would have exactly
// one suppressed cell, the smallest other non-zero cell is suppressed too
// so the hidden one cannot be worked out by subtraction. A threshold
// below 1 means DefaultSuppressThreshold.
func Suppress(row []int, threshold int) []Count {
	if threshold < 1 {
		threshold = DefaultSuppressThreshold
	}
	out := make([]Count, len(row))
	hidden := 0
	for i, n := range row {
		out[i] = Count{N: n}
		if n > 0 && n < threshold {
			out[i].Suppressed = true
			hidden++
		}
	}
	if hidden == 1 {
		best := -1
		for i, n := range row {
			if n > 0 && !out[i].Suppressed && (best < 0 || n < row[best]) {
				best = i
			}
		}
		if best >= 0 {
			out[best].Suppressed = true
		}
	}
	for i := range out {
		if out[i].Suppressed {
			out[i].N = 0
		}
	}
	return out
}

// SuppressTable applies Suppress to every row of a table, then to every
// column, repeating until no more cells need hiding, so neither row nor
// column totals reveal a small cell.
func SuppressTable(rows [][]int, threshold int) [][]Count {
	if threshold < 1 {
		threshold = DefaultSuppressThreshold
	}
	out := make([][]Count, len(rows))
	for i, r := range rows {
		out[i] = Suppress(r, threshold)
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	for changed := true; changed; {
		changed = false
		// Columns: a single hidden non-zero cell in a column is unsafe.
		for j := 0; j < cols; j++ {
			hidden, best := 0, -1
			for i := range out {
				if j >= len(out[i]) {
					continue
				}
				c := out[i][j]
				if c.Suppressed {
					hidden++
				} else if c.N > 0 && (best < 0 || c.N < out[best][j].N) {
					best = i
				}
			}
			if hidden == 1 && best >= 0 {
				out[best][j].Suppressed = true
				changed = true
			}
		}
		// Rows again, after the columns' additions.
		for i := range out {
			hidden, best := 0, -1
			for j, c := range out[i] {
				if c.Suppressed {
					hidden++
				} else if c.N > 0 && (best < 0 || c.N < out[i][best].N) {
					best = j
				}
			}
			if hidden == 1 && best >= 0 {
				out[i][best].Suppressed = true
				changed = true
			}
		}
	}
	for _, r := range out {
		for j := range r {
			if r[j].Suppressed {
				r[j].N = 0
			}
		}
	}
	return out
}
