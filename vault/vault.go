// Package vault keeps varn's records in an encrypted Badger database sealed
// with age, and records every change in a tamper-evident audit log.
//
// A vault is a directory:
//
//	vault.json       format version and vault ID (nothing sensitive)
//	keys/*.age       one age-encrypted key file per unlocker, each holding
//	                 the 32-byte data key
//	cases            the per-case key table, sealed under the data key
//	db/              the Badger store, encrypted at rest
//	db.new/, db.old/ only while Close rebuilds db/ (see [Vault.Close]);
//	                 the next open finishes or undoes an interrupted rebuild
//	lock             held by the one process that has the vault open
//
// Every value in Badger is also sealed with XChaCha20-Poly1305 under a key
// derived from the data key, binding the vault ID, the Badger key and the
// record version, so a changed, moved or replaced value is reported as
// tampered and never returned. Records of a case are sealed under that case's
// own key, which purging the case destroys.
//
// The format is documented in docs/vault-format.md.
//
// # Key management
//
// The data key never leaves the process except inside age key files (and
// age-encrypted backups). Close zeroes the keys varn holds. Unlock with a
// passphrase (age scrypt), X25519 or post-quantum hybrid identities, or age
// plugins; see [Open] and [Vault.AddUnlocker].
package vault

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"filippo.io/age"
	"filippo.io/age/plugin"
	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"

	"varn/model"
	"varn/vault/auditlog"
)

// Names inside a vault directory.
const (
	headerName = "vault.json"
	keysDir    = "keys"
	casesName  = "cases"
	dbDir      = "db"
	lockName   = "lock"
	failedName = "failed-unlocks"
)

// Sentinel errors. Errors returned by the package wrap one of these where it
// applies, so callers can test with errors.Is.
var (
	// ErrWrongKey means no key file could be opened with what was given.
	ErrWrongKey = errors.New("vault: wrong passphrase or not a varn vault")
	// ErrNotFound means the record, setting or draft does not exist.
	ErrNotFound = errors.New("vault: record not found")
	// ErrConflict means a record was changed since the version being
	// written was read.
	ErrConflict = errors.New("vault: record was changed by someone else since it was read")
	// ErrPartnersRecord means an update of a record received from a
	// partner: only its origin changes it; this vault's own remark goes
	// in a local note beside it (Vault.SetLocalNote).
	ErrPartnersRecord = errors.New("vault: the record is a partner's; only its origin changes it")
	// ErrTampered means a stored value failed authentication.
	ErrTampered = errors.New("vault: stored data failed authentication (tampered or corrupt)")
	// ErrClosed means the vault was closed (locked).
	ErrClosed = errors.New("vault: vault is locked; unlock it again")
	// ErrDiskFull means free space is below the reserve.
	ErrDiskFull = errors.New("vault: not enough free disk space")
	// ErrRolledBack means the vault is older than what this host saw last.
	ErrRolledBack = errors.New("vault: the vault was rolled back")
	// ErrLastUnlocker means the unlocker to remove is the only one.
	ErrLastUnlocker = errors.New("vault: cannot remove the last unlocker; add another one first")
	// ErrNotVault means the directory holds no vault.
	ErrNotVault = errors.New("vault: not a varn vault")
)

// Defaults.
const (
	// DefaultFreeSpaceReserve is the free space below which writes are
	// refused.
	DefaultFreeSpaceReserve = 64 << 20
	// MinFreeSpaceReserve is the smallest reserve a vault accepts: room
	// for Badger to write out its memtables and the tables compacted
	// from them.
	MinFreeSpaceReserve = 64 << 20
	// DefaultMaxScryptWorkFactor caps the scrypt work factor (log2 N) a key
	// file may demand when unlocking. scrypt needs 128·8·2^N bytes: varn
	// creates key files at age's default of 18 (256 MiB) and accepts up to
	// 20 (1 GiB), where age itself would accept 22 (4 GiB).
	DefaultMaxScryptWorkFactor = 20
)

// MemoryLimit is the soft limit on the Go heap that cmd/varn sets
// (debug.SetMemoryLimit) unless GOMEMLIMIT is set. Badger makes much
// short-lived garbage (a bulk import allocates several times the data it
// writes: memtables, table builders, encryption buffers); with the
// default GOGC alone the heap grows to twice what is live before a
// collection. The limit sits above what is live at the peak of a bulk
// import (table builders, memtables, the batch being imported; about 230
// MiB when the records were kept in Badger's tables, far less now that
// they are in its value log) and what a session keeps live (the 128 MiB
// block cache when full, three 8 MiB memtables, the record index), so the
// collector does not run without end; it only collects sooner.
const MemoryLimit = 320 << 20

