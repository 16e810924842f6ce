package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"varn/model"
)

func TestRoundTrip(t *testing.T) {
	w := newWorld(t)
	recs := observations(50, vaultA)
	for _, armored := range []bool{false, true} {
		for _, memStage := range []int64{0, 4 << 10} { // in memory; spilled to an encrypted file
			h := w.header(3)
			h.Armor = armored
			data := writeBundle(t, w.a, h, recs)
			if armored != bytes.HasPrefix(data, []byte("-----BEGIN AGE ENCRYPTED FILE-----")) {
				t.Fatalf("armor=%v but file starts %q", armored, data[:20])
			}
			cfg := w.openConfig()
			cfg.Limits.MemoryStage = memStage
			cfg.TempDir = t.TempDir()
			cfg.LastSequence = func(string) uint64 { return 2 }
			b, err := openBytes(data, cfg)
			if err != nil {
				t.Fatalf("armor=%v stage=%d: %v", armored, memStage, err)
			}
			if ents, _ := os.ReadDir(cfg.TempDir); len(ents) != 0 {
				t.Fatalf("staging left %d files visible in the temp dir", len(ents))
			}
			m := b.Manifest()
			if m.Sender.VaultID != vaultA || m.Recipient.VaultID != vaultB || m.Recipient.Name != "Lomma kommun" ||
				m.Sequence != 3 || !m.Created.Equal(t0) || !m.Expires.Equal(t0.Add(DefaultValidity)) ||
				m.Records != 50 || m.Counts[model.KindObservation] != 50 || m.LegalBasis != h.LegalBasis ||
				m.Purpose != h.Purpose || m.Checkpoint != string(h.Checkpoint) || m.Recipient.Key != w.b.Public().Fingerprint() {
				t.Fatalf("manifest %+v", m)
			}
			for pass := 0; pass < 2; pass++ { // records can be read more than once
				got := readAll(t, b)
				if len(got) != len(recs) {
					t.Fatalf("got %d records, want %d", len(got), len(recs))
				}
				for i, r := range recs {
					want, _ := model.Encode(r)
					if !bytes.Equal(got[i], want) {
						t.Fatalf("record %d differs:\n got %s\nwant %s", i, got[i], want)
					}
				}
			}
			b.Close()
			for _, err := range b.Records() {
				if err == nil {
					t.Fatal("records readable after Close")
				}
			}
		}
	}
}

