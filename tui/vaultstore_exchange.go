package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"varn/model"
	"varn/tui/common"
	"varn/vault"
	"varn/vault/bundle"
)

var _ common.Exchanger = (*vaultStore)(nil)

// Partners implements common.Exchanger.
func (s *vaultStore) Partners(ctx context.Context) ([]common.PartnerSummary, error) {
	ps, err := s.v.Partners(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]common.PartnerSummary, len(ps))
	for i, p := range ps {
		out[i] = common.PartnerSummary{
			ID: p.Partner.ID, Name: p.Partner.Name, Org: p.Partner.Org, Fingerprint: p.Fingerprint,
			CanImport: p.CanImportFrom(), Sent: p.Partner.SentSeq, Received: p.Partner.ReceivedSeq,
			LastExport: p.LastExport, LastImport: p.LastImport,
		}
	}
	return out, nil
}

func exportOptions(req common.ExportRequest) vault.ExportOptions {
	return vault.ExportOptions{
		Partner: req.Partner, Since: req.Since, Kinds: req.Kinds, MaxTLP: req.MaxTLP, IncludeCases: req.IncludeCases,
		LegalBasis: req.LegalBasis, Purpose: req.Purpose, Progress: req.Progress,
	}
}

func exportSummary(p *vault.ExportPreview) common.ExportSummary {
	out := common.ExportSummary{Partner: p.Partner.Partner.Name, Counts: p.Counts, Total: p.Total, Withheld: p.Withheld, Redacted: map[model.Kind][]string{}}
	for k, fs := range p.Redacted {
		out.Redacted[k] = slices.Sorted(maps.Keys(fs))
	}
	return out
}

// PreviewExport implements common.Exchanger.
func (s *vaultStore) PreviewExport(ctx context.Context, req common.ExportRequest) (common.ExportSummary, error) {
	p, err := s.v.PreviewExport(ctx, exportOptions(req))
	if err != nil {
		return common.ExportSummary{}, err
	}
	return exportSummary(p), nil
}

// Export implements common.Exchanger: the bundle goes through a temporary
// file in the same directory, renamed into place only when complete.
func (s *vaultStore) Export(ctx context.Context, req common.ExportRequest) (common.ExportSummary, error) {
	if req.Path == "" {
		return common.ExportSummary{}, errors.New("tui: no file to write the bundle to")
	}
	if _, err := os.Lstat(req.Path); err == nil {
		return common.ExportSummary{}, fmt.Errorf("tui: %s already exists; choose another name", model.SanitizeLine(req.Path))
	}
	tmp, err := os.CreateTemp(filepath.Dir(req.Path), ".varn-tmp-*")
	if err != nil {
		return common.ExportSummary{}, fmt.Errorf("tui: cannot write the bundle: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return common.ExportSummary{}, err
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	res, err := s.v.Export(ctx, bw, exportOptions(req))
	if err != nil {
		return common.ExportSummary{}, err
	}
	if err := bw.Flush(); err != nil {
		return common.ExportSummary{}, fmt.Errorf("tui: cannot write the bundle: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return common.ExportSummary{}, fmt.Errorf("tui: cannot write the bundle: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return common.ExportSummary{}, fmt.Errorf("tui: cannot write the bundle: %w", err)
	}
	if err := os.Link(tmp.Name(), req.Path); err != nil {
		return common.ExportSummary{}, fmt.Errorf("tui: cannot write the bundle: %w", err)
	}
	os.Remove(tmp.Name())
	done = true
	out := exportSummary(&res.ExportPreview)
	out.Bundle, out.Sequence = res.Manifest.HashString(), res.Manifest.Sequence
	return out, nil
}

// PreviewImport implements common.Exchanger.
func (s *vaultStore) PreviewImport(ctx context.Context, path string) (*common.ImportPreview, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tui: cannot read %s: %w", model.SanitizeLine(path), errors.Unwrap(err))
	}
	defer f.Close()
	plan, err := s.v.PreviewImport(ctx, bufio.NewReaderSize(f, 1<<20))
	if errors.Is(err, vault.ErrAlreadyImported) {
		return &common.ImportPreview{Already: true, Apply: func(context.Context) (map[model.Kind]common.ImportCounts, error) { return nil, nil }, Discard: func() {}}, nil
	}
	if err != nil {
		return nil, withReason(err)
	}
	m := plan.Manifest
	pv := &common.ImportPreview{
		From: plan.Partner.Partner.Name, Fingerprint: plan.Partner.Fingerprint, Bundle: m.HashString(), Sequence: m.Sequence,
		Created: m.Created, Expires: m.Expires, LegalBasis: m.LegalBasis, Purpose: m.Purpose,
		Counts: importCounts(plan.Counts), Ignored: plan.Ignored, CheckpointProven: plan.CheckpointProven,
	}
	for _, c := range plan.Conflicts {
		pv.Conflicts = append(pv.Conflicts, common.ImportConflict{ID: c.ID, Kind: c.Kind, Fields: c.Fields, KeptIncoming: c.KeptIncoming})
	}
	pv.Apply = func(ctx context.Context) (map[model.Kind]common.ImportCounts, error) {
		res, err := s.v.Apply(ctx, plan)
		s.obs.Invalidate() // the import changed records
		if err != nil {
			return nil, withReason(err)
		}
		return importCounts(res.Counts), nil
	}
	pv.Discard = func() { plan.Close() }
	return pv, nil
}

func importCounts(c map[model.Kind]*vault.ImportCounts) map[model.Kind]common.ImportCounts {
	out := make(map[model.Kind]common.ImportCounts, len(c))
	for k, v := range c {
		out[k] = common.ImportCounts(*v)
	}
	return out
}

// Conflicts implements common.Exchanger.
func (s *vaultStore) Conflicts(ctx context.Context) ([]common.ConflictCopy, error) {
	cs, err := s.v.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]common.ConflictCopy, len(cs))
	for i, c := range cs {
		out[i] = common.ConflictCopy{ID: c.Record.Base().ID, Kind: c.Record.Kind(), Bundle: c.Bundle, Gone: c.Current == nil}
		for _, f := range c.Fields {
			out[i].Fields = append(out[i].Fields, common.ConflictField(f))
		}
	}
	return out, nil
}

