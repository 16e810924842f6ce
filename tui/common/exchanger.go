package common

import (
	"context"
	"encoding/json"
	"time"

	"varn/model"
)

// Exchanger is implemented by stores that exchange bundles with partners
// (the Utbyte screen). Like Store, every method may be slow and is called
// only from tea.Cmds.
type Exchanger interface {
	// Partners lists the partner register.
	Partners(ctx context.Context) ([]PartnerSummary, error)
	// PreviewExport says what an export would send, writing nothing.
	PreviewExport(ctx context.Context, req ExportRequest) (ExportSummary, error)
	// Export writes the bundle to req.Path (a new file, mode 0600) and
	// logs it.
	Export(ctx context.Context, req ExportRequest) (ExportSummary, error)
	// PreviewImport verifies the bundle in the file at path and says what
	// importing it would do. Nothing is written; the preview holds the
	// staged bundle until it is applied or discarded.
	PreviewImport(ctx context.Context, path string) (*ImportPreview, error)
	// Conflicts lists the conflict copies imports kept: the versions of
	// records changed on both sides that lost to the origin's.
	Conflicts(ctx context.Context) ([]ConflictCopy, error)
}

// ConflictCopy names a kept losing version of a record and how it differs
// from the record here now.
type ConflictCopy struct {
	ID   model.ID
	Kind model.Kind
	// Bundle is the start of the manifest hash of the import that kept it.
	Bundle string
	// Gone says the record is no longer here (deleted since).
	Gone bool
	// Fields are the fields in which the copy differs from the record here
	// now; none when they were made the same since.
	Fields []ConflictField
}

// ConflictField is one field in which a conflict copy differs: its
// encoded (JSON) name and both values whole, as encoded (nil where a side
// lacks the field). The screen renders them in the user's language.
type ConflictField struct {
	Name       string
	Here, Copy json.RawMessage
}

// ConflictDismisser is implemented by exchangers that can remove a
// conflict copy once the user has reviewed it (logged; the record stays).
type ConflictDismisser interface {
	DismissConflict(ctx context.Context, id model.ID, bundle string) error
}

// ExchangeRejection is implemented by errors of a refused import or export
// that name their reason in the catalogue; the error's own text is the
// one-line detail.
type ExchangeRejection interface {
	error
	Reason() model.Msg
}

// PartnerSummary is one partner of the register.
type PartnerSummary struct {
	ID          model.ID
	Name        string
	Org         model.Org
	Fingerprint string
	// CanImport says bundles from the partner can be verified (it has a
	// pinned signing key).
	CanImport  bool
	Sent       uint64
	Received   uint64
	LastExport time.Time
	LastImport time.Time
}

// ExportRequest is what the export wizard chose.
type ExportRequest struct {
	Partner      string
	Since        time.Time
	Kinds        []model.Kind
	MaxTLP       model.TLP
	IncludeCases bool
	LegalBasis   string
	Purpose      string
	// Path is the file to write (Export only).
	Path string
	// Progress, if set, is called with records done and the total.
	Progress func(done, total int)
}

// ExportSummary says what an export sends (or sent).
type ExportSummary struct {
	Partner string
	// Counts per kind of the records sent.
	Counts map[model.Kind]int
	Total  int
	// Withheld counts the records that stay, by reason.
	Withheld map[string]int
	// Redacted names per kind the fields left out of what is sent.
	Redacted map[model.Kind][]string
	// Bundle is the manifest hash (hex) and Sequence the bundle's
	// number, once written.
	Bundle   string
	Sequence uint64
}

// ImportCounts counts what an import does with the records of one kind.
type ImportCounts struct {
	New, Updated, Unchanged, Conflicting, Ignored int
}

// ImportConflict is a record changed on both sides.
type ImportConflict struct {
	ID           model.ID
	Kind         model.Kind
	Fields       []string
	KeptIncoming bool
}

// ImportPreview is a verified bundle and what importing it would do.
type ImportPreview struct {
	From        string
	Fingerprint string
	Bundle      string
	Sequence    uint64
	Created     time.Time
	Expires     time.Time
	LegalBasis  string
	Purpose     string
	Counts      map[model.Kind]ImportCounts
	Conflicts   []ImportConflict
	Ignored     map[string]int
	// CheckpointProven says the sender proved its audit log grew since
	// its previous bundle.
	CheckpointProven bool
	// Already says the bundle was imported before: nothing to do.
	Already bool
	// Apply imports the bundle; Discard drops the staged bundle. Exactly
	// one of them must be called.
	Apply   func(ctx context.Context) (map[model.Kind]ImportCounts, error)
	Discard func()
}
