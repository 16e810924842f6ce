package bundle

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"filippo.io/age"
)

func TestGenerateIdentityDeterministic(t *testing.T) {
	a1 := mustIdentity(t, vaultA, 1)
	a2 := mustIdentity(t, vaultA, 1)
	b := mustIdentity(t, vaultA, 2)
	if a1.Public().Fingerprint() != a2.Public().Fingerprint() {
		t.Fatal("same randomness gave different identities")
	}
	if a1.Public().Fingerprint() == b.Public().Fingerprint() {
		t.Fatal("different randomness gave the same identity")
	}
	fp := a1.Public().Fingerprint()
	if len(fp) != 29 || strings.Count(fp, "-") != 5 {
		t.Fatalf("fingerprint %q: want 6 groups of 4", fp)
	}
	p := a1.Public()
	if !strings.HasPrefix(p.Recipients[0], "age1pq1") || !strings.HasPrefix(p.Recipients[1], "age1") {
		t.Fatalf("recipients %v: want post-quantum first, then X25519", p.Recipients)
	}
	if !p.CanImportFrom() {
		t.Fatal("a varn identity must allow import")
	}
}

func TestGenerateIdentityErrors(t *testing.T) {
	if _, err := GenerateIdentity(bytes.NewReader(make([]byte, 10)), vaultA); err == nil {
		t.Fatal("short randomness accepted")
	}
	for _, v := range []string{"", "has space", "a+b", strings.Repeat("x", 65), "tab\t"} {
		if _, err := GenerateIdentity(nil, v); err == nil {
			t.Errorf("vault ID %q accepted", v)
		}
	}
}

func TestPublicBlockRoundTrip(t *testing.T) {
	id := mustIdentity(t, vaultA, 1)
	block := id.Public().String()
	// Text around the block, as in a mail or a file with notes, is ignored.
	p, err := ParsePublic("Hej! Här är vår nyckel.\n\n" + block + "\nMvh\n")
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != block || p.Fingerprint() != id.Public().Fingerprint() {
		t.Fatal("parsed identity differs from the printed one")
	}
	if p.VaultID != vaultA || !bytes.Equal(p.SigningKey, id.Public().SigningKey) {
		t.Fatal("vault ID or signing key lost")
	}
}

func TestParsePublicRejects(t *testing.T) {
	id := mustIdentity(t, vaultA, 1)
	other := mustIdentity(t, vaultB, 2)
	block := id.Public().String()
	lines := strings.Split(block, "\n")
	replaceLine := func(prefix, with string) string {
		out := append([]string(nil), lines...)
		for i, l := range out {
			if strings.HasPrefix(l, prefix) {
				out[i] = with
				break
			}
		}
		return strings.Join(out, "\n")
	}
	flip := func(s string, at int) string {
		b := []byte(s)
		if b[at] == 'q' {
			b[at] = 'p'
		} else {
			b[at] = 'q'
		}
		return string(b)
	}
	tests := []struct {
		name, block, want string
	}{
		{"empty", "", "no complete identity block"},
		{"no end", strings.Join(lines[:3], "\n"), "no complete identity block"},
		{"recipient edited", strings.Replace(block, id.Public().Recipients[1], other.Public().Recipients[1], 1), "does not match its keys"},
		{"recipient corrupted", strings.Replace(block, id.Public().Recipients[1], flip(id.Public().Recipients[1], 20), 1), "recipient"},
		{"vault edited", strings.Replace(block, vaultA, vaultB, 1), "not named for its vault"},
		{"signing key of other", replaceLine("signing-key:", "signing-key: "+other.Public().VerifierKey()), "not named for its vault"},
		{"no fingerprint", replaceLine("fingerprint:", ""), "no fingerprint"},
		{"wrong fingerprint", replaceLine("fingerprint:", "fingerprint: "+other.Public().Fingerprint()), "does not match"},
		{"unknown field", replaceLine("vault:", "name: x"), "unknown field"},
		{"no recipient", replaceLine("recipient: age1pq", ""), "does not match"},
		{"bad recipient type", replaceLine("recipient: age1pq", "recipient: ssh-ed25519 AAAA"), "unsupported recipient"},
		{"garbage line", replaceLine("vault:", "garbage"), "want \"name: value\""},
		{"too long", strings.Repeat("x", 20000), "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePublic(tt.block)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "bundle: ") {
				t.Fatalf("error %q is not one prefixed line", err)
			}
		})
	}
}

