//go:build unix

package vault

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"
)

// backup100k returns a backup of a vault of benchN records, with the
// identity that opens it and the options of the vault's host.
func backup100k(b *testing.B) ([]byte, age.Identity, *Options) {
	v, _ := benchVault(b, benchN)
	ctx := context.Background()
	x := mustX25519(b)
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "backup key", Recipient: x.Recipient().String()}); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := v.Backup(ctx, &buf); err != nil {
		b.Fatal(err)
	}
	o := v.opts
	v.Close()
	b.ReportMetric(float64(buf.Len())/(1<<20), "backup-MiB")
	return buf.Bytes(), x, &o
}

// BenchmarkRestore100k: a recovery of a 100k-record backup on a new host,
// from decrypting the backup to the vault open in place (built beside
// the target, every record and the audit log checked, renamed). Goal
// (issue 15): 5 s.
func BenchmarkRestore100k(b *testing.B) {
	bk, x, o := backup100k(b)
	ctx := context.Background()
	var took []time.Duration
	var cpu time.Duration
	defer func() { reportMedian(b, took, cpu) }()
	for b.Loop() {
		b.StopTimer()
		host := *o
		host.StateDir = b.TempDir()
		dir := filepath.Join(b.TempDir(), "restored")
		b.StartTimer()
		began, cpu0 := time.Now(), cpuTime()
		v, err := Restore(ctx, bytes.NewReader(bk), dir, []age.Identity{x}, &host)
		if err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(began))
		cpu += cpuTime() - cpu0
		b.StopTimer()
		if n := v.Restored().Records["observation"]; n != benchN {
			b.Fatalf("restored %d records", n)
		}
		v.Close()
		os.RemoveAll(dir)
		b.StartTimer()
	}
}

// BenchmarkDrill100k: VerifyBackup of a 100k-record backup on the host of
// the live vault, from decrypting it to the temporary copy removed.
// Goal (issue 15): 10 s.
func BenchmarkDrill100k(b *testing.B) {
	bk, x, o := backup100k(b)
	ctx := context.Background()
	var took []time.Duration
	var cpu time.Duration
	defer func() { reportMedian(b, took, cpu) }()
	for b.Loop() {
		began, cpu0 := time.Now(), cpuTime()
		info, err := VerifyBackup(ctx, bytes.NewReader(bk), []age.Identity{x}, o)
		if err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(began))
		cpu += cpuTime() - cpu0
		if n := info.Records["observation"]; n != benchN {
			b.Fatalf("drill counted %d records", n)
		}
	}
}

// reportMedian reports the median of the runs' times in seconds, and
// the process's CPU time per run (user and system): on a shared host the
// wall time depends on the other load, the CPU time much less.
func reportMedian(b *testing.B, took []time.Duration, cpu time.Duration) {
	if len(took) == 0 {
		return
	}
	b.ReportMetric(cpu.Seconds()/float64(len(took)), "cpu-s/op")
	b.Logf("runs: %v", took)
	slices.Sort(took)
	b.ReportMetric(took[len(took)/2].Seconds(), "median-s")
}

// cpuTime returns the CPU time the process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
