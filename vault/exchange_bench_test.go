package vault

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"varn/model"
)

// The exchange benchmarks: 100k observations of ~600 bytes exported from
// one vault and imported (preview and apply) into an empty one. Run with
// `go test -run '^$' -bench Exchange -benchtime 1x ./vault/`.

// benchPair returns vault A holding benchN observations and a function
// making a fresh vault B with A registered, A having B registered as
// "Lomma kommun".
func benchPair(b *testing.B) (*Vault, func() *Vault) {
	ctx := context.Background()
	a, _, o := newVault(b)
	if _, err := a.Import(ctx, benchRecords(benchN), nil); err != nil {
		b.Fatal(err)
	}
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
	return a, fresh
}

func benchExport(b *testing.B, a *Vault, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := a.Export(context.Background(), w, ExportOptions{Partner: "Lomma kommun", LegalBasis: "OSL", Purpose: "bench"}); err != nil {
		b.Fatal(err)
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
	a, fresh := benchPair(b)
	fresh()
	path := filepath.Join(b.TempDir(), "bundle.age")
	var peak, peakR uint64
	for b.Loop() {
		b.StopTimer()
		os.Remove(path)
		runtime.GC()
		stop := peakHeap()
		rss := exchangePeakRSS()
		b.StartTimer()
		benchExport(b, a, path)
		b.StopTimer()
		peak = max(peak, stop())
		peakR = max(peakR, rss())
		b.StartTimer()
	}
	st, _ := os.Stat(path)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(peakR)/(1<<20), "peak-rss-MiB")
	b.ReportMetric(float64(st.Size())/(1<<20), "bundle-MiB")
}

// BenchmarkExchangeImport100k: PreviewImport and Apply of a bundle of 100k
// new observations, read from a file. The bundle is addressed to one
// vault, so it runs once: -benchtime 1x.
func BenchmarkExchangeImport100k(b *testing.B) {
	a, fresh := benchPair(b)
	path := filepath.Join(b.TempDir(), "bundle.age")
	ctx := context.Background()
	// Write the bundle and lock the sending vault, so only the importing
	// vault is measured.
	v := fresh()
	benchExport(b, a, path)
	a.Close()
	var peak, peakR uint64
	var previewS, applyS float64
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
		b.StartTimer()
		t0 := b.Elapsed()
		plan, err := v.PreviewImport(ctx, bufio.NewReaderSize(f, 1<<20))
		if err != nil {
			b.Fatal(err)
		}
		t1 := b.Elapsed()
		res, err := v.Apply(ctx, plan)
		if err != nil {
			b.Fatal(err)
		}
		txns = res.Transactions
		t2 := b.Elapsed()
		b.StopTimer()
		previewS += (t1 - t0).Seconds()
		applyS += (t2 - t1).Seconds()
		peak = max(peak, stop())
		peakR = max(peakR, rss())
		f.Close()
		v.Close()
		b.StartTimer()
	}
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
	a, fresh := benchPair(b)
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
