package meetings

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// View implements common.Screen. In meeting mode it shows only the masked
// presentation, whatever else the screen was doing.
func (m *Model) View() string {
	if m.com.MeetingMode {
		return m.presentView()
	}
	if !m.ld.Loaded() {
		return m.com.Styles.Muted.Render(" " + m.com.T(model.UILoading))
	}
	if k := m.viewKey(); m.entering || k != "" && !m.vlog.Shown(k) {
		// Fail closed (R5): no case data before its view is logged.
		return m.vlog.ViewNotice(m.com, m.w)
	}
	var out string
	switch m.mode {
	case ModeMeetings:
		out = m.sectionBar() + "\n" + m.meetingsView()
	case ModeMembers:
		out = m.sectionBar() + "\n" + m.membersView()
	case ModeReport:
		out = m.sectionBar() + "\n" + m.reportView()
	case ModeDetail:
		out = m.detailView()
	case ModeMeetingForm, ModeMemberForm, ModeItemForm:
		out = m.form.View(m.com, m.w, m.h)
	case ModeAttendees:
		out = m.attendeesView()
	case ModeConfirm:
		base := m.detailView()
		if m.back != ModeDetail {
			switch m.back {
			case ModeMembers:
				base = m.sectionBar() + "\n" + m.membersView()
			default:
				base = m.sectionBar() + "\n" + m.meetingsView()
			}
		}
		lines := strings.Split(base, "\n")
		if len(lines) >= m.h {
			lines = lines[:max(m.h-1, 0)]
		}
		lines = append(lines, m.com.Styles.Warning.Render(ansi.Truncate(m.confirmText, m.w, "…")))
		out = strings.Join(lines, "\n")
	}
	return fit(out, m.w, m.h)
}

// fit cuts s to at most h lines of at most w cells.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if h > 0 && len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

func (m *Model) sectionBar() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteByte(' ')
	for i, t := range []model.Msg{model.MtgSecMeetings, model.MtgSecMembers, model.MtgSecReport} {
		label := m.com.T(t)
		if Mode(i) == m.section {
			b.WriteString(s.Selected.Render("[" + label + "]"))
		} else {
			b.WriteString(s.Muted.Render(" " + label + " "))
		}
		b.WriteByte(' ')
	}
	if !m.lastWeekly.IsZero() {
		b.WriteString(s.Muted.Render(" " + m.com.T(model.MtgLastWeekly, model.DateOf(m.lastWeekly.In(m.com.Now().Location()).Add(-1)).String())))
	}
	return ansi.Truncate(b.String(), m.w, "…")
}

func (m *Model) meetingsView() string {
	s, l := m.com.Styles, m.com.Lang
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.MtgMeetingsTitle, len(m.meetings))))
	if len(m.meetings) == 0 {
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.MtgNoMeetings)))
		return b.String()
	}
	kindW := 26
	if m.w < 100 {
		kindW = 18
	}
	hdr := " " + common.Pad(m.com.T(model.MtgColDate), 10) + " " + common.Pad(m.com.T(model.MtgColKind), kindW) + " " +
		common.Pad(m.com.T(model.MtgColAttendees), 5) + " " + common.Pad(m.com.T(model.MtgColDecisions), 9) + " " + m.com.T(model.MtgColTitle)
	b.WriteString("\n" + s.Header.Render(ansi.Truncate(hdr, m.w, "")))
	end := min(m.meetOffset+m.listHeight(), len(m.meetings))
	for i := m.meetOffset; i < end; i++ {
		x := m.meetings[i]
		open := 0
		for _, d := range x.Decisions {
			if d.Status == model.DecisionOpen || d.Status == model.DecisionInProgress {
				open++
			}
		}
		dec := fmt.Sprintf("%d", len(x.Decisions))
		if open > 0 {
			dec += fmt.Sprintf(" (%d ○)", open)
		}
		title := model.SanitizeLine(x.Title)
		switch {
		case x.TLP == model.TLPRed && title != "":
			title = m.com.T(model.MtgModeRedText)
		case m.named(x.Title):
			title = m.com.T(model.MtgDetailMaskedItem)
		}
		row := " " + common.Pad(x.Date.String(), 10) + " " + common.Pad(x.MeetingKind.Label(l), kindW) + " " +
			common.Pad(fmt.Sprintf("%d", len(x.Attendees)), 5) + " " + common.Pad(dec, 9) + " " + title
		row = ansi.Truncate(row, m.w, "…")
		if i == m.meetCursor {
			row = s.Selected.Render("▶" + ansi.Cut(row, 1, m.w))
		}
		b.WriteString("\n" + row)
	}
	return b.String()
}

