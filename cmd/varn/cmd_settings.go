package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"varn/model"
	"varn/vault"
)

// settingsUsage is the usage line of `varn settings`.
const settingsUsage = "usage: varn settings [show] | varn settings set suppress-threshold N"

// cmdSettings shows or changes the vault's settings that the security chief
// decides. Today that is the small-count threshold (R3): counts from 1 to
// N−1 are never published in the quarterly report, exports or meeting
// mode. It is at least 3 (default 5); a change is logged with its old and
// new value.
func cmdSettings(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		return errHelp
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		args = append([]string{"show"}, args...)
	}
	var g globals
	fs := newFlagSet("settings "+args[0], &g)
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	switch args[0] {
	case "show", "ls", "list":
		if len(pos) != 0 {
			return usagef(settingsUsage)
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			_, set, err := v.Setting(ctx, model.SettingSuppressThreshold)
			if err != nil {
				return err
			}
			n, err := v.SuppressThreshold(ctx)
			if err != nil {
				return fmt.Errorf("settings: %w", err)
			}
			if set {
				fmt.Fprintln(e.stdout, l.T(model.SupSettingShow, n))
			} else {
				fmt.Fprintln(e.stdout, l.T(model.SupSettingDefault, n))
			}
			return nil
		})
	case "set":
		if len(pos) != 2 {
			return usagef(settingsUsage)
		}
		if name := strings.ReplaceAll(pos[0], "_", "-"); name != "suppress-threshold" {
			return usagef("settings set: unknown setting %q; the one you can set is suppress-threshold", oneLine(pos[0]))
		}
		n, err := strconv.Atoi(strings.TrimSpace(pos[1]))
		if err != nil || model.CheckSuppressThreshold(n) != nil {
			return usagef("settings set: %s", l.T(model.SupSettingTooLow, oneLine(pos[1]), model.MinSuppressThreshold, model.MaxSuppressThreshold, model.DefaultSuppressThreshold))
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			old, changed, err := v.SetSuppressThreshold(ctx, n)
			switch {
			case err != nil:
				return err
			case !changed:
				fmt.Fprintln(e.stdout, l.T(model.SupSettingUnchanged, n))
			case old == 0:
				fmt.Fprintln(e.stdout, l.T(model.SupSettingSet, n, model.DefaultSuppressThreshold))
			default:
				fmt.Fprintln(e.stdout, l.T(model.SupSettingChanged, old, n))
			}
			return nil
		})
	}
	return usagef(settingsUsage)
}
