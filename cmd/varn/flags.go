package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// command is one subcommand of varn.
type command struct {
	name    string
	args    string // argument synopsis for the usage text
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// globals are the flags every command accepts.
type globals struct {
	vault          string
	identities     multiFlag
	passphraseFile string
	lang           string
}

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// newFlagSet returns a flag set for a command with the global flags
// registered; errors are returned, never printed by the flag package.
func newFlagSet(name string, g *globals) *flag.FlagSet {
	fs := flag.NewFlagSet("varn "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.vault, "vault", "", "vault directory (default $VARN_VAULT, else $XDG_DATA_HOME/varn)")
	fs.Var(&g.identities, "i", "age identity file to unlock with (repeatable)")
	fs.StringVar(&g.passphraseFile, "passphrase-file", "", "read the passphrase from FILE (- for stdin)")
	fs.StringVar(&g.lang, "lang", "", "language of the interface: sv or en (default from LANG)")
	return fs
}

// parse parses args into fs, interleaving flags and positional arguments
// (`varn record get ID --json` works as well as `varn record get --json ID`),
// and reports a mistake as a usage error.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, errHelp
			}
			return nil, usagef("%s: %s", fs.Name(), sanitizeArg(err.Error()))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// vaultDir resolves the vault directory: --vault, $VARN_VAULT, then
// $XDG_DATA_HOME/varn, then ~/.local/share/varn.
func (g *globals) vaultDir(e *env) (string, error) {
	if g.vault != "" {
		return filepath.Abs(g.vault)
	}
	if d := e.getenv("VARN_VAULT"); d != "" {
		return filepath.Abs(d)
	}
	if d := e.getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "varn"), nil
	}
	home := e.getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no vault directory: set --vault or VARN_VAULT")
		}
		home = h
	}
	return filepath.Join(home, ".local", "share", "varn"), nil
}

// sanitizeArg makes text from the command line safe to echo in a message.
func sanitizeArg(s string) string {
	return oneLine(s)
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "varn %s — the local action plan against violent extremism, kept in an encrypted vault\n\n", version)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  varn [flags]                 open the terminal app (creates a vault on first run)")
	for _, c := range commands() {
		fmt.Fprintf(w, "  varn %-24s %s\n", c.name+" "+c.args, c.summary)
	}
	fmt.Fprintln(w, `
Global flags (every command):
  --vault DIR            vault directory (default $VARN_VAULT, else $XDG_DATA_HOME/varn)
  -i FILE                unlock with an age identity file (repeatable; as age -i)
  --passphrase-file F    read the passphrase from F ("-" = stdin); otherwise asked without echo
  --lang sv|en           language (default: Swedish when LANG starts with sv)

Exit codes: 0 ok, 1 error, 2 usage.`)
}
