package vault

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"varn/model"
	"varn/vault/auditlog"
	"varn/vault/bundle"
)

// What an import does with one record of a bundle.
type importAction uint8

const (
	actNew importAction = iota + 1
	actUpdate
	actUnchanged
	actConflict
	actIgnore
)

// The reasons an import ignores a record (ImportPlan.Ignored): fixed
// English texts, which the model catalogue renders in Swedish and English
// (model.ExchangeReason).
const (
	whyNotOurs = "claims to come from this vault but is not known here"
	whyErased  = "belongs to a case erased here"
	whyDeleted = "deleted here"
	whyOlder   = "older than the copy held here"
)

// ImportIgnoredReasons returns every reason an import gives for ignoring
// a record.
func ImportIgnoredReasons() []string { return []string{whyNotOurs, whyErased, whyDeleted, whyOlder} }

// ImportCounts counts what an import does with the records of one kind.
type ImportCounts struct {
	// New records are created here.
	New int
	// Updated records replace the copy held here, which was not changed
	// here since it was last exchanged.
	Updated int
	// Unchanged records hold nothing the copy here does not.
	Unchanged int
	// Conflicting records were changed on both sides; see ImportConflict.
	Conflicting int
	// Ignored records are older than the copy here, deleted here, or
	// claim to come from this vault but are not known here.
	Ignored int
}

// Changes is the number of records the import writes.
func (c ImportCounts) Changes() int { return c.New + c.Updated + c.Conflicting }

// ImportConflict is a partner's record changed both here (a local edit of
// the copy held) and by the partner, its origin, since it was last
// imported. The rule: the origin wins — the partner's version becomes the
// record, and the version here is kept whole beside it as a conflict copy
// (see Vault.Conflicts). A bundle carries only its sender's own records,
// so the sender is always the origin; KeptIncoming is false only for a
// partner registered under this vault's own ID.
type ImportConflict struct {
	ID   model.ID
	Kind model.Kind
	// KeptIncoming says the bundle's version becomes the record (the
	// sender is the origin); otherwise the copy here stays.
	KeptIncoming bool
	// Fields names the fields that differ.
	Fields []string
}

// ImportPlan is a verified bundle and what importing it would do. Create
// it with Vault.PreviewImport, show it, then Vault.Apply it or Close it.
type ImportPlan struct {
	// Manifest is the bundle's verified manifest.
	Manifest *bundle.Manifest
	// Partner is the sender.
	Partner PartnerInfo
	// Counts says per kind what the import does.
	Counts map[model.Kind]*ImportCounts
	// Conflicts lists the conflicting records.
	Conflicts []ImportConflict
	// Ignored counts the ignored records by reason.
	Ignored map[string]int
	// Resume says an earlier apply of this bundle was interrupted and this
	// import completes it.
	Resume bool
	// CheckpointProven says the bundle proved that the sender's audit log
	// extends the checkpoint held from its previous bundle. When false
	// and a checkpoint was held, only its size was checked (a bundle in
	// between was not imported, or this is the first).
	CheckpointProven bool

	b       *bundle.Bundle
	actions map[model.ID]importAction
	applied bool
}

// Total returns the counts over all kinds.
func (p *ImportPlan) Total() ImportCounts {
	var t ImportCounts
	for _, c := range p.Counts {
		t.New += c.New
		t.Updated += c.Updated
		t.Unchanged += c.Unchanged
		t.Conflicting += c.Conflicting
		t.Ignored += c.Ignored
	}
	return t
}

// Close wipes the staged bundle. Apply closes the plan itself.
func (p *ImportPlan) Close() error {
	if p == nil || p.b == nil {
		return nil
	}
	err := p.b.Close()
	p.b = nil
	return err
}

// pendingImport marks an import applied in several transactions that has
// not finished.
type pendingImport struct {
	Bundle  string `json:"bundle"`
	Peer    string `json:"peer"`
	Partner string `json:"partner"`
}

