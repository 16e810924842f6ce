// Package meetings is the Samverkan screen: the collaboration group's
// members (M1, M2), its meetings — weekly picture meetings with the police
// (L2) and quarterly follow-ups (M6) — with a generated agenda, attendees,
// the group's recommendations kept apart from the decisions of deciding
// bodies (R6) and minutes; meeting mode (D1), a calm presentation for a
// projector stepped one agenda item at a time, where individual cases and
// anything marked TLP:RED appear only as counts; and the quarterly
// follow-up report (M6, M7).
//
// Every change goes through the store, which audits it; the screen does
// no I/O in Update or View. The screen never shows a case's pseudonym or
// title: cases are kept in memory only as the few fields their counts
// need. A meeting's agenda, the quarterly report and meeting mode are
// logged as views before they show (R5, see [common.ViewLog]).
package meetings

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

// Mode is what the screen shows (outside meeting mode).
type Mode int

// The modes of the screen.
const (
	ModeMeetings Mode = iota
	ModeMembers
	ModeReport
	ModeDetail
	ModeMeetingForm
	ModeMemberForm
	ModeItemForm
	ModeAttendees
	ModeConfirm
)

// opTimeout bounds one store call.
const opTimeout = time.Minute

type loadedMsg struct {
	members    []*model.Member
	meetings   []*model.Meeting
	obs        []*model.Observation
	measures   []*model.Measure
	cases      []*model.Case
	caseNames  []string
	pics       []*model.Picture
	lastWeekly time.Time
	// threshold is the vault's small-count threshold (R3); 0 means the
	// default.
	threshold int
	err       error
}

type savedMsg struct {
	rec    model.Record
	status string
	err    error
}

type deletedMsg struct {
	id  model.ID
	err error
}

// settingMsg reports that the last weekly meeting could not be recorded.
type settingMsg struct{ err error }

// itemKind is what the item form edits.
type itemKind int

const (
	itemDecision itemKind = iota
	itemRecommendation
)

// Model is the Samverkan screen.
type Model struct {
	com      *common.Common
	keys     *Keys
	keysLang model.Lang

	mode, back Mode
	section    Mode // ModeMeetings, ModeMembers or ModeReport

	// ld is the load bookkeeping; an item's draft waits in it for the
	// meetings.
	ld       common.Load
	members  []*model.Member
	meetings []*model.Meeting // newest first
	// obs is the store's shared set of observations: read-only.
	obs      []*model.Observation
	measures []*model.Measure
	cases    []*model.Case // only status, priority, dates and gender
	// caseNames are the cases' pseudonyms and titles, lower-cased, never
	// shown: meeting mode hides any text that contains one.
	caseNames  []string
	pics       []*model.Picture
	lastWeekly time.Time

	meetCursor, meetOffset int
	memCursor, memOffset   int

	// meetingID is the meeting shown in the detail and in meeting mode.
	meetingID model.ID
	// itemCursor selects a recommendation (first) or a decision in the
	// detail; detailOffset scrolls it.
	itemCursor, detailOffset int

	form *common.Form
	// editMeeting and editMember are the records the forms edit (copies;
	// ID empty when new); itemIndex is the edited item, -1 when new.
	editMeeting *model.Meeting
	editMember  *model.Member
	itemKind    itemKind
	itemIndex   int

	picks     map[model.ID]bool
	pickOrder []*model.Member
	pickCur   int

	confirmText string
	confirmYes  func() tea.Cmd

	// Meeting mode: the masked presentation and its position.
	pres     *presentation
	presItem int
	// presLocked is set when the vault locked during meeting mode; the
	// masked presentation stays, nothing can be saved.
	presLocked bool
	// presDraftKept says that an inline decision or recommendation was
	// being written when the vault locked: it was sealed as a draft.
	presDraftKept bool
	// presForm is the inline decision or recommendation form.
	presForm *common.Form
	presKind itemKind
	// presLeaving is set while "Leave meeting mode? (y/N)" is asked.
	presLeaving bool
	// presOff is the first line of the agenda item shown: the item's
	// lines scroll.
	presOff int

	// revealed is the meeting whose detail shows its masked text (the
	// reveal was logged); empty when the detail is masked.
	revealed model.ID
	// naming reports whether a text names a case (see nameMatcher).
	naming func(texts ...string) bool

	quarter     model.Quarter
	quarterSet  bool
	reportLines []string
	reportKey   string
	reportOff   int

	// vlog gates the agenda (individual-tier measures due, case counts,
	// individual-level observations) and the quarterly report on their
	// view events (R5).
	vlog common.ViewLog
	// entering is set while meeting mode's view is being logged: the
	// agenda behind it is not a view of its own.
	entering bool

	w, h int

	// threshold is the vault's small-count threshold (R3) for every
	// figure the report and meeting mode show; 0 means the default.
	threshold int
}

// meetingModeLoggedMsg is the result of logging meeting mode's view of a
// meeting: meeting mode starts only once it is logged.
type meetingModeLoggedMsg struct {
	id  model.ID
	err error
}

// New returns the screen.
func New(com *common.Common) *Model {
	return &Model{com: com, itemIndex: -1}
}

