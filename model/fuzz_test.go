package model

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode feeds Decode arbitrary bytes, as a tampered or malformed
// bundle would: it must never panic, its errors must be short, prefixed
// and valid UTF-8, and whatever it accepts must encode and decode to the
// same bytes again.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "format-*", "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"record":"observation","milieu":"nazi"}`))
	f.Add([]byte(`{"record":"case","concern":{"text":"\ud83d\ude42","level":"high"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Decode(b)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "model: ") || len(msg) > 300 || !utf8.ValidString(msg) {
				t.Fatalf("bad error for %q: %q", b, msg)
			}
			return
		}
		e1, err := Encode(r)
		if err != nil {
			t.Fatalf("decoded record does not encode: %v", err)
		}
		r2, err := Decode(e1)
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v\n%s", err, e1)
		}
		e2, _ := Encode(r2)
		if !bytes.Equal(e1, e2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", e1, e2)
		}
		_ = Validate(r, nil) // must not panic
	})
}