// DismissConflict implements common.ConflictDismisser.
func (s *vaultStore) DismissConflict(ctx context.Context, id model.ID, bundle string) error {
	return s.v.DismissConflict(ctx, id, bundle)
}

// rejection is a refused import with its catalogued reason.
type rejection struct {
	reason model.Msg
	err    error
}

func (r *rejection) Error() string     { return r.err.Error() }
func (r *rejection) Unwrap() error     { return r.err }
func (r *rejection) Reason() model.Msg { return r.reason }

// exchangeReasons maps each reason an import is refused for to its text.
var exchangeReasons = []struct {
	err error
	msg model.Msg
}{
	{bundle.ErrWrongRecipient, model.XchRejWrongRecipient},
	{bundle.ErrUnknownSigner, model.XchRejUnknownSigner},
	{bundle.ErrWrongSigner, model.XchRejWrongSigner},
	{bundle.ErrBadSignature, model.XchRejBadSignature},
	{bundle.ErrCorrupt, model.XchRejCorrupt},
	{bundle.ErrExpired, model.XchRejExpired},
	{bundle.ErrUnknownVersion, model.XchRejUnknownVersion},
	{bundle.ErrMalformedRecord, model.XchRejMalformed},
	{bundle.ErrTooLarge, model.XchRejTooLarge},
	{bundle.ErrReplay, model.XchRejReplay},
	{vault.ErrCheckpoint, model.XchRejCheckpoint},
	{vault.ErrNoIdentity, model.XchRejNoIdentity},
	{vault.ErrChangedSincePreview, model.XchRejChanged},
	{vault.ErrImportInterrupted, model.XchRejInterrupted},
	{bundle.ErrOutOfScope, model.XchRejOutOfScope},
	{bundle.ErrNotSenders, model.XchRejNotSenders},
	{bundle.ErrFutureDated, model.XchRejFutureDated},
}

// withReason gives err its catalogued reason when it has one.
func withReason(err error) error {
	if err == nil {
		return nil
	}
	for _, r := range exchangeReasons {
		if errors.Is(err, r.err) {
			return &rejection{reason: r.msg, err: err}
		}
	}
	return err
}
