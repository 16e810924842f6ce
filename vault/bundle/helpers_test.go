package bundle

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"varn/model"
)

// Fixed times: bundles are created at t0 and read at tRead.
var (
	t0    = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	tRead = t0.Add(24 * time.Hour)
)

const (
	vaultA = "01JVAULTA0LUND000000000000"
	vaultB = "01JVAULTB0LOMMA00000000000"
	vaultC = "01JVAULTC0MALMO00000000000"
)

// seeded returns a deterministic random source.
func seeded(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

func mustIdentity(t testing.TB, vault string, seed byte) *Identity {
	t.Helper()
	id, err := GenerateIdentity(seeded(seed), vault)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// world is two partner vaults, A (sender) and B (receiver), and a stranger C.
type world struct {
	a, b, c *Identity
}

func newWorld(t testing.TB) *world {
	return &world{
		a: mustIdentity(t, vaultA, 1),
		b: mustIdentity(t, vaultB, 2),
		c: mustIdentity(t, vaultC, 3),
	}
}

// trustA is B's partner register: A is known with its pinned key.
func (w *world) trustA(id string) (ed25519.PublicKey, bool) {
	if id == vaultA {
		return w.a.Public().SigningKey, true
	}
	return nil, false
}

func (w *world) openConfig() OpenConfig {
	return OpenConfig{
		Identities: []*Identity{w.b},
		Trusted:    w.trustA,
		Now:        func() time.Time { return tRead },
	}
}

func (w *world) header(seq uint64) Header {
	return Header{
		To:         w.b.Public(),
		ToName:     "Lomma kommun",
		Archive:    w.a.Public(),
		Sequence:   seq,
		Created:    t0,
		Scope:      Scope{Kinds: []model.Kind{model.KindObservation, model.KindMeasure}, MaxTLP: model.TLPAmber},
		LegalBasis: "OSL 10 kap. 27 § (generalklausulen), samverkan enligt lag (2023:196)",
		Purpose:    "Gemensam lägesbild för kvartalsuppföljning",
		Checkpoint: []byte("varn.example/audit/" + vaultA + "\n42\nq0Lt3cW5HVqPE8G7r6q7nl2pYpVbUGmbJtqQdP4AQ8Y=\n\n— " + vaultA + " AAAAAAAA\n"),
		Rand:       seeded(9),
	}
}

// observation returns a valid observation of about 600 bytes encoded.
func observation(i int, origin string, tlp model.TLP, rnd *rand.ChaCha8) *model.Observation {
	at := t0.Add(-time.Duration(i+1) * time.Minute)
	return &model.Observation{
		Meta: model.Meta{
			ID: model.NewID(at, rnd), Origin: origin, Version: 1,
			Created: at, Updated: at, Author: "sakerhetschef", TLP: tlp,
		},
		Milieu:      model.MilieuWhitePower,
		Dimension:   model.DimensionArea,
		ObsKind:     model.ObsActivity,
		Area:        "Norrbacka",
		Source:      model.OrgPolice,
		Reliability: "B",
		Credibility: 2,
		Concern:     model.ConcernModerate,
		Trend:       model.TrendRising,
		Observed:    model.DateOf(at),
		Summary: fmt.Sprintf("Observation %d: klistermärken och flygblad med vit makt-budskap har setts vid "+
			"busshållplatsen och skolans cykelställ under veckan; polisen bedömer att spridningen sker "+
			"i samband med helgaktiviteter. Fastighetsägaren har sanerat. Uppgiften bygger på polisens "+
			"veckorapport och skolans egna iakttagelser. Fortsatt bevakning föreslås inför nästa möte.", i),
	}
}

func observations(n int, origin string) []model.Record {
	rnd := seeded(7)
	out := make([]model.Record, n)
	for i := range out {
		out[i] = observation(i, origin, model.TLPGreen, rnd)
	}
	return out
}

// writeBundle writes recs from w.a to w.b under h.
func writeBundle(t testing.TB, from *Identity, h Header, recs []model.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	bw, err := NewWriter(&buf, from, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := bw.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openBytes(b []byte, cfg OpenConfig) (*Bundle, error) {
	return Open(context.Background(), bytes.NewReader(b), cfg)
}

// readAll returns the encoded records of an open bundle.
func readAll(t testing.TB, b *Bundle) [][]byte {
	t.Helper()
	var out [][]byte
	for r, err := range b.Records() {
		if err != nil {
			t.Fatal(err)
		}
		enc, err := model.Encode(r)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, enc)
	}
	return out
}

func mustNotContainSecret(t testing.TB, s string, ids ...*Identity) {
	t.Helper()
	for _, id := range ids {
		for _, seed := range [][]byte{id.x25519Seed, id.hybridSeed, id.signSeed} {
			if len(seed) == 0 {
				continue
			}
			for _, enc := range []string{string(seed), fmt.Sprintf("%x", seed), bech32Encode("AGE-SECRET-KEY-", seed)} {
				if strings.Contains(s, enc) {
					t.Fatalf("secret key material in %q", s)
				}
			}
		}
	}
	if strings.Contains(strings.ToUpper(s), "AGE-SECRET-KEY") {
		t.Fatalf("secret key in %q", s)
	}
}
