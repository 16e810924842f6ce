package vault

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

func recordKey(k model.Kind, id model.ID) []byte {
	b := make([]byte, 0, len(prefixRecord)+len(k)+1+len(id))
	b = append(b, prefixRecord...)
	b = append(b, k...)
	b = append(b, '/')
	return append(b, id...)
}

func indexKey(id model.ID) []byte { return []byte(prefixIndex + string(id)) }

// The index entry of a record: its kind and, in the sealed header, its
// current version. A deleted record keeps its entry as a tombstone, so its
// ID is never reused and its version never goes back.
//
// A record at version 1 has no stored entry (an import or a create writes
// one Badger key per record, not two): its entry is implied by the record
// key, and implicit says so. A record past version 1 must have a stored
// entry at exactly its version; one without is reported as tampered.
type indexEntry struct {
	kind     model.Kind
	version  uint64
	deleted  bool
	implicit bool
}

// needsIndex reports whether a record stored at version ver needs a
// stored index entry.
func needsIndex(ver uint64) bool { return ver != 1 }

func (v *Vault) putIndex(tx *badger.Txn, id model.ID, e indexEntry) error {
	bkey := indexKey(id)
	sealed, err := v.sealIndex(bkey, e)
	if err != nil {
		return err
	}
	return tx.Set(bkey, sealed)
}

// sealIndex seals index entry e under its Badger key bkey.
func (v *Vault) sealIndex(bkey []byte, e indexEntry) ([]byte, error) {
	pt := []byte(e.kind)
	if e.deleted {
		pt = append(pt, 0, 'd')
	}
	return v.seal.seal(v.valueKey, bkey, header{key: keyVault, version: e.version}, pt)
}

// storedIndex returns the stored index entry of id, ErrNotFound if there
// is none.
func (v *Vault) storedIndex(tx *badger.Txn, id model.ID) (indexEntry, error) {
	var e indexEntry
	bkey := indexKey(id)
	item, err := tx.Get(bkey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return e, ErrNotFound
	}
	if err != nil {
		return e, fmt.Errorf("vault: reading record %s: %w", id, err)
	}
	err = item.Value(func(val []byte) error {
		var err error
		e, err = v.openIndex(bkey, id, val)
		return err
	})
	return e, err
}

// getIndex returns the index entry of id: the stored one, else the
// implicit entry of a record at version 1 (found by its key, trying the
// kind hint first when given, else the kind the memory index names),
// else ErrNotFound. The record itself is not read: callers check its
// sealed version against the entry.
func (v *Vault) getIndex(tx *badger.Txn, id model.ID, hint model.Kind) (indexEntry, error) {
	e, err := v.storedIndex(tx, id)
	if !errors.Is(err, ErrNotFound) {
		return e, err
	}
	if hint == "" {
		if me, ok := v.mem.peek(id); ok {
			hint = kindOfCode[me.kind]
		}
	}
	return implicitEntry(hint, func(k model.Kind) (bool, error) {
		_, err := tx.Get(recordKey(k, id))
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, badger.ErrKeyNotFound):
			return false, nil
		}
		return false, fmt.Errorf("vault: reading record %s: %w", sanitize(string(id), 30), err)
	})
}

// implicitEntry returns the implicit index entry of a record at version 1
// whose key is stored under one of the kinds: the kinds are tried hint
// first, then in their order. ErrNotFound if no kind has it.
func implicitEntry(hint model.Kind, has func(model.Kind) (bool, error)) (indexEntry, error) {
	try := func(k model.Kind) (indexEntry, bool, error) {
		ok, err := has(k)
		return indexEntry{kind: k, version: 1, implicit: true}, ok, err
	}
	if hint != "" {
		if e, ok, err := try(hint); ok || err != nil {
			return e, err
		}
	}
	for _, k := range model.AllKinds() {
		if k == hint {
			continue
		}
		if e, ok, err := try(k); ok || err != nil {
			return e, err
		}
	}
	return indexEntry{}, ErrNotFound
}

// openIndex opens a sealed index entry stored under bkey.
func (v *Vault) openIndex(bkey []byte, id model.ID, val []byte) (indexEntry, error) {
	h, raw, rest, err := parseHeader(val)
	if err != nil || h.key != keyVault {
		return indexEntry{}, tamperedRecord(id)
	}
	var buf [64]byte
	pt, err := v.seal.openTo(buf[:0], v.valueKey, bkey, raw, rest)
	if err != nil {
		return indexEntry{}, tamperedRecord(id)
	}
	kind, flag, _ := bytes.Cut(pt, []byte{0})
	return indexEntry{kind: model.Kind(kind), version: h.version, deleted: string(flag) == "d"}, nil
}

