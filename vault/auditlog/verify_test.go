package auditlog

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"varn/model"
)

// The tests below edit the store directly, as someone with the vault's
// master key could edit Badger, and check that Verify names the first bad
// event and what happened to it.

const logLen = 37 // not a power of two, so the tree has a ragged edge

func key(seq uint64) string { return string(eventKey(seq)) }

// rewriteEvent changes event seq's contents in place, keeping the value's
// stored hashes unless fixLeaf (then its leaf hash matches the new bytes,
// as a careful forger would do).
func rewriteEvent(t *testing.T, st *MemStore, seq uint64, edit func(*model.AuditEvent), fixLeaf bool) {
	t.Helper()
	v := st.m[key(seq)]
	enc, hashes, ok := splitValue(v)
	if !ok {
		t.Fatalf("event %d: bad value", seq)
	}
	ev, err := DecodeEvent(enc)
	if err != nil {
		t.Fatal(err)
	}
	edit(&ev)
	enc, err = EncodeEvent(&ev)
	if err != nil {
		t.Fatal(err)
	}
	hs := make([]tlog.Hash, len(hashes)/tlog.HashSize)
	for i := range hs {
		copy(hs[i][:], hashes[i*tlog.HashSize:])
	}
	if fixLeaf {
		hs[0] = tlog.RecordHash(enc)
	}
	st.m[key(seq)] = encodeValue(enc, hs)
}