func (m *Model) k() *Keys {
	if m.keys == nil || m.keysLang != m.com.Lang {
		m.keys, m.keysLang = NewKeys(m.com.Lang), m.com.Lang
	}
	return m.keys
}

// Mode reports what the screen shows outside meeting mode.
func (m *Model) Mode() Mode { return m.mode }

// Form returns the open form (of the screen or of meeting mode), or nil.
func (m *Model) Form() *common.Form {
	if m.presForm != nil {
		return m.presForm
	}
	return m.form
}

// PresentationItem returns the agenda item meeting mode shows (0-based)
// and the number of items; 0, 0 outside meeting mode.
func (m *Model) PresentationItem() (int, int) {
	if m.pres == nil {
		return 0, 0
	}
	return m.presItem, len(m.pres.pages)
}

// Meeting returns the meeting the detail or meeting mode shows, or nil.
func (m *Model) Meeting() *model.Meeting { return m.meetingByID(m.meetingID) }

// SetData replaces the screen's records (for tests and benchmarks; the
// screen normally loads them itself). Cases are reduced to what counts
// need.
func (m *Model) SetData(members []*model.Member, meetings []*model.Meeting, obs []*model.Observation, ms []*model.Measure, cs []*model.Case, pics []*model.Picture) {
	m.setData(loadedMsg{members: members, meetings: meetings, obs: obs, measures: ms, cases: slimCases(cs), caseNames: caseNames(cs), pics: pics})
	// The view counts as logged without a view event: tests of the
	// logging drive the screen through Init and the store.
	m.vlog.MarkShown(m.viewKey())
}

// screenName names the screen in its view-log results.
const screenName = "meetings"

// Detail values of the screen's view events.
const (
	DetailAgenda      = model.ViewAgenda
	DetailMeetingMode = model.ViewMeetingMode
	DetailReport      = model.ViewQuarterlyReport
)

// viewKey names the view of case data the screen shows outside meeting
// mode, "" for none: a meeting's agenda (with its individual-tier
// measures due, individual-level observations and case counts) or the
// quarterly report. Meeting mode is logged when it starts (see
// [Model.enterMeetingMode]).
func (m *Model) viewKey() string {
	if !m.ld.Loaded() || m.com.MeetingMode || m.entering {
		return ""
	}
	mode := m.mode
	if mode == ModeConfirm {
		mode = m.back
	}
	switch mode {
	case ModeDetail:
		if m.Meeting() != nil {
			return "agenda/" + string(m.meetingID)
		}
	case ModeReport:
		return "report"
	}
	return ""
}

// viewEvent is the audit event of the view key names.
func (m *Model) viewEvent(key string) model.AuditEvent {
	if key == "report" {
		return model.AuditEvent{Action: model.ActionView, Kind: model.KindCase, Detail: DetailReport}
	}
	return model.AuditEvent{Action: model.ActionView, Kind: model.KindMeeting, Ref: m.meetingID, Detail: DetailAgenda}
}

// Update implements common.Screen. What the screen shows of case data is
// logged as a view once per view (see [common.ViewLog]).
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	_, cmd := m.update(msg)
	k := m.viewKey()
	if k == "" {
		return m, cmd
	}
	if lc := m.vlog.Need(m.com.Store, screenName, k, m.viewEvent(k)); lc != nil {
		return m, tea.Batch(cmd, lc)
	}
	return m, cmd
}

func (m *Model) setData(msg loadedMsg) {
	m.members, m.obs, m.measures, m.cases, m.pics = msg.members, msg.obs, msg.measures, msg.cases, msg.pics
	m.caseNames = msg.caseNames
	m.naming = nameMatcher(m.caseNames)
	m.meetings = msg.meetings
	sortMeetings(m.meetings)
	sortMembers(m.members)
	if !msg.lastWeekly.IsZero() {
		m.lastWeekly = msg.lastWeekly
	}
	m.threshold = msg.threshold
	m.ld.MarkLoaded()
	m.reportKey = ""
	m.clamp()
	if m.com.MeetingMode && m.meetingID != "" && !m.presLocked {
		m.buildPresentation()
	}
}

