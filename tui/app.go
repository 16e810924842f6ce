package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/audit"
	"varn/tui/cases"
	"varn/tui/common"
	"varn/tui/exchange"
	"varn/tui/meetings"
	"varn/tui/picture"
	"varn/tui/pyramid"
	"varn/tui/unlock"
)

// clearAll clears the screen and the scrollback and homes the cursor.
const clearAll = "\x1b[2J\x1b[3J\x1b[H"

// opTimeout bounds a single vault call made from a command.
const opTimeout = 2 * time.Minute

// tabTitles are the catalogue titles of the tabs, in order.
var tabTitles = [common.NumTabs]model.Msg{
	model.UITabPicture, model.UITabPyramid, model.UITabCases,
	model.UITabMeetings, model.UITabAudit, model.UITabExchange,
}

// App is the root model, the only tea.Model of varn's TUI. It owns the
// open store, the tabs, the status bar, help, the command palette, the
// idle lock and the unlock screen.
type App struct {
	com    *common.Common
	opener Opener
	creds  Credentials
	idle   time.Duration

	unlocked bool
	unlock   *unlock.Model
	screens  [common.NumTabs]common.Screen
	active   common.Tab

	help     help.Model
	showHelp bool

	palette     bool
	paletteText []rune

	confirmQuit bool
	quitting    bool

	status    string
	statusErr string
	lastSave  time.Time

	lastInput time.Time
	tickGen   int

	// drafts are the drafts found at unlock, offered until restored or
	// discarded (ctrl+r, ctrl+x).
	drafts []common.Draft

	// meet is the App's part of meeting mode (meetingmode.go).
	meet meetingState

	// fits holds lines of the body measured to fit fitsW cells, so the
	// lines that did not change since the last frame are not measured
	// again (measuring a line of text is most of a frame's work).
	fits  map[string]struct{}
	fitsW int
}

type tickMsg struct{ gen int }

type openedMsg struct {
	store common.Store
	err   error
}

type lockedMsg struct{ err error }

type draftFoundMsg struct{ drafts []common.Draft }

type shutdownMsg struct{}

// NewApp returns the root model. opener opens (and, on first run,
// creates) the vault; creds are the non-interactive unlock means, if any.
func NewApp(opener Opener, creds Credentials, lang model.Lang, idle time.Duration, now func() time.Time) *App {
	if now == nil {
		now = time.Now
	}
	if idle <= 0 {
		idle = DefaultIdleLock
	}
	com := &common.Common{Width: 80, Height: 24, Styles: common.NewStyles(true), KeyMap: common.NewKeyMap(lang), Lang: lang, Now: now}
	a := &App{com: com, opener: opener, creds: creds, idle: idle, help: help.New()}
	a.help.Styles = com.Styles.Help
	mode := unlock.ModeUnlock
	switch {
	case !opener.Exists():
		mode = unlock.ModeCreate
	case creds.auto():
		mode = unlock.ModeAuto
	}
	a.unlock = unlock.New(com, mode)
	a.buildScreens()
	return a
}

func (a *App) buildScreens() {
	a.screens[common.TabPicture] = picture.New(a.com)
	a.screens[common.TabPyramid] = pyramid.New(a.com)
	a.screens[common.TabCases] = cases.New(a.com)
	a.screens[common.TabMeetings] = meetings.New(a.com)
	a.screens[common.TabAudit] = audit.New(a.com)
	a.screens[common.TabExchange] = exchange.New(a.com)
	a.layout()
}

// Init starts the unlock (automatic when an identity or passphrase file
// was given) and asks for the terminal's background colour.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, a.unlock.Init()}
	if a.unlock.Mode() == unlock.ModeAuto {
		cmds = append(cmds, a.openCmd(a.creds))
	}
	return tea.Batch(cmds...)
}

func (a *App) openCmd(c Credentials) tea.Cmd {
	opener := a.opener
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		st, err := opener.Open(ctx, c)
		c.zero()
		return openedMsg{st, err}
	}
}

func (a *App) createCmd(m unlock.CreateMsg) tea.Cmd {
	opener := a.opener
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		st, err := opener.Create(ctx, m.Passphrase, m.Municipality)
		clear(m.Passphrase)
		return openedMsg{st, err}
	}
}

