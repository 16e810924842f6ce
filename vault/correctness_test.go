package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"varn/model"
	"varn/vault/auditlog"
)

// TestScanChecksIndex edits the store as Get's tamper test does and checks
// that Scan (and List) refuses as Get does: an old version put back, a
// deleted record put back, a record slipped in without an index entry.
// The untouched records of other kinds still scan.
func TestScanChecksIndex(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		want string
		edit func(t *testing.T, db *badger.DB, a, gone model.Record, oldA, oldGone []byte)
	}{
		{"old version put back", "an old version was put back", func(t *testing.T, db *badger.DB, a, gone model.Record, oldA, oldGone []byte) {
			rawSet(t, db, recordKey(a.Kind(), a.Base().ID), oldA)
		}},
		{"deleted record put back", "was deleted but is back", func(t *testing.T, db *badger.DB, a, gone model.Record, oldA, oldGone []byte) {
			rawSet(t, db, recordKey(gone.Kind(), gone.Base().ID), oldGone)
		}},
		{"record without index entry", "not in the index", func(t *testing.T, db *badger.DB, a, gone model.Record, oldA, oldGone []byte) {
			if err := db.Update(func(tx *badger.Txn) error { return tx.Delete(indexKey(a.Base().ID)) }); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, _, o := newVault(t)
			// Records before and after, so the index walk steps and seeks.
			for i := 0; i < 20; i++ {
				mustPut(t, v, member("before"))
			}
			a := mustPut(t, v, member("Alice"))
			gone := mustPut(t, v, member("Gone"))
			mustPut(t, v, observation("an observation"))
			for i := 0; i < 20; i++ {
				mustPut(t, v, member("after"))
			}
			var oldA, oldGone []byte
			rawDB(t, v, func(db *badger.DB) {
				oldA = rawGet(t, db, recordKey(a.Kind(), a.Base().ID))
				oldGone = rawGet(t, db, recordKey(gone.Kind(), gone.Base().ID))
			})
			v = reopenDir(t, v.Dir(), o)
			a.(*model.Member).Name = "Alice 2"
			mustPut(t, v, a)
			if err := v.Delete(ctx, gone.Base().ID); err != nil {
				t.Fatal(err)
			}
			// An intact vault scans.
			if l, err := v.List(ctx, model.KindMember); err != nil || len(l) != 41 {
				t.Fatalf("List before the edit: %d, %v", len(l), err)
			}
			rawDB(t, v, func(db *badger.DB) { tc.edit(t, db, a, gone, oldA, oldGone) })
			v = reopenDir(t, v.Dir(), o)
			l, err := v.List(ctx, model.KindMember)
			if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("List: %d records, %v; want ErrTampered saying %q", len(l), err, tc.want)
			}
			if l, err := v.List(ctx, model.KindObservation); err != nil || len(l) != 1 {
				t.Fatalf("untouched kind: %d, %v", len(l), err)
			}
		})
	}
}

// TestRestoreFailureCleansUp: a restore that fails part-way leaves no
// partial vault behind — neither a directory it created nor files in an
// empty directory it was given — and a retry into the same place works.
func TestRestoreFailureCleansUp(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	x := mustX25519(t)
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "backup", Recipient: x.Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		mustPut(t, v, member("someone"))
	}
	var buf bytes.Buffer
	if err := v.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	o = newHost(t, o) // the original still exists on its host
	damaged := bytes.Clone(buf.Bytes())
	damaged[len(damaged)-10] ^= 1 // the last chunk: files are written before age notices
	for _, tc := range []struct {
		name     string
		preexist bool
	}{{"new directory", false}, {"empty directory", true}} {
		t.Run(tc.name, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), "a", "b")
			dir := filepath.Join(parent, "restored")
			if tc.preexist {
				if err := os.MkdirAll(dir, 0o700); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Restore(ctx, bytes.NewReader(damaged), dir, []age.Identity{x}, o)
			if err == nil || !strings.Contains(err.Error(), "was removed") {
				t.Fatalf("restore of a damaged backup: %v", err)
			}
			if tc.preexist {
				if entries, err := os.ReadDir(dir); err != nil || len(entries) != 0 {
					t.Fatalf("given directory after a failed restore: %v, %d entries", err, len(entries))
				}
			} else if _, err := os.Lstat(filepath.Join(t.TempDir(), "a")); err == nil {
				t.Fatal("unexpected")
			} else if _, err := os.Lstat(filepath.Dir(parent)); !os.IsNotExist(err) {
				t.Fatalf("directories made by the failed restore remain: %v", err)
			}
			r, err := Restore(ctx, bytes.NewReader(buf.Bytes()), dir, []age.Identity{x}, o)
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			if l, err := r.List(ctx, model.KindMember); err != nil || len(l) != 200 {
				t.Fatalf("restored: %d, %v", len(l), err)
			}
			r.Close()
		})
	}
}

// TestImportExistingIDNamed: an import holding a record the vault has
// names the record and what to do, and writes nothing.
func TestImportExistingIDNamed(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	m := mustPut(t, v, member("Anna"))
	dup := member("Anna again")
	dup.ID = m.Base().ID
	recs := []model.Record{member("new 1"), dup, member("new 2")}
	before := len(events(t, v))
	_, err := v.Import(ctx, recs, nil)
	for _, want := range []string{"import record 2", "member " + string(m.Base().ID), "already in the vault", "remove it from the import", "nothing was imported"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("Import: %v; want it to say %q", err, want)
		}
	}
	if l, _ := v.List(ctx, model.KindMember); len(l) != 1 {
		t.Fatalf("%d members after a refused import", len(l))
	}
	if n := len(events(t, v)); n != before {
		t.Fatalf("%d events after a refused import, want %d", n, before)
	}
	if err := v.Delete(ctx, m.Base().ID); err != nil {
		t.Fatal(err)
	}
	dup2 := member("back")
	dup2.ID = m.Base().ID
	if _, err := v.Import(ctx, []model.Record{dup2}, nil); err == nil || !strings.Contains(err.Error(), "deleted; IDs are never reused") {
		t.Fatalf("Import of a deleted ID: %v", err)
	}
}

