package bundle

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"filippo.io/age"

	"varn/model"
)

// fuzzWorld is shared by fuzz iterations: making PQ keys is not free.
func fuzzSeeds(t testing.TB, w *world) [][]byte {
	good := plaintext(t, w, writeBundle(t, w.a, w.header(1), observations(3, vaultA)))
	empty := plaintext(t, w, writeBundle(t, w.a, w.header(2), nil))
	return [][]byte{
		good,
		empty,
		good[:len(good)/2],
		bytes.Replace(good, []byte("varn-bundle/v1"), []byte("varn-bundle/v9"), 1),
		bytes.Replace(good, []byte("R "), []byte("R 0"), 1),
		bytes.Replace(good, []byte("green"), []byte("red\x1b["), 1),
		[]byte(magicLine + "H 2\n{}\n"),
		[]byte(magicLine + "H 99999999999\n"),
		{},
	}
}

// FuzzBundleReader feeds arbitrary plaintext, encrypted to B as anyone
// could, to Open. It must never panic, never return a bundle together with
// an error, and every error must wrap exactly one sentinel; an accepted
// bundle must yield exactly its manifest's records.
func FuzzBundleReader(f *testing.F) {
	w := newWorld(f)
	for _, s := range fuzzSeeds(f, w) {
		f.Add(s)
	}
	x25519, err := age.ParseX25519Recipient(w.b.Public().Recipients[1])
	if err != nil {
		f.Fatal(err)
	}
	sentinels := []error{ErrWrongRecipient, ErrUnknownSigner, ErrWrongSigner, ErrBadSignature, ErrCorrupt,
		ErrExpired, ErrUnknownVersion, ErrMalformedRecord, ErrTooLarge, ErrReplay}
	f.Fuzz(func(t *testing.T, plain []byte) {
		var ct bytes.Buffer
		wc, _ := age.Encrypt(&ct, x25519)
		wc.Write(plain)
		wc.Close()
		cfg := w.openConfig()
		cfg.Limits = Limits{MaxBytes: 1 << 20, MaxRecords: 100, MaxRecordSize: 64 << 10, MemoryStage: 2048}
		cfg.TempDir = t.TempDir()
		b, err := openBytes(ct.Bytes(), cfg)
		if err != nil {
			if b != nil {
				t.Fatal("bundle and error both returned")
			}
			n := 0
			for _, s := range sentinels {
				if errors.Is(err, s) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("error %q wraps %d sentinels", err, n)
			}
			return
		}
		defer b.Close()
		n := 0
		for r, err := range b.Records() {
			if err != nil {
				t.Fatal(err)
			}
			if model.Validate(r, nil) != nil && validateRecord(r, nil) != nil {
				t.Fatal("accepted an invalid record")
			}
			n++
		}
		if n != b.Manifest().Records {
			t.Fatalf("%d records, manifest says %d", n, b.Manifest().Records)
		}
	})
}

// TestWriteFuzzCorpus regenerates testdata/fuzz/FuzzBundleReader when
// VARN_WRITE_CORPUS=1.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("VARN_WRITE_CORPUS") != "1" {
		t.Skip("set VARN_WRITE_CORPUS=1 to regenerate the fuzz seed corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzBundleReader")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range fuzzSeeds(t, newWorld(t)) {
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s)) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, "seed-"+strconv.Itoa(i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
