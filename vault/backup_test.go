package vault

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"varn/model"
)

func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	v, _, o := newVault(t)
	x := mustX25519(t)
	if _, err := v.AddUnlocker(ctx, Recipient{Label: "backup key", Recipient: x.Recipient().String()}); err != nil {
		t.Fatal(err)
	}
	m := mustPut(t, v, member("Anna"))
	c := mustPut(t, v, caseRec("a concern"))
	if err := v.PutSetting(ctx, "areas", []byte("Piläng")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := v.Backup(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("Anna")) {
		t.Fatal("backup holds plaintext")
	}
	v.Close()
	// The original still exists on its host: restore as on a new host.
	o = newHost(t, o)

	// A wrong identity is refused and creates nothing usable.
	dir2 := filepath.Join(t.TempDir(), "restored")
	if _, err := Restore(ctx, bytes.NewReader(buf.Bytes()), dir2, []age.Identity{mustX25519(t)}, o); err == nil {
		t.Fatal("restore with a wrong identity succeeded")
	}
	dir3 := filepath.Join(t.TempDir(), "restored")
	r, err := Restore(ctx, bytes.NewReader(buf.Bytes()), dir3, []age.Identity{x}, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []model.ID{m.Base().ID, c.Base().ID} {
		if _, err := r.Get(ctx, id); err != nil {
			t.Fatalf("restored record %s: %v", id, err)
		}
	}
	if b, ok, err := r.Setting(ctx, "areas"); err != nil || !ok || string(b) != "Piläng" {
		t.Fatalf("restored setting: %q %v %v", b, ok, err)
	}
	if res, err := r.VerifyAudit(ctx); err != nil {
		t.Fatalf("restored audit log: %v %s", err, res)
	}
	r.Close()
	// The restored vault opens with the original passphrase.
	r2, err := Open(ctx, dir3, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	r2.Close()
	// A damaged backup is refused.
	bad := bytes.Clone(buf.Bytes())
	bad[len(bad)-10] ^= 1
	if _, err := Restore(ctx, bytes.NewReader(bad), filepath.Join(t.TempDir(), "x"), []age.Identity{x}, o); err == nil {
		t.Fatal("damaged backup restored")
	}
}

func TestBackupNeedsRecipient(t *testing.T) {
	v, _, _ := newVault(t)
	var buf bytes.Buffer
	if err := v.Backup(context.Background(), &buf); err == nil || errors.Is(err, ErrClosed) {
		t.Fatalf("backup of a passphrase-only vault without recipients: %v", err)
	}
}
