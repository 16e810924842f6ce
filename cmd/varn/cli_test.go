package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"filippo.io/age"

	"varn/model"
	"varn/vault"
)

func TestCLIInit(t *testing.T) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	id2, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args func(c *cliT) []string
		// open is how the new vault is then opened: -i or --passphrase-file.
		open func(c *cliT) []string
	}{
		{"passphrase file",
			func(c *cliT) []string { return []string{"--passphrase-file", c.passFile} },
			func(c *cliT) []string { return []string{"--passphrase-file", c.passFile} }},
		{"passphrase from stdin",
			func(c *cliT) []string { return []string{"--passphrase-file", "-"} },
			func(c *cliT) []string { return []string{"--passphrase-file", c.passFile} }},
		{"-r recipient only",
			func(c *cliT) []string { return []string{"-r", id.Recipient().String()} },
			func(c *cliT) []string { return []string{"-i", c.write("id.txt", id.String()+"\n")} }},
		{"-R recipients file only",
			func(c *cliT) []string {
				return []string{"-R", c.write("recips", "# the chief\n\n"+id.Recipient().String()+"\n"+id2.Recipient().String()+"\n")}
			},
			func(c *cliT) []string { return []string{"-i", c.write("id2.txt", id2.String()+"\n")} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLIT(t)
			args := append([]string{"init", "--municipality", "Lund", "--vault", c.vault}, tt.args(c)...)
			r := c.run(cliPass+"\n", args...)
			if r.code != 0 || r.stderr != "" || !strings.HasPrefix(r.stdout, "created vault ") {
				t.Fatalf("init: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
			fi, err := os.Stat(c.vault)
			if err != nil || fi.Mode().Perm() != 0o700 {
				t.Fatalf("vault dir: %v %v", fi.Mode(), err)
			}
			r = c.run("", append([]string{"recipients", "ls", "--vault", c.vault}, tt.open(c)...)...)
			if r.code != 0 || r.stderr != "" || len(lines(r.stdout)) == 0 {
				t.Fatalf("opening the new vault: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
		})
	}
}

func TestCLIInitBad(t *testing.T) {
	tests := []struct {
		name  string
		setup func(c *cliT) []string
		code  int
		want  string
	}{
		{"short passphrase", func(c *cliT) []string {
			return []string{"--passphrase-file", c.write("short", "kort\n")}
		}, 1, "too short"},
		{"empty passphrase file", func(c *cliT) []string {
			return []string{"--passphrase-file", c.write("empty", "\n")}
		}, 1, "empty"},
		{"missing passphrase file", func(c *cliT) []string {
			return []string{"--passphrase-file", filepath.Join(c.tmp, "nope")}
		}, 1, "cannot read the passphrase file"},
		{"bad recipient", func(c *cliT) []string { return []string{"-r", "age1notarecipient"} }, 1, ""},
		{"missing recipients file", func(c *cliT) []string { return []string{"-R", filepath.Join(c.tmp, "nope")} }, 1, "cannot read recipients file"},
		{"argument", func(c *cliT) []string { return []string{"extra"} }, 2, "init takes no arguments"},
		{"unknown flag", func(c *cliT) []string { return []string{"--bogus"} }, 2, "flag provided but not defined"},
		{"existing vault", func(c *cliT) []string {
			c.init()
			return []string{"--passphrase-file", c.passFile}
		}, 1, ""},
	}
	t.Logf("tally: %d bad inputs to init, one subtest each", len(tests))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLIT(t)
			args := append([]string{"init", "--vault", c.vault}, tt.setup(c)...)
			c.run("", args...).fails(t, tt.code, tt.want)
		})
	}
}

