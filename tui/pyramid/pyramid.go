// Package pyramid is the Preventionspyramiden screen: the three tiers of
// the prevention pyramid drawn as a pyramid (individual at the top,
// specific in the middle, general at the base), each with its measures by
// status, counts, follow-up badges and the gender balance of its target
// groups; a view of every follow-up due within 14 days or overdue; the
// detail of one measure; forms to create and edit measures and to add
// follow-ups, with per-field messages from [model.Validate]; moving a
// measure between statuses and tiers (confirmed where it changes what the
// measure is); and pickers that link a measure to the observations that
// motivate it and, on the individual tier, to its case.
//
// Every change goes through the store, which audits it; the screen does
// no I/O in Update or View. What it shows of the individual tier (the
// board, a filter applied, a measure, the case picker) is logged as a
// view before it shows (R5, see [common.ViewLog]).
package pyramid

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
	ModeBoard Mode = iota
	ModeDue
	ModeDetail
	ModeForm
	ModeFollowUp
	ModeConfirm
	ModePickObs
	ModePickCase
)

// opTimeout bounds one store call.
const opTimeout = time.Minute

// caseRef is what the screen keeps of a case: enough to pick it.
type caseRef struct {
	id     model.ID
	label  string // pseudonym or title, sanitised
	status model.CaseStatus
	open   bool
}

type loadedMsg struct {
	measures []*model.Measure
	obs      *common.ObservationSet
	cases    []caseRef
	err      error
}

type savedMsg struct {
	m      *model.Measure
	status string
	err    error
}

type deletedMsg struct {
	id  model.ID
	err error
}

type viewedMsg struct {
	m   *model.Measure
	err error
}

// confirmation is a question waiting for y/n, and what y does.
type confirmation struct {
	prompt []string
	yes    func() tea.Cmd
	back   Mode
}

// Model is the prevention-pyramid screen.
type Model struct {
	com      *common.Common
	keys     *Keys
	keysLang model.Lang

	mode, back Mode

	// ld is the load bookkeeping; a draft waits in it for the measures
	// (an edit needs the stored measure).
	ld       common.Load
	measures []*model.Measure
	// obs is the store's shared set of observations (read-only), for
	// the picker and the measure's linked observations; obsIx is its
	// search index, taken when the picker first needs it.
	obs   *common.ObservationSet
	obsIx *model.ObservationIndex
	cases []caseRef
	pyr   model.Pyramid
	today model.Date

	// tier is the focused tier in display order: 0 individual (top),
	// 1 specific, 2 general (base).
	tier   int
	cursor [3]int
	offset [3]int
	rows   [3][]row
	// overdueN and dueN count follow-ups per display tier.
	overdueN, dueN [3]int

	dueCursor, dueOffset int

	detail *model.Measure
	// detailOffset scrolls the detail below its first line.
	detailOffset int
	form         *common.Form
	// editing is the measure the form edits (a copy; ID empty when new).
	editing *model.Measure
	// nextTouched records that the user typed a next follow-up date in
	// the follow-up form, so changing the date no longer moves it.
	nextTouched bool

	confirm *confirmation
	pick    *picker
	// pendingTier is the measure waiting for a case after a move to the
	// individual tier.
	pendingTier *model.Measure

	// filterText narrows the board and the due view to the measures
	// whose text contains it (any case); typing is set while it is
	// being typed (after `/`).
	filterText []rune
	typing     bool
	// hay caches each measure's searchable text, lower-cased, in
	// hayLang.
	hay     map[*model.Measure]string
	hayLang model.Lang

	// vlog gates what the screen shows of individual-level data — the
	// individual tier, the case picker — on its view events (R5);
	// filterGen counts the filters applied and pickGen the case pickers
	// opened, each a view of its own.
	vlog               common.ViewLog
	filterGen, pickGen int
	// draftOf is the stored individual-tier measure whose edit was
	// restored from a draft: a view of its own.
	draftOf model.ID
	// individual reports whether any measure is on the individual tier
	// (only then does the board show case data).
	individual bool

	w, h int
}

// row is one line of a tier's list: a status heading or a measure.
type row struct {
	status  model.MeasureStatus
	measure *model.Measure
	count   int
}

