package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// A vault that ages well (issue 15, docs/decisions.md §25).
//
// Badger starts a new value log file every time it opens the database and
// never writes to an older one again; it deletes only files that are
// empty, and its garbage collection rewrites only files that hold old
// values. Every session that writes a record therefore leaves a file of
// live records behind, held open (a descriptor and a memory map) by every
// later session. So when Close finds more than maxVlogFiles value log
// files, it rebuilds the store: every live key and value is copied into
// a fresh Badger directory beside db/, which is then swapped in.
//
// The swap, each step durable before the next:
//
//	db.new/            built, every file synced, then the marker written
//	db   → db.old      the old store moved aside
//	db.new → db        the new store in place
//	db.old, marker     removed
//
// recoverRebuild, run at every open before Badger opens db/, finishes or
// undoes a swap that was interrupted at any point: db/ is whole at every
// moment, or db.old/ (the previous store) or a complete db.new/ is.

// Names used while the database is rebuilt.
const (
	dbNewDir      = "db.new"
	dbOldDir      = "db.old"
	rebuiltMarker = "varn-rebuilt" // in db.new/: it is complete and synced
)

// defaultMaxVlogFiles is the number of value log files above which Close
// rebuilds the database. With the head file a session opens and the
// store's other files (tables, memtables, MANIFEST, KEYREGISTRY, DISCARD)
// the vault directory stays under 100 files.
const defaultMaxVlogFiles = 32

// maxVlogFiles is the bound in force: Options.maxVlogFiles when set (a
// negative value turns rebuilding off), else defaultMaxVlogFiles.
func (v *Vault) maxVlogFiles() int {
	if v.opts.maxVlogFiles != 0 {
		return v.opts.maxVlogFiles
	}
	return defaultMaxVlogFiles
}

// vlogFiles returns the number of value log files in the Badger directory
// dir and their total size.
func vlogFiles(dir string) (n int, size int64, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, 0, err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".vlog") {
			continue
		}
		n++
		if fi, err := e.Info(); err == nil {
			size += fi.Size()
		}
	}
	return n, size, nil
}

// rebuildIfAged rebuilds the database when it has more value log files
// than the bound. It is called by Close with the write lock held, the lock
// event logged and the checkpoint saved, so nothing is written while it
// runs. An error before the old store is closed leaves the vault as it
// was (the rebuild is tried again at the next Close), and is only logged;
// an error after it is returned: the next open finishes or undoes the
// swap.
func (v *Vault) rebuildIfAged(ctx context.Context) error {
	bound := v.maxVlogFiles()
	if bound < 0 {
		return nil
	}
	dbPath := filepath.Join(v.dir, dbDir)
	n, _, err := vlogFiles(dbPath)
	if err != nil || n <= bound {
		return nil
	}
	start := time.Now()
	if err := v.rebuildDB(ctx); err != nil {
		if v.db != nil {
			v.logf("vault: rebuilding the database of %d value log files: %v; it is tried again at the next lock", n, err)
			return nil
		}
		return fmt.Errorf("vault: rebuilding the database was interrupted (%w); every record is safe, and the next unlock finishes or undoes the rebuild", err)
	}
	v.logf("vault: database rebuilt from %d value log files in %v", n, time.Since(start).Round(time.Millisecond))
	return nil
}

func (v *Vault) logf(format string, args ...any) {
	if v.opts.Logf != nil {
		v.opts.Logf(format, args...)
	}
}

// rebuildStep runs the test hook for the named step; an error from it
// stops the rebuild there, as a crash would.
func (v *Vault) rebuildStep(name string) error {
	if v.opts.rebuildHook != nil {
		return v.opts.rebuildHook(name)
	}
	return nil
}

// rebuildDB copies every live key and value of v.db into a new store in
// db.new/, checks it holds as many keys, and swaps it in. On success v.db
// is nil (the old store is closed and gone).
func (v *Vault) rebuildDB(ctx context.Context) error {
	dbPath := filepath.Join(v.dir, dbDir)
	newPath := filepath.Join(v.dir, dbNewDir)
	oldPath := filepath.Join(v.dir, dbOldDir)

	// The new store needs about as much room as the live data of the old.
	lsm, vlog := v.db.Size()
	if o := v.opts; o.FreeSpaceReserve >= 0 {
		free, err := o.statfs(v.dir)
		if err != nil {
			return fmt.Errorf("checking free space: %w", err)
		}
		if need := uint64(o.FreeSpaceReserve + lsm + vlog); free < need {
			return fmt.Errorf("%w: %d MiB free, %d MiB needed for a copy of the database", ErrDiskFull, free>>20, need>>20)
		}
	}
	if err := os.RemoveAll(newPath); err != nil {
		return fmt.Errorf("removing an unfinished %s: %w", newPath, err)
	}
	if err := os.Mkdir(newPath, 0o700); err != nil {
		return err
	}
	if err := v.copyDB(ctx, newPath); err != nil {
		os.RemoveAll(newPath)
		return err
	}
	if err := syncTree(newPath); err != nil {
		os.RemoveAll(newPath)
		return err
	}
	if err := writeSynced(filepath.Join(newPath, rebuiltMarker), nil); err != nil {
		os.RemoveAll(newPath)
		return err
	}
	if err := syncDir(newPath); err != nil {
		os.RemoveAll(newPath)
		return err
	}
	if err := v.rebuildStep("built"); err != nil {
		return err
	}

	// From here on the old store is closed: an error is reported, and the
	// next open recovers.
	err := v.db.Close()
	v.db = nil
	if err != nil {
		return fmt.Errorf("closing the old database: %w", err)
	}
	if err := v.rebuildStep("closed"); err != nil {
		return err
	}
	if err := os.Rename(dbPath, oldPath); err != nil {
		return err
	}
	if err := syncDir(v.dir); err != nil {
		return err
	}
	if err := v.rebuildStep("moved-old"); err != nil {
		return err
	}
	if err := os.Rename(newPath, dbPath); err != nil {
		return err
	}
	if err := syncDir(v.dir); err != nil {
		return err
	}
	if err := v.rebuildStep("moved-new"); err != nil {
		return err
	}
	return finishRebuild(v.dir)
}