func (a *App) layout() {
	w, h := a.com.Width, a.com.Height
	body := max(h-3, 1) // tabs, status bar, help line
	if a.showHelp {
		body = max(h-2-a.helpHeight(), 1)
	}
	for _, s := range a.screens {
		s.SetSize(w, body)
	}
	a.unlock.SetSize(w, h)
	a.help.SetWidth(w)
}

func (a *App) helpHeight() int {
	return lipgloss.Height(a.fullHelpView())
}

// fullHelpView draws every binding of the active screen and the global
// ones in columns, one group per column, wrapping the columns into more
// rows when the terminal is narrow, so no binding is cut off.
func (a *App) fullHelpView() string {
	st := a.com.Styles.Help
	w := a.com.Width
	var cols []string
	for _, g := range a.fullHelp() {
		kw := 0
		for _, b := range g {
			if b.Enabled() {
				kw = max(kw, ansi.StringWidth(b.Help().Key))
			}
		}
		var lines []string
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			h := b.Help()
			line := st.FullKey.Render(pad(h.Key, kw)) + " " + st.FullDesc.Render(h.Desc)
			lines = append(lines, ansi.Truncate(line, max(w-1, 1), "…"))
		}
		if len(lines) > 0 {
			cols = append(cols, strings.Join(lines, "\n"))
		}
	}
	var rows []string
	var row []string
	used := 0
	for _, c := range cols {
		cw := lipgloss.Width(c) + 3
		if len(row) > 0 && used+cw > w {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, used = nil, 0
		}
		row = append(row, lipgloss.NewStyle().PaddingLeft(1).PaddingRight(2).Render(c))
		used += cw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n")
}

func pad(t string, w int) string {
	return t + strings.Repeat(" ", max(w-ansi.StringWidth(t), 0))
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.com.Width, a.com.Height = msg.Width, msg.Height
		a.layout()
		return a, nil
	case tea.BackgroundColorMsg:
		a.com.Styles = common.NewStyles(msg.IsDark())
		a.help.Styles = a.com.Styles.Help
		return a, nil
	case tickMsg:
		if msg.gen != a.tickGen || !a.unlocked {
			return a, nil
		}
		if a.com.Now().Sub(a.lastInput) >= a.idle {
			if a.com.MeetingMode {
				return a, a.lockInMeeting()
			}
			return a, a.lock(a.com.T(model.UILockedIdle))
		}
		return a, a.tick()
	case shutdownMsg:
		return a, a.shutdown()
	case openedMsg:
		return a.opened(msg)
	case lockedMsg:
		if msg.err != nil {
			a.unlock.Note = model.SanitizeLine(msg.err.Error())
		}
		return a, nil
	case draftFoundMsg:
		a.drafts = msg.drafts
		a.offerDrafts()
		return a, nil
	case unlock.SubmitMsg:
		return a, a.openCmd(Credentials{Passphrase: msg.Passphrase})
	case unlock.CreateMsg:
		return a, a.createCmd(msg)
	case common.ErrorMsg:
		if msg.Err != nil && !errors.Is(msg.Err, errClosing) {
			a.statusErr = model.SanitizeLine(msg.Err.Error())
		}
		return a, nil
	case common.StatusMsg:
		a.status, a.statusErr = msg.Text, ""
		return a, nil
	case common.SavedMsg:
		a.lastSave = msg.At
		a.statusErr = ""
		return a, a.broadcast(msg)
	case common.StaleMsg:
		// Every screen forgets its data; the one in front reads anew.
		return a, tea.Batch(a.broadcast(msg), a.toActive(common.ActivateMsg{}))
	case common.SwitchTabMsg:
		return a, a.switchTab(msg.Tab)
	case common.MeetingModeMsg:
		return a, a.setMeetingMode(msg.On)
	case common.OpenRecordMsg:
		return a, a.openRecord(msg.ID)
	case openKindMsg:
		return a, a.openKind(msg)
	case tea.PasteMsg:
		a.lastInput = a.com.Now()
		a.prepareUnlock()
		return a, a.paste(msg.Content)
	case tea.KeyPressMsg:
		a.lastInput = a.com.Now()
		if !a.unlocked {
			a.prepareUnlock()
			if key.Matches(msg, a.com.KeyMap.Global.Quit) && msg.String() == "ctrl+c" || (msg.String() == "q" && !a.unlockTyping()) {
				a.quitting = true
				return a, tea.Quit
			}
			var cmd tea.Cmd
			a.unlock, cmd = a.unlock.Update(msg)
			return a, cmd
		}
		return a.key(msg)
	}
	if !a.unlocked {
		var cmd tea.Cmd
		a.unlock, cmd = a.unlock.Update(msg)
		return a, cmd
	}
	if a.meet.locked {
		// The vault closed in meeting mode: a result of a load started
		// before the lock must not put records back into the hidden
		// screens. Only the presentation stays.
		var cmd tea.Cmd
		a.screens[common.TabMeetings], cmd = a.screens[common.TabMeetings].Update(msg)
		return a, cmd
	}
	// Results of commands (loads, saves, spinner ticks) go to every
	// screen: a screen that is not in front still has to take in the
	// data it asked for. Each screen's result messages are its own types.
	return a, a.broadcast(msg)
}

