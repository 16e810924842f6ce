// Package picture is the Lägesbild screen: the overview (milieu ×
// dimension matrix with counts and the highest concern, a 13-week
// sparkline per milieu, what is new since the last weekly meeting), the
// list of observations with filters and instant search, the detail of
// one observation, the create/edit form with per-field validation and
// delete with confirmation. Every view, change and delete goes through
// the store, which audits it.
package picture

import (
	"context"
	"errors"
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

// Mode is what the screen shows.
type Mode int

// The modes of the screen.
const (
	ModeOverview Mode = iota
	ModeList
	ModeDetail
	ModeForm
	ModeConfirmDelete
	ModePictures
)

// SortKey orders the list.
type SortKey int

// The sort keys, cycled with `s`.
const (
	SortObserved SortKey = iota // newest first
	SortConcern                 // highest first
	SortMilieu
	SortArea
	numSort
)

type loadedMsg struct {
	obs         []*model.Observation
	pics        []*model.Picture
	lastMeeting time.Time
	areas       []string
	err         error
}

type viewedMsg struct {
	obs *model.Observation
	err error
}

type savedMsg struct {
	obs *model.Observation
	err error
}

type deletedMsg struct {
	id  model.ID
	err error
}

// Model is the Lägesbild screen.
type Model struct {
	com  *common.Common
	mode Mode
	back Mode

	loaded, loading bool
	ix              *Index
	ov              model.Overview
	pics            []*model.Picture
	lastMeeting     time.Time
	areas           []string

	ovRow, ovCol int

	filter     Filter
	filterText []rune
	editing    bool
	filterErr  string
	sortKey    SortKey
	rows       []int // positions in ix.Obs, filtered and sorted
	cursor     int
	offset     int
	rowCache   map[model.ID]string
	cacheW     int

	detail *model.Observation
	form   *form
	// discard is set while asking whether to drop a dirty form.
	discard bool
	// wantOpen is a record to show once data is loaded.
	wantOpen model.ID

	picCursor     int
	picAsk        picInput
	picText       []rune
	picErr        string
	picFocus      int
	picLikelihood int

	w, h int
}

// New returns the screen.
func New(com *common.Common) *Model {
	return &Model{com: com, ix: NewIndex(nil), rowCache: map[model.ID]string{}}
}

// Mode reports what the screen shows.
func (m *Model) Mode() Mode { return m.mode }

// Rows returns the observations in the list, filtered and sorted.
func (m *Model) Rows() []*model.Observation {
	out := make([]*model.Observation, len(m.rows))
	for i, j := range m.rows {
		out[i] = m.ix.Obs[j]
	}
	return out
}

// SetData replaces the screen's observations (for tests and benchmarks;
// the screen normally loads them itself).
func (m *Model) SetData(obs []*model.Observation) {
	m.ix = NewIndex(obs)
	m.loaded = true
	m.rowCache = map[model.ID]string{}
	m.recompute()
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return m.load() }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.clamp()
}

// Capturing implements common.Capturer.
func (m *Model) Capturing() bool {
	return m.editing || m.mode == ModeForm || m.mode == ModeConfirmDelete || m.discard ||
		m.mode == ModePictures && m.picAsk != picNone
}

// Dirty implements common.Drafter.
func (m *Model) Dirty() bool { return m.mode == ModeForm && m.form != nil && m.form.dirty }

// Draft implements common.Drafter.
func (m *Model) Draft() (common.Draft, bool) {
	if !m.Dirty() {
		return common.Draft{}, false
	}
	return common.Draft{Screen: "picture", Kind: model.KindObservation, ID: m.form.obs.ID, Fields: m.form.values()}, true
}