// PreviewImport reads a bundle from r and verifies it: it must be
// addressed to this vault, signed by a registered partner with its pinned
// key, intact, unexpired, newer than the last bundle imported from the
// partner, with every record valid as if typed in a form, and with the
// partner's audit checkpoint extending the last one held from it. It then
// works out what importing would do. Nothing is written to the vault, even
// when the bundle is rejected; the error then names the reason in one line
// and wraps a bundle sentinel error, ErrCheckpoint or ErrAlreadyImported.
//
// The records are staged without plaintext on disk until the plan is
// applied or closed; close it when not applying.
func (v *Vault) PreviewImport(ctx context.Context, r io.Reader) (*ImportPlan, error) {
	id, err := v.exchangeIdentity(ctx, false)
	if err != nil {
		return nil, err
	}
	defer id.Wipe()
	partners, err := v.Partners(ctx)
	if err != nil {
		return nil, err
	}
	var plan *ImportPlan
	var b *bundle.Bundle
	// One read transaction: the checks against the exchange state and the
	// classification of every record see one snapshot. Records are
	// classified in the same pass that decodes and validates them, once
	// the bundle proved authentic.
	err = v.view(func(tx *badger.Txn) error {
		ids := v.newIDProbe(tx)
		defer ids.close()
		var err error
		b, err = bundle.Open(ctx, r, bundle.OpenConfig{
			Identities: []*bundle.Identity{id},
			Trusted:    trustedKey(partners),
			Links:      v.txLinkResolver(tx),
			Now:        v.now,
			TempDir:    v.Dir(),
			// Past this, staging spills to a file encrypted under a key held
			// only in memory, which keeps a big import within bounds.
			Limits: bundle.Limits{MemoryStage: 16 << 20},
			Verified: func(m *bundle.Manifest) error {
				plan, err = v.checkImport(tx, partners, m)
				return err
			},
			Visit: func(r model.Record) error {
				if r.Kind() == model.KindPartner {
					return fmt.Errorf("%w: the bundle holds a partner register entry, which is never imported", bundle.ErrMalformedRecord)
				}
				d, err := v.classify(tx, ids, r, plan.Manifest, plan.Partner)
				if err != nil {
					return err
				}
				plan.note(r, d)
				return nil
			},
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	// The manifest as verified to the end (counts checked against the
	// records).
	plan.Manifest = b.Manifest()
	plan.b = b
	return plan, nil
}

// txLinkResolver resolves links against the vault's index within tx.
func (v *Vault) txLinkResolver(tx *badger.Txn) func(model.ID) (model.Kind, bool) {
	res := v.resolver(tx, nil)
	return func(id model.ID) (model.Kind, bool) { return res(id) }
}

// checkImport checks an authentic bundle's manifest against the exchange
// state: the sender is in the register, the bundle was not imported
// already, it is newer than the last from the sender (unless it completes
// an interrupted import), and the sender's checkpoint extends the one
// held. It returns an empty plan for the bundle.
func (v *Vault) checkImport(tx *badger.Txn, partners []PartnerInfo, m *bundle.Manifest) (*ImportPlan, error) {
	var p PartnerInfo
	ok := false
	for _, x := range partners {
		if x.VaultID != "" && x.VaultID == m.Sender.VaultID {
			p, ok = x, true
			break
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w: vault %s is not in the partner register", bundle.ErrUnknownSigner, sanitize(m.Sender.VaultID, 40))
	}
	plan := &ImportPlan{Manifest: m, Partner: p, Counts: map[model.Kind]*ImportCounts{}, Ignored: map[string]int{}, actions: map[model.ID]importAction{}}
	st, err := v.peer(tx, peerKey(p))
	if err != nil {
		return nil, err
	}
	pend, err := v.pending(tx)
	if err != nil {
		return nil, err
	}
	if pend != nil {
		if pend.Bundle != m.HashString() {
			return nil, fmt.Errorf("%w: it came from %s; import that file again first", ErrImportInterrupted, sanitize(pend.Partner, 60))
		}
		plan.Resume = true
	}
	if err := checkNewBundle(m, &st, plan.Resume); err != nil {
		return nil, err
	}
	if _, plan.CheckpointProven, err = checkPeerCheckpoint(m, &st); err != nil {
		return nil, err
	}
	return plan, nil
}

// checkNewBundle refuses a bundle already imported or older than the last.
func checkNewBundle(m *bundle.Manifest, st *peerState, resume bool) error {
	if h := m.HashString(); st.imported(h) {
		return fmt.Errorf("%w (bundle %d, %s)", ErrAlreadyImported, m.Sequence, h[:16])
	}
	if resume {
		return nil
	}
	return bundle.CheckSequence(m, st.Received)
}

// checkPeerCheckpoint parses the sender's audit checkpoint, which the
// bundle's signature vouches for, and checks that the sender's log only
// grew since the checkpoint last held from it: the same log, not shorter,
// the same root at the same size, and — when the bundle carries a
// consistency proof from the size held — the proof verifies. It returns
// the checkpoint's size and whether growth was proven.
func checkPeerCheckpoint(m *bundle.Manifest, st *peerState) (size uint64, proven bool, err error) {
	if m.Checkpoint == "" {
		if st.CheckpointSize > 0 {
			return 0, false, fmt.Errorf("%w: the bundle carries no checkpoint", ErrCheckpoint)
		}
		return 0, false, nil
	}
	origin, size, root, err := parseCheckpointText(m.Checkpoint)
	if err != nil {
		return 0, false, fmt.Errorf("%w: %v", ErrCheckpoint, err)
	}
	if origin != "varn-vault/"+m.Sender.VaultID {
		return 0, false, fmt.Errorf("%w: the checkpoint is of another vault's log", ErrCheckpoint)
	}
	switch {
	case st.CheckpointSize == 0:
		return size, false, nil
	case size < st.CheckpointSize:
		return 0, false, fmt.Errorf("%w: the log has %d events, fewer than the %d of the last bundle; the partner's vault was rolled back", ErrCheckpoint, size, st.CheckpointSize)
	case size == st.CheckpointSize:
		if root != st.CheckpointRoot {
			return 0, false, fmt.Errorf("%w: the log has the same %d events as at the last bundle but another root; it was rewritten", ErrCheckpoint, size)
		}
		return size, true, nil
	}
	p := m.CheckpointProof
	if p == nil || p.From != st.CheckpointSize {
		// The sender proved growth from a checkpoint we do not hold (a
		// bundle in between was not imported here): only the size is
		// checked.
		return size, false, nil
	}
	hs, err := p.TreeProof()
	if err != nil {
		return 0, false, fmt.Errorf("%w: %v", ErrCheckpoint, err)
	}
	older, err := headOf(st.CheckpointSize, st.CheckpointRoot)
	if err != nil {
		return 0, false, err
	}
	newer, err := headOf(size, root)
	if err != nil {
		return 0, false, err
	}
	tp := make(tlog.TreeProof, len(hs))
	for i, h := range hs {
		tp[i] = h
	}
	if err := auditlog.CheckConsistency(tp, older, newer); err != nil {
		return 0, false, fmt.Errorf("%w: the log of %d events does not contain the %d events of the last bundle; it was rewritten", ErrCheckpoint, size, st.CheckpointSize)
	}
	return size, true, nil
}

func headOf(size uint64, root string) (auditlog.Head, error) {
	b, err := base64.StdEncoding.DecodeString(root)
	if err != nil || len(b) != 32 {
		return auditlog.Head{}, fmt.Errorf("%w: the checkpoint's root hash is malformed", ErrCheckpoint)
	}
	h := auditlog.Head{Size: size}
	copy(h.Root[:], b)
	return h, nil
}

// parseCheckpointText reads the body of a signed checkpoint note (origin,
// size, base64 root). The note's own signature is by the partner's audit
// key, which is not pinned; the bundle's signature covers the checkpoint.
func parseCheckpointText(text string) (origin string, size uint64, root string, err error) {
	var body string
	n, err := note.Open([]byte(text), note.VerifierList())
	var unverified *note.UnverifiedNoteError
	switch {
	case err == nil:
		body = n.Text
	case errors.As(err, &unverified):
		body = unverified.Note.Text
	default:
		return "", 0, "", errors.New("the checkpoint is not a signed note")
	}
	lines := strings.Split(body, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		return "", 0, "", errors.New("the checkpoint is malformed")
	}
	size, err = strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		return "", 0, "", errors.New("the checkpoint's size is malformed")
	}
	if r, err := base64.StdEncoding.DecodeString(lines[2]); err != nil || len(r) != 32 {
		return "", 0, "", errors.New("the checkpoint's root hash is malformed")
	}
	return lines[0], size, lines[2], nil
}

func (p *ImportPlan) note(r model.Record, d decision) {
	k := r.Kind()
	c := p.Counts[k]
	if c == nil {
		c = &ImportCounts{}
		p.Counts[k] = c
	}
	switch d.action {
	case actNew:
		c.New++
	case actUpdate:
		c.Updated++
	case actUnchanged:
		c.Unchanged++
	case actConflict:
		c.Conflicting++
		p.Conflicts = append(p.Conflicts, ImportConflict{ID: r.Base().ID, Kind: k, KeptIncoming: d.keptIncoming, Fields: d.fields})
	case actIgnore:
		c.Ignored++
		p.Ignored[d.reason]++
	}
	p.actions[r.Base().ID] = d.action
}

// decision is what to do with one incoming record.
type decision struct {
	action importAction
	// store is the record to write (new, update, conflict won by the
	// bundle), loser the conflict copy to keep.
	store, loser model.Record
	keptIncoming bool
	fields       []string
	reason       string
	seen         seenEntry
	writeSeen    bool
}

// seenEntry is what the vault remembers of a record it imported: its
// version here after the import and the version in the bundle.
type seenEntry struct {
	local, remote uint64
	ok            bool
}

func (v *Vault) getSeen(tx *badger.Txn, id model.ID) (seenEntry, error) {
	b, err := v.getInternal(tx, metaKey(metaExchangeSeen+string(id)))
	if errors.Is(err, ErrNotFound) {
		return seenEntry{}, nil
	}
	if err != nil {
		return seenEntry{}, err
	}
	if len(b) != 16 {
		return seenEntry{}, fmt.Errorf("%w: exchange state of record %s", ErrTampered, id)
	}
	return seenEntry{local: binary.BigEndian.Uint64(b), remote: binary.BigEndian.Uint64(b[8:]), ok: true}, nil
}

func (e seenEntry) bytes() []byte {
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, e.local), e.remote)
}

// checkCaseLink refuses an incoming record that would be sealed under the
// key of a case held here of another origin: a partner may attach records
// only to its own cases, never to ours or a third vault's (they would be
// listed with that case and erased with it). A link to a case not held
// here is the sender's own affair.
func (v *Vault) checkCaseLink(tx *badger.Txn, ids *idProbe, r model.Record) error {
	rm := r.Base()
	cid, ok := model.CaseKeyOf(r)
	if !ok || cid == rm.ID {
		return nil
	}
	ce, err := ids.entry(cid, model.KindCase)
	if errors.Is(err, ErrNotFound) || (err == nil && ce.deleted) {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := v.recordAt(tx, ce, cid)
	if err != nil {
		return err
	}
	if c.Base().Origin != rm.Origin {
		return fmt.Errorf("%w: record %s (%s) links to case %s of vault %s, not the sender's; a partner may attach records only to its own cases",
			bundle.ErrNotSenders, rm.ID, r.Kind(), cid, sanitize(c.Base().Origin, 40))
	}
	return nil
}

// classify decides what to do with incoming record r from partner p.
//
// The rules, for a record with an ID already held here (L) whose content
// differs from the incoming one (R) once L is redacted as R was:
//   - if the record was imported before and R's version is not above the
//     version then imported, R is older: ignored;
//   - if L was not changed here since it was last imported (or, for a
//     record never imported, not changed since the last exchange with the
//     partner) and R's version is above L's, R replaces L (updated);
//   - if R's version is below L's and R was not changed after L, R is an
//     older copy: ignored;
//   - otherwise both sides changed it: a conflict, resolved by "origin
//     wins" (see ImportConflict).
//
// Fields left out by redaction are kept from L when R replaces it.
//
// ids looks records up in the read transaction tx.
func (v *Vault) classify(tx *badger.Txn, ids *idProbe, r model.Record, m *bundle.Manifest, p PartnerInfo) (decision, error) {
	rm := r.Base()
	if err := v.checkCaseLink(tx, ids, r); err != nil {
		return decision{}, err
	}
	e, err := ids.entry(rm.ID, r.Kind())
	switch {
	case errors.Is(err, ErrNotFound):
		if rm.Origin == v.ID() {
			return decision{action: actIgnore, reason: whyNotOurs}, nil
		}
		if cid, ok := model.CaseKeyOf(r); ok && cid != rm.ID {
			// Never bring back what an erased case took with it (R4).
			if ce, err := v.storedIndex(tx, cid); err == nil && ce.deleted {
				return decision{action: actIgnore, reason: whyErased}, nil
			}
		}
		// What a new record's import state would say (version here and
		// in the bundle alike) is read off the record itself while it is
		// not changed here, so none is written.
		return decision{action: actNew, store: r}, nil
	case err != nil:
		return decision{}, err
	case e.deleted:
		return decision{action: actIgnore, reason: whyDeleted}, nil
	case e.kind != r.Kind():
		return decision{}, fmt.Errorf("%w: record %s is a %s here but a %s in the bundle", bundle.ErrMalformedRecord, rm.ID, e.kind, r.Kind())
	}
	l, err := v.recordAt(tx, e, rm.ID)
	if err != nil {
		return decision{}, err
	}
	lm := l.Base()
	if lm.Origin != rm.Origin {
		// The reader made sure R is of the sender's origin; a record
		// held here of another origin (ours or a third vault's) under
		// the same ID is not the sender's to change.
		return decision{}, fmt.Errorf("%w: record %s (%s) comes from vault %s, not from the sender; a partner may change only its own records",
			bundle.ErrNotSenders, rm.ID, r.Kind(), sanitize(lm.Origin, 40))
	}
	redL, err := bundle.Redact(l, m.Scope.IncludeCases)
	if err != nil {
		return decision{}, err
	}
	fields := differingFields(redL, r)
	var seen seenEntry
	if len(fields) > 0 || rm.Version > lm.Version {
		// The import state matters only then (an unchanged copy at a
		// version not above the one here needs nothing remembered).
		if seen, err = v.getSeen(tx, rm.ID); err != nil {
			return decision{}, err
		}
	}
	if len(fields) == 0 {
		d := decision{action: actUnchanged}
		// Remember a newer version seen, so that an older copy sent later
		// is recognised; the record itself is unchanged. Without a
		// remembered import the copy here is at the version last seen.
		known, local := lm.Version, lm.Version
		if seen.ok {
			known, local = seen.remote, seen.local
		}
		if rm.Version > known {
			d.writeSeen, d.seen = true, seenEntry{local: local, remote: rm.Version}
		}
		return d, nil
	}
	if seen.ok && rm.Version <= seen.remote {
		return decision{action: actIgnore, reason: whyOlder}, nil
	}
	var editedHere bool
	if seen.ok {
		editedHere = lm.Version != seen.local
	} else {
		var st peerState
		if st, err = v.peer(tx, peerKey(p)); err != nil {
			return decision{}, err
		}
		last := st.lastExchange()
		editedHere = last.IsZero() || lm.Updated.After(last)
	}
	newer := lm.Version + 1
	if rm.Version > newer {
		newer = rm.Version
	}
	switch {
	case !editedHere && rm.Version > lm.Version:
		merged, err := keepRedacted(l, r, m.Scope.IncludeCases, newer)
		if err != nil {
			return decision{}, err
		}
		return decision{action: actUpdate, store: merged, fields: fields, writeSeen: true, seen: seenEntry{local: newer, remote: rm.Version}}, nil
	case rm.Version < lm.Version && !rm.Updated.After(lm.Updated):
		return decision{action: actIgnore, reason: whyOlder}, nil
	}
	d := decision{action: actConflict, fields: fields, writeSeen: true}
	if lm.Origin != v.ID() && lm.Origin == m.Sender.VaultID {
		merged, err := keepRedacted(l, r, m.Scope.IncludeCases, newer)
		if err != nil {
			return decision{}, err
		}
		d.store, d.loser, d.keptIncoming = merged, l, true
		d.seen = seenEntry{local: newer, remote: rm.Version}
	} else {
		d.loser = r
		d.seen = seenEntry{local: lm.Version, remote: rm.Version}
	}
	return d, nil
}

// differingFields names the fields in which the copy here, redacted as the
// bundle's was (redL, a copy the caller owns), differs from the bundle's
// r, leaving out the fields the vault maintains. Equal records, the
// common case, cost two encodings.
func differingFields(redL, r model.Record) []string {
	lm, rm := redL.Base(), r.Base()
	saved := *lm
	lm.ID, lm.Origin, lm.Version, lm.Created, lm.Updated, lm.Author = rm.ID, rm.Origin, rm.Version, rm.Created, rm.Updated, rm.Author
	a, err1 := model.Encode(redL)
	b, err2 := model.Encode(r)
	*lm = saved
	switch {
	case err1 != nil || err2 != nil:
		// Cannot tell: never call it unchanged.
		return []string{"record"}
	case bytes.Equal(a, b):
		return nil
	}
	if fs := changedFields(redL, r); len(fs) > 0 {
		return fs
	}
	// The encodings differ outside the fields compared by name.
	return []string{"record"}
}

// keepRedacted returns a copy of r as it will be stored in place of l: at
// version, with what redaction left out of r (which the sender never had:
// the author, contact persons, staff names…) taken from l.
func keepRedacted(l, r model.Record, includeCases bool, version uint64) (model.Record, error) {
	b, err := model.Encode(r)
	if err != nil {
		return nil, err
	}
	out, err := model.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("vault: copying record %s: %w", r.Base().ID, err)
	}
	om, lm := out.Base(), l.Base()
	if om.Author == "" {
		om.Author = lm.Author
	}
	keep := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	switch o := out.(type) {
	case *model.Observation:
		if lo, ok := l.(*model.Observation); ok && !includeCases && len(o.Cases) == 0 {
			o.Cases = lo.Cases
		}
	case *model.Measure:
		if lo, ok := l.(*model.Measure); ok {
			keep(&o.Contact, lo.Contact)
			for i := range min(len(o.FollowUps), len(lo.FollowUps)) {
				if o.FollowUps[i].Date == lo.FollowUps[i].Date {
					keep(&o.FollowUps[i].By, lo.FollowUps[i].By)
				}
			}
			if !includeCases {
				keep((*string)(&o.Case), string(lo.Case))
			}
		}
	case *model.Case:
		if lo, ok := l.(*model.Case); ok {
			for i := range min(len(o.Assessments), len(lo.Assessments)) {
				if o.Assessments[i].Date == lo.Assessments[i].Date {
					keep(&o.Assessments[i].By, lo.Assessments[i].By)
				}
			}
		}
	case *model.Member:
		if lo, ok := l.(*model.Member); ok {
			keep(&o.Phone, lo.Phone)
			keep(&o.Email, lo.Email)
		}
	case *model.Meeting:
		if lo, ok := l.(*model.Meeting); ok {
			keep(&o.Minutes, lo.Minutes)
			for i := range min(len(o.Attendees), len(lo.Attendees)) {
				if o.Attendees[i].Member == lo.Attendees[i].Member {
					keep(&o.Attendees[i].Name, lo.Attendees[i].Name)
				}
			}
			for i := range min(len(o.Decisions), len(lo.Decisions)) {
				if o.Decisions[i].Text == lo.Decisions[i].Text {
					keep(&o.Decisions[i].Responsible, lo.Decisions[i].Responsible)
				}
			}
		}
	case *model.Picture:
		if lo, ok := l.(*model.Picture); ok {
			keep(&o.ApprovedBy, lo.ApprovedBy)
		}
	}
	om.Version = version
	return out, nil
}

func (v *Vault) pending(tx *badger.Txn) (*pendingImport, error) {
	b, err := v.getInternal(tx, metaKey(metaExchangePending))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var p pendingImport
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%w: the interrupted import's marker", ErrTampered)
	}
	return &p, nil
}

// exchangeBatch returns how much an import transaction may hold: three
// quarters of Badger's limit on one transaction (which follows the
// memtable size), in bytes and entries. The batch's size is counted with
// more overhead per entry than Badger counts, and the last transaction
// adds only the partner state and the audit event.
func (v *Vault) exchangeBatch() (bytes int, entries int) {
	bytes, entries = int(v.db.MaxBatchSize()*3/4), int(v.db.MaxBatchCount()*3/4)
	if n := importBatchLimit.Load(); n > 0 && int(n) < bytes {
		bytes = int(n)
	}
	return bytes, entries
}

// importBatchLimit, when above 0, caps an import transaction's size in
// bytes below Badger's limit: tests use it to split small bundles into
// several transactions.
var importBatchLimit atomic.Int64

// ImportResult is what Apply did.
type ImportResult struct {
	// Counts says per kind what was done.
	Counts map[model.Kind]*ImportCounts
	// Transactions is the number of transactions the import took (1
	// unless the bundle was too big for one).
	Transactions int
}

// Apply imports a previewed bundle and closes the plan. It checks again
// that the vault did not change since the preview (else it refuses and
// writes nothing), then writes the new, updated and conflicting records,
// the conflict copies, the partner's sequence number and checkpoint, and
// one import event naming the bundle's manifest hash.
//
// A bundle that fits in one Badger transaction (a few megabytes of
// records; the limit follows the vault's memtable size) is imported in one. A bigger one is written in several, each with its own
// event; the first also writes a marker naming the bundle, and the last
// removes it and advances the partner's sequence number. If the import is
// cut short in between, the bundle stays importable, every other bundle is
// refused until it is imported again, and importing it again completes it:
// records already written are then unchanged.
func (v *Vault) Apply(ctx context.Context, plan *ImportPlan) (*ImportResult, error) {
	if plan == nil || plan.b == nil {
		if plan != nil && plan.applied {
			return nil, errors.New("vault: this import was applied already")
		}
		return nil, errors.New("vault: the import plan is closed; preview the bundle again")
	}
	defer plan.Close()
	m := plan.Manifest
	p := plan.Partner
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()

	var st peerState
	var cpSize uint64
	err := v.db.View(func(tx *badger.Txn) error {
		var err error
		if st, err = v.peer(tx, peerKey(p)); err != nil {
			return err
		}
		pend, err := v.pending(tx)
		if err != nil {
			return err
		}
		if (pend != nil) != plan.Resume || (pend != nil && pend.Bundle != m.HashString()) {
			return ErrChangedSincePreview
		}
		if err := checkNewBundle(m, &st, plan.Resume); err != nil {
			return err
		}
		cpSize, _, err = checkPeerCheckpoint(m, &st)
		return err
	})
	if err != nil {
		return nil, err
	}
	_, _, cpRoot, _ := parseCheckpointText(m.Checkpoint)

	res := &ImportResult{Counts: map[model.Kind]*ImportCounts{}}
	tally := &ImportPlan{Counts: res.Counts, Ignored: map[string]int{}, actions: map[model.ID]importAction{}}
	part := 0
	commit := func(b *importBatch, final bool) error {
		ev := &model.AuditEvent{Action: model.ActionImport, Kind: model.KindPartner, Ref: p.Partner.ID}
		if final {
			t := tally.Total()
			ev.Detail = fmt.Sprintf("bundle %s seq %d: %d new, %d updated, %d conflicting, %d unchanged, %d ignored",
				m.HashString(), m.Sequence, t.New, t.Updated, t.Conflicting, t.Unchanged, t.Ignored)
		} else {
			ev.Detail = fmt.Sprintf("bundle %s seq %d part %d: %d entries", m.HashString(), m.Sequence, part+1, len(b.writes))
		}
		err := v.updateLocked(func(tx *badger.Txn) error {
			for _, w := range b.writes {
				if err := tx.Set(w.key, w.val); err != nil {
					return fmt.Errorf("vault: writing the import: %w", err)
				}
			}
			switch {
			case final:
				st.Received = m.Sequence
				st.noteImported(m, v.now())
				if m.Checkpoint != "" {
					st.CheckpointSize, st.CheckpointRoot = cpSize, cpRoot
				}
				st.LastImport = v.now()
				if err := v.putPeer(tx, peerKey(p), st); err != nil {
					return err
				}
				if part > 0 || plan.Resume {
					if err := tx.Delete(metaKey(metaExchangePending)); err != nil {
						return err
					}
				}
			case part == 0 && !plan.Resume:
				b, _ := json.Marshal(pendingImport{Bundle: m.HashString(), Peer: peerKey(p), Partner: p.Partner.Name})
				if err := v.putInternal(tx, metaKey(metaExchangePending), b); err != nil {
					return err
				}
			}
			return v.appendEvent(tx, ev)
		})
		if err != nil {
			return err
		}
		part++
		return nil
	}

	// A producer classifies and seals batch n+1 while batch n commits.
	// Classification reads one snapshot: the records of a bundle are
	// distinct, so no write of this import changes another's decision.
	batches := make(chan *importBatch, 1)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		defer close(batches)
		rtx := v.db.NewTransaction(false)
		defer rtx.Discard()
		ids := v.newIDProbe(rtx)
		defer ids.close()
		b := &importBatch{}
		send := func() bool {
			select {
			case batches <- b:
				b = &importBatch{}
				return true
			case <-quit:
				return false
			}
		}
		fail := func(err error) {
			b.err = err
			send()
		}
		maxBytes, maxEntries := v.exchangeBatch()
		for r, err := range plan.b.Records() {
			if err != nil {
				fail(err)
				return
			}
			if err := ctx.Err(); err != nil {
				fail(err)
				return
			}
			d, err := v.classify(rtx, ids, r, m, p)
			if err != nil {
				fail(err)
				return
			}
			want := plan.actions[r.Base().ID]
			if d.action != want && !(plan.Resume && d.action == actUnchanged) {
				fail(ErrChangedSincePreview)
				return
			}
			tally.note(r, d)
			if err := v.sealDecision(b, r, d, m); err != nil {
				fail(err)
				return
			}
			if b.size >= maxBytes || len(b.writes) >= maxEntries || b.sealed >= importBatchSealed {
				if !send() {
					return
				}
			}
		}
		b.last = true
		send()
	}()
	for b := range batches {
		if b.err != nil {
			return nil, v.interrupted(part, b.err)
		}
		if err := v.commitCheck(ctx, b); err != nil {
			return nil, v.interrupted(part, err)
		}
		if err := commit(b, b.last); err != nil {
			return nil, v.interrupted(part, err)
		}
		for _, sr := range b.stored {
			v.mem.note(sr.id, sr.e)
		}
	}
	plan.applied = true
	res.Transactions = part
	return res, nil
}

