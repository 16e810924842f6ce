package pyramid

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// boardHeaderLines is the board's lines above the measure list at full
// height: the summary, three tiers of three lines, the list heading.
const boardHeaderLines = 11

// compactBelow is the body height under which each tier takes one line.
const compactBelow = 18

// statusSymbol marks a status without colour.
func statusSymbol(s model.MeasureStatus) string {
	switch s {
	case model.StatusProposed:
		return "○"
	case model.StatusDecided:
		return "◇"
	case model.StatusOngoing:
		return "▶"
	case model.StatusOnHold:
		return "‖"
	case model.StatusCompleted:
		return "●"
	case model.StatusFollowedUp:
		return "✓"
	case model.StatusCancelled:
		return "✗"
	}
	return "?"
}

// statusWord is a status as symbol and word.
func statusWord(s model.MeasureStatus, l model.Lang) string {
	return statusSymbol(s) + " " + s.Label(l)
}

func (m *Model) headerLines() int {
	if m.h < compactBelow {
		return 1 + 3 + 1
	}
	return boardHeaderLines
}

// View implements common.Screen.
func (m *Model) View() string {
	if !m.ld.Loaded() && m.mode != ModeForm {
		return m.com.Styles.Muted.Render(" " + m.com.T(model.UILoading))
	}
	if k := m.viewKey(); k != "" && !m.vlog.Shown(k) {
		// Fail closed (R5): no individual-level data before its view is
		// logged.
		return m.vlog.ViewNotice(m.com, m.w)
	}
	return m.viewMode(m.mode)
}

func (m *Model) viewMode(mode Mode) string {
	switch mode {
	case ModeBoard:
		return m.boardView()
	case ModeDue:
		return m.dueView()
	case ModeDetail:
		return m.detailView()
	case ModeForm, ModeFollowUp:
		return m.form.View(m.com, m.w, m.h)
	case ModeConfirm:
		return m.confirmView()
	case ModePickObs, ModePickCase:
		return m.pickView()
	}
	return ""
}

func (m *Model) confirmView() string {
	c := m.confirm
	if c == nil {
		return ""
	}
	s := m.com.Styles
	var prompt []string
	for _, p := range c.prompt {
		for _, l := range strings.Split(ansi.Wrap("⚠ "+p, max(m.w, 10), " "), "\n") {
			prompt = append(prompt, s.Warning.Render(l))
		}
	}
	under := strings.Split(m.viewMode(c.back), "\n")
	room := max(m.h-len(prompt)-1, 0)
	if len(under) > room {
		under = under[:room]
	}
	for len(under) < room {
		under = append(under, "")
	}
	under = append(under, "")
	under = append(under, prompt...)
	return strings.Join(under, "\n")
}

// filterLine shows the text filter while it is typed or set: the text
// and how many of the measures it lets through.
func (m *Model) filterLine() string {
	if !m.typing && len(m.filterText) == 0 {
		return ""
	}
	s := m.com.Styles
	t := model.SanitizeLine(string(m.filterText))
	if m.typing {
		t += "▏"
	}
	return s.Label.Render("/ ") + t + " " + s.Muted.Render(m.com.T(model.PyrFilterCount, m.total(), len(m.measures)))
}

// tierCounts returns the overdue and due follow-ups of display tier d.
func (m *Model) tierCounts(d int) (overdue, due int) { return m.overdueN[d], m.dueN[d] }

// countDue counts the overdue and due follow-ups per display tier.
func (m *Model) countDue() {
	m.overdueN, m.dueN = [3]int{}, [3]int{}
	for _, r := range m.pyr.Overdue {
		m.overdueN[displayOf(r.Measure.Tier)]++
	}
	for _, r := range m.pyr.Due {
		m.dueN[displayOf(r.Measure.Tier)]++
	}
}

func (m *Model) total() int {
	n := 0
	for _, l := range m.pyr.Measures {
		n += len(l)
	}
	return n
}

