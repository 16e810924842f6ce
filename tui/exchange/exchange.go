// Package exchange is the Utbyte screen: the partner register and the
// history of bundles exported and imported, an export wizard (recipient,
// scope, a preview of exactly what leaves the vault and what is left out,
// then the bundle written with a progress bar) and an import flow (path,
// verification and a preview of what changes, confirmation, apply).
//
// The screen reaches the vault only through common.Exchanger, from
// tea.Cmds; nothing is written before the user confirms.
package exchange

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

type mode int

const (
	modeList mode = iota
	modeChoose
	modeScope
	modePreviewing
	modePreview
	modeExporting
	modeExported
	modeImportPath
	modeVerifying
	modeImportPreview
	modeImporting
	modeImported
	modeConflicts
)

// The fields of the scope step, in tab order.
const (
	fieldKinds = iota
	fieldTLP
	fieldCases
	fieldSince
	fieldLegal
	fieldPurpose
	fieldFile
	numFields
)

// exportKinds are the kinds offered in the wizard; cases go with the
// cases toggle.
var exportKinds = []model.Kind{model.KindObservation, model.KindMeasure, model.KindPicture, model.KindMeeting, model.KindMember}

var tlps = []model.TLP{model.TLPClear, model.TLPGreen, model.TLPAmber, model.TLPAmberStrict}

// History is one exchange from the audit log.
type History struct {
	Time    time.Time
	Export  bool
	Partner string
	Detail  string
}

type loadedMsg struct {
	partners  []common.PartnerSummary
	history   []History
	conflicts []common.ConflictCopy
	err       error
}

type exportPreviewMsg struct {
	sum common.ExportSummary
	err error
}

type progressMsg struct{ done, total int }

// exportEvent is a message of one export run, named by the run's result
// channel: a message of an earlier run (one the lock cancelled) never
// touches a later one.
type exportEvent struct {
	run chan tea.Msg
	msg tea.Msg
}

type exportedMsg struct {
	sum common.ExportSummary
	err error
}

type importPreviewMsg struct {
	pv  *common.ImportPreview
	err error
}

type importedMsg struct {
	counts map[model.Kind]common.ImportCounts
	err    error
}

type dismissedMsg struct{ err error }

// Model is the Utbyte screen.
type Model struct {
	com  *common.Common
	w, h int
	keys struct{ export, imp, toggle, conflicts, dismiss key.Binding }

	mode      mode
	loaded    bool
	loading   bool
	partners  []common.PartnerSummary
	history   []History
	conflicts []common.ConflictCopy
	errText   string
	errDetail string // the package's one-line reason under a catalogued errText
	conflict  int    // cursor in the conflict copies view
	fieldTop  int    // first line of the selected copy's fields in sight
	note      string // a confirmation shown in the conflict copies view

	cursor int // partner list / choose step

	// export wizard
	partner  string
	field    int
	kindPos  int
	kinds    map[model.Kind]bool
	tlp      int
	cases    bool
	text     [numFields][]rune
	preview  common.ExportSummary
	progress progressMsg
	progCh   chan tea.Msg
	// doneCh carries the export's result. It has room for it, so the
	// export's goroutine never blocks on it, whether or not the screen
	// still waits (it stops waiting when the vault locks).
	doneCh chan tea.Msg
	// stopExport cancels a running export; the lock calls it.
	stopExport context.CancelFunc
	exported   common.ExportSummary
	path       string

	// import flow
	importPath []rune
	plan       *common.ImportPreview
	imported   map[model.Kind]common.ImportCounts
}

// New returns the Utbyte screen.
func New(com *common.Common) *Model {
	m := &Model{com: com}
	m.keys.export = key.NewBinding(key.WithKeys("e"), key.WithHelp("e", com.T(model.XchKeyExport)))
	m.keys.imp = key.NewBinding(key.WithKeys("i"), key.WithHelp("i", com.T(model.XchKeyImport)))
	m.keys.toggle = key.NewBinding(key.WithKeys("space"), key.WithHelp("space", com.T(model.XchKeyToggle)))
	m.keys.conflicts = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", com.T(model.XchKeyConflicts)))
	m.keys.dismiss = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", com.T(model.XchKeyDismiss)))
	return m
}

// Init implements common.Screen.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Screen.
func (m *Model) SetSize(w, h int) { m.w, m.h = w, h }

// Capturing reports whether keys belong to the screen: a text field has
// focus, or a wizard step is open.
func (m *Model) Capturing() bool { return m.mode != modeList }

// Partners returns the loaded partner register.
func (m *Model) Partners() []common.PartnerSummary { return m.partners }

