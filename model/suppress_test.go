package model

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The checker in this file is deliberately not the implementation: it
// reads the published table as text, as a reader would, and enumerates
// every reading of the hidden figures near their true values that agrees
// with everything printed. A hidden figure whose true value is from 1 to
// t−1 must have at least two possible values. Finding another reading
// proves the figure is not determined; the search is limited to ±k of
// the true values, so the checker can only err towards failing a table.

// readerBounds is what a reader knows of a printed figure: an interval.
func readerBounds(s string, t int) (lo, hi int, hidden bool) {
	const inf = 1 << 40
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " ("); i > 0 {
		s = s[:i]
	}
	switch s {
	case "< " + strconv.Itoa(t):
		return 1, t - 1, true
	case "≥ " + strconv.Itoa(t):
		return t, inf, true
	case "..":
		return 0, inf, true
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Sprintf("unreadable figure %q", s))
	}
	return n, n, false
}

// printed is a table as printed: cells, and totals or "" when a total is
// not printed.
type printed struct {
	cells      [][]string
	rows, cols []string
	grand      string
}

func printTable(tc TableCounts, rows, cols int) printed {
	p := printed{cells: make([][]string, rows), rows: make([]string, rows), cols: make([]string, cols)}
	for i := range rows {
		for j := range cols {
			p.cells[i] = append(p.cells[i], tc.Cells[i][j].String())
		}
		if tc.RowTotals != nil {
			p.rows[i] = tc.RowTotals[i].String()
		}
	}
	for j := range cols {
		if tc.ColTotals != nil {
			p.cols[j] = tc.ColTotals[j].String()
		}
	}
	if tc.GrandTotal != (Count{}) {
		p.grand = tc.GrandTotal.String()
	}
	return p
}

// leaks returns a description of every small figure of truth that the
// printed table p pins down, and of every printed figure that misstates
// truth; empty when the table is safe. With keepTotals, totals may be
// printed however small (a plain total meeting mode may show).
func leaks(truth [][]int, p printed, t, k int, keepTotals bool) []string {
	rows, cols := len(truth), len(truth[0])
	var bad []string
	type fig struct {
		name   string
		s      string
		val    int
		values map[int]bool
	}
	sum := func(fn func(i, j int) bool, x [][]int) int {
		n := 0
		for i := range rows {
			for j := range cols {
				if fn(i, j) {
					n += x[i][j]
				}
			}
		}
		return n
	}
	// The figures printed, their true values.
	var figs []*fig
	cellFig := make([][]*fig, rows)
	for i := range rows {
		cellFig[i] = make([]*fig, cols)
		for j := range cols {
			f := &fig{name: fmt.Sprintf("cell %d,%d", i, j), s: p.cells[i][j], val: truth[i][j], values: map[int]bool{}}
			cellFig[i][j] = f
			figs = append(figs, f)
		}
	}
	var totals []*fig
	var totalOf []func([][]int) int
	for i := range rows {
		if p.rows[i] != "" {
			f := func(x [][]int) int { return sum(func(a, _ int) bool { return a == i }, x) }
			totals = append(totals, &fig{name: fmt.Sprintf("row total %d", i), s: p.rows[i], val: f(truth), values: map[int]bool{}})
			totalOf = append(totalOf, f)
		}
	}
	for j := range cols {
		if p.cols[j] != "" {
			f := func(x [][]int) int { return sum(func(_, b int) bool { return b == j }, x) }
			totals = append(totals, &fig{name: fmt.Sprintf("column total %d", j), s: p.cols[j], val: f(truth), values: map[int]bool{}})
			totalOf = append(totalOf, f)
		}
	}
	if p.grand != "" {
		f := func(x [][]int) int { return sum(func(int, int) bool { return true }, x) }
		totals = append(totals, &fig{name: "grand total", s: p.grand, val: f(truth), values: map[int]bool{}})
		totalOf = append(totalOf, f)
	}
	figs = append(figs, totals...)
	// Every printed figure must tell the truth.
	for _, f := range figs {
		lo, hi, hidden := readerBounds(f.s, t)
		if f.val < lo || f.val > hi {
			bad = append(bad, fmt.Sprintf("%s is %d but printed %q", f.name, f.val, f.s))
		}
		if !hidden && f.val > 0 && f.val < t && !(keepTotals && strings.Contains(f.name, "total")) {
			bad = append(bad, fmt.Sprintf("%s: small figure %d printed", f.name, f.val))
		}
		if hidden && f.val == 0 && f.s != ".." {
			bad = append(bad, fmt.Sprintf("%s: a zero hidden as %q", f.name, f.s))
		}
	}
	// Enumerate the hidden cells within ±k of the truth.
	type hc struct{ i, j, lo, hi int }
	var hcs []hc
	for i := range rows {
		for j := range cols {
			lo, hi, hidden := readerBounds(p.cells[i][j], t)
			if hidden {
				hcs = append(hcs, hc{i, j, max(lo, truth[i][j]-k), min(hi, truth[i][j]+k)})
			}
		}
	}
	x := make([][]int, rows)
	for i := range rows {
		x[i] = append([]int(nil), truth[i]...)
	}
	var rec func(n int)
	rec = func(n int) {
		if n == len(hcs) {
			for ti, f := range totals {
				v := totalOf[ti](x)
				if lo, hi, _ := readerBounds(f.s, t); v < lo || v > hi {
					return
				}
			}
			for i := range rows {
				for j := range cols {
					cellFig[i][j].values[x[i][j]] = true
				}
			}
			for ti, f := range totals {
				f.values[totalOf[ti](x)] = true
			}
			return
		}
		h := hcs[n]
		for v := h.lo; v <= h.hi; v++ {
			x[h.i][h.j] = v
			rec(n + 1)
		}
		x[h.i][h.j] = truth[h.i][h.j]
	}
	rec(0)
	for _, f := range figs {
		if _, _, hidden := readerBounds(f.s, t); hidden && f.val > 0 && f.val < t && len(f.values) < 2 {
			bad = append(bad, fmt.Sprintf("%s (%d) can be worked out", f.name, f.val))
		}
	}
	return bad
}

