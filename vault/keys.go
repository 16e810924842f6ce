package vault

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"filippo.io/age/armor"
	"filippo.io/age/plugin"
	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// The vault header, vault.json. It holds nothing sensitive.
type vaultHeader struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
}

// Vault format versions. Version 2 stores a record at version 1 without
// an index entry (docs/decisions.md §17); a varn that reads only version 1
// would take such records for tampered ones, so it must refuse the vault.
// Version 1 vaults are read as they are and marked version 2 at the first
// unlock (upgradeHeader), before anything is written.
const (
	headerFormat     = "varn-vault"
	headerVersion    = 2
	minHeaderVersion = 1
)

func writeHeader(dir string, id [16]byte, now time.Time) error {
	return writeHeaderVersion(dir, vaultHeader{ID: hex.EncodeToString(id[:]), Created: now.UTC().Truncate(time.Second)})
}

// writeHeaderVersion writes h as the vault's header, at this varn's
// format and version.
func writeHeaderVersion(dir string, h vaultHeader) error {
	h.Format, h.Version = headerFormat, headerVersion
	b, _ := json.MarshalIndent(h, "", "  ")
	return writeFileAtomic(filepath.Join(dir, headerName), append(b, '\n'))
}

// upgradeHeader marks a vault whose header h (as read by readHeader) is
// of an older format version as this one's, keeping its ID and creation
// time. It is called once the vault is unlocked and locked against other
// processes.
func upgradeHeader(dir string, h vaultHeader) error {
	if h.Version >= headerVersion {
		return nil
	}
	if err := writeHeaderVersion(dir, h); err != nil {
		return fmt.Errorf("vault: marking the vault as format version %d: %w", headerVersion, err)
	}
	return nil
}

// readHeader reads and checks the vault's header, returning it and the
// vault ID it names.
func readHeader(dir string) (vaultHeader, [16]byte, error) {
	var id [16]byte
	var h vaultHeader
	path := filepath.Join(dir, headerName)
	b, err := readSmallFile(path, 4<<10)
	if errors.Is(err, os.ErrNotExist) {
		if _, kerr := os.Stat(filepath.Join(dir, keysDir)); kerr == nil {
			return h, id, fmt.Errorf("%w: %s has key files but no %s: the vault is damaged; restore it from a backup", ErrNotVault, dir, headerName)
		}
		return h, id, fmt.Errorf("%w: %s has no %s; create a vault with 'varn init'", ErrNotVault, dir, headerName)
	}
	if err != nil {
		return h, id, err
	}
	if err := json.Unmarshal(b, &h); err != nil || h.Format != headerFormat {
		return h, id, fmt.Errorf("%w: %s is damaged", ErrNotVault, path)
	}
	if h.Version < minHeaderVersion || h.Version > headerVersion {
		return h, id, fmt.Errorf("vault: %s has format version %d, this varn reads versions %d to %d; use a matching varn", dir, h.Version, minHeaderVersion, headerVersion)
	}
	raw, err := hex.DecodeString(h.ID)
	if err != nil || len(raw) != 16 {
		return h, id, fmt.Errorf("%w: %s has a malformed vault ID", ErrNotVault, path)
	}
	copy(id[:], raw)
	return h, id, nil
}

// checkDir refuses a vault that other users could have tampered with or
// could tamper with while it is open: a vault directory, keys/ or db/
// writable by the group or by everyone, and key files that are symbolic
// links (which could point anywhere). Each refusal names the fix. A vault
// directory that is itself reached through a symbolic link is fine.
func checkDir(dir string) error {
	for _, d := range []string{dir, filepath.Join(dir, keysDir), filepath.Join(dir, dbDir)} {
		stat := os.Lstat
		if d == dir {
			stat = os.Stat
		}
		fi, err := stat(d)
		if d != dir && errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("vault: %w", err)
		}
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			return fmt.Errorf("vault: %s is a symbolic link; varn refuses it: replace it with the directory itself", d)
		case !fi.IsDir():
			return fmt.Errorf("%w: %s is not a directory", ErrNotVault, d)
		case fi.Mode().Perm()&0o002 != 0:
			return fmt.Errorf("vault: %s is writable by every user; run 'chmod 700 %s' and check its contents", d, d)
		case fi.Mode().Perm()&0o020 != 0:
			return fmt.Errorf("vault: %s is writable by other users of its group; run 'chmod 700 %s' and check its contents", d, d)
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, keysDir))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("vault: reading the key files: %w", err)
	}
	for _, e := range entries {
		if e.Type()&os.ModeSymlink != 0 {
			p := filepath.Join(dir, keysDir, e.Name())
			return fmt.Errorf("vault: key file %s is a symbolic link; varn refuses it: replace it with the file itself (cp --remove-destination \"$(readlink -f %s)\" %s) or remove it", p, p, p)
		}
	}
	return nil
}

