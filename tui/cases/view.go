package cases

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// prioritySymbol marks a priority without colour.
func prioritySymbol(p model.Priority) string {
	switch p {
	case model.PriorityAcute:
		return "‼"
	case model.PriorityHigh:
		return "▲"
	case model.PriorityNormal:
		return "·"
	case model.PriorityLow:
		return "▽"
	}
	return "?"
}

func priorityWord(p model.Priority, l model.Lang) string { return prioritySymbol(p) + " " + p.Label(l) }

// stepWord is a case status as "n/6 label".
func stepWord(s model.CaseStatus, l model.Lang) string {
	n, of := StepOf(s)
	return l.T(model.CasesStep, n, of, s.Label(l))
}

// View implements common.Screen.
func (m *Model) View() string {
	if !m.ld.Loaded() && m.mode != ModeForm {
		return m.com.Styles.Muted.Render(" " + m.com.T(model.UILoading))
	}
	if k := m.viewKey(); k != "" && !m.vlog.Shown(k) {
		// Fail closed (R5): no case data before its view is logged.
		return m.vlog.ViewNotice(m.com, m.w)
	}
	return m.viewMode(m.mode)
}

func (m *Model) viewMode(mode Mode) string {
	switch mode {
	case ModeList:
		return m.listView()
	case ModeDetail:
		return m.detailView()
	case ModeForm, ModeAssess, ModeRules:
		return m.form.View(m.com, m.w, m.h)
	case ModeConfirm:
		return m.confirmView()
	case ModePurge:
		return m.purgeView()
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
	for _, l := range strings.Split(ansi.Wrap("⚠ "+c.prompt, max(m.w, 10), " "), "\n") {
		prompt = append(prompt, s.Warning.Render(l))
	}
	under := strings.Split(m.viewMode(c.back), "\n")
	room := max(m.h-len(prompt)-1, 0)
	if len(under) > room {
		under = under[:room]
	}
	for len(under) < room {
		under = append(under, "")
	}
	return strings.Join(append(append(under, ""), prompt...), "\n")
}

type col struct {
	title model.Msg
	w     int
}

func (m *Model) columns() []col {
	idW := 8
	if m.w >= 120 {
		idW = 26
	}
	cols := []col{{model.CasesColID, idW}, {model.CasesColSubject, 10}, {model.CasesColStep, 22}, {model.CasesColPriority, 8}}
	if m.w >= 120 {
		cols = append(cols, col{model.CasesColHandler, 16}, col{model.CasesColOpened, 10}, col{model.CasesColReview, 13})
	}
	used := 1
	for _, c := range cols {
		used += c.w + 1
	}
	return append(cols, col{model.CasesColLabel, max(m.w-used, 8)})
}

// shortID shows the end of an ID, the part that differs between records.
func shortID(id model.ID, w int) string {
	s := string(id)
	if len(s) > w {
		return "…" + s[len(s)-w+1:]
	}
	return s
}

func (m *Model) listView() string {
	s := m.com.Styles
	l := m.com.Lang
	var b strings.Builder
	ft := model.SanitizeLine(string(m.filterText))
	if m.typing {
		ft += "▏"
	}
	head := s.Label.Render(m.com.T(model.UIFilter)+": ") + ft
	if m.filterErr != "" {
		head += "  " + s.Error.Render("✗ "+m.filterErr)
	} else if ft == "" {
		head += s.Muted.Render(m.com.T(model.CasesFilterHint))
	}
	b.WriteString(ansi.Truncate(head, m.w, "…") + "\n")
	b.WriteString(s.Muted.Render(ansi.Truncate(" "+m.com.T(model.CasesCount, len(m.rows), len(m.cases)), m.w, "…")) + "\n")
	cols := m.columns()
	var hdr strings.Builder
	hdr.WriteByte(' ')
	for _, c := range cols {
		hdr.WriteString(common.Pad(m.com.T(c.title), c.w) + " ")
	}
	b.WriteString(s.Header.Render(ansi.Truncate(hdr.String(), m.w, "")))
	if len(m.rows) == 0 {
		msg := model.UINoMatches
		if len(m.cases) == 0 {
			msg = model.CasesEmpty
		}
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(msg)))
		return b.String()
	}
	end := min(m.offset+m.listHeight(), len(m.rows))
	for i := m.offset; i < end; i++ {
		c := m.rows[i]
		vals := []string{shortID(c.ID, cols[0].w), c.Subject.Label(l), stepWord(c.Status, l), priorityWord(c.Priority, l)}
		if m.w >= 120 {
			review := dateText(c.NextReview)
			vals = append(vals, c.Handler.Label(l), c.Opened.String(), review)
		}
		vals = append(vals, model.SanitizeLine(c.Label()))
		var r strings.Builder
		r.WriteByte(' ')
		for j, cl := range cols {
			r.WriteString(common.Pad(vals[j], cl.w))
			if j < len(cols)-1 {
				r.WriteByte(' ')
			}
		}
		line := ansi.Truncate(r.String(), m.w, "")
		b.WriteByte('\n')
		switch {
		case i == m.cursor:
			b.WriteString(s.Selected.Render("▶" + common.Pad(ansi.Cut(line, 1, m.w), m.w-1)))
		case c.Priority == model.PriorityAcute && c.Status != model.CaseClosed:
			b.WriteString(s.Concern[3].Render(line))
		default:
			b.WriteString(line)
		}
	}
	return b.String()
}

