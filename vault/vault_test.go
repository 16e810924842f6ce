package vault

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"varn/model"
)

func TestPutGetRoundTrip(t *testing.T) {
	v, _, o := newVault(t)
	ctx := context.Background()
	m := mustPut(t, v, member("Anna Andersson")).(*model.Member)
	if m.ID == "" || m.Version != 1 || m.Origin != v.ID() || m.Author != "tester" || m.Created.IsZero() {
		t.Fatalf("meta not filled: %+v", m.Meta)
	}
	got, err := v.Get(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.(*model.Member).Name != "Anna Andersson" {
		t.Fatalf("got %+v", got)
	}
	// Update.
	m.Name = "Anna B"
	if _, err := v.Put(ctx, m); err != nil {
		t.Fatal(err)
	}
	if m.Version != 2 {
		t.Fatalf("version %d, want 2", m.Version)
	}
	// A stale version is refused and changes nothing.
	stale := *m
	stale.Version = 1
	stale.Name = "Stale"
	if _, err := v.Put(ctx, &stale); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale put: %v, want ErrConflict", err)
	}
	if stale.Version != 1 {
		t.Fatalf("failed put changed the caller's record: version %d", stale.Version)
	}
	v = reopen(t, v, o)
	got, err = v.Get(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g := got.(*model.Member); g.Name != "Anna B" || g.Version != 2 {
		t.Fatalf("after reopen: %+v", g)
	}
	list, err := v.List(ctx, model.KindMember)
	if err != nil || len(list) != 1 {
		t.Fatalf("List: %v, %d records", err, len(list))
	}
	// Delete; the ID is not reused.
	if err := v.Delete(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(ctx, m.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after delete: %v", err)
	}
	again := member("X")
	again.ID = m.ID
	if _, err := v.Put(ctx, again); !errors.Is(err, ErrNotFound) {
		t.Fatalf("re-create deleted ID: %v", err)
	}
	evs := events(t, v)
	want := "unlock,create,update,lock,unlock,delete"
	if got := actions(evs); got != want {
		t.Fatalf("audit actions %s, want %s", got, want)
	}
	if f := evs[2].Fields; len(f) != 1 || f[0] != "name" {
		t.Fatalf("update event fields %v, want [name]", f)
	}
}

func TestPutInvalidRecordLosesNothing(t *testing.T) {
	v, _, _ := newVault(t)
	ctx := context.Background()
	m := mustPut(t, v, member("Anna")).(*model.Member)
	m.Name = ""
	_, err := v.Put(ctx, m)
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Put invalid: %v, want a validation error", err)
	}
	got, err := v.Get(ctx, m.ID)
	if err != nil || got.(*model.Member).Name != "Anna" || got.Base().Version != 1 {
		t.Fatalf("stored record changed: %v %+v", err, got)
	}
	if a := actions(events(t, v)); a != "unlock,create" {
		t.Fatalf("audit: %s", a)
	}
}

func TestWrongPassphrase(t *testing.T) {
	v, dir, o := newVault(t)
	v.Close()
	ctx := context.Background()
	for _, u := range []Unlock{{Passphrase: "wrong"}, {Identities: []age.Identity{mustX25519(t)}}} {
		_, err := Open(ctx, dir, u, o)
		if !errors.Is(err, ErrWrongKey) {
			t.Fatalf("Open with wrong key: %v", err)
		}
		if strings.Contains(err.Error(), "wrong") && u.Passphrase != "" && strings.Contains(err.Error(), u.Passphrase+"\"") {
			t.Fatal("error contains the passphrase")
		}
	}
	v2, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	evs := events(t, v2)
	if a := actions(evs); a != "unlock,lock,failed_unlock,failed_unlock,unlock" {
		t.Fatalf("audit: %s", a)
	}
	if _, err := os.Stat(filepath.Join(dir, failedName)); !os.IsNotExist(err) {
		t.Fatal("failed-unlock file not cleared")
	}
}

func mustX25519(t testing.TB) *age.X25519Identity {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestNotAVault(t *testing.T) {
	_, err := Open(context.Background(), t.TempDir(), Unlock{Passphrase: "x"}, testOpts(t))
	if !errors.Is(err, ErrNotVault) {
		t.Fatalf("got %v", err)
	}
}

func TestUnlockers(t *testing.T) {
	v, dir, o := newVault(t)
	ctx := context.Background()
	x := mustX25519(t)
	pq, err := age.GenerateHybridIdentity()
	if err != nil {
		t.Fatal(err)
	}
	ux, err := v.AddUnlocker(ctx, Recipient{Label: "laptop", Recipient: x.Recipient().String()})
	if err != nil {
		t.Fatal(err)
	}
	upq, err := v.AddUnlocker(ctx, Recipient{Label: "pq key", Recipient: pq.Recipient().String()})
	if err != nil {
		t.Fatal(err)
	}
	if ux.Type != TypeX25519 || upq.Type != TypeHybrid {
		t.Fatalf("types %s %s", ux.Type, upq.Type)
	}
	for _, bad := range []Recipient{{Label: "x", Recipient: "age1nope"}, {Label: "", Recipient: x.Recipient().String()}, {Label: "x\x1b[2J", Recipient: x.Recipient().String()}} {
		if _, err := v.AddUnlocker(ctx, bad); err == nil {
			t.Errorf("AddUnlocker(%q) accepted", bad)
		}
	}
	us, _ := v.Unlockers()
	if len(us) != 3 || us[0].Name != passphraseName {
		t.Fatalf("unlockers %+v", us)
	}
	if err := v.ChangePassphrase(ctx, "new pass"); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for _, tc := range []struct {
		u     Unlock
		label string
	}{
		{Unlock{Identities: []age.Identity{x}}, "laptop"},
		{Unlock{Identities: []age.Identity{pq}}, "pq key"},
		{Unlock{Passphrase: "new pass"}, "passphrase"},
	} {
		v, err := Open(ctx, dir, tc.u, o)
		if err != nil {
			t.Fatalf("open as %s: %v", tc.label, err)
		}
		if v.Actor().Key != tc.label {
			t.Errorf("actor key %q, want %q", v.Actor().Key, tc.label)
		}
		v.Close()
	}
	if _, err := Open(ctx, dir, Unlock{Passphrase: testPass}, o); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("old passphrase still opens: %v", err)
	}
	v, err = Open(ctx, dir, Unlock{Identities: []age.Identity{x}}, o)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.RemoveUnlocker(ctx, upq.Name); err != nil {
		t.Fatal(err)
	}
	if err := v.RemoveUnlocker(ctx, passphraseName); err != nil {
		t.Fatal(err)
	}
	if err := v.RemoveUnlocker(ctx, ux.Name); !errors.Is(err, ErrLastUnlocker) {
		t.Fatalf("removing the last unlocker: %v", err)
	}
	v.Close()
	if _, err := Open(ctx, dir, Unlock{Identities: []age.Identity{pq}}, o); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("removed unlocker still opens: %v", err)
	}
}

