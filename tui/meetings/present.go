package meetings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// presentation is meeting mode's masked copy of a meeting's agenda: only
// text that may be shown on a projector — no case, no observation or
// measure about an individual or linked to a case, nothing marked
// TLP:RED — and counts of what was left out. It holds rendered strings,
// not records, so it can stay on screen after the vault locks.
type presentation struct {
	heading string
	red     bool
	pages   []page
}

// pageKind names an agenda item of meeting mode.
type pageKind int

const (
	pageOpening pageKind = iota
	pageNew
	pageDue
	pageOpenDecisions
	pageCases
	pageQuarter
	pageRecommendations
	pageDecisions
)

type page struct {
	kind  pageKind
	title string
	sub   string
	lines []pline
	// extra counts the page's items not made into lines at all (beyond
	// maxListed): the "… and n more" line counts them too.
	extra int
}

// maxListed bounds the observations a page lists: more than any screen
// shows, so building meeting mode stays fast on a large vault.
const maxListed = 200

// pline is one line of a page: text and how to draw it.
type pline struct {
	text  string
	style lineStyle
}

type lineStyle int

const (
	styleNormal lineStyle = iota
	styleLabel
	styleMuted
	styleWarn
	// styleRecord is drawn as styleNormal; the line is one of the page's
	// records (an attendee, an observation, a measure, a decision or a
	// recommendation), which "… and n more" counts.
	styleRecord
)

