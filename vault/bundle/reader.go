package bundle

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"varn/model"
)

// OpenConfig tells [Open] who we are, whom we trust and what we accept.
type OpenConfig struct {
	// Identities are this vault's exchange identities, current first. A
	// bundle must be encrypted to one of them and name it as recipient.
	Identities []*Identity
	// Trusted returns the pinned signing key of the partner vault with the
	// given ID, and false when it is not a partner we import from.
	Trusted func(senderVaultID string) (ed25519.PublicKey, bool)
	// LastSequence, when set, returns the sequence number of the last bundle
	// imported from the sender (0 if none); a bundle not newer is rejected
	// with [ErrReplay]. See also [CheckSequence].
	LastSequence func(senderVaultID string) uint64
	// Validate, when set, replaces the default validation of each decoded
	// record (model.Validate as if typed in a form, with links resolved
	// within the bundle and then through Links).
	Validate func(model.Record) error
	// Links resolves links to records not in the bundle, such as records
	// already in the importing vault. Nil means such links are unresolved.
	Links func(model.ID) (model.Kind, bool)
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
	// Limits bound what is accepted; zero fields take their defaults.
	Limits Limits
	// TempDir is where staging spills to an encrypted temporary file past
	// Limits.MemoryStage (os.TempDir when empty).
	TempDir string
	// Verified, when set, is called once the bundle is known to be
	// authentic, whole, unexpired and newer than cfg.LastSequence says,
	// before any record is decoded; its error rejects the bundle and is
	// returned as is. The caller checks the manifest against its own
	// state here (a bundle already imported, the sender's checkpoint).
	Verified func(m *Manifest) error
	// Visit, when set, is called with each record, in bundle order, as
	// soon as it has decoded, validated and been found within the
	// declared scope, in the same pass; its error rejects the bundle and
	// is returned as is. Open may still reject the bundle after Visit saw
	// every record (a link checked again once all IDs are known, the
	// signed counts), so Visit must only look, never write.
	Visit func(r model.Record) error
}

// Bundle is a verified bundle. Its records are staged and can be read any
// number of times with [Bundle.Records]; call [Bundle.Close] when done.
type Bundle struct {
	manifest Manifest
	stage    *stage
}

// Manifest returns the verified manifest.
func (b *Bundle) Manifest() *Manifest {
	m := b.manifest
	m.Counts = make(map[model.Kind]int, len(b.manifest.Counts))
	for k, v := range b.manifest.Counts {
		m.Counts[k] = v
	}
	m.Scope.Kinds = slices.Clone(b.manifest.Scope.Kinds)
	return &m
}

