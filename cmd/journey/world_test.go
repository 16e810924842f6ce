package journey

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"

	"varn/cmd/internal/tmuxtest"
	"varn/model"
)

// The binary under test is built once per test binary, with the testclock
// tag so that the journeys set its clock.
var (
	buildOnce sync.Once
	buildDir  string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// varnBinary returns the path of varn built with the testclock tag.
func varnBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			buildErr = fmt.Errorf("the go tool is not on PATH")
			return
		}
		if buildDir, err = os.MkdirTemp("", "varn-journey-bin-"); err != nil {
			buildErr = err
			return
		}
		bin := filepath.Join(buildDir, "varn")
		cmd := exec.Command(goTool, "build", "-tags", "testclock", "-trimpath", "-o", bin, "varn/cmd/varn")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		binPath = bin
	})
	if buildErr != nil {
		t.Fatalf("cannot build varn for the journeys: %v", buildErr)
	}
	return binPath
}

// party is one of the three vaults of the journey and the person who keeps
// it.
type party struct {
	name   string // as partners know it: "Lomma kommun"
	short  string // in the transcript: "Lomma"
	dir    string // the vault
	home   string // HOME; its state directory holds the trusted checkpoint
	idFile string // the X25519 identity that unlocks the vault
	recip  string
	id     string // the vault ID, once created

	// acked are the records varn acknowledged creating here (the ID it
	// printed) and not purged since: each must be there after every step.
	acked map[model.ID]model.Kind
}

// world is the three vaults, the simulated clock and the transcript.
type world struct {
	t       *testing.T
	bin     string
	root    string
	now     time.Time
	parties []*party
	lomma   *party
	lund    *party
	lst     *party

	// signedBy[v][origin] is set once v imported a bundle that origin
	// signed: only then may v hold records of that origin.
	signedBy map[*party]map[string]bool
	// withCases is set for a party once it received case data from a
	// partner under --include-cases with a legal basis.
	withCases map[*party]bool

	// tm is the tmux server of the on-screen steps, started on first use.
	tm *tmuxtest.Server

	transcript io.Writer
	steps      int
	checks     int
	pending    []string
	seq        int
}