// Present builds the masked presentation of meeting mt from the vault's
// records, as of today. Nothing that names a case or an individual and
// nothing marked TLP:RED is copied into it, only counted; nor is any free
// text that contains one of names (the cases' pseudonyms and titles,
// lower-cased), wherever it was typed. Every count broken down by milieu,
// priority, tier or gender is suppressed with threshold, the vault's
// small-count threshold (R3); the plain total of open cases is shown.
func Present(mt *model.Meeting, meetings []*model.Meeting, members []*model.Member, obs []*model.Observation,
	ms []*model.Measure, cases []*model.Case, names []string, pics []*model.Picture, today model.Date, loc *time.Location, l model.Lang, threshold int) *presentation {
	ag := model.AgendaFor(mt, meetings, obs, ms, cases, true, loc)
	naming := nameMatcher(names)
	p := &presentation{red: mt.TLP == model.TLPRed}
	p.heading = mt.MeetingKind.Label(l) + " · " + mt.Date.String()
	red := l.T(model.MtgModeRedText)
	masked := func(n int) []pline {
		if n == 0 {
			return nil
		}
		return []pline{{"", styleNormal}, {"▒ " + l.T(model.MtgModeMasked, n), styleWarn}}
	}

	// Opening and attendance.
	open := page{kind: pageOpening, title: l.T(model.MtgItemOpening)}
	if p.red {
		open.lines = append(open.lines, pline{l.T(model.MtgModeRedMeeting), styleWarn})
	} else if t := strings.TrimSpace(mt.Title); t != "" && !naming(t) {
		open.lines = append(open.lines, pline{model.SanitizeLine(t), styleLabel})
	}
	open.lines = append(open.lines, pline{l.T(model.MtgAttendees, len(mt.Attendees)), styleLabel})
	byID := map[model.ID]*model.Member{}
	for _, x := range members {
		byID[x.ID] = x
	}
	for _, a := range mt.Attendees {
		name, org := a.Name, a.Org
		if x := byID[a.Member]; x != nil {
			name, org = x.Name, x.Org
			if x.TLP == model.TLPRed || naming(x.Name) {
				name = red
			}
		} else if a.Member != "" {
			name = l.T(model.MtgUnknownMember)
		} else if naming(name) {
			name = red
		}
		line := "  " + model.SanitizeLine(name)
		if org != "" {
			line += " — " + org.Label(l)
		}
		open.lines = append(open.lines, pline{line, styleRecord})
	}
	p.pages = append(p.pages, open)

	// New observations since the last meeting of the kind.
	np := page{kind: pageNew, title: l.T(model.MtgItemNew), sub: l.T(model.MtgModeSince, model.DateOf(ag.Since.In(loc)).String())}
	hidden := ag.MaskedObservations
	var shown []*model.Observation
	perMilieu := map[model.Milieu]int{}
	for _, o := range ag.NewObservations {
		switch {
		case o.TLP == model.TLPRed || len(o.Cases) > 0:
			hidden++
			continue
		case len(shown) >= maxListed:
			// Never on screen (a page shows a screenful): counted only.
			np.extra++
		case naming(o.Summary, o.Area):
			hidden++
			continue
		default:
			shown = append(shown, o)
		}
		perMilieu[o.Milieu]++
	}
	if len(shown) > 0 {
		np.lines = append(np.lines, pline{l.T(model.MtgModeObsPerMil), styleLabel})
		for _, mi := range model.AllMilieus() {
			if n := perMilieu[mi]; n > 0 {
				np.lines = append(np.lines, countLine(mi.Label(l), model.Suppress(n, threshold)))
			}
		}
		np.lines = append(np.lines, pline{"", styleNormal})
		for _, o := range shown {
			line := fmt.Sprintf("%s  %s  %s %s", o.Observed, o.Milieu.Label(l), concernSymbol(o.Concern), o.Concern.Label(l))
			if a := model.SanitizeLine(o.Area); a != "" {
				line += "  " + a
			}
			line += " — " + model.SanitizeLine(o.Summary)
			np.lines = append(np.lines, pline{line, styleRecord})
		}
	} else if hidden == 0 {
		np.lines = append(np.lines, pline{l.T(model.MtgModeNone), styleMuted})
	}
	np.lines = append(np.lines, masked(hidden)...)
	p.pages = append(p.pages, np)

	// Measures due for follow-up.
	dp := page{kind: pageDue, title: l.T(model.MtgItemDue)}
	hidden = 0
	for _, x := range ms {
		// AgendaFor leaves out the individual tier when masked; count it.
		if x.Tier == model.TierIndividual && x.Status.Open() && !x.NextFollowUp.IsZero() && !x.NextFollowUp.After(mt.Date.AddDays(model.DueWithinDays)) {
			hidden++
		}
	}
	for _, r := range ag.Due {
		x := r.Measure
		if x.TLP == model.TLPRed || x.Case != "" || naming(x.Title) {
			hidden++
			continue
		}
		mark := "◷"
		if r.Date.Before(mt.Date) {
			mark = "⚠"
		}
		dp.lines = append(dp.lines, pline{fmt.Sprintf("%s %s  %s — %s · %s", mark, r.Date, model.SanitizeLine(x.Title), x.Org.Label(l), x.Status.Label(l)), styleRecord})
	}
	if len(dp.lines) == 0 && hidden == 0 {
		dp.lines = append(dp.lines, pline{l.T(model.MtgModeNone), styleMuted})
	}
	dp.lines = append(dp.lines, masked(hidden)...)
	p.pages = append(p.pages, dp)

	// Open decisions of earlier meetings.
	op := page{kind: pageOpenDecisions, title: l.T(model.MtgItemOpenDecs)}
	hidden = 0
	for _, r := range ag.OpenDecisions {
		if d := r.Decision; r.Meeting.TLP == model.TLPRed || naming(d.Text, d.BodyName, d.Responsible) {
			hidden++
			continue
		}
		op.lines = append(op.lines, pline{decisionLine(r.Decision, l) + " (" + r.Meeting.Date.String() + ")", styleRecord})
	}
	if len(op.lines) == 0 && hidden == 0 {
		op.lines = append(op.lines, pline{l.T(model.MtgModeNone), styleMuted})
	}
	op.lines = append(op.lines, masked(hidden)...)
	p.pages = append(p.pages, op)

	// Cases: counts only.
	cp := page{kind: pageCases, title: l.T(model.MtgItemCases)}
	byPrio := map[model.Priority]int{}
	for _, c := range cases {
		if c.Status != model.CaseClosed {
			byPrio[c.Priority]++
		}
	}
	cp.lines = append(cp.lines, pline{l.T(model.MtgModeCasesOpen, ag.OpenCaseCount), styleLabel})
	prios := model.AllPriorities()
	slices.Reverse(prios)
	prio := priorityCounts(byPrio, prios, threshold)
	// The warning only with a shown count: a line that appears whenever
	// there is an acute case would say so even with the count hidden.
	if c := prio[model.PriorityAcute]; c.Shown() && c.N > 0 {
		cp.lines = append(cp.lines, pline{"⚠ " + l.T(model.SupModeCasesAcute, c.String()), styleWarn})
	}
	cp.lines = append(cp.lines, pline{"", styleNormal}, pline{l.T(model.MtgModeByPriority), styleLabel})
	for _, pr := range prios {
		cp.lines = append(cp.lines, countLine(pr.Label(l), prio[pr]))
	}
	cp.lines = append(cp.lines, pline{"", styleNormal}, pline{l.T(model.MtgModeCasesNote), styleMuted},
		pline{l.T(model.SupModeNote, prio[model.PriorityAcute].Threshold), styleMuted})
	p.pages = append(p.pages, cp)

	// The quarterly follow-up: figures only.
	if mt.MeetingKind == model.MeetingQuarterlyFollowUp {
		q := QuarterOfMeeting(mt.Date)
		fig := model.QuarterlyFollowUp(q, today, obs, ms, cases, pics).Figures(threshold)
		qp := page{kind: pageQuarter, title: l.T(model.MtgItemQuarter, q.String())}
		qp.lines = append(qp.lines, pline{l.T(model.MtgColObservations), styleLabel})
		for i, mi := range model.AllMilieus() {
			qp.lines = append(qp.lines, countLine(mi.Label(l), fig.Observations[i]))
		}
		qp.lines = append(qp.lines, pline{"", styleNormal}, pline{l.T(model.MtgReportMeasures), styleLabel},
			pline{"  " + l.T(model.SupReportStarted, fig.Started.String(), tierCounts(fig.StartedByTier, l)), styleNormal},
			pline{"  " + l.T(model.SupReportCompleted, fig.Completed.String()) + " · " + l.T(model.SupReportFollowedUp, fig.FollowedUp.String()) + " · " + l.T(model.SupReportOverdue, fig.Overdue.String()), styleNormal},
			pline{"", styleNormal}, pline{l.T(model.MtgReportCases), styleLabel},
			pline{"  " + l.T(model.SupReportCasesOpened, fig.CasesOpened.String()) + " · " + l.T(model.SupReportCasesClosed, fig.CasesClosed.String()) + " · " + l.T(model.SupReportCasesActive, fig.CasesActive.String()), styleNormal},
			pline{"", styleNormal}, pline{l.T(model.MtgReportGender), styleLabel},
			pline{"  " + l.T(model.MtgReportReachAll) + ": " + genderLine(fig.Reach, l), styleNormal},
		)
		p.pages = append(p.pages, qp)
	}

	// This meeting's recommendations and decisions.
	rp := page{kind: pageRecommendations, title: l.T(model.MtgItemRecommend)}
	dcp := page{kind: pageDecisions, title: l.T(model.MtgItemDecisions)}
	if p.red {
		rp.lines = append(rp.lines, masked(len(mt.Recommendations))...)
		dcp.lines = append(dcp.lines, masked(len(mt.Decisions))...)
	} else {
		hiddenRec, hiddenDec := 0, 0
		for _, r := range mt.Recommendations {
			if naming(r.Text) {
				hiddenRec++
				continue
			}
			line := "• " + model.SanitizeLine(r.Text)
			if r.To != "" {
				line += " → " + r.To.Label(l)
			}
			rp.lines = append(rp.lines, pline{line, styleRecord})
		}
		for _, d := range mt.Decisions {
			if naming(d.Text, d.BodyName, d.Responsible) {
				hiddenDec++
				continue
			}
			dcp.lines = append(dcp.lines, pline{decisionLine(d, l), styleRecord})
		}
		rp.lines = append(rp.lines, masked(hiddenRec)...)
		dcp.lines = append(dcp.lines, masked(hiddenDec)...)
	}
	if len(rp.lines) == 0 {
		rp.lines = append(rp.lines, pline{l.T(model.MtgModeNone), styleMuted})
	}
	if len(dcp.lines) == 0 {
		dcp.lines = append(dcp.lines, pline{l.T(model.MtgModeNone), styleMuted})
	}
	p.pages = append(p.pages, rp, dcp)
	return p
}

