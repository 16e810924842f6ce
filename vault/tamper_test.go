package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// rawDB closes v and opens its Badger store directly with the master key,
// as an attacker holding the data key could. fn edits or reads it.
func rawDB(t *testing.T, v *Vault, fn func(db *badger.DB)) {
	t.Helper()
	master := deriveKey(v.dataKey, v.id, infoBadgerKey)
	dir := v.Dir()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(badger.DefaultOptions(filepath.Join(dir, dbDir)).
		WithEncryptionKey(master).WithIndexCacheSize(1 << 20).WithBlockCacheSize(1 << 20).
		WithLogger(nil).WithNumVersionsToKeep(100))
	if err != nil {
		t.Fatal(err)
	}
	fn(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func rawGet(t *testing.T, db *badger.DB, key []byte) []byte {
	t.Helper()
	var out []byte
	if err := db.View(func(tx *badger.Txn) error {
		item, err := tx.Get(key)
		if err != nil {
			return err
		}
		out, err = item.ValueCopy(nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func rawSet(t *testing.T, db *badger.DB, key, val []byte) {
	t.Helper()
	if err := db.Update(func(tx *badger.Txn) error { return tx.Set(key, val) }); err != nil {
		t.Fatal(err)
	}
}

// TestTamperDetected edits the store directly: each edit is reported as
// tampering and the record is never returned.
func TestTamperDetected(t *testing.T) {
	tests := []struct {
		name string
		// pastV1 marks an edit that needs a record past version 1.
		pastV1 bool
		edit   func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte)
	}{
		{"flipped bit", false, func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte) {
			k := recordKey(a.Kind(), a.Base().ID)
			v := rawGet(t, db, k)
			v[len(v)-20] ^= 1
			rawSet(t, db, k, v)
		}},
		{"flipped header version", false, func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte) {
			k := recordKey(a.Kind(), a.Base().ID)
			v := rawGet(t, db, k)
			v[9] ^= 1
			rawSet(t, db, k, v)
		}},
		{"value copied under another key", false, func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte) {
			rawSet(t, db, recordKey(a.Kind(), a.Base().ID), rawGet(t, db, recordKey(b.Kind(), b.Base().ID)))
		}},
		{"old version put back", true, func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte) {
			rawSet(t, db, recordKey(a.Kind(), a.Base().ID), oldA)
		}},
		{"index entry copied from another record", false, func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte) {
			rawSet(t, db, indexKey(a.Base().ID), rawGet(t, db, indexKey(b.Base().ID)))
		}},
		// a is at version 2: only a record at version 1 may lack an entry.
		{"index entry removed", true, func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte) {
			if err := db.Update(func(tx *badger.Txn) error { return tx.Delete(indexKey(a.Base().ID)) }); err != nil {
				t.Fatal(err)
			}
		}},
		{"truncated", false, func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte) {
			k := recordKey(a.Kind(), a.Base().ID)
			rawSet(t, db, k, rawGet(t, db, k)[:30])
		}},
	}
	for _, tc := range tests {
		// The edited record a at version 2 (with a stored index entry),
		// then at version 1 (without one: every imported record).
		for _, ver := range []int{2, 1} {
			if ver == 1 && tc.pastV1 {
				continue
			}
			t.Run(fmt.Sprintf("%s/version %d", tc.name, ver), func(t *testing.T) {
				tamperCase(t, ver, tc.edit)
			})
		}
	}
}

