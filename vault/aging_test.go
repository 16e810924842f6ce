package vault

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"varn/model"
)

// vaultFiles returns the number of regular files under dir and the bytes
// allocated to them.
func vaultFiles(t testing.TB, dir string) (n int, disk int64) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			n++
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if st, ok := fi.Sys().(*syscall.Stat_t); ok {
				disk += st.Blocks * 512
			} else {
				disk += fi.Size()
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n, disk
}

// openFDs counts the process's open file descriptors.
func openFDs(t testing.TB) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd here")
	}
	return len(es)
}

// dbMaps counts the process's memory maps of files under dir.
func dbMaps(t testing.TB, dir string) int {
	t.Helper()
	b, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Skip("no /proc/self/maps here")
	}
	return strings.Count(string(b), filepath.Join(dir, dbDir)+"/")
}

// session opens the vault, writes n observations and closes it, returning
// their IDs.
func session(t testing.TB, dir string, u Unlock, o *Options, n int, tag string) []model.ID {
	t.Helper()
	ctx := context.Background()
	v, err := Open(ctx, dir, u, o)
	if err != nil {
		t.Fatal(err)
	}
	var ids []model.ID
	for i := range n {
		r := mustPut(t, v, observation(fmt.Sprintf("%s write %d: ", tag, i)+strings.Repeat("grafitti vid skolan, ", 12)))
		ids = append(ids, r.Base().ID)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// checkVault opens the vault and checks that it holds every one of ids and
// that its audit log verifies against the trusted checkpoint.
func checkVault(t testing.TB, dir string, u Unlock, o *Options, ids []model.ID) {
	t.Helper()
	ctx := context.Background()
	v, err := Open(ctx, dir, u, o)
	if err != nil {
		t.Fatalf("opening the vault: %v", err)
	}
	defer v.Close()
	for _, id := range ids {
		if _, err := v.Get(ctx, id); err != nil {
			t.Fatalf("record %s written before: %v", id, err)
		}
	}
	if res, err := v.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit log after the sessions: %v (%v)", err, res)
	}
}

// TestManySessionsKeepTheVaultSmall runs 120 sessions (60 under the race
// detector) that write a record each, with the bound on value log files
// lowered to 6: the vault directory, the descriptors and the memory maps
// of an open vault stay bounded instead of growing by one file per session
// (without the rebuild: a value log file per session), and every record
// and the audit log are still there.
func TestManySessionsKeepTheVaultSmall(t *testing.T) {
	sessions := 120
	if raceEnabled || testing.Short() {
		sessions = 60
	}
	const bound = 6
	v, dir, o := newVault(t)
	v.Close()
	o.maxVlogFiles = bound
	u := Unlock{Passphrase: testPass}
	var ids []model.ID
	fds0 := openFDs(t)
	maxFiles, maxFDs, maxMaps := 0, 0, 0
	for s := range sessions {
		ids = append(ids, session(t, dir, u, o, 1, fmt.Sprint("session ", s))...)
		n, _ := vaultFiles(t, dir)
		maxFiles = max(maxFiles, n)
		if s%10 == 0 {
			v, err := Open(context.Background(), dir, u, o)
			if err != nil {
				t.Fatal(err)
			}
			maxFDs = max(maxFDs, openFDs(t)-fds0)
			maxMaps = max(maxMaps, dbMaps(t, dir))
			v.Close()
		}
	}
	vlogs, _, err := vlogFiles(filepath.Join(dir, dbDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d sessions: at most %d files in the vault, %d descriptors and %d maps of db/ while open; %d value log files at the end",
		sessions, maxFiles, maxFDs, maxMaps, vlogs)
	// The fixed files (vault.json, keys/, cases, lock; MANIFEST,
	// KEYREGISTRY, DISCARD, memtables, a few tables) and at most bound
	// value log files.
	if vlogs > bound || maxFiles > bound+24 || maxFDs > bound+24 || maxMaps > bound+16 {
		t.Fatalf("after %d sessions with a bound of %d value log files: %d value log files, up to %d files, %d descriptors, %d maps",
			sessions, bound, vlogs, maxFiles, maxFDs, maxMaps)
	}
	checkVault(t, dir, u, o, ids)
}

// TestRebuildInterruptedAtEachStep stops a rebuild of the database after
// each of its steps, as a crash there would, and opens the vault again:
// the open finishes or undoes the rebuild, leaves neither db.new nor
// db.old behind, and every record and the audit log are there. A store
// half copied into db.new (no marker) is removed.
func TestRebuildInterruptedAtEachStep(t *testing.T) {
	for _, step := range []string{"half-copied", "built", "closed", "moved-old", "moved-new"} {
		t.Run(step, func(t *testing.T) {
			v, dir, o := newVault(t)
			v.Close()
			u := Unlock{Passphrase: testPass}
			o.maxVlogFiles = -1
			var ids []model.ID
			for s := range 6 {
				ids = append(ids, session(t, dir, u, o, 2, fmt.Sprint("session ", s))...)
			}
			o.maxVlogFiles = 2
			stop := errors.New("stopped by the test")
			o.rebuildHook = func(s string) error {
				if s == step {
					return stop
				}
				return nil
			}
			if step == "half-copied" {
				// A copy that never got its marker: what a crash during
				// the stream leaves.
				o.rebuildHook = func(s string) error {
					if s == "built" {
						os.Remove(filepath.Join(dir, dbNewDir, rebuiltMarker))
						return stop
					}
					return nil
				}
			}
			v, err := Open(context.Background(), dir, u, o)
			if err != nil {
				t.Fatal(err)
			}
			err = v.Close()
			switch step {
			case "half-copied", "built":
				if err != nil {
					t.Fatalf("Close with the rebuild stopped before the old store closed: %v", err)
				}
				if !exists(filepath.Join(dir, dbNewDir)) {
					t.Fatalf("db.new was not left behind")
				}
			default:
				if !errors.Is(err, stop) {
					t.Fatalf("Close with the rebuild stopped after %s: %v", step, err)
				}
			}
			o.rebuildHook = nil
			o.maxVlogFiles = -1
			checkVault(t, dir, u, o, ids)
			for _, d := range []string{dbNewDir, dbOldDir} {
				if exists(filepath.Join(dir, d)) {
					t.Fatalf("%s left behind after the open", d)
				}
			}
			if exists(filepath.Join(dir, dbDir, rebuiltMarker)) {
				t.Fatalf("the marker is left in db/")
			}
		})
	}
}

// TestRebuildKeepsEveryKey rebuilds a vault with records at several
// versions, deleted records, a purged case, drafts and settings, and
// finds each read exactly as before: the same records at the same
// versions, tombstones still tombstones, the audit log verifying, and
// fewer value log files.
func TestRebuildKeepsEveryKey(t *testing.T) {
	ctx := context.Background()
	v, dir, o := newVault(t)
	o.maxVlogFiles = -1
	u := Unlock{Passphrase: testPass}
	a := mustPut(t, v, member("Anna"))
	b := mustPut(t, v, member("Bo"))
	c := mustPut(t, v, caseRec("hot mot skolan"))
	v.Close()
	for s := range 5 {
		v, err := Open(ctx, dir, u, o)
		if err != nil {
			t.Fatal(err)
		}
		a.(*model.Member).Role = model.AllMemberRoles()[s%len(model.AllMemberRoles())]
		a = mustPut(t, v, a)
		mustPut(t, v, observation(fmt.Sprint("obs ", s)))
		if s == 3 {
			if err := v.Delete(ctx, b.Base().ID); err != nil {
				t.Fatal(err)
			}
		}
		v.Close()
	}
	before := dumpVault(t, dir, u, o)
	n0, _, _ := vlogFiles(filepath.Join(dir, dbDir))
	o.maxVlogFiles = 1
	v, err := Open(ctx, dir, u, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	n1, _, _ := vlogFiles(filepath.Join(dir, dbDir))
	if n1 >= n0 || n1 > 1 {
		t.Fatalf("value log files %d before the rebuild, %d after", n0, n1)
	}
	o.maxVlogFiles = -1
	after := dumpVault(t, dir, u, o)
	// The dump made after the rebuild has one more unlock and lock.
	if before.records != after.records {
		t.Fatalf("records before the rebuild:\n%s\nafter:\n%s", before.records, after.records)
	}
	v, err = Open(ctx, dir, u, o)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Get(ctx, b.Base().ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted record after the rebuild: %v", err)
	}
	if got, err := v.Get(ctx, c.Base().ID); err != nil || got.Base().Version != c.Base().Version {
		t.Fatalf("case after the rebuild: %v %v", got, err)
	}
	if res, err := v.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit log after the rebuild: %v (%v)", err, res)
	}
}

type vaultDump struct{ records string }

func dumpVault(t *testing.T, dir string, u Unlock, o *Options) vaultDump {
	t.Helper()
	ctx := context.Background()
	v, err := Open(ctx, dir, u, o)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var sb strings.Builder
	for _, k := range model.AllKinds() {
		err := v.Scan(ctx, k, func(r model.Record) error {
			enc, err := model.Encode(r)
			fmt.Fprintf(&sb, "%s %s\n", enc, err)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return vaultDump{sb.String()}
}

// TestRebuildSurvivesSIGKILL kills a session whose Close rebuilds the
// database (the bound lowered to one file, so every Close rebuilds) at a
// random moment, 5 times (30 with VARN_SOAK=1). After each kill the vault
// opens, holds every acknowledged record, leaves no db.new or db.old
// behind, and its audit log verifies.
func TestRebuildSurvivesSIGKILL(t *testing.T) {
	trials := 5
	if soak() {
		trials = 30
	}
	if testing.Short() {
		trials = 2
	}
	ctx := context.Background()
	v, dir, o := newVault(t)
	if _, err := v.Import(ctx, benchRecords(3000), nil); err != nil {
		t.Fatal(err)
	}
	v.Close()
	u := Unlock{Passphrase: testPass}
	var acked []model.ID
	// One session without a kill measures how long a session takes.
	run := func(killAfter time.Duration) (closed bool, took time.Duration) {
		cmd := helperCmd(t, "session", dir, o.StateDir)
		cmd.Env = append(cmd.Env, envMaxVlog+"=1")
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var timer *time.Timer
		if killAfter > 0 {
			timer = time.AfterFunc(killAfter, func() { cmd.Process.Signal(syscall.SIGKILL) })
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if id, ok := strings.CutPrefix(line, "ACK "); ok {
				acked = append(acked, model.ID(id))
			} else if line == "CLOSED" {
				closed = true
			} else {
				t.Fatalf("session said %q", line)
			}
		}
		cmd.Wait()
		if timer != nil {
			timer.Stop()
		}
		return closed, time.Since(start)
	}
	closed, took := run(0)
	if !closed {
		t.Fatal("the session without a kill did not close")
	}
	if n, _, _ := vlogFiles(filepath.Join(dir, dbDir)); n > 1 {
		t.Fatalf("the session's Close left %d value log files", n)
	}
	kills, midSwap := 0, 0
	for i := range trials {
		closed, _ := run(time.Duration(rand.Int64N(int64(took))))
		if !closed {
			kills++
		}
		if exists(filepath.Join(dir, dbNewDir)) || exists(filepath.Join(dir, dbOldDir)) {
			midSwap++
		}
		checkVault(t, dir, u, o, acked)
		for _, d := range []string{dbNewDir, dbOldDir} {
			if exists(filepath.Join(dir, d)) {
				t.Fatalf("trial %d: %s left behind after the open", i, d)
			}
		}
	}
	t.Logf("%d trials (a session took %v), %d killed before closing, %d of them during a rebuild; %d acknowledged records all found",
		trials, took.Round(time.Millisecond), kills, midSwap, len(acked))
}

// TestEmptyValueLogFileLeftByACrash: Badger creates the value log file of
// a session at open and then sizes it; a process killed in between leaves
// a file of zero bytes, on which the next badger.Open failed ("Open
// existing file: …vlog err: Create a new file") and varn told the user to
// restore from a backup. Found by TestE2ECrashDuringRebuild. The empty
// file holds nothing and is removed; the vault opens with its records.
func TestEmptyValueLogFileLeftByACrash(t *testing.T) {
	v, dir, o := newVault(t)
	r := mustPut(t, v, observation("före kraschen: "+strings.Repeat("klotter vid skolan, ", 12)))
	v.Close()
	n, _, err := vlogFiles(filepath.Join(dir, dbDir))
	if err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, dbDir, fmt.Sprintf("%06d.vlog", n+5))
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	checkVault(t, dir, Unlock{Passphrase: testPass}, o, []model.ID{r.Base().ID})
	if exists(empty) {
		t.Fatalf("the empty value log file %s is still there", empty)
	}
}

// TestRollbackDetectedAcrossRebuild: a copy of the vault directory taken
// before a rebuild, put back after it, is still an older vault: Open
// refuses it as rolled back, as it would without the rebuild, and the
// rebuilt vault's own checkpoint is the one the host trusts.
func TestRollbackDetectedAcrossRebuild(t *testing.T) {
	v, dir, o := newVault(t)
	v.Close()
	u := Unlock{Passphrase: testPass}
	o.maxVlogFiles = -1
	session(t, dir, u, o, 1, "före kopian")
	old := dir + ".old"
	if err := exec.Command("cp", "-a", dir, old).Run(); err != nil {
		t.Fatal(err)
	}
	o.maxVlogFiles = 1 // every Close rebuilds
	ids := session(t, dir, u, o, 1, "efter kopian")
	if n, _, _ := vlogFiles(filepath.Join(dir, dbDir)); n > 1 {
		t.Fatalf("the session did not rebuild: %d value log files", n)
	}
	checkVault(t, dir, u, o, ids)
	os.RemoveAll(dir)
	if err := os.Rename(old, dir); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), dir, u, o); !errors.Is(err, ErrRolledBack) {
		t.Fatalf("Open of the copy from before the rebuild: %v", err)
	}
}
