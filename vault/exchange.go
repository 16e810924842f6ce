package vault

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
	"varn/vault/bundle"
)

// Exchange state lives in sealed vault internals (see putInternal):
//
//	m/x/identity         the exchange identity (bundle.Identity.MarshalBinary)
//	m/x/peer/<key>       per-partner state (peerState as JSON); key is the
//	                     partner's vault ID, or "r:" + its record ID for an
//	                     age-only partner, so removing and re-adding a
//	                     partner keeps its sequence numbers
//	m/x/seen/<id>        the versions of a record when it was last imported
//	m/x/conflict/<id>/<bundle>  the losing copy of a conflict, sealed like
//	                     the record itself (under its case key if it has one)
//	m/x/pending          an import applied in several transactions that has
//	                     not finished
const (
	metaExchangeIdentity = "x/identity"
	metaExchangePeer     = "x/peer/"
	metaExchangeSeen     = "x/seen/"
	metaExchangeConflict = "x/conflict/"
	metaExchangePending  = "x/pending"
)

// Exchange errors.
var (
	// ErrNoPartner means no partner of that name or ID is registered.
	ErrNoPartner = errors.New("vault: no such partner; see 'varn partner ls'")
	// ErrAlreadyImported means the bundle was imported before; importing
	// it again changes nothing.
	ErrAlreadyImported = errors.New("vault: bundle was already imported; nothing changed")
	// ErrCheckpoint means a partner's audit checkpoint does not extend the
	// last one held from it: its log was rolled back or rewritten.
	ErrCheckpoint = errors.New("vault: partner's audit log does not extend the checkpoint held from it")
	// ErrImportInterrupted means an import applied in several transactions
	// was cut short: only that bundle can be imported (to complete it)
	// until it is.
	ErrImportInterrupted = errors.New("vault: an import of another bundle was interrupted")
	// ErrNoIdentity means the vault has no exchange identity yet, so no
	// bundle can have been addressed to it.
	ErrNoIdentity = errors.New("vault: this vault has no exchange identity yet; run 'varn identity' and give it to partners")
)

// peerState is what the vault keeps per partner, sealed.
type peerState struct {
	// Sent is the sequence number of the last bundle exported to the
	// partner; Received that of the last imported from it.
	Sent     uint64 `json:"sent,omitempty"`
	Received uint64 `json:"received,omitempty"`
	// Imported holds the manifest hashes of the latest bundles imported
	// from the partner (newest last, at most maxImportedHashes).
	Imported []string `json:"imported,omitempty"`
	// Valid holds the manifest hash and expiry of every bundle imported
	// from the partner that has not expired (give or take
	// bundle.ClockSkew): a bundle in it is never imported again, even
	// after the sequence was reset, and one past its expiry is refused
	// for that. Together they keep any bundle from being imported twice.
	Valid []importedBundle `json:"valid,omitempty"`
	// Checkpoint is the partner's audit checkpoint carried by the last
	// bundle imported from it: log size and root hash (base64).
	CheckpointSize uint64 `json:"checkpoint_size,omitempty"`
	CheckpointRoot string `json:"checkpoint_root,omitempty"`
	// SentCheckpointSize is the size of this vault's log in the checkpoint
	// of the last bundle exported to the partner: the next bundle proves
	// its checkpoint extends that one.
	SentCheckpointSize uint64 `json:"sent_checkpoint_size,omitempty"`
	// LastExport and LastImport are when the last bundle was exported to
	// and imported from the partner (this vault's clock).
	LastExport time.Time `json:"last_export,omitzero"`
	LastImport time.Time `json:"last_import,omitzero"`
}

const maxImportedHashes = 64

// importedBundle is a bundle imported from a partner: its manifest hash
// and its expiry.
type importedBundle struct {
	Hash    string    `json:"hash"`
	Expires time.Time `json:"expires"`
}

// imported reports whether the bundle with manifest hash h was imported.
func (s *peerState) imported(h string) bool {
	return slices.Contains(s.Imported, h) || slices.ContainsFunc(s.Valid, func(b importedBundle) bool { return b.Hash == h })
}