// nameMatcher returns a function that reports whether any of its texts
// contains one of names (lower-case, at least three bytes each), case
// insensitively. Names are indexed by their first three bytes, so a text
// costs one map look-up per byte rather than one search per name.
func nameMatcher(names []string) func(texts ...string) bool {
	byPrefix := map[string][]string{}
	for _, n := range names {
		if len(n) >= 3 {
			byPrefix[n[:3]] = append(byPrefix[n[:3]], n)
		}
	}
	return func(texts ...string) bool {
		if len(byPrefix) == 0 {
			return false
		}
		for _, t := range texts {
			t = strings.ToLower(t)
			for i := 0; i+3 <= len(t); i++ {
				for _, n := range byPrefix[t[i:i+3]] {
					if strings.HasPrefix(t[i:], n) {
						return true
					}
				}
			}
		}
		return false
	}
}

// QuarterOfMeeting returns the quarter a quarterly follow-up held on d
// reviews: the quarter before when d is in the first half of its quarter
// (a meeting early in October follows up July–September), else d's own.
func QuarterOfMeeting(d model.Date) model.Quarter {
	q := model.QuarterOf(d)
	if d.Sub(q.Start()) < q.End().Sub(q.Start())/2 {
		return q.Prev()
	}
	return q
}

// tierCounts writes suppressed counts per tier (model.AllTiers order).
func tierCounts(n []model.Count, l model.Lang) string {
	var parts []string
	for i, t := range model.AllTiers() {
		if i < len(n) {
			parts = append(parts, t.Label(l)+" "+n[i].String())
		}
	}
	return strings.Join(parts, ", ")
}

