// Package cases is the Ärenden screen: the restricted list of cases
// (about an area, a situation, a group or an individual, the last only
// by pseudonym), each moving through CVE's steps; a detail whose
// particulars stay masked until the user reveals them (a key and a
// confirmation, logged as a reveal event); forms for cases and dated
// structured assessments with per-field messages from [model.Validate];
// and retention (gallring, R4): the records past their purge date listed
// first, then purged on confirmation, with the vault's rules editable.
//
// The list cannot be filtered or searched by milieu (R2): filtering goes
// through [model.FilterCases], which has no such criterion. The list
// (each time the tab is opened, and each filter applied), a case's detail
// and a restored edit are logged as views before they show (R5, see
// [common.ViewLog]); a filter's text never is.
package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

// Mode is what the screen shows.
type Mode int

// The modes of the screen.
const (
	ModeList Mode = iota
	ModeDetail
	ModeForm
	ModeAssess
	ModeConfirm
	ModePurge
	ModeRules
)

const opTimeout = time.Minute

type loadedMsg struct {
	cases    []*model.Case
	measures []*model.Measure
	rules    model.RetentionRules
	err      error
}

type viewedMsg struct {
	c   *model.Case
	err error
}

type revealedMsg struct {
	id  model.ID
	err error
}

type savedMsg struct {
	c      *model.Case
	status string
	err    error
}

type purgeListMsg struct {
	list  []model.Purge
	rules model.RetentionRules
	err   error
}

type purgedMsg struct {
	n   int
	err error
}

type rulesSavedMsg struct{ err error }

type confirmation struct {
	prompt string
	yes    func() tea.Cmd
	back   Mode
}

// Model is the cases screen.
type Model struct {
	com      *common.Common
	keys     *Keys
	keysLang model.Lang

	mode, back Mode

	// ld is the load bookkeeping; a draft waits in it for the cases (an
	// edit needs the stored case).
	ld             common.Load
	cases          []*model.Case
	measures       []*model.Measure
	rows           []*model.Case
	filter         model.CaseFilter
	filterText     []rune
	filterErr      string
	typing         bool
	cursor, offset int
	// filterGen counts the filters applied (enter on a filter line):
	// each is a view of its own in the audit log (R5).
	filterGen int
	// vlog gates the list and the detail on their view events (R5).
	vlog common.ViewLog
	// draftOf is the stored case whose edit was restored from a draft:
	// the form shows its particulars, a view of its own.
	draftOf model.ID

	detail   *model.Case
	revealed bool
	// detailOffset scrolls the detail's lines below its head.
	detailOffset int

	form    *common.Form
	editing *model.Case
	confirm *confirmation
	// nameWarned is the pseudonym the form last warned looks like a real
	// name: saving it again unchanged is the user's confirmation.
	nameWarned string

	purges      []model.Purge
	rules       model.RetentionRules
	purgeCursor int
	purgeOffset int

	w, h int
}

// New returns the screen.
func New(com *common.Common) *Model {
	return &Model{com: com, rules: model.DefaultRetentionRules()}
}

func (m *Model) k() *Keys {
	if m.keys == nil || m.keysLang != m.com.Lang {
		m.keys, m.keysLang = NewKeys(m.com.Lang), m.com.Lang
	}
	return m.keys
}

// Mode reports what the screen shows.
func (m *Model) Mode() Mode { return m.mode }

// Revealed reports whether the open case's details are shown.
func (m *Model) Revealed() bool { return m.revealed }

// Rows returns the cases of the list, filtered.
func (m *Model) Rows() []*model.Case { return m.rows }

// Purges returns the records listed for purging.
func (m *Model) Purges() []model.Purge { return m.purges }

// Form returns the open form, or nil.
func (m *Model) Form() *common.Form { return m.form }

// SetData replaces the screen's records (tests and benchmarks). The list
// counts as viewed without a view event: tests of the logging drive the
// screen through Init and the store.
func (m *Model) SetData(cs []*model.Case, ms []*model.Measure) {
	m.cases, m.measures = cs, ms
	m.ld.MarkLoaded()
	m.applyFilter()
	m.vlog.MarkShown(m.viewKey())
}

