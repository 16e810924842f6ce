package model_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"varn/model"
	"varn/model/demo"
)

// This file checks the quarterly report as a reader gets it: it parses
// the rendered report (the blocks of model.QuarterDoc, as `varn report`,
// the report screen and meeting mode print them), knows only how the
// report's figures add up — the tables' rows and columns, the measures
// started and their split by tier, the active cases and their split by
// gender, opened and closed cases being at most the active ones — and
// enumerates every reading of the hidden figures near their true values
// that agrees with everything printed. It shares no code with
// model/suppress.go.

// bounds is what a printed figure tells a reader: an interval.
func bounds(s string, t int) (lo, hi int, hidden bool, err error) {
	const inf = 1 << 40
	switch s {
	case "< " + strconv.Itoa(t):
		return 1, t - 1, true, nil
	case "≥ " + strconv.Itoa(t):
		return t, inf, true, nil
	case "..":
		return 0, inf, true, nil
	}
	n, err := strconv.Atoi(s)
	return n, n, false, err
}

// figure is one printed figure: a base figure (enumerated when hidden) or
// the sum of base figures.
type figure struct {
	name, printed string
	truth         int
	sumOf         []int // indexes of base figures; nil for a base figure
}

// problem is a group of figures linked by sums and by "at most" pairs.
type problem struct {
	figs []figure
	le   [][2]int // figs[a] ≤ figs[b]
}

func (p *problem) add(name, printed string, truth int, sumOf ...int) int {
	p.figs = append(p.figs, figure{name, printed, truth, sumOf})
	return len(p.figs) - 1
}

// check returns what is wrong with the printed figures of p: a figure
// that misstates its value, a small figure printed, or a small hidden
// figure with only one reading within ±k of the truth.
func (p *problem) check(t, k int) []string {
	var bad []string
	type dom struct{ lo, hi int }
	doms := make([]dom, len(p.figs))
	for i, f := range p.figs {
		lo, hi, hidden, err := bounds(f.printed, t)
		if err != nil {
			return []string{fmt.Sprintf("%s: unreadable figure %q", f.name, f.printed)}
		}
		doms[i] = dom{lo, hi}
		if f.truth < lo || f.truth > hi {
			bad = append(bad, fmt.Sprintf("%s is %d but printed %q", f.name, f.truth, f.printed))
		}
		if !hidden && f.truth > 0 && f.truth < t {
			bad = append(bad, fmt.Sprintf("%s: small figure %d printed", f.name, f.truth))
		}
	}
	if len(bad) > 0 {
		return bad
	}
	x := make([]int, len(p.figs))
	var free []int
	for i, f := range p.figs {
		x[i] = f.truth
		if f.sumOf == nil && doms[i].lo != doms[i].hi {
			free = append(free, i)
		}
	}
	seen := make([]map[int]bool, len(p.figs))
	for i := range seen {
		seen[i] = map[int]bool{}
	}
	var rec func(n int)
	rec = func(n int) {
		if n < len(free) {
			i := free[n]
			for v := max(doms[i].lo, p.figs[i].truth-k); v <= min(doms[i].hi, p.figs[i].truth+k); v++ {
				x[i] = v
				rec(n + 1)
			}
			x[i] = p.figs[i].truth
			return
		}
		for i, f := range p.figs {
			if f.sumOf != nil {
				s := 0
				for _, j := range f.sumOf {
					s += x[j]
				}
				if s < doms[i].lo || s > doms[i].hi {
					return
				}
				x[i] = s
			}
		}
		for _, le := range p.le {
			if x[le[0]] > x[le[1]] {
				return
			}
		}
		for i := range p.figs {
			seen[i][x[i]] = true
		}
	}
	rec(0)
	for i, f := range p.figs {
		if _, _, hidden, _ := bounds(f.printed, t); hidden && f.truth > 0 && f.truth < t && len(seen[i]) < 2 {
			bad = append(bad, fmt.Sprintf("%s (%d, printed %q) can be worked out", f.name, f.truth, f.printed))
		}
	}
	return bad
}

var shareRE = regexp.MustCompile(`^(.*) \((\d+) %\)$`)

// splitShare splits "12 (40 %)" into "12" and 40; pct is -1 without one.
func splitShare(s string) (string, int) {
	if m := shareRE.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[2])
		return m[1], n
	}
	return s, -1
}

var (
	startedRE = regexp.MustCompile(`^Started in the quarter: (.+) \(General (.+), Specific \(group\) (.+), Individual (.+)\)$`)
	itemRE    = regexp.MustCompile(`^(Completed|Followed up|Follow-up overdue|Opened|Closed|Active in the quarter): (.+)$`)
)