func (m *Model) load() tea.Cmd {
	st := m.com.Store
	if st == nil || m.loading {
		return nil
	}
	m.loading = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		var msg loadedMsg
		msg.err = st.Scan(ctx, model.KindObservation, func(r model.Record) error {
			if o, ok := r.(*model.Observation); ok {
				msg.obs = append(msg.obs, o)
			}
			return nil
		})
		if msg.err != nil {
			return msg
		}
		msg.err = st.Scan(ctx, model.KindPicture, func(r model.Record) error {
			if p, ok := r.(*model.Picture); ok {
				msg.pics = append(msg.pics, p)
			}
			return nil
		})
		if msg.err != nil {
			return msg
		}
		if b, ok, err := st.Setting(ctx, common.SettingLastMeeting); err == nil && ok {
			if t, err := time.Parse(time.RFC3339, string(b)); err == nil {
				msg.lastMeeting = t
			}
		}
		if b, ok, err := st.Setting(ctx, common.SettingAreas); err == nil && ok {
			for _, a := range strings.Split(string(b), "\n") {
				if a = strings.TrimSpace(a); a != "" {
					msg.areas = append(msg.areas, a)
				}
			}
		}
		return msg
	}
}

func (m *Model) recompute() {
	m.ov = model.NewOverview(m.ix.Obs, model.DateOf(m.com.Now()), m.lastMeeting)
	m.applyFilter()
}

func (m *Model) applyFilter() {
	m.rows = m.ix.Match(m.rows[:0], m.filter)
	obs := m.ix.Obs
	switch m.sortKey {
	case SortObserved:
		slices.SortStableFunc(m.rows, func(a, b int) int {
			if c := obs[b].Observed.Compare(obs[a].Observed); c != 0 {
				return c
			}
			return strings.Compare(string(obs[b].ID), string(obs[a].ID))
		})
	case SortConcern:
		slices.SortStableFunc(m.rows, func(a, b int) int { return obs[b].Concern.Rank() - obs[a].Concern.Rank() })
	case SortMilieu:
		slices.SortStableFunc(m.rows, func(a, b int) int { return strings.Compare(string(obs[a].Milieu), string(obs[b].Milieu)) })
	case SortArea:
		slices.SortStableFunc(m.rows, func(a, b int) int { return strings.Compare(obs[a].Area, obs[b].Area) })
	}
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
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ReloadMsg:
		m.loading = false
		return m, m.load()
	case common.ActivateMsg:
		if !m.loaded {
			return m, m.load()
		}
		return m, nil
	case common.LockMsg:
		// Drop every record; keep mode, filter and cursor to come back to.
		m.ix, m.pics, m.detail, m.loaded, m.loading = NewIndex(nil), nil, nil, false, false
		m.rowCache = map[model.ID]string{}
		m.rows = m.rows[:0]
		if m.mode == ModeForm || m.mode == ModeConfirmDelete || m.mode == ModeDetail {
			m.mode = ModeList
		}
		m.form = nil
		m.discard = false
		m.picAsk, m.picText, m.picErr = picNone, nil, ""
		return m, nil
	case loadedMsg:
		m.loading = false
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.ix = NewIndex(msg.obs)
		m.pics, m.areas = msg.pics, msg.areas
		if msg.lastMeeting.After(m.lastMeeting) {
			// A LastMeetingMsg may have come while this load ran.
			m.lastMeeting = msg.lastMeeting
		}
		m.loaded = true
		m.rowCache = map[model.ID]string{}
		m.recompute()
		if id := m.wantOpen; id != "" {
			m.wantOpen = ""
			return m, m.view(id)
		}
		return m, nil
	case common.LastMeetingMsg:
		// A meeting was saved: "new since" counts from the new time.
		m.lastMeeting = msg.At
		if m.loaded {
			m.recompute()
		}
		return m, nil
	case common.OpenRecordMsg:
		if !m.loaded {
			m.wantOpen = msg.ID
			return m, m.load()
		}
		return m, m.view(msg.ID)
	case common.RestoreDraftMsg:
		if msg.Draft.Kind != model.KindObservation {
			return m, nil
		}
		o := &model.Observation{}
		for _, p := range m.ix.Obs {
			if p.ID == msg.Draft.ID && msg.Draft.ID != "" {
				c := *p
				o = &c
			}
		}
		m.form = newForm(m.com, o)
		m.form.setValues(msg.Draft.Fields)
		m.form.dirty = true
		m.back, m.mode = m.mode, ModeForm
		return m, nil
	case viewedMsg:
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.detail = msg.obs
		m.back, m.mode = m.nonDetail(), ModeDetail
		return m, nil
	case savedMsg:
		if m.form != nil {
			m.form.saving = false
		}
		if msg.err != nil {
			// The vault validates too: put its findings beside the fields.
			var ve *model.ValidationError
			if m.form != nil && errors.As(msg.err, &ve) {
				for _, p := range ve.Problems {
					m.form.problems[p.Field] = p.Text(m.com.Lang)
				}
			}
			return m, common.ErrorCmd(msg.err)
		}
		m.ix.Put(msg.obs)
		delete(m.rowCache, msg.obs.ID)
		m.recompute()
		m.form = nil
		m.detail = msg.obs
		m.mode = ModeDetail
		return m, func() tea.Msg { return common.SavedMsg{At: m.com.Now(), Record: msg.obs} }
	case picSavedMsg:
		return m, m.picSaved(msg)
	case deletedMsg:
		if msg.err != nil {
			m.mode = ModeDetail
			return m, common.ErrorCmd(msg.err)
		}
		m.ix.Remove(msg.id)
		delete(m.rowCache, msg.id)
		m.recompute()
		m.detail = nil
		m.mode = ModeList
		return m, func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.UIDeleted)} }
	case common.SearchMsg:
		if m.mode == ModeOverview || m.mode == ModeDetail {
			m.mode = ModeList
		}
		if m.mode == ModeList {
			m.editing = true
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) nonDetail() Mode {
	if m.mode == ModeDetail || m.mode == ModeForm || m.mode == ModeConfirmDelete {
		return ModeList
	}
	return m.mode
}

