//go:build unix

package vault

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// openNoFollow opens path with flag (creating it 0600), never through a
// symbolic link.
func openNoFollow(path string, flag int) (*os.File, error) {
	return os.OpenFile(path, flag|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0o600)
}

// openLockFile opens (creating it 0600 if absent) the vault's lock file
// without following a symbolic link, and checks that it is a regular file:
// the lock is taken before anyone has authenticated, so a link planted in
// the vault directory must not make varn truncate its target.
func openLockFile(path string) (*os.File, error) {
	f, err := openNoFollow(path, os.O_RDWR|os.O_CREATE)
	if errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("%s is a symbolic link, not varn's lock file: remove it and try again", path)
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file (%s): remove it and try again", path, st.Mode().Type())
	}
	return f, nil
}

// tryLock takes an exclusive, non-blocking flock on f. It reports busy when
// another process holds it.
func tryLock(f *os.File) (busy bool, err error) {
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		return true, nil
	}
	return false, err
}

// freeBytes reports the bytes available to an unprivileged user on the file
// system holding path.
func freeBytes(path string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}
