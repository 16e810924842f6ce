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
	"varn/tui/meetings"
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

// loadedMsg is one chunk of a load: the observations read since the
// previous chunk. The first chunk also carries the pictures and
// settings; the last (done) carries the search index over everything
// read, built off the UI goroutine. more reads the next chunk.
type loadedMsg struct {
	gen         int
	first, done bool
	obs         []*model.Observation
	pics        []*model.Picture
	lastMeeting time.Time
	areas       []string
	ix          *Index
	err         error
	more        tea.Cmd
}

// chunkEvery is how often a load in progress hands the observations read
// so far to the screen, so the overview fills in while the vault is read.
const chunkEvery = 150 * time.Millisecond

// settingsMsg carries the settings the overview uses, re-read after
// another screen changed something that is not an observation.
type settingsMsg struct {
	lastMeeting time.Time
	areas       []string
	pics        []*model.Picture
	gen         int
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

	// loaded is set once a load has started showing data; partial while
	// that data is still incomplete (a load in progress): the views then
	// say so, and nothing is computed from it that would be wrong.
	loaded, loading, partial bool
	// gen numbers loads; chunks of a superseded load are dropped. cancel
	// stops the load in progress.
	gen    int
	cancel context.CancelFunc
	// rowsStale is set when the list's rows were not recomputed after a
	// change of data (they are when the list is next shown).
	rowsStale bool
	// setGen numbers reads of the settings; a [common.LastMeetingMsg]
	// counts as one, so an older read in flight does not undo it.
	// loadSetGen is setGen when the load in progress started.
	setGen, loadSetGen int
	ix                 *Index
	ov                 model.Overview
	pics               []*model.Picture
	lastMeeting        time.Time
	areas              []string

	ovRow, ovCol int

	filter     Filter
	filterText []rune
	editing    bool
	filterErr  string
	sortKey    SortKey
	rows       []int // positions in ix.Obs, filtered and sorted
	// unsearched counts the individual-level observations in the
	// filter's scope that its text leaves out (R2); 0 without text.
	unsearched int
	cursor     int
	offset     int
	rowCache   map[model.ID]cachedRow
	cacheKey   rowKey

	detail *model.Observation
	form   *form
	// discard is set while asking whether to drop a dirty form.
	discard bool
	// wantOpen is a record to show once data is loaded.
	wantOpen model.ID
	// wantDraft is a draft to restore once data is loaded.
	wantDraft *common.Draft

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
	return &Model{com: com, ix: NewIndex(nil), rowCache: map[model.ID]cachedRow{}}
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
	m.rowCache = map[model.ID]cachedRow{}
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

// load reads the observations, pictures and settings in the background.
// The observations come in chunks (see [chunkEvery]): the overview counts
// them as they come and says the counts are incomplete until the last.
// The data shown before is dropped at once, so nothing stale is shown.
func (m *Model) load() tea.Cmd {
	st := m.com.Store
	if st == nil || m.loading {
		return nil
	}
	m.stopLoad()
	m.loading = true
	m.gen++
	gen := m.gen
	m.setGen++
	m.loadSetGen = m.setGen
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	m.cancel = cancel
	m.ix, m.pics, m.rows = NewIndex(nil), nil, m.rows[:0]
	m.rowCache = map[model.ID]cachedRow{}
	m.loaded, m.partial = true, true
	m.recompute()
	ch := make(chan loadedMsg, 1)
	now := m.com.Now()
	return func() tea.Msg {
		go stream(ctx, st, now, gen, ch)
		return nextChunk(ch)()
	}
}

// stopLoad cancels the load in progress, if any.
func (m *Model) stopLoad() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.loading = false
}

func nextChunk(ch <-chan loadedMsg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		if !msg.done && msg.err == nil {
			msg.more = nextChunk(ch)
		}
		return msg
	}
}

