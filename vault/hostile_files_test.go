//go:build unix

package vault

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// TestLockFileNotFollowed plants a symbolic link and a FIFO where the lock
// file goes. The lock is taken before anyone has authenticated, so Open
// must refuse both with a line naming the file, and never truncate what a
// link points at.
func TestLockFileNotFollowed(t *testing.T) {
	v, dir, o := newVault(t)
	v.Close()
	lock := filepath.Join(dir, lockName)

	target := filepath.Join(t.TempDir(), "precious")
	if err := os.WriteFile(target, []byte("must survive"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		plant func() error
		want  string
	}{
		{"symlink", func() error { return os.Symlink(target, lock) }, "symbolic link"},
		{"fifo", func() error { return syscall.Mkfifo(lock, 0o600) }, "not a regular file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os.Remove(lock)
			if err := c.plant(); err != nil {
				t.Fatal(err)
			}
			_, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), lockName) {
				t.Fatalf("Open with a %s as lock file: %v, want an error saying %q", c.name, err, c.want)
			}
			if b, _ := os.ReadFile(target); string(b) != "must survive" {
				t.Fatalf("the link's target was changed: %q", b)
			}
		})
	}
	// Once the planted file is gone the vault opens as before.
	os.Remove(lock)
	v2, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	v2.Close()
}

// TestFailedUnlockFileIsNotTrusted writes hostile lines into the
// unauthenticated failed-unlock file: backdated events, events in the far
// future (a year past 2262 once made every unlock fail), unknown reasons,
// garbage. The vault still opens; only the plausible line becomes a
// failed_unlock event, and one more event counts the rest and names the file.
func TestFailedUnlockFileIsNotTrusted(t *testing.T) {
	v, dir, o := newVault(t)
	if _, err := v.Put(context.Background(), member("Ada")); err != nil {
		t.Fatal(err)
	}
	v.Close()
	time.Sleep(10 * time.Millisecond) // the newest event is older than the plausible line
	now := time.Now().UTC()
	line := func(tm time.Time, reason string) string {
		return fmt.Sprintf(`{"time":%q,"user":"mallory","reason":%q}`, tm.Format(time.RFC3339Nano), reason)
	}
	lines := []string{
		line(now, "wrong passphrase"),                                            // plausible: kept
		line(now.AddDate(-3, 0, 0), "wrong passphrase"),                          // before the newest event
		`{"time":"3000-01-01T00:00:00Z","user":"x","reason":"wrong passphrase"}`, // far future
		line(now.Add(time.Hour), "wrong identity"),                               // future
		line(now.Add(-time.Second), "admin granted access"),                      // unknown reason
		"not json at all \x1b[31m",
	}
	if err := os.WriteFile(filepath.Join(dir, failedName), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	v2, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatalf("hostile failed-unlock lines blocked the unlock: %v", err)
	}
	defer v2.Close()
	var failed []model.AuditEvent
	for _, ev := range events(t, v2) {
		if ev.Action == model.ActionFailedUnlock {
			failed = append(failed, ev)
		}
	}
	if len(failed) != 2 {
		t.Fatalf("want one counting event and one failed unlock, got %d: %+v", len(failed), failed)
	}
	if !strings.Contains(failed[0].Detail, "5 ") || !strings.Contains(failed[0].Detail, failedName) {
		t.Errorf("the counting event should name 5 bad lines and the file: %q", failed[0].Detail)
	}
	if failed[1].Detail != "wrong passphrase" || failed[1].Actor.User != "mallory" {
		t.Errorf("the plausible line: %+v", failed[1])
	}
}

// TestInterruptedPurgeFinishedAtOpen puts the vault in the state a purge
// killed between its last deletion and the key's destruction leaves: every
// record of the case tombstoned, its key still in the table. The case is
// no longer due, so no purge would run for it again; the next open must
// destroy the key and log it, once.
func TestInterruptedPurgeFinishedAtOpen(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	c := mustPut(t, v, caseRec("concern")).(*model.Case)
	keep := mustPut(t, v, caseRec("another case")).(*model.Case)
	saved := bytes.Clone(v.cases.get(string(c.ID)))
	if _, err := v.Purge(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	// Undo the key's destruction and the mark's removal, as a kill before
	// them would have left the vault.
	v.cases.mu.Lock()
	v.cases.keys[string(c.ID)] = saved
	v.cases.mu.Unlock()
	if err := v.cases.save(v); err != nil {
		t.Fatal(err)
	}
	if err := v.update(func(tx *badger.Txn) error { return v.putInternal(tx, purgeMarkKey(c.ID), nil) }); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, o)
	if k := v.cases.get(string(c.ID)); k != nil {
		t.Fatal("the purged case's key survived the next open")
	}
	if v.cases.get(string(keep.ID)) == nil {
		t.Fatal("a live case lost its key")
	}
	if _, err := v.Get(ctx, keep.ID); err != nil {
		t.Fatalf("the live case: %v", err)
	}
	count := func(v *Vault) int {
		n := 0
		for _, ev := range events(t, v) {
			if ev.Action == model.ActionPurge && ev.Ref == c.ID && strings.Contains(ev.Detail, "interrupted purge") {
				n++
			}
		}
		return n
	}
	if n := count(v); n != 1 {
		t.Fatalf("%d events for the finished purge, want 1", n)
	}
	v = reopen(t, v, o)
	if n := count(v); n != 1 {
		t.Fatalf("after another open: %d events for the finished purge, want still 1", n)
	}
}

// TestDeletedCaseKeepsItsKey: a case deleted (not purged) leaves no purge
// mark, so opening the vault again does not destroy its key, and a record
// still sealed under it stays readable.
func TestDeletedCaseKeepsItsKey(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	c := mustPut(t, v, caseRec("concern")).(*model.Case)
	obs := observation("seen near the school")
	obs.Dimension = model.DimensionIndividual
	obs.Cases = []model.ID{c.ID}
	obs = mustPut(t, v, obs).(*model.Observation)
	if err := v.Delete(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, o)
	if v.cases.get(string(c.ID)) == nil {
		t.Fatal("the open destroyed the key of a case that was deleted, not purged")
	}
	if _, err := v.Get(ctx, obs.ID); err != nil {
		t.Fatalf("the observation sealed under the deleted case's key: %v", err)
	}
}

// TestFailedUnlockFileLinkNotFollowed: a symbolic link planted as the
// failed-unlock file is never written through by a failed unlock, and the
// next unlock logs that the file could not be read, naming it.
func TestFailedUnlockFileLinkNotFollowed(t *testing.T) {
	v, dir, o := newVault(t)
	v.Close()
	target := filepath.Join(t.TempDir(), "precious")
	if err := os.WriteFile(target, []byte("must survive"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, failedName)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), dir, Unlock{Passphrase: "wrong"}, o); err == nil {
		t.Fatal("a wrong passphrase opened the vault")
	}
	if b, _ := os.ReadFile(target); string(b) != "must survive" {
		t.Fatalf("the failed unlock wrote through the link: %q", b)
	}
	v2, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatalf("a planted link blocked the unlock: %v", err)
	}
	defer v2.Close()
	named := false
	for _, ev := range events(t, v2) {
		if ev.Action == model.ActionFailedUnlock && strings.Contains(ev.Detail, failedName) {
			named = true
		}
	}
	if !named {
		t.Error("no event says the failed-unlock file could not be read")
	}
}