func TestCLIRecordHappy(t *testing.T) {
	c := newCLIT(t)
	c.init()
	// add from a file and from stdin
	id1 := strings.TrimSpace(c.ok("", "record", "add", "observation", "--json", c.write("o1.json", obsJSON("Klistermärken vid Gläntans skola"))).stdout)
	id2 := strings.TrimSpace(c.ok(obsJSON("Flygblad i trapphus"), "record", "add", "Observation", "--json", "-").stdout)
	// "record" may be left out when the kind is given
	bare := strings.Replace(obsJSON("Utan record-fält"), `"record":"observation",`, "", 1)
	id3 := strings.TrimSpace(c.ok(bare, "record", "add", "observation", "--json", "-").stdout)
	for _, id := range []string{id1, id2, id3} {
		if _, err := model.ParseID(id); err != nil {
			t.Fatalf("record add printed %q, not an ID: %v", id, err)
		}
	}

	// get, as fields and as JSON in the schema of the issue
	r := c.ok("", "record", "get", id1)
	for _, want := range []string{"summary:", "Klistermärken vid Gläntans skola", "white_power", id1} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("record get: %q missing in\n%s", want, r.stdout)
		}
	}
	r = c.ok("", "record", "get", id1, "--json")
	if !strings.HasPrefix(r.stdout, `{"format":1,"record":"observation","id":"`+id1+`"`) || !strings.Contains(r.stdout, `"milieu":"white_power"`) ||
		strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("record get --json: %s", r.stdout)
	}
	back, err := model.Decode([]byte(r.stdout))
	if err != nil {
		t.Fatalf("record get --json does not decode: %v", err)
	}
	if o := back.(*model.Observation); o.Summary != "Klistermärken vid Gläntans skola" || o.Base().Version != 1 || o.Base().Origin == "" {
		t.Fatalf("record get --json: %+v", o)
	}

	// list, all kinds and one, text and JSONL
	r = c.ok("", "record", "list")
	if n := len(lines(r.stdout)); n != 3 {
		t.Fatalf("record list: %d lines, want 3:\n%s", n, r.stdout)
	}
	if !strings.Contains(r.stdout, "Flygblad i trapphus") || !strings.Contains(r.stdout, "observation") {
		t.Fatalf("record list:\n%s", r.stdout)
	}
	if r := c.ok("", "record", "list", "case"); r.stdout != "" {
		t.Fatalf("record list case on a vault without cases: %q", r.stdout)
	}
	r = c.ok("", "record", "list", "observation", "--json")
	got := map[string]bool{}
	for _, l := range lines(r.stdout) {
		rec, err := model.Decode([]byte(l))
		if err != nil {
			t.Fatalf("record list --json line %q: %v", l, err)
		}
		got[string(rec.Base().ID)] = true
	}
	if len(got) != 3 || !got[id1] || !got[id2] || !got[id3] {
		t.Fatalf("record list --json gave %v", got)
	}

	// import: JSONL with blank lines, then the records are there
	var jl strings.Builder
	for i := range 250 {
		jl.WriteString(obsJSON("Importerad uppgift " + string(rune('a'+i%26))))
		jl.WriteString("\n")
		if i%100 == 0 {
			jl.WriteString("\n")
		}
	}
	r = c.ok("", "record", "import", c.write("many.jsonl", jl.String()))
	if r.stdout != "imported 250 records\n" {
		t.Fatalf("record import: %q", r.stdout)
	}
	r = c.ok(obsJSON("från stdin")+"\n", "record", "import", "-")
	if r.stdout != "imported 1 records\n" {
		t.Fatalf("record import -: %q", r.stdout)
	}
	if n := len(lines(c.ok("", "record", "list", "observation").stdout)); n != 254 {
		t.Fatalf("after import: %d observations, want 254", n)
	}
	// the record views and changes are in the audit log
	r = c.ok("", "audit", "list", "--json")
	var views, creates, imports int
	for _, l := range lines(r.stdout) {
		var ev model.AuditEvent
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("audit list --json line %q: %v", l, err)
		}
		switch ev.Action {
		case model.ActionView:
			if ev.Ref != "" { // a record's view, not a listing
				views++
			}
		case model.ActionCreate:
			creates++
		case model.ActionImport:
			imports++
		}
	}
	if views != 2 || creates != 3 || imports != 2 {
		t.Fatalf("audit: %d views, %d creates, %d imports; want 2, 3, 2\n%s", views, creates, imports, r.stdout)
	}
}

