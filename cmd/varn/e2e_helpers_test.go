package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"

	"varn/cmd/internal/tmuxtest"
)

// The end-to-end tests run the real binary, built once per test binary
// (on first use, so unit-test runs that skip them pay nothing).
var (
	e2eBuildDir  string
	e2eBuildOnce sync.Once
	e2eBin       string
	e2eBuildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if e2eBuildDir != "" {
		os.RemoveAll(e2eBuildDir)
	}
	removeE2EUser()
	os.Exit(code)
}

// soak reports whether the long fault runs were asked for (VARN_SOAK=1).
func soak() bool { return os.Getenv("VARN_SOAK") == "1" }

// varnBinary returns the path of the varn binary under test: $VARN_E2E_BIN,
// or one built from this package with `go build`. It skips the test when
// neither is possible.
func varnBinary(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("VARN_E2E_BIN"); b != "" {
		return b
	}
	e2eBuildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			e2eBuildErr = fmt.Errorf("the go tool is not on PATH")
			return
		}
		e2eBuildDir, err = os.MkdirTemp("", "varn-e2e-bin-")
		if err != nil {
			e2eBuildErr = err
			return
		}
		bin := filepath.Join(e2eBuildDir, "varn")
		cmd := exec.Command(goTool, "build", "-trimpath", "-o", bin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			e2eBuildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		e2eBin = bin
	})
	if e2eBuildErr != nil {
		t.Skipf("end-to-end test skipped: cannot build varn: %v", e2eBuildErr)
	}
	return e2eBin
}

// world is a private HOME, state directory, TMPDIR and working directory
// for runs of the real binary.
type world struct {
	t       *testing.T
	bin     string
	root    string
	home    string
	tmpdir  string
	cwd     string
	vault   string
	idFile  string
	recip   string
	env     []string
	timeout time.Duration
	// user, when not nil, is the unprivileged account every run of the
	// binary uses; the world's files are given to it before each run.
	user *e2eUser
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldIn(t, t.TempDir(), varnBinary(t))
}

// newWorldAs returns a world whose runs of the binary are made as u, or
// newWorld(t) when u is nil (the tests do not run as root). The world
// and a copy of the binary live in a directory of u's, so u can reach
// them; it is removed when the test ends.
func newWorldAs(t *testing.T, u *e2eUser) *world {
	t.Helper()
	if u == nil {
		return newWorld(t)
	}
	bin := varnBinary(t)
	root, err := os.MkdirTemp(u.base, "world-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	copyBin := filepath.Join(root, "bin", "varn")
	if err := os.MkdirAll(filepath.Dir(copyBin), 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyBin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	w := newWorldIn(t, root, copyBin)
	w.user = u
	w.chownAll()
	return w
}

// chownAll gives every file of the world to its user (files the test
// wrote as root included); without a user it does nothing.
func (w *world) chownAll() {
	if w.user == nil {
		return
	}
	err := filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, int(w.user.uid), int(w.user.gid))
	})
	if err != nil {
		w.t.Fatalf("giving the world's files to %s: %v", w.user.name, err)
	}
}

// shellPrefix is the start of a tmux command line that runs the rest as
// the world's user ("" without one); it gives the world's files to the
// user first.
func (w *world) shellPrefix() string {
	if w.user == nil {
		return ""
	}
	w.chownAll()
	return shellJoin(w.user.setpriv) + " "
}

func newWorldIn(t *testing.T, root, bin string) *world {
	t.Helper()
	w := &world{t: t, bin: bin, root: root, timeout: 60 * time.Second}
	w.home = filepath.Join(w.root, "home")
	w.tmpdir = filepath.Join(w.root, "tmp")
	w.cwd = filepath.Join(w.root, "cwd")
	w.vault = filepath.Join(w.root, "vault")
	for _, d := range []string{w.home, w.tmpdir, w.cwd} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	w.env = []string{
		"HOME=" + w.home,
		"XDG_STATE_HOME=" + filepath.Join(w.home, "state"),
		"TMPDIR=" + w.tmpdir,
		"LANG=en_GB.UTF-8",
		"PATH=" + os.Getenv("PATH"),
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	w.idFile = filepath.Join(w.root, "id.txt")
	w.recip = id.Recipient().String()
	if err := os.WriteFile(w.idFile, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// cmd returns a command running varn with args in the world.
func (w *world) cmd(stdin string, args ...string) *exec.Cmd {
	c := exec.Command(w.bin, args...)
	c.Env = w.env
	c.Dir = w.cwd
	c.Stdin = strings.NewReader(stdin)
	// A session of its own: no controlling terminal to prompt on, even
	// when the tests run in one.
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if w.user != nil {
		w.chownAll()
		c.SysProcAttr.Credential = &syscall.Credential{Uid: w.user.uid, Gid: w.user.gid, Groups: []uint32{}}
	}
	return c
}

// varn runs the binary to completion and returns its exit code and output.
func (w *world) varn(stdin string, args ...string) (int, string, string) {
	w.t.Helper()
	c := w.cmd(stdin, args...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Start(); err != nil {
		w.t.Fatal(err)
	}
	timer := time.AfterFunc(w.timeout, func() { _ = c.Process.Kill() })
	defer timer.Stop()
	err := c.Wait()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			w.t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	return code, out.String(), errb.String()
}

// must runs varn on the world's vault with its identity and fails the
// test unless it exits 0.
func (w *world) must(stdin string, args ...string) string {
	w.t.Helper()
	args = append(args, "--vault", w.vault, "-i", w.idFile)
	code, out, errs := w.varn(stdin, args...)
	if code != 0 {
		w.t.Fatalf("varn %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// initVault creates the world's vault, unlocked by its X25519 identity
// (no scrypt: fast), and by a passphrase file when pass is not empty.
func (w *world) initVault(pass string) {
	w.t.Helper()
	args := []string{"init", "--municipality", "E2E-kommun", "--vault", w.vault, "-r", w.recip}
	if pass != "" {
		pf := filepath.Join(w.root, "pass")
		if err := os.WriteFile(pf, []byte(pass+"\n"), 0o600); err != nil {
			w.t.Fatal(err)
		}
		args = append(args, "--passphrase-file", pf)
	}
	if code, out, errs := w.varn("", args...); code != 0 {
		w.t.Fatalf("varn init: exit %d\n%s%s", code, out, errs)
	}
}

// alive reports whether pid is a running (not zombie) process.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z' && s[i+2] != 'X'
	}
	return true
}

// tmux is the private tmux server of the tests that drive the app on a
// terminal.
type tmux = tmuxtest.Server

func newTmux(t *testing.T) *tmux { return tmuxtest.New(t) }

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func shellJoin(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = shellQuote(s)
	}
	return strings.Join(q, " ")
}

// runOrSignal starts c, which must not have been started, and waits until
// it exits or after has passed; then it sends c sig and waits for it.
// finished says c exited by itself, err is then how (nil for success),
// and took is how long it ran.
func runOrSignal(t *testing.T, c *exec.Cmd, after time.Duration, sig syscall.Signal) (finished bool, err error, took time.Duration) {
	t.Helper()
	began := time.Now()
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err = <-done:
		return true, err, time.Since(began)
	case <-time.After(after):
		_ = c.Process.Signal(sig)
		<-done
		return false, nil, time.Since(began)
	}
}