// Init implements common.Screen. The screen is in front: its list is a
// view to log.
func (m *Model) Init() tea.Cmd {
	m.vlog.Arm()
	return m.load()
}

// screenName names the screen in its view-log results.
const screenName = "cases"

// Detail values of the screen's view events: the list, and the list
// after a filter was applied. A filter's text is never logged: a typed
// pseudonym must not land in the log.
const (
	DetailList     = model.ViewCaseList
	DetailFiltered = model.ViewCaseListFiltered
)

// viewKey names the view the screen shows of case data, "" for none: the
// list (one per filter applied), a case's detail, or the form of a
// stored case restored from a draft (a form opened here follows a
// logged reveal).
func (m *Model) viewKey() string {
	if !m.ld.Loaded() {
		return ""
	}
	mode := m.mode
	if mode == ModeConfirm && m.confirm != nil {
		mode = m.confirm.back
	}
	switch mode {
	case ModeList:
		if m.filterGen > 0 {
			return "list/" + strconv.Itoa(m.filterGen)
		}
		return "list"
	case ModeDetail:
		if m.detail != nil {
			return "case/" + string(m.detail.ID)
		}
	case ModeForm:
		if m.draftOf != "" && m.editing != nil && m.editing.ID == m.draftOf {
			return "draft/" + string(m.draftOf)
		}
	}
	return ""
}

// viewEvent is the audit event of the view key names.
func (m *Model) viewEvent(key string) model.AuditEvent {
	ev := model.AuditEvent{Action: model.ActionView, Kind: model.KindCase, Detail: DetailList}
	switch {
	case strings.HasPrefix(key, "case/"):
		ev.Ref, ev.Detail = m.detail.ID, ""
	case strings.HasPrefix(key, "draft/"):
		ev.Ref, ev.Detail = m.draftOf, model.ViewCaseDraft
	case key != "list":
		ev.Detail = DetailFiltered
	}
	return ev
}

// logView logs the view the screen shows if it is not logged yet.
func (m *Model) logView() tea.Cmd {
	k := m.viewKey()
	if k == "" {
		return nil
	}
	return m.vlog.Need(m.com.Store, screenName, k, m.viewEvent(k))
}

// Update implements common.Screen. What the screen shows of case data is
// logged as a view once per view (see [common.ViewLog]).
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	_, cmd := m.update(msg)
	if lc := m.logView(); lc != nil {
		return m, tea.Batch(cmd, lc)
	}
	return m, cmd
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.clamp()
}

// Capturing implements common.Capturer.
func (m *Model) Capturing() bool {
	switch m.mode {
	case ModeForm, ModeAssess, ModeConfirm, ModeRules:
		return true
	}
	return m.typing
}

// Dirty implements common.Drafter.
func (m *Model) Dirty() bool { return m.mode == ModeForm && m.form != nil && m.form.Dirty }

// Draft implements common.Drafter.
func (m *Model) Draft() (common.Draft, bool) {
	if !m.Dirty() {
		return common.Draft{}, false
	}
	return common.Draft{Screen: "cases", Kind: model.KindCase, ID: m.editing.ID, Fields: m.form.Values()}, true
}

func (m *Model) load() tea.Cmd {
	st := m.com.Store
	if st == nil || !m.ld.Start() {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		var msg loadedMsg
		msg.err = st.Scan(ctx, model.KindCase, func(r model.Record) error {
			if c, ok := r.(*model.Case); ok {
				msg.cases = append(msg.cases, c)
			}
			return nil
		})
		if msg.err != nil {
			return msg
		}
		msg.err = st.Scan(ctx, model.KindMeasure, func(r model.Record) error {
			if x, ok := r.(*model.Measure); ok && x.Case != "" {
				msg.measures = append(msg.measures, x)
			}
			return nil
		})
		if msg.err != nil {
			return msg
		}
		msg.rules, msg.err = LoadRules(ctx, st)
		return msg
	}
}

