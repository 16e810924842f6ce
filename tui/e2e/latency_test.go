//go:build linux

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/sys/unix"

	"varn/model/demo"
)

// latencyRecords is the size of the demo vault the latency test runs on:
// about 100,000 observations besides the measures, cases and meetings.
const latencyRecords = 110_600

// The goals of issue 4, checked by TestPTYLatency.
const (
	goalFirstFrame = 500 * time.Millisecond
	goalKeyP90     = 25 * time.Millisecond
)

// TestPTYLatency starts the real varn binary in a pseudo-terminal (opened
// with /dev/ptmx, no tmux between) on a demo vault of ~100,000
// observations unlocked with an identity file, and measures
//   - the time from starting the process to the first frame after the
//     unlock (the overview, filling in while the vault is read) and to the
//     overview with every observation counted, over VARN_LATENCY_RUNS
//     starts (default 5), reporting medians and the CPU time varn used;
//   - keypress to first output byte for VARN_LATENCY_KEYS navigation keys
//     (default 200: j, k and the arrow keys, every one moving the cursor
//     of the list and most scrolling it), reporting p50/p90/p99 and the
//     bytes written per key;
//   - the memory (resident: anonymous and file-backed) once the overview
//     is complete and after the other screens with data were opened too.
//
// The machine may be shared, so it measures two baselines in the same run
// and judges the goals against them when the machine is too slow to meet
// them at all: `varn identity` (start, unlock the same vault, close, exit)
// for the first frame, and `cat` echoing in the same kind of pty for the
// keys. It takes a minute or more (the vault is made once and kept in the
// temporary directory; VARN_LATENCY_FRESH=1 makes it anew), so it runs
// only with VARN_LATENCY=1 (`make latency`, part of `make bench`).
func TestPTYLatency(t *testing.T) {
	if os.Getenv("VARN_LATENCY") != "1" {
		t.Skip("set VARN_LATENCY=1 (or run `make latency`) to measure the app's latency in a pty on a 100k vault")
	}
	bin, err := buildVarn()
	if err != nil {
		t.Fatalf("cannot build varn: %v", err)
	}
	lv := latencyVault(t, bin)
	nObs := demo.ScaleFor(latencyRecords).Observations
	runs := envInt("VARN_LATENCY_RUNS", 5)
	nKeys := envInt("VARN_LATENCY_KEYS", 200)
	complete := fmt.Sprintf("– %d observations", nObs)

	var firsts, completes, unlocks []time.Duration
	for run := range runs {
		unlocks = append(unlocks, cliUnlock(t, bin, lv))
		p := startPTY(t, bin, lv, 200, 60)
		first := p.waitFor(t, "Situational picture", time.Minute)
		cpuFirst := p.cpu()
		full := p.waitFor(t, complete, 3*time.Minute)
		cpuFull := p.cpu()
		firsts, completes = append(firsts, first), append(completes, full)
		t.Logf("run %d: first frame after unlock %v (varn used %v CPU), complete overview %v (%v CPU); varn identity %v",
			run+1, first.Round(time.Millisecond), cpuFirst, full.Round(time.Millisecond), cpuFull, unlocks[run].Round(time.Millisecond))
		if run < runs-1 {
			p.quit(t)
			continue
		}
		t.Logf("memory with the overview complete: %s", p.memory(t))

		// Key latency in the list, and the same in a pty echoing with cat.
		p.send(t, "f")
		p.settle(300 * time.Millisecond)
		lat, bytesPerKey := keySamples(t, p, nKeys)
		echo := startEcho(t)
		base, _ := keySamples(t, echo, min(nKeys, 100))
		p50, p90, p99 := pct(lat, 50), pct(lat, 90), pct(lat, 99)
		b90 := pct(base, 90)
		t.Logf("keypress to first output byte over %d keys: p50 %v, p90 %v, p99 %v, max %v; bytes per key: median %d, max %d",
			len(lat), p50.Round(10*time.Microsecond), p90.Round(10*time.Microsecond), p99.Round(10*time.Microsecond),
			lat[len(lat)-1].Round(10*time.Microsecond), bytesPerKey[len(bytesPerKey)/2], bytesPerKey[len(bytesPerKey)-1])
		t.Logf("baseline, cat echoing in a pty: p50 %v, p90 %v", pct(base, 50).Round(10*time.Microsecond), b90.Round(10*time.Microsecond))
		if p90 > goalKeyP90 {
			if p90 > b90+goalKeyP90/2 {
				t.Errorf("keypress to first output byte p90 is %v, over the goal of %v and more than %v over cat's %v on this machine now",
					p90, goalKeyP90, goalKeyP90/2, b90)
			} else {
				t.Logf("p90 %v misses the goal of %v, but cat's p90 is %v on this machine now: the machine is too loaded to tell", p90, goalKeyP90, b90)
			}
		}

		// Open the other screens that read records, then measure again.
		for _, tab := range []string{"2", "3", "4"} {
			p.send(t, tab)
			time.Sleep(8 * time.Second)
		}
		t.Logf("memory after opening tabs 2–4 as well: %s", p.memory(t))
		p.quit(t)
	}
	mf, mc, mu := median(firsts), median(completes), median(unlocks)
	t.Logf("median over %d starts: first frame after unlock %v, complete overview of %d observations %v; `varn identity` (start, unlock, close) %v",
		runs, mf.Round(time.Millisecond), nObs, mc.Round(time.Millisecond), mu.Round(time.Millisecond))
	if mf > goalFirstFrame {
		if mf > mu+goalFirstFrame/4 {
			t.Errorf("median first frame after unlock %v, over the goal of %v and more than %v over what unlocking alone takes now (%v)", mf, goalFirstFrame, goalFirstFrame/4, mu)
		} else {
			t.Logf("first frame %v misses the goal of %v, but unlocking alone takes %v on this machine now", mf, goalFirstFrame, mu)
		}
	}
}