// History returns the exchanges found in the audit log, newest first.
func (m *Model) History() []History { return m.history }

func (m *Model) exchanger() common.Exchanger {
	x, _ := m.com.Store.(common.Exchanger)
	return x
}

func (m *Model) load() tea.Cmd {
	st := m.com.Store
	x := m.exchanger()
	if st == nil || x == nil || m.loading {
		return nil
	}
	m.loading = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		ps, err := x.Partners(ctx)
		if err != nil {
			return loadedMsg{err: err}
		}
		names := map[model.ID]string{}
		for _, p := range ps {
			names[p.ID] = p.Name
		}
		var hist []History
		err = st.AuditEvents(ctx, func(ev model.AuditEvent) error {
			if ev.Kind != model.KindPartner || (ev.Action != model.ActionExport && ev.Action != model.ActionImport) {
				return nil
			}
			if ev.Action == model.ActionImport && strings.Contains(ev.Detail, " part ") {
				return nil
			}
			name, ok := names[ev.Ref]
			if !ok {
				name = string(ev.Ref)
			}
			hist = append(hist, History{Time: ev.Time, Export: ev.Action == model.ActionExport, Partner: name, Detail: shortDetail(ev.Detail)})
			return nil
		})
		if err != nil {
			return loadedMsg{err: err}
		}
		slices.Reverse(hist)
		cs, err := x.Conflicts(ctx)
		if err != nil {
			return loadedMsg{err: err}
		}
		return loadedMsg{partners: ps, history: hist, conflicts: cs}
	}
}

// shortDetail shortens "bundle HASH seq N: …" to "#N HASH8 …".
func shortDetail(d string) string {
	rest, ok := strings.CutPrefix(d, "bundle ")
	if !ok {
		return d
	}
	hash, rest, _ := strings.Cut(rest, " ")
	if len(hash) > 8 {
		hash = hash[:8]
	}
	seq, rest, _ := strings.Cut(strings.TrimPrefix(rest, "seq "), ": ")
	return "#" + seq + " " + hash + "  " + rest
}

// Update implements common.Screen.
func (m *Model) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case common.ActivateMsg:
		return m, m.load()
	case common.ReloadMsg:
		m.loaded = false
		return m, nil
	case common.LockMsg:
		m.discardPlan()
		if m.stopExport != nil {
			m.stopExport()
		}
		*m = *New(m.com)
		return m, nil
	case loadedMsg:
		m.loading = false
		if msg.err != nil {
			return m, common.ErrorCmd(msg.err)
		}
		m.partners, m.history, m.conflicts, m.loaded = msg.partners, msg.history, msg.conflicts, true
		m.cursor = min(m.cursor, max(len(m.partners)-1, 0))
		m.conflict, m.fieldTop = min(m.conflict, max(len(m.conflicts)-1, 0)), 0
		return m, nil
	case dismissedMsg:
		if msg.err != nil {
			m.errText, m.errDetail, m.note = oneLine(msg.err), "", ""
			return m, nil
		}
		m.errText, m.note = "", m.com.T(model.XchConflictRemoved)
		m.loaded = false
		return m, m.load()
	case exportPreviewMsg:
		if m.mode != modePreviewing {
			return m, nil
		}
		if msg.err != nil {
			m.mode, m.errText, m.errDetail = modeScope, oneLine(msg.err), ""
			return m, nil
		}
		m.mode, m.preview, m.errText = modePreview, msg.sum, ""
		return m, nil
	case exportEvent:
		if msg.run == nil || msg.run != m.doneCh {
			return m, nil // a run the lock cancelled
		}
		return m.Update(msg.msg)
	case progressMsg:
		m.progress = msg
		return m, m.wait()
	case exportedMsg:
		if m.mode != modeExporting {
			return m, nil // an export the lock cancelled
		}
		m.progCh, m.doneCh = nil, nil
		if m.stopExport != nil {
			m.stopExport()
			m.stopExport = nil
		}
		if msg.err != nil {
			m.mode, m.errText, m.errDetail = modePreview, oneLine(msg.err), ""
			return m, nil
		}
		m.mode, m.exported, m.errText = modeExported, msg.sum, ""
		m.loaded = false
		return m, m.load()
	case importPreviewMsg:
		if m.mode != modeVerifying {
			if msg.pv != nil && msg.pv.Discard != nil {
				msg.pv.Discard()
			}
			return m, nil
		}
		if msg.err != nil {
			m.mode = modeImportPath
			m.setError(msg.err)
			return m, nil
		}
		m.plan, m.errText, m.errDetail = msg.pv, "", ""
		m.mode = modeImportPreview
		return m, nil
	case importedMsg:
		m.plan = nil
		if msg.err != nil {
			m.mode = modeImportPath
			m.setError(msg.err)
			return m, nil
		}
		m.mode, m.imported, m.errText = modeImported, msg.counts, ""
		m.loaded = false
		// The other screens hold records from before the import.
		return m, tea.Batch(m.load(), func() tea.Msg { return common.StaleMsg{} })
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func oneLine(err error) string { return model.SanitizeLine(err.Error()) }

