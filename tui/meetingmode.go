package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
	"varn/tui/unlock"
)

// meetingState is the App's part of meeting mode (D1). While
// common.Common.MeetingMode is set, only the Samverkan screen is shown
// and no other tab can be reached, so nothing but its masked
// presentation is ever on the projector.
type meetingState struct {
	// locked is set when the vault locked after inactivity in meeting
	// mode: the vault is closed and its key material zeroed, but the
	// masked presentation (counts and non-personal items only) stays on
	// screen so the meeting can go on; leaving meeting mode then asks for
	// the passphrase.
	locked bool
	// info is the vault's name and user, kept for the status bar while
	// locked.
	info common.Info
	// ended is set when meeting mode was left: a blank "meeting mode
	// ended" page is shown until a key, so that the projector, if still
	// on, shows nothing of the screen behind (endedKey).
	ended bool
}

// setMeetingMode enters or leaves meeting mode at the Samverkan screen's
// request. Leaving after the vault locked asks for the passphrase first.
func (a *App) setMeetingMode(on bool) tea.Cmd {
	if on {
		if !a.unlocked || a.com.Store == nil {
			return nil
		}
		a.com.MeetingMode = true
		a.meet.ended = false
		a.active = common.TabMeetings
		a.status, a.statusErr = "", ""
		return nil
	}
	if !a.com.MeetingMode {
		return nil
	}
	if a.meet.locked {
		return a.unlockToLeaveMeeting()
	}
	a.com.MeetingMode = false
	a.meet.ended = true
	a.active = common.TabMeetings
	a.palette, a.showHelp = false, false
	a.status = ""
	a.layout()
	a.offerDrafts() // those kept from the projector
	return nil
}

// endedKey handles a key on the "meeting mode ended" page: ctrl+c
// quits, and the draft keys act on the drafts on offer; every other key
// only turns the page, to the screen behind it (the list of meetings).
func (a *App) endedKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	a.meet.ended = false
	switch msg.String() {
	case "ctrl+c", "ctrl+r", "ctrl+x":
		return a.key(msg)
	}
	return a, nil
}

// endedView is the "meeting mode ended" page: nothing of any record.
func (a *App) endedView() string {
	s := a.com.Styles
	h := max(a.com.Height-3, 1)
	lines := make([]string, h/3, h)
	lines = append(lines, "  "+s.Title.Render(a.com.T(model.MtgModeEnded)), "", "  "+s.Muted.Render(a.com.T(model.MtgModeEndedHint)))
	return strings.Join(lines, "\n")
}

// meetingAllows reports whether tab t may be shown: in meeting mode only
// the Samverkan screen may. It says so in the status bar when not.
func (a *App) meetingAllows(t common.Tab) bool {
	if !a.com.MeetingMode || t == common.TabMeetings {
		return true
	}
	a.status = a.com.T(model.MtgOnlyMeetings)
	return false
}

// shownTab is the tab whose screen is drawn.
func (a *App) shownTab() common.Tab {
	if a.com.MeetingMode {
		return common.TabMeetings
	}
	return a.active
}

// lockInMeeting is the idle lock in meeting mode: it closes the vault
// (saving every unfinished form, and the drafts still on offer, as
// drafts; zeroing key material) and tells the screens; the Samverkan
// screen keeps its masked presentation.
func (a *App) lockInMeeting() tea.Cmd {
	st := a.com.Store
	if st == nil {
		return nil
	}
	a.meet.info = st.Info()
	cmd := a.closeCmd(st, nil)
	a.broadcast(common.LockMsg{Presenting: true})
	a.com.Store = nil
	a.meet.locked = true
	a.tickGen++
	a.palette, a.confirmQuit, a.showHelp = false, false, false
	a.drafts = nil
	a.status, a.statusErr = "", ""
	a.layout()
	return cmd
}

// meetingLockedKey handles a key while the vault is locked in meeting
// mode: quitting quits; every other key goes to the Samverkan screen,
// which steps through its masked presentation or asks to leave.
func (a *App) meetingLockedKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if s := msg.String(); s == "ctrl+c" || s == "q" {
		return a, a.quitLockedMeeting()
	}
	var cmd tea.Cmd
	a.screens[common.TabMeetings], cmd = a.screens[common.TabMeetings].Update(msg)
	return a, cmd
}

// unlockToLeaveMeeting drops the presentation, clears the screen and
// asks for the passphrase; unlocking returns to the Samverkan screen out
// of meeting mode.
func (a *App) unlockToLeaveMeeting() tea.Cmd {
	a.meet.locked = false
	a.meet.ended = true
	a.com.MeetingMode = false
	a.broadcast(common.LockMsg{})
	a.unlocked = false
	a.active = common.TabMeetings
	a.unlock.SetMode(unlock.ModeUnlock)
	a.unlock.Note = a.com.T(model.MtgLeaveLocked)
	a.layout()
	return tea.Sequence(tea.Raw(clearAll), tea.ClearScreen)
}

func (a *App) quitLockedMeeting() tea.Cmd {
	a.meet.locked = false
	a.com.MeetingMode = false
	a.broadcast(common.LockMsg{})
	a.unlocked = false
	a.quitting = true
	return tea.Quit
}

// meetingStatus returns the status bar's meeting-mode flag (empty outside
// meeting mode) and, while locked in meeting mode, the vault's info.
func (a *App) meetingStatus(info common.Info) (string, common.Info) {
	if !a.com.MeetingMode {
		return "", info
	}
	flag := " ◉ " + a.com.T(model.MtgStatusMeetingMode) + " │"
	if a.meet.locked {
		info = a.meet.info
		flag += " " + a.com.T(model.MtgStatusLocked) + " │"
	}
	return flag, info
}