func TestCLIRecordBad(t *testing.T) {
	c := newCLIT(t)
	c.init()
	valid := c.write("valid.json", obsJSON("Giltig"))
	id := strings.TrimSpace(c.ok("", "record", "add", "observation", "--json", valid).stdout)
	invalid := `{"record":"observation","milieu":"white_power"}`
	oversize := `{"record":"observation","summary":"` + strings.Repeat("x", maxRecordJSON) + `"}`
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"no subcommand", "", []string{"record"}, 2, "missing subcommand"},
		{"flag before subcommand", "", []string{"record", "--json"}, 2, "missing subcommand"},
		{"unknown subcommand", "", []string{"record", "frob"}, 2, `unknown subcommand "frob"`},
		{"add without --json", "", []string{"record", "add", "observation"}, 2, "usage: varn record add"},
		{"add unknown kind", "{}", []string{"record", "add", "person", "--json", "-"}, 2, `unknown record kind "person"`},
		{"add malformed JSON", `{"record":"observation",`, []string{"record", "add", "observation", "--json", "-"}, 1, "JSON"},
		{"add not an object", `[1,2]`, []string{"record", "add", "observation", "--json", "-"}, 1, "not a JSON object"},
		{"add empty", ``, []string{"record", "add", "observation", "--json", "-"}, 1, "not a JSON object"},
		{"add unknown code", `{"record":"observation","milieu":"nazi"}`, []string{"record", "add", "observation", "--json", "-"}, 1, `observation.milieu: unknown code "nazi"`},
		{"add wrong kind", obsJSON("x"), []string{"record", "add", "measure", "--json", "-"}, 1, "is a observation, not a measure"},
		{"add invalid en", invalid, []string{"record", "add", "observation", "--json", "-"}, 1, "observation is not valid: "},
		{"add invalid sv", invalid, []string{"record", "add", "observation", "--json", "-", "--lang", "sv"}, 1, "observation är inte giltig: "},
		{"add with version", strings.Replace(obsJSON("x"), `"tlp"`, `"version":3,"tlp"`, 1), []string{"record", "add", "observation", "--json", "-"}, 1, `leave out "version"`},
		{"add oversize", oversize, []string{"record", "add", "observation", "--json", "-"}, 1, "larger than 1 MiB"},
		{"add missing file", "", []string{"record", "add", "observation", "--json", filepath.Join(c.tmp, "nope.json")}, 1, "cannot read"},
		{"add bad --lang", obsJSON("x"), []string{"record", "add", "observation", "--json", "-", "--lang", "de"}, 2, "--lang: use sv or en"},
		{"get no ID", "", []string{"record", "get"}, 2, "usage: varn record get"},
		{"get bad ID", "", []string{"record", "get", "not-an-id"}, 2, ""},
		{"get unknown ID", "", []string{"record", "get", "01M819EKE0040G2081040G2081"}, 1, ""},
		{"list unknown kind", "", []string{"record", "list", "person"}, 2, "unknown record kind"},
		{"list two kinds", "", []string{"record", "list", "case", "measure"}, 2, "usage"},
		{"import no file", "", []string{"record", "import"}, 2, "usage"},
		{"import malformed line", obsJSON("ok") + "\n{oops\n", []string{"record", "import", "-"}, 1, "line 2: "},
		{"import duplicate ID in file", strings.Replace(obsJSON("x"), `"tlp"`, `"id":"01M819EKE0040G2081040G2081","tlp"`, 1) + "\n\n" +
			strings.Replace(obsJSON("y"), `"tlp"`, `"id":"01M819EKE0040G2081040G2081","tlp"`, 1) + "\n", []string{"record", "import", "-"}, 1, "line 3: "},
		{"import without record field", `{"milieu":"white_power"}` + "\n", []string{"record", "import", "-"}, 1, "line 1: "},
		{"import invalid record", obsJSON("ok") + "\n" + invalid + "\n", []string{"record", "import", "-"}, 1, "line 2: observation is not valid"},
		{"import invalid record sv", invalid + "\n", []string{"record", "import", "-", "--lang", "sv"}, 1, "line 1: observation är inte giltig"},
		{"import oversize line", obsJSON("ok") + "\n" + oversize + "\n", []string{"record", "import", "-"}, 1, "line 2 is longer than 1 MiB"},
		{"import existing ID", strings.Replace(obsJSON("x"), `"tlp"`, `"id":"`+id+`","tlp"`, 1) + "\n", []string{"record", "import", "-"}, 1, "line 1: "},
	}
	t.Logf("tally: %d bad inputs to record add/import/get, one subtest each", len(tests))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.v(tt.stdin, tt.args...).fails(t, tt.code, tt.want)
		})
	}
	// Nothing of the failures was written: still exactly one record.
	if n := len(lines(c.ok("", "record", "list").stdout)); n != 1 {
		t.Fatalf("after bad input the vault holds %d records, want 1", n)
	}
	// The per-field message names the fields, in the chosen language.
	r := c.v(invalid, "record", "add", "observation", "--json", "-", "--lang", "sv")
	for _, f := range []string{"dimension", "summary"} {
		if !strings.Contains(r.stderr, f+": ") {
			t.Fatalf("sv validation message does not name field %s: %q", f, r.stderr)
		}
	}
	en := c.v(invalid, "record", "add", "observation", "--json", "-").stderr
	if en == r.stderr {
		t.Fatalf("the sv and en validation messages are the same: %q", en)
	}
}

