package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/mod/sumdb/note"

	"varn/model"
	"varn/vault/auditlog"
)

// auditStore gives package auditlog the log's keys in one Badger
// transaction, sealing every value under the vault's value key.
type auditStore struct {
	v  *Vault
	tx *badger.Txn
}

var _ auditlog.Store = auditStore{}

func (s auditStore) Get(key []byte) ([]byte, error) {
	b, err := s.v.getInternal(s.tx, key)
	if errors.Is(err, ErrNotFound) {
		return nil, auditlog.ErrNotFound
	}
	return b, err
}

func (s auditStore) Set(key, value []byte) error {
	return s.v.putInternal(s.tx, bytesClone(key), value)
}

// Scan implements auditlog.Scanner with one Badger iterator that prefetches
// values, so Verify and Events read a long log sequentially instead of with
// one lookup per event. A reader goroutine copies batches of values out of
// Badger while the calling goroutine opens (authenticates and decrypts)
// each and calls fn, so reading and checking overlap.
func (s auditStore) Scan(prefix, start []byte, fn func(key, value []byte) error) error {
	batches := make(chan *auditBatch, 2)
	quit := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- s.readAudit(prefix, start, quit, batches)
	}()
	stop := func(err error) error {
		close(quit)
		for range batches {
			// Drain, so the reader finishes before the transaction ends.
		}
		<-readErr
		return err
	}
	var buf []byte
	for b := range batches {
		for i := range b.keys {
			key, val := b.keys[i], b.vals[i]
			h, raw, rest, err := parseHeader(val)
			if err == nil && (h.key != keyVault || h.version != 0) {
				err = errUnsealed
			}
			if err == nil {
				buf, err = s.v.seal.openTo(buf[:0], s.v.valueKey, key, raw, rest)
			}
			if err != nil {
				return stop(fmt.Errorf("%w: %s", ErrTampered, describeKey(key)))
			}
			if err := fn(key, buf); err != nil {
				return stop(err)
			}
		}
	}
	return <-readErr
}

// An auditBatch is a run of keys and sealed values copied out of Badger
// into one buffer.
type auditBatch struct {
	keys, vals [][]byte
}

const auditBatchSize = 512

// readAudit sends the keys under prefix from start on, with their values,
// in batches, until they end or quit is closed.
func (s auditStore) readAudit(prefix, start []byte, quit chan struct{}, out chan<- *auditBatch) error {
	opt := badger.DefaultIteratorOptions
	opt.Prefix = prefix
	opt.PrefetchSize = 256
	it := s.tx.NewIterator(opt)
	defer it.Close()
	b := &auditBatch{}
	var arena []byte
	send := func() bool {
		select {
		case out <- b:
			b, arena = &auditBatch{}, nil
			return true
		case <-quit:
			return false
		}
	}
	for it.Seek(start); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		if arena == nil {
			arena = make([]byte, 0, 256<<10)
		}
		k := item.Key()
		if len(arena)+len(k) > cap(arena) {
			arena = make([]byte, 0, max(256<<10, len(k)))
		}
		arena = append(arena, k...)
		key := arena[len(arena)-len(k):]
		err := item.Value(func(v []byte) error {
			if len(arena)+len(v) > cap(arena) {
				arena = make([]byte, 0, max(256<<10, len(v)))
			}
			arena = append(arena, v...)
			b.vals = append(b.vals, arena[len(arena)-len(v):])
			return nil
		})
		if err != nil {
			return fmt.Errorf("vault: reading the audit log: %w", err)
		}
		b.keys = append(b.keys, key)
		if len(b.keys) == auditBatchSize && !send() {
			return nil
		}
	}
	if len(b.keys) > 0 {
		send()
	}
	return nil
}

var _ auditlog.Scanner = auditStore{}

func bytesClone(b []byte) []byte { return append([]byte(nil), b...) }

// appendEvent fills in the time and actor where unset and appends ev to the
// log in tx, so it commits with the change it records.
func (v *Vault) appendEvent(tx *badger.Txn, ev *model.AuditEvent) error {
	if ev.Time.IsZero() {
		ev.Time = v.now()
	}
	if ev.Actor == (model.Actor{}) {
		ev.Actor = v.actor
	}
	if err := auditlog.Append(auditStore{v, tx}, ev); err != nil {
		return fmt.Errorf("vault: writing the audit event: %w", err)
	}
	return nil
}

// Log appends an event that goes with no record change, such as a view,
// export, import, review or reveal. Time and actor are filled in when unset.
func (v *Vault) Log(ctx context.Context, ev model.AuditEvent) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return v.update(func(tx *badger.Txn) error { return v.appendEvent(tx, &ev) })
}

// AuditEvents calls fn for every event of the audit log, oldest first. It
// stops at the first error fn returns (auditlog.ErrStop stops quietly) and
// when ctx is cancelled.
func (v *Vault) AuditEvents(ctx context.Context, fn func(model.AuditEvent) error) error {
	return v.view(func(tx *badger.Txn) error {
		return auditlog.Events(ctx, auditStore{v, tx}, 0, fn)
	})
}