// view reads a record through the store's audited View.
func (m *Model) view(id model.ID) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		r, err := st.View(ctx, id)
		if err != nil {
			return viewedMsg{err: err}
		}
		o, ok := r.(*model.Observation)
		if !ok {
			return viewedMsg{err: fmt.Errorf("tui: record %s is a %s; its screen is not built yet", id, r.Kind())}
		}
		return viewedMsg{obs: o}
	}
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.editing {
		return m.filterKey(msg)
	}
	switch m.mode {
	case ModeOverview:
		return m.overviewKey(msg)
	case ModeList:
		return m.listKey(msg)
	case ModeDetail:
		return m.detailKey(msg)
	case ModeForm:
		return m.formKey(msg)
	case ModeConfirmDelete:
		return m.confirmKey(msg)
	case ModePictures:
		return m.picturesKey(msg)
	}
	return nil
}

func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.Key()
	switch {
	case k.Code == tea.KeyEnter:
		m.editing = false
		return nil
	case k.Code == tea.KeyEscape:
		m.editing = false
		m.filterText = nil
	case k.Code == tea.KeyBackspace:
		if len(m.filterText) > 0 {
			m.filterText = m.filterText[:len(m.filterText)-1]
		}
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(m.filterText) < 300:
		m.filterText = append(m.filterText, []rune(k.Text)...)
	default:
		return nil
	}
	f, err := ParseFilter(string(m.filterText))
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