func tableString(p printed) string {
	var b strings.Builder
	for i, r := range p.cells {
		b.WriteString(strings.Join(r, " | "))
		if p.rows[i] != "" {
			b.WriteString(" ‖ " + p.rows[i])
		}
		b.WriteByte('\n')
	}
	if strings.Join(p.cols, "") != "" || p.grand != "" {
		b.WriteString(strings.Join(p.cols, " | ") + " ‖ " + p.grand + "\n")
	}
	return b.String()
}

func fullTable(cells [][]int) Table {
	return Table{Cells: cells, RowTotals: true, ColTotals: true, GrandTotal: true}
}

// TestSuppressTableCases: the cases that defeated the old algorithm (it
// only made sure no row or column held exactly one hidden cell) are safe
// now, and every figure printed is true.
func TestSuppressTableCases(t *testing.T) {
	for _, tt := range []struct {
		name  string
		table Table
	}{
		{"two hidden cells in a row summing to 2 are both 1", fullTable([][]int{{1, 1, 10}, {1, 1, 10}, {10, 10, 10}})},
		{"small ones in alternating corners of a 2×2 cycle", fullTable([][]int{{1, 5, 9}, {5, 1, 9}, {9, 9, 9}})},
		{"alternating corners, larger complements", fullTable([][]int{{2, 30, 7}, {40, 1, 7}, {9, 9, 9}})},
		{"one small cell", fullTable([][]int{{10, 2, 9}, {10, 10, 10}, {10, 10, 10}})},
		{"a small total", fullTable([][]int{{1, 0, 0}, {10, 10, 10}, {6, 7, 8}})},
		{"a row that is all small", fullTable([][]int{{1, 2, 1}, {10, 10, 10}})},
		{"everything small", fullTable([][]int{{1, 1}, {1, 1}})},
		{"a single small cell with its total", Table{Cells: [][]int{{0, 3, 0}}, RowTotals: true}},
		{"a gender row", Table{Cells: [][]int{{2, 30, 10}}, RowTotals: true}},
		{"a row with the smallest complement", Table{Cells: [][]int{{2, 5, 30}}, RowTotals: true}},
		{"independent figures", Table{Cells: [][]int{{1, 2, 0, 7}}}},
		{"a kept total of one", Table{Cells: [][]int{{0, 1, 0}}, RowTotals: true, KeepTotals: true}},
		{"a kept total with a small cell", Table{Cells: [][]int{{7, 1, 9}}, RowTotals: true, KeepTotals: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, th := range []int{3, 5, 10} {
				tc := SuppressTable(tt.table, th)
				p := printTable(tc, len(tt.table.Cells), len(tt.table.Cells[0]))
				if bad := leaks(tt.table.Cells, p, th, 2, tt.table.KeepTotals); len(bad) > 0 {
					t.Errorf("threshold %d: %s\n%s", th, strings.Join(bad, "; "), tableString(p))
				}
				for _, r := range tc.Cells {
					for _, c := range r {
						if !c.Shown() && c.N != 0 {
							t.Errorf("a hidden count keeps its value %d", c.N)
						}
					}
				}
			}
		})
	}
}