// prepareUnlock tells the opener, at a key or paste on the unlock prompt,
// that a passphrase is being typed (see [Preparer]).
func (a *App) prepareUnlock() {
	if a.unlocked {
		return
	}
	if p, ok := a.opener.(Preparer); ok {
		p.PrepareUnlock()
	}
}

// paste hands a bracketed paste to whatever has a text field in focus:
// the unlock prompt, the command palette, or the screen in front while
// it captures keys. Pasted text is never taken as commands.
func (a *App) paste(text string) tea.Cmd {
	switch {
	case !a.unlocked:
		var cmd tea.Cmd
		a.unlock, cmd = a.unlock.Update(tea.PasteMsg{Content: text})
		return cmd
	case a.meet.locked || a.confirmQuit:
		return nil
	case a.palette:
		add := common.PasteText(text, false, 200-len(a.paletteText))
		a.paletteText = append(a.paletteText, add...)
		return nil
	case !a.capturing():
		return nil
	}
	if p, ok := a.screens[a.active].(common.Paster); ok {
		return p.Paste(text)
	}
	// A screen that takes no pastes gets the text as typed keys, one
	// rune each, on one line (an enter would move on or submit).
	var cmds []tea.Cmd
	for _, r := range common.PasteText(text, false, 4000) {
		cmds = append(cmds, a.toActive(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
	return tea.Batch(cmds...)
}

// unlockTyping reports whether `q` should go to the unlock screen as text.
func (a *App) unlockTyping() bool { return a.unlock.Mode() != unlock.ModeAuto }

func (a *App) opened(msg openedMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	a.unlock, cmd = a.unlock.Update(unlock.ResultMsg{Err: msg.err})
	if msg.err != nil {
		if a.unlock.Mode() == unlock.ModeAuto {
			// The file-based unlock failed: fall back to the prompt.
			c := a.unlock.SetMode(unlock.ModeUnlock)
			a.unlock.Update(unlock.ResultMsg{Err: msg.err})
			return a, tea.Batch(cmd, c)
		}
		if a.unlock.Mode() == unlock.ModeCreate && a.opener.Exists() {
			a.unlock.SetMode(unlock.ModeUnlock)
		}
		return a, cmd
	}
	a.com.Store = msg.store
	a.unlocked = true
	a.unlock.Note = ""
	a.unlock.Zero()
	a.lastInput = a.com.Now()
	a.status, a.statusErr = "", ""
	info := msg.store.Info()
	// No trusted checkpoint, or a copy: never silent (issue 15).
	switch {
	case info.Untrusted:
		a.statusErr = a.com.T(model.UIUntrusted)
	case info.Copy:
		a.statusErr = a.com.T(model.UICopyOfVault)
	}
	if info.Created {
		a.status = a.com.T(model.UICreatedWhere, model.SanitizeLine(info.Dir), model.SanitizeLine(info.StateDir))
	}
	// Only the screen in front reads its data now, so the first frame
	// comes at once and the vault is read once, not by every screen at
	// the same time: the others read theirs when first shown (every
	// screen loads on ActivateMsg when it holds no data).
	cmds := []tea.Cmd{cmd, a.tick(), a.toActive(common.ReloadMsg{}), a.findDraftCmd(msg.store)}
	cmds = append(cmds, a.screens[a.active].Init())
	return a, tea.Batch(cmds...)
}

func (a *App) findDraftCmd(st common.Store) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		b, ok, err := st.Draft(ctx, common.DraftName)
		if err != nil {
			return common.ErrorMsg{Err: err}
		}
		if !ok {
			return nil
		}
		ds, err := decodeDrafts(b)
		if err != nil {
			return common.ErrorMsg{Err: fmt.Errorf("tui: the saved draft is unreadable and was kept: %w", err)}
		}
		if len(ds) == 0 {
			return nil
		}
		return draftFoundMsg{ds}
	}
}

func (a *App) tick() tea.Cmd {
	a.tickGen++
	gen := a.tickGen
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{gen} })
}

