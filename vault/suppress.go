package vault

import (
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// SuppressThreshold returns the vault's small-count threshold (R3): the
// setting [model.SettingSuppressThreshold], or
// [model.DefaultSuppressThreshold] when it is unset. A stored value that is
// not a valid threshold is an error, so that nothing is published with a
// threshold nobody chose.
func (v *Vault) SuppressThreshold(ctx context.Context) (int, error) {
	b, ok, err := v.Setting(ctx, model.SettingSuppressThreshold)
	if err != nil {
		return 0, err
	}
	if !ok {
		return model.DefaultSuppressThreshold, nil
	}
	return model.ParseSuppressThreshold(b)
}

// SetSuppressThreshold sets the vault's small-count threshold to n and
// returns the one it replaces. A threshold outside
// [model.MinSuppressThreshold]…[model.MaxSuppressThreshold] is refused.
// The change and its audit event — a setting event naming the setting,
// with the old and the new threshold as its detail (neither is personal
// data) — commit together; setting the same threshold again changes and
// logs nothing.
func (v *Vault) SetSuppressThreshold(ctx context.Context, n int) (old int, err error) {
	if err := model.CheckSuppressThreshold(n); err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	key := settingKey(model.SettingSuppressThreshold)
	err = v.update(func(tx *badger.Txn) error {
		was := "unset"
		old = model.DefaultSuppressThreshold
		b, err := v.getInternal(tx, key)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return err
		default:
			if o, perr := model.ParseSuppressThreshold(b); perr == nil {
				old, was = o, fmt.Sprint(o)
			} else {
				was = "invalid"
			}
			if was == fmt.Sprint(n) {
				return nil
			}
		}
		if err := v.putInternal(tx, key, model.EncodeSuppressThreshold(n)); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionSetting, Fields: []string{model.SettingSuppressThreshold},
			Detail: fmt.Sprintf("small-count threshold %s → %d", was, n)})
	})
	if err != nil {
		return 0, fmt.Errorf("vault: cannot set the small-count threshold: %w", err)
	}
	return old, nil
}
