package vault

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"varn/model"
	"varn/vault/auditlog"
)

// Identity and instance (docs/vault-format.md, "Identity, instances and
// recovery"). A vault's identity is its ID, its keys and its audit lineage;
// partners know it by them. An instance is one directory on disk holding
// it. A host trusts one instance of each vault: the state directory holds,
// per vault ID, the last checkpoint that instance reached and the path of
// the instance (its home). Only the home instance moves the checkpoint
// forward; any other directory holding the same vault opens as a copy that
// is still checked against the checkpoint but never changes it, so neither
// a drill, nor a copy of the directory, nor a restore beside the live vault
// can lock the live vault out.

// Host state files, beside <vault ID>.checkpoint in Options.StateDir.
const (
	homeSuffix   = ".home"
	purgedSuffix = ".purged"
	homeLabel    = "home"
	purgedLabel  = "purged"
	maxStateFile = 16 << 20
)

// restoringName marks a directory that a restore is still building. Open
// refuses a directory holding it, so a restore cut short never opens.
const restoringName = "restoring"

// ErrNoCheckpoint is wrapped when this host holds no trusted checkpoint
// for a vault that has a history: rollback cannot be detected until trust
// is re-anchored with Trust.
var ErrNoCheckpoint = errors.New("vault: this host holds no trusted checkpoint for the vault")

// ErrLiveVault is wrapped when a restore would put a second instance of a
// vault beside the one this host trusts.
var ErrLiveVault = errors.New("vault: the vault still exists on this host")

// stateFile returns the path of one of the vault's host state files.
func (v *Vault) stateFile(stateDir, suffix string) string {
	return filepath.Join(stateDir, v.ID()+suffix)
}

// readSealedState opens a host state file sealed under the state key, or
// returns nil when there is none.
func (v *Vault) readSealedState(stateDir, suffix, label string) ([]byte, error) {
	p := v.stateFile(stateDir, suffix)
	b, err := readSmallFile(p, maxStateFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pt, err := openBlob(v.stateKey, v.id, label, b)
	if err != nil {
		return nil, fmt.Errorf("%w: the host state file %s", ErrTampered, p)
	}
	return pt, nil
}

// writeSealedState seals data under the state key into a host state file.
func (v *Vault) writeSealedState(stateDir, suffix, label string, data []byte) error {
	sealed, err := sealBlob(v.stateKey, v.id, label, data)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(stateDir, 0o700); err != nil {
		return fmt.Errorf("vault: creating the state directory: %w", err)
	}
	return writeFileAtomic(v.stateFile(stateDir, suffix), sealed)
}

// readHome returns the directory of the instance this host trusts, or ""
// when the host has not recorded one.
func (v *Vault) readHome(stateDir string) (string, error) {
	b, err := v.readSealedState(stateDir, homeSuffix, homeLabel)
	return string(b), err
}

// holdsVault reports whether dir holds a vault with the given ID.
func holdsVault(dir string, id [16]byte) bool {
	_, got, err := readHeader(dir)
	return err == nil && got == id
}

// hostRole decides how this opening relates to the host's trusted
// instance, before the checkpoint is checked: it sets v.untrusted when the
// host holds no checkpoint and v.copyOf when another directory is the
// trusted instance and still holds the vault.
func (v *Vault) hostRole() error {
	cp, err := v.readState()
	if err != nil {
		return err
	}
	home, err := v.readHome(v.opts.StateDir)
	if err != nil {
		return err
	}
	v.roleMu.Lock()
	defer v.roleMu.Unlock()
	v.untrusted = cp == nil
	if home != "" && home != v.dir && holdsVault(home, v.id) {
		v.copyOf = home
	}
	return nil
}

// role returns whether the host holds no checkpoint for the vault, and
// the trusted instance this opening is a copy of ("" if none).
func (v *Vault) role() (untrusted bool, copyOf string) {
	v.roleMu.Lock()
	defer v.roleMu.Unlock()
	return v.untrusted, v.copyOf
}

// Warnings returns what the caller must tell the user about this opening:
// that the host holds no trusted checkpoint, or that this directory is a
// copy of the vault the host trusts.
func (v *Vault) Warnings() []string {
	untrusted, copyOf := v.role()
	var w []string
	if untrusted {
		w = append(w, fmt.Sprintf("warning: this host holds no trusted checkpoint for vault %s, so a rolled-back copy would not be noticed; compare 'varn audit checkpoint' with the checkpoint a partner holds from your last bundle (or one you printed), then run 'varn audit trust FILE' with that checkpoint", v.ID()))
	}
	if copyOf != "" {
		w = append(w, fmt.Sprintf("warning: this is a copy of the vault at %s, which this host trusts; changes here are not tracked by this host's checkpoint and do not reach that vault", sanitize(copyOf, 200)))
	}
	return w
}

// StateDir returns the host's state directory that holds the vault's
// trusted checkpoint, so the first run can say where it is.
func (v *Vault) StateDir() string { return v.opts.StateDir }

// Copy reports whether the vault was opened as a copy of the instance this
// host trusts (see Warnings).
func (v *Vault) Copy() bool {
	_, copyOf := v.role()
	return copyOf != ""
}

// Untrusted reports whether this host holds no trusted checkpoint for the
// vault (see Warnings and Trust).
func (v *Vault) Untrusted() bool {
	untrusted, _ := v.role()
	return untrusted
}

// extends checks that the audit log holds cp's head: at least as many
// events, and the same tree up to cp's size.
func (v *Vault) extends(cp *auditlog.Checkpoint) error {
	return v.db.View(func(tx *badger.Txn) error {
		st := auditStore{v, tx}
		head, err := auditlog.ReadHead(st)
		if err != nil {
			return err
		}
		if head.Size < cp.Size {
			return fmt.Errorf("%w: audit log is older than the last checkpoint seen (size %d < %d); the vault was rolled back or truncated — restore the latest backup",
				ErrRolledBack, head.Size, cp.Size)
		}
		if head.Size == cp.Size {
			if head.Root != cp.Root {
				return fmt.Errorf("%w: audit log does not match the last checkpoint seen (size %d); run 'varn audit verify'", ErrRolledBack, head.Size)
			}
			return nil
		}
		proof, err := auditlog.ProveConsistency(st, cp.Size, head.Size)
		if err != nil {
			return err
		}
		if err := auditlog.CheckConsistency(proof, cp.Head, head); err != nil {
			return fmt.Errorf("%w: audit log does not extend the last checkpoint seen (size %d); run 'varn audit verify'", ErrRolledBack, cp.Size)
		}
		return nil
	})
}

// head returns the audit log's head.
func (v *Vault) head() (auditlog.Head, error) {
	var h auditlog.Head
	err := v.db.View(func(tx *badger.Txn) error {
		var err error
		h, err = auditlog.ReadHead(auditStore{v, tx})
		return err
	})
	return h, err
}

// Trust re-anchors this host's trust in the vault after its checkpoint was
// lost: checkpoint is a signed checkpoint of this vault that the operator
// got from outside the host (the text 'varn audit checkpoint' printed and
// a partner kept, or one printed on paper). The audit log must extend it;
// then this directory becomes the instance the host trusts, its current
// checkpoint is saved, and the re-anchoring is logged. Trust returns the
// size of the checkpoint given.
func (v *Vault) Trust(checkpoint []byte) (uint64, error) {
	if err := v.readLock(); err != nil {
		return 0, err
	}
	verifier, err := note.NewVerifier(v.signer.VerifierKey())
	v.mu.RUnlock()
	if err != nil {
		return 0, err
	}
	cp, err := auditlog.ParseCheckpoint(checkpoint, verifier)
	if err != nil {
		return 0, fmt.Errorf("vault: the checkpoint given is not one of this vault's: %w", err)
	}
	return cp.Size, v.trust(cp.Head)
}

// TrustHead is Trust from the size and root hash (standard base64) of a
// checkpoint, as a partner reads them out from 'varn partner checkpoint'
// (the checkpoint of the last bundle it imported from this vault).
func (v *Vault) TrustHead(size uint64, root string) error {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(root))
	if err != nil || len(b) != len(tlog.Hash{}) {
		return errors.New("vault: the root hash given is not 44 characters of base64 (as 'varn partner checkpoint' prints it)")
	}
	var h auditlog.Head
	h.Size = size
	copy(h.Root[:], b)
	return v.trust(h)
}

