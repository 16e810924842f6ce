package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// e2eUser is a throwaway unprivileged account that the SSH and secrets
// tests run varn as when the tests themselves run as root (as CI does):
// the issue wants the session of an unprivileged user, and only a process
// of a user other than root shows from outside whether it is dumpable.
type e2eUser struct {
	name     string
	uid, gid uint32
	// base is a directory of the user's (mode 0711, owned by root) that
	// holds its home and the tests' worlds.
	base string
	// setpriv is the command prefix that runs a command as the user.
	setpriv []string
}

var (
	e2eUserOnce sync.Once
	e2eUserVal  *e2eUser
	e2eUserErr  error
	// e2eUserMade is set when this process created the account (and so
	// removes it at the end).
	e2eUserMade bool
)

// e2eUserPrefix starts the name of every account the tests create; the
// creating process's pid follows, so stale accounts can be recognised.
const e2eUserPrefix = "varn-e2e-"

// unprivilegedUser returns the account to run varn as: nil when the tests
// do not run as root (they then run varn as the current user). As root it
// creates the account varn-e2e-<pid> with useradd, once per test binary,
// after removing accounts left by test processes that no longer run; the
// account is removed by TestMain. When no account can be made it fails
// the test: running the session as root would not test what the issue
// asks.
func unprivilegedUser(t *testing.T) *e2eUser {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	e2eUserOnce.Do(func() { e2eUserVal, e2eUserErr = makeE2EUser() })
	if e2eUserErr != nil {
		t.Fatalf("the tests run as root but cannot make an unprivileged user to run varn as: %v", e2eUserErr)
	}
	return e2eUserVal
}

func makeE2EUser() (*e2eUser, error) {
	for _, tool := range []string{"useradd", "userdel", "setpriv"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("%s is not installed (apt-get install passwd util-linux)", tool)
		}
	}
	removeStaleE2EUsers()
	base, err := os.MkdirTemp("", "varn-e2e-user-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(base, 0o711); err != nil {
		os.RemoveAll(base)
		return nil, err
	}
	name := e2eUserPrefix + strconv.Itoa(os.Getpid())
	home := base + "/home"
	// -p '*': no password, but not locked (sshd refuses locked accounts
	// even for key logins).
	out, err := exec.Command("useradd", "--system", "--user-group", "--no-create-home",
		"--home-dir", home, "--shell", "/bin/sh", "-p", "*", name).CombinedOutput()
	if err != nil {
		os.RemoveAll(base)
		return nil, fmt.Errorf("useradd %s: %v: %s", name, err, bytes.TrimSpace(out))
	}
	e2eUserMade = true
	u := &e2eUser{name: name, base: base}
	uid, gid, err := lookupIDs(name)
	if err != nil {
		removeE2EUserNamed(name)
		os.RemoveAll(base)
		return nil, err
	}
	u.uid, u.gid = uid, gid
	if err := os.Mkdir(home, 0o700); err != nil {
		removeE2EUserNamed(name)
		os.RemoveAll(base)
		return nil, err
	}
	if err := os.Chown(home, int(uid), int(gid)); err != nil {
		removeE2EUserNamed(name)
		os.RemoveAll(base)
		return nil, err
	}
	u.setpriv = []string{"setpriv", "--reuid=" + strconv.Itoa(int(uid)), "--regid=" + strconv.Itoa(int(gid)), "--clear-groups"}
	return u, nil
}

// lookupIDs reads name's uid and gid from /etc/passwd.
func lookupIDs(name string) (uid, gid uint32, err error) {
	out, err := exec.Command("id", "-u", name).Output()
	if err != nil {
		return 0, 0, fmt.Errorf("id -u %s: %v", name, err)
	}
	u, err := strconv.ParseUint(strings.TrimSpace(string(out)), 10, 32)
	if err != nil {
		return 0, 0, err
	}
	out, err = exec.Command("id", "-g", name).Output()
	if err != nil {
		return 0, 0, fmt.Errorf("id -g %s: %v", name, err)
	}
	g, err := strconv.ParseUint(strings.TrimSpace(string(out)), 10, 32)
	if err != nil {
		return 0, 0, err
	}
	if u == 0 || g == 0 {
		return 0, 0, fmt.Errorf("%s has uid %d gid %d", name, u, g)
	}
	return uint32(u), uint32(g), nil
}