// importBatch is the sealed writes of one import transaction.
type importBatch struct {
	writes []importWrite
	// stored are the records written, for the memory index once the
	// batch commits.
	stored []storedRecord
	size   int // as Badger counts it (txnSize)
	sealed int // bytes of sealed values, capped at importBatchSealed
	last   bool
	err    error
}

type importWrite struct{ key, val []byte }

type storedRecord struct {
	id model.ID
	e  indexEntry
}

// commitCheck refuses to commit a batch other than the last once ctx is
// done; the last one always commits, as it completes the import.
func (v *Vault) commitCheck(ctx context.Context, b *importBatch) error {
	if b.last {
		return nil
	}
	return ctx.Err()
}

// sealDecision seals what decision d writes for record r into b.
func (v *Vault) sealDecision(b *importBatch, r model.Record, d decision, m *bundle.Manifest) error {
	id := r.Base().ID
	var cases []string
	for _, x := range []model.Record{d.store, d.loser} {
		if x == nil {
			continue
		}
		if cid, ok := model.CaseKeyOf(x); ok {
			cases = append(cases, string(cid))
		}
	}
	if err := v.ensureCaseKeys(cases); err != nil {
		return err
	}
	if d.store != nil {
		// A record stored as sent was validated when the bundle was
		// opened; one merged with the copy here is validated again.
		if d.store != r {
			if err := validateMerged(d.store, v.linkResolverLocked()); err != nil {
				return err
			}
		}
		sealed, err := v.sealRecord(d.store)
		if err != nil {
			return err
		}
		rkey := recordKey(d.store.Kind(), id)
		b.writes = append(b.writes, importWrite{rkey, sealed})
		b.stored = append(b.stored, storedRecord{id, indexEntry{kind: d.store.Kind(), version: d.store.Base().Version}})
		b.size += txnSize(len(rkey), len(sealed))
		b.sealed += len(sealed)
		// A record at version 1 has no stored index entry; one past it
		// needs one (a record here at version 1 has none to replace).
		if ver := d.store.Base().Version; needsIndex(ver) {
			ibkey := indexKey(id)
			idx, err := v.sealIndex(ibkey, indexEntry{kind: d.store.Kind(), version: ver})
			if err != nil {
				return err
			}
			b.writes = append(b.writes, importWrite{ibkey, idx})
			b.size += txnSize(len(ibkey), len(idx))
			b.sealed += len(idx)
		}
	}
	if d.loser != nil {
		ckey := metaKey(metaExchangeConflict + string(id) + "/" + m.HashString()[:16])
		sealed, err := v.sealCopy(d.loser, ckey)
		if err != nil {
			return err
		}
		b.writes = append(b.writes, importWrite{ckey, sealed})
		b.size += txnSize(len(ckey), len(sealed))
		b.sealed += len(sealed)
	}
	if d.writeSeen {
		skey := metaKey(metaExchangeSeen + string(id))
		sealed, err := v.seal.seal(v.valueKey, skey, header{key: keyVault}, d.seen.bytes())
		if err != nil {
			return err
		}
		b.writes = append(b.writes, importWrite{skey, sealed})
		b.size += txnSize(len(skey), len(sealed))
		b.sealed += len(sealed)
	}
	return nil
}