// DefaultBlockCacheSize is Badger's block cache when Options leave it 0.
const DefaultBlockCacheSize = 128 << 20

// Options tune a vault. The zero value is ready to use.
type Options struct {
	// StateDir holds the sealed copy of the last audit checkpoint of each
	// vault, outside the vault directory, so a restored older copy of the
	// vault is noticed. Default $XDG_STATE_HOME/varn, else
	// ~/.local/state/varn.
	StateDir string
	// FreeSpaceReserve is the free space in bytes below which writes (and
	// opening the vault) are refused. 0 means DefaultFreeSpaceReserve;
	// smaller positive values are raised to MinFreeSpaceReserve; negative
	// turns the check off. Badger writes its files through mmap: on a full
	// disk a write faults and the kernel kills the process (SIGBUS), and
	// Badger writes a whole memtable (8 MiB) and the tables compacted
	// from it at a time, so the reserve must cover that.
	FreeSpaceReserve int64
	// ScryptWorkFactor is the scrypt work factor (log2 N) for new
	// passphrase key files. 0 means age's default. Tests lower it.
	ScryptWorkFactor int
	// MaxScryptWorkFactor caps the work factor accepted when unlocking.
	// 0 means DefaultMaxScryptWorkFactor.
	MaxScryptWorkFactor int
	// BlockCacheSize is the size in bytes of Badger's cache of decrypted
	// table blocks. 0 means DefaultBlockCacheSize. A caller that reads
	// records once and keeps them (the terminal app) wants a small cache;
	// one that Gets records at random (the CLI, an import) a larger one.
	BlockCacheSize int64
	// User names the OS user in audit events. Default: the current user.
	User string
	// PluginUI is used for age plugin recipients and identities. When
	// nil, plugins run without a way to ask the user anything.
	PluginUI *plugin.ClientUI
	// Logf receives Badger's warnings and errors. Nil discards them;
	// nothing is ever written to the terminal.
	Logf func(format string, args ...any)

	// Clock returns the time for records, audit events and bundles; nil
	// means time.Now. Only tests and test builds of varn set it (the
	// journeys run a simulated year); a release build never does.
	Clock func() time.Time

	// Test hooks.
	statfs func(path string) (uint64, error)
	now    func() time.Time
	// keepVersions makes Badger keep every old version and skip compaction
	// on close: the worst case for erasure, which the purge test uses.
	keepVersions bool
	// smallVlog puts values of more than 64 bytes in the value log, in
	// files of 1 MiB, so value-log garbage collection has work to do.
	smallVlog bool
	// maxVlogFiles replaces defaultMaxVlogFiles, the number of value log
	// files above which Close rebuilds the database; negative turns the
	// rebuild off (the benchmarks' aged vault without it).
	maxVlogFiles int
	// rebuildHook is called at each step of a rebuild (rebuild.go); an
	// error stops the rebuild there, as a crash would.
	rebuildHook func(step string) error
}

func (o *Options) resolve() (Options, error) {
	var r Options
	if o != nil {
		r = *o
	}
	if r.FreeSpaceReserve == 0 {
		r.FreeSpaceReserve = DefaultFreeSpaceReserve
	}
	if r.FreeSpaceReserve > 0 && r.FreeSpaceReserve < MinFreeSpaceReserve {
		r.FreeSpaceReserve = MinFreeSpaceReserve
	}
	if r.MaxScryptWorkFactor == 0 {
		r.MaxScryptWorkFactor = DefaultMaxScryptWorkFactor
	}
	if r.User == "" {
		if u, err := user.Current(); err == nil {
			r.User = u.Username
		} else {
			r.User = fmt.Sprintf("uid %d", os.Getuid())
		}
	}
	if r.StateDir == "" {
		if s := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(s) {
			r.StateDir = filepath.Join(s, "varn")
		} else if h, err := os.UserHomeDir(); err == nil {
			r.StateDir = filepath.Join(h, ".local", "state", "varn")
		} else {
			return r, errors.New("vault: no state directory: set XDG_STATE_HOME or HOME")
		}
	}
	if r.statfs == nil {
		r.statfs = freeBytes
	}
	if r.now == nil {
		r.now = r.Clock
	}
	if r.now == nil {
		r.now = time.Now
	}
	return r, nil
}

