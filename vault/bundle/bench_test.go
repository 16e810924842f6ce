package bundle

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"

	"filippo.io/age"

	"varn/model"
)

const benchRecords = 100_000

// benchData returns 100k observations of ~600 bytes and their plaintext
// size.
func benchData(b *testing.B) ([]model.Record, int64) {
	b.Helper()
	recs := observations(benchRecords, vaultA)
	var n int64
	for _, r := range recs {
		e, _ := model.Encode(r)
		n += int64(len(e))
	}
	return recs, n
}

// peakHeap samples the heap in use every few records; testing.B reports
// allocation totals, not the peak, so the benchmarks report it as a metric.
type peakHeap struct {
	s    []metrics.Sample
	peak uint64
}

func newPeakHeap() *peakHeap {
	runtime.GC()
	return &peakHeap{s: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

func (p *peakHeap) sample() {
	metrics.Read(p.s)
	if v := p.s[0].Value.Uint64(); v > p.peak {
		p.peak = v
	}
}

// BenchmarkExport100k writes 100k observations into a bundle (to
// io.Discard: the writer streams). Compare with BenchmarkAgeEncrypt100k.
func BenchmarkExport100k(b *testing.B) {
	w := newWorld(b)
	recs, size := benchData(b)
	b.SetBytes(size)
	b.ReportAllocs()
	ph := newPeakHeap()
	for b.Loop() {
		bw, err := NewWriter(io.Discard, w.a, w.header(1))
		if err != nil {
			b.Fatal(err)
		}
		for i, r := range recs {
			if err := bw.Add(r); err != nil {
				b.Fatal(err)
			}
			if i%10000 == 0 {
				ph.sample()
			}
		}
		if _, err := bw.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(ph.peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkOpen100k opens (decrypts, stages, verifies, validates) and then
// reads all 100k records of a bundle. Compare with BenchmarkAgeDecrypt100k.
func BenchmarkOpen100k(b *testing.B) {
	w := newWorld(b)
	recs, size := benchData(b)
	// The bundle is read from a file, as from a USB stick, so the
	// benchmark does not count a copy of it in the heap.
	data := writeBundle(b, w.a, w.header(1), recs)
	bundleMB := float64(len(data)) / (1 << 20)
	file := filepath.Join(b.TempDir(), "bundle.age")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		b.Fatal(err)
	}
	recs, data = nil, nil
	b.SetBytes(size)
	b.ReportAllocs()
	ph := newPeakHeap()
	for b.Loop() {
		f, err := os.Open(file)
		if err != nil {
			b.Fatal(err)
		}
		bd, err := Open(context.Background(), f, w.openConfig())
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		ph.sample()
		n := 0
		for _, err := range bd.Records() {
			if err != nil {
				b.Fatal(err)
			}
			if n++; n%10000 == 0 {
				ph.sample()
			}
		}
		bd.Close()
	}
	b.ReportMetric(float64(ph.peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(bundleMB, "bundle-MB")
}

// agePlaintext is the same plaintext age alone would carry: the encoded
// records, one after another.
func agePlaintext(b *testing.B) []byte {
	recs, _ := benchData(b)
	var buf bytes.Buffer
	for _, r := range recs {
		e, _ := model.Encode(r)
		buf.Write(e)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// BenchmarkAgeEncrypt100k is the baseline: plain age encryption of the
// same records, already encoded, to the same recipients.
func BenchmarkAgeEncrypt100k(b *testing.B) {
	w := newWorld(b)
	plain := agePlaintext(b)
	recips, err := chooseRecipients(w.b.Public(), w.a.Public())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		wc, _ := age.Encrypt(io.Discard, recips...)
		wc.Write(plain)
		wc.Close()
	}
}

// BenchmarkAgeDecrypt100k is the baseline for Open: plain age decryption
// of the same records.
func BenchmarkAgeDecrypt100k(b *testing.B) {
	w := newWorld(b)
	plain := agePlaintext(b)
	recips, _ := chooseRecipients(w.b.Public(), w.a.Public())
	var ct bytes.Buffer
	wc, _ := age.Encrypt(&ct, recips...)
	wc.Write(plain)
	wc.Close()
	b.SetBytes(int64(len(plain)))
	for b.Loop() {
		r, err := age.Decrypt(bytes.NewReader(ct.Bytes()), w.b.AgeIdentities()...)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, r)
	}
}
