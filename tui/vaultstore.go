package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"filippo.io/age/plugin"

	"varn/model"
	"varn/tui/common"
	"varn/vault"
	"varn/vault/auditlog"
)

// vaultOpener opens and creates the real vault in dir.
type vaultOpener struct {
	dir  string
	opts *vault.Options

	mu   sync.Mutex
	warm *vault.ScryptMemory // prepared while a passphrase is typed
}

// PrepareUnlock implements [Preparer]: it has the memory the passphrase's
// scrypt needs touched in the background (see vault.PrepareScrypt), once
// until the next Open or Create.
func (o *vaultOpener) PrepareUnlock() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.warm == nil {
		o.warm = vault.PrepareScrypt()
	}
}

// release frees the prepared memory, if any, right before an unlock.
func (o *vaultOpener) release() {
	o.mu.Lock()
	w := o.warm
	o.warm = nil
	o.mu.Unlock()
	w.Release()
}

func newVaultOpener(dir string, opts *vault.Options) (Opener, error) {
	if dir == "" {
		return nil, errors.New("tui: no vault directory given; use --vault DIR")
	}
	return &vaultOpener{dir: dir, opts: opts}, nil
}

// Exists reports whether dir holds a vault: a directory that is not empty.
// A directory that is not a vault is reported by Open.
func (o *vaultOpener) Exists() bool {
	ents, err := os.ReadDir(o.dir)
	return err == nil && len(ents) > 0
}

// Open unlocks the vault with c. The passphrase in c is the caller's to
// zero.
func (o *vaultOpener) Open(ctx context.Context, c Credentials) (Store, error) {
	o.release()
	u, err := unlockFrom(c, o.opts)
	if err != nil {
		return nil, err
	}
	v, err := vault.Open(ctx, o.dir, u, o.opts)
	if err != nil {
		return nil, err
	}
	return newVaultStore(ctx, v), nil
}

// Create makes a new vault sealed with passphrase and opens it.
func (o *vaultOpener) Create(ctx context.Context, passphrase []byte, municipality string) (Store, error) {
	o.release()
	v, err := vault.Init(ctx, o.dir, vault.Config{Passphrase: string(passphrase), Name: municipality}, o.opts)
	if err != nil {
		return nil, err
	}
	st := newVaultStore(ctx, v)
	st.info.Created = true
	return st, nil
}

// unlockFrom turns credentials into a vault.Unlock: the passphrase (or the
// first line of the passphrase file) and the identities of the identity
// files.
func unlockFrom(c Credentials, opts *vault.Options) (vault.Unlock, error) {
	var u vault.Unlock
	pass := c.Passphrase
	if c.PassphraseFile != "" {
		b, err := readFirstLine(c.PassphraseFile)
		if err != nil {
			return u, err
		}
		defer clear(b)
		pass = b
	}
	u.Passphrase = string(pass)
	for _, path := range c.IdentityFiles {
		ids, err := vault.ReadIdentityFile(path, pluginUI(opts))
		if err != nil {
			return u, err
		}
		u.Identities = append(u.Identities, ids...)
	}
	return u, nil
}

func pluginUI(opts *vault.Options) *plugin.ClientUI {
	if opts == nil {
		return nil
	}
	return opts.PluginUI
}

// readFirstLine reads the first line of a small file.
func readFirstLine(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read passphrase file %s: %w", filepath.Base(path), errors.Unwrap(err))
	}
	defer f.Close()
	if err := vault.CheckSecretFile(f, path); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return nil, fmt.Errorf("cannot read passphrase file %s: %w", filepath.Base(path), err)
	}
	line := b
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		line = b[:i]
	}
	line = bytes.TrimSuffix(line, []byte{'\r'})
	out := append([]byte(nil), line...)
	clear(b)
	return out, nil
}

// vaultStore adapts *vault.Vault to [common.Store].
type vaultStore struct {
	v    *vault.Vault
	info common.Info
	// closing is cancelled when Close starts: long reads (a screen
	// loading 100,000 observations) stop at once instead of holding the
	// lock and the exit up until they are done.
	closing context.Context
	close   context.CancelFunc
	// obs is the observations every screen shares, read once and kept
	// current by Put and Delete here; dropped by an import or a purge
	// (which change many records) and by Close.
	obs common.ObservationCache
}

// errClosing is what a read stopped by Close returns. The App drops it:
// it is no failure to show.
var errClosing = errors.New("tui: the vault was locked while it was being read")