// validateMerged validates a record merged from a bundle and the copy
// here as the bundle reader does (bundle.Problems): a link to a record
// this vault does not hold is allowed (the sender shares only part of its
// vault), and so is a published picture whose approver was withheld;
// anything else a form would refuse is not.
func validateMerged(r model.Record, links model.LinkResolver) error {
	if ps := bundle.Problems(r, links); len(ps) > 0 {
		return fmt.Errorf("%w: %w", bundle.ErrMalformedRecord, ps.Err(r.Kind()))
	}
	return nil
}

// ErrChangedSincePreview means the vault changed between PreviewImport and
// Apply: nothing was written; preview the bundle again.
var ErrChangedSincePreview = errors.New("vault: the vault changed since the import was previewed; preview the bundle again")

// interrupted describes an apply that failed after part transactions.
func (v *Vault) interrupted(part int, err error) error {
	if part == 0 {
		return err
	}
	return fmt.Errorf("vault: the import was interrupted after %d of its transactions; import the same file again to complete it: %w", part, err)
}

// linkResolverLocked resolves links with the index; callers hold the read
// lock.
func (v *Vault) linkResolverLocked() model.LinkResolver {
	return func(id model.ID) (model.Kind, bool) {
		var k model.Kind
		var ok bool
		_ = v.db.View(func(tx *badger.Txn) error {
			k, ok = v.resolver(tx, nil)(id)
			return nil
		})
		return k, ok
	}
}