// checkReport returns what is wrong with the report rep printed with
// threshold t.
func checkReport(rep model.QuarterReport, t int) []string {
	doc := model.QuarterDoc(rep, model.English, rep.Quarter.End(), t)
	var tables [][][]string
	items := map[string]string{}
	var started []string
	for _, b := range doc.Blocks {
		if b.Table != nil {
			tables = append(tables, b.Table)
		}
		for _, it := range b.Items {
			if m := startedRE.FindStringSubmatch(it); m != nil {
				started = m[1:]
			} else if m := itemRE.FindStringSubmatch(it); m != nil {
				items[m[1]] = m[2]
			}
		}
	}
	if len(tables) != 2 || len(started) != 4 || len(items) != 6 {
		return []string{fmt.Sprintf("report not as expected: %d tables, started %q, items %q", len(tables), started, items)}
	}
	var bad []string
	// Observations per milieu: each on its own.
	obs := &problem{}
	for i, row := range tables[0][1:] {
		obs.add("observations "+row[0], row[1], rep.Observations[i])
	}
	bad = append(bad, obs.check(t, 2)...)
	// Measures started and their split by tier.
	st := &problem{}
	var tiers []int
	for i, s := range started[1:] {
		tiers = append(tiers, st.add(fmt.Sprintf("started, tier %d", i), s, rep.StartedByTier[i]))
	}
	st.add("started", started[0], rep.Started, tiers...)
	bad = append(bad, st.check(t, 2)...)
	// Measures completed, followed up, overdue: each on its own.
	alone := &problem{}
	alone.add("completed", items["Completed"], rep.Completed)
	alone.add("followed up", items["Followed up"], rep.FollowedUp)
	alone.add("overdue", items["Follow-up overdue"], rep.Overdue)
	bad = append(bad, alone.check(t, 2)...)
	// The gender table: reach per tier × gender with all margins, and the
	// active cases by gender — whose total is the cases' "active" item.
	g := tables[1]
	if len(g) != 6 || len(g[0]) != 5 {
		return append(bad, fmt.Sprintf("gender table is %d×%d", len(g), len(g[0])))
	}
	counts := make([][]string, 5)
	for i, row := range g[1:] {
		for j, c := range row[1:] {
			n, pct := splitShare(c)
			counts[i] = append(counts[i], n)
			if pct < 0 {
				continue
			}
			// A share only next to a shown count of a shown total, and true.
			cn, err1 := strconv.Atoi(n)
			tot, err2 := strconv.Atoi(row[4])
			if err1 != nil || err2 != nil || tot == 0 || (cn*100+tot/2)/tot != pct {
				bad = append(bad, fmt.Sprintf("gender table %q: share %q next to total %q", row[0], c, row[4]))
			}
			_ = j
		}
	}
	genders := func(gc model.GenderCounts) []int { return []int{gc.GirlsWomen, gc.BoysMen, gc.MixedUnknown} }
	reach := &problem{}
	var cell [3][3]int
	for i := range 3 {
		for j, v := range genders(rep.ReachByTier[i]) {
			cell[i][j] = reach.add(fmt.Sprintf("reach %d,%d", i, j), counts[i][j], v)
		}
	}
	for i := range 3 {
		reach.add(fmt.Sprintf("reach tier %d total", i), counts[i][3], rep.ReachByTier[i].Total(), cell[i][:]...)
	}
	for j, v := range genders(rep.Reach) {
		reach.add(fmt.Sprintf("reach gender %d total", j), counts[3][j], v, cell[0][j], cell[1][j], cell[2][j])
	}
	all := append(append(append([]int(nil), cell[0][:]...), cell[1][:]...), cell[2][:]...)
	reach.add("reach total", counts[3][3], rep.Reach.Total(), all...)
	bad = append(bad, reach.check(t, 1)...)

	if counts[4][3] != items["Active in the quarter"] {
		bad = append(bad, fmt.Sprintf("active cases printed %q in the list and %q in the gender table", items["Active in the quarter"], counts[4][3]))
	}
	cs := &problem{}
	var byGender []int
	for j, v := range genders(rep.CasesByGender) {
		byGender = append(byGender, cs.add(fmt.Sprintf("cases gender %d", j), counts[4][j], v))
	}
	active := cs.add("active cases", counts[4][3], rep.CasesActive, byGender...)
	opened := cs.add("opened", items["Opened"], rep.CasesOpened)
	closed := cs.add("closed", items["Closed"], rep.CasesClosed)
	cs.le = [][2]int{{opened, active}, {closed, active}}
	bad = append(bad, cs.check(t, 2)...)
	return bad
}

func randCount(rng *rand.Rand, t int) int {
	switch rng.IntN(5) {
	case 0, 1:
		return 0
	case 2, 3:
		return 1 + rng.IntN(t-1)
	}
	return t + rng.IntN(4*t)
}

