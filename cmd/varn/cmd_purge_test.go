package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"varn/model"
	"varn/vault"
)

const purgePass = "korrekt häst batteri häftklammer"

type purgeVault struct {
	dir, passFile string
	getenv        func(string) string
	opts          *vault.Options
	open, closed  model.ID
	obs, measure  model.ID
}

// newPurgeVault makes a vault holding a case closed six years ago with an
// individual measure sealed under it, an open case, and an observation
// about an individual from four years ago.
func newPurgeVault(t *testing.T) *purgeVault {
	t.Helper()
	tmp := t.TempDir()
	pv := &purgeVault{dir: filepath.Join(tmp, "vault"), passFile: filepath.Join(tmp, "pass")}
	if err := os.WriteFile(pv.passFile, []byte(purgePass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	envm := map[string]string{"HOME": tmp, "XDG_STATE_HOME": filepath.Join(tmp, "state")}
	pv.getenv = func(k string) string { return envm[k] }
	pv.opts = &vault.Options{ScryptWorkFactor: 10, StateDir: filepath.Join(tmp, "state", "varn")}
	ctx := context.Background()
	v, err := vault.Init(ctx, pv.dir, vault.Config{Passphrase: purgePass, Name: "Testkommun"}, pv.opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	today := model.DateOf(time.Now())
	put := func(r model.Record) model.ID {
		t.Helper()
		out, err := v.Put(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		return out.Base().ID
	}
	closed := &model.Case{Subject: model.SubjectIndividual, Pseudonym: "Tranan", Intake: model.IntakeFamily, Priority: model.PriorityLow,
		Status: model.CaseClosed, ClosingReason: model.ClosedGoalsMet, Opened: today.AddMonths(-80), Closed: today.AddMonths(-72),
		Handler: model.OrgSocialServices, Concern: model.ConcernStatement{Text: "Tidigare oro", Level: model.ConcernLow}, LegalBasis: "SoL"}
	closed.TLP = model.TLPRed
	pv.closed = put(closed)
	open := &model.Case{Subject: model.SubjectArea, Title: "Centrum", Intake: model.IntakePolice, Priority: model.PriorityNormal,
		Status: model.CaseIntervention, Opened: today.AddMonths(-80), Handler: model.OrgSocialServices,
		Concern: model.ConcernStatement{Text: "Oro", Level: model.ConcernLow}, LegalBasis: "Lag"}
	open.TLP = model.TLPAmber
	pv.open = put(open)
	m := &model.Measure{Title: "Stödsamtal", Tier: model.TierIndividual, Type: model.MeasureSupportPerson, Status: model.StatusCompleted,
		Org: model.OrgSocialServices, Start: today.AddMonths(-78), End: today.AddMonths(-73), Case: pv.closed}
	m.TLP = model.TLPRed
	pv.measure = put(m)
	o := &model.Observation{Milieu: model.MilieuUnclear, Dimension: model.DimensionIndividual, ObsKind: model.ObsIncident,
		Source: model.OrgSchool, Concern: model.ConcernLow, Trend: model.TrendUnknown, Observed: today.AddMonths(-48), Summary: "En elev uttryckte hot"}
	o.TLP = model.TLPRed
	pv.obs = put(o)
	return pv
}

func (pv *purgeVault) run(t *testing.T, tty bool, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: pv.getenv, tty: tty, scryptWorkFactor: 10}
	args = append(args, "--vault", pv.dir, "--passphrase-file", pv.passFile)
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// present reports which of ids are still in the vault.
func (pv *purgeVault) present(t *testing.T, ids ...model.ID) []bool {
	t.Helper()
	v, err := vault.Open(context.Background(), pv.dir, vault.Unlock{Passphrase: purgePass}, pv.opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	out := make([]bool, len(ids))
	for i, id := range ids {
		_, err := v.Get(context.Background(), id)
		if err != nil && !errors.Is(err, vault.ErrNotFound) {
			t.Fatalf("get %s: %v", id, err)
		}
		out[i] = err == nil
	}
	return out
}

func (pv *purgeVault) events(t *testing.T) []model.AuditEvent {
	t.Helper()
	v, err := vault.Open(context.Background(), pv.dir, vault.Unlock{Passphrase: purgePass}, pv.opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var evs []model.AuditEvent
	if err := v.AuditEvents(context.Background(), func(ev model.AuditEvent) error { evs = append(evs, ev); return nil }); err != nil {
		t.Fatal(err)
	}
	return evs
}

func TestPurgeListsAndRefusesWithoutTerminal(t *testing.T) {
	pv := newPurgeVault(t)
	for _, tc := range []struct {
		name  string
		tty   bool
		stdin string
		args  []string
		code  int
	}{
		{"no terminal, no --yes", false, "", nil, exitError},
		{"dry run", false, "", []string{"--dry-run"}, exitOK},
		{"terminal, answer no", true, "n\n", nil, exitError},
		{"terminal, no answer", true, "", nil, exitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := pv.run(t, tc.tty, tc.stdin, append([]string{"purge"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %s)", code, tc.code, errs)
			}
			for _, id := range []model.ID{pv.closed, pv.measure, pv.obs} {
				if !strings.Contains(out, string(id)) {
					t.Errorf("the list lacks %s:\n%s", id, out)
				}
			}
			if strings.Contains(out, string(pv.open)) {
				t.Errorf("the open case is listed for purging")
			}
			// The list says what each record is, so the person erasing can
			// judge it: the case's pseudonym, the observation's summary,
			// the rule. The concern in words is not listed.
			for _, want := range []string{"Tranan", "uttryckte", "closed case", "goes with its case", "observation about an individual"} {
				if !strings.Contains(out, want) {
					t.Errorf("the list lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(out+errs, "Tidigare oro") {
				t.Errorf("the list shows a case's concern")
			}
			if got := pv.present(t, pv.closed, pv.measure, pv.obs); got[0] != true || got[1] != true || got[2] != true {
				t.Fatalf("records erased without confirmation: %v", got)
			}
		})
	}
	if _, _, errs := pv.run(t, false, "", "purge"); !strings.Contains(errs, "--yes") {
		t.Errorf("refusal does not say how to proceed: %s", errs)
	}
	// Each listing was logged as a view of case data, without its text.
	views := 0
	for _, ev := range pv.events(t) {
		if ev.Action == model.ActionView && ev.Detail == "purge list" {
			views++
		}
		for _, pd := range []string{"Tranan", "Tidigare oro", "uttryckte"} {
			if strings.Contains(ev.Detail, pd) || strings.Contains(strings.Join(ev.Fields, ","), pd) {
				t.Errorf("audit event %d holds personal data %q", ev.Seq, pd)
			}
		}
	}
	if views != 5 {
		t.Errorf("%d purge-list views logged, want 5 (one per listing)", views)
	}
}

func TestPurgeErasesAndLogs(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tty   bool
		stdin string
		args  []string
	}{
		{"--yes", false, "", []string{"--yes"}},
		{"terminal, answer y", true, "y\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pv := newPurgeVault(t)
			code, out, errs := pv.run(t, tc.tty, tc.stdin, append([]string{"purge"}, tc.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(out, "erased 3 records") {
				t.Errorf("output: %s", out)
			}
			got := pv.present(t, pv.closed, pv.measure, pv.obs, pv.open)
			if got[0] || got[1] || got[2] || !got[3] {
				t.Fatalf("present after purge (closed, measure, obs, open): %v", got)
			}
			var purged []model.ID
			for _, ev := range pv.events(t) {
				if ev.Action == model.ActionPurge {
					purged = append(purged, ev.Ref)
					if strings.Contains(ev.Detail, "Tranan") {
						t.Errorf("purge event holds personal data: %+v", ev)
					}
				}
			}
			if len(purged) != 2 {
				t.Errorf("purge events for %v, want the case and the observation", purged)
			}
			// Run again: nothing left.
			code, out, _ = pv.run(t, false, "", "purge")
			if code != exitOK || !strings.Contains(out, "nothing") {
				t.Errorf("second purge: exit %d, %s", code, out)
			}
		})
	}
}

func TestPurgeSetRule(t *testing.T) {
	pv := newPurgeVault(t)
	for _, bad := range [][]string{
		{"--set-rule", "closed_case_years=0"},
		{"--set-rule", "closed_case_years"},
		{"--set-rule", "milieu_years=3"},
		{"--dry-run", "--yes"},
		{"extra"},
	} {
		if code, _, _ := pv.run(t, false, "", append([]string{"purge"}, bad...)...); code != exitUsage {
			t.Errorf("purge %v: exit %d, want %d", bad, code, exitUsage)
		}
	}
	code, out, errs := pv.run(t, false, "", "purge", "--set-rule", "closed_case_years=10", "--set-rule", "individual-observation-years=5")
	if code != exitOK || !strings.Contains(out, "closed_case_years=10 individual_observation_years=5") {
		t.Fatalf("set-rule: exit %d %s %s", code, out, errs)
	}
	_, out, _ = pv.run(t, false, "", "purge", "--dry-run")
	if strings.Contains(out, string(pv.closed)) || strings.Contains(out, string(pv.obs)) {
		t.Errorf("records listed under the longer rules:\n%s", out)
	}
}
