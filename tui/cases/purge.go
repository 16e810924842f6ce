package cases

import (
	"context"
	"errors"
	"fmt"

	"varn/model"
	"varn/tui/common"
)

// LoadRules reads the vault's retention rules; unset, the defaults.
func LoadRules(ctx context.Context, st common.Store) (model.RetentionRules, error) {
	b, ok, err := st.Setting(ctx, model.SettingRetention)
	if err != nil {
		return model.DefaultRetentionRules(), err
	}
	if !ok {
		return model.DefaultRetentionRules(), nil
	}
	return model.ParseRetentionRules(b)
}

// DuePurges scans every record that a retention rule can apply to and
// returns those due on today under the vault's rules. The list names cases
// by pseudonym or title, so it is a read of case data: it is logged as a
// view (R5) and not returned when that cannot be logged.
func DuePurges(ctx context.Context, st common.Store, today model.Date) ([]model.Purge, model.RetentionRules, error) {
	rules, err := LoadRules(ctx, st)
	if err != nil {
		return nil, rules, err
	}
	var all []model.Record
	for _, k := range []model.Kind{model.KindCase, model.KindObservation, model.KindMeasure} {
		err := st.Scan(ctx, k, func(r model.Record) error {
			if _, ok := model.RetentionDate(r, rules); ok || r.Kind() == model.KindCase {
				all = append(all, r)
			} else if _, sealed := model.CaseKeyOf(r); sealed {
				all = append(all, r)
			}
			return nil
		})
		if err != nil {
			return nil, rules, err
		}
	}
	list := model.DuePurges(all, rules, today)
	if err := st.Log(ctx, model.AuditEvent{Action: model.ActionView, Kind: model.KindCase, Detail: model.ViewPurgeList}); err != nil {
		return nil, rules, fmt.Errorf("the purge list was not shown, because its view could not be logged: %w", err)
	}
	return list, rules, nil
}

// RunPurges deletes the records of list: a case through the store's
// [common.Purger] (which takes every record sealed under its key with it
// and destroys the key), any other record by a delete followed by a
// purge event naming only its kind and ID. It returns how many records
// were erased; on an error, those erased before stay erased.
func RunPurges(ctx context.Context, st common.Store, list []model.Purge) (int, error) {
	p, canPurge := st.(common.Purger)
	n := 0
	for _, x := range list {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		if x.Case != "" {
			continue // erased with its case
		}
		if x.Kind == model.KindCase {
			if !canPurge {
				return n, errors.New("tui: this store cannot erase cases")
			}
			k, err := p.Purge(ctx, x.ID)
			n += k
			if err != nil && !errors.Is(err, common.ErrNotFound) {
				return n, fmt.Errorf("purge of case %s: %w", x.ID, err)
			}
			continue
		}
		err := st.Delete(ctx, x.ID)
		if errors.Is(err, common.ErrNotFound) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("purge of %s %s: %w", x.Kind, x.ID, err)
		}
		n++
		if err := st.Log(ctx, model.AuditEvent{Action: model.ActionPurge, Kind: x.Kind, Ref: x.ID, Detail: "retention"}); err != nil {
			return n, fmt.Errorf("purge of %s %s: deleted, but the purge event could not be logged: %w", x.Kind, x.ID, err)
		}
	}
	return n, nil
}
