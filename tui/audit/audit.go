// Package audit is the Granskningslogg screen: every audit event newest
// first, filterable by actor, action, record and period, with the log's
// verification state and a key to re-verify; enter on an event jumps to
// its record. Viewing the trail is itself audited. It also holds the log
// review (loggkontroll, R5): a random sample of read events for a period
// — reveals first, then reads of case data, then other views (see
// [Sample]) — each marked justified or not with a note, recorded as a
// review event.
package audit

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// SampleSize is the number of read events drawn for a log review.
const SampleSize = 10

// ReviewInterval is how often a log review is expected.
const ReviewInterval = 30 * 24 * time.Hour

// Filter selects events. Zero fields match everything.
type Filter struct {
	Actor  string
	Action model.AuditAction
	Ref    string
	From   time.Time // inclusive
	To     time.Time // exclusive
	Text   string
}

// ParseFilter reads a filter line of space-separated terms:
// actor:NAME action:CODE ref:ID from:YYYY-MM-DD to:YYYY-MM-DD and free
// text. An unknown term is an error naming it.
func ParseFilter(s string) (Filter, error) {
	var f Filter
	var text []string
	for _, t := range strings.Fields(s) {
		k, v, ok := strings.Cut(t, ":")
		if !ok {
			text = append(text, strings.ToLower(t))
			continue
		}
		switch k {
		case "actor":
			f.Actor = strings.ToLower(v)
		case "action":
			a := model.AuditAction(v)
			if !a.Valid() {
				return Filter{}, fmt.Errorf("audit: unknown action %q", model.SanitizeLine(v))
			}
			f.Action = a
		case "ref", "id":
			f.Ref = strings.ToUpper(v)
		case "from", "to":
			d, err := time.ParseInLocation(time.DateOnly, v, time.Local)
			if err != nil {
				return Filter{}, fmt.Errorf("audit: %s: want a date like 2026-01-31, got %q", k, model.SanitizeLine(v))
			}
			if k == "from" {
				f.From = d
			} else {
				f.To = d.AddDate(0, 0, 1)
			}
		default:
			return Filter{}, fmt.Errorf("audit: unknown filter %q (use actor:, action:, ref:, from:, to:)", model.SanitizeLine(k))
		}
	}
	f.Text = strings.Join(text, " ")
	return f, nil
}

// Match reports whether ev passes the filter.
func (f Filter) Match(ev *model.AuditEvent) bool {
	if f.Actor != "" && !strings.Contains(strings.ToLower(ev.Actor.User+" "+ev.Actor.Key), f.Actor) {
		return false
	}
	if f.Action != "" && ev.Action != f.Action {
		return false
	}
	if f.Ref != "" && !strings.HasPrefix(string(ev.Ref), f.Ref) {
		return false
	}
	if !f.From.IsZero() && ev.Time.Before(f.From) {
		return false
	}
	if !f.To.IsZero() && !ev.Time.Before(f.To) {
		return false
	}
	if f.Text != "" {
		hay := strings.ToLower(ev.Actor.User + " " + string(ev.Action) + " " + string(ev.Kind) + " " + string(ev.Ref) + " " + ev.Detail)
		for _, w := range strings.Fields(f.Text) {
			if !strings.Contains(hay, w) {
				return false
			}
		}
	}
	return true
}

// loadedMsg carries the audit log and its verification.
type loadedMsg struct {
	events     []model.AuditEvent // newest first
	state      common.AuditState
	verifyErr  error
	lastReview time.Time
	err        error
}

type verifiedMsg struct {
	state common.AuditState
	err   error
}

type reviewSavedMsg struct {
	at  time.Time
	err error
}

// Mark is a reviewer's judgement of one sampled event.
type Mark int

// The marks.
const (
	Unmarked Mark = iota
	Justified
	Unjustified
)

// Review is a log review in progress.
type Review struct {
	From, To time.Time
	Sample   []model.AuditEvent
	Marks    []Mark
	Notes    []string
}

