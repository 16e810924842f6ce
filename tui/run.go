// Package tui is varn's terminal app: a Bubble Tea v2 program with one
// root model ([App]) that unlocks the vault, shows the screens of the
// action plan as tabs, locks itself when idle and leaves nothing on the
// terminal when it exits.
//
// The CLI calls [Run]. Screens live in subpackages (picture, audit, …)
// and reach the vault only through the [common.Store] interface, in
// tea.Cmds, so they are tested with an in-memory fake.
package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
	"varn/vault"
)

// DefaultIdleLock is the idle time after which the vault is locked.
const DefaultIdleLock = 5 * time.Minute

// shutdownGrace bounds how long a SIGHUP or SIGTERM waits for the draft
// to be saved and the vault closed before the program is stopped.
const shutdownGrace = 1500 * time.Millisecond

// Store is the vault as the TUI sees it; see [common.Store].
type Store = common.Store

// Credentials are the means to unlock a vault. With neither a passphrase
// nor identity files the unlock screen asks for the passphrase.
type Credentials struct {
	// Passphrase is zeroed by the opener's caller after use.
	Passphrase []byte
	// PassphraseFile holds the passphrase on its first line.
	PassphraseFile string
	// IdentityFiles are age identity files (X25519, post-quantum hybrid
	// or plugin identities).
	IdentityFiles []string
}

func (c Credentials) auto() bool { return c.PassphraseFile != "" || len(c.IdentityFiles) > 0 }

func (c Credentials) zero() { clear(c.Passphrase) }

// Opener opens and creates the vault the TUI works on.
type Opener interface {
	// Exists reports whether there is a vault to open (false on first run).
	Exists() bool
	// Open unlocks the vault.
	Open(ctx context.Context, c Credentials) (Store, error)
	// Create makes a new vault sealed with passphrase and opens it.
	Create(ctx context.Context, passphrase []byte, municipality string) (Store, error)
}

// A Preparer is an [Opener] that can get ready for an unlock with a
// passphrase while the user types it (the real vault touches the memory
// scrypt will fill, which halves the unlock in a fresh process).
type Preparer interface {
	PrepareUnlock()
}

// Config configures [Run].
type Config struct {
	// Dir is the vault directory.
	Dir string
	// Unlock holds the non-interactive unlock means (identity or
	// passphrase files); empty means the passphrase is asked for.
	Unlock Credentials
	// Lang is the UI language.
	Lang model.Lang
	// IdleLock is the idle time before the vault locks (default 5 min).
	IdleLock time.Duration
	// Input and Output default to the terminal (stdin/stdout).
	Input  io.Reader
	Output io.Writer
	// Vault tunes the real vault (state directory, scrypt work factor).
	Vault *vault.Options
	// Opener overrides how the vault is opened (tests); nil uses the
	// real vault in Dir.
	Opener Opener
	// ProgramOptions are appended to the Bubble Tea options (tests).
	ProgramOptions []tea.ProgramOption
	// Now is the clock of the screens (due dates, "new since", the idle
	// lock); nil means time.Now. Only test builds set it.
	Now func() time.Time
}

// Run runs the terminal app until the user quits, the context is
// cancelled, or the process gets SIGHUP or SIGTERM. On those signals an
// unfinished form is saved as an encrypted draft and the vault is closed
// before exiting. The screen and scrollback are cleared on exit.
func Run(ctx context.Context, cfg Config) error {
	op := cfg.Opener
	if op == nil {
		var err error
		op, err = newVaultOpener(cfg.Dir, cfg.Vault)
		if err != nil {
			return err
		}
	}
	app := NewApp(op, cfg.Unlock, cfg.Lang, cfg.IdleLock, cfg.Now)
	out := cfg.Output
	if out == nil {
		out = os.Stdout
	}
	// The context is not handed to Bubble Tea: its cancellation would
	// kill the program without saving the draft. It is watched below and
	// handled like SIGTERM.
	// 120 frames a second (Bubble Tea's most; 60 by default) halves the
	// wait between a key's Update and the frame that shows it; a frame
	// that did not change writes nothing.
	opts := []tea.ProgramOption{tea.WithoutSignalHandler(), tea.WithOutput(out), tea.WithFPS(120)}
	if cfg.Input != nil {
		opts = append(opts, tea.WithInput(cfg.Input))
	}
	opts = append(opts, cfg.ProgramOptions...)
	p := tea.NewProgram(app, opts...)

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sig)
	done := make(chan struct{})
	killed := make(chan struct{})
	go func() {
		select {
		case <-sig:
		case <-ctx.Done():
		case <-done:
			return
		}
		p.Send(shutdownMsg{})
		// If the program cannot finish (a dead terminal), stop it; the
		// vault is closed below either way.
		select {
		case <-done:
		case <-time.After(shutdownGrace):
			close(killed)
			p.Kill()
		}
	}()
	_, err := p.Run()
	close(done)
	// Whatever happened, the vault must be closed.
	// (The program can end without the App's shutdown, say when the
	// terminal went away and reading it failed: save the draft here.)
	if st := app.com.Store; st != nil {
		app.com.Store = nil
		if m, ok := app.closeCmd(st, nil)().(lockedMsg); ok && m.err != nil {
			err = errors.Join(err, m.err)
		}
	}
	_, _ = io.WriteString(out, clearAll)
	if errors.Is(err, tea.ErrProgramKilled) {
		select {
		case <-killed:
			return nil
		default:
		}
	}
	if err != nil {
		return fmt.Errorf("tui: %w", err)
	}
	return nil
}