// New returns the screen.
func New(com *common.Common) *Model {
	return &Model{com: com}
}

func (m *Model) k() *Keys {
	if m.keys == nil || m.keysLang != m.com.Lang {
		m.keys, m.keysLang = NewKeys(m.com.Lang), m.com.Lang
	}
	return m.keys
}

// Mode reports what the screen shows.
func (m *Model) Mode() Mode { return m.mode }

// Pyramid returns the pyramid the board shows.
func (m *Model) Pyramid() model.Pyramid { return m.pyr }

// Selected returns the measure under the cursor of the focused tier.
func (m *Model) Selected() *model.Measure {
	rs := m.rows[m.tier]
	if c := m.cursor[m.tier]; c >= 0 && c < len(rs) {
		return rs[c].measure
	}
	return nil
}

// Form returns the open form, or nil.
func (m *Model) Form() *common.Form { return m.form }

// SetData replaces the screen's records (for tests and benchmarks; the
// screen normally loads them itself).
func (m *Model) SetData(ms []*model.Measure, obs []*model.Observation, cases []*model.Case) {
	m.measures = ms
	m.setObs(common.NewObservationSet(obs))
	m.cases = caseRefs(cases)
	m.ld.MarkLoaded()
	m.recompute(nil)
	// The board counts as viewed without a view event: tests of the
	// logging drive the screen through Init and the store.
	m.vlog.MarkShown(m.viewKey())
}

func (m *Model) setObs(obs *common.ObservationSet) {
	m.obs = obs
	m.obsIx = nil
}

func caseRefs(cs []*model.Case) []caseRef {
	out := make([]caseRef, 0, len(cs))
	for _, c := range cs {
		out = append(out, caseRef{id: c.ID, label: model.SanitizeLine(c.Label()), status: c.Status, open: c.Status != model.CaseClosed})
	}
	return out
}

// Init implements common.Screen. The screen is in front: what it shows
// of the individual tier is a view to log.
func (m *Model) Init() tea.Cmd {
	m.vlog.Arm()
	return m.load()
}

// screenName names the screen in its view-log results.
const screenName = "pyramid"

// Detail values of the screen's view events. A filter's text is never
// logged: a typed pseudonym must not land in the log.
const (
	DetailIndividual         = model.ViewIndividualMeasures
	DetailIndividualFiltered = model.ViewIndividualMeasuresFiltered
	DetailCasePicker         = model.ViewCasePicker
)

// viewKey names the view of individual-level data the screen shows, ""
// for none: the board or the due view while any measure is on the
// individual tier (one view per filter applied), an individual-tier
// measure's detail, the case picker, or the form of a stored
// individual-tier measure restored from a draft.
func (m *Model) viewKey() string {
	if !m.ld.Loaded() {
		return ""
	}
	mode := m.mode
	if mode == ModeConfirm && m.confirm != nil {
		mode = m.confirm.back
	}
	switch mode {
	case ModeBoard, ModeDue:
		if !m.individual {
			return ""
		}
		return "board/" + strconv.Itoa(m.filterGen)
	case ModeDetail:
		if m.detail != nil && m.detail.Tier == model.TierIndividual {
			return "measure/" + string(m.detail.ID)
		}
	case ModePickCase:
		return "pick/" + strconv.Itoa(m.pickGen)
	case ModeForm:
		if m.draftOf != "" && m.editing != nil && m.editing.ID == m.draftOf {
			return "draft/" + string(m.draftOf)
		}
	}
	return ""
}

// viewEvent is the audit event of the view key names.
func (m *Model) viewEvent(key string) model.AuditEvent {
	switch {
	case strings.HasPrefix(key, "measure/"):
		return model.AuditEvent{Action: model.ActionView, Kind: model.KindMeasure, Ref: m.detail.ID, Detail: model.ViewIndividualMeasure}
	case strings.HasPrefix(key, "draft/"):
		return model.AuditEvent{Action: model.ActionView, Kind: model.KindMeasure, Ref: m.draftOf, Detail: model.ViewIndividualMeasure}
	case strings.HasPrefix(key, "pick/"):
		return model.AuditEvent{Action: model.ActionView, Kind: model.KindCase, Detail: DetailCasePicker}
	case key == "board/0":
		return model.AuditEvent{Action: model.ActionView, Kind: model.KindMeasure, Detail: DetailIndividual}
	}
	return model.AuditEvent{Action: model.ActionView, Kind: model.KindMeasure, Detail: DetailIndividualFiltered}
}

