package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ErrInUse is wrapped by the error Open and Init return when another process
// has the vault open.
var ErrInUse = errors.New("vault is in use")

// lockHolder is what the lock file records about the process holding it.
type lockHolder struct {
	User  string    `json:"user"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// InUseError says who has the vault open. It wraps ErrInUse.
type InUseError struct {
	User  string
	PID   int
	Since time.Time
}

func (e *InUseError) Error() string {
	if e.PID == 0 {
		return "vault: vault is in use by another process; close it there first"
	}
	return fmt.Sprintf("vault: vault is in use by %s (pid %d) since %s; close it there first",
		e.User, e.PID, e.Since.Local().Format("2006-01-02 15:04:05"))
}

// Unwrap returns ErrInUse.
func (e *InUseError) Unwrap() error { return ErrInUse }

// acquireLock takes the vault's lock file, so only one process at a time
// opens the vault, and records the holder in it.
func acquireLock(dir, user string, now time.Time) (*os.File, error) {
	path := filepath.Join(dir, lockName)
	f, err := openLockFile(path)
	if err != nil {
		return nil, fmt.Errorf("vault: opening lock file: %w", err)
	}
	busy, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("vault: locking %s: %w", path, err)
	}
	if busy {
		defer f.Close()
		e := &InUseError{}
		b := make([]byte, 512)
		n, _ := f.ReadAt(b, 0)
		var h lockHolder
		if json.Unmarshal(b[:n], &h) == nil && h.PID > 0 {
			e.User, e.PID, e.Since = sanitize(h.User, 64), h.PID, h.Since
		}
		return nil, e
	}
	b, _ := json.Marshal(lockHolder{User: user, PID: os.Getpid(), Since: now})
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt(append(b, '\n'), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("vault: writing lock file: %w", err)
	}
	return f, nil
}

// releaseLock empties and unlocks the lock file.
func releaseLock(f *os.File) {
	if f == nil {
		return
	}
	f.Truncate(0)
	f.Close()
}

// sanitize keeps at most n printable characters of s, for text read from
// files that may have been tampered with and ends up in a terminal.
func sanitize(s string, n int) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if len(out) == n {
			break
		}
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029 {
			r = '?'
		}
		out = append(out, r)
	}
	return string(out)
}
