package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"
)

// cli runs varn in-process against one vault.
type cli struct {
	t        *testing.T
	dir      string
	passFile string
	home     string
}

func newCLI(t *testing.T, name string) *cli {
	t.Helper()
	root := t.TempDir()
	c := &cli{t: t, dir: filepath.Join(root, name), passFile: filepath.Join(root, "pass"), home: root}
	if err := os.WriteFile(c.passFile, []byte("ett långt testlösenord för "+name+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := c.run(nil, "init", "--municipality", name); code != 0 {
		t.Fatalf("init: %s", out)
	}
	return c
}

// run runs varn with args and the vault's flags; stdin, when not nil, is
// a terminal answering with it.
func (c *cli) run(stdin []byte, args ...string) (string, int) {
	c.t.Helper()
	var out bytes.Buffer
	e := &env{
		stdin:  bytes.NewReader(stdin),
		stdout: &out,
		stderr: &out,
		getenv: func(k string) string {
			switch k {
			case "HOME":
				return c.home
			case "XDG_STATE_HOME":
				return filepath.Join(c.home, "state")
			}
			return ""
		},
		tty:              stdin != nil,
		scryptWorkFactor: 10,
	}
	args = append(args, "--vault", c.dir, "--passphrase-file", c.passFile)
	code := run(context.Background(), e, args)
	return out.String(), code
}

func (c *cli) must(stdin []byte, args ...string) string {
	c.t.Helper()
	out, code := c.run(stdin, args...)
	if code != 0 {
		c.t.Fatalf("varn %s: exit %d: %s", strings.Join(args, " "), code, out)
	}
	return out
}

// link registers each vault at the other through the identity blocks.
func link(t *testing.T, a, b *cli, aName, bName string) {
	t.Helper()
	for _, x := range []struct {
		from, to *cli
		name     string
	}{{a, b, aName}, {b, a, bName}} {
		block := x.from.must(nil, "identity")
		if !strings.Contains(block, "-----BEGIN VARN IDENTITY-----") || !regexp.MustCompile(`fingerprint: [A-Z2-7]{4}-`).MatchString(block) {
			t.Fatalf("identity printed %q", block)
		}
		f := filepath.Join(t.TempDir(), "id.txt")
		os.WriteFile(f, []byte(block), 0o600)
		out := x.to.must(nil, "partner", "add", x.name, "--from", f)
		if !strings.Contains(out, "fingerprint") {
			t.Errorf("partner add printed %q", out)
		}
	}
}

func (c *cli) addObservation(summary string) string {
	c.t.Helper()
	f := filepath.Join(c.t.TempDir(), "obs.json")
	os.WriteFile(f, []byte(`{"milieu":"white_power","dimension":"area","kind":"presence","source":"police","concern":"moderate","trend":"stable","observed":"2026-03-02","summary":"`+summary+`"}`), 0o600)
	return strings.TrimSpace(c.must(nil, "record", "add", "observation", "--json", f))
}

func TestCLIExchangeRoundTrip(t *testing.T) {
	a, b := newCLI(t, "Lund"), newCLI(t, "Lomma")
	link(t, a, b, "Lund", "Lomma")
	id := a.addObservation("klotter vid skolan")
	if out := a.must(nil, "partner", "ls"); !strings.Contains(out, "Lomma") || !strings.Contains(out, "yes") {
		t.Errorf("partner ls: %q", out)
	}

	file := filepath.Join(t.TempDir(), "till-lomma.age")
	out := a.must(nil, "export", "--to", "Lomma", "--legal-basis", "OSL 10:27", "--purpose", "Lägesbild", "-o", file)
	if !strings.Contains(out, "sequence 1, 1 records (observation 1)") {
		t.Errorf("export printed %q", out)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("bundle file: %v %v", st, err)
	}
	// A lost stick: the file is an age file and nothing in it is readable
	// without the partner's identity — no record text, id or kind, no
	// sender or recipient name, no legal basis, no format name.
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("age-encryption.org/v1\n")) {
		t.Fatalf("the bundle is not an age file: %q", raw[:min(len(raw), 40)])
	}
	// The age header holds only age's own lines: stanzas (type, random
	// arguments, base64 bodies) and the MAC. Its base64 text is not
	// searched for words: a short name turns up there by chance (about
	// one run in 300 found "Lund" in the post-quantum stanzas).
	end := bytes.Index(raw, []byte("\n--- "))
	if end < 0 {
		t.Fatal("no age header MAC line")
	}
	end += bytes.IndexByte(raw[end+1:], '\n') + 2
	for _, line := range strings.Split(strings.TrimSuffix(string(raw[:end]), "\n"), "\n")[1:] {
		if !strings.HasPrefix(line, "-> ") && !strings.HasPrefix(line, "--- ") &&
			strings.Trim(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != "" {
			t.Errorf("the age header holds a line that is not age's: %q", line)
		}
	}
	payload := bytes.ToLower(raw[end:])
	for _, clear := range []string{"klotter vid skolan", id, "observation", "white_power", "Lund", "Lomma", "OSL 10:27", "Lägesbild", "varn-bundle"} {
		if bytes.Contains(payload, bytes.ToLower([]byte(clear))) {
			t.Errorf("the bundle file holds %q in the clear", clear)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".varn-tmp-*")); len(m) != 0 {
		t.Errorf("temporary files left: %v", m)
	}
	if _, code := a.run(nil, "export", "--to", "Lomma", "--legal-basis", "x", "--purpose", "y", "-o", file); code != 1 {
		t.Error("export overwrote an existing file")
	}

	// Without a terminal and without --yes, import refuses.
	out, code := b.run(nil, "import", file)
	if code != 2 || !strings.Contains(out, "--yes") {
		t.Errorf("import without terminal: exit %d, %q", code, out)
	}
	// On a terminal, "n" imports nothing.
	out = b.must([]byte("n\n"), "import", file)
	if !strings.Contains(out, "observation") || !strings.Contains(out, "nothing was written") {
		t.Errorf("import answered n: %q", out)
	}
	if list := b.must(nil, "record", "list", "observation"); strings.Contains(list, id) {
		t.Error("declined import wrote the record")
	}
	out = b.must([]byte("y\n"), "import", file)
	if !strings.Contains(out, "1 new") || !strings.Contains(out, "legal basis: OSL 10:27") {
		t.Errorf("import: %q", out)
	}
	if list := b.must(nil, "record", "list", "observation"); !strings.Contains(list, id) {
		t.Errorf("imported record missing: %q", list)
	}
	// Again: already imported, exit 0, nothing changed.
	audit := b.must(nil, "audit", "list")
	out = b.must(nil, "import", file, "--yes")
	if !strings.Contains(out, "already imported") {
		t.Errorf("re-import: %q", out)
	}
	// Between the two listings: the first listing's lock, the import's
	// unlock and lock, the second listing's unlock and its own view of
	// the trail — nothing else.
	if after := b.must(nil, "audit", "list"); strings.Count(after, "\n") != strings.Count(audit, "\n")+5 || strings.Contains(after[len(audit):], "import") {
		t.Errorf("re-import logged more than unlock and lock:\n%s", after[len(audit):])
	}
}

func TestCLIExchangeErrors(t *testing.T) {
	a, b := newCLI(t, "Lund"), newCLI(t, "Lomma")
	c := newCLI(t, "Malmö")
	link(t, a, b, "Lund", "Lomma")
	link(t, a, c, "Lund", "Malmö")
	a.addObservation("uppgift")
	toC := filepath.Join(t.TempDir(), "c.age")
	a.must(nil, "export", "--to", "Malmö", "--legal-basis", "x", "--purpose", "y", "-o", toC)
	good := filepath.Join(t.TempDir(), "b.age")
	a.must(nil, "export", "--to", "Lomma", "--legal-basis", "x", "--purpose", "y", "-o", good)
	raw, _ := os.ReadFile(good)
	cut := filepath.Join(t.TempDir(), "cut.age")
	os.WriteFile(cut, raw[:len(raw)-50], 0o600)

	tests := []struct {
		name string
		cli  *cli
		args []string
		code int
		want string
	}{
		{"wrong recipient", b, []string{"import", toC, "--yes"}, 1, "not addressed to this vault"},
		{"truncated", b, []string{"import", cut, "--yes"}, 1, "damaged or truncated"},
		{"missing file", b, []string{"import", "/nonexistent.age", "--yes"}, 1, "cannot read"},
		{"no legal basis", a, []string{"export", "--to", "Lomma", "-o", "x.age"}, 2, "--legal-basis"},
		{"red", a, []string{"export", "--to", "Lomma", "--max-tlp", "red", "--legal-basis", "x", "--purpose", "y", "-o", "x.age"}, 2, "TLP:RED never leaves"},
		{"unknown partner", a, []string{"export", "--to", "Ystad", "--legal-basis", "x", "--purpose", "y", "-o", filepath.Join(t.TempDir(), "y.age")}, 1, "no such partner"},
		{"bad since", a, []string{"export", "--to", "Lomma", "--since", "igår", "--legal-basis", "x", "--purpose", "y", "-o", "x.age"}, 2, "not a date"},
		{"both from and recipient", a, []string{"partner", "add", "X", "--from", "f", "--recipient", "age1x"}, 2, "either --from"},
		{"bad recipient", a, []string{"partner", "add", "X", "--recipient", "age1nonsense"}, 1, ""},
		{"duplicate partner", a, []string{"partner", "add", "lomma", "--recipient", "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqgzrha5z"}, 1, ""},
		{"rm unknown", a, []string{"partner", "rm", "Ystad"}, 1, "no such partner"},
	}
	t.Logf("tally: %d bad exchange command lines or bundles, one subtest each", len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, code := tc.cli.run(nil, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, %q; want exit %d mentioning %q", code, out, tc.code, tc.want)
			}
			if lines := strings.Split(strings.TrimSpace(out), "\n"); code == 1 && len(lines) != 1 {
				t.Errorf("error is not one line: %q", out)
			}
		})
	}
	// The rejected imports left B without records.
	if list := b.must(nil, "record", "list", "observation"); strings.TrimSpace(list) != "" {
		t.Errorf("rejected imports wrote records: %q", list)
	}
}