// Vault is an open, unlocked vault. Its methods are safe for concurrent use.
// Close locks it.
type Vault struct {
	dir  string
	opts Options
	id   [16]byte
	seal sealer

	// mu guards the fields below against Close; writeMu serialises writers
	// so records and the audit log change one transaction at a time.
	mu       sync.RWMutex
	writeMu  sync.Mutex
	closed   bool
	dataKey  []byte
	valueKey []byte
	stateKey []byte
	cases    *caseTable
	db       *badger.DB
	mem      *memIndex // the record index in memory, for Get (records.go)
	lock     *os.File
	signer   *auditlog.Signer
	actor    model.Actor
	keyName  string // key file that unlocked the vault

	// How this opening relates to the instance the host trusts
	// (recovery.go): no checkpoint on this host, a copy of the trusted
	// instance at copyOf (both guarded by roleMu: Trust changes them),
	// or a restore being built (no host state yet).
	roleMu    sync.Mutex
	untrusted bool
	copyOf    string
	noState   bool
	restored  *BackupInfo
}

// ID returns the vault's ID as 32 hex digits. Records created here carry it
// as their origin.
func (v *Vault) ID() string { return hex.EncodeToString(v.id[:]) }

// Dir returns the vault's directory.
func (v *Vault) Dir() string { return v.dir }

// Actor returns who is using the vault: the OS user and the label of the
// unlocker that opened it.
func (v *Vault) Actor() model.Actor { return v.actor }

// Unlock is what opens a vault: a passphrase, age identities, or both (each
// key file is tried with what applies to it).
type Unlock struct {
	Passphrase string
	Identities []age.Identity
}

// Config describes a new vault for Init.
type Config struct {
	// Passphrase, if not empty, makes a passphrase unlocker.
	Passphrase string
	// Recipients are further unlockers: age recipients (age1…, age1pq1…,
	// plugin recipients age1name1…) with a label each.
	Recipients []Recipient
	// Name is the municipality or vault name, kept sealed as a setting.
	Name string
}

// Recipient is an age recipient that can unlock the vault, with a label
// naming it for people ("Anna's YubiKey").
type Recipient struct {
	Label     string
	Recipient string
}

