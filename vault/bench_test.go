package vault

import (
	"context"
	"crypto/rand"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// Benchmarks for the figures of issue 3's Performance section. Each reports
// varn beside raw Badger (encryption at rest on, same options) doing the
// same work in the same run. Run with `go test -run x -bench . ./vault/`;
// the 100k-record benchmarks never run under plain `go test`.

const benchN = 100_000

func benchRecords(n int) []model.Record {
	recs := make([]model.Record, n)
	for i := range recs {
		o := observation(fmt.Sprintf("Observation %d: ", i) + strings.Repeat("klotter och affischering vid skolan, ", 12))
		o.Area = "Piläng"
		recs[i] = o
	}
	return recs
}

func rawBadger(b *testing.B, dir string) *badger.DB {
	key := make([]byte, 32)
	rand.Read(key)
	db, err := badger.Open(badger.DefaultOptions(dir).WithEncryptionKey(key).
		WithIndexCacheSize(16 << 20).WithBlockCacheSize(32 << 20).
		WithMemTableSize(32 << 20).WithNumMemtables(3).WithValueLogFileSize(64 << 20).
		WithSyncWrites(true).WithLogger(nil))
	if err != nil {
		b.Fatal(err)
	}
	return db
}

func benchVault(b *testing.B, n int) (*Vault, []model.Record) {
	v, _, _ := newVault(b)
	recs := benchRecords(n)
	if _, err := v.Import(context.Background(), recs, nil); err != nil {
		b.Fatal(err)
	}
	return v, recs
}

// BenchmarkImport100k: bulk import, records/s, and peak heap.
func BenchmarkImport100k(b *testing.B) {
	b.Run("varn", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			v, _, _ := newVault(b)
			recs := benchRecords(benchN)
			runtime.GC()
			stop := peakHeap()
			b.StartTimer()
			if _, err := v.Import(context.Background(), recs, nil); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			b.ReportMetric(float64(stop())/(1<<20), "peak-heap-MiB")
			v.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(benchN*b.N)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("badger", func(b *testing.B) {
		recs := benchRecords(benchN)
		vals := make([][]byte, len(recs))
		for i, r := range recs {
			model.Prepare(r, time.Now(), "x", "y", nil)
			vals[i], _ = model.Encode(r)
		}
		for b.Loop() {
			b.StopTimer()
			db := rawBadger(b, b.TempDir())
			b.StartTimer()
			wb := db.NewWriteBatch()
			for i, r := range recs {
				if err := wb.Set([]byte(r.Base().ID), vals[i]); err != nil {
					b.Fatal(err)
				}
			}
			if err := wb.Flush(); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(benchN*b.N)/b.Elapsed().Seconds(), "records/s")
	})
}

// peakHeap samples the heap in use until the returned function is called,
// which returns the peak.
func peakHeap() func() uint64 {
	done := make(chan struct{})
	res := make(chan uint64)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse+ms.StackInuse)
			select {
			case <-done:
				res <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-res }
}

// BenchmarkScan100k: a full scan with AEAD open and decode, after a reopen
// (cold Badger caches; the OS page cache stays warm, so this is a lower
// bound on a fresh process).
func BenchmarkScan100k(b *testing.B) {
	b.Run("varn", func(b *testing.B) {
		v, _ := benchVault(b, benchN)
		o := v.opts
		dir := v.Dir()
		v.Close()
		for b.Loop() {
			b.StopTimer()
			v, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, &o)
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			n := 0
			if err := v.Scan(context.Background(), model.KindObservation, func(model.Record) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if n != benchN {
				b.Fatalf("scanned %d", n)
			}
			v.Close()
			b.StartTimer()
		}
	})
	b.Run("badger", func(b *testing.B) {
		dir := b.TempDir()
		db := rawBadger(b, dir)
		recs := benchRecords(benchN)
		wb := db.NewWriteBatch()
		for _, r := range recs {
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			wb.Set([]byte(r.Base().ID), val)
		}
		wb.Flush()
		for b.Loop() {
			n := 0
			db.View(func(tx *badger.Txn) error {
				it := tx.NewIterator(badger.DefaultIteratorOptions)
				defer it.Close()
				for it.Rewind(); it.Valid(); it.Next() {
					it.Item().Value(func(v []byte) error {
						_, err := model.Decode(v)
						return err
					})
					n++
				}
				return nil
			})
			if n != benchN {
				b.Fatalf("scanned %d", n)
			}
		}
		db.Close()
	})
}

// BenchmarkGet100k: random Gets, reporting p50 and p99.
func BenchmarkGet100k(b *testing.B) {
	report := func(b *testing.B, lat []time.Duration) {
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
		b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
	}
	b.Run("varn", func(b *testing.B) {
		v, recs := benchVault(b, benchN)
		ctx := context.Background()
		var lat []time.Duration
		i := 0
		for b.Loop() {
			id := recs[(i*7919)%len(recs)].Base().ID
			i++
			t := time.Now()
			if _, err := v.Get(ctx, id); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		report(b, lat)
	})
	b.Run("badger", func(b *testing.B) {
		db := rawBadger(b, b.TempDir())
		defer db.Close()
		recs := benchRecords(benchN)
		wb := db.NewWriteBatch()
		for _, r := range recs {
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			wb.Set([]byte(r.Base().ID), val)
		}
		wb.Flush()
		var lat []time.Duration
		i := 0
		for b.Loop() {
			id := recs[(i*7919)%len(recs)].Base().ID
			i++
			t := time.Now()
			db.View(func(tx *badger.Txn) error {
				it, err := tx.Get([]byte(id))
				if err != nil {
					b.Fatal(err)
				}
				return it.Value(func(v []byte) error { _, err := model.Decode(v); return err })
			})
			lat = append(lat, time.Since(t))
		}
		report(b, lat)
	})
}

// BenchmarkOpen100k: open + unlock of a 100k-record vault with an X25519
// identity, a PQ-hybrid identity and a passphrase (at age's default work
// factor), beside opening raw Badger.
func BenchmarkOpen100k(b *testing.B) {
	v, _ := benchVault(b, benchN)
	ctx := context.Background()
	x := mustX25519(b)
	pq, _ := age.GenerateHybridIdentity()
	v.AddUnlocker(ctx, Recipient{Label: "x", Recipient: x.Recipient().String()})
	v.AddUnlocker(ctx, Recipient{Label: "pq", Recipient: pq.Recipient().String()})
	o := v.opts
	o.ScryptWorkFactor = 0 // age's default, 18
	v.opts.ScryptWorkFactor = 0
	v.ChangePassphrase(ctx, testPass)
	dir := v.Dir()
	v.Close()
	for _, tc := range []struct {
		name string
		u    Unlock
	}{
		{"x25519", Unlock{Identities: []age.Identity{x}}},
		{"pq", Unlock{Identities: []age.Identity{pq}}},
		{"passphrase", Unlock{Passphrase: testPass}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				v, err := Open(ctx, dir, tc.u, &o)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				v.Close()
				b.StartTimer()
			}
		})
	}
	b.Run("badger", func(b *testing.B) {
		bdir := b.TempDir()
		db := rawBadger(b, bdir)
		key := make([]byte, 32)
		db.Close()
		_ = key
		for b.Loop() {
			db, err := badger.Open(badger.DefaultOptions(bdir).WithEncryptionKey(make([]byte, 32)).
				WithIndexCacheSize(16 << 20).WithBlockCacheSize(32 << 20).WithLogger(nil))
			if err == nil {
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		}
	})
}

// BenchmarkDurableWrite: one acknowledged write (record + audit event, one
// synced transaction) on a vault of 10k records; p99 reported.
func BenchmarkDurableWrite(b *testing.B) {
	b.Run("varn", func(b *testing.B) {
		v, _ := benchVault(b, 10_000)
		ctx := context.Background()
		var lat []time.Duration
		for b.Loop() {
			r := benchRecords(1)[0]
			t := time.Now()
			if _, err := v.Put(ctx, r); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	})
	b.Run("badger", func(b *testing.B) {
		db := rawBadger(b, b.TempDir())
		defer db.Close()
		var lat []time.Duration
		for b.Loop() {
			r := benchRecords(1)[0]
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			t := time.Now()
			db.Update(func(tx *badger.Txn) error { return tx.Set([]byte(r.Base().ID), val) })
			lat = append(lat, time.Since(t))
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
	})
}
