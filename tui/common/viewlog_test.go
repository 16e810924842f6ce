package common_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"varn/model"
	"varn/tui/common"
	"varn/tui/internal/fake"
)

// TestViewLogGatesOnTheEvent walks the gate of a view of case data: not
// armed, nothing is logged or shown; armed, a view is logged once and
// shown only once its event is written; going back to a view logged
// since the screen was armed is no new view; a failed write keeps the
// view hidden (and is not retried until the screen is armed again); a
// late result of an earlier attempt is dropped; a lock forgets all.
func TestViewLogGatesOnTheEvent(t *testing.T) {
	st := fake.New(func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) })
	ev := model.AuditEvent{Action: model.ActionView, Kind: model.KindCase, Detail: model.ViewCaseList}
	var g common.ViewLog
	if g.Need(st, "s", "list", ev) != nil || g.Shown("list") {
		t.Fatal("a gate not armed logs or shows")
	}
	g.Arm()
	cmd := g.Need(st, "s", "list", ev)
	if cmd == nil || g.Shown("list") {
		t.Fatal("armed: the view is not logged, or shown before it is")
	}
	if g.Need(st, "s", "list", ev) != nil {
		t.Fatal("a view being logged is logged twice")
	}
	msg := cmd().(common.ViewLoggedMsg)
	if ok, _ := g.Done("other", msg, model.English); ok {
		t.Fatal("another screen's result was taken")
	}
	if ok, c := g.Done("s", msg, model.English); !ok || c != nil || !g.Shown("list") {
		t.Fatalf("the logged view is not shown (ok %v)", ok)
	}
	if n := len(st.Events()); n != 1 {
		t.Fatalf("%d events, want 1", n)
	}
	// A detail, then back to the list: one event more, for the detail.
	msg = g.Need(st, "s", "detail", ev)().(common.ViewLoggedMsg)
	g.Done("s", msg, model.English)
	if g.Need(st, "s", "list", ev) != nil || !g.Shown("list") || len(st.Events()) != 2 {
		t.Fatalf("going back to the list logged it again or hid it: %d events", len(st.Events()))
	}
	// A failure: hidden, said, not retried by itself.
	st.FailLog = errors.New("disk full")
	msg = g.Need(st, "s", "filter/1", ev)().(common.ViewLoggedMsg)
	ok, c := g.Done("s", msg, model.Swedish)
	if !ok || c == nil || g.Shown("filter/1") || g.Err() == nil {
		t.Fatal("a view whose event failed is shown, or the failure is not said")
	}
	if e, _ := c().(common.ErrorMsg); e.Err == nil || !strings.Contains(e.Err.Error(), "disk full") || !strings.Contains(e.Err.Error(), "granskningsloggen") {
		t.Fatalf("the status line does not say why: %v", e.Err)
	}
	if g.Need(st, "s", "filter/1", ev) != nil {
		t.Fatal("a failed view is retried at once, again and again")
	}
	// Armed again (the tab reopened): tried anew; a late result of the
	// attempt before is dropped.
	st.FailLog = nil
	g.Arm()
	old := g.Need(st, "s", "list", ev)
	g.Arm()
	cur := g.Need(st, "s", "list", ev)
	if ok, _ := g.Done("s", old().(common.ViewLoggedMsg), model.English); ok || g.Shown("list") {
		t.Fatal("a stale result was taken")
	}
	if ok, _ := g.Done("s", cur().(common.ViewLoggedMsg), model.English); !ok || !g.Shown("list") {
		t.Fatal("the current result was not taken")
	}
	g.Disarm()
	if g.Shown("list") || g.Need(st, "s", "list", ev) != nil {
		t.Fatal("after a lock the view is still shown or logged")
	}
}