// setError shows err: a refused import as its catalogued reason with the
// package's detail under it, anything else as its one line.
func (m *Model) setError(err error) {
	var rej common.ExchangeRejection
	if errors.As(err, &rej) {
		m.errText, m.errDetail = m.com.T(model.XchRejected, m.com.T(rej.Reason())), oneLine(err)
		return
	}
	m.errText, m.errDetail = oneLine(err), ""
}

func (m *Model) discardPlan() {
	if m.plan != nil && m.plan.Discard != nil {
		m.plan.Discard()
	}
	m.plan = nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	switch m.mode {
	case modeList:
		switch {
		case key.Matches(msg, km.Nav.Up):
			m.cursor = max(m.cursor-1, 0)
		case key.Matches(msg, km.Nav.Down):
			m.cursor = min(m.cursor+1, max(len(m.partners)-1, 0))
		case key.Matches(msg, m.keys.export):
			return m.startExport()
		case key.Matches(msg, m.keys.imp):
			// A new import starts with an empty path; the path stays
			// while its errors are corrected.
			m.mode, m.errText, m.errDetail, m.importPath = modeImportPath, "", "", nil
		case key.Matches(msg, m.keys.conflicts):
			m.mode, m.errText, m.errDetail, m.note = modeConflicts, "", "", ""
		}
	case modeConflicts:
		switch {
		case key.Matches(msg, km.Global.Back):
			m.mode, m.errText, m.note = modeList, "", ""
		case key.Matches(msg, km.Nav.Up):
			m.conflict, m.fieldTop = max(m.conflict-1, 0), 0
		case key.Matches(msg, km.Nav.Down):
			m.conflict, m.fieldTop = min(m.conflict+1, max(len(m.conflicts)-1, 0)), 0
		case key.Matches(msg, km.Nav.PageDown):
			_, room, total := m.conflictFields()
			m.fieldTop = min(m.fieldTop+max(room-1, 1), max(total-room, 0))
		case key.Matches(msg, km.Nav.PageUp):
			_, room, _ := m.conflictFields()
			m.fieldTop = max(m.fieldTop-max(room-1, 1), 0)
		case key.Matches(msg, m.keys.dismiss):
			return m.dismiss()
		}
	case modeChoose:
		switch {
		case key.Matches(msg, km.Global.Back):
			m.mode = modeList
		case key.Matches(msg, km.Nav.Up):
			m.cursor = max(m.cursor-1, 0)
		case key.Matches(msg, km.Nav.Down):
			m.cursor = min(m.cursor+1, max(len(m.partners)-1, 0))
		case key.Matches(msg, km.Nav.Enter):
			if m.cursor < len(m.partners) {
				m.chooseScope(m.partners[m.cursor])
			}
		}
	case modeScope:
		return m.scopeKey(msg)
	case modePreview:
		switch {
		case key.Matches(msg, km.Global.Back):
			m.mode, m.errText = modeScope, ""
		case key.Matches(msg, km.Nav.Enter):
			return m.export()
		}
	case modeExported, modeImported:
		if key.Matches(msg, km.Global.Back) || key.Matches(msg, km.Nav.Enter) {
			m.mode = modeList
		}
	case modeImportPath:
		switch msg.Key().Code {
		case tea.KeyEscape:
			m.mode, m.errText, m.errDetail = modeList, "", ""
		case tea.KeyEnter:
			path := strings.TrimSpace(string(m.importPath))
			if path == "" {
				m.errText, m.errDetail = m.com.T(model.XchErrFile), ""
				return nil
			}
			return m.previewImport(path)
		default:
			m.importPath = editRunes(m.importPath, msg)
		}
	case modeImportPreview:
		switch {
		case key.Matches(msg, km.Global.Back):
			m.discardPlan()
			m.mode = modeImportPath
		case msg.String() == "y" || msg.String() == "j":
			if m.plan.Already {
				m.discardPlan()
				m.mode = modeList
				return nil
			}
			return m.apply()
		}
	}
	return nil
}