// tamperCase makes record a at version ver and record b at version 2,
// applies edit to the store and checks that a is refused as tampered, by
// Get before and after the memory index is loaded and by View, while b
// reads.
func tamperCase(t *testing.T, ver int, edit func(t *testing.T, db *badger.DB, a, b model.Record, oldA []byte)) {
	ctx := context.Background()
	v, _, o := newVault(t)
	a := mustPut(t, v, member("Alice"))
	var oldA []byte
	rawDB(t, v, func(db *badger.DB) { oldA = rawGet(t, db, recordKey(a.Kind(), a.Base().ID)) })
	v = reopenDir(t, v.Dir(), o)
	if ver == 2 {
		a.(*model.Member).Name = "Alice 2"
		mustPut(t, v, a)
	}
	b := mustPut(t, v, member("Bob"))
	b.(*model.Member).Name = "Bob 2" // past version 1: b has a stored index entry
	mustPut(t, v, b)
	rawDB(t, v, func(db *badger.DB) { edit(t, db, a, b, oldA) })
	v = reopenDir(t, v.Dir(), o)
	r, err := v.Get(ctx, a.Base().ID)
	if !errors.Is(err, ErrTampered) || r != nil {
		t.Fatalf("Get: %v, %v; want ErrTampered and no record", r, err)
	}
	waitMemIndex(t, v)
	if r, err := v.Get(ctx, a.Base().ID); !errors.Is(err, ErrTampered) || r != nil {
		t.Fatalf("Get with the memory index loaded: %v, %v; want ErrTampered and no record", r, err)
	}
	if !strings.Contains(err.Error(), "record "+string(a.Base().ID)) {
		t.Errorf("error does not name the record: %v", err)
	}
	if _, err := v.View(ctx, a.Base().ID); !errors.Is(err, ErrTampered) {
		t.Fatalf("View: %v", err)
	}
	// Bob is unharmed.
	if _, err := v.Get(ctx, b.Base().ID); err != nil {
		t.Fatalf("untouched record: %v", err)
	}
}

func reopenDir(t *testing.T, dir string, o *Options) *Vault {
	t.Helper()
	v, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// TestScanDetectsMovedValue: a value copied under another key fails in Scan.
func TestScanDetectsMovedValue(t *testing.T) {
	v, _, o := newVault(t)
	a := mustPut(t, v, member("A"))
	b := mustPut(t, v, member("B"))
	rawDB(t, v, func(db *badger.DB) {
		rawSet(t, db, recordKey(a.Kind(), a.Base().ID), rawGet(t, db, recordKey(b.Kind(), b.Base().ID)))
	})
	v = reopenDir(t, v.Dir(), o)
	if _, err := v.List(context.Background(), model.KindMember); !errors.Is(err, ErrTampered) {
		t.Fatalf("List: %v", err)
	}
}

// TestPurgeErasesCase proves erasure: after a purge the case's records are
// gone, and even with the master key and every old version Badger keeps,
// no ciphertext left in the store can be opened and the canary text never
// appears in any file.
func TestPurgeErasesCase(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "vault")
	o := testOpts(t)
	o.keepVersions = true
	v, err := Init(ctx, dir, Config{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	const canary = "CANARY-PURGE-7f3a9c"
	c := mustPut(t, v, caseRec("concern "+canary)).(*model.Case)
	other := mustPut(t, v, caseRec("another case")).(*model.Case)
	obs := observation("individual seen " + canary)
	obs.Dimension = model.DimensionIndividual
	obs.Cases = []model.ID{c.ID}
	mustPut(t, v, obs)
	c.Concern.Text = "updated " + canary
	mustPut(t, v, c)
	n, err := v.Purge(ctx, c.ID)
	if err != nil || n != 2 {
		t.Fatalf("Purge: %d, %v", n, err)
	}
	if _, err := v.Get(ctx, c.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get purged case: %v", err)
	}
	if _, err := v.Get(ctx, obs.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get purged observation: %v", err)
	}
	if _, err := v.Get(ctx, other.ID); err != nil {
		t.Fatalf("other case: %v", err)
	}
	if !strings.Contains(actions(events(t, v)), "purge") {
		t.Fatal("no purge event")
	}
	valueKey := bytes.Clone(v.valueKey)
	sealer := v.seal
	opened, sealedUnderCase := 0, 0
	rawDB(t, v, func(db *badger.DB) {
		// Every version of every key, including deleted ones.
		db.View(func(tx *badger.Txn) error {
			opt := badger.DefaultIteratorOptions
			opt.AllVersions = true
			it := tx.NewIterator(opt)
			defer it.Close()
			for it.Rewind(); it.Valid(); it.Next() {
				item := it.Item()
				val, err := item.ValueCopy(nil)
				if err != nil || len(val) == 0 {
					continue
				}
				if bytes.Contains(val, []byte(canary)) {
					t.Errorf("canary in plaintext under %q", item.Key())
				}
				h, raw, rest, err := parseHeader(val)
				if err != nil {
					continue
				}
				if h.key == keyCase && h.caseID == string(c.ID) {
					sealedUnderCase++
					// Not the vault key, and the case key is gone.
					if _, err := sealer.open(valueKey, item.Key(), raw, rest); err == nil {
						t.Errorf("case data opened with the vault key")
					}
				} else if pt, err := sealer.open(valueKey, item.Key(), raw, rest); err == nil {
					opened++
					if bytes.Contains(pt, []byte(canary)) {
						t.Errorf("canary readable under %q", item.Key())
					}
				}
			}
			return nil
		})
	})
	if sealedUnderCase == 0 {
		t.Fatal("no old versions of the purged case found: the test proves nothing")
	}
	if opened == 0 {
		t.Fatal("nothing opened with the vault key: the test proves nothing")
	}
	t.Logf("%d old ciphertexts of the purged case remain, none can be opened", sealedUnderCase)
	// The case key table no longer holds the key.
	v2 := reopenDir(t, dir, o)
	if v2.cases.get(string(c.ID)) != nil || v2.cases.get(string(other.ID)) == nil {
		t.Fatal("case key table wrong after purge")
	}
	if n := grepTree(t, dir, canary); n < 5 {
		t.Fatalf("only %d files in the vault", n)
	}
}

// grepTree fails if needle appears in any file under root.
func grepTree(t *testing.T, root, needle string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		n++
		if bytes.Contains(b, []byte(needle)) {
			t.Errorf("%s contains %q", p, needle)
		}
		if bytes.Contains(b, []byte(strings.ToLower(needle))) {
			t.Errorf("%s contains %q", p, strings.ToLower(needle))
		}
		return nil
	})
	return n
}