func (m *Model) membersView() string {
	s, l := m.com.Styles, m.com.Lang
	active := 0
	for _, x := range m.members {
		if x.Active {
			active++
		}
	}
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.MtgMembersTitle, len(m.members), active)))
	if len(m.members) == 0 {
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.MtgNoMembers)))
		return b.String()
	}
	nameW, orgW, roleW := 20, 18, 16
	wide := m.w >= 110
	if wide {
		nameW, orgW, roleW = 24, 26, 24
	}
	hdr := " " + common.Pad(m.com.T(model.MtgColName), nameW) + " " + common.Pad(m.com.T(model.MtgColOrg), orgW) + " " +
		common.Pad(m.com.T(model.MtgColRole), roleW) + " " + common.Pad(m.com.T(model.MtgColActive), 10) + " " + m.com.T(model.MtgColContact)
	b.WriteString("\n" + s.Header.Render(ansi.Truncate(hdr, m.w, "")))
	end := min(m.memOffset+m.listHeight(), len(m.members))
	for i := m.memOffset; i < end; i++ {
		x := m.members[i]
		st := "● " + m.com.T(model.MtgActiveYes)
		if !x.Active {
			st = "○ " + m.com.T(model.MtgActiveNo)
		}
		contact := model.SanitizeLine(x.Phone)
		if e := model.SanitizeLine(x.Email); e != "" {
			if contact != "" {
				contact += " · "
			}
			contact += e
		}
		row := " " + common.Pad(model.SanitizeLine(x.Name), nameW) + " " + common.Pad(x.Org.Label(l), orgW) + " " +
			common.Pad(x.Role.Label(l), roleW) + " " + common.Pad(st, 10) + " " + contact
		row = ansi.Truncate(row, m.w, "…")
		switch {
		case i == m.memCursor:
			row = s.Selected.Render("▶" + ansi.Cut(row, 1, m.w))
		case !x.Active:
			row = s.Muted.Render(row)
		}
		b.WriteString("\n" + row)
	}
	return b.String()
}