// dismiss removes the selected conflict copy, when the store can.
func (m *Model) dismiss() tea.Cmd {
	d, ok := m.com.Store.(common.ConflictDismisser)
	if !ok || m.conflict >= len(m.conflicts) {
		return nil
	}
	c := m.conflicts[m.conflict]
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return dismissedMsg{d.DismissConflict(ctx, c.ID, c.Bundle)}
	}
}

func editRunes(buf []rune, msg tea.KeyPressMsg) []rune {
	k := msg.Key()
	if msg.String() == "ctrl+u" {
		return buf[:0] // clear the line, as a shell does
	}
	if k.Code == tea.KeyBackspace {
		if len(buf) > 0 {
			buf = buf[:len(buf)-1]
		}
		return buf
	}
	if k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(buf) < 1000 {
		add := []rune(k.Text) // one key may carry many characters
		return append(buf, add[:min(len(add), 1000-len(buf))]...)
	}
	return buf
}

func (m *Model) startExport() tea.Cmd {
	if len(m.partners) == 0 {
		return common.ErrorCmd(fmt.Errorf("%s", m.com.T(model.XchErrNoPartner)))
	}
	m.mode, m.errText = modeChoose, ""
	return nil
}

func (m *Model) chooseScope(p common.PartnerSummary) {
	m.partner = p.Name
	m.mode, m.field, m.kindPos, m.errText = modeScope, fieldKinds, 0, ""
	m.kinds = map[model.Kind]bool{model.KindObservation: true, model.KindMeasure: true, model.KindPicture: true}
	m.tlp, m.cases = 2, false
	m.text = [numFields][]rune{}
	m.text[fieldFile] = []rune(fmt.Sprintf("varn-%s-%s.age", slug(p.Name), m.com.Now().Format("20060102")))
}

// slug makes a file-name-safe form of a partner name.
func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'å' || r == 'ä':
			b.WriteRune('a')
		case r == 'ö':
			b.WriteRune('o')
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteRune('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

func isText(f int) bool { return f >= fieldSince }

func (m *Model) scopeKey(msg tea.KeyPressMsg) tea.Cmd {
	km := m.com.KeyMap
	switch msg.Key().Code {
	case tea.KeyEscape:
		m.mode, m.errText = modeChoose, ""
		return nil
	case tea.KeyEnter:
		return m.previewExport()
	case tea.KeyTab:
		if msg.Key().Mod&tea.ModShift != 0 {
			m.field = (m.field + numFields - 1) % numFields
		} else {
			m.field = (m.field + 1) % numFields
		}
		return nil
	case tea.KeyDown:
		m.field = (m.field + 1) % numFields
		return nil
	case tea.KeyUp:
		m.field = (m.field + numFields - 1) % numFields
		return nil
	}
	if isText(m.field) {
		m.text[m.field] = editRunes(m.text[m.field], msg)
		return nil
	}
	switch m.field {
	case fieldKinds:
		switch {
		case key.Matches(msg, km.Nav.Left):
			m.kindPos = max(m.kindPos-1, 0)
		case key.Matches(msg, km.Nav.Right):
			m.kindPos = min(m.kindPos+1, len(exportKinds)-1)
		case key.Matches(msg, m.keys.toggle):
			k := exportKinds[m.kindPos]
			m.kinds[k] = !m.kinds[k]
		}
	case fieldTLP:
		switch {
		case key.Matches(msg, km.Form.CycleBack):
			m.tlp = (m.tlp + len(tlps) - 1) % len(tlps)
		case key.Matches(msg, km.Form.Cycle):
			m.tlp = (m.tlp + 1) % len(tlps)
		}
	case fieldCases:
		if key.Matches(msg, m.keys.toggle) || key.Matches(msg, km.Form.Cycle) || key.Matches(msg, km.Form.CycleBack) {
			m.cases = !m.cases
		}
	}
	return nil
}

// request builds the export request from the wizard, or says what is
// missing.
func (m *Model) request() (common.ExportRequest, string) {
	req := common.ExportRequest{Partner: m.partner, MaxTLP: tlps[m.tlp], IncludeCases: m.cases}
	for _, k := range exportKinds {
		if m.kinds[k] {
			req.Kinds = append(req.Kinds, k)
		}
	}
	if m.cases {
		req.Kinds = append(req.Kinds, model.KindCase)
	}
	if len(req.Kinds) == 0 {
		return req, m.com.T(model.XchErrKinds)
	}
	for _, f := range []struct {
		field int
		label model.Msg
	}{{fieldSince, model.XchFieldSince}, {fieldLegal, model.XchFieldLegal}, {fieldPurpose, model.XchFieldPurpose}, {fieldFile, model.XchFieldFile}} {
		// Control, escape and direction characters would reach the signed
		// manifest, the audit log and the file name as they are.
		if s := string(m.text[f.field]); model.SanitizeLine(s) != s {
			return req, m.com.T(f.label) + ": " + m.com.T(model.MsgBadCharacters)
		}
	}
	if s := strings.TrimSpace(string(m.text[fieldSince])); s != "" {
		d, err := time.ParseInLocation(time.DateOnly, s, time.Local)
		if err != nil {
			return req, m.com.T(model.XchErrSince)
		}
		req.Since = d
	}
	req.LegalBasis = strings.TrimSpace(string(m.text[fieldLegal]))
	req.Purpose = strings.TrimSpace(string(m.text[fieldPurpose]))
	if req.LegalBasis == "" || req.Purpose == "" {
		return req, m.com.T(model.XchErrLegal)
	}
	req.Path = strings.TrimSpace(string(m.text[fieldFile]))
	if req.Path == "" {
		return req, m.com.T(model.XchErrFile)
	}
	return req, ""
}

func (m *Model) previewExport() tea.Cmd {
	req, problem := m.request()
	if problem != "" {
		m.errText, m.errDetail = problem, ""
		return nil
	}
	x := m.exchanger()
	m.mode, m.errText = modePreviewing, ""
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		sum, err := x.PreviewExport(ctx, req)
		return exportPreviewMsg{sum, err}
	}
}