// TestCanaryNeverOnDisk writes canary strings in records, settings, drafts
// and unlocker labels, closes the vault and greps every file under the
// vault directory, the state directory and the temp dir.
func TestCanaryNeverOnDisk(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	v, dir, o := newVault(t)
	const canary = "CANARYzq81Kv"
	mustPut(t, v, member("Member "+canary))
	mustPut(t, v, caseRec("case "+canary))
	mustPut(t, v, observation("obs "+canary))
	if err := v.PutSetting(ctx, "areas", []byte("area "+canary)); err != nil {
		t.Fatal(err)
	}
	if err := v.SaveDraft(ctx, "draft", []byte("draft "+canary)); err != nil {
		t.Fatal(err)
	}
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "key " + canary, Recipient: mustX25519(t).Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	// Many records, so Badger flushes tables and writes its value log.
	var recs []model.Record
	for i := 0; i < 3000; i++ {
		recs = append(recs, observation(strings.Repeat("x", 500)+canary))
	}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if n := grepTree(t, dir, canary); n < 5 {
		t.Fatalf("only %d files in the vault: the test proves nothing", n)
	}
	grepTree(t, o.StateDir, canary)
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		for _, e := range entries {
			t.Errorf("temp dir holds %s", e.Name())
		}
	}
}

// TestPurgeLargeCase: a case with more records than one transaction holds
// is erased in several, each logged, the case record last, and its key is
// destroyed; none of its records can be read afterwards.
func TestPurgeLargeCase(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	c := mustPut(t, v, caseRec("large")).(*model.Case)
	const n = 7000 // two entries each: more than one transaction takes
	recs := make([]model.Record, n)
	for i := range recs {
		o := observation(fmt.Sprintf("individual seen, note %d", i))
		o.Dimension = model.DimensionIndividual
		o.Cases = []model.ID{c.ID}
		recs[i] = o
	}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	got, err := v.Purge(ctx, c.ID)
	if err != nil {
		t.Fatalf("Purge of a case with %d records: %v", n+1, err)
	}
	if got != n+1 {
		t.Fatalf("Purge erased %d records, want %d", got, n+1)
	}
	parts, erased := 0, 0
	for _, ev := range events(t, v) {
		if ev.Action == model.ActionPurge && ev.Ref == c.ID {
			var k int
			fmt.Sscanf(ev.Detail, "%d records erased", &k)
			if !strings.Contains(ev.Detail, " of ") {
				t.Errorf("purge event %q does not say which part it is", ev.Detail)
			}
			parts++
			erased += k
		}
	}
	if parts < 2 || erased != n+1 {
		t.Fatalf("%d purge events erasing %d records; want several erasing %d", parts, erased, n+1)
	}
	if v.cases.get(string(c.ID)) != nil {
		t.Fatal("the case key survived the purge")
	}
	for _, id := range []model.ID{c.ID, recs[0].Base().ID, recs[n-1].Base().ID} {
		if _, err := v.Get(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Get %s after the purge: %v", id, err)
		}
	}
}