func (v *Vault) trust(head auditlog.Head) error {
	cp := &auditlog.Checkpoint{Head: head}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	if err := v.extends(cp); err != nil {
		return fmt.Errorf("%w (compared with the checkpoint given, of %d events)", err, cp.Size)
	}
	err := v.updateLocked(func(tx *badger.Txn) error {
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionVerify, Detail: fmt.Sprintf("trust re-anchored on this host at checkpoint of %d events", cp.Size)})
	})
	if err != nil {
		return err
	}
	v.roleMu.Lock()
	v.untrusted, v.copyOf = false, ""
	v.roleMu.Unlock()
	return v.saveState()
}

// notePurged adds caseID to this host's sealed list of purged cases, so a
// restore of an older backup on this host erases the case again.
func (v *Vault) notePurged(caseID model.ID) error {
	ids, err := v.purgedCases(v.opts.StateDir)
	if err != nil {
		return err
	}
	if slices.Contains(ids, caseID) {
		return nil
	}
	ids = append(ids, caseID)
	var b bytes.Buffer
	for _, id := range ids {
		b.WriteString(string(id))
		b.WriteByte('\n')
	}
	return v.writeSealedState(v.opts.StateDir, purgedSuffix, purgedLabel, b.Bytes())
}

// purgedCases returns the cases this host has purged from the vault.
func (v *Vault) purgedCases(stateDir string) ([]model.ID, error) {
	b, err := v.readSealedState(stateDir, purgedSuffix, purgedLabel)
	if err != nil || b == nil {
		return nil, err
	}
	var ids []model.ID
	for line := range strings.Lines(string(b)) {
		if id := strings.TrimSpace(line); id != "" {
			ids = append(ids, model.ID(id))
		}
	}
	return ids, nil
}

// liveCase reports whether the case is in the vault and not deleted.
func (v *Vault) liveCase(id model.ID) (bool, error) {
	var live bool
	err := v.db.View(func(tx *badger.Txn) error {
		e, err := v.storedIndex(tx, id)
		if errors.Is(err, ErrNotFound) {
			_, err := tx.Get(recordKey(model.KindCase, id))
			live = err == nil
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil
			}
			return err
		}
		if err != nil {
			return err
		}
		live = e.kind == model.KindCase && !e.deleted
		return nil
	})
	return live, err
}