// export runs the export in the background, reporting progress through a
// channel the screen waits on.
func (m *Model) export() tea.Cmd {
	req, problem := m.request()
	if problem != "" {
		m.errText, m.errDetail = problem, ""
		return nil
	}
	x := m.exchanger()
	ch := make(chan tea.Msg, 4)
	req.Progress = func(done, total int) {
		select {
		case ch <- progressMsg{done, total}:
		default:
		}
	}
	done := make(chan tea.Msg, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	m.mode, m.progCh, m.doneCh, m.progress, m.path = modeExporting, ch, done, progressMsg{}, req.Path
	m.stopExport = cancel
	go func() {
		defer cancel()
		sum, err := x.Export(ctx, req)
		done <- exportedMsg{sum, err}
	}()
	return m.wait()
}

// wait returns the next message of the running export: a progress report
// or its result.
func (m *Model) wait() tea.Cmd {
	prog, done := m.progCh, m.doneCh
	if prog == nil || done == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case msg := <-done:
			return exportEvent{done, msg}
		case msg := <-prog:
			return exportEvent{done, msg}
		}
	}
}

func (m *Model) previewImport(path string) tea.Cmd {
	x := m.exchanger()
	m.mode, m.errText = modeVerifying, ""
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		pv, err := x.PreviewImport(ctx, path)
		return importPreviewMsg{pv, err}
	}
}

func (m *Model) apply() tea.Cmd {
	plan := m.plan
	m.mode = modeImporting
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		counts, err := plan.Apply(ctx)
		return importedMsg{counts, err}
	}
}

// View implements common.Screen.
func (m *Model) View() string {
	if m.exchanger() == nil && m.com.Store != nil {
		return m.com.Styles.Muted.Render(m.com.T(model.XchUnsupported))
	}
	var out string
	switch m.mode {
	case modeList:
		out = m.listView()
	case modeChoose:
		out = m.chooseView()
	case modeScope, modePreviewing:
		out = m.scopeView()
	case modePreview, modeExporting, modeExported:
		out = m.previewView()
	case modeConflicts:
		out = m.conflictsView()
	default:
		out = m.importView()
	}
	if m.errText != "" {
		out += "\n" + m.com.Styles.Error.Render("✗ "+m.errText)
		if m.errDetail != "" {
			out += "\n  " + m.com.Styles.Muted.Render(m.errDetail)
		}
	}
	return m.fit(out)
}

// fit cuts the view to the screen.
func (m *Model) fit(s string) string {
	lines := strings.Split(s, "\n")
	if m.h > 0 && len(lines) > m.h {
		lines = lines[:m.h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.w, "…")
	}
	return strings.Join(lines, "\n")
}

