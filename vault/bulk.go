package vault

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// Import batches: each batch is one synced transaction with one import
// event, so records and their event commit together.
const (
	importBatchBytes   = 3 << 20
	importBatchRecords = 5000
)

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
func (v *Vault) Import(ctx context.Context, recs []model.Record, progress func(done int)) (int, error) {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return 0, err
	}
	defer v.mu.RUnlock()
	now := v.now()
	ids := make(map[model.ID]model.Kind, len(recs))
	for i, r := range recs {
		if r == nil {
			return 0, fmt.Errorf("vault: import record %d is empty", i+1)
		}
		m := r.Base()
		if m.ID != "" {
			if _, err := model.ParseID(string(m.ID)); err != nil {
				return 0, fmt.Errorf("vault: import record %d: %w", i+1, err)
			}
		}
		m.Version, m.Updated = 0, time.Time{}
		model.Prepare(r, now, v.actor.User, v.ID(), nil)
		if _, dup := ids[m.ID]; dup {
			return 0, fmt.Errorf("vault: import record %d: ID %s appears twice", i+1, m.ID)
		}
		ids[m.ID] = r.Kind()
	}
	err := v.db.View(func(tx *badger.Txn) error {
		res := v.resolver(tx, ids)
		for i, r := range recs {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if _, err := v.getIndex(tx, r.Base().ID); !errors.Is(err, ErrNotFound) {
				if err != nil {
					return err
				}
				return fmt.Errorf("vault: import record %d: a record with ID %s exists already", i+1, r.Base().ID)
			}
			if ps := model.Validate(r, res); len(ps) > 0 {
				return fmt.Errorf("vault: import record %d: %w", i+1, ps.Err(r.Kind()))
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	done := 0
	for done < len(recs) {
		if err := ctx.Err(); err != nil {
			return done, fmt.Errorf("vault: import stopped after %d of %d records: %w", done, len(recs), err)
		}
		if err := checkFree(v.opts, v.dir); err != nil {
			return done, fmt.Errorf("vault: import stopped after %d of %d records: %w", done, len(recs), err)
		}
		// Seal the batch first, to size it under Badger's transaction limit.
		var batch []model.Record
		var cases []string
		for i := done; i < len(recs) && len(batch) < importBatchRecords; i++ {
			batch = append(batch, recs[i])
			if cid, ok := model.CaseKeyOf(recs[i]); ok {
				cases = append(cases, string(cid))
			}
		}
		if err := v.ensureCaseKeys(cases); err != nil {
			return done, err
		}
		sealed := make([][]byte, 0, len(batch))
		size := 0
		for _, r := range batch {
			b, err := v.sealRecord(r)
			if err != nil {
				return done, err
			}
			sealed = append(sealed, b)
			if size += len(b) + 160; size >= importBatchBytes {
				break
			}
		}
		batch = batch[:len(sealed)]
		err := v.updateLocked(func(tx *badger.Txn) error {
			for i, r := range batch {
				m := r.Base()
				if err := tx.Set(recordKey(r.Kind(), m.ID), sealed[i]); err != nil {
					return fmt.Errorf("vault: writing record %s: %w", m.ID, err)
				}
				if err := v.putIndex(tx, m.ID, indexEntry{kind: r.Kind(), version: m.Version}); err != nil {
					return fmt.Errorf("vault: writing record %s: %w", m.ID, err)
				}
			}
			return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionImport, Detail: fmt.Sprintf("%d records", len(batch))})
		})
		if err != nil {
			return done, fmt.Errorf("vault: import stopped after %d of %d records: %w", done, len(recs), err)
		}
		done += len(batch)
		if progress != nil {
			progress(done)
		}
	}
	return done, nil
}

// Purge erases a case: the case record and every record sealed under its
// key are deleted (their IDs kept as tombstones) and logged in one
// transaction, then the case's key is destroyed, so what Badger still keeps
// in its files can never be opened again.
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
	n := 0
	err := v.updateLocked(func(tx *badger.Txn) error {
		e, err := v.getIndex(tx, caseID)
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
		type victim struct {
			key []byte
			id  model.ID
		}
		var victims []victim
		for it.Seek(opt.Prefix); it.ValidForPrefix(opt.Prefix); it.Next() {
			item := it.Item()
			err := item.Value(func(val []byte) error {
				h, _, _, err := parseHeader(val)
				if err == nil && h.key == keyCase && h.caseID == string(caseID) {
					k := item.KeyCopy(nil)
					id := k[len(prefixRecord):]
					for i, c := range id {
						if c == '/' {
							id = id[i+1:]
							break
						}
					}
					victims = append(victims, victim{k, model.ID(id)})
				}
				return nil
			})
			if err != nil {
				it.Close()
				return err
			}
		}
		it.Close()
		for _, vi := range victims {
			ie, err := v.getIndex(tx, vi.id)
			if err != nil {
				return err
			}
			if err := tx.Delete(vi.key); err != nil {
				return err
			}
			if err := v.putIndex(tx, vi.id, indexEntry{kind: ie.kind, version: ie.version + 1, deleted: true}); err != nil {
				return err
			}
		}
		n = len(victims)
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionPurge, Kind: model.KindCase, Ref: caseID, Detail: fmt.Sprintf("%d records erased", n)})
	})
	if err != nil {
		return 0, err
	}
	if err := v.destroyCaseKey(string(caseID)); err != nil {
		return n, fmt.Errorf("vault: the case's records are deleted but its key could not be destroyed; run the purge again: %w", err)
	}
	return n, nil
}