// stream reads the screen's data from st and sends it on ch in chunks,
// the last one with done set (or err). It stops when ctx ends.
func stream(ctx context.Context, st common.Store, now time.Time, gen int, ch chan<- loadedMsg) {
	defer close(ch)
	send := func(msg loadedMsg) bool {
		select {
		case ch <- msg:
			return true
		case <-ctx.Done():
			return false
		}
	}
	first := loadedMsg{gen: gen, first: true}
	first.lastMeeting, first.areas, first.pics, first.err = readSettings(ctx, st, now)
	if first.err != nil {
		send(first)
		return
	}
	// The observations come from the store's shared set: read once for
	// every screen (this screen, at unlock, usually starts the read), so
	// the chunks follow that read as it goes.
	var sofar []*model.Observation
	sent, last := 0, time.Now()
	firstSent, stopped := false, false
	set, err := common.LoadObservations(ctx, st, func(obs []*model.Observation) {
		sofar = obs
		if stopped || len(obs)-sent < 128 || time.Since(last) < chunkEvery {
			return
		}
		msg := loadedMsg{gen: gen, obs: obs[sent:]}
		if !firstSent {
			first.obs = msg.obs
			msg, firstSent = first, true
		}
		if !send(msg) {
			stopped = true
			return
		}
		sent, last = len(obs), time.Now()
	})
	if err == nil {
		sofar = set.All
	}
	if err == nil && stopped {
		err = ctx.Err()
	}
	msg := loadedMsg{gen: gen, done: true, err: err}
	if sent <= len(sofar) {
		msg.obs = sofar[sent:len(sofar):len(sofar)]
	}
	if !firstSent {
		first.obs, first.done, first.err = msg.obs, true, err
		msg = first
	}
	if err == nil {
		msg.ix = indexOf(set)
	}
	send(msg)
}

// readSettings reads the time of the last weekly meeting, the areas and
// the pictures. The last weekly meeting is found from the meetings
// themselves (as the Samverkan screen finds it), so it is right even
// before that screen has been opened; the setting it keeps is the
// fallback when there are none.
func readSettings(ctx context.Context, st common.Store, now time.Time) (last time.Time, areas []string, pics []*model.Picture, err error) {
	err = st.Scan(ctx, model.KindPicture, func(r model.Record) error {
		if p, ok := r.(*model.Picture); ok {
			pics = append(pics, p)
		}
		return nil
	})
	if err != nil {
		return
	}
	var mtgs []*model.Meeting
	err = st.Scan(ctx, model.KindMeeting, func(r model.Record) error {
		if x, ok := r.(*model.Meeting); ok {
			mtgs = append(mtgs, x)
		}
		return nil
	})
	if err != nil {
		return
	}
	last = meetings.LastWeekly(mtgs, model.DateOf(now), now.Location())
	if b, ok, err := st.Setting(ctx, common.SettingLastMeeting); err == nil && ok && last.IsZero() {
		if t, err := time.Parse(time.RFC3339, string(b)); err == nil {
			last = t
		}
	}
	if b, ok, err := st.Setting(ctx, common.SettingAreas); err == nil && ok {
		for _, a := range strings.Split(string(b), "\n") {
			if a = strings.TrimSpace(a); a != "" {
				areas = append(areas, a)
			}
		}
	}
	return
}

// reloadSettings re-reads the settings and pictures only (another screen
// saved something that is not an observation).
func (m *Model) reloadSettings() tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	m.setGen++
	gen := m.setGen
	now := m.com.Now()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		msg := settingsMsg{gen: gen}
		msg.lastMeeting, msg.areas, msg.pics, msg.err = readSettings(ctx, st, now)
		return msg
	}
}

// recompute redraws the overview from the data and refreshes the list's
// rows when the list is in view (else marks them stale: sorting 100,000
// rows is not worth doing for a list nobody looks at).
func (m *Model) recompute() {
	m.ov = model.NewOverview(m.ix.Obs, model.DateOf(m.com.Now()), m.lastMeeting)
	if m.listShown() {
		m.applyFilter()
	} else {
		m.rowsStale = true
	}
}

// listShown reports whether the list (or something drawn over it) is in
// view, so its rows must be current.
func (m *Model) listShown() bool {
	return m.mode != ModeOverview && m.mode != ModePictures
}

