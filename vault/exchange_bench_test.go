package vault

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"

	"varn/model"
)

// The exchange benchmarks: 100k observations of ~600 bytes exported from
// one vault and imported (preview and apply) into an empty one. Run with
// `go test -run '^$' -bench Exchange -benchtime 1x ./vault/`.

// asCLI runs the rest of the benchmark under the soft memory limit
// cmd/varn sets (MemoryLimit), unless GOMEMLIMIT is set, so that the peak
// heap and RSS are those of `varn export` and `varn import`.
func asCLI(b *testing.B) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	old := debug.SetMemoryLimit(MemoryLimit)
	b.Cleanup(func() { debug.SetMemoryLimit(old) })
}

// benchPair returns vault A holding benchN observations and a function
// making a fresh vault B with A registered, A having B registered as
// "Lomma kommun".
func benchPair(b *testing.B) (*Vault, func() *Vault, float64) {
	ctx := context.Background()
	a, _, o := newVault(b)
	recs := benchRecords(benchN)
	t0 := time.Now()
	if _, err := a.Import(ctx, recs, nil); err != nil {
		b.Fatal(err)
	}
	// The vault's own bulk import of the same records, measured in the
	// same run: the baseline for applying a bundle.
	bulk := time.Since(t0).Seconds()
	// Reopen, so the export starts as a fresh `varn export` would: empty
	// caches and memtables, no garbage from the setup.
	a = reopen(b, a, o)
	runtime.GC()
	pa, err := a.Identity(ctx)
	if err != nil {
		b.Fatal(err)
	}
	first := true
	fresh := func() *Vault {
		v, _, _ := newVault(b)
		pv, err := v.Identity(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if first {
			if _, err := a.AddPartner(ctx, "Lomma kommun", model.OrgOtherMunicipality, pv, ""); err != nil {
				b.Fatal(err)
			}
			first = false
		}
		if _, err := v.AddPartner(ctx, "Lunds kommun", model.OrgOtherMunicipality, pa, ""); err != nil {
			b.Fatal(err)
		}
		return v
	}
	return a, fresh, bulk
}

func benchExport(b *testing.B, a *Vault, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	res, err := a.Export(context.Background(), w, ExportOptions{Partner: "Lomma kommun", LegalBasis: "OSL", Purpose: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	if res.Total != benchN || res.Manifest.Records != benchN {
		b.Fatalf("exported %d records (manifest %d), want %d", res.Total, res.Manifest.Records, benchN)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkExchangeExport100k: Export of 100k observations to a file.
func BenchmarkExchangeExport100k(b *testing.B) {
	a, fresh, _ := benchPair(b)
	asCLI(b)
	fresh()
	path := filepath.Join(b.TempDir(), "bundle.age")
	var peak, peakR, peakL uint64
	var cpu float64
	for b.Loop() {
		b.StopTimer()
		os.Remove(path)
		runtime.GC()
		stop := peakHeap()
		rss := exchangePeakRSS()
		live := peakLive()
		prof := benchProfile(b, ".export")
		c0 := cpuSeconds()
		b.StartTimer()
		benchExport(b, a, path)
		b.StopTimer()
		cpu += cpuSeconds() - c0
		prof()
		heapProfile(b, ".apply.heap")
		peakL = max(peakL, live())
		peak = max(peak, stop())
		peakR = max(peakR, rss())
		b.StartTimer()
	}
	st, _ := os.Stat(path)
	// The vault's own scan of the same records, in the same run: the
	// baseline for reading them out.
	t0 := time.Now()
	if err := a.Scan(context.Background(), model.KindObservation, func(model.Record) error { return nil }); err != nil {
		b.Fatal(err)
	}
	scan := time.Since(t0).Seconds()
	b.ReportMetric(scan, "scan-s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/scan, "x-scan")
	if enc, _ := ageCLIBaseline(b, a, path); enc > 0 {
		b.ReportMetric(enc, "age-cli-enc-s")
		b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/enc, "x-age-cli")
	}
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(peakL)/(1<<20), "peak-live-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakR)/(1<<20), "peak-rss-MiB")
	b.ReportMetric(float64(st.Size())/(1<<20), "bundle-MiB")
}

// BenchmarkExchangeImport100k: PreviewImport and Apply of a bundle of 100k
// new observations, read from a file. The bundle is addressed to one
// vault, so it runs once: -benchtime 1x.
func BenchmarkExchangeImport100k(b *testing.B) {
	a, fresh, bulk := benchPair(b)
	asCLI(b)
	path := filepath.Join(b.TempDir(), "bundle.age")
	ctx := context.Background()
	// Write the bundle and lock the sending vault, so only the importing
	// vault is measured.
	v := fresh()
	benchExport(b, a, path)
	_, ageDec := ageCLIBaseline(b, a, path)
	a.Close()
	var peak, peakR, peakL uint64
	var previewS, applyS, cpu, previewCPU float64
	var txns int
	n := 0
	for b.Loop() {
		b.StopTimer()
		if n++; n > 1 {
			b.Fatal("the bundle is for one vault: run with -benchtime 1x")
		}
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop := peakHeap()
		rss := exchangePeakRSS()
		live := peakLive()
		prof := benchProfile(b, ".preview")
		c0 := cpuSeconds()
		b.StartTimer()
		t0 := b.Elapsed()
		plan, err := v.PreviewImport(ctx, bufio.NewReaderSize(f, 1<<20))
		if err != nil {
			b.Fatal(err)
		}
		t1 := b.Elapsed()
		b.StopTimer()
		prof()
		previewCPU += cpuSeconds() - c0
		heapProfile(b, ".preview.heap")
		prof = benchProfile(b, ".apply")
		b.StartTimer()
		res, err := v.Apply(ctx, plan)
		if err != nil {
			b.Fatal(err)
		}
		txns = res.Transactions
		t2 := b.Elapsed()
		b.StopTimer()
		cpu += cpuSeconds() - c0
		prof()
		heapProfile(b, ".apply.heap")
		peakL = max(peakL, live())
		previewS += (t1 - t0).Seconds()
		applyS += (t2 - t1).Seconds()
		peak = max(peak, stop())
		peakR = max(peakR, rss())
		f.Close()
		v.Close()
		b.StartTimer()
	}
	if ageDec > 0 {
		b.ReportMetric(ageDec, "age-cli-dec-s")
		b.ReportMetric((previewS+applyS)/float64(b.N)/ageDec, "x-age-cli")
	}
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	b.ReportMetric(previewCPU/float64(b.N), "preview-cpu-s/op")
	b.ReportMetric(bulk, "bulk-import-s")
	b.ReportMetric(applyS/float64(b.N)/bulk, "apply-x-bulk-import")
	b.ReportMetric(float64(peakL)/(1<<20), "peak-live-MiB")
	b.ReportMetric(previewS/float64(b.N), "preview-s/op")
	b.ReportMetric(applyS/float64(b.N), "apply-s/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakR)/(1<<20), "peak-rss-MiB")
	b.ReportMetric(float64(txns), "txns")
}

// BenchmarkExchangePreviewUnchanged100k: PreviewImport of a second bundle
// of the same 100k observations, all unchanged (every record compared
// with the copy here).
func BenchmarkExchangePreviewUnchanged100k(b *testing.B) {
	ctx := context.Background()
	a, fresh, _ := benchPair(b)
	v := fresh()
	var buf bytes.Buffer
	if _, err := a.Export(ctx, &buf, ExportOptions{Partner: "Lomma kommun", LegalBasis: "x", Purpose: "y"}); err != nil {
		b.Fatal(err)
	}
	plan, err := v.PreviewImport(ctx, bytes.NewReader(buf.Bytes()))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := v.Apply(ctx, plan); err != nil {
		b.Fatal(err)
	}
	buf.Reset()
	if _, err := a.Export(ctx, &buf, ExportOptions{Partner: "Lomma kommun", LegalBasis: "x", Purpose: "y"}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		plan, err := v.PreviewImport(ctx, bytes.NewReader(buf.Bytes()))
		if err != nil {
			b.Fatal(err)
		}
		plan.Close()
	}
}

// exchangePeakRSS resets the process's peak resident set size (VmHWM, via
// /proc/self/clear_refs) after returning freed memory to the OS, and
// returns a function giving the peak since then in bytes (0 where /proc
// does not allow it). Unlike the heap figure it counts everything the
// process holds: Badger's caches and mmaps, stacks, garbage not yet
// collected.
func exchangePeakRSS() func() uint64 {
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return func() uint64 { return 0 }
	}
	return func() uint64 {
		b, err := os.ReadFile("/proc/self/status")
		if err != nil {
			return 0
		}
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
				kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
				return kb << 10
			}
		}
		return 0
	}
}

// benchProfile starts a CPU profile of the measured part alone when
// VARN_BENCH_CPUPROFILE names a file (the test binary's -cpuprofile would
// include the setup: 100k records written to the sending vault). It
// returns the function that stops it.
func benchProfile(b *testing.B, suffix string) func() {
	name := os.Getenv("VARN_BENCH_CPUPROFILE")
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name + suffix)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// ageCLIBaseline decrypts the bundle at path with a's identity (a is its
// archive recipient) and times the stock age command encrypting that
// plaintext to a fresh X25519 key and decrypting it again, both to files,
// in this same run: the baseline the exchange is compared with. It
// returns 0, 0 without the age command.
func ageCLIBaseline(b *testing.B, a *Vault, path string) (enc, dec float64) {
	agePath, err := exec.LookPath("age")
	if err != nil {
		b.Log("age command not installed: no CLI baseline")
		return 0, 0
	}
	id, err := a.exchangeIdentity(context.Background(), false)
	if err != nil {
		b.Fatal(err)
	}
	defer id.Wipe()
	in, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	pr, err := age.Decrypt(bufio.NewReader(in), id.AgeIdentities()...)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	plain := filepath.Join(dir, "plain")
	pf, err := os.Create(plain)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(pf, pr); err != nil {
		b.Fatal(err)
	}
	pf.Close()
	k, _ := age.GenerateX25519Identity()
	key := filepath.Join(dir, "key.txt")
	os.WriteFile(key, []byte(k.String()+"\n"), 0o600)
	timeIt := func(args ...string) float64 {
		best := 0.0
		for range 3 {
			t0 := time.Now()
			if out, err := exec.Command(agePath, args...).CombinedOutput(); err != nil {
				b.Fatalf("age %v: %v: %s", args, err, out)
			}
			if d := time.Since(t0).Seconds(); best == 0 || d < best {
				best = d
			}
		}
		return best
	}
	enc = timeIt("-e", "-r", k.Recipient().String(), "-o", filepath.Join(dir, "c.age"), plain)
	dec = timeIt("-d", "-i", key, "-o", filepath.Join(dir, "p2"), filepath.Join(dir, "c.age"))
	return enc, dec
}

// cpuSeconds returns the user and system CPU time of the process so far:
// on a loaded machine a steadier measure of work than the wall clock.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// peakLive samples the live heap as of the last collection (what a
// collection kept: caches, staged data, buffers in use) every 10 ms and
// returns a function giving its peak since the call.
func peakLive() func() uint64 {
	done := make(chan struct{})
	res := make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if s[0].Value.Kind() == metrics.KindUint64 {
				peak = max(peak, s[0].Value.Uint64())
			}
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

// heapProfile writes the live heap (after a collection) when
// VARN_BENCH_CPUPROFILE names a file: what is held between the steps.
func heapProfile(b *testing.B, suffix string) {
	name := os.Getenv("VARN_BENCH_CPUPROFILE")
	if name == "" {
		return
	}
	f, err := os.Create(name + suffix)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		b.Fatal(err)
	}
}
