package vault

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
	"varn/vault/auditlog"
	"varn/vault/bundle"
)

// defaultExportKinds are the kinds exported when none are chosen: the
// mapping, the measures and the published pictures — no cases, no people.
var defaultExportKinds = []model.Kind{model.KindObservation, model.KindMeasure, model.KindPicture}

// DefaultExportKinds returns the record kinds exported when none are chosen.
func DefaultExportKinds() []model.Kind { return slices.Clone(defaultExportKinds) }

// ExportOptions say what to export to whom. The zero value of each field
// shares the least.
type ExportOptions struct {
	// Partner names the recipient: its name, record ID or vault ID.
	Partner string
	// Since, when set, limits the export to records changed at or after it.
	Since time.Time
	// Kinds are the kinds to export; empty means DefaultExportKinds.
	Kinds []model.Kind
	// MaxTLP is the TLP ceiling; empty means amber. Red never leaves.
	MaxTLP model.TLP
	// IncludeCases exports individual cases (and what belongs to them);
	// setting it states that the legal basis allows it.
	IncludeCases bool
	// LegalBasis and Purpose say why the disclosure is lawful and what it
	// is for (brief R3). Both are required.
	LegalBasis, Purpose string
	// Expiry is how long the bundle is valid; 0 means 30 days.
	Expiry time.Duration
	// Armor writes the bundle as ASCII text (age armor).
	Armor bool
	// Progress, if set, is called now and then with the number of
	// records considered so far and the total to consider.
	Progress func(done, total int)
}

// ExportPreview says exactly what an export would send: counts per kind,
// what is held back and why, and what is left out of the records sent.
type ExportPreview struct {
	// Partner is the recipient.
	Partner PartnerInfo
	// Scope is the resolved scope.
	Scope bundle.Scope
	// Counts is the number of records sent per kind.
	Counts map[model.Kind]int
	// Withheld counts the records of the chosen kinds that stay, by reason.
	Withheld map[string]int
	// Redacted names, per kind, the fields left out of the records sent
	// (with how many records lost each).
	Redacted map[model.Kind]map[string]int
	// Total is the number of records sent.
	Total int
}

// ExportResult is what an export sent.
type ExportResult struct {
	ExportPreview
	// Manifest is the signed manifest of the bundle written.
	Manifest *bundle.Manifest
}

func (o *ExportOptions) policy(localVault string, p PartnerInfo) (*bundle.Policy, error) {
	kinds := o.Kinds
	if len(kinds) == 0 {
		kinds = defaultExportKinds
		if o.IncludeCases {
			kinds = append(slices.Clone(kinds), model.KindCase)
		}
	}
	kinds = slices.Clone(kinds)
	slices.Sort(kinds)
	kinds = slices.Compact(kinds)
	for _, k := range kinds {
		if !k.Valid() {
			return nil, fmt.Errorf("vault: unknown record kind %q", sanitize(string(k), 30))
		}
		if k == model.KindPartner {
			return nil, errors.New("vault: the partner register is never exported")
		}
	}
	tlp := o.MaxTLP
	if tlp == "" {
		tlp = model.TLPAmber
	}
	pol := &bundle.Policy{
		Scope:         bundle.Scope{Kinds: kinds, Since: o.Since.UTC().Truncate(time.Second), MaxTLP: tlp, IncludeCases: o.IncludeCases},
		LocalVault:    localVault,
		RecipientName: p.Partner.Name,
		CasesAllowed:  o.IncludeCases,
	}
	if err := pol.Check(); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	return pol, nil
}

// PreviewExport works out what Export would send with o, without writing
// anything or logging.
func (v *Vault) PreviewExport(ctx context.Context, o ExportOptions) (*ExportPreview, error) {
	p, err := v.Partner(ctx, o.Partner)
	if err != nil {
		return nil, err
	}
	pol, err := o.policy(v.ID(), p)
	if err != nil {
		return nil, err
	}
	pv := newPreview(p, pol)
	err = v.selectForExport(ctx, pol, o.Progress, nil, pv)
	if err != nil {
		return nil, err
	}
	return pv, nil
}

func newPreview(p PartnerInfo, pol *bundle.Policy) *ExportPreview {
	return &ExportPreview{
		Partner:  p,
		Scope:    pol.Scope,
		Counts:   map[model.Kind]int{},
		Withheld: map[string]int{},
		Redacted: map[model.Kind]map[string]int{},
	}
}

// exportBatch is a run of records of one kind that the policy allows, in
// scan order, and what preparing them gave: their redacted copies encoded
// for the bundle, and which fields redaction left out.
type exportBatch struct {
	kind     model.Kind
	n        int
	recs     []model.Record
	enc      []bundle.Encoded
	redacted map[string]int
	err      error
	done     chan struct{}
}

const exportBatchSize = 256