// tierLines returns the text lines of display tier d for an inner width.
func (m *Model) tierLines(d, inner, n int) []string {
	l := m.com.Lang
	pi := pyrIndex(d)
	if pi < 0 || pi >= len(m.pyr.Measures) {
		return make([]string, n)
	}
	t := displayTier(d)
	over, due := m.tierCounts(d)
	mark := "  "
	if d == m.tier {
		mark = "▶ "
	}
	l1 := mark + t.Label(l) + " · " + m.com.T(model.PyrTierLine, len(m.pyr.Measures[pi]))
	if over > 0 {
		l1 += " · " + m.com.T(model.PyrOverdueBadge, over)
	}
	if due > 0 {
		l1 += " · " + m.com.T(model.PyrDueBadge, due)
	}
	if n == 1 {
		return []string{l1}
	}
	var long, short []string
	for j, st := range m.pyr.Statuses {
		c := m.pyr.Counts[pi][j]
		long = append(long, fmt.Sprintf("%s %s %d", statusSymbol(st), st.Label(l), c))
		short = append(short, fmt.Sprintf("%s %d", statusSymbol(st), c))
	}
	l2 := strings.Join(long, " · ")
	if ansi.StringWidth(l2) > inner-2 {
		l2 = strings.Join(short, "  ")
	}
	r := m.pyr.Reach[pi]
	var l3 string
	if tot := r.Total(); tot == 0 {
		l3 = m.com.T(model.PyrReach) + ": " + m.com.T(model.PyrReachNone)
	} else {
		var parts []string
		for _, g := range model.AllGenders() {
			parts = append(parts, fmt.Sprintf("%s %d (%d %%)", g.Label(l), r.Of(g), (r.Of(g)*100+tot/2)/tot))
		}
		l3 = m.com.T(model.PyrReach) + ": " + strings.Join(parts, " · ")
		if ansi.StringWidth(l3) > inner-2 {
			parts = parts[:0]
			for _, g := range model.AllGenders() {
				parts = append(parts, fmt.Sprintf("%s %d %%", genderShort(g, l), (r.Of(g)*100+tot/2)/tot))
			}
			l3 = m.com.T(model.PyrReach) + " " + strings.Join(parts, " · ")
		}
	}
	return []string{l1, l2, l3}
}

// genderShort abbreviates a gender category (the initials of its label).
func genderShort(g model.Gender, l model.Lang) string {
	var b strings.Builder
	for _, w := range strings.Split(g.Label(l), "/") {
		if r := []rune(strings.TrimSpace(w)); len(r) > 0 {
			if b.Len() > 0 {
				b.WriteByte('/')
			}
			b.WriteString(strings.ToUpper(string(r[0])))
		}
	}
	return b.String()
}

func center(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	left := (w - ansi.StringWidth(s)) / 2
	return strings.Repeat(" ", max(left, 0)) + s + strings.Repeat(" ", max(w-left-ansi.StringWidth(s), 0))
}

// pyramidView draws the three tiers as a pyramid: individual at the
// top, general at the base.
func (m *Model) pyramidView() []string {
	s := m.com.Styles
	per := 3
	if m.h < compactBelow {
		per = 1
	}
	rows := 3 * per
	w := max(m.w, 20)
	w0 := min(w, max(46, w*55/100))
	var out []string
	for d := range 3 {
		// The widest inner width of the tier decides which texts fit.
		gFirst := d * per
		inner := widthAt(gFirst, rows, w0, w) - 2
		lines := m.tierLines(d, inner, per)
		for j, text := range lines {
			g := d*per + j
			width := widthAt(g, rows, w0, w)
			indent := (w - width) / 2
			body := center(text, width-2)
			if d == m.tier && j == 0 {
				body = s.Title.Render(body)
			}
			left, right := "/", "\\"
			if j == per-1 {
				// Close each tier with its base.
				body = s.Label.Render(body)
			}
			out = append(out, strings.Repeat(" ", indent)+left+body+right)
		}
	}
	return out
}

func widthAt(g, rows, w0, w int) int {
	width := w0
	if rows > 1 {
		width = w0 + (w-w0)*g/(rows-1)
	}
	if (w-width)%2 != 0 {
		width++
	}
	return min(width, w)
}

func (m *Model) boardView() string {
	s := m.com.Styles
	var b strings.Builder
	sum := s.Title.Render(m.com.T(model.PyrTitle)) + "  "
	if f := m.filterLine(); f != "" {
		// The filter first: it must stay readable on a narrow screen.
		sum += f + "  "
	}
	sum += m.com.T(model.PyrSummary, m.total(), len(m.pyr.Overdue), len(m.pyr.Due))
	b.WriteString(ansi.Truncate(sum, m.w, "…"))
	for _, line := range m.pyramidView() {
		b.WriteString("\n" + ansi.Truncate(line, m.w, ""))
	}
	d := m.tier
	pi := pyrIndex(d)
	n := 0
	if pi >= 0 && pi < len(m.pyr.Measures) {
		n = len(m.pyr.Measures[pi])
	}
	head := "── " + m.com.T(model.PyrListHeader, displayTier(d).Label(m.com.Lang), n) + " "
	head += strings.Repeat("─", max(m.w-ansi.StringWidth(head), 0))
	b.WriteString("\n" + s.Header.Render(ansi.Truncate(head, m.w, "")))
	rs := m.rows[d]
	if len(rs) == 0 {
		empty := model.PyrEmptyTier
		if len(m.filterText) > 0 {
			empty = model.UINoMatches
		}
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(empty)))
		return b.String()
	}
	h := max(m.h-m.headerLines(), 1)
	end := min(m.offset[d]+h, len(rs))
	for i := m.offset[d]; i < end; i++ {
		b.WriteByte('\n')
		b.WriteString(m.rowView(rs[i], i == m.cursor[d]))
	}
	return b.String()
}

