// Command varn is the working tool of a municipality's security chief for the
// local action plan against violent extremism: an encrypted vault, a terminal
// app, and signed export bundles for partners.
//
// Run `varn help` for the commands. Exit codes: 0 ok, 1 error, 2 usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"varn/vault"
)

// version is stamped by the Makefile (-ldflags -X main.version=…).
var version = "dev"

// exit codes
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// env is what a command sees of the world; tests fill it with buffers.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// tty reports whether stdin and stdout are terminals (prompts, progress).
	tty bool
	// scryptWorkFactor lowers the scrypt work factor of new passphrase key
	// files; only tests set it (0 = age's default).
	scryptWorkFactor int
	// ttyPath is the terminal passphrases are asked on ("" = /dev/tty);
	// tests point it at a path that does not exist.
	ttyPath string
	// clock is the time of day; nil means time.Now. A release build
	// never sets it; see clock.go.
	clock func() time.Time
}

// now returns the current time by the env's clock.
func (e *env) now() time.Time {
	if e.clock != nil {
		return e.clock()
	}
	return time.Now()
}

func main() {
	// Before anything else: private files, no core dumps, no debug logs.
	if err := vault.HardenProcess(); err != nil {
		fmt.Fprintf(os.Stderr, "varn: cannot harden the process: %s\n", oneLine(err.Error()))
		os.Exit(exitError)
	}
	// Collect Badger's garbage before the heap grows far past what is live
	// (see vault.MemoryLimit); GOMEMLIMIT, if set, wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(vault.MemoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		tty:    isTerminal(os.Stdin) && isTerminal(os.Stdout),
	}
	clock, err := testClock(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "varn: %s\n", oneLine(err.Error()))
		os.Exit(exitUsage)
	}
	e.clock = clock
	os.Exit(run(ctx, e, os.Args[1:]))
}

// usageError marks a mistake in how varn was called (exit code 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// run dispatches to a subcommand and turns its error into one line on stderr
// and an exit code.
func run(ctx context.Context, e *env, args []string) int {
	err := dispatch(ctx, e, args)
	if err == nil {
		return exitOK
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintf(e.stderr, "varn: %s (run 'varn help' for usage)\n", oneLine(err.Error()))
		return exitUsage
	}
	if errors.Is(err, errSilent) {
		return exitError
	}
	if errors.Is(err, errHelp) {
		printUsage(e.stdout)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "varn: %s\n", oneLine(err.Error()))
	return exitError
}

// errSilent is returned by commands that already printed their failure (such
// as `audit verify`, whose report is the output).
var errSilent = errors.New("failed")

// errHelp is returned when -h or --help was given: the usage goes to
// stdout and varn exits 0.
var errHelp = errors.New("help requested")

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "-help" }

func dispatch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (len(args) > 0 && len(args[0]) > 0 && args[0][0] == '-' && args[0] != "-h" && args[0] != "--help") {
		return cmdTUI(ctx, e, args)
	}
	name, rest := args[0], args[1:]
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, rest)
		}
	}
	switch name {
	case "help", "-h", "--help":
		printUsage(e.stdout)
		return nil
	}
	return usagef("unknown command %q", sanitizeArg(name))
}
