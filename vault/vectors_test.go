package vault

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"strings"
	"testing"

	agetest "c2sp.org/CCTV/age"
	"filippo.io/age"
)

// TestAgeVectors runs the C2SP age test vectors through readAgeFile, the
// path every key file is read with: each "success" vector decrypts to its
// payload, every other vector fails, and a scrypt vector above the work
// factor cap is refused.
func TestAgeVectors(t *testing.T) {
	entries, err := fs.ReadDir(agetest.Vectors, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 100 {
		t.Fatalf("only %d vectors", len(entries))
	}
	for _, e := range entries {
		name := e.Name()
		data, err := fs.ReadFile(agetest.Vectors, name)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			expect, hash, ids, file := parseVector(t, data)
			pt, err := readAgeFile(bytes.NewReader(file), 1<<25, ids...)
			if expect == "success" {
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				if sha256.Sum256(pt) != hash {
					t.Fatal("payload hash mismatch")
				}
				return
			}
			if err == nil {
				t.Fatalf("want %s, got success", expect)
			}
		})
	}
}

func parseVector(t *testing.T, b []byte) (expect string, hash [32]byte, ids []age.Identity, file []byte) {
	compressed := false
	for {
		line, rest, ok := bytes.Cut(b, []byte("\n"))
		if !ok {
			t.Fatal("vector without payload")
		}
		b = rest
		if len(line) == 0 {
			break
		}
		k, v, _ := strings.Cut(string(line), ": ")
		switch k {
		case "expect":
			expect = v
		case "payload":
			h, _ := hex.DecodeString(v)
			copy(hash[:], h)
		case "identity":
			i, err := age.ParseX25519Identity(v)
			if err != nil {
				var hi *age.HybridIdentity
				hi, err = age.ParseHybridIdentity(v)
				i2 := age.Identity(hi)
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, i2)
				continue
			}
			ids = append(ids, i)
		case "passphrase":
			i, err := age.NewScryptIdentity(v)
			if err != nil {
				t.Fatal(err)
			}
			i.SetMaxWorkFactor(DefaultMaxScryptWorkFactor)
			ids = append(ids, i)
		case "compressed":
			compressed = true
		}
	}
	if compressed {
		r, err := zlib.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		b, err = io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
	}
	return expect, hash, ids, b
}