// VerifyAudit checks the whole audit log against its stored hashes and the
// last checkpoint this host saw, and logs the verification. The error is nil
// for an intact log and wraps auditlog.ErrTampered otherwise; the Result says
// which event is bad. When this host holds no trusted checkpoint for the
// vault, an intact log still returns an error wrapping ErrNoCheckpoint.
func (v *Vault) VerifyAudit(ctx context.Context) (auditlog.Result, error) {
	want, err := v.readState()
	if err != nil {
		return auditlog.Result{}, err
	}
	var res auditlog.Result
	var verr error
	err = v.view(func(tx *badger.Txn) error {
		var err error
		res, err = auditlog.Verify(ctx, auditStore{v, tx}, want)
		if err != nil && !errors.Is(err, auditlog.ErrTampered) {
			return err
		}
		verr = err
		return nil
	})
	if err != nil {
		return res, err
	}
	detail := "intact"
	if verr != nil {
		detail = "not intact"
	} else if untrusted, _ := v.role(); untrusted {
		// An intact chain proves nothing against a whole older copy put
		// back: without the host's checkpoint the check is incomplete.
		detail = "intact, but no trusted checkpoint on this host"
		verr = fmt.Errorf("%w, so the log was checked only against itself and a rolled-back copy would pass; re-anchor trust with 'varn audit trust FILE' using the checkpoint a partner holds from your last bundle (or one you printed)", ErrNoCheckpoint)
	}
	if err := v.Log(ctx, model.AuditEvent{Action: model.ActionVerify, Detail: detail}); err != nil && verr == nil {
		return res, err
	}
	return res, verr
}

// Checkpoint signs the log's current head and returns the checkpoint text
// (a signed note: origin, size, root hash). It also saves it sealed outside
// the vault directory.
func (v *Vault) Checkpoint() ([]byte, error) {
	if err := v.readLock(); err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	return v.checkpointLocked()
}

func (v *Vault) checkpointLocked() ([]byte, error) {
	var head auditlog.Head
	err := v.db.View(func(tx *badger.Txn) error {
		var err error
		head, err = auditlog.ReadHead(auditStore{v, tx})
		return err
	})
	if err != nil {
		return nil, err
	}
	return auditlog.Sign(head, v.signer)
}

// VerifierKey returns the public key that verifies the vault's checkpoints
// (note verifier key format), for partners.
func (v *Vault) VerifierKey() string {
	if v.signer == nil {
		return ""
	}
	return v.signer.VerifierKey()
}

func (v *Vault) loadSigner() error {
	return v.db.View(func(tx *badger.Txn) error {
		skey, err := v.getInternal(tx, metaKey(metaSignKey))
		if err != nil {
			return fmt.Errorf("vault: reading the checkpoint key: %w", err)
		}
		defer zero(skey)
		s, err := auditlog.NewSigner(skey)
		if err != nil {
			return err
		}
		if s.Name() != v.logName() {
			return fmt.Errorf("%w: the checkpoint key belongs to another vault", ErrTampered)
		}
		v.signer = s
		return nil
	})
}

// The external checkpoint: the last signed checkpoint, sealed under a key
// derived from the data key, in StateDir/<vault ID>.checkpoint.
const stateLabel = "checkpoint"

func (v *Vault) statePath() string {
	return filepath.Join(v.opts.StateDir, v.ID()+".checkpoint")
}

// saveState writes the current checkpoint outside the vault directory,
// and records this directory as the vault's home on this host. It writes
// nothing for a copy or a restore still being built, and only the home
// for a vault the host does not trust yet (so a restore beside it is
// still refused), see recovery.go. Callers hold mu or writeMu (it only
// reads).
func (v *Vault) saveState() error {
	untrusted, copyOf := v.role()
	if copyOf != "" || v.noState {
		return nil
	}
	if home, err := v.readHome(v.opts.StateDir); err != nil || home != v.dir {
		if err := v.writeSealedState(v.opts.StateDir, homeSuffix, homeLabel, []byte(v.dir)); err != nil {
			return err
		}
	}
	if untrusted {
		return nil
	}
	cp, err := v.checkpointLocked()
	if err != nil {
		return err
	}
	sealed, err := sealBlob(v.stateKey, v.id, stateLabel, cp)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(v.opts.StateDir, 0o700); err != nil {
		return fmt.Errorf("vault: creating the state directory: %w", err)
	}
	return writeFileAtomic(v.statePath(), sealed)
}

// readState returns the checkpoint saved outside the vault, or nil if there
// is none.
func (v *Vault) readState() (*auditlog.Checkpoint, error) {
	b, err := readSmallFile(v.statePath(), 64<<10)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pt, err := openBlob(v.stateKey, v.id, stateLabel, b)
	if err != nil {
		return nil, fmt.Errorf("%w: the saved checkpoint %s", ErrTampered, v.statePath())
	}
	ver, err := note.NewVerifier(v.signer.VerifierKey())
	if err != nil {
		return nil, err
	}
	return auditlog.ParseCheckpoint(pt, ver)
}

// checkState compares the audit log with the checkpoint saved outside the
// vault: the log must have at least as many events and extend it.
func (v *Vault) checkState() error {
	cp, err := v.readState()
	if err != nil || cp == nil {
		return err
	}
	return v.extends(cp)
}