// TestCLIExportToAgeOnlyPartner: a body with only the age tool is registered
// by its recipient; the stock age command decrypts what varn exports to it.
func TestCLIExportToAgeOnlyPartner(t *testing.T) {
	ageBin, err := exec.LookPath("age")
	if err != nil {
		t.Skip("the age command is not installed (apt-get install age)")
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "cve-key.txt")
	os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600)
	a := newCLI(t, "Lund")
	out := a.must(nil, "partner", "add", "CVE", "--org", "cve", "--recipient", id.Recipient().String())
	if !strings.Contains(out, "never import from it") {
		t.Errorf("partner add: %q", out)
	}
	a.addObservation("till CVE")
	file := filepath.Join(t.TempDir(), "cve.age")
	a.must(nil, "export", "--to", "CVE", "--legal-basis", "x", "--purpose", "y", "-o", file)
	plain, err := exec.Command(ageBin, "-d", "-i", keyFile, file).Output()
	if err != nil {
		t.Fatalf("age -d: %v", err)
	}
	if !bytes.HasPrefix(plain, []byte("varn-bundle/v1\nH ")) || !bytes.Contains(plain, []byte("till CVE")) {
		t.Errorf("age decrypted %q…", plain[:min(len(plain), 60)])
	}
}

// TestCLIPartnerAddAsksOnTerminal: on a terminal, partner add shows the
// fingerprint and pins nothing unless the operator confirms it matches.
func TestCLIPartnerAddAsksOnTerminal(t *testing.T) {
	a, b := newCLI(t, "Lund"), newCLI(t, "Lomma")
	f := filepath.Join(t.TempDir(), "id.txt")
	os.WriteFile(f, []byte(b.must(nil, "identity")), 0o600)
	out := a.must([]byte("n\n"), "partner", "add", "Lomma", "--from", f)
	if !strings.Contains(out, "fingerprint of Lomma: ") || !strings.Contains(out, "not added") {
		t.Errorf("answered n: %q", out)
	}
	if ls := a.must(nil, "partner", "ls"); strings.Contains(ls, "Lomma") {
		t.Error("the partner was pinned without confirmation")
	}
	a.must([]byte("y\n"), "partner", "add", "Lomma", "--from", f)
	if ls := a.must(nil, "partner", "ls"); !strings.Contains(ls, "Lomma") {
		t.Error("the confirmed partner is missing")
	}
}

