package tui

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"filippo.io/age"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/model/demo"
	"varn/tui/internal/fake"
	"varn/vault"
)

var (
	bigOnce  sync.Once
	bigStore *fake.Store
)

// bigFake is a fake store with 100,000 demo observations and 4 pictures.
func bigFake() *fake.Store {
	bigOnce.Do(func() {
		st := fake.New(clock)
		_ = demo.Stream(1, demo.Scale{Observations: 100_000, Pictures: 4, Today: model.DateOf(fixedNow)}, func(r model.Record) error {
			switch r.(type) {
			case *model.Observation, *model.Picture:
				st.Add(r)
			}
			return nil
		})
		bigStore = st
	})
	return bigStore
}

// countingWriter counts the bytes the program writes.
type countingWriter struct {
	n    atomic.Int64
	last atomic.Int64 // unix nanos of the last write
	mu   sync.Mutex
	tail []byte
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	c.last.Store(time.Now().UnixNano())
	c.mu.Lock()
	c.tail = append(c.tail, p...)
	if len(c.tail) > 1<<16 {
		c.tail = c.tail[len(c.tail)-1<<15:]
	}
	c.mu.Unlock()
	return len(p), nil
}

func (c *countingWriter) seen(s string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Contains(ansi.Strip(string(c.tail)), s)
}

// settle waits until nothing was written for quiet.
func (c *countingWriter) settle(quiet time.Duration) {
	for {
		time.Sleep(quiet / 4)
		if time.Since(time.Unix(0, c.last.Load())) >= quiet {
			return
		}
	}
}