// readSmallFile reads a regular file of at most limit bytes, refusing
// symbolic links.
func readSmallFile(path string, limit int64) ([]byte, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		return nil, fmt.Errorf("vault: %s is a symbolic link; varn refuses it (replace it with the file itself)", path)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("vault: %s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("vault: reading %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("vault: %s is larger than %d bytes; it is not a varn file", path, limit)
	}
	return b, nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, syncing the file and the directory, so path holds either the
// old or the new contents after a crash.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("vault: writing %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("vault: writing %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("vault: writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("vault: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("vault: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("vault: writing %s: %w", path, err)
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("vault: syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("vault: syncing %s: %w", dir, err)
	}
	return nil
}

// Key files. The plaintext of each is keyMagic || vault ID || data key.
const (
	keyMagic        = "varn-key-v1\n"
	keyPlainLen     = len(keyMagic) + 16 + keySize
	maxKeyFileSize  = 64 << 10
	passphraseName  = "passphrase"
	keyFileSuffix   = ".age"
	maxLabelLen     = 100
	maxRecipientLen = 4 << 10
)

// readAgeFile is the key-file reading path: it decrypts an age file (binary
// or armored) with ids and returns at most limit bytes of plaintext,
// authenticating all of it.
func readAgeFile(src io.Reader, limit int64, ids ...age.Identity) ([]byte, error) {
	br := bufio.NewReader(src)
	var in io.Reader = br
	start, _ := br.Peek(len(armor.Header) + 64)
	if bytes.HasPrefix(bytes.TrimLeft(start, " \t\r\n"), []byte(armor.Header)) {
		in = armor.NewReader(br)
	}
	r, err := age.Decrypt(in, ids...)
	if err != nil {
		return nil, err
	}
	pt, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(pt)) > limit {
		return nil, fmt.Errorf("plaintext is longer than %d bytes", limit)
	}
	return pt, nil
}

func (v *Vault) keyPlain() []byte {
	b := make([]byte, 0, keyPlainLen)
	b = append(b, keyMagic...)
	b = append(b, v.id[:]...)
	return append(b, v.dataKey...)
}

// parseKeyPlain checks a key file's plaintext and returns a copy of the data
// key.
func parseKeyPlain(pt []byte, id [16]byte) ([]byte, error) {
	if len(pt) != keyPlainLen || string(pt[:len(keyMagic)]) != keyMagic {
		return nil, errors.New("not a varn key file")
	}
	if subtle.ConstantTimeCompare(pt[len(keyMagic):len(keyMagic)+16], id[:]) != 1 {
		return nil, errors.New("key file belongs to another vault")
	}
	return bytes.Clone(pt[len(keyMagic)+16:]), nil
}

func (v *Vault) keyPath(name string) string {
	return filepath.Join(v.dir, keysDir, name+keyFileSuffix)
}

// writeKeyFile seals the data key to r in a new key file and returns its
// name (random, or name if given).
func (v *Vault) writeKeyFile(r age.Recipient, name string) (string, error) {
	if name == "" {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("vault: reading random bytes: %v", err)
		}
		name = hex.EncodeToString(b[:])
	}
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return "", fmt.Errorf("vault: sealing the key file: %w", err)
	}
	pt := v.keyPlain()
	defer zero(pt)
	if _, err := w.Write(pt); err != nil {
		return "", fmt.Errorf("vault: sealing the key file: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("vault: sealing the key file: %w", err)
	}
	if err := writeFileAtomic(v.keyPath(name), buf.Bytes()); err != nil {
		return "", err
	}
	return name, nil
}

func (v *Vault) writePassphraseKey(pass string, now time.Time) (Unlocker, error) {
	r, err := age.NewScryptRecipient(pass)
	if err != nil {
		return Unlocker{}, fmt.Errorf("vault: %w", err)
	}
	if v.opts.ScryptWorkFactor > 0 {
		r.SetWorkFactor(v.opts.ScryptWorkFactor)
	}
	if _, err := v.writeKeyFile(r, passphraseName); err != nil {
		return Unlocker{}, err
	}
	return Unlocker{Name: passphraseName, Label: "passphrase", Type: TypePassphrase, Added: now.UTC()}, nil
}