func (m *Model) overviewKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	switch {
	case key.Matches(msg, km.Nav.Up):
		m.ovRow = max(m.ovRow-1, 0)
	case key.Matches(msg, km.Nav.Down):
		m.ovRow = min(m.ovRow+1, len(m.ov.Milieus)-1)
	case key.Matches(msg, km.Nav.Left):
		m.ovCol = max(m.ovCol-1, 0)
	case key.Matches(msg, km.Nav.Right):
		m.ovCol = min(m.ovCol+1, len(m.ov.Dimensions)-1)
	case key.Matches(msg, km.Nav.Enter):
		if len(m.ov.Milieus) == 0 {
			return nil
		}
		var f Filter
		f.Milieus = []model.Milieu{m.ov.Milieus[m.ovRow]}
		f.Dimensions = []model.Dimension{m.ov.Dimensions[m.ovCol]}
		m.filter = f
		m.filterText = []rune(m.filter.String())
		m.filterErr = ""
		m.cursor, m.offset = 0, 0
		m.applyFilter()
		m.mode = ModeList
		if f.Dimensions[0] == model.DimensionIndividual {
			// R2: people are never listed by milieu.
			return func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.UIIndividualByMilieu)} }
		}
	case key.Matches(msg, km.Record.Filter):
		m.mode = ModeList
	case key.Matches(msg, km.Record.New):
		return m.newForm()
	case key.Matches(msg, km.Record.Pictures):
		m.mode = ModePictures
	}
	return nil
}

func (m *Model) newForm() tea.Cmd {
	o := &model.Observation{
		Milieu: model.MilieuWhitePower, Dimension: model.DimensionSituation, ObsKind: model.ObsActivity,
		Source: model.OrgPolice, Concern: model.ConcernLow, Trend: model.TrendUnknown,
		Observed: model.DateOf(m.com.Now()),
	}
	o.TLP = model.TLPAmber
	m.form = newForm(m.com, o)
	m.back = m.nonDetail()
	m.mode = ModeForm
	return nil
}

func (m *Model) listKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
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
	case key.Matches(msg, km.Record.Sort):
		m.sortKey = (m.sortKey + 1) % numSort
		m.applyFilter()
	case key.Matches(msg, km.Record.Filter):
		m.editing = true
	case key.Matches(msg, km.Record.ClearFilter):
		m.filter, m.filterText, m.filterErr = Filter{}, nil, ""
		m.applyFilter()
	case key.Matches(msg, km.Global.Back):
		m.mode = ModeOverview
	case key.Matches(msg, km.Record.New):
		return m.newForm()
	case key.Matches(msg, km.Record.Pictures):
		m.mode = ModePictures
	case key.Matches(msg, km.Nav.Enter):
		if m.cursor < len(m.rows) {
			return m.view(m.ix.Obs[m.rows[m.cursor]].ID)
		}
	}
	m.clamp()
	return nil
}

func (m *Model) detailKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	switch {
	case key.Matches(msg, km.Global.Back):
		m.mode = m.back
		m.detail = nil
	case key.Matches(msg, km.Record.Edit) && m.detail != nil:
		c := *m.detail
		m.form = newForm(m.com, &c)
		m.back = ModeList
		m.mode = ModeForm
	case key.Matches(msg, km.Record.Delete) && m.detail != nil:
		m.mode = ModeConfirmDelete
	}
	return nil
}

func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() != "y" && msg.String() != "j" || m.detail == nil {
		m.mode = ModeDetail
		return nil
	}
	st, id := m.com.Store, m.detail.ID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return deletedMsg{id: id, err: st.Delete(ctx, id)}
	}
}

