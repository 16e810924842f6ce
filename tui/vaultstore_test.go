package tui

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

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