// removeStaleE2EUsers removes the accounts varn-e2e-<pid> whose test
// process no longer runs (one killed before its TestMain could clean up).
func removeStaleE2EUsers() {
	f, err := os.Open("/etc/passwd")
	if err != nil {
		return
	}
	defer f.Close()
	var stale []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, _, _ := strings.Cut(sc.Text(), ":")
		pid, err := strconv.Atoi(strings.TrimPrefix(name, e2eUserPrefix))
		if !strings.HasPrefix(name, e2eUserPrefix) || err != nil {
			continue
		}
		if pid != os.Getpid() && !alive(pid) {
			stale = append(stale, name)
		}
	}
	for _, name := range stale {
		removeE2EUserNamed(name)
	}
}

// removeE2EUser removes the account this process made and its directory.
func removeE2EUser() {
	if !e2eUserMade || e2eUserVal == nil {
		return
	}
	removeE2EUserNamed(e2eUserVal.name)
	os.RemoveAll(e2eUserVal.base)
}

func removeE2EUserNamed(name string) {
	// -f: even if a test that failed half-way left a session behind.
	if out, err := exec.Command("userdel", "-f", name).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "varn e2e: cannot remove the test user %s: %v: %s\n", name, err, bytes.TrimSpace(out))
	}
}

// procUID returns the real uid of the running process pid.
func procUID(t *testing.T, pid int) uint32 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Uid:\s+(\d+)\s`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no Uid line in /proc/%d/status", pid)
	}
	n, _ := strconv.ParseUint(string(m[1]), 10, 32)
	return uint32(n)
}

// procOwner returns the owner of /proc/<pid>/status: the process's own
// uid, or root when the process is not dumpable (proc(5)).
func procOwner(t *testing.T, pid int) uint32 {
	t.Helper()
	fi, err := os.Stat(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t).Uid
}

var coreLimitZero = regexp.MustCompile(`(?m)^Max core file size\s+0\s+0\s`)

// checkProcessSecrets checks the running varn process pid from outside:
// RLIMIT_CORE is 0 (soft and hard); it is not dumpable, shown by root
// owning its /proc files although it runs as another user — with a
// control process of the same user whose files that user owns; and no
// secret is in its command line or environment. It returns what it
// checked, for the log.
func checkProcessSecrets(t *testing.T, pid int, secrets ...string) string {
	t.Helper()
	limits, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", pid))
	if err != nil {
		t.Fatal(err)
	}
	if !coreLimitZero.Match(limits) {
		t.Fatalf("core dumps are not off in the running app (pid %d):\n%s", pid, limits)
	}
	did := []string{"RLIMIT_CORE 0/0"}
	uid := procUID(t, pid)
	if uid == 0 {
		// Root owns a root process's /proc files either way.
		t.Logf("pid %d runs as root: whether it is dumpable cannot be seen from outside", pid)
	} else {
		if o := procOwner(t, pid); o != 0 {
			t.Fatalf("the app (pid %d, uid %d) is dumpable: /proc/%d/status is owned by uid %d, not root", pid, uid, pid, o)
		}
		// Control: an ordinary process of the same user owns its files.
		ctl := exec.Command("sleep", "10")
		if os.Geteuid() == 0 {
			ctl.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid, Groups: []uint32{}}}
			if gid, err := procGID(pid); err == nil {
				ctl.SysProcAttr.Credential.Gid = gid
			}
		}
		if err := ctl.Start(); err != nil {
			t.Fatal(err)
		}
		o := procOwner(t, ctl.Process.Pid)
		// Another process of the same user cannot read the app's
		// environment (a ptrace access check) but can read the control's.
		readAs := func(target int) error {
			c := exec.Command("cat", fmt.Sprintf("/proc/%d/environ", target))
			c.SysProcAttr = ctl.SysProcAttr
			return c.Run()
		}
		appErr, ctlErr := readAs(pid), readAs(ctl.Process.Pid)
		// The same user's process cannot attach to the app with
		// PTRACE_ATTACH (as a debugger would) but can to the control.
		appTrace, ctlTrace := ptraceAs(t, ctl.SysProcAttr, pid), ptraceAs(t, ctl.SysProcAttr, ctl.Process.Pid)
		_ = ctl.Process.Kill()
		_ = ctl.Wait()
		if o != uid {
			t.Fatalf("control failed: /proc of a plain process of uid %d is owned by %d", uid, o)
		}
		did = append(did, fmt.Sprintf("not dumpable (/proc owned by root, app uid %d; control process owned by %d)", uid, o))
		if appErr == nil {
			t.Fatalf("a process of uid %d read the environment of the app (pid %d)", uid, pid)
		}
		if ctlErr != nil {
			t.Fatalf("control failed: a process of uid %d cannot read the environment of its own plain process: %v", uid, ctlErr)
		}
		did = append(did, "another process of the same user cannot read its /proc/<pid>/environ (control can)")
		if ctlTrace != "ok" {
			t.Fatalf("control failed: a process of uid %d cannot PTRACE_ATTACH to its own plain process: %s", uid, ctlTrace)
		}
		if appTrace == "ok" {
			t.Fatalf("a process of uid %d attached to the app (pid %d) with PTRACE_ATTACH", uid, pid)
		}
		did = append(did, fmt.Sprintf("PTRACE_ATTACH by another process of the same user refused (%s; control attached)", appTrace))
	}
	for _, f := range []string{"cmdline", "environ"} {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/%s", pid, f))
		if errors.Is(err, fs.ErrPermission) && os.Geteuid() != 0 {
			// Not dumpable: only root may look; nobody else sees it either.
			did = append(did, f+" unreadable to this user")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 {
			t.Fatalf("/proc/%d/%s is empty: the check would prove nothing", pid, f)
		}
		for _, s := range append([]string{"AGE-SECRET-KEY-", "AGE-PLUGIN-"}, secrets...) {
			if bytes.Contains(b, []byte(s)) {
				t.Fatalf("/proc/%d/%s holds the secret %q: %q", pid, f, s, b)
			}
		}
	}
	did = append(did, fmt.Sprintf("no secret (%d strings) in what could be read of cmdline and environ", len(secrets)+2))
	return strings.Join(did, "; ")
}

// ptraceAs runs this test binary's TestPtraceHelperProcess with the
// credentials of attr to try PTRACE_ATTACH on pid, and returns "ok" or
// the error it got. The binary is copied where that user can run it.
func ptraceAs(t *testing.T, attr *syscall.SysProcAttr, pid int) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "varn-ptrace-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "helper.test")
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	c := exec.Command(bin, "-test.run", "^TestPtraceHelperProcess$")
	c.Dir = dir
	c.Env = []string{"PATH=/usr/bin:/bin", "VARN_PTRACE_PID=" + strconv.Itoa(pid)}
	c.SysProcAttr = attr
	out, err := c.CombinedOutput()
	m := regexp.MustCompile(`ptrace-attach: (.*)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("the ptrace helper said nothing (%v):\n%s", err, out)
	}
	return string(m[1])
}

