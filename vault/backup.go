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
	"strings"
	"time"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"varn/model"
	"varn/vault/auditlog"
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

// BackupInfo describes a backup as a restore or a drill found it.
type BackupInfo struct {
	// VaultID is the ID of the vault the backup holds.
	VaultID string
	// Checkpoint is the head of the backup's audit log: the point of the
	// vault's lineage the backup holds.
	Checkpoint auditlog.Head
	// Taken is the time of the backup's newest audit event (the backup
	// itself).
	Taken time.Time
	// HostCheckpoint is the size of the newest checkpoint this host holds
	// for the vault, or 0 when it holds none (HostKnown false).
	HostCheckpoint uint64
	HostKnown      bool
	// Behind is how many audit events the backup is behind HostCheckpoint.
	Behind uint64
	// Records counts the backup's records per kind, each one opened and
	// authenticated.
	Records map[model.Kind]int
	// Purged lists the cases this host purged that the backup still holds:
	// a recovery erased them again; a drill reports that it would.
	Purged []model.ID
	// PurgesUnknown is true when this host holds no record of the
	// vault's purges (a new host, a lost state directory, purges made
	// before varn recorded them): purges made after Taken must be run
	// again.
	PurgesUnknown bool
}

// Restore recovers a vault in dir (which must not exist or be empty) from a
// backup made by Backup, decrypting it with identities, and returns it open;
// Restored describes what it found. It is for a vault that is lost or
// damaged: while the host's trusted instance of the same vault still exists
// (see docs/vault-format.md) the error wraps ErrLiveVault — a rehearsal is
// VerifyBackup.
//
// The vault is built in a temporary directory beside dir, checked (the
// audit log, every record) and renamed to dir only when complete, so a
// restore cut short at any point leaves nothing at dir. The restore is
// logged with the backup's checkpoint and continues the audit lineage; this
// host then trusts the restored vault. Cases this host purged after the
// backup are purged again.
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
	parent := filepath.Dir(dir)
	created := firstMissing(parent)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	removeStale(parent, restoreTempPrefix)
	tmp, err := os.MkdirTemp(parent, restoreTempPrefix+filepath.Base(dir)+"-")
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	fail := func(v *Vault, err error) (*Vault, error) {
		if v != nil {
			v.shut()
		}
		os.RemoveAll(tmp)
		if created != "" {
			os.RemoveAll(created)
		}
		return nil, fmt.Errorf("%w (the partly restored %s was removed)", err, dir)
	}
	v, err := build(ctx, r, tmp, identities, o, dir)
	if err != nil {
		return fail(v, err)
	}
	// The host trusts the restored vault from here on; the checkpoint is
	// saved before the rename, so the vault never sits at dir untrusted.
	v.noState = false
	v.dir = dir
	if err := v.saveState(); err != nil {
		return fail(v, err)
	}
	v.stopMemIndex()
	if err := v.db.Close(); err != nil {
		v.db = nil
		return fail(v, fmt.Errorf("vault: closing the restored database: %w", err))
	}
	v.db = nil
	releaseLock(v.lock)
	v.lock = nil
	if err := syncTree(tmp); err != nil {
		return fail(v, fmt.Errorf("vault: writing the restored vault to disk: %w", err))
	}
	if err := os.Remove(filepath.Join(tmp, restoringName)); err != nil {
		return fail(v, err)
	}
	os.Remove(dir) // empty, or absent
	if err := os.Rename(tmp, dir); err != nil {
		return fail(v, fmt.Errorf("vault: moving the restored vault into place: %w", err))
	}
	syncDir(parent)
	if v.lock, err = acquireLock(dir, o.User, o.now()); err != nil {
		v.shut()
		return nil, err
	}
	if err := v.openDB(); err != nil {
		v.shut()
		return nil, err
	}
	v.startMemIndex()
	return v, nil
}