// Model is the audit trail screen.
type Model struct {
	com *common.Common

	events []model.AuditEvent // newest first
	shown  []int              // indexes into events passing the filter
	// ld is the load bookkeeping.
	ld       common.Load
	state    common.AuditState
	verified bool
	stateErr string

	filter     Filter
	filterText []rune
	editing    bool // filter line has focus
	filterErr  string

	cursor, offset int
	w, h           int

	lastReview time.Time

	review     *Review
	noteEdit   bool
	noteText   []rune
	reviewDays int

	// Rand draws the review sample; tests pin it.
	Rand *rand.Rand
}

// New returns the audit screen.
func New(com *common.Common) *Model {
	return &Model{com: com, reviewDays: 30}
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h; m.clamp() }

// Capturing reports whether a text field has focus.
func (m *Model) Capturing() bool { return m.editing || m.noteEdit }

// Events returns the events passing the filter, newest first.
func (m *Model) Events() []model.AuditEvent {
	out := make([]model.AuditEvent, len(m.shown))
	for i, j := range m.shown {
		out[i] = m.events[j]
	}
	return out
}

// Review returns the log review in progress, or nil.
func (m *Model) Review() *Review { return m.review }

func (m *Model) load() tea.Cmd {
	st := m.com.Store
	if st == nil || !m.ld.Start() {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		// Viewing the trail is itself audited: log before reading so the
		// view appears in what is shown.
		if err := st.Log(ctx, model.AuditEvent{Action: model.ActionView, Detail: "audit_trail"}); err != nil {
			return loadedMsg{err: err}
		}
		var evs []model.AuditEvent
		err := st.AuditEvents(ctx, func(ev model.AuditEvent) error {
			evs = append(evs, ev)
			return nil
		})
		if err != nil {
			return loadedMsg{err: err}
		}
		for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
			evs[i], evs[j] = evs[j], evs[i]
		}
		state, verr := st.VerifyAudit(ctx)
		msg := loadedMsg{events: evs, state: state, verifyErr: verr}
		if b, ok, err := st.Setting(ctx, common.SettingLastReview); err == nil && ok {
			if t, err := time.Parse(time.RFC3339, string(b)); err == nil {
				msg.lastReview = t
			}
		}
		return msg
	}
}

func (m *Model) verify() tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		s, err := st.VerifyAudit(ctx)
		return verifiedMsg{s, err}
	}
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ActivateMsg:
		return m, m.load()
	case common.ReloadMsg, common.StaleMsg:
		m.ld.Stale()
		return m, nil
	case common.LockMsg:
		m.events, m.shown = nil, nil
		m.ld.Reset()
		m.review, m.noteEdit = nil, false
		return m, nil
	case loadedMsg:
		if !m.ld.Finish() {
			return m, m.load()
		}
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.events = msg.events
		m.ld.MarkLoaded()
		m.setState(msg.state, msg.verifyErr)
		m.lastReview = msg.lastReview
		m.apply()
		return m, nil
	case verifiedMsg:
		m.setState(msg.state, msg.err)
		return m, nil
	case reviewSavedMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.review = nil
		m.lastReview = msg.at
		return m, tea.Batch(func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.UIReviewSaved)} }, m.load())
	case common.SearchMsg:
		m.editing = true
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) setState(s common.AuditState, err error) {
	m.verified = err == nil
	m.state = s
	m.stateErr = ""
	if err != nil {
		m.stateErr = model.SanitizeLine(err.Error())
	}
}

func (m *Model) apply() {
	m.shown = m.shown[:0]
	for i := range m.events {
		if m.filter.Match(&m.events[i]) {
			m.shown = append(m.shown, i)
		}
	}
	m.clamp()
}

func (m *Model) listHeight() int { return max(m.h-5, 1) }

func (m *Model) clamp() {
	n := len(m.shown)
	if m.review != nil {
		n = len(m.review.Sample)
	}
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	h := m.listHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(m.offset, 0)
}

func editRunes(buf []rune, msg tea.KeyPressMsg) ([]rune, bool) {
	k := msg.Key()
	if k.Code == tea.KeyBackspace {
		if len(buf) > 0 {
			buf = buf[:len(buf)-1]
		}
		return buf, true
	}
	if k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(buf) < 500 {
		return append(buf, []rune(k.Text)...), true
	}
	return buf, false
}