// Update implements common.Screen. What the screen shows of
// individual-level data is logged as a view once per view (see
// [common.ViewLog]).
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

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.clamp()
}

// Capturing implements common.Capturer.
func (m *Model) Capturing() bool {
	if m.typing {
		return true
	}
	switch m.mode {
	case ModeForm, ModeFollowUp, ModeConfirm, ModePickObs, ModePickCase:
		return true
	}
	return false
}

// Dirty implements common.Drafter.
func (m *Model) Dirty() bool { return m.mode == ModeForm && m.form != nil && m.form.Dirty }

// Draft implements common.Drafter.
func (m *Model) Draft() (common.Draft, bool) {
	if !m.Dirty() {
		return common.Draft{}, false
	}
	return common.Draft{Screen: "pyramid", Kind: model.KindMeasure, ID: m.editing.ID, Fields: m.form.Values()}, true
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
		msg.err = st.Scan(ctx, model.KindMeasure, func(r model.Record) error {
			if x, ok := r.(*model.Measure); ok {
				msg.measures = append(msg.measures, x)
			}
			return nil
		})
		if msg.err != nil {
			return msg
		}
		// The observations are the store's shared set (read once for
		// every screen); its search index is built here, off the UI
		// goroutine, once for all.
		msg.obs, msg.err = common.LoadObservations(ctx, st, nil)
		if msg.err != nil {
			return msg
		}
		msg.obs.Index()
		var cs []*model.Case
		msg.err = st.Scan(ctx, model.KindCase, func(r model.Record) error {
			if x, ok := r.(*model.Case); ok {
				cs = append(cs, x)
			}
			return nil
		})
		msg.cases = caseRefs(cs)
		return msg
	}
}

// recompute rebuilds the pyramid and the tier lists, keeping the cursor
// on keep if given.
func (m *Model) recompute(keep *model.Measure) {
	m.today = model.DateOf(m.com.Now())
	m.individual = slices.ContainsFunc(m.measures, func(x *model.Measure) bool { return x.Tier == model.TierIndividual })
	m.pyr = model.NewPyramid(m.visible(), m.today)
	m.countDue()
	for d := range 3 {
		pi := pyrIndex(d)
		var rs []row
		var last model.MeasureStatus
		for _, x := range m.pyr.Measures[pi] {
			if x.Status != last || len(rs) == 0 {
				last = x.Status
				rs = append(rs, row{status: x.Status, count: m.pyr.Counts[pi][statusPos(x.Status)]})
			}
			rs = append(rs, row{status: x.Status, measure: x})
		}
		m.rows[d] = rs
	}
	if keep != nil {
		d := displayOf(keep.Tier)
		for i, r := range m.rows[d] {
			if r.measure != nil && r.measure.ID == keep.ID {
				m.tier, m.cursor[d] = d, i
			}
		}
	}
	m.clamp()
}

// Filter returns the board's text filter ("" when none).
func (m *Model) Filter() string { return string(m.filterText) }

// visible returns the measures the filter lets through: all of them
// when there is no filter.
func (m *Model) visible() []*model.Measure {
	q := strings.ToLower(strings.TrimSpace(string(m.filterText)))
	if q == "" {
		return m.measures
	}
	if m.hay == nil || m.hayLang != m.com.Lang {
		m.hay, m.hayLang = make(map[*model.Measure]string, len(m.measures)), m.com.Lang
	}
	out := make([]*model.Measure, 0, len(m.measures)/4)
	for _, x := range m.measures {
		h, ok := m.hay[x]
		if !ok {
			h = haystack(x, m.com.Lang)
			m.hay[x] = h
		}
		if strings.Contains(h, q) {
			out = append(out, x)
		}
	}
	return out
}

