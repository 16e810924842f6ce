//go:build !linux

package vault

import "os"

// HardenProcess prepares the process to hold secrets. On this platform it
// only clears the environment variables that make libraries write internals
// out (TEA_TRACE, TEA_DEBUG, AGEDEBUG); set a private umask and turn off core
// dumps in the service configuration.
func HardenProcess() error {
	for _, v := range leakyEnv {
		if err := os.Unsetenv(v); err != nil {
			return err
		}
	}
	return nil
}
