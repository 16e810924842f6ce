// Package e2e drives the real varn binary in tmux on a temporary vault:
// the terminal app as a user meets it, keys in and screen text out.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"
)

// setup builds varn, makes a demo vault and an X25519 identity that
// unlocks it (so the app opens without scrypt's second or two), and
// returns the command line that starts the app.
func setup(t *testing.T) (tm *tmux, cmdline string, vaultDir string) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end test of the terminal app needs it (apt-get install tmux)")
	}
	dir := t.TempDir()
	bin, err := buildVarn()
	if err != nil {
		t.Skipf("cannot build ../../cmd/varn, skipping the end-to-end test: %v", err)
	}
	home := filepath.Join(dir, "home")
	vaultDir = filepath.Join(dir, "vault")
	env := []string{"HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"), "LANG=en_GB.UTF-8", "TERM=xterm-256color", "PATH=" + os.Getenv("PATH")}
	run := func(args ...string) {
		t.Helper()
		c := exec.Command(bin, args...)
		c.Env = env
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("varn %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("demo", "--vault", vaultDir)
	var id *age.X25519Identity
	id, err = age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	idFile := filepath.Join(dir, "id.txt")
	pf := filepath.Join(dir, "pass")
	if err := os.WriteFile(idFile, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pf, []byte("varn-demo-fiktiv\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run("recipients", "add", id.Recipient().String(), "--label", "e2e", "--vault", vaultDir, "--passphrase-file", pf)
	tm = &tmux{t: t, sock: fmt.Sprintf("varn-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	t.Cleanup(tm.stop)
	cmdline = "exec env -i " + quoteAll(env) + " " + bin + " --vault " + vaultDir + " -i " + idFile
	return tm, cmdline, vaultDir
}

var build struct {
	once sync.Once
	bin  string
	err  error
}

// buildVarn builds the binary once for all tests; VARN_E2E_BIN names a
// binary to test instead.
func buildVarn() (string, error) {
	build.once.Do(func() {
		if b := os.Getenv("VARN_E2E_BIN"); b != "" {
			build.bin = b
			return
		}
		dir, err := os.MkdirTemp("", "varn-e2e-bin")
		if err != nil {
			build.err = err
			return
		}
		build.bin = filepath.Join(dir, "varn")
		if out, err := exec.Command("go", "build", "-o", build.bin, "../../cmd/varn").CombinedOutput(); err != nil {
			build.err = fmt.Errorf("%v\n%s", err, out)
		}
	})
	return build.bin, build.err
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, " ")
}

type tmux struct {
	t    *testing.T
	sock string
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// stop ends the tmux server and waits for varn to exit: killing the
// server hangs up on varn, which then seals a draft into its state
// directory, and the temporary directory must not be removed under it.
func (tm *tmux) stop() {
	out, _ := exec.Command("tmux", "-L", tm.sock, "display-message", "-p", "-t", "app", "#{pane_pid} #{pane_dead}").Output()
	_ = exec.Command("tmux", "-L", tm.sock, "kill-server").Run()
	f := strings.Fields(string(out))
	if len(f) != 2 || f[1] == "1" {
		return
	}
	pid, err := strconv.Atoi(f[0])
	if err != nil {
		return
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if syscall.Kill(pid, 0) != nil {
			return
		}
	}
	tm.t.Errorf("varn (pid %d) still running 5 s after its terminal went away", pid)
}

func (tm *tmux) start(w, h int, cmdline string) {
	tm.run("new-session", "-d", "-s", "app", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), cmdline)
	tm.run("set-option", "-t", "app", "remain-on-exit", "on")
}

func (tm *tmux) keys(ks ...string) { tm.run(append([]string{"send-keys", "-t", "app"}, ks...)...) }

// text types s literally.
func (tm *tmux) text(s string) { tm.run("send-keys", "-t", "app", "-l", s) }

func (tm *tmux) screen() string { return tm.run("capture-pane", "-p", "-t", "app") }

// waitFor waits until the screen shows want.
func (tm *tmux) waitFor(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := tm.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (tm *tmux) pid() int {
	tm.t.Helper()
	n, err := strconv.Atoi(strings.TrimSpace(tm.run("display-message", "-p", "-t", "app", "#{pane_pid}")))
	if err != nil {
		tm.t.Fatal(err)
	}
	return n
}

func (tm *tmux) dead() bool {
	return strings.TrimSpace(tm.run("display-message", "-p", "-t", "app", "#{pane_dead}")) == "1"
}

func TestAddFindAuditLockQuit(t *testing.T) {
	tm, cmdline, _ := setup(t)
	tm.start(120, 40, cmdline)
	tm.waitFor("Situational picture")
	// Add an observation through the form: the summary is the 11th field.
	tm.keys("n")
	tm.waitFor("New observation")
	for range 10 {
		tm.keys("Tab")
	}
	tm.text("Slagord målade på Ekbackens skolgård")
	tm.keys("C-s")
	tm.waitFor("Version")
	// Find it by search.
	tm.keys("Escape")
	time.Sleep(100 * time.Millisecond)
	tm.keys("/")
	tm.text("ekbackens")
	s := tm.waitFor("1 of ")
	if !strings.Contains(s, "Slagord målade") {
		t.Fatalf("search did not find the new observation:\n%s", s)
	}
	tm.keys("Enter")
	// See it in the audit trail.
	tm.keys("5")
	s = tm.waitFor("Log verified")
	if !strings.Contains(s, "Create") {
		t.Fatalf("audit trail has no create event:\n%s", s)
	}
	// Lock by :lock: record data leaves the screen.
	tm.keys(":")
	tm.text("lock")
	tm.keys("Enter")
	s = tm.waitFor("locked")
	if strings.Contains(s, "Slagord") || strings.Contains(s, "Demokommun") {
		t.Fatalf("locked screen still shows vault data:\n%s", s)
	}
	// Quit.
	tm.keys("C-c")
	deadline := time.Now().Add(5 * time.Second)
	for !tm.dead() {
		if time.Now().After(deadline) {
			t.Fatalf("varn did not exit:\n%s", tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if s := tm.screen(); strings.Contains(s, "Slagord") || strings.Contains(s, "Passphrase") {
		t.Fatalf("screen not cleared on exit:\n%s", s)
	}
}

// SIGHUP (the SSH connection dropped) while a form has unsaved changes:
// varn saves the form as a sealed draft, closes the vault and exits
// within 2 s; the next unlock offers the draft.
func TestHangupSavesDraft(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			tm, cmdline, _ := setup(t)
			tm.start(100, 30, cmdline)
			tm.waitFor("Situational picture")
			tm.keys("n")
			tm.waitFor("New observation")
			for range 10 {
				tm.keys("Tab")
			}
			tm.text("Halvskriven uppgift")
			tm.waitFor("Halvskriven")
			pid := tm.pid()
			start := time.Now()
			if err := syscall.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
			for !tm.dead() {
				if time.Since(start) > 2*time.Second {
					t.Fatalf("varn still running 2 s after %v", sig)
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Logf("exited %v after %v", sig, time.Since(start))
			tm.run("respawn-pane", "-k", "-t", "app", cmdline)
			s := tm.waitFor("draft")
			if !strings.Contains(s, "ctrl+r") {
				t.Logf("screen:\n%s", s)
			}
			tm.keys("C-r")
			tm.waitFor("Halvskriven")
		})
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if build.bin != "" && os.Getenv("VARN_E2E_BIN") == "" {
		_ = os.RemoveAll(filepath.Dir(build.bin))
	}
	os.Exit(code)
}