func tamperedRecord(id model.ID) error {
	return fmt.Errorf("%w: record %s failed authentication (tampered or corrupt); restore it from a backup", ErrTampered, sanitize(string(id), 30))
}

// sealRecord encodes and seals r under its case key or the vault key.
func (v *Vault) sealRecord(r model.Record) ([]byte, error) {
	m := r.Base()
	pt, err := model.Encode(r)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	defer zero(pt)
	h := header{key: keyVault, version: m.Version}
	key := v.valueKey
	if cid, ok := model.CaseKeyOf(r); ok {
		h.key, h.caseID = keyCase, string(cid)
		if key = v.cases.get(string(cid)); key == nil {
			return nil, fmt.Errorf("vault: no key for case %s (was it purged?)", cid)
		}
	}
	return v.seal.seal(key, recordKey(r.Kind(), m.ID), h, pt)
}

// openRecord opens and decodes a stored record value, checking that it is
// the record the key names, at the version the header names.
func (v *Vault) openRecord(bkey []byte, kind model.Kind, id model.ID, val []byte) (model.Record, uint64, error) {
	h, raw, rest, err := parseHeader(val)
	if err != nil {
		return nil, 0, tamperedRecord(id)
	}
	key := v.valueKey
	if h.key == keyCase {
		if key = v.cases.get(h.caseID); key == nil {
			return nil, 0, fmt.Errorf("%w: record %s belongs to a purged case", ErrNotFound, id)
		}
	}
	pt, err := v.seal.open(key, bkey, raw, rest)
	if err != nil {
		return nil, 0, tamperedRecord(id)
	}
	defer zero(pt)
	r, err := model.Decode(pt)
	if err != nil {
		return nil, 0, fmt.Errorf("vault: record %s cannot be read: %w", id, err)
	}
	m := r.Base()
	if r.Kind() != kind || m.ID != id || m.Version != h.version {
		return nil, 0, tamperedRecord(id)
	}
	cid, ok := model.CaseKeyOf(r)
	if ok != (h.key == keyCase) || string(cid) != h.caseID {
		return nil, 0, tamperedRecord(id)
	}
	return r, h.version, nil
}

// getRecord reads a live record in tx, checking it against its index entry
// (in memory when it agrees with the record, else as stored).
func (v *Vault) getRecord(tx *badger.Txn, id model.ID) (model.Record, error) {
	if me, ok := v.mem.lookup(id); ok && !me.deleted {
		if r, ok := v.getFast(tx, id, me); ok {
			return r, nil
		}
	}
	e, err := v.getIndex(tx, id, "")
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, sanitize(string(id), 30))
		}
		return nil, err
	}
	if e.deleted {
		return nil, fmt.Errorf("%w: %s was deleted", ErrNotFound, id)
	}
	r, err := v.recordAt(tx, e, id)
	if err != nil {
		return nil, err
	}
	v.mem.note(id, e)
	return r, nil
}