func TestScryptWorkFactorCapped(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "v")
	o := testOpts(t)
	o.ScryptWorkFactor = 16
	v, err := Init(context.Background(), dir, Config{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	o.MaxScryptWorkFactor = 15
	_, err = Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	if !errors.Is(err, ErrWrongKey) || !strings.Contains(err.Error(), "work factor") {
		t.Fatalf("got %v", err)
	}
}

func TestClosedVaultRefuses(t *testing.T) {
	v, _, _ := newVault(t)
	ctx := context.Background()
	m := mustPut(t, v, member("A"))
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if v.dataKey != nil || v.valueKey != nil || len(v.cases.keys) != 0 {
		t.Fatal("key material kept after Close")
	}
	if _, err := v.Get(ctx, m.Base().ID); !errors.Is(err, ErrClosed) {
		t.Fatalf("Get after close: %v", err)
	}
	if _, err := v.Put(ctx, member("B")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Put after close: %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestCloseZeroesKeys: Close (which the terminal app's lock calls)
// overwrites the key material varn holds — the data key, the keys derived
// from it and every case key — with zeros, not only drops the references.
func TestCloseZeroesKeys(t *testing.T) {
	v, _, _ := newVault(t)
	mustPut(t, v, caseRec("ett ärende"))
	mustPut(t, v, caseRec("ett till"))
	held := map[string][]byte{"data key": v.dataKey, "value key": v.valueKey, "state key": v.stateKey}
	for id, k := range v.cases.keys {
		held["case key "+id] = k
	}
	if len(held) != 5 {
		t.Fatalf("%d keys held before Close, want 5", len(held))
	}
	for name, k := range held {
		if len(k) != 32 || bytes.Count(k, []byte{0}) == len(k) {
			t.Fatalf("%s before Close: %d bytes, all zero %v", name, len(k), bytes.Count(k, []byte{0}) == len(k))
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	for name, k := range held {
		if bytes.Count(k, []byte{0}) != len(k) {
			t.Errorf("%s not zeroed by Close", name)
		}
	}
}

func TestSettingsAndDrafts(t *testing.T) {
	v, _, o := newVault(t)
	ctx := context.Background()
	name, ok, err := v.Setting(ctx, SettingName)
	if err != nil || !ok || string(name) != "Lomma" {
		t.Fatalf("name setting: %q %v %v", name, ok, err)
	}
	if err := v.PutSetting(ctx, "areas", []byte("Piläng\nBjärehov")); err != nil {
		t.Fatal(err)
	}
	if err := v.SaveDraft(ctx, "observation/new", []byte(`{"summary":"half"}`)); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v, o)
	if b, ok, err := v.Setting(ctx, "areas"); err != nil || !ok || string(b) != "Piläng\nBjärehov" {
		t.Fatalf("areas: %q %v %v", b, ok, err)
	}
	if b, ok, err := v.Draft(ctx, "observation/new"); err != nil || !ok || string(b) != `{"summary":"half"}` {
		t.Fatalf("draft: %q %v %v", b, ok, err)
	}
	if err := v.DeleteDraft(ctx, "observation/new"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := v.Draft(ctx, "observation/new"); ok || err != nil {
		t.Fatalf("deleted draft: %v %v", ok, err)
	}
	if _, ok, err := v.Setting(ctx, "unset"); ok || err != nil {
		t.Fatalf("unset setting: %v %v", ok, err)
	}
	if err := v.PutSetting(ctx, "bad\x1bname", nil); err == nil {
		t.Fatal("control character in a setting name accepted")
	}
}

func TestInUseBySecondOpener(t *testing.T) {
	v, dir, o := newVault(t)
	_ = v
	// Within the process the flock is per open file description, so a
	// second Open conflicts just as a second process does (see also
	// TestInUseOtherProcess).
	_, err := Open(context.Background(), dir, Unlock{Passphrase: testPass}, o)
	var iu *InUseError
	if !errors.As(err, &iu) || !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: %v", err)
	}
	if iu.User != "tester" || iu.PID != os.Getpid() || !strings.Contains(err.Error(), "vault is in use by tester (pid ") {
		t.Fatalf("in-use error: %v", err)
	}
}

func TestDiskFullRefused(t *testing.T) {
	v, _, _ := newVault(t)
	ctx := context.Background()
	mustPut(t, v, member("A"))
	before := len(events(t, v))
	v.opts.statfs = func(string) (uint64, error) { return 10 << 20, nil }
	_, err := v.Put(ctx, member("B"))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "only 10 MiB free on") {
		t.Fatalf("Put on a full disk: %v", err)
	}
	v.opts.statfs = func(string) (uint64, error) { return 1 << 40, nil }
	if n := len(events(t, v)); n != before {
		t.Fatalf("events %d, want %d", n, before)
	}
	if l, _ := v.List(ctx, model.KindMember); len(l) != 1 {
		t.Fatalf("%d members", len(l))
	}
}