// sealCopy seals a conflict copy of r under bkey like the record itself:
// under its case's key if it has one, so purging the case erases it too.
func (v *Vault) sealCopy(r model.Record, bkey []byte) ([]byte, error) {
	pt, err := model.Encode(r)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	defer zero(pt)
	h := header{key: keyVault}
	key := v.valueKey
	if cid, ok := model.CaseKeyOf(r); ok {
		h.key, h.caseID = keyCase, string(cid)
		if key = v.cases.get(string(cid)); key == nil {
			return nil, fmt.Errorf("vault: no key for case %s (was it purged?)", cid)
		}
	}
	return v.seal.seal(key, bkey, h, pt)
}

// ConflictCopy is the losing version of a record changed on both sides,
// kept when an import resolved the conflict.
type ConflictCopy struct {
	// Record is the version not kept as the record.
	Record model.Record
	// Bundle is the first 16 hex digits of the bundle's manifest hash.
	Bundle string
	// Current is the record as it is here now; nil when it was deleted
	// since.
	Current model.Record
	// Fields are the fields in which the copy differs from the record
	// here now (none when they have since been made the same).
	Fields []ConflictField
}

// ConflictField is one field in which a conflict copy differs from the
// record here: its encoded (JSON) name and both values as encoded, whole
// (nil where a side does not have the field). The vault does not render
// them: a screen shows them in its user's language, sanitised.
type ConflictField struct {
	Name       string
	Here, Copy json.RawMessage
}