// recordAt reads the live record id whose index entry is e, checking it
// against the entry.
func (v *Vault) recordAt(tx *badger.Txn, e indexEntry, id model.ID) (model.Record, error) {
	bkey := recordKey(e.kind, id)
	item, err := tx.Get(bkey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: record %s is missing from the store though indexed; restore it from a backup", ErrTampered, id)
	}
	if err != nil {
		return nil, fmt.Errorf("vault: reading record %s: %w", id, err)
	}
	var r model.Record
	err = item.Value(func(val []byte) error {
		var ver uint64
		var err error
		if r, ver, err = v.openRecord(bkey, e.kind, id, val); err != nil {
			return err
		}
		return checkIndexed(id, e.kind, ver, e.stored())
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// stored returns e if it is a stored entry, nil if it is implicit.
func (e indexEntry) stored() *indexEntry {
	if e.implicit {
		return nil
	}
	return &e
}

// Get returns the record with id without logging a view (for link
// resolution and internal use). It returns an error wrapping ErrNotFound if
// there is no such record and ErrTampered if it fails authentication.
func (v *Vault) Get(ctx context.Context, id model.ID) (model.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r model.Record
	err := v.view(func(tx *badger.Txn) error {
		var err error
		r, err = v.getRecord(tx, id)
		return err
	})
	return r, err
}

// View returns the record with id and logs that the user viewed it; the
// record is returned only if the event is recorded.
func (v *Vault) View(ctx context.Context, id model.ID) (model.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r model.Record
	err := v.update(func(tx *badger.Txn) error {
		var err error
		if r, err = v.getRecord(tx, id); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionView, Kind: r.Kind(), Ref: id})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// metaFields are the encoded fields the vault maintains; they are not
// reported as changed.
var metaFields = map[string]bool{"format": true, "record": true, "version": true, "updated": true, "created": true, "origin": true, "author": true, "id": true}

// changedFields names the top-level fields whose encoding differs.
func changedFields(old, new model.Record) []string {
	a, err1 := model.Encode(old)
	b, err2 := model.Encode(new)
	if err1 != nil || err2 != nil {
		return nil
	}
	var ma, mb map[string]json.RawMessage
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return nil
	}
	var out []string
	for k, vb := range mb {
		if va, ok := ma[k]; !metaFields[k] && (!ok || !bytes.Equal(va, vb)) {
			out = append(out, k)
		}
	}
	for k := range ma {
		if _, ok := mb[k]; !ok && !metaFields[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// resolver returns a model.LinkResolver reading the index in tx, and also
// knowing the records of extra (an import in progress). It remembers what
// it found: many records of an import often link to the same few.
func (v *Vault) resolver(tx *badger.Txn, extra map[model.ID]model.Kind) model.LinkResolver {
	type found struct {
		kind model.Kind
		ok   bool
	}
	seen := map[model.ID]found{}
	return func(id model.ID) (model.Kind, bool) {
		if k, ok := extra[id]; ok {
			return k, true
		}
		if f, ok := seen[id]; ok {
			return f.kind, f.ok
		}
		var f found
		if e, err := v.getIndex(tx, id, ""); err == nil && !e.deleted {
			f = found{e.kind, true}
		}
		if len(seen) < 1<<16 {
			seen[id] = f
		}
		return f.kind, f.ok
	}
}

// Put creates or updates a record and logs it in the same transaction.
//
// A record without an ID is created: the vault fills in ID, origin, version
// 1, times and author. A record with an ID updates the stored one, whose
// version must equal r's (else ErrConflict: someone changed it since it was
// read); the version goes up by one. A record with an ID the vault does not
// know and version 0 is created under that ID. Put validates the record
// (model.Validate) and returns the record as stored; r is updated in place.
//
// A partner's record is changed only by its origin's bundles: Put refuses
// to update it (ErrPartnersRecord); SetLocalNote keeps this vault's remark
// beside it instead.
func (v *Vault) Put(ctx context.Context, r model.Record) (model.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("vault: no record given")
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	m := r.Base()
	now := v.now()
	var old model.Record
	var oldEntry indexEntry
	if m.ID != "" {
		if _, err := model.ParseID(string(m.ID)); err != nil {
			return nil, fmt.Errorf("vault: %w", err)
		}
		err := v.db.View(func(tx *badger.Txn) error {
			var err error
			oldEntry, err = v.getIndex(tx, m.ID, r.Kind())
			if err != nil || oldEntry.deleted {
				return err
			}
			old, err = v.getRecord(tx, m.ID)
			return err
		})
		switch {
		case errors.Is(err, ErrNotFound) && m.Version == 0:
		case err != nil:
			return nil, err
		case oldEntry.deleted:
			return nil, fmt.Errorf("%w: %s was deleted", ErrNotFound, m.ID)
		}
		if old != nil && old.Kind() != r.Kind() {
			return nil, fmt.Errorf("vault: record %s is a %s, not a %s", m.ID, old.Kind(), r.Kind())
		}
		if old != nil && old.Base().Origin != v.ID() && old.Base().Origin != "" && !legacyPartnerEdits.Load() {
			return nil, fmt.Errorf("%w (%s %s); write a local note on it instead", ErrPartnersRecord, old.Kind(), m.ID)
		}
		if old != nil && m.Version != oldEntry.version {
			return nil, fmt.Errorf("%w: %s is at version %d, the change was made to version %d; reload it and make the change again",
				ErrConflict, m.ID, oldEntry.version, m.Version)
		}
		if old == nil && m.Version != 0 {
			return nil, fmt.Errorf("%w: %s", ErrNotFound, m.ID)
		}
	}
	// Work on a copy so a failed write leaves r as it was.
	saved := *m
	ev := &model.AuditEvent{Action: model.ActionCreate, Kind: r.Kind()}
	if old == nil {
		m.Version, m.Created, m.Updated, m.Author, m.Origin = 0, now, now, "", ""
		model.Prepare(r, now, v.actor.User, v.ID(), nil)
	} else {
		om := old.Base()
		m.Version = om.Version + 1
		m.Created, m.Author, m.Origin, m.Updated = om.Created, om.Author, om.Origin, now
		ev.Action = model.ActionUpdate
		ev.Fields = changedFields(old, r)
	}
	ev.Ref = m.ID
	err := v.write(func(tx *badger.Txn) error {
		if ps := validateUpdate(old, r, v.resolver(tx, nil)); len(ps) > 0 {
			return ps.Err(r.Kind())
		}
		return v.setRecord(tx, r, ev)
	}, r)
	if err != nil {
		*m = saved
		return nil, err
	}
	v.mem.note(m.ID, indexEntry{kind: r.Kind(), version: m.Version})
	return r, nil
}

// legacyPartnerEdits lets Put update a partner's record as varn did before
// only a record's origin could change it. Vaults of that time may hold
// such edits, which the origin's next bundle turns into conflicts; tests
// set it to make them.
var legacyPartnerEdits atomic.Bool

// validateUpdate is model.ValidateChange, except that a link the stored
// version old already had, in the same field, may point to a record that is
// not here: a record imported from a partner keeps its links to records
// the partner did not share (they live in the partner's vault), and
// editing it must not need them. A new link, or a link moved to another
// field, must resolve.
func validateUpdate(old, r model.Record, links model.LinkResolver) model.Problems {
	ps := model.ValidateChange(old, r, links)
	if old == nil || len(ps) == 0 {
		return ps
	}
	// Validating old as if no record existed names every link it has.
	kept := map[string]bool{}
	for _, p := range model.Validate(old, func(model.ID) (model.Kind, bool) { return "", false }) {
		if k, ok := missingLink(p); ok {
			kept[k] = true
		}
	}
	out := ps[:0]
	for _, p := range ps {
		if k, ok := missingLink(p); ok && kept[k] {
			continue
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// missingLink returns the field (without list positions) and linked ID of
// a problem about a link to a record that does not exist.
func missingLink(p model.Problem) (string, bool) {
	if p.Msg != model.MsgLinkMissing || len(p.Args) != 1 {
		return "", false
	}
	id, ok := p.Args[0].(string)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(p.Field); i++ {
		c := p.Field[i]
		b.WriteByte(c)
		if c == '[' {
			for i+1 < len(p.Field) && p.Field[i+1] >= '0' && p.Field[i+1] <= '9' {
				i++
			}
		}
	}
	return b.String() + "\x00" + id, true
}

// write makes sure the case keys of recs exist, then runs fn in one synced
// transaction. Callers hold writeMu and the read lock.
func (v *Vault) write(fn func(tx *badger.Txn) error, recs ...model.Record) error {
	var cases []string
	for _, r := range recs {
		if cid, ok := model.CaseKeyOf(r); ok {
			cases = append(cases, string(cid))
		}
	}
	if err := checkFree(v.opts, v.dir); err != nil {
		return err
	}
	if err := v.ensureCaseKeys(cases); err != nil {
		return err
	}
	return v.updateLocked(fn)
}

// setRecord writes r and, past version 1, its index entry, and ev if not
// nil.
func (v *Vault) setRecord(tx *badger.Txn, r model.Record, ev *model.AuditEvent) error {
	m := r.Base()
	sealed, err := v.sealRecord(r)
	if err != nil {
		return err
	}
	if err := tx.Set(recordKey(r.Kind(), m.ID), sealed); err != nil {
		return fmt.Errorf("vault: writing record %s: %w", m.ID, err)
	}
	if needsIndex(m.Version) {
		if err := v.putIndex(tx, m.ID, indexEntry{kind: r.Kind(), version: m.Version}); err != nil {
			return fmt.Errorf("vault: writing record %s: %w", m.ID, err)
		}
	}
	if ev == nil {
		return nil
	}
	return v.appendEvent(tx, ev)
}

// Delete deletes the record with id and logs it. Its ID stays reserved.
func (v *Vault) Delete(ctx context.Context, id model.ID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var tomb indexEntry
	err := v.update(func(tx *badger.Txn) error {
		// A record that fails authentication can still be deleted.
		e, err := v.getIndex(tx, id, "")
		if errors.Is(err, ErrNotFound) || (err == nil && e.deleted) {
			return fmt.Errorf("%w: %s", ErrNotFound, sanitize(string(id), 30))
		}
		if err != nil {
			return err
		}
		if err := tx.Delete(recordKey(e.kind, id)); err != nil {
			return err
		}
		if err := dropNote(tx, id); err != nil {
			return err
		}
		tomb = indexEntry{kind: e.kind, version: e.version + 1, deleted: true}
		if err := v.putIndex(tx, id, tomb); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionDelete, Kind: e.kind, Ref: id})
	})
	if err == nil {
		v.mem.note(id, tomb)
	}
	return err
}

// Scan calls fn for every record of kind, in ID (creation) order. It stops
// at the first error from fn or when ctx is cancelled, and fails on the first
// record that does not authenticate or does not match its index entry (an
// old version put back, a deleted record come back, a record past version
// 1 without an entry), as Get does. Scan does not log views.
//
// The index is read with a second iterator that walks alongside the records
// (IDs sort the same way in both), so the check costs no point lookups.
// One goroutine reads Badger while others open and decode batches of
// records; fn is called in order, from the calling goroutine.
func (v *Vault) Scan(ctx context.Context, kind model.Kind, fn func(model.Record) error) error {
	if !kind.Valid() {
		return fmt.Errorf("vault: unknown record kind %q", sanitize(string(kind), 30))
	}
	return v.view(func(tx *badger.Txn) error {
		return v.scan(ctx, tx, kind, fn)
	})
}

// A scanBatch is a run of stored records with their index entries, copied
// out of Badger, and what opening them gave.
type scanBatch struct {
	keys, vals, idx [][]byte // idx[i] is nil when the record has no index entry
	recs            []model.Record
	err             error
	done            chan struct{}
}

const scanBatchSize = 128

func (v *Vault) scan(ctx context.Context, tx *badger.Txn, kind model.Kind, fn func(model.Record) error) error {
	prefix := recordKey(kind, "")
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	work := make(chan *scanBatch, workers)
	order := make(chan *scanBatch, 2*workers)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				v.openBatch(prefix, kind, b)
				close(b.done)
			}
		}()
	}
	// The reader walks both iterators; the transaction stays open until
	// it and the workers are done.
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		readErr <- v.readBatches(tx, prefix, quit, func(b *scanBatch) bool {
			select {
			case work <- b:
			case <-quit:
				return false
			}
			select {
			case order <- b:
				return true
			case <-quit:
				return false
			}
		})
	}()
	stop := func(err error) error {
		close(quit)
		for range order {
			// Drain, so the reader finishes.
		}
		wg.Wait()
		<-readErr
		return err
	}
	n := 0
	for b := range order {
		<-b.done
		if b.err != nil {
			return stop(b.err)
		}
		for _, r := range b.recs {
			if r == nil {
				continue // sealed under a purged case's key
			}
			if n++; n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return stop(err)
				}
			}
			if err := fn(r); err != nil {
				return stop(err)
			}
		}
	}
	wg.Wait()
	if err := <-readErr; err != nil {
		return err
	}
	return ctx.Err()
}

// readBatches reads the records under prefix and their index entries in
// batches and hands each to send, until the records end, send returns
// false or quit is closed.
func (v *Vault) readBatches(tx *badger.Txn, prefix []byte, quit chan struct{}, send func(*scanBatch) bool) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	opt.PrefetchSize = 256
	it := tx.NewIterator(opt)
	defer it.Close()
	idx := newKeyWalker(tx, prefixIndex, true)
	defer idx.close()
	newBatch := func() *scanBatch {
		return &scanBatch{done: make(chan struct{}),
			keys: make([][]byte, 0, scanBatchSize), vals: make([][]byte, 0, scanBatchSize), idx: make([][]byte, 0, scanBatchSize)}
	}
	b := newBatch()
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		key := item.KeyCopy(nil)
		val, err := item.ValueCopy(nil)
		if err != nil {
			return fmt.Errorf("vault: reading record %s: %w", sanitize(string(key[len(prefix):]), 30), err)
		}
		var iv []byte
		if item := idx.find(indexKey(model.ID(key[len(prefix):]))); item != nil {
			if iv, err = item.ValueCopy(nil); err != nil {
				return fmt.Errorf("vault: reading the index of record %s: %w", sanitize(string(key[len(prefix):]), 30), err)
			}
		}
		b.keys, b.vals, b.idx = append(b.keys, key), append(b.vals, val), append(b.idx, iv)
		if len(b.keys) == scanBatchSize {
			if !send(b) {
				return nil
			}
			b = newBatch()
			select {
			case <-quit:
				return nil
			default:
			}
		}
	}
	if len(b.keys) > 0 {
		send(b)
	}
	return nil
}

