package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// cliPass is the passphrase of the test vaults.
const cliPass = "gul älg dricker kallt te"

// cliT runs varn's commands in-process against one temporary vault.
type cliT struct {
	t        *testing.T
	tmp      string
	vault    string
	passFile string
	envm     map[string]string
	tty      bool
}

// result is what one run of varn produced.
type result struct {
	code        int
	stdout      string
	stderr      string
	args        []string
	stdoutBytes []byte
}

func newCLIT(t *testing.T) *cliT {
	t.Helper()
	tmp := t.TempDir()
	c := &cliT{
		t:        t,
		tmp:      tmp,
		vault:    filepath.Join(tmp, "vault"),
		passFile: filepath.Join(tmp, "pass"),
		envm: map[string]string{
			"HOME":           tmp,
			"XDG_STATE_HOME": filepath.Join(tmp, "state"),
			"LANG":           "en_GB.UTF-8",
		},
	}
	c.write("pass", cliPass+"\n")
	return c
}

// write writes a file in the test directory and returns its path.
func (c *cliT) write(name, content string) string {
	c.t.Helper()
	p := filepath.Join(c.tmp, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
	return p
}

// run runs varn with args exactly as given.
func (c *cliT) run(stdin string, args ...string) result {
	c.t.Helper()
	var out, errb bytes.Buffer
	e := &env{
		stdin:            strings.NewReader(stdin),
		stdout:           &out,
		stderr:           &errb,
		getenv:           func(k string) string { return c.envm[k] },
		tty:              c.tty,
		scryptWorkFactor: 10,
		ttyPath:          filepath.Join(c.tmp, "no-terminal"),
	}
	code := run(context.Background(), e, args)
	return result{code: code, stdout: out.String(), stderr: errb.String(), args: args, stdoutBytes: out.Bytes()}
}

// v runs varn on the test vault with the passphrase file.
func (c *cliT) v(stdin string, args ...string) result {
	c.t.Helper()
	return c.run(stdin, append(args, "--vault", c.vault, "--passphrase-file", c.passFile)...)
}

// ok runs varn on the test vault and fails the test unless it exits 0
// with nothing on stderr.
func (c *cliT) ok(stdin string, args ...string) result {
	c.t.Helper()
	r := c.v(stdin, args...)
	if r.code != 0 || r.stderr != "" {
		c.t.Fatalf("varn %q: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
	}
	return r
}

// init creates the test vault.
func (c *cliT) init() {
	c.t.Helper()
	c.ok("", "init", "--municipality", "Testkommun")
}

// fails asserts exit code code and one clean line on stderr containing
// want, and nothing on stdout.
func (r result) fails(t *testing.T, code int, want string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("varn %q: exit %d, want %d\nstdout: %s\nstderr: %s", r.args, r.code, code, r.stdout, r.stderr)
	}
	assertOneLine(t, r.stderr)
	if !strings.Contains(r.stderr, want) {
		t.Fatalf("varn %q: stderr %q does not contain %q", r.args, r.stderr, want)
	}
	if r.stdout != "" {
		t.Fatalf("varn %q failed but printed on stdout: %q", r.args, r.stdout)
	}
}

// assertOneLine checks that s is one line starting with "varn: ", ending
// in a newline, with no control characters.
func assertOneLine(t *testing.T, s string) {
	t.Helper()
	if !strings.HasPrefix(s, "varn: ") || !strings.HasSuffix(s, "\n") || strings.Count(s, "\n") != 1 {
		t.Fatalf("error output is not one line starting with \"varn: \": %q", s)
	}
	assertNoControls(t, "stderr", []byte(strings.TrimSuffix(s, "\n")))
}

// assertNoControls checks that b holds no C0 (but tab and newline) or C1
// control, no DEL, and no bidi override or isolate.
func assertNoControls(t *testing.T, what string, b []byte) {
	t.Helper()
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		bad := (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == utf8.RuneError && n == 1
		if bad {
			t.Fatalf("%s holds control or invalid byte(s) %q at %d: %q", what, b[i:i+n], i, b)
		}
		i += n
	}
}

// obsJSON is a valid observation with the given summary, as a user would
// write it for `record add`.
func obsJSON(summary string) string {
	return `{"record":"observation","tlp":"amber","milieu":"white_power","dimension":"group","kind":"activity",` +
		`"area":"Norrbacka","source":"police","reliability":"B","credibility":2,"concern":"moderate","trend":"rising",` +
		`"observed":"2026-11-18","summary":` + jsonString(summary) + `}`
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&15])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// lines splits output into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
