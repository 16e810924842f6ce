package bundle

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"varn/model"
)

// Header is what the sender states about a bundle. [NewWriter] fills in the
// bundle ID, the parties' key fingerprints and the times left zero.
type Header struct {
	// To is the partner's pinned public identity.
	To *Public
	// ToName is the partner organisation's name, as registered.
	ToName string
	// Archive, when set, is also a recipient, so the sender can open its
	// own export later: normally the sender's own [Identity.Public].
	Archive *Public
	// Sequence numbers the bundles from this sender to this recipient,
	// starting at 1; the vault keeps it per partner.
	Sequence uint64
	// Created defaults to the current time, Expires to Created plus
	// [DefaultValidity].
	Created, Expires time.Time
	// Scope is what the sender chose to share.
	Scope Scope
	// LegalBasis and Purpose record why the data may be disclosed (R3).
	// Both are required.
	LegalBasis, Purpose string
	// Checkpoint is the sender's latest signed audit checkpoint (a
	// golang.org/x/mod/sumdb/note text).
	Checkpoint []byte
	// CheckpointProof, when set, proves that Checkpoint extends the
	// checkpoint the sender sent in its previous bundle to the recipient.
	CheckpointProof *CheckpointProof
	// Armor writes the age file ASCII-armored (PEM-like text).
	Armor bool
	// Rand is the source of the bundle ID (crypto/rand.Reader when nil).
	Rand io.Reader
}

// Writer streams records into a bundle. Create it with [NewWriter], call
// [Writer.Add] for each record and [Writer.Close] to sign and finish.
// A Writer whose Add or Close failed must be discarded along with what it
// wrote.
type Writer struct {
	from    *Identity
	m       Manifest
	header  []byte
	armor   io.WriteCloser
	age     io.WriteCloser
	bw      *bufio.Writer
	hasher  recordsHasher
	counts  map[model.Kind]int
	n       int
	nbytes  int64
	kinds   map[model.Kind]bool
	err     error
	closed  bool
	encoder func(model.Record) ([]byte, error)
}

