package picture

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
)

// Weeks is the number of weeks in the per-milieu sparkline.
const Weeks = 13

// overview is the milieu × dimension matrix with the highest concern per
// cell, weekly counts per milieu and what is new since the last meeting.
type overview struct {
	milieus  []model.Milieu
	dims     []model.Dimension
	count    [][]int
	worst    [][]model.Concern
	weekly   [][Weeks]int
	newSince int
}

func computeOverview(obs []*model.Observation, today model.Date, since time.Time) overview {
	ov := overview{milieus: model.AllMilieus(), dims: model.AllDimensions()}
	mi := map[model.Milieu]int{}
	for i, m := range ov.milieus {
		mi[m] = i
	}
	di := map[model.Dimension]int{}
	for i, d := range ov.dims {
		di[d] = i
	}
	ov.count = make([][]int, len(ov.milieus))
	ov.worst = make([][]model.Concern, len(ov.milieus))
	ov.weekly = make([][Weeks]int, len(ov.milieus))
	for i := range ov.milieus {
		ov.count[i] = make([]int, len(ov.dims))
		ov.worst[i] = make([]model.Concern, len(ov.dims))
	}
	thisWeek := today.Monday()
	for _, o := range obs {
		r, ok1 := mi[o.Milieu]
		c, ok2 := di[o.Dimension]
		if !ok1 || !ok2 {
			continue
		}
		ov.count[r][c]++
		if w := ov.worst[r][c]; w == "" || o.Concern.Rank() > w.Rank() {
			ov.worst[r][c] = o.Concern
		}
		if wk := thisWeek.Sub(o.Observed.Monday()) / 7; wk >= 0 && wk < Weeks {
			ov.weekly[r][Weeks-1-wk]++
		}
		if !since.IsZero() && o.Created.After(since) {
			ov.newSince++
		}
	}
	return ov
}

var sparks = []rune("▁▂▃▄▅▆▇█")

func sparkline(w [Weeks]int) string {
	hi := 0
	for _, n := range w {
		hi = max(hi, n)
	}
	var b strings.Builder
	for _, n := range w {
		switch {
		case n == 0:
			b.WriteRune('·')
		default:
			b.WriteRune(sparks[min((n*len(sparks)-1)/max(hi, 1), len(sparks)-1)])
		}
	}
	return b.String()
}

// concernSymbol shows a concern level without colour.
func concernSymbol(c model.Concern) string {
	switch c {
	case model.ConcernLow:
		return "·"
	case model.ConcernModerate:
		return "!"
	case model.ConcernHigh:
		return "!!"
	case model.ConcernAcute:
		return "!!!"
	}
	return " "
}

func (m *Model) overviewView() string {
	s := m.com.Styles
	ov := m.ov
	var b strings.Builder
	since := m.com.T(model.UINewSinceNone)
	if !m.lastMeeting.IsZero() {
		since = m.com.T(model.UINewSince, ov.newSince, m.lastMeeting.Local().Format("2006-01-02"))
	}
	b.WriteString(s.Title.Render(m.com.T(model.UIOverviewTitle, len(m.ix.Obs))) + "  " + since + "\n")
	labelW := 16
	cellW := max(min((m.w-labelW-Weeks-3)/len(ov.dims), 14), 6)
	pad := func(t string, w int) string {
		t = ansi.Truncate(t, w, "…")
		return t + strings.Repeat(" ", max(w-ansi.StringWidth(t), 0))
	}
	head := pad("", labelW)
	for _, d := range ov.dims {
		head += pad(" "+d.Label(m.com.Lang), cellW)
	}
	head += " " + m.com.T(model.UIWeeks, Weeks)
	b.WriteString(s.Header.Render(ansi.Truncate(head, m.w, "")) + "\n")
	for r, mi := range ov.milieus {
		line := pad(mi.Label(m.com.Lang), labelW)
		for c := range ov.dims {
			cell := " ·"
			if n := ov.count[r][c]; n > 0 {
				cell = fmt.Sprintf(" %d %s", n, concernSymbol(ov.worst[r][c]))
			}
			cell = pad(cell, cellW)
			if r == m.ovRow && c == m.ovCol {
				cell = s.Selected.Render("▶" + cell[1:])
			} else if w := ov.worst[r][c]; w != "" && ov.count[r][c] > 0 {
				cell = s.Concern[min(max(w.Rank()-1, 0), 3)].Render(cell)
			}
			line += cell
		}
		line += " " + sparkline(ov.weekly[r])
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + s.Muted.Render(m.com.T(model.UIConcernLegend)))
	return b.String()
}
