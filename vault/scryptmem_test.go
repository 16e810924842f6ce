package vault

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestScryptMemoryRelease: Release stops the touching goroutine whether it
// is still touching or holding the memory, returns, and may be called on
// nil and again; an open with a passphrase works after it.
func TestScryptMemoryRelease(t *testing.T) {
	var none *ScryptMemory
	none.Release()

	early := PrepareScrypt()
	early.Release() // most likely still touching
	early.Release()
	select {
	case <-early.done:
	default:
		t.Fatal("Release returned before the goroutine ended")
	}

	// Touching all of it under the race detector would take another
	// half gigabyte of shadow memory in CI; the early case runs there.
	if !raceEnabled {
		late := PrepareScrypt()
		deadline := time.Now().Add(20 * time.Second)
		for late.touched() < scryptMemory && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if late.touched() < scryptMemory {
			t.Fatalf("%d of %d bytes touched after 20 s", late.touched(), scryptMemory)
		}
		late.Release()
		select {
		case <-late.done:
		default:
			t.Fatal("Release returned before the goroutine ended")
		}
	}

	v, _, o := newVault(t)
	dir := v.Dir()
	v.Close()
	m := PrepareScrypt()
	m.Release()
	reopenDir(t, dir, o).Close()
}

// The fresh-process benchmark: a child process opens a vault with a
// passphrase at age's default work factor, once, either straight away
// (cold) or after PrepareScrypt and a second of "typing" (prepared), and
// reports how long Release and Open took.
const (
	scryptChildEnv = "VARN_SCRYPT_CHILD" // "cold" or "prepared": run as the child
	scryptDirEnv   = "VARN_SCRYPT_DIR"
	scryptChildOut = "VARN_SCRYPT_RESULT "
)

// TestScryptChild is the child of BenchmarkOpenPassphraseFresh; it skips
// unless started by it.
func TestScryptChild(t *testing.T) {
	mode := os.Getenv(scryptChildEnv)
	if mode == "" {
		t.Skip("run by BenchmarkOpenPassphraseFresh")
	}
	o := &Options{StateDir: filepath.Join(os.Getenv(scryptDirEnv), "state"), User: "bench"}
	var m *ScryptMemory
	if mode == "prepared" {
		m = PrepareScrypt()
		time.Sleep(time.Second) // the user typing
	}
	t0 := time.Now()
	m.Release()
	v, err := Open(context.Background(), filepath.Join(os.Getenv(scryptDirEnv), "vault"), Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	v.Close()
	fmt.Printf("%s%d\n", scryptChildOut, took.Microseconds())
}

// BenchmarkOpenPassphraseFresh: open + unlock with a passphrase (work
// factor 18) in a fresh process, as the terminal app does once the
// passphrase is typed: cold, and with the memory prepared while typing.
func BenchmarkOpenPassphraseFresh(b *testing.B) {
	root := b.TempDir()
	o := &Options{StateDir: filepath.Join(root, "state"), User: "bench"}
	v, err := Init(context.Background(), filepath.Join(root, "vault"), Config{Passphrase: testPass}, o)
	if err != nil {
		b.Fatal(err)
	}
	v.Close()
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"cold", "prepared"} {
		b.Run(mode, func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				cmd := exec.Command(exe, "-test.run=^TestScryptChild$", "-test.v")
				cmd.Env = append(os.Environ(), scryptChildEnv+"="+mode, scryptDirEnv+"="+root)
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("child: %v\n%s", err, out)
				}
				i := bytes.Index(out, []byte(scryptChildOut))
				if i < 0 {
					b.Fatalf("child printed no result:\n%s", out)
				}
				rest := out[i+len(scryptChildOut):]
				us, err := strconv.Atoi(string(bytes.TrimSpace(rest[:bytes.IndexByte(rest, '\n')])))
				if err != nil {
					b.Fatal(err)
				}
				total += time.Duration(us) * time.Microsecond
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "open-ms")
		})
	}
}
