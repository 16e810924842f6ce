package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"varn/model"
	"varn/vault"
)

// ruleNames maps the names accepted by --set-rule to the rule they set.
var ruleNames = map[string]func(*model.RetentionRules) *int{
	"closed_case_years":            func(r *model.RetentionRules) *int { return &r.ClosedCaseYears },
	"individual_observation_years": func(r *model.RetentionRules) *int { return &r.IndividualObservationYears },
	"individual_measure_years":     func(r *model.RetentionRules) *int { return &r.IndividualMeasureYears },
}

// cmdPurge lists the records past their retention date and, once
// confirmed, erases them: a case by destroying its key (vault.Purge, which
// takes every record sealed under it along), any other record by a delete
// and a purge event. What remains is the vault's tombstone of each ID and
// audit events naming kinds and IDs only.
//
// The list is always printed first. Without a terminal, nothing is erased
// unless --yes is given; --dry-run only lists. --set-rule NAME=YEARS
// changes the vault's retention rules (and erases nothing).
func cmdPurge(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("purge", &g)
	dry := fs.Bool("dry-run", false, "only list what is due")
	yes := fs.Bool("yes", false, "erase without asking")
	var set multiFlag
	fs.Var(&set, "set-rule", "NAME=YEARS: change a retention rule (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: varn purge [--dry-run] [--yes] [--set-rule NAME=YEARS]…")
	}
	if *dry && *yes {
		return usagef("purge: --dry-run and --yes contradict each other")
	}
	type change struct {
		name  string
		years int
	}
	var changes []change
	for _, s := range set {
		name, v, ok := strings.Cut(s, "=")
		name = strings.ReplaceAll(strings.TrimSpace(name), "-", "_")
		if _, known := ruleNames[name]; !ok || !known {
			return usagef("purge: --set-rule wants NAME=YEARS with NAME one of closed_case_years, individual_observation_years, individual_measure_years; got %q", oneLine(s))
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < model.MinRetentionYears || n > model.MaxRetentionYears {
			return usagef("purge: --set-rule %s: years must be a whole number from %d to %d", name, model.MinRetentionYears, model.MaxRetentionYears)
		}
		changes = append(changes, change{name, n})
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		rules, err := loadRules(ctx, v)
		if err != nil {
			return err
		}
		if len(changes) > 0 {
			for _, c := range changes {
				*ruleNames[c.name](&rules) = c.years
			}
			if err := rules.Check(); err != nil {
				return err
			}
			if err := v.PutSetting(ctx, model.SettingRetention, rules.Encode()); err != nil {
				return fmt.Errorf("purge: cannot save the retention rules: %w", err)
			}
			printRules(e, rules)
			return nil
		}
		printRules(e, rules)
		list, err := duePurges(ctx, v, rules, model.DateOf(e.now()))
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, "nothing is past its retention date")
			return nil
		}
		// The list names cases by pseudonym or title: a read of case data,
		// logged before anything is printed (R5).
		if err := v.Log(ctx, model.AuditEvent{Action: model.ActionView, Kind: model.KindCase, Detail: model.ViewPurgeList}); err != nil {
			return fmt.Errorf("purge: the list was not shown, because its view could not be logged: %w", err)
		}
		lang, err := g.language(e)
		if err != nil {
			return err
		}
		printPurges(e, lang, list)
		if *dry {
			return nil
		}
		if !*yes {
			if !e.tty {
				return errors.New("purge: refusing to erase without a terminal to confirm on; check the list above and run again with --yes")
			}
			fmt.Fprintf(e.stderr, "Erase these %d records for ever? Case keys are destroyed. [y/N] ", len(list))
			line, _ := bufio.NewReader(e.stdin).ReadString('\n')
			if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" && a != "j" && a != "ja" {
				return errors.New("purge: nothing was erased")
			}
		}
		n, err := runPurges(ctx, v, list)
		if err != nil {
			return fmt.Errorf("purge: stopped after erasing %d records: %w", n, err)
		}
		fmt.Fprintf(e.stdout, "erased %d records\n", n)
		return nil
	})
}

// printPurges prints what is due: per record its due date, kind, the rule
// that makes it due, what it is (pseudonym, title or summary) and its ID,
// so the person erasing can judge each one.
func printPurges(e *env, l model.Lang, list []model.Purge) {
	fmt.Fprintf(e.stdout, "%d records are past their retention date:\n", len(list))
	fmt.Fprintf(e.stdout, "%-10s  %-11s  %-30s  %-48s  %s\n", "DUE", "KIND", "RULE", "RECORD", "ID")
	for _, p := range list {
		id := string(p.ID)
		if p.Case != "" {
			id += " (case " + string(p.Case) + ")"
		}
		fmt.Fprintf(e.stdout, "%-10s  %-11s  %-30s  %-48s  %s\n", p.Due, p.Kind, p.Rule.Label(l), oneLine(p.What), id)
	}
}

func printRules(e *env, r model.RetentionRules) {
	fmt.Fprintf(e.stdout, "retention rules: closed_case_years=%d individual_observation_years=%d individual_measure_years=%d\n",
		r.ClosedCaseYears, r.IndividualObservationYears, r.IndividualMeasureYears)
}

// loadRules reads the vault's retention rules; unset, the defaults.
func loadRules(ctx context.Context, v *vault.Vault) (model.RetentionRules, error) {
	b, ok, err := v.Setting(ctx, model.SettingRetention)
	if err != nil {
		return model.RetentionRules{}, err
	}
	if !ok {
		return model.DefaultRetentionRules(), nil
	}
	r, err := model.ParseRetentionRules(b)
	if err != nil {
		return r, fmt.Errorf("%w; fix it with varn purge --set-rule", err)
	}
	return r, nil
}

// duePurges scans the records a retention rule can apply to.
func duePurges(ctx context.Context, v *vault.Vault, rules model.RetentionRules, today model.Date) ([]model.Purge, error) {
	var all []model.Record
	for _, k := range []model.Kind{model.KindCase, model.KindObservation, model.KindMeasure} {
		err := v.Scan(ctx, k, func(r model.Record) error {
			_, dated := model.RetentionDate(r, rules)
			_, sealed := model.CaseKeyOf(r)
			if dated || sealed {
				all = append(all, r)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return model.DuePurges(all, rules, today), nil
}

// runPurges erases the records of list and returns how many went.
func runPurges(ctx context.Context, v *vault.Vault, list []model.Purge) (int, error) {
	n := 0
	for _, p := range list {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		switch {
		case p.Case != "":
			// Erased with its case.
		case p.Kind == model.KindCase:
			k, err := v.Purge(ctx, p.ID)
			n += k
			if err != nil && !errors.Is(err, vault.ErrNotFound) {
				return n, err
			}
		default:
			err := v.Delete(ctx, p.ID)
			if errors.Is(err, vault.ErrNotFound) {
				continue
			}
			if err != nil {
				return n, err
			}
			n++
			if err := v.Log(ctx, model.AuditEvent{Action: model.ActionPurge, Kind: p.Kind, Ref: p.ID, Detail: "retention"}); err != nil {
				return n, fmt.Errorf("%s %s is deleted but its purge event could not be logged: %w", p.Kind, p.ID, err)
			}
		}
	}
	return n, nil
}
