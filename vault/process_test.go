package vault

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"varn/model"
)

// Helper processes: the test binary re-executed with VARN_TEST_HELPER set
// runs TestHelperProcess only.
const (
	envHelper = "VARN_TEST_HELPER"
	envDir    = "VARN_TEST_DIR"
	envState  = "VARN_TEST_STATE"
	// envMaxVlog, if set, is Options.maxVlogFiles of the helper.
	envMaxVlog = "VARN_TEST_MAXVLOG"
)

func helperCmd(_ testing.TB, role, dir, state string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), envHelper+"="+role, envDir+"="+dir, envState+"="+state)
	return cmd
}

// TestHelperProcess is not a test: it is the body of the helper processes.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(envHelper)
	if role == "" {
		t.Skip("helper process for other tests")
	}
	o := &Options{ScryptWorkFactor: 10, StateDir: os.Getenv(envState), User: "helper",
		statfs: func(string) (uint64, error) { return 1 << 40, nil }}
	if s := os.Getenv(envMaxVlog); s != "" {
		fmt.Sscan(s, &o.maxVlogFiles)
	}
	ctx := context.Background()
	v, err := Open(ctx, os.Getenv(envDir), Unlock{Passphrase: testPass}, o)
	if role == "open" {
		if err != nil {
			fmt.Println("ERR", err)
		} else {
			fmt.Println("OPENED")
		}
		os.Exit(0)
	}
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	if role == "close" {
		// Close alone, timed, with the resident set after Open and its
		// peak during Close (BenchmarkRebuild100k).
		rss := peakRSS()
		resetPeakRSS()
		stop := sampleRSS()
		start := time.Now()
		if err := v.Close(); err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		took := time.Since(start)
		anon, file := stop()
		fmt.Println("CLOSE", took.Nanoseconds(), rss, peakRSS(), anon, file)
		os.Exit(0)
	}
	if role == "session" {
		// One session: a record written and acknowledged, then Close
		// (which may rebuild the database).
		r, err := v.Put(ctx, observation("a session's record: "+strings.Repeat("klotter vid skolan, ", 12)))
		if err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Println("ACK", r.Base().ID)
		if err := v.Close(); err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Println("CLOSED")
		os.Exit(0)
	}
	// role "writer": write until killed, printing each acknowledged ID.
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		r, err := v.Put(ctx, member(fmt.Sprintf("member %d", i)))
		if err != nil {
			fmt.Fprintln(w, "ERR", err)
			w.Flush()
			os.Exit(1)
		}
		fmt.Fprintln(w, "ACK", r.Base().ID)
		w.Flush()
	}
}

func TestInUseOtherProcess(t *testing.T) {
	v, dir, o := newVault(t)
	_ = v
	out, err := helperCmd(t, "open", dir, o.StateDir).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("ERR vault: vault is in use by tester (pid %d) since ", os.Getpid())
	if !strings.HasPrefix(string(out), want) {
		t.Fatalf("second process got %q, want prefix %q", out, want)
	}
	v.Close()
	out, err = helperCmd(t, "open", dir, o.StateDir).Output()
	if err != nil || strings.TrimSpace(string(out)) != "OPENED" {
		t.Fatalf("after close: %q %v", out, err)
	}
}

// TestCrashDurability kills a writer with SIGKILL in the middle of its
// writes, reopens the vault and finds every acknowledged record and an
// intact audit log. It runs 20 rounds (8 under the race detector), 100 with
// VARN_SOAK=1.
func TestCrashDurability(t *testing.T) {
	rounds := 20
	if raceEnabled {
		rounds = 8 // the race detector slows every round several times
	}
	if os.Getenv("VARN_SOAK") == "1" {
		rounds = 100
	}
	if testing.Short() {
		rounds = 3
	}
	v, dir, o := newVault(t)
	v.Close()
	ctx := context.Background()
	var acked []model.ID
	for round := 0; round < rounds; round++ {
		cmd := helperCmd(t, "writer", dir, o.StateDir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 20 + rand.IntN(120)
		sc := bufio.NewScanner(stdout)
		n := 0
		for sc.Scan() {
			line := sc.Text()
			id, ok := strings.CutPrefix(line, "ACK ")
			if !ok {
				t.Fatalf("round %d: writer said %q", round, line)
			}
			acked = append(acked, model.ID(id))
			if n++; n == killAfter {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		// Read what was acknowledged before the kill landed.
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
				acked = append(acked, model.ID(id))
			}
		}
		cmd.Wait()
		v, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		for _, id := range acked {
			if _, err := v.Get(ctx, id); err != nil {
				v.Close()
				t.Fatalf("round %d: acknowledged record %s: %v", round, id, err)
			}
		}
		if res, err := v.VerifyAudit(ctx); err != nil {
			v.Close()
			t.Fatalf("round %d: audit log: %v (%s)", round, err, res)
		}
		if err := v.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d rounds, %d acknowledged writes, all found", rounds, len(acked))
}

// TestRollbackDetected restores an older copy of the whole vault directory:
// Open notices through the checkpoint kept outside the vault.
func TestRollbackDetected(t *testing.T) {
	v, dir, o := newVault(t)
	mustPut(t, v, member("A"))
	v.Close()
	old := dir + ".old"
	if err := exec.Command("cp", "-a", dir, old).Run(); err != nil {
		t.Fatal(err)
	}
	v = reopenDir(t, dir, o)
	mustPut(t, v, member("B"))
	v.Close()
	os.RemoveAll(dir)
	if err := os.Rename(old, dir); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	if !errors.Is(err, ErrRolledBack) || !strings.Contains(err.Error(), "audit log is older than the last checkpoint seen (size ") {
		t.Fatalf("Open of a rolled-back vault: %v", err)
	}
}
