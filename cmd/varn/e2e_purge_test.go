package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"varn/model"
)

// TestE2ECrashDuringPurge kills (SIGKILL) `varn purge --yes` of a case
// with 6,000 records sealed under its key at a random moment, 4 times (40
// with VARN_SOAK=1). After each kill the vault opens and its audit log
// verifies; running the purge again (if anything is still due) leaves
// nothing due, no record of the case readable, and the case's key gone
// from the vault's case-key table — the erasure completes whatever the
// moment of the kill (issue 15: a kill after the deletions but before the
// key's destruction used to leave the key for good).
func TestE2ECrashDuringPurge(t *testing.T) {
	const linked = 6000
	trials := 4
	if soak() {
		trials = 40
	}
	w := newWorld(t)
	today := model.DateOf(time.Now())

	// build makes a vault whose one case closed six years ago, with its
	// records; it returns the case's ID and the size of the case-key table
	// of an empty vault.
	build := func(i int) (model.ID, int64) {
		t.Helper()
		w.vault = filepath.Join(w.root, fmt.Sprintf("vault-%03d", i))
		w.initVault("")
		empty, err := os.Stat(filepath.Join(w.vault, "cases"))
		if err != nil {
			t.Fatal(err)
		}
		caseID := model.NewID(time.Now(), nil)
		c := &model.Case{Subject: model.SubjectIndividual, Pseudonym: "Tranan", AgeBand: model.Age16to17, Gender: model.GenderBoysMen,
			Intake: model.IntakeSchool, Priority: model.PriorityNormal, Status: model.CaseClosed, ClosingReason: model.ClosedGoalsMet,
			Opened: today.AddMonths(-80), Closed: today.AddMonths(-72), Handler: model.OrgSocialServices,
			Concern: model.ConcernStatement{Text: "Tidigare oro", Level: model.ConcernLow}, LegalBasis: "SoL"}
		c.ID, c.TLP = caseID, model.TLPRed
		var jl bytes.Buffer
		enc := func(r model.Record) {
			b, err := model.Encode(r)
			if err != nil {
				t.Fatal(err)
			}
			jl.Write(b)
			jl.WriteByte('\n')
		}
		enc(c)
		for j := range linked {
			o := &model.Observation{Milieu: model.MilieuUnclear, Dimension: model.DimensionIndividual, ObsKind: model.ObsIncident,
				Source: model.OrgSchool, Concern: model.ConcernLow, Trend: model.TrendUnknown, Observed: today.AddMonths(-75),
				Summary: fmt.Sprintf("Uppgift %04d i ärendet", j), Cases: []model.ID{caseID}}
			o.TLP = model.TLPRed
			enc(o)
		}
		file := filepath.Join(w.root, fmt.Sprintf("case-%03d.jsonl", i))
		if err := os.WriteFile(file, jl.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		w.must("", "record", "import", file)
		// The check below can fail: the table holding the case's key is
		// larger than an empty one.
		if fi, err := os.Stat(filepath.Join(w.vault, "cases")); err != nil || fi.Size() <= empty.Size() {
			t.Fatalf("the case-key table does not grow with the case's key (%v)", err)
		}
		return caseID, empty.Size()
	}

	// check verifies the vault after a kill, finishes the purge if it is
	// still due, and checks that the erasure is complete.
	check := func(i int, caseID model.ID, emptyTable int64) (rerun bool) {
		t.Helper()
		if code, out, errs := w.varn("", "audit", "verify", "--vault", w.vault, "-i", w.idFile); code != 0 {
			t.Fatalf("trial %d: audit verify after the kill: exit %d\n%s%s", i, code, out, errs)
		}
		if out := w.must("", "purge", "--dry-run"); !strings.Contains(out, "nothing is past its retention date") {
			if !strings.Contains(out, string(caseID)) {
				t.Fatalf("trial %d: something other than the case is due:\n%s", i, out)
			}
			rerun = true
			w.must("", "purge", "--yes")
		}
		if out := w.must("", "purge", "--dry-run"); !strings.Contains(out, "nothing is past its retention date") {
			t.Fatalf("trial %d: still due after the purge ran again:\n%s", i, out)
		}
		if code, _, _ := w.varn("", "record", "get", string(caseID), "--vault", w.vault, "-i", w.idFile); code == 0 {
			t.Fatalf("trial %d: the purged case can still be read", i)
		}
		if out := w.must("", "record", "list", "observation"); strings.Contains(out, "Uppgift") {
			t.Fatalf("trial %d: records of the purged case are still listed", i)
		}
		// The table of case keys is sealed, but its size counts its keys:
		// back to the size of an empty vault's, the case's key is gone.
		fi, err := os.Stat(filepath.Join(w.vault, "cases"))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() != emptyTable {
			t.Fatalf("trial %d: the case-key table is %d bytes, an empty one %d: the purged case's key survived", i, fi.Size(), emptyTable)
		}
		return rerun
	}

	run := func(i int, killAfter time.Duration) (finished bool, took time.Duration) {
		t.Helper()
		c := w.cmd("", "purge", "--yes", "--vault", w.vault, "-i", w.idFile)
		var errb bytes.Buffer
		c.Stderr = &errb
		finished, err, took := runOrSignal(t, c, killAfter, syscall.SIGKILL)
		if finished && err != nil {
			t.Fatalf("trial %d: purge failed on its own: %v\n%s", i, err, errb.String())
		}
		return finished, took
	}

	caseID, empty := build(0)
	if finished, full := run(0, 5*time.Minute); !finished {
		t.Fatal("the uninterrupted purge did not finish")
	} else {
		check(0, caseID, empty)
		t.Logf("an uninterrupted purge of a case with %d records took %v", linked, full)
		rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
		killed, reruns := 0, 0
		for i := 1; i <= trials; i++ {
			caseID, empty := build(i)
			finished, _ := run(i, time.Duration(rng.Int64N(int64(full)*11/10+1)))
			if !finished {
				killed++
			}
			if check(i, caseID, empty) {
				reruns++
			}
			os.RemoveAll(w.vault)
		}
		t.Logf("%d purge crash trials, %d killed mid-run, %d needed the purge run again; every erasure completed", trials, killed, reruns)
	}
}
