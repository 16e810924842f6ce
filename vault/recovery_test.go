package vault

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// copyDir copies the vault directory src to dst as 'cp -a' would (without
// the lock file).
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o700)
		}
		if d.Name() == lockName {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stateFiles returns the contents of every file in a state directory.
func stateFiles(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

// lineageVault makes a live vault with a backup key, a few records, a
// backup, and more work after the backup; it returns the closed vault's
// directory, options, the backup and the identity that opens it.
func lineageVault(t *testing.T) (string, *Options, []byte, age.Identity) {
	t.Helper()
	ctx := context.Background()
	v, dir, o := newVault(t)
	x := mustX25519(t)
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "backup key", Recipient: x.Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	mustPut(t, v, member("Anna"))
	mustPut(t, v, caseRec("a concern"))
	var buf bytes.Buffer
	if err := v.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	mustPut(t, v, member("after the backup"))
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, o, buf.Bytes(), x
}

// openVerified opens dir and verifies its audit log, failing the test
// otherwise.
func openVerified(t *testing.T, dir string, o *Options) *Vault {
	t.Helper()
	ctx := context.Background()
	v, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	if res, err := v.VerifyAudit(ctx); err != nil {
		v.Close()
		t.Fatalf("verify %s: %v %s", dir, err, res)
	}
	return v
}

// TestRestoreLineage: whatever is done with a backup or a copy of the
// vault, the live vault keeps opening and verifying, a rolled-back copy is
// still caught, and a recovery continues the audit lineage.
func TestRestoreLineage(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		run  func(t *testing.T, live string, o *Options, backup []byte, x age.Identity)
	}{
		{"drill touches nothing of the live vault", func(t *testing.T, live string, o *Options, backup []byte, x age.Identity) {
			before := stateFiles(t, o.StateDir)
			info, err := VerifyBackup(ctx, bytes.NewReader(backup), []age.Identity{x}, o)
			if err != nil {
				t.Fatal(err)
			}
			if info.Records[model.KindMember] != 1 || info.Records[model.KindCase] != 1 {
				t.Errorf("drill counted %v", info.Records)
			}
			if !info.HostKnown || info.Behind == 0 || info.Checkpoint.Size+info.Behind != info.HostCheckpoint {
				t.Errorf("drill: host known %v, behind %d, backup %d, host %d", info.HostKnown, info.Behind, info.Checkpoint.Size, info.HostCheckpoint)
			}
			if info.Taken.IsZero() {
				t.Error("drill did not find the backup's date")
			}
			if after := stateFiles(t, o.StateDir); !mapsEqual(before, after) {
				t.Error("the drill changed the host's state directory")
			}
			if m, _ := filepath.Glob(filepath.Join(os.TempDir(), drillTempPrefix+"*")); len(m) > 0 {
				t.Errorf("drill left %v", m)
			}
			openVerified(t, live, o).Close()
		}},
		{"restore beside the live vault is refused", func(t *testing.T, live string, o *Options, backup []byte, x age.Identity) {
			scratch := filepath.Join(t.TempDir(), "scratch")
			_, err := Restore(ctx, bytes.NewReader(backup), scratch, []age.Identity{x}, o)
			if !errors.Is(err, ErrLiveVault) || !strings.Contains(err.Error(), "varn backup verify") {
				t.Fatalf("restore beside the live vault: %v", err)
			}
			if _, err := os.Lstat(scratch); !os.IsNotExist(err) {
				t.Errorf("refused restore left %s: %v", scratch, err)
			}
			openVerified(t, live, o).Close()
		}},
		{"recovery on the same host", func(t *testing.T, live string, o *Options, backup []byte, x age.Identity) {
			if err := os.RemoveAll(live); err != nil { // lost
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), "recovered")
			r, err := Restore(ctx, bytes.NewReader(backup), dir, []age.Identity{x}, o)
			if err != nil {
				t.Fatal(err)
			}
			info := r.Restored()
			if !info.HostKnown || info.Behind == 0 {
				t.Errorf("recovery: host known %v, behind %d", info.HostKnown, info.Behind)
			}
			evs := events(t, r)
			last := evs[len(evs)-1]
			if last.Action != model.ActionRestore || !strings.Contains(last.Detail, info.Checkpoint.String()) || !strings.Contains(last.Detail, "behind") {
				t.Errorf("last event %s %q", last.Action, last.Detail)
			}
			r.Close()
			openVerified(t, dir, o).Close()
		}},
		{"recovery on a new host", func(t *testing.T, live string, o *Options, backup []byte, x age.Identity) {
			o2 := newHost(t, o)
			dir := filepath.Join(t.TempDir(), "recovered")
			r, err := Restore(ctx, bytes.NewReader(backup), dir, []age.Identity{x}, o2)
			if err != nil {
				t.Fatal(err)
			}
			if info := r.Restored(); info.HostKnown || !info.PurgesUnknown {
				t.Errorf("new host: %+v", info)
			}
			r.Close()
			v := openVerified(t, dir, o2)
			if w := v.Warnings(); len(w) != 0 {
				t.Errorf("recovered vault warns: %q", w)
			}
			v.Close()
			openVerified(t, live, o).Close()
		}},
		{"an old copy put back is a rollback", func(t *testing.T, live string, o *Options, backup []byte, x age.Identity) {
			old := filepath.Join(t.TempDir(), "old")
			copyDir(t, live, old)
			v := openVerified(t, live, o)
			mustPut(t, v, member("later"))
			v.Close()
			if err := os.RemoveAll(live); err != nil {
				t.Fatal(err)
			}
			copyDir(t, old, live)
			if _, err := Open(ctx, live, Unlock{Passphrase: testPass}, o); !errors.Is(err, ErrRolledBack) {
				t.Fatalf("old copy put back: %v", err)
			}
			// Nor does it pass elsewhere on this host once the live vault is gone.
			moved := filepath.Join(t.TempDir(), "moved")
			if err := os.Rename(live, moved); err != nil {
				t.Fatal(err)
			}
			if _, err := Open(ctx, moved, Unlock{Passphrase: testPass}, o); !errors.Is(err, ErrRolledBack) {
				t.Fatalf("old copy moved elsewhere: %v", err)
			}
		}},
		{"a copy of the live directory opened elsewhere", func(t *testing.T, live string, o *Options, backup []byte, x age.Identity) {
			cp := filepath.Join(t.TempDir(), "copy")
			copyDir(t, live, cp)
			// On this host: a copy, checked but never moving the checkpoint.
			c, err := Open(ctx, cp, Unlock{Passphrase: testPass}, o)
			if err != nil {
				t.Fatal(err)
			}
			if !c.Copy() || len(c.Warnings()) != 1 || !strings.Contains(c.Warnings()[0], "copy of the vault at "+live) {
				t.Errorf("copy on this host: copy %v, warnings %q", c.Copy(), c.Warnings())
			}
			for range 5 {
				mustPut(t, c, member("in the copy"))
			}
			c.Close()
			openVerified(t, live, o).Close()
			// On another host: opens, warns, and verify says trust is missing.
			o2 := newHost(t, o)
			c, err = Open(ctx, cp, Unlock{Passphrase: testPass}, o2)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Warnings()) != 1 || !strings.Contains(c.Warnings()[0], "varn audit trust") {
				t.Errorf("copy on another host warns %q", c.Warnings())
			}
			if _, err := c.VerifyAudit(ctx); !errors.Is(err, ErrNoCheckpoint) {
				t.Errorf("verify of the copy on another host: %v", err)
			}
			c.Close()
			if m, _ := filepath.Glob(filepath.Join(o2.StateDir, "*.checkpoint")); len(m) != 0 {
				t.Errorf("an untrusted vault wrote a checkpoint %v", m)
			}
			// Even untrusted, it is that host's vault: a restore beside
			// it is refused there.
			_, err = Restore(ctx, bytes.NewReader(backup), filepath.Join(t.TempDir(), "beside"), []age.Identity{x}, o2)
			if !errors.Is(err, ErrLiveVault) {
				t.Errorf("restore beside an untrusted vault: %v", err)
			}
			openVerified(t, live, o).Close()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			live, o, backup, x := lineageVault(t)
			tc.run(t, live, o, backup, x)
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestRestoreAfterPurge: a recovery on the host that purged a case erases
// it again and says so; on another host it says that purges must be run
// again; a drill reports what a recovery would erase.
func TestRestoreAfterPurge(t *testing.T) {
	ctx := context.Background()
	v, dir, o := newVault(t)
	x := mustX25519(t)
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "backup key", Recipient: x.Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	c := mustPut(t, v, caseRec("a concern"))
	keep := mustPut(t, v, caseRec("another concern"))
	var buf bytes.Buffer
	if err := v.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Purge(ctx, c.Base().ID); err != nil {
		t.Fatal(err)
	}
	v.Close()
	id := c.Base().ID

	info, err := VerifyBackup(ctx, bytes.NewReader(buf.Bytes()), []age.Identity{x}, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Purged) != 1 || info.Purged[0] != id {
		t.Errorf("drill: purged %v, want [%s]", info.Purged, id)
	}

	// Elsewhere: the case is back, and the restore says purges must be re-run.
	o2 := newHost(t, o)
	r, err := Restore(ctx, bytes.NewReader(buf.Bytes()), filepath.Join(t.TempDir(), "elsewhere"), []age.Identity{x}, o2)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Restored().PurgesUnknown {
		t.Error("a restore on a new host does not say that purges must be re-run")
	}
	if _, err := r.Get(ctx, id); err != nil {
		t.Errorf("on a new host the case is not there: %v", err)
	}
	r.Close()

	// Here: the live vault is lost, the recovery purges the case again.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	r, err = Restore(ctx, bytes.NewReader(buf.Bytes()), filepath.Join(t.TempDir(), "recovered"), []age.Identity{x}, o)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := r.Restored().Purged; len(got) != 1 || got[0] != id {
		t.Errorf("recovery purged %v again, want [%s]", got, id)
	}
	if _, err := r.Get(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("the purged case came back: %v", err)
	}
	if _, err := r.Get(ctx, keep.Base().ID); err != nil {
		t.Errorf("the other case: %v", err)
	}
	evs := events(t, r)
	if last := evs[len(evs)-1]; last.Action != model.ActionPurge || last.Ref != id {
		t.Errorf("last event %s %s, want the purge of %s", last.Action, last.Ref, id)
	}
}

// TestMissingCheckpointIsNeverSilent: with the host's checkpoint gone, an
// old copy put back opens only with a warning, verify fails, and trust is
// re-anchored only with a checkpoint the log extends.
func TestMissingCheckpointIsNeverSilent(t *testing.T) {
	ctx := context.Background()
	v, dir, o := newVault(t)
	mustPut(t, v, member("Anna"))
	oldCp, err := v.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	oldHead, err := v.head()
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(t.TempDir(), "old")
	v.Close()
	copyDir(t, dir, old)
	v = openVerified(t, dir, o)
	mustPut(t, v, member("later"))
	newCp, err := v.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	// The checkpoint is deleted and the old copy put back.
	if err := os.Remove(filepath.Join(o.StateDir, v.ID()+".checkpoint")); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	copyDir(t, old, dir)
	v, err = Open(ctx, dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if w := v.Warnings(); len(w) != 1 || !strings.Contains(w[0], "no trusted checkpoint") {
		t.Errorf("warnings %q", w)
	}
	if _, err := v.VerifyAudit(ctx); !errors.Is(err, ErrNoCheckpoint) || !strings.Contains(err.Error(), "varn audit trust") {
		t.Errorf("verify without a checkpoint: %v", err)
	}
	// The partner's checkpoint is newer than this old copy: refused.
	if _, err := v.Trust(newCp); !errors.Is(err, ErrRolledBack) {
		t.Errorf("trust in a checkpoint the old copy does not reach: %v", err)
	}
	if _, err := v.VerifyAudit(ctx); !errors.Is(err, ErrNoCheckpoint) {
		t.Errorf("a refused trust re-anchored: %v", err)
	}
	if _, err := v.Trust([]byte("not a checkpoint")); err == nil {
		t.Error("trust in garbage")
	}
	// As a partner reads size and root out: a wrong root is refused.
	bad := oldHead
	bad.Root[0] ^= 1
	if err := v.TrustHead(bad.Size, base64.StdEncoding.EncodeToString(bad.Root[:])); !errors.Is(err, ErrRolledBack) {
		t.Errorf("trust in a wrong root: %v", err)
	}
	if err := v.TrustHead(oldHead.Size, "not base64"); err == nil {
		t.Error("trust in a malformed root")
	}
	if err := v.TrustHead(oldHead.Size, base64.StdEncoding.EncodeToString(oldHead.Root[:])); err != nil {
		t.Fatal(err)
	}
	if res, err := v.VerifyAudit(ctx); err != nil {
		t.Fatalf("verify after TrustHead: %v %s", err, res)
	}
	if _, err := v.Trust(oldCp); err != nil {
		t.Fatal(err)
	}
	if res, err := v.VerifyAudit(ctx); err != nil {
		t.Fatalf("verify after trust: %v %s", err, res)
	}
	if w := reopen(t, v, o).Warnings(); len(w) != 0 {
		t.Errorf("after trust, open warns %q", w)
	}
}

// TestRestoreCutShortLeavesNothing: a restore cancelled at any point of
// loading leaves neither the target nor a temporary directory, and a
// directory marked as an unfinished restore never opens.
func TestRestoreCutShortLeavesNothing(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	x := mustX25519(t)
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "backup key", Recipient: x.Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	for range 300 {
		mustPut(t, v, member("someone"))
	}
	var buf bytes.Buffer
	if err := v.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	v.Close()
	o = newHost(t, o)
	parent := t.TempDir()
	target := filepath.Join(parent, "restored")
	for _, n := range []int64{0, 1, 2, 5, 20} {
		_, err := Restore(newCutCtx(n), bytes.NewReader(buf.Bytes()), target, []age.Identity{x}, o)
		if err == nil {
			// Past the last check: a complete restore.
			t.Logf("cut at %d: complete", n)
			os.RemoveAll(target)
			continue
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Fatalf("cut at %d (%v): left %v", n, err, entries)
		}
	}
	// A leftover of a killed restore: marked, never opens, cleaned next time.
	r, err := Restore(ctx, bytes.NewReader(buf.Bytes()), target, []age.Identity{x}, o)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	left := filepath.Join(parent, restoreTempPrefix+"restored-killed")
	copyDir(t, target, left)
	if err := os.WriteFile(filepath.Join(left, restoringName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, left, Unlock{Passphrase: testPass}, o); err == nil || !strings.Contains(err.Error(), "did not finish") {
		t.Fatalf("open of an unfinished restore: %v", err)
	}
	os.WriteFile(filepath.Join(left, lockName), nil, 0o600)
	os.RemoveAll(target)
	r, err = Restore(ctx, bytes.NewReader(buf.Bytes()), target, []age.Identity{x}, o)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := os.Lstat(left); !os.IsNotExist(err) {
		t.Errorf("the leftover of a killed restore is still there: %v", err)
	}
}

// TestDrillAndRestoreRefuseADamagedRecord: a backup of a vault in which a
// record was tampered with fails the drill, and a recovery from it leaves
// nothing at the target: every record is opened before the rename.
func TestDrillAndRestoreRefuseADamagedRecord(t *testing.T) {
	ctx := context.Background()
	v, dir, o := newVault(t)
	x := mustX25519(t)
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "backup key", Recipient: x.Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	a := mustPut(t, v, member("Anna"))
	rawDB(t, v, func(db *badger.DB) {
		k := recordKey(a.Kind(), a.Base().ID)
		val := rawGet(t, db, k)
		val[len(val)-20] ^= 1
		rawSet(t, db, k, val)
	})
	v = reopenDir(t, dir, o)
	var buf bytes.Buffer
	if err := v.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := VerifyBackup(ctx, bytes.NewReader(buf.Bytes()), []age.Identity{x}, o); !errors.Is(err, ErrTampered) {
		t.Fatalf("drill of a damaged backup: %v", err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(ctx, bytes.NewReader(buf.Bytes()), target, []age.Identity{x}, newHost(t, o)); !errors.Is(err, ErrTampered) {
		t.Fatalf("restore of a damaged backup: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 0 {
		t.Fatalf("a refused restore left %v", entries)
	}
}

// TestDrillCutShortLeavesNothing: a drill cancelled at any point removes
// its temporary directory, and the leftover of a killed drill is removed
// by the next one.
func TestDrillCutShortLeavesNothing(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	_, o, backup, x := lineageVault(t)
	for _, n := range []int64{0, 1, 3, 10} {
		if _, err := VerifyBackup(newCutCtx(n), bytes.NewReader(backup), []age.Identity{x}, o); err == nil {
			t.Logf("cut at %d: complete", n)
		}
		if m, _ := filepath.Glob(filepath.Join(tmp, drillTempPrefix+"*")); len(m) > 0 {
			t.Fatalf("cut at %d: left %v", n, m)
		}
	}
	killed := filepath.Join(tmp, drillTempPrefix+"killed", "vault")
	if err := os.MkdirAll(killed, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(killed, lockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyBackup(context.Background(), bytes.NewReader(backup), []age.Identity{x}, o); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, drillTempPrefix+"*")); len(m) > 0 {
		t.Fatalf("the leftover of a killed drill remains: %v", m)
	}
}