// openBatch opens, decodes and checks the records of b against their
// index entries, setting b.recs (nil for a record of a purged case) or
// b.err.
func (v *Vault) openBatch(prefix []byte, kind model.Kind, b *scanBatch) {
	b.recs = make([]model.Record, len(b.keys))
	for i, key := range b.keys {
		id := model.ID(key[len(prefix):])
		r, ver, err := v.openRecord(key, kind, id, b.vals[i])
		if errors.Is(err, ErrNotFound) {
			continue // sealed under a purged case's key
		}
		if err != nil {
			b.err = err
			return
		}
		var e *indexEntry
		if b.idx[i] != nil {
			ie, err := v.openIndex(indexKey(id), id, b.idx[i])
			if err != nil {
				b.err = err
				return
			}
			e = &ie
		}
		if err := checkIndexed(id, kind, ver, e); err != nil {
			b.err = err
			return
		}
		b.recs[i] = r
	}
}

// checkIndexed checks a stored record (its kind and version as sealed)
// against its stored index entry e (nil if there is none, which only a
// record at version 1 may lack).
func checkIndexed(id model.ID, kind model.Kind, ver uint64, e *indexEntry) error {
	switch {
	case e == nil && !needsIndex(ver):
		return nil
	case e == nil:
		return fmt.Errorf("%w: record %s is at version %d in the store but not in the index: its entry was removed or the record put there from outside varn; restore it from a backup", ErrTampered, id, ver)
	case e.deleted:
		return fmt.Errorf("%w: record %s was deleted but is back in the store: an old copy was put back; restore it from a backup", ErrTampered, id)
	case e.kind != kind:
		return tamperedRecord(id)
	case e.version != ver:
		return fmt.Errorf("%w: record %s is at version %d but version %d was written last: an old version was put back; restore it from a backup",
			ErrTampered, id, ver, e.version)
	}
	return nil
}