// TestCLIPartnerResetSequence: reset-sequence needs a reason, asks on a
// terminal (no writes on "n"), and is logged.
func TestCLIPartnerResetSequence(t *testing.T) {
	a, b := newCLI(t, "Lund"), newCLI(t, "Lomma")
	link(t, a, b, "Lund", "Lomma")
	a.addObservation("klotter vid skolan")
	file := filepath.Join(t.TempDir(), "till-lomma.age")
	a.must(nil, "export", "--to", "Lomma", "--legal-basis", "OSL 10:27", "--purpose", "Lägesbild", "-o", file)
	b.must(nil, "import", file, "--yes")

	if out, code := b.run(nil, "partner", "reset-sequence", "Lund"); code != 2 || !strings.Contains(out, "--reason") {
		t.Errorf("without a reason: exit %d, %q", code, out)
	}
	if out, code := b.run(nil, "partner", "reset-sequence", "Lund", "--reason", "restored"); code != 2 || !strings.Contains(out, "--yes") {
		t.Errorf("without a terminal: exit %d, %q", code, out)
	}
	audit := b.must(nil, "audit", "list")
	out := b.must([]byte("n\n"), "partner", "reset-sequence", "Lund", "--reason", "Lund återställde från backup")
	if !strings.Contains(out, "number 1") || !strings.Contains(out, "nothing was written") {
		t.Errorf("answered n: %q", out)
	}
	if after := b.must(nil, "audit", "list"); strings.Contains(after[len(audit):], "sequence reset") {
		t.Error("declined reset was logged")
	}
	out = b.must(nil, "partner", "reset-sequence", "Lund", "--reason", "Lund återställde från backup", "--yes")
	if !strings.Contains(out, "last bundle received 1") {
		t.Errorf("reset: %q", out)
	}
	if after := b.must(nil, "audit", "list"); !strings.Contains(after, "sequence reset") || !strings.Contains(after, "återställde") {
		t.Errorf("reset not in the audit log:\n%s", after)
	}
	if out := b.must(nil, "partner", "ls"); !strings.Contains(out, "Lund") {
		t.Errorf("partner ls: %q", out)
	}
}