// TestDraftsAudited: saving and deleting a draft are draft events that name
// the draft, never its contents; deleting no draft logs nothing.
func TestDraftsAudited(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	const secret = "half-written SECRET-Q9"
	if err := v.SaveDraft(ctx, "observation/new", []byte(secret)); err != nil {
		t.Fatal(err)
	}
	if err := v.DeleteDraft(ctx, "observation/new"); err != nil {
		t.Fatal(err)
	}
	if err := v.DeleteDraft(ctx, "observation/new"); err != nil {
		t.Fatal(err)
	}
	evs := events(t, v)
	if got := actions(evs); got != "unlock,draft,draft" {
		t.Fatalf("actions %s", got)
	}
	for i, want := range []string{draftSavedNote, draftDeletedNote} {
		e := evs[i+1]
		if e.Detail != want || len(e.Fields) != 1 || e.Fields[0] != "observation/new" {
			t.Errorf("event %d: %+v", i+1, e)
		}
		if strings.Contains(e.Detail+strings.Join(e.Fields, ""), "SECRET") {
			t.Errorf("event %d holds the draft's contents", i+1)
		}
	}
}

// TestVerifyAuditScans: the vault's audit store is an auditlog.Scanner, so
// Verify and Events stream the log; a sealed event that fails
// authentication is named; a damaged external checkpoint is not ignored.
func TestVerifyAuditScans(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	for i := 0; i < 5; i++ {
		mustPut(t, v, member("m"))
	}
	var st any = auditStore{v: v}
	if _, ok := st.(auditlog.Scanner); !ok {
		t.Fatal("the vault's audit store is not an auditlog.Scanner")
	}
	res, err := v.VerifyAudit(ctx)
	if err != nil || res.Size < 6 || res.Checkpoint == 0 {
		t.Fatalf("VerifyAudit: %v %s (checkpoint size %d)", err, res, res.Checkpoint)
	}
	rawDB(t, v, func(db *badger.DB) {
		k := append([]byte(auditEventPrefix), 0, 0, 0, 0, 0, 0, 0, 2)
		val := rawGet(t, db, k)
		val[len(val)-3] ^= 1
		rawSet(t, db, k, val)
	})
	v = reopenDir(t, v.Dir(), o)
	if _, err := v.VerifyAudit(ctx); !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "audit event 2") {
		t.Fatalf("VerifyAudit of a damaged event: %v", err)
	}
	// A damaged saved checkpoint is reported, not skipped.
	p := v.statePath()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := v.VerifyAudit(ctx); !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "saved checkpoint") {
		t.Fatalf("VerifyAudit with a damaged saved checkpoint: %v", err)
	}
}

// TestImportRefusedCreatesNoCaseKey: the import seals while it still
// checks the records, but a refused import creates no case key (the only
// thing written outside Badger) and writes nothing, wherever the bad
// record is.
func TestImportRefusedCreatesNoCaseKey(t *testing.T) {
	ctx := context.Background()
	for _, at := range []int{0, 1, 2999} {
		v, dir, _ := newVault(t)
		casesBefore, err := os.ReadFile(filepath.Join(dir, casesName))
		if err != nil {
			t.Fatal(err)
		}
		recs := make([]model.Record, 3000)
		for i := range recs {
			recs[i] = caseRec("moderate")
		}
		bad := observation("")
		bad.Summary = "" // required
		recs[at] = bad
		if _, err := v.Import(ctx, recs, nil); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
			t.Fatalf("bad record at %d: Import: %v; want a refusal", at, err)
		}
		for i, r := range recs {
			if i != at && v.cases.get(string(r.Base().ID)) != nil {
				t.Fatalf("bad record at %d: a refused import created the key of case %d", at, i)
			}
		}
		if after, _ := os.ReadFile(filepath.Join(dir, casesName)); !bytes.Equal(after, casesBefore) {
			t.Fatalf("bad record at %d: a refused import rewrote the case table", at)
		}
		if l, _ := v.List(ctx, model.KindCase); len(l) != 0 {
			t.Fatalf("bad record at %d: %d cases after a refused import", at, len(l))
		}
	}
}

// TestImportBatchBoundedByBytes: Badger counts a record in the value log as
// a pointer, so a batch is also capped by the bytes it seals: long records
// go in batches of at most importBatchSealed, not of 5,000.
func TestImportBatchBoundedByBytes(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	long := strings.Repeat("lång beskrivning ", model.MaxText/18)
	recs := make([]model.Record, 5000)
	for i := range recs {
		recs[i] = observation(long)
	}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	one, err := v.sealRecord(recs[0])
	if err != nil {
		t.Fatal(err)
	}
	batches, total := 0, 0
	for _, ev := range events(t, v) {
		if ev.Action != model.ActionImport {
			continue
		}
		var n int
		fmt.Sscanf(ev.Detail, "%d records", &n)
		if n*len(one) > importBatchSealed+2*len(one) {
			t.Errorf("a batch of %d records of %d bytes: %d MiB sealed, over the cap", n, len(one), n*len(one)>>20)
		}
		batches++
		total += n
	}
	if total != len(recs) || batches < 2 {
		t.Fatalf("%d records in %d batches", total, batches)
	}
}