// followCell shows a measure's next follow-up with a badge: ⚠ overdue,
// ◷ within 14 days.
func (m *Model) followCell(x *model.Measure) string {
	if x.NextFollowUp.IsZero() {
		return ""
	}
	mark := " "
	if x.Status.Open() {
		switch {
		case x.NextFollowUp.Before(m.today):
			mark = "⚠"
		case !x.NextFollowUp.After(m.today.AddDays(model.DueWithinDays)):
			mark = "◷"
		}
	}
	return mark + " " + x.NextFollowUp.String()
}

func (m *Model) rowView(r row, selected bool) string {
	s := m.com.Styles
	l := m.com.Lang
	if r.measure == nil {
		return s.Label.Render(ansi.Truncate(fmt.Sprintf(" %s (%d)", statusWord(r.status, l), r.count), m.w, "…"))
	}
	x := r.measure
	orgW, fuW, typeW := 16, 12, 0
	if m.w >= 110 {
		typeW = 20
	}
	titleW := max(m.w-4-orgW-fuW-2-typeW, 8)
	line := "   " + common.Pad(statusSymbol(x.Status)+" "+model.SanitizeLine(x.Title), titleW) + " "
	if typeW > 0 {
		line += common.Pad(x.Type.Label(l), typeW-1) + " "
	}
	line += common.Pad(x.Org.Label(l), orgW) + " " + common.Pad(m.followCell(x), fuW)
	line = ansi.Truncate(line, m.w, "")
	if selected {
		return s.Selected.Render("▶" + common.Pad(ansi.Cut(line, 1, m.w), m.w-1))
	}
	if x.Status.Open() && !x.NextFollowUp.IsZero() && x.NextFollowUp.Before(m.today) {
		return s.Warning.Render(line)
	}
	return line
}

func (m *Model) dueView() string {
	s := m.com.Styles
	l := m.com.Lang
	var b strings.Builder
	title := s.Title.Render(m.com.T(model.PyrDueTitle, len(m.pyr.Overdue), len(m.pyr.Due)))
	if f := m.filterLine(); f != "" {
		title = f + "  " + title
	}
	b.WriteString(ansi.Truncate(title, m.w, "…"))
	refs := m.dueRefs()
	if len(refs) == 0 {
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.PyrDueNone)))
		return b.String()
	}
	h := max(m.h-2, 1)
	b.WriteString("\n" + s.Header.Render(ansi.Truncate(" "+common.Pad(m.com.T(model.PyrFieldNext), 24)+" "+
		common.Pad(m.com.T(model.PyrFieldTier), 14)+" "+common.Pad(m.com.T(model.PyrFieldStatus), 14)+" "+m.com.T(model.PyrFieldTitle), m.w, "")))
	end := min(m.dueOffset+h, len(refs))
	for i := m.dueOffset; i < end; i++ {
		r := refs[i]
		var when string
		switch days := r.Date.Sub(m.today); {
		case days < 0:
			when = m.com.T(model.PyrDaysLate, -days)
		case days == 0:
			when = m.com.T(model.PyrToday)
		default:
			when = m.com.T(model.PyrDaysLeft, days)
		}
		x := r.Measure
		line := " " + common.Pad(r.Date.String()+" "+when, 24) + " " + common.Pad(x.Tier.Label(l), 14) + " " +
			common.Pad(statusWord(x.Status, l), 14) + " " + model.SanitizeLine(x.Title)
		line = ansi.Truncate(line, m.w, "")
		b.WriteByte('\n')
		switch {
		case i == m.dueCursor:
			b.WriteString(s.Selected.Render("▶" + common.Pad(ansi.Cut(line, 1, m.w), m.w-1)))
		case r.Date.Before(m.today):
			b.WriteString(s.Warning.Render(line))
		default:
			b.WriteString(line)
		}
	}
	return b.String()
}