// TestCLIDemoPicturesReachPartner: the situational pictures of a demo
// vault, published ones included, export to a partner and import there,
// and a published picture stays published on the partner's side with its
// approver. (The import used to be refused: "A published picture needs
// an approver", as the export left approved_by out.)
func TestCLIDemoPicturesReachPartner(t *testing.T) {
	root := t.TempDir()
	a := &cli{t: t, dir: filepath.Join(root, "demo"), passFile: filepath.Join(root, "demopass"), home: root}
	if err := os.WriteFile(a.passFile, []byte(demoPassphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, code := a.run(nil, "demo", "--records", "60"); code != 0 {
		t.Fatalf("demo: %s", out)
	}
	b := newCLI(t, "Lomma")
	link(t, a, b, "Demokommun", "Lomma")
	file := filepath.Join(t.TempDir(), "bilder.age")
	out := a.must(nil, "export", "--to", "Lomma", "--kinds", "picture", "--legal-basis", "OSL 10:27", "--purpose", "Regional lägesbild", "-o", file)
	m := regexp.MustCompile(`(\d+) records \(picture (\d+)\)`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" {
		t.Fatalf("export printed %q, want the pictures", out)
	}
	out = b.must(nil, "import", file, "--yes")
	if !strings.Contains(out, m[1]+" new") {
		t.Fatalf("import: %q, want %s new", out, m[1])
	}
	sent, got := a.must(nil, "record", "list", "picture"), b.must(nil, "record", "list", "picture")
	if sent != got {
		t.Errorf("pictures at the partner:\n%s\nwant as sent:\n%s", got, sent)
	}
	// Each picture is the same record on both sides, published ones with
	// their approver.
	published := 0
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		id := strings.Fields(line)[0]
		want, have := a.must(nil, "record", "get", id, "--json"), b.must(nil, "record", "get", id, "--json")
		want = regexp.MustCompile(`"author":"[^"]*",`).ReplaceAllString(want, "")
		if want != have {
			t.Errorf("picture %s at the partner:\n%s\nwant as sent (less the author):\n%s", id, have, want)
		}
		if strings.Contains(have, `"published"`) && strings.Contains(have, `"approved_by"`) {
			published++
		}
	}
	if published == 0 {
		t.Errorf("no published picture with its approver at the partner:\n%s", got)
	}
}

// TestCLIRecordNote: Lomma writes its own note on a record of Lund's; the
// note is shown, never leaves with Lomma's export, and can be removed; a
// note on Lomma's own record is refused. (That the note stays when Lund
// updates the record, marked as written on an older version, is
// TestLocalNoteOnPartnersRecord in vault: the CLI cannot update a record.)
func TestCLIRecordNote(t *testing.T) {
	a, b := newCLI(t, "Lund"), newCLI(t, "Lomma")
	link(t, a, b, "Lund", "Lomma")
	id := a.addObservation("klotter vid skolan")
	export := func(from *cli, to string) string {
		f := filepath.Join(t.TempDir(), "b.age")
		from.must(nil, "export", "--to", to, "--legal-basis", "OSL 10:27", "--purpose", "Lägesbild", "-o", f)
		return f
	}
	b.must(nil, "import", export(a, "Lomma"), "--yes")
	if out, code := b.run(nil, "record", "note", id); code == 0 || !strings.Contains(out, "no local note") {
		t.Errorf("note before any: exit %d, %q", code, out)
	}
	b.must([]byte("Känt från Bjärehov\n"), "record", "note", id, "--text-file", "-")
	out := b.must(nil, "record", "note", id)
	if !strings.Contains(out, "Känt från Bjärehov") || strings.Contains(out, "changed") {
		t.Errorf("note: %q", out)
	}
	if out := a.must(nil, "import", export(b, "Lund"), "--yes"); !strings.Contains(out, "0 new") {
		t.Errorf("Lomma's export at Lund: %q, want nothing", out)
	}
	own := b.addObservation("Lommas egen")
	if out, code := b.run([]byte("x"), "record", "note", own, "--text-file", "-"); code == 0 || !strings.Contains(out, "own") {
		t.Errorf("note on our own record: exit %d, %q", code, out)
	}
	b.must(nil, "record", "note", id, "--remove")
	if _, code := b.run(nil, "record", "note", id); code == 0 {
		t.Error("the note is still there after --remove")
	}
}

// TestCLITrustFromPartnerCheckpoint: a vault whose host lost its state
// directory is trusted again from the checkpoint its partner holds from
// its last bundle, read out as size and root; a wrong root is refused.
func TestCLITrustFromPartnerCheckpoint(t *testing.T) {
	a, b := newCLI(t, "Lund"), newCLI(t, "Lomma")
	link(t, a, b, "Lund", "Lomma")
	if out := b.must(nil, "partner", "checkpoint", "Lund"); !strings.Contains(out, "no bundle with a checkpoint") {
		t.Errorf("partner checkpoint before any bundle: %q", out)
	}
	a.addObservation("klotter vid skolan")
	file := filepath.Join(t.TempDir(), "till-lomma.age")
	a.must(nil, "export", "--to", "Lomma", "--legal-basis", "OSL 10:27", "--purpose", "Lägesbild", "-o", file)
	b.must(nil, "import", file, "--yes")
	out := b.must(nil, "partner", "checkpoint", "Lund")
	m := regexp.MustCompile(`--size (\d+) --root (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("partner checkpoint printed %q", out)
	}
	a.addObservation("efter paketet")

	// Lund's host loses its state directory.
	os.RemoveAll(filepath.Join(a.home, "state"))
	if out, code := a.run(nil, "audit", "verify"); code == 0 || !strings.Contains(out, "NOT trusted on this host") {
		t.Fatalf("verify without the state directory: exit %d %q", code, out)
	}
	wrong := []byte(m[2])
	wrong[0] ^= 1
	if out, code := a.run(nil, "audit", "trust", "--size", m[1], "--root", string(wrong)); code == 0 {
		t.Fatalf("trust in a wrong root: %q", out)
	}
	if out := a.must(nil, "audit", "trust", "--size", m[1], "--root", m[2]); !strings.Contains(out, "trusts the vault again from the checkpoint of "+m[1]+" events") {
		t.Errorf("trust: %q", out)
	}
	if out := a.must(nil, "audit", "verify"); !strings.Contains(out, "log intact") || strings.Contains(out, "warning") {
		t.Errorf("verify after trust: %q", out)
	}
}
