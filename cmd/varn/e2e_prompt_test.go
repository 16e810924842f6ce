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
	tm.start("mismatch", 100, 20, sh("init", "--vault", w.vault))
	tm.waitFor("mismatch", "new passphrase:")
	tm.text("mismatch", pass)
	tm.keys("mismatch", "Enter")
	tm.waitFor("mismatch", "repeat:")
	tm.text("mismatch", pass+"x")
	tm.keys("mismatch", "Enter")
	tm.waitFor("mismatch", "do not match")
	tm.waitDead("mismatch", 5*time.Second)

	tm.start("init", 100, 20, sh("init", "--vault", w.vault))
	tm.waitFor("init", "new passphrase:")
	tm.text("init", pass)
	tm.keys("init", "Enter")
	tm.waitFor("init", "repeat:")
	tm.text("init", pass)
	tm.keys("init", "Enter")
	tm.waitFor("init", "created vault")
	tm.waitDead("init", 5*time.Second)

	tm.start("list", 100, 20, sh("audit", "verify", "--vault", w.vault))
	tm.waitFor("list", "passphrase:")
	tm.text("list", pass)
	tm.keys("list", "Enter")
	tm.waitFor("list", "log intact")
	tm.waitDead("list", 10*time.Second)
	for _, s := range []string{"mismatch", "init", "list"} {
		if sb := tm.run("capture-pane", "-p", "-S", "-", "-E", "-", "-t", s); strings.Contains(sb, "EKO") {
			t.Fatalf("the passphrase was echoed in %s:\n%s", s, sb)
		}
	}
}