// rebuilt returns a fresh, self-consistent log of the given events (what a
// forger who recomputes every hash and the head produces).
func rebuilt(t *testing.T, events []model.AuditEvent) *MemStore {
	t.Helper()
	st := NewMemStore()
	for i := range events {
		ev := events[i]
		if err := Append(st, &ev); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func samples(n int) []model.AuditEvent {
	out := make([]model.AuditEvent, n)
	for i := range out {
		out[i] = sampleEvent(i)
	}
	return out
}

func headOf(t *testing.T, st *MemStore) Head {
	t.Helper()
	h, err := ReadHead(st)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestVerifyNamesFirstBadEvent(t *testing.T) {
	tests := []struct {
		name string
		// tamper edits the log; it may return a store to verify instead
		// (for whole-log forgeries) and a trusted checkpoint.
		tamper    func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint)
		problem   Problem
		seq, last uint64
		detail    string
	}{
		{
			name:    "intact",
			tamper:  func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) { return st, nil },
			problem: Intact,
		},
		{
			name: "intact and extends checkpoint",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				old := rebuilt(t, samples(20))
				return st, &Checkpoint{Origin: "o", Head: headOf(t, old)}
			},
			problem: Intact,
		},
		{
			name: "intact, checkpoint of the same size",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				return st, &Checkpoint{Origin: "o", Head: headOf(t, st)}
			},
			problem: Intact,
		},
		{
			name: "modified detail",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				rewriteEvent(t, st, 12, func(e *model.AuditEvent) { e.Detail = "nothing to see" }, false)
				return st, nil
			},
			problem: Modified, seq: 12, last: 12, detail: "do not match the hash stored",
		},
		{
			name: "modified action of the first event",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				rewriteEvent(t, st, 0, func(e *model.AuditEvent) { e.Action = model.ActionView }, false)
				return st, nil
			},
			problem: Modified, seq: 0, last: 0,
		},
		{
			name: "modified last event",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				rewriteEvent(t, st, logLen-1, func(e *model.AuditEvent) { e.Actor.User = "someone" }, false)
				return st, nil
			},
			problem: Modified, seq: logLen - 1, last: logLen - 1,
		},
		{
			name: "modified with its leaf hash fixed up",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				rewriteEvent(t, st, 12, func(e *model.AuditEvent) { e.Fields = nil }, true)
				return st, nil
			},
			// 12 and 13 share a level-1 node: either could be the one.
			problem: Modified, seq: 12, last: 13, detail: "tree hash stored over events 12 to 13",
		},
		{
			name: "stored interior hash flipped",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[key(23)][len(st.m[key(23)])-1] ^= 1 // level 3 hash of event 23
				return st, nil
			},
			problem: Modified, seq: 16, last: 23,
		},
		{
			name: "value garbage",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[key(9)] = []byte("not an event at all")
				return st, nil
			},
			problem: Modified, seq: 9, last: 9,
		},
		{
			name: "value cut short",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[key(9)] = st.m[key(9)][:len(st.m[key(9)])-5]
				return st, nil
			},
			problem: Modified, seq: 9, last: 9, detail: "malformed",
		},
		{
			name: "rewritten and rehashed: only the checkpoint tells",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				want := &Checkpoint{Origin: "o", Head: Head{Size: 30}}
				want.Root, _ = tlog.TreeHash(30, &hashReader{r: st})
				ev := samples(logLen)
				ev[5].Actor.User = "scapegoat"
				return rebuilt(t, ev), want
			},
			problem: Modified, seq: 0, last: 29, detail: "do not match the trusted checkpoint",
		},
		{
			name: "deleted",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.Delete(eventKey(17))
				return st, nil
			},
			problem: Deleted, seq: 17, last: 17, detail: "later events are present",
		},
		{
			name: "deleted first",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.Delete(eventKey(0))
				return st, nil
			},
			problem: Deleted, seq: 0, last: 0,
		},
		{
			name: "deleted a run in the middle",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				for i := uint64(10); i < 30; i++ {
					st.Delete(eventKey(i))
				}
				return st, nil
			},
			problem: Deleted, seq: 10, last: 10,
		},
		{
			name: "deleted and the rest moved down",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				for i := uint64(17); i < logLen-1; i++ {
					st.m[key(i)] = st.m[key(i+1)]
				}
				st.Delete(eventKey(logLen - 1))
				h := headOf(t, st)
				h.Size--
				st.m[headKey] = encodeHead(h)
				return st, nil
			},
			problem: Deleted, seq: 17, last: 17, detail: "event 18 was moved into its place",
		},
		{
			name: "two swapped",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[key(8)], st.m[key(21)] = st.m[key(21)], st.m[key(8)]
				return st, nil
			},
			problem: Reordered, seq: 8, last: 8, detail: "swapped with event 21",
		},
		{
			name: "neighbours swapped",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[key(4)], st.m[key(5)] = st.m[key(5)], st.m[key(4)]
				return st, nil
			},
			problem: Reordered, seq: 4, last: 4,
		},
		{
			name: "one moved later",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				moved := st.m[key(6)]
				for i := uint64(6); i < 30; i++ {
					st.m[key(i)] = st.m[key(i+1)]
				}
				st.m[key(30)] = moved
				return st, nil
			},
			problem: Reordered, seq: 6, last: 6, detail: "stored at position 30",
		},
		{
			name: "seq inside rewritten to match a new place",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				// Swap two events and fix the seq inside each (and its
				// leaf): positions agree, the tree does not.
				a, b := st.m[key(12)], st.m[key(14)]
				st.m[key(12)], st.m[key(14)] = b, a
				rewriteEvent(t, st, 12, func(e *model.AuditEvent) { e.Seq = 12 }, true)
				rewriteEvent(t, st, 14, func(e *model.AuditEvent) { e.Seq = 14 }, true)
				return st, nil
			},
			problem: Modified, seq: 12, last: 13,
		},
		{
			name: "duplicate of the previous event",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[key(15)] = st.m[key(14)]
				return st, nil
			},
			problem: Inserted, seq: 15, last: 15, detail: "second copy of event 14",
		},
		{
			name: "copy inserted and the rest moved up",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				for i := uint64(logLen); i > 20; i-- {
					st.m[key(i)] = st.m[key(i-1)]
				}
				h := headOf(t, st)
				h.Size++
				st.m[headKey] = encodeHead(h)
				return st, nil
			},
			problem: Inserted, seq: 21, last: 21, detail: "second copy of event 20",
		},
		{
			name: "forged event inserted and the rest moved up",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				for i := uint64(logLen); i > 20; i-- {
					st.m[key(i)] = st.m[key(i-1)]
				}
				rewriteEvent(t, st, 20, func(e *model.AuditEvent) { e.Action = model.ActionExport }, false)
				h := headOf(t, st)
				h.Size++
				st.m[headKey] = encodeHead(h)
				return st, nil
			},
			problem: Inserted, seq: 20, last: 20, detail: "extra event was put in its place",
		},
		{
			name: "event added beyond the head",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				longer := rebuilt(t, samples(logLen+1))
				st.m[key(logLen)] = longer.m[key(logLen)]
				return st, nil
			},
			problem: Inserted, seq: logLen, last: logLen, detail: "beyond the log head",
		},
		{
			name: "tail deleted, head left",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				for i := uint64(logLen - 3); i < logLen; i++ {
					st.Delete(eventKey(i))
				}
				return st, nil
			},
			problem: Truncated, seq: logLen - 3, last: logLen - 3, detail: "events 34 to 36 are missing",
		},
		{
			name: "tail deleted, head rewritten: caught by the checkpoint",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				want := &Checkpoint{Origin: "o", Head: headOf(t, st)}
				return rebuilt(t, samples(logLen-3)), want
			},
			problem: Truncated, seq: logLen - 3, last: logLen - 3, detail: "the trusted checkpoint has 37",
		},
		{
			name: "older copy of the vault put back",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				old := rebuilt(t, samples(10))
				return old, &Checkpoint{Origin: "o", Head: headOf(t, st)}
			},
			problem: Truncated, seq: 10, last: 10, detail: "older copy",
		},
		{
			name: "emptied",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				return NewMemStore(), &Checkpoint{Origin: "o", Head: headOf(t, st)}
			},
			problem: Truncated, seq: 0, last: 0,
		},
		{
			name: "head size lowered",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				h := headOf(t, st)
				h.Size = 30
				st.m[headKey] = encodeHead(h)
				return st, nil
			},
			problem: Truncated, seq: 30, last: 30, detail: "does not match the tree recomputed",
		},
		{
			name: "head root flipped",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[headKey][20] ^= 0x80
				return st, nil
			},
			problem: Truncated, seq: logLen, last: logLen, detail: "does not match the tree recomputed",
		},
		{
			name: "head deleted",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.Delete([]byte(headKey))
				return st, nil
			},
			problem: Truncated, seq: logLen, last: logLen, detail: "head is missing; the 37 events found are otherwise intact",
		},
		{
			name: "head corrupt",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[headKey] = []byte{1, 2, 3}
				return st, nil
			},
			problem: Truncated, seq: logLen, last: logLen, detail: "head is corrupt",
		},
		{
			name: "head claims absurd size",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.m[headKey] = encodeHead(Head{Size: maxSize, Root: headOf(t, st).Root})
				return st, nil
			},
			problem: Truncated, seq: logLen, last: logLen,
		},
		{
			name: "head deleted and an event modified: the event comes first",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.Delete([]byte(headKey))
				rewriteEvent(t, st, 3, func(e *model.AuditEvent) { e.Detail = "x" }, false)
				return st, nil
			},
			problem: Modified, seq: 3, last: 3,
		},
		{
			name: "several problems: the first is named",
			tamper: func(t *testing.T, st *MemStore) (*MemStore, *Checkpoint) {
				st.Delete(eventKey(30))
				st.m[key(20)], st.m[key(22)] = st.m[key(22)], st.m[key(20)]
				rewriteEvent(t, st, 7, func(e *model.AuditEvent) { e.Detail = "x" }, false)
				return st, &Checkpoint{Origin: "o", Head: Head{Size: 100}}
			},
			problem: Modified, seq: 7, last: 7,
		},
	}
	for _, mode := range []string{"scan", "get"} {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				st := buildLog(t, logLen)
				target, want := tt.tamper(t, st)
				var r Reader = target
				if mode == "get" {
					r = getOnly{target}
				}
				res, err := Verify(context.Background(), r, want)
				if res.Problem != tt.problem || res.Seq != tt.seq || res.Last != tt.last {
					t.Fatalf("Verify = %v, seq %d..%d (%q); want %v, seq %d..%d", res.Problem, res.Seq, res.Last, res, tt.problem, tt.seq, tt.last)
				}
				if !strings.Contains(res.Detail, tt.detail) {
					t.Errorf("detail %q, want it to contain %q", res.Detail, tt.detail)
				}
				if tt.problem == Intact {
					if err != nil {
						t.Fatalf("intact log: %v", err)
					}
					if res.Size != logLen || res.Root != headOf(t, target).Root {
						t.Errorf("intact result %+v does not match the head", res)
					}
					return
				}
				if !errors.Is(err, ErrTampered) {
					t.Fatalf("error %v does not wrap ErrTampered", err)
				}
				if err.Error() != "auditlog: audit log is not intact: "+res.String() {
					t.Errorf("error %q does not carry the result", err)
				}
				if strings.Contains(res.String(), "sakchef") || strings.Contains(res.String(), "scapegoat") {
					t.Errorf("result %q quotes event contents", res)
				}
			})
		}
	}
}

