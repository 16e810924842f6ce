package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age/plugin"

	"varn/model"
	"varn/vault"
)

// vaultOptions returns the vault options for this invocation: the state
// directory from the environment and a plugin UI on the terminal.
func vaultOptions(e *env) *vault.Options {
	o := &vault.Options{ScryptWorkFactor: e.scryptWorkFactor}
	if s := e.getenv("XDG_STATE_HOME"); filepath.IsAbs(s) {
		o.StateDir = filepath.Join(s, "varn")
	} else if h := e.getenv("HOME"); filepath.IsAbs(h) {
		o.StateDir = filepath.Join(h, ".local", "state", "varn")
	}
	o.PluginUI = pluginUI(e)
	o.Clock = e.clock
	return o
}

// pluginUI lets age plugins (a YubiKey, say) talk to the user on stderr and
// the terminal.
func pluginUI(e *env) *plugin.ClientUI {
	return &plugin.ClientUI{
		DisplayMessage: func(name, msg string) error {
			fmt.Fprintf(e.stderr, "age-plugin-%s: %s\n", oneLine(name), oneLine(msg))
			return nil
		},
		RequestValue: func(name, prompt string, secret bool) (string, error) {
			p, err := promptPassphrase(e, fmt.Sprintf("age-plugin-%s: %s ", oneLine(name), oneLine(prompt)))
			if err != nil {
				return "", err
			}
			defer clear(p)
			return string(p), nil
		},
		Confirm: func(name, prompt, yes, no string) (bool, error) {
			fmt.Fprintf(e.stderr, "age-plugin-%s: %s [%s/%s]\n", oneLine(name), oneLine(prompt), oneLine(yes), oneLine(no))
			return true, nil
		},
		WaitTimer: func(name string) {
			fmt.Fprintf(e.stderr, "age-plugin-%s: waiting (touch your key?)\n", oneLine(name))
		},
	}
}

// oneLine makes text safe to print as one line: no control or escape
// sequences, no line breaks.
func oneLine(s string) string { return model.SanitizeLine(s) }

// unlockFor gathers what opens the vault: identity files given with -i, the
// passphrase from --passphrase-file, or else a passphrase asked for on the
// terminal.
func unlockFor(e *env, g *globals) (vault.Unlock, func(), error) {
	var u vault.Unlock
	for _, path := range g.identities {
		ids, err := vault.ReadIdentityFile(path, pluginUI(e))
		if err != nil {
			return u, nil, errors.New(oneLine(strings.TrimPrefix(err.Error(), "vault: ")))
		}
		u.Identities = append(u.Identities, ids...)
	}
	var pass []byte
	var err error
	switch {
	case g.passphraseFile != "":
		pass, err = readPassphraseFile(e, g.passphraseFile)
	case len(u.Identities) == 0:
		pass, err = promptPassphrase(e, "Lösenfras / passphrase: ")
	}
	if err != nil {
		return u, nil, err
	}
	u.Passphrase = string(pass)
	return u, func() { clear(pass) }, nil
}

// openVault unlocks the vault of this invocation.
func openVault(ctx context.Context, e *env, g *globals) (*vault.Vault, error) {
	dir, err := g.vaultDir(e)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no vault in %s: create one with 'varn init' or pass --vault DIR", oneLine(dir))
	}
	if err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s is a file, not a vault directory: pass --vault DIR", oneLine(dir))
	}
	u, done, err := unlockFor(e, g)
	if err != nil {
		return nil, err
	}
	defer done()
	v, err := vault.Open(ctx, dir, u, vaultOptions(e))
	if err != nil {
		return nil, err
	}
	for _, w := range v.Warnings() {
		fmt.Fprintln(e.stderr, oneLine(w))
	}
	return v, nil
}

// withVault opens the vault, runs fn and closes the vault, keeping the first
// error.
func withVault(ctx context.Context, e *env, g *globals, fn func(v *vault.Vault) error) (err error) {
	v, err := openVault(ctx, e, g)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := v.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	return fn(v)
}

// parseKind parses a record kind given on the command line.
func parseKind(s string) (model.Kind, error) {
	for _, k := range model.AllKinds() {
		if string(k) == strings.ToLower(s) {
			return k, nil
		}
	}
	names := make([]string, 0, 7)
	for _, k := range model.AllKinds() {
		names = append(names, string(k))
	}
	return "", usagef("unknown record kind %q: use one of %s", oneLine(s), strings.Join(names, ", "))
}