// Records yields the bundle's records in the order they were written. Each
// was decoded and validated when the bundle was opened.
func (b *Bundle) Records() iter.Seq2[model.Record, error] {
	return func(yield func(model.Record, error) bool) {
		if b.stage == nil {
			yield(nil, errors.New("bundle: bundle is closed"))
			return
		}
		stop := errors.New("stop")
		err := b.stage.eachDecoded(func(i int, r model.Record, _ []byte, err error) error {
			if err != nil {
				return fmt.Errorf("%w: record %d: %v", ErrMalformedRecord, i+1, err)
			}
			if !yield(r, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != stop {
			yield(nil, fmt.Errorf("bundle: reading staged records: %w", err))
		}
	}
}

// Close wipes the staged records and removes any staging file.
func (b *Bundle) Close() error {
	if b.stage != nil {
		b.stage.close()
		b.stage = nil
	}
	return nil
}

// sizeLimitedReader fails with ErrTooLarge past n bytes.
type sizeLimitedReader struct {
	r    io.Reader
	n    int64
	what string
}

func (l *sizeLimitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		// Only an error if there is more to read.
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k > 0 {
			return 0, fmt.Errorf("%w: %s", ErrTooLarge, l.what)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}

// reject builds an error wrapping sentinel with a reason.
func reject(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}

// Open decrypts a bundle read from r, stages its records, and verifies it:
// the recipient is one of cfg.Identities, the sender is trusted and signed
// it with its pinned key, nothing was altered or cut off, it has not
// expired, it is newer than the last bundle from the sender, it is within
// the size limits, and every record decodes, validates and lies within the
// declared scope. Only then does it return the [Bundle]. Any failure returns
// an error wrapping one of the package's sentinel errors, and nothing is
// left behind.
func Open(ctx context.Context, r io.Reader, cfg OpenConfig) (*Bundle, error) {
	if len(cfg.Identities) == 0 {
		return nil, errors.New("bundle: no exchange identity to open the bundle with")
	}
	if cfg.Trusted == nil {
		return nil, errors.New("bundle: no partner register to check the sender against")
	}
	lim := cfg.Limits.withDefaults()
	now := time.Now
	if cfg.Now != nil {
		now = cfg.Now
	}

	// The ciphertext is at most the plaintext plus age's overhead, and
	// armor adds a third; anything bigger is refused before it is parsed.
	in := bufio.NewReaderSize(&sizeLimitedReader{r: r, n: lim.MaxBytes/3*4 + lim.MaxBytes/16 + 1<<20, what: "file too large"}, 64<<10)
	var src io.Reader = in
	if p, _ := in.Peek(len(armor.Header)); string(p) == armor.Header {
		src = armor.NewReader(in)
	}
	var ids []age.Identity
	for _, id := range cfg.Identities {
		ids = append(ids, id.AgeIdentities()...)
	}
	if len(ids) == 0 {
		return nil, errors.New("bundle: exchange identity has been wiped")
	}
	plain, err := age.Decrypt(src, ids...)
	if err != nil {
		return nil, mapAgeError(err)
	}
	// age decrypts ahead on another core while this one frames, hashes
	// and stages.
	ra := newReadAhead(plain, 128<<10, 4)
	defer ra.Close()
	pr := &sizeLimitedReader{r: ra, n: lim.MaxBytes, what: "bundle larger than the size limit"}
	fr := &frameReader{r: bufio.NewReaderSize(pr, 64<<10)}

	st := newStage(lim.MemoryStage, cfg.TempDir)
	b, err := openStream(ctx, fr, st, &cfg, lim, now)
	if err != nil {
		st.close()
		return nil, err
	}
	return b, nil
}

func mapAgeError(err error) error {
	var noMatch *age.NoIdentityMatchError
	switch {
	case errors.Is(err, ErrTooLarge):
		return reject(ErrTooLarge, "file larger than the size limit")
	case errors.As(err, &noMatch):
		return reject(ErrWrongRecipient, "none of this vault's keys opens it")
	default:
		return reject(ErrCorrupt, "not a readable age file")
	}
}

// streamError maps an error met while reading the decrypted stream.
func streamError(err error) error {
	switch {
	case errors.Is(err, ErrTooLarge):
		return reject(ErrTooLarge, "bundle larger than the size limit")
	case errors.Is(err, errFraming):
		return reject(ErrCorrupt, "%v", err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return reject(ErrCorrupt, "file ends early")
	default:
		// age reports truncation and altered chunks here.
		return reject(ErrCorrupt, "decryption failed (truncated or altered)")
	}
}

func openStream(ctx context.Context, fr *frameReader, st *stage, cfg *OpenConfig, lim Limits, now func() time.Time) (*Bundle, error) {
	// Magic line and format version.
	line, err := fr.r.ReadSlice('\n')
	if err != nil || len(line) > 32 {
		if errors.Is(err, bufio.ErrBufferFull) || len(line) > 32 || err == nil {
			return nil, reject(ErrCorrupt, "not a varn bundle")
		}
		return nil, streamError(err)
	}
	if string(line) != magicLine {
		if v, ok := bytes.CutPrefix(line, []byte(magicPrefix)); ok {
			return nil, reject(ErrUnknownVersion, "format %q; this varn reads format %d", bytes.TrimSpace(v), FormatVersion)
		}
		return nil, reject(ErrCorrupt, "not a varn bundle")
	}

	// Header.
	typ, n, err := fr.next()
	if err != nil {
		return nil, streamError(err)
	}
	if typ != frameHeader {
		return nil, reject(ErrCorrupt, "bundle does not start with a header")
	}
	if n > lim.MaxHeaderSize {
		return nil, reject(ErrTooLarge, "header of %d bytes", n)
	}
	hdr, err := fr.payload(n)
	if err != nil {
		return nil, streamError(err)
	}
	header := bytes.Clone(hdr)
	var m Manifest
	if err := decodeStrict(header, &m); err != nil {
		return nil, reject(ErrCorrupt, "header is not valid")
	}
	if m.Format != FormatVersion {
		return nil, reject(ErrUnknownVersion, "format %d; this varn reads format %d", m.Format, FormatVersion)
	}
	if err := checkHeader(&m); err != nil {
		return nil, err
	}

	// Routing: is it for us, and from whom?
	forUs := false
	for _, id := range cfg.Identities {
		if id.public == nil {
			continue
		}
		if m.Recipient.VaultID == id.vaultID && m.Recipient.Key == id.public.Fingerprint() {
			forUs = true
			break
		}
	}
	if !forUs {
		return nil, reject(ErrWrongRecipient, "it names another vault or key as recipient")
	}
	pinned, ok := cfg.Trusted(m.Sender.VaultID)
	if !ok || len(pinned) != ed25519.PublicKeySize {
		return nil, reject(ErrUnknownSigner, "no partner with a signing key is registered for the sending vault")
	}
	if subtle.ConstantTimeCompare([]byte(m.Sender.Key), []byte(SigningKeyFingerprint(pinned))) != 1 {
		return nil, reject(ErrWrongSigner, "signing key %s is not the one pinned for the sender", m.Sender.Key)
	}

	// Records, staged.
	hasher := newRecordsHasher()
	var nrec int
	var nbytes int64
	for {
		if nrec%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("bundle: opening cancelled: %w", err)
			}
		}
		typ, n, err := fr.next()
		if err != nil {
			return nil, streamError(err)
		}
		if typ == frameTrailer {
			if n > lim.MaxHeaderSize {
				return nil, reject(ErrTooLarge, "trailer of %d bytes", n)
			}
			break
		}
		if typ != frameRecord {
			return nil, reject(ErrCorrupt, "unexpected frame type in the record section")
		}
		if n > lim.MaxRecordSize {
			return nil, reject(ErrTooLarge, "record %d is %d bytes (limit %d)", nrec+1, n, lim.MaxRecordSize)
		}
		if nrec >= lim.MaxRecords {
			return nil, reject(ErrTooLarge, "more than %d records", lim.MaxRecords)
		}
		rec, err := fr.payload(n)
		if err != nil {
			return nil, streamError(err)
		}
		hasher.add(rec)
		if err := st.add(rec); err != nil {
			return nil, fmt.Errorf("bundle: staging records: %v", err)
		}
		nrec++
		nbytes += int64(n)
	}

	// Trailer (its frame header was read above) and signature.
	tb, err := fr.payload(fr.lastLen())
	if err != nil {
		return nil, streamError(err)
	}
	trail := bytes.Clone(tb)
	typ, n, err = fr.next()
	if err != nil {
		return nil, streamError(err)
	}
	if typ != frameSig || n > 128 {
		return nil, reject(ErrCorrupt, "signature missing after the trailer")
	}
	sb, err := fr.payload(n)
	if err != nil {
		return nil, streamError(err)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(string(sb))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return nil, reject(ErrBadSignature, "signature is malformed")
	}
	// The end of the stream: age authenticates its last chunk only here.
	if _, err := fr.r.ReadByte(); err == nil {
		return nil, reject(ErrCorrupt, "data after the signature")
	} else if !errors.Is(err, io.EOF) {
		return nil, streamError(err)
	}

	m.Hash = manifestHash(header, trail)
	if !ed25519.Verify(pinned, signedMessage(m.Hash), sig) {
		return nil, reject(ErrBadSignature, "the bundle was altered or not made by the sender it names")
	}
	var t trailer
	if err := decodeStrict(trail, &t); err != nil {
		return nil, reject(ErrCorrupt, "trailer is not valid")
	}
	m.RecordsHash = hasher.sum()
	switch {
	case t.HeaderHash != sha256Hex(header):
		return nil, reject(ErrBadSignature, "signed trailer belongs to another header")
	case t.Records != nrec || t.RecordBytes != nbytes || t.RecordsHash != hex.EncodeToString(m.RecordsHash[:]):
		return nil, reject(ErrBadSignature, "records do not match the signed manifest")
	}
	m.Records = nrec

	// Authentic from here on: check what the sender stated.
	if !now().Before(m.Expires) {
		return nil, reject(ErrExpired, "expired %s", m.Expires.Format(time.RFC3339))
	}
	if m.Created.After(now().Add(ClockSkew)) {
		return nil, reject(ErrFutureDated, "the bundle was made %s, more than %v ahead of this vault's clock; check the clocks here and at the sender",
			m.Created.Format(time.RFC3339), ClockSkew)
	}
	if cfg.LastSequence != nil {
		if err := CheckSequence(&m, cfg.LastSequence(m.Sender.VaultID)); err != nil {
			return nil, err
		}
	}
	if err := st.finish(); err != nil {
		return nil, fmt.Errorf("bundle: staging records: %v", err)
	}
	if cfg.Verified != nil {
		mc := m
		mc.Counts = maps.Clone(t.Counts)
		mc.Records = nrec
		if err := cfg.Verified(&mc); err != nil {
			return nil, err
		}
	}
	counts, err := validateStaged(ctx, st, &m, cfg)
	if err != nil {
		return nil, err
	}
	for k, v := range t.Counts {
		if counts[k] != v {
			return nil, reject(ErrMalformedRecord, "the signed count of %s records does not match the records", strconv.Quote(string(k)))
		}
	}
	for k, v := range counts {
		if t.Counts[k] != v {
			return nil, reject(ErrMalformedRecord, "the signed count of %s records does not match the records", strconv.Quote(string(k)))
		}
	}
	m.Counts = counts
	return &Bundle{manifest: m, stage: st}, nil
}

// lastLen returns the length of the frame whose header next read last.
func (f *frameReader) lastLen() int { return f.last }

// checkHeader checks the header's fields for sense.
func checkHeader(m *Manifest) error {
	switch {
	case len(m.BundleID) != 32:
		return reject(ErrCorrupt, "header has no valid bundle ID")
	case checkVaultID(m.Sender.VaultID) != nil:
		return reject(ErrCorrupt, "header has no valid sender vault ID")
	case m.Sequence == 0:
		return reject(ErrCorrupt, "header has no sequence number")
	case m.Created.IsZero() || !m.Expires.After(m.Created):
		return reject(ErrCorrupt, "header has invalid times")
	case m.Expires.Sub(m.Created) > MaxValidity:
		return reject(ErrCorrupt, "header's validity is longer than a year")
	case m.LegalBasis == "" || m.Purpose == "":
		return reject(ErrCorrupt, "header has no legal basis or purpose")
	case !m.Scope.MaxTLP.Valid() || m.Scope.MaxTLP == model.TLPRed:
		return reject(ErrCorrupt, "header's TLP ceiling is not valid")
	}
	for _, k := range m.Scope.Kinds {
		if !exportableKind(k) {
			return reject(ErrCorrupt, "header's scope names a kind that is never exported")
		}
	}
	if p := m.CheckpointProof; p != nil {
		if m.Checkpoint == "" {
			return reject(ErrCorrupt, "header has a checkpoint proof without a checkpoint")
		}
		if _, err := p.TreeProof(); err != nil {
			return reject(ErrCorrupt, "header's checkpoint proof is malformed")
		}
	}
	return nil
}

// CheckSequence returns an error wrapping [ErrReplay] unless the bundle's
// sequence number is greater than last, the sequence of the last bundle
// imported from the same sender (0 when none).
func CheckSequence(m *Manifest, last uint64) error {
	if m.Sequence <= last {
		if m.Sequence == last {
			return reject(ErrReplay, "bundle %d from this sender was already imported", m.Sequence)
		}
		return reject(ErrReplay, "bundle %d is older than bundle %d already imported from this sender", m.Sequence, last)
	}
	return nil
}

// validateStaged decodes and validates every staged record and counts them
// per kind. Records are decoded once; a record whose links point forward to
// records later in the bundle is validated again once all IDs are known, so
// a link to a record of the wrong kind is caught wherever it points.
func validateStaged(ctx context.Context, st *stage, m *Manifest, cfg *OpenConfig) (map[model.Kind]int, error) {
	kinds := make(map[model.Kind]bool, len(m.Scope.Kinds))
	for _, k := range m.Scope.Kinds {
		kinds[k] = true
	}
	ids := make(map[model.ID]model.Kind, st.n)
	counts := make(map[model.Kind]int)
	// pending maps an ID asked about before it was seen to the records
	// that asked.
	pending := make(map[model.ID][]int)
	current := 0
	links := func(id model.ID) (model.Kind, bool) {
		if k, ok := ids[id]; ok {
			return k, true
		}
		if cfg.Links != nil {
			if k, ok := cfg.Links(id); ok {
				return k, true
			}
		}
		pending[id] = append(pending[id], current)
		return "", false
	}
	validate := cfg.Validate
	if validate == nil {
		validate = func(r model.Record) error { return validateRecord(r, links) }
	}
	check := func(i int, r model.Record, err error) (model.Record, error) {
		if err != nil {
			return nil, reject(ErrMalformedRecord, "record %d does not decode: %s", i+1, safeReason(err))
		}
		current = i
		if err := validate(r); err != nil {
			return nil, reject(ErrMalformedRecord, "record %d (%s %s): %s", i+1, r.Kind(), safeReason(errors.New(string(r.Base().ID))), safeReason(err))
		}
		return r, nil
	}
	err := st.eachDecoded(func(i int, r model.Record, _ []byte, err error) error {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("bundle: opening cancelled: %w", err)
			}
		}
		r, err = check(i, r, err)
		if err != nil {
			return err
		}
		meta := r.Base()
		if err := inScope(&m.Scope, kinds, r); err != nil {
			return reject(ErrOutOfScope, "record %d: %s", i+1, safeReason(err))
		}
		if err := caseScope(&m.Scope, r); err != nil {
			return reject(ErrOutOfScope, "record %d: %s", i+1, safeReason(err))
		}
		if !m.Scope.Since.IsZero() && meta.Updated.Before(m.Scope.Since) {
			return reject(ErrOutOfScope, "record %d (%s %s) was last updated before the bundle's declared start", i+1, r.Kind(), safeReason(errors.New(string(meta.ID))))
		}
		if err := sendersOwn(m, i, r); err != nil {
			return err
		}
		if _, dup := ids[meta.ID]; dup {
			return reject(ErrMalformedRecord, "record %d repeats record ID %s", i+1, safeReason(errors.New(string(meta.ID))))
		}
		ids[meta.ID] = r.Kind()
		counts[r.Kind()]++
		if cfg.Visit != nil {
			return cfg.Visit(r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	again := make(map[int]bool)
	for id, recs := range pending {
		if _, ok := ids[id]; ok {
			for _, i := range recs {
				again[i] = true
			}
		}
	}
	if len(again) > 0 {
		err = st.each(func(i int, raw []byte) error {
			if again[i] {
				r, err := model.Decode(raw)
				_, err = check(i, r, err)
				return err
			}
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// sendersOwn checks that the sender may give record r, the i-th of the
// bundle: the record is of the sender's own origin (the origin whose
// pinned signing key signed the bundle, since the sender's vault ID is
// bound to that key), and was not created or updated more than ClockSkew
// after the bundle was made.
func sendersOwn(m *Manifest, i int, r model.Record) error {
	meta := r.Base()
	id := safeReason(errors.New(string(meta.ID)))
	if meta.Origin != m.Sender.VaultID {
		return reject(ErrNotSenders, "record %d (%s %s) comes from vault %s, not from the sender %s; a partner may send only its own records",
			i+1, r.Kind(), id, safeReason(errors.New(meta.Origin)), m.Sender.VaultID)
	}
	limit := m.Created.Add(ClockSkew)
	for _, t := range []time.Time{meta.Created, meta.Updated} {
		if t.After(limit) {
			return reject(ErrFutureDated, "record %d (%s %s) is dated %s, after the bundle was made (%s)",
				i+1, r.Kind(), id, t.UTC().Format(time.RFC3339), m.Created.Format(time.RFC3339))
		}
	}
	return nil
}

// safeReason makes an error's text safe to show on a terminal in one line
// and bounded in length: bundle content is untrusted.
func safeReason(err error) string {
	s := model.SanitizeLine(err.Error())
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}
