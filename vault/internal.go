package vault

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Badger keys. Record kinds and IDs appear only inside Badger, whose files
// are encrypted at rest.
const (
	prefixRecord   = "r/" // + kind + "/" + id: the record
	prefixIndex    = "i/" // + id: the record's kind and current version
	prefixSetting  = "s/" // + name
	prefixDraft    = "d/" // + name
	prefixUnlocker = "u/" // + key file name: Unlocker as JSON
	prefixMeta     = "m/" // + name: vault internals
)

const metaSignKey = "signkey"

// auditEventPrefix is the prefix of the audit log's event keys (package
// auditlog: "a/e/" and the 8-byte sequence number).
const auditEventPrefix = "a/e/"

func metaKey(name string) []byte     { return []byte(prefixMeta + name) }
func settingKey(name string) []byte  { return []byte(prefixSetting + name) }
func draftKey(name string) []byte    { return []byte(prefixDraft + name) }
func unlockerKey(name string) []byte { return []byte(prefixUnlocker + name) }

// putInternal seals value under the vault's value key and sets it in tx.
func (v *Vault) putInternal(tx *badger.Txn, bkey, value []byte) error {
	sealed, err := v.seal.seal(v.valueKey, bkey, header{key: keyVault}, value)
	if err != nil {
		return err
	}
	if err := tx.Set(bkey, sealed); err != nil {
		return fmt.Errorf("vault: writing: %w", err)
	}
	return nil
}

// getInternal reads and opens a value sealed by putInternal. It returns
// ErrNotFound when absent and an error wrapping ErrTampered when the value
// fails authentication.
func (v *Vault) getInternal(tx *badger.Txn, bkey []byte) ([]byte, error) {
	item, err := tx.Get(bkey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("vault: reading: %w", err)
	}
	var pt []byte
	err = item.Value(func(val []byte) error {
		h, raw, rest, err := parseHeader(val)
		if err != nil || h.key != keyVault || h.version != 0 {
			return errUnsealed
		}
		pt, err = v.seal.open(v.valueKey, bkey, raw, rest)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrTampered, describeKey(bkey))
	}
	return pt, nil
}

// describeKey names a Badger key for an error message, without values.
func describeKey(bkey []byte) string {
	s := string(bkey)
	switch {
	case len(s) > 2 && s[:2] == prefixSetting:
		return "setting " + sanitize(s[2:], 64)
	case len(s) > 2 && s[:2] == prefixDraft:
		return "draft " + sanitize(s[2:], 64)
	case len(s) > 2 && s[:2] == prefixUnlocker:
		return "unlocker " + sanitize(s[2:], 64)
	case len(s) > 2 && s[:2] == prefixMeta:
		return "vault internal " + sanitize(s[2:], 64)
	case len(bkey) == len(auditEventPrefix)+8 && s[:len(auditEventPrefix)] == auditEventPrefix:
		return fmt.Sprintf("audit event %d", binary.BigEndian.Uint64(bkey[len(auditEventPrefix):]))
	case len(s) > 2 && s[:2] == "a/":
		return "audit log entry " + sanitize(s[2:], 16)
	}
	return "entry"
}