func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	f := m.form
	if f.saving {
		return nil
	}
	cur := f.fields[f.focus]
	k := msg.Key()
	if m.discard {
		m.discard = false
		if s := msg.String(); s != "y" && s != "j" {
			return nil
		}
		f.dirty = false
		msg = tea.KeyPressMsg{Code: tea.KeyEscape}
	}
	switch {
	case key.Matches(msg, km.Form.Cancel) && f.dirty:
		m.discard = true
		return nil
	case key.Matches(msg, km.Form.Cancel):
		m.form = nil
		m.mode = m.back
		if m.detail != nil {
			m.mode = ModeDetail
		}
		return nil
	case key.Matches(msg, km.Form.Save):
		return m.save()
	case msg.String() == "tab" || msg.String() == "down" || (k.Code == tea.KeyEnter && !cur.multi):
		f.focus = (f.focus + 1) % len(f.fields)
		return nil
	case msg.String() == "shift+tab" || msg.String() == "up":
		f.focus = (f.focus + len(f.fields) - 1) % len(f.fields)
		return nil
	}
	if cur.choices != nil {
		switch msg.String() {
		case "right", "space", "l":
			cur.choice = (cur.choice + 1) % len(cur.choices)
			f.dirty = true
		case "left", "h":
			cur.choice = (cur.choice + len(cur.choices) - 1) % len(cur.choices)
			f.dirty = true
		}
		return nil
	}
	switch {
	case k.Code == tea.KeyBackspace:
		if len(cur.value) > 0 {
			cur.value = cur.value[:len(cur.value)-1]
			f.dirty = true
		}
	case k.Code == tea.KeyEnter && cur.multi:
		cur.value = append(cur.value, '\n')
		f.dirty = true
	case k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(cur.value) < 4000:
		cur.value = append(cur.value, []rune(k.Text)...)
		f.dirty = true
	}
	return nil
}

// save validates the form with the model's rules and, when valid,
// writes the record through the store.
func (m *Model) save() tea.Cmd {
	f := m.form
	o, probs := f.build(m.com)
	for _, p := range model.Validate(o, nil) {
		if _, ok := probs[p.Field]; !ok {
			probs[p.Field] = p.Text(m.com.Lang)
		}
	}
	f.problems = probs
	if len(probs) > 0 {
		return func() tea.Msg {
			return common.ErrorMsg{Err: fmt.Errorf("%s", m.com.T(model.UIFormInvalid, len(probs)))}
		}
	}
	f.saving = true
	st := m.com.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		r, err := st.Put(ctx, o)
		if err != nil {
			return savedMsg{err: err}
		}
		so, _ := r.(*model.Observation)
		if so == nil {
			so = o
		}
		return savedMsg{obs: so}
	}
}

// View implements common.Screen.
func (m *Model) View() string {
	if !m.loaded && m.mode != ModeForm {
		return m.com.Styles.Muted.Render(" " + m.com.T(model.UILoading))
	}
	switch m.mode {
	case ModeOverview:
		return m.overviewView()
	case ModeList:
		return m.listView()
	case ModeDetail, ModeConfirmDelete:
		return m.detailView()
	case ModeForm:
		return m.formView()
	case ModePictures:
		return m.picturesView()
	}
	return ""
}

func pad(t string, w int) string {
	t = ansi.Truncate(t, w, "…")
	return t + strings.Repeat(" ", max(w-ansi.StringWidth(t), 0))
}

type col struct {
	title model.Msg
	w     int
}

func (m *Model) columns() []col {
	cols := []col{{model.UIColObserved, 10}, {model.UIColConcern, 9}, {model.UIColMilieu, 12}, {model.UIColDimension, 10}}
	if m.w >= 120 {
		cols = append(cols, col{model.UIColKind, 12}, col{model.UIColArea, 12}, col{model.UIColSource, 12}, col{model.UIColTLP, 8})
	} else {
		cols = append(cols, col{model.UIColArea, 10})
	}
	used := 1
	for _, c := range cols {
		used += c.w + 1
	}
	return append(cols, col{model.UIColSummary, max(m.w-used, 10)})
}

