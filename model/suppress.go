package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Small-count suppression (R3). Every figure that leaves the vault or the
// security chief's own screen — the quarterly report, meeting mode's
// breakdowns, exported aggregates — goes through this file: a count from 1
// to threshold−1 is a person, or a handful of people, in a municipality of
// 25,000, so it is never printed; and no printed figure, total or share may
// let a reader work it out again.
//
// A table is published as cells and, optionally, its row totals, column
// totals and grand total. The reader is assumed to know the rules:
//
//   - a shown figure is exact; zeros are shown, so a hidden figure is ≥ 1;
//   - "< t" (a small figure, suppressed first) lies between 1 and t−1;
//   - "≥ t" (a complementary suppression, hidden only so that a small one
//     cannot be worked out) is at least t;
//   - ".." (a table withheld whole) may be anything.
//
// Such a table is a flow network — a source feeds each row through its
// row total, each row its columns through its cells, each column the sink
// through its column total, and the grand total closes the circuit — so two
// readings of the table that agree with everything published differ by a
// circulation, and a hidden figure has another possible value exactly when
// the residual network holds a cycle through it (a change of ±1 along the
// cycle that keeps every figure within what its label says). [SuppressTable]
// audits the table exactly this way, and for every small figure that the
// published ones pin down it hides the cheapest path of further figures that
// closes such a cycle (L. H. Cox's network approach to complementary cell
// suppression). Hiding more only ever widens what a reader must consider possible,
// so the loop ends with no small figure determined; when no path exists it
// withholds the table's cells whole. The audit needs no search budget: it is
// a handful of graph searches on a graph of rows+columns+2 nodes.

// Bounds of the suppression threshold, a per-vault setting.
const (
	// DefaultSuppressThreshold is the smallest count shown in shared
	// aggregates unless the vault says otherwise (R3).
	DefaultSuppressThreshold = 5
	// MinSuppressThreshold is the smallest threshold a vault may set: a
	// threshold of 2 would publish pairs, where one member of the pair
	// knows the other.
	MinSuppressThreshold = 3
	// MaxSuppressThreshold bounds the setting against typing errors.
	MaxSuppressThreshold = 100
)

// SettingSuppressThreshold is the name of the vault setting holding the
// suppression threshold as a decimal number. Unset, the threshold is
// [DefaultSuppressThreshold].
const SettingSuppressThreshold = "suppress_threshold"

// CheckSuppressThreshold returns an error, saying what is allowed, unless
// n is a threshold a vault may set.
func CheckSuppressThreshold(n int) error {
	if n < MinSuppressThreshold || n > MaxSuppressThreshold {
		return fmt.Errorf("model: the suppression threshold must be a whole number from %d to %d (the default is %d); %d would publish counts small enough to point at a person",
			MinSuppressThreshold, MaxSuppressThreshold, DefaultSuppressThreshold, n)
	}
	return nil
}

// ParseSuppressThreshold reads the value of the setting
// [SettingSuppressThreshold]. A value that is not a valid threshold is an
// error; the caller should then refuse to publish rather than guess.
func ParseSuppressThreshold(b []byte) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("model: the suppression threshold setting %q is not a whole number; set it again with varn settings set suppress-threshold N", truncate(SanitizeLine(string(b)), 20))
	}
	if err := CheckSuppressThreshold(n); err != nil {
		return 0, fmt.Errorf("%w; set it again with varn settings set suppress-threshold N", err)
	}
	return n, nil
}

// EncodeSuppressThreshold returns n as the value of the setting
// [SettingSuppressThreshold].
func EncodeSuppressThreshold(n int) []byte { return []byte(strconv.Itoa(n)) }

// effectiveThreshold returns threshold, or the default when it is below
// [MinSuppressThreshold]: a caller that forgot to pass one gets the safe
// default, never a threshold of 0 or 1.
func effectiveThreshold(threshold int) int {
	if threshold < MinSuppressThreshold {
		return DefaultSuppressThreshold
	}
	return threshold
}

