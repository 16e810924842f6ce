package auditlog

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const origin = "varn.example/01J00000000000000000000000"

func newKey(t *testing.T, name string) (*Signer, note.Verifier, []byte) {
	t.Helper()
	skey, vkey, err := GenerateKey(rand.Reader, name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	if s.VerifierKey() != vkey {
		t.Errorf("VerifierKey() = %q, want %q", s.VerifierKey(), vkey)
	}
	return s, v, skey
}

func TestSignParseRoundTrip(t *testing.T) {
	s, v, _ := newKey(t, origin)
	st := buildLog(t, 11)
	head := headOf(t, st)
	msg, err := Sign(head, s)
	if err != nil {
		t.Fatal(err)
	}
	root := base64.StdEncoding.EncodeToString(head.Root[:])
	wantText := origin + "\n11\n" + root + "\n\n— " + origin + " "
	if !strings.HasPrefix(string(msg), wantText) {
		t.Errorf("checkpoint text:\n%s\nwant prefix:\n%s", msg, wantText)
	}
	c, err := ParseCheckpoint(msg, v)
	if err != nil {
		t.Fatal(err)
	}
	if c.Origin != origin || c.Head != head {
		t.Errorf("parsed %+v, want %v", c, head)
	}
	if res, err := Verify(context.Background(), st, c); err != nil || res.Checkpoint != 11 {
		t.Errorf("Verify against own checkpoint: %v, %v", res, err)
	}

	// The empty log has a checkpoint too.
	msg, err = Sign(Head{Root: emptyRoot()}, s)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := ParseCheckpoint(msg, v); err != nil || c.Size != 0 {
		t.Errorf("empty checkpoint: %+v, %v", c, err)
	}
	if _, err := Sign(Head{}, s); err == nil {
		t.Error("Sign accepted an empty head with a zero root")
	}
	if _, err := Sign(Head{Size: maxSize + 1}, s); err == nil {
		t.Error("Sign accepted an absurd size")
	}
}

func TestParseCheckpointRejects(t *testing.T) {
	s, v, _ := newKey(t, origin)
	other, _, _ := newKey(t, origin)
	_, otherNameV, _ := newKey(t, "another.example/log")
	head := headOf(t, buildLog(t, 5))
	good, err := Sign(head, s)
	if err != nil {
		t.Fatal(err)
	}
	root := base64.StdEncoding.EncodeToString(head.Root[:])
	signText := func(text string) []byte {
		msg, err := note.Sign(&note.Note{Text: text}, s)
		if err != nil {
			t.Fatal(err)
		}
		return msg
	}
	byOther, _ := Sign(head, other)
	tests := []struct {
		name     string
		msg      []byte
		v        note.Verifier
		want     string
		tampered bool
	}{
		{"other key, same name", byOther, v, "not signed by this vault's audit key", false},
		{"other log's verifier", good, otherNameV, "not signed by this vault's audit key", false},
		{"size altered", bytes.Replace(good, []byte("\n5\n"), []byte("\n6\n"), 1), v, "signature does not match", true},
		{"root altered", bytes.Replace(good, []byte(root[:4]), []byte("AAAA"), 1), v, "signature does not match", true},
		{"not a note", []byte("hello\n"), v, "not a signed note", false},
		{"empty", nil, v, "not a signed note", false},
		{"escape sequence", append([]byte("\x1b[2J"), good...), v, "not a signed note", false},
		{"too long", bytes.Repeat([]byte("a"), maxCheckpointLen+1), v, "longer than", false},
		{"origin of another log", signText("other.example\n5\n" + root + "\n"), v, "for another log", false},
		{"two lines", signText(origin + "\n5\n"), v, "want origin, size and root", false},
		{"size with leading zero", signText(origin + "\n05\n" + root + "\n"), v, "bad size", false},
		{"size with sign", signText(origin + "\n+5\n" + root + "\n"), v, "bad size", false},
		{"size negative", signText(origin + "\n-5\n" + root + "\n"), v, "bad size", false},
		{"size absurd", signText(origin + "\n99999999999999\n" + root + "\n"), v, "bad size", false},
		{"root not base64", signText(origin + "\n5\n!!!!\n"), v, "bad root", false},
		{"root short", signText(origin + "\n5\n" + base64.StdEncoding.EncodeToString(make([]byte, 31)) + "\n"), v, "bad root", false},
		{"empty extension line", signText(origin + "\n5\n" + root + "\n\nx\n"), v, "empty extension line", false},
		{"empty log, non-empty root", signText(origin + "\n0\n" + root + "\n"), v, "empty log", false},
		{"no verifier", good, nil, "no verifier", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCheckpoint(tt.msg, tt.v)
			if err == nil {
				t.Fatalf("ParseCheckpoint accepted it: %+v", c)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "auditlog: ") {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if errors.Is(err, ErrTampered) != tt.tampered {
				t.Errorf("errors.Is(err, ErrTampered) = %v, want %v", !tt.tampered, tt.tampered)
			}
		})
	}

	// Extension lines after the root are allowed.
	if c, err := ParseCheckpoint(signText(origin+"\n5\n"+root+"\nextension\n"), v); err != nil || c.Head != head {
		t.Errorf("checkpoint with extension line: %+v, %v", c, err)
	}
}

func TestGenerateKeyInteroperatesWithNote(t *testing.T) {
	s, v, skey := newKey(t, origin)
	if !bytes.HasPrefix(skey, []byte("PRIVATE+KEY+"+origin+"+")) {
		t.Fatalf("skey not in note format")
	}
	ns, err := note.NewSigner(string(skey))
	if err != nil {
		t.Fatalf("note.NewSigner rejects our key: %v", err)
	}
	if ns.Name() != s.Name() || ns.KeyHash() != s.KeyHash() || v.KeyHash() != s.KeyHash() {
		t.Fatal("name or key hash differs from the note package's")
	}
	msg := []byte("text\n")
	a, _ := s.Sign(msg)
	b, _ := ns.Sign(msg)
	if !bytes.Equal(a, b) || !v.Verify(msg, a) {
		t.Error("signatures differ from the note package's or do not verify")
	}

	// A key from note.GenerateKey works with NewSigner too.
	nskey, nvkey, err := note.GenerateKey(rand.Reader, "n.example")
	if err != nil {
		t.Fatal(err)
	}
	ours, err := NewSigner([]byte(nskey))
	if err != nil || ours.VerifierKey() != nvkey {
		t.Errorf("NewSigner(note key) = %v, %v", ours, err)
	}

	key := s.key
	s.Zero()
	if bytes.Count(key, []byte{0}) != len(key) || len(key) != ed25519.PrivateKeySize {
		t.Errorf("Zero left the private key's %d bytes in memory", len(key))
	}
	if _, err := s.Sign(msg); err == nil {
		t.Error("Sign after Zero succeeded")
	}
	if _, err := Sign(Head{Root: emptyRoot()}, s); err == nil {
		t.Error("checkpoint signed after Zero")
	}
}

func TestNewSignerRejects(t *testing.T) {
	_, _, skey := newKey(t, origin)
	parts := strings.SplitN(string(skey), "+", 5)
	keyB64 := parts[4]
	raw, _ := base64.StdEncoding.DecodeString(keyB64)
	flipped := append([]byte(nil), raw...)
	flipped[5] ^= 1
	alg2 := append([]byte(nil), raw...)
	alg2[0] = 2
	join := func(p ...string) []byte { return []byte(strings.Join(p, "+")) }
	tests := []struct {
		name string
		skey []byte
		want string
	}{
		{"empty", nil, "malformed"},
		{"public key", join(parts[2], parts[3], keyB64), "malformed"},
		{"no PRIVATE", join("SECRET", "KEY", parts[2], parts[3], keyB64), "malformed"},
		{"bad hash hex", join("PRIVATE", "KEY", parts[2], "zzzzzzzz", keyB64), "malformed"},
		{"short hash", join("PRIVATE", "KEY", parts[2], "1234", keyB64), "malformed"},
		{"bad base64", join("PRIVATE", "KEY", parts[2], parts[3], keyB64[:10]+"*"), "malformed"},
		{"short key", join("PRIVATE", "KEY", parts[2], parts[3], base64.StdEncoding.EncodeToString(raw[:20])), "malformed"},
		{"long key", join("PRIVATE", "KEY", parts[2], parts[3], base64.StdEncoding.EncodeToString(append(raw, raw...))), "malformed"},
		{"other algorithm", join("PRIVATE", "KEY", parts[2], parts[3], base64.StdEncoding.EncodeToString(alg2)), "malformed"},
		{"damaged key", join("PRIVATE", "KEY", parts[2], parts[3], base64.StdEncoding.EncodeToString(flipped)), "does not match its key hash"},
		{"renamed", join("PRIVATE", "KEY", "other", parts[3], keyB64), "does not match its key hash"},
		{"space in name", join("PRIVATE", "KEY", "a b", parts[3], keyB64), "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSigner(tt.skey)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewSigner = %v, want error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), keyB64[:12]) || strings.Contains(err.Error(), keyB64[20:32]) {
				t.Errorf("error %q quotes the private key", err)
			}
		})
	}
}