// caseNames returns the cases' pseudonyms and titles, lower-cased,
// those of at least three characters (shorter ones would hide any text).
func caseNames(cs []*model.Case) []string {
	var out []string
	for _, c := range cs {
		for _, n := range []string{c.Pseudonym, c.Title} {
			if n = strings.ToLower(strings.TrimSpace(n)); len([]rune(n)) >= 3 {
				out = append(out, n)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// slimCases keeps of each case only what the agenda's and the report's
// counts need: never a pseudonym, title or text.
func slimCases(cs []*model.Case) []*model.Case {
	out := make([]*model.Case, 0, len(cs))
	for _, c := range cs {
		out = append(out, &model.Case{Status: c.Status, Priority: c.Priority, Opened: c.Opened, Closed: c.Closed, Gender: c.Gender})
	}
	return out
}

func sortMeetings(ms []*model.Meeting) {
	slices.SortStableFunc(ms, func(a, b *model.Meeting) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(string(b.ID), string(a.ID))
	})
}

func sortMembers(ms []*model.Member) {
	slices.SortStableFunc(ms, func(a, b *model.Member) int {
		if a.Active != b.Active {
			if a.Active {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}

// Init implements common.Screen. The screen is in front: what it shows
// of case data is a view to log.
func (m *Model) Init() tea.Cmd {
	m.vlog.Arm()
	return m.load()
}

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.clamp()
}

// Capturing implements common.Capturer.
func (m *Model) Capturing() bool {
	if m.com.MeetingMode {
		// While the form is open or leaving is asked, every key is an
		// answer to it, not a command of the app.
		return m.presForm != nil || m.presLeaving
	}
	switch m.mode {
	case ModeMeetingForm, ModeMemberForm, ModeItemForm, ModeAttendees, ModeConfirm:
		return true
	}
	return false
}

// Dirty implements common.Drafter.
func (m *Model) Dirty() bool {
	_, ok := m.Draft()
	return ok
}

// Draft implements common.Drafter: every form with unsaved changes is
// kept as a draft (its fields) — the member and meeting forms, and the
// decision or recommendation being written, in the meeting's detail or
// inline in meeting mode, so that a lock while typing one loses nothing.
// An item's draft names its meeting (ID) and carries the item's kind and
// index in the fields draftItem and draftIndex.
func (m *Model) Draft() (common.Draft, bool) {
	if f := m.presForm; f != nil && f.Dirty && m.meetingID != "" {
		return itemDraft(f, m.meetingID, m.presKind, -1), true
	}
	if d, ok := m.ld.WaitingDraft(); ok {
		return d, true
	}
	if m.form == nil || !m.form.Dirty {
		return common.Draft{}, false
	}
	switch m.mode {
	case ModeMeetingForm:
		return common.Draft{Screen: "meetings", Kind: model.KindMeeting, ID: m.editMeeting.ID, Fields: m.form.Values()}, true
	case ModeMemberForm:
		return common.Draft{Screen: "meetings", Kind: model.KindMember, ID: m.editMember.ID, Fields: m.form.Values()}, true
	case ModeItemForm:
		if m.editMeeting != nil && m.editMeeting.ID != "" {
			return itemDraft(m.form, m.editMeeting.ID, m.itemKind, m.itemIndex), true
		}
	}
	return common.Draft{}, false
}

// The fields of an item's draft that say which item it is.
const (
	draftItem  = "_item"  // "decision" or "recommendation"
	draftIndex = "_index" // the item's index in its list; -1 when new
)

func itemDraft(f *common.Form, meeting model.ID, kind itemKind, i int) common.Draft {
	v := f.Values()
	v[draftItem] = "decision"
	if kind == itemRecommendation {
		v[draftItem] = "recommendation"
	}
	v[draftIndex] = strconv.Itoa(i)
	return common.Draft{Screen: "meetings", Kind: model.KindMeeting, ID: meeting, Fields: v}
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
		scan := func(k model.Kind, fn func(model.Record)) {
			if msg.err != nil {
				return
			}
			msg.err = st.Scan(ctx, k, func(r model.Record) error { fn(r); return nil })
		}
		scan(model.KindMember, func(r model.Record) {
			if x, ok := r.(*model.Member); ok {
				msg.members = append(msg.members, x)
			}
		})
		scan(model.KindMeeting, func(r model.Record) {
			if x, ok := r.(*model.Meeting); ok {
				msg.meetings = append(msg.meetings, x)
			}
		})
		if msg.err == nil {
			// The store's shared set (read once for every screen); the
			// agenda and the report only read it.
			var set *common.ObservationSet
			set, msg.err = common.LoadObservations(ctx, st, nil)
			if msg.err == nil {
				msg.obs = set.All
			}
		}
		scan(model.KindMeasure, func(r model.Record) {
			if x, ok := r.(*model.Measure); ok {
				msg.measures = append(msg.measures, x)
			}
		})
		scan(model.KindCase, func(r model.Record) {
			if x, ok := r.(*model.Case); ok {
				msg.cases = append(msg.cases, slimCases([]*model.Case{x})...)
				msg.caseNames = append(msg.caseNames, caseNames([]*model.Case{x})...)
			}
		})
		scan(model.KindPicture, func(r model.Record) {
			if x, ok := r.(*model.Picture); ok {
				msg.pics = append(msg.pics, x)
			}
		})
		if msg.err != nil {
			return msg
		}
		if b, ok, err := st.Setting(ctx, common.SettingLastMeeting); err == nil && ok {
			if t, err := time.Parse(time.RFC3339, string(b)); err == nil {
				msg.lastWeekly = t
			}
		}
		msg.threshold = loadThreshold(ctx, st)
		return msg
	}
}

func (m *Model) today() model.Date { return model.DateOf(m.com.Now()) }

func (m *Model) meetingByID(id model.ID) *model.Meeting {
	if id == "" {
		return nil
	}
	for _, x := range m.meetings {
		if x.ID == id {
			return x
		}
	}
	return nil
}

func (m *Model) memberByID(id model.ID) *model.Member {
	for _, x := range m.members {
		if x.ID == id {
			return x
		}
	}
	return nil
}

func (m *Model) listHeight() int { return max(m.h-3, 1) }

func (m *Model) clamp() {
	clampList(&m.meetCursor, &m.meetOffset, len(m.meetings), m.listHeight())
	clampList(&m.memCursor, &m.memOffset, len(m.members), m.listHeight())
	if mt := m.Meeting(); mt != nil {
		n := len(mt.Recommendations) + len(mt.Decisions)
		m.itemCursor = min(max(m.itemCursor, -1), n-1)
	}
}

func clampList(cur, off *int, n, h int) {
	*cur = min(max(*cur, 0), max(n-1, 0))
	if *cur < *off {
		*off = *cur
	}
	if *cur >= *off+h {
		*off = *cur - h + 1
	}
	*off = max(min(*off, max(n-h, 0)), 0)
}

// Paste implements common.Paster (see common.PasteTo); in meeting mode
// the paste goes into the inline form, and only there: pasted text never
// answers "Leave meeting mode?" (nor, once left, acts on the list).
func (m *Model) Paste(text string) tea.Cmd {
	if m.com.MeetingMode && m.presForm == nil {
		return nil
	}
	return common.PasteTo(m.pasteForm(), m, text)
}

// pasteForm returns the form a paste goes into, or nil.
func (m *Model) pasteForm() *common.Form {
	if m.com.MeetingMode {
		return m.presForm
	}
	switch m.mode {
	case ModeMeetingForm, ModeMemberForm, ModeItemForm:
		return m.form
	}
	return nil
}

func (m *Model) update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ViewLoggedMsg:
		_, cmd := m.vlog.Done(screenName, msg, m.com.Lang)
		return m, cmd
	case meetingModeLoggedMsg:
		m.entering = false
		if msg.err != nil {
			return m, common.ErrorCmd(&common.ViewLogError{Lang: m.com.Lang, Err: msg.err})
		}
		// The event names the meeting: its agenda counts as viewed.
		m.vlog.MarkShown("agenda/" + string(msg.id))
		return m, func() tea.Msg { return common.MeetingModeMsg{On: true} }
	case common.ReloadMsg:
		m.ld.Restart()
		m.presLocked, m.presDraftKept = false, false
		return m, m.load()
	case common.StaleMsg:
		m.ld.Stale()
		return m, nil
	case common.ActivateMsg:
		m.vlog.Arm()
		m.revealed = "" // shown again: masked again
		if !m.ld.Loaded() {
			return m, m.load()
		}
		return m, nil
	case common.LockMsg:
		m.vlog.Disarm()
		return m, m.lock(msg.Presenting)
	case loadedMsg:
		if !m.ld.Finish() {
			return m, m.load()
		}
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.setData(msg)
		var restore tea.Cmd
		if d, ok := m.ld.TakeDraft(); ok {
			restore = m.restoreItemDraft(d)
		}
		// Meetings added outside this screen (the CLI, an import, the
		// demo) move the last weekly meeting too.
		return m, tea.Batch(restore, m.updateLastWeekly())
	case savedMsg:
		return m, m.saved(msg)
	case deletedMsg:
		return m, m.deleted(msg)
	case settingMsg:
		return m, common.ErrorCmd(msg.err)
	case revealedMsg:
		return m, m.revealedLogged(msg)
	case common.LastMeetingMsg:
		m.lastWeekly = msg.At
		return m, nil
	case common.RestoreDraftMsg:
		return m, m.restoreDraft(msg.Draft)
	case common.OpenRecordMsg:
		return m, m.openRecord(msg.ID)
	case tea.KeyPressMsg:
		if m.com.MeetingMode {
			return m, m.presentKey(msg)
		}
		return m, m.key(msg)
	}
	return m, nil
}

// lock drops the records. When the vault locked during meeting mode
// (presenting), the masked presentation stays until meeting mode is left.
func (m *Model) lock(presenting bool) tea.Cmd {
	keep := presenting && m.com.MeetingMode && m.pres != nil
	// The App sealed the item being written as a draft before this.
	m.presDraftKept = m.presForm != nil && m.presForm.Dirty
	m.members, m.meetings, m.obs, m.measures, m.cases, m.pics = nil, nil, nil, nil, nil, nil
	m.caseNames, m.naming = nil, nil
	m.revealed = ""
	m.presLeaving = false
	m.ld.Reset() // the waiting draft too
	m.reportLines, m.reportKey = nil, ""
	m.form, m.presForm = nil, nil
	m.confirmYes, m.picks = nil, nil
	switch m.mode {
	case ModeMeetingForm, ModeItemForm, ModeAttendees, ModeConfirm:
		if m.meetingID != "" {
			m.mode = ModeDetail
		} else {
			m.mode = m.section
		}
	case ModeMemberForm:
		m.mode = ModeMembers
	}
	if keep {
		m.presLocked = true
		return nil
	}
	m.pres, m.presLocked, m.presDraftKept = nil, false, false
	return nil
}

func (m *Model) openRecord(id model.ID) tea.Cmd {
	if m.com.MeetingMode {
		// The presentation stays on its meeting; nothing else opens.
		return nil
	}
	if mt := m.meetingByID(id); mt != nil {
		m.meetingID, m.itemCursor, m.detailOffset = id, -1, 0
		m.mode, m.section = ModeDetail, ModeMeetings
	}
	return nil
}

func (m *Model) restoreDraft(d common.Draft) tea.Cmd {
	switch d.Kind {
	case model.KindMeeting:
		if _, ok := d.Fields[draftItem]; ok {
			return m.restoreItemDraft(d)
		}
		x := &model.Meeting{}
		if o := m.meetingByID(d.ID); o != nil {
			c := *o
			x = &c
		}
		m.openMeetingForm(x)
	case model.KindMember:
		x := &model.Member{}
		for _, o := range m.members {
			if o.ID == d.ID && d.ID != "" {
				c := *o
				x = &c
			}
		}
		m.openMemberForm(x)
	default:
		return nil
	}
	m.form.SetValues(d.Fields)
	m.form.Dirty = true
	return nil
}

// restoreItemDraft reopens a decision or recommendation that was being
// written: inline when meeting mode shows its meeting, else in the
// meeting's detail. Before the meetings have loaded it waits for them.
func (m *Model) restoreItemDraft(d common.Draft) tea.Cmd {
	if !m.ld.Loaded() {
		// The screen may never have loaded (the draft comes from an
		// earlier session): load, and restore when the meetings are in.
		m.ld.KeepDraft(d)
		return m.load()
	}
	m.ld.TakeDraft() // this draft replaces one still waiting
	mt := m.meetingByID(d.ID)
	if mt == nil {
		return common.ErrorCmd(errors.New(m.com.T(model.MtgDraftMeetingGone, model.SanitizeLine(d.Fields["text"]))))
	}
	kind := itemDecision
	n := len(mt.Decisions)
	if d.Fields[draftItem] == "recommendation" {
		kind, n = itemRecommendation, len(mt.Recommendations)
	}
	i, err := strconv.Atoi(d.Fields[draftIndex])
	if err != nil || i < 0 || i >= n {
		i = -1
	}
	if m.com.MeetingMode && mt.ID == m.meetingID && i < 0 && m.pres != nil && !m.pres.red && !m.presLocked {
		m.presKind = kind
		m.presItem = m.pageIndex(map[itemKind]pageKind{itemDecision: pageDecisions, itemRecommendation: pageRecommendations}[kind])
		m.presForm = itemForm(m.com.Lang, kind)
		m.presForm.SetValues(d.Fields)
		m.presForm.Dirty = true
		return nil
	}
	if !m.com.MeetingMode {
		m.meetingID, m.detailOffset, m.itemCursor = mt.ID, 0, -1
		m.section = ModeMeetings
	}
	// In meeting mode (another meeting on the projector, or one that
	// cannot take items inline) the form waits behind the presentation
	// and is shown when meeting mode is left; it saves to its own meeting.
	m.openItemForm(mt, kind, i)
	m.form.SetValues(d.Fields)
	m.form.Dirty = true
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if !m.ld.Loaded() && m.mode != ModeConfirm {
		return nil
	}
	switch m.mode {
	case ModeMeetings, ModeMembers, ModeReport:
		return m.sectionKey(msg)
	case ModeDetail:
		return m.detailKey(msg)
	case ModeMeetingForm, ModeMemberForm, ModeItemForm:
		return m.formKey(msg)
	case ModeAttendees:
		return m.attendeesKey(msg)
	case ModeConfirm:
		return m.confirmKey(msg)
	}
	return nil
}

func (m *Model) sectionKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	switch {
	case key.Matches(msg, k.Section):
		m.section = []Mode{ModeMembers, ModeReport, ModeMeetings}[m.section]
		m.mode = m.section
		return nil
	case key.Matches(msg, k.SectionBack):
		m.section = []Mode{ModeReport, ModeMeetings, ModeMembers}[m.section]
		m.mode = m.section
		return nil
	case key.Matches(msg, k.Report) && m.mode != ModeReport:
		m.section, m.mode = ModeReport, ModeReport
		return nil
	}
	switch m.mode {
	case ModeMeetings:
		switch {
		case key.Matches(msg, km.Nav.Up):
			m.meetCursor--
		case key.Matches(msg, km.Nav.Down):
			m.meetCursor++
		case key.Matches(msg, km.Nav.PageUp):
			m.meetCursor -= m.listHeight()
		case key.Matches(msg, km.Nav.PageDown):
			m.meetCursor += m.listHeight()
		case key.Matches(msg, km.Nav.Top):
			m.meetCursor = 0
		case key.Matches(msg, km.Nav.Bottom):
			m.meetCursor = len(m.meetings) - 1
		case key.Matches(msg, km.Record.New):
			m.back = ModeMeetings
			m.openMeetingForm(m.newMeeting())
		case key.Matches(msg, km.Nav.Enter):
			if x := m.selectedMeeting(); x != nil {
				m.meetingID, m.itemCursor, m.detailOffset = x.ID, -1, 0
				m.mode = ModeDetail
			}
		case key.Matches(msg, km.Record.Edit):
			if x := m.selectedMeeting(); x != nil {
				c := *x
				m.back = ModeMeetings
				m.openMeetingForm(&c)
			}
		case key.Matches(msg, km.Record.Delete):
			if x := m.selectedMeeting(); x != nil {
				m.askDeleteMeeting(x)
			}
		case key.Matches(msg, k.MeetingMode):
			if x := m.selectedMeeting(); x != nil {
				return m.enterMeetingMode(x)
			}
		}
		m.clamp()
	case ModeMembers:
		switch {
		case key.Matches(msg, km.Nav.Up):
			m.memCursor--
		case key.Matches(msg, km.Nav.Down):
			m.memCursor++
		case key.Matches(msg, km.Nav.PageUp):
			m.memCursor -= m.listHeight()
		case key.Matches(msg, km.Nav.PageDown):
			m.memCursor += m.listHeight()
		case key.Matches(msg, km.Nav.Top):
			m.memCursor = 0
		case key.Matches(msg, km.Nav.Bottom):
			m.memCursor = len(m.members) - 1
		case key.Matches(msg, km.Record.New):
			m.back = ModeMembers
			x := &model.Member{Org: model.AllOrgs()[0], Role: model.RoleMember, Active: true}
			x.TLP = model.TLPAmber
			m.openMemberForm(x)
		case key.Matches(msg, km.Record.Edit), key.Matches(msg, km.Nav.Enter):
			if x := m.selectedMember(); x != nil {
				c := *x
				m.back = ModeMembers
				m.openMemberForm(&c)
			}
		case key.Matches(msg, k.Toggle):
			if x := m.selectedMember(); x != nil {
				c := *x
				c.Active = !c.Active
				return m.put(&c, "")
			}
		case key.Matches(msg, km.Record.Delete):
			if x := m.selectedMember(); x != nil {
				id := x.ID
				m.ask(model.SanitizeLine(x.Name), func() tea.Cmd { return m.deleteCmd(id) })
			}
		}
		m.clamp()
	case ModeReport:
		return m.reportKeyPress(msg)
	}
	return nil
}

func (m *Model) selectedMeeting() *model.Meeting {
	if m.meetCursor >= 0 && m.meetCursor < len(m.meetings) {
		return m.meetings[m.meetCursor]
	}
	return nil
}

func (m *Model) selectedMember() *model.Member {
	if m.memCursor >= 0 && m.memCursor < len(m.members) {
		return m.members[m.memCursor]
	}
	return nil
}

// newMeeting proposes a weekly meeting today with the active members.
func (m *Model) newMeeting() *model.Meeting {
	x := &model.Meeting{MeetingKind: model.MeetingWeeklyPolice, Date: m.today()}
	x.TLP = model.TLPAmber
	return x
}

func (m *Model) ask(what string, yes func() tea.Cmd) {
	m.askText(m.com.T(model.MtgConfirmDelete, what), yes)
}

// askText asks question q; the confirm key runs yes, any other key does
// nothing.
func (m *Model) askText(q string, yes func() tea.Cmd) {
	m.confirmText = q
	m.confirmYes = yes
	if m.mode != ModeConfirm {
		m.back = m.mode
	}
	m.mode = ModeConfirm
}

func (m *Model) askDeleteMeeting(x *model.Meeting) {
	id := x.ID
	m.ask(x.Date.String()+" "+x.MeetingKind.Label(m.com.Lang), func() tea.Cmd { return m.deleteCmd(id) })
}

func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	yes := m.confirmYes
	m.confirmYes = nil
	m.mode = m.back
	if key.Matches(msg, m.k().Confirm) && yes != nil {
		return yes()
	}
	return nil
}

func (m *Model) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	mt := m.Meeting()
	if mt == nil {
		m.mode = ModeMeetings
		return nil
	}
	nItems := len(mt.Recommendations) + len(mt.Decisions)
	switch {
	case key.Matches(msg, km.Global.Back):
		m.mode, m.meetingID = ModeMeetings, ""
		m.revealed = ""
	case key.Matches(msg, k.Reveal):
		if !m.isRevealed(mt) {
			m.askReveal(mt)
		}
	case !m.isRevealed(mt) && (key.Matches(msg, km.Record.Edit) && m.meetingTextMasked(mt) ||
		(key.Matches(msg, km.Nav.Enter) || key.Matches(msg, k.Remove)) && m.itemMasked(mt)):
		// The form or the question would show masked text: reveal (and
		// log) first.
		m.askReveal(mt)
	case key.Matches(msg, km.Nav.Up):
		m.itemCursor = max(m.itemCursor-1, -1)
	case key.Matches(msg, km.Nav.Down):
		m.itemCursor = min(m.itemCursor+1, nItems-1)
	case key.Matches(msg, km.Nav.PageDown):
		m.detailOffset += max(m.h/2, 1)
	case key.Matches(msg, km.Nav.PageUp):
		m.detailOffset = max(m.detailOffset-max(m.h/2, 1), 0)
	case key.Matches(msg, km.Record.Edit):
		c := *mt
		m.back = ModeDetail
		m.openMeetingForm(&c)
	case key.Matches(msg, km.Record.Delete):
		m.askDeleteMeeting(mt)
	case key.Matches(msg, k.Attendees):
		m.openAttendees(mt)
	case key.Matches(msg, k.Decision):
		m.openItemForm(mt, itemDecision, -1)
	case key.Matches(msg, k.Recommend):
		m.openItemForm(mt, itemRecommendation, -1)
	case key.Matches(msg, km.Nav.Enter):
		if kind, i, ok := m.selectedItem(mt); ok {
			m.openItemForm(mt, kind, i)
		}
	case key.Matches(msg, k.NextStatus), key.Matches(msg, k.PrevStatus):
		kind, i, ok := m.selectedItem(mt)
		if !ok || kind != itemDecision {
			return func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.MtgNothingSelected)} }
		}
		step := 1
		if key.Matches(msg, k.PrevStatus) {
			step = -1
		}
		return m.stepStatus(mt, i, step)
	case key.Matches(msg, k.Remove):
		kind, i, ok := m.selectedItem(mt)
		if !ok {
			return func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.MtgNothingSelected)} }
		}
		c := cloneMeeting(mt)
		var what string
		if kind == itemDecision {
			what = model.SanitizeLine(c.Decisions[i].Text)
			c.Decisions = slices.Delete(c.Decisions, i, i+1)
		} else {
			what = model.SanitizeLine(c.Recommendations[i].Text)
			c.Recommendations = slices.Delete(c.Recommendations, i, i+1)
		}
		m.ask(truncateText(what, 40), func() tea.Cmd { return m.put(c, "") })
	case key.Matches(msg, k.MeetingMode):
		return m.enterMeetingMode(mt)
	}
	return nil
}

