package vault

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
	"varn/vault/bundle"
)

// forger makes bundles validly signed by a partner gone bad: its own
// exchange identity and pinned key, any records and any scope.
type forger struct {
	t        *testing.T
	from, to *Vault
	toName   string
	seq      uint64
	// created is the bundle's creation time (now when zero).
	created time.Time
}

// bundle signs recs under scope (the default scope of an export when
// zero) with the next sequence number and the sender's current audit
// checkpoint.
func (f *forger) bundle(scope bundle.Scope, recs ...model.Record) []byte {
	t := f.t
	t.Helper()
	ctx := context.Background()
	id, err := f.from.exchangeIdentity(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer id.Wipe()
	pub, err := f.to.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := f.from.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	if scope.MaxTLP == "" {
		scope = bundle.Scope{Kinds: []model.Kind{model.KindMeasure, model.KindObservation, model.KindPicture}, MaxTLP: model.TLPAmber}
	}
	f.seq++
	return signBundle(t, id, bundle.Header{To: pub, ToName: f.toName, Sequence: f.seq, Scope: scope,
		LegalBasis: "OSL 10 kap. 27 §", Purpose: "test", Checkpoint: cp, Created: f.created}, recs...)
}

// signBundle writes recs into a bundle signed by id under header h.
func signBundle(t *testing.T, id *bundle.Identity, h bundle.Header, recs ...model.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := bundle.NewWriter(&buf, id, h)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// refused checks that importing file into v fails with want, in one line
// naming record id, and leaves v exactly as it was.
func refused(t *testing.T, v *Vault, file []byte, want error, id model.ID) {
	t.Helper()
	before := snapshot(t, v)
	_, _, err := importBytes(v, file)
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if msg := err.Error(); strings.Contains(msg, "\n") || (id != "" && !strings.Contains(msg, string(id))) {
		t.Errorf("message %q is not one line naming record %s", msg, id)
	}
	if snapshot(t, v) != before {
		t.Error("a refused bundle changed the vault")
	}
}

// TestExchangeOriginBoundToSigner: a partner speaks only for its own
// records. A (Lund) forges, with its own valid signature, C's (Malmö's)
// record at version 999, B's own record claimed for A, B's record as
// B's, and a record dated 2099: B refuses each bundle whole, in one line
// naming the record, writing nothing, and C's genuine record later
// imports as new.
func TestExchangeOriginBoundToSigner(t *testing.T) {
	ctx := context.Background()
	a, b := pair(t)
	c, _, _ := newVault(t)
	pc, _ := c.Identity(ctx)
	pb, _ := b.Identity(ctx)
	if _, err := b.AddPartner(ctx, "Malmö stad", model.OrgOtherMunicipality, pc, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AddPartner(ctx, "Lomma kommun", model.OrgOtherMunicipality, pb, ""); err != nil {
		t.Fatal(err)
	}
	fa := &forger{t: t, from: a, to: b, toName: "Lomma kommun"}
	// A genuine record of A's first, so that B holds A's checkpoint.
	mustPut(t, a, observation("Lunds egen uppgift"))
	mustImport(t, b, exportTo(t, a, "Lomma kommun", ExportOptions{}))
	fa.seq = 1

	cRec := mustPut(t, c, observation("Malmös uppgift")).(*model.Observation)
	bRec := mustPut(t, b, observation("Lommas egen uppgift")).(*model.Observation)
	copyOf := func(r model.Record) model.Record {
		enc, _ := model.Encode(r)
		out, err := model.Decode(enc)
		if err != nil {
			t.Fatal(err)
		}
		out.Base().Author = ""
		return out
	}

	t.Run("another partner's record", func(t *testing.T) {
		f := copyOf(cRec)
		f.(*model.Observation).Summary = "förfalskad av Lund"
		f.Base().Version = 999
		refused(t, b, fa.bundle(bundle.Scope{}, f), bundle.ErrNotSenders, cRec.ID)
	})
	t.Run("our record claimed for the sender", func(t *testing.T) {
		f := copyOf(bRec)
		f.Base().Origin = a.ID()
		f.Base().Version = 5
		f.(*model.Observation).Summary = "skriven över av Lund"
		refused(t, b, fa.bundle(bundle.Scope{}, f), bundle.ErrNotSenders, bRec.ID)
	})
	t.Run("our record as ours", func(t *testing.T) {
		f := copyOf(bRec)
		f.Base().Version = 5
		refused(t, b, fa.bundle(bundle.Scope{}, f), bundle.ErrNotSenders, bRec.ID)
	})
	t.Run("a record dated far after the bundle", func(t *testing.T) {
		f := observation("från framtiden")
		model.Prepare(f, time.Now(), "", a.ID(), nil)
		f.Updated = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
		f.Version = 999
		refused(t, b, fa.bundle(bundle.Scope{}, f), bundle.ErrFutureDated, f.ID)
	})
	t.Run("a record attached to our case", func(t *testing.T) {
		ours := mustPut(t, b, caseRec("Lommas ärende")).(*model.Case)
		f := measureRec("Stödperson")
		f.Tier, f.Type, f.Case = model.TierIndividual, model.MeasureSupportPerson, ours.ID
		model.Prepare(f, time.Now(), "", a.ID(), nil)
		scope := bundle.Scope{Kinds: []model.Kind{model.KindMeasure}, MaxTLP: model.TLPAmber, IncludeCases: true}
		refused(t, b, fa.bundle(scope, f), bundle.ErrNotSenders, f.ID)
	})
	t.Run("an identity number as the author", func(t *testing.T) {
		f := observation("uppgift")
		model.Prepare(f, time.Now(), "Kalle 850101-1236", a.ID(), nil)
		refused(t, b, fa.bundle(bundle.Scope{}, f), bundle.ErrMalformedRecord, f.ID)
	})
	t.Run("one bad record among good ones", func(t *testing.T) {
		good := observation("giltig")
		model.Prepare(good, time.Now(), "", a.ID(), nil)
		f := copyOf(cRec)
		refused(t, b, fa.bundle(bundle.Scope{}, good, f), bundle.ErrNotSenders, cRec.ID)
		if _, err := b.Get(ctx, good.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("the good record of a refused bundle was stored: %v", err)
		}
	})

	// C's genuine record arrives as new, and a record of A's own dated
	// within a day of the bundle (clocks a little apart) is accepted.
	if plan := mustImport(t, b, exportTo(t, c, "Lomma kommun", ExportOptions{})); plan.Total().New != 1 {
		t.Errorf("C's own bundle = %+v, want its record new", plan.Total())
	}
	got, err := b.Get(ctx, cRec.ID)
	if err != nil || got.(*model.Observation).Summary != "Malmös uppgift" || got.Base().Origin != c.ID() {
		t.Errorf("C's record at B = %+v, %v", got, err)
	}
	skewed := observation("klockan går före")
	model.Prepare(skewed, time.Now().Add(20*time.Hour), "", a.ID(), nil)
	if plan := mustImport(t, b, fa.bundle(bundle.Scope{}, skewed)); plan.Total().New != 1 {
		t.Errorf("a record 20 hours ahead: %+v, want it new", plan.Total())
	}
}

// TestExchangeReaderEnforcesScope: the reader holds a signed bundle to
// the scope its manifest declares as strictly as the writer does. Without
// cases included, an individual-tier measure or an observation about an
// individual — or a link to a case — is refused whole, and no case key is
// created. (A record above the TLP ceiling or of a kind not listed, which
// the writer will not write, is refused too: TestOpenRejects in
// vault/bundle forges those.)
func TestExchangeReaderEnforcesScope(t *testing.T) {
	a, b := pair(t)
	fa := &forger{t: t, from: a, to: b, toName: "Lomma kommun"}
	now := time.Now()
	caseID := model.NewID(now, nil)

	indivMeasure := measureRec("Stödperson")
	indivMeasure.Contact = ""
	indivMeasure.Tier = model.TierIndividual
	indivMeasure.Type = model.MeasureSupportPerson
	indivMeasure.Case = caseID
	model.Prepare(indivMeasure, now, "", a.ID(), nil)
	indivObs := observation("en ung person visar intresse")
	indivObs.Dimension = model.DimensionIndividual
	model.Prepare(indivObs, now, "", a.ID(), nil)
	linked := observation("länkar ett ärende")
	linked.Cases = []model.ID{caseID}
	model.Prepare(linked, now, "", a.ID(), nil)
	amber := observation("amber")
	amber.TLP = model.TLPAmber
	model.Prepare(amber, now, "", a.ID(), nil)
	ok := observation("giltig")
	model.Prepare(ok, now, "", a.ID(), nil)

	tests := []struct {
		name  string
		scope bundle.Scope
		recs  []model.Record
		id    model.ID
	}{
		{"individual-tier measure and individual observation", bundle.Scope{}, []model.Record{ok, indivMeasure, indivObs}, indivMeasure.ID},
		{"observation about an individual", bundle.Scope{}, []model.Record{indivObs}, indivObs.ID},
		{"observation linking a case", bundle.Scope{}, []model.Record{linked}, linked.ID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refused(t, b, fa.bundle(tc.scope, tc.recs...), bundle.ErrOutOfScope, tc.id)
			if b.cases.get(string(caseID)) != nil {
				t.Error("a case key was created for a case that does not exist")
			}
		})
	}
	// The same records within a scope that includes cases are accepted.
	withCases := bundle.Scope{Kinds: []model.Kind{model.KindMeasure, model.KindObservation}, MaxTLP: model.TLPAmber, IncludeCases: true}
	fa.seq = 0
	if plan := mustImport(t, b, fa.bundle(withCases, ok, indivObs, amber)); plan.Total().New != 3 {
		t.Errorf("control bundle: %+v, want 3 new", plan.Total())
	}
}

// TestExchangeReplayAfterReset: a bundle once imported is never imported
// again, however many bundles came after it and whether or not the
// partner's sequence was reset since — for as long as the bundle is
// valid; once it has expired, its expiry refuses it. (Only the last 64
// bundle hashes used to be kept: after 65 imports and a reset, the first
// bundle was accepted again and the received sequence went back.)
func TestExchangeReplayAfterReset(t *testing.T) {
	ctx := context.Background()
	a, b := pair(t)
	fa := &forger{t: t, from: a, to: b, toName: "Lomma kommun"}
	first := observation("det första paketet")
	model.Prepare(first, time.Now(), "", a.ID(), nil)
	firstFile := fa.bundle(bundle.Scope{}, first)
	mustImport(t, b, firstFile)
	for range 65 {
		mustImport(t, b, fa.bundle(bundle.Scope{}))
	}
	if _, err := b.ResetPartnerSequence(ctx, "Lunds kommun", "Lund återställde sitt valv; bekräftat per telefon"); err != nil {
		t.Fatal(err)
	}
	refused(t, b, firstFile, ErrAlreadyImported, "")
	// The restored partner's next bundle (sequence 1 again) is accepted.
	fa.seq = 0
	again := fa.bundle(bundle.Scope{})
	mustImport(t, b, again)
	for _, f := range [][]byte{firstFile, again} {
		refused(t, b, f, ErrAlreadyImported, "")
	}
	p, err := b.Partner(ctx, "Lunds kommun")
	if err != nil {
		t.Fatal(err)
	}
	if p.Partner.ReceivedSeq != 1 {
		t.Errorf("received sequence = %d, want 1", p.Partner.ReceivedSeq)
	}

	// Past its validity (30 days) a bundle is refused as expired, and
	// the hashes of expired bundles are no longer kept.
	later := time.Now().Add(40 * 24 * time.Hour)
	b.opts.now = func() time.Time { return later }
	refused(t, b, firstFile, bundle.ErrExpired, "")
	fa.created = later
	mustImport(t, b, fa.bundle(bundle.Scope{}))
	var st peerState
	if err := b.view(func(tx *badger.Txn) error { st, err = b.peer(tx, a.ID()); return err }); err != nil {
		t.Fatal(err)
	}
	if len(st.Valid) != 1 {
		t.Errorf("%d bundle hashes kept after all but one expired, want 1", len(st.Valid))
	}
}