// keySamples sends n navigation keys to p (60 down with j and ↓, then 60
// up with k and ↑, and so on) and returns the sorted times to the first
// byte of output and the sorted bytes written per key.
func keySamples(t *testing.T, p *ptyApp, n int) ([]time.Duration, []int) {
	t.Helper()
	keys := []string{"j", "\x1b[B", "k", "\x1b[A"}
	var lat []time.Duration
	var size []int
	for i := range n {
		d, b := p.keyLatency(t, keys[(i/60)%2*2+i%2])
		lat, size = append(lat, d), append(size, b)
	}
	slices.Sort(lat)
	slices.Sort(size)
	return lat, size
}

// cliUnlock times `varn identity` on the vault: start, unlock with the
// identity file, read, close, exit.
func cliUnlock(t *testing.T, bin string, lv lvault) time.Duration {
	t.Helper()
	c := exec.Command(bin, "identity", "--vault", lv.vault, "-i", lv.id)
	c.Env = lv.env
	start := time.Now()
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("varn identity: %v\n%s", err, out)
	}
	return time.Since(start)
}

// startEcho runs cat in a raw pty: the baseline of key latency, what the
// machine and the pty cost without varn.
func startEcho(t *testing.T) *ptyApp {
	t.Helper()
	master, slave, err := openPTY(80, 24)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	cmd := exec.Command("sh", "-c", "stty raw -echo && exec cat")
	return runInPTY(t, cmd, master, slave)
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min((len(sorted)*p+99)/100, len(sorted))-1]
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// lvault is the cached demo vault of the latency test.
type lvault struct {
	dir, vault, id string
	env            []string
}

// latencyVault makes (once; it is kept in the temporary directory) a demo
// vault of latencyRecords records and an X25519 identity that unlocks it.
func latencyVault(t *testing.T, bin string) lvault {
	t.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("varn-latency-%d", latencyRecords))
	if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil && os.Getenv("VARN_LATENCY_FRESH") != "1" {
		return vaultIn(dir)
	}
	return makeVault(t, bin, dir, latencyRecords)
}

// vaultIn describes the demo vault made by makeVault in dir.
func vaultIn(dir string) lvault {
	home := filepath.Join(dir, "home")
	return lvault{dir: dir, vault: filepath.Join(dir, "vault"), id: filepath.Join(dir, "id.txt"),
		env: []string{"HOME=" + home, "XDG_STATE_HOME=" + filepath.Join(home, "state"), "LANG=en_GB.UTF-8", "TERM=xterm-256color", "PATH=" + os.Getenv("PATH")}}
}