// selectedItem returns the recommendation or decision under the cursor.
func (m *Model) selectedItem(mt *model.Meeting) (itemKind, int, bool) {
	i := m.itemCursor
	switch {
	case i < 0:
		return 0, 0, false
	case i < len(mt.Recommendations):
		return itemRecommendation, i, true
	case i-len(mt.Recommendations) < len(mt.Decisions):
		return itemDecision, i - len(mt.Recommendations), true
	}
	return 0, 0, false
}

// stepStatus moves decision i of mt to the next (step 1) or previous
// status and saves the meeting.
func (m *Model) stepStatus(mt *model.Meeting, i, step int) tea.Cmd {
	all := model.AllDecisionStatuses()
	c := cloneMeeting(mt)
	cur := slices.Index(all, c.Decisions[i].Status)
	next := all[(cur+step+len(all))%len(all)]
	c.Decisions[i].Status = next
	return m.put(c, m.com.T(model.MtgStatusSet, next.Label(m.com.Lang)))
}

// NextDecisionStatus returns the status after s in the cycle open → in
// progress → done → cancelled → open.
func NextDecisionStatus(s model.DecisionStatus) model.DecisionStatus {
	all := model.AllDecisionStatuses()
	return all[(slices.Index(all, s)+1)%len(all)]
}

