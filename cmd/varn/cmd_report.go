package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"varn/model"
	"varn/vault"
)

// cmdReport writes the quarterly follow-up (M6) as Markdown to stdout:
// the picture per milieu, the measures, the cases as counts only and the
// gender perspective (M7), every figure suppressed with the vault's
// small-count threshold (R3; `varn settings`). It never writes a file of its own: redirect
// stdout to keep the report. Producing it is logged.
func cmdReport(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("report", &g)
	quarter := fs.String("quarter", "", "the quarter to follow up, e.g. 2026Q3")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: varn report --quarter YYYYQN [--lang sv|en] (the report goes to stdout: redirect it to keep it)")
	}
	if *quarter == "" {
		return usagef("report: --quarter is required, e.g. --quarter 2026Q3")
	}
	q, err := model.ParseQuarter(*quarter)
	if err != nil {
		return usagef("report: --quarter: %s", oneLine(err.Error()))
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	today := model.DateOf(e.now())
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		md, err := quarterReport(ctx, v, q, today, l)
		if err != nil {
			return err
		}
		// The event is written before the report: a report whose
		// production could not be logged is not produced.
		if err := v.Log(ctx, model.AuditEvent{Action: model.ActionExport, Detail: "quarterly report " + q.String() + " to stdout"}); err != nil {
			return err
		}
		_, err = io.WriteString(e.stdout, md)
		return err
	})
}

// quarterReport reads what the follow-up of q needs and renders it. Cases
// are reduced at once to the fields their counts need.
func quarterReport(ctx context.Context, v *vault.Vault, q model.Quarter, today model.Date, l model.Lang) (string, error) {
	var (
		obs  []*model.Observation
		ms   []*model.Measure
		cs   []*model.Case
		pics []*model.Picture
	)
	scans := []struct {
		kind model.Kind
		fn   func(model.Record)
	}{
		{model.KindObservation, func(r model.Record) {
			if x, ok := r.(*model.Observation); ok {
				obs = append(obs, x)
			}
		}},
		{model.KindMeasure, func(r model.Record) {
			if x, ok := r.(*model.Measure); ok {
				ms = append(ms, x)
			}
		}},
		{model.KindCase, func(r model.Record) {
			if x, ok := r.(*model.Case); ok {
				cs = append(cs, &model.Case{Status: x.Status, Priority: x.Priority, Opened: x.Opened, Closed: x.Closed, Gender: x.Gender})
			}
		}},
		{model.KindPicture, func(r model.Record) {
			if x, ok := r.(*model.Picture); ok {
				pics = append(pics, x)
			}
		}},
	}
	// The kinds are scanned side by side: decrypting is the cost, and
	// each scan appends to its own slice only.
	errs := make([]error, len(scans))
	var wg sync.WaitGroup
	for i, s := range scans {
		wg.Go(func() {
			errs[i] = v.Scan(ctx, s.kind, func(r model.Record) error { s.fn(r); return nil })
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", err
	}
	// The figures are published: suppressed with the vault's threshold
	// (R3). A threshold setting that cannot be read stops the report.
	threshold, err := v.SuppressThreshold(ctx)
	if err != nil {
		return "", fmt.Errorf("report: %w", err)
	}
	rep := model.QuarterlyFollowUp(q, today, obs, ms, cs, pics)
	asOf := q.End()
	if today.Before(asOf) {
		asOf = today
	}
	return model.QuarterDoc(rep, l, asOf, threshold).Markdown(), nil
}