func (m *Model) applyFilter() {
	m.rowsStale = false
	m.rows = m.ix.Match(m.rows[:0], m.filter)
	m.unsearched = 0
	if strings.TrimSpace(m.filter.Text) != "" {
		// Say what the text search left out (R2), counted by the
		// criteria alone: the count tells nothing of what they say.
		m.unsearched = model.Unsearched(m.ix.Obs, &m.filter.ObservationFilter)
	}
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
	cmd := m.update(msg)
	if m.rowsStale && m.listShown() {
		m.applyFilter()
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.ReloadMsg:
		m.loading = false
		return m.load()
	case common.StaleMsg:
		m.stopLoad()
		m.loaded = false
		return nil
	case common.ActivateMsg:
		if !m.loaded {
			return m.load()
		}
		return nil
	case common.SavedMsg:
		return m.otherSaved(msg)
	case common.LastMeetingMsg:
		if m.loaded {
			m.setGen++
			m.lastMeeting = msg.At
			m.ov = model.NewOverview(m.ix.Obs, model.DateOf(m.com.Now()), m.lastMeeting)
		}
		return nil
	case settingsMsg:
		if msg.err != nil {
			return common.ErrorCmd(msg.err)
		}
		if m.loaded && msg.gen == m.setGen {
			m.lastMeeting, m.areas, m.pics = msg.lastMeeting, msg.areas, msg.pics
			m.ov = model.NewOverview(m.ix.Obs, model.DateOf(m.com.Now()), m.lastMeeting)
		}
		return nil
	case common.LockMsg:
		// Drop every record; keep mode, filter and cursor to come back to.
		m.stopLoad()
		m.gen++
		m.ix, m.pics, m.detail, m.loaded, m.partial = NewIndex(nil), nil, nil, false, false
		m.wantDraft = nil
		m.rowCache = map[model.ID]cachedRow{}
		m.rows = m.rows[:0]
		if m.mode == ModeForm || m.mode == ModeConfirmDelete || m.mode == ModeDetail {
			m.mode = ModeList
		}
		m.form = nil
		m.discard = false
		m.picAsk, m.picText, m.picErr = picNone, nil, ""
		return nil
	case loadedMsg:
		return m.chunk(msg)
	case sharedMsg:
		// Only the same observations in the same order: the rows keep
		// their positions.
		if msg.gen == m.gen && m.loaded && !m.loading && slices.Equal(msg.set.All, m.ix.Obs) {
			m.ix = indexOf(msg.set)
		}
		return nil
	case common.OpenRecordMsg:
		if !m.loaded || m.partial {
			m.wantOpen = msg.ID
			return m.load()
		}
		return m.view(msg.ID)
	case common.RestoreDraftMsg:
		if msg.Draft.Kind != model.KindObservation {
			return nil
		}
		if !m.loaded || m.partial {
			// The record the draft edits may not be read yet.
			d := msg.Draft
			m.wantDraft = &d
			return m.load()
		}
		m.restoreDraft(msg.Draft)
		return nil
	case viewedMsg:
		if msg.err != nil {
			return common.ErrorCmd(msg.err)
		}
		m.detail = msg.obs
		m.back, m.mode = m.nonDetail(), ModeDetail
		return nil
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
			return common.ErrorCmd(msg.err)
		}
		m.form = nil
		m.detail = msg.obs
		m.mode = ModeDetail
		saved := func() tea.Msg { return common.SavedMsg{At: m.com.Now(), Record: msg.obs} }
		if m.loading {
			// The load in progress may have read the old version.
			return tea.Batch(m.reload(), saved)
		}
		m.ix.Put(msg.obs)
		delete(m.rowCache, msg.obs.ID)
		m.recompute()
		return tea.Batch(saved, m.takeShared())
	case picSavedMsg:
		return m.picSaved(msg)
	case deletedMsg:
		if msg.err != nil {
			m.mode = ModeDetail
			return common.ErrorCmd(msg.err)
		}
		gone := m.detail
		if gone == nil || gone.ID != msg.id {
			gone = &model.Observation{}
			gone.ID = msg.id
		}
		m.detail = nil
		m.mode = ModeList
		cmds := []tea.Cmd{
			func() tea.Msg { return common.StatusMsg{Text: m.com.T(model.UIDeleted)} },
			func() tea.Msg { return common.SavedMsg{At: m.com.Now(), Record: gone, Deleted: true} },
		}
		if m.loading {
			return tea.Batch(append(cmds, m.reload())...)
		}
		m.ix.Remove(msg.id)
		delete(m.rowCache, msg.id)
		m.recompute()
		return tea.Batch(append(cmds, m.takeShared())...)
	case common.SearchMsg:
		if m.mode == ModeOverview || m.mode == ModeDetail {
			m.mode = ModeList
		}
		if m.mode == ModeList {
			m.editing = true
		}
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

// sharedMsg hands the screen the store's shared set of observations
// after a change the screen has already made to its own copy.
type sharedMsg struct {
	gen int
	set *common.ObservationSet
}

// takeShared returns a command that fetches the store's shared set
// (from memory; the store has taken in the change already) with its
// search index, so the screen holds no slice or index of its own after
// a change.
func (m *Model) takeShared() tea.Cmd {
	st, gen := m.com.Store, m.gen
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		set := common.CachedObservations(st)
		if set == nil {
			return nil
		}
		set.Index()
		return sharedMsg{gen: gen, set: set}
	}
}

// reload starts the load afresh (dropping a load in progress).
func (m *Model) reload() tea.Cmd {
	m.stopLoad()
	return m.load()
}