// Hiding says whether, and why, a published figure is hidden.
type Hiding uint8

// The ways a figure is published.
const (
	// Shown: the figure is printed as it is (zero, or threshold or more).
	Shown Hiding = iota
	// HiddenSmall: the figure is from 1 to threshold−1; printed "< t".
	HiddenSmall
	// HiddenComplement: the figure is threshold or more, hidden so that a
	// small one cannot be worked out from it; printed "≥ t".
	HiddenComplement
	// Withheld: the table's cells could not be protected otherwise and are
	// withheld whole; printed "..".
	Withheld
)

// Count is a figure in an aggregate that leaves the vault: its value when
// shown; otherwise N is 0, so the value cannot leak by mistake, and Hide
// says how it is hidden. Threshold is the threshold it was suppressed with,
// for [Count.String].
type Count struct {
	N         int
	Hide      Hiding
	Threshold int
}

// Shown reports whether the count is printed as a number.
func (c Count) Shown() bool { return c.Hide == Shown }

// String returns the count as published: the number, "< 5" for a small
// figure, "≥ 5" for a complementary suppression, ".." when withheld (5
// being the threshold). A suppressed figure is never printed as 0.
func (c Count) String() string {
	t := effectiveThreshold(c.Threshold)
	switch c.Hide {
	case HiddenSmall:
		return "< " + strconv.Itoa(t)
	case HiddenComplement:
		return "≥ " + strconv.Itoa(t)
	case Withheld:
		return ".."
	}
	return strconv.Itoa(c.N)
}

// Share returns c and its share of total in whole percent, "12 (40 %)".
// The share is printed only when both the count and the total are shown:
// a share next to a hidden count would reveal it, and a share of a shown
// count against a hidden total would reveal the total. With both shown it
// tells the reader nothing the two figures do not.
func (c Count) Share(total Count) string {
	if !c.Shown() || !total.Shown() || total.N == 0 {
		return c.String()
	}
	return fmt.Sprintf("%d (%d %%)", c.N, (c.N*100+total.N/2)/total.N)
}

// Suppress returns one figure published on its own — nothing else
// published adds up to it or from it — safe to share: hidden when it is
// from 1 to threshold−1. A threshold below [MinSuppressThreshold] means
// [DefaultSuppressThreshold].
func Suppress(n, threshold int) Count {
	t := effectiveThreshold(threshold)
	if n > 0 && n < t {
		return Count{Hide: HiddenSmall, Threshold: t}
	}
	return Count{N: n, Threshold: t}
}

// SuppressRow returns a row of counts published with their total, safe to
// share: see [SuppressTable].
func SuppressRow(cells []int, threshold int) ([]Count, Count) {
	st := SuppressTable(Table{Cells: [][]int{cells}, RowTotals: true}, threshold)
	return st.Cells[0], st.RowTotals[0]
}

// Table is a table of counts as it is to be published: its cells (rows of
// equal length, none negative) and which of its totals are printed with
// them. Totals are computed from the cells.
type Table struct {
	Cells [][]int
	// RowTotals, ColTotals and GrandTotal say which totals are published.
	RowTotals, ColTotals, GrandTotal bool
	// KeepTotals prints the row total as it is, however small: for a
	// plain total that may be shown (the number of open cases in meeting
	// mode) above its breakdown. It applies only to a table of one row
	// whose column totals and grand total are not published — there,
	// withholding the cells always protects them — and is ignored
	// otherwise (and for a row of one cell, which is its total).
	KeepTotals bool
}

// TableCounts is a [Table] after suppression. RowTotals and ColTotals are
// nil, and GrandTotal the zero Count, when not published.
type TableCounts struct {
	Cells                [][]Count
	RowTotals, ColTotals []Count
	GrandTotal           Count
}

// The flow network of a table: node 0 is the source, 1…rows the rows,
// then the columns, then the sink. Arcs are the cells (first, row by row),
// then the row totals, the column totals and the grand total.
type arc struct {
	from, to int
	val      int
	hide     Hiding
	// published: the figure is printed (shown or hidden); an unpublished
	// total is only known to be ≥ 0.
	published bool
	// keep: the figure must be printed as it is.
	keep bool
}