// noteImported remembers bundle m as imported, and forgets the bundles
// that expired more than bundle.ClockSkew before now: those are refused
// as expired.
func (s *peerState) noteImported(m *bundle.Manifest, now time.Time) {
	h := m.HashString()
	s.Imported = append(s.Imported, h)
	if len(s.Imported) > maxImportedHashes {
		s.Imported = s.Imported[len(s.Imported)-maxImportedHashes:]
	}
	s.Valid = slices.DeleteFunc(s.Valid, func(b importedBundle) bool { return now.After(b.Expires.Add(bundle.ClockSkew)) })
	s.Valid = append(s.Valid, importedBundle{Hash: h, Expires: m.Expires.UTC()})
}

func (s *peerState) lastExchange() time.Time {
	if s.LastExport.After(s.LastImport) {
		return s.LastExport
	}
	return s.LastImport
}

// Identity returns the public part of the vault's exchange identity, to
// give to partners (bundle.Public.String is the block `varn identity`
// prints). The identity is created at first use, sealed in the vault, and
// its creation is logged.
func (v *Vault) Identity(ctx context.Context) (*bundle.Public, error) {
	id, err := v.exchangeIdentity(ctx, true)
	if err != nil {
		return nil, err
	}
	defer id.Wipe()
	return id.Public(), nil
}

// exchangeIdentity loads the sealed exchange identity, creating it when
// create is set and there is none (else ErrNoIdentity). The caller wipes it.
func (v *Vault) exchangeIdentity(ctx context.Context, create bool) (*bundle.Identity, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	id, err := v.loadIdentity()
	if err == nil || !errors.Is(err, ErrNotFound) {
		return id, err
	}
	if !create {
		return nil, ErrNoIdentity
	}
	err = v.update(func(tx *badger.Txn) error {
		// Another writer may have created it since.
		b, err := v.getInternal(tx, metaKey(metaExchangeIdentity))
		if err == nil {
			defer zero(b)
			id, err = bundle.UnmarshalIdentity(b)
			return err
		}
		if !errors.Is(err, ErrNotFound) {
			return err
		}
		if id, err = bundle.GenerateIdentity(nil, v.ID()); err != nil {
			return err
		}
		b, err = id.MarshalBinary()
		if err != nil {
			return err
		}
		defer zero(b)
		if err := v.putInternal(tx, metaKey(metaExchangeIdentity), b); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionSetting, Detail: "exchange identity created " + id.Public().Fingerprint()})
	})
	if err != nil {
		if id != nil {
			id.Wipe()
		}
		return nil, err
	}
	return id, nil
}

func (v *Vault) loadIdentity() (*bundle.Identity, error) {
	var id *bundle.Identity
	err := v.view(func(tx *badger.Txn) error {
		b, err := v.getInternal(tx, metaKey(metaExchangeIdentity))
		if err != nil {
			return err
		}
		defer zero(b)
		if id, err = bundle.UnmarshalIdentity(b); err != nil {
			return fmt.Errorf("%w: the exchange identity cannot be read: %v", ErrTampered, err)
		}
		return nil
	})
	return id, err
}

// PartnerInfo is a partner of the register with what the vault knows of
// the exchanges with it.
type PartnerInfo struct {
	// Partner is the register record. Its SentSeq and ReceivedSeq are
	// filled in from the exchange state.
	Partner *model.Partner
	// Public is the partner's pinned public identity.
	Public *bundle.Public
	// VaultID is the partner vault's ID, empty for an age-only partner.
	VaultID string
	// Fingerprint is Public's fingerprint, to compare over the phone.
	Fingerprint string
	// LastExport and LastImport are when the last bundle went to and came
	// from the partner; zero if never.
	LastExport, LastImport time.Time
	// CheckpointSize and CheckpointRoot (base64) are the partner's audit
	// checkpoint carried by the last bundle imported from it; 0 and ""
	// if none. A partner that lost its state directory re-anchors its
	// trust from them ('varn audit trust --size --root').
	CheckpointSize uint64
	CheckpointRoot string
}

// CanImportFrom reports whether bundles from the partner can be verified.
func (p PartnerInfo) CanImportFrom() bool { return p.Public.CanImportFrom() }