// haystack is the text of x the filter searches, lower-cased: title,
// type, organisation, contact, target group, areas, description and ID.
func haystack(x *model.Measure, l model.Lang) string {
	parts := []string{x.Title, x.Type.Label(l), x.Org.Label(l), x.Contact, x.TargetGroup, strings.Join(x.Areas, " "), x.Description, string(x.ID)}
	return strings.ToLower(strings.Join(parts, "\n"))
}

// filterKey edits the filter while it is being typed: enter keeps it,
// esc clears it.
func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	var ed common.LineEdit
	m.filterText, ed = common.EditLine(msg, m.filterText, 200)
	switch ed {
	case common.LineIgnored:
		return nil
	case common.LineDone:
		m.typing = false
		// Applying a filter is a view of its own (R5), logged once here
		// and not per key.
		if strings.TrimSpace(string(m.filterText)) != "" {
			m.filterGen++
		}
		return nil
	case common.LineCleared:
		m.typing = false
	}
	m.cursor, m.offset = [3]int{}, [3]int{}
	m.dueCursor, m.dueOffset = 0, 0
	m.recompute(nil)
	return nil
}

// pyrIndex maps a display position (0 = top) to the index of the tier in
// model.Pyramid (AllTiers order: general, specific, individual).
func pyrIndex(d int) int {
	all := model.AllTiers()
	return slices.Index(all, displayTier(d))
}

func displayTier(d int) model.Tier {
	return [3]model.Tier{model.TierIndividual, model.TierSpecific, model.TierGeneral}[d]
}

func displayOf(t model.Tier) int {
	switch t {
	case model.TierIndividual:
		return 0
	case model.TierSpecific:
		return 1
	}
	return 2
}

func statusPos(s model.MeasureStatus) int { return slices.Index(model.AllMeasureStatuses(), s) }

func (m *Model) listHeight() int { return max(m.h-m.headerLines(), 1) }

func (m *Model) clamp() {
	for d := range 3 {
		rs := m.rows[d]
		c := min(max(m.cursor[d], 0), max(len(rs)-1, 0))
		// The cursor rests on measures, never on headings.
		for c < len(rs) && rs[c].measure == nil {
			c++
		}
		if c >= len(rs) {
			c = max(len(rs)-1, 0)
		}
		m.cursor[d] = c
		h := m.listHeight()
		if c < m.offset[d] {
			m.offset[d] = c
		}
		if c >= m.offset[d]+h {
			m.offset[d] = c - h + 1
		}
		if c > 0 && rs[c-1].measure == nil && m.offset[d] == c {
			m.offset[d] = c - 1 // show the heading above the first row
		}
		m.offset[d] = max(m.offset[d], 0)
	}
	n := len(m.pyr.Overdue) + len(m.pyr.Due)
	m.dueCursor = min(max(m.dueCursor, 0), max(n-1, 0))
	h := max(m.h-2, 1)
	if m.dueCursor < m.dueOffset {
		m.dueOffset = m.dueCursor
	}
	if m.dueCursor >= m.dueOffset+h {
		m.dueOffset = m.dueCursor - h + 1
	}
}

// moveCursor moves the focused tier's cursor by n measures.
func (m *Model) moveCursor(n int) {
	rs := m.rows[m.tier]
	c := m.cursor[m.tier]
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for ; n > 0; n-- {
		j := c + step
		for j >= 0 && j < len(rs) && rs[j].measure == nil {
			j += step
		}
		if j < 0 || j >= len(rs) {
			break
		}
		c = j
	}
	m.cursor[m.tier] = c
	m.clamp()
}

// dueRefs returns the overdue then the due follow-ups.
func (m *Model) dueRefs() []model.MeasureRef {
	out := make([]model.MeasureRef, 0, len(m.pyr.Overdue)+len(m.pyr.Due))
	return append(append(out, m.pyr.Overdue...), m.pyr.Due...)
}

// restoreDraft opens the form of draft d: on the stored measure it edits,
// or on a new one.
func (m *Model) restoreDraft(d common.Draft) {
	x := &model.Measure{}
	if d.ID != "" {
		if old := m.byID(d.ID); old != nil {
			c := *old
			x = &c
		}
	}
	m.openForm(x)
	m.form.SetValues(d.Fields)
	m.form.Dirty = true
	if x.Tier == model.TierIndividual {
		m.draftOf = x.ID
	}
}