// Restored describes the backup the vault was restored from, or is nil
// when it was opened with Open or Init.
func (v *Vault) Restored() *BackupInfo { return v.restored }

// VerifyBackup rehearses a restore (a drill): it restores the backup into
// a temporary directory of its own (mode 0700, under os.TempDir), checks
// the audit log and opens every record, reports, and removes the
// directory, also on error or cancellation. It never writes anything of
// the live vault or of this host's state: it only reads the host's
// checkpoint to say how far behind it the backup is.
func VerifyBackup(ctx context.Context, r io.Reader, identities []age.Identity, opts *Options) (*BackupInfo, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	removeStale(os.TempDir(), drillTempPrefix)
	root, err := os.MkdirTemp("", drillTempPrefix)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	defer os.RemoveAll(root)
	// The drill holds a lock on its directory from the start, so a later
	// drill tells a running one from one killed at any moment.
	hold, err := acquireLock(root, o.User, o.now())
	if err != nil {
		return nil, err
	}
	defer releaseLock(hold)
	v, err := build(ctx, r, filepath.Join(root, "vault"), identities, o, "")
	if v != nil {
		defer v.shut()
	}
	if err != nil {
		return nil, err
	}
	return v.restored, nil
}

// Names of the temporary directories of restores and drills. A directory
// left by a killed process is removed by the next restore or drill.
const (
	restoreTempPrefix = ".varn-restore-"
	drillTempPrefix   = "varn-drill-"
)

// removeStale removes directories named prefix* in parent that no process
// holds: left by a restore or drill that was killed.
func removeStale(parent, prefix string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		d := filepath.Join(parent, e.Name())
		// A drill locks its directory as soon as it is made: one without
		// a lock was killed in that instant. A restore's directory is
		// locked once its vault is, so one without a lock is given a
		// minute.
		if !staleTemp(d, prefix == drillTempPrefix) {
			continue
		}
		os.RemoveAll(d)
	}
}

// staleTemp reports whether the restore or drill directory dir is held by
// no process: its lock is free, or it has no lock and either unlocked
// means stale or it is older than a minute.
func staleTemp(dir string, unlocked bool) bool {
	p := filepath.Join(dir, lockName)
	fi, err := os.Lstat(p)
	if err == nil && !fi.Mode().IsRegular() {
		return false // not ours to judge: leave it
	}
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		if unlocked {
			return true
		}
		fi, serr := os.Lstat(dir)
		return serr != nil || time.Since(fi.ModTime()) > time.Minute
	}
	defer f.Close()
	busy, err := tryLock(f)
	return err == nil && !busy
}

// build restores the backup into the new directory tmp, marked as a
// restore in progress, verifies it and returns it open, without host
// state. target is where a recovery will put it ("" for a drill): a
// recovery is refused while the host's trusted instance exists, and
// re-applies this host's purges and logs the restore.
func build(ctx context.Context, r io.Reader, tmp string, identities []age.Identity, o Options, target string) (*Vault, error) {
	if err := os.MkdirAll(filepath.Join(tmp, keysDir), 0o700); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if err := os.Chmod(tmp, 0o700); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(tmp, restoringName), nil); err != nil {
		return nil, err
	}
	if err := checkFree(o, tmp); err != nil {
		return nil, err
	}
	lock, err := acquireLock(tmp, o.User, o.now())
	if err != nil {
		return nil, err
	}
	v := &Vault{dir: tmp, opts: o, lock: lock, noState: true}
	if err := v.load(ctx, r, identities, target); err != nil {
		return v, err
	}
	info, err := v.checkRestored(ctx)
	if err != nil {
		return v, err
	}
	v.restored = info
	if target == "" {
		return v, nil
	}
	detail := fmt.Sprintf("restored from a backup of %s at checkpoint %s", info.Taken.Format(time.RFC3339), info.Checkpoint)
	if info.HostKnown {
		detail += fmt.Sprintf("; %d events behind this host's last checkpoint (%d events)", info.Behind, info.HostCheckpoint)
	} else {
		detail += "; this host held no checkpoint of the vault"
	}
	if err := v.Log(ctx, model.AuditEvent{Action: model.ActionRestore, Detail: detail}); err != nil {
		return v, err
	}
	for _, id := range info.Purged {
		if _, err := v.Purge(ctx, id); err != nil {
			return v, fmt.Errorf("vault: purging case %s again, as this host purged it after the backup: %w", id, err)
		}
	}
	return v, nil
}

