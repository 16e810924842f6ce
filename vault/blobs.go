package vault

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// Limits on settings and drafts.
const (
	maxBlobName = 128
	maxBlobSize = 1 << 20
)

func checkBlob(what, name string, size int) error {
	if name == "" || len(name) > maxBlobName || !utf8.ValidString(name) || sanitize(name, maxBlobName) != name {
		return fmt.Errorf("vault: a %s name must be 1 to %d printable characters", what, maxBlobName)
	}
	if size > maxBlobSize {
		return fmt.Errorf("vault: %s %s is larger than %d bytes", what, name, maxBlobSize)
	}
	return nil
}

func (v *Vault) getBlob(ctx context.Context, bkey []byte) ([]byte, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	var b []byte
	err := v.view(func(tx *badger.Txn) error {
		var err error
		b, err = v.getInternal(tx, bkey)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// Setting returns a setting (municipality name, retention rules, the area
// list…); ok is false when it is unset.
func (v *Vault) Setting(ctx context.Context, name string) (value []byte, ok bool, err error) {
	if err := checkBlob("setting", name, 0); err != nil {
		return nil, false, err
	}
	return v.getBlob(ctx, settingKey(name))
}

// PutSetting stores a setting, sealed, and logs its name.
func (v *Vault) PutSetting(ctx context.Context, name string, value []byte) error {
	if err := checkBlob("setting", name, len(value)); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return v.update(func(tx *badger.Txn) error {
		if err := v.putInternal(tx, settingKey(name), value); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionSetting, Fields: []string{name}})
	})
}

// Saving or deleting a draft is logged as a draft event whose detail says
// which, naming the draft and never its contents.
const (
	draftSavedNote   = "draft saved"
	draftDeletedNote = "draft deleted"
)

// SaveDraft keeps an unfinished form, sealed, under name. The save is
// logged as an event naming the draft, without its contents.
func (v *Vault) SaveDraft(ctx context.Context, name string, data []byte) error {
	if err := checkBlob("draft", name, len(data)); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return v.update(func(tx *badger.Txn) error {
		if err := v.putInternal(tx, draftKey(name), data); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionDraft, Fields: []string{name}, Detail: draftSavedNote})
	})
}

// Draft returns the draft saved under name; ok is false if there is none.
func (v *Vault) Draft(ctx context.Context, name string) (data []byte, ok bool, err error) {
	if err := checkBlob("draft", name, 0); err != nil {
		return nil, false, err
	}
	return v.getBlob(ctx, draftKey(name))
}

// DeleteDraft removes the draft saved under name, if any, and logs the
// deletion (nothing is logged when there was no draft).
func (v *Vault) DeleteDraft(ctx context.Context, name string) error {
	if err := checkBlob("draft", name, 0); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return v.update(func(tx *badger.Txn) error {
		key := draftKey(name)
		if _, err := tx.Get(key); errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		} else if err != nil {
			return fmt.Errorf("vault: reading draft %s: %w", name, err)
		}
		if err := tx.Delete(key); err != nil {
			return fmt.Errorf("vault: deleting draft %s: %w", name, err)
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionDraft, Fields: []string{name}, Detail: draftDeletedNote})
	})
}