// detailLines returns every line of the measure's detail, unscrolled.
func (m *Model) detailLines() []string {
	s := m.com.Styles
	x := m.detail
	if x == nil {
		return nil
	}
	l := m.com.Lang
	var lines []string
	lines = append(lines, s.Title.Render(m.com.T(model.PyrMeasure)+" "+string(x.ID)))
	kv := func(label model.Msg, v string) {
		lines = append(lines, ansi.Truncate(s.Label.Render(common.Pad(m.com.T(label), 18))+" "+v, m.w, "…"))
	}
	kv(model.PyrFieldTitle, model.SanitizeLine(x.Title))
	kv(model.PyrFieldTier, x.Tier.Label(l)+" · "+x.Type.Label(l))
	kv(model.PyrFieldStatus, statusWord(x.Status, l))
	org := x.Org.Label(l)
	if x.Contact != "" {
		org += " · " + model.SanitizeLine(x.Contact)
	}
	kv(model.PyrFieldOrg, org)
	target := model.SanitizeLine(x.TargetGroup)
	if x.Reach.Total() > 0 {
		target = strings.TrimSpace(target + fmt.Sprintf("  (%s %d · %s %d · %s %d)", model.GenderGirlsWomen.Label(l), x.Reach.GirlsWomen,
			model.GenderBoysMen.Label(l), x.Reach.BoysMen, model.GenderMixedUnknown.Label(l), x.Reach.MixedUnknown))
	}
	kv(model.PyrFieldTarget, target)
	var ms []string
	for _, v := range x.ListedMilieus() { // never beside a person (R2)
		ms = append(ms, v.Label(l))
	}
	if len(ms) > 0 {
		kv(model.PyrFieldMilieus, strings.Join(ms, ", "))
	}
	if len(x.Areas) > 0 {
		kv(model.PyrFieldAreas, model.SanitizeLine(strings.Join(x.Areas, ", ")))
	}
	period := dateText(x.Start) + " – " + dateText(x.End)
	kv(model.PyrFieldStart, period)
	kv(model.PyrFieldNext, m.followCell(x))
	kv(model.PyrFieldTLP, x.TLP.Label(l))
	if x.Tier == model.TierIndividual || x.Case != "" {
		c := m.com.T(model.PyrNoneLinked)
		if x.Case != "" {
			c = string(x.Case)
		}
		kv(model.PyrFieldCase, c)
	}
	kv(model.PyrFieldVersion, fmt.Sprintf("%d · %s · %s", x.Version, model.SanitizeLine(x.Author), x.Updated.Local().Format("2006-01-02 15:04")))
	if x.Description != "" {
		for _, dl := range strings.Split(model.Sanitize(x.Description), "\n") {
			lines = append(lines, ansi.Truncate("  "+dl, m.w, "…"))
		}
	}
	lines = append(lines, s.Label.Render(fmt.Sprintf("%s (%d)", m.com.T(model.PyrFieldObs), len(x.Observations))))
	for _, id := range x.Observations {
		line := "  " + string(id)
		if o := m.obsByID(id); o != nil {
			line += " " + o.Observed.String() + " " + model.SanitizeLine(o.Summary)
		}
		lines = append(lines, ansi.Truncate(line, m.w, "…"))
	}
	lines = append(lines, s.Label.Render(fmt.Sprintf("%s (%d)", m.com.T(model.PyrFieldFollowUps), len(x.FollowUps))))
	for i := len(x.FollowUps) - 1; i >= 0; i-- {
		f := x.FollowUps[i]
		line := "  " + f.Date.String() + " " + common.Pad(f.Effect.Label(l), 16) + " " + model.SanitizeLine(f.Note)
		lines = append(lines, ansi.Truncate(line, m.w, "…"))
	}
	return lines
}

// detailView draws the measure, scrolled by detailOffset when it is
// longer than the screen: the first line (the measure's ID) stays, the
// last says how much is below.
func (m *Model) detailView() string {
	lines := m.detailLines()
	if m.h <= 0 || len(lines) <= m.h {
		return strings.Join(lines, "\n")
	}
	body := lines[1:]
	room := m.detailRoom()
	off := min(max(m.detailOffset, 0), max(len(body)-room, 0))
	end := min(off+room, len(body))
	out := append([]string{lines[0]}, body[off:end]...)
	note := m.com.T(model.PyrScrollEnd)
	if below := len(body) - end; below > 0 {
		note = m.com.T(model.PyrScrollMore, below)
	}
	out = append(out, m.com.Styles.Muted.Render(ansi.Truncate(note, m.w, "…")))
	return strings.Join(out, "\n")
}

// detailRoom is the number of lines below the ID that fit when the
// detail scrolls (one is kept for "more below").
func (m *Model) detailRoom() int { return max(m.h-2, 1) }

// detailMax is the largest useful scroll offset of the detail.
func (m *Model) detailMax() int {
	n := len(m.detailLines())
	if m.h <= 0 || n <= m.h {
		return 0
	}
	return max(n-1-m.detailRoom(), 0)
}

// obsByID finds a loaded observation.
func (m *Model) obsByID(id model.ID) *model.Observation { return m.obs.Find(id) }
