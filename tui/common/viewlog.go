package common

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
)

// ViewLog gates what a screen shows of case data on the audit event of
// that view (R5: reads are audit events). A screen names each view it
// shows with a key ("case_list", a filter generation, a meeting's ID);
// when the key differs from the one logged, [ViewLog.Need] returns the
// tea.Cmd that logs the view, and the screen shows the data only once
// [ViewLog.Shown] reports the key logged. A failure to log keeps the data
// hidden (fail closed) and is reported by [ViewLog.Err].
//
// A view is logged once when it is opened — the screen armed by
// [ViewLog.Arm] when it comes to the front — and once per filter applied,
// never per key. ViewLog does no I/O: the logging runs in the tea.Cmd.
// The zero value is disarmed: nothing is logged and nothing shown.
type ViewLog struct {
	armed bool
	// logged holds the views logged since the screen was armed: going
	// back to one of them (esc from a detail to its list) is not a new
	// view.
	logged  map[string]bool
	key     string // the view being logged, or the one that failed
	seq     uint64 // the attempt under way; older results are dropped
	pending bool
	err     error
}

// ViewLoggedMsg is the result of logging a view: Screen names the screen
// that asked (the App hands results to every screen), Seq the attempt.
type ViewLoggedMsg struct {
	Screen string
	Seq    uint64
	Err    error
}

// Arm readies a new view: the screen came to the front (or was opened on
// a record), so what it shows next is a view of its own and is logged
// anew.
func (g *ViewLog) Arm() {
	*g = ViewLog{armed: true, seq: g.seq + 1}
}

// Disarm forgets every view: for a lock. Nothing is shown until the
// screen is armed again.
func (g *ViewLog) Disarm() {
	*g = ViewLog{seq: g.seq + 1}
}

// MarkShown records key as logged without logging it here: for a view
// the store logged itself ([Store.View]), and for tests and benchmarks
// that set a screen's data directly (see the screens' SetData).
func (g *ViewLog) MarkShown(key string) {
	if g.logged == nil {
		g.logged = map[string]bool{}
	}
	g.armed, g.logged[key] = true, true
	if g.key == key {
		g.key, g.pending, g.err = "", false, nil
	}
}

// Shown reports whether the view key is logged, so its data may be shown.
func (g *ViewLog) Shown(key string) bool { return g.logged[key] }

// Err returns why the current view could not be logged, or nil.
func (g *ViewLog) Err() error { return g.err }

// Need returns the tea.Cmd that logs ev as the view key through st, or
// nil when there is nothing to log: the screen is not armed, key is ""
// (the screen shows no case data), key is logged or being logged
// already, or logging it failed (until the screen is armed again).
// screen names the screen in the result ([ViewLoggedMsg]).
func (g *ViewLog) Need(st Store, screen, key string, ev model.AuditEvent) tea.Cmd {
	if !g.armed || st == nil || key == "" || g.logged[key] || g.key == key {
		return nil
	}
	g.seq++
	g.key, g.pending, g.err = key, true, nil
	seq := g.seq
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return ViewLoggedMsg{Screen: screen, Seq: seq, Err: st.Log(ctx, ev)}
	}
}

// Done takes a result of logging. It reports whether msg was for this
// screen's current attempt; on a failure it returns the command that
// shows the error on the status line, and the data stays hidden.
func (g *ViewLog) Done(screen string, msg ViewLoggedMsg, l model.Lang) (bool, tea.Cmd) {
	if msg.Screen != screen || msg.Seq != g.seq || !g.pending {
		return false, nil
	}
	g.pending = false
	if msg.Err != nil {
		g.err = msg.Err
		return true, ErrorCmd(&ViewLogError{Lang: l, Err: msg.Err})
	}
	if g.logged == nil {
		g.logged = map[string]bool{}
	}
	g.logged[g.key] = true
	g.key = ""
	return true, nil
}

// ViewLogError says that a view could not be written to the audit log
// and so is not shown, and what to do.
type ViewLogError struct {
	Lang model.Lang
	Err  error
}

func (e *ViewLogError) Error() string {
	return e.Lang.T(model.UIViewNotLogged, model.SanitizeLine(e.Err.Error()))
}

func (e *ViewLogError) Unwrap() error { return e.Err }

// ViewNotice is what a screen w cells wide shows instead of case data
// while its view is being logged, or after logging failed.
func (g *ViewLog) ViewNotice(com *Common, w int) string {
	text, style := com.T(model.UIViewLogging), com.Styles.Muted
	if g.err != nil {
		text, style = (&ViewLogError{Lang: com.Lang, Err: g.err}).Error(), com.Styles.Error
	}
	lines := strings.Split(ansi.Wrap(text, max(w-1, 10), " "), "\n")
	for i, l := range lines {
		lines[i] = style.Render(" " + l)
	}
	return strings.Join(lines, "\n")
}