// Init creates a vault in dir, which must not exist or be empty, and returns
// it open. At least one unlocker (a passphrase or a recipient) is needed.
func Init(ctx context.Context, dir string, cfg Config, opts *Options) (*Vault, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if cfg.Passphrase == "" && len(cfg.Recipients) == 0 {
		return nil, errors.New("vault: a new vault needs a passphrase or at least one recipient")
	}
	// Parse every recipient before touching the disk.
	type parsed struct {
		r    age.Recipient
		meta Unlocker
	}
	var rs []parsed
	for _, r := range cfg.Recipients {
		ar, typ, err := parseRecipient(r.Recipient, o.PluginUI)
		if err != nil {
			return nil, err
		}
		if err := checkLabel(r.Label); err != nil {
			return nil, err
		}
		rs = append(rs, parsed{ar, Unlocker{Label: r.Label, Type: typ, Recipient: r.Recipient}})
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("vault: %s is not empty; choose a new directory for the vault", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("vault: creating the vault directory: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if err := checkFree(o, dir); err != nil {
		return nil, err
	}
	now := o.now()
	lock, err := acquireLock(dir, o.User, now)
	if err != nil {
		return nil, err
	}
	v := &Vault{dir: dir, opts: o, lock: lock}
	fail := func(err error) (*Vault, error) {
		v.shut()
		return nil, err
	}
	if _, err := rand.Read(v.id[:]); err != nil {
		return fail(fmt.Errorf("vault: reading random bytes: %v", err))
	}
	v.dataKey = make([]byte, keySize)
	if _, err := rand.Read(v.dataKey); err != nil {
		return fail(fmt.Errorf("vault: reading random bytes: %v", err))
	}
	v.deriveKeys()
	if err := os.Mkdir(filepath.Join(dir, keysDir), 0o700); err != nil {
		return fail(fmt.Errorf("vault: %w", err))
	}
	var unlockers []Unlocker
	if cfg.Passphrase != "" {
		u, err := v.writePassphraseKey(cfg.Passphrase, now)
		if err != nil {
			return fail(err)
		}
		unlockers = append(unlockers, u)
		v.keyName = u.Name
	}
	for _, r := range rs {
		u := r.meta
		u.Added = now.UTC()
		if u.Name, err = v.writeKeyFile(r.r, ""); err != nil {
			return fail(err)
		}
		unlockers = append(unlockers, u)
		if v.keyName == "" {
			v.keyName = u.Name
		}
	}
	v.cases = newCaseTable()
	if err := v.cases.save(v); err != nil {
		return fail(err)
	}
	if err := v.openDB(); err != nil {
		return fail(err)
	}
	v.startMemIndex()
	skey, _, err := auditlog.GenerateKey(rand.Reader, v.logName())
	if err != nil {
		return fail(err)
	}
	defer zero(skey)
	if v.signer, err = auditlog.NewSigner(skey); err != nil {
		return fail(err)
	}
	v.actor = model.Actor{User: o.User, Key: labelOf(unlockers, v.keyName)}
	err = v.update(func(tx *badger.Txn) error {
		if err := v.putInternal(tx, metaKey(metaSignKey), skey); err != nil {
			return err
		}
		for _, u := range unlockers {
			if err := v.putUnlocker(tx, u); err != nil {
				return err
			}
		}
		if cfg.Name != "" {
			if err := v.putInternal(tx, settingKey(SettingName), []byte(cfg.Name)); err != nil {
				return err
			}
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionUnlock, Detail: "vault created"})
	})
	if err != nil {
		return fail(err)
	}
	if err := writeHeader(dir, v.id, now); err != nil {
		return fail(err)
	}
	if err := v.saveState(); err != nil {
		return fail(err)
	}
	return v, nil
}

// SettingName is the setting holding the municipality or vault name.
const SettingName = "name"

// Open unlocks the vault in dir with u and opens it for this process alone.
//
// A wrong passphrase or identity returns an error wrapping ErrWrongKey and is
// recorded as a failed unlock in the audit log at the next successful
// unlock. If another process has the vault open, the error is an
// *InUseError. If the audit log is shorter than the last checkpoint this
// host saw, the error wraps ErrRolledBack.
func Open(ctx context.Context, dir string, u Unlock, opts *Options) (*Vault, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if u.Passphrase == "" && len(u.Identities) == 0 {
		return nil, errors.New("vault: give a passphrase or an identity to unlock the vault")
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	header, id, err := readHeader(dir)
	if err != nil {
		return nil, err
	}
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	if _, err := os.Lstat(filepath.Join(dir, restoringName)); err == nil {
		return nil, fmt.Errorf("vault: %s is a restore that did not finish; it never opens: remove it and restore again", dir)
	}
	lock, err := acquireLock(dir, o.User, o.now())
	if err != nil {
		return nil, err
	}
	v := &Vault{dir: dir, opts: o, lock: lock, id: id}
	fail := func(err error) (*Vault, error) {
		v.shut()
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	// Opening replays Badger's log and may write a memtable out: on a full
	// disk that would fault (SIGBUS) on every start.
	if err := checkFreeFor(o, dir, "opening the vault"); err != nil {
		return fail(err)
	}
	name, dataKey, err := v.unlockKeys(u)
	if err != nil {
		if errors.Is(err, ErrWrongKey) {
			v.noteFailedUnlock(failedReason(u))
		}
		return fail(err)
	}
	v.dataKey, v.keyName = dataKey, name
	if err := upgradeHeader(dir, header); err != nil {
		return fail(err)
	}
	if err := v.finishOpen(true, model.AuditEvent{Action: model.ActionUnlock}); err != nil {
		return fail(err)
	}
	return v, nil
}

// finishOpen opens the unlocked vault's case keys, database and checkpoint
// key, checks the external checkpoint if asked, and logs ev.
func (v *Vault) finishOpen(check bool, ev model.AuditEvent) error {
	v.deriveKeys()
	var err error
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
	if check {
		if err := v.hostRole(); err != nil {
			return err
		}
		if err := v.checkState(); err != nil {
			return err
		}
	}
	if err := v.logOpen(ev); err != nil {
		return err
	}
	if err := v.finishPurges(); err != nil {
		return err
	}
	// The memory index loads in the background once open's own work is
	// done, so it does not slow the open down.
	v.startMemIndex()
	return nil
}

// logOpen records earlier failed unlocks and this unlock, and refreshes the
// external checkpoint.
func (v *Vault) logOpen(ev model.AuditEvent) error {
	err := v.update(func(tx *badger.Txn) error {
		// A failed unlock cannot be older than the newest event already in
		// the log, nor lie in the future: the file is not authenticated.
		after, err := v.lastEventTime(tx)
		if err != nil {
			return err
		}
		failed, bad := v.readFailedUnlocks(after, v.now().Add(failedClockSkew))
		if bad > 0 {
			ev := &model.AuditEvent{Action: model.ActionFailedUnlock,
				Detail: fmt.Sprintf("%d unreadable or out-of-range lines in %s ignored", bad, failedName)}
			if err := v.appendEvent(tx, ev); err != nil {
				return err
			}
		}
		for _, f := range failed {
			ev := &model.AuditEvent{Time: f.Time, Actor: model.Actor{User: f.User}, Action: model.ActionFailedUnlock, Detail: f.Reason}
			if err := v.appendEvent(tx, ev); err != nil {
				return err
			}
		}
		return v.appendEvent(tx, &ev)
	})
	if err != nil {
		return err
	}
	os.Remove(filepath.Join(v.dir, failedName))
	return v.saveState()
}

// failedClockSkew is how far past the present a failed unlock's time may
// lie (another process's clock read a moment later).
const failedClockSkew = time.Minute

// lastEventTime returns the time of the newest audit event, or the zero
// time for an empty log.
func (v *Vault) lastEventTime(tx *badger.Txn) (time.Time, error) {
	st := auditStore{v, tx}
	h, err := auditlog.ReadHead(st)
	if err != nil || h.Size == 0 {
		return time.Time{}, err
	}
	ev, err := auditlog.Event(st, h.Size-1)
	if err != nil {
		return time.Time{}, err
	}
	return ev.Time, nil
}

func (v *Vault) deriveKeys() {
	v.seal = sealer{vaultID: v.id}
	v.valueKey = deriveKey(v.dataKey, v.id, infoValueKey)
	v.stateKey = deriveKey(v.dataKey, v.id, infoStateKey)
}

func (v *Vault) logName() string { return "varn-vault/" + v.ID() }

// openDB opens Badger with encryption at rest under a master key derived
// from the data key.
func (v *Vault) openDB() error {
	if err := recoverRebuild(v.dir); err != nil {
		return err
	}
	db, err := v.openBadger(filepath.Join(v.dir, dbDir))
	if err != nil {
		return err
	}
	v.db = db
	return nil
}

// openBadger opens the Badger store in dir with the vault's options and
// master key (db/, or the new store of a rebuild).
func (v *Vault) openBadger(dir string) (*badger.DB, error) {
	return v.openBadgerWith(dir, func(o badger.Options) badger.Options { return o })
}

// openBadgerWith is openBadger with the options changed by tune.
func (v *Vault) openBadgerWith(dir string, tune func(badger.Options) badger.Options) (*badger.DB, error) {
	master := deriveKey(v.dataKey, v.id, infoBadgerKey)
	defer zero(master)
	bo := dbOptions(dir, master, v.opts.Logf)
	if v.opts.BlockCacheSize > 0 {
		bo = bo.WithBlockCacheSize(v.opts.BlockCacheSize)
	}
	if v.opts.smallVlog {
		bo = bo.WithValueThreshold(64).WithValueLogFileSize(1 << 20)
	}
	if v.opts.keepVersions {
		bo = bo.WithNumVersionsToKeep(math.MaxInt32).WithCompactL0OnClose(false)
	}
	if v.noState {
		// A restore or drill building in its temporary directory:
		// nothing there opens before it is complete, checked, closed
		// and synced as a whole (syncTree), so no write is synced on its
		// own; and a drill's copy is thrown away, so its tables are not
		// compacted on close.
		bo = bo.WithSyncWrites(false).WithCompactL0OnClose(false)
	}
	bo = tune(bo)
	if err := checkTables(bo.Dir); err != nil {
		return nil, err
	}
	if err := dropEmptyLogFiles(bo.Dir); err != nil {
		return nil, err
	}
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("vault: opening the database in %s: %w (if the database is damaged, restore the vault from a backup)", dir, err)
	}
	return db, nil
}

// valueThreshold is the size from which a value is kept in Badger's value
// log rather than in its tables.
const valueThreshold = 256

// txnSize is what an entry of a key and a value of these lengths counts,
// with margin, against Badger's limit on the size of one transaction
// (DB.MaxBatchSize): Badger counts a value kept in the value log as a
// 12-byte pointer, and 12 bytes more per entry.
func txnSize(key, val int) int {
	if val >= valueThreshold {
		val = 12
	}
	return key + val + 32
}

// dbOptions are the Badger options of a vault's store; the benchmarks open
// raw Badger with the same options to compare like with like.
//
//   - Encryption at rest with master; Badger then needs a block and an index
//     cache. The block cache holds decrypted 4 KiB blocks: 128 MiB keeps the
//     blocks of a few hundred thousand records, so a Get after the first
//     touch costs no AES-CTR pass and no allocation for the block. Both
//     caches fill only as data is read; compactions bypass them.
//   - No compression: every value is AEAD ciphertext, which does not
//     compress, so Snappy (Badger's default) only costs time.
//   - Values of valueThreshold bytes or more (every sealed record) go to
//     the value log, smaller ones (index entries, audit hashes) stay in the
//     LSM tree. A record is then written once (to the value log) instead
//     of three times or more (the memtable's log, the level 0 table, and
//     again at each compaction), and the tables stay small enough that
//     their blocks fit the block cache: on 100k records of 600 bytes this
//     made a bulk import about a fifth faster with a third less memory,
//     and a Get faster, for a full scan about a third slower (still well
//     under its goal). Old values in the value log are rewritten away by value
//     log garbage collection (see Close).
//   - Three 8 MiB memtables (Badger's default is five of 64 MiB): each is
//     a Go allocation of its full size, and with the records in the value
//     log a memtable holds only keys, pointers and small values. A
//     transaction may hold 15% of one, counting a value in the value log
//     as a pointer, so bulk imports commit (and sync) batches of about
//     4,500 records. On the 100k import, against 16 MiB: peak resident
//     set 320 → 216 MiB at the same rate. 64 MiB value log files, so
//     garbage collection rewrites little at a time.
//   - Two compactors (Badger's default is four): each compaction builds
//     its tables in memory, so fewer at once bound the peak; two keep
//     level 0 from stalling writes during a 100k-record import.
//   - Every block's checksum is checked when it is read, and every value
//     read from the value log is checked against its entry's checksum
//     before Badger parses the entry's header, so a damaged table or value
//     log gives an error instead of garbage that Badger would parse (and
//     could panic on). The checksums are not keyed: they catch damage,
//     not a forger, whom the AEAD seal of every value catches.
//   - SyncWrites: a commit returns only once it is on disk.
//   - No conflict detection: every write transaction runs under
//     Vault.writeMu, one at a time, and records carry their own version
//     for optimistic concurrency, so Badger's tracking of the keys each
//     transaction read would only cost time.
//   - One version kept per key (Badger's default), so deleted and replaced
//     values leave the tables at compaction.
func dbOptions(dir string, master []byte, logf func(string, ...any)) badger.Options {
	return badger.DefaultOptions(dir).
		WithEncryptionKey(master).
		WithIndexCacheSize(64 << 20).
		WithBlockCacheSize(DefaultBlockCacheSize).
		WithCompression(options.None).
		WithChecksumVerificationMode(options.OnBlockRead).
		WithVerifyValueChecksum(true).
		WithMemTableSize(8 << 20).
		WithNumMemtables(3).
		WithNumCompactors(2).
		WithValueLogFileSize(64 << 20).
		WithValueThreshold(valueThreshold).
		WithSyncWrites(true).
		WithDetectConflicts(false).
		WithCompactL0OnClose(true).
		WithMetricsEnabled(false).
		WithLogger(badgerLogger{logf})
}

// dropEmptyLogFiles removes zero-length memtable and value log files
// (*.mem, *.vlog). Badger creates such a file and then sizes it; a process
// killed in between leaves an empty file, and the next badger.Open fails
// on it with "while opening fid: N err: Create a new file" (a memtable) or
// "Open existing file: …vlog err: Create a new file" (the value log file
// Badger starts at every open). An empty file holds no entry, not even the
// header, so removing it loses nothing.
func dropEmptyLogFiles(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // checkTables reported what matters; Badger creates dir
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".mem") && !strings.HasSuffix(name, ".vlog") || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Size() == 0 {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				return fmt.Errorf("vault: removing the empty file %s left by a crash: %w", name, err)
			}
		}
	}
	return nil
}

