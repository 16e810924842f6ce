package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"filippo.io/age"

	"varn/model"
)

// fuzzSeeds are the reader's seed corpus: a good bundle (which spills to
// the staging file at the fuzz target's staging limit), an empty one, and
// variants that reach each check behind the signature — validly signed
// by A, so the fuzzer starts past the cryptography.
func fuzzSeeds(t testing.TB, w *world) [][]byte {
	good := plaintext(t, w, writeBundle(t, w.a, w.header(1), observations(3, vaultA)))
	empty := plaintext(t, w, writeBundle(t, w.a, w.header(2), nil))
	obs := map[model.Kind]int{model.KindObservation: 3}
	signed := func(edit func(f *frames), counts map[model.Kind]int) []byte {
		f := splitFrames(t, good)
		edit(&f)
		f.resign(w.a, counts)
		return f.join()
	}
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
		// Signed, but: a record twice; TLP:RED; counts that do not match;
		// a record that is not valid as a form would see it; a kind
		// outside the scope; data after the signature; a link to a
		// record later in the bundle of the wrong kind.
		signed(func(f *frames) { f.records = append(f.records, f.records[0]) }, map[model.Kind]int{model.KindObservation: 4}),
		signed(func(f *frames) { f.records[1] = bytes.Replace(f.records[1], []byte(`"green"`), []byte(`"red"`), 1) }, obs),
		signed(func(*frames) {}, map[model.Kind]int{model.KindObservation: 2, model.KindMeasure: 1}),
		signed(func(f *frames) {
			f.records[2] = bytes.Replace(f.records[2], []byte(`"reliability":"B"`), []byte(`"reliability":"Q"`), 1)
		}, obs),
		signed(func(f *frames) {
			f.records[0] = bytes.Replace(f.records[0], []byte(`"record":"observation"`), []byte(`"record":"member"`), 1)
		}, map[model.Kind]int{model.KindObservation: 2, model.KindMember: 1}),
		append(bytes.Clone(good), "S 0\n\n"...),
		signed(func(f *frames) {
			var last struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(f.records[2], &last)
			f.records[0] = bytes.Replace(f.records[0], []byte(`"area":"Norrbacka"`), []byte(`"area":"Norrbacka","cases":["`+last.ID+`"]`), 1)
		}, obs),
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
	sentinels := RejectionErrors()
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

// TestFuzzSeedsReachTheirChecks keeps the seed corpus useful: each seed
// gets past the cryptography to the check it was made for (the fuzz target
// itself accepts any sentinel).
func TestFuzzSeedsReachTheirChecks(t *testing.T) {
	w := newWorld(t)
	x25519, err := age.ParseX25519Recipient(w.b.Public().Recipients[1])
	if err != nil {
		t.Fatal(err)
	}
	want := []error{nil, nil, ErrCorrupt, ErrUnknownVersion, ErrCorrupt, ErrBadSignature, ErrUnknownVersion, ErrCorrupt,
		ErrCorrupt, ErrMalformedRecord, ErrMalformedRecord, ErrMalformedRecord, ErrMalformedRecord, ErrMalformedRecord,
		ErrCorrupt, ErrMalformedRecord}
	seeds := fuzzSeeds(t, w)
	if len(seeds) != len(want) {
		t.Fatalf("%d seeds, %d expectations", len(seeds), len(want))
	}
	for i, s := range seeds {
		var ct bytes.Buffer
		wc, _ := age.Encrypt(&ct, x25519)
		wc.Write(s)
		wc.Close()
		cfg := w.openConfig()
		cfg.Limits = Limits{MemoryStage: 2048}
		cfg.TempDir = t.TempDir()
		b, err := openBytes(ct.Bytes(), cfg)
		if b != nil {
			b.Close()
		}
		if (want[i] == nil) != (err == nil) || want[i] != nil && !errors.Is(err, want[i]) {
			t.Errorf("seed %d: %v, want %v", i, err, want[i])
		}
	}
}