// prepare redacts (and, when encode is set, encodes) the batch's records.
func (b *exportBatch) prepare(includeCases, encode bool) {
	defer close(b.done)
	b.redacted = map[string]int{}
	if encode {
		b.enc = make([]bundle.Encoded, 0, len(b.recs))
	}
	for _, r := range b.recs {
		for _, f := range bundle.Redacted(r, includeCases) {
			b.redacted[f]++
		}
		if !encode {
			continue
		}
		red, err := bundle.Redact(r, includeCases)
		if err != nil {
			b.err = fmt.Errorf("vault: preparing record %s for export: %w", r.Base().ID, err)
			return
		}
		e, err := bundle.EncodeRecord(red)
		if err != nil {
			b.err = fmt.Errorf("vault: %w", err)
			return
		}
		b.enc = append(b.enc, e)
	}
	b.recs = nil
}

// selectForExport scans the kinds of the policy, applies the policy,
// records the preview in pv and, when sink is set, redacts and encodes
// each record to send and hands it to sink in scan order. The scan
// (decrypt, decode), the redaction and encoding (on up to four cores, a
// batch of records at a time) and sink (the bundle writer: sign-hash and
// encrypt) run side by side; only a few batches are in flight at once, so
// the export holds a bounded number of records whatever its size.
func (v *Vault) selectForExport(ctx context.Context, pol *bundle.Policy, progress func(done, total int), sink func(bundle.Encoded) error, pv *ExportPreview) error {
	total := 0
	if progress != nil {
		// Counting first costs an index scan; only done for a progress bar.
		n, err := v.countKinds(pol.Scope.Kinds)
		if err != nil {
			return err
		}
		total = n
		progress(0, total)
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	work := make(chan *exportBatch, workers)
	order := make(chan *exportBatch, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.prepare(pol.Scope.IncludeCases, sink != nil)
			}
		}()
	}
	// The consumer takes batches in scan order; it alone writes the
	// counts and the redaction figures of pv.
	sinkErr := make(chan error, 1)
	go func() {
		var err error
		for b := range order {
			<-b.done
			if err != nil {
				continue
			}
			if err = b.err; err != nil {
				cancel()
				continue
			}
			if len(b.redacted) > 0 && pv.Redacted[b.kind] == nil {
				pv.Redacted[b.kind] = map[string]int{}
			}
			for f, n := range b.redacted {
				pv.Redacted[b.kind][f] += n
			}
			for _, e := range b.enc {
				if err = sink(e); err != nil {
					cancel()
					break
				}
			}
			if err == nil {
				pv.Counts[b.kind] += b.n
				pv.Total += b.n
			}
		}
		sinkErr <- err
	}()
	var cur *exportBatch
	dispatch := func() error {
		if cur == nil || len(cur.recs) == 0 {
			return nil
		}
		b := cur
		cur = nil
		b.n = len(b.recs)
		select {
		case work <- b:
		case <-sctx.Done():
			return sctx.Err()
		}
		select {
		case order <- b:
			return nil
		case <-sctx.Done():
			// The batch is with a worker; wait so that it is not left
			// half-read.
			<-b.done
			return sctx.Err()
		}
	}
	done := 0
	var scanErr error
	for _, k := range pol.Scope.Kinds {
		scanErr = v.Scan(sctx, k, func(r model.Record) error {
			done++
			if progress != nil && done%1000 == 0 {
				progress(done, total)
			}
			if ok, why := pol.Allows(r); !ok {
				pv.Withheld[why]++
				return nil
			}
			if cur == nil {
				cur = &exportBatch{kind: k, recs: make([]model.Record, 0, exportBatchSize), done: make(chan struct{})}
			}
			cur.recs = append(cur.recs, r)
			if len(cur.recs) == exportBatchSize {
				return dispatch()
			}
			return nil
		})
		if scanErr == nil {
			scanErr = dispatch()
		}
		if scanErr != nil {
			break
		}
	}
	close(work)
	close(order)
	wg.Wait()
	if err := <-sinkErr; err != nil {
		return err
	}
	if scanErr != nil {
		return scanErr
	}
	if progress != nil {
		progress(done, total)
	}
	return nil
}

// countKinds counts the records of kinds by their keys alone.
func (v *Vault) countKinds(kinds []model.Kind) (int, error) {
	n := 0
	err := v.view(func(tx *badger.Txn) error {
		for _, k := range kinds {
			prefix := recordKey(k, "")
			opt := badger.DefaultIteratorOptions
			opt.Prefix, opt.PrefetchValues = prefix, false
			it := tx.NewIterator(opt)
			for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
				n++
			}
			it.Close()
		}
		return nil
	})
	return n, err
}

// maxExportText bounds the legal basis and the purpose an export carries
// in its manifest.
const maxExportText = 1000