// Paste implements common.Paster (see common.PasteTo).
func (m *Model) Paste(text string) tea.Cmd {
	var f *common.Form
	if !m.typing && (m.mode == ModeForm || m.mode == ModeFollowUp) {
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
		m.vlog.Arm()
		if !m.ld.Loaded() {
			return m, m.load()
		}
		return m, nil
	case common.LockMsg:
		m.vlog.Disarm()
		m.measures, m.obs, m.obsIx, m.cases, m.detail, m.hay = nil, nil, nil, nil, nil, nil
		m.typing = false
		m.pyr = model.Pyramid{}
		m.rows = [3][]row{}
		m.overdueN, m.dueN = [3]int{}, [3]int{}
		m.ld.Reset()
		m.form, m.editing, m.confirm, m.pick, m.pendingTier = nil, nil, nil, nil, nil
		if m.mode != ModeDue {
			m.mode = ModeBoard
		}
		return m, nil
	case common.SavedMsg:
		// Another screen changed a case or an observation: reload quietly.
		if (msg.Record == nil && msg.Deleted || msg.Record != nil && msg.Record.Kind() != model.KindMeasure) && m.ld.Loaded() {
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
		m.measures, m.cases = msg.measures, msg.cases
		m.hay = nil
		m.setObs(msg.obs)
		m.ld.MarkLoaded()
		m.recompute(m.Selected())
		if d, ok := m.ld.TakeDraft(); ok {
			m.restoreDraft(d)
		}
		return m, nil
	case common.RestoreDraftMsg:
		if msg.Draft.Kind != model.KindMeasure {
			return m, nil
		}
		if !m.ld.Loaded() {
			// An edit needs the stored measure: wait for the load.
			m.ld.KeepDraft(msg.Draft)
			return m, nil
		}
		m.restoreDraft(msg.Draft)
		return m, nil
	case common.OpenRecordMsg:
		return m, m.view(msg.ID)
	case viewedMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		if m.detail == nil || m.detail.ID != msg.m.ID {
			m.detailOffset = 0
		}
		m.detail = msg.m
		if m.mode != ModeDetail {
			m.back = m.listMode()
		}
		m.mode = ModeDetail
		// Store.View logged this view with the measure's reference.
		m.vlog.MarkShown(m.viewKey())
		return m, nil
	case savedMsg:
		if m.form != nil {
			m.form.Saving = false
		}
		if msg.err != nil {
			return m, common.ErrorCmd(m.explain(msg.err))
		}
		m.put(msg.m)
		m.recompute(msg.m)
		fromPick := m.pick != nil && m.back == ModeDetail
		if m.mode == ModeForm || m.mode == ModeFollowUp || m.mode == ModeDetail || fromPick {
			m.detail = msg.m
			m.mode = ModeDetail
		} else {
			m.mode = m.listMode()
		}
		m.form, m.editing, m.pick = nil, nil, nil
		rec, text := msg.m, msg.status
		return m, tea.Batch(
			func() tea.Msg { return common.SavedMsg{At: m.com.Now(), Record: rec} },
			func() tea.Msg {
				if text == "" {
					return nil
				}
				return common.StatusMsg{Text: text}
			})
	case deletedMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.measures = slices.DeleteFunc(m.measures, func(x *model.Measure) bool { return x.ID == msg.id })
		m.recompute(nil)
		m.detail = nil
		m.mode = m.listMode()
		return m, func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.PyrDeleted)} }
	case common.SearchMsg:
		// `/` filters the board and the due view by text.
		if m.mode == ModeBoard || m.mode == ModeDue {
			m.typing = true
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// listMode is the list to return to: the due view or the board.
func (m *Model) listMode() Mode {
	if m.back == ModeDue {
		return ModeDue
	}
	return ModeBoard
}

func (m *Model) byID(id model.ID) *model.Measure {
	for _, x := range m.measures {
		if x.ID == id {
			return x
		}
	}
	return nil
}

// put adds or replaces x in the screen's measures.
func (m *Model) put(x *model.Measure) {
	for i, y := range m.measures {
		if y.ID == x.ID {
			m.measures[i] = x
			return
		}
	}
	m.measures = append(m.measures, x)
}

// explain renders a validation error from the store in the user's
// language.
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

// view reads a measure through the store's audited View.
func (m *Model) view(id model.ID) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	// A measure on the individual tier is a read of case data: its view
	// event says so (the log review draws those first), and is written
	// before the measure is read, so nothing shows if it cannot be.
	individual := false
	if x := m.byID(id); x != nil && x.Tier == model.TierIndividual {
		individual = true
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		var r model.Record
		var err error
		if individual {
			err = st.Log(ctx, model.AuditEvent{Action: model.ActionView, Kind: model.KindMeasure, Ref: id, Detail: model.ViewIndividualMeasure})
			if err == nil {
				r, err = st.Get(ctx, id)
			}
		} else {
			r, err = st.View(ctx, id)
		}
		if err != nil {
			return viewedMsg{err: err}
		}
		x, ok := r.(*model.Measure)
		if !ok {
			return viewedMsg{err: fmt.Errorf("tui: record %s is a %s, not a measure", id, r.Kind())}
		}
		return viewedMsg{m: x}
	}
}