func cell(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

func (m *Model) date(t time.Time) string {
	if t.IsZero() {
		return m.com.T(model.XchNever)
	}
	return t.Local().Format("2006-01-02 15:04")
}

// shortDate is the date and, when there is room, the time.
func (m *Model) shortDate(t time.Time, w int) string {
	if t.IsZero() || w >= 16 {
		return m.date(t)
	}
	return t.Local().Format(time.DateOnly)
}

func (m *Model) listView() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.XchPartners)) + "\n")
	if !m.loaded {
		b.WriteString(s.Muted.Render(m.com.T(model.UILoading)))
		return b.String()
	}
	nameW, lastW := 16, 10
	if m.w >= 120 {
		nameW, lastW = 30, 16
	}
	b.WriteString(s.Header.Render(" "+cell(m.com.T(model.XchColName), nameW)+" "+cell(m.com.T(model.XchColFingerprint), 29)+" "+
		cell(m.com.T(model.XchColImport), 9)+" "+cell(m.com.T(model.XchColSent), 7)+" "+m.com.T(model.XchColLast)) + "\n")
	if len(m.partners) == 0 {
		b.WriteString(s.Muted.Render(" "+m.com.T(model.XchNoPartners)) + "\n")
	}
	for i, p := range m.partners {
		imp := m.com.T(model.XchYes)
		if !p.CanImport {
			imp = m.com.T(model.XchAgeOnly)
		}
		last := p.LastExport
		if p.LastImport.After(last) {
			last = p.LastImport
		}
		line := " " + cell(model.SanitizeLine(p.Name), nameW) + " " + cell(p.Fingerprint, 29) + " " + cell(imp, 9) + " " +
			cell(fmt.Sprintf("%d/%d", p.Sent, p.Received), 7) + " " + m.shortDate(last, lastW)
		if i == m.cursor {
			line = s.Selected.Render("▶" + line[1:])
		}
		b.WriteString(line + "\n")
	}
	if len(m.conflicts) > 0 {
		b.WriteString("\n" + s.Warning.Render(m.com.T(model.XchConflictCopies, len(m.conflicts))) + "\n")
		for i, c := range m.conflicts {
			if i == 3 {
				b.WriteString(s.Muted.Render("  …") + "\n")
				break
			}
			b.WriteString("  " + c.Kind.Label(m.com.Lang) + " " + string(c.ID) + s.Muted.Render("  #"+c.Bundle) + "\n")
		}
	}
	b.WriteString("\n" + s.Title.Render(m.com.T(model.XchHistory)) + "\n")
	if len(m.history) == 0 {
		b.WriteString(s.Muted.Render(" " + m.com.T(model.XchNoHistory)))
		return b.String()
	}
	partW := 14
	if m.w >= 120 {
		partW = 30
	}
	b.WriteString(s.Header.Render(" "+cell(m.com.T(model.XchColTime), 16)+" "+cell(m.com.T(model.XchColDirection), 10)+" "+
		cell(m.com.T(model.XchColPartner), partW)+" "+m.com.T(model.XchColDetail)) + "\n")
	room := max(m.h-strings.Count(b.String(), "\n"), 1)
	for i, h := range m.history {
		if i == room {
			break
		}
		dir := m.com.T(model.XchDirImport)
		if h.Export {
			dir = m.com.T(model.XchDirExport)
		}
		b.WriteString(" " + cell(m.date(h.Time), 16) + " " + cell(dir, 10) + " " + cell(model.SanitizeLine(h.Partner), partW) + " " + model.SanitizeLine(h.Detail) + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (m *Model) chooseView() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.XchExportTitle, 1)) + "\n\n")
	b.WriteString(m.com.T(model.XchExportChoose) + "\n")
	for i, p := range m.partners {
		line := "  " + cell(model.SanitizeLine(p.Name), 30) + " " + p.Fingerprint
		if i == m.cursor {
			line = s.Selected.Render("▶" + line[1:])
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (m *Model) scopeView() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.XchExportTitle, 2)+" · "+model.SanitizeLine(m.partner)) + "\n\n")
	label := func(f int, msg model.Msg) string {
		l := cell(m.com.T(msg), 18)
		if f == m.field {
			return s.Selected.Render("▶" + l)
		}
		return " " + s.Label.Render(l)
	}
	for i, k := range exportKinds {
		box := "[ ]"
		if m.kinds[k] {
			box = "[x]"
		}
		item := box + " " + k.Label(m.com.Lang)
		if m.field == fieldKinds && i == m.kindPos {
			item = s.InputFocus.Render(item)
		}
		lead := strings.Repeat(" ", 19)
		if i == 0 {
			lead = label(fieldKinds, model.XchFieldKinds)
		}
		b.WriteString(lead + " " + item + "\n")
	}
	b.WriteString(label(fieldTLP, model.XchFieldMaxTLP) + " ‹ " + tlps[m.tlp].Label(m.com.Lang) + " ›\n")
	box := "[ ]"
	if m.cases {
		box = "[x]"
	}
	b.WriteString(label(fieldCases, model.XchFieldCases) + " " + box + " " + s.Muted.Render(m.com.T(model.XchCasesHint)) + "\n")
	text := func(f int, msg model.Msg, hint string) {
		v := model.SanitizeLine(string(m.text[f]))
		if f == m.field {
			v = s.InputFocus.Render(v + "▏")
		} else if v == "" && hint != "" {
			v = s.Muted.Render(hint)
		}
		b.WriteString(label(f, msg) + " " + v + "\n")
	}
	text(fieldSince, model.XchFieldSince, m.com.T(model.XchSinceHint))
	text(fieldLegal, model.XchFieldLegal, "")
	text(fieldPurpose, model.XchFieldPurpose, "")
	text(fieldFile, model.XchFieldFile, "")
	b.WriteString("\n")
	if m.mode == modePreviewing {
		b.WriteString(s.Muted.Render(m.com.T(model.UILoading)))
	} else {
		b.WriteString(s.Muted.Render(m.com.T(model.XchScopeHelp)))
	}
	return b.String()
}