// row renders one observation as a table line (cached per record and
// width: only the visible rows are ever rendered).
func (m *Model) row(o *model.Observation) string {
	if m.cacheW != m.w {
		m.rowCache = map[model.ID]string{}
		m.cacheW = m.w
	}
	if s, ok := m.rowCache[o.ID]; ok {
		return s
	}
	l := m.com.Lang
	cols := m.columns()
	vals := []string{o.Observed.String(), concernSymbol(o.Concern) + " " + o.Concern.Label(l), o.Milieu.Label(l), o.Dimension.Label(l)}
	if m.w >= 120 {
		vals = append(vals, o.ObsKind.Label(l), model.SanitizeLine(o.Area), o.Source.Label(l), o.TLP.Label(l))
	} else {
		vals = append(vals, model.SanitizeLine(o.Area))
	}
	vals = append(vals, model.SanitizeLine(o.Summary))
	var b strings.Builder
	b.WriteByte(' ')
	for i, c := range cols {
		b.WriteString(pad(vals[i], c.w))
		if i < len(cols)-1 {
			b.WriteByte(' ')
		}
	}
	s := ansi.Truncate(b.String(), m.w, "")
	m.rowCache[o.ID] = s
	return s
}

func (m *Model) listView() string {
	s := m.com.Styles
	var b strings.Builder
	ft := model.SanitizeLine(string(m.filterText))
	if m.editing {
		ft += "▏"
	}
	sorts := []model.Msg{model.UISortObserved, model.UISortConcern, model.UISortMilieu, model.UISortArea}
	head := s.Label.Render(m.com.T(model.UIFilter)+": ") + ft
	if m.filterErr != "" {
		head += "  " + s.Error.Render("✗ "+m.filterErr)
	} else if ft == "" {
		head += s.Muted.Render(m.com.T(model.UIFilterHint))
	}
	b.WriteString(ansi.Truncate(head, m.w, "…") + "\n")
	info := m.com.T(model.UIListCount, len(m.rows), len(m.ix.Obs), m.com.T(sorts[m.sortKey]))
	b.WriteString(s.Muted.Render(ansi.Truncate(" "+info, m.w, "…")) + "\n")
	var hdr strings.Builder
	hdr.WriteByte(' ')
	for _, c := range m.columns() {
		hdr.WriteString(pad(m.com.T(c.title), c.w) + " ")
	}
	b.WriteString(s.Header.Render(ansi.Truncate(hdr.String(), m.w, "")))
	if len(m.rows) == 0 {
		b.WriteString("\n" + s.Muted.Render(" "+m.com.T(model.UINoMatches)))
		return b.String()
	}
	end := min(m.offset+m.listHeight(), len(m.rows))
	for i := m.offset; i < end; i++ {
		o := m.ix.Obs[m.rows[i]]
		r := m.row(o)
		b.WriteByte('\n')
		if i == m.cursor {
			b.WriteString(s.Selected.Render("▶" + ansi.Cut(r, 1, m.w)))
		} else if rank := o.Concern.Rank(); rank >= 3 {
			b.WriteString(s.Concern[rank-1].Render(r))
		} else {
			b.WriteString(r)
		}
	}
	return b.String()
}