func (v *Vault) partnerInfo(tx *badger.Txn, p *model.Partner) (PartnerInfo, error) {
	pub, err := partnerPublic(p)
	if err != nil {
		return PartnerInfo{}, err
	}
	info := PartnerInfo{Partner: p, Public: pub, VaultID: pub.VaultID, Fingerprint: pub.Fingerprint()}
	st, err := v.peer(tx, peerKey(info))
	if err != nil {
		return PartnerInfo{}, err
	}
	p.SentSeq, p.ReceivedSeq = st.Sent, st.Received
	info.LastExport, info.LastImport = st.LastExport, st.LastImport
	info.CheckpointSize, info.CheckpointRoot = st.CheckpointSize, st.CheckpointRoot
	return info, nil
}

// partnerPublic rebuilds the pinned public identity of a register record.
func partnerPublic(p *model.Partner) (*bundle.Public, error) {
	vaultID := ""
	if p.SigningKey != "" {
		name, _, ok := strings.Cut(p.SigningKey, "+")
		if !ok {
			return nil, fmt.Errorf("vault: partner %q has a malformed signing key", sanitize(p.Name, 60))
		}
		vaultID = name
	}
	pub, err := bundle.PublicFromRecipients(vaultID, p.Recipients, p.SigningKey)
	if err != nil {
		return nil, fmt.Errorf("vault: partner %q: %w", sanitize(p.Name, 60), err)
	}
	return pub, nil
}

func peerKey(info PartnerInfo) string {
	if info.VaultID != "" {
		return info.VaultID
	}
	return "r:" + string(info.Partner.ID)
}

func (v *Vault) peer(tx *badger.Txn, key string) (peerState, error) {
	var st peerState
	b, err := v.getInternal(tx, metaKey(metaExchangePeer+key))
	if errors.Is(err, ErrNotFound) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("%w: exchange state of partner %s cannot be read", ErrTampered, sanitize(key, 40))
	}
	return st, nil
}

func (v *Vault) putPeer(tx *badger.Txn, key string, st peerState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return v.putInternal(tx, metaKey(metaExchangePeer+key), b)
}

