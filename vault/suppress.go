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

// SetSuppressThreshold sets the vault's small-count threshold to n. It
// returns the threshold stored before (0 when none was, or the stored
// value was not valid) and whether anything changed. A threshold outside
// [model.MinSuppressThreshold]…[model.MaxSuppressThreshold] is refused.
// The change and its audit event — a setting event naming the setting,
// with the old and the new threshold as its detail (neither is personal
// data) — commit together; setting the stored threshold again changes and
// logs nothing. Setting the default on a vault that has none stores it:
// the chief's choice is then on record.
func (v *Vault) SetSuppressThreshold(ctx context.Context, n int) (old int, changed bool, err error) {
	if err := model.CheckSuppressThreshold(n); err != nil {
		return 0, false, err
	}
	if err := ctx.Err(); err != nil {
		return 0, false, err
	}
	key := settingKey(model.SettingSuppressThreshold)
	err = v.update(func(tx *badger.Txn) error {
		was := "unset"
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
			if old == n {
				return nil
			}
		}
		if err := v.putInternal(tx, key, model.EncodeSuppressThreshold(n)); err != nil {
			return err
		}
		changed = true
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionSetting, Fields: []string{model.SettingSuppressThreshold},
			Detail: fmt.Sprintf("small-count threshold %s → %d", was, n)})
	})
	if err != nil {
		return 0, false, fmt.Errorf("vault: cannot set the small-count threshold: %w", err)
	}
	return old, changed, nil
}
