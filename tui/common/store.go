package common

import (
	"context"
	"errors"

	"varn/model"
)

// Store is what the TUI needs from the vault. The real vault is adapted
// to it in package tui; screen tests use an in-memory fake. Every method
// may be slow (disk, AEAD) and is called only from tea.Cmds.
type Store interface {
	// Info names the open vault and its user, for the status bar.
	Info() Info
	// Get returns a record without auditing it (for internal use such as
	// link resolution); ErrNotFound if it does not exist.
	Get(ctx context.Context, id model.ID) (model.Record, error)
	// View returns a record and logs a view event in the same step.
	View(ctx context.Context, id model.ID) (model.Record, error)
	// Put creates or updates a record and its audit event together,
	// returning the record as stored (ID, version and times filled in).
	Put(ctx context.Context, r model.Record) (model.Record, error)
	// Delete deletes a record and logs it.
	Delete(ctx context.Context, id model.ID) error
	// Scan calls fn for every record of kind.
	Scan(ctx context.Context, kind model.Kind, fn func(model.Record) error) error
	// Log appends an event without a record change (view, review).
	Log(ctx context.Context, ev model.AuditEvent) error
	// AuditEvents calls fn for every audit event, oldest first.
	AuditEvents(ctx context.Context, fn func(model.AuditEvent) error) error
	// VerifyAudit checks the audit log's chain.
	VerifyAudit(ctx context.Context) (AuditState, error)
	// Setting returns a sealed setting; ok is false when it is unset.
	Setting(ctx context.Context, name string) (value []byte, ok bool, err error)
	// PutSetting stores a sealed setting.
	PutSetting(ctx context.Context, name string, value []byte) error
	// SaveDraft, Draft and DeleteDraft keep an unfinished form sealed.
	SaveDraft(ctx context.Context, name string, data []byte) error
	Draft(ctx context.Context, name string) (data []byte, ok bool, err error)
	DeleteDraft(ctx context.Context, name string) error
	// Close locks the vault: key material is zeroed and every later
	// call fails.
	Close() error
}

// Info describes the open vault.
type Info struct {
	Name string // municipality / vault name
	User string // actor: OS user and key label
	// Untrusted and Copy are what opening the vault found that the user
	// must know: this host holds no trusted checkpoint for it, or it is a
	// copy of the vault the host trusts.
	Untrusted, Copy bool
	// Created is set when the vault was just created: the App then says
	// where the vault and its state directory are.
	Created bool
	// Dir and StateDir are the vault's directory and the host's state
	// directory holding its trusted checkpoint.
	Dir, StateDir string
}

// AuditState is the result of verifying the audit log.
type AuditState struct {
	Intact bool
	Size   uint64 // number of events checked
	// BrokenAt is the sequence number of the first bad event when not
	// Intact; Reason says what is wrong with it.
	BrokenAt uint64
	Reason   string
}

// ErrNotFound is returned by Store.Get and Store.View for a record that
// does not exist (any more).
var ErrNotFound = errors.New("vault: record not found")

// Setting names used by the TUI.
const (
	// SettingAreas is the newline-separated list of geographic areas.
	SettingAreas = "areas"
	// SettingLastMeeting is the RFC 3339 time of the last weekly meeting.
	SettingLastMeeting = "last_weekly_meeting"
	// SettingLastReview is the RFC 3339 time of the last log review.
	SettingLastReview = "last_log_review"
)

// Purger is implemented by stores that can erase a case for retention
// (gallring, R4): the case and every record sealed under its key are
// deleted, leaving tombstones without personal data, the erasure is
// logged, and the case's key is destroyed. It returns the number of
// records erased.
type Purger interface {
	Purge(ctx context.Context, caseID model.ID) (int, error)
}