// save writes x through the store; status is the notice shown after. An
// individual-tier measure stored before the R2 rule loses its milieu here,
// whatever the change (a status move, a follow-up), so the change is not
// refused for it.
func (m *Model) save(x *model.Measure, status string) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	if x.Tier == model.TierIndividual && len(x.Milieus) > 0 {
		cp := *x
		cp.Milieus = nil
		x = &cp
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		r, err := st.Put(ctx, x)
		if err != nil {
			return savedMsg{err: err}
		}
		out, _ := r.(*model.Measure)
		if out == nil {
			out = x
		}
		return savedMsg{m: out, status: status}
	}
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.typing {
		return m.filterKey(msg)
	}
	switch m.mode {
	case ModeBoard:
		return m.boardKey(msg)
	case ModeDue:
		return m.dueKey(msg)
	case ModeDetail:
		return m.detailKey(msg)
	case ModeForm:
		return m.formKey(msg)
	case ModeFollowUp:
		return m.followUpKey(msg)
	case ModeConfirm:
		return m.confirmKey(msg)
	case ModePickObs, ModePickCase:
		return m.pickKey(msg)
	}
	return nil
}

// current is the measure the record keys act on: the detail, or the
// one under the cursor.
func (m *Model) current() *model.Measure {
	switch m.mode {
	case ModeDetail:
		return m.detail
	case ModeDue:
		refs := m.dueRefs()
		if m.dueCursor < len(refs) {
			return refs[m.dueCursor].Measure
		}
		return nil
	}
	return m.Selected()
}

// recordKey handles the keys shared by the board, the due view and the
// detail; ok reports whether msg was one of them.
func (m *Model) recordKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	km, k := m.com.KeyMap, m.k()
	cur := m.current()
	switch {
	case key.Matches(msg, km.Record.New):
		t := displayTier(m.tier)
		x := &model.Measure{Tier: t, Type: model.MeasureEducationInformation, Status: model.StatusProposed, Org: model.OrgSchool,
			Start: m.today, NextFollowUp: model.NextFollowUpAfter(m.today)}
		x.TLP = model.TLPAmber
		if t == model.TierIndividual {
			x.Type = model.MeasureSupportPerson
			x.TLP = model.TLPRed
		}
		m.openForm(x)
		return nil, true
	case cur == nil:
		return nil, false
	case key.Matches(msg, km.Record.Edit):
		c := *cur
		m.openForm(&c)
		return nil, true
	case key.Matches(msg, km.Record.Delete):
		id := cur.ID
		m.ask([]string{m.com.T(model.PyrConfirmDelete)}, func() tea.Cmd { return m.deleteCmd(id) })
		return nil, true
	case key.Matches(msg, k.NextStatus):
		return m.moveStatus(cur, +1), true
	case key.Matches(msg, k.PrevStatus):
		return m.moveStatus(cur, -1), true
	case key.Matches(msg, k.MoveUp):
		return m.moveTier(cur, -1), true
	case key.Matches(msg, k.MoveDown):
		return m.moveTier(cur, +1), true
	case key.Matches(msg, k.FollowUp):
		m.openFollowUp(cur)
		return nil, true
	case key.Matches(msg, k.LinkObs):
		m.openPickObs(cur)
		return nil, true
	case key.Matches(msg, k.LinkCase):
		if cur.Tier != model.TierIndividual {
			return common.ErrorCmd(errors.New(m.com.T(model.PyrCaseOnlyInd))), true
		}
		c := *cur
		m.openPickCase(&c)
		return nil, true
	}
	return nil, false
}