// ParseFilter reads a filter line: status:, subject:, priority:,
// handler: with codes, the word open, and free text matched against
// titles, pseudonyms and areas. A milieu term is refused: cases cannot
// be filtered or searched by milieu (R2).
func ParseFilter(s string, l model.Lang) (model.CaseFilter, error) {
	var f model.CaseFilter
	var text []string
	for _, t := range strings.Fields(s) {
		k, v, ok := strings.Cut(t, ":")
		lk := strings.ToLower(k)
		if lk == "milieu" || lk == "miljö" || lk == "milieus" || lk == "concern" {
			return model.CaseFilter{}, errors.New(l.T(model.CasesNoMilieu))
		}
		if !ok || v == "" {
			if strings.EqualFold(t, "open") || strings.EqualFold(t, "öppna") {
				f.OpenOnly = true
				continue
			}
			text = append(text, t)
			continue
		}
		bad := func() error { return errors.New(l.T(model.CasesBadCode, k, model.SanitizeLine(v))) }
		switch lk {
		case "status", "step", "steg":
			c := model.CaseStatus(v)
			if !c.Valid() {
				return model.CaseFilter{}, bad()
			}
			f.Statuses = append(f.Statuses, c)
		case "subject", "gäller":
			c := model.SubjectKind(v)
			if !c.Valid() {
				return model.CaseFilter{}, bad()
			}
			f.Subjects = append(f.Subjects, c)
		case "priority", "prio":
			c := model.Priority(v)
			if !c.Valid() {
				return model.CaseFilter{}, bad()
			}
			f.Priorities = append(f.Priorities, c)
		case "handler":
			c := model.Org(v)
			if !c.Valid() {
				return model.CaseFilter{}, bad()
			}
			f.Handlers = append(f.Handlers, c)
		default:
			return model.CaseFilter{}, errors.New(l.T(model.CasesUnknownTerm, model.SanitizeLine(k)))
		}
	}
	f.Text = strings.Join(text, " ")
	return f, nil
}

func (m *Model) applyFilter() {
	m.rows = model.FilterCases(m.cases, m.filter)
	slices.SortStableFunc(m.rows, func(a, b *model.Case) int {
		// Open before closed, then the most urgent, then the newest.
		if ac, bc := a.Status == model.CaseClosed, b.Status == model.CaseClosed; ac != bc {
			if ac {
				return 1
			}
			return -1
		}
		if d := b.Priority.Rank() - a.Priority.Rank(); d != 0 {
			return d
		}
		return b.Opened.Compare(a.Opened)
	})
	m.clamp()
}

func (m *Model) listHeight() int { return max(m.h-3, 1) }

func (m *Model) clamp() {
	m.cursor = min(max(m.cursor, 0), max(len(m.rows)-1, 0))
	h := m.listHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(m.offset, 0)
	m.purgeCursor = min(max(m.purgeCursor, 0), max(len(m.purges)-1, 0))
	ph := max(m.h-4, 1)
	if m.purgeCursor < m.purgeOffset {
		m.purgeOffset = m.purgeCursor
	}
	if m.purgeCursor >= m.purgeOffset+ph {
		m.purgeOffset = m.purgeCursor - ph + 1
	}
}

func (m *Model) selected() *model.Case {
	if m.cursor < len(m.rows) {
		return m.rows[m.cursor]
	}
	return nil
}

// mask drops the revealed state: the detail is masked again.
func (m *Model) mask() { m.revealed = false }

// restoreDraft opens the form of draft d: on the stored case it edits, or
// on a new one.
func (m *Model) restoreDraft(d common.Draft) {
	c := &model.Case{}
	for _, x := range m.cases {
		if x.ID == d.ID && x.ID != "" {
			cp := *x
			c = &cp
		}
	}
	m.openForm(c)
	m.form.SetValues(d.Fields)
	m.form.Dirty = true
	m.draftOf = c.ID
}