// broadcast sends msg to every screen.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, s := range a.screens {
		var cmd tea.Cmd
		a.screens[i], cmd = s.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (a *App) toActive(msg tea.Msg) tea.Cmd { return a.toScreen(a.active, msg) }

// toScreen hands msg to the screen of tab t.
func (a *App) toScreen(t common.Tab, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	a.screens[t], cmd = a.screens[t].Update(msg)
	return cmd
}

func (a *App) capturing() bool {
	c, ok := a.screens[a.active].(common.Capturer)
	return ok && c.Capturing()
}

func (a *App) dirty() bool {
	for _, s := range a.screens {
		if d, ok := s.(common.Drafter); ok && d.Dirty() {
			return true
		}
	}
	return false
}

func (a *App) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	km := a.com.KeyMap
	if a.meet.locked {
		return a.meetingLockedKey(msg)
	}
	if a.meet.ended {
		return a.endedKey(msg)
	}
	if a.palette {
		return a.paletteKey(msg)
	}
	if a.confirmQuit {
		a.confirmQuit = false
		if k := msg.String(); k == "y" || k == "j" || k == "ctrl+c" {
			return a, a.quit()
		}
		a.status = ""
		return a, nil
	}
	if msg.String() == "ctrl+c" {
		// ctrl+c works even inside a form, but asks first when a form
		// has unsaved changes (a second ctrl+c quits; the form is then
		// kept as a draft).
		if a.dirty() {
			a.confirmQuit = true
			a.status = a.com.T(model.UIQuitConfirm)
			return a, nil
		}
		return a, a.quit()
	}
	if len(a.drafts) > 0 && !a.capturing() {
		switch msg.String() {
		case "ctrl+r":
			return a, a.restoreDrafts()
		case "ctrl+x":
			return a, a.discardDrafts()
		}
	}
	if a.capturing() {
		return a, a.toActive(msg)
	}
	switch {
	case key.Matches(msg, km.Global.Quit):
		if a.dirty() {
			a.confirmQuit = true
			a.status = a.com.T(model.UIQuitConfirm)
			return a, nil
		}
		return a, a.quit()
	case key.Matches(msg, km.Global.Help):
		a.showHelp = !a.showHelp
		a.layout()
		return a, nil
	case key.Matches(msg, km.Global.Command):
		a.palette = true
		a.paletteText = a.paletteText[:0]
		return a, nil
	case key.Matches(msg, km.Global.Search):
		if a.com.MeetingMode {
			a.status = a.com.T(model.MtgModeNoSearch)
			return a, nil
		}
		return a, a.toActive(common.SearchMsg{})
	case key.Matches(msg, km.Global.NextTab):
		return a, a.switchTab((a.active + 1) % common.NumTabs)
	case key.Matches(msg, km.Global.PrevTab):
		return a, a.switchTab((a.active + common.NumTabs - 1) % common.NumTabs)
	case key.Matches(msg, km.Global.Back) && a.showHelp:
		a.showHelp = false
		a.layout()
		return a, nil
	}
	for i, b := range km.Global.Tabs {
		if key.Matches(msg, b) {
			return a, a.switchTab(common.Tab(i))
		}
	}
	return a, a.toActive(msg)
}