// liveTables returns the IDs of the tables that the MANIFEST in dir lists,
// or nil when it cannot be read (then every table is checked).
func liveTables(dir string) map[uint64]badger.TableManifest {
	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		return nil
	}
	defer f.Close()
	m, _, err := badger.ReplayManifestFile(f, 0, badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		return nil
	}
	return m.Tables
}

// checkTables checks that the Badger directory dir has its MANIFEST and
// KEYREGISTRY if it has either or any table, and the trailer of every table
// file, before Badger opens them: Badger reads a table's index through lengths stored at
// its end without bounds checks and panics, in a goroutine of its own, on a
// file cut short or overwritten there. The lengths must fit in the file;
// Badger itself then checks the index's checksum.
//
// A table ends with: index | index length (4) | checksum | checksum length (4).
func checkTables(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("vault: reading the database directory: %w", err)
	}
	have := map[string]bool{}
	tables := 0
	for _, e := range entries {
		have[e.Name()] = true
		if strings.HasSuffix(e.Name(), ".sst") {
			tables++
		}
	}
	// Without its MANIFEST Badger would start afresh and delete the
	// tables; without KEYREGISTRY it would make new keys and read the
	// tables with the wrong ones.
	for _, f := range []string{"MANIFEST", "KEYREGISTRY"} {
		if (tables > 0 || have["MANIFEST"] || have["KEYREGISTRY"]) && !have[f] {
			return fmt.Errorf("%w: the database file %s is missing; restore the vault from a backup", ErrTampered, filepath.Join(dir, f))
		}
	}
	live := liveTables(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sst") {
			continue
		}
		if live != nil {
			// A table the MANIFEST does not list was being written when the
			// process died; Badger deletes it at open. Only listed tables
			// hold data.
			id, err := strconv.ParseUint(strings.TrimSuffix(e.Name(), ".sst"), 10, 64)
			if _, ok := live[id]; err == nil && !ok {
				continue
			}
		}
		p := filepath.Join(dir, e.Name())
		if err := checkTable(p); err != nil {
			return fmt.Errorf("%w: the database file %s is damaged (%v); restore the vault from a backup", ErrTampered, p, err)
		}
	}
	return nil
}

