package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// countKeys counts the Badger keys under prefix, reading no values.
func countKeys(t testing.TB, db *badger.DB, prefix string) int {
	t.Helper()
	n := 0
	err := db.View(func(tx *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix, opt.PrefetchValues = []byte(prefix), false
		it := tx.NewIterator(opt)
		defer it.Close()
		for it.Seek(opt.Prefix); it.ValidForPrefix(opt.Prefix); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNewRecordsWriteOneKey: a record at version 1 (imported or created)
// is one Badger key; an update and a deletion add its index entry, and
// everything reads back as before.
func TestNewRecordsWriteOneKey(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	recs := make([]model.Record, 50)
	for i := range recs {
		recs[i] = observation("importerad")
	}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	m := mustPut(t, v, member("Dana")).(*model.Member)
	gone := mustPut(t, v, member("Gone"))
	keys := func(wantRecords, wantIndex int) {
		t.Helper()
		rawDB(t, v, func(db *badger.DB) {
			if n := countKeys(t, db, prefixRecord); n != wantRecords {
				t.Errorf("%d record keys, want %d", n, wantRecords)
			}
			if n := countKeys(t, db, prefixIndex); n != wantIndex {
				t.Errorf("%d index entries, want %d", n, wantIndex)
			}
		})
		v = reopenDir(t, v.Dir(), o)
	}
	keys(52, 0)
	m.Name = "Dana D."
	mustPut(t, v, m)
	if err := v.Delete(ctx, gone.Base().ID); err != nil {
		t.Fatal(err)
	}
	keys(51, 2) // m's entry at version 2, gone's tombstone
	if l, err := v.List(ctx, model.KindObservation); err != nil || len(l) != 50 {
		t.Fatalf("List: %d, %v", len(l), err)
	}
	if r, err := v.Get(ctx, recs[7].Base().ID); err != nil || r.Base().Version != 1 {
		t.Fatalf("Get of an imported record: %v, %v", r, err)
	}
	if r, err := v.Get(ctx, m.ID); err != nil || r.Base().Version != 2 || r.(*model.Member).Name != "Dana D." {
		t.Fatalf("Get of the updated record: %v, %v", r, err)
	}
	if _, err := v.Get(ctx, gone.Base().ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of the deleted record: %v", err)
	}
	// A deleted ID is never reused, though its record key is gone.
	again := member("Gone again")
	again.ID = gone.Base().ID
	if _, err := v.Put(ctx, again); err == nil {
		t.Fatal("Put under a deleted record's ID was accepted")
	}
}

// TestVersionOneIndexEntriesStillRead: a vault written before records at
// version 1 went without an index entry (every record had one) reads,
// updates and deletes as before.
func TestVersionOneIndexEntriesStillRead(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	a := mustPut(t, v, member("Alma")).(*model.Member)
	b := mustPut(t, v, member("Berit"))
	if err := v.update(func(tx *badger.Txn) error {
		for _, r := range []model.Record{a, b} {
			if err := v.putIndex(tx, r.Base().ID, indexEntry{kind: r.Kind(), version: 1}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v = reopenDir(t, v.Dir(), o)
	waitMemIndex(t, v)
	if l, err := v.List(ctx, model.KindMember); err != nil || len(l) != 2 {
		t.Fatalf("List: %d, %v", len(l), err)
	}
	a.Name = "Alma A."
	if _, err := v.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(ctx, b.Base().ID); err != nil {
		t.Fatal(err)
	}
	if r, err := v.Get(ctx, a.ID); err != nil || r.Base().Version != 2 {
		t.Fatalf("Get after the update: %v, %v", r, err)
	}
	if _, err := v.Get(ctx, b.Base().ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after the delete: %v", err)
	}
}

// TestMemIndexHoldsVersionOneRecords: the memory index learns the records
// without a stored entry from their keys, and leaves out a record whose
// stored entry fails authentication, so Get reports it.
func TestMemIndexHoldsVersionOneRecords(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	recs := []model.Record{observation("ett"), member("Two"), caseRec("tre")}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	bad := mustPut(t, v, member("Bad")).(*model.Member)
	bad.Name = "Bad 2"
	mustPut(t, v, bad)
	rawDB(t, v, func(db *badger.DB) {
		e := rawGet(t, db, indexKey(bad.ID))
		e[len(e)-1] ^= 1
		rawSet(t, db, indexKey(bad.ID), e)
	})
	v = reopenDir(t, v.Dir(), o)
	waitMemIndex(t, v)
	for _, r := range recs {
		e, ok := v.mem.lookup(r.Base().ID)
		if !ok || e.version != 1 || e.deleted || kindOfCode[e.kind] != r.Kind() {
			t.Errorf("memory index entry of a %s at version 1: %+v %v", r.Kind(), e, ok)
		}
		if _, err := v.Get(ctx, r.Base().ID); err != nil {
			t.Errorf("Get: %v", err)
		}
	}
	if e, ok := v.mem.lookup(bad.ID); ok {
		t.Errorf("a record whose entry fails authentication is in the memory index: %+v", e)
	}
	if _, err := v.Get(ctx, bad.ID); !errors.Is(err, ErrTampered) {
		t.Errorf("Get of a record whose entry fails authentication: %v", err)
	}
}

// TestIDTakenByAnotherKind: an ID held by a record of one kind is refused
// for a record of another, by Put and by Import, though neither record has
// a stored index entry.
func TestIDTakenByAnotherKind(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	m := mustPut(t, v, member("Erik"))
	o := observation("samma ID")
	o.ID = m.Base().ID
	if _, err := v.Put(ctx, o); err == nil || !strings.Contains(err.Error(), "is a member, not a observation") {
		t.Fatalf("Put under another kind's ID: %v", err)
	}
	o = observation("samma ID")
	o.ID = m.Base().ID
	if _, err := v.Import(ctx, []model.Record{o}, nil); err == nil || !strings.Contains(err.Error(), "already in the vault") {
		t.Fatalf("Import under another kind's ID: %v", err)
	}
	if l, _ := v.List(ctx, model.KindObservation); len(l) != 0 {
		t.Fatalf("%d observations after refused writes", len(l))
	}
}

// TestIDProbeAgreesWithGetIndex: the walking lookup that imports use gives
// what the point reads give, for IDs in ascending, descending and random
// order: records of each kind at version 1 and past it, deleted records,
// and IDs the vault does not hold, with long runs of other keys between.
func TestIDProbeAgreesWithGetIndex(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	var recs []model.Record
	for i := 0; i < 60; i++ {
		recs = append(recs, observation("o"), member("m"))
	}
	recs = append(recs, caseRec("c"))
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	var ids []model.ID
	for i, r := range recs {
		ids = append(ids, r.Base().ID)
		switch i % 7 {
		case 3, 4:
			switch r := r.(type) {
			case *model.Observation:
				r.Summary = "o 2"
			case *model.Member:
				r.Name = "m 2"
			}
			mustPut(t, v, r)
		case 5:
			if err := v.Delete(ctx, r.Base().ID); err != nil {
				t.Fatal(err)
			}
		}
		if i%9 == 0 {
			ids = append(ids, model.NewID(v.now(), nil)) // not held
		}
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	desc := slices.Clone(sorted)
	slices.Reverse(desc)
	random := slices.Clone(ids)
	mrand.New(mrand.NewPCG(1, 2)).Shuffle(len(random), func(i, j int) { random[i], random[j] = random[j], random[i] })
	for name, order := range map[string][]model.ID{"ascending": sorted, "descending": desc, "random": random} {
		t.Run(name, func(t *testing.T) {
			err := v.db.View(func(tx *badger.Txn) error {
				p := v.newIDProbe(tx)
				defer p.close()
				found := 0
				for _, id := range order {
					want, werr := v.getIndex(tx, id, "")
					got, gerr := p.entry(id, model.KindMember)
					if got != want || !errors.Is(gerr, werr) && gerr != werr {
						t.Errorf("%s: probe %+v %v, point reads %+v %v", id, got, gerr, want, werr)
					}
					if werr == nil {
						found++
					}
				}
				if found != len(recs) {
					t.Errorf("%d of %d records found", found, len(recs))
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestOlderFormatMarkedAtUnlock: a vault of format version 1 (every record
// with an index entry) opens, and is marked version 2 at the first unlock,
// not before (a wrong passphrase changes nothing), so that a varn reading
// only version 1 refuses it rather than taking its records for tampered
// ones. A version this varn does not know is refused, naming the fix.
func TestOlderFormatMarkedAtUnlock(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	m := mustPut(t, v, member("Frida"))
	dir := v.Dir()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, headerName)
	header := func() vaultHeader {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var h vaultHeader
		if err := json.Unmarshal(b, &h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	setVersion := func(n int) {
		t.Helper()
		h := header()
		h.Version = n
		b, _ := json.Marshal(h)
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	before := header()
	if before.Version != headerVersion {
		t.Fatalf("a new vault has format version %d, want %d", before.Version, headerVersion)
	}
	setVersion(1)
	if _, err := Open(ctx, dir, Unlock{Passphrase: "fel lösenfras, helt fel"}, o); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("Open with a wrong passphrase: %v", err)
	}
	if h := header(); h.Version != 1 {
		t.Fatalf("a failed unlock changed the format version to %d", h.Version)
	}
	v = reopenDir(t, dir, o)
	if r, err := v.Get(ctx, m.Base().ID); err != nil || r.(*model.Member).Name != "Frida" {
		t.Fatalf("Get after the upgrade: %v, %v", r, err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if h := header(); h.Version != headerVersion || h.ID != before.ID || !h.Created.Equal(before.Created) {
		t.Fatalf("header after the first unlock: %+v, want version %d and %+v's ID and creation time", h, headerVersion, before)
	}
	for _, n := range []int{0, headerVersion + 1} {
		setVersion(n)
		_, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("format version %d", n)) || !strings.Contains(err.Error(), "use a matching varn") {
			t.Fatalf("Open of format version %d: %v", n, err)
		}
	}
}
