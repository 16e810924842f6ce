package vault

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// waitMemIndex waits until the memory index of v is loaded.
func waitMemIndex(t testing.TB, v *Vault) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !v.memIndexLoaded() {
		if time.Now().After(deadline) {
			t.Fatal("the memory index did not load in 10 s")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestMemIndexFastPathStillChecks: with the index in memory, Get reads only
// the record, yet an old version put back and a deleted record put back
// are refused as before, because the record must be sealed at exactly the
// version the (authenticated) index entry names.
func TestMemIndexFastPathStillChecks(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	keep := mustPut(t, v, member("Anna")).(*model.Member)
	gone := mustPut(t, v, member("Bo")).(*model.Member)
	keepKey, goneKey := recordKey(model.KindMember, keep.ID), recordKey(model.KindMember, gone.ID)
	var oldKeep, oldGone []byte
	rawDB(t, v, func(db *badger.DB) { oldKeep, oldGone = rawGet(t, db, keepKey), rawGet(t, db, goneKey) })
	v = reopenDir(t, v.Dir(), o)
	keep.Name = "Anna A."
	mustPut(t, v, keep)
	if err := v.Delete(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	rawDB(t, v, func(db *badger.DB) {
		rawSet(t, db, keepKey, oldKeep) // version 1 back; the index says 2
		rawSet(t, db, goneKey, oldGone) // a deleted record back
	})
	v = reopenDir(t, v.Dir(), o)
	waitMemIndex(t, v)
	if e, ok := v.mem.lookup(keep.ID); !ok || e.version != 2 || e.deleted {
		t.Fatalf("memory index entry of the updated record: %+v %v, want version 2", e, ok)
	}
	if e, ok := v.mem.lookup(gone.ID); !ok || !e.deleted {
		t.Fatalf("memory index entry of the deleted record: %+v %v, want a tombstone", e, ok)
	}
	if r, err := v.Get(ctx, keep.ID); !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "old version was put back") {
		t.Fatalf("Get of an old version put back: %v %v", r, err)
	}
	if r, err := v.Get(ctx, gone.ID); !errors.Is(err, ErrNotFound) || r != nil {
		t.Fatalf("Get of a deleted record put back: %v %v", r, err)
	}
}

// TestMemIndexFollowsWrites: Put, Import, Delete and Purge keep the memory
// index in step, and a write that bypasses it (as a partner import writes
// index entries itself) is caught up by the slow path, never refused.
func TestMemIndexFollowsWrites(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	waitMemIndex(t, v)
	m := mustPut(t, v, member("Cilla")).(*model.Member)
	if e, ok := v.mem.lookup(m.ID); !ok || e.version != 1 || kindOfCode[e.kind] != model.KindMember {
		t.Fatalf("after Put: %+v %v", e, ok)
	}
	recs := []model.Record{observation("ett"), observation("två")}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if e, ok := v.mem.lookup(r.Base().ID); !ok || e.version != 1 || kindOfCode[e.kind] != model.KindObservation {
			t.Fatalf("after Import: %+v %v", e, ok)
		}
	}
	// A write the memory index does not see: version 2 and 3 of m.
	for ver := uint64(2); ver <= 3; ver++ {
		m.Version, m.Name = ver, "Cilla "+string(rune('0'+ver))
		if err := v.update(func(tx *badger.Txn) error { return v.setRecord(tx, m, nil) }); err != nil {
			t.Fatal(err)
		}
		got, err := v.Get(ctx, m.ID)
		if err != nil || got.Base().Version != ver || got.(*model.Member).Name != m.Name {
			t.Fatalf("Get after a write the memory index missed: %v %v", got, err)
		}
		if e, _ := v.mem.lookup(m.ID); uint64(e.version) != ver {
			t.Fatalf("memory index not caught up: version %d, want %d", e.version, ver)
		}
	}
	if err := v.Delete(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if e, ok := v.mem.lookup(m.ID); !ok || !e.deleted || e.version != 4 {
		t.Fatalf("after Delete: %+v %v", e, ok)
	}
	if _, err := v.Get(ctx, m.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a deleted record: %v", err)
	}
	c := mustPut(t, v, caseRec("oro"))
	if _, err := v.Purge(ctx, c.Base().ID); err != nil {
		t.Fatal(err)
	}
	if e, ok := v.mem.lookup(c.Base().ID); !ok || !e.deleted {
		t.Fatalf("after Purge: %+v %v", e, ok)
	}
	// A version the memory index holds but the record does not have yet
	// (noted before a commit that failed) only costs the slow path.
	o := recs[0]
	v.mem.note(o.Base().ID, indexEntry{kind: model.KindObservation, version: 7})
	if got, err := v.Get(ctx, o.Base().ID); err != nil || got.Base().Version != 1 {
		t.Fatalf("Get with a memory entry ahead of the store: %v %v", got, err)
	}
}

// TestMemIndexFollowsExchange: the records a partner import writes, new
// at version 1 or updated past it, are in the memory index once applied,
// so their first Get reads one key.
func TestMemIndexFollowsExchange(t *testing.T) {
	ctx := context.Background()
	a, b := pair(t)
	waitMemIndex(t, b)
	o := mustPut(t, a, observation("klotter vid stationen")).(*model.Observation)
	mustImport(t, b, exportTo(t, a, "Lomma kommun", ExportOptions{}))
	if e, ok := b.mem.lookup(o.ID); !ok || e.version != 1 || kindOfCode[e.kind] != model.KindObservation {
		t.Fatalf("after a partner's new record: %+v %v", e, ok)
	}
	o.Summary = "klotter vid stationen, igen"
	mustPut(t, a, o)
	mustImport(t, b, exportTo(t, a, "Lomma kommun", ExportOptions{}))
	if e, ok := b.mem.lookup(o.ID); !ok || e.version != 2 {
		t.Fatalf("after a partner's update: %+v %v", e, ok)
	}
	if r, err := b.Get(ctx, o.ID); err != nil || r.(*model.Observation).Summary != o.Summary {
		t.Fatalf("Get of the updated record: %v %v", r, err)
	}
}

// TestIDBits: idBits accepts exactly the canonical IDs and keeps them apart.
func TestIDBits(t *testing.T) {
	seen := map[[16]byte]bool{}
	for range 1000 {
		id := model.NewID(time.Now(), nil)
		k, ok := idBits(id)
		if !ok || seen[k] {
			t.Fatalf("idBits(%s) = %x, %v (seen before: %v)", id, k, ok, seen[k])
		}
		seen[k] = true
		if p, err := model.ParseID(string(id)); err != nil || p != id {
			t.Fatalf("ParseID(%s) = %s, %v", id, p, err)
		}
	}
	id := string(model.NewID(time.Now(), nil))
	for _, bad := range []string{"", id[:25], id + "0", strings.ToLower(id), "8" + id[1:], id[:5] + "U" + id[6:], id[:5] + "I" + id[6:]} {
		if _, ok := idBits(model.ID(bad)); ok {
			t.Errorf("idBits accepted %q", bad)
		}
	}
}