func (a *App) switchTab(t common.Tab) tea.Cmd {
	if t < 0 || t >= common.NumTabs || !a.meetingAllows(t) {
		return nil
	}
	a.active = t
	return a.toActive(common.ActivateMsg{})
}

func (a *App) openRecord(id model.ID) tea.Cmd {
	st := a.com.Store
	if st == nil {
		return nil
	}
	// Find the record's kind first (without logging a view: the screen
	// that shows it logs the view), then hand it to the screen for it.
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		r, err := st.Get(ctx, id)
		if err != nil {
			return common.ErrorMsg{Err: err}
		}
		return openKindMsg{id: id, kind: r.Kind()}
	}
}

// discardDrafts deletes the offered drafts, except, in meeting mode, the
// drafts of screens the projector may not show: the user has not seen
// them, so they stay saved and are offered again once meeting mode ends.
func (a *App) discardDrafts() tea.Cmd {
	var kept []common.Draft
	if a.com.MeetingMode {
		for _, d := range a.drafts {
			if tab, ok := draftTab(d.Screen); ok && tab != common.TabMeetings {
				kept = append(kept, d)
			}
		}
	}
	a.drafts, a.status = kept, ""
	if len(kept) == 0 {
		return a.deleteDraftCmd()
	}
	return saveDraftsCmd(a.com.Store, kept)
}

// offerDrafts says in the status bar that drafts are on offer, if any.
func (a *App) offerDrafts() {
	switch len(a.drafts) {
	case 0:
	case 1:
		a.status = a.com.T(model.UIDraftOffered)
	default:
		a.status = a.com.T(model.UIDraftsOffered, len(a.drafts))
	}
}

// restoreDrafts puts the offered drafts back into the forms of the
// screens that saved them, one per screen (the first offered for it), and
// shows the first screen restored into. A screen restores its draft once
// it has loaded the record the draft edits. A draft stays saved and
// offered when its screen already has one restored, has a form of its own
// being filled in, or (in meeting mode) must not be shown on the
// projector.
func (a *App) restoreDrafts() tea.Cmd {
	drafts := a.drafts
	a.drafts = nil
	used := map[common.Tab]bool{}
	var cmds []tea.Cmd
	first := common.Tab(-1)
	for _, d := range drafts {
		tab, ok := draftTab(d.Screen)
		if !ok {
			tab = a.active
		}
		dirty := false
		if dr, ok := a.screens[tab].(common.Drafter); ok {
			dirty = dr.Dirty()
		}
		if used[tab] || dirty || !a.meetingAllows(tab) {
			a.drafts = append(a.drafts, d)
			continue
		}
		used[tab] = true
		if first < 0 {
			first = tab
		}
		cmds = append(cmds, a.toScreen(tab, common.ActivateMsg{}), a.toScreen(tab, common.RestoreDraftMsg{Draft: d}))
	}
	if first < 0 {
		return nil // nothing could be restored: all stay offered
	}
	a.active = first
	if len(a.drafts) == 0 {
		a.status = ""
		return tea.Batch(append(cmds, a.deleteDraftCmd())...)
	}
	a.offerDrafts()
	return tea.Batch(append(cmds, saveDraftsCmd(a.com.Store, a.drafts))...)
}

// decodeDrafts reads what the App keeps under common.DraftName: a JSON
// array of drafts, or the one draft object an older varn kept there.
func decodeDrafts(b []byte) ([]common.Draft, error) {
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var d common.Draft
		if err := json.Unmarshal(t, &d); err != nil {
			return nil, err
		}
		return []common.Draft{d}, nil
	}
	var ds []common.Draft
	if err := json.Unmarshal(b, &ds); err != nil {
		return nil, err
	}
	return ds, nil
}

// draftTab returns the tab whose form saved a draft with screen name s.
func draftTab(s string) (common.Tab, bool) {
	switch s {
	case "picture":
		return common.TabPicture, true
	case "pyramid":
		return common.TabPyramid, true
	case "cases":
		return common.TabCases, true
	case "meetings":
		return common.TabMeetings, true
	case "exchange":
		return common.TabExchange, true
	}
	return 0, false
}

