package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"varn/vault"
)

// maxPassphrase bounds what is read as a passphrase from a file or stdin.
const maxPassphrase = 4096

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// readPassphraseFile reads a passphrase from path ("-" = stdin): the first
// line, without its line ending. The caller zeroes the result.
func readPassphraseFile(e *env, path string) ([]byte, error) {
	var r io.Reader
	if path == "-" {
		r = e.stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read the passphrase file: %w", unwrapPath(err))
		}
		defer f.Close()
		if err := vault.CheckSecretFile(f, path); err != nil {
			return nil, errors.New(oneLine(strings.TrimPrefix(err.Error(), "vault: ")))
		}
		r = f
	}
	br := bufio.NewReaderSize(io.LimitReader(r, maxPassphrase+1), maxPassphrase+1)
	line, err := br.ReadSlice('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("cannot read the passphrase: %w", err)
	}
	if len(line) > maxPassphrase {
		return nil, errors.New("the passphrase file is too long (more than 4096 bytes on its first line)")
	}
	p := bytes.TrimRight(line, "\r\n")
	out := make([]byte, len(p))
	copy(out, p)
	clear(line)
	if len(out) == 0 {
		return nil, errors.New("the passphrase file is empty")
	}
	return out, nil
}

// promptPassphrase asks for a passphrase on the controlling terminal without
// echo. The caller zeroes the result.
func promptPassphrase(e *env, prompt string) ([]byte, error) {
	path := e.ttyPath
	if path == "" {
		path = "/dev/tty"
	}
	tty, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, errors.New("no terminal to ask for the passphrase: use --passphrase-file or -i")
	}
	defer tty.Close()
	// Have scrypt's memory ready by the time the passphrase is typed: it
	// halves the unlock in a fresh process (vault.PrepareScrypt).
	warm := vault.PrepareScrypt()
	defer warm.Release()
	fmt.Fprint(tty, prompt)
	p, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase: %w", err)
	}
	if len(p) == 0 {
		return nil, errors.New("empty passphrase")
	}
	return p, nil
}

// unwrapPath drops the path from an *os.PathError so messages do not echo
// file names twice; the operation and cause remain.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