// keyFileNames lists the key files, passphrase first.
func (v *Vault) keyFileNames() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(v.dir, keysDir))
	if err != nil {
		return nil, fmt.Errorf("vault: reading the key files: %w", err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || !strings.HasSuffix(n, keyFileSuffix) {
			continue
		}
		names = append(names, strings.TrimSuffix(n, keyFileSuffix))
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == passphraseName) != (names[j] == passphraseName) {
			return names[i] == passphraseName
		}
		return names[i] < names[j]
	})
	return names, nil
}

// unlockKeys tries the key files with u and returns the name of the one that
// opened and the data key.
func (v *Vault) unlockKeys(u Unlock) (string, []byte, error) {
	names, err := v.keyFileNames()
	if err != nil {
		return "", nil, err
	}
	var other error
	for _, name := range names {
		var ids []age.Identity
		if name == passphraseName {
			if u.Passphrase == "" {
				continue
			}
			si, err := age.NewScryptIdentity(u.Passphrase)
			if err != nil {
				return "", nil, fmt.Errorf("vault: %w", err)
			}
			si.SetMaxWorkFactor(v.opts.MaxScryptWorkFactor)
			ids = []age.Identity{si}
		} else {
			if len(u.Identities) == 0 {
				continue
			}
			ids = u.Identities
		}
		data, err := readSmallFile(v.keyPath(name), maxKeyFileSize)
		if err != nil {
			other = err
			continue
		}
		pt, err := readAgeFile(bytes.NewReader(data), int64(keyPlainLen), ids...)
		if err != nil {
			var nm *age.NoIdentityMatchError
			if !errors.Is(err, age.ErrIncorrectIdentity) && !errors.As(err, &nm) {
				other = fmt.Errorf("key file %s: %v", name, err)
			}
			continue
		}
		key, err := parseKeyPlain(pt, v.id)
		zero(pt)
		if err != nil {
			other = fmt.Errorf("key file %s: %v", name, err)
			continue
		}
		return name, key, nil
	}
	if other != nil {
		return "", nil, fmt.Errorf("%w (%v)", ErrWrongKey, other)
	}
	return "", nil, ErrWrongKey
}

// Unlocker types.
const (
	TypePassphrase = "passphrase"
	TypeX25519     = "x25519"
	TypeHybrid     = "pq-hybrid"
	TypePlugin     = "plugin"
)

// Unlocker describes one way to open the vault: a key file and what it is
// sealed to.
type Unlocker struct {
	// Name identifies the key file ("passphrase" or 16 hex digits).
	Name string `json:"name"`
	// Label names the unlocker for people; it appears in audit events.
	Label string `json:"label"`
	// Type is TypePassphrase, TypeX25519, TypeHybrid or TypePlugin.
	Type string `json:"type"`
	// Recipient is the public age recipient, empty for a passphrase.
	Recipient string    `json:"recipient,omitempty"`
	Added     time.Time `json:"added"`
}

// parseRecipient parses an age recipient string: X25519 (age1…), hybrid
// post-quantum (age1pq1…) or plugin (age1name1…).
func parseRecipient(s string, ui *plugin.ClientUI) (age.Recipient, string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil, "", errors.New("vault: empty recipient")
	case len(s) > maxRecipientLen:
		return nil, "", errors.New("vault: recipient is too long")
	case strings.HasPrefix(s, "age1pq1"):
		r, err := age.ParseHybridRecipient(s)
		if err != nil {
			return nil, "", fmt.Errorf("vault: malformed post-quantum recipient: %v", err)
		}
		return r, TypeHybrid, nil
	case strings.HasPrefix(s, "age1") && strings.Count(s, "1") >= 2 && !isX25519(s):
		r, err := plugin.NewRecipient(s, ui)
		if err != nil {
			return nil, "", fmt.Errorf("vault: malformed plugin recipient: %v", err)
		}
		return r, TypePlugin + ":" + r.Name(), nil
	case strings.HasPrefix(s, "age1"):
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, "", fmt.Errorf("vault: malformed recipient: %v", err)
		}
		return r, TypeX25519, nil
	}
	return nil, "", errors.New("vault: unknown recipient type; give an age recipient (age1…)")
}

func isX25519(s string) bool {
	_, err := age.ParseX25519Recipient(s)
	return err == nil
}