// NewWriter starts a bundle signed by from and encrypted to h.To (and to
// h.Archive), written to dst. It writes the age header and the bundle's
// header before returning.
func NewWriter(dst io.Writer, from *Identity, h Header) (*Writer, error) {
	if from == nil || from.signKey == nil {
		return nil, errors.New("bundle: no usable exchange identity to sign with")
	}
	if h.To == nil {
		return nil, errors.New("bundle: no recipient given")
	}
	if err := h.To.check(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(h.LegalBasis) == "" || strings.TrimSpace(h.Purpose) == "" {
		return nil, errors.New("bundle: an export needs a legal basis and a purpose (R3)")
	}
	if h.Sequence == 0 {
		return nil, errors.New("bundle: sequence numbers start at 1")
	}
	if h.Scope.MaxTLP == model.TLPRed || !h.Scope.MaxTLP.Valid() {
		return nil, errors.New("bundle: scope needs a TLP ceiling of amber+strict or lower; TLP:RED never leaves the vault")
	}
	if len(h.Scope.Kinds) == 0 {
		return nil, errors.New("bundle: scope names no record kinds")
	}
	kinds := make(map[model.Kind]bool, len(h.Scope.Kinds))
	for _, k := range h.Scope.Kinds {
		if !exportableKind(k) {
			return nil, fmt.Errorf("bundle: records of kind %q are never exported", k)
		}
		if k == model.KindCase && !h.Scope.IncludeCases {
			return nil, errors.New("bundle: cases are in the scope's kinds but not explicitly included")
		}
		kinds[k] = true
	}
	recips, err := chooseRecipients(h.To, h.Archive)
	if err != nil {
		return nil, err
	}

	random := h.Rand
	if random == nil {
		random = rand.Reader
	}
	var id [16]byte
	if _, err := io.ReadFull(random, id[:]); err != nil {
		return nil, fmt.Errorf("bundle: making bundle ID: %v", err)
	}
	created := h.Created
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	expires := h.Expires
	if expires.IsZero() {
		expires = created.Add(DefaultValidity)
	}
	expires = expires.UTC().Truncate(time.Second)
	if !expires.After(created) {
		return nil, errors.New("bundle: expiry must be after creation")
	}
	if expires.Sub(created) > MaxValidity {
		return nil, errors.New("bundle: a bundle is valid for a year at most; choose an earlier expiry")
	}
	scope := h.Scope
	scope.Kinds = slices.Clone(scope.Kinds)
	slices.Sort(scope.Kinds)
	scope.Kinds = slices.Compact(scope.Kinds)
	if !scope.Since.IsZero() {
		scope.Since = scope.Since.UTC()
	}

	w := &Writer{
		from: from,
		m: Manifest{
			Format:          FormatVersion,
			BundleID:        hex.EncodeToString(id[:]),
			Sender:          Party{VaultID: from.vaultID, Key: SigningKeyFingerprint(from.public.SigningKey)},
			Recipient:       Party{VaultID: h.To.VaultID, Name: h.ToName, Key: h.To.Fingerprint()},
			Sequence:        h.Sequence,
			Created:         created,
			Expires:         expires,
			Scope:           scope,
			LegalBasis:      h.LegalBasis,
			Purpose:         h.Purpose,
			Checkpoint:      string(h.Checkpoint),
			CheckpointProof: h.CheckpointProof,
		},
		hasher:  newRecordsHasher(),
		counts:  make(map[model.Kind]int),
		kinds:   kinds,
		encoder: model.Encode,
	}
	w.header, err = json.Marshal(&w.m)
	if err != nil {
		return nil, fmt.Errorf("bundle: encoding header: %v", err)
	}
	if len(w.header) > DefaultLimits().MaxHeaderSize {
		return nil, errors.New("bundle: header too large (is the checkpoint a note of a few lines?)")
	}

	out := dst
	if h.Armor {
		w.armor = armor.NewWriter(dst)
		out = w.armor
	}
	w.age, err = age.Encrypt(out, recips...)
	if err != nil {
		return nil, fmt.Errorf("bundle: starting encryption: %v", err)
	}
	w.bw = bufio.NewWriterSize(w.age, 64<<10)
	if _, err := w.bw.WriteString(magicLine); err != nil {
		return nil, w.fail(err)
	}
	if err := writeFrame(w.bw, frameHeader, w.header); err != nil {
		return nil, w.fail(err)
	}
	return w, nil
}

// chooseRecipients picks post-quantum recipients when both the partner and
// the archive have one (age refuses to mix the two classes in one file), and
// classic X25519 recipients otherwise.
func chooseRecipients(to, archive *Public) ([]age.Recipient, error) {
	toPQ, toClassic, err := to.ageRecipients()
	if err != nil {
		return nil, err
	}
	var arPQ, arClassic []age.Recipient
	if archive != nil {
		if arPQ, arClassic, err = archive.ageRecipients(); err != nil {
			return nil, err
		}
	}
	switch {
	case len(toPQ) > 0 && (archive == nil || len(arPQ) > 0):
		return append(toPQ, arPQ...), nil
	case len(toClassic) > 0 && (archive == nil || len(arClassic) > 0):
		return append(toClassic, arClassic...), nil
	default:
		return nil, errors.New("bundle: the partner's and the archive's keys cannot be combined (post-quantum and classic age keys do not mix); give the archive both kinds")
	}
}

// exportableKind reports whether records of kind k may be put in a bundle.
// Partners are the vault's own register of keys and never leave it.
func exportableKind(k model.Kind) bool {
	switch k {
	case model.KindObservation, model.KindMeasure, model.KindCase, model.KindMember,
		model.KindMeeting, model.KindPicture:
		return true
	}
	return false
}

func (w *Writer) fail(err error) error {
	if w.err == nil {
		w.err = fmt.Errorf("bundle: writing: %v", err)
	}
	return w.err
}

// Add encodes r and appends it to the bundle. It refuses a record outside
// the header's scope: a kind not listed, a TLP above the ceiling, or
// TLP:RED. Apply [Policy.Allows] and [Redact] first.
func (w *Writer) Add(r model.Record) error {
	e, err := encodeWith(w.encoder, r)
	if err != nil {
		return err
	}
	return w.AddEncoded(e)
}

// Encoded is a record encoded for a bundle by [EncodeRecord], ready for
// [Writer.AddEncoded]. Encoding is the costly part of adding a record and
// does not depend on the bundle, so callers can encode on several cores and
// add in order.
type Encoded struct {
	r model.Record
	b []byte
}

// EncodeRecord encodes r as a bundle record. It checks the size limit of a
// record; the scope is checked when it is added.
func EncodeRecord(r model.Record) (Encoded, error) {
	return encodeWith(model.Encode, r)
}

func encodeWith(enc func(model.Record) ([]byte, error), r model.Record) (Encoded, error) {
	b, err := enc(r)
	if err != nil {
		return Encoded{}, fmt.Errorf("bundle: encoding %s record %s: %v", r.Kind(), r.Base().ID, err)
	}
	if len(b) > DefaultLimits().MaxRecordSize {
		return Encoded{}, fmt.Errorf("bundle: %s record %s is larger than a bundle allows", r.Kind(), r.Base().ID)
	}
	return Encoded{r: r, b: b}, nil
}

// AddEncoded appends a record encoded by [EncodeRecord] to the bundle,
// refusing it as [Writer.Add] does when it lies outside the header's scope.
func (w *Writer) AddEncoded(e Encoded) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return errors.New("bundle: writer already closed")
	}
	if e.r == nil {
		return errors.New("bundle: record was not encoded with EncodeRecord")
	}
	if err := inScope(&w.m.Scope, w.kinds, e.r); err != nil {
		return err
	}

	if err := writeFrame(w.bw, frameRecord, e.b); err != nil {
		return w.fail(err)
	}
	w.hasher.add(e.b)
	w.counts[e.r.Kind()]++
	w.n++
	w.nbytes += int64(len(e.b))
	return nil
}