// Partners returns the partner register, sorted by name.
func (v *Vault) Partners(ctx context.Context) ([]PartnerInfo, error) {
	recs, err := v.List(ctx, model.KindPartner)
	if err != nil {
		return nil, err
	}
	out := make([]PartnerInfo, 0, len(recs))
	err = v.view(func(tx *badger.Txn) error {
		for _, r := range recs {
			info, err := v.partnerInfo(tx, r.(*model.Partner))
			if err != nil {
				return err
			}
			out = append(out, info)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b PartnerInfo) int {
		return strings.Compare(strings.ToLower(a.Partner.Name), strings.ToLower(b.Partner.Name))
	})
	return out, nil
}

// Partner returns the partner registered under name (compared without
// regard to case), record ID or vault ID.
func (v *Vault) Partner(ctx context.Context, name string) (PartnerInfo, error) {
	ps, err := v.Partners(ctx)
	if err != nil {
		return PartnerInfo{}, err
	}
	for _, p := range ps {
		if strings.EqualFold(p.Partner.Name, name) || string(p.Partner.ID) == name || (p.VaultID != "" && p.VaultID == name) {
			return p, nil
		}
	}
	return PartnerInfo{}, fmt.Errorf("%w: %q", ErrNoPartner, sanitize(name, 60))
}

// AddPartner pins a partner's public identity in the register under name
// (the organisation, such as "Lomma kommun"), with its organisation type.
// Compare pub.Fingerprint() with the partner over the phone first. It
// refuses a name or vault already registered, and this vault itself.
func (v *Vault) AddPartner(ctx context.Context, name string, org model.Org, pub *bundle.Public, note string) (PartnerInfo, error) {
	if pub == nil || len(pub.Recipients) == 0 {
		return PartnerInfo{}, errors.New("vault: a partner needs at least one age recipient")
	}
	name = strings.TrimSpace(name)
	if pub.VaultID == v.ID() {
		return PartnerInfo{}, errors.New("vault: that is this vault's own identity; add the partner's identity instead")
	}
	ps, err := v.Partners(ctx)
	if err != nil {
		return PartnerInfo{}, err
	}
	for _, p := range ps {
		switch {
		case strings.EqualFold(p.Partner.Name, name):
			return PartnerInfo{}, fmt.Errorf("vault: a partner named %q is registered already; remove it first to replace its keys", sanitize(p.Partner.Name, 60))
		case pub.VaultID != "" && p.VaultID == pub.VaultID:
			return PartnerInfo{}, fmt.Errorf("vault: that vault is registered already as partner %q", sanitize(p.Partner.Name, 60))
		}
	}
	if org == "" {
		org = model.OrgOther
	}
	p := &model.Partner{Name: name, Org: org, Recipients: slices.Clone(pub.Recipients), SigningKey: pub.VerifierKey(), Note: note}
	if _, err := v.Put(ctx, p); err != nil {
		return PartnerInfo{}, err
	}
	var info PartnerInfo
	err = v.view(func(tx *badger.Txn) error {
		var err error
		info, err = v.partnerInfo(tx, p)
		return err
	})
	return info, err
}

// RemovePartner removes a partner from the register (by name, record ID
// or vault ID). What was imported from it stays, and so do the sequence
// numbers exchanged with it, so re-adding the partner cannot make an old
// bundle of its importable again.
func (v *Vault) RemovePartner(ctx context.Context, name string) error {
	p, err := v.Partner(ctx, name)
	if err != nil {
		return err
	}
	return v.Delete(ctx, p.Partner.ID)
}

// trustedKey returns the pinned signing key of partner vault vaultID.
func trustedKey(ps []PartnerInfo) func(string) (ed25519.PublicKey, bool) {
	return func(vaultID string) (ed25519.PublicKey, bool) {
		for _, p := range ps {
			if p.VaultID == vaultID && p.Public.CanImportFrom() {
				return p.Public.SigningKey, true
			}
		}
		return nil, false
	}
}

// SequenceReset says what ResetPartnerSequence forgot.
type SequenceReset struct {
	// Partner is the partner whose state was reset.
	Partner PartnerInfo
	// Received is the sequence number of the last bundle imported from
	// it, now forgotten (the next bundle may start again from 1).
	Received uint64
	// CheckpointSize is the size of the partner's audit log as its last
	// bundle showed it, now forgotten (0 if none was held).
	CheckpointSize uint64
}

// ResetPartnerSequence forgets the sequence number of the last bundle
// imported from the named partner and the audit checkpoint held from it,
// for a partner whose vault was restored from a backup: its bundles then
// carry lower sequence numbers and a shorter audit log than this vault has
// seen, and would be refused as replayed or rolled back. Confirm with the
// partner, by phone, that the restore happened before calling it: the same
// symptoms are what a replayed bundle or a rolled-back log look like.
//
// The hashes of bundles already imported are kept, so none of them can be
// imported again. reason (required) goes into the audit event, which also
// names the values forgotten. An import of another bundle from the partner
// that was interrupted must be completed first.
func (v *Vault) ResetPartnerSequence(ctx context.Context, name, reason string) (SequenceReset, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return SequenceReset{}, errors.New("vault: say why the partner's sequence is reset (it goes into the audit log)")
	}
	p, err := v.Partner(ctx, name)
	if err != nil {
		return SequenceReset{}, err
	}
	if !p.CanImportFrom() {
		return SequenceReset{}, fmt.Errorf("vault: nothing is imported from %s (it has no signing key), so there is no sequence to reset", sanitize(p.Partner.Name, 60))
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return SequenceReset{}, err
	}
	defer v.mu.RUnlock()
	res := SequenceReset{Partner: p}
	err = v.updateLocked(func(tx *badger.Txn) error {
		if pend, err := v.pending(tx); err != nil {
			return err
		} else if pend != nil && pend.Peer == peerKey(p) {
			return errors.New("vault: an import from this partner was interrupted; import that file again to complete it first")
		}
		st, err := v.peer(tx, peerKey(p))
		if err != nil {
			return err
		}
		res.Received, res.CheckpointSize = st.Received, st.CheckpointSize
		st.Received, st.CheckpointSize, st.CheckpointRoot = 0, 0, ""
		if err := v.putPeer(tx, peerKey(p), st); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{
			Action: model.ActionSetting, Kind: model.KindPartner, Ref: p.Partner.ID,
			Detail: fmt.Sprintf("exchange sequence reset: last bundle received %d and audit checkpoint of %d events forgotten: %s",
				res.Received, res.CheckpointSize, sanitize(reason, 200)),
		})
	})
	if err != nil {
		return SequenceReset{}, err
	}
	res.Partner.Partner.ReceivedSeq = 0
	return res, nil
}
