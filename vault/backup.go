package vault

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// A backup is one age file. Its plaintext is
//
//	"varn-backup-v1\n"
//	entries: name length (2 bytes) || name || size (8 bytes) || contents
//	    vault.json, keys/*.age, cases, and "datakey" (vault ID || data key)
//	an entry named "db" with size 0, followed by Badger's backup stream
//	    (values still sealed) to the end of the file.
const (
	backupMagic   = "varn-backup-v1\n"
	backupDataKey = "datakey"
	backupDB      = "db"
	maxBackupFile = 64 << 20
)

// Backup writes the whole vault to w as one file encrypted with age to
// recipients; with no recipients, to the vault's own age recipients (key
// files sealed to a passphrase cannot be reused: pass an
// age.ScryptRecipient to protect a backup with a passphrase). Whoever can
// decrypt the backup can open the restored vault. The backup is logged.
func (v *Vault) Backup(ctx context.Context, w io.Writer, recipients ...age.Recipient) error {
	if len(recipients) == 0 {
		us, err := v.Unlockers()
		if err != nil {
			return err
		}
		for _, u := range us {
			if u.Recipient == "" {
				continue
			}
			r, _, err := parseRecipient(u.Recipient, v.opts.PluginUI)
			if err != nil {
				return err
			}
			recipients = append(recipients, r)
		}
		if len(recipients) == 0 {
			return errors.New("vault: the vault has only a passphrase unlocker; give a recipient (-r) or a passphrase for the backup")
		}
	}
	// Hold the writer lock: the case key table and the database must match.
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	if err := v.updateLocked(func(tx *badger.Txn) error {
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionBackup})
	}); err != nil {
		return err
	}
	aw, err := age.Encrypt(w, recipients...)
	if err != nil {
		return fmt.Errorf("vault: encrypting the backup: %w", err)
	}
	bw := bufio.NewWriterSize(aw, 1<<20)
	bw.WriteString(backupMagic)
	entry := func(name string, data []byte) {
		bw.Write(binary.BigEndian.AppendUint16(nil, uint16(len(name))))
		bw.WriteString(name)
		bw.Write(binary.BigEndian.AppendUint64(nil, uint64(len(data))))
		bw.Write(data)
	}
	files := []string{headerName, casesName}
	names, err := v.keyFileNames()
	if err != nil {
		return err
	}
	for _, n := range names {
		files = append(files, filepath.Join(keysDir, n+keyFileSuffix))
	}
	for _, f := range files {
		b, err := readSmallFile(filepath.Join(v.dir, f), maxBackupFile)
		if err != nil {
			return err
		}
		entry(filepath.ToSlash(f), b)
	}
	dk := append(append([]byte{}, v.id[:]...), v.dataKey...)
	entry(backupDataKey, dk)
	zero(dk)
	entry(backupDB, nil)
	if _, err := v.db.Backup(ctxWriter{ctx, bw}, 0); err != nil {
		return fmt.Errorf("vault: writing the backup: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("vault: writing the backup: %w", err)
	}
	if err := aw.Close(); err != nil {
		return fmt.Errorf("vault: writing the backup: %w", err)
	}
	return nil
}

// ctxWriter fails writes once ctx is cancelled.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// Restore rebuilds a vault in dir (which must not exist or be empty) from a
// backup made by Backup, decrypting it with identities, and returns it open.
// The restore is logged, and the restored log's checkpoint becomes the one
// this host trusts.
func Restore(ctx context.Context, r io.Reader, dir string, identities []age.Identity, opts *Options) (*Vault, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("vault: %s is not empty; restore into a new directory", dir)
	}
	pr, err := age.Decrypt(r, identities...)
	if err != nil {
		return nil, fmt.Errorf("vault: opening the backup: %w", err)
	}
	br := bufio.NewReaderSize(pr, 1<<20)
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != backupMagic {
		return nil, errors.New("vault: not a varn backup")
	}
	// On failure, remove what Restore made: the directories it created,
	// or, when dir existed (empty), what it wrote inside.
	created := firstMissing(dir)
	if err := os.MkdirAll(filepath.Join(dir, keysDir), 0o700); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	cleanup := func() {
		if created != "" {
			os.RemoveAll(created)
			return
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
	if err := checkFree(o, dir); err != nil {
		cleanup()
		return nil, err
	}
	lock, err := acquireLock(dir, o.User, o.now())
	if err != nil {
		// Another process may be restoring here: remove only the empty
		// directories this call made.
		os.Remove(filepath.Join(dir, keysDir))
		if created != "" {
			os.Remove(dir)
		}
		return nil, err
	}
	v := &Vault{dir: dir, opts: o, lock: lock}
	fail := func(err error) (*Vault, error) {
		v.shut()
		cleanup()
		return nil, fmt.Errorf("%w (the partly restored %s was removed)", err, dir)
	}
	bad := errors.New("vault: the backup is damaged")
	var gotHeader bool
	for {
		var l [2]byte
		if _, err := io.ReadFull(br, l[:]); err != nil {
			return fail(bad)
		}
		name := make([]byte, binary.BigEndian.Uint16(l[:]))
		var sz [8]byte
		if _, err := io.ReadFull(br, name); err != nil {
			return fail(bad)
		}
		if _, err := io.ReadFull(br, sz[:]); err != nil {
			return fail(bad)
		}
		size := binary.BigEndian.Uint64(sz[:])
		if size > maxBackupFile {
			return fail(bad)
		}
		n := string(name)
		if n == backupDB {
			break
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(br, data); err != nil {
			return fail(bad)
		}
		switch {
		case n == backupDataKey:
			if len(data) != 16+keySize {
				return fail(bad)
			}
			copy(v.id[:], data[:16])
			v.dataKey = append([]byte(nil), data[16:]...)
			zero(data)
			continue
		case n == headerName || n == casesName:
			gotHeader = gotHeader || n == headerName
		case filepath.Dir(n) == keysDir && filepath.Base(n) != "." && filepath.Ext(n) == keyFileSuffix && !filepath.IsAbs(n):
		default:
			return fail(fmt.Errorf("vault: the backup holds an unexpected file %q", sanitize(n, 60)))
		}
		if err := writeFileAtomic(filepath.Join(dir, filepath.FromSlash(n)), data); err != nil {
			return fail(err)
		}
	}
	if !gotHeader || v.dataKey == nil {
		return fail(bad)
	}
	_, id, err := readHeader(dir)
	if err != nil || id != v.id {
		return fail(bad)
	}
	v.deriveKeys()
	if err := v.openDB(); err != nil {
		return fail(err)
	}
	if err := v.db.Load(ctxReader{ctx, br}, 256); err != nil {
		return fail(fmt.Errorf("vault: loading the backup: %w", err))
	}
	v.db.Close()
	v.db = nil
	// The key that unlocks: the first key file the identities open, for
	// the actor's label; the data key came from the backup itself.
	if name, _, err := v.unlockKeys(Unlock{Identities: identities}); err == nil {
		v.keyName = name
	} else {
		v.keyName = "backup"
	}
	if err := v.finishOpen(false, model.AuditEvent{Action: model.ActionRestore}); err != nil {
		return fail(err)
	}
	return v, nil
}

// firstMissing returns the outermost directory on the way to dir that does
// not exist yet ("" if dir exists), so a failed restore removes exactly
// what it created.
func firstMissing(dir string) string {
	missing := ""
	for d := dir; ; {
		if _, err := os.Lstat(d); err == nil {
			return missing
		}
		missing = d
		parent := filepath.Dir(d)
		if parent == d {
			return missing
		}
		d = parent
	}
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
