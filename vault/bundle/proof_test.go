package bundle

import (
	"errors"
	"testing"

	"varn/model"
)

// TestCheckpointProof: a consistency proof travels in the signed header
// and comes back as written; a malformed one is refused even when signed.
func TestCheckpointProof(t *testing.T) {
	w := newWorld(t)
	recs := observations(2, vaultA)
	hashes := [][32]byte{{1, 2, 3}, {4, 5, 6}}

	h := w.header(1)
	h.CheckpointProof = NewCheckpointProof(17, hashes)
	b, err := openBytes(writeBundle(t, w.a, h, recs), w.openConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p := b.Manifest().CheckpointProof
	if p == nil || p.From != 17 {
		t.Fatalf("proof = %+v", p)
	}
	got, err := p.TreeProof()
	if err != nil || len(got) != 2 || got[0] != hashes[0] || got[1] != hashes[1] {
		t.Errorf("TreeProof = %v, %v", got, err)
	}

	bad := []struct {
		name  string
		proof *CheckpointProof
		noCP  bool
	}{
		{"hash not base64", &CheckpointProof{From: 1, Hashes: []string{"!!"}}, false},
		{"hash too short", &CheckpointProof{From: 1, Hashes: []string{"AAAA"}}, false},
		{"too many hashes", NewCheckpointProof(1, make([][32]byte, maxProofHashes+1)), false},
		{"proof without checkpoint", NewCheckpointProof(1, hashes), true},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			h := w.header(1)
			h.CheckpointProof = tc.proof
			if tc.noCP {
				h.Checkpoint = nil
			}
			_, err := openBytes(writeBundle(t, w.a, h, []model.Record{recs[0]}), w.openConfig())
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("err = %v, want ErrCorrupt", err)
			}
		})
	}
}