// Paste implements common.Paster: pasted text goes into the filter line
// or the review note being written, on one line, cleaned by the model's
// sanitiser.
func (m *Model) Paste(text string) tea.Cmd {
	switch {
	case m.noteEdit && m.review != nil:
		m.noteText = append(m.noteText, common.PasteText(text, false, 500-len(m.noteText))...)
	case m.editing:
		add := common.PasteText(text, false, 500-len(m.filterText))
		if len(add) == 0 {
			return nil
		}
		m.filterText = append(m.filterText, add...)
		m.refilter()
	}
	return nil
}

// refilter applies the filter line as typed so far.
func (m *Model) refilter() {
	f, err := ParseFilter(string(m.filterText))
	if err != nil {
		m.filterErr = err.Error()
		return
	}
	m.filterErr = ""
	m.filter = f
	m.cursor, m.offset = 0, 0
	m.apply()
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	if m.editing {
		switch msg.Key().Code {
		case tea.KeyEnter, tea.KeyEscape:
			m.editing = false
			if msg.Key().Code == tea.KeyEscape {
				m.filterText = nil
			}
		default:
			m.filterText, _ = editRunes(m.filterText, msg)
		}
		m.refilter()
		return nil
	}
	if m.review != nil {
		return m.reviewKey(msg)
	}
	switch {
	case key.Matches(msg, km.Nav.Up):
		m.cursor--
	case key.Matches(msg, km.Nav.Down):
		m.cursor++
	case key.Matches(msg, km.Nav.PageUp):
		m.cursor -= m.listHeight()
	case key.Matches(msg, km.Nav.PageDown):
		m.cursor += m.listHeight()
	case key.Matches(msg, km.Nav.Top):
		m.cursor = 0
	case key.Matches(msg, km.Nav.Bottom):
		m.cursor = len(m.shown) - 1
	case key.Matches(msg, km.Record.Filter):
		m.editing = true
	case key.Matches(msg, km.Record.ClearFilter), key.Matches(msg, km.Global.Back):
		m.filterText, m.filter, m.filterErr = nil, Filter{}, ""
		m.apply()
	case key.Matches(msg, km.Record.Verify):
		m.verified = false
		return m.verify()
	case key.Matches(msg, km.Record.Review):
		m.startReview()
	case key.Matches(msg, km.Nav.Enter):
		if m.cursor < len(m.shown) {
			ev := m.events[m.shown[m.cursor]]
			if ev.Ref != "" {
				id := ev.Ref
				return func() tea.Msg { return common.OpenRecordMsg{ID: id} }
			}
		}
	}
	m.clamp()
	return nil
}

// Sample draws up to [SampleSize] reads from evs in [from, to) for a log
// review, the most sensitive first: reveals of a case's particulars
// (Avmaskering), then the other reads of case data (views of cases, of
// the case list and its filters, of individual-tier measures, agendas
// and reports, see [model.AuditEvent.ReadsCaseData]), then the other
// views of one record. Within each group the draw is random (r).
func Sample(evs []model.AuditEvent, from, to time.Time, r *rand.Rand) []model.AuditEvent {
	var groups [3][]model.AuditEvent
	for _, ev := range evs {
		if ev.Time.Before(from) || !ev.Time.Before(to) {
			continue
		}
		switch {
		case ev.Action == model.ActionReveal:
			groups[0] = append(groups[0], ev)
		case ev.ReadsCaseData():
			groups[1] = append(groups[1], ev)
		case ev.Action == model.ActionView && ev.Ref != "":
			groups[2] = append(groups[2], ev)
		}
	}
	var out []model.AuditEvent
	for _, g := range groups {
		r.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		out = append(out, g[:min(len(g), SampleSize-len(out))]...)
	}
	return out
}

