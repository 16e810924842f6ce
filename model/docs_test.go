package model

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocsListEveryCode keeps docs/records.md in step with the catalogue:
// every code with its Swedish and English label.
func TestDocsListEveryCode(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "records.md"))
	if err != nil {
		t.Skipf("docs/records.md not readable: %v", err)
	}
	doc := string(b)
	for _, v := range Vocabularies() {
		if !strings.Contains(doc, "### "+v.Name+"\n") {
			t.Errorf("docs/records.md has no table for %s", v.Name)
		}
		for i, c := range v.Codes {
			row := fmt.Sprintf("| `%s` | %s | %s |", c, Swedish.T(v.Msgs[i]), English.T(v.Msgs[i]))
			if !strings.Contains(doc, row) {
				t.Errorf("docs/records.md lacks the row %s", row)
			}
		}
	}
}

// TestRequirementsPointAtCode keeps docs/requirements.md honest: every
// Go file it names exists, and every exported name written after a file
// (as `Name` or `Type.Field`) is declared or used in that file's package.
func TestRequirementsPointAtCode(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "requirements.md"))
	if err != nil {
		t.Skipf("docs/requirements.md not readable: %v", err)
	}
	pkgText := map[string]string{}
	textOf := func(dir string) string {
		if s, ok := pkgText[dir]; ok {
			return s
		}
		var sb strings.Builder
		files, _ := filepath.Glob(filepath.Join("..", dir, "*.go"))
		for _, f := range files {
			c, _ := os.ReadFile(f)
			sb.Write(c)
		}
		pkgText[dir] = sb.String()
		return pkgText[dir]
	}
	checked := 0
	for n, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		parts := strings.Split(line, "`")
		dir := ""
		for i := 1; i < len(parts); i += 2 {
			tok := parts[i]
			switch {
			case strings.HasSuffix(tok, ".go"):
				if _, err := os.Stat(filepath.Join("..", tok)); err != nil {
					t.Errorf("docs/requirements.md:%d names %s, which does not exist", n+1, tok)
				}
				dir = filepath.Dir(tok)
			case dir != "" && isGoName(tok):
				for _, name := range strings.Split(tok, ".") {
					if !strings.Contains(textOf(dir), name) {
						t.Errorf("docs/requirements.md:%d names %s in %s/, which has no %s", n+1, tok, dir, name)
					}
					checked++
				}
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d names checked in docs/requirements.md; the table format changed?", checked)
	}
}

// isGoName reports whether s looks like an exported Go name or Type.Field.
func isGoName(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" || part[0] < 'A' || part[0] > 'Z' {
			return false
		}
		for _, c := range part {
			if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return false
			}
		}
	}
	return true
}

// TestDocsNameRealTests keeps the docs' proofs honest: every test, fuzz
// target and benchmark that docs/*.md names (as the proof of a promise or
// the source of a figure) is declared in a _test.go file of the module.
func TestDocsNameRealTests(t *testing.T) {
	var decls strings.Builder
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != ".." {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, "_test.go") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			decls.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	src := decls.String()
	docs, _ := filepath.Glob(filepath.Join("..", "docs", "*.md"))
	name := regexp.MustCompile(`\b(?:Test|Fuzz|Benchmark)[A-Z][A-Za-z0-9_]*`)
	checked := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range name.FindAllString(string(b), -1) {
			if n == "TestName" { // the threat model's placeholder
				continue
			}
			if !strings.Contains(src, "func "+n+"(") {
				t.Errorf("%s names %s, which no test file declares", filepath.Base(doc), n)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d test names found in docs/; did the docs move?", checked)
	}
}
