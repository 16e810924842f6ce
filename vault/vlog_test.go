package vault

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"varn/model"
)

// vlogBytes returns the total size of the value log files of the vault in
// dir.
func vlogBytes(t *testing.T, dir string) int64 {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, dbDir, "*.vlog"))
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		n += fi.Size()
	}
	return n
}

// TestCloseCollectsValueLog: records updated over and over leave their old
// versions in the value log; closing the vault rewrites a file that is
// mostly old versions, so the value log shrinks, and every record still
// reads back at its latest version.
func TestCloseCollectsValueLog(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "vault")
	o := testOpts(t)
	o.smallVlog = true // 1 MiB value log files
	v, err := Init(ctx, dir, Config{Passphrase: testPass}, o)
	if err != nil {
		t.Fatal(err)
	}
	const n = 150
	recs := make([]model.Record, n)
	for i := range recs {
		recs[i] = observation(fmt.Sprintf("round 0 record %d ", i) + strings.Repeat("x", 2000))
	}
	if _, err := v.Import(ctx, recs, nil); err != nil {
		t.Fatal(err)
	}
	for round := 1; round <= 6; round++ {
		for i, r := range recs {
			r.(*model.Observation).Summary = fmt.Sprintf("round %d record %d ", round, i) + strings.Repeat("x", 2000)
			if recs[i], err = v.Put(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The first close compacts the tables, which tells Badger which
	// values are old; the next closes rewrite files that are mostly old
	// values.
	v = reopen(t, v, o)
	before := vlogBytes(t, dir)
	for range 4 {
		v = reopen(t, v, o)
	}
	after := vlogBytes(t, dir)
	if after >= before*3/4 {
		t.Fatalf("value log %d bytes before closing, %d after: the old versions were not collected", before, after)
	}
	for i, r := range recs {
		got, err := v.Get(ctx, r.Base().ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("round 6 record %d ", i); !strings.HasPrefix(got.(*model.Observation).Summary, want) {
			t.Fatalf("record %d reads %.20q after collection, want %q", i, got.(*model.Observation).Summary, want)
		}
	}
	t.Logf("value log %d → %d bytes", before, after)
}