// Paste implements common.Paster (see common.PasteTo).
func (m *Model) Paste(text string) tea.Cmd {
	var f *common.Form
	if !m.typing && (m.mode == ModeForm || m.mode == ModeAssess || m.mode == ModeRules) {
		f = m.form
	}
	return common.PasteTo(f, m, text)
}

func (m *Model) update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ViewLoggedMsg:
		_, cmd := m.vlog.Done(screenName, msg, m.com.Lang)
		return m, cmd
	case common.ReloadMsg:
		m.ld.Restart()
		return m, m.load()
	case common.StaleMsg:
		m.ld.Stale()
		return m, nil
	case common.ActivateMsg:
		m.mask()
		m.vlog.Arm()
		if !m.ld.Loaded() {
			return m, m.load()
		}
		return m, nil
	case common.LockMsg:
		m.cases, m.measures, m.rows, m.detail, m.purges = nil, nil, nil, nil, nil
		m.ld.Reset()
		m.form, m.editing, m.confirm = nil, nil, nil
		m.mask()
		m.vlog.Disarm()
		m.mode = ModeList
		return m, nil
	case common.SavedMsg:
		if msg.Record != nil && msg.Record.Kind() == model.KindMeasure && m.ld.Loaded() {
			m.ld.Restart()
			return m, m.load()
		}
		return m, nil
	case loadedMsg:
		if !m.ld.Finish() {
			return m, m.load()
		}
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.cases, m.measures, m.rules = msg.cases, msg.measures, msg.rules
		m.ld.MarkLoaded()
		m.applyFilter()
		if d, ok := m.ld.TakeDraft(); ok {
			m.restoreDraft(d)
		}
		return m, nil
	case common.OpenRecordMsg:
		return m, m.view(msg.ID)
	case common.RestoreDraftMsg:
		if msg.Draft.Kind != model.KindCase {
			return m, nil
		}
		if !m.ld.Loaded() {
			// An edit needs the stored case: wait for the load.
			m.ld.KeepDraft(msg.Draft)
			return m, nil
		}
		m.restoreDraft(msg.Draft)
		return m, nil
	case viewedMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.detail = msg.c
		m.mask()
		m.detailOffset = 0
		m.mode = ModeDetail
		// Store.View logged this view with the case's reference.
		m.vlog.MarkShown(m.viewKey())
		return m, nil
	case revealedMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		if m.detail != nil && m.detail.ID == msg.id {
			m.revealed = true
		}
		return m, nil
	case savedMsg:
		if m.form != nil {
			m.form.Saving = false
		}
		if msg.err != nil {
			return m, common.ErrorCmd(m.explain(msg.err))
		}
		m.putCase(msg.c)
		m.applyFilter()
		newCase := m.editing != nil && m.editing.ID == "" || m.mode == ModeForm && m.detail == nil
		m.detail = msg.c
		m.form, m.editing = nil, nil
		m.mode = ModeDetail
		if newCase {
			// The author of a new case has seen it all already.
			m.revealed = true
		}
		// The save's own audit event records this detail: the author
		// has just written what it shows.
		m.vlog.MarkShown(m.viewKey())
		rec, text := msg.c, msg.status
		return m, tea.Batch(
			func() tea.Msg { return common.SavedMsg{At: m.com.Now(), Record: rec} },
			func() tea.Msg {
				if text == "" {
					return nil
				}
				return common.StatusMsg{Text: text}
			})
	case purgeListMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.purges, m.rules = msg.list, msg.rules
		m.purgeCursor, m.purgeOffset = 0, 0
		m.clamp()
		return m, nil
	case purgedMsg:
		var cmds []tea.Cmd
		if msg.err != nil {
			cmds = append(cmds, common.ErrorCmd(msg.err))
		} else {
			n := msg.n
			cmds = append(cmds, func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.PurgeDone, n)} })
		}
		m.ld.Restart()
		// Tell the other screens that records went.
		cmds = append(cmds, m.load(), m.purgeListCmd(), func() tea.Msg { return common.SavedMsg{At: m.com.Now(), Deleted: true} })
		return m, tea.Batch(cmds...)
	case rulesSavedMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.form = nil
		m.mode = ModePurge
		return m, tea.Batch(m.purgeListCmd(), func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.RulesSaved)} })
	case common.SearchMsg:
		if m.mode == ModeList {
			m.typing = true
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) putCase(c *model.Case) {
	for i, x := range m.cases {
		if x.ID == c.ID {
			m.cases[i] = c
			return
		}
	}
	m.cases = append(m.cases, c)
}

