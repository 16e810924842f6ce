package vault

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"
	"golang.org/x/mod/sumdb/tlog"

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
		o := observation(fmt.Sprintf("Observation %d: ", i) + strings.Repeat("klotter och affischering vid skolan, ", 5))
		o.Area = "Piläng"
		recs[i] = o
	}
	return recs
}

// rawBadger opens Badger with the vault's options (encryption at rest with
// a random key, same caches, synced writes) but none of varn's work.
func rawBadger(b *testing.B, dir string) *badger.DB {
	key := make([]byte, 32)
	rand.Read(key)
	db, err := badger.Open(dbOptions(dir, key, nil))
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

// BenchmarkImport100k: bulk import, records/s, and peak memory. The input
// (100k decoded records, as a caller holds them) is built and the vault
// opened before the clock starts; input-MiB is the live heap then (input
// and the open vault), peak-heap-MiB the peak heap in use of the whole
// process during the import (input and garbage not yet collected
// included), import-MiB the difference, and peak-rss-MiB the peak resident
// memory of the process during the import (Linux), the figure the host
// sees.
func BenchmarkImport100k(b *testing.B) {
	b.Run("varn", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			v, _, _ := newVault(b)
			recs := benchRecords(benchN)
			base := heapNow()
			stop := peakHeap()
			resetPeakRSS()
			b.StartTimer()
			if _, err := v.Import(context.Background(), recs, nil); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			peak := stop()
			if rss := peakRSS(); rss > 0 {
				b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MiB")
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(base)/(1<<20), "input-MiB")
			b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "import-MiB")
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
			base := heapNow()
			stop := peakHeap()
			resetPeakRSS()
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
			peak := stop()
			if rss := peakRSS(); rss > 0 {
				b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MiB")
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "import-MiB")
			db.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(benchN*b.N)/b.Elapsed().Seconds(), "records/s")
	})
}

// resetPeakRSS resets the kernel's record of the process's peak resident
// set (Linux: writing 5 to /proc/self/clear_refs), so peakRSS reports the
// peak since; elsewhere peakRSS reports 0.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS returns the process's peak resident set size (VmHWM) in bytes.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb uint64
			fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb)
			return kb << 10
		}
	}
	return 0
}

// heapNow returns the live heap after a collection.
func heapNow() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
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

