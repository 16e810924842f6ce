package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"varn/model"
	"varn/model/demo"
	"varn/tui/unlock"
	"varn/vault"
)

// demoPassphrase opens the demo vault; its data is fictional.
const demoPassphrase = "varn-demo-fiktiv"

func cmdInit(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("init", &g)
	name := fs.String("municipality", "", "name of the municipality (shown in the status bar)")
	var rs, rfiles multiFlag
	fs.Var(&rs, "r", "age recipient that can unlock the vault (repeatable)")
	fs.Var(&rfiles, "R", "file of age recipients, one per line (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("init takes no arguments")
	}
	dir, err := g.vaultDir(e)
	if err != nil {
		return err
	}
	cfg := vault.Config{Name: strings.TrimSpace(*name)}
	for i, r := range rs {
		cfg.Recipients = append(cfg.Recipients, vault.Recipient{Label: fmt.Sprintf("key %d", i+1), Recipient: r})
	}
	for _, path := range rfiles {
		more, err := readRecipientsFile(path, len(cfg.Recipients))
		if err != nil {
			return err
		}
		cfg.Recipients = append(cfg.Recipients, more...)
	}
	var pass []byte
	switch {
	case g.passphraseFile != "":
		pass, err = readPassphraseFile(e, g.passphraseFile)
	case len(cfg.Recipients) == 0:
		pass, err = askNewPassphrase(e)
	}
	if err != nil {
		return err
	}
	defer clear(pass)
	if pass != nil {
		if err := checkNewPassphrase(pass); err != nil {
			return err
		}
	}
	cfg.Passphrase = string(pass)
	v, err := vault.Init(ctx, dir, cfg, vaultOptions(e))
	if err != nil {
		return err
	}
	id := v.ID()
	if err := v.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created vault %s in %s\n", id, oneLine(dir))
	if l, err := g.language(e); err == nil {
		fmt.Fprintln(e.stdout, l.T(model.CLIInitWhere, oneLine(dir)))
		fmt.Fprintln(e.stdout, l.T(model.CLIInitState, oneLine(vaultOptions(e).StateDir)))
	}
	return nil
}

// checkNewPassphrase applies the passphrase rule of the TUI's walkthrough.
func checkNewPassphrase(p []byte) error {
	if utf8.RuneCount(p) < unlock.MinPassphrase {
		return fmt.Errorf("the passphrase is too short: use at least %d characters (a few unrelated words work well)", unlock.MinPassphrase)
	}
	return nil
}

// askNewPassphrase asks for a new passphrase twice on the terminal.
func askNewPassphrase(e *env) ([]byte, error) {
	p, err := promptPassphrase(e, "Ny lösenfras / new passphrase: ")
	if err != nil {
		return nil, err
	}
	if err := checkNewPassphrase(p); err != nil {
		clear(p)
		return nil, err
	}
	q, err := promptPassphrase(e, "Upprepa / repeat: ")
	if err != nil {
		clear(p)
		return nil, err
	}
	defer clear(q)
	if !bytes.Equal(p, q) {
		clear(p)
		return nil, errors.New("the passphrases do not match; nothing was changed")
	}
	return p, nil
}

// readRecipientsFile reads age recipients, one per line, as `age -R` does:
// blank lines and lines starting with # are skipped.
func readRecipientsFile(path string, n int) ([]vault.Recipient, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read recipients file: %w", unwrapPath(err))
	}
	defer f.Close()
	var out []vault.Recipient
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if len(out) > 64 {
			return nil, errors.New("recipients file: more than 64 recipients")
		}
		out = append(out, vault.Recipient{Label: fmt.Sprintf("key %d", n+len(out)+1), Recipient: t})
	}
	if err := sc.Err(); err != nil {
		if line == 0 {
			return nil, fmt.Errorf("cannot read recipients file: %w", unwrapPath(err))
		}
		return nil, fmt.Errorf("recipients file line %d: %w", line, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("recipients file %s holds no recipient", oneLine(filepath.Base(path)))
	}
	return out, nil
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("demo", &g)
	n := fs.Int("records", 0, "about how many records (default: a realistic municipality, ~500)")
	seed := fs.Int64("seed", 1, "seed of the generator (same seed, same data)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("demo takes no arguments")
	}
	dir, err := g.vaultDir(e)
	if err != nil {
		return err
	}
	pass := []byte(demoPassphrase)
	if g.passphraseFile != "" {
		if pass, err = readPassphraseFile(e, g.passphraseFile); err != nil {
			return err
		}
		defer clear(pass)
	}
	v, err := vault.Init(ctx, dir, vault.Config{Passphrase: string(pass), Name: "Demokommun (fiktiv)"}, vaultOptions(e))
	if err != nil {
		return err
	}
	s := demo.ScaleFor(*n)
	s.Today = model.DateOf(e.now())
	total := s.Total()
	done := 0
	batch := make([]model.Record, 0, importChunk)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		base := done
		k, err := v.Import(ctx, batch, func(d int) { progress(e, "demo", base+d, total) })
		done += k
		batch = batch[:0]
		return err
	}
	err = demo.Stream(*seed, s, func(r model.Record) error {
		batch = append(batch, r)
		if len(batch) == importChunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	progressDone(e)
	if cerr := v.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("demo vault: %w", err)
	}
	fmt.Fprintf(e.stdout, "created a demo vault of %d fictional records in %s\n", done, oneLine(dir))
	if g.passphraseFile == "" {
		fmt.Fprintf(e.stdout, "passphrase: %s\nopen it with: varn --vault %s\n", demoPassphrase, oneLine(dir))
	}
	return nil
}

// progress shows "what: done/total" on the terminal, overwriting itself.
func progress(e *env, what string, done, total int) {
	if !e.tty {
		return
	}
	if total > 0 {
		fmt.Fprintf(e.stderr, "\r%s: %d/%d", what, done, total)
	} else {
		fmt.Fprintf(e.stderr, "\r%s: %s", what, strconv.Itoa(done))
	}
}

func progressDone(e *env) {
	if e.tty {
		fmt.Fprint(e.stderr, "\r\x1b[K")
	}
}