// TestSuppressTableKeepsWhatIsSafe: suppression hides no more than it
// must in the plain cases.
func TestSuppressTableKeepsWhatIsSafe(t *testing.T) {
	for _, tt := range []struct {
		in   []int
		want string
	}{
		{[]int{0, 5, 12}, "0 5 12 ‖ 17"},
		{[]int{3, 20, 8}, "< 5 20 ≥ 5 ‖ 31"}, // one small cell: the next smallest goes too
		{[]int{3, 4, 8}, "< 5 < 5 8 ‖ 15"},   // two small cells protect each other
		{[]int{0, 0, 1}, "0 0 < 5 ‖ < 5"},    // the total is small too
		{[]int{6, 1, 0, 7}, "≥ 5 < 5 0 7 ‖ 14"},
	} {
		cells, total := SuppressRow(tt.in, 5)
		var got []string
		for _, c := range cells {
			got = append(got, c.String())
		}
		if s := strings.Join(got, " ") + " ‖ " + total.String(); s != tt.want {
			t.Errorf("SuppressRow(%v) = %q, want %q", tt.in, s, tt.want)
		}
	}
	if c := Suppress(3, 0); c.String() != "< 5" || c.N != 0 {
		t.Errorf("Suppress(3) with the default threshold = %+v", c)
	}
	if c := Suppress(3, 1); c.String() != "< 5" {
		t.Errorf("a threshold below the minimum is not replaced by the default: %v", c)
	}
	if c := Suppress(0, 5); c.String() != "0" {
		t.Errorf("a zero is hidden: %v", c)
	}
}

// TestShareNeverLeaks: a share is printed only next to a shown count of
// a shown total.
func TestShareNeverLeaks(t *testing.T) {
	shown, small, comp := Count{N: 12, Threshold: 5}, Count{Hide: HiddenSmall, Threshold: 5}, Count{Hide: HiddenComplement, Threshold: 5}
	for _, tt := range []struct {
		c, total Count
		want     string
	}{
		{shown, Count{N: 30, Threshold: 5}, "12 (40 %)"},
		{small, Count{N: 30, Threshold: 5}, "< 5"},
		{comp, Count{N: 30, Threshold: 5}, "≥ 5"},
		{shown, comp, "12"},
		{shown, small, "12"},
		{Count{Threshold: 5}, Count{Threshold: 5}, "0"},
	} {
		if got := tt.c.Share(tt.total); got != tt.want {
			t.Errorf("%v.Share(%v) = %q, want %q", tt.c, tt.total, got, tt.want)
		}
	}
}

// TestSuppressTableProperty: random tables of every shape the report
// and meeting mode publish, with every combination of published totals,
// leak no small figure by any chain of subtraction.
func TestSuppressTableProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 3))
	n := 1500
	if testing.Short() {
		n = 400
	}
	for it := range n {
		rows, cols := 1+rng.IntN(3), 1+rng.IntN(4)
		th := []int{3, 5, 5, 5, 7}[rng.IntN(5)]
		cells := make([][]int, rows)
		for i := range cells {
			cells[i] = make([]int, cols)
			for j := range cells[i] {
				switch rng.IntN(4) {
				case 0:
					cells[i][j] = 0
				case 1, 2:
					cells[i][j] = 1 + rng.IntN(th-1)
				default:
					cells[i][j] = th + rng.IntN(3*th)
				}
			}
		}
		tab := Table{Cells: cells, RowTotals: rng.IntN(4) > 0, ColTotals: rng.IntN(2) == 0, GrandTotal: rng.IntN(2) == 0, KeepTotals: rng.IntN(8) == 0}
		tc := SuppressTable(tab, th)
		p := printTable(tc, rows, cols)
		k := 2
		if rows*cols > 6 {
			k = 1
		}
		keep := tab.KeepTotals && rows == 1 && cols > 1 && !tab.ColTotals && !tab.GrandTotal
		if bad := leaks(cells, p, th, k, keep); len(bad) > 0 {
			t.Fatalf("table %d (threshold %d, %+v): %s\n%s", it, th, tab, strings.Join(bad, "; "), tableString(p))
		}
	}
}