type network struct {
	arcs  []arc
	nodes int
	t     int
}

// unbounded stands for "no upper bound" on a hidden figure.
const unbounded = int(^uint(0) >> 2)

// bounds returns what a reader knows of arc e: the interval its value
// lies in.
func (n *network) bounds(e int) (lo, hi int) {
	a := &n.arcs[e]
	switch {
	case !a.published || a.hide == Withheld:
		return 0, unbounded
	case a.hide == HiddenSmall:
		return 1, n.t - 1
	case a.hide == HiddenComplement:
		return n.t, unbounded
	}
	return a.val, a.val
}

// residual calls fn for each step of the residual network other than along
// arc skip: (from, to, arc, cost) where cost is 0 for a hidden or
// unpublished figure and, when complement is set, the value of a shown
// figure that could be hidden as a complement (then the step is the one it
// would allow).
func (n *network) residual(skip int, complement bool, fn func(from, to, e, cost int)) {
	for e := range n.arcs {
		if e == skip {
			continue
		}
		a := &n.arcs[e]
		lo, hi := n.bounds(e)
		cost := 0
		if lo == hi && a.published {
			if !complement || a.keep || a.val < n.t {
				continue
			}
			lo, hi, cost = n.t, unbounded, a.val
		}
		if a.val+1 <= hi {
			fn(a.from, a.to, e, cost)
		}
		if a.val-1 >= lo {
			fn(a.to, a.from, e, cost)
		}
	}
}

// path finds the cheapest path from src to dst in the residual network
// without arc skip (see residual) and returns the arcs on it; ok is false
// when there is none. Costs are small integers on a graph of a few nodes:
// a plain Dijkstra over an adjacency scan.
func (n *network) path(src, dst, skip int, complement bool) (arcs []int, cost int, ok bool) {
	type step struct{ from, to, e, cost int }
	var steps []step
	n.residual(skip, complement, func(from, to, e, c int) { steps = append(steps, step{from, to, e, c}) })
	dist := make([]int, n.nodes)
	via := make([]int, n.nodes) // the step into each node
	done := make([]bool, n.nodes)
	for i := range dist {
		dist[i], via[i] = unbounded, -1
	}
	dist[src] = 0
	for {
		u := -1
		for i := range dist {
			if !done[i] && dist[i] < unbounded && (u < 0 || dist[i] < dist[u]) {
				u = i
			}
		}
		if u < 0 || u == dst {
			break
		}
		done[u] = true
		for si, s := range steps {
			if s.from == u && !done[s.to] && dist[u]+s.cost < dist[s.to] {
				dist[s.to], via[s.to] = dist[u]+s.cost, si
			}
		}
	}
	if dist[dst] == unbounded {
		return nil, 0, false
	}
	for v := dst; v != src; v = steps[via[v]].from {
		arcs = append(arcs, steps[via[v]].e)
	}
	return arcs, dist[dst], true
}

// determined reports whether the published figures pin hidden arc e to
// its value: no cycle through it can move it by one either way.
func (n *network) determined(e int) bool {
	a := &n.arcs[e]
	lo, hi := n.bounds(e)
	if a.val+1 <= hi {
		if _, _, ok := n.path(a.to, a.from, e, false); ok {
			return false
		}
	}
	if a.val-1 >= lo {
		if _, _, ok := n.path(a.from, a.to, e, false); ok {
			return false
		}
	}
	return true
}

// protect hides the cheapest set of shown figures that lets hidden arc e
// move; ok is false when no such set exists.
func (n *network) protect(e int) bool {
	a := &n.arcs[e]
	lo, hi := n.bounds(e)
	best, bestCost, found := []int(nil), 0, false
	try := func(src, dst int) {
		if p, c, ok := n.path(src, dst, e, true); ok && (!found || c < bestCost) {
			best, bestCost, found = p, c, true
		}
	}
	if a.val+1 <= hi {
		try(a.to, a.from)
	}
	if a.val-1 >= lo {
		try(a.from, a.to)
	}
	for _, x := range best {
		if lo, hi := n.bounds(x); lo == hi && n.arcs[x].published {
			n.arcs[x].hide = HiddenComplement
		}
	}
	return found
}