func (m *Model) boardKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	switch {
	case key.Matches(msg, km.Nav.Up):
		m.moveCursor(-1)
	case key.Matches(msg, km.Nav.Down):
		m.moveCursor(1)
	case key.Matches(msg, km.Nav.PageUp):
		m.moveCursor(-m.listHeight())
	case key.Matches(msg, km.Nav.PageDown):
		m.moveCursor(m.listHeight())
	case key.Matches(msg, km.Nav.Top):
		m.cursor[m.tier] = 0
		m.clamp()
	case key.Matches(msg, km.Nav.Bottom):
		m.cursor[m.tier] = len(m.rows[m.tier]) - 1
		m.clamp()
	case key.Matches(msg, k.TierUp):
		m.tier = max(m.tier-1, 0)
	case key.Matches(msg, k.TierDown):
		m.tier = min(m.tier+1, 2)
	case key.Matches(msg, k.Due):
		m.mode, m.back = ModeDue, ModeDue
	case key.Matches(msg, km.Global.Back) && len(m.filterText) > 0:
		m.filterText = nil
		m.recompute(m.Selected())
	case key.Matches(msg, km.Nav.Enter):
		if x := m.Selected(); x != nil {
			m.back = ModeBoard
			return m.view(x.ID)
		}
	default:
		cmd, _ := m.recordKey(msg)
		return cmd
	}
	return nil
}

func (m *Model) dueKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	switch {
	case key.Matches(msg, km.Nav.Up):
		m.dueCursor--
	case key.Matches(msg, km.Nav.Down):
		m.dueCursor++
	case key.Matches(msg, km.Nav.PageUp):
		m.dueCursor -= max(m.h-2, 1)
	case key.Matches(msg, km.Nav.PageDown):
		m.dueCursor += max(m.h-2, 1)
	case key.Matches(msg, km.Nav.Top):
		m.dueCursor = 0
	case key.Matches(msg, km.Nav.Bottom):
		m.dueCursor = len(m.dueRefs()) - 1
	case key.Matches(msg, km.Global.Back), key.Matches(msg, k.Due):
		m.mode, m.back = ModeBoard, ModeBoard
	case key.Matches(msg, km.Nav.Enter):
		if x := m.current(); x != nil {
			m.back = ModeDue
			return m.view(x.ID)
		}
	default:
		cmd, _ := m.recordKey(msg)
		return cmd
	}
	m.clamp()
	return nil
}

func (m *Model) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	page := max(m.detailRoom()-1, 1)
	switch {
	case key.Matches(msg, km.Global.Back):
		m.mode = m.listMode()
		m.detail = nil
		return nil
	case m.scroll(msg, page):
	default:
		cmd, _ := m.recordKey(msg)
		return cmd
	}
	return nil
}

// ask shows a y/n question; yes runs on y.
func (m *Model) ask(prompt []string, yes func() tea.Cmd) {
	m.confirm = &confirmation{prompt: prompt, yes: yes, back: m.mode}
	m.mode = ModeConfirm
}

func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	c := m.confirm
	m.confirm = nil
	if c == nil {
		m.mode = ModeBoard
		return nil
	}
	m.mode = c.back
	if key.Matches(msg, m.k().Confirm) {
		return c.yes()
	}
	return nil
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