func cloneMeeting(mt *model.Meeting) *model.Meeting {
	c := *mt
	c.Attendees = slices.Clone(mt.Attendees)
	c.Recommendations = slices.Clone(mt.Recommendations)
	c.Decisions = slices.Clone(mt.Decisions)
	return &c
}

func truncateText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// put validates r with the model's rules and saves it through the store.
func (m *Model) put(r model.Record, status string) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	if ps := model.Validate(r, nil); len(ps) > 0 {
		return common.ErrorCmd(ps.Err(r.Kind()))
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		out, err := st.Put(ctx, r)
		return savedMsg{rec: out, status: status, err: err}
	}
}

func (m *Model) deleteCmd(id model.ID) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		return deletedMsg{id: id, err: st.Delete(ctx, id)}
	}
}

func (m *Model) saved(msg savedMsg) tea.Cmd {
	if m.form != nil {
		m.form.Saving = false
	}
	if m.presForm != nil {
		m.presForm.Saving = false
	}
	if msg.err != nil {
		var ve *model.ValidationError
		if errors.As(msg.err, &ve) {
			if f := m.Form(); f != nil {
				f.SetProblems(ve.Problems, m.com.Lang, nil)
			}
		}
		return common.ErrorCmd(msg.err)
	}
	var cmds []tea.Cmd
	switch r := msg.rec.(type) {
	case *model.Meeting:
		m.meetings = replace(m.meetings, r, func(x *model.Meeting) model.ID { return x.ID })
		sortMeetings(m.meetings)
		if m.mode == ModeMeetingForm || m.mode == ModeItemForm || m.mode == ModeAttendees {
			m.mode = ModeDetail
		}
		m.meetingID = r.ID
		for i, x := range m.meetings {
			if x.ID == r.ID {
				m.meetCursor = i
			}
		}
		cmds = append(cmds, m.updateLastWeekly())
		if m.com.MeetingMode && m.pres != nil {
			m.presForm = nil
			m.buildPresentation()
		}
	case *model.Member:
		m.members = replace(m.members, r, func(x *model.Member) model.ID { return x.ID })
		sortMembers(m.members)
		if m.mode == ModeMemberForm {
			m.mode = ModeMembers
		}
		for i, x := range m.members {
			if x.ID == r.ID {
				m.memCursor = i
			}
		}
	}
	m.form = nil
	m.reportKey = ""
	m.clamp()
	rec, at := msg.rec, m.com.Now()
	cmds = append(cmds, func() tea.Msg { return common.SavedMsg{At: at, Record: rec} })
	if msg.status != "" {
		s := msg.status
		cmds = append(cmds, func() tea.Msg { return common.StatusMsg{Text: s} })
	}
	return tea.Batch(cmds...)
}

