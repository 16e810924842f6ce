package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"varn/model"
)

// TestE2ECrashDuringTUIEdit kills (SIGKILL) the terminal app right after
// it acknowledged a saved observation and while it saves another, 4 times
// (100 with VARN_SOAK=1), on one vault: every acknowledged observation is
// there afterwards, an unacknowledged one is either whole or absent, the
// vault opens (the dead process's lock is gone) and its log verifies.
func TestE2ECrashDuringTUIEdit(t *testing.T) {
	trials := 4
	if soak() {
		trials = 100
	}
	tm := newTmux(t)
	w := newWorld(t)
	w.initVault("")
	cmdline := "exec env -i " + shellJoin(append(append([]string(nil), w.env...), "TERM=xterm-256color")) + " " +
		shellJoin([]string{w.bin, "--vault", w.vault, "-i", w.idFile})
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	var acked []string
	unacked := 0
	for i := range trials {
		name := fmt.Sprintf("crash%03d", i)
		tm.Start(name, 100, 30, cmdline)
		tm.WaitFor(name, "Situational picture")
		pid := tm.PanePID(name)
		newObservation := func(text string) {
			tm.Keys(name, "n")
			tm.WaitFor(name, "New observation")
			for range 10 {
				tm.Keys(name, "Tab")
			}
			tm.Text(name, text)
			tm.WaitFor(name, text)
			tm.Keys(name, "C-s")
		}
		ok := fmt.Sprintf("Bekräftad uppgift %03d", i)
		newObservation(ok)
		tm.WaitFor(name, "Version") // the saved record's detail: acknowledged
		acked = append(acked, ok)
		tm.Escape(name, "e edit")
		pending := fmt.Sprintf("Obekräftad uppgift %03d", i)
		newObservation(pending)
		time.Sleep(time.Duration(rng.IntN(30)) * time.Millisecond)
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		tm.WaitDead(name, 5*time.Second)

		seen := map[string]bool{}
		for _, l := range lines(w.must("", "record", "list", "observation", "--json")) {
			r, err := model.Decode([]byte(l))
			if err != nil {
				t.Fatalf("trial %d: record after the kill does not decode: %v", i, err)
			}
			seen[r.(*model.Observation).Summary] = true
		}
		for _, a := range acked {
			if !seen[a] {
				t.Fatalf("trial %d: the acknowledged observation %q is gone after SIGKILL", i, a)
			}
		}
		if !seen[pending] {
			unacked++
		}
		if out := w.must("", "audit", "verify"); !strings.Contains(out, "log intact") {
			t.Fatalf("trial %d: audit verify after the kill: %q", i, out)
		}
	}
	t.Logf("%d TUI crash trials passed: %d acknowledged saves all kept; %d saves in flight at the kill were not committed (the rest were, whole)", trials, len(acked), unacked)
}
