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
//     starts (default 5), reporting medians;
//   - keypress to first output byte for VARN_LATENCY_KEYS navigation keys
//     (default 200: j, k and the arrow keys, every one moving the cursor
//     of the list and most scrolling it), reporting p50/p90/p99 and the
//     bytes written per key;
//   - the resident memory once the overview is complete and after the
//     other screens with data were opened too.
//
// It takes a minute or more (the vault is made once and kept in the
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

	var firsts, completes []time.Duration
	for run := range runs {
		p := startPTY(t, bin, lv, 200, 60)
		first := p.waitFor(t, "Situational picture", time.Minute)
		full := p.waitFor(t, complete, 2*time.Minute)
		firsts, completes = append(firsts, first), append(completes, full)
		t.Logf("run %d: first frame after unlock %v, complete overview %v", run+1, first.Round(time.Millisecond), full.Round(time.Millisecond))
		if run < runs-1 {
			p.quit(t)
			continue
		}
		rss, hwm := p.memory(t)
		t.Logf("memory with the overview complete: RSS %d MB (peak %d MB)", rss>>20, hwm>>20)

		// Key latency in the list.
		p.send(t, "f")
		p.settle(300 * time.Millisecond)
		keys := []string{"j", "\x1b[B", "k", "\x1b[A"}
		var lat []time.Duration
		var bytesPerKey []int
		for i := range nKeys {
			k := keys[(i/60)%2*2+i%2] // 60 down (j, ↓), then 60 up (k, ↑)
			d, n := p.keyLatency(t, k)
			lat, bytesPerKey = append(lat, d), append(bytesPerKey, n)
		}
		slices.Sort(lat)
		slices.Sort(bytesPerKey)
		p50, p90, p99 := pct(lat, 50), pct(lat, 90), pct(lat, 99)
		t.Logf("keypress to first output byte over %d keys: p50 %v, p90 %v, p99 %v, max %v; bytes per key: median %d, max %d",
			len(lat), p50.Round(10*time.Microsecond), p90.Round(10*time.Microsecond), p99.Round(10*time.Microsecond),
			lat[len(lat)-1].Round(10*time.Microsecond), bytesPerKey[len(bytesPerKey)/2], bytesPerKey[len(bytesPerKey)-1])
		if p90 > goalKeyP90 {
			t.Errorf("keypress to first output byte p90 is %v, over the goal of %v", p90, goalKeyP90)
		}

		// Open the other screens that read records, then measure again.
		for _, tab := range []string{"2", "3", "4"} {
			p.send(t, tab)
			time.Sleep(8 * time.Second)
		}
		rss2, hwm2 := p.memory(t)
		t.Logf("memory after opening tabs 2–4 as well: RSS %d MB (peak %d MB)", rss2>>20, hwm2>>20)
		p.quit(t)
	}
	mf, mc := median(firsts), median(completes)
	t.Logf("median over %d starts: first frame after unlock %v, complete overview of %d observations %v",
		runs, mf.Round(time.Millisecond), nObs, mc.Round(time.Millisecond))
	if mf > goalFirstFrame {
		t.Errorf("median first frame after unlock %v, over the goal of %v", mf, goalFirstFrame)
	}
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
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	p := &ptyApp{master: master, cmd: cmd, exited: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	p.start = time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start varn: %v", err)
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
		from := max(checked-512, 0) // overlap: want may span reads
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

// memory returns the resident set size and its peak, from /proc.
func (p *ptyApp) memory(t *testing.T) (rss, hwm int64) {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		t.Logf("cannot read the memory of varn: %v", err)
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = n << 10
		case "VmHWM:":
			hwm = n << 10
		}
	}
	return rss, hwm
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