func (m *Model) detailView() string {
	s := m.com.Styles
	o := m.detail
	if o == nil {
		return ""
	}
	l := m.com.Lang
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.UIObservation)+" "+string(o.ID)) + "\n")
	kv := func(label model.Msg, v string) {
		b.WriteString(s.Label.Render(pad(m.com.T(label), 16)) + " " + v + "\n")
	}
	kv(model.UIFieldMilieu, o.Milieu.Label(l))
	kv(model.UIFieldDimension, o.Dimension.Label(l))
	kv(model.UIFieldKind, o.ObsKind.Label(l))
	kv(model.UIFieldArea, model.SanitizeLine(o.Area))
	src := o.Source.Label(l)
	if o.Reliability != "" || o.Credibility != 0 {
		src += fmt.Sprintf(" (%s%d)", o.Reliability, o.Credibility)
	}
	kv(model.UIFieldSource, src)
	kv(model.UIFieldConcern, concernSymbol(o.Concern)+" "+o.Concern.Label(l))
	kv(model.UIFieldTrend, o.Trend.Label(l))
	period := o.Observed.String()
	if !o.ObservedTo.IsZero() {
		period += " – " + o.ObservedTo.String()
	}
	kv(model.UIFieldObserved, period)
	kv(model.UIFieldTLP, o.TLP.Label(l))
	kv(model.UIFieldVersion, fmt.Sprintf("%d · %s · %s", o.Version, model.SanitizeLine(o.Author), o.Updated.Local().Format("2006-01-02 15:04")))
	var links []string
	for _, id := range o.Groups {
		links = append(links, "group:"+string(id))
	}
	for _, id := range o.Cases {
		links = append(links, "case:"+string(id))
	}
	for _, id := range o.Measures {
		links = append(links, "measure:"+string(id))
	}
	if len(links) > 0 {
		kv(model.UIFieldLinks, model.SanitizeLine(strings.Join(links, " ")))
	}
	b.WriteString("\n" + s.Label.Render(m.com.T(model.UIFieldSummary)) + "\n")
	for _, line := range strings.Split(model.Sanitize(o.Summary), "\n") {
		b.WriteString(ansi.Wrap(line, max(m.w-2, 10), " ") + "\n")
	}
	if m.mode == ModeConfirmDelete {
		b.WriteString("\n" + s.Warning.Render(m.com.T(model.UIConfirmDelete)))
	}
	return b.String()
}

func (m *Model) formView() string {
	s := m.com.Styles
	f := m.form
	var b strings.Builder
	title := model.UIFormNew
	if f.obs.ID != "" {
		title = model.UIFormEdit
	}
	b.WriteString(s.Title.Render(m.com.T(title)) + "\n")
	for i, fl := range f.fields {
		mark := "  "
		if i == f.focus {
			mark = "▶ "
		}
		var v string
		if fl.choices != nil {
			v = "‹ " + fl.labels(fl.choices[fl.choice]) + " ›"
		} else {
			v = model.SanitizeLine(string(fl.value))
			if i == f.focus {
				v += "▏"
			}
		}
		if i == f.focus {
			v = s.InputFocus.Render(v)
		}
		line := mark + s.Label.Render(pad(m.com.T(fl.label), 16)) + " " + v
		if p, ok := f.problems[fl.name]; ok {
			line += "  " + s.Error.Render("✗ "+p)
		}
		b.WriteString(ansi.Truncate(line, m.w, "…") + "\n")
	}
	if f.saving {
		b.WriteString(s.Muted.Render(m.com.T(model.UISaving)))
	}
	if m.discard {
		b.WriteString(s.Warning.Render(m.com.T(model.UIDiscardConfirm)))
	}
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	km := m.com.KeyMap
	switch m.mode {
	case ModeOverview:
		return []key.Binding{km.Nav.Enter, km.Record.New, km.Record.Pictures}
	case ModeList:
		return []key.Binding{km.Nav.Enter, km.Record.Filter, km.Record.Sort, km.Record.New}
	case ModeDetail:
		return []key.Binding{km.Record.Edit, km.Record.Delete, km.Global.Back}
	case ModeForm:
		return []key.Binding{km.Form.Next, km.Form.Cycle, km.Form.Save, km.Form.Cancel}
	case ModePictures:
		return []key.Binding{km.Nav.Up, km.Nav.Down, km.Record.Compile, km.Record.Judgement, km.Record.Publish, km.Global.Back}
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.com.KeyMap
	return [][]key.Binding{
		{km.Nav.Up, km.Nav.Down, km.Nav.Left, km.Nav.Right, km.Nav.PageUp, km.Nav.PageDown, km.Nav.Top, km.Nav.Bottom},
		{km.Nav.Enter, km.Record.Filter, km.Record.ClearFilter, km.Record.Sort},
		{km.Record.Pictures, km.Record.Compile, km.Record.Judgement, km.Record.Publish},
		{km.Record.New, km.Record.Edit, km.Record.Delete, km.Form.Save, km.Form.Cancel},
	}
}
