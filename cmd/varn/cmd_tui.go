package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"varn/tui"
)

// cmdTUI opens the terminal app. With no vault yet it walks the user
// through creating one.
// tuiBlockCacheSize is Badger's block cache in the terminal app.
const tuiBlockCacheSize = 16 << 20

func cmdTUI(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("", &g)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("unknown command %q", oneLine(pos[0]))
	}
	if !e.tty {
		return fmt.Errorf("the terminal app needs a terminal; for scripts use the subcommands ('varn help')")
	}
	dir, err := g.vaultDir(e)
	if err != nil {
		return err
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	// The app reads the observations once and keeps them (one shared set,
	// see tui/common/observations.go), so Badger's block cache would only
	// hold a second copy of what the screens hold: a small one keeps the
	// session's memory down.
	vo := vaultOptions(e)
	vo.BlockCacheSize = tuiBlockCacheSize
	return tui.Run(ctx, tui.Config{
		Dir:    dir,
		Lang:   l,
		Vault:  vo,
		Unlock: tui.Credentials{PassphraseFile: g.passphraseFile, IdentityFiles: g.identities},
		Now:    e.clock,
	})
}

func cmdVersion(_ context.Context, e *env, args []string) error {
	if len(args) == 1 && isHelp(args[0]) {
		return errHelp
	}
	if len(args) != 0 {
		return usagef("usage: varn version")
	}
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	fmt.Fprintf(e.stdout, "varn %s (%s, %s/%s)\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