// moveStatus moves x one status on (dir +1) or back (-1). A move that
// opens or closes the measure (to or from completed, followed up or
// cancelled) asks first.
func (m *Model) moveStatus(x *model.Measure, dir int) tea.Cmd {
	all := model.AllMeasureStatuses()
	i := slices.Index(all, x.Status) + dir
	if i < 0 || i >= len(all) {
		return nil
	}
	to := all[i]
	c := *x
	c.Status = to
	l := m.com.Lang
	do := func() tea.Cmd { return m.save(&c, m.com.T(model.PyrMoved, statusWord(to, l))) }
	if x.Status.Open() != to.Open() {
		m.ask([]string{m.com.T(model.PyrConfirmStatus, statusWord(x.Status, l), statusWord(to, l))}, do)
		return nil
	}
	return do()
}

// moveTier moves x one tier up (dir -1, towards the individual tier) or
// down (+1), always after confirmation: a measure's tier says what it is.
// Moving to the individual tier asks for its case; moving away from it
// drops the case link.
func (m *Model) moveTier(x *model.Measure, dir int) tea.Cmd {
	d := displayOf(x.Tier) + dir
	if d < 0 || d > 2 {
		return common.ErrorCmd(errors.New(m.com.T(model.PyrNoTierBeyond)))
	}
	to := displayTier(d)
	c := *x
	c.Tier = to
	l := m.com.Lang
	prompt := []string{m.com.T(model.PyrConfirmTier, x.Tier.Label(l), to.Label(l))}
	switch {
	case to == model.TierIndividual:
		if len(c.Milieus) > 0 {
			// R2: no milieu beside a person.
			prompt = append(prompt, m.com.T(model.PyrConfirmNoMilieu))
			c.Milieus = nil
		}
		prompt = append(prompt, m.com.T(model.PyrConfirmTierCase))
		m.ask(prompt, func() tea.Cmd {
			m.openPickCase(&c)
			return nil
		})
		return nil
	case x.Tier == model.TierIndividual:
		prompt = append(prompt, m.com.T(model.PyrConfirmUnlink))
		c.Case = ""
	}
	m.ask(prompt, func() tea.Cmd { return m.save(&c, m.com.T(model.PyrMoved, to.Label(l))) })
	return nil
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	km, k := m.com.KeyMap, m.k()
	switch m.mode {
	case ModeBoard:
		if m.typing {
			return []key.Binding{km.Nav.Enter, km.Global.Back}
		}
		return []key.Binding{km.Nav.Enter, k.TierUp, k.TierDown, k.NextStatus, k.MoveUp, k.FollowUp, k.Due, km.Record.New}
	case ModeDue:
		return []key.Binding{km.Nav.Enter, k.FollowUp, k.NextStatus, km.Global.Back}
	case ModeDetail:
		return []key.Binding{km.Record.Edit, k.FollowUp, k.LinkObs, k.LinkCase, km.Record.Delete, km.Global.Back}
	case ModeForm, ModeFollowUp:
		return []key.Binding{km.Form.Next, km.Form.Cycle, km.Form.Save, km.Form.Cancel}
	case ModeConfirm:
		return []key.Binding{k.Confirm, km.Global.Back}
	case ModePickObs, ModePickCase:
		return []key.Binding{km.Nav.Up, km.Nav.Down, k.Toggle, km.Nav.Enter, km.Global.Back}
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	km, k := m.com.KeyMap, m.k()
	return [][]key.Binding{
		{km.Nav.Up, km.Nav.Down, k.TierUp, k.TierDown, km.Nav.PageUp, km.Nav.PageDown, km.Nav.Top, km.Nav.Bottom},
		{km.Nav.Enter, k.Due, km.Global.Search, k.NextStatus, k.PrevStatus, k.MoveUp, k.MoveDown},
		{km.Record.New, km.Record.Edit, km.Record.Delete, k.FollowUp, k.LinkObs, k.LinkCase},
		{km.Form.Save, km.Form.Cancel, k.Toggle, k.Confirm},
	}
}

// scroll moves the detail for a navigation key; it reports whether msg
// was one.
func (m *Model) scroll(msg tea.KeyPressMsg, page int) bool {
	var ok bool
	m.detailOffset, ok = m.com.KeyMap.Scroll(msg, m.detailOffset, page, m.detailMax())
	return ok
}