func newVaultStore(ctx context.Context, v *vault.Vault) *vaultStore {
	s := &vaultStore{v: v}
	s.closing, s.close = context.WithCancel(context.Background())
	a := v.Actor()
	s.info.User = a.User
	if a.Key != "" {
		s.info.User += " (" + a.Key + ")"
	}
	if name, ok, err := v.Setting(ctx, vault.SettingName); err == nil && ok {
		s.info.Name = model.SanitizeLine(string(name))
	}
	s.info.Untrusted, s.info.Copy = v.Untrusted(), v.Copy()
	s.info.Dir, s.info.StateDir = v.Dir(), v.StateDir()
	return s
}

func mapErr(err error) error {
	if errors.Is(err, vault.ErrNotFound) {
		return common.ErrNotFound
	}
	return err
}

func (s *vaultStore) Info() common.Info { return s.info }

func (s *vaultStore) Get(ctx context.Context, id model.ID) (model.Record, error) {
	r, err := s.v.Get(ctx, id)
	return r, mapErr(err)
}

func (s *vaultStore) View(ctx context.Context, id model.ID) (model.Record, error) {
	r, err := s.v.View(ctx, id)
	return r, mapErr(err)
}

// Put stores r; a saved observation goes into the shared set as well.
func (s *vaultStore) Put(ctx context.Context, r model.Record) (model.Record, error) {
	out, err := s.v.Put(ctx, r)
	if o, ok := out.(*model.Observation); ok && err == nil {
		s.obs.Put(o)
	}
	return out, err
}

// Delete deletes the record id; an observation leaves the shared set.
func (s *vaultStore) Delete(ctx context.Context, id model.ID) error {
	err := s.v.Delete(ctx, id)
	if err == nil {
		s.obs.Delete(id)
	}
	return mapErr(err)
}

// ObservationCache implements common.ObservationCacher.
func (s *vaultStore) ObservationCache() *common.ObservationCache { return &s.obs }

// bind returns ctx, also cancelled when the store starts closing.
func (s *vaultStore) bind(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.closing, cancel)
	return ctx, func() { stop(); cancel() }
}

// closed turns the error of a read stopped by Close into errClosing.
func (s *vaultStore) closed(err error) error {
	if err != nil && s.closing.Err() != nil {
		return errClosing
	}
	return err
}

func (s *vaultStore) Scan(ctx context.Context, kind model.Kind, fn func(model.Record) error) error {
	ctx, done := s.bind(ctx)
	defer done()
	return s.closed(s.v.Scan(ctx, kind, fn))
}

func (s *vaultStore) Log(ctx context.Context, ev model.AuditEvent) error { return s.v.Log(ctx, ev) }

func (s *vaultStore) AuditEvents(ctx context.Context, fn func(model.AuditEvent) error) error {
	ctx, done := s.bind(ctx)
	defer done()
	return s.closed(s.v.AuditEvents(ctx, fn))
}

func (s *vaultStore) VerifyAudit(ctx context.Context) (common.AuditState, error) {
	res, err := s.v.VerifyAudit(ctx)
	if err != nil && !errors.Is(err, auditlog.ErrTampered) {
		return common.AuditState{}, err
	}
	st := common.AuditState{Intact: res.Problem == auditlog.Intact, Size: res.Size}
	if !st.Intact {
		st.BrokenAt = res.Seq
		st.Reason = res.String()
	}
	return st, nil
}

func (s *vaultStore) Setting(ctx context.Context, name string) ([]byte, bool, error) {
	return s.v.Setting(ctx, name)
}

func (s *vaultStore) PutSetting(ctx context.Context, name string, value []byte) error {
	return s.v.PutSetting(ctx, name, value)
}

func (s *vaultStore) SaveDraft(ctx context.Context, name string, data []byte) error {
	return s.v.SaveDraft(ctx, name, data)
}

func (s *vaultStore) Draft(ctx context.Context, name string) ([]byte, bool, error) {
	return s.v.Draft(ctx, name)
}

func (s *vaultStore) DeleteDraft(ctx context.Context, name string) error {
	return s.v.DeleteDraft(ctx, name)
}

// Close stops the reads under way, drops the shared observations and
// locks the vault.
func (s *vaultStore) Close() error {
	s.close()
	s.obs.Close()
	return s.v.Close()
}

var _ common.Store = (*vaultStore)(nil)

// Purge implements common.Purger with the vault's case erasure.
func (s *vaultStore) Purge(ctx context.Context, caseID model.ID) (int, error) {
	n, err := s.v.Purge(ctx, caseID)
	// Observations sealed under the case's key went with it.
	s.obs.Invalidate()
	return n, mapErr(err)
}

var (
	_ common.Purger            = (*vaultStore)(nil)
	_ common.ObservationCacher = (*vaultStore)(nil)
)