// openKindMsg carries a record to open and its kind, found by openRecord.
type openKindMsg struct {
	id   model.ID
	kind model.Kind
}

// tabFor returns the tab that shows records of kind k.
func tabFor(k model.Kind) common.Tab {
	switch k {
	case model.KindMeasure:
		return common.TabPyramid
	case model.KindCase:
		return common.TabCases
	case model.KindMember, model.KindMeeting:
		return common.TabMeetings
	case model.KindPartner:
		return common.TabExchange
	}
	return common.TabPicture
}

func (a *App) openKind(msg openKindMsg) tea.Cmd {
	t := tabFor(msg.kind)
	if !a.meetingAllows(t) {
		return nil
	}
	a.active = t
	return tea.Batch(a.toActive(common.ActivateMsg{}), a.toActive(common.OpenRecordMsg{ID: msg.id}))
}

func (a *App) paletteKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := msg.Key()
	switch {
	case k.Code == tea.KeyEscape:
		a.palette = false
		return a, nil
	case k.Code == tea.KeyEnter:
		a.palette = false
		return a, a.command(strings.TrimSpace(string(a.paletteText)))
	case k.Code == tea.KeyBackspace:
		if len(a.paletteText) > 0 {
			a.paletteText = a.paletteText[:len(a.paletteText)-1]
		} else {
			a.palette = false
		}
		return a, nil
	}
	if k.Text != "" && k.Mod&(tea.ModCtrl|tea.ModAlt) == 0 && len(a.paletteText) < 200 {
		a.paletteText = append(a.paletteText, []rune(k.Text)...)
	}
	return a, nil
}

// command runs a command-palette command.
func (a *App) command(c string) tea.Cmd {
	f := strings.Fields(c)
	if len(f) == 0 {
		return nil
	}
	switch f[0] {
	case "lock":
		// A deliberate lock blanks the screen, in meeting mode too: meeting
		// mode ends with it, so the next unlock does not put the
		// presentation back on the projector unasked (and unlogged). Only
		// the idle lock keeps the masked presentation for the meeting.
		a.com.MeetingMode = false
		return a.lock(a.com.T(model.UILockedByUser))
	case "q", "quit":
		if a.dirty() && !(len(f) > 1 && f[1] == "!") && !strings.HasSuffix(f[0], "!") {
			a.confirmQuit = true
			a.status = a.com.T(model.UIQuitConfirm)
			return nil
		}
		return a.quit()
	case "q!", "quit!":
		return a.quit()
	case "lang":
		if len(f) == 2 {
			if l, err := model.ParseLang(f[1]); err == nil {
				a.setLang(l)
				return nil
			}
		}
		a.statusErr = a.com.T(model.UICmdLangUsage)
		return nil
	case "help":
		a.showHelp = true
		a.layout()
		return nil
	}
	if id, err := model.ParseID(strings.ToUpper(f[0])); err == nil {
		return a.openRecord(id)
	}
	a.statusErr = a.com.T(model.UICmdUnknown, model.SanitizeLine(f[0]))
	return nil
}

func (a *App) setLang(l model.Lang) {
	a.com.Lang = l
	a.com.KeyMap = common.NewKeyMap(l)
	a.status, a.statusErr = "", ""
	a.layout()
}

// maxDrafts bounds the drafts kept: a user who keeps ignoring the offer
// and starting new forms does not grow the list without end; the oldest
// go first.
const maxDrafts = 20

// saveDraftCmd returns a command that saves every unfinished form, sealed
// in st: one draft per screen with a form being filled in, the shown
// screen's first (what was being typed), then the drafts offered at
// unlock and not yet restored or discarded. It returns nil when there is
// nothing to save.
func (a *App) saveDraftCmd(st common.Store) tea.Cmd {
	var drafts []common.Draft
	for i := range a.screens {
		s := a.screens[(int(a.shownTab())+i)%len(a.screens)]
		d, ok := s.(common.Drafter)
		if !ok || !d.Dirty() {
			continue
		}
		if dr, ok := d.Draft(); ok {
			drafts = append(drafts, dr)
		}
	}
	drafts = append(drafts, a.drafts...)
	if len(drafts) == 0 {
		return nil
	}
	return saveDraftsCmd(st, drafts[:min(len(drafts), maxDrafts)])
}

