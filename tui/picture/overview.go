package picture

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
)

// Weeks is the number of weeks in the per-milieu sparkline.
const Weeks = model.Weeks

var sparks = []rune("▁▂▃▄▅▆▇█")

func sparkline(w []int) string {
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
		// The setting holds the end of the meeting's day: show the day.
		since = m.com.T(model.UINewSince, ov.New, m.lastMeeting.Add(-time.Nanosecond).Local().Format("2006-01-02"))
	}
	if m.partial {
		// Counts of a load in progress: say so, and nothing else that
		// would read as a finished count.
		b.WriteString(s.Warning.Render(m.com.T(model.UIOverviewLoading, len(m.ix.Obs))) + "\n")
	} else {
		b.WriteString(s.Title.Render(m.com.T(model.UIOverviewTitle, len(m.ix.Obs))) + "  " + since + "\n")
	}
	labelW := 16
	cellW := max(min((m.w-labelW-Weeks-3)/len(ov.Dimensions), 14), 6)
	pad := func(t string, w int) string {
		t = ansi.Truncate(t, w, "…")
		return t + strings.Repeat(" ", max(w-ansi.StringWidth(t), 0))
	}
	head := pad("", labelW)
	for _, d := range ov.Dimensions {
		head += pad(" "+d.Label(m.com.Lang), cellW)
	}
	head += " " + m.com.T(model.UIWeeks, Weeks)
	b.WriteString(s.Header.Render(ansi.Truncate(head, m.w, "")) + "\n")
	for r, mi := range ov.Milieus {
		line := pad(mi.Label(m.com.Lang), labelW)
		for c := range ov.Dimensions {
			cell := " ·"
			cl := ov.Cells[r][c]
			if cl.Count > 0 {
				cell = fmt.Sprintf(" %d %s", cl.Count, concernSymbol(cl.Highest))
			}
			cell = pad(cell, cellW)
			if r == m.ovRow && c == m.ovCol {
				cell = s.Selected.Render("▶" + cell[1:])
			} else if cl.Highest != "" && cl.Count > 0 {
				cell = s.Concern[min(max(cl.Highest.Rank()-1, 0), 3)].Render(cell)
			}
			line += cell
		}
		line += " " + sparkline(ov.Weekly[r])
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + s.Muted.Render(m.com.T(model.UIConcernLegend)))
	return b.String()
}