// ParseIdentities reads age identities, as in an `age -i` file: X25519
// (AGE-SECRET-KEY-1…), post-quantum hybrid (AGE-SECRET-KEY-PQ-1…) and plugin
// identities (AGE-PLUGIN-…), one a line; '#' comments and blank lines are
// skipped. Errors name the line number, never its contents.
func ParseIdentities(r io.Reader, ui *plugin.ClientUI) ([]age.Identity, error) {
	const limit = 1 << 20
	lr := &io.LimitedReader{R: r, N: limit + 1}
	sc := bufio.NewScanner(lr)
	var ids []age.Identity
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("vault: identity file line %d is not valid UTF-8", n)
		}
		var id age.Identity
		var err error
		switch {
		case strings.HasPrefix(line, "AGE-PLUGIN-"):
			id, err = plugin.NewIdentity(line, ui)
		default:
			var l []age.Identity
			l, err = age.ParseIdentities(strings.NewReader(line))
			if err == nil {
				id = l[0]
			}
		}
		if err != nil {
			return nil, fmt.Errorf("vault: identity file line %d is not an age identity", n)
		}
		ids = append(ids, id)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("vault: reading the identity file: %v", err)
	}
	if lr.N == 0 {
		return nil, errors.New("vault: identity file is too long")
	}
	if len(ids) == 0 {
		return nil, errors.New("vault: no identities found in the identity file")
	}
	return ids, nil
}

func checkLabel(l string) error {
	if l == "" {
		return errors.New("vault: an unlocker needs a label (such as \"Anna's YubiKey\")")
	}
	if len(l) > maxLabelLen || !utf8.ValidString(l) || sanitize(l, maxLabelLen) != l {
		return fmt.Errorf("vault: an unlocker label must be at most %d printable characters", maxLabelLen)
	}
	return nil
}

func labelOf(us []Unlocker, name string) string {
	for _, u := range us {
		if u.Name == name {
			return u.Label
		}
	}
	return name
}

func (v *Vault) putUnlocker(tx *badger.Txn, u Unlocker) error {
	b, _ := json.Marshal(u)
	return v.putInternal(tx, unlockerKey(u.Name), b)
}

// Unlockers lists the vault's unlockers, passphrase first. The list follows
// the key files present.
func (v *Vault) Unlockers() ([]Unlocker, error) {
	if err := v.readLock(); err != nil {
		return nil, err
	}
	defer v.mu.RUnlock()
	names, err := v.keyFileNames()
	if err != nil {
		return nil, err
	}
	var out []Unlocker
	err = v.db.View(func(tx *badger.Txn) error {
		for _, n := range names {
			u := Unlocker{Name: n, Label: n, Type: "unknown"}
			b, err := v.getInternal(tx, unlockerKey(n))
			switch {
			case errors.Is(err, ErrNotFound):
			case err != nil:
				return err
			default:
				if json.Unmarshal(b, &u) != nil || u.Name != n {
					return fmt.Errorf("%w: unlocker %s", ErrTampered, n)
				}
			}
			out = append(out, u)
		}
		return nil
	})
	return out, err
}

// AddUnlocker seals the data key to a further age recipient, so its identity
// can open the vault, and logs it.
func (v *Vault) AddUnlocker(ctx context.Context, r Recipient) (Unlocker, error) {
	ar, typ, err := parseRecipient(r.Recipient, v.opts.PluginUI)
	if err != nil {
		return Unlocker{}, err
	}
	if err := checkLabel(r.Label); err != nil {
		return Unlocker{}, err
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return Unlocker{}, err
	}
	defer v.mu.RUnlock()
	if err := checkFree(v.opts, v.dir); err != nil {
		return Unlocker{}, err
	}
	u := Unlocker{Label: r.Label, Type: typ, Recipient: strings.TrimSpace(r.Recipient), Added: v.now()}
	if u.Name, err = v.writeKeyFile(ar, ""); err != nil {
		return Unlocker{}, err
	}
	err = v.updateLocked(func(tx *badger.Txn) error {
		if err := v.putUnlocker(tx, u); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionUnlockerAdd, Detail: "unlocker " + u.Name + " (" + typ + ")"})
	})
	if err != nil {
		os.Remove(v.keyPath(u.Name))
		return Unlocker{}, err
	}
	return u, nil
}