// startProgram runs the App on the 100k store in a real tea.Program at
// w×h writing to a counting writer, unlocked and showing the list.
func startProgram(b *testing.B, w, h int) (*tea.Program, *countingWriter, func()) {
	b.Helper()
	st := bigFake()
	op := &testOpener{st: st, exists: true}
	app := NewApp(op, Credentials{IdentityFiles: []string{"id"}}, model.English, time.Hour, clock)
	out := &countingWriter{}
	p := tea.NewProgram(app, tea.WithInput(nil), tea.WithOutput(out), tea.WithWindowSize(w, h),
		tea.WithoutSignalHandler(), tea.WithEnvironment([]string{"TERM=xterm-256color"}))
	done := make(chan struct{})
	go func() { _, _ = p.Run(); close(done) }()
	deadline := time.Now().Add(60 * time.Second)
	for !out.seen("100000 observations") {
		if time.Now().After(deadline) {
			b.Fatal("the overview never appeared")
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.Send(keyMsg("f"))
	out.settle(50 * time.Millisecond)
	// Start at the bottom of the first page so every key scrolls.
	for range h {
		p.Send(keyMsg("j"))
	}
	out.settle(50 * time.Millisecond)
	return p, out, func() { p.Quit(); <-done }
}

// BenchmarkNavKeyBytes measures the bytes written to the terminal per
// cursor key in the 100k list, each key scrolling the table.
func BenchmarkNavKeyBytes(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		b.Run(sizeName(size), func(b *testing.B) {
			p, out, stop := startProgram(b, size[0], size[1])
			defer stop()
			b.ResetTimer()
			start := out.n.Load()
			for range b.N {
				p.Send(keyMsg("j"))
				out.settle(25 * time.Millisecond)
			}
			b.StopTimer()
			b.ReportMetric(float64(out.n.Load()-start)/float64(b.N), "bytes/key")
		})
	}
}

// BenchmarkFullRepaint measures a full repaint of the list at 200x60.
func BenchmarkFullRepaint(b *testing.B) {
	p, out, stop := startProgram(b, 200, 60)
	defer stop()
	b.ResetTimer()
	start := out.n.Load()
	for range b.N {
		p.Send(tea.ClearScreen())
		out.settle(25 * time.Millisecond)
	}
	b.StopTimer()
	b.ReportMetric(float64(out.n.Load()-start)/float64(b.N), "bytes/repaint")
}

// BenchmarkKeyCPU measures Update plus View of one cursor key in the
// 100k list at 200x60, and reports the heap held afterwards.
func BenchmarkKeyCPU(b *testing.B) {
	h := &harness{app: NewApp(&testOpener{st: bigFake(), exists: true}, Credentials{}, model.English, time.Hour, clock)}
	h.t = &testing.T{}
	h.late = make(chan tea.Msg, 16)
	h.send(tea.WindowSizeMsg{Width: 200, Height: 60})
	h.typeText("right passphrase")
	h.send(keyMsg("enter"))
	deadline := time.Now().Add(2 * time.Minute)
	for !strings.Contains(h.screen(), "– 100000 observations") {
		if time.Now().After(deadline) {
			b.Fatalf("the 100k overview never appeared:\n%s", h.screen())
		}
		time.Sleep(10 * time.Millisecond)
		h.drainLate()
	}
	h.send(keyMsg("f"))
	down, up := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := down
		if i/500%2 == 1 {
			k = up
		}
		h.app.Update(k)
		_ = h.app.View()
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
}

func sizeName(s [2]int) string {
	return strings.Join([]string{itoa(s[0]), itoa(s[1])}, "x")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// firstFrameVault returns a real vault of 100,000 observations sealed to
// an X25519 identity, with the identity file and the vault options. The
// vault takes a minute or more to make, so it is kept in the temporary
// directory between runs (VARN_BENCH_FRESH=1 makes it anew).
func firstFrameVault(b *testing.B) (vdir, idFile string, opts *vault.Options) {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "varn-bench-firstframe-100k")
	vdir, idFile = filepath.Join(dir, "vault"), filepath.Join(dir, "id.txt")
	opts = &vault.Options{StateDir: filepath.Join(dir, "state"), ScryptWorkFactor: 10}
	ready := filepath.Join(dir, "ready")
	if _, err := os.Stat(ready); err == nil && os.Getenv("VARN_BENCH_FRESH") != "1" {
		return vdir, idFile, opts
	}
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(idFile, []byte(id.String()+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	v, err := vault.Init(ctx, vdir, vault.Config{Recipients: []vault.Recipient{{Label: "bench", Recipient: id.Recipient().String()}}, Name: "Bänkkommun"}, opts)
	if err != nil {
		b.Fatal(err)
	}
	var recs []model.Record
	_ = demo.Stream(1, demo.Scale{Observations: 100_000, Today: model.DateOf(fixedNow)}, func(r model.Record) error {
		if _, ok := r.(*model.Observation); ok {
			recs = append(recs, r)
		}
		return nil
	})
	if _, err := v.Import(ctx, recs, nil); err != nil {
		b.Fatal(err)
	}
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(ready, nil, 0o600); err != nil {
		b.Fatal(err)
	}
	return vdir, idFile, opts
}

// BenchmarkFirstFrameAfterUnlock measures, on a real vault of 100,000
// observations unlocked with an X25519 identity file, the time from
// starting the app to its first frame after unlocking (the overview,
// filling in while the observations are read: "first-frame-ms"), and to
// the overview with every observation counted ("complete-ms"), with the
// heap held at each (after a GC), and the heap once tabs 2–4 (the other
// screens holding records) were opened too ("heap-tabs-MB"). As a baseline measured in the same run
// ("unlock-ms") it times opening the vault with the identity and closing
// it, without the app, and ("scan-ms") reading every observation from it
// (the floor under complete-ms).
func BenchmarkFirstFrameAfterUnlock(b *testing.B) {
	vdir, idFile, opts := firstFrameVault(b)
	op, err := newVaultOpener(vdir, opts)
	if err != nil {
		b.Fatal(err)
	}
	var first, complete, unlock, scan []time.Duration
	var heapFirst, heapComplete, heapTabs float64
	heap := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		t0 := time.Now()
		st, err := op.Open(context.Background(), Credentials{IdentityFiles: []string{idFile}})
		if err != nil {
			b.Fatal(err)
		}
		unlock = append(unlock, time.Since(t0))
		t1 := time.Now()
		if err := st.Scan(context.Background(), model.KindObservation, func(model.Record) error { return nil }); err != nil {
			b.Fatal(err)
		}
		scan = append(scan, time.Since(t1))
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		app := NewApp(op, Credentials{IdentityFiles: []string{idFile}}, model.English, time.Hour, nil)
		out := &countingWriter{}
		p := tea.NewProgram(app, tea.WithInput(nil), tea.WithOutput(out), tea.WithWindowSize(200, 60),
			tea.WithoutSignalHandler(), tea.WithEnvironment([]string{"TERM=xterm-256color"}))
		done := make(chan struct{})
		go func() { _, _ = p.Run(); close(done) }()
		wait := func(what string) time.Duration {
			deadline := time.Now().Add(60 * time.Second)
			for !out.seen(what) {
				if time.Now().After(deadline) {
					out.mu.Lock()
					b.Fatalf("%q never appeared; screen:\n%s", what, ansi.Strip(string(out.tail)))
				}
				time.Sleep(time.Millisecond)
			}
			return time.Since(start)
		}
		first = append(first, wait("Situational picture"))
		b.StopTimer()
		heapFirst = heap()
		b.StartTimer()
		complete = append(complete, wait("– 100000 observations"))
		b.StopTimer()
		heapComplete = heap()
		// The other screens that hold records read theirs when first
		// shown; the observations are the store's shared set.
		for _, tab := range []string{"2", "3", "4"} {
			p.Send(keyMsg(tab))
			time.Sleep(tabSettle)
		}
		heapTabs = heap()
		p.Send(keyMsg("ctrl+c")) // closes the vault, then quits
		<-done
		b.StartTimer()
	}
	b.ReportMetric(ms(median(first)), "first-frame-ms")
	b.ReportMetric(ms(median(complete)), "complete-ms")
	b.ReportMetric(ms(median(unlock)), "unlock-ms")
	b.ReportMetric(ms(median(scan)), "scan-ms")
	b.ReportMetric(heapFirst, "heap-first-MB")
	b.ReportMetric(heapComplete, "heap-MB")
	b.ReportMetric(heapTabs, "heap-tabs-MB")
}

// tabSettle is how long BenchmarkFirstFrameAfterUnlock gives each of
// tabs 2–4 to read its records before the heap is measured.
const tabSettle = 4 * time.Second

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
