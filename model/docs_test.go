package model

import (
	"fmt"
	"os"
	"path/filepath"
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