// newNetwork builds the flow network of table t with threshold th, every
// figure shown; it returns the table's size too.
func newNetwork(t Table, th int) (n *network, rows, cols int) {
	rows = len(t.Cells)
	for _, r := range t.Cells {
		cols = max(cols, len(r))
	}
	keep := t.KeepTotals && rows == 1 && cols > 1 && !t.ColTotals && !t.GrandTotal
	n = &network{nodes: rows + cols + 2, t: th}
	sink := rows + cols + 1
	rowSum, colSum, grand := make([]int, rows), make([]int, cols), 0
	for i, r := range t.Cells {
		for j := range cols {
			v := 0
			if j < len(r) {
				v = max(r[j], 0)
			}
			n.arcs = append(n.arcs, arc{from: 1 + i, to: 1 + rows + j, val: v, published: true})
			rowSum[i] += v
			colSum[j] += v
			grand += v
		}
	}
	for i := range rows {
		n.arcs = append(n.arcs, arc{from: 0, to: 1 + i, val: rowSum[i], published: t.RowTotals, keep: keep})
	}
	for j := range cols {
		n.arcs = append(n.arcs, arc{from: 1 + rows + j, to: sink, val: colSum[j], published: t.ColTotals})
	}
	n.arcs = append(n.arcs, arc{from: sink, to: 0, val: grand, published: t.GrandTotal})
	return n, rows, cols
}

// SuppressTable returns table t safe to publish with threshold (below
// [MinSuppressThreshold] means [DefaultSuppressThreshold]): every cell and
// published total from 1 to threshold−1 is hidden ("< t"), and further
// figures of threshold or more are hidden ("≥ t") until no hidden small
// figure can be worked out from the published ones — by subtraction along
// a row or column, from the totals, or any chain of them. If that is not
// possible the cells are withheld whole (".."). Zeros are always shown.
func SuppressTable(t Table, threshold int) TableCounts {
	th := effectiveThreshold(threshold)
	n, rows, cols := newNetwork(t, th)
	cells := rows * cols

	// Primary suppression, then protect each small figure in turn until
	// none is determined. Each round hides at least one more figure, so
	// the loop ends.
	for e := range n.arcs {
		if a := &n.arcs[e]; a.published && !a.keep && a.val > 0 && a.val < th {
			a.hide = HiddenSmall
		}
	}
	withhold := false
	for changed := true; changed && !withhold; {
		changed = false
		for e := range n.arcs {
			if n.arcs[e].hide != HiddenSmall || !n.determined(e) {
				continue
			}
			if !n.protect(e) {
				withhold = true
				break
			}
			changed = true
		}
	}
	if withhold {
		for e := range n.arcs {
			if a := &n.arcs[e]; a.published && !(a.keep && e >= cells) {
				a.hide = Withheld
			}
		}
	}

	count := func(e int) Count {
		a := n.arcs[e]
		if a.hide != Shown {
			return Count{Hide: a.hide, Threshold: th}
		}
		return Count{N: a.val, Threshold: th}
	}
	out := TableCounts{Cells: make([][]Count, rows)}
	for i := range rows {
		out.Cells[i] = make([]Count, cols)
		for j := range cols {
			out.Cells[i][j] = count(i*cols + j)
		}
	}
	if t.RowTotals {
		out.RowTotals = make([]Count, rows)
		for i := range rows {
			out.RowTotals[i] = count(cells + i)
		}
	}
	if t.ColTotals {
		out.ColTotals = make([]Count, cols)
		for j := range cols {
			out.ColTotals[j] = count(cells + rows + j)
		}
	}
	if t.GrandTotal {
		out.GrandTotal = count(len(n.arcs) - 1)
	}
	return out
}