// makeVault makes a demo vault of about records records (0: the default
// size) in dir with an X25519 identity that unlocks it.
func makeVault(t *testing.T, bin, dir string, records int) lvault {
	t.Helper()
	lv := vaultIn(dir)
	home := filepath.Join(dir, "home")
	ready := filepath.Join(dir, "ready")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		t.Helper()
		c := exec.Command(bin, args...)
		c.Env = lv.env
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("varn %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	start := time.Now()
	run("demo", "--records", strconv.Itoa(records), "--vault", lv.vault)
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	pf := filepath.Join(dir, "pass")
	if err := os.WriteFile(lv.id, []byte(id.String()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pf, []byte("varn-demo-fiktiv\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run("recipients", "add", id.Recipient().String(), "--label", "latency", "--vault", lv.vault, "--passphrase-file", pf)
	if err := os.WriteFile(ready, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Logf("made a demo vault of %d records in %v (in %s)", records, time.Since(start).Round(time.Second), dir)
	return lv
}

// ptyApp is varn running in a pseudo-terminal. A goroutine reads
// everything it writes, noting when each read returned.
type ptyApp struct {
	master *os.File
	cmd    *exec.Cmd
	start  time.Time
	exited chan struct{}

	mu     sync.Mutex
	chunks []chunk
	text   []byte // everything written, for waitFor
	cond   *sync.Cond
}

type chunk struct {
	at time.Time
	n  int
}

// openPTY opens a pseudo-terminal pair of w×h cells.
func openPTY(w, h int) (master, slave *os.File, err error) {
	fd, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open /dev/ptmx: %w", err)
	}
	fail := func(what string, err error) (*os.File, *os.File, error) {
		unix.Close(fd)
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		return fail("unlock pty", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		return fail("pty number", err)
	}
	name := "/dev/pts/" + strconv.Itoa(n)
	sfd, err := unix.Open(name, unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fail("open "+name, err)
	}
	if err := unix.IoctlSetWinsize(sfd, unix.TIOCSWINSZ, &unix.Winsize{Row: uint16(h), Col: uint16(w)}); err != nil {
		unix.Close(sfd)
		return fail("set window size", err)
	}
	return os.NewFile(uintptr(fd), "/dev/ptmx"), os.NewFile(uintptr(sfd), name), nil
}

func startPTY(t *testing.T, bin string, lv lvault, w, h int, env ...string) *ptyApp {
	t.Helper()
	master, slave, err := openPTY(w, h)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	cmd := exec.Command(bin, "--vault", lv.vault, "-i", lv.id)
	cmd.Env = append(slices.Clone(lv.env), env...)
	return runInPTY(t, cmd, master, slave)
}

// runInPTY starts cmd on the pty's slave side as its controlling terminal.
func runInPTY(t *testing.T, cmd *exec.Cmd, master, slave *os.File) *ptyApp {
	t.Helper()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	p := &ptyApp{master: master, cmd: cmd, exited: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	p.start = time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	slave.Close()
	go func() { _ = cmd.Wait(); close(p.exited) }()
	go p.read()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
		master.Close()
	})
	return p
}

func (p *ptyApp) read() {
	buf := make([]byte, 64<<10)
	for {
		n, err := p.master.Read(buf)
		at := time.Now()
		p.mu.Lock()
		if n > 0 {
			p.chunks = append(p.chunks, chunk{at, n})
			p.text = append(p.text, buf[:n]...)
		}
		p.cond.Broadcast()
		p.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// waitFor waits until the output, stripped of escape sequences, holds
// want, and returns the time from the start of the process to the read
// that brought it.
func (p *ptyApp) waitFor(t *testing.T, want string, limit time.Duration) time.Duration {
	t.Helper()
	return p.waitForAfter(t, 0, want, limit)
}

// mark returns how much output there is so far, for waitForAfter.
func (p *ptyApp) mark() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.text)
}

// waitForAfter is waitFor looking only at the output after mark (the
// renderer rewrites only what changed, so a whole line may not be
// written again).
func (p *ptyApp) waitForAfter(t *testing.T, mark int, want string, limit time.Duration) time.Duration {
	t.Helper()
	deadline := time.Now().Add(limit)
	stop := make(chan struct{})
	defer close(stop)
	go func() { // wake the wait below now and then, to check the deadline
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				p.cond.Broadcast()
			}
		}
	}()
	has := func(b []byte) bool { return strings.Contains(ansi.Strip(string(b)), want) }
	p.mu.Lock()
	defer p.mu.Unlock()
	checked, first := 0, 0 // text and chunks already looked at
	for {
		from := max(checked-512, mark) // overlap: want may span reads
		if len(p.text) > checked && has(p.text[from:]) {
			// Find the read that completed it.
			end := 0
			for i, c := range p.chunks {
				end += c.n
				if i >= first && end > from && has(p.text[from:end]) {
					return c.at.Sub(p.start)
				}
			}
		}
		for _, c := range p.chunks[first:] {
			checked += c.n
		}
		first = len(p.chunks)
		select {
		case <-p.exited:
			t.Fatalf("varn exited before showing %q", want)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("varn never showed %q in %v; its last output:\n%s", want, limit, ansi.Strip(string(p.text[max(len(p.text)-4000, 0):])))
		}
		p.cond.Wait()
	}
}

func (p *ptyApp) send(t *testing.T, s string) {
	t.Helper()
	if _, err := p.master.Write([]byte(s)); err != nil {
		t.Fatalf("write to pty: %v", err)
	}
}

// settle waits until nothing was written for quiet.
func (p *ptyApp) settle(quiet time.Duration) {
	for {
		p.mu.Lock()
		last := p.start
		if len(p.chunks) > 0 {
			last = p.chunks[len(p.chunks)-1].at
		}
		p.mu.Unlock()
		if wait := quiet - time.Since(last); wait > 0 {
			time.Sleep(wait)
			continue
		}
		return
	}
}

// keyLatency waits for the output to settle, sends key and returns the
// time to the first byte written after it and the bytes written for it.
func (p *ptyApp) keyLatency(t *testing.T, key string) (time.Duration, int) {
	t.Helper()
	p.settle(25 * time.Millisecond)
	p.mu.Lock()
	from := len(p.chunks)
	p.mu.Unlock()
	sent := time.Now()
	p.send(t, key)
	p.mu.Lock()
	deadline := sent.Add(2 * time.Second)
	for len(p.chunks) == from && time.Now().Before(deadline) {
		go func() { time.Sleep(50 * time.Millisecond); p.cond.Broadcast() }()
		p.cond.Wait()
	}
	if len(p.chunks) == from {
		p.mu.Unlock()
		t.Fatalf("no output within 2 s of key %q", key)
	}
	d := p.chunks[from].at.Sub(sent)
	p.mu.Unlock()
	p.settle(25 * time.Millisecond)
	p.mu.Lock()
	n := 0
	for _, c := range p.chunks[from:] {
		n += c.n
	}
	p.mu.Unlock()
	return d, n
}

// resize changes the terminal's size (varn gets SIGWINCH and redraws
// the whole screen).
func (p *ptyApp) resize(t *testing.T, w, h int) {
	t.Helper()
	if err := unix.IoctlSetWinsize(int(p.master.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: uint16(h), Col: uint16(w)}); err != nil {
		t.Fatalf("resize the pty: %v", err)
	}
}

// memory describes the process's resident memory, from /proc: in all,
// anonymous (its heap and stacks) and file-backed (the vault's files
// mapped by Badger, which the kernel can drop), and the peak.
func (p *ptyApp) memory(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	v := map[string]int64{}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			v[strings.TrimSuffix(f[0], ":")] = n >> 10
		}
	}
	return fmt.Sprintf("RSS %d MB (anonymous %d MB, file-backed %d MB), peak %d MB", v["VmRSS"], v["RssAnon"], v["RssFile"], v["VmHWM"])
}

// cpu returns the CPU time (user and system) the process has used.
func (p *ptyApp) cpu() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name (which is in parentheses).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+s) * 10 * time.Millisecond // USER_HZ is 100 on Linux
}

// quit presses ctrl+c and waits for varn to close its vault and exit.
func (p *ptyApp) quit(t *testing.T) {
	t.Helper()
	p.send(t, "\x03")
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		t.Errorf("varn did not exit within 10 s of ctrl+c")
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}