func (m *Model) previewView() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.XchExportTitle, 3)+" · "+model.SanitizeLine(m.partner)) + "\n\n")
	p := m.preview
	b.WriteString(s.Label.Render(m.com.T(model.XchExportPreview, model.SanitizeLine(m.partner), p.Total)) + "\n")
	for _, k := range slices.Sorted(maps.Keys(p.Counts)) {
		b.WriteString("  " + cell(k.Label(m.com.Lang), 20) + fmt.Sprintf("%6d", p.Counts[k]) + "\n")
	}
	if len(p.Redacted) > 0 {
		b.WriteString(s.Label.Render(m.com.T(model.XchExportRedacted)) + "\n")
		for _, k := range slices.Sorted(maps.Keys(p.Redacted)) {
			b.WriteString("  " + cell(k.Label(m.com.Lang), 20) + strings.Join(p.Redacted[k], ", ") + "\n")
		}
	}
	if len(p.Withheld) > 0 {
		b.WriteString(s.Label.Render(m.com.T(model.XchExportWithheld)) + "\n")
		for _, why := range slices.Sorted(maps.Keys(p.Withheld)) {
			b.WriteString(fmt.Sprintf("  %6d  %s\n", p.Withheld[why], model.ExchangeReason(m.com.Lang, why)))
		}
	}
	b.WriteString("\n")
	switch m.mode {
	case modePreview:
		b.WriteString(s.Muted.Render(m.com.T(model.XchExportConfirm)))
	case modeExporting:
		b.WriteString(m.com.T(model.XchExportRunning) + " " + m.bar(m.progress.done, m.progress.total))
	case modeExported:
		e := m.exported
		hash := e.Bundle
		if len(hash) > 16 {
			hash = hash[:16]
		}
		b.WriteString(s.OK.Render("✓ "+m.com.T(model.XchExportDone, model.SanitizeLine(m.path))) + "\n")
		b.WriteString(m.com.T(model.XchExportBundle, hash, e.Sequence, e.Total))
	}
	return b.String()
}

// bar draws a progress bar that also states the numbers.
func (m *Model) bar(done, total int) string {
	w := min(40, max(m.w-40, 10))
	if total <= 0 {
		return "[" + strings.Repeat("░", w) + "]"
	}
	n := min(done*w/total, w)
	return "[" + strings.Repeat("█", n) + strings.Repeat("░", w-n) + fmt.Sprintf("] %d/%d", done, total)
}