func TestCLIWrongPassphraseAndVault(t *testing.T) {
	c := newCLIT(t)
	c.init()
	wrong := c.write("wrong", "inte rätt lösenfras alls\n")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"wrong passphrase", []string{"record", "list", "--vault", c.vault, "--passphrase-file", wrong}, 1, "varn: vault: wrong passphrase or not a varn vault"},
		{"wrong identity", []string{"record", "list", "--vault", c.vault, "-i", c.write("id.txt", mustIdentity(t)+"\n")}, 1, "vault: wrong passphrase or not a varn vault"},
		{"bad identity file", []string{"record", "list", "--vault", c.vault, "-i", c.write("notid.txt", "hello\n")}, 1, "identity file notid.txt"},
		{"missing identity file", []string{"record", "list", "--vault", c.vault, "-i", filepath.Join(c.tmp, "nope")}, 1, "cannot read identity file"},
		{"missing vault dir", []string{"record", "list", "--vault", filepath.Join(c.tmp, "nope"), "--passphrase-file", c.passFile}, 1, "no vault in "},
		{"not a vault", []string{"record", "list", "--vault", c.tmp, "--passphrase-file", c.passFile}, 1, ""},
		{"no passphrase and no terminal", []string{"record", "list", "--vault", c.vault}, 1, ""},
	}
	t.Logf("tally: %d wrong unlock secrets or vault paths, one subtest each", len(tests))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.run("", tt.args...).fails(t, tt.code, tt.want)
		})
	}
	// The failed unlocks are in the audit log after the next unlock.
	r := c.ok("", "audit", "list")
	if !strings.Contains(r.stdout, "failed") {
		t.Fatalf("audit list shows no failed unlock:\n%s", r.stdout)
	}
}

func mustIdentity(t *testing.T) string {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id.String()
}

func TestCLIVaultInUse(t *testing.T) {
	c := newCLIT(t)
	c.init()
	v, err := vault.Open(context.Background(), c.vault, vault.Unlock{Passphrase: cliPass},
		&vault.Options{StateDir: filepath.Join(c.tmp, "state", "varn")})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, args := range [][]string{{"record", "list"}, {"audit", "verify"}, {"record", "import", "-"}} {
		c.v(obsJSON("x")+"\n", args...).fails(t, 1, "vault is in use by ")
	}
	v.Close()
	c.ok("", "record", "list")
}

func TestCLIUsage(t *testing.T) {
	c := newCLIT(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", []string{"record", "list", "--frob"}, "flag provided but not defined: -frob"},
		{"unknown global flag", []string{"--frob"}, "flag provided but not defined: -frob"},
		{"flag without value", []string{"record", "list", "--vault"}, "flag needs an argument"},
		{"audit no subcommand", []string{"audit"}, "missing subcommand"},
		{"audit flag first", []string{"audit", "--json"}, "missing subcommand"},
		{"audit unknown", []string{"audit", "frob"}, `unknown subcommand "frob"`},
		{"audit verify arg", []string{"audit", "verify", "x"}, "usage: varn audit verify"},
		{"audit list arg", []string{"audit", "list", "x"}, "usage: varn audit list"},
		{"audit checkpoint arg", []string{"audit", "checkpoint", "x"}, "usage: varn audit checkpoint"},
		{"backup without -o", []string{"backup"}, "usage: varn backup"},
		{"backup --passphrase with -r", []string{"backup", "-o", "x", "--passphrase", "-r", "age1x"}, "cannot be combined"},
		{"restore without file", []string{"restore"}, "usage: varn restore"},
		{"passwd arg", []string{"passwd", "x"}, "usage: varn passwd"},
		{"passwd both stdin", []string{"passwd", "--passphrase-file", "-", "--new-passphrase-file", "-"}, "cannot both come from stdin"},
		{"recipients unknown", []string{"recipients", "frob"}, `unknown subcommand "frob"`},
		{"recipients add no label", []string{"recipients", "add", "age1x"}, "--label"},
		{"recipients add no recipient", []string{"recipients", "add"}, "usage"},
		{"recipients rm no name", []string{"recipients", "rm"}, "usage"},
		{"demo arg", []string{"demo", "x"}, "demo takes no arguments"},
		{"demo bad number", []string{"demo", "--records", "many"}, "invalid value"},
		{"version arg", []string{"version", "x"}, "usage: varn version"},
		{"record add both from stdin", []string{"record", "add", "observation", "--json", "-", "--passphrase-file", "-"}, "cannot both come from stdin"},
		{"record import both from stdin", []string{"record", "import", "-", "--passphrase-file", "-"}, "cannot both come from stdin"},
		{"positional to the app", []string{"--vault", "x", "extra"}, `unknown command "extra"`},
	}
	t.Logf("tally: %d nonsense command lines, one subtest each", len(tests))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.run("", tt.args...).fails(t, exitUsage, tt.want)
		})
	}
}