// saveDraftsCmd returns a command that saves drafts, sealed in st, in
// place of the drafts saved before.
func saveDraftsCmd(st common.Store, drafts []common.Draft) tea.Cmd {
	return func() tea.Msg {
		b, err := json.Marshal(drafts)
		if err != nil {
			return common.ErrorMsg{Err: fmt.Errorf("tui: cannot encode draft: %w", err)}
		}
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		if err := st.SaveDraft(ctx, common.DraftName, b); err != nil {
			return common.ErrorMsg{Err: err}
		}
		return nil
	}
}

func (a *App) deleteDraftCmd() tea.Cmd {
	st := a.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		if err := st.DeleteDraft(ctx, common.DraftName); err != nil {
			return common.ErrorMsg{Err: err}
		}
		return nil
	}
}

// closeCmd saves the draft (if any) and closes st, in that order.
func (a *App) closeCmd(st common.Store, then tea.Msg) tea.Cmd {
	save := a.saveDraftCmd(st)
	return func() tea.Msg {
		var errs []error
		if save != nil {
			if m, ok := save().(common.ErrorMsg); ok {
				errs = append(errs, m.Err)
			}
		}
		if err := st.Close(); err != nil {
			errs = append(errs, err)
		}
		if then != nil {
			return then
		}
		return lockedMsg{errors.Join(errs...)}
	}
}

// lock saves any unfinished form as a draft, closes the vault (zeroing
// key material), drops record data from the screens, clears the screen
// and scrollback and shows the unlock prompt. The active tab and each
// screen's place are kept, so unlocking returns to the same place.
func (a *App) lock(note string) tea.Cmd {
	if !a.unlocked {
		return nil
	}
	st := a.com.Store
	cmd := a.closeCmd(st, nil)
	a.broadcast(common.LockMsg{})
	a.com.Store = nil
	a.unlocked = false
	a.tickGen++
	a.palette, a.confirmQuit, a.showHelp = false, false, false
	a.drafts = nil
	a.status, a.statusErr = "", ""
	a.unlock.SetMode(unlock.ModeUnlock)
	a.unlock.Note = note
	a.layout()
	return tea.Sequence(tea.Raw(clearAll), tea.ClearScreen, cmd)
}

func (a *App) quit() tea.Cmd {
	if a.meet.locked {
		return a.quitLockedMeeting()
	}
	a.quitting = true
	if a.unlocked {
		st := a.com.Store
		cmd := a.closeCmd(st, tea.QuitMsg{})
		a.broadcast(common.LockMsg{})
		a.com.Store = nil
		a.unlocked = false
		return cmd
	}
	return tea.Quit
}

// shutdown is the reaction to SIGHUP and SIGTERM: save the draft, close
// the vault, quit.
func (a *App) shutdown() tea.Cmd { return a.quit() }

// View implements tea.Model. It never puts record data in the window title.
func (a *App) View() tea.View {
	var content string
	switch {
	case a.quitting:
		content = ""
	case !a.unlocked:
		content = a.unlock.View()
	default:
		content = a.mainView()
	}
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "varn"
	return v
}

func (a *App) mainView() string {
	w := a.com.Width
	header := a.tabBar()
	if a.meet.ended {
		return header + "\n" + a.fit(a.endedView(), w, max(a.com.Height-3, 1)) + "\n" + a.statusBar() + "\n"
	}
	body := a.screens[a.shownTab()].View()
	bodyH := max(a.com.Height-3, 1)
	var bottom string
	if a.showHelp {
		bottom = a.fullHelpView()
		if lines := strings.Split(bottom, "\n"); len(lines) > a.com.Height-2 {
			bottom = strings.Join(lines[:max(a.com.Height-2, 1)], "\n")
		}
		bodyH = max(a.com.Height-2-lipgloss.Height(bottom), 0)
	} else if a.palette {
		bottom = ansi.Truncate(":"+model.SanitizeLine(string(a.paletteText))+"▏", w, "…")
	} else {
		bottom = ansi.Truncate(a.help.ShortHelpView(a.shortHelp()), w, "…")
	}
	if bodyH == 0 {
		return header + "\n" + a.statusBar() + "\n" + bottom
	}
	body = a.fit(body, w, bodyH)
	return header + "\n" + body + "\n" + a.statusBar() + "\n" + bottom
}