func checkTable(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := fi.Size()
	u32 := func(off int64) (int64, error) {
		var b [4]byte
		if off < 0 || off+4 > size {
			return 0, errors.New("cut short")
		}
		if _, err := f.ReadAt(b[:], off); err != nil {
			return 0, err
		}
		return int64(binary.BigEndian.Uint32(b[:])), nil
	}
	pos := size - 4
	chk, err := u32(pos)
	if err != nil {
		return err
	}
	if pos -= chk + 4; pos < 0 {
		return errors.New("bad checksum length")
	}
	idx, err := u32(pos)
	if err != nil {
		return err
	}
	if pos-idx < 0 {
		return errors.New("bad index length")
	}
	return nil
}

// badgerLogger passes Badger's warnings and errors to a function, never to
// the terminal.
type badgerLogger struct{ f func(string, ...any) }

func (l badgerLogger) Errorf(f string, a ...any) {
	if l.f != nil {
		l.f("badger: error: "+f, a...)
	}
}

func (l badgerLogger) Warningf(f string, a ...any) {
	if l.f != nil {
		l.f("badger: warning: "+f, a...)
	}
}
func (badgerLogger) Infof(string, ...any)  {}
func (badgerLogger) Debugf(string, ...any) {}

// Close locks the vault: it logs the lock, saves the external checkpoint,
// closes the database and zeroes the keys varn holds. Later calls fail with
// ErrClosed. Close is idempotent.
//
// Badger starts a value log file at every open and keeps every file that
// holds a live record, so a vault used for years would gather one file per
// session. When the database has more than 32 of them, Close first rebuilds
// it: every live key and value is copied into a new store, which then
// replaces the old one (docs/decisions.md §25). An error in the rebuild
// loses nothing; if it stopped after the old store was closed, Close
// returns it and the next Open finishes or undoes the rebuild.
func (v *Vault) Close() error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return nil
	}
	var first error
	if v.db != nil {
		first = v.updateLocked(func(tx *badger.Txn) error {
			return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionLock})
		})
		if err := v.saveState(); err != nil && first == nil {
			first = err
		}
		if err := checkFree(v.opts, v.dir); err != nil {
			// Closing Badger writes its memtable out through mmap,
			// which on a full disk kills the process. Every commit
			// is already synced to Badger's log and is replayed at the
			// next open, so leave the database as a crash would.
			v.db = nil
			v.shut()
			return fmt.Errorf("%w; the vault is locked and every saved change is safe, but the database was not closed cleanly: free space, then restart varn to open it again", err)
		}
		v.collectValueLog()
		// The memory index reads the store in the background: stop it
		// before a rebuild closes the store under it.
		v.stopMemIndex()
		if err := v.rebuildIfAged(context.Background()); err != nil && first == nil {
			first = err
		}
	}
	if err := v.shut(); err != nil && first == nil {
		first = err
	}
	return first
}