// getOnly hides a store's Scan method, so Verify reads with Get alone.
type getOnly struct{ Reader }

func TestVerifyStrayKeyAmongEvents(t *testing.T) {
	st := buildLog(t, 5)
	st.m[eventPrefix+"zz"] = []byte("x")
	res, err := Verify(context.Background(), st, nil)
	if !errors.Is(err, ErrTampered) || res.Problem != Inserted || res.Seq != 5 {
		t.Errorf("stray key: %v (%v)", res, err)
	}
	st.m[eventPrefix+"\x00"] = []byte("x")
	res, err = Verify(context.Background(), st, nil)
	if !errors.Is(err, ErrTampered) || res.Problem != Inserted || res.Seq != 0 {
		t.Errorf("stray key before the events: %v (%v)", res, err)
	}
}

func TestVerifyResultText(t *testing.T) {
	st := buildLog(t, 3)
	res, err := Verify(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "3 events, log intact (root " + strings.TrimSuffix(headOf(t, st).String()[len("3 events, root "):], "") + ")"; res.String() != want {
		t.Errorf("String() = %q, want %q", res, want)
	}
	tests := []struct {
		res  Result
		want string
	}{
		{Result{Problem: Modified, Seq: 4, Last: 4, Detail: "d"}, "event 4 modified: d"},
		{Result{Problem: Modified, Seq: 4, Last: 7, Detail: "d"}, "one of events 4 to 7 modified: d"},
		{Result{Problem: Deleted, Seq: 2, Last: 2, Detail: "d"}, "event 2 deleted: d"},
		{Result{Problem: Reordered, Seq: 2, Last: 2, Detail: "d"}, "event 2 reordered: d"},
		{Result{Problem: Inserted, Seq: 2, Last: 2, Detail: "d"}, "event 2 inserted: d"},
		{Result{Problem: Truncated, Seq: 9, Last: 9, Detail: "d"}, "log truncated at event 9: d"},
	}
	for _, tt := range tests {
		if got := tt.res.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	if Problem(99).String() != "Problem(99)" {
		t.Error("unknown Problem has no fallback name")
	}
}

func TestVerifyLeavesStoreAlone(t *testing.T) {
	st := buildLog(t, 20)
	before := maps.Clone(st.m)
	st.Delete(eventKey(5))
	delete(before, key(5))
	if _, err := Verify(context.Background(), st, nil); !errors.Is(err, ErrTampered) {
		t.Fatal(err)
	}
	if !maps.EqualFunc(before, st.m, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("Verify changed the store")
	}
}

func TestVerifyCancelled(t *testing.T) {
	st := buildLog(t, 5000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Verify(ctx, st, nil)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrTampered) {
		t.Errorf("Verify with cancelled ctx = %v", err)
	}
}

// TestVerifyEverySizeAndSingleTamper appends up to 70 events and, at each
// size, checks the intact log and the same log with each event modified.
func TestVerifyEverySizeAndSingleTamper(t *testing.T) {
	st := NewMemStore()
	for n := 1; n <= 70; n++ {
		ev := sampleEvent(n - 1)
		if err := Append(st, &ev); err != nil {
			t.Fatal(err)
		}
		if res, err := Verify(context.Background(), st, nil); err != nil || res.Size != uint64(n) {
			t.Fatalf("size %d: %v (%v)", n, err, res)
		}
	}
	for seq := uint64(0); seq < 70; seq++ {
		saved := st.m[key(seq)]
		rewriteEvent(t, st, seq, func(e *model.AuditEvent) { e.Detail = "tampered" }, false)
		res, err := Verify(context.Background(), st, nil)
		if !errors.Is(err, ErrTampered) || res.Problem != Modified || res.Seq != seq {
			t.Fatalf("event %d modified: got %v", seq, res)
		}
		st.m[key(seq)] = saved
	}
}

// TestEveryChangeDetected flips every bit of every stored byte, and
// deletes every key, one at a time: Verify must report each one.
func TestEveryChangeDetected(t *testing.T) {
	st := buildLog(t, 9)
	keys := make([]string, 0, len(st.m))
	for k := range st.m {
		keys = append(keys, k)
	}
	for _, mode := range []string{"scan", "get"} {
		var r Reader = st
		if mode == "get" {
			r = getOnly{st}
		}
		for _, k := range keys {
			v := st.m[k]
			for i := range v {
				for bit := range 8 {
					v[i] ^= 1 << bit
					res, err := Verify(context.Background(), r, nil)
					v[i] ^= 1 << bit
					if !errors.Is(err, ErrTampered) {
						t.Fatalf("%s: bit %d of byte %d of %q flipped: %v (%v)", mode, bit, i, k, res, err)
					}
				}
			}
			delete(st.m, k)
			res, err := Verify(context.Background(), r, nil)
			st.m[k] = v
			if !errors.Is(err, ErrTampered) {
				t.Fatalf("%s: %q deleted: %v (%v)", mode, k, res, err)
			}
		}
		if _, err := Verify(context.Background(), r, nil); err != nil {
			t.Fatalf("restored log: %v", err)
		}
	}
}