// genderLine writes suppressed counts per gender (model.Genders order).
func genderLine(g []model.Count, l model.Lang) string {
	var parts []string
	for i, x := range model.Genders() {
		if i < len(g) {
			parts = append(parts, x.Label(l)+" "+g[i].String())
		}
	}
	return strings.Join(parts, " · ")
}

// countLine is one labelled, suppressed count of a breakdown.
func countLine(label string, c model.Count) pline {
	return pline{fmt.Sprintf("  %-28s %3s", label, c.String()), styleNormal}
}

// priorityCounts suppresses the open cases by priority against their
// total, which meeting mode shows as it is (a plain total may stay).
func priorityCounts(byPrio map[model.Priority]int, prios []model.Priority, threshold int) map[model.Priority]model.Count {
	row := make([]int, len(prios))
	for i, p := range prios {
		row[i] = byPrio[p]
	}
	st := model.SuppressTable(model.Table{Cells: [][]int{row}, RowTotals: true, KeepTotals: true}, threshold)
	out := make(map[model.Priority]model.Count, len(prios))
	for i, p := range prios {
		out[p] = st.Cells[0][i]
	}
	return out
}

// decisionSymbol shows a decision's status without colour.
func decisionSymbol(s model.DecisionStatus) string {
	switch s {
	case model.DecisionOpen:
		return "○"
	case model.DecisionInProgress:
		return "◐"
	case model.DecisionDone:
		return "●"
	case model.DecisionCancelled:
		return "✗"
	}
	return "?"
}

func decisionWord(s model.DecisionStatus, l model.Lang) string {
	return decisionSymbol(s) + " " + s.Label(l)
}

