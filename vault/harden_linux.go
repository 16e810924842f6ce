//go:build linux

package vault

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// HardenProcess prepares the process to hold secrets. It sets the umask to
// 077 so every file and directory varn or Badger creates is private to the
// user, marks the process non-dumpable (no core dumps, no ptrace by other
// processes of the same user), sets RLIMIT_CORE to 0, and clears the
// environment variables that make libraries write internals out
// (TEA_TRACE, TEA_DEBUG, AGEDEBUG).
//
// Call it first thing in main, before any goroutine starts. It returns the
// first error but always attempts every step.
func HardenProcess() error {
	var first error
	note := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	unix.Umask(0o077)
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		note(fmt.Errorf("vault: turning off core dumps (prctl): %v", err))
	}
	if err := unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0}); err != nil {
		note(fmt.Errorf("vault: turning off core dumps (RLIMIT_CORE): %v", err))
	}
	for _, v := range leakyEnv {
		note(os.Unsetenv(v))
	}
	return first
}