func TestWriterManifestMatchesReader(t *testing.T) {
	w := newWorld(t)
	var buf bytes.Buffer
	bw, err := NewWriter(&buf, w.a, w.header(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range observations(3, vaultA) {
		if err := bw.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	wm, err := bw.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bw.Close(); err == nil {
		t.Fatal("second Close succeeded")
	}
	b, err := openBytes(buf.Bytes(), w.openConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rm := b.Manifest()
	if wm.Hash != rm.Hash || wm.RecordsHash != rm.RecordsHash || wm.BundleID != rm.BundleID || len(wm.HashString()) != 64 {
		t.Fatal("writer and reader disagree on the manifest hash")
	}
}

func TestEmptyBundle(t *testing.T) {
	w := newWorld(t)
	b, err := openBytes(writeBundle(t, w.a, w.header(1), nil), w.openConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Manifest().Records != 0 || len(readAll(t, b)) != 0 {
		t.Fatal("empty bundle has records")
	}
}

func TestArchiveCopyOpensForSender(t *testing.T) {
	w := newWorld(t)
	data := writeBundle(t, w.a, w.header(1), observations(2, vaultA))
	r, err := age.Decrypt(bytes.NewReader(data), w.a.AgeIdentities()...)
	if err != nil {
		t.Fatalf("sender cannot open its archive copy: %v", err)
	}
	plain := new(bytes.Buffer)
	if _, err := plain.ReadFrom(r); err != nil || !bytes.HasPrefix(plain.Bytes(), []byte(magicLine)) {
		t.Fatalf("archive copy: %v", err)
	}
	// It names B, so A's vault does not import it.
	cfg := w.openConfig()
	cfg.Identities = []*Identity{w.a}
	if _, err := openBytes(data, cfg); !errors.Is(err, ErrWrongRecipient) {
		t.Fatalf("err = %v, want ErrWrongRecipient", err)
	}
}

func TestClassicPartner(t *testing.T) {
	// A partner whose age predates v1.3 is pinned with its X25519
	// recipient only; the bundle (and the archive copy) use X25519.
	w := newWorld(t)
	pb := w.b.Public()
	classic, err := PublicFromRecipients(vaultB, pb.Recipients[1:], pb.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	h := w.header(1)
	h.To = classic
	data := writeBundle(t, w.a, h, observations(2, vaultA))
	if bytes.Contains(data, []byte("mlkem768x25519")) {
		t.Fatal("classic partner got a post-quantum stanza")
	}
	// B's vault knows B under its full identity; this bundle names the
	// classic-only fingerprint, so B must pin with the same public block
	// it gave out. Decryption itself works with B's X25519 key.
	if _, err := age.Decrypt(bytes.NewReader(data), w.b.AgeIdentities()[1]); err != nil {
		t.Fatal(err)
	}
}

func TestWriterRefuses(t *testing.T) {
	w := newWorld(t)
	red := observation(0, vaultA, model.TLPRed, seeded(1))
	strict := observation(1, vaultA, model.TLPAmberStrict, seeded(1))
	tests := []struct {
		name   string
		mutate func(*Header)
		add    model.Record
		want   string
	}{
		{"no legal basis", func(h *Header) { h.LegalBasis = " " }, nil, "legal basis"},
		{"no purpose", func(h *Header) { h.Purpose = "" }, nil, "legal basis and a purpose"},
		{"red ceiling", func(h *Header) { h.Scope.MaxTLP = model.TLPRed }, nil, "TLP:RED never leaves"},
		{"bad ceiling", func(h *Header) { h.Scope.MaxTLP = "purple" }, nil, "TLP ceiling"},
		{"no kinds", func(h *Header) { h.Scope.Kinds = nil }, nil, "no record kinds"},
		{"partners", func(h *Header) { h.Scope.Kinds = []model.Kind{model.KindPartner} }, nil, "never exported"},
		{"cases not included", func(h *Header) { h.Scope.Kinds = []model.Kind{model.KindCase} }, nil, "not explicitly included"},
		{"sequence 0", func(h *Header) { h.Sequence = 0 }, nil, "start at 1"},
		{"no recipient", func(h *Header) { h.To = nil }, nil, "no recipient"},
		{"expiry before creation", func(h *Header) { h.Expires = t0.Add(-time.Hour) }, nil, "expiry"},
		{"valid for years", func(h *Header) { h.Expires = t0.AddDate(10, 0, 0) }, nil, "a year at most"},
		{"red record", nil, red, "TLP:RED never leaves"},
		{"above ceiling", func(h *Header) { h.Scope.MaxTLP = model.TLPGreen }, strict, "above the bundle's ceiling"},
		{"kind not in scope", func(h *Header) { h.Scope.Kinds = []model.Kind{model.KindMeasure} }, strict, "not in the bundle's scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := w.header(1)
			if tt.mutate != nil {
				tt.mutate(&h)
			}
			var buf bytes.Buffer
			bw, err := NewWriter(&buf, w.a, h)
			if err == nil {
				err = bw.Add(tt.add)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// plaintext decrypts a bundle with B's keys.
func plaintext(t testing.TB, w *world, data []byte) []byte {
	t.Helper()
	r, err := age.Decrypt(bytes.NewReader(data), w.b.AgeIdentities()...)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// encryptTo encrypts plaintext to p's post-quantum recipient, as anyone
// holding p's public key can.
func encryptTo(t testing.TB, p *Public, plain []byte) []byte {
	t.Helper()
	pq, _, err := p.ageRecipients()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	wc, err := age.Encrypt(&buf, pq...)
	if err != nil {
		t.Fatal(err)
	}
	wc.Write(plain)
	wc.Close()
	return buf.Bytes()
}

type frames struct {
	header  []byte
	records [][]byte
	trailer []byte
	sig     []byte
}

func splitFrames(t testing.TB, plain []byte) frames {
	t.Helper()
	rest, ok := bytes.CutPrefix(plain, []byte(magicLine))
	if !ok {
		t.Fatal("no magic")
	}
	var f frames
	for len(rest) > 0 {
		typ := rest[0]
		nl := bytes.IndexByte(rest, '\n')
		var n int
		if err := json.Unmarshal(rest[2:nl], &n); err != nil {
			t.Fatal(err)
		}
		p := rest[nl+1 : nl+1+n]
		rest = rest[nl+1+n+1:]
		switch typ {
		case frameHeader:
			f.header = p
		case frameRecord:
			f.records = append(f.records, p)
		case frameTrailer:
			f.trailer = p
		case frameSig:
			f.sig = p
		}
	}
	return f
}

func (f frames) join() []byte {
	var buf bytes.Buffer
	buf.WriteString(magicLine)
	put := func(typ byte, p []byte) {
		buf.WriteByte(typ)
		buf.WriteByte(' ')
		buf.WriteString(strings.TrimSpace(string(mustJSON(len(p)))))
		buf.WriteByte('\n')
		buf.Write(p)
		buf.WriteByte('\n')
	}
	put(frameHeader, f.header)
	for _, r := range f.records {
		put(frameRecord, r)
	}
	put(frameTrailer, f.trailer)
	if f.sig != nil {
		put(frameSig, f.sig)
	}
	return buf.Bytes()
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// resign recomputes trailer and signature over f with signer's key, as a
// forger who holds signer's key would.
func (f *frames) resign(signer *Identity, counts map[model.Kind]int) {
	h := newRecordsHasher()
	var nb int64
	for _, r := range f.records {
		h.add(r)
		nb += int64(len(r))
	}
	rh := h.sum()
	f.trailer = mustJSON(&trailer{HeaderHash: sha256Hex(f.header), Records: len(f.records), RecordBytes: nb,
		Counts: counts, RecordsHash: hexs(rh[:])})
	sig, _ := signer.sign(signedMessage(manifestHash(f.header, f.trailer)))
	f.sig = []byte(base64.StdEncoding.EncodeToString(sig))
}

func hexs(b []byte) string { return hex.EncodeToString(b) }

// editHeader changes the header JSON through fn.
func (f *frames) editHeader(t testing.TB, fn func(map[string]any)) {
	var m map[string]any
	if err := json.Unmarshal(f.header, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	f.header = mustJSON(m)
}

func TestOpenRejects(t *testing.T) {
	w := newWorld(t)
	recs := observations(20, vaultA)
	good := writeBundle(t, w.a, w.header(3), recs)
	goodPlain := plaintext(t, w, good)
	counts := map[model.Kind]int{model.KindObservation: len(recs)}
	toC := w.header(3)
	toC.To = w.c.Public()
	forC := writeBundle(t, w.a, toC, recs)

	// forge builds a bundle from good's frames edited by fn, re-signed by
	// signer (nil: keep the original trailer and signature), encrypted to B.
	forge := func(signer *Identity, fn func(*frames)) func(*testing.T) []byte {
		return func(t *testing.T) []byte {
			f := splitFrames(t, goodPlain)
			fn(&f)
			if signer != nil {
				f.resign(signer, counts)
			}
			return encryptTo(t, w.b.Public(), f.join())
		}
	}
	fixed := func(b []byte) func(*testing.T) []byte { return func(*testing.T) []byte { return b } }
	flipAt := func(pos int) func(*testing.T) []byte {
		return func(*testing.T) []byte {
			b := bytes.Clone(good)
			b[pos] ^= 0x04
			return b
		}
	}
	withEncoder := func(enc func(model.Record) ([]byte, error)) func(*testing.T) []byte {
		return func(t *testing.T) []byte {
			var buf bytes.Buffer
			bw, err := NewWriter(&buf, w.a, w.header(3))
			if err != nil {
				t.Fatal(err)
			}
			bw.encoder = enc
			for _, r := range recs[:3] {
				if err := bw.Add(r); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := bw.Close(); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
	}
	tests := []struct {
		name string
		make func(*testing.T) []byte
		cfg  func(*OpenConfig)
		want error
	}{
		{"encrypted to another vault", fixed(forC), nil, ErrWrongRecipient},
		{"forwarded by its recipient", func(t *testing.T) []byte {
			r, _ := age.Decrypt(bytes.NewReader(forC), w.c.AgeIdentities()...)
			var b bytes.Buffer
			b.ReadFrom(r)
			return encryptTo(t, w.b.Public(), b.Bytes())
		}, nil, ErrWrongRecipient},
		{"names our vault but another key", forge(w.a, func(f *frames) {
			f.editHeader(t, func(m map[string]any) { m["recipient"].(map[string]any)["key"] = w.c.Public().Fingerprint() })
		}), nil, ErrWrongRecipient},
		{"unknown sender", fixed(good), func(c *OpenConfig) {
			c.Trusted = func(string) (ed25519.PublicKey, bool) { return nil, false }
		}, ErrUnknownSigner},
		{"partner without signing key", fixed(good), func(c *OpenConfig) {
			c.Trusted = func(string) (ed25519.PublicKey, bool) { return nil, true }
		}, ErrUnknownSigner},
		{"signed by another key than pinned", fixed(good), func(c *OpenConfig) {
			c.Trusted = func(string) (ed25519.PublicKey, bool) { return w.c.Public().SigningKey, true }
		}, ErrWrongSigner},
		{"forged by a stranger in the sender's name", forge(w.c, func(f *frames) {}), nil, ErrBadSignature},
		{"record altered and re-encrypted", forge(nil, func(f *frames) {
			f.records[5] = bytes.Replace(f.records[5], []byte("Norrbacka"), []byte("Norrbackb"), 1)
		}), nil, ErrBadSignature},
		{"record removed", forge(nil, func(f *frames) { f.records = f.records[1:] }), nil, ErrBadSignature},
		{"records reordered", forge(nil, func(f *frames) { f.records[0], f.records[1] = f.records[1], f.records[0] }), nil, ErrBadSignature},
		{"sequence altered", forge(nil, func(f *frames) {
			f.editHeader(t, func(m map[string]any) { m["sequence"] = 99 })
		}), nil, ErrBadSignature},
		{"valid for ten years", forge(w.a, func(f *frames) {
			f.editHeader(t, func(m map[string]any) { m["expires"] = t0.AddDate(10, 0, 0).Format(time.RFC3339) })
		}), nil, ErrCorrupt},
		{"signature garbage", forge(nil, func(f *frames) { f.sig = []byte("not base64!") }), nil, ErrBadSignature},
		{"signature stripped", forge(nil, func(f *frames) { f.sig = nil }), nil, ErrCorrupt},
		{"data after signature", func(t *testing.T) []byte {
			return encryptTo(t, w.b.Public(), append(bytes.Clone(goodPlain), "R 2\n{}\n"...))
		}, nil, ErrCorrupt},
		{"truncated by one byte", fixed(good[:len(good)-1]), nil, ErrCorrupt},
		{"truncated at a chunk", fixed(good[:len(good)-len(good)%(64<<10+16)]), nil, ErrCorrupt},
		{"truncated in the middle", fixed(good[:len(good)/2]), nil, ErrCorrupt},
		{"truncated in the age header", fixed(good[:40]), nil, ErrCorrupt},
		{"empty file", fixed(nil), nil, ErrCorrupt},
		{"not an age file", fixed([]byte("hello, this is not a bundle\n")), nil, ErrCorrupt},
		{"bit flipped near the end", flipAt(len(good) - 10), nil, ErrCorrupt},
		{"bit flipped in the middle", flipAt(len(good) / 2), nil, ErrCorrupt},
		{"bit flipped in the header MAC", func(t *testing.T) []byte {
			b := bytes.Clone(good)
			i := bytes.Index(b, []byte("\n--- ")) + 6
			b[i] ^= 1
			return b
		}, nil, ErrCorrupt},
		{"expired", fixed(good), func(c *OpenConfig) {
			c.Now = func() time.Time { return t0.Add(DefaultValidity) }
		}, ErrExpired},
		{"future format in magic", forge(nil, func(f *frames) {}), func(c *OpenConfig) {}, nil}, // placeholder replaced below
		{"future format in header", forge(w.a, func(f *frames) {
			f.editHeader(t, func(m map[string]any) { m["format"] = 2 })
		}), nil, ErrUnknownVersion},
		{"record not JSON", withEncoder(func(model.Record) ([]byte, error) { return []byte("{not json"), nil }), nil, ErrMalformedRecord},
		{"unknown code", withEncoder(func(r model.Record) ([]byte, error) {
			b, _ := model.Encode(r)
			return bytes.Replace(b, []byte(`"white_power"`), []byte(`"nazi"`), 1), nil
		}), nil, ErrMalformedRecord},
		{"invalid record ID", withEncoder(func(r model.Record) ([]byte, error) {
			b, _ := model.Encode(r)
			return bytes.Replace(b, []byte(r.Base().ID), []byte("01J-NOT-AN-ID-AT-ALL-ZZZZZ"), 1), nil
		}), nil, ErrMalformedRecord},
		{"fails validation (empty summary)", withEncoder(func(r model.Record) ([]byte, error) {
			o := *r.(*model.Observation)
			o.Summary = ""
			return model.Encode(&o)
		}), nil, ErrMalformedRecord},
		{"links a record of the wrong kind", withEncoder(func(r model.Record) ([]byte, error) {
			o := *r.(*model.Observation)
			o.Measures = []model.ID{recs[0].Base().ID} // an observation, not a measure
			if o.ID == recs[0].Base().ID {
				o.Measures = []model.ID{recs[1].Base().ID}
			}
			return model.Encode(&o)
		}), nil, ErrMalformedRecord},
		{"control characters in a code", withEncoder(func(r model.Record) ([]byte, error) {
			b, _ := model.Encode(r)
			return bytes.Replace(b, []byte(`"white_power"`), []byte(`"\u001b[2Jx"`), 1), nil
		}), nil, ErrMalformedRecord},
		{"TLP:RED record though signed", forge(w.a, func(f *frames) {
			f.records[0] = bytes.Replace(f.records[0], []byte(`"tlp":"green"`), []byte(`"tlp":"red"`), 1)
		}), nil, ErrOutOfScope},
		{"kind outside the scope though signed", forge(w.a, func(f *frames) {
			f.editHeader(t, func(m map[string]any) { m["scope"].(map[string]any)["kinds"] = []string{"measure"} })
		}), nil, ErrOutOfScope},
		{"TLP above the ceiling though signed", forge(w.a, func(f *frames) {
			f.editHeader(t, func(m map[string]any) { m["scope"].(map[string]any)["max_tlp"] = "clear" })
		}), nil, ErrOutOfScope},
		{"observation about an individual without cases", withEncoder(func(r model.Record) ([]byte, error) {
			o := *r.(*model.Observation)
			o.Dimension = model.DimensionIndividual
			return model.Encode(&o)
		}), nil, ErrOutOfScope},
		{"link to a case without cases", withEncoder(func(r model.Record) ([]byte, error) {
			o := *r.(*model.Observation)
			o.Cases = []model.ID{recs[19].Base().ID}
			return model.Encode(&o)
		}), nil, ErrOutOfScope},
		{"record of another partner's origin", withEncoder(func(r model.Record) ([]byte, error) {
			o := *r.(*model.Observation)
			o.Origin = vaultC
			return model.Encode(&o)
		}), nil, ErrNotSenders},
		{"record of the recipient's origin", withEncoder(func(r model.Record) ([]byte, error) {
			o := *r.(*model.Observation)
			o.Origin = vaultB
			return model.Encode(&o)
		}), nil, ErrNotSenders},
		{"record updated after the bundle was made", withEncoder(func(r model.Record) ([]byte, error) {
			o := *r.(*model.Observation)
			o.Updated = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
			o.Version = 999
			return model.Encode(&o)
		}), nil, ErrFutureDated},
		{"bundle made in the future", forge(w.a, func(f *frames) {
			f.editHeader(t, func(m map[string]any) {
				m["created"], m["expires"] = "2099-01-01T00:00:00Z", "2099-02-01T00:00:00Z"
			})
		}), nil, ErrFutureDated},
		{"duplicate record ID", forge(w.a, func(f *frames) { f.records[1] = f.records[0] }), nil, ErrMalformedRecord},
		{"signed counts wrong", func(t *testing.T) []byte {
			f := splitFrames(t, goodPlain)
			f.resign(w.a, map[model.Kind]int{model.KindObservation: 19, model.KindMeasure: 1})
			return encryptTo(t, w.b.Public(), f.join())
		}, nil, ErrMalformedRecord},
		{"too many records", fixed(good), func(c *OpenConfig) { c.Limits.MaxRecords = 19 }, ErrTooLarge},
		{"record too large", fixed(good), func(c *OpenConfig) { c.Limits.MaxRecordSize = 300 }, ErrTooLarge},
		{"bundle too large", fixed(good), func(c *OpenConfig) { c.Limits.MaxBytes = 4000 }, ErrTooLarge},
		{"header too large", fixed(good), func(c *OpenConfig) { c.Limits.MaxHeaderSize = 100 }, ErrTooLarge},
		{"age header far too large", fixed(append([]byte("age-encryption.org/v1\n-> X25519 "), bytes.Repeat([]byte("A"), 2<<20)...)), func(c *OpenConfig) { c.Limits.MaxBytes = 4000 }, ErrTooLarge},
		{"replayed", fixed(good), func(c *OpenConfig) { c.LastSequence = func(string) uint64 { return 3 } }, ErrReplay},
		{"older than last imported", fixed(good), func(c *OpenConfig) { c.LastSequence = func(string) uint64 { return 7 } }, ErrReplay},
	}
	// The magic-line case needs the plaintext rewritten, not a frame.
	for i := range tests {
		if tests[i].name == "future format in magic" {
			tests[i].make = func(t *testing.T) []byte {
				p := bytes.Replace(goodPlain, []byte("varn-bundle/v1\n"), []byte("varn-bundle/v2\n"), 1)
				return encryptTo(t, w.b.Public(), p)
			}
			tests[i].cfg, tests[i].want = nil, ErrUnknownVersion
		}
	}
	all := RejectionErrors()
	for _, tt := range tests {
		for _, spill := range []bool{false, true} {
			name := tt.name
			if spill {
				name += "/spilled"
			}
			t.Run(name, func(t *testing.T) {
				data := tt.make(t)
				cfg := w.openConfig()
				cfg.TempDir = t.TempDir()
				if spill {
					cfg.Limits.MemoryStage = 1000
				}
				if tt.cfg != nil {
					tt.cfg(&cfg)
				}
				b, err := openBytes(data, cfg)
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				for _, other := range all {
					if other != tt.want && errors.Is(err, other) {
						t.Fatalf("err = %v wraps %v too", err, other)
					}
				}
				if b != nil {
					t.Fatal("rejected bundle returned")
				}
				msg := err.Error()
				if strings.ContainsAny(msg, "\n\r\x1b") || !strings.HasPrefix(msg, "bundle: ") {
					t.Fatalf("error %q is not one clean prefixed line", msg)
				}
				mustNotContainSecret(t, msg, w.a, w.b, w.c)
				if ents, _ := os.ReadDir(cfg.TempDir); len(ents) != 0 {
					t.Fatalf("rejection left %d files in the temp dir", len(ents))
				}
			})
		}
	}
}

func TestCheckSequence(t *testing.T) {
	for _, tt := range []struct {
		seq, last uint64
		ok        bool
	}{{1, 0, true}, {5, 4, true}, {9, 4, true}, {4, 4, false}, {3, 4, false}} {
		err := CheckSequence(&Manifest{Sequence: tt.seq}, tt.last)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrReplay)) {
			t.Errorf("CheckSequence(%d, last %d) = %v", tt.seq, tt.last, err)
		}
	}
}
