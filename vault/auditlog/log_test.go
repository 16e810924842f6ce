package auditlog

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"varn/model"
)

// buildLog returns a store holding a log of n sample events.
func buildLog(t testing.TB, n int) *MemStore {
	t.Helper()
	st := NewMemStore()
	for i := range n {
		ev := sampleEvent(i)
		if err := Append(st, &ev); err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
	}
	return st
}

// refTree is an independent model of the tree: tlog's stored hashes kept in
// a slice, the way tlog's own tests do it.
type refTree []tlog.Hash

func (r refTree) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		out[i] = r[x]
	}
	return out, nil
}

func refRoot(t *testing.T, events []model.AuditEvent) tlog.Hash {
	t.Helper()
	var r refTree
	for i := range events {
		b, err := EncodeEvent(&events[i])
		if err != nil {
			t.Fatal(err)
		}
		hs, err := tlog.StoredHashes(int64(i), b, r)
		if err != nil {
			t.Fatal(err)
		}
		r = append(r, hs...)
	}
	h, err := tlog.TreeHash(int64(len(events)), r)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestAppendBuildsTheRFC6962Tree(t *testing.T) {
	st := NewMemStore()
	var events []model.AuditEvent
	for i := range 70 {
		ev := sampleEvent(i)
		ev.Seq = 999 // ignored: Append assigns it
		ev.Time = ev.Time.In(time.FixedZone("CET", 3600))
		if err := Append(st, &ev); err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		if ev.Seq != uint64(i) {
			t.Fatalf("Append set Seq = %d, want %d", ev.Seq, i)
		}
		if ev.Time.Location() != time.UTC {
			t.Fatalf("Append left Time in %v, want UTC", ev.Time.Location())
		}
		events = append(events, ev)
		head, err := ReadHead(st)
		if err != nil {
			t.Fatal(err)
		}
		if head.Size != uint64(i+1) {
			t.Fatalf("head size %d after %d appends", head.Size, i+1)
		}
		if want := refRoot(t, events); head.Root != want {
			t.Fatalf("after %d events root %v, want %v", i+1, head.Root, want)
		}
		got, err := Event(st, uint64(i))
		if err != nil || !reflect.DeepEqual(got, ev) {
			t.Fatalf("Event(%d) = %+v, %v; want %+v", i, got, err, ev)
		}
	}
	// One event value and a head per event, nothing else.
	if st.Len() != 71 {
		t.Errorf("store holds %d keys, want 71", st.Len())
	}
	for k := range st.m {
		if !strings.HasPrefix(k, Prefix) {
			t.Errorf("key %q outside the prefix %q", k, Prefix)
		}
	}
}

func TestEmptyLog(t *testing.T) {
	st := NewMemStore()
	head, err := ReadHead(st)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := tlog.TreeHash(0, nil); head.Size != 0 || head.Root != want {
		t.Errorf("empty head = %v", head)
	}
	res, err := Verify(context.Background(), st, nil)
	if err != nil || res.String() != "0 events, log intact (root 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=)" {
		t.Errorf("Verify(empty) = %q, %v", res, err)
	}
	if err := Events(context.Background(), st, 0, func(model.AuditEvent) error { return errors.New("called") }); err != nil {
		t.Error(err)
	}
	if err := EventsNewestFirst(context.Background(), st, math.MaxUint64, func(model.AuditEvent) error { return errors.New("called") }); err != nil {
		t.Error(err)
	}
}

func TestAppendBadEventChangesNothing(t *testing.T) {
	tests := []struct {
		name string
		edit func(*model.AuditEvent)
		want string
	}{
		{"unknown action", func(e *model.AuditEvent) { e.Action = "sneak" }, "not a known audit action"},
		{"unknown kind", func(e *model.AuditEvent) { e.Kind = "secretkind" }, "not a known kind"},
		{"bad ref", func(e *model.AuditEvent) { e.Ref = model.ID(secret) }, "not a valid record ID"},
		{"no time", func(e *model.AuditEvent) { e.Time = time.Time{} }, "no time"},
		{"control chars", func(e *model.AuditEvent) { e.Detail = "\x1b[2J" + secret }, "control character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := buildLog(t, 5)
			before := maps.Clone(st.m)
			ev := sampleEvent(5)
			tt.edit(&ev)
			err := Append(st, &ev)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Append = %v, want error containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q quotes the event", err)
			}
			if !maps.EqualFunc(before, st.m, bytes.Equal) {
				t.Error("a refused Append changed the store")
			}
			if _, err := Verify(context.Background(), st, nil); err != nil {
				t.Errorf("log not intact after refused Append: %v", err)
			}
		})
	}
	if err := Append(NewMemStore(), nil); err == nil {
		t.Error("Append(nil) succeeded")
	}
}

