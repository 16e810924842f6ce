// Package tmuxtest runs programs in a private tmux server for end-to-end
// tests: start a session at a fixed size, send keys, read the screen.
package tmuxtest

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Server is a private tmux server, killed when the test ends.
type Server struct {
	t    testing.TB
	sock string
}

// New starts using a private tmux server for t, or skips t when tmux is
// not installed.
func New(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: this end-to-end test needs it (apt-get install tmux)")
	}
	s := &Server{t: t, sock: fmt.Sprintf("varn-e2e-%d-%d", os.Getpid(), time.Now().UnixNano())}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.sock, "kill-server").Run() })
	return s
}

// Run runs a tmux command on the server and returns its output; it fails
// the test if tmux fails.
func (s *Server) Run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Start starts cmdline (run by the shell) in a new detached session of
// w×h cells; the pane stays after the program exits.
func (s *Server) Start(name string, w, h int, cmdline string) {
	s.t.Helper()
	s.Run("new-session", "-d", "-s", name, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), cmdline)
	s.Run("set-option", "-t", name, "remain-on-exit", "on")
}

// Keys sends keys by tmux name ("Enter", "Escape", "C-s", "q").
func (s *Server) Keys(name string, keys ...string) {
	s.t.Helper()
	s.Run(append([]string{"send-keys", "-t", name}, keys...)...)
}

// Text types s literally.
func (s *Server) Text(name, text string) {
	s.t.Helper()
	s.Run("send-keys", "-t", name, "-l", text)
}

// Screen returns what the session's pane shows.
func (s *Server) Screen(name string) string {
	s.t.Helper()
	return s.Run("capture-pane", "-p", "-t", name)
}

// WaitFor waits up to 15 s until the screen shows want, and returns it.
func (s *Server) WaitFor(name, want string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		sc := s.Screen(name)
		if strings.Contains(sc, want) {
			return sc
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("screen never showed %q; it shows:\n%s", want, sc)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Escape sends Escape and waits until gone has left the screen, so that
// the next key is not read together with it as an Alt chord.
func (s *Server) Escape(name, gone string) {
	s.t.Helper()
	s.Keys(name, "Escape")
	deadline := time.Now().Add(10 * time.Second)
	for strings.Contains(s.Screen(name), gone) {
		if time.Now().After(deadline) {
			s.t.Fatalf("after Escape the screen still shows %q:\n%s", gone, s.Screen(name))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Dead reports whether the session's program has exited.
func (s *Server) Dead(name string) bool {
	s.t.Helper()
	return strings.TrimSpace(s.Run("display-message", "-p", "-t", name, "#{pane_dead}")) == "1"
}

// WaitDead waits until the session's program has exited.
func (s *Server) WaitDead(name string, limit time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(limit)
	for !s.Dead(name) {
		if time.Now().After(deadline) {
			s.t.Fatalf("the program in %s did not exit within %v:\n%s", name, limit, s.Screen(name))
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Quote quotes each argument for a POSIX shell and joins them.
func Quote(args ...string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// PanePID returns the process ID of the program in the session's pane.
func (s *Server) PanePID(name string) int {
	s.t.Helper()
	n, err := strconv.Atoi(strings.TrimSpace(s.Run("display-message", "-p", "-t", name, "#{pane_pid}")))
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

// For returns the same server reporting to t (a subtest): failures of its
// calls then fail t.
func (s *Server) For(t testing.TB) *Server { return &Server{t: t, sock: s.sock} }

// Kill ends a session, ignoring errors (the test may be failing already).
func (s *Server) Kill(name string) {
	_ = exec.Command("tmux", "-L", s.sock, "kill-session", "-t", name).Run()
}
