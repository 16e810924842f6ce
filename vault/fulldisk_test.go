package vault

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"varn/model"
)

// mountTmpfs mounts a tmpfs of size MiB on a new temporary directory and
// unmounts it at the end of the test, or skips the test saying why.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("full-disk test skipped: mounting a small tmpfs needs root (run the tests as root to include it)")
	}
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dm,mode=0700", size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("full-disk test skipped: cannot mount a tmpfs here: %v %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes a file in dir until the file system is full (ENOSPC) or it
// holds max bytes, and returns its path.
func fill(t *testing.T, dir string, max int64) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 256<<10)
	for n := int64(0); n < max; n += int64(len(chunk)) {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling %s: %v", dir, err)
			}
			break
		}
	}
	return p
}

// TestFullDiskReserve: on a real small file system (tmpfs) filled by
// another file until less than the reserve is free, writes are refused
// with ErrDiskFull and a sentence saying what to do, nothing is written,
// and once space is freed the vault writes and reopens as before.
func TestFullDiskReserve(t *testing.T) {
	mnt := mountTmpfs(t, 160)
	ctx := context.Background()
	dir := filepath.Join(mnt, "vault")
	o := testOpts(t)
	o.statfs = nil         // the real free space
	o.FreeSpaceReserve = 0 // the default, 64 MiB
	v, err := Init(ctx, dir, Config{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	a := mustPut(t, v, member("before"))
	free, _ := freeBytes(mnt)
	filler := fill(t, mnt, int64(free)-40<<20) // leave 40 MiB: under the reserve
	before := len(events(t, v))
	_, err = v.Put(ctx, member("refused"))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free space before writing") {
		t.Fatalf("Put on a nearly full disk: %v", err)
	}
	t.Logf("Put: %v", err)
	n, err := v.Import(ctx, []model.Record{member("x"), member("y")}, nil)
	if n != 0 || !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "import stopped after 0 of 2 records") {
		t.Fatalf("Import on a nearly full disk: %d, %v", n, err)
	}
	if got := len(events(t, v)); got != before {
		t.Fatalf("%d audit events after refused writes, want %d", got, before)
	}
	if l, _ := v.List(ctx, model.KindMember); len(l) != 1 {
		t.Fatalf("%d members after refused writes, want 1", len(l))
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	b := mustPut(t, v, member("after"))
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	// Opening on a full disk is refused too: Badger would write its log
	// out at open and fault, on every start.
	free, _ = freeBytes(mnt)
	filler = fill(t, mnt, int64(free)-40<<20)
	_, err = Open(ctx, dir, Unlock{Passphrase: testPass}, o)
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "free space before opening the vault") {
		t.Fatalf("Open on a nearly full disk: %v", err)
	}
	t.Logf("Open: %v", err)
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	v = reopenDir(t, dir, o)
	for _, id := range []model.ID{a.Base().ID, b.Base().ID} {
		if _, err := v.Get(ctx, id); err != nil {
			t.Fatalf("after freeing space: %v", err)
		}
	}
	if res, err := v.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit log: %v (%s)", err, res)
	}
}