// detailView shows a meeting: its generated agenda, attendees, the
// group's recommendations apart from the decisions, and the minutes.
// Cases appear only as counts. Until revealed (a logged reveal, see
// mask.go), text about individuals, text marked TLP:RED and text naming
// a case are masked.
func (m *Model) detailView() string {
	s, l := m.com.Styles, m.com.Lang
	mt := m.Meeting()
	if mt == nil {
		return ""
	}
	w := max(m.w, 20)
	shown := m.isRevealed(mt)
	maskedItem := m.com.T(model.MtgDetailMaskedItem)
	ag := model.AgendaFor(mt, m.meetings, m.obs, m.measures, m.cases, false, m.com.Now().Location())
	var lines []string
	add := func(t string) { lines = append(lines, ansi.Truncate(t, w, "…")) }
	head := m.com.T(model.MtgMeeting) + " " + mt.Date.String() + " · " + mt.MeetingKind.Label(l)
	if t := model.SanitizeLine(mt.Title); t != "" {
		if !shown && m.meetingTextMasked(mt) {
			t = maskedItem
		}
		head += " · " + t
	}
	add(s.Title.Render(head) + "  " + s.Muted.Render(mt.TLP.Label(l)))
	if shown {
		add(s.Warning.Render(m.com.T(model.MtgDetailRevealed)))
	}
	// Attendees on one (wrapped) line.
	var names []string
	for _, a := range mt.Attendees {
		name := model.SanitizeLine(a.Name)
		if x := m.memberByID(a.Member); x != nil {
			name = model.SanitizeLine(x.Name)
			if !shown && m.memberMasked(x) {
				name = m.com.T(model.MtgModeRedText)
			}
		} else if a.Member != "" {
			name = m.com.T(model.MtgUnknownMember)
		} else if !shown && m.named(a.Name) {
			name = m.com.T(model.MtgModeRedText)
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		add(s.Label.Render(m.com.T(model.MtgAttendees, 0)) + " " + s.Muted.Render(m.com.T(model.MtgNoAttendees)))
	} else {
		for i, wl := range strings.Split(ansi.Wrap(strings.Join(names, ", "), max(w-18, 10), " "), "\n") {
			if i == 0 {
				add(s.Label.Render(m.com.T(model.MtgAttendees, len(names))) + " " + wl)
			} else {
				add("   " + wl)
			}
		}
	}
	add("")
	add(s.Label.Render(m.com.T(model.MtgAgenda)))
	limit := 3
	switch {
	case m.h < 30:
		limit = 2
	case m.h >= 35:
		limit = 6
	}
	// section lists the lines of an agenda item up to limit, what
	// more there is, and how many are masked.
	section := func(items []string, masked int) {
		for i, t := range items {
			if i == limit {
				add(s.Muted.Render("     " + m.com.T(model.MtgModeMore, len(items)-limit)))
				break
			}
			add(t)
		}
		if masked > 0 {
			add(s.Warning.Render("     " + m.com.T(model.MtgDetailMasked, masked)))
		}
	}
	add(" 1 " + m.com.T(model.MtgAgendaNew, model.DateOf(ag.Since.In(m.com.Now().Location())).String(), len(ag.NewObservations)))
	var items []string
	masked := 0
	for _, o := range ag.NewObservations {
		if !shown && m.obsMasked(o) {
			masked++
			continue
		}
		items = append(items, fmt.Sprintf("     %s %s %s %s — %s", o.Observed, o.Milieu.Label(l), concernSymbol(o.Concern), o.Dimension.Label(l), model.SanitizeLine(o.Summary)))
	}
	section(items, masked)
	add(" 2 " + m.com.T(model.MtgAgendaDue, len(ag.Due)))
	items, masked = nil, 0
	for _, r := range ag.Due {
		if !shown && m.measureMasked(r.Measure) {
			masked++
			continue
		}
		items = append(items, fmt.Sprintf("     %s %s — %s", r.Date, model.SanitizeLine(r.Measure.Title), r.Measure.Tier.Label(l)))
	}
	section(items, masked)
	add(" 3 " + m.com.T(model.MtgAgendaDecisions, len(ag.OpenDecisions)))
	items, masked = nil, 0
	for _, r := range ag.OpenDecisions {
		if !shown && m.decisionMasked(r.Meeting, r.Decision) {
			masked++
			continue
		}
		items = append(items, "     "+decisionLine(r.Decision, l)+" ("+r.Meeting.Date.String()+")")
	}
	section(items, masked)
	// The acute count is suppressed as in meeting mode: this view may be
	// on the projector too (R3).
	byPrio := map[model.Priority]int{}
	for _, c := range ag.OpenCases {
		byPrio[c.Priority]++
	}
	acute := priorityCounts(byPrio, model.AllPriorities(), m.threshold)[model.PriorityAcute]
	if acute.Shown() {
		add(" 4 " + m.com.T(model.MtgAgendaCases, ag.OpenCaseCount, acute.String()))
	} else {
		add(" 4 " + m.com.T(model.MtgAgendaCasesTotal, ag.OpenCaseCount))
	}
	if mt.MeetingKind == model.MeetingQuarterlyFollowUp {
		add(" 5 " + m.com.T(model.MtgItemQuarter, QuarterOfMeeting(mt.Date).String()))
	}
	add("")
	cursorLine := -1
	add(s.Label.Render(m.com.T(model.MtgRecommendations, len(mt.Recommendations))))
	for i, r := range mt.Recommendations {
		t := "• " + model.SanitizeLine(r.Text)
		if r.To != "" {
			t += " · " + m.com.T(model.MtgToBody, r.To.Label(l))
		}
		if !shown && m.recommendationMasked(mt, r) {
			t = "• " + maskedItem
		}
		if m.itemCursor == i {
			cursorLine = len(lines)
			add(s.Selected.Render(ansi.Truncate("▶"+t, w, "…")))
		} else {
			add(" " + t)
		}
	}
	add(s.Label.Render(m.com.T(model.MtgDecisions, len(mt.Decisions))))
	for i, d := range mt.Decisions {
		t := decisionLine(d, l)
		if !shown && m.decisionMasked(mt, d) {
			t = "[" + decisionWord(d.Status, l) + "] " + maskedItem
		}
		if m.itemCursor == len(mt.Recommendations)+i {
			cursorLine = len(lines)
			add(s.Selected.Render(ansi.Truncate("▶"+t, w, "…")))
		} else {
			add(" " + t)
		}
	}
	if mn := strings.TrimSpace(mt.Minutes); mn != "" {
		add("")
		add(s.Label.Render(m.com.T(model.MtgMinutes)))
		if !shown && m.meetingTextMasked(mt) {
			add(" " + s.Warning.Render(maskedItem))
		} else {
			for _, para := range strings.Split(model.Sanitize(mn), "\n") {
				for _, wl := range strings.Split(ansi.Wrap(para, max(w-2, 10), " "), "\n") {
					add(" " + wl)
				}
			}
		}
	}
	// Scroll so the selected item is visible.
	h := max(m.h, 1)
	if m.mode == ModeConfirm {
		h--
	}
	off := m.detailOffset
	if cursorLine >= 0 {
		if cursorLine >= off+h {
			off = cursorLine - h + 1
		}
		if cursorLine < off {
			off = cursorLine
		}
	}
	off = max(min(off, len(lines)-h), 0)
	m.detailOffset = off
	return strings.Join(lines[off:], "\n")
}

func (m *Model) attendeesView() string {
	s, l := m.com.Styles, m.com.Lang
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.MtgPickAttendees)))
	if len(m.pickOrder) == 0 {
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.MtgNoMembers)))
		return b.String()
	}
	h := max(m.h-1, 1)
	off := max(m.pickCur-h+1, 0)
	for i := off; i < min(off+h, len(m.pickOrder)); i++ {
		x := m.pickOrder[i]
		box := "[ ]"
		if m.picks[x.ID] {
			box = "[x]"
		}
		row := " " + box + " " + common.Pad(model.SanitizeLine(x.Name), 24) + " " + common.Pad(x.Org.Label(l), 22) + " " + x.Role.Label(l)
		if !x.Active {
			row += " " + m.com.T(model.MtgMemberInactive)
		}
		row = ansi.Truncate(row, m.w, "…")
		if i == m.pickCur {
			row = s.Selected.Render("▶" + ansi.Cut(row, 1, m.w))
		}
		b.WriteString("\n" + row)
	}
	return b.String()
}
