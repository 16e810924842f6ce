package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// caseTable holds the per-case keys. It lives in its own file, sealed under
// a key derived from the data key and rewritten whole on every change, not
// in Badger: Badger keeps deleted values in its files until compaction, and
// a purged case's key must be gone when the purge returns.
type caseTable struct {
	mu   sync.RWMutex
	keys map[string][]byte
}

const (
	caseTableLabel   = "cases"
	caseTableVersion = 1
	maxCaseTable     = 64 << 20
	maxCaseIDLen     = 64
)

func newCaseTable() *caseTable { return &caseTable{keys: map[string][]byte{}} }

func (t *caseTable) get(id string) []byte {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.keys[id]
}

func (t *caseTable) zero() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, k := range t.keys {
		zero(k)
		delete(t.keys, id)
	}
}

// encode returns the table's plaintext: version, count, then per case the
// ID's length, the ID and the key, sorted by ID. Callers hold t.mu.
func (t *caseTable) encode() []byte {
	ids := make([]string, 0, len(t.keys))
	for id := range t.keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	b := []byte{caseTableVersion}
	b = binary.BigEndian.AppendUint32(b, uint32(len(ids)))
	for _, id := range ids {
		b = append(b, byte(len(id)))
		b = append(b, id...)
		b = append(b, t.keys[id]...)
	}
	return b
}

func decodeCaseTable(b []byte) (*caseTable, error) {
	bad := errors.New("malformed case key table")
	if len(b) < 5 || b[0] != caseTableVersion {
		return nil, bad
	}
	n := binary.BigEndian.Uint32(b[1:5])
	b = b[5:]
	t := newCaseTable()
	for i := uint32(0); i < n; i++ {
		if len(b) < 1 || len(b) < 1+int(b[0])+keySize || b[0] == 0 {
			return nil, bad
		}
		l := int(b[0])
		t.keys[string(b[1:1+l])] = bytes.Clone(b[1+l : 1+l+keySize])
		b = b[1+l+keySize:]
	}
	if len(b) != 0 {
		return nil, bad
	}
	return t, nil
}

func (v *Vault) caseTableKey() []byte { return deriveKey(v.dataKey, v.id, infoCaseTable) }

// save writes the table, sealed, replacing the file atomically.
func (t *caseTable) save(v *Vault) error {
	t.mu.RLock()
	pt := t.encode()
	t.mu.RUnlock()
	defer zero(pt)
	k := v.caseTableKey()
	defer zero(k)
	sealed, err := sealBlob(k, v.id, caseTableLabel, pt)
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(v.dir, casesName), sealed)
}

func loadCaseTable(v *Vault) (*caseTable, error) {
	path := filepath.Join(v.dir, casesName)
	b, err := readSmallFile(path, maxCaseTable)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("vault: the case key table %s is missing; restore the vault from a backup", path)
	}
	if err != nil {
		return nil, err
	}
	k := v.caseTableKey()
	defer zero(k)
	pt, err := openBlob(k, v.id, caseTableLabel, b)
	if err != nil {
		return nil, fmt.Errorf("%w: the case key table %s", ErrTampered, path)
	}
	defer zero(pt)
	t, err := decodeCaseTable(pt)
	if err != nil {
		return nil, fmt.Errorf("%w: the case key table %s", ErrTampered, path)
	}
	return t, nil
}

// ensureCaseKeys makes keys for the cases that have none yet and saves the
// table before any record sealed under them is committed. Callers hold
// writeMu.
func (v *Vault) ensureCaseKeys(ids []string) error {
	var added bool
	v.cases.mu.Lock()
	for _, id := range ids {
		if _, ok := v.cases.keys[id]; ok {
			continue
		}
		if len(id) == 0 || len(id) > maxCaseIDLen {
			v.cases.mu.Unlock()
			return fmt.Errorf("vault: case ID of %d bytes is out of range", len(id))
		}
		k := make([]byte, keySize)
		if _, err := randRead(k); err != nil {
			v.cases.mu.Unlock()
			return err
		}
		v.cases.keys[id] = k
		added = true
	}
	v.cases.mu.Unlock()
	if !added {
		return nil
	}
	return v.cases.save(v)
}

// destroyCaseKey removes a case's key from the table and saves it.
func (v *Vault) destroyCaseKey(id string) error {
	v.cases.mu.Lock()
	k, ok := v.cases.keys[id]
	if ok {
		zero(k)
		delete(v.cases.keys, id)
	}
	v.cases.mu.Unlock()
	if !ok {
		return nil
	}
	return v.cases.save(v)
}

// purgeMarkPrefix starts the internal keys that mark a purge begun: the
// case's ID follows.
const purgeMarkPrefix = prefixMeta + "purge/"

func purgeMarkKey(caseID model.ID) []byte { return []byte(purgeMarkPrefix + string(caseID)) }

// finishPurges finishes the purges that stopped before their case's key
// was destroyed. Purge marks a case in the transaction of its first
// deletions and destroys the key only after the case record's deletion has
// committed; a purge killed in between (or stopped by a full disk) would
// otherwise leave the key for good, since the case is no longer due and no
// purge runs for it again. Only marked cases are touched: a case deleted
// in another way keeps its key, and the records still sealed under it stay
// readable. Each step can be repeated: the event is logged first, then the
// key destroyed, then the mark removed. Open calls it.
func (v *Vault) finishPurges() error {
	var marked []model.ID
	err := v.view(func(tx *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(purgeMarkPrefix)
		opt.PrefetchValues = false
		it := tx.NewIterator(opt)
		defer it.Close()
		for it.Seek(opt.Prefix); it.ValidForPrefix(opt.Prefix); it.Next() {
			marked = append(marked, model.ID(it.Item().Key()[len(purgeMarkPrefix):]))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range marked {
		live, err := v.liveCase(id)
		if err != nil {
			return err
		}
		if live {
			continue // stopped before the case record went: purge it again to finish
		}
		if v.cases.get(string(id)) != nil {
			err := v.update(func(tx *badger.Txn) error {
				return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionPurge, Kind: model.KindCase, Ref: id,
					Detail: "case key destroyed: finishing an interrupted purge"})
			})
			if err != nil {
				return err
			}
			if err := v.destroyCaseKey(string(id)); err != nil {
				return fmt.Errorf("vault: destroying the key of purged case %s: %w", id, err)
			}
		}
		if err := v.update(func(tx *badger.Txn) error { return tx.Delete(purgeMarkKey(id)) }); err != nil {
			return err
		}
	}
	return nil
}