// TestPtraceHelperProcess is not a test of its own: ptraceAs runs the test
// binary as another user to try PTRACE_ATTACH on $VARN_PTRACE_PID, then
// detach; it prints what happened.
func TestPtraceHelperProcess(t *testing.T) {
	pid, err := strconv.Atoi(os.Getenv("VARN_PTRACE_PID"))
	if err != nil {
		t.Skip("run by ptraceAs only")
	}
	runtime.LockOSThread() // every ptrace call from the same thread
	if err := syscall.PtraceAttach(pid); err != nil {
		fmt.Printf("ptrace-attach: %v\n", err)
		return
	}
	fmt.Println("ptrace-attach: ok")
	// Let the process go on: wait for the stop the attach caused, detach.
	var ws syscall.WaitStatus
	syscall.Wait4(pid, &ws, syscall.WALL, nil)
	syscall.PtraceDetach(pid)
}

// procGID returns the real gid of the running process pid.
func procGID(pid int) (uint32, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	m := regexp.MustCompile(`(?m)^Gid:\s+(\d+)\s`).FindSubmatch(b)
	if m == nil {
		return 0, fmt.Errorf("no Gid line")
	}
	n, err := strconv.ParseUint(string(m[1]), 10, 32)
	return uint32(n), err
}

// idSecret returns the secret key in the world's identity file.
func idSecret(t *testing.T, w *world) string {
	t.Helper()
	b, err := os.ReadFile(w.idFile)
	if err != nil {
		t.Fatal(err)
	}
	k := strings.TrimSpace(string(b))
	if !strings.HasPrefix(k, "AGE-SECRET-KEY-") {
		t.Fatalf("the identity file holds no secret key")
	}
	return k
}
