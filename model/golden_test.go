package model

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the current format in testdata/")

// TestGoldenFormats decodes the golden file of every record kind of every
// format version in testdata/format-N/, checks that each validates, and
// that the current version re-encodes byte for byte. Files of earlier
// versions must keep decoding as the format evolves: never delete them.
func TestGoldenFormats(t *testing.T) {
	dir := filepath.Join("testdata", "format-1")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, r := range sampleRecords() {
			b, err := Encode(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, string(r.Kind())+".json"), append(b, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	versions, _ := filepath.Glob(filepath.Join("testdata", "format-*"))
	if len(versions) == 0 {
		t.Fatal("no golden files in testdata/format-*")
	}
	for _, vdir := range versions {
		current := filepath.Base(vdir) == "format-1"
		for _, k := range AllKinds() {
			name := filepath.Join(vdir, string(k)+".json")
			b, err := os.ReadFile(name)
			if err != nil {
				t.Errorf("%s: %v (every kind needs a golden file)", name, err)
				continue
			}
			r, err := Decode(b)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if r.Kind() != k {
				t.Errorf("%s decodes as a %s", name, r.Kind())
			}
			if ps := Validate(r, nil); ps != nil {
				t.Errorf("%s does not validate: %v", name, ps.Err(k))
			}
			if current {
				again, err := Encode(r)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(append(again, '\n'), b) {
					t.Errorf("%s: the encoded form changed; bump FormatVersion and keep the old golden files\nwas: %s\nnow: %s", name, b, again)
				}
			}
		}
	}
}