// RemoveUnlocker deletes the key file name and logs it. It refuses to remove
// the last unlocker (ErrLastUnlocker).
func (v *Vault) RemoveUnlocker(ctx context.Context, name string) error {
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	names, err := v.keyFileNames()
	if err != nil {
		return err
	}
	found := false
	for _, n := range names {
		found = found || n == name
	}
	if !found {
		return fmt.Errorf("vault: no unlocker named %q; list them with 'varn recipients ls'", sanitize(name, 40))
	}
	if len(names) == 1 {
		return ErrLastUnlocker
	}
	if err := checkFree(v.opts, v.dir); err != nil {
		return err
	}
	// The file goes first: an unlocker must not survive its removal.
	if err := os.Remove(v.keyPath(name)); err != nil {
		return fmt.Errorf("vault: removing key file: %w", err)
	}
	if err := syncDir(filepath.Join(v.dir, keysDir)); err != nil {
		return err
	}
	return v.updateLocked(func(tx *badger.Txn) error {
		if err := tx.Delete(unlockerKey(name)); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionUnlockerRemove, Detail: "unlocker " + name})
	})
}

// ChangePassphrase replaces the passphrase unlocker (or adds one) with a key
// file sealed to pass, and logs it. The old passphrase no longer opens the
// vault.
func (v *Vault) ChangePassphrase(ctx context.Context, pass string) error {
	if pass == "" {
		return errors.New("vault: the new passphrase is empty")
	}
	v.writeMu.Lock()
	defer v.writeMu.Unlock()
	if err := v.readLock(); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	if err := checkFree(v.opts, v.dir); err != nil {
		return err
	}
	u, err := v.writePassphraseKey(pass, v.now())
	if err != nil {
		return err
	}
	return v.updateLocked(func(tx *badger.Txn) error {
		if err := v.putUnlocker(tx, u); err != nil {
			return err
		}
		return v.appendEvent(tx, &model.AuditEvent{Action: model.ActionRekey, Detail: "passphrase changed"})
	})
}

// Failed unlocks are noted in a file (time, user, reason code; no secrets)
// and moved into the audit log at the next successful unlock.
type failedUnlock struct {
	Time   time.Time `json:"time"`
	User   string    `json:"user"`
	Reason string    `json:"reason"`
}

const maxFailedFile = 64 << 10

func failedReason(u Unlock) string {
	switch {
	case u.Passphrase != "" && len(u.Identities) > 0:
		return "wrong passphrase or identity"
	case u.Passphrase != "":
		return "wrong passphrase"
	}
	return "wrong identity"
}

func (v *Vault) noteFailedUnlock(reason string) {
	// Nobody has authenticated yet: the file is opened without following
	// a link, and checked on the open descriptor, so a link or a FIFO put
	// there in between is never written through.
	f, err := openNoFollow(filepath.Join(v.dir, failedName), os.O_WRONLY|os.O_APPEND|os.O_CREATE)
	if err != nil {
		return
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() > maxFailedFile {
		return
	}
	b, _ := json.Marshal(failedUnlock{Time: v.now(), User: v.opts.User, Reason: reason})
	f.Write(append(b, '\n'))
	f.Sync()
}

// maxFailedLogged bounds the failed unlocks one open moves into the audit
// log; more than that are counted as one event.
const maxFailedLogged = 1000

// knownFailedReason reports whether r is one of the reasons failedReason
// writes.
func knownFailedReason(r string) bool {
	switch r {
	case "wrong passphrase or identity", "wrong passphrase", "wrong identity":
		return true
	}
	return false
}

// readFailedUnlocks reads the failed-unlock file. It is written before
// anyone has authenticated, so nothing in it is trusted: a line is taken
// only if it parses, names a known reason and a time inside [after, before];
// the others are counted in bad, and never keep the vault from opening.
func (v *Vault) readFailedUnlocks(after, before time.Time) (out []failedUnlock, bad int) {
	b, err := readSmallFile(filepath.Join(v.dir, failedName), maxFailedFile+1024)
	if errors.Is(err, os.ErrNotExist) {
		return nil, 0
	}
	if err != nil {
		// Unreadable (a link, not a regular file, too large): counted as
		// one bad line, so the event names the file.
		return nil, 1
	}
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var f failedUnlock
		if json.Unmarshal(line, &f) != nil || f.Time.Before(after) || f.Time.After(before) ||
			!knownFailedReason(f.Reason) || len(out) >= maxFailedLogged {
			bad++
			continue
		}
		f.User = sanitize(f.User, 64)
		out = append(out, f)
	}
	return out, bad
}