// Text from the command line and from records is never printed raw: no
// escape sequence, C1 control or bidi override reaches stdout or stderr.
func TestCLIEscapesNeverPrinted(t *testing.T) {
	c := newCLIT(t)
	c.init()
	evils := []string{
		"Rubrik\x1b]0;pwned\x07",
		"\x1b[31mröd\x1b[0m",
		"höger\u202eevil",
		"isolat\u2066x\u2069",
		"c1\u009b31m",
		"nul\x00byte",
		"cr\rreturn",
	}
	for _, evil := range evils {
		t.Logf("summary %q", evil)
		r := c.v(obsJSON(evil), "record", "add", "observation", "--json", "-")
		r.fails(t, 1, "summary: The text contains characters that are not allowed")
		r = c.v(obsJSON(evil)+"\n", "record", "import", "-")
		r.fails(t, 1, "not allowed")
		r = c.v(obsJSON(evil), "record", "add", "observation", "--json", "-", "--lang", "sv")
		r.fails(t, 1, "otillåtna tecken")
	}
	if r := c.ok("", "record", "list"); r.stdout != "" {
		t.Fatalf("refused records were saved: %q", r.stdout)
	}
	// Text that is allowed but must still print as one line per record.
	multi := "Rad ett\nrad två\tmed tabb"
	id := strings.TrimSpace(c.ok(obsJSON(multi), "record", "add", "observation", "--json", "-").stdout)
	for _, tty := range []bool{false, true} {
		c.tty = tty
		r := c.ok("", "record", "list")
		if len(lines(r.stdout)) != 1 || !strings.Contains(r.stdout, "Rad ett rad två") {
			t.Fatalf("record list of multi-line text: %q", r.stdout)
		}
		assertNoControls(t, "record list", r.stdoutBytes)
		r = c.ok("", "record", "get", id)
		if !strings.Contains(r.stdout, "summary:       Rad ett rad två") {
			t.Fatalf("record get of multi-line text:\n%s", r.stdout)
		}
		assertNoControls(t, "record get", r.stdoutBytes)
	}
	c.tty = false
	// Arguments with escapes, echoed in errors.
	for _, args := range [][]string{
		{"\x1b]0;pwned\x07cmd"},
		{"record", "\x1b[2Jsub"},
		{"record", "list", "--\x1b[31mflag"},
		{"record", "list", "\u202ekind"},
		{"record", "get", "\x1b[31m01M819EKE0040G2081040G2081"},
		{"record", "add", "obs\u009bervation", "--json", "-"},
		{"audit", "\x1b[Averify"},
		{"recipients", "\x1b[Als"},
		{"record", "list", "--lang", "\x1b[31msv"},
	} {
		r := c.v("", args...)
		if r.code == 0 {
			t.Fatalf("%q succeeded", args)
		}
		assertOneLine(t, r.stderr)
	}
	c.run("", "record", "list", "--vault", filepath.Join(c.tmp, "no\x1b[31mpe"), "--passphrase-file", c.passFile).fails(t, 1, "no vault in")
	c.v("", "backup", "-o", c.write("exists\x1b[31m", "x")).fails(t, 1, "already exists")
}

