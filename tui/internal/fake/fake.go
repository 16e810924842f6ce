// Package fake is an in-memory [common.Store] for the TUI's tests. It
// keeps records, settings, drafts and an audit log (with a switch to
// report the log broken) and counts calls, so tests can assert that
// views and changes were audited.
package fake

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"varn/model"
	"varn/tui/common"
)

// Store is an in-memory store. The zero value is not usable; call New.
type Store struct {
	mu       sync.Mutex
	info     common.Info
	now      func() time.Time
	records  map[model.ID]model.Record
	order    []model.ID
	settings map[string][]byte
	drafts   map[string][]byte
	events   []model.AuditEvent
	closed   bool
	seq      int
	// Broken, when set, makes VerifyAudit report the log broken there.
	Broken *common.AuditState
	// FailPut makes Put fail with this error.
	FailPut error
	// FailLog makes Log fail with this error (a full disk, a broken
	// log): the screens must then show nothing they could not log.
	FailLog error
	// obs is the shared observations, kept as the real store keeps them.
	obs common.ObservationCache
}

// New returns an empty store whose clock is now.
func New(now func() time.Time) *Store {
	return &Store{
		info:     common.Info{Name: "Testkommun", User: "anna"},
		now:      now,
		records:  map[model.ID]model.Record{},
		settings: map[string][]byte{},
		drafts:   map[string][]byte{},
	}
}

var (
	_ common.Store             = (*Store)(nil)
	_ common.ObservationCacher = (*Store)(nil)
)

// ObservationCache implements common.ObservationCacher as the real store
// does: the observations are read once and shared; Put and Delete keep
// them current, Add and Purge drop them (the next load reads anew), Close
// drops them.
func (s *Store) ObservationCache() *common.ObservationCache { return &s.obs }

var errClosed = errors.New("vault: the vault is locked")

// Info implements common.Store.
func (s *Store) Info() common.Info { return s.info }

// SetInfo replaces what Info returns, for a test of what the App shows
// about the opened vault.
func (s *Store) SetInfo(i common.Info) { s.info = i }

// Closed reports whether Close was called.
func (s *Store) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Reopen makes a closed store usable again (a new unlock).
func (s *Store) Reopen() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = false
	s.obs.Reopen()
}

func (s *Store) logLocked(ev model.AuditEvent) {
	ev.Seq = uint64(len(s.events))
	if ev.Time.IsZero() {
		ev.Time = s.now()
	}
	if ev.Actor.User == "" {
		ev.Actor = model.Actor{User: s.info.User, Key: "passphrase"}
	}
	s.events = append(s.events, ev)
}

// Add stores records directly, without audit events (test set-up). It
// fills in IDs and meta when missing.
func (s *Store) Add(rs ...model.Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.obs.Invalidate()
	for _, r := range rs {
		s.fill(r)
		if _, ok := s.records[r.Base().ID]; !ok {
			s.order = append(s.order, r.Base().ID)
		}
		s.records[r.Base().ID] = r
	}
}

// AddEvents appends audit events directly (test set-up).
func (s *Store) AddEvents(evs ...model.AuditEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range evs {
		s.logLocked(ev)
	}
}

func (s *Store) fill(r model.Record) {
	m := r.Base()
	if m.ID == "" {
		s.seq++
		m.ID = model.ID(fmt.Sprintf("01K%023d", s.seq))
	}
	if m.Version == 0 {
		m.Version = 1
	}
	if m.Created.IsZero() {
		m.Created = s.now()
	}
	if m.Updated.IsZero() {
		m.Updated = m.Created
	}
	if m.Author == "" {
		m.Author = s.info.User
	}
}

// Get implements common.Store.
func (s *Store) Get(_ context.Context, id model.ID) (model.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	r, ok := s.records[id]
	if !ok {
		return nil, common.ErrNotFound
	}
	return r, nil
}

// View implements common.Store.
func (s *Store) View(ctx context.Context, id model.ID) (model.Record, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.FailLog != nil {
		// As the vault: the view and its event go together or not at all.
		return nil, s.FailLog
	}
	s.logLocked(model.AuditEvent{Action: model.ActionView, Kind: r.Kind(), Ref: id})
	return r, nil
}