// decisionLine renders a decision: status, text, deciding body,
// responsible and due date.
func decisionLine(d model.Decision, l model.Lang) string {
	parts := []string{model.SanitizeLine(d.Text)}
	body := ""
	if d.Body != "" {
		body = d.Body.Label(l)
	}
	if n := model.SanitizeLine(d.BodyName); n != "" {
		if body != "" {
			body += ", "
		}
		body += n
	}
	if body != "" {
		parts = append(parts, l.T(model.MtgDecidedBy, body))
	}
	if r := model.SanitizeLine(d.Responsible); r != "" {
		parts = append(parts, l.T(model.MtgResponsibleBy, r))
	}
	if !d.Due.IsZero() {
		parts = append(parts, l.T(model.MtgDueBy, d.Due.String()))
	}
	return "[" + decisionWord(d.Status, l) + "] " + strings.Join(parts, " · ")
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

func (m *Model) buildPresentation() {
	mt := m.Meeting()
	if mt == nil {
		m.pres = nil
		return
	}
	m.pres = Present(mt, m.meetings, m.members, m.obs, m.measures, m.cases, m.caseNames, m.pics, m.today(), m.com.Now().Location(), m.com.Lang, m.threshold)
	m.presItem = min(max(m.presItem, 0), len(m.pres.pages)-1)
	m.presOff = min(max(m.presOff, 0), max(len(m.pres.pages[m.presItem].lines)-1, 0))
}

func (m *Model) pageIndex(k pageKind) int {
	for i, p := range m.pres.pages {
		if p.kind == k {
			return i
		}
	}
	return len(m.pres.pages) - 1
}

// presentKey handles a key in meeting mode. esc closes what is open
// inside meeting mode (the inline form, the question whether to leave)
// and never leaves it: only m, confirmed, does (see leaveMeetingMode).
func (m *Model) presentKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	if f := m.presForm; f != nil {
		switch f.Key(msg, km) {
		case common.FormCancel:
			m.presForm = nil
		case common.FormSave:
			return m.savePresForm()
		}
		return nil
	}
	if m.presLeaving {
		// "Leave meeting mode? (y/N)": any key but yes stays.
		m.presLeaving = false
		if key.Matches(msg, k.Confirm) {
			return m.leaveMeetingMode()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Leave):
		m.presLeaving = true
	case key.Matches(msg, km.Global.Back):
		return func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.MtgModeEscStays)} }
	case m.pres == nil:
		return nil
	case key.Matches(msg, k.NextItem):
		m.showItem(m.presItem + 1)
	case key.Matches(msg, k.PrevItem):
		m.showItem(m.presItem - 1)
	case key.Matches(msg, km.Nav.Top):
		m.showItem(0)
	case key.Matches(msg, km.Nav.Bottom):
		m.showItem(len(m.pres.pages) - 1)
	case key.Matches(msg, km.Nav.Down):
		if _, end := m.presBody(); end < len(m.pres.pages[m.presItem].lines) {
			m.presOff++
		}
	case key.Matches(msg, km.Nav.Up):
		m.presOff = max(m.presOff-1, 0)
	case key.Matches(msg, km.Nav.PageDown):
		if _, end := m.presBody(); end < len(m.pres.pages[m.presItem].lines) {
			m.presOff = max(end, m.presOff+1)
		}
	case key.Matches(msg, km.Nav.PageUp):
		_, end := m.presBody()
		m.presOff = max(m.presOff-max(end-m.presOff, 1), 0)
	case key.Matches(msg, k.Decision), key.Matches(msg, k.Recommend):
		if m.presLocked || m.com.Store == nil || m.pres.red || m.Meeting() == nil {
			return nil
		}
		m.presKind = itemDecision
		if key.Matches(msg, k.Recommend) {
			m.presKind = itemRecommendation
		}
		m.showItem(m.pageIndex(map[itemKind]pageKind{itemDecision: pageDecisions, itemRecommendation: pageRecommendations}[m.presKind]))
		m.presForm = itemForm(m.com.Lang, m.presKind)
	}
	return nil
}

// showItem shows agenda item i (clamped) from its first line.
func (m *Model) showItem(i int) {
	i = min(max(i, 0), len(m.pres.pages)-1)
	if i != m.presItem {
		m.presOff = 0
	}
	m.presItem = i
}

// leaveMeetingMode leaves meeting mode, confirmed: the screen goes back
// to the list of meetings (where nothing about an individual is shown),
// not to the meeting's detail, and asks the App to leave. An item's form
// restored behind the presentation (see restoreItemDraft) is kept.
func (m *Model) leaveMeetingMode() tea.Cmd {
	m.presForm, m.presLeaving, m.presOff = nil, false, 0
	m.pres = nil
	m.revealed = ""
	switch m.mode {
	case ModeMeetingForm, ModeItemForm, ModeAttendees:
		if m.form != nil || m.mode == ModeAttendees {
			break
		}
		fallthrough
	default:
		for i, x := range m.meetings {
			if x.ID == m.meetingID {
				m.meetCursor = i
			}
		}
		m.mode, m.section, m.meetingID = ModeMeetings, ModeMeetings, ""
		m.itemCursor, m.detailOffset = -1, 0
		m.clamp()
	}
	return func() tea.Msg { return common.MeetingModeMsg{On: false} }
}