// The printers escape what JSON may legally carry: a stored record whose
// strings hold controls (say, from an older version) prints safely.
func TestCLIPrintersEscape(t *testing.T) {
	raw := []byte(`{"format":1,"record":"observation","summary":"a\u001b]0;x\u0007b\u009b31mc\u202ed\nz","n":5,"list":["\u001b[2J"]}`)
	var out strings.Builder
	if err := writeFields(&out, raw); err != nil {
		t.Fatal(err)
	}
	assertNoControls(t, "writeFields", []byte(out.String()))
	if strings.Count(out.String(), "\n") != 4 || strings.Contains(out.String(), "format") {
		t.Fatalf("writeFields:\n%s", out.String())
	}
	// JSON on a terminal: C1 and bidi become \u escapes; the rest of JSON's
	// escapes are already there.
	in := []byte("{\"s\":\"a\u0085b\u202ec\u2066d\u200fe\"}")
	esc := escapeForTerminal(in)
	assertNoControls(t, "escapeForTerminal", esc)
	var v struct{ S string }
	if err := json.Unmarshal(esc, &v); err != nil || v.S != "a\u0085b\u202ec\u2066d\u200fe" {
		t.Fatalf("escapeForTerminal changed the JSON's meaning: %q %v", v.S, err)
	}
}

func TestCLIAudit(t *testing.T) {
	c := newCLIT(t)
	c.init()
	c.ok(obsJSON("En uppgift"), "record", "add", "observation", "--json", "-")
	r := c.ok("", "audit", "verify")
	if !strings.Contains(r.stdout, "log intact") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("audit verify: %q", r.stdout)
	}
	r = c.ok("", "audit", "list")
	if n := len(lines(r.stdout)); n < 3 {
		t.Fatalf("audit list: %d lines:\n%s", n, r.stdout)
	}
	if strings.Contains(r.stdout, "En uppgift") {
		t.Fatalf("audit list shows a record value:\n%s", r.stdout)
	}
	r = c.ok("", "audit", "list", "--json")
	prev := uint64(0)
	for i, l := range lines(r.stdout) {
		var ev model.AuditEvent
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("audit list --json: %v in %q", err, l)
		}
		if i > 0 && uint64(ev.Seq) != prev+1 {
			t.Fatalf("audit list --json: seq %d after %d", ev.Seq, prev)
		}
		prev = uint64(ev.Seq)
	}
	r = c.ok("", "audit", "checkpoint")
	if !strings.Contains(r.stdout, "verifier key: ") || !strings.Contains(r.stdout, "\n— ") {
		t.Fatalf("audit checkpoint:\n%s", r.stdout)
	}
	// Reads are logged: listing the records and reading the trail.
	c.ok("", "record", "list", "observation", "--json")
	c.ok("", "record", "list")
	r = c.ok("", "audit", "list", "--json")
	want := map[string]string{"record list as JSON": "observation", "record list": "", "audit_trail": ""}
	for _, l := range lines(r.stdout) {
		var ev model.AuditEvent
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatal(err)
		}
		if k, ok := want[ev.Detail]; ok && ev.Action == model.ActionView && string(ev.Kind) == k {
			delete(want, ev.Detail)
		}
	}
	if len(want) > 0 {
		t.Fatalf("reads not in the audit log: %v\n%s", want, r.stdout)
	}
}