// collectValueLog rewrites at most one value log file of which half or
// more is old versions of records (updated, deleted or purged), so that
// they do not pile up in the value log. Badger learns what is old as it
// compacts its tables; a file with less garbage, or none, costs nothing.
// It runs when the vault is closed, so that no session waits on it, and
// a failure only leaves the garbage for the next time.
func (v *Vault) collectValueLog() {
	err := v.db.RunValueLogGC(0.5)
	if err != nil && !errors.Is(err, badger.ErrNoRewrite) && v.opts.Logf != nil {
		v.opts.Logf("vault: value log garbage collection: %v", err)
	}
}

// shut closes the database and lock and zeroes key material.
func (v *Vault) shut() error {
	v.closed = true
	v.stopMemIndex()
	v.mem = nil
	var err error
	if v.db != nil {
		if e := v.db.Close(); e != nil {
			err = fmt.Errorf("vault: closing the database: %w", e)
		}
		v.db = nil
	}
	zero(v.dataKey)
	zero(v.valueKey)
	zero(v.stateKey)
	v.dataKey, v.valueKey, v.stateKey = nil, nil, nil
	if v.cases != nil {
		v.cases.zero()
	}
	if v.signer != nil {
		v.signer.Zero()
	}
	releaseLock(v.lock)
	v.lock = nil
	return err
}