func TestAppendRefusesTamperedLog(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(*MemStore)
		want   string
	}{
		{"head deleted", func(st *MemStore) { st.Delete([]byte(headKey)) }, "head is missing"},
		{"head corrupt", func(st *MemStore) { st.m[headKey] = []byte("garbage") }, "head is corrupt"},
		{"head size absurd", func(st *MemStore) {
			st.m[headKey] = encodeHead(Head{Size: maxSize + 1})
		}, "head is corrupt"},
		{"event beyond head", func(st *MemStore) {
			st.m[string(eventKey(5))] = st.m[string(eventKey(4))]
		}, "beyond the log head"},
		{"needed hash missing", func(st *MemStore) { st.Delete(eventKey(3)) }, "event 3 is missing"},
		{"needed hash corrupt", func(st *MemStore) { st.m[string(eventKey(3))] = []byte{0, 0} }, "event 3 is corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := buildLog(t, 5)
			tt.tamper(st)
			before := maps.Clone(st.m)
			ev := sampleEvent(5)
			err := Append(st, &ev)
			if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Append = %v, want ErrTampered containing %q", err, tt.want)
			}
			if !maps.EqualFunc(before, st.m, bytes.Equal) {
				t.Error("a refused Append changed the store")
			}
		})
	}
}

// failStore fails Get or Set on the n-th call. It is no Scanner.
type failStore struct {
	st               *MemStore
	failGet, failSet int
	gets, sets       int
}

var errDisk = errors.New("disk on fire")

func (f *failStore) Get(k []byte) ([]byte, error) {
	if f.gets++; f.gets == f.failGet {
		return nil, errDisk
	}
	return f.st.Get(k)
}

func (f *failStore) Set(k, v []byte) error {
	if f.sets++; f.sets == f.failSet {
		return errDisk
	}
	return f.st.Set(k, v)
}

// scanFail is a store whose Scan fails after the first key.
type scanFail struct{ *MemStore }

func (s scanFail) Scan(prefix, start []byte, fn func(k, v []byte) error) error {
	n := 0
	return s.MemStore.Scan(prefix, start, func(k, v []byte) error {
		if n++; n > 1 {
			return errDisk
		}
		return fn(k, v)
	})
}

func TestStoreErrorsPropagate(t *testing.T) {
	for i := 1; i <= 4; i++ {
		fs := &failStore{st: buildLog(t, 7), failGet: i}
		ev := sampleEvent(7)
		if err := Append(fs, &ev); !errors.Is(err, errDisk) {
			t.Errorf("Append with Get %d failing = %v, want the store's error", i, err)
		} else if errors.Is(err, ErrTampered) {
			t.Errorf("store failure reported as tampering: %v", err)
		}
	}
	for i := 1; i <= 2; i++ {
		fs := &failStore{st: buildLog(t, 7), failSet: i}
		ev := sampleEvent(7)
		if err := Append(fs, &ev); !errors.Is(err, errDisk) {
			t.Errorf("Append with Set %d failing = %v, want the store's error", i, err)
		}
	}
	for i := 1; i <= 9; i++ {
		fs := &failStore{st: buildLog(t, 7), failGet: i}
		if _, err := Verify(context.Background(), fs, nil); !errors.Is(err, errDisk) || errors.Is(err, ErrTampered) {
			t.Errorf("Verify with Get %d failing = %v, want the store's error", i, err)
		}
	}
	// A failing Scan is reported as a read error too.
	sf := scanFail{buildLog(t, 7)}
	if _, err := Verify(context.Background(), sf, nil); !errors.Is(err, errDisk) || errors.Is(err, ErrTampered) {
		t.Errorf("Verify with Scan failing = %v, want the store's error", err)
	}
	fs := &failStore{st: buildLog(t, 7), failGet: 3}
	if err := Events(context.Background(), fs, 0, func(model.AuditEvent) error { return nil }); !errors.Is(err, errDisk) {
		t.Errorf("Events = %v, want the store's error", err)
	}
}

func TestEvents(t *testing.T) {
	for _, mode := range []string{"scan", "get"} {
		t.Run(mode, func(t *testing.T) { testEvents(t, mode) })
	}
}

