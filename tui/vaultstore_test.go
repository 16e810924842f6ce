package tui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"varn/model"
	"varn/model/demo"
	"varn/tui/common"
	"varn/vault"
)

// TestCloseStopsLongReads: locking the vault while a screen is still
// reading every observation stops that read at once (the read gets
// errClosing, which the App does not show) instead of keeping the lock,
// the draft and the exit waiting until the read is done.
func TestCloseStopsLongReads(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	opts := &vault.Options{StateDir: filepath.Join(dir, "state"), ScryptWorkFactor: 10}
	v, err := vault.Init(ctx, filepath.Join(dir, "vault"), vault.Config{Passphrase: "rätt lösenfras för test", Name: "Test"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var recs []model.Record
	_ = demo.Stream(1, demo.Scale{Observations: 2000, Today: model.DateOf(fixedNow)}, func(r model.Record) error {
		if _, ok := r.(*model.Observation); ok {
			recs = append(recs, r)
		}
		return nil
	})
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	st := newVaultStore(ctx, v)
	started := make(chan struct{})
	res := make(chan error, 1)
	n := 0
	go func() {
		res <- st.Scan(ctx, model.KindObservation, func(model.Record) error {
			if n++; n == 1 {
				close(started)
			}
			time.Sleep(2 * time.Millisecond) // a slow reader: 2000 records take 4 s
			return nil
		})
	}()
	<-started
	t0 := time.Now()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	err = <-res
	if !errors.Is(err, errClosing) {
		t.Fatalf("the read stopped by Close returned %v, want errClosing", err)
	}
	if n >= len(recs)/2 {
		t.Fatalf("Close waited %v for the read to go on (%d of %d records read)", took, n, len(recs))
	}
	t.Logf("Close took %v; the read stopped after %d of %d records", took, n, len(recs))
	// The App does not show it as a failure.
	a := NewApp(&testOpener{st: sampleStore(), exists: true}, Credentials{}, model.English, time.Minute, clock)
	a.Update(common.ErrorMsg{Err: errClosing})
	if a.statusErr != "" {
		t.Errorf("the App showed %q for a read stopped by a lock", a.statusErr)
	}
}

// TestVaultStoreSharesObservations: the real store reads the
// observations once for every screen and keeps that set current: a saved
// observation is in it, a deleted one is not, a purge drops it (the next
// reader reads the vault again), and locking drops it and makes a read
// fail as the locked vault does.
func TestVaultStoreSharesObservations(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	opts := &vault.Options{StateDir: filepath.Join(dir, "state"), ScryptWorkFactor: 10}
	v, err := vault.Init(ctx, filepath.Join(dir, "vault"), vault.Config{Passphrase: "rätt lösenfras för test", Name: "Test"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var recs []model.Record
	var cs *model.Case
	_ = demo.Stream(1, demo.Scale{Observations: 50, Cases: 1, Today: model.DateOf(fixedNow)}, func(r model.Record) error {
		switch x := r.(type) {
		case *model.Observation:
			if _, sealed := model.CaseKeyOf(x); !sealed && len(x.Cases) == 0 {
				recs = append(recs, r)
			}
		case *model.Case:
			if cs == nil {
				cs = x
				recs = append(recs, r)
			}
		}
		return nil
	})
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	st := newVaultStore(ctx, v)
	set, err := common.LoadObservations(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := set.Len()
	if n == 0 || common.CachedObservations(st) != set {
		t.Fatalf("loaded %d observations; cached: %v", n, common.CachedObservations(st) != nil)
	}
	if again, _ := common.LoadObservations(ctx, st, nil); again != set {
		t.Fatal("a second load did not share the first one's set")
	}
	o := *set.All[0]
	o.ID, o.Version, o.Summary = "", 0, "Ny iakttagelse"
	r, err := st.Put(ctx, &o)
	if err != nil {
		t.Fatal(err)
	}
	now := common.CachedObservations(st)
	if now.Len() != n+1 || now.Find(r.Base().ID) != r || set.Len() != n {
		t.Fatalf("after a save: %d observations (want %d), old set %d (want %d)", now.Len(), n+1, set.Len(), n)
	}
	if err := st.Delete(ctx, set.All[1].ID); err != nil {
		t.Fatal(err)
	}
	if now = common.CachedObservations(st); now.Len() != n || now.Find(set.All[1].ID) != nil {
		t.Fatalf("after a delete: %d observations, want %d without the deleted one", now.Len(), n)
	}
	if _, err := st.Purge(ctx, cs.ID); err != nil {
		t.Fatal(err)
	}
	if common.CachedObservations(st) != nil {
		t.Fatal("a purge kept the shared set")
	}
	if again, err := common.LoadObservations(ctx, st, nil); err != nil || again.Len() != n {
		t.Fatalf("after a purge: %v, %d observations, want %d", err, again.Len(), n)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if common.CachedObservations(st) != nil {
		t.Fatal("locking kept the shared set")
	}
	if _, err := common.LoadObservations(ctx, st, nil); err == nil {
		t.Fatal("a load after locking succeeded")
	}
}

// TestExposedSecretFilesRefused: the terminal app refuses a passphrase or
// identity file that others may read, as the command line does, naming the
// fix.
func TestExposedSecretFilesRefused(t *testing.T) {
	dir := t.TempDir()
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	idf := filepath.Join(dir, "id.txt")
	if err := os.WriteFile(idf, []byte(id.String()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []Credentials{{PassphraseFile: pass}, {IdentityFiles: []string{idf}}} {
		_, err := unlockFrom(c, nil)
		if err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("unlockFrom(%+v) = %v, want a refusal naming chmod 600", c, err)
		}
	}
	os.Chmod(pass, 0o600)
	if _, err := unlockFrom(Credentials{PassphraseFile: pass}, nil); err != nil {
		t.Errorf("a private passphrase file: %v", err)
	}
}

// TestOpenWithoutCheckpointWarns: a vault opened on a host that holds no
// checkpoint for it says so in the store's Info, which the App puts in
// the status bar (issue 15: never silent).
func TestOpenWithoutCheckpointWarns(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	pass := "rätt lösenfras för test"
	opts := &vault.Options{StateDir: filepath.Join(dir, "state"), ScryptWorkFactor: 10}
	v, err := vault.Init(ctx, filepath.Join(dir, "vault"), vault.Config{Passphrase: pass, Name: "Test"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	for _, tc := range []struct {
		state string
		warns bool
	}{{"state", false}, {"another-host", true}} {
		o := *opts
		o.StateDir = filepath.Join(dir, tc.state)
		op, err := newVaultOpener(filepath.Join(dir, "vault"), &o)
		if err != nil {
			t.Fatal(err)
		}
		st, err := op.Open(ctx, Credentials{Passphrase: []byte(pass)})
		if err != nil {
			t.Fatal(err)
		}
		i := st.Info()
		st.Close()
		if i.Untrusted != tc.warns || i.Copy {
			t.Errorf("state %s: untrusted %v, copy %v", tc.state, i.Untrusted, i.Copy)
		}
	}
	// The first run says where the vault and its state are.
	op, err := newVaultOpener(filepath.Join(dir, "new"), opts)
	if err != nil {
		t.Fatal(err)
	}
	st, err := op.Create(ctx, []byte(pass), "Ny")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if i := st.Info(); !i.Created || i.Dir != filepath.Join(dir, "new") || i.StateDir != opts.StateDir {
		t.Errorf("created: %+v", i)
	}
}