// startReview draws a random sample of read events (see [Sample]) from the
// period of the filter (or the last 30 days when no period is set).
func (m *Model) startReview() {
	now := m.com.Now()
	from, to := m.filter.From, m.filter.To
	if from.IsZero() {
		from = now.AddDate(0, 0, -m.reviewDays)
	}
	if to.IsZero() {
		to = now.Add(time.Second)
	}
	r := m.Rand
	if r == nil {
		r = rand.New(rand.NewPCG(uint64(now.UnixNano()), rand.Uint64()))
	}
	reads := Sample(m.events, from, to, r)
	m.review = &Review{From: from, To: to, Sample: reads, Marks: make([]Mark, len(reads)), Notes: make([]string, len(reads))}
	m.cursor, m.offset = 0, 0
}

func (m *Model) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	r := m.review
	if m.noteEdit {
		switch msg.Key().Code {
		case tea.KeyEnter:
			r.Notes[m.cursor] = strings.TrimSpace(string(m.noteText))
			m.noteEdit = false
		case tea.KeyEscape:
			m.noteEdit = false
		default:
			m.noteText, _ = editRunes(m.noteText, msg)
		}
		return nil
	}
	switch {
	case key.Matches(msg, km.Global.Back):
		m.review = nil
		m.cursor = 0
	case key.Matches(msg, km.Nav.Up):
		m.cursor--
	case key.Matches(msg, km.Nav.Down):
		m.cursor++
	case key.Matches(msg, km.Record.Justified) && len(r.Sample) > 0:
		r.Marks[m.cursor] = Justified
		m.cursor++
	case key.Matches(msg, km.Record.Unjustified) && len(r.Sample) > 0:
		r.Marks[m.cursor] = Unjustified
		m.cursor++
	case key.Matches(msg, km.Record.Note) && len(r.Sample) > 0:
		m.noteEdit = true
		m.noteText = []rune(r.Notes[m.cursor])
	case key.Matches(msg, km.Form.Save):
		for _, mk := range r.Marks {
			if mk == Unmarked {
				return common.ErrorCmd(fmt.Errorf("%s", m.com.T(model.UIReviewUnmarked)))
			}
		}
		return m.saveReview()
	}
	m.clamp()
	return nil
}

// saveReview records the review: its notes sealed as a setting, and a
// review event whose detail holds counts only (no notes, no names).
func (m *Model) saveReview() tea.Cmd {
	st := m.com.Store
	r := *m.review
	now := m.com.Now()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var ok, bad int
		var notes strings.Builder
		for i, ev := range r.Sample {
			verdict := "justified"
			if r.Marks[i] == Unjustified {
				verdict = "unjustified"
				bad++
			} else {
				ok++
			}
			fmt.Fprintf(&notes, "%d\t%s\t%s\t%s\n", ev.Seq, ev.Ref, verdict, strings.ReplaceAll(r.Notes[i], "\n", " "))
		}
		key := "log_review/" + now.UTC().Format(time.RFC3339)
		if err := st.PutSetting(ctx, key, []byte(notes.String())); err != nil {
			return reviewSavedMsg{err: err}
		}
		detail := fmt.Sprintf("period=%s..%s sample=%d justified=%d unjustified=%d",
			r.From.Format(time.DateOnly), r.To.Format(time.DateOnly), len(r.Sample), ok, bad)
		if err := st.Log(ctx, model.AuditEvent{Action: model.ActionReview, Detail: detail}); err != nil {
			return reviewSavedMsg{err: err}
		}
		if err := st.PutSetting(ctx, common.SettingLastReview, []byte(now.UTC().Format(time.RFC3339))); err != nil {
			return reviewSavedMsg{err: err}
		}
		return reviewSavedMsg{at: now}
	}
}