// chunk takes in one chunk of a load.
func (m *Model) chunk(msg loadedMsg) tea.Cmd {
	if msg.gen != m.gen || !m.loading {
		return nil // a superseded load
	}
	if msg.err != nil {
		m.stopLoad()
		m.ix, m.pics, m.loaded, m.partial = NewIndex(nil), nil, false, false
		m.rows = m.rows[:0]
		return common.ErrorCmd(msg.err)
	}
	if msg.first {
		m.pics, m.areas = msg.pics, msg.areas
		if m.loadSetGen == m.setGen {
			m.lastMeeting = msg.lastMeeting
		}
	}
	if !msg.done {
		m.ix.add(msg.obs)
		m.recompute()
		return msg.more
	}
	m.stopLoad()
	m.ix, m.partial = msg.ix, false
	m.recompute()
	var cmds []tea.Cmd
	if d := m.wantDraft; d != nil {
		m.wantDraft = nil
		m.restoreDraft(*d)
	}
	if id := m.wantOpen; id != "" {
		m.wantOpen = ""
		cmds = append(cmds, m.view(id))
	}
	return tea.Batch(cmds...)
}

// restoreDraft opens the form with a draft's values.
func (m *Model) restoreDraft(d common.Draft) {
	o := &model.Observation{}
	if d.ID != "" {
		if p := m.find(d.ID); p != nil {
			c := *p
			o = &c
		}
	}
	m.form = newForm(m.com, o)
	m.form.setValues(d.Fields)
	m.form.dirty = true
	m.back, m.mode = m.mode, ModeForm
}