func TestGenerateKeyRejectsBadNames(t *testing.T) {
	for _, name := range []string{"", "a b", "a+b", "tab\there", "\xff", "nbsp\u00a0x"} {
		if _, _, err := GenerateKey(rand.Reader, name); err == nil {
			t.Errorf("GenerateKey(%q) succeeded", name)
		}
	}
	if _, _, err := GenerateKey(failReader{}, "ok"); err == nil {
		t.Error("GenerateKey with a failing random source succeeded")
	}
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

// TestCheckpointDetectsRollback is the vault's use: keep the signed
// checkpoint outside the store, put an older copy of the store back, and
// Verify against the checkpoint.
func TestCheckpointDetectsRollback(t *testing.T) {
	s, v, _ := newKey(t, origin)
	st := buildLog(t, 8)
	backup := NewMemStore()
	for k, val := range st.m {
		backup.m[k] = val
	}
	for i := 8; i < 12; i++ {
		ev := sampleEvent(i)
		if err := Append(st, &ev); err != nil {
			t.Fatal(err)
		}
	}
	msg, err := Sign(headOf(t, st), s)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCheckpoint(msg, v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Verify(context.Background(), backup, c)
	if !errors.Is(err, ErrTampered) || res.Problem != Truncated || res.Seq != 8 {
		t.Errorf("rollback: %v (%v)", res, err)
	}
	// The newer log still proves it extends the older checkpoint.
	old := headOf(t, backup)
	p, err := ProveConsistency(st, old.Size, c.Size)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckConsistency(p, old, c.Head); err != nil {
		t.Error(err)
	}
	var zero tlog.Hash
	if c.Root == zero {
		t.Error("zero root")
	}
}

// FuzzParseCheckpoint feeds altered checkpoints to ParseCheckpoint: it must
// never panic, and whatever it accepts must carry a head that the key
// really signed (here, only the one head).
func FuzzParseCheckpoint(f *testing.F) {
	skey, vkey, err := GenerateKey(bytes.NewReader(bytes.Repeat([]byte{7}, 64)), origin)
	if err != nil {
		f.Fatal(err)
	}
	s, err := NewSigner(skey)
	if err != nil {
		f.Fatal(err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		f.Fatal(err)
	}
	head := Head{Size: 5, Root: tlog.RecordHash([]byte("x"))}
	good, err := Sign(head, s)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(origin + "\n5\n\n— x AAAA\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		c, err := ParseCheckpoint(msg, v)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "auditlog: ") {
				t.Fatalf("error without prefix: %v", err)
			}
			return
		}
		if c.Head != head || c.Origin != origin {
			t.Fatalf("accepted a head that was never signed: %+v", c)
		}
	})
}