// recordSet is the set of "ID version" lines of every record.
func recordSet(t *testing.T, c *cliT, args ...string) []string {
	t.Helper()
	r := c.ok("", append([]string{"record", "list", "--json"}, args...)...)
	var out []string
	for _, l := range lines(r.stdout) {
		rec, err := model.Decode([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
		_ = rec
	}
	sort.Strings(out)
	return out
}

func TestCLIBackupRestore(t *testing.T) {
	c := newCLIT(t)
	c.init()
	var jl strings.Builder
	for range 40 {
		jl.WriteString(obsJSON("Säkerhetskopierad uppgift") + "\n")
	}
	c.ok(jl.String(), "record", "import", "-")
	want := recordSet(t, c)
	file := filepath.Join(c.tmp, "backup.age")
	// With only a passphrase unlocker a backup needs its own recipient.
	c.v("", "backup", "-o", file).fails(t, 1, "only a passphrase unlocker")
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused backup left a file: %v", err)
	}
	vid := mustIdentity(t)
	vident, _ := age.ParseX25519Identity(vid)
	c.ok("", "recipients", "add", vident.Recipient().String(), "--label", "backup key")
	c.ok("", "backup", "-o", file)
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", fi, err)
	}
	// an existing file is never overwritten
	c.v("", "backup", "-o", file).fails(t, 1, "already exists")
	// to a given recipient, opened by its identity
	id := mustIdentity(t)
	ident, _ := age.ParseX25519Identity(id)
	file2 := filepath.Join(c.tmp, "backup2.age")
	c.ok("", "backup", "-o", file2, "-r", ident.Recipient().String())
	c.v("", "backup", "-o", filepath.Join(c.tmp, "b3"), "-r", "age1bogus").fails(t, 1, "backup recipient")
	if _, err := os.Stat(filepath.Join(c.tmp, "b3")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a failed backup left a file: %v", err)
	}

	dir := filepath.Join(c.tmp, "restored")
	vidFile := c.write("vid.txt", vid+"\n")
	// While the vault exists on this host a restore is refused and points
	// to the drill, which touches nothing.
	c.run("", "restore", file, "--vault", dir, "-i", vidFile).fails(t, 1, "varn backup verify")
	if _, err := os.Lstat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused restore left %s: %v", dir, err)
	}
	if r := c.run("", "backup", "verify", file, "-i", vidFile); r.code != 0 || !strings.Contains(r.stdout, "observation 40") {
		t.Fatalf("backup verify: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// The vault is lost: now it is a recovery.
	if err := os.Rename(c.vault, filepath.Join(c.tmp, "lost")); err != nil {
		t.Fatal(err)
	}
	c.run("", "restore", file, "--vault", dir, "--passphrase-file", c.passFile).fails(t, 1, "")
	r := c.run("", "restore", file, "--vault", dir, "-i", vidFile)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "restored vault ") {
		t.Fatalf("restore: %d %q %q", r.code, r.stdout, r.stderr)
	}
	c.run("", "restore", file, "--vault", dir, "-i", vidFile).fails(t, 1, "")
	c.run("", "restore", filepath.Join(c.tmp, "nope"), "--vault", filepath.Join(c.tmp, "r3"), "--passphrase-file", c.passFile).fails(t, 1, "cannot read the backup")
	c.run("", "restore", file2, "--vault", filepath.Join(c.tmp, "r4"), "--passphrase-file", c.passFile).fails(t, 1, "")
	orig := c.vault
	check := func(d string) {
		t.Helper()
		c.vault = d
		defer func() { c.vault = orig }()
		got := recordSet(t, c)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("restored record set in %s differs: %d records, want %d", d, len(got), len(want))
		}
		if r := c.ok("", "audit", "verify"); !strings.Contains(r.stdout, "log intact") {
			t.Fatalf("audit verify of the restored vault: %q", r.stdout)
		}
	}
	check(dir)
	idFile := c.write("id.txt", id+"\n")
	r2 := filepath.Join(c.tmp, "r2")
	// The recovered vault is now the one this host trusts.
	c.run("", "restore", file2, "--vault", r2, "-i", idFile).fails(t, 1, "still exists on this host")
	if err := os.Rename(dir, filepath.Join(c.tmp, "lost2")); err != nil {
		t.Fatal(err)
	}
	r = c.run("", "restore", file2, "--vault", r2, "-i", idFile)
	if r.code != 0 {
		t.Fatalf("restore with -i: %d %q", r.code, r.stderr)
	}
	check(r2)
	// The first recovered vault, put back, is now older than the newest
	// checkpoint this host has seen of that vault: it is reported as
	// rolled back.
	if err := os.Rename(filepath.Join(c.tmp, "lost2"), dir); err != nil {
		t.Fatal(err)
	}
	c.run("", "record", "list", "--vault", dir, "-i", vidFile).fails(t, 1, "rolled back")
}

func TestCLIPasswd(t *testing.T) {
	c := newCLIT(t)
	c.init()
	newPass := c.write("new", "en helt ny och lång lösenfras\n")
	r := c.ok("", "passwd", "--new-passphrase-file", newPass)
	if !strings.Contains(r.stdout, "passphrase changed") {
		t.Fatalf("passwd: %q", r.stdout)
	}
	c.v("", "record", "list").fails(t, 1, "vault: wrong passphrase or not a varn vault")
	c.passFile = newPass
	c.ok("", "record", "list")
	// the new passphrase from stdin
	c.v("", "passwd", "--new-passphrase-file", c.write("short", "kort\n")).fails(t, 1, "too short")
	c.ok("ännu en ny lång lösenfras\n", "passwd", "--new-passphrase-file", "-")
	c.v("", "record", "list").fails(t, 1, "wrong passphrase")
	c.passFile = c.write("newer", "ännu en ny lång lösenfras\n")
	c.ok("", "record", "list")
}