// tabBar draws the tabs in one line of the terminal's width. When the
// titles do not fit, the longest inactive titles are shortened first,
// so the active tab's title and every tab's number stay readable.
func (a *App) tabBar() string {
	s := a.com.Styles
	w := a.com.Width
	labels := make([][]rune, len(tabTitles))
	total := 0
	for i, t := range tabTitles {
		labels[i] = []rune(fmt.Sprintf("%d %s", i+1, a.com.T(t)))
		total += ansi.StringWidth(string(labels[i])) + 2 // padding
	}
	for total > w {
		longest := -1
		for i, l := range labels {
			if common.Tab(i) != a.active && len(l) > 3 && (longest < 0 || len(l) > len(labels[longest])) {
				longest = i
			}
		}
		if longest < 0 {
			break
		}
		l := labels[longest]
		labels[longest] = append(l[:len(l)-2], '…')
		total--
	}
	var b strings.Builder
	for i, l := range labels {
		if common.Tab(i) == a.active {
			b.WriteString(s.TabActive.Render(string(l)))
		} else {
			b.WriteString(s.TabInactive.Render(string(l)))
		}
	}
	return ansi.Truncate(b.String(), w, "…")
}

// fit cuts or pads s to exactly h lines of at most w cells.
func (a *App) fit(s string, w, h int) string {
	if a.fitsW != w || len(a.fits) > 4096 {
		a.fits, a.fitsW = map[string]struct{}{}, w
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if len(l) <= w {
			continue // no line is wider than it has bytes
		}
		if _, ok := a.fits[l]; ok {
			continue
		}
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		} else {
			a.fits[l] = struct{}{}
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (a *App) statusBar() string {
	s := a.com.Styles
	info := common.Info{}
	if a.com.Store != nil {
		info = a.com.Store.Info()
	}
	flag, info := a.meetingStatus(info)
	left := flag + " " + model.SanitizeLine(info.Name) + " · " + model.SanitizeLine(info.User)
	remain := a.idle - a.com.Now().Sub(a.lastInput)
	if remain < 0 {
		remain = 0
	}
	right := a.com.T(model.UIStatusLock, formatDur(remain))
	if a.meet.locked {
		right = "" // the flag says the vault is locked
	}
	if !a.lastSave.IsZero() {
		right = a.com.T(model.UIStatusSaved, a.lastSave.Local().Format("15:04")) + " · " + right
	}
	mid := ""
	switch {
	case a.statusErr != "":
		mid = "✗ " + a.statusErr
	case a.status != "":
		mid = a.status
	}
	w := a.com.Width
	gap := w - ansi.StringWidth(left) - ansi.StringWidth(right) - 1
	if mid != "" {
		mid = " │ " + mid
		if ansi.StringWidth(mid) > gap {
			mid = ansi.Truncate(mid, max(gap, 0), "…")
		}
	}
	gap -= ansi.StringWidth(mid)
	line := left + mid + strings.Repeat(" ", max(gap, 1)) + right + " "
	line = ansi.Truncate(line, w, "")
	if a.statusErr != "" {
		return s.StatusErr.Render(line)
	}
	return s.StatusBar.Render(line)
}

func formatDur(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

func (a *App) shortHelp() []key.Binding {
	km := a.com.KeyMap
	b := a.screens[a.active].ShortHelp()
	return append(b, km.Global.Search, km.Global.Command, km.Global.Help, km.Global.Quit)
}

func (a *App) fullHelp() [][]key.Binding {
	km := a.com.KeyMap
	g := km.Global
	groups := a.screens[a.active].FullHelp()
	return append(groups, []key.Binding{g.NextTab, g.Tabs[0], g.Search, g.Command, g.Back, g.Help, g.Quit})
}