// Export writes a bundle for o.Partner to w: the records o selects, after
// the export policy and redaction, signed with the vault's exchange
// identity and encrypted to the partner (and to this vault, so it can
// reopen its own export). The bundle carries the vault's latest audit
// checkpoint, and the export is logged with the manifest's hash. Writes to
// the vault wait while an export runs, so the bundle is one consistent
// view.
//
// On error nothing is logged and the sequence number is not used; what
// was written to w must be discarded.
func (v *Vault) Export(ctx context.Context, w io.Writer, o ExportOptions) (*ExportResult, error) {
	if strings.TrimSpace(o.LegalBasis) == "" || strings.TrimSpace(o.Purpose) == "" {
		return nil, errors.New("vault: an export needs a legal basis and a purpose (R3)")
	}
	for _, f := range []struct{ name, s string }{{"legal basis", o.LegalBasis}, {"purpose", o.Purpose}} {
		if len(f.s) > maxExportText || model.SanitizeLine(f.s) != f.s {
			return nil, fmt.Errorf("vault: the export's %s must be one line of plain text of at most %d bytes, without control characters", f.name, maxExportText)
		}
	}
	p, err := v.Partner(ctx, o.Partner)
	if err != nil {
		return nil, err
	}
	pol, err := o.policy(v.ID(), p)
	if err != nil {
		return nil, err
	}
	id, err := v.exchangeIdentity(ctx, true)
	if err != nil {
		return nil, err
	}
	defer id.Wipe()

	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	var st peerState
	if err := v.view(func(tx *badger.Txn) error {
		var err error
		st, err = v.peer(tx, peerKey(p))
		return err
	}); err != nil {
		return nil, err
	}
	cp, err := v.Checkpoint()
	if err != nil {
		return nil, err
	}
	_, cpSize, _, err := parseCheckpointText(string(cp))
	if err != nil {
		return nil, fmt.Errorf("vault: reading this vault's checkpoint: %w", err)
	}
	proof, err := v.checkpointProof(st.SentCheckpointSize, cpSize)
	if err != nil {
		return nil, err
	}
	expiry := o.Expiry
	if expiry <= 0 {
		expiry = bundle.DefaultValidity
	}
	now := v.now().Truncate(time.Second)
	bw, err := bundle.NewWriter(w, id, bundle.Header{
		To:              p.Public,
		ToName:          p.Partner.Name,
		Archive:         id.Public(),
		Sequence:        st.Sent + 1,
		Created:         now,
		Expires:         now.Add(expiry),
		Scope:           pol.Scope,
		LegalBasis:      strings.TrimSpace(o.LegalBasis),
		Purpose:         strings.TrimSpace(o.Purpose),
		Checkpoint:      cp,
		CheckpointProof: proof,
		Armor:           o.Armor,
	})
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	res := &ExportResult{ExportPreview: *newPreview(p, pol)}
	err = v.selectForExport(ctx, pol, o.Progress, func(e bundle.Encoded) error {
		if err := bw.AddEncoded(e); err != nil {
			return fmt.Errorf("vault: %w", err)
		}
		return nil
	}, &res.ExportPreview)
	if err != nil {
		return nil, err
	}
	m, err := bw.Close()
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	res.Manifest = m
	st.Sent = m.Sequence
	st.SentCheckpointSize = cpSize
	st.LastExport = v.now()
	if err := v.readLock(); err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	err = v.updateLocked(func(tx *badger.Txn) error {
		if err := v.putPeer(tx, peerKey(p), st); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{
			Action: model.ActionExport, Kind: model.KindPartner, Ref: p.Partner.ID,
			Detail: fmt.Sprintf("bundle %s seq %d: %s", m.HashString(), m.Sequence, countsDetail(m.Counts)),
		})
	})
	if err != nil {
		return nil, fmt.Errorf("vault: the bundle was written but the export could not be logged, so it must not be used: %w", err)
	}
	return res, nil
}

// checkpointProof proves that the log at size to extends the log at size
// from (nil when from is 0 or not smaller than to).
func (v *Vault) checkpointProof(from, to uint64) (*bundle.CheckpointProof, error) {
	if from == 0 || from >= to {
		return nil, nil
	}
	var p *bundle.CheckpointProof
	err := v.view(func(tx *badger.Txn) error {
		tp, err := auditlog.ProveConsistency(auditStore{v, tx}, from, to)
		if err != nil {
			return err
		}
		hs := make([][32]byte, len(tp))
		for i, h := range tp {
			hs[i] = h
		}
		p = bundle.NewCheckpointProof(from, hs)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("vault: proving the audit log grew: %w", err)
	}
	return p, nil
}

// countsDetail writes counts per kind for an audit event: "observation 3,
// measure 1".
func countsDetail(c map[model.Kind]int) string {
	if len(c) == 0 {
		return "no records"
	}
	ks := slices.Collect(maps.Keys(c))
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	parts := make([]string, 0, len(ks))
	for _, k := range ks {
		parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
	}
	return strings.Join(parts, ", ")
}
