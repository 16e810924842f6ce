package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"varn/model"
)

// TestE2ECrashDuringImport kills (SIGKILL) `varn record import` of a
// 10,000-record file at a random moment, 20 times (100 with VARN_SOAK=1).
// After each kill the vault opens, holds exactly the records of the
// batches whose import event committed — a prefix of the file, a whole
// number of batches — and its audit log verifies.
func TestE2ECrashDuringImport(t *testing.T) {
	const records = 10000
	trials := 20
	if soak() {
		trials = 100
	}
	w := newWorld(t)
	var jl bytes.Buffer
	for i := range records {
		jl.WriteString(obsJSON(fmt.Sprintf("Rad %05d av importen", i)))
		jl.WriteByte('\n')
	}
	file := filepath.Join(w.root, "import.jsonl")
	if err := os.WriteFile(file, jl.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	trial := func(i int, killAfter time.Duration) (n int, finished bool, took time.Duration) {
		t.Helper()
		w.vault = filepath.Join(w.root, fmt.Sprintf("vault-%03d", i))
		w.initVault("")
		c := w.cmd("", "record", "import", file, "--vault", w.vault, "-i", w.idFile)
		var out, errb bytes.Buffer
		c.Stdout, c.Stderr = &out, &errb
		var err error
		finished, err, took = runOrSignal(t, c, killAfter, syscall.SIGKILL)
		if finished && err != nil {
			t.Fatalf("trial %d: import failed on its own: %v\n%s", i, err, errb.String())
		}
		n = checkAfterCrash(t, w, records)
		if finished && (n != records || out.String() != fmt.Sprintf("imported %d records\n", records)) {
			t.Fatalf("trial %d: import finished (%q) but the vault holds %d records", i, out.String(), n)
		}
		return n, finished, took
	}

	// One uninterrupted run measures how long an import takes here; the
	// kills land anywhere from the start of the process to its end.
	n, finished, full := trial(0, 5*time.Minute)
	if !finished || n != records {
		t.Fatalf("uninterrupted import: %d records", n)
	}
	t.Logf("an uninterrupted import of %d records took %v", records, full)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	counts := map[int]int{}
	killed := 0
	for i := 1; i <= trials; i++ {
		after := time.Duration(rng.Int64N(int64(full)*11/10 + 1))
		n, finished, _ := trial(i, after)
		counts[n]++
		if !finished {
			killed++
		}
		os.RemoveAll(w.vault)
	}
	var keys []int
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var dist []string
	for _, k := range keys {
		dist = append(dist, fmt.Sprintf("%d records: %d×", k, counts[k]))
	}
	t.Logf("%d crash trials, %d killed mid-run, all passed; records found after the kill: %s", trials, killed, strings.Join(dist, ", "))
}

var importDetail = regexp.MustCompile(`^(\d+) records$`)

// checkAfterCrash opens the vault after a kill and checks it; it returns
// how many records it holds.
func checkAfterCrash(t *testing.T, w *world, total int) int {
	t.Helper()
	list := w.must("", "record", "list", "observation", "--json")
	seen := make([]bool, total)
	n := 0
	for _, l := range lines(list) {
		r, err := model.Decode([]byte(l))
		if err != nil {
			t.Fatalf("record after the crash does not decode: %v", err)
		}
		var row int
		if _, err := fmt.Sscanf(r.(*model.Observation).Summary, "Rad %05d av importen", &row); err != nil || row >= total || seen[row] {
			t.Fatalf("unexpected or duplicate record after the crash: %q", r.(*model.Observation).Summary)
		}
		seen[row] = true
		n++
	}
	for i := range n {
		if !seen[i] {
			t.Fatalf("after the crash %d records are there but line %d of the file is not: not a prefix", n, i+1)
		}
	}
	// The import events account for exactly those records.
	sum := 0
	for _, l := range lines(w.must("", "audit", "list", "--json")) {
		var ev model.AuditEvent
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Action != model.ActionImport {
			continue
		}
		m := importDetail.FindStringSubmatch(ev.Detail)
		if m == nil {
			t.Fatalf("import event detail %q", ev.Detail)
		}
		k, _ := strconv.Atoi(m[1])
		sum += k
	}
	if sum != n {
		t.Fatalf("after the crash the vault holds %d records but its import events count %d", n, sum)
	}
	if out := w.must("", "audit", "verify"); !strings.Contains(out, "log intact") {
		t.Fatalf("audit verify after the crash: %q", out)
	}
	return n
}
