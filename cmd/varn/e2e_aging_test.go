package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// vlogCount returns the number of value log files in the vault's store.
func vlogCount(t *testing.T, vault string) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(vault, "db", "*.vlog"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

// TestE2ECrashDuringRebuild ages a vault through the real binary until it
// holds 32 value log files (a bulk import of 2,000 records, then CLI
// sessions that import one record each), so that the next session's close
// rebuilds the store. That session is killed (SIGKILL) at a random moment,
// 3 times (30 with VARN_SOAK=1), each time from a copy of the aged vault
// and its state directory. After each kill the vault opens, holds every
// record of the committed imports and none other, leaves neither db.new
// nor db.old behind, and `audit verify` says the log is intact. A session
// that finished left at most two value log files.
func TestE2ECrashDuringRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("ages a vault through 30 CLI sessions")
	}
	trials := 3
	if soak() {
		trials = 30
	}
	w := newWorld(t)
	w.initVault("")
	const bulk = 2000
	row := 0
	importRows := func(n int) string {
		var jl bytes.Buffer
		for range n {
			jl.WriteString(obsJSON(fmt.Sprintf("Rad %05d av importen", row)))
			jl.WriteByte('\n')
			row++
		}
		f := filepath.Join(w.root, fmt.Sprintf("rows-%05d.jsonl", row))
		if err := os.WriteFile(f, jl.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	w.must("", "record", "import", importRows(bulk))
	for vlogCount(t, w.vault) < 32 {
		w.must("", "record", "import", importRows(1))
		if row > bulk+40 {
			t.Fatalf("after %d sessions the vault holds %d value log files", row-bulk, vlogCount(t, w.vault))
		}
	}
	base := row
	last := importRows(1)
	state := filepath.Join(w.home, "state")
	tmplVault, tmplState := w.vault+".aged", state+".aged"
	for _, p := range [][2]string{{w.vault, tmplVault}, {state, tmplState}} {
		if out, err := exec.Command("cp", "-a", p[0], p[1]).CombinedOutput(); err != nil {
			t.Fatalf("cp: %v %s", err, out)
		}
	}
	reset := func() {
		for _, p := range [][2]string{{tmplVault, w.vault}, {tmplState, state}} {
			os.RemoveAll(p[1])
			if out, err := exec.Command("cp", "-a", p[0], p[1]).CombinedOutput(); err != nil {
				t.Fatalf("cp: %v %s", err, out)
			}
		}
	}
	trial := func(i int, killAfter time.Duration) (finished bool, took time.Duration) {
		t.Helper()
		reset()
		c := w.cmd("", "record", "import", last, "--vault", w.vault, "-i", w.idFile)
		var out, errb bytes.Buffer
		c.Stdout, c.Stderr = &out, &errb
		var err error
		finished, err, took = runOrSignal(t, c, killAfter, syscall.SIGKILL)
		if finished && err != nil {
			t.Fatalf("trial %d: the session failed on its own: %v\n%s", i, err, errb.String())
		}
		midRebuild := false
		for _, d := range []string{"db.new", "db.old"} {
			if _, err := os.Lstat(filepath.Join(w.vault, d)); err == nil {
				midRebuild = true
			}
		}
		if finished && (midRebuild || vlogCount(t, w.vault) > 2) {
			t.Fatalf("trial %d: a finished session left %d value log files (rebuild directories left: %v)", i, vlogCount(t, w.vault), midRebuild)
		}
		n := checkAfterCrash(t, w, base+1)
		if n != base && n != base+1 || finished && n != base+1 {
			t.Fatalf("trial %d: %d records after the kill, want %d or %d", i, n, base, base+1)
		}
		for _, d := range []string{"db.new", "db.old"} {
			if _, err := os.Lstat(filepath.Join(w.vault, d)); err == nil {
				t.Fatalf("trial %d: %s left behind after the next open", i, d)
			}
		}
		if midRebuild {
			t.Logf("trial %d: killed after %v during the rebuild; recovered", i, killAfter.Round(time.Millisecond))
		}
		return finished, took
	}
	finished, full := trial(0, 5*time.Minute)
	if !finished {
		t.Fatal("the uninterrupted session did not finish")
	}
	t.Logf("%d sessions aged the vault to 32 value log files; a session that rebuilds takes %v", base-bulk, full.Round(time.Millisecond))
	killed := 0
	for i := 1; i <= trials; i++ {
		if finished, _ := trial(i, time.Duration(rand.Int64N(int64(full)*11/10+1))); !finished {
			killed++
		}
	}
	t.Logf("%d kill trials, %d killed mid-session, all recovered with every record", trials, killed)
}
