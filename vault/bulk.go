package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// Import batches: each batch is one synced transaction with one import
// event, so records and their event commit together. Badger caps a
// transaction at 15% of a memtable (1.2 MiB with the vault's 8 MiB,
// counting a value kept in the value log as a pointer; see txnSize) and a
// number of entries; a batch fills at most three quarters of either, and
// holds at most importBatchRecords records (10,000 were no faster).
const importBatchRecords = 5000

// importBatchSealed caps the sealed bytes of one import batch. Badger
// counts a value in the value log as a pointer, so its limit alone would
// let a batch of long records (up to model.MaxLong each) take hundreds of
// megabytes; 16 MiB holds 5,000 records of the usual size.
const importBatchSealed = 16 << 20

// importBatch returns the byte budget and the most records of one import
// batch (each record is one entry: a record at version 1 has no stored
// index entry).
func (v *Vault) importBatch() (bytes, records int) {
	return int(v.db.MaxBatchSize() * 3 / 4), min(importBatchRecords, int(v.db.MaxBatchCount()*3/4))
}

// Import creates many records fast: every record is checked first
// (model.Validate, links resolved against the vault and the import itself;
// IDs must be new), then they are written in batches of one transaction
// each, with one import event per batch naming the count. Records without
// an ID get one; meta fields are filled as by Put. progress, if not nil, is
// called after each batch with the number written so far.
//
// On a bad record nothing is written and the error names the record by its
// position. If ctx is cancelled or a batch fails, the batches already
// committed stay and the error says how many records were written.
//
// The next batch is sealed while the previous one commits, so the CPU work
// of sealing overlaps Badger's writing and syncing.
func (v *Vault) Import(ctx context.Context, recs []model.Record, progress func(done int)) (int, error) {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return 0, err
	}
	defer v.mu.RUnlock()
	now := v.now()
	ids := make(map[model.ID]model.Kind, len(recs))
	// given marks the records that came with an ID: only those can clash
	// with a record in the vault (a fresh ID is random).
	given := make([]bool, len(recs))
	for i, r := range recs {
		if r == nil {
			return 0, fmt.Errorf("vault: import record %d is empty; nothing was imported", i+1)
		}
		m := r.Base()
		if m.ID != "" {
			if _, err := model.ParseID(string(m.ID)); err != nil {
				return 0, fmt.Errorf("vault: import record %d: %w; nothing was imported", i+1, err)
			}
			given[i] = true
		}
		m.Version, m.Updated = 0, time.Time{}
		model.Prepare(r, now, v.actor.User, v.ID(), nil)
		if _, dup := ids[m.ID]; dup {
			return 0, fmt.Errorf("vault: import record %d: ID %s appears twice in the import; remove one of them and import again (nothing was imported)", i+1, m.ID)
		}
		ids[m.ID] = r.Kind()
	}
	stopped := func(done int, err error) (int, error) {
		return done, fmt.Errorf("vault: import stopped after %d of %d records: %w", done, len(recs), err)
	}
	// A sealer goroutine seals batch n+1 while batch n commits. It starts
	// while the records are still being checked, and waits for the
	// verdict only before it creates a case's key (a file written);
	// nothing reaches Badger before every record passed.
	valid := make(chan struct{})
	type sealedBatch struct {
		recs   []model.Record
		sealed [][]byte // record i's sealed value
		err    error
	}
	batches := make(chan sealedBatch, 1)
	quit := make(chan struct{})
	sealerDone := make(chan struct{})
	// The sealer uses the keys and the case table: it must be finished
	// before Import returns and lets Close zero them.
	defer func() {
		close(quit)
		<-sealerDone
	}()
	batchBytes, batchRecords := v.importBatch()
	go func() {
		defer close(sealerDone)
		defer close(batches)
		for next := 0; next < len(recs); {
			var sb sealedBatch
			var cases []string
			end := min(next+batchRecords, len(recs))
			for _, r := range recs[next:end] {
				if cid, ok := model.CaseKeyOf(r); ok {
					cases = append(cases, string(cid))
				}
			}
			if len(cases) > 0 {
				select {
				case <-valid:
				case <-quit:
					return
				}
			}
			if sb.err = v.ensureCaseKeys(cases); sb.err == nil {
				size, sealedBytes := 0, 0
				for _, r := range recs[next:end] {
					m := r.Base()
					b, err := v.sealRecord(r)
					if err != nil {
						sb.err = err
						break
					}
					sb.sealed = append(sb.sealed, b)
					// Seal up to the batch's byte budget, under Badger's
					// transaction limit.
					size += txnSize(len(recordKey(r.Kind(), m.ID)), len(b))
					sealedBytes += len(b)
					if size >= batchBytes || sealedBytes >= importBatchSealed {
						break
					}
				}
				sb.recs = recs[next : next+len(sb.sealed)]
				next += len(sb.sealed)
			}
			select {
			case batches <- sb:
			case <-quit:
				return
			}
			if sb.err != nil {
				return
			}
		}
	}()
	err := v.db.View(func(tx *badger.Txn) error {
		// The records that came with an ID are looked up in ID order,
		// which walks the stored keys once; the first clash by position
		// is reported, as a bad record before it would be.
		var clash error
		firstClash := len(recs)
		var order []int
		for i := range recs {
			if given[i] {
				order = append(order, i)
			}
		}
		slices.SortFunc(order, func(a, b int) int { return strings.Compare(string(recs[a].Base().ID), string(recs[b].Base().ID)) })
		probe := v.newIDProbe(tx)
		defer probe.close()
		for n, i := range order {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			r := recs[i]
			e, err := probe.entry(r.Base().ID, r.Kind())
			if err == nil && i < firstClash {
				what := "is already in the vault (imported before?)"
				if e.deleted {
					what = "belonged to a record that was deleted; IDs are never reused"
				}
				firstClash, clash = i, fmt.Errorf("vault: import record %d (%s %s): a record with this ID %s; remove it from the import, or change the stored record with 'varn record add' — nothing was imported",
					i+1, r.Kind(), r.Base().ID, what)
			}
			if err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		res := v.resolver(tx, ids)
		for i, r := range recs {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if i == firstClash {
				return clash
			}
			if ps := model.Validate(r, res); len(ps) > 0 {
				return fmt.Errorf("vault: import record %d: %w (nothing was imported)", i+1, ps.Err(r.Kind()))
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	close(valid)
	done := 0
	for sb := range batches {
		if sb.err != nil {
			return stopped(done, sb.err)
		}
		if err := ctx.Err(); err != nil {
			return stopped(done, err)
		}
		err := v.updateLocked(func(tx *badger.Txn) error {
			for i, r := range sb.recs {
				m := r.Base()
				if err := tx.Set(recordKey(r.Kind(), m.ID), sb.sealed[i]); err != nil {
					return fmt.Errorf("vault: writing record %s: %w", m.ID, err)
				}
			}
			return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionImport, Detail: fmt.Sprintf("%d records", len(sb.recs))})
		})
		if err != nil {
			return stopped(done, err)
		}
		for _, r := range sb.recs {
			v.mem.note(r.Base().ID, indexEntry{kind: r.Kind(), version: r.Base().Version})
		}
		done += len(sb.recs)
		if progress != nil {
			progress(done)
		}
	}
	return done, nil
}

// Purge erases a case: the case record and every record sealed under its
// key are deleted (their IDs kept as tombstones) and logged, then the
// case's key is destroyed, so what Badger still keeps in its files can
// never be opened again. A case with more records than one transaction
// holds (thousands) is deleted in several, each with its own purge event,
// the case record in the last; if the purge is cut short, running it
// again finishes it.
func (v *Vault) Purge(ctx context.Context, caseID model.ID) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return 0, err
	}
	defer v.mu.RUnlock()
	type victim struct {
		key  []byte
		kind model.Kind
		id   model.ID
	}
	var victims []victim
	err := v.db.View(func(tx *badger.Txn) error {
		e, err := v.getIndex(tx, caseID, model.KindCase)
		if err != nil {
			return err
		}
		if e.kind != model.KindCase {
			return fmt.Errorf("vault: %s is a %s, not a case", caseID, e.kind)
		}
		// Find every record sealed under the case key by its header.
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefixRecord)
		it := tx.NewIterator(opt)
		defer it.Close()
		var self *victim
		for it.Seek(opt.Prefix); it.ValidForPrefix(opt.Prefix); it.Next() {
			item := it.Item()
			err := item.Value(func(val []byte) error {
				h, _, _, err := parseHeader(val)
				if err == nil && h.key == keyCase && h.caseID == string(caseID) {
					k := item.KeyCopy(nil)
					kind, id, _ := bytes.Cut(k[len(prefixRecord):], []byte{'/'})
					if vi := (victim{k, model.Kind(kind), model.ID(id)}); vi.id == caseID {
						self = &vi
					} else {
						victims = append(victims, vi)
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if self != nil {
			victims = append(victims, *self) // the case itself goes last
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// Remember the purge on this host before erasing anything, so that a
	// restore here of a backup taken before it erases the case again.
	if err := v.notePurged(caseID); err != nil {
		return 0, fmt.Errorf("vault: recording the purge in the state directory: %w", err)
	}
	// Up to three entries per record: the deletion, the tombstone and the
	// deletion of a local note.
	chunk := min(importBatchRecords, int(v.db.MaxBatchCount()/4))
	parts := max(1, (len(victims)+chunk-1)/chunk)
	n := 0
	for part := range parts {
		these := victims[min(part*chunk, len(victims)):min((part+1)*chunk, len(victims))]
		tombs := make([]indexEntry, len(these))
		err := v.updateLocked(func(tx *badger.Txn) error {
			// The marker says a purge of this case has begun: if the purge
			// stops before the key is destroyed, the next open finishes it
			// (finishPurges). It commits with the first deletions.
			if part == 0 {
				if err := v.putInternal(tx, purgeMarkKey(caseID), nil); err != nil {
					return err
				}
			}
			for i, vi := range these {
				ie, err := v.getIndex(tx, vi.id, vi.kind)
				if err != nil {
					return err
				}
				if err := tx.Delete(vi.key); err != nil {
					return err
				}
				if err := dropNote(tx, vi.id); err != nil {
					return err
				}
				tombs[i] = indexEntry{kind: ie.kind, version: ie.version + 1, deleted: true}
				if err := v.putIndex(tx, vi.id, tombs[i]); err != nil {
					return err
				}
			}
			detail := fmt.Sprintf("%d records erased", len(these))
			if parts > 1 {
				detail += fmt.Sprintf(" (part %d of %d)", part+1, parts)
			}
			return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionPurge, Kind: model.KindCase, Ref: caseID, Detail: detail})
		})
		if err != nil {
			if n > 0 {
				return n, fmt.Errorf("vault: the purge stopped after %d of %d records; run it again to finish it: %w", n, len(victims), err)
			}
			return 0, err
		}
		for i, vi := range these {
			v.mem.note(vi.id, tombs[i])
		}
		n += len(these)
	}
	if err := v.destroyCaseKey(string(caseID)); err != nil {
		return n, fmt.Errorf("vault: the case's records are deleted but its key could not be destroyed; unlock the vault again to finish the purge: %w", err)
	}
	if err := v.updateLocked(func(tx *badger.Txn) error { return tx.Delete(purgeMarkKey(caseID)) }); err != nil {
		return n, fmt.Errorf("vault: the case is erased, but its purge could not be marked done (the next unlock does it): %w", err)
	}
	return n, nil
}