// A keyWalker finds keys under one prefix, asked for in ascending order,
// with one iterator: it steps forward a few keys at a time and seeks only
// across longer gaps, so a run of lookups costs about one pass over the
// keys instead of a point read each. A key below the last one asked for
// is found too, by seeking back.
type keyWalker struct {
	it     *badger.Iterator
	prefix []byte
	last   []byte
}

// newKeyWalker returns a walker over the keys under prefix in tx, reading
// values only when asked (values says whether to prefetch them).
func newKeyWalker(tx *badger.Txn, prefix string, values bool) *keyWalker {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = []byte(prefix)
	opt.PrefetchValues = values
	opt.PrefetchSize = 256
	it := tx.NewIterator(opt)
	it.Seek(opt.Prefix)
	return &keyWalker{it: it, prefix: opt.Prefix}
}

func (w *keyWalker) close() { w.it.Close() }

// find returns the item stored under key, nil if there is none.
func (w *keyWalker) find(key []byte) *badger.Item {
	if w.last != nil && bytes.Compare(key, w.last) < 0 {
		w.it.Seek(key)
	}
	w.last = append(w.last[:0], key...)
	for steps := 0; w.it.ValidForPrefix(w.prefix); steps++ {
		c := bytes.Compare(w.it.Item().Key(), key)
		if c >= 0 {
			if c == 0 {
				return w.it.Item()
			}
			return nil
		}
		if steps == 8 {
			w.it.Seek(key)
			continue
		}
		w.it.Next()
	}
	return nil
}