func (m *Model) explain(err error) error {
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var parts []string
	for _, p := range ve.Problems {
		parts = append(parts, p.Field+": "+p.Text(m.com.Lang))
	}
	return errors.New(strings.Join(parts, "; "))
}

// view opens a case through the store's audited View.
func (m *Model) view(id model.ID) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		r, err := st.View(ctx, id)
		if err != nil {
			return viewedMsg{err: err}
		}
		c, ok := r.(*model.Case)
		if !ok {
			return viewedMsg{err: fmt.Errorf("tui: record %s is a %s, not a case", id, r.Kind())}
		}
		return viewedMsg{c: c}
	}
}

// revealCmd logs the reveal; the details show only once it is logged.
func (m *Model) revealCmd(id model.ID) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		err := st.Log(ctx, model.AuditEvent{Action: model.ActionReveal, Kind: model.KindCase, Ref: id})
		return revealedMsg{id: id, err: err}
	}
}

func (m *Model) save(c *model.Case, status string) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		r, err := st.Put(ctx, c)
		if err != nil {
			return savedMsg{err: err}
		}
		out, _ := r.(*model.Case)
		if out == nil {
			out = c
		}
		return savedMsg{c: out, status: status}
	}
}

func (m *Model) purgeListCmd() tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	today := model.DateOf(m.com.Now())
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		list, rules, err := DuePurges(ctx, st, today)
		return purgeListMsg{list: list, rules: rules, err: err}
	}
}

func (m *Model) purgeCmd(list []model.Purge) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	list = slices.Clone(list)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		n, err := RunPurges(ctx, st, list)
		return purgedMsg{n: n, err: err}
	}
}

func (m *Model) ask(prompt string, yes func() tea.Cmd) {
	m.confirm = &confirmation{prompt: prompt, yes: yes, back: m.mode}
	m.mode = ModeConfirm
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.typing {
		return m.filterKey(msg)
	}
	switch m.mode {
	case ModeList:
		return m.listKey(msg)
	case ModeDetail:
		return m.detailKey(msg)
	case ModeForm:
		return m.formKey(msg)
	case ModeAssess:
		return m.assessKey(msg)
	case ModeConfirm:
		c := m.confirm
		m.confirm = nil
		if c == nil {
			m.mode = ModeList
			return nil
		}
		m.mode = c.back
		if key.Matches(msg, m.k().Confirm) {
			return c.yes()
		}
		return nil
	case ModePurge:
		return m.purgeKey(msg)
	case ModeRules:
		return m.rulesKey(msg)
	}
	return nil
}

func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	var ed common.LineEdit
	m.filterText, ed = common.EditLine(msg, m.filterText, 200)
	switch ed {
	case common.LineIgnored:
		return nil
	case common.LineDone:
		// A filter with an error keeps the line: the keys typed next
		// correct it, and never act as commands on the list.
		if m.filterErr != "" {
			return nil
		}
		m.typing = false
		// Applying a filter is a view of its own (R5), logged once here
		// and not per key; the list shows again once it is logged.
		if strings.TrimSpace(string(m.filterText)) != "" {
			m.filterGen++
		}
		return nil
	case common.LineCleared:
		m.typing = false
	}
	f, err := ParseFilter(string(m.filterText), m.com.Lang)
	if err != nil {
		m.filterErr = err.Error()
		return nil
	}
	m.filterErr = ""
	m.filter = f
	m.cursor, m.offset = 0, 0
	m.applyFilter()
	return nil
}

