package main

import (
	"strings"
	"testing"
	"time"
)

// TestE2EPassphrasePrompt runs `varn init` and `varn record list` in a
// terminal (tmux) without --passphrase-file: the passphrase is asked on the
// terminal without echo (twice for init, and a mismatch changes nothing),
// and is never shown on the screen or in the scrollback.
func TestE2EPassphrasePrompt(t *testing.T) {
	tm := newTmux(t)
	w := newWorld(t)
	const pass = "hemlig-EKO-lösenfras 42"
	sh := func(args ...string) string {
		return "exec env -i " + shellJoin(append(append([]string(nil), w.env...), "TERM=xterm-256color")) + " " +
			shellJoin(append([]string{w.bin}, args...))
	}
	// A mismatch: nothing is created.
	tm.Start("mismatch", 100, 20, sh("init", "--vault", w.vault))
	tm.WaitFor("mismatch", "new passphrase:")
	tm.Text("mismatch", pass)
	tm.Keys("mismatch", "Enter")
	tm.WaitFor("mismatch", "repeat:")
	tm.Text("mismatch", pass+"x")
	tm.Keys("mismatch", "Enter")
	tm.WaitFor("mismatch", "do not match")
	tm.WaitDead("mismatch", 5*time.Second)

	tm.Start("init", 100, 20, sh("init", "--vault", w.vault))
	tm.WaitFor("init", "new passphrase:")
	tm.Text("init", pass)
	tm.Keys("init", "Enter")
	tm.WaitFor("init", "repeat:")
	tm.Text("init", pass)
	tm.Keys("init", "Enter")
	tm.WaitFor("init", "created vault")
	tm.WaitDead("init", 5*time.Second)

	tm.Start("list", 100, 20, sh("audit", "verify", "--vault", w.vault))
	tm.WaitFor("list", "passphrase:")
	tm.Text("list", pass)
	tm.Keys("list", "Enter")
	tm.WaitFor("list", "log intact")
	tm.WaitDead("list", 10*time.Second)
	for _, s := range []string{"mismatch", "init", "list"} {
		if sb := tm.Run("capture-pane", "-p", "-S", "-", "-E", "-", "-t", s); strings.Contains(sb, "EKO") {
			t.Fatalf("the passphrase was echoed in %s:\n%s", s, sb)
		}
	}
}