// readLock takes the read lock and fails if the vault is closed.
func (v *Vault) readLock() error {
	v.mu.RLock()
	if v.closed {
		v.mu.RUnlock()
		return ErrClosed
	}
	return nil
}

// update runs fn in one read-write transaction, committed with a synced
// write, after checking free space. Writers are serialised.
func (v *Vault) update(fn func(tx *badger.Txn) error) error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	return v.updateLocked(fn)
}

func (v *Vault) updateLocked(fn func(tx *badger.Txn) error) error {
	if err := checkFree(v.opts, v.dir); err != nil {
		return err
	}
	tx := v.db.NewTransaction(true)
	defer tx.Discard()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("vault: committing: %w", err)
	}
	return nil
}

// view runs fn in a read-only transaction.
func (v *Vault) view(fn func(tx *badger.Txn) error) error {
	if err := v.readLock(); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	return v.db.View(fn)
}

// checkFree refuses to write when the file system holding dir has less
// free space than the reserve.
func checkFree(o Options, dir string) error {
	return checkFreeFor(o, dir, "writing")
}

// checkFreeFor is checkFree for doing what (writing, opening the vault).
func checkFreeFor(o Options, dir, what string) error {
	if o.FreeSpaceReserve < 0 {
		return nil
	}
	free, err := o.statfs(dir)
	if err != nil {
		return fmt.Errorf("vault: checking free space on %s: %w", dir, err)
	}
	if free < uint64(o.FreeSpaceReserve) {
		return fmt.Errorf("%w: only %d MiB free on %s (%d MiB needed); free space before %s",
			ErrDiskFull, free>>20, dir, o.FreeSpaceReserve>>20, what)
	}
	return nil
}

// now returns the current time for records and events.
func (v *Vault) now() time.Time { return v.opts.now().UTC() }

var _ io.Closer = (*Vault)(nil)
