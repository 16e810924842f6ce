package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sshServer is a real OpenSSH sshd on 127.0.0.1 with its own host key and
// config, started by the test. Logins are as the unprivileged test user
// when the tests run as root, else as the current user.
type sshServer struct {
	t      *testing.T
	dir    string
	port   int
	user   string
	client string // private key of the client
}

// startSSHD starts sshd for logins as u (nil: the current user) or skips
// the test when OpenSSH is not installed.
func startSSHD(t *testing.T, u *e2eUser) *sshServer {
	t.Helper()
	sshd := "/usr/sbin/sshd"
	if _, err := os.Stat(sshd); err != nil {
		p, err := exec.LookPath("sshd")
		if err != nil {
			t.Skip("OpenSSH server (sshd) is not installed: the SSH tests need it (apt-get install openssh-server openssh-client)")
		}
		sshd = p
	}
	for _, tool := range []string{"ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the SSH tests need it (apt-get install openssh-client)", tool)
		}
	}
	// sshd insists on its privilege separation directory.
	if _, err := os.Stat("/run/sshd"); err != nil {
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			t.Skipf("sshd needs /run/sshd, which cannot be created here: %v", err)
		}
	}
	s := &sshServer{t: t, dir: t.TempDir()}
	// The key of the client, allowed to log in; as u, sshd reads it as u.
	authKeys := filepath.Join(s.dir, "authorized_keys")
	if u != nil {
		s.user = u.name
		d, err := os.MkdirTemp(u.base, "sshd-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		if err := os.Chown(d, int(u.uid), int(u.gid)); err != nil {
			t.Fatal(err)
		}
		authKeys = filepath.Join(d, "authorized_keys")
	} else {
		cur, err := user.Current()
		if err != nil {
			t.Fatal(err)
		}
		s.user = cur.Username
	}
	keygen := func(name string) {
		out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "varn-e2e", "-f", filepath.Join(s.dir, name)).CombinedOutput()
		if err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
	}
	keygen("host_key")
	keygen("client_key")
	s.client = filepath.Join(s.dir, "client_key")
	pub, err := os.ReadFile(s.client + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(authKeys, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	if u != nil {
		if err := os.Chown(authKeys, int(u.uid), int(u.gid)); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	cfg := fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile %s
AuthorizedKeysFile %s
StrictModes no
UsePAM no
PermitRootLogin yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitUserEnvironment no
X11Forwarding no
AllowTcpForwarding no
ClientAliveInterval 0
LogLevel ERROR
`, s.port, filepath.Join(s.dir, "host_key"), filepath.Join(s.dir, "sshd.pid"), authKeys)
	cfgFile := filepath.Join(s.dir, "sshd_config")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sshd, "-D", "-e", "-f", cfgFile)
	var logb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logb, &logb
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start sshd: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(3 * time.Second):
			_ = cmd.Process.Kill()
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			t.Skipf("sshd exited at start (not usable here): %s", logb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd does not listen on port %d: %s", s.port, logb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A first login proves the server works for this user, and that the
	// session is not root's when the tests run as root.
	out, err := exec.Command("ssh", append(s.sshArgs(false), "echo ssh-ok uid=$(id -u)")...).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ssh-ok") {
		t.Fatalf("cannot log in to the test sshd: %v\n%s\nsshd: %s", err, out, logb.String())
	}
	want := fmt.Sprintf("uid=%d", os.Getuid())
	if u != nil {
		want = fmt.Sprintf("uid=%d", u.uid)
	}
	if !strings.Contains(string(out), want) {
		t.Fatalf("the SSH session runs as %q, want %s", strings.TrimSpace(string(out)), want)
	}
	t.Logf("sshd on 127.0.0.1:%d, own host key and config; sessions log in as %s (%s)", s.port, s.user, want)
	return s
}

// sshArgs are the client's arguments up to the remote command.
func (s *sshServer) sshArgs(tty bool) []string {
	a := []string{"-F", "/dev/null", "-i", s.client, "-p", strconv.Itoa(s.port),
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR"}
	if tty {
		a = append(a, "-tt")
	}
	return append(a, s.user+"@127.0.0.1")
}

// appOverSSH returns the tmux command line that logs in with ssh -tt and
// runs the app on the world's vault in the remote pty, with the given
// extra environment; the app's pid is written to pidFile.
func (s *sshServer) appOverSSH(w *world, pidFile string, extraEnv ...string) string {
	w.chownAll()
	envs := append(append([]string(nil), w.env...), extraEnv...)
	remote := "echo $$ > " + shellQuote(pidFile) + " && exec env -i " + shellJoin(envs) + " " +
		shellJoin([]string{w.bin, "--vault", w.vault, "-i", w.idFile})
	return "exec " + shellJoin(append(append([]string{"ssh"}, s.sshArgs(true)...), remote))
}

func readPID(t *testing.T, file string) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(file)
		if n, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil && n > 0 {
			return n
		}
		if time.Now().After(deadline) {
			t.Fatalf("the remote app never wrote its pid to %s", file)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// TestE2ESSHDropMidEdit runs the app in the pty of a real SSH session (of
// an unprivileged user when the tests run as root), checks the running
// process from outside (no core dumps, not dumpable, no key material in
// its command line or environment), opens a form, types, and drops the
// connection by killing the ssh client: the app exits within 2 s, the
// vault is free again, and the next login offers the draft.
func TestE2ESSHDropMidEdit(t *testing.T) {
	u := unprivilegedUser(t)
	s := startSSHD(t, u)
	tm := newTmux(t)
	w := newWorldAs(t, u)
	w.initVault("")
	w.must(obsJSON("Befintlig uppgift"), "record", "add", "observation", "--json", "-")
	pidFile := filepath.Join(w.root, "app.pid")
	cmdline := s.appOverSSH(w, pidFile, "TERM=xterm-256color")

	tm.Start("ssh", 100, 30, cmdline)
	tm.WaitFor("ssh", "Situational picture")
	app := readPID(t, pidFile)
	// The process in the SSH session: core dumps off, not dumpable, no
	// key material in its command line or environment.
	t.Logf("app pid %d over SSH: %s", app, checkProcessSecrets(t, app, idSecret(t, w)))
	tm.Keys("ssh", "n")
	tm.WaitFor("ssh", "New observation")
	for range 10 {
		tm.Keys("ssh", "Tab")
	}
	tm.Text("ssh", "Halvskriven över ssh")
	tm.WaitFor("ssh", "Halvskriven över ssh")
	// The app holds the vault: a second process is told who has it.
	if code, _, errs := w.varn("", "record", "list", "--vault", w.vault, "-i", w.idFile); code != 1 || !strings.Contains(errs, "vault is in use by ") {
		t.Fatalf("second process while the app runs: exit %d, %q", code, errs)
	}

	client := tm.PanePID("ssh")
	start := time.Now()
	if err := syscall.Kill(client, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for alive(app) {
		if time.Since(start) > 2*time.Second {
			t.Fatalf("the app (pid %d) still runs 2 s after the SSH connection dropped", app)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("connection dropped: the app exited after %v", time.Since(start).Round(time.Millisecond))
	if code, _, errs := w.varn("", "record", "list", "--vault", w.vault, "-i", w.idFile); code != 0 {
		t.Fatalf("the vault is still locked after the app exited: %q", errs)
	}

	// Next login: the draft is offered and restores the text.
	os.Remove(pidFile)
	tm.Start("ssh2", 100, 30, cmdline)
	tm.WaitFor("ssh2", "draft")
	tm.Keys("ssh2", "C-r")
	tm.WaitFor("ssh2", "Halvskriven över ssh")
	tm.Keys("ssh2", "C-c")
	tm.WaitFor("ssh2", "Quit anyway?")
	tm.Keys("ssh2", "y")
	tm.WaitDead("ssh2", 10*time.Second)
}

// TestE2ESSHTerminals runs the app over SSH with several terminal types
// and NO_COLOR, resizing the window while it runs: every tab title is on
// the screen each time, and with NO_COLOR no colour is drawn.
func TestE2ESSHTerminals(t *testing.T) {
	u := unprivilegedUser(t)
	s := startSSHD(t, u)
	tm := newTmux(t)
	w := newWorldAs(t, u)
	w.initVault("")
	w.must(obsJSON("Uppgift för terminaltestet"), "record", "add", "observation", "--json", "-")
	// At 80 columns the longer tab titles are shortened.
	short := []string{"1 Situation", "3 Cases", "5 Audit trail", "6 Exchange"}
	tabs := []string{"1 Situation", "2 Prevention pyramid", "3 Cases", "4 Collaboration", "5 Audit trail", "6 Exchange"}
	tests := []struct {
		name string
		env  []string
	}{
		{"xterm", []string{"TERM=xterm"}},
		{"screen-256color", []string{"TERM=screen-256color"}},
		{"vt100", []string{"TERM=vt100"}},
		{"NO_COLOR", []string{"TERM=xterm-256color", "NO_COLOR=1"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tm := tm.For(t)
			name := fmt.Sprintf("term%d", i)
			pidFile := filepath.Join(w.root, name+".pid")
			tm.Start(name, 80, 24, s.appOverSSH(w, pidFile, tt.env...))
			t.Cleanup(func() {
				// A failed case must not leave the vault held for the next.
				if t.Failed() {
					tm.Kill(name)
				}
			})
			tm.WaitFor(name, "Situational picture")
			for _, size := range [][2]int{{80, 24}, {120, 40}, {100, 30}} {
				tm.Run("resize-window", "-t", name, "-x", strconv.Itoa(size[0]), "-y", strconv.Itoa(size[1]))
				want := tabs
				if size[0] < 100 {
					want = short
				}
				scr := waitAll(t, tm, name, append(want, "Situational picture"))
				if n := len(strings.Split(strings.TrimRight(scr, "\n"), "\n")); n > size[1] {
					t.Fatalf("%dx%d: %d lines captured", size[0], size[1], n)
				}
				c := colours(tm.Run("capture-pane", "-e", "-p", "-t", name))
				switch tt.name {
				case "NO_COLOR":
					if c != "" {
						t.Errorf("NO_COLOR=1 but the screen has colour (SGR %s)", c)
					}
				case "screen-256color":
					if c == "" {
						t.Errorf("TERM=screen-256color but the screen has no colour")
					}
				}
			}
			tm.Keys(name, "q")
			tm.WaitDead(name, 10*time.Second)
		})
	}
}

// waitAll waits until the screen shows every one of wants.
func waitAll(t *testing.T, tm *tmux, name string, wants []string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := tm.Screen(name)
		missing := ""
		for _, w := range wants {
			if !strings.Contains(s, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q; it shows:\n%s", missing, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// colours returns the first SGR sequence in s that sets a foreground or
// background colour, or "".
func colours(s string) string {
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			return ""
		}
		s = s[i+2:]
		j := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' && r != ';' })
		if j < 0 {
			return ""
		}
		if s[j] != 'm' {
			continue
		}
		params := strings.Split(s[:j], ";")
		for k := 0; k < len(params); k++ {
			n, _ := strconv.Atoi(params[k])
			switch {
			case n == 38 || n == 48:
				return s[:j+1]
			case n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				return s[:j+1]
			}
		}
	}
}