func (m *Model) savePresForm() tea.Cmd {
	f, l := m.presForm, m.com.Lang
	mt := m.Meeting()
	if mt == nil {
		m.presForm = nil
		return nil
	}
	x, _, probs := ApplyItem(f, mt, m.presKind, -1, l)
	if m.presKind == itemDecision && f.Get("body") == "" {
		probs["body"] = l.T(model.MtgDecisionNeedsBody)
	}
	if !m.showItemProblems(f, probs) {
		return common.ErrorCmd(fmt.Errorf("%s", m.com.T(model.UIFormInvalid, len(probs))))
	}
	f.Saving = true
	return m.put(x, "")
}

// presFrame is the frame meeting mode draws around an agenda item's
// lines: the heading above them and the footer below.
type presFrame struct {
	cw        int    // the width of the text column
	ind       string // the left margin
	head      []string
	formLines []string
	foot      int // lines below the item's lines
	room      int // lines for the item's lines
}

// frame lays out the frame of the current agenda item.
func (m *Model) frame() presFrame {
	s := m.com.Styles
	w, h := max(m.w, 20), max(m.h, 5)
	pg := m.pres.pages[m.presItem]
	margin := 2
	if w >= 100 {
		margin = (w - 96) / 2
	}
	f := presFrame{cw: w - 2*margin, ind: strings.Repeat(" ", margin)}
	cw, ind := f.cw, f.ind
	left := "◉ " + m.com.T(model.MtgModeBanner) + " · " + m.pres.heading
	right := m.com.T(model.MtgModeItem, m.presItem+1, len(m.pres.pages))
	gap := max(w-2-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	f.head = append(f.head, ansi.Truncate(" "+left+strings.Repeat(" ", gap)+right, w, "…"))
	f.head = append(f.head, "")
	if h >= 20 {
		f.head = append(f.head, "")
	}
	title := strings.ToUpper(pg.title)
	f.head = append(f.head, ind+s.Title.Render(ansi.Truncate(spaced(title, cw), cw, "…")))
	f.head = append(f.head, ind+s.Muted.Render(strings.Repeat("━", min(ansi.StringWidth(spaced(title, cw)), cw))))
	if pg.sub != "" {
		f.head = append(f.head, ind+s.Muted.Render(ansi.Truncate(pg.sub, cw, "…")))
	}
	f.head = append(f.head, "")
	// Room left for the lines: the footer takes two lines (note, hint).
	f.foot = 2
	if m.presLocked {
		f.foot++
	}
	if m.presDraftKept {
		f.foot++
	}
	if m.presForm != nil {
		f.formLines = strings.Split(m.presForm.View(m.com, cw, max(h/2, 4)), "\n")
		f.foot += len(f.formLines) + 1
	}
	f.room = max(h-len(f.head)-f.foot, 1)
	return f
}

// presBody returns the current agenda item's lines as drawn from
// presOff, and the index of the first of its lines not shown
// (len(lines) when the rest is shown).
func (m *Model) presBody() ([]string, int) {
	f := m.frame()
	return m.presLayout(m.pres.pages[m.presItem], f.cw, f.room)
}

// presLayout draws page pg's lines from presOff in room lines of cw
// cells: whole lines only (a long line wraps, and is shown all or not at
// all), with "↑ n above" when scrolled and "… and n more" when more
// follow, both counting records, never wrapped lines. It returns the
// lines and the index of the first of pg's lines not shown.
func (m *Model) presLayout(pg page, cw, room int) ([]string, int) {
	s := m.com.Styles
	off := min(max(m.presOff, 0), max(len(pg.lines)-1, 0))
	records := func(ls []pline) int {
		n := 0
		for _, ln := range ls {
			if ln.style == styleRecord {
				n++
			}
		}
		return n
	}
	var out []string
	if off > 0 {
		up := "↑"
		if n := records(pg.lines[:off]); n > 0 {
			up = m.com.T(model.MtgModeAbove, n)
		}
		out = append(out, s.Muted.Render(up))
	}
	budget := room - len(out)
	var sizes []int
	end := off
	for ; end < len(pg.lines); end++ {
		ln := pg.lines[end]
		wl := wrapLine(ln.text, cw)
		if len(out)+len(wl) > room {
			break
		}
		for _, x := range wl {
			out = append(out, styleLine(s, ln.style, x))
		}
		sizes = append(sizes, len(wl))
	}
	if end == len(pg.lines) && pg.extra == 0 {
		return out, end
	}
	// Make room for the line that says what follows.
	for len(out)+1 > room && len(sizes) > 0 {
		out = out[:len(out)-sizes[len(sizes)-1]]
		sizes = sizes[:len(sizes)-1]
		end--
	}
	if len(sizes) == 0 && end < len(pg.lines) && budget > 1 {
		// One line longer than the room: show its start.
		ln := pg.lines[end]
		for _, x := range wrapLine(ln.text, cw)[:budget-1] {
			out = append(out, styleLine(s, ln.style, x))
		}
	}
	more := m.com.T(model.MtgModeMoreBelow)
	if n := records(pg.lines[end:]) + pg.extra; n > 0 {
		more = m.com.T(model.MtgModeMore, n)
	}
	return append(out, s.Muted.Render(more)), end
}

// presentView draws the current agenda item, large and calm: a banner,
// the item's title in capitals with room around it, its lines, and the
// keys.
func (m *Model) presentView() string {
	s := m.com.Styles
	h := max(m.h, 5)
	if m.pres == nil {
		return s.Muted.Render(" " + m.com.T(model.UILoading))
	}
	f := m.frame()
	cw, ind := f.cw, f.ind
	out := f.head
	body, _ := m.presLayout(m.pres.pages[m.presItem], cw, f.room)
	for _, b := range body {
		out = append(out, ind+b)
	}
	for len(out) < h-f.foot {
		out = append(out, "")
	}
	if m.presForm != nil {
		out = append(out, ind+s.Label.Render(ansi.Truncate(m.com.T(model.MtgModeNewDecision), cw, "…")))
		for _, fl := range f.formLines {
			out = append(out, ind+fl)
		}
	}
	if m.presLocked {
		out = append(out, ind+s.Warning.Render(ansi.Truncate(m.com.T(model.MtgModeLocked), cw, "…")))
	}
	if m.presDraftKept {
		out = append(out, ind+s.Warning.Render(ansi.Truncate(m.com.T(model.MtgModeDraftKept), cw, "…")))
	}
	hint := model.MtgModeHint
	if m.presLocked {
		hint = model.MtgModeHintLocked // nothing can be written
	}
	if m.presLeaving {
		out = append(out, "", ind+s.Warning.Render(ansi.Truncate(m.com.T(model.MtgModeLeaveAsk), cw, "…")))
	} else {
		out = append(out, "", ind+s.Muted.Render(ansi.Truncate(m.com.T(hint), cw, "…")))
	}
	if len(out) > h {
		out = out[:h]
	}
	return strings.Join(out, "\n")
}

// spaced letter-spaces a title when there is room, for a larger look.
func spaced(t string, w int) string {
	r := []rune(t)
	if 2*len(r) > w {
		return t
	}
	var b strings.Builder
	for i, c := range r {
		if i > 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func styleLine(s *common.Styles, st lineStyle, t string) string {
	switch st {
	case styleLabel:
		return s.Label.Render(t)
	case styleMuted:
		return s.Muted.Render(t)
	case styleWarn:
		return s.Warning.Render(t)
	}
	return t
}

// wrapLine wraps a line to w cells, continuation lines indented.
func wrapLine(t string, w int) []string {
	if t == "" {
		return []string{""}
	}
	if ansi.StringWidth(t) <= w {
		return []string{t}
	}
	lines := strings.Split(ansi.Wrap(t, w-2, " "), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = "  " + lines[i]
	}
	for i, ln := range lines {
		lines[i] = ansi.Truncate(ln, w, "…")
	}
	return lines
}