// An idProbe answers getIndex for many IDs in one transaction, fastest
// when they come in ascending order (as a bundle's records of one kind
// do): a keyWalker over the stored index and one over each kind's record
// keys replace the point reads.
type idProbe struct {
	v     *Vault
	tx    *badger.Txn
	index *keyWalker
	kinds map[model.Kind]*keyWalker
}

// newIDProbe returns a probe reading tx, which must be a read-only
// transaction (Badger allows one iterator at a time in a read-write one).
// Close it before tx ends.
func (v *Vault) newIDProbe(tx *badger.Txn) *idProbe {
	return &idProbe{v: v, tx: tx, kinds: map[model.Kind]*keyWalker{}}
}

func (p *idProbe) close() {
	if p.index != nil {
		p.index.close()
	}
	for _, w := range p.kinds {
		w.close()
	}
}

// entry is getIndex(tx, id, hint).
func (p *idProbe) entry(id model.ID, hint model.Kind) (indexEntry, error) {
	if p.index == nil {
		p.index = newKeyWalker(p.tx, prefixIndex, true)
	}
	bkey := indexKey(id)
	if item := p.index.find(bkey); item != nil {
		var e indexEntry
		err := item.Value(func(val []byte) error {
			var err error
			e, err = p.v.openIndex(bkey, id, val)
			return err
		})
		return e, err
	}
	return implicitEntry(hint, func(k model.Kind) (bool, error) {
		w := p.kinds[k]
		if w == nil {
			w = newKeyWalker(p.tx, string(recordKey(k, "")), false)
			p.kinds[k] = w
		}
		return w.find(recordKey(k, id)) != nil, nil
	})
}