func replace[T any](xs []T, x T, id func(T) model.ID) []T {
	for i, y := range xs {
		if id(y) == id(x) {
			xs[i] = x
			return xs
		}
	}
	return append(xs, x)
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	if msg.err != nil {
		return common.ErrorCmd(msg.err)
	}
	m.meetings = slices.DeleteFunc(m.meetings, func(x *model.Meeting) bool { return x.ID == msg.id })
	m.members = slices.DeleteFunc(m.members, func(x *model.Member) bool { return x.ID == msg.id })
	if m.meetingID == msg.id {
		m.meetingID = ""
		if m.mode == ModeDetail {
			m.mode = ModeMeetings
		}
	}
	m.clamp()
	return tea.Batch(m.updateLastWeekly(), func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.UIDeleted)} })
}

// LastWeekly returns the time of the last weekly meeting held by today:
// the end of its day in the local zone, the moment after which an
// observation is "new since the last weekly meeting". Zero when none.
func LastWeekly(meetings []*model.Meeting, today model.Date, loc *time.Location) time.Time {
	var last model.Date
	for _, x := range meetings {
		if x.MeetingKind == model.MeetingWeeklyPolice && !x.Date.After(today) && x.Date.After(last) {
			last = x.Date
		}
	}
	if last.IsZero() {
		return time.Time{}
	}
	return last.AddDays(1).Time(loc)
}

