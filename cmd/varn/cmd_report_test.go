package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"varn/model"
	"varn/model/demo"
	"varn/vault"
)

var updateReport = flag.Bool("update-report", false, "rewrite the golden reports of cmd_report_test.go")

// demoVaultAt fills the test vault with the demo municipality as of
// 2026-11-23 (the demo's fixed day), so its reports are stable.
func demoVaultAt(t *testing.T, c *cliT) {
	t.Helper()
	ctx := context.Background()
	e := &env{getenv: func(k string) string { return c.envm[k] }, scryptWorkFactor: 10}
	v, err := vault.Init(ctx, c.vault, vault.Config{Passphrase: cliPass, Name: "Demokommun (fiktiv)"}, vaultOptions(e))
	if err != nil {
		t.Fatal(err)
	}
	recs := demo.Generate(1, demo.Municipality())
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReportGoldenFromDemoVault(t *testing.T) {
	c := newCLIT(t)
	demoVaultAt(t, c)
	for _, lang := range []string{"sv", "en"} {
		r := c.ok("", "report", "--quarter", "2026Q3", "--lang", lang)
		assertNoControls(t, "report", r.stdoutBytes)
		path := filepath.Join("testdata", "report_2026Q3_"+lang+".md")
		if *updateReport {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, r.stdoutBytes, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/varn -run Report -update-report)", err)
		}
		if r.stdout != string(want) {
			t.Errorf("report --lang %s differs from %s:\n--- got\n%s\n--- want\n%s", lang, path, r.stdout, want)
		}
	}
	// The report is logged, without personal data.
	audit := c.ok("", "audit", "list")
	if !strings.Contains(audit.stdout, "export") || !strings.Contains(audit.stdout, "quarterly report 2026Q3 to stdout") {
		t.Errorf("report not in the audit log:\n%s", audit.stdout)
	}
}

// tree lists every file under dir with its size, except under skip.
func tree(t *testing.T, dir string, skip ...string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, s := range skip {
			if p == s {
				return filepath.SkipDir
			}
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			out = append(out, p+" "+info.Mode().String())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestReportOnlyToStdout: the report is on stdout and nowhere else — no
// file appears in the home, the working directory or the temp directory,
// whatever the arguments.
func TestReportOnlyToStdout(t *testing.T) {
	c := newCLIT(t)
	demoVaultAt(t, c)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	skip := []string{c.vault, filepath.Join(c.tmp, "state")}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	homeBefore, wdBefore := tree(t, c.tmp, skip...), tree(t, wd)
	r := c.ok("", "report", "--quarter", "2026Q3")
	if !strings.HasPrefix(r.stdout, "# Quarterly follow-up 2026Q3\n") || r.stderr != "" {
		t.Fatalf("report not on stdout alone: stdout %q… stderr %q", r.stdout[:min(len(r.stdout), 60)], r.stderr)
	}
	for _, args := range [][]string{
		{"report", "--quarter", "2026Q3", "-o", "report.md"},
		{"report", "--quarter", "2026Q3", "report.md"},
		{"report", "--quarter", "2026Q3", "--output", filepath.Join(c.tmp, "r.md")},
	} {
		c.v("", args...).fails(t, exitUsage, "report")
	}
	if got := tree(t, c.tmp, skip...); strings.Join(got, "\n") != strings.Join(homeBefore, "\n") {
		t.Errorf("files appeared in the test home:\n%v\nwas\n%v", got, homeBefore)
	}
	if got := tree(t, wd); strings.Join(got, "\n") != strings.Join(wdBefore, "\n") {
		t.Errorf("files appeared in the working directory")
	}
	if got := tree(t, tmp); len(got) > 0 {
		t.Errorf("files appeared in the temp directory: %v", got)
	}
}

func TestReportBadArguments(t *testing.T) {
	c := newCLIT(t)
	c.init()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "--quarter is required"},
		{[]string{"report", "--quarter", "2026Q5"}, "--quarter"},
		{[]string{"report", "--quarter", "Q3 2026\x1b[2J"}, "--quarter"},
		{[]string{"report", "--quarter", "2026Q3", "--lang", "de"}, "--lang"},
	} {
		r := c.v("", tc.args...)
		r.fails(t, exitUsage, tc.want)
		if strings.Contains(r.stderr, "\x1b") {
			t.Errorf("escape sequence echoed: %q", r.stderr)
		}
	}
	// A wrong passphrase: a clear error, no report.
	c.write("wrong", "not the passphrase\n")
	r := c.run("", "report", "--quarter", "2026Q3", "--vault", c.vault, "--passphrase-file", filepath.Join(c.tmp, "wrong"))
	r.fails(t, exitError, "passphrase")
}

// TestReportEscapesRecordText: record text cannot format the report or
// reach the terminal as control sequences.
func TestReportEscapesRecordText(t *testing.T) {
	c := newCLIT(t)
	c.init()
	pic := `{"record":"picture","tlp":"amber","title":"Q3 *fet* | [länk](javascript:x)","from":"2026-07-01","to":"2026-09-30",` +
		`"milieus":[{"milieu":"white_power","presence":2,"activity":1,"trend":"rising"}],` +
		`"judgements":[{"text":"# Rubrik <script>alert(1)</script> _x_ ` + "`kod`" + `","likelihood":"likely"}],` +
		`"summary":"1. inte en lista\n- inte heller"}`
	c.ok(pic, "record", "add", "picture", "--json", "-")
	r := c.ok("", "report", "--quarter", "2026Q3", "--lang", "en")
	assertNoControls(t, "report", r.stdoutBytes)
	for _, bad := range []string{"<script>", "[länk](", "*fet*", "`kod`", "_x_", "\n# Rubrik", "\n1. inte"} {
		if strings.Contains(r.stdout, bad) {
			t.Errorf("report holds unescaped %q:\n%s", bad, r.stdout)
		}
	}
	for _, want := range []string{`\<script\>`, `\*fet\*`, `\[länk\](javascript:x)`, `\# Rubrik`, `1\. inte en lista - inte heller`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, r.stdout)
		}
	}
}

// BenchmarkReportFromVault measures `varn report` after the unlock:
// reading and decrypting the records and rendering the Markdown, with 10k
// measures and 1k cases, and a realistic 320 or a heavy 20k observations.
// The goal is ≤ 200 ms.
func BenchmarkReportFromVault(b *testing.B) {
	for _, nObs := range []int{320, 20_000} {
		b.Run(fmt.Sprintf("obs=%d", nObs), func(b *testing.B) {
			ctx := context.Background()
			dir := b.TempDir()
			opts := &vault.Options{ScryptWorkFactor: 10, StateDir: filepath.Join(dir, "state")}
			v, err := vault.Init(ctx, filepath.Join(dir, "vault"), vault.Config{Passphrase: cliPass, Name: "Bench"}, opts)
			if err != nil {
				b.Fatal(err)
			}
			defer v.Close()
			s := demo.Municipality()
			s.Measures, s.Cases, s.Observations = 10_000, 1_000, nObs
			if _, err := v.Import(ctx, demo.Generate(1, s), nil); err != nil {
				b.Fatal(err)
			}
			q, _ := model.ParseQuarter("2026Q3")
			b.ResetTimer()
			for b.Loop() {
				md, err := quarterReport(ctx, v, q, model.NewDate(2026, 11, 23), model.Swedish)
				if err != nil || len(md) < 100 {
					b.Fatal(err)
				}
			}
		})
	}
}