func testEvents(t *testing.T, mode string) {
	mem := buildLog(t, 10)
	var st Reader = mem
	if mode == "get" {
		st = getOnly{mem}
	}
	ctx := context.Background()
	collect := func(newest bool, from uint64, stopAfter int) []uint64 {
		t.Helper()
		var seqs []uint64
		fn := func(ev model.AuditEvent) error {
			seqs = append(seqs, ev.Seq)
			if len(seqs) == stopAfter {
				return ErrStop
			}
			return nil
		}
		var err error
		if newest {
			err = EventsNewestFirst(ctx, st, from, fn)
		} else {
			err = Events(ctx, st, from, fn)
		}
		if err != nil {
			t.Fatal(err)
		}
		return seqs
	}
	tests := []struct {
		name      string
		newest    bool
		from      uint64
		stopAfter int
		want      []uint64
	}{
		{"all", false, 0, -1, []uint64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"from 7", false, 7, -1, []uint64{7, 8, 9}},
		{"from beyond", false, 10, -1, nil},
		{"stop", false, 2, 3, []uint64{2, 3, 4}},
		{"newest first", true, math.MaxUint64, -1, []uint64{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}},
		{"newest from 3", true, 3, -1, []uint64{3, 2, 1, 0}},
		{"newest page", true, math.MaxUint64, 4, []uint64{9, 8, 7, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := collect(tt.newest, tt.from, tt.stopAfter); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	mine := errors.New("mine")
	if err := Events(ctx, st, 0, func(model.AuditEvent) error { return mine }); err != mine {
		t.Errorf("Events returned %v, want fn's error", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := Events(cctx, st, 0, func(model.AuditEvent) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Events with cancelled ctx = %v", err)
	}

	// A corrupt or missing event stops the listing with a clear error.
	mem.m[string(eventKey(4))] = mem.m[string(eventKey(6))]
	err := Events(ctx, st, 0, func(model.AuditEvent) error { return nil })
	if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "position 4 carries seq 6") {
		t.Errorf("Events over a moved event = %v", err)
	}
	mem.Delete(eventKey(4))
	err = Events(ctx, st, 2, func(model.AuditEvent) error { return nil })
	if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "event 4 is missing") {
		t.Errorf("Events over a gap = %v", err)
	}
	mem.Delete(eventKey(9))
	mem.Delete(eventKey(8))
	err = Events(ctx, st, 5, func(model.AuditEvent) error { return nil })
	if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "event 8 is missing") {
		t.Errorf("Events over a cut tail = %v", err)
	}
	err = EventsNewestFirst(ctx, st, math.MaxUint64, func(model.AuditEvent) error { return nil })
	if !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "event 9 is missing") {
		t.Errorf("EventsNewestFirst over a gap = %v", err)
	}
	if _, err := Event(st, 4); !errors.Is(err, ErrNotFound) {
		t.Errorf("Event(missing) = %v, want ErrNotFound", err)
	}
}

func TestConsistency(t *testing.T) {
	const n = 45
	st := NewMemStore()
	heads := []Head{{Size: 0, Root: emptyRoot()}}
	for i := range n {
		ev := sampleEvent(i)
		if err := Append(st, &ev); err != nil {
			t.Fatal(err)
		}
		h, err := ReadHead(st)
		if err != nil {
			t.Fatal(err)
		}
		heads = append(heads, h)
	}
	for older := 0; older <= n; older++ {
		for newer := older; newer <= n; newer++ {
			p, err := ProveConsistency(st, uint64(older), uint64(newer))
			if err != nil {
				t.Fatalf("ProveConsistency(%d, %d): %v", older, newer, err)
			}
			if err := CheckConsistency(p, heads[older], heads[newer]); err != nil {
				t.Fatalf("CheckConsistency(%d, %d): %v", older, newer, err)
			}
		}
	}

	// A log rewritten after the older head does not extend it.
	forged := NewMemStore()
	for i := range n {
		ev := sampleEvent(i)
		if i == 3 {
			ev.Action = model.ActionView
		}
		if err := Append(forged, &ev); err != nil {
			t.Fatal(err)
		}
	}
	fh, _ := ReadHead(forged)
	p, err := ProveConsistency(forged, 10, n)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckConsistency(p, heads[10], fh); !errors.Is(err, ErrTampered) {
		t.Errorf("rewritten log passes consistency: %v", err)
	}
	// Shrinking is never consistent, nor a proof for other sizes.
	if err := CheckConsistency(nil, heads[20], heads[10]); !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("shrunk log: %v", err)
	}
	p, _ = ProveConsistency(st, 10, 30)
	if err := CheckConsistency(p, heads[11], heads[30]); !errors.Is(err, ErrTampered) {
		t.Errorf("proof for 10 accepted for 11: %v", err)
	}
	if err := CheckConsistency(nil, heads[30], heads[30]); err != nil {
		t.Errorf("equal heads: %v", err)
	}
	if err := CheckConsistency(nil, heads[30], Head{Size: 30, Root: heads[29].Root}); !errors.Is(err, ErrTampered) {
		t.Errorf("same size, other root: %v", err)
	}
	if _, err := ProveConsistency(st, 10, n+1); err == nil {
		t.Error("ProveConsistency beyond the head succeeded")
	}
	if _, err := ProveConsistency(st, 11, 10); err == nil {
		t.Error("ProveConsistency with older > newer succeeded")
	}
}

func TestMemStoreCopies(t *testing.T) {
	st := NewMemStore()
	k, v := []byte("a/x"), []byte("value")
	if err := st.Set(k, v); err != nil {
		t.Fatal(err)
	}
	v[0], k[2] = 'X', 'y'
	got, err := st.Get([]byte("a/x"))
	if err != nil || string(got) != "value" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	got[0] = 'Z'
	if again, _ := st.Get([]byte("a/x")); string(again) != "value" {
		t.Error("Get returned the stored slice")
	}
	if _, err := st.Get([]byte("a/y")); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(absent) = %v", err)
	}
}
