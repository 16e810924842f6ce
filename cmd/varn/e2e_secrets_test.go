package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age/plugin"
)

// TestE2EHostileEnvAndSecrets runs a scripted session of the real binary
// with debug variables set and a fake age plugin first on PATH: init, add
// and import records holding canary strings, get, list, backup, then the
// terminal app in tmux (search shows a canary, lock, quit). Afterwards
// the vault directory, TMPDIR, HOME, the working directory and the tmux
// scrollback hold neither a canary nor the passphrase, and the window
// title stays "varn" while a record is shown; no trace file was
// written and the plugin never ran. While the app runs — as an
// unprivileged user when the tests run as root — core dumps are off, it is
// not dumpable, and neither the passphrase nor key material is in its
// command line or environment.
func TestE2EHostileEnvAndSecrets(t *testing.T) {
	tm := newTmux(t)
	w := newWorldAs(t, unprivilegedUser(t))
	const (
		pass   = "lösenfras-KANARIE-e1b2c3 med flera ord"
		canary = "KANARIEFÅGEL-7f3a9c"
	)
	canaries := []string{canary, "KANARIE-import-55d1", "KANARIE-andra-9b0e"}

	// A fake plugin that leaves a mark if anything runs it.
	fakeBin := filepath.Join(w.root, "fakebin")
	mark := filepath.Join(w.root, "plugin-ran")
	if err := os.MkdirAll(fakeBin, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"age-plugin-yubikey", "age-plugin-se", "age-plugin-tpm", "age-plugin-evil"} {
		script := "#!/bin/sh\necho \"$0 $*\" >> " + shellQuote(mark) + "\nexit 1\n"
		if err := os.WriteFile(filepath.Join(fakeBin, name), []byte(script), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	trace := filepath.Join(w.root, "tea-trace.log")
	for i, kv := range w.env {
		if strings.HasPrefix(kv, "PATH=") {
			w.env[i] = "PATH=" + fakeBin + ":" + strings.TrimPrefix(kv, "PATH=")
		}
	}
	w.env = append(w.env, "TEA_TRACE="+trace, "TEA_DEBUG=1", "AGEDEBUG=plugin", "TEA_TRACE_FILE="+trace)

	w.initVault(pass)
	pf := filepath.Join(w.root, "pass")
	withPass := func(args ...string) string {
		t.Helper()
		args = append(args, "--vault", w.vault, "--passphrase-file", pf)
		code, out, errs := w.varn("", args...)
		if code != 0 {
			t.Fatalf("varn %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
		}
		if errs != "" {
			t.Fatalf("varn %s wrote on stderr: %q", strings.Join(args, " "), errs)
		}
		return out
	}
	id := strings.TrimSpace(w.must(obsJSON("Klotter "+canary+" vid skolan"), "record", "add", "observation", "--json", "-"))
	w.must(obsJSON(canaries[1])+"\n"+obsJSON(canaries[2])+"\n", "record", "import", "-")
	if out := withPass("record", "get", id); !strings.Contains(out, canary) {
		t.Fatalf("record get does not show the record: %q", out)
	}
	if out := withPass("record", "list", "--json"); !strings.Contains(out, canaries[2]) {
		t.Fatalf("record list does not show the records: %q", out)
	}
	withPass("audit", "verify")
	backupDir := filepath.Join(w.root, "usb")
	if err := os.MkdirAll(backupDir, 0o700); err != nil {
		t.Fatal(err)
	}
	w.must("", "backup", "-o", filepath.Join(backupDir, "backup.age"))

	// The terminal app in tmux, unlocked with the passphrase file. The
	// app clears the screen and scrollback when it exits; a control line
	// printed in the same pane after it exits must be in the scrollback,
	// so the scrollback check below can fail.
	const control = "KONTROLLRAD-efter-appen"
	pidFile := filepath.Join(w.root, "app.pid")
	inner := "echo $$ > " + shellQuote(pidFile) + " && exec " + w.shellPrefix() + "env -i " +
		shellJoin(append(append([]string(nil), w.env...), "TERM=xterm-256color")) + " " +
		shellJoin([]string{w.bin, "--vault", w.vault, "--passphrase-file", pf})
	tm.Start("app", 100, 30, "sh -c "+shellQuote(inner)+"; printf '%s\\n' "+shellQuote(control))
	tm.WaitFor("app", "Situational picture")
	pid := readPID(t, pidFile)
	tm.Keys("app", "/")
	tm.Text("app", "KANARIEF")
	tm.WaitFor("app", "Filter: KANARIEF")
	if s := tm.WaitFor("app", "1 of 3"); !strings.Contains(s, canary) {
		t.Fatalf("search does not show the canary record:\n%s", s)
	}
	t.Logf("app pid %d: %s", pid, checkProcessSecrets(t, pid, pass, "KANARIE", idSecret(t, w)))
	// The window title (OSC 0/2, shown by terminal tabs and taskbars) is
	// varn's own while record text is on the screen.
	if title := strings.TrimSpace(tm.Run("display-message", "-p", "-t", "app", "#{pane_title}")); title != "varn" {
		t.Fatalf("the window title is %q while a record is shown, want \"varn\"", title)
	}
	tm.Escape("app", "Filter: KANARIEF")
	tm.Keys("app", ":")
	tm.Text("app", "lock")
	tm.Keys("app", "Enter")
	if s := tm.WaitFor("app", "locked"); strings.Contains(s, "KANARIE") {
		t.Fatalf("the locked screen shows record text:\n%s", s)
	}
	tm.Keys("app", "C-c")
	tm.WaitDead("app", 5*time.Second)

	// Now look everywhere.
	scrollback := tm.Run("capture-pane", "-p", "-S", "-", "-E", "-", "-t", "app")
	if !strings.Contains(scrollback, control) {
		t.Fatalf("control failed: the scrollback lacks the line printed before the app:\n%s", scrollback)
	}
	secrets := append([]string{pass, "KANARIE"}, canaries...)
	for _, s := range secrets {
		if strings.Contains(scrollback, s) {
			t.Fatalf("the tmux scrollback holds %q:\n%s", s, scrollback)
		}
	}
	if len(grepDir(t, w.root, pass)) == 0 {
		t.Fatal("control failed: the passphrase file is not found by grepDir")
	}
	for _, dir := range []string{w.vault, w.tmpdir, w.home, w.cwd, backupDir} {
		for _, s := range secrets {
			if hits := grepDir(t, dir, s); len(hits) > 0 {
				t.Fatalf("%q found on disk in %v", s, hits)
			}
		}
	}
	// No trace or debug file anywhere we can see, TMPDIR and the working
	// directory untouched, HOME holding only the sealed checkpoint and home.
	if _, err := os.Stat(trace); err == nil {
		t.Fatalf("a trace file was written: %s", trace)
	}
	for _, dir := range []string{w.tmpdir, w.cwd} {
		if ents, _ := os.ReadDir(dir); len(ents) > 0 {
			t.Fatalf("%s is not empty after the session: %v", dir, ents)
		}
	}
	_ = filepath.WalkDir(w.home, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".checkpoint") && !strings.HasSuffix(p, ".home") {
			t.Errorf("unexpected file in HOME: %s", p)
		}
		return nil
	})
	if b, err := os.ReadFile(mark); err == nil {
		t.Fatalf("a fake age plugin on PATH was run: %s", b)
	}
	// Control: with a plugin identity the plugin does run, so the mark
	// above would have shown it.
	pid2 := filepath.Join(w.root, "plugin-id.txt")
	if err := os.WriteFile(pid2, []byte(plugin.EncodeIdentity("evil", []byte{1, 2, 3})+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := w.varn("", "record", "list", "--vault", w.vault, "-i", pid2); code != 1 {
		t.Fatalf("unlocking with a failing plugin: exit %d %q", code, errs)
	}
	if _, err := os.Stat(mark); err != nil {
		t.Fatalf("control failed: the fake plugin did not run even for a plugin identity")
	}
}

// grepDir lists the files under dir whose bytes contain needle.
func grepDir(t *testing.T, dir, needle string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(needle)) {
			hits = append(hits, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}