// find returns the loaded observation with id, nil if there is none.
func (m *Model) find(id model.ID) *model.Observation {
	for _, p := range m.ix.Obs {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// otherSaved takes in a change saved by another screen (or this one's
// own, echoed by the App): an observation is put in or taken out of the
// list; a change of many records (a purge) reloads everything; a saved
// picture, meeting or member re-reads the pictures and settings (the
// time of the last weekly meeting).
func (m *Model) otherSaved(msg common.SavedMsg) tea.Cmd {
	if !m.loaded {
		return nil // the data is read when the screen is next shown
	}
	r := msg.Record
	if r == nil {
		return m.reload()
	}
	switch r.Kind() {
	case model.KindObservation:
		o, ok := r.(*model.Observation)
		if !ok {
			return m.reload()
		}
		cur := m.find(o.ID)
		if msg.Deleted && cur == nil || !msg.Deleted && cur != nil && cur.Version == o.Version {
			return nil // already in (or out of) the list
		}
		if m.loading {
			return m.reload()
		}
		if msg.Deleted {
			m.ix.Remove(o.ID)
		} else {
			m.ix.Put(o)
		}
		delete(m.rowCache, o.ID)
		m.recompute()
		return m.takeShared()
	case model.KindPicture, model.KindMeeting, model.KindMember:
		if p, ok := r.(*model.Picture); ok && !msg.Deleted {
			for _, q := range m.pics {
				if q.ID == p.ID && q.Version == p.Version {
					return nil
				}
			}
		}
		return m.reloadSettings()
	case model.KindCase:
		if msg.Deleted {
			// Observations sealed under the case's key went with it.
			return m.reload()
		}
	}
	return nil
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
	var ed common.LineEdit
	m.filterText, ed = common.EditLine(msg, m.filterText, 300)
	switch ed {
	case common.LineIgnored:
		return nil
	case common.LineDone:
		// A filter with an error keeps the line: the keys typed next
		// correct it, and never act as commands on the list.
		if m.filterErr == "" {
			m.editing = false
		}
		return nil
	case common.LineCleared:
		m.editing = false
	}
	m.refilter()
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
	m.applyFilter()
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
		add := []rune(k.Text) // one key may carry many characters
		cur.value = append(cur.value, add[:min(len(add), 4000-len(cur.value))]...)
		f.dirty = true
	}
	return nil
}

// Paste implements common.Paster: a bracketed paste goes into the text
// field in focus (the filter line, a form field, the period or judgement
// being asked for), cleaned by the model's sanitiser; newlines only into
// the form's multi-line summary.
func (m *Model) Paste(text string) tea.Cmd {
	switch {
	case m.editing:
		add := common.PasteText(text, false, 300-len(m.filterText))
		if len(add) == 0 {
			return nil
		}
		m.filterText = append(m.filterText, add...)
		m.refilter()
	case m.mode == ModeForm && m.form != nil && !m.discard && !m.form.saving:
		f := m.form
		cur := f.fields[f.focus]
		if cur.choices != nil {
			return nil
		}
		add := common.PasteText(text, cur.multi, 4000-len(cur.value))
		if len(add) > 0 {
			cur.value = append(cur.value, add...)
			f.dirty = true
		}
	case m.mode == ModePictures && (m.picAsk == picPeriod || m.picAsk == picJudgement && m.picFocus == 0):
		m.picText = append(m.picText, common.PasteText(text, false, model.MaxText-len(m.picText))...)
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

// cachedRow is an observation's table line, plain and as shown when not
// selected (high and acute concern in their style).
type cachedRow struct{ plain, styled string }

// rowKey is what cached rows depend on besides the record.
type rowKey struct {
	w      int
	lang   model.Lang
	styles *common.Styles
}

// row renders one observation as a table line, cached per record, width,
// language and theme: only the visible rows are ever rendered, and
// moving the cursor renders none anew.
func (m *Model) row(o *model.Observation) cachedRow {
	if k := (rowKey{m.w, m.com.Lang, m.com.Styles}); m.cacheKey != k {
		m.rowCache = map[model.ID]cachedRow{}
		m.cacheKey = k
	}
	if r, ok := m.rowCache[o.ID]; ok {
		return r
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
	r := cachedRow{plain: ansi.Truncate(b.String(), m.w, "")}
	r.styled = r.plain
	if rank := o.Concern.Rank(); rank >= 3 {
		r.styled = m.com.Styles.Concern[rank-1].Render(r.plain)
	}
	m.rowCache[o.ID] = r
	return r
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
	if m.unsearched > 0 {
		info += " · " + m.com.T(model.UISearchIndividualExcluded, m.unsearched)
	}
	if m.partial {
		info += " · " + m.com.T(model.UIListPartial)
	}
	b.WriteString(s.Muted.Render(ansi.Truncate(" "+info, m.w, "…")) + "\n")
	var hdr strings.Builder
	hdr.WriteByte(' ')
	for _, c := range m.columns() {
		hdr.WriteString(pad(m.com.T(c.title), c.w) + " ")
	}
	b.WriteString(s.Header.Render(ansi.Truncate(hdr.String(), m.w, "")))
	if len(m.rows) == 0 {
		if m.unsearched > 0 {
			// Not a bare "no matches": the search left some out (R2).
			for _, l := range strings.Split(ansi.Wrap(m.com.T(model.UINoMatchesSearchable), max(m.w-1, 10), " "), "\n") {
				b.WriteString("\n" + s.Muted.Render(" "+l))
			}
			return b.String()
		}
		msg := m.com.T(model.UINoMatches)
		if len(m.filter.Milieus) > 0 && slices.Contains(m.filter.Dimensions, model.DimensionIndividual) {
			// Not a bare "no matches" under a count of them: a milieu
			// never lists people (R2), and the list says so.
			msg = m.com.T(model.UIIndividualByMilieu)
		}
		for _, l := range strings.Split(ansi.Wrap(msg, max(m.w-1, 10), " "), "\n") {
			b.WriteString("\n" + s.Muted.Render(" "+l))
		}
		return b.String()
	}
	end := min(m.offset+m.listHeight(), len(m.rows))
	for i := m.offset; i < end; i++ {
		o := m.ix.Obs[m.rows[i]]
		r := m.row(o)
		b.WriteByte('\n')
		if i == m.cursor {
			b.WriteString(s.Selected.Render("▶" + ansi.Cut(r.plain, 1, m.w)))
		} else {
			b.WriteString(r.styled)
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
		prob := ""
		if p, ok := f.problems[fl.name]; ok {
			prob = "  " + s.Error.Render("✗ "+p)
		}
		var v string
		if fl.choices != nil {
			v = "‹ " + fl.labels(fl.choices[fl.choice]) + " ›"
		} else {
			v = model.SanitizeLine(string(fl.value))
			// A long text is cut to leave room for the field's problem
			// (a short one is shown whole); the field in focus shows its
			// end, where typing happens.
			room := max(m.w-20-ansi.StringWidth(prob), 30)
			if i == f.focus {
				if ansi.StringWidth(v) > room {
					v = "…" + ansi.TruncateLeft(v, ansi.StringWidth(v)-room+1, "")
				}
				v += "▏"
			} else if ansi.StringWidth(v) > room+1 {
				v = ansi.Truncate(v, room+1, "…")
			}
		}
		if i == f.focus {
			v = s.InputFocus.Render(v)
		}
		line := mark + s.Label.Render(pad(m.com.T(fl.label), 16)) + " " + v + prob
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
