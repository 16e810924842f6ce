package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"varn/model"
)

// Proofs under faults (issue 7, the vault's part). Each test logs what it
// did and what it checked. Long versions run with VARN_SOAK=1.

func soak() bool { return os.Getenv("VARN_SOAK") == "1" }

// TestHardenProcess runs HardenProcess in a child process (it changes
// process-wide state) with the leaky variables set, and checks from inside
// the child: umask 077 (a new file is 0600, a new directory 0700), not
// dumpable, RLIMIT_CORE 0, TEA_TRACE, TEA_DEBUG and AGEDEBUG cleared.
func TestHardenProcess(t *testing.T) {
	if os.Getenv("VARN_TEST_HARDEN") == "1" {
		hardenChild()
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("HardenProcess sets umask, dumpable and RLIMIT_CORE on Linux only")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHardenProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "VARN_TEST_HARDEN=1", "VARN_TEST_DIR="+dir,
		"TEA_TRACE=/tmp/trace.log", "TEA_DEBUG=1", "AGEDEBUG=plugin")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && strings.HasPrefix(k, "H_") {
			got[k] = v
		}
	}
	want := map[string]string{
		"H_err": "<nil>", "H_file": "600", "H_dir": "700", "H_dumpable": "0",
		"H_core": "0/0", "H_TEA_TRACE": "", "H_TEA_DEBUG": "", "H_AGEDEBUG": "",
		"H_before": "set",
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s = %q, want %q (child said:\n%s)", k, g, w, out)
		}
	}
	t.Logf("child after HardenProcess: %v", got)
}

func hardenChild() {
	before := "unset"
	if os.Getenv("TEA_TRACE") != "" && os.Getenv("AGEDEBUG") != "" {
		before = "set"
	}
	syscall.Umask(0o022)
	err := HardenProcess()
	dir := os.Getenv("VARN_TEST_DIR")
	f, ferr := os.Create(filepath.Join(dir, "f"))
	if ferr == nil {
		f.Close()
	}
	os.Mkdir(filepath.Join(dir, "d"), 0o777)
	mode := func(p string) string {
		fi, err := os.Stat(p)
		if err != nil {
			return err.Error()
		}
		return fmt.Sprintf("%o", fi.Mode().Perm())
	}
	dumpable, derr := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0)
	var rl unix.Rlimit
	rerr := unix.Getrlimit(unix.RLIMIT_CORE, &rl)
	fmt.Printf("H_before=%s\nH_err=%v\nH_file=%s\nH_dir=%s\n", before, err, mode(filepath.Join(dir, "f")), mode(filepath.Join(dir, "d")))
	fmt.Printf("H_dumpable=%d%v\nH_core=%d/%d%v\n", dumpable, errOrEmpty(derr), rl.Cur, rl.Max, errOrEmpty(rerr))
	for _, k := range leakyEnv {
		fmt.Printf("H_%s=%s\n", k, os.Getenv(k))
	}
}

func errOrEmpty(err error) string {
	if err == nil {
		return ""
	}
	return " " + err.Error()
}

// TestHostileDirRefused: a vault directory (or keys/, db/) writable by other
// users, or a key file that is a symbolic link, is refused at Open with a
// message naming the fix; once fixed, the vault opens.
func TestHostileDirRefused(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string)
		fix    func(t *testing.T, dir string)
		want   string
	}{
		{"world-writable vault directory",
			func(t *testing.T, dir string) { chmod(t, dir, 0o777) },
			func(t *testing.T, dir string) { chmod(t, dir, 0o700) },
			"is writable by every user; run 'chmod 700 "},
		{"group-writable vault directory",
			func(t *testing.T, dir string) { chmod(t, dir, 0o770) },
			func(t *testing.T, dir string) { chmod(t, dir, 0o700) },
			"is writable by other users of its group; run 'chmod 700 "},
		{"group-writable keys directory",
			func(t *testing.T, dir string) { chmod(t, filepath.Join(dir, keysDir), 0o770) },
			func(t *testing.T, dir string) { chmod(t, filepath.Join(dir, keysDir), 0o700) },
			"keys is writable by other users of its group"},
		{"world-writable db directory",
			func(t *testing.T, dir string) { chmod(t, filepath.Join(dir, dbDir), 0o757) },
			func(t *testing.T, dir string) { chmod(t, filepath.Join(dir, dbDir), 0o700) },
			"db is writable by every user"},
		{"symlinked key file",
			func(t *testing.T, dir string) {
				p := filepath.Join(dir, keysDir, passphraseName+keyFileSuffix)
				elsewhere := filepath.Join(t.TempDir(), "moved.age")
				if err := os.Rename(p, elsewhere); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(elsewhere, p); err != nil {
					t.Fatal(err)
				}
			},
			func(t *testing.T, dir string) {
				p := filepath.Join(dir, keysDir, passphraseName+keyFileSuffix)
				target, _ := os.Readlink(p)
				os.Remove(p)
				if err := os.Rename(target, p); err != nil {
					t.Fatal(err)
				}
			},
			"is a symbolic link; varn refuses it: replace it with the file itself"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, dir, o := newVault(t)
			id := mustPut(t, v, member("Anna")).Base().ID
			v.Close()
			tc.break_(t, dir)
			_, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open: %v; want it to say %q", err, tc.want)
			}
			t.Logf("refused: %v", err)
			tc.fix(t, dir)
			v = reopenDir(t, dir, o)
			if _, err := v.Get(ctx, id); err != nil {
				t.Fatalf("after the fix: %v", err)
			}
		})
	}
}