// load decrypts the backup into v's directory and opens the database.
// A recovery (target set) stops as soon as the vault's ID is known if the
// host's trusted instance of it still exists.
func (v *Vault) load(ctx context.Context, r io.Reader, identities []age.Identity, target string) error {
	pr, err := age.Decrypt(r, identities...)
	if err != nil {
		return fmt.Errorf("vault: opening the backup: %w", err)
	}
	br := bufio.NewReaderSize(pr, 1<<20)
	magic := make([]byte, len(backupMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != backupMagic {
		return errors.New("vault: not a varn backup")
	}
	bad := errors.New("vault: the backup is damaged")
	var gotHeader bool
	for {
		var l [2]byte
		if _, err := io.ReadFull(br, l[:]); err != nil {
			return bad
		}
		name := make([]byte, binary.BigEndian.Uint16(l[:]))
		var sz [8]byte
		if _, err := io.ReadFull(br, name); err != nil {
			return bad
		}
		if _, err := io.ReadFull(br, sz[:]); err != nil {
			return bad
		}
		size := binary.BigEndian.Uint64(sz[:])
		if size > maxBackupFile {
			return bad
		}
		n := string(name)
		if n == backupDB {
			break
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(br, data); err != nil {
			return bad
		}
		switch {
		case n == backupDataKey:
			if len(data) != 16+keySize {
				return bad
			}
			copy(v.id[:], data[:16])
			v.dataKey = append([]byte(nil), data[16:]...)
			zero(data)
			v.deriveKeys()
			if target != "" {
				if err := v.checkNoLive(target); err != nil {
					return err
				}
			}
			continue
		case n == headerName || n == casesName:
			gotHeader = gotHeader || n == headerName
		case filepath.Dir(n) == keysDir && filepath.Base(n) != "." && filepath.Ext(n) == keyFileSuffix && !filepath.IsAbs(n):
		default:
			return fmt.Errorf("vault: the backup holds an unexpected file %q", sanitize(n, 60))
		}
		if err := writeFileAtomic(filepath.Join(v.dir, filepath.FromSlash(n)), data); err != nil {
			return err
		}
	}
	if !gotHeader || v.dataKey == nil {
		return bad
	}
	_, id, err := readHeader(v.dir)
	if err != nil || id != v.id {
		return bad
	}
	v.deriveKeys()
	if err := v.openDB(); err != nil {
		return err
	}
	if err := v.db.Load(ctxReader{ctx, br}, 256); err != nil {
		return fmt.Errorf("vault: loading the backup: %w", err)
	}
	// age authenticates each chunk as it is read: read to the end so a
	// damaged last chunk is noticed.
	if _, err := io.Copy(io.Discard, br); err != nil {
		return fmt.Errorf("vault: loading the backup: %w", err)
	}
	err = v.db.Close()
	v.db = nil
	if err != nil {
		return fmt.Errorf("vault: loading the backup: %w", err)
	}
	// The key that unlocks: the first key file the identities open, for
	// the actor's label; the data key came from the backup itself.
	if name, _, err := v.unlockKeys(Unlock{Identities: identities}); err == nil {
		v.keyName = name
	} else {
		v.keyName = "backup"
	}
	if v.cases, err = loadCaseTable(v); err != nil {
		return err
	}
	if err := v.openDB(); err != nil {
		return err
	}
	if err := v.loadSigner(); err != nil {
		return err
	}
	ul, err := v.Unlockers()
	if err != nil {
		return err
	}
	v.actor = model.Actor{User: v.opts.User, Key: labelOf(ul, v.keyName)}
	v.startMemIndex()
	return nil
}

// checkNoLive refuses a recovery while the host's trusted instance of the
// vault exists, or while the host trusts a checkpoint of it without
// knowing where the instance is (state written by an older varn).
func (v *Vault) checkNoLive(target string) error {
	home, err := v.readHome(v.opts.StateDir)
	if err != nil {
		return err
	}
	const drill = "to test a backup, run 'varn backup verify FILE', which touches nothing of the live vault"
	if home != "" && home != target && holdsVault(home, v.id) {
		return fmt.Errorf("%w at %s: restoring a second copy of it would fork it; %s; to replace a damaged vault, move its directory aside first", ErrLiveVault, sanitize(home, 200), drill)
	}
	if home == "" {
		if _, err := os.Lstat(v.statePath()); err == nil {
			return fmt.Errorf("%w: this host trusts a checkpoint of it (%s) but does not know where it lives (state from an older varn): open the live vault once with this varn, or, if it is lost, move that file aside and restore again; %s", ErrLiveVault, v.statePath(), drill)
		}
	}
	return nil
}

// checkRestored verifies the restored audit log and every record, and
// compares the backup with what this host knows of the vault.
func (v *Vault) checkRestored(ctx context.Context) (*BackupInfo, error) {
	info := &BackupInfo{VaultID: v.ID(), Records: map[model.Kind]int{}}
	// The audit log is checked while the records are read: both are
	// bound by decryption, so they use two cores where there are two.
	audit := make(chan error, 1)
	go func() { audit <- v.checkRestoredLog(ctx, info) }()
	for _, k := range model.AllKinds() {
		err := v.Scan(ctx, k, func(model.Record) error {
			info.Records[k]++
			return nil
		})
		if err != nil {
			<-audit
			return nil, fmt.Errorf("vault: the backup's %s records: %w", k, err)
		}
	}
	if err := <-audit; err != nil {
		return nil, err
	}
	cp, err := v.readState()
	if err != nil {
		return nil, err
	}
	if cp != nil {
		info.HostKnown, info.HostCheckpoint = true, cp.Size
		if cp.Size > info.Checkpoint.Size {
			info.Behind = cp.Size - info.Checkpoint.Size
		}
	}
	purged, err := v.purgedCases(v.opts.StateDir)
	if err != nil {
		return nil, err
	}
	// No record at all: a new host, a lost state directory, or purges
	// made by a varn that did not record them.
	info.PurgesUnknown = purged == nil
	for _, id := range purged {
		live, err := v.liveCase(id)
		if err != nil {
			return nil, err
		}
		if live {
			info.Purged = append(info.Purged, id)
		}
	}
	return info, nil
}

// checkRestoredLog verifies the restored audit log in itself and notes
// its head and the time of its newest event in info.
func (v *Vault) checkRestoredLog(ctx context.Context, info *BackupInfo) error {
	return v.view(func(tx *badger.Txn) error {
		st := auditStore{v, tx}
		res, err := auditlog.Verify(ctx, st, nil)
		if err != nil {
			return fmt.Errorf("vault: the backup's audit log is not intact: %w (%s)", err, res)
		}
		if info.Checkpoint, err = auditlog.ReadHead(st); err != nil {
			return err
		}
		if info.Checkpoint.Size > 0 {
			ev, err := auditlog.Event(st, info.Checkpoint.Size-1)
			if err != nil {
				return err
			}
			info.Taken = ev.Time
		}
		return nil
	})
}

// syncTree syncs every file and directory under dir, so that a restore
// built without synced writes is on disk before it is renamed into place.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !d.Type().IsRegular() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil && !d.IsDir() {
			return err // a directory cannot be synced everywhere (Windows)
		}
		return nil
	})
}