// BenchmarkScan100k: a full scan with AEAD open, index check and decode,
// after a reopen (cold Badger caches; the OS page cache stays warm, so this
// is a lower bound on a fresh process). Raw Badger is reopened the same way
// before each scan and decodes every value.
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
		key := make([]byte, 32)
		rand.Read(key)
		db, err := badger.Open(dbOptions(dir, key, nil))
		if err != nil {
			b.Fatal(err)
		}
		recs := benchRecords(benchN)
		wb := db.NewWriteBatch()
		for _, r := range recs {
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			wb.Set([]byte(r.Base().ID), val)
		}
		wb.Flush()
		db.Close()
		for b.Loop() {
			b.StopTimer()
			db, err := badger.Open(dbOptions(dir, key, nil))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
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
			b.StopTimer()
			if n != benchN {
				b.Fatalf("scanned %d", n)
			}
			db.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkGet100k: random Gets, reporting p50 and p99.
func BenchmarkGet100k(b *testing.B) {
	report := func(b *testing.B, lat []time.Duration) {
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
		b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
	}
	// Both stores are written, closed and opened again before measuring,
	// so the Gets do not compete with the compactions that follow a bulk
	// load: the state a user finds when opening the vault.
	b.Run("varn", func(b *testing.B) {
		v, recs := benchVault(b, benchN)
		o := v.opts
		dir := v.Dir()
		v.Close()
		ctx := context.Background()
		v, err := Open(ctx, dir, Unlock{Passphrase: testPass}, &o)
		if err != nil {
			b.Fatal(err)
		}
		defer v.Close()
		// The record index is loaded into memory in the background after
		// open; measure the steady state, and how long loading took.
		t0 := time.Now()
		waitMemIndex(b, v)
		wait := time.Since(t0)
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
		b.ReportMetric(float64(wait.Microseconds())/1e3, "index-wait-ms")
	})
	b.Run("badger", func(b *testing.B) {
		dir := b.TempDir()
		key := make([]byte, 32)
		rand.Read(key)
		db, err := badger.Open(dbOptions(dir, key, nil))
		if err != nil {
			b.Fatal(err)
		}
		recs := benchRecords(benchN)
		wb := db.NewWriteBatch()
		for _, r := range recs {
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			wb.Set([]byte(r.Base().ID), val)
		}
		wb.Flush()
		db.Close()
		if db, err = badger.Open(dbOptions(dir, key, nil)); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
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
// factor), beside opening a raw Badger store of 100k records with the same
// options.
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
		key := make([]byte, 32)
		rand.Read(key)
		db, err := badger.Open(dbOptions(bdir, key, nil))
		if err != nil {
			b.Fatal(err)
		}
		wb := db.NewWriteBatch()
		for _, r := range benchRecords(benchN) {
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			wb.Set([]byte(r.Base().ID), val)
		}
		wb.Flush()
		db.Close()
		for b.Loop() {
			db, err := badger.Open(dbOptions(bdir, key, nil))
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkDurableWrite: one acknowledged write (record + audit event, one
// synced transaction) on a store of 10k records, written, closed and
// opened again first (so no compaction of the load runs underneath);
// p50 and p99 reported. Raw Badger writes the encoded record in one synced
// transaction.
func BenchmarkDurableWrite(b *testing.B) {
	b.Run("varn", func(b *testing.B) {
		v, _ := benchVault(b, 10_000)
		o := v.opts
		dir := v.Dir()
		v.Close()
		ctx := context.Background()
		v, err := Open(ctx, dir, Unlock{Passphrase: testPass}, &o)
		if err != nil {
			b.Fatal(err)
		}
		defer v.Close()
		var lat []time.Duration
		for b.Loop() {
			r := benchRecords(1)[0]
			t := time.Now()
			if _, err := v.Put(ctx, r); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		reportLatency(b, lat)
	})
	b.Run("badger", func(b *testing.B) {
		dir := b.TempDir()
		key := make([]byte, 32)
		rand.Read(key)
		db, err := badger.Open(dbOptions(dir, key, nil))
		if err != nil {
			b.Fatal(err)
		}
		wb := db.NewWriteBatch()
		for _, r := range benchRecords(10_000) {
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			wb.Set([]byte(r.Base().ID), val)
		}
		wb.Flush()
		db.Close()
		if db, err = badger.Open(dbOptions(dir, key, nil)); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		var lat []time.Duration
		for b.Loop() {
			r := benchRecords(1)[0]
			model.Prepare(r, time.Now(), "x", "y", nil)
			val, _ := model.Encode(r)
			t := time.Now()
			if err := db.Update(func(tx *badger.Txn) error { return tx.Set([]byte(r.Base().ID), val) }); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
		reportLatency(b, lat)
	})
}

// reportLatency reports the median and the 99th percentile of lat.
func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
}

// The 1M-record vault for BenchmarkOpen1M and BenchmarkAuditVerify1M takes
// minutes to build, so it is built only when VARN_BENCH_1M=1, once, in a
// directory kept across runs: $TMPDIR/varn-bench-1m-v3 (delete it to
// rebuild). It holds 1M records, 1M audit events and an X25519 unlocker
// whose identity is kept beside the vault (bench data only).
const (
	bench1MEnv  = "VARN_BENCH_1M"
	bench1MSize = 1_000_000
)

type bench1M struct {
	dir, stateDir string
	id            *age.X25519Identity
	opts          Options
}

func openBench1M(b *testing.B) bench1M {
	if os.Getenv(bench1MEnv) != "1" {
		b.Skipf("set %s=1 to build (once, minutes) and use the 1M-record vault in $TMPDIR/varn-bench-1m-v3", bench1MEnv)
	}
	root := filepath.Join(os.TempDir(), "varn-bench-1m-v3")
	bm := bench1M{dir: filepath.Join(root, "vault"), stateDir: filepath.Join(root, "state")}
	bm.opts = Options{ScryptWorkFactor: 10, StateDir: bm.stateDir, User: "bench",
		statfs: func(string) (uint64, error) { return 1 << 40, nil }}
	idFile := filepath.Join(root, "identity")
	if _, err := os.Stat(filepath.Join(root, "complete")); err == nil {
		b, err := os.ReadFile(idFile)
		if err == nil {
			bm.id, err = age.ParseX25519Identity(strings.TrimSpace(string(b)))
		}
		if err == nil {
			return bm
		}
	}
	b.Logf("building the 1M-record vault in %s (once)", root)
	os.RemoveAll(root)
	if err := os.MkdirAll(root, 0o700); err != nil {
		b.Fatal(err)
	}
	bm.id = mustX25519(b)
	if err := os.WriteFile(idFile, []byte(bm.id.String()+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	v, err := Init(ctx, bm.dir, Config{Passphrase: testPass, Recipients: []Recipient{{Label: "bench", Recipient: bm.id.Recipient().String()}}}, &bm.opts)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	for done := 0; done < bench1MSize; done += benchN {
		if _, err := v.Import(ctx, benchRecords(benchN), nil); err != nil {
			b.Fatal(err)
		}
	}
	// Audit events up to 1M, many per transaction (within Badger's limit
	// of 15% of a memtable).
	n := 0
	v.AuditEvents(ctx, func(model.AuditEvent) error { n++; return nil })
	for n < bench1MSize {
		err := v.update(func(tx *badger.Txn) error {
			for i := 0; i < 2_000 && n < bench1MSize; i++ {
				if err := v.appendEvent(tx, &model.AuditEvent{Action: model.ActionView, Kind: model.KindObservation, Ref: model.NewID(time.Now(), nil)}); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "complete"), nil, 0o600); err != nil {
		b.Fatal(err)
	}
	return bm
}

// BenchmarkOpen1M: open + unlock with an X25519 identity of a vault of 1M
// records and 1M audit events (goal ≤ 150 ms), beside opening its Badger
// store raw with the same options.
func BenchmarkOpen1M(b *testing.B) {
	bm := openBench1M(b)
	ctx := context.Background()
	b.Run("varn", func(b *testing.B) {
		for b.Loop() {
			v, err := Open(ctx, bm.dir, Unlock{Identities: []age.Identity{bm.id}}, &bm.opts)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			v.Close()
			b.StartTimer()
		}
	})
	b.Run("badger", func(b *testing.B) {
		v, err := Open(ctx, bm.dir, Unlock{Identities: []age.Identity{bm.id}}, &bm.opts)
		if err != nil {
			b.Fatal(err)
		}
		master := deriveKey(v.dataKey, v.id, infoBadgerKey)
		v.Close()
		for b.Loop() {
			db, err := badger.Open(dbOptions(filepath.Join(bm.dir, dbDir), master, nil))
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
}

// BenchmarkMemIndex1M: how long the memory index of a 1M-record vault
// takes to load after open (in the background: open itself does not wait)
// and the heap it holds, beside raw Badger iterating the record keys it reads.
func BenchmarkMemIndex1M(b *testing.B) {
	bm := openBench1M(b)
	ctx := context.Background()
	b.Run("varn", func(b *testing.B) {
		for b.Loop() {
			before := heapNow()
			t0 := time.Now()
			v, err := Open(ctx, bm.dir, Unlock{Identities: []age.Identity{bm.id}}, &bm.opts)
			if err != nil {
				b.Fatal(err)
			}
			open := time.Since(t0)
			waitMemIndex(b, v)
			loaded := time.Since(t0)
			b.StopTimer()
			after := heapNow()
			v.mem.mu.RLock()
			n := len(v.mem.m)
			v.mem.mu.RUnlock()
			if n < bench1MSize {
				b.Fatalf("memory index holds %d entries", n)
			}
			b.ReportMetric(float64(open.Microseconds())/1e3, "open-ms")
			b.ReportMetric(float64(loaded.Microseconds())/1e3, "loaded-ms")
			b.ReportMetric(float64(after-min(after, before))/(1<<20), "heap-MiB")
			v.Close()
			b.StartTimer()
		}
	})
	b.Run("badger", func(b *testing.B) {
		v, err := Open(ctx, bm.dir, Unlock{Identities: []age.Identity{bm.id}}, &bm.opts)
		if err != nil {
			b.Fatal(err)
		}
		master := deriveKey(v.dataKey, v.id, infoBadgerKey)
		v.Close()
		db, err := badger.Open(dbOptions(filepath.Join(bm.dir, dbDir), master, nil))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		// What the loader reads: the record keys, not their values (the
		// records here are at version 1, without stored index entries).
		for b.Loop() {
			if n := countKeys(b, db, prefixRecord); n < bench1MSize {
				b.Fatalf("counted %d record keys", n)
			}
		}
	})
}

// BenchmarkAuditVerify1M: VerifyAudit over 1M events (goal ≤ 3 s), beside
// raw Badger iterating the same keys and hashing each value as a leaf.
func BenchmarkAuditVerify1M(b *testing.B) {
	bm := openBench1M(b)
	ctx := context.Background()
	v, err := Open(ctx, bm.dir, Unlock{Identities: []age.Identity{bm.id}}, &bm.opts)
	if err != nil {
		b.Fatal(err)
	}
	master := deriveKey(v.dataKey, v.id, infoBadgerKey)
	b.Run("varn", func(b *testing.B) {
		for b.Loop() {
			res, err := v.VerifyAudit(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if res.Size < bench1MSize {
				b.Fatalf("verified %d events", res.Size)
			}
		}
	})
	v.Close()
	b.Run("badger", func(b *testing.B) {
		db, err := badger.Open(dbOptions(filepath.Join(bm.dir, dbDir), master, nil))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		for b.Loop() {
			n := iteratePrefix(db, auditEventPrefix, func(val []byte) { tlog.RecordHash(val) })
			if n < bench1MSize {
				b.Fatalf("iterated %d events", n)
			}
		}
	})
}

// iteratePrefix is raw Badger's baseline for a scan: it reads the value of
// every key under prefix, passing it to fn, and returns how many it read.
func iteratePrefix(db *badger.DB, prefix string, fn func(val []byte)) int {
	n := 0
	db.View(func(tx *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefix)
		opt.PrefetchSize = 256
		it := tx.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			it.Item().Value(func(val []byte) error { fn(val); return nil })
			n++
		}
		return nil
	})
	return n
}