func chmod(t *testing.T, p string, m os.FileMode) {
	t.Helper()
	if err := os.Chmod(p, m); err != nil {
		t.Fatal(err)
	}
}

// TestResurrection runs random creates, updates and deletes with Badger's
// value-log garbage collection, flattening and reopening in between, and
// checks the vault against an in-memory model after every step: no deleted
// record ever comes back, no update is lost. About 5 s; 10 minutes with
// VARN_SOAK=1.
func TestResurrection(t *testing.T) {
	dur := 5 * time.Second
	if soak() {
		dur = 10 * time.Minute
	}
	if testing.Short() {
		dur = time.Second
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "vault")
	o := testOpts(t)
	o.smallVlog = true // records live in the value log, which GC rewrites
	v, err := Init(ctx, dir, Config{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	live := map[model.ID]string{} // ID → name
	var deleted []model.ID
	var ops, gcs, rewrites, reopens, checks int
	// check compares the vault with the model: every time a few records
	// (a random live one, a random deleted one), in full every 25
	// operations.
	var pointChecks int
	check := func(full bool) {
		if len(live) > 0 {
			for id, name := range live {
				r, err := v.Get(ctx, id)
				if err != nil || r.(*model.Member).Name != name {
					t.Fatalf("after %d operations: live record %s: %v", ops, id, err)
				}
				pointChecks++
				break
			}
		}
		if len(deleted) > 0 {
			id := deleted[rng.IntN(len(deleted))]
			if _, err := v.Get(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Fatalf("after %d operations: deleted record %s: %v", ops, id, err)
			}
			pointChecks++
		}
		if full {
			checks++
			l, err := v.List(ctx, model.KindMember)
			if err != nil {
				t.Fatalf("after %d operations: List: %v", ops, err)
			}
			if len(l) != len(live) {
				t.Fatalf("after %d operations: %d members listed, the model has %d", ops, len(l), len(live))
			}
			for _, r := range l {
				m := r.(*model.Member)
				if name, ok := live[m.ID]; !ok || name != m.Name {
					t.Fatalf("after %d operations: listed %s %q, the model has %q (live %v)", ops, m.ID, m.Name, name, ok)
				}
			}
			for _, id := range deleted {
				if _, err := v.Get(ctx, id); !errors.Is(err, ErrNotFound) {
					t.Fatalf("after %d operations: deleted record %s: %v", ops, id, err)
				}
			}
		}
	}
	ids := func() []model.ID {
		out := make([]model.ID, 0, len(live))
		for id := range live {
			out = append(out, id)
		}
		return out
	}
	start := time.Now()
	for time.Since(start) < dur {
		switch n := rng.IntN(100); {
		case n < 45 || len(live) < 5:
			var recs []model.Record
			for i := rng.IntN(4); i >= 0; i-- {
				recs = append(recs, member(fmt.Sprintf("m%x", rng.Uint32()))) // hex: ten decimal digits may pass for an identity number
			}
			if len(recs) == 1 {
				r := mustPut(t, v, recs[0])
				live[r.Base().ID] = r.(*model.Member).Name
			} else {
				if _, err := v.Import(ctx, recs, nil); err != nil {
					t.Fatal(err)
				}
				for _, r := range recs {
					live[r.Base().ID] = r.(*model.Member).Name
				}
			}
		case n < 65:
			all := ids()
			id := all[rng.IntN(len(all))]
			r, err := v.Get(ctx, id)
			if err != nil {
				t.Fatalf("Get live %s: %v", id, err)
			}
			m := r.(*model.Member)
			m.Name = fmt.Sprintf("u%x", rng.Uint32())
			mustPut(t, v, m)
			live[id] = m.Name
		case n < 95:
			all := ids()
			id := all[rng.IntN(len(all))]
			if err := v.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
			delete(live, id)
			deleted = append(deleted, id)
		case n < 98:
			gcs++
			for v.db.RunValueLogGC(0.01) == nil {
				rewrites++
			}
			if err := v.db.Flatten(2); err != nil {
				t.Fatal(err)
			}
		default:
			reopens++
			v.Close()
			v = reopenDir(t, dir, o)
		}
		ops++
		check(ops%25 == 0)
	}
	v.Close()
	v = reopenDir(t, dir, o)
	check(true)
	if res, err := v.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit log: %v (%s)", err, res)
	}
	t.Logf("%d operations, %d value-log GC + flatten rounds (%d value-log files rewritten), %d reopens, %d full and %d point checks against the model; %d live, %d deleted records, none came back",
		ops, gcs, rewrites, reopens, checks, pointChecks, len(live), len(deleted))
}

// TestCorruptionEachFile damages each file of a closed vault in turn —
// one byte flipped in the middle, cut to half its length, deleted — in a
// fresh copy each time, then opens the copy and reads every record. Each
// case must end in a refusal with a message, or records that are exactly
// the ones written, or per-record authentication failures; never wrong
// data, never a panic.
func TestCorruptionEachFile(t *testing.T) {
	ctx := context.Background()
	v, dir, o := newVault(t)
	// Records enough for Badger to write a table at close (more with
	// VARN_SOAK=1), and a case sealed under its own key.
	var recs []model.Record
	n := 400
	if soak() {
		n = 5000
	}
	for i := 0; i < n; i++ {
		recs = append(recs, observation(fmt.Sprintf("observation %d %s", i, strings.Repeat("x", 400))))
	}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	c := mustPut(t, v, caseRec("a concern")).(*model.Case)
	want := map[model.ID][]byte{}
	for _, r := range append(recs, c) {
		b, _ := model.Encode(r)
		want[r.Base().ID] = b
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != lockName {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, rel)
		}
		return nil
	})
	type mutation struct {
		name string
		do   func(p string) error
	}
	mutations := []mutation{
		{"flip", func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil || len(b) == 0 {
				return err
			}
			b[len(b)/2] ^= 0x5a
			return os.WriteFile(p, b, 0o600)
		}},
		{"flip near the end", func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil || len(b) == 0 {
				return err
			}
			b[max(len(b)-6, 0)] ^= 0x5a
			return os.WriteFile(p, b, 0o600)
		}},
		{"truncate", func(p string) error {
			fi, err := os.Stat(p)
			if err != nil {
				return err
			}
			return os.Truncate(p, fi.Size()/2)
		}},
		{"delete", os.Remove},
	}
	seen := map[string]int{}
	n = 0
	for _, f := range files {
		for _, m := range mutations {
			n++
			name := f + " " + m.name
			cdir := filepath.Join(t.TempDir(), "v")
			cstate := filepath.Join(t.TempDir(), "state")
			if err := exec.Command("cp", "-a", dir, cdir).Run(); err != nil {
				t.Fatal(err)
			}
			if err := exec.Command("cp", "-a", o.StateDir, cstate).Run(); err != nil {
				t.Fatal(err)
			}
			co := *o
			co.StateDir = cstate
			if err := m.do(filepath.Join(cdir, f)); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			outcome := corruptOpen(t, ctx, name, cdir, &co, want)
			seen[strings.SplitN(outcome, ":", 2)[0]]++
			t.Logf("%-44s %s", name, outcome)
		}
	}
	t.Logf("%d damaged copies: %v", n, seen)
}