// updateLastWeekly records the last weekly meeting in the setting the
// situational picture's overview reads, when it changed.
func (m *Model) updateLastWeekly() tea.Cmd {
	t := LastWeekly(m.meetings, m.today(), m.com.Now().Location())
	st := m.com.Store
	if t.IsZero() || t.Equal(m.lastWeekly) || st == nil {
		return nil
	}
	m.lastWeekly = t
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		if err := st.PutSetting(ctx, common.SettingLastMeeting, []byte(t.Format(time.RFC3339))); err != nil {
			return settingMsg{err: fmt.Errorf("tui: cannot record the last weekly meeting: %w", err)}
		}
		return common.LastMeetingMsg{At: t}
	}
}

// enterMeetingMode builds the masked presentation of mt and asks the App
// to enter meeting mode.
func (m *Model) enterMeetingMode(mt *model.Meeting) tea.Cmd {
	m.meetingID = mt.ID
	m.presItem = 0
	m.presLocked, m.presDraftKept = false, false
	m.presForm, m.presLeaving, m.presOff = nil, false, 0
	m.revealed = ""
	if m.mode != ModeDetail {
		m.mode = ModeDetail
		m.itemCursor, m.detailOffset = -1, 0
	}
	m.buildPresentation()
	// Meeting mode shows the meeting's agenda (masked): it starts only
	// once that view is logged (R5).
	st, id := m.com.Store, mt.ID
	if st == nil {
		return nil
	}
	m.entering = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		err := st.Log(ctx, model.AuditEvent{Action: model.ActionView, Kind: model.KindMeeting, Ref: id, Detail: DetailMeetingMode})
		return meetingModeLoggedMsg{id: id, err: err}
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	km, k := m.com.KeyMap, m.k()
	if m.com.MeetingMode {
		switch {
		case m.presForm != nil:
			return []key.Binding{km.Form.Next, km.Form.Save, km.Form.Cancel}
		case m.presLeaving:
			return []key.Binding{k.Confirm}
		}
		return []key.Binding{k.NextItem, k.PrevItem, km.Nav.Down, k.Decision, k.Recommend, k.Leave}
	}
	switch m.mode {
	case ModeMeetings:
		return []key.Binding{km.Nav.Enter, km.Record.New, k.MeetingMode, k.Section, k.Report}
	case ModeMembers:
		return []key.Binding{km.Record.New, km.Record.Edit, k.Toggle, k.Section}
	case ModeReport:
		return []key.Binding{k.PrevQuarter, k.NextQuarter, km.Nav.Down, k.Section}
	case ModeDetail:
		return []key.Binding{k.Decision, k.Recommend, k.Attendees, k.NextStatus, k.Reveal, k.MeetingMode, km.Global.Back}
	case ModeMeetingForm, ModeMemberForm, ModeItemForm:
		return []key.Binding{km.Form.Next, km.Form.Cycle, km.Form.Save, km.Form.Cancel}
	case ModeAttendees:
		return []key.Binding{km.Nav.Down, k.Toggle, km.Form.Save, km.Form.Cancel}
	case ModeConfirm:
		return []key.Binding{k.Confirm}
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	km, k := m.com.KeyMap, m.k()
	if m.com.MeetingMode {
		return [][]key.Binding{{k.NextItem, k.PrevItem, km.Nav.Top, km.Nav.Bottom}, {km.Nav.Down, km.Nav.Up, km.Nav.PageDown, km.Nav.PageUp},
			{k.Decision, k.Recommend, km.Form.Save, km.Form.Cancel}, {k.Leave}}
	}
	return [][]key.Binding{
		{km.Nav.Up, km.Nav.Down, km.Nav.PageUp, km.Nav.PageDown, km.Nav.Top, km.Nav.Bottom, k.Section, k.SectionBack},
		{km.Nav.Enter, km.Record.New, km.Record.Edit, km.Record.Delete, k.Toggle, k.Report, k.MeetingMode},
		{k.Attendees, k.Recommend, k.Decision, k.NextStatus, k.PrevStatus, k.Remove, k.Reveal, k.PrevQuarter, k.NextQuarter},
		{km.Form.Save, km.Form.Cancel, km.Global.Back},
	}
}
