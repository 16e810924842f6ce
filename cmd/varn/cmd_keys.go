package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"varn/vault"
)

func cmdBackup(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "verify" {
		return cmdBackupVerify(ctx, e, args[1:])
	}
	var g globals
	fs := newFlagSet("backup", &g)
	out := fs.String("o", "", "write the backup to FILE (must not exist)")
	var rs, rfiles multiFlag
	fs.Var(&rs, "r", "encrypt the backup to this age recipient (repeatable; default: the vault's own recipients)")
	fs.Var(&rfiles, "R", "file of age recipients, one per line")
	withPass := fs.Bool("passphrase", false, "protect the backup with a new passphrase (asked twice)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *out == "" {
		return usagef("usage: varn backup -o FILE [-r RECIPIENT]… [-R FILE] [--passphrase]")
	}
	if *withPass && (len(rs) > 0 || len(rfiles) > 0) {
		return usagef("backup: --passphrase cannot be combined with -r or -R (age allows a passphrase only alone)")
	}
	var recips []age.Recipient
	var list []vault.Recipient
	for _, r := range rs {
		list = append(list, vault.Recipient{Recipient: r})
	}
	for _, path := range rfiles {
		more, err := readRecipientsFile(path, 0)
		if err != nil {
			return err
		}
		list = append(list, more...)
	}
	for _, r := range list {
		rc, err := age.ParseRecipients(strings.NewReader(r.Recipient))
		if err != nil {
			return fmt.Errorf("backup recipient: %s", oneLine(err.Error()))
		}
		recips = append(recips, rc...)
	}
	if *withPass {
		p, err := askNewPassphrase(e)
		if err != nil {
			return err
		}
		sr, err := age.NewScryptRecipient(string(p))
		clear(p)
		if err != nil {
			return err
		}
		if e.scryptWorkFactor > 0 {
			sr.SetWorkFactor(e.scryptWorkFactor)
		}
		recips = append(recips, sr)
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		if err := writeNewFile(*out, func(f *os.File) error { return v.Backup(ctx, f, recips...) }); err != nil {
			return err
		}
		size := int64(0)
		if fi, err := os.Stat(*out); err == nil {
			size = fi.Size()
		}
		_, err := fmt.Fprintf(e.stdout, "backup written: %s (%d bytes); prove it with 'varn backup verify %s'\n", oneLine(*out), size, oneLine(*out))
		return err
	})
}

// writeNewFile writes a new file (mode 0600) through a temporary file in the
// same directory, synced and renamed into place only when fn succeeded, so a
// failed write leaves no partial file.
func writeNewFile(path string, fn func(f *os.File) error) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists; choose another name", oneLine(path))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".varn-tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", oneLine(path), unwrapPath(err))
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if err := fn(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", oneLine(path), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", oneLine(path), err)
	}
	if err := placeNew(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", oneLine(path), unwrapPath(err))
	}
	ok = true
	// The new name is durable only once its directory is synced.
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// placeNew gives the finished temporary file tmp the name path without
// ever replacing an existing file: a hard link where the file system has
// them, else (FAT or exFAT on a USB stick) a rename after checking that
// path is still free.
func placeNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, os.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); serr == nil {
		return fmt.Errorf("%s already exists", filepath.Base(path))
	}
	return os.Rename(tmp, path)
}

func cmdPasswd(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("passwd", &g)
	newFile := fs.String("new-passphrase-file", "", "read the new passphrase from FILE instead of asking")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: varn passwd [--new-passphrase-file F]")
	}
	if *newFile != "" && *newFile == g.passphraseFile && *newFile == "-" {
		return usagef("passwd: the old and the new passphrase cannot both come from stdin")
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		var p []byte
		var err error
		if *newFile != "" {
			p, err = readPassphraseFile(e, *newFile)
			if err == nil {
				err = checkNewPassphrase(p)
			}
		} else {
			p, err = askNewPassphrase(e)
		}
		if err != nil {
			return err
		}
		defer clear(p)
		if err := v.ChangePassphrase(ctx, string(p)); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "passphrase changed; the old one no longer opens the vault")
		return nil
	})
}

func cmdRecipients(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		return errHelp
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		args = append([]string{"ls"}, args...)
	}
	var g globals
	fs := newFlagSet("recipients "+args[0], &g)
	label := fs.String("label", "", "name of the new unlocker, such as \"Anna's YubiKey\"")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch args[0] {
	case "ls", "list":
		if len(pos) != 0 {
			return usagef("usage: varn recipients ls")
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			us, err := v.Unlockers()
			if err != nil {
				return err
			}
			for _, u := range us {
				fmt.Fprintf(e.stdout, "%-16s  %-10s  %s  %-24s %s\n", u.Name, u.Type, u.Added.Local().Format(time.DateOnly), oneLine(u.Label), oneLine(u.Recipient))
			}
			return nil
		})
	case "add":
		if len(pos) != 1 {
			return usagef("usage: varn recipients add RECIPIENT --label LABEL")
		}
		if strings.TrimSpace(*label) == "" {
			return usagef("recipients add: give the unlocker a --label, such as \"Anna's YubiKey\"")
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			u, err := v.AddUnlocker(ctx, vault.Recipient{Label: *label, Recipient: pos[0]})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "added unlocker %s (%s)\n", u.Name, oneLine(u.Label))
			return nil
		})
	case "rm", "remove":
		if len(pos) != 1 {
			return usagef("usage: varn recipients rm NAME (see 'varn recipients ls')")
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			if err := v.RemoveUnlocker(ctx, pos[0]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "removed unlocker %s\n", oneLine(pos[0]))
			return nil
		})
	}
	return usagef("recipients: unknown subcommand %q (use ls, add or rm)", oneLine(args[0]))
}