// corruptOpen opens a damaged vault and reads everything, failing the
// test on wrong data or a panic. It returns a summary of what happened.
func corruptOpen(t *testing.T, ctx context.Context, name, dir string, o *Options, want map[model.ID][]byte) (outcome string) {
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("%s: panic: %v", name, p)
			outcome = "PANIC"
		}
	}()
	v, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "vault: ") {
			t.Errorf("%s: Open error without the vault: prefix: %v", name, err)
		}
		msg := err.Error()
		if len(msg) > 110 {
			msg = msg[:110] + "…"
		}
		return "refused at open: " + msg
	}
	defer v.Close()
	bad, ok := 0, 0
	for id, w := range want {
		r, err := v.Get(ctx, id)
		if err != nil {
			if !errors.Is(err, ErrTampered) && !errors.Is(err, ErrNotFound) && !strings.HasPrefix(err.Error(), "vault: ") {
				t.Errorf("%s: Get %s: unclear error %v", name, id, err)
			}
			bad++
			continue
		}
		got, _ := model.Encode(r)
		if !bytes.Equal(got, w) {
			t.Errorf("%s: record %s came back different", name, id)
		}
		ok++
	}
	for _, k := range []model.Kind{model.KindObservation, model.KindCase} {
		err := v.Scan(ctx, k, func(r model.Record) error {
			got, _ := model.Encode(r)
			if w, known := want[r.Base().ID]; !known || !bytes.Equal(got, w) {
				t.Errorf("%s: Scan returned a record %s that was not written so", name, r.Base().ID)
			}
			return nil
		})
		if err != nil && !strings.HasPrefix(err.Error(), "vault: ") {
			t.Errorf("%s: Scan: unclear error %v", name, err)
		}
	}
	if bad == 0 {
		return "opened, every record intact"
	}
	return fmt.Sprintf("opened, %d records refused", bad)
}