func (m *Model) listKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
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
		m.cursor = len(m.rows) - 1
	case key.Matches(msg, km.Record.Filter):
		m.typing = true
	case key.Matches(msg, km.Record.ClearFilter):
		m.filter, m.filterText, m.filterErr = model.CaseFilter{}, nil, ""
		m.applyFilter()
	case key.Matches(msg, km.Record.New):
		c := &model.Case{Subject: model.SubjectIndividual, Intake: model.IntakeSchool, Priority: model.PriorityNormal,
			Status: model.CaseConcernReceived, Opened: model.DateOf(m.com.Now()), Handler: model.OrgSocialServices,
			Concern: model.ConcernStatement{Level: model.ConcernModerate}}
		c.TLP = model.TLPRed
		m.openForm(c)
	case key.Matches(msg, km.Nav.Enter):
		if c := m.selected(); c != nil {
			return m.view(c.ID)
		}
	case key.Matches(msg, k.Purge):
		m.mode = ModePurge
		return m.purgeListCmd()
	}
	m.clamp()
	return nil
}

func (m *Model) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	c := m.detail
	if c == nil {
		m.mode = ModeList
		return nil
	}
	page := max(m.detailRoom()-1, 1)
	switch {
	case key.Matches(msg, km.Global.Back):
		m.mask()
		m.detail = nil
		m.mode = ModeList
	case m.scroll(msg, page):
	case key.Matches(msg, k.Reveal) && !m.revealed:
		id := c.ID
		m.ask(m.com.T(model.CasesConfirmReveal), func() tea.Cmd { return m.revealCmd(id) })
	case key.Matches(msg, km.Record.Edit):
		if !m.revealed {
			// Editing shows everything: reveal (and log) first.
			id := c.ID
			m.ask(m.com.T(model.CasesConfirmReveal), func() tea.Cmd { return m.revealCmd(id) })
			return nil
		}
		cp := *c
		m.openForm(&cp)
	case key.Matches(msg, k.Assess):
		if !m.revealed {
			id := c.ID
			m.ask(m.com.T(model.CasesConfirmReveal), func() tea.Cmd { return m.revealCmd(id) })
			return nil
		}
		m.openAssess(c)
	case key.Matches(msg, k.NextStep):
		return m.step(c, +1)
	case key.Matches(msg, k.PrevStep):
		return m.step(c, -1)
	}
	return nil
}

// StepOf returns the position (1-based) of a case status among CVE's
// steps and the number of steps.
func StepOf(s model.CaseStatus) (int, int) {
	all := model.AllCaseStatuses()
	return slices.Index(all, s) + 1, len(all)
}

// step moves the case one step on or back. Closing needs a reason and a
// date, so it opens the form; reopening a closed case asks first.
func (m *Model) step(c *model.Case, dir int) tea.Cmd {
	all := model.AllCaseStatuses()
	i := slices.Index(all, c.Status) + dir
	if i < 0 || i >= len(all) {
		return nil
	}
	cp := *c
	cp.Status = all[i]
	l := m.com.Lang
	if cp.Status == model.CaseClosed {
		if !m.revealed {
			// The form shows everything: reveal (and log) first.
			id := c.ID
			m.ask(m.com.T(model.CasesConfirmReveal), func() tea.Cmd { return m.revealCmd(id) })
			return nil
		}
		cp.Closed = model.DateOf(m.com.Now())
		m.openForm(&cp)
		m.form.FocusOn("closing_reason")
		m.form.Dirty = true
		return func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.CasesCloseViaForm)} }
	}
	status := m.com.T(model.CasesStepMoved, cp.Status.Label(l))
	if c.Status == model.CaseClosed {
		cp.ClosingReason, cp.Closed = "", model.Date{}
		m.ask(m.com.T(model.CasesStepMoved, cp.Status.Label(l))+" (y/n)", func() tea.Cmd { return m.save(&cp, status) })
		return nil
	}
	return m.save(&cp, status)
}