// TestQuarterReportLeaksNoSmallCount: random quarterly reports, printed
// with random thresholds, let no reader read or work out a count from 1
// to threshold−1 — not in a table, not from the report's own totals, not
// from a share.
func TestQuarterReportLeaksNoSmallCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 13))
	n := 3000
	if testing.Short() {
		n = 500
	}
	for it := range n {
		th := []int{3, 4, 5, 5, 5, 8}[rng.IntN(6)]
		rep := model.QuarterReport{Quarter: model.Quarter{Year: 2026, N: 3}, Observations: make([]int, len(model.AllMilieus())),
			StartedByTier: make([]int, 3), ReachByTier: make([]model.GenderCounts, 3)}
		for i := range rep.Observations {
			rep.Observations[i] = randCount(rng, th)
		}
		for i := range 3 {
			rep.StartedByTier[i] = randCount(rng, th)
			rep.Started += rep.StartedByTier[i]
			rep.ReachByTier[i] = model.GenderCounts{GirlsWomen: randCount(rng, th), BoysMen: randCount(rng, th), MixedUnknown: randCount(rng, th)}
			rep.Reach = rep.Reach.Add(rep.ReachByTier[i])
		}
		rep.Completed, rep.FollowedUp, rep.Overdue = randCount(rng, th), randCount(rng, th), randCount(rng, th)
		rep.CasesByGender = model.GenderCounts{GirlsWomen: randCount(rng, th), BoysMen: randCount(rng, th), MixedUnknown: randCount(rng, th)}
		rep.CasesActive = rep.CasesByGender.Total()
		rep.CasesOpened, rep.CasesClosed = rng.IntN(rep.CasesActive+1), rng.IntN(rep.CasesActive+1)
		if bad := checkReport(rep, th); len(bad) > 0 {
			t.Fatalf("report %d (threshold %d): %s\n%+v", it, th, strings.Join(bad, "; "), rep)
		}
	}
}

// TestDemoVaultReportsLeakNoSmallCount: the quarterly reports of a few
// demo vaults, every quarter of their year, leak no small count.
func TestDemoVaultReportsLeakNoSmallCount(t *testing.T) {
	seeds := []int64{1, 7, 42}
	if testing.Short() {
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		var (
			obs  []*model.Observation
			ms   []*model.Measure
			cs   []*model.Case
			pics []*model.Picture
		)
		for _, r := range demo.Generate(seed, demo.Municipality()) {
			switch x := r.(type) {
			case *model.Observation:
				obs = append(obs, x)
			case *model.Measure:
				ms = append(ms, x)
			case *model.Case:
				cs = append(cs, x)
			case *model.Picture:
				pics = append(pics, x)
			}
		}
		today := model.DateOf(cs[0].Updated)
		for _, c := range cs {
			if d := model.DateOf(c.Updated); d.After(today) {
				today = d
			}
		}
		q := model.QuarterOf(today)
		for range 5 {
			rep := model.QuarterlyFollowUp(q, today, obs, ms, cs, pics)
			for _, th := range []int{3, 5} {
				if bad := checkReport(rep, th); len(bad) > 0 {
					t.Errorf("demo vault %d, %s, threshold %d: %s", seed, q, th, strings.Join(bad, "; "))
				}
			}
			q = q.Prev()
		}
	}
}

// TestRandomRecordsReportLeakNoSmallCount: random small sets of records —
// a vault of a small municipality, where small counts are the rule —
// counted by QuarterlyFollowUp and printed, leak no small count.
func TestRandomRecordsReportLeakNoSmallCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(25_000, 3))
	n := 300
	if testing.Short() {
		n = 60
	}
	q := model.Quarter{Year: 2026, N: 3}
	day := func() model.Date { return model.NewDate(2026, 5, 1).AddDays(rng.IntN(200)) }
	milieus, tiers, statuses, genders := model.AllMilieus(), model.AllTiers(), model.AllMeasureStatuses(), model.AllGenders()
	for it := range n {
		var (
			obs []*model.Observation
			ms  []*model.Measure
			cs  []*model.Case
		)
		for range rng.IntN(40) {
			obs = append(obs, &model.Observation{Milieu: milieus[rng.IntN(len(milieus))], Dimension: model.DimensionArea, Observed: day()})
		}
		for range rng.IntN(25) {
			m := &model.Measure{Tier: tiers[rng.IntN(len(tiers))], Status: statuses[rng.IntN(len(statuses))], Start: day(),
				Reach: model.GenderCounts{GirlsWomen: rng.IntN(3) * rng.IntN(8), BoysMen: rng.IntN(3) * rng.IntN(8), MixedUnknown: rng.IntN(2) * rng.IntN(4)}}
			if rng.IntN(2) == 0 {
				m.End = m.Start.AddDays(rng.IntN(120))
			}
			if rng.IntN(3) == 0 {
				m.NextFollowUp = day()
			}
			if rng.IntN(3) == 0 {
				m.FollowUps = []model.FollowUp{{Date: day()}}
			}
			ms = append(ms, m)
		}
		for range rng.IntN(20) {
			c := &model.Case{Status: model.CaseIntervention, Opened: day(), Gender: genders[rng.IntN(len(genders))]}
			if rng.IntN(3) == 0 {
				c.Gender = ""
			}
			if rng.IntN(2) == 0 {
				c.Status, c.Closed = model.CaseClosed, c.Opened.AddDays(rng.IntN(150))
			}
			cs = append(cs, c)
		}
		rep := model.QuarterlyFollowUp(q, model.NewDate(2026, 11, 1), obs, ms, cs, nil)
		for _, th := range []int{3, 5} {
			if bad := checkReport(rep, th); len(bad) > 0 {
				t.Fatalf("records %d (threshold %d): %s\n%+v", it, th, strings.Join(bad, "; "), rep)
			}
		}
	}
}
