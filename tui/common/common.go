// Package common holds what every screen of varn's terminal app shares:
// the size, the theme, the keymap and the language in [Common]; the
// [Screen] interface; the [Store] interface screens read and write
// records through; and the messages screens and the root App exchange.
package common

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"varn/model"
)

// Common is shared by the root App and every screen. Screens keep a
// pointer to it; only the App changes it (on resize, background colour
// and language changes).
type Common struct {
	Width, Height int
	Styles        *Styles
	KeyMap        *KeyMap
	Lang          model.Lang
	// Now is the clock; tests pin it.
	Now func() time.Time
	// Store is the open vault, nil while locked.
	Store Store
	// MeetingMode is set while the app is in meeting mode (the screen is
	// on a projector): no screen may then show an individual case or
	// anything marked TLP:RED, only counts. The App sets it on a
	// [MeetingModeMsg] and shows only the Samverkan screen while it is set.
	MeetingMode bool
}

// T translates a catalogue message in the current language.
func (c *Common) T(m model.Msg, args ...any) string { return c.Lang.T(m, args...) }

// Screen is one tab of the app. Screens are values the App owns; they do
// no I/O in Update or View: vault work runs in the tea.Cmds they return.
type Screen interface {
	Init() tea.Cmd
	Update(tea.Msg) (Screen, tea.Cmd)
	View() string
	SetSize(width, height int)
	help.KeyMap
}

// Capturer is implemented by screens that can have a text field in
// focus; while Capturing reports true the App passes every key to the
// screen instead of treating `q`, `/`, `:` or digits as global keys.
type Capturer interface {
	Capturing() bool
}

// Drafter is implemented by screens that can hold an unfinished form.
// Draft returns the form's content to be saved encrypted in the vault
// when the app is locked, hung up on or terminated. Dirty reports
// whether the form has unsaved changes (quitting then asks first).
type Drafter interface {
	Dirty() bool
	Draft() (Draft, bool)
}

// Draft is an unfinished form, saved sealed in the vault.
type Draft struct {
	Screen string            `json:"screen"`
	Kind   model.Kind        `json:"kind"`
	ID     model.ID          `json:"id,omitempty"`
	Fields map[string]string `json:"fields"`
}

// DraftName is the name under which the App keeps the drafts: a JSON
// array of Draft, one per screen whose form was being filled in (an older
// varn kept one Draft object there; it is still read).
const DraftName = "tui.form"

// Tab identifies one of the app's screens, in tab order.
type Tab int

// The tabs, in the order of the design card.
const (
	TabPicture Tab = iota
	TabPyramid
	TabCases
	TabMeetings
	TabAudit
	TabExchange
	NumTabs
)

// ErrorMsg reports a failure to show in the status bar.
type ErrorMsg struct{ Err error }

// ErrorCmd returns a command reporting err.
func ErrorCmd(err error) tea.Cmd { return func() tea.Msg { return ErrorMsg{err} } }

// StatusMsg is a short notice for the status bar.
type StatusMsg struct{ Text string }

// SavedMsg tells the App a record was saved (for "last save" in the
// status bar) and other screens that their data changed.
type SavedMsg struct {
	At     time.Time
	Record model.Record
	// Deleted is set when the record was deleted.
	Deleted bool
}

// OpenRecordMsg asks the App to show a record wherever it lives (from
// the command palette or the audit trail).
type OpenRecordMsg struct{ ID model.ID }

// SwitchTabMsg asks the App to show another tab.
type SwitchTabMsg struct{ Tab Tab }

// SearchMsg starts a text search on the active screen (`/`).
type SearchMsg struct{}

// ReloadMsg asks screens to reload their data from the store (after
// unlock or an import).
type ReloadMsg struct{}

// StaleMsg tells screens that many records changed behind them (an
// exchange import): each forgets that it has loaded and reads the store
// again when it is next shown.
type StaleMsg struct{}

// RestoreDraftMsg hands a draft saved by an earlier session to the
// screen that created it.
type RestoreDraftMsg struct{ Draft Draft }

// LockMsg tells screens the vault was locked: drop every record held in
// memory, keep only the place (tab, filters, cursor) to return to.
type LockMsg struct {
	// Presenting is set when the vault locked after inactivity while in
	// meeting mode: the meeting screen may keep showing its masked
	// presentation (counts and non-personal items only) until the user
	// leaves meeting mode, which asks for the passphrase. Every other
	// screen drops its data as for any lock.
	Presenting bool
}

// MeetingModeMsg asks the App to enter (On) or leave meeting mode.
type MeetingModeMsg struct{ On bool }

// LastMeetingMsg tells screens that the time of the last weekly meeting
// (the setting [SettingLastMeeting]) was just written: the situational
// picture's "new since the weekly meeting" counts from it.
type LastMeetingMsg struct{ At time.Time }

// ActivateMsg tells a screen it became the active tab.
type ActivateMsg struct{}