// List returns every record of kind, in ID order.
func (v *Vault) List(ctx context.Context, kind model.Kind) ([]model.Record, error) {
	var out []model.Record
	err := v.Scan(ctx, kind, func(r model.Record) error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// The memory index is a copy of the record index (`i/<id>`: kind, version,
// tombstone; implied by the record key for a record at version 1) held in
// memory, so that Get reads one Badger key, the record, instead of several.
// It is only a hint, never trusted alone:
//
//   - it is filled from the stored index, each entry authenticated as Get
//     authenticates it, and from the record keys of the records without a
//     stored entry, by a goroutine started by the first lookup, and kept
//     up to date by every write of this vault (Put, Import, Delete, Purge,
//     a partner import's Apply);
//   - Get takes the fast path only for a live entry whose record opens and
//     is sealed at exactly the entry's version. Anything else — no entry, a
//     tombstone, another version, a record missing or failing to open —
//     goes the old way, reading and checking the stored index entry, which
//     stays the reference (a write the copy missed is caught up this
//     way).
//
// So an old version put back (its sealed version is below the entry's), a
// deleted record put back (the entry is a tombstone) and a record past
// version 1 without an entry are reported exactly as before.
type memIndex struct {
	mu sync.RWMutex
	m  map[[16]byte]memEntry

	once sync.Once // runs run, or (on stop before any lookup) closes done
	run  func()    // starts the loader
	quit chan struct{}
	done chan struct{}
}

// begin starts the loader, once. It is called on the first lookup rather
// than at open, so the load does not compete with open itself or with the
// full scans a session starts with (the terminal app reads every
// observation at unlock; a CLI command may never Get at all).
func (x *memIndex) begin() {
	if x != nil && x.run != nil {
		x.once.Do(x.run)
	}
}

// memEntry is one record's entry: its kind (kindCodes), version and
// whether it was deleted.
type memEntry struct {
	version uint32
	kind    uint8
	deleted bool
}

// kindCodes numbers the record kinds from 1 for memEntry.
var kindCodes = func() map[model.Kind]uint8 {
	m := map[model.Kind]uint8{}
	for i, k := range model.AllKinds() {
		m[k] = uint8(i + 1)
	}
	return m
}()

var kindOfCode = append([]model.Kind{""}, model.AllKinds()...)

// idValue maps the characters of a canonical ID to their values (0xff: not
// one).
var idValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i, c := range "0123456789ABCDEFGHJKMNPQRSTVWXYZ" {
		t[c] = byte(i)
	}
	return t
}()

// idBits returns the 128 bits of a canonical ID (26 upper-case Crockford
// base32 characters, as the vault stores them).
func idBits(id model.ID) ([16]byte, bool) {
	var out [16]byte
	if len(id) != 26 || id[0] > '7' {
		return out, false
	}
	var hi, lo uint64
	for i := 0; i < 26; i++ {
		c := idValue[id[i]]
		if c == 0xff {
			return out, false
		}
		hi = hi<<5 | lo>>59
		lo = lo<<5 | uint64(c)
	}
	binary.BigEndian.PutUint64(out[:8], hi)
	binary.BigEndian.PutUint64(out[8:], lo)
	return out, true
}

func newMemIndex() *memIndex {
	return &memIndex{m: map[[16]byte]memEntry{}}
}

// lookup returns the entry of id, starting the loader if it has not
// started.
func (x *memIndex) lookup(id model.ID) (memEntry, bool) {
	if x == nil {
		return memEntry{}, false
	}
	x.begin()
	return x.peek(id)
}

// peek returns the entry of id, without starting the loader (a hint for
// lookups that do not need it, such as an import's link checks).
func (x *memIndex) peek(id model.ID) (memEntry, bool) {
	if x == nil {
		return memEntry{}, false
	}
	k, ok := idBits(id)
	if !ok {
		return memEntry{}, false
	}
	x.mu.RLock()
	e, ok := x.m[k]
	x.mu.RUnlock()
	return e, ok
}

// note records the index entry e of id. Versions only grow, so an entry
// older than the one held (read by the loader before a write of this
// vault noted a newer one) is ignored.
func (x *memIndex) note(id model.ID, e indexEntry) {
	if x == nil {
		return
	}
	k, ok := idBits(id)
	if !ok {
		return
	}
	x.mu.Lock()
	x.noteLocked(k, e)
	x.mu.Unlock()
}

func (x *memIndex) noteLocked(k [16]byte, e indexEntry) {
	old, had := x.m[k]
	if had && uint64(old.version) > e.version {
		return
	}
	code := kindCodes[e.kind]
	if e.version > math.MaxUint32 || code == 0 {
		delete(x.m, k) // not representable: Get takes the slow path
		return
	}
	x.m[k] = memEntry{version: uint32(e.version), kind: code, deleted: e.deleted}
}

// startMemIndex sets up the memory index, to be filled from the stored
// index from the first lookup on (see memIndex.begin). stopMemIndex must
// be called before the database is closed or the keys are zeroed.
func (v *Vault) startMemIndex() {
	x := newMemIndex()
	x.quit, x.done = make(chan struct{}), make(chan struct{})
	v.mem = x
	db := v.db
	x.run = func() {
		go func() {
			defer close(x.done)
			v.loadMemIndex(db, x)
		}()
	}
}

// stopMemIndex stops the loader, if running, and waits for it.
func (v *Vault) stopMemIndex() {
	if x := v.mem; x != nil && x.quit != nil {
		x.once.Do(func() { close(x.done) }) // never started: nothing to wait for
		select {
		case <-x.quit:
		default:
			close(x.quit)
		}
		<-x.done
	}
}

// memIndexLoaded reports whether the loader has finished (tests and
// benchmarks wait for it).
func (v *Vault) memIndexLoaded() bool {
	if v.mem == nil || v.mem.done == nil {
		return false
	}
	v.mem.begin()
	select {
	case <-v.mem.done:
		return true
	default:
		return false
	}
}

// loadMemIndex reads every stored index entry, authenticating each, into
// x, then the keys of the records (not their values) for the records at
// version 1, which have no stored entry; a few hundred at a time so Gets
// are not held up. An entry that fails authentication is left out, and so
// is its record: Get then reads the entry and reports it.
func (v *Vault) loadMemIndex(db *badger.DB, x *memIndex) {
	type kv struct {
		k [16]byte
		e indexEntry
	}
	batch := make([]kv, 0, 512)
	flush := func() {
		x.mu.Lock()
		for _, b := range batch {
			x.noteLocked(b.k, b.e)
		}
		x.mu.Unlock()
		batch = batch[:0]
	}
	// each calls fn for every key under prefix, stopping on quit.
	each := func(tx *badger.Txn, prefix string, values bool, fn func(*badger.Item)) bool {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefix)
		opt.PrefetchValues = values
		opt.PrefetchSize = 256
		it := tx.NewIterator(opt)
		defer it.Close()
		n := 0
		for it.Seek(opt.Prefix); it.ValidForPrefix(opt.Prefix); it.Next() {
			if n++; n%256 == 0 {
				select {
				case <-x.quit:
					return false
				default:
				}
			}
			fn(it.Item())
			if len(batch) == cap(batch) {
				flush()
			}
		}
		flush()
		return true
	}
	_ = db.View(func(tx *badger.Txn) error {
		bad := map[[16]byte]bool{} // entries that failed authentication
		ok := each(tx, prefixIndex, true, func(item *badger.Item) {
			bkey := item.Key()
			id := model.ID(bkey[len(prefixIndex):])
			k, ok := idBits(id)
			if !ok {
				return
			}
			_ = item.Value(func(val []byte) error {
				if e, err := v.openIndex(bkey, id, val); err == nil {
					batch = append(batch, kv{k, e})
				} else {
					bad[k] = true
				}
				return nil
			})
		})
		if !ok {
			return nil
		}
		// The records at version 1. A record with a stored entry is
		// noted already; noting version 1 again changes nothing
		// (versions only grow).
		each(tx, prefixRecord, false, func(item *badger.Item) {
			kind, id, _ := bytes.Cut(item.Key()[len(prefixRecord):], []byte{'/'})
			if k, ok := idBits(model.ID(id)); ok && !bad[k] {
				batch = append(batch, kv{k, indexEntry{kind: model.Kind(kind), version: 1, implicit: true}})
			}
		})
		return nil
	})
}

// getFast reads the record id through its memory index entry e: ok is
// false when the fast path does not apply and Get must read the stored
// index.
func (v *Vault) getFast(tx *badger.Txn, id model.ID, e memEntry) (model.Record, bool) {
	kind := kindOfCode[e.kind]
	bkey := recordKey(kind, id)
	item, err := tx.Get(bkey)
	if err != nil {
		return nil, false
	}
	var r model.Record
	err = item.Value(func(val []byte) error {
		var ver uint64
		var err error
		r, ver, err = v.openRecord(bkey, kind, id, val)
		if err == nil && ver != uint64(e.version) {
			return errUnsealed
		}
		return err
	})
	if err != nil {
		return nil, false
	}
	return r, true
}