// inScope checks a record against a declared scope.
func inScope(s *Scope, kinds map[model.Kind]bool, r model.Record) error {
	m := r.Base()
	switch {
	case !kinds[r.Kind()]:
		return fmt.Errorf("%s record %s: kind is not in the bundle's scope", r.Kind(), m.ID)
	case m.TLP == model.TLPRed:
		return fmt.Errorf("%s record %s: TLP:RED never leaves the vault", r.Kind(), m.ID)
	case !m.TLP.Within(s.MaxTLP):
		return fmt.Errorf("%s record %s: TLP is above the bundle's ceiling", r.Kind(), m.ID)
	case r.Kind() == model.KindCase && !s.IncludeCases:
		return fmt.Errorf("%s record %s: cases are not included", r.Kind(), m.ID)
	}
	return nil
}

// caseScope checks that a bundle without cases holds nothing about an
// individual and no link to a case: what [Policy.Allows] and [Redact]
// leave out when cases are not included. The reader checks it; the
// writer relies on the policy.
func caseScope(s *Scope, r model.Record) error {
	if s.IncludeCases {
		return nil
	}
	m := r.Base()
	switch r := r.(type) {
	case *model.Observation:
		if r.Dimension == model.DimensionIndividual {
			return fmt.Errorf("observation %s is about an individual, and cases are not included", m.ID)
		}
		if len(r.Cases) > 0 {
			return fmt.Errorf("observation %s links to a case, and cases are not included", m.ID)
		}
	case *model.Measure:
		if r.Tier == model.TierIndividual {
			return fmt.Errorf("measure %s is individual-tier, and cases are not included", m.ID)
		}
		if r.Case != "" {
			return fmt.Errorf("measure %s links to a case, and cases are not included", m.ID)
		}
	}
	return nil
}

// Close writes the trailer and the signature, finishes the age file and
// returns the manifest. It does not close dst.
func (w *Writer) Close() (*Manifest, error) {
	if w.err != nil {
		return nil, w.err
	}
	if w.closed {
		return nil, errors.New("bundle: writer already closed")
	}
	w.closed = true
	w.m.Records = w.n
	w.m.Counts = w.counts
	w.m.RecordsHash = w.hasher.sum()
	hh := sha256Hex(w.header)
	t, err := json.Marshal(&trailer{
		HeaderHash:  hh,
		Records:     w.n,
		RecordBytes: w.nbytes,
		Counts:      w.counts,
		RecordsHash: hex.EncodeToString(w.m.RecordsHash[:]),
	})
	if err != nil {
		return nil, w.fail(err)
	}
	w.m.Hash = manifestHash(w.header, t)
	sig, err := w.from.sign(signedMessage(w.m.Hash))
	if err != nil {
		return nil, err
	}
	if err := writeFrame(w.bw, frameTrailer, t); err != nil {
		return nil, w.fail(err)
	}
	if err := writeFrame(w.bw, frameSig, []byte(base64.StdEncoding.EncodeToString(sig))); err != nil {
		return nil, w.fail(err)
	}
	if err := w.bw.Flush(); err != nil {
		return nil, w.fail(err)
	}
	if err := w.age.Close(); err != nil {
		return nil, w.fail(err)
	}
	if w.armor != nil {
		if err := w.armor.Close(); err != nil {
			return nil, w.fail(err)
		}
	}
	m := w.m
	return &m, nil
}