// TestFullDiskMidWrite: a writer process imports batches while this test
// fills the file system under it: with the reserve on, to 48 MiB free
// (under the 64 MiB reserve, as other files on the host would fill it);
// with the check off, until it is full. With the reserve the writer stops
// with a clear message. Filling the last byte in one go at the moment a
// batch is being committed can still fault Badger's mmap (SIGBUS: the
// kernel gives no error to return), so that case runs with the check off,
// where the writer ends with Badger's own failure to write or is killed. Whatever happened, once space is
// freed the vault opens, every acknowledged record is there, the audit log
// verifies, and every import batch committed whole: the records number
// exactly what the import events say.
func TestFullDiskMidWrite(t *testing.T) {
	for _, tc := range []struct {
		name    string
		reserve int64
	}{{"default reserve", 0}, {"no reserve", -1}} {
		t.Run(tc.name, func(t *testing.T) {
			mnt := mountTmpfs(t, 192)
			ctx := context.Background()
			dir := filepath.Join(mnt, "vault")
			o := testOpts(t)
			o.statfs = nil
			o.FreeSpaceReserve = 0
			v, err := Init(ctx, dir, Config{Passphrase: testPass}, o)
			if err != nil {
				t.Fatal(err)
			}
			v.Close()

			cmd := exec.Command(os.Args[0], "-test.run=^TestFullDiskHelper$", "-test.count=1")
			cmd.Env = append(os.Environ(), "VARN_TEST_FULLDISK="+dir, envState+"="+o.StateDir,
				"VARN_TEST_RESERVE="+strconv.FormatInt(tc.reserve, 10))
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var acked []model.ID
			var last string
			filled := make(chan string, 1)
			sc := bufio.NewScanner(stdout)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			timer := time.AfterFunc(90*time.Second, func() { cmd.Process.Kill() })
			defer timer.Stop()
			for sc.Scan() {
				line := sc.Text()
				if id, ok := strings.CutPrefix(line, "ACK "); ok {
					acked = append(acked, model.ID(id))
					if len(acked) == 2000 {
						upTo := int64(1 << 40)
						if tc.reserve >= 0 {
							free, _ := freeBytes(mnt)
							upTo = int64(free) - 48<<20
						}
						go func() { filled <- fill(t, mnt, upTo) }()
					}
					continue
				}
				last = line
			}
			werr := cmd.Wait()
			filler := <-filled
			how := "exited: " + last
			if werr != nil {
				how = fmt.Sprintf("%v; last line %q", werr, last)
			}
			if e := stderr.String(); e != "" {
				first, _, _ := strings.Cut(strings.TrimSpace(e), "\n")
				how += fmt.Sprintf("; stderr: %.200s", first)
			}
			t.Logf("writer: %d records acknowledged, then %s", len(acked), how)
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
				t.Fatalf("the writer hung on the full disk and was killed after 90 s")
			}
			if tc.reserve >= 0 {
				// With the reserve the writer stops with a clear message
				// and exits on its own: no fault, not when writing, not
				// when closing.
				if !strings.Contains(last, "not enough free disk space") || !strings.Contains(how, "exit status 1") {
					t.Errorf("with a reserve the writer should stop with a clear message and exit 1, got: %s", how)
				}
			}
			if err := os.Remove(filler); err != nil {
				t.Fatal(err)
			}
			v, err = Open(ctx, dir, Unlock{Passphrase: testPass}, o)
			if err != nil {
				t.Fatalf("opening after freeing space: %v", err)
			}
			defer v.Close()
			for _, id := range acked {
				if _, err := v.Get(ctx, id); err != nil {
					t.Fatalf("acknowledged record %s: %v", id, err)
				}
			}
			if res, err := v.VerifyAudit(ctx); err != nil {
				t.Fatalf("audit log: %v (%s)", err, res)
			}
			l, err := v.List(ctx, model.KindMember)
			if err != nil {
				t.Fatal(err)
			}
			logged := 0
			for _, e := range events(t, v) {
				if e.Action == model.ActionImport {
					n, _ := strconv.Atoi(strings.TrimSuffix(e.Detail, " records"))
					logged += n
				}
			}
			if len(l) != logged || len(l) < len(acked) {
				t.Fatalf("%d records stored, %d in import events, %d acknowledged: a batch committed in part", len(l), logged, len(acked))
			}
			mustPut(t, v, member("after the disk was freed"))
			t.Logf("after freeing space: opened, %d records (%d acknowledged) match the import events, audit log intact, writes work", len(l), len(acked))
		})
	}
}

// TestFullDiskHelper is not a test: it is the writer of TestFullDiskMidWrite.
func TestFullDiskHelper(t *testing.T) {
	dir := os.Getenv("VARN_TEST_FULLDISK")
	if dir == "" {
		t.Skip("helper process for TestFullDiskMidWrite")
	}
	reserve, _ := strconv.ParseInt(os.Getenv("VARN_TEST_RESERVE"), 10, 64)
	o := &Options{ScryptWorkFactor: 10, StateDir: os.Getenv(envState), User: "writer", FreeSpaceReserve: reserve}
	ctx := context.Background()
	v, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	for {
		var recs []model.Record
		for i := 0; i < 200; i++ {
			recs = append(recs, member(fmt.Sprintf("member %d %s", i, strings.Repeat("z", 150))))
		}
		if _, err := v.Import(ctx, recs, nil); err != nil {
			fmt.Fprintln(w, "ERR", err)
			if cerr := v.Close(); cerr != nil {
				fmt.Fprintln(w, "CLOSE", cerr)
			}
			fmt.Fprintln(w, "ERR", err)
			w.Flush()
			os.Exit(1)
		}
		for _, r := range recs {
			fmt.Fprintln(w, "ACK", r.Base().ID)
		}
		w.Flush()
	}
}