func TestCLIRecipients(t *testing.T) {
	c := newCLIT(t)
	c.init()
	id := mustIdentity(t)
	ident, _ := age.ParseX25519Identity(id)
	r := c.ok("", "recipients", "add", ident.Recipient().String(), "--label", "Annas nyckel")
	if !strings.Contains(r.stdout, "added unlocker ") || !strings.Contains(r.stdout, "Annas nyckel") {
		t.Fatalf("recipients add: %q", r.stdout)
	}
	ls := lines(c.ok("", "recipients").stdout)
	if len(ls) != 2 {
		t.Fatalf("recipients ls: %q", ls)
	}
	var keyName string
	for _, l := range ls {
		if strings.Contains(l, "Annas nyckel") {
			keyName = strings.Fields(l)[0]
		}
	}
	if keyName == "" || !strings.Contains(strings.Join(ls, "\n"), ident.Recipient().String()) {
		t.Fatalf("recipients ls:\n%s", strings.Join(ls, "\n"))
	}
	c.v("", "recipients", "add", "age1bogus", "--label", "x").fails(t, 1, "")
	// the identity opens the vault
	idFile := c.write("id.txt", id+"\n")
	if r := c.run("", "record", "list", "--vault", c.vault, "-i", idFile); r.code != 0 {
		t.Fatalf("opening with the new unlocker: %q", r.stderr)
	}
	// remove the passphrase, using the key; then the last one is refused
	var passName string
	for _, l := range ls {
		if !strings.Contains(l, "Annas nyckel") {
			passName = strings.Fields(l)[0]
		}
	}
	if r := c.run("", "recipients", "rm", passName, "--vault", c.vault, "-i", idFile); r.code != 0 {
		t.Fatalf("recipients rm %s: %q", passName, r.stderr)
	}
	c.v("", "record", "list").fails(t, 1, "wrong passphrase")
	c.run("", "recipients", "rm", keyName, "--vault", c.vault, "-i", idFile).fails(t, 1, "")
	c.run("", "recipients", "rm", "nosuch", "--vault", c.vault, "-i", idFile).fails(t, 1, "")
	if r := c.run("", "recipients", "ls", "--vault", c.vault, "-i", idFile); r.code != 0 || len(lines(r.stdout)) != 1 {
		t.Fatalf("after refusing to remove the last unlocker: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestCLIDemoVersionHelp(t *testing.T) {
	c := newCLIT(t)
	r := c.run("", "demo", "--vault", c.vault, "--records", "60")
	if r.code != 0 || !strings.Contains(r.stdout, "passphrase: "+demoPassphrase) {
		t.Fatalf("demo: %d %q %q", r.code, r.stdout, r.stderr)
	}
	c.passFile = c.write("demopass", demoPassphrase+"\n")
	n := len(lines(c.ok("", "record", "list").stdout))
	if n < 30 {
		t.Fatalf("demo vault holds %d records", n)
	}
	c.ok("", "audit", "verify")
	c.run("", "demo", "--vault", c.vault).fails(t, 1, "")

	r = c.run("", "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "varn ") || r.stderr != "" {
		t.Fatalf("version: %d %q %q", r.code, r.stdout, r.stderr)
	}
	helps := [][]string{{"help"}, {"-h"}, {"--help"}, {"record", "list", "-h"}, {"--vault", "x", "--help"}}
	for _, cmd := range commands() {
		helps = append(helps, []string{cmd.name, "--help"}, []string{cmd.name, "-h"})
	}
	for _, h := range helps {
		r = c.run("", h...)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: %d %q", h, r.code, r.stderr)
		}
		for _, cmd := range commands() {
			if !strings.Contains(r.stdout, "varn "+cmd.name+" ") {
				t.Fatalf("%s does not list %s:\n%s", h, cmd.name, r.stdout)
			}
		}
	}
	// The app needs a terminal.
	c.run("", "--vault", c.vault).fails(t, 1, "needs a terminal")
}