// oldSuppressTable is the algorithm this file replaced (kept here only to
// show that the checker would have caught it): hide every small cell, then
// while a row or column holds exactly one hidden cell hide its smallest
// other non-zero cell.
func oldSuppressTable(rows [][]int, threshold int) [][]bool {
	hid := make([][]bool, len(rows))
	for i, r := range rows {
		hid[i] = make([]bool, len(r))
		for j, n := range r {
			hid[i][j] = n > 0 && n < threshold
		}
	}
	fix := func(cells [][2]int) bool {
		hidden, best := 0, [2]int{-1, -1}
		for _, c := range cells {
			if hid[c[0]][c[1]] {
				hidden++
			} else if n := rows[c[0]][c[1]]; n > 0 && (best[0] < 0 || n < rows[best[0]][best[1]]) {
				best = c
			}
		}
		if hidden == 1 && best[0] >= 0 {
			hid[best[0]][best[1]] = true
			return true
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for i := range rows {
			var line [][2]int
			for j := range rows[i] {
				line = append(line, [2]int{i, j})
			}
			changed = fix(line) || changed
		}
		for j := range rows[0] {
			var line [][2]int
			for i := range rows {
				line = append(line, [2]int{i, j})
			}
			changed = fix(line) || changed
		}
	}
	return hid
}

// TestCheckerCatchesOldAlgorithm: the checker above is strong enough to
// fail the algorithm varn used before (its "*" read as "≥ 1").
func TestCheckerCatchesOldAlgorithm(t *testing.T) {
	for _, cells := range [][][]int{
		{{1, 1, 10}, {1, 1, 10}, {10, 10, 10}},
		{{1, 1, 10}, {10, 10, 10}},
	} {
		hid := oldSuppressTable(cells, 5)
		p := printed{rows: make([]string, len(cells)), cols: make([]string, len(cells[0]))}
		grand := 0
		for i, r := range cells {
			var row []string
			for j, n := range r {
				s := strconv.Itoa(n)
				if hid[i][j] {
					s = ".." // "*": hidden, zeros shown — read as ≥ 1 below
				}
				row = append(row, s)
				p.rows[i] = strconv.Itoa(sumInts(r))
				grand += n
			}
			p.cells = append(p.cells, row)
		}
		for j := range cells[0] {
			col := 0
			for i := range cells {
				col += cells[i][j]
			}
			p.cols[j] = strconv.Itoa(col)
		}
		p.grand = strconv.Itoa(grand)
		// The old "*" cells are known to be ≥ 1 (zeros are shown): check
		// with that knowledge by enumerating from 1.
		bad := leaksAtLeastOne(cells, p, 5)
		if len(bad) == 0 {
			t.Errorf("the checker passes the old algorithm's table\n%s", tableString(p))
		}
	}
}

// leaksAtLeastOne runs the checker reading ".." as "≥ 1".
func leaksAtLeastOne(truth [][]int, p printed, t int) []string {
	q := printed{cells: make([][]string, len(p.cells)), rows: p.rows, cols: p.cols, grand: p.grand}
	var bad []string
	for i, r := range p.cells {
		q.cells[i] = append([]string(nil), r...)
	}
	// Enumerate by hand: ".." cells from 1 to truth+2.
	type hc struct{ i, j int }
	var hcs []hc
	for i, r := range q.cells {
		for j, s := range r {
			if s == ".." {
				hcs = append(hcs, hc{i, j})
			}
		}
	}
	x := make([][]int, len(truth))
	for i := range truth {
		x[i] = append([]int(nil), truth[i]...)
	}
	values := map[hc]map[int]bool{}
	for _, h := range hcs {
		values[h] = map[int]bool{}
	}
	var rec func(n int)
	rec = func(n int) {
		if n == len(hcs) {
			g := 0
			for i, r := range x {
				if strconv.Itoa(sumInts(r)) != q.rows[i] {
					return
				}
				g += sumInts(r)
			}
			for j := range x[0] {
				c := 0
				for i := range x {
					c += x[i][j]
				}
				if strconv.Itoa(c) != q.cols[j] {
					return
				}
			}
			if strconv.Itoa(g) != q.grand {
				return
			}
			for _, h := range hcs {
				values[h][x[h.i][h.j]] = true
			}
			return
		}
		h := hcs[n]
		for v := 1; v <= truth[h.i][h.j]+2; v++ {
			x[h.i][h.j] = v
			rec(n + 1)
		}
		x[h.i][h.j] = truth[h.i][h.j]
	}
	rec(0)
	for _, h := range hcs {
		if v := truth[h.i][h.j]; v < t && len(values[h]) < 2 {
			bad = append(bad, fmt.Sprintf("cell %d,%d (%d) can be worked out", h.i, h.j, v))
		}
	}
	return bad
}

func sumInts(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func TestSuppressThresholdSetting(t *testing.T) {
	for _, n := range []int{3, 5, 100} {
		got, err := ParseSuppressThreshold(EncodeSuppressThreshold(n))
		if err != nil || got != n {
			t.Errorf("threshold %d: got %d, %v", n, got, err)
		}
	}
	for _, s := range []string{"2", "0", "-5", "101", "fem", ""} {
		if _, err := ParseSuppressThreshold([]byte(s)); err == nil {
			t.Errorf("threshold %q accepted", s)
		}
	}
	if err := CheckSuppressThreshold(2); err == nil || !strings.Contains(err.Error(), "from 3 to 100") {
		t.Errorf("the refusal of 2 does not say what is allowed: %v", err)
	}
}

// TestAuditIsExact: the network audit's verdict — this hidden figure is
// determined, or not — is the same as a full enumeration's, for random
// small tables whose figures are hidden at random (not by the algorithm),
// so the audit neither misses a leak nor sees one that isn't there.
func TestAuditIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	n := 4000
	if testing.Short() {
		n = 800
	}
	for it := range n {
		th := 3 + rng.IntN(3)
		rows, cols := 1+rng.IntN(2), 1+rng.IntN(2)
		if rng.IntN(4) == 0 {
			rows, cols = 1, 3
		}
		cells := make([][]int, rows)
		for i := range cells {
			cells[i] = make([]int, cols)
			for j := range cells[i] {
				cells[i][j] = []int{0, 1, 2, th - 1, th, th + 1, th + 3}[rng.IntN(7)]
			}
		}
		// The grand total is always shown: it bounds every reading, so
		// the enumeration below is complete.
		tab := Table{Cells: cells, RowTotals: rng.IntN(2) == 0, ColTotals: rng.IntN(2) == 0, GrandTotal: true}
		net, _, _ := newNetwork(tab, th)
		grand := net.arcs[len(net.arcs)-1].val
		for e := range net.arcs[:len(net.arcs)-1] {
			a := &net.arcs[e]
			if !a.published {
				continue
			}
			switch v := a.val; {
			case v > 0 && v < th && rng.IntN(3) > 0:
				a.hide = HiddenSmall
			case v >= th && rng.IntN(2) == 0:
				a.hide = HiddenComplement
			case rng.IntN(6) == 0:
				a.hide = Withheld
			}
		}
		// Every reading of the cells from 0 to the grand total that
		// agrees with every published figure.
		seen := make([]map[int]bool, len(net.arcs))
		for e := range seen {
			seen[e] = map[int]bool{}
		}
		x := make([]int, rows*cols)
		var rec func(k int)
		rec = func(k int) {
			if k < len(x) {
				for v := 0; v <= grand; v++ {
					x[k] = v
					if lo, hi := net.bounds(k); v >= lo && v <= hi {
						rec(k + 1)
					}
				}
				return
			}
			vals := make([]int, len(net.arcs))
			copy(vals, x)
			for i := range rows {
				for j := range cols {
					vals[rows*cols+i] += x[i*cols+j]
					vals[rows*cols+rows+j] += x[i*cols+j]
					vals[len(vals)-1] += x[i*cols+j]
				}
			}
			for e := range net.arcs {
				if lo, hi := net.bounds(e); vals[e] < lo || vals[e] > hi {
					return
				}
			}
			for e := range net.arcs {
				seen[e][vals[e]] = true
			}
		}
		rec(0)
		for e, a := range net.arcs {
			if a.hide != HiddenSmall {
				continue
			}
			if got, want := net.determined(e), len(seen[e]) == 1; got != want {
				t.Fatalf("table %d (threshold %d, %+v), figure %d (%d): audit says determined=%v, enumeration %v (values %v)",
					it, th, tab, e, a.val, got, want, seen[e])
			}
		}
	}
}