// copyBatch is how many keys the copy writes in one transaction: as a
// bulk import does, well within Badger's limit on a transaction, so the
// memory the copy holds is a few MiB of values at a time.
const copyBatch = 4000

// copyDB copies the live keys of v.db into a new Badger store in dir, with
// the same options and master key, and checks that the new store holds as
// many keys as were read. Each key keeps its value (still sealed) and its
// user meta byte; old versions and deleted keys are left behind. Badger
// versions are not kept: the vault does not use them.
//
// It reads with one iterator and writes transactions of copyBatch keys
// through Badger's ordinary write path, so its memory is that of a bulk
// import (three memtables and a batch). Badger's Stream into a
// StreamWriter, tried first, buffers up to 32 batches of 16 MiB between
// its readers and the writer: a rebuild of 100k records peaked at 652 MiB.
// The new store is written without a sync per transaction: rebuildDB
// syncs every file before it marks the store complete.
func (v *Vault) copyDB(ctx context.Context, dir string) error {
	ndb, err := v.openBadgerWith(dir, func(o badger.Options) badger.Options {
		return o.WithSyncWrites(false).WithCompactL0OnClose(true)
	})
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			ndb.Close()
		}
	}()
	var sent int64
	err = v.db.View(func(tx *badger.Txn) error {
		it := tx.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		wtx := ndb.NewTransaction(true)
		defer func() { wtx.Discard() }()
		// The keys and values of a batch are copied into one buffer,
		// reused once the batch is committed (Commit returns when Badger
		// has copied them into its memtable and value log).
		buf := make([]byte, 0, 4<<20)
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			start := len(buf)
			buf = append(buf, item.Key()...)
			key := buf[start:len(buf):len(buf)]
			start = len(buf)
			err := item.Value(func(val []byte) error {
				buf = append(buf, val...)
				return nil
			})
			if err != nil {
				return err
			}
			e := badger.NewEntry(key, buf[start:len(buf):len(buf)]).WithMeta(item.UserMeta())
			if err := wtx.SetEntry(e); err != nil {
				return err
			}
			sent++
			if n++; n == copyBatch {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := wtx.Commit(); err != nil {
					return err
				}
				wtx = ndb.NewTransaction(true)
				n = 0
				buf = buf[:0]
			}
		}
		return wtx.Commit()
	})
	if err != nil {
		return fmt.Errorf("copying the database: %w", err)
	}
	var got int64
	err = ndb.View(func(tx *badger.Txn) error {
		it := tx.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			got++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("checking the new database: %w", err)
	}
	if got != sent {
		return fmt.Errorf("the new database holds %d keys, %d were copied", got, sent)
	}
	closed = true
	if err := ndb.Close(); err != nil {
		return fmt.Errorf("closing the new database: %w", err)
	}
	return nil
}

// recoverRebuild finishes or undoes a rebuild of the database that was
// interrupted, before Badger opens db/. Whatever the moment of the
// interruption, one whole store is kept: db/ if it is there (a db.new/
// beside it was not swapped in yet, or was just swapped in and db.old/ is
// the superseded store); else a complete db.new/ (marker present), else
// db.old/.
func recoverRebuild(vaultDir string) error {
	dbPath := filepath.Join(vaultDir, dbDir)
	newPath := filepath.Join(vaultDir, dbNewDir)
	oldPath := filepath.Join(vaultDir, dbOldDir)
	haveDB := exists(dbPath)
	if !haveDB && !exists(newPath) && !exists(oldPath) {
		return nil
	}
	fail := func(err error) error {
		return fmt.Errorf("vault: finishing an interrupted rebuild of the database in %s: %w; restore the vault from a backup if this persists", vaultDir, err)
	}
	if !haveDB {
		from := oldPath
		if isDir(newPath) && exists(filepath.Join(newPath, rebuiltMarker)) {
			from = newPath
		}
		if !isDir(from) {
			return fail(fmt.Errorf("neither %s nor %s holds a database", dbPath, from))
		}
		if err := os.Rename(from, dbPath); err != nil {
			return fail(err)
		}
		if err := syncDir(vaultDir); err != nil {
			return fail(err)
		}
	}
	if err := finishRebuild(vaultDir); err != nil {
		return fail(err)
	}
	return nil
}

// finishRebuild removes what a rebuild leaves beside a whole db/: the
// superseded store, an unfinished new one and the marker.
func finishRebuild(vaultDir string) error {
	for _, d := range []string{dbOldDir, dbNewDir} {
		if err := os.RemoveAll(filepath.Join(vaultDir, d)); err != nil {
			return err
		}
	}
	err := os.Remove(filepath.Join(vaultDir, dbDir, rebuiltMarker))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return syncDir(vaultDir)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isDir(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.IsDir()
}

// writeSynced creates the file p with data and fsyncs it.
func writeSynced(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if serr := f.Sync(); err == nil {
		err = serr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