func (m *Model) purgeKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	switch {
	case key.Matches(msg, km.Global.Back):
		m.mode = ModeList
	case key.Matches(msg, km.Nav.Up):
		m.purgeCursor--
	case key.Matches(msg, km.Nav.Down):
		m.purgeCursor++
	case key.Matches(msg, k.Rules):
		m.openRules()
	case key.Matches(msg, km.Nav.Enter):
		if len(m.purges) == 0 {
			return nil
		}
		list := m.purges
		m.ask(m.com.T(model.PurgeConfirm, len(list)), func() tea.Cmd { return m.purgeCmd(list) })
	}
	m.clamp()
	return nil
}

func (m *Model) openRules() {
	f := common.NewForm(model.RulesTitle,
		&common.Field{Name: "closed_case_years", Label: model.RulesClosedCase},
		&common.Field{Name: "individual_observation_years", Label: model.RulesIndObs},
		&common.Field{Name: "individual_measure_years", Label: model.RulesIndMeasure},
	)
	f.Set("closed_case_years", strconv.Itoa(m.rules.ClosedCaseYears))
	f.Set("individual_observation_years", strconv.Itoa(m.rules.IndividualObservationYears))
	f.Set("individual_measure_years", strconv.Itoa(m.rules.IndividualMeasureYears))
	m.form = f
	m.mode = ModeRules
}

func (m *Model) rulesKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.form.Key(msg, m.com.KeyMap) {
	case common.FormCancel:
		m.form = nil
		m.mode = ModePurge
	case common.FormSave:
		probs := map[string]string{}
		read := func(name string) int {
			n, err := strconv.Atoi(strings.TrimSpace(m.form.Get(name)))
			if err != nil || n < model.MinRetentionYears || n > model.MaxRetentionYears {
				probs[name] = m.com.T(model.RulesBadYears, model.MinRetentionYears, model.MaxRetentionYears)
			}
			return n
		}
		r := model.RetentionRules{
			ClosedCaseYears:            read("closed_case_years"),
			IndividualObservationYears: read("individual_observation_years"),
			IndividualMeasureYears:     read("individual_measure_years"),
		}
		if n := m.form.SetProblems(nil, m.com.Lang, probs); n > 0 {
			return common.ErrorCmd(errors.New(m.com.T(model.UIFormInvalid, n)))
		}
		st := m.com.Store
		if st == nil {
			return nil
		}
		m.form.Saving = true
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
			defer cancel()
			return rulesSavedMsg{err: st.PutSetting(ctx, model.SettingRetention, r.Encode())}
		}
	}
	return nil
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	km, k := m.com.KeyMap, m.k()
	switch m.mode {
	case ModeList:
		return []key.Binding{km.Nav.Enter, km.Record.Filter, km.Record.New, k.Purge}
	case ModeDetail:
		if !m.revealed {
			return []key.Binding{k.Reveal, k.NextStep, k.PrevStep, km.Global.Back}
		}
		return []key.Binding{km.Record.Edit, k.Assess, k.NextStep, k.PrevStep, km.Global.Back}
	case ModeForm, ModeAssess, ModeRules:
		return []key.Binding{km.Form.Next, km.Form.Cycle, km.Form.Save, km.Form.Cancel}
	case ModeConfirm:
		return []key.Binding{k.Confirm, km.Global.Back}
	case ModePurge:
		return []key.Binding{km.Nav.Enter, k.Rules, km.Global.Back}
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	km, k := m.com.KeyMap, m.k()
	return [][]key.Binding{
		{km.Nav.Up, km.Nav.Down, km.Nav.PageUp, km.Nav.PageDown, km.Nav.Top, km.Nav.Bottom},
		{km.Nav.Enter, km.Record.Filter, km.Record.ClearFilter, k.Reveal, k.NextStep, k.PrevStep},
		{km.Record.New, km.Record.Edit, k.Assess, k.Purge, k.Rules, k.Confirm, km.Form.Save, km.Form.Cancel},
	}
}

// scroll moves the detail for a navigation key; it reports whether msg
// was one.
func (m *Model) scroll(msg tea.KeyPressMsg, page int) bool {
	var ok bool
	m.detailOffset, ok = m.com.KeyMap.Scroll(msg, m.detailOffset, page, m.detailMax())
	return ok
}