// View implements common.Screen.
func (m *Model) View() string {
	s := m.com.Styles
	var b strings.Builder
	// Line 1: verification state and last review.
	var state string
	switch {
	case !m.ld.Loaded() && !m.verified:
		state = s.Muted.Render("… " + m.com.T(model.UIAuditVerifying))
	case m.stateErr != "":
		state = s.Error.Render("✗ " + m.com.T(model.UIAuditVerifyFailed, m.stateErr))
	case m.state.Intact:
		state = s.OK.Render("✓ " + m.com.T(model.UIAuditIntact, m.state.Size))
	case !m.verified:
		state = s.Muted.Render("… " + m.com.T(model.UIAuditVerifying))
	default:
		state = s.Error.Render("✗ " + m.com.T(model.UIAuditBroken, m.state.BrokenAt, model.SanitizeLine(m.state.Reason)))
	}
	b.WriteString(state + "\n")
	now := m.com.Now()
	if m.lastReview.IsZero() {
		b.WriteString(s.Warning.Render("! " + m.com.T(model.UIReviewNever)))
	} else if now.Sub(m.lastReview) > ReviewInterval {
		b.WriteString(s.Warning.Render("! " + m.com.T(model.UIReviewOverdue, m.lastReview.Local().Format(time.DateOnly))))
	} else {
		b.WriteString(s.Muted.Render(m.com.T(model.UIReviewLast, m.lastReview.Local().Format(time.DateOnly))))
	}
	b.WriteString("\n")
	if m.review != nil {
		b.WriteString(m.reviewView())
		return b.String()
	}
	// Line 3: filter.
	ft := model.SanitizeLine(string(m.filterText))
	if m.editing {
		ft += "▏"
	}
	line := s.Label.Render(m.com.T(model.UIFilter)+": ") + ft
	if m.filterErr != "" {
		line += "  " + s.Error.Render("✗ "+m.filterErr)
	} else if !m.editing && ft == "" {
		line += s.Muted.Render(m.com.T(model.UIAuditFilterHint))
	}
	b.WriteString(ansi.Truncate(line, m.w, "…") + "\n")
	// Line 4: header.
	b.WriteString(s.Header.Render(m.row(m.com.T(model.UIColSeq), m.com.T(model.UIColTime), m.com.T(model.UIColActor), m.com.T(model.UIColAction), m.com.T(model.UIColRecord))) + "\n")
	if !m.ld.Loaded() {
		b.WriteString(s.Muted.Render(m.com.T(model.UILoading)))
		return b.String()
	}
	if len(m.shown) == 0 {
		b.WriteString(s.Muted.Render(m.com.T(model.UINoMatches)))
		return b.String()
	}
	h := m.listHeight()
	for i := m.offset; i < min(m.offset+h, len(m.shown)); i++ {
		ev := &m.events[m.shown[i]]
		r := m.row(fmt.Sprint(ev.Seq), ev.Time.Local().Format("2006-01-02 15:04"), model.SanitizeLine(ev.Actor.User), m.actionLabel(ev.Action), recordText(ev))
		if i == m.cursor {
			r = s.Selected.Render("▶" + r[1:])
		}
		b.WriteString(r)
		if i < min(m.offset+h, len(m.shown))-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

func (m *Model) actionLabel(a model.AuditAction) string {
	if a.Valid() {
		return a.Label(m.com.Lang)
	}
	return model.SanitizeLine(string(a))
}

// recordText describes the record an event is about: its kind and ID,
// the detail and the fields changed, the parts there are separated by
// one space (an event without a record has none before its detail).
func recordText(ev *model.AuditEvent) string {
	var parts []string
	for _, p := range []string{string(ev.Kind), string(ev.Ref), ev.Detail} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(ev.Fields) > 0 {
		parts = append(parts, "["+strings.Join(ev.Fields, ",")+"]")
	}
	return model.SanitizeLine(strings.Join(parts, " "))
}

// reviewRecord is the record column of a sampled read: the record's
// kind and ID, or on a narrow screen its ID only, the end kept if it is
// cut.
func reviewRecord(ev *model.AuditEvent, narrow bool, w int) string {
	if !narrow {
		return recordText(ev)
	}
	id := model.SanitizeLine(string(ev.Ref))
	if n := ansi.StringWidth(id); n > w {
		id = "…" + ansi.TruncateLeft(id, n-w+1, "")
	}
	return id
}

// reviewRead is the record column of a sampled read, led by the action
// when it is not a plain view (a reveal: "Avmaskering"), and naming the
// view (its detail) when it has no record.
func reviewRead(ev *model.AuditEvent, narrow bool, w int, l model.Lang) string {
	lead := ""
	if ev.Action != model.ActionView {
		lead = ev.Action.Label(l) + " "
	}
	if ev.Ref == "" {
		return lead + model.SanitizeLine(strings.TrimSpace(string(ev.Kind)+" "+ev.Detail))
	}
	return lead + reviewRecord(ev, narrow, max(w-ansi.StringWidth(lead), 1))
}

// cell cuts or pads s to exactly w terminal cells (display width, not
// bytes or runes: å, wide characters and the ellipsis count right).
func cell(s string, w int) string {
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// row lays out one line of the table to the screen width.
func (m *Model) row(seq, t, actor, action, rec string) string {
	actorW := 12
	if m.w >= 120 {
		actorW = 18
	}
	line := " " + cell(seq, 6) + " " + cell(t, 16) + " " + cell(actor, actorW) + " " + cell(action, 14) + " "
	rest := max(m.w-ansi.StringWidth(line), 0)
	return line + cell(rec, rest)
}

func (m *Model) reviewView() string {
	s := m.com.Styles
	r := m.review
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.UIReviewTitle, r.From.Local().Format(time.DateOnly), r.To.Local().Format(time.DateOnly), len(r.Sample))) + "\n")
	if len(r.Sample) == 0 {
		b.WriteString(s.Muted.Render(m.com.T(model.UIReviewEmpty)))
		return b.String()
	}
	// Columns: seq, time, actor, record, mark, note; the record column
	// takes what the mark and a short note leave of the width.
	markW := 4
	for _, t := range []model.Msg{model.UIReviewUnmarkedShort, model.UIReviewJustified, model.UIReviewUnjustified} {
		markW = max(markW, 4+ansi.StringWidth(m.com.T(t)))
	}
	// On a narrow screen the record is its ID only, cut from the left
	// if need be (a ULID's end is what tells records apart), and the note
	// comes after what fits.
	narrow := m.w < 100
	noteMin := 12
	if narrow {
		noteMin = 0
	}
	recW := min(max(m.w-(1+6+1+16+1+12+1)-markW-1-noteMin, 12), 40)
	h := m.listHeight()
	for i := m.offset; i < min(m.offset+h, len(r.Sample)); i++ {
		ev := &r.Sample[i]
		mark := "[ ] " + m.com.T(model.UIReviewUnmarkedShort)
		switch r.Marks[i] {
		case Justified:
			mark = "[✓] " + m.com.T(model.UIReviewJustified)
		case Unjustified:
			mark = "[✗] " + m.com.T(model.UIReviewUnjustified)
		}
		note := model.SanitizeLine(r.Notes[i])
		if i == m.cursor && m.noteEdit {
			note = model.SanitizeLine(string(m.noteText)) + "▏"
		}
		line := " " + cell(fmt.Sprint(ev.Seq), 6) + " " + cell(ev.Time.Local().Format("2006-01-02 15:04"), 16) + " " +
			cell(model.SanitizeLine(ev.Actor.User), 12) + " " + cell(reviewRead(ev, narrow, recW, m.com.Lang), recW) + " " + cell(mark, markW) + " " + note
		line = ansi.Truncate(line, m.w, "…")
		if i == m.cursor {
			line = s.Selected.Render("▶" + line[1:])
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	km := m.com.KeyMap
	if m.review != nil {
		return []key.Binding{km.Record.Justified, km.Record.Unjustified, km.Record.Note, km.Form.Save, km.Global.Back}
	}
	return []key.Binding{km.Nav.Enter, km.Record.Filter, km.Record.Verify, km.Record.Review}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.com.KeyMap
	return [][]key.Binding{
		{km.Nav.Up, km.Nav.Down, km.Nav.PageUp, km.Nav.PageDown, km.Nav.Top, km.Nav.Bottom},
		{km.Nav.Enter, km.Record.Filter, km.Record.ClearFilter, km.Record.Verify},
		{km.Record.Review, km.Record.Justified, km.Record.Unjustified, km.Record.Note, km.Form.Save},
	}
}