// Put implements common.Store.
func (s *Store) Put(_ context.Context, r model.Record) (model.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, errClosed
	}
	if s.FailPut != nil {
		return nil, s.FailPut
	}
	m := r.Base()
	action := model.ActionCreate
	if old, ok := s.records[m.ID]; ok && m.ID != "" {
		if old.Base().Version != m.Version {
			return nil, fmt.Errorf("vault: record %s was changed by someone else (version %d, yours %d)", m.ID, old.Base().Version, m.Version)
		}
		m.Version++
		m.Updated = s.now()
		action = model.ActionUpdate
	} else {
		m.ID, m.Version, m.Created, m.Updated = "", 0, time.Time{}, time.Time{}
		s.fill(r)
		s.order = append(s.order, m.ID)
	}
	s.records[m.ID] = r
	s.logLocked(model.AuditEvent{Action: action, Kind: r.Kind(), Ref: m.ID})
	if o, ok := r.(*model.Observation); ok {
		s.obs.Put(o)
	}
	return r, nil
}

// Delete implements common.Store.
func (s *Store) Delete(_ context.Context, id model.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	r, ok := s.records[id]
	if !ok {
		return common.ErrNotFound
	}
	delete(s.records, id)
	s.logLocked(model.AuditEvent{Action: model.ActionDelete, Kind: r.Kind(), Ref: id})
	s.obs.Delete(id)
	return nil
}

// Scan implements common.Store, in insertion order.
func (s *Store) Scan(ctx context.Context, kind model.Kind, fn func(model.Record) error) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return errClosed
	}
	var rs []model.Record
	for _, id := range s.order {
		if r, ok := s.records[id]; ok && r.Kind() == kind {
			rs = append(rs, r)
		}
	}
	s.mu.Unlock()
	for _, r := range rs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// Log implements common.Store.
func (s *Store) Log(_ context.Context, ev model.AuditEvent) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	if s.FailLog != nil {
		return s.FailLog
	}
	s.logLocked(ev)
	return nil
}

// Events returns a copy of the audit log.
func (s *Store) Events() []model.AuditEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]model.AuditEvent(nil), s.events...)
}

// AuditEvents implements common.Store.
func (s *Store) AuditEvents(_ context.Context, fn func(model.AuditEvent) error) error {
	for _, ev := range s.Events() {
		if err := fn(ev); err != nil {
			return err
		}
	}
	return nil
}

// VerifyAudit implements common.Store.
func (s *Store) VerifyAudit(context.Context) (common.AuditState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Broken != nil {
		return *s.Broken, nil
	}
	return common.AuditState{Intact: true, Size: uint64(len(s.events))}, nil
}

// Setting implements common.Store.
func (s *Store) Setting(_ context.Context, name string) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.settings[name]
	return v, ok, nil
}

// PutSetting implements common.Store.
func (s *Store) PutSetting(_ context.Context, name string, v []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settings[name] = append([]byte(nil), v...)
	return nil
}

// Settings returns the names of all settings, sorted.
func (s *Store) Settings() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n []string
	for k := range s.settings {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// SaveDraft implements common.Store.
func (s *Store) SaveDraft(_ context.Context, name string, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	s.drafts[name] = append([]byte(nil), b...)
	return nil
}

// Draft implements common.Store.
func (s *Store) Draft(_ context.Context, name string) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.drafts[name]
	return b, ok, nil
}

// DeleteDraft implements common.Store.
func (s *Store) DeleteDraft(_ context.Context, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.drafts, name)
	return nil
}

// Close implements common.Store.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.obs.Close()
	return nil
}

// Purge implements common.Purger: the case and every record sealed under
// its key are deleted and one purge event is logged.
func (s *Store) Purge(_ context.Context, caseID model.ID) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, errClosed
	}
	r, ok := s.records[caseID]
	if !ok {
		return 0, common.ErrNotFound
	}
	if r.Kind() != model.KindCase {
		return 0, fmt.Errorf("vault: %s is a %s, not a case", caseID, r.Kind())
	}
	n := 0
	defer s.obs.Invalidate()
	for id, x := range s.records {
		if c, ok := model.CaseKeyOf(x); ok && c == caseID {
			delete(s.records, id)
			n++
		}
	}
	s.logLocked(model.AuditEvent{Action: model.ActionPurge, Kind: model.KindCase, Ref: caseID, Detail: fmt.Sprintf("%d records erased", n)})
	return n, nil
}

var _ common.Purger = (*Store)(nil)
