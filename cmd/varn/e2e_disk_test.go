package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestE2EFullDisk puts the vault on a small tmpfs and fills the file
// system while `varn record import` runs: the import stops with a clear
// one-line message, the batches already committed are whole, the vault
// still opens and verifies, and once space is freed the import completes.
// It needs root (to mount a tmpfs) and skips otherwise.
func TestE2EFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the full-disk test mounts a tmpfs and needs root")
	}
	w := newWorld(t)
	mnt := filepath.Join(w.root, "small")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=96m,mode=0700", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s): skipping the full-disk test", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", mnt, err, out)
		}
	})
	w.vault = filepath.Join(mnt, "vault")
	w.initVault("")

	// Leave a little more than the 64 MiB reserve free: the import runs
	// into it part way.
	var st syscall.Statfs_t
	if err := syscall.Statfs(mnt, &st); err != nil {
		t.Fatal(err)
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	filler := filepath.Join(mnt, "filler")
	if err := os.WriteFile(filler, make([]byte, free-(64<<20)-(3<<20)), 0o600); err != nil {
		t.Fatal(err)
	}
	var jl bytes.Buffer
	const total = 20000
	for i := range total {
		jl.WriteString(obsJSON(fmt.Sprintf("Rad %05d av importen", i)))
		jl.WriteByte('\n')
	}
	file := filepath.Join(w.root, "import.jsonl")
	if err := os.WriteFile(file, jl.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := w.varn("", "record", "import", file, "--vault", w.vault, "-i", w.idFile)
	t.Logf("import on a nearly full disk: exit %d: %s%s", code, out, errs)
	if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "not enough free disk space") ||
		!strings.Contains(errs, "records were imported; import the rest again") {
		t.Fatalf("import on a nearly full disk: exit %d, stdout %q, stderr %q", code, out, errs)
	}

	// Free the space: the vault opens, holds whole batches, verifies.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	n := checkAfterCrash(t, w, total)
	t.Logf("after the refused import the vault holds %d of %d records (whole batches), log intact", n, total)
	if n == total {
		t.Fatalf("the import was not refused part way: all %d records are there", n)
	}
	// The rest goes in once there is room.
	var rest bytes.Buffer
	for i := n; i < total; i++ {
		rest.WriteString(obsJSON(fmt.Sprintf("Rad %05d av importen", i)))
		rest.WriteByte('\n')
	}
	w.must(rest.String(), "record", "import", "-")
	if got := checkAfterCrash(t, w, total); got != total {
		t.Fatalf("after freeing space and importing the rest: %d records, want %d", got, total)
	}
}