func (m *Model) importView() string {
	s := m.com.Styles
	var b strings.Builder
	b.WriteString(s.Title.Render(m.com.T(model.XchImportTitle)) + "\n\n")
	path := model.SanitizeLine(string(m.importPath))
	if m.mode == modeImportPath {
		path = s.InputFocus.Render(path + "▏")
	}
	b.WriteString(" " + s.Label.Render(m.com.T(model.XchImportPath)+": ") + path + "\n\n")
	switch m.mode {
	case modeVerifying:
		b.WriteString(s.Muted.Render(m.com.T(model.XchImportVerifying)))
	case modeImportPreview, modeImporting:
		b.WriteString(m.planView())
		if m.mode == modeImporting {
			b.WriteString("\n" + s.Muted.Render(m.com.T(model.XchImportApplying)))
		}
	case modeImported:
		var t common.ImportCounts
		for _, c := range m.imported {
			t.New += c.New
			t.Updated += c.Updated
			t.Conflicting += c.Conflicting
		}
		b.WriteString(s.OK.Render("✓ " + m.com.T(model.XchImportDone, t.New, t.Updated, t.Conflicting)))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (m *Model) planView() string {
	s := m.com.Styles
	p := m.plan
	var b strings.Builder
	if p.Already {
		b.WriteString(s.OK.Render("✓ "+m.com.T(model.XchImportAlready)) + "\n")
		return b.String()
	}
	b.WriteString(s.Label.Render(m.com.T(model.XchImportFrom, model.SanitizeLine(p.From), p.Sequence)) + "\n")
	b.WriteString(m.com.T(model.XchImportFinger, p.Fingerprint) + "\n")
	b.WriteString(m.com.T(model.XchImportDates, p.Created.Local().Format("2006-01-02"), p.Expires.Local().Format("2006-01-02")) + "\n")
	b.WriteString(m.com.T(model.XchImportLegal, model.SanitizeLine(p.LegalBasis)) + "\n")
	b.WriteString(m.com.T(model.XchImportPurpose, model.SanitizeLine(p.Purpose)) + "\n")
	if p.CheckpointProven {
		b.WriteString(s.OK.Render(m.com.T(model.XchImportProven)) + "\n\n")
	} else {
		b.WriteString(s.Muted.Render(m.com.T(model.XchImportUnproven)) + "\n\n")
	}
	num := func(msg model.Msg) string {
		t := m.com.T(msg)
		return strings.Repeat(" ", max(10-ansi.StringWidth(t), 0)) + ansi.Truncate(t, 10, "")
	}
	b.WriteString(s.Header.Render(" "+cell(m.com.T(model.XchColKind), 18)+num(model.XchColNew)+num(model.XchColUpdated)+
		num(model.XchColUnchanged)+num(model.XchColConflicting)+num(model.XchColIgnored)) + "\n")
	changes := 0
	for _, k := range slices.Sorted(maps.Keys(p.Counts)) {
		c := p.Counts[k]
		changes += c.New + c.Updated + c.Conflicting
		b.WriteString(" " + cell(k.Label(m.com.Lang), 18) + fmt.Sprintf("%10d%10d%10d%10d%10d", c.New, c.Updated, c.Unchanged, c.Conflicting, c.Ignored) + "\n")
	}
	if len(p.Conflicts) > 0 {
		b.WriteString(s.Warning.Render(m.com.T(model.XchImportConflicts)) + "\n")
		for _, c := range p.Conflicts {
			kept := m.com.T(model.XchImportKeptHere)
			if c.KeptIncoming {
				kept = m.com.T(model.XchImportKeptThem)
			}
			names := make([]string, len(c.Fields))
			for i, f := range c.Fields {
				names[i] = model.SanitizeLine(model.FieldLabel(c.Kind, f, m.com.Lang))
			}
			b.WriteString("  " + c.Kind.Label(m.com.Lang) + " " + string(c.ID) + ": " + strings.Join(names, ", ") + " – " + kept + "\n")
		}
	}
	for _, why := range slices.Sorted(maps.Keys(p.Ignored)) {
		b.WriteString(s.Muted.Render(m.com.T(model.XchImportIgnored, p.Ignored[why], model.ExchangeReason(m.com.Lang, why))) + "\n")
	}
	if changes == 0 {
		b.WriteString(m.com.T(model.XchImportNothing) + "\n")
	}
	b.WriteString("\n" + s.Muted.Render(m.com.T(model.XchImportConfirm)))
	return b.String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	km := m.com.KeyMap
	switch m.mode {
	case modeList:
		if len(m.conflicts) > 0 {
			return []key.Binding{m.keys.export, m.keys.imp, m.keys.conflicts}
		}
		return []key.Binding{m.keys.export, m.keys.imp}
	case modeConflicts:
		keys := []key.Binding{km.Nav.Up, km.Nav.Down}
		if _, room, total := m.conflictFields(); total > room {
			keys = append(keys, km.Nav.PageDown, km.Nav.PageUp)
		}
		if _, ok := m.com.Store.(common.ConflictDismisser); ok && len(m.conflicts) > 0 {
			keys = append(keys, m.keys.dismiss)
		}
		return append(keys, km.Global.Back)
	case modeScope:
		return []key.Binding{km.Form.Next, m.keys.toggle, km.Nav.Enter, km.Global.Back}
	}
	return []key.Binding{km.Nav.Enter, km.Global.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	km := m.com.KeyMap
	return [][]key.Binding{
		{m.keys.export, m.keys.imp, m.keys.conflicts, m.keys.dismiss, km.Nav.Up, km.Nav.Down},
		{km.Form.Next, km.Form.Prev, m.keys.toggle, km.Form.Cycle, km.Nav.Enter, km.Global.Back},
	}
}
