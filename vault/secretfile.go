package vault

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"filippo.io/age"
	"filippo.io/age/plugin"
)

// ErrSecretExposed is wrapped by the error [CheckSecretFile] and
// [ReadIdentityFile] return for a secret file that users other than its
// owner may read or write.
var ErrSecretExposed = errors.New("secret file is readable or writable by others")

// CheckSecretFile refuses a file holding a secret (a passphrase file, an age
// identity file) that its group or others may read or write, as ssh refuses
// such a private key: anyone else on the host could unlock the vault with
// it. path names the file in the error. Standard input and other non-regular
// files (a pipe from a password manager) have no such mode and pass.
func CheckSecretFile(f *os.File, path string) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("vault: checking %s: %w", filepath.Base(path), err)
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return nil
	}
	return fmt.Errorf("vault: %w: %s has mode %04o; run 'chmod 600 %s' and try again",
		ErrSecretExposed, filepath.Base(path), fi.Mode().Perm(), path)
}

// ReadIdentityFile reads the age identities of the file at path (see
// [ParseIdentities]) and refuses it, like [CheckSecretFile], when others
// may read it — unless every identity in it is an age plugin stub (a
// YubiKey's, say), which holds no secret.
func ReadIdentityFile(path string, ui *plugin.ClientUI) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("vault: cannot read identity file %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	ids, err := ParseIdentities(io.Reader(f), ui)
	if err != nil {
		return nil, fmt.Errorf("identity file %s: %w", filepath.Base(path), err)
	}
	for _, id := range ids {
		if _, stub := id.(*plugin.Identity); !stub {
			if err := CheckSecretFile(f, path); err != nil {
				return nil, err
			}
			break
		}
	}
	return ids, nil
}