// newWorld makes the three parties' homes and identities; their vaults are
// created by the journey's first step.
func newWorld(t *testing.T, start time.Time, transcript io.Writer) *world {
	w := &world{t: t, bin: varnBinary(t), root: t.TempDir(), now: start, transcript: transcript,
		signedBy: map[*party]map[string]bool{}, withCases: map[*party]bool{}}
	mk := func(name, short string) *party {
		home := filepath.Join(w.root, strings.ToLower(short))
		if err := os.MkdirAll(home, 0o700); err != nil {
			t.Fatal(err)
		}
		id, err := age.GenerateX25519Identity()
		if err != nil {
			t.Fatal(err)
		}
		p := &party{name: name, short: short, dir: filepath.Join(home, "vault"), home: home,
			idFile: filepath.Join(home, "key.txt"), recip: id.Recipient().String(), acked: map[model.ID]model.Kind{}}
		if err := os.WriteFile(p.idFile, []byte(id.String()+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		w.parties = append(w.parties, p)
		w.signedBy[p] = map[string]bool{}
		return p
	}
	w.lomma = mk("Lomma kommun", "Lomma")
	w.lund = mk("Lund kommun", "Lund")
	w.lst = mk("Länsstyrelsen Skåne", "Länsstyrelsen")
	return w
}

// logf writes a line to the transcript.
func (w *world) logf(format string, args ...any) {
	line := fmt.Sprintf("%s  ", w.now.Format("2006-01-02 Mon")) + fmt.Sprintf(format, args...)
	if w.transcript != nil {
		fmt.Fprintln(w.transcript, line)
	}
}

// step runs one step of the journey: it logs it, runs it, then checks the
// invariants on all three vaults.
func (w *world) step(name string, fn func()) {
	w.t.Helper()
	w.steps++
	w.logf("step %d: %s", w.steps, name)
	fn()
	w.checkInvariants(name)
}

// pendingStep notes a step that needs another issue's work: listed at the
// end of the run, never counted as passed.
func (w *world) pendingStep(issue int, name string) {
	w.pending = append(w.pending, fmt.Sprintf("#%d: %s", issue, name))
	w.logf("PENDING (issue %d): %s", issue, name)
}

// env is the environment of a run of varn by party p.
func (w *world) env(p *party) []string {
	return []string{
		"HOME=" + p.home,
		"XDG_STATE_HOME=" + filepath.Join(p.home, "state"),
		"TMPDIR=" + w.root,
		"LANG=en_GB.UTF-8",
		"PATH=" + os.Getenv("PATH"),
		"VARN_TEST_NOW=" + w.now.UTC().Format(time.RFC3339),
	}
}

// run runs varn for party p on its vault, unlocked with its identity.
func (w *world) run(p *party, stdin string, args ...string) (int, string, string) {
	w.t.Helper()
	args = append(args, "--vault", p.dir, "-i", p.idFile)
	cmd := exec.Command(w.bin, args...)
	cmd.Env = w.env(p)
	cmd.Dir = p.home
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	// Each run takes a second of the simulated day, so the clocks of two
	// runs never overlap (each runs on from VARN_TEST_NOW).
	w.now = w.now.Add(time.Second)
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		w.t.Fatalf("varn %s: %v", strings.Join(args, " "), err)
	}
	return code, out.String(), errb.String()
}

// screen is the terminal app of one party, running in tmux at 100×30.
type screen struct {
	w     *world
	tm    *tmuxtest.Server
	name  string
	began time.Time
}

// openApp starts the terminal app for p in tmux, unlocked with its
// identity, and waits for its first screen.
func (w *world) openApp(p *party) *screen {
	w.t.Helper()
	if w.tm == nil {
		w.tm = tmuxtest.New(w.t)
	}
	w.seq++
	s := &screen{w: w, tm: w.tm, name: fmt.Sprintf("app%d", w.seq), began: time.Now()}
	cmd := "env -i " + tmuxtest.Quote(append(w.env(p), "TERM=xterm-256color")...) + " " +
		tmuxtest.Quote(w.bin, "--vault", p.dir, "-i", p.idFile)
	s.tm.Start(s.name, 100, 30, cmd)
	s.tm.WaitFor(s.name, p.name)
	return s
}

// quit leaves the app with q and waits for it to exit; the simulated
// clock moves on by the time the app ran.
func (s *screen) quit() {
	s.w.t.Helper()
	s.tm.Keys(s.name, "q")
	s.tm.WaitDead(s.name, 15*time.Second)
	s.w.now = s.w.now.Add(time.Since(s.began) + time.Second)
}

// must runs varn for p and fails the journey unless it succeeds.
func (w *world) must(p *party, args ...string) string {
	w.t.Helper()
	code, out, errs := w.run(p, "", args...)
	if code != 0 {
		w.t.Fatalf("%s: varn %s: exit %d\n%s%s", p.short, strings.Join(args, " "), code, out, errs)
	}
	return out
}

// file writes content to a new file in the world and returns its path.
func (w *world) file(name string, content []byte) string {
	w.t.Helper()
	w.seq++
	path := filepath.Join(w.root, fmt.Sprintf("%04d-%s", w.seq, name))
	if err := os.WriteFile(path, content, 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}

// add creates r in p's vault through `varn record add` and returns its ID.
func (w *world) add(p *party, r model.Record) model.ID {
	w.t.Helper()
	b, err := model.Encode(r)
	if err != nil {
		w.t.Fatalf("encoding a %s: %v", r.Kind(), err)
	}
	out := w.must(p, "record", "add", string(r.Kind()), "--json", w.file(string(r.Kind())+".json", b))
	id, err := model.ParseID(strings.TrimSpace(out))
	if err != nil {
		w.t.Fatalf("%s: record add printed %q, not an ID", p.short, out)
	}
	p.acked[id] = r.Kind()
	return id
}

// update replaces the record r (read from p's vault) with its changed form.
func (w *world) update(p *party, r model.Record) {
	w.t.Helper()
	b, err := model.Encode(r)
	if err != nil {
		w.t.Fatal(err)
	}
	w.must(p, "record", "update", string(r.Base().ID), "--json", w.file("update.json", b))
}

// records lists p's records (of kind k, or all when k is empty).
func (w *world) records(p *party, k model.Kind) []model.Record {
	w.t.Helper()
	args := []string{"record", "list"}
	if k != "" {
		args = append(args, string(k))
	}
	out := w.must(p, append(args, "--json")...)
	var rs []model.Record
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		r, err := model.Decode(sc.Bytes())
		if err != nil {
			w.t.Fatalf("%s: record list --json printed an undecodable line: %v", p.short, err)
		}
		rs = append(rs, r)
	}
	return rs
}

// get reads one record of p's vault.
func (w *world) get(p *party, id model.ID) model.Record {
	w.t.Helper()
	r, err := model.Decode([]byte(w.must(p, "record", "get", string(id), "--json")))
	if err != nil {
		w.t.Fatalf("%s: record get %s: %v", p.short, id, err)
	}
	return r
}

var vaultIDLine = regexp.MustCompile(`created vault ([0-9a-f]{32})`)

// partyOf returns the party whose vault ID is id, or nil.
func (w *world) partyOf(id string) *party {
	for _, p := range w.parties {
		if p.id == id {
			return p
		}
	}
	return nil
}

// checkInvariants checks, on all three vaults, what must hold after every
// step of every journey (issue 14):
//   - the audit log verifies;
//   - every record acknowledged to its creator is there;
//   - no vault holds a record attributed to a vault that did not sign a
//     bundle to it, or that the origin does not hold;
//   - a partner's copy is the origin's latest version or an older one,
//     never one the origin never wrote;
//   - no case data left a vault except under --include-cases.
func (w *world) checkInvariants(step string) {
	w.t.Helper()
	all := map[*party]map[model.ID]model.Record{}
	for _, p := range w.parties {
		if p.id == "" {
			continue
		}
		if code, out, errs := w.run(p, "", "audit", "verify"); code != 0 {
			w.t.Fatalf("after %q: %s: audit verify failed: %s%s", step, p.short, out, errs)
		}
		m := map[model.ID]model.Record{}
		for _, r := range w.records(p, "") {
			m[r.Base().ID] = r
		}
		all[p] = m
		for id, k := range p.acked {
			if r, ok := m[id]; !ok || r.Kind() != k {
				w.t.Fatalf("after %q: %s lost its %s %s", step, p.short, k, id)
			}
		}
	}
	for p, recs := range all {
		for id, r := range recs {
			origin := r.Base().Origin
			if origin == p.id || r.Kind() == model.KindPartner {
				continue
			}
			o := w.partyOf(origin)
			if o == nil || !w.signedBy[p][origin] {
				w.t.Fatalf("after %q: %s holds %s %s attributed to %q, which never signed a bundle to it", step, p.short, r.Kind(), id, origin)
			}
			theirs, ok := all[o][id]
			if !ok {
				w.t.Fatalf("after %q: %s holds %s %s of %s, which %s does not hold", step, p.short, r.Kind(), id, o.short, o.short)
			}
			if r.Base().Version > theirs.Base().Version {
				w.t.Fatalf("after %q: %s holds version %d of %s's %s %s; %s is at version %d", step, p.short, r.Base().Version, o.short, r.Kind(), id, o.short, theirs.Base().Version)
			}
			if r.Base().Version == theirs.Base().Version && essence(r) != essence(theirs) {
				w.t.Fatalf("after %q: %s's copy of %s's %s %s differs at the same version:\n here:  %s\n there: %s", step, p.short, o.short, r.Kind(), id, essence(r), essence(theirs))
			}
			if !w.withCases[p] && isCaseData(r) {
				w.t.Fatalf("after %q: case data left %s: %s holds its %s %s", step, o.short, p.short, r.Kind(), id)
			}
		}
	}
	w.checks++
}

// essence is what a partner's copy must share with the origin's record at
// the same version: the content a reader acts on (redacted fields such as
// authors and contacts aside).
func essence(r model.Record) string {
	switch v := r.(type) {
	case *model.Observation:
		return fmt.Sprint(v.Milieu, v.Dimension, v.ObsKind, v.Concern, v.Trend, v.Observed, v.Summary)
	case *model.Measure:
		return fmt.Sprint(v.Title, v.Tier, v.Status, v.NextFollowUp, len(v.FollowUps))
	case *model.Picture:
		return fmt.Sprint(v.Title, v.From, v.To, v.IsPublished(), len(v.Milieus), v.Summary)
	case *model.Meeting:
		return fmt.Sprint(v.MeetingKind, v.Date, v.Title)
	}
	return string(r.Kind())
}

// isCaseData reports whether r is case data: a case, an observation about
// an individual, or an individual-tier measure.
func isCaseData(r model.Record) bool {
	switch v := r.(type) {
	case *model.Case:
		return true
	case *model.Observation:
		return v.Dimension == model.DimensionIndividual
	case *model.Measure:
		return v.Tier == model.TierIndividual
	}
	return false
}

// summary returns the closing lines of a run: steps, checks and pending.
func (w *world) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "journey: %d steps passed, invariants checked %d times on 3 vaults; %d steps pending", w.steps, w.checks, len(w.pending))
	for _, p := range slices.Compact(slices.Sorted(slices.Values(w.pending))) {
		fmt.Fprintf(&b, "\n  pending %s", p)
	}
	return b.String()
}
