package bundle

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

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
			f.records[0] = bytes.Replace(f.records[0], []byte(`"area":"Norrbacka"`), []byte(`"area":"Norrbacka","measures":["`+last.ID+`"]`), 1)
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
	f.Fuzz(func(t *testing.T, plain []byte) {
		var ct bytes.Buffer
		wc, _ := age.Encrypt(&ct, x25519)
		wc.Write(plain)
		wc.Close()
		cfg := w.openConfig()
		cfg.Limits = fuzzLimits
		cfg.TempDir = t.TempDir()
		b, err := openBytes(ct.Bytes(), cfg)
		checkOpened(t, b, err)
	})
}

// FuzzBundlePlaintext feeds arbitrary plaintext straight to the parser
// behind the decryption (what FuzzBundleReader reaches after age), so the
// fuzzer spends its time on the framing, manifest, signature and record
// checks instead of on X25519 and ChaCha20: many times the executions per
// second. The checks on the outcome are FuzzBundleReader's.
func FuzzBundlePlaintext(f *testing.F) {
	w := newWorld(f)
	for _, s := range fuzzSeeds(f, w) {
		f.Add(s)
	}
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, plain []byte) {
		cfg := w.openConfig()
		cfg.Limits = fuzzLimits
		cfg.TempDir = tmp
		lim := cfg.Limits.withDefaults()
		pr := &sizeLimitedReader{r: bytes.NewReader(plain), n: lim.MaxBytes, what: "bundle larger than the size limit"}
		fr := &frameReader{r: bufio.NewReaderSize(pr, 64<<10)}
		st := newStage(lim.MemoryStage, cfg.TempDir)
		now := time.Now
		if cfg.Now != nil {
			now = cfg.Now
		}
		b, err := openStream(context.Background(), fr, st, &cfg, lim, now)
		if err != nil {
			st.close()
		}
		checkOpened(t, b, err)
	})
}

// fuzzLimits are small, so that the fuzzer reaches the limits and the
// staging file (records beyond 2 KiB spill to it).
var fuzzLimits = Limits{MaxBytes: 1 << 20, MaxRecords: 100, MaxRecordSize: 64 << 10, MemoryStage: 2048}

// checkOpened checks what the reader made of a fuzzed input: never a
// bundle together with an error, every error wrapping exactly one
// sentinel, and an accepted bundle yielding exactly its manifest's
// records, each valid.
func checkOpened(t *testing.T, b *Bundle, err error) {
	t.Helper()
	if err != nil {
		if b != nil {
			t.Fatal("bundle and error both returned")
		}
		n := 0
		for _, s := range RejectionErrors() {
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
		ErrCorrupt, ErrMalformedRecord, ErrOutOfScope, ErrMalformedRecord, ErrMalformedRecord, ErrMalformedRecord,
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

// recordSep separates the records of a FuzzBundleSigned input.
var recordSep = []byte("\n\x00\n")

// FuzzBundleSigned fuzzes what a partner holding a valid signing key could
// send: the input is the bundle's records (separated by recordSep), which
// the harness frames, counts and signs with A's key under a valid header,
// so every input gets past the signature to the checks behind it (record
// decoding, validation as a form would, scope, TLP, duplicates, links).
// The checks on the outcome are FuzzBundleReader's.
func FuzzBundleSigned(f *testing.F) {
	w := newWorld(f)
	good := splitFrames(f, plaintext(f, w, writeBundle(f, w.a, w.header(1), observations(3, vaultA))))
	f.Add(bytes.Join(good.records, recordSep))
	f.Add(good.records[0])
	f.Add([]byte{})
	f.Add(bytes.Join([][]byte{good.records[0], good.records[0]}, recordSep))
	f.Add(bytes.Replace(good.records[1], []byte(`"green"`), []byte(`"red"`), 1))
	f.Add(bytes.Replace(good.records[2], []byte(`"record":"observation"`), []byte(`"record":"member"`), 1))
	f.Add(bytes.Replace(good.records[0], []byte(`"area":"Norrbacka"`), []byte(`"area":"Norr\u001b[2Jbacka"`), 1))
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := openSigned(w, good.header, in, tmp)
		checkOpened(t, b, err)
	})
}

// openSigned frames the records in (separated by recordSep) under header,
// counts them by the kind each names (as an honest writer would, so the
// counts check passes), signs them with A's key and opens the result.
func openSigned(w *world, header, in []byte, tmp string) (*Bundle, error) {
	fr := frames{header: header}
	if len(in) > 0 {
		fr.records = bytes.Split(in, recordSep)
	}
	counts := map[model.Kind]int{}
	for _, r := range fr.records {
		var k struct {
			Record model.Kind `json:"record"`
		}
		_ = json.Unmarshal(r, &k)
		counts[k.Record]++
	}
	fr.resign(w.a, counts)
	cfg := w.openConfig()
	cfg.Limits = fuzzLimits
	cfg.TempDir = tmp
	lim := cfg.Limits.withDefaults()
	st := newStage(lim.MemoryStage, cfg.TempDir)
	now := time.Now
	if cfg.Now != nil {
		now = cfg.Now
	}
	b, err := openStream(context.Background(), &frameReader{r: bufio.NewReader(bytes.NewReader(fr.join()))}, st, &cfg, lim, now)
	if err != nil {
		st.close()
	}
	return b, err
}

// TestFuzzSignedHarness keeps FuzzBundleSigned honest: its harness makes
// an acceptable bundle of good records, so the fuzzer starts from inputs
// that pass, and a TLP:RED record is refused by the check behind the
// signature, not by the signature.
func TestFuzzSignedHarness(t *testing.T) {
	w := newWorld(t)
	good := splitFrames(t, plaintext(t, w, writeBundle(t, w.a, w.header(1), observations(3, vaultA))))
	b, err := openSigned(w, good.header, bytes.Join(good.records, recordSep), t.TempDir())
	if err != nil {
		t.Fatalf("the harness's bundle of good records is refused: %v", err)
	}
	if b.Manifest().Records != 3 {
		t.Fatalf("%d records, want 3", b.Manifest().Records)
	}
	b.Close()
	red := bytes.Replace(good.records[1], []byte(`"green"`), []byte(`"red"`), 1)
	if _, err := openSigned(w, good.header, red, t.TempDir()); err == nil || errors.Is(err, ErrBadSignature) {
		t.Fatalf("a signed TLP:RED record: %v; want a refusal behind the signature", err)
	}
}
