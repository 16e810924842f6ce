package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"varn/model"
	"varn/tui/common"
	"varn/vault"
	"varn/vault/bundle"
)

// TestVaultStoreExchange runs an export and an import through the adapter
// the Utbyte screen uses, between two real vaults.
func TestVaultStoreExchange(t *testing.T) {
	ctx := context.Background()
	open := func(name string) *vault.Vault {
		dir := t.TempDir()
		v, err := vault.Init(ctx, filepath.Join(dir, "vault"), vault.Config{Passphrase: "ett långt testlösenord", Name: name},
			&vault.Options{ScryptWorkFactor: 10, StateDir: filepath.Join(dir, "state"), FreeSpaceReserve: -1, User: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { v.Close() })
		return v
	}
	a, b := open("Lund"), open("Lomma")
	pa, _ := a.Identity(ctx)
	pb, _ := b.Identity(ctx)
	if _, err := a.AddPartner(ctx, "Lomma kommun", model.OrgOtherMunicipality, pb, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddPartner(ctx, "Lunds kommun", model.OrgOtherMunicipality, pa, ""); err != nil {
		t.Fatal(err)
	}
	r, _ := model.New(model.KindObservation)
	o := r.(*model.Observation)
	o.Milieu, o.Dimension, o.ObsKind, o.Source = model.MilieuWhitePower, model.DimensionArea, model.ObsPresence, model.OrgPolice
	o.Concern, o.Trend, o.Observed, o.Summary = model.ConcernModerate, model.TrendStable, model.NewDate(2026, 3, 2), "Klistermärken"
	if _, err := a.Put(ctx, o); err != nil {
		t.Fatal(err)
	}
	sa, sb := newVaultStore(ctx, a), newVaultStore(ctx, b)
	var x common.Exchanger = sa
	ps, err := x.Partners(ctx)
	if err != nil || len(ps) != 1 || !ps[0].CanImport {
		t.Fatalf("partners = %+v, %v", ps, err)
	}
	req := common.ExportRequest{Partner: "Lomma kommun", LegalBasis: "OSL", Purpose: "Lägesbild", Path: filepath.Join(t.TempDir(), "b.age")}
	pv, err := sa.PreviewExport(ctx, req)
	if err != nil || pv.Total != 1 {
		t.Fatalf("preview = %+v, %v", pv, err)
	}
	if _, err := os.Stat(req.Path); !os.IsNotExist(err) {
		t.Fatal("the preview wrote the file")
	}
	calls := 0
	req.Progress = func(int, int) { calls++ }
	sum, err := sa.Export(ctx, req)
	if err != nil || sum.Sequence != 1 || len(sum.Bundle) != 64 || calls == 0 {
		t.Fatalf("export = %+v, %v (progress calls %d)", sum, err, calls)
	}
	if st, err := os.Stat(req.Path); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("bundle file: %v, %v", st, err)
	}
	if _, err := sa.Export(ctx, req); err == nil {
		t.Error("export overwrote an existing file")
	}
	ip, err := sb.PreviewImport(ctx, req.Path)
	if err != nil {
		t.Fatal(err)
	}
	if ip.From != "Lunds kommun" || ip.Counts[model.KindObservation].New != 1 {
		t.Fatalf("import preview = %+v", ip)
	}
	if _, err := b.Get(ctx, o.ID); err == nil {
		t.Fatal("the preview wrote the record")
	}
	counts, err := ip.Apply(ctx)
	if err != nil || counts[model.KindObservation].New != 1 {
		t.Fatalf("apply = %+v, %v", counts, err)
	}
	if _, err := b.Get(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if cs, err := sb.Conflicts(ctx); err != nil || len(cs) != 0 {
		t.Errorf("conflicts = %v, %v; want none", cs, err)
	}
	again, err := sb.PreviewImport(ctx, req.Path)
	if err != nil || !again.Already {
		t.Fatalf("second preview = %+v, %v; want already imported", again, err)
	}
}

// TestExchangeReasonsCatalogued: every reason the exchange gives — each
// sentinel a refused import wraps, each reason the export policy holds a
// record back for, each reason an import ignores a record for — has its
// own text in Swedish and English.
func TestExchangeReasonsCatalogued(t *testing.T) {
	refused := append(bundle.RejectionErrors(), vault.ErrCheckpoint, vault.ErrNoIdentity, vault.ErrChangedSincePreview, vault.ErrImportInterrupted)
	seen := map[model.Msg]error{}
	for _, sentinel := range refused {
		err := withReason(fmt.Errorf("%w: detail", sentinel))
		var rej common.ExchangeRejection
		if !errors.As(err, &rej) {
			t.Errorf("%v has no catalogued reason", sentinel)
			continue
		}
		if other, dup := seen[rej.Reason()]; dup {
			t.Errorf("%v and %v share the text %s", sentinel, other, rej.Reason())
		}
		seen[rej.Reason()] = sentinel
		sv, en := model.Swedish.T(rej.Reason()), model.English.T(rej.Reason())
		if sv == "" || en == "" || sv == en || sv == string(rej.Reason()) {
			t.Errorf("%v: texts %q / %q", sentinel, sv, en)
		}
		if !errors.Is(err, sentinel) || err.Error() != sentinel.Error()+": detail" {
			t.Errorf("%v: the detail is lost: %v", sentinel, err)
		}
	}
	for _, why := range append(bundle.WithheldReasons(), vault.ImportIgnoredReasons()...) {
		sv, en := model.ExchangeReason(model.Swedish, why), model.ExchangeReason(model.English, why)
		if sv == why || sv == "" || en == "" {
			t.Errorf("reason %q: not in the catalogue (sv %q, en %q)", why, sv, en)
		}
	}
}

// TestVaultStoreRefusedImport: a bundle for another vault is refused with
// its catalogued reason, and a conflict copy is listed with what differs
// and removed through the adapter.
func TestVaultStoreRefusedImport(t *testing.T) {
	ctx := context.Background()
	open := func(name string) *vault.Vault {
		dir := t.TempDir()
		v, err := vault.Init(ctx, filepath.Join(dir, "vault"), vault.Config{Passphrase: "ett långt testlösenord", Name: name},
			&vault.Options{ScryptWorkFactor: 10, StateDir: filepath.Join(dir, "state"), FreeSpaceReserve: -1, User: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { v.Close() })
		return v
	}
	a, b, c := open("Lund"), open("Lomma"), open("Malmö")
	pb, _ := b.Identity(ctx)
	if _, err := c.Identity(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AddPartner(ctx, "Lomma kommun", model.OrgOtherMunicipality, pb, ""); err != nil {
		t.Fatal(err)
	}
	r, _ := model.New(model.KindObservation)
	o := r.(*model.Observation)
	o.Milieu, o.Dimension, o.ObsKind, o.Source = model.MilieuWhitePower, model.DimensionArea, model.ObsPresence, model.OrgPolice
	o.Concern, o.Trend, o.Observed, o.Summary = model.ConcernModerate, model.TrendStable, model.NewDate(2026, 3, 2), "Klistermärken"
	if _, err := a.Put(ctx, o); err != nil {
		t.Fatal(err)
	}
	req := common.ExportRequest{Partner: "Lomma kommun", LegalBasis: "OSL", Purpose: "Lägesbild", Path: filepath.Join(t.TempDir(), "b.age")}
	if _, err := newVaultStore(ctx, a).Export(ctx, req); err != nil {
		t.Fatal(err)
	}
	_, err := newVaultStore(ctx, c).PreviewImport(ctx, req.Path)
	var rej common.ExchangeRejection
	if !errors.As(err, &rej) || rej.Reason() != model.XchRejWrongRecipient {
		t.Fatalf("bundle for another vault: %v", err)
	}
	var d common.ConflictDismisser = newVaultStore(ctx, b)
	if err := d.DismissConflict(ctx, o.ID, "0123456789abcdef"); err == nil {
		t.Error("removed a conflict copy that does not exist")
	}
}
