package vault

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// The peak memory of the 100k import is measured in a child process, so
// that nothing the benchmark process did before (other benchmarks, the
// test binary's own heap) counts: the child reports its VmHWM, the peak
// resident set of its whole life. (Not getrusage's ru_maxrss: Linux carries
// it over from the forked copy of the parent through exec, so a child of a
// big benchmark process reports the parent's size.) Like `varn record import`, the
// child builds its input in chunks (cmd/varn reads 20,000 records at a
// time), so the figure is the import's, not that of 100k decoded records
// held at once.

const (
	memChildEnv   = "VARN_MEM_CHILD"  // "varn" or "badger": run as the child
	memLimitEnv   = "VARN_MEM_LIMIT"  // MiB for debug.SetMemoryLimit in the child ("" = none)
	memChildChunk = 20_000            // records per chunk, as cmd/varn's importChunk
	memChildOut   = "VARN_MEM_RESULT" // prefix of the child's result line
)

// memResult is what the child reports.
type memResult struct {
	MaxRSS     int64   // peak resident set (VmHWM), bytes
	PeakAnon   int64   // peak RssAnon sampled from /proc/self/status, bytes
	PeakFile   int64   // peak RssFile sampled, bytes
	RecordsSec float64 // import rate
}

// TestImportMemoryChild is the child of BenchmarkImportMemory; it skips
// unless started by it.
func TestImportMemoryChild(t *testing.T) {
	mode := os.Getenv(memChildEnv)
	if mode == "" {
		t.Skip("run by BenchmarkImportMemory")
	}
	if s := os.Getenv(memLimitEnv); s != "" {
		var mib int64
		fmt.Sscan(s, &mib)
		debug.SetMemoryLimit(mib << 20)
	}
	stop := sampleRSS()
	var elapsed time.Duration
	switch mode {
	case "varn":
		v, _, _ := newVault(t)
		for done := 0; done < benchN; done += memChildChunk {
			recs := benchRecords(memChildChunk)
			t0 := time.Now()
			if _, err := v.Import(context.Background(), recs, nil); err != nil {
				t.Fatal(err)
			}
			elapsed += time.Since(t0)
		}
		if err := v.Close(); err != nil {
			t.Fatal(err)
		}
	case "badger":
		key := make([]byte, 32)
		rand.Read(key)
		db, err := badger.Open(dbOptions(t.TempDir(), key, nil))
		if err != nil {
			t.Fatal(err)
		}
		for done := 0; done < benchN; done += memChildChunk {
			recs := benchRecords(memChildChunk)
			vals := make([][]byte, len(recs))
			for i, r := range recs {
				model.Prepare(r, time.Now(), "x", "y", nil)
				vals[i], _ = model.Encode(r)
			}
			t0 := time.Now()
			wb := db.NewWriteBatch()
			for i, r := range recs {
				if err := wb.Set([]byte(r.Base().ID), vals[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := wb.Flush(); err != nil {
				t.Fatal(err)
			}
			elapsed += time.Since(t0)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("unknown mode %q", mode)
	}
	anon, file := stop()
	res := memResult{MaxRSS: int64(peakRSS()), PeakAnon: anon, PeakFile: file,
		RecordsSec: float64(benchN) / elapsed.Seconds()}
	b, _ := json.Marshal(res)
	fmt.Printf("%s%s\n", memChildOut, b)
}

// sampleRSS samples RssAnon and RssFile every 5 ms until the returned
// function is called, which returns their peaks (0 where /proc is not).
func sampleRSS() func() (anon, file int64) {
	done := make(chan struct{})
	res := make(chan [2]int64)
	go func() {
		var peak [2]int64
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			b, _ := os.ReadFile("/proc/self/status")
			for _, line := range strings.Split(string(b), "\n") {
				for i, f := range []string{"RssAnon:", "RssFile:"} {
					if v, ok := strings.CutPrefix(line, f); ok {
						var kb int64
						fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb)
						peak[i] = max(peak[i], kb<<10)
					}
				}
			}
			select {
			case <-done:
				res <- peak
				return
			case <-t.C:
			}
		}
	}()
	return func() (int64, int64) { close(done); p := <-res; return p[0], p[1] }
}

// runMemChild runs the test binary as a child in mode and returns its
// result.
func runMemChild(b *testing.B, mode, limitMiB string) memResult {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestImportMemoryChild$", "-test.v")
	cmd.Env = append(os.Environ(), memChildEnv+"="+mode, memLimitEnv+"="+limitMiB, "TMPDIR="+b.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	for _, line := range bytes.Split(out, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte(memChildOut)); ok {
			var r memResult
			if err := json.Unmarshal(rest, &r); err != nil {
				b.Fatal(err)
			}
			return r
		}
	}
	b.Fatalf("child %s printed no result:\n%s", mode, out)
	return memResult{}
}

// BenchmarkImportMemory: the peak resident memory (VmHWM) of a
// process importing 100k records of ~600 bytes in chunks of 20,000, as
// `varn record import` does — varn (with the memory limit cmd/varn sets)
// beside raw Badger with the same options writing the same records with a
// WriteBatch. Also reports the peaks of anonymous and file-backed resident
// memory, and the import rate inside the child.
func BenchmarkImportMemory(b *testing.B) {
	for _, tc := range []struct{ name, mode, limit string }{
		{"varn", "varn", fmt.Sprint(memoryLimitMiB)},
		{"varn-nolimit", "varn", ""},
		{"badger", "badger", ""},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var last memResult
			for b.Loop() {
				last = runMemChild(b, tc.mode, tc.limit)
			}
			b.ReportMetric(float64(last.MaxRSS)/(1<<20), "maxrss-MiB")
			b.ReportMetric(float64(last.PeakAnon)/(1<<20), "anon-MiB")
			b.ReportMetric(float64(last.PeakFile)/(1<<20), "file-MiB")
			b.ReportMetric(last.RecordsSec, "records/s")
		})
	}
}

// memoryLimitMiB is the limit cmd/varn sets.
const memoryLimitMiB = MemoryLimit >> 20