// retentionText says when the case is due for purging under the rules.
func (m *Model) retentionText(c *model.Case) string {
	if d, ok := model.RetentionDate(c, m.rules); ok {
		return m.com.T(model.CasesRetentionDue, d.String())
	}
	return m.com.T(model.CasesRetentionNone)
}

// detailView shows a case. Until revealed, only what the list shows
// and the case's shape (counts, dates) are on screen; its particulars
// are masked.
func (m *Model) detailView() string {
	if m.detail == nil {
		return ""
	}
	return strings.Join(m.scrollDetail(m.detailLines()), "\n")
}

// detailLines returns every line of the detail, unscrolled.
func (m *Model) detailLines() []string {
	s := m.com.Styles
	c := m.detail
	if c == nil {
		return nil
	}
	l := m.com.Lang
	masked := s.Muted.Render(m.com.T(model.CasesMasked))
	var lines []string
	title := m.com.T(model.CasesCase) + " " + string(c.ID)
	lines = append(lines, s.Title.Render(ansi.Truncate(title, m.w, "…")))
	if m.revealed {
		lines = append(lines, s.Warning.Render(ansi.Truncate("◉ "+m.com.T(model.CasesRevealed), m.w, "…")))
	} else {
		lines = append(lines, s.Muted.Render(ansi.Truncate("◌ "+m.com.T(model.CasesMaskedHint), m.w, "…")))
	}
	kv := func(label model.Msg, v string) {
		lines = append(lines, ansi.Truncate(s.Label.Render(common.Pad(m.com.T(label), 20))+" "+v, m.w, "…"))
	}
	secret := func(label model.Msg, v string) {
		if !m.revealed {
			v = masked
		}
		kv(label, v)
	}
	kv(model.CasesFieldSubject, c.Subject.Label(l))
	if c.Subject == model.SubjectIndividual {
		kv(model.CasesFieldPseudonym, model.SanitizeLine(c.Pseudonym))
	} else {
		kv(model.CasesFieldTitle, model.SanitizeLine(c.Title))
	}
	kv(model.CasesFieldStatus, stepWord(c.Status, l))
	kv(model.CasesFieldPriority, priorityWord(c.Priority, l))
	kv(model.CasesFieldHandler, c.Handler.Label(l))
	dates := c.Opened.String()
	if !c.Closed.IsZero() {
		dates += " – " + c.Closed.String()
	}
	kv(model.CasesFieldOpened, dates)
	if c.Status == model.CaseClosed {
		secret(model.CasesFieldReason, c.ClosingReason.Label(l))
	}
	kv(model.CasesFieldReview, dateText(c.NextReview))
	kv(model.CasesFieldRetention, m.retentionText(c))
	kv(model.CasesFieldTLP, c.TLP.Label(l))
	if c.Subject == model.SubjectIndividual {
		ag := m.com.T(model.CasesNotSet)
		if c.AgeBand != "" || c.Gender != "" {
			ag = strings.Trim(c.AgeBand.Label(l)+" · "+c.Gender.Label(l), " ·")
		}
		secret(model.CasesFieldAgeBand, ag)
	}
	secret(model.CasesFieldArea, model.SanitizeLine(c.Area))
	secret(model.CasesFieldIntake, c.Intake.Label(l))
	concern := c.Concern.Level.Label(l)
	if c.Concern.Milieu != "" {
		concern += " · " + m.com.T(model.CasesFieldMilieu) + ": " + c.Concern.Milieu.Label(l)
	}
	secret(model.CasesFieldLevel, concern)
	secret(model.CasesFieldConcern, model.SanitizeLine(c.Concern.Text))
	secret(model.CasesFieldLegal, model.SanitizeLine(c.LegalBasis))
	var ms []*model.Measure
	for _, x := range m.measures {
		if x.Case == c.ID {
			ms = append(ms, x)
		}
	}
	lines = append(lines, s.Label.Render(fmt.Sprintf("%s (%d)", m.com.T(model.CasesFieldMeasures), len(ms))))
	if m.revealed {
		for _, x := range ms {
			lines = append(lines, ansi.Truncate("  "+string(x.ID)+" "+x.Status.Label(l)+" · "+model.SanitizeLine(x.Title), m.w, "…"))
		}
	}
	lines = append(lines, ansi.Truncate(s.Label.Render(fmt.Sprintf("%s (%d)", m.com.T(model.CasesFieldAssess), len(c.Assessments)))+
		" "+s.Muted.Render(m.com.T(model.CasesNoScore)), m.w, "…"))
	if m.revealed {
		for i := len(c.Assessments) - 1; i >= 0; i-- {
			a := c.Assessments[i]
			var rs []string
			for _, r := range a.Ratings {
				rs = append(rs, r.Area.Label(l)+": "+r.Rating.Label(l))
			}
			lines = append(lines, ansi.Truncate("  "+a.Date.String()+"  "+strings.Join(rs, " · "), m.w, "…"))
			if a.Protective != "" {
				lines = append(lines, ansi.Truncate("    "+m.com.T(model.CasesFieldProtect)+": "+model.SanitizeLine(a.Protective), m.w, "…"))
			}
			if a.Changes != "" {
				lines = append(lines, ansi.Truncate("    "+m.com.T(model.CasesFieldChanges)+": "+model.SanitizeLine(a.Changes), m.w, "…"))
			}
			if a.Summary != "" {
				lines = append(lines, ansi.Truncate("    "+model.SanitizeLine(a.Summary), m.w, "…"))
			}
		}
	}
	return lines
}