// conflictFields compares the record here with a conflict copy, leaving
// out the fields the vault maintains (version, times, author, origin).
func conflictFields(cur, cp model.Record) []ConflictField {
	a, err1 := model.Encode(cur)
	b, err2 := model.Encode(cp)
	if err1 != nil || err2 != nil {
		return []ConflictField{{Name: "record"}}
	}
	defer zero(a)
	defer zero(b)
	var ma, mb map[string]json.RawMessage
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return []ConflictField{{Name: "record"}}
	}
	var out []ConflictField
	for k := range ma {
		if _, ok := mb[k]; !ok {
			mb[k] = nil
		}
	}
	for k, vb := range mb {
		va := ma[k]
		if metaFields[k] || bytes.Equal(va, vb) {
			continue
		}
		out = append(out, ConflictField{Name: k, Here: va, Copy: vb})
	}
	slices.SortFunc(out, func(x, y ConflictField) int { return strings.Compare(x.Name, y.Name) })
	return out
}

// Conflicts returns the conflict copies kept by imports, by record ID, each
// with the record here now and the fields in which they differ. Copies of
// records whose case was purged cannot be opened and are left out.
func (v *Vault) Conflicts(ctx context.Context) ([]ConflictCopy, error) {
	var out []ConflictCopy
	err := v.view(func(tx *badger.Txn) error {
		prefix := metaKey(metaExchangeConflict)
		opt := badger.DefaultIteratorOptions
		opt.Prefix = prefix
		it := tx.NewIterator(opt)
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			item := it.Item()
			bkey := item.KeyCopy(nil)
			_, bundleID, _ := strings.Cut(string(bkey[len(prefix):]), "/")
			var cp model.Record
			err := item.Value(func(val []byte) error {
				h, raw, rest, err := parseHeader(val)
				if err != nil {
					return fmt.Errorf("%w: a conflict copy", ErrTampered)
				}
				key := v.valueKey
				if h.key == keyCase {
					if key = v.cases.get(h.caseID); key == nil {
						return nil
					}
				}
				pt, err := v.seal.open(key, bkey, raw, rest)
				if err != nil {
					return fmt.Errorf("%w: a conflict copy", ErrTampered)
				}
				defer zero(pt)
				if cp, err = model.Decode(pt); err != nil {
					return fmt.Errorf("%w: a conflict copy: %v", ErrTampered, err)
				}
				return nil
			})
			if err != nil {
				return err
			}
			if cp == nil {
				continue
			}
			c := ConflictCopy{Record: cp, Bundle: bundleID}
			id := cp.Base().ID
			if e, err := v.getIndex(tx, id, cp.Kind()); err == nil && !e.deleted {
				if c.Current, err = v.recordAt(tx, e, id); err != nil {
					return err
				}
				c.Fields = conflictFields(c.Current, cp)
			} else if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	return out, err
}

// DismissConflict removes the conflict copy of record id kept by the
// import of bundle (the 16 hex digits ConflictCopy.Bundle gives), once the
// user has compared it with the record and corrected the record as needed.
// The record itself is not changed. The removal is logged as an update of
// the record naming the bundle.
func (v *Vault) DismissConflict(ctx context.Context, id model.ID, bundleID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !id.Valid() || len(bundleID) != 16 || strings.Trim(bundleID, "0123456789abcdef") != "" {
		return errors.New("vault: no such conflict copy")
	}
	ckey := metaKey(metaExchangeConflict + string(id) + "/" + bundleID)
	return v.update(func(tx *badger.Txn) error {
		if _, err := tx.Get(ckey); errors.Is(err, badger.ErrKeyNotFound) {
			return errors.New("vault: no such conflict copy (was it removed already?)")
		} else if err != nil {
			return fmt.Errorf("vault: reading the conflict copy: %w", err)
		}
		kind := model.Kind("")
		if e, err := v.getIndex(tx, id, ""); err == nil {
			kind = e.kind
		}
		if err := tx.Delete(ckey); err != nil {
			return fmt.Errorf("vault: removing the conflict copy: %w", err)
		}
		return v.appendEvent(tx, &model.AuditEvent{
			Action: model.ActionUpdate, Kind: kind, Ref: id,
			Detail: "conflict copy from bundle " + bundleID + " reviewed and removed; the record is unchanged",
		})
	})
}