func TestPublicFromRecipients(t *testing.T) {
	id := mustIdentity(t, vaultA, 1)
	pub := id.Public()
	p, err := PublicFromRecipients("", []string{pub.Recipients[1]}, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.CanImportFrom() {
		t.Fatal("an age-only partner must not allow import")
	}
	if _, err := PublicFromRecipients(vaultA, pub.Recipients, pub.VerifierKey()); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		vault string
		recs  []string
		key   string
	}{
		{"", nil, ""},
		{"", []string{"age1notakey"}, ""},
		{"", pub.Recipients, pub.VerifierKey()},     // key without vault
		{vaultB, pub.Recipients, pub.VerifierKey()}, // key named for another vault
		{vaultA, pub.Recipients, "ed25519 AAAA"},    // not a note key
		{"bad vault", pub.Recipients, ""},
	} {
		if _, err := PublicFromRecipients(tt.vault, tt.recs, tt.key); err == nil {
			t.Errorf("PublicFromRecipients(%q, %v, %q) accepted", tt.vault, tt.recs, tt.key)
		}
	}
}

func TestIdentityMarshalWipe(t *testing.T) {
	id := mustIdentity(t, vaultA, 1)
	b, err := id.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalIdentity(b)
	if err != nil {
		t.Fatal(err)
	}
	if back.Public().String() != id.Public().String() || back.VaultID() != vaultA {
		t.Fatal("identity changed in a marshal round trip")
	}
	// Every truncation and every flipped magic byte is refused, with a
	// message that holds none of the input.
	for i := 0; i < len(b); i++ {
		if _, err := UnmarshalIdentity(b[:i]); err == nil {
			t.Fatalf("truncated at %d accepted", i)
		} else {
			mustNotContainSecret(t, err.Error(), id)
		}
	}
	bad := bytes.Clone(b)
	bad[0] ^= 1
	if _, err := UnmarshalIdentity(bad); err == nil {
		t.Fatal("bad magic accepted")
	}

	for _, s := range []string{fmt.Sprint(id), fmt.Sprintf("%v %+v %#v %s", id, id, id, id)} {
		mustNotContainSecret(t, s, id)
	}

	back.Wipe()
	if _, err := back.MarshalBinary(); err == nil {
		t.Fatal("wiped identity still marshals")
	}
	if back.x25519Seed != nil || back.signKey != nil || back.AgeIdentities() != nil {
		t.Fatal("wipe left key material reachable")
	}
	if _, err := back.AgeIdentityFile(); err == nil {
		t.Fatal("wiped identity still exports age keys")
	}
	if _, err := NewWriter(&bytes.Buffer{}, back, newWorld(t).header(1)); err == nil {
		t.Fatal("wiped identity still signs")
	}
}

func TestAgeIdentityFile(t *testing.T) {
	id := mustIdentity(t, vaultB, 2)
	f, err := id.AgeIdentityFile()
	if err != nil {
		t.Fatal(err)
	}
	ids, err := age.ParseIdentities(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 {
		t.Fatalf("got %d identities, want 2", len(ids))
	}
	if ids[0].(*age.HybridIdentity).Recipient().String() != id.Public().Recipients[0] ||
		ids[1].(*age.X25519Identity).Recipient().String() != id.Public().Recipients[1] {
		t.Fatal("age key file does not match the public identity")
	}
}
