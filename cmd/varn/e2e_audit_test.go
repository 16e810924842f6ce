package main

import (
	"bytes"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"
)

// rawVaultDB opens the Badger store of a closed vault directly, as an
// attacker holding an unlocker could (docs/vault-format.md: the key file
// holds "varn-key-v1\n" || vault ID || data key; the Badger master key is
// HKDF-SHA-256(data key, salt vault ID, "varn/v1 badger master key")).
func rawVaultDB(t *testing.T, dir, idFile string) *badger.DB {
	t.Helper()
	b, err := os.ReadFile(idFile)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := age.ParseIdentities(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "keys", "*.age"))
	var plain []byte
	for _, f := range files {
		fb, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := age.Decrypt(bytes.NewReader(fb), ids...)
		if err != nil {
			continue
		}
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(r); err != nil {
			t.Fatal(err)
		}
		plain = buf.Bytes()
		break
	}
	const magic = "varn-key-v1\n"
	if !bytes.HasPrefix(plain, []byte(magic)) || len(plain) != len(magic)+16+32 {
		t.Fatalf("no key file of %s opens with the test identity (or the key file format changed)", dir)
	}
	vid, dataKey := plain[len(magic):len(magic)+16], plain[len(magic)+16:]
	master, err := hkdf.Key(sha256.New, dataKey, vid, "varn/v1 badger master key", 32)
	if err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(badger.DefaultOptions(filepath.Join(dir, "db")).
		WithEncryptionKey(master).WithIndexCacheSize(1 << 20).WithBlockCacheSize(1 << 20).WithLogger(nil))
	if err != nil {
		t.Fatalf("opening the vault's Badger store: %v", err)
	}
	return db
}

func eventKeyOf(seq uint64) []byte {
	k := []byte("a/e/\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint64(k[4:], seq)
	return k
}

func rawValue(t *testing.T, db *badger.DB, k []byte) []byte {
	t.Helper()
	var v []byte
	if err := db.View(func(tx *badger.Txn) error {
		it, err := tx.Get(k)
		if err != nil {
			return err
		}
		v, err = it.ValueCopy(nil)
		return err
	}); err != nil {
		t.Fatalf("reading %q: %v", k, err)
	}
	return v
}

// TestE2EAuditVerifyTampered edits audit events in the store of a copy of
// a vault and runs the real `varn audit verify` on it: exit 1 naming the
// first bad event. (The vault package's tamper tests cover the same edits
// through its internals; this proves the command's exit code and words.)
func TestE2EAuditVerifyTampered(t *testing.T) {
	w := newWorld(t)
	w.initVault("")
	var jl strings.Builder
	for range 30 {
		jl.WriteString(obsJSON("Granskad uppgift") + "\n")
	}
	id := strings.TrimSpace(w.must(obsJSON("En till"), "record", "add", "observation", "--json", "-"))
	w.must(jl.String(), "record", "import", "-")
	w.must("", "record", "get", id)
	w.must("", "record", "get", id)
	w.must(obsJSON("Och en till"), "record", "add", "observation", "--json", "-")
	out := w.must("", "audit", "verify")
	if !strings.Contains(out, "log intact") {
		t.Fatalf("audit verify of the untouched vault: %q", out)
	}
	t.Logf("untouched: %s", strings.TrimSpace(out))

	const k = 3 // an event in the middle
	tests := []struct {
		name string
		edit func(t *testing.T, db *badger.DB)
		want string
	}{
		{"modified", func(t *testing.T, db *badger.DB) {
			v := rawValue(t, db, eventKeyOf(k))
			v[len(v)-5] ^= 0x20
			set(t, db, eventKeyOf(k), v)
		}, "event 3"},
		{"deleted", func(t *testing.T, db *badger.DB) { del(t, db, eventKeyOf(k)) }, "event 3"},
		{"reordered", func(t *testing.T, db *badger.DB) {
			a, b := rawValue(t, db, eventKeyOf(k)), rawValue(t, db, eventKeyOf(k+1))
			set(t, db, eventKeyOf(k), b)
			set(t, db, eventKeyOf(k+1), a)
		}, "event 3"},
		{"inserted", func(t *testing.T, db *badger.DB) {
			// Every event from k on moves up by one; a copy of event 1 sits at k.
			var last uint64
			for s := uint64(k); ; s++ {
				if !has(db, eventKeyOf(s)) {
					last = s - 1
					break
				}
			}
			for s := last; s >= k; s-- {
				set(t, db, eventKeyOf(s+1), rawValue(t, db, eventKeyOf(s)))
			}
			set(t, db, eventKeyOf(k), rawValue(t, db, eventKeyOf(1)))
			// The shifted events are sealed to their old keys: the vault
			// refuses at unlock, when it reads the last event to append the
			// unlock event, naming it.
		}, "failed authentication (tampered or corrupt): audit event"},
	}
	t.Logf("tally: %d tamperings of the audit log or vault (faults injected), one subtest each", len(tests))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cw := *w
			cw.t = t
			cw.vault = filepath.Join(t.TempDir(), "vault")
			state := filepath.Join(t.TempDir(), "state")
			for _, c := range [][2]string{{w.vault, cw.vault}, {filepath.Join(w.home, "state"), state}} {
				if out, err := exec.Command("cp", "-a", c[0], c[1]).CombinedOutput(); err != nil {
					t.Fatalf("cp: %v %s", err, out)
				}
			}
			cw.env = append(append([]string(nil), w.env...), "XDG_STATE_HOME="+state)
			db := rawVaultDB(t, cw.vault, w.idFile)
			tt.edit(t, db)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			code, out, errs := cw.varn("", "audit", "verify", "--vault", cw.vault, "-i", w.idFile)
			t.Logf("exit %d: %s%s", code, out, errs)
			if code != 1 {
				t.Fatalf("audit verify after the edit: exit %d, want 1", code)
			}
			// The copy sits beside the vault its state names: varn warns
			// on its own line that it is a copy.
			msg := out + errs
			if w := "warning: this is a copy of the vault"; strings.Contains(errs, w) {
				msg = out + errs[:strings.Index(errs, w)]
			}
			if !strings.Contains(msg, tt.want) || strings.Count(msg, "\n") != 1 {
				t.Fatalf("audit verify does not name %q on one line: %q", tt.want, msg)
			}
		})
	}
}

func set(t *testing.T, db *badger.DB, k, v []byte) {
	t.Helper()
	if err := db.Update(func(tx *badger.Txn) error { return tx.Set(k, v) }); err != nil {
		t.Fatal(err)
	}
}

func del(t *testing.T, db *badger.DB, k []byte) {
	t.Helper()
	if err := db.Update(func(tx *badger.Txn) error { return tx.Delete(k) }); err != nil {
		t.Fatal(err)
	}
}

func has(db *badger.DB, k []byte) bool {
	return db.View(func(tx *badger.Txn) error { _, err := tx.Get(k); return err }) == nil
}
