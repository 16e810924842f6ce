package vault

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"varn/model"
)

const testPass = "correct horse battery staple"

// testOpts returns options for a test vault: a low scrypt work factor, a
// private state directory and a free-space check that always passes.
func testOpts(t testing.TB) *Options {
	return &Options{
		ScryptWorkFactor: 10,
		StateDir:         filepath.Join(t.TempDir(), "state"),
		User:             "tester",
		statfs:           func(string) (uint64, error) { return 1 << 40, nil },
	}
}

func newVault(t testing.TB) (*Vault, string, *Options) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	o := testOpts(t)
	v, err := Init(context.Background(), dir, Config{Passphrase: testPass, Name: "Lomma"}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, dir, o
}

func reopen(t testing.TB, v *Vault, o *Options) *Vault {
	t.Helper()
	dir := v.Dir()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	nv, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nv.Close() })
	return nv
}

func member(name string) *model.Member {
	r, _ := model.New(model.KindMember)
	m := r.(*model.Member)
	m.Name = name
	m.Org = model.OrgSchool
	return m
}

func observation(summary string) *model.Observation {
	r, _ := model.New(model.KindObservation)
	o := r.(*model.Observation)
	o.Milieu = model.MilieuWhitePower
	o.Dimension = model.DimensionArea
	o.ObsKind = model.ObsPresence
	o.Source = model.OrgPolice
	o.Concern = model.ConcernModerate
	o.Observed = model.NewDate(2026, 3, 2)
	o.Summary = summary
	return o
}

func caseRec(concern string) *model.Case {
	r, _ := model.New(model.KindCase)
	c := r.(*model.Case)
	c.Subject = model.SubjectArea
	c.Title = "Piläng centrum"
	c.Intake = model.AllIntakeChannels()[0]
	c.Opened = model.NewDate(2026, 3, 1)
	c.Handler = model.OrgSocialServices
	c.Concern = model.ConcernStatement{Text: concern, Level: model.ConcernHigh}
	c.LegalBasis = "SoL 5:1 a"
	c.RetainUntil = model.NewDate(2030, 1, 1)
	return c
}

func mustPut(t testing.TB, v *Vault, r model.Record) model.Record {
	t.Helper()
	out, err := v.Put(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func events(t testing.TB, v *Vault) []model.AuditEvent {
	t.Helper()
	var evs []model.AuditEvent
	if err := v.AuditEvents(context.Background(), func(e model.AuditEvent) error {
		evs = append(evs, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return evs
}

func actions(evs []model.AuditEvent) string {
	var s []string
	for _, e := range evs {
		s = append(s, string(e.Action))
	}
	return strings.Join(s, ",")
}

// newHost returns o with a fresh state directory: the options of another
// host.
func newHost(t testing.TB, o *Options) *Options {
	t.Helper()
	n := *o
	n.StateDir = t.TempDir()
	return &n
}
