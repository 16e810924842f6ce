//go:build !unix

package vault

import (
	"errors"
	"os"
)

func openNoFollow(path string, flag int) (*os.File, error) {
	return os.OpenFile(path, flag, 0o600)
}

func openLockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
}

func tryLock(f *os.File) (busy bool, err error) {
	return false, errors.New("file locking is not supported on this platform")
}

func freeBytes(path string) (uint64, error) {
	return 0, errors.New("free space check is not supported on this platform")
}