// detailRoom is the number of the detail's lines below the head that fit
// when it scrolls: one line is kept for "more below".
func (m *Model) detailRoom() int { return max(m.h-detailHead-1, 1) }

// detailMax is the largest useful scroll offset of the detail.
func (m *Model) detailMax() int {
	n := len(m.detailLines())
	if m.h <= 0 || n <= m.h {
		return 0
	}
	return max(n-detailHead-m.detailRoom(), 0)
}

// detailHead is the number of the detail's first lines — the case's ID
// and whether it is masked or revealed — that stay when it scrolls.
const detailHead = 2

// scrollDetail returns the lines of the detail that fit, scrolled by
// detailOffset (clamped here, as the length is known only now): the head
// stays, a line at the bottom says how much more there is below.
func (m *Model) scrollDetail(lines []string) []string {
	if m.h <= 0 || len(lines) <= m.h {
		return lines
	}
	head, body := lines[:min(detailHead, m.h)], lines[min(detailHead, m.h):]
	room := m.detailRoom()
	off := min(max(m.detailOffset, 0), max(len(body)-room, 0))
	end := min(off+room, len(body))
	out := append(append([]string{}, head...), body[off:end]...)
	note := m.com.T(model.CasesScrollEnd)
	if below := len(body) - end; below > 0 {
		note = m.com.T(model.CasesScrollMore, below)
	}
	return append(out, m.com.Styles.Muted.Render(ansi.Truncate(note, m.w, "…")))
}

// The purge list's columns for what a record is and the rule that makes
// it due; at 80 columns the ID is cut, the rest fits.
const (
	purgeWhatWidth = 30
	purgeRuleWidth = 18
)

func (m *Model) purgeView() string {
	s := m.com.Styles
	l := m.com.Lang
	r := m.rules
	var b strings.Builder
	b.WriteString(s.Title.Render(ansi.Truncate(m.com.T(model.PurgeTitle, len(m.purges)), m.w, "…")) + "\n")
	b.WriteString(s.Muted.Render(ansi.Truncate(" "+m.com.T(model.PurgeRules, r.ClosedCaseYears, r.IndividualObservationYears, r.IndividualMeasureYears), m.w, "…")) + "\n")
	b.WriteString(s.Header.Render(ansi.Truncate(" "+common.Pad(m.com.T(model.PurgeColDue), 10)+" "+common.Pad(m.com.T(model.PurgeColKind), 12)+" "+
		common.Pad(m.com.T(model.PurgeColWhat), purgeWhatWidth)+" "+common.Pad(m.com.T(model.PurgeColRule), purgeRuleWidth)+" "+m.com.T(model.CasesColID), m.w, "")))
	if len(m.purges) == 0 {
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.PurgeNone)))
		return b.String()
	}
	end := min(m.purgeOffset+max(m.h-4, 1), len(m.purges))
	for i := m.purgeOffset; i < end; i++ {
		p := m.purges[i]
		line := " " + common.Pad(p.Due.String(), 10) + " " + common.Pad(p.Kind.Label(l), 12) + " " +
			common.Pad(ansi.Truncate(model.SanitizeLine(p.What), purgeWhatWidth, "…"), purgeWhatWidth) + " " +
			common.Pad(ansi.Truncate(p.Rule.Label(l), purgeRuleWidth, "…"), purgeRuleWidth) + " " + string(p.ID)
		if p.Case != "" {
			line += "  ↳ " + string(p.Case)
		}
		line = ansi.Truncate(line, m.w, "…")
		b.WriteByte('\n')
		if i == m.purgeCursor {
			b.WriteString(s.Selected.Render(common.Pad(line, m.w)))
		} else {
			b.WriteString(line)
		}
	}
	return b.String()
}
