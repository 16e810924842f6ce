package auditlog

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"maps"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"varn/model"
)

// fastLog writes a log of n sample events straight into st, the same
// bytes Append writes (TestFastLogMatchesAppend), without Append's checks
// and head reads, so large benchmarks set up quickly.
func fastLog[S Store](tb testing.TB, n int, st S) S {
	tb.Helper()
	hr := &hashReader{r: st}
	for i := range n {
		ev := sampleEvent(i)
		ev.Seq = uint64(i)
		enc, err := EncodeEvent(&ev)
		if err != nil {
			tb.Fatal(err)
		}
		hs, err := tlog.StoredHashes(int64(i), enc, hr)
		if err != nil {
			tb.Fatal(err)
		}
		if err := st.Set(eventKey(uint64(i)), encodeValue(enc, hs)); err != nil {
			tb.Fatal(err)
		}
	}
	root, err := tlog.TreeHash(int64(n), hr)
	if err != nil {
		tb.Fatal(err)
	}
	if err := st.Set([]byte(headKey), encodeHead(Head{Size: uint64(n), Root: root})); err != nil {
		tb.Fatal(err)
	}
	return st
}

// arenaStore keeps a log's event values back to back in one slice, so a
// million events fit in a fifth of a MemStore's memory. Events must be set
// in order; Get returns the stored bytes without copying.
type arenaStore struct {
	data []byte
	off  []int // value i is data[off[i]:off[i+1]]
	head []byte
}

// newArenaStore returns an arenaStore with room for n sample events.
func newArenaStore(n int) *arenaStore {
	a := &arenaStore{data: make([]byte, 0, n*200), off: make([]int, 1, n+1)}
	return a
}

func (a *arenaStore) Get(k []byte) ([]byte, error) {
	if string(k) == headKey && a.head != nil {
		return a.head, nil
	}
	if len(k) == len(eventPrefix)+8 && string(k[:len(eventPrefix)]) == eventPrefix {
		seq := binary.BigEndian.Uint64(k[len(eventPrefix):])
		if seq < uint64(len(a.off)-1) {
			return a.data[a.off[seq]:a.off[seq+1]], nil
		}
	}
	return nil, ErrNotFound
}

func (a *arenaStore) Scan(prefix, start []byte, fn func(k, v []byte) error) error {
	if !bytes.Equal(prefix, []byte(eventPrefix)) || len(start) > len(eventPrefix) && len(start) != len(eventPrefix)+8 {
		return errors.New("arenaStore: can only scan events")
	}
	var seq uint64
	if len(start) == len(eventPrefix)+8 {
		seq = binary.BigEndian.Uint64(start[len(eventPrefix):])
	}
	k := eventKey(0)
	for ; seq < uint64(len(a.off)-1); seq++ {
		binary.BigEndian.PutUint64(k[len(eventPrefix):], seq)
		if err := fn(k, a.data[a.off[seq]:a.off[seq+1]]); err != nil {
			return err
		}
	}
	return nil
}

func (a *arenaStore) Set(k, v []byte) error {
	if string(k) == headKey {
		a.head = append([]byte(nil), v...)
		return nil
	}
	if !bytes.Equal(k, eventKey(uint64(len(a.off)-1))) {
		return errors.New("arenaStore: events must be set in order")
	}
	a.data = append(a.data, v...)
	a.off = append(a.off, len(a.data))
	return nil
}

func TestFastLogMatchesAppend(t *testing.T) {
	a, b := buildLog(t, 100), fastLog(t, 100, NewMemStore())
	if !maps.EqualFunc(a.m, b.m, bytes.Equal) {
		t.Fatal("fastLog writes other bytes than Append")
	}
	c := fastLog(t, 100, newArenaStore(100))
	for k, v := range a.m {
		if got, err := c.Get([]byte(k)); err != nil || !bytes.Equal(got, v) {
			t.Fatalf("arenaStore differs at %q", k)
		}
	}
	for _, r := range []Reader{c, getOnly{c}} {
		if res, err := Verify(context.Background(), r, nil); err != nil || res.Size != 100 {
			t.Fatalf("Verify(arenaStore) = %v, %v", res, err)
		}
	}
}

func benchmarkVerify(b *testing.B, n int, scan bool) {
	var st Reader = fastLog(b, n, newArenaStore(n))
	if !scan {
		st = getOnly{st}
	}
	ctx := context.Background()
	for b.Loop() {
		res, err := Verify(ctx, st, nil)
		if err != nil || res.Size != uint64(n) {
			b.Fatalf("Verify: %v (%v)", err, res)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkVerify1M is the figure of issue 3: `audit verify` of 1M events
// ≤ 3 s (here over an in-memory store; the vault adds its Badger reads and
// AEAD opens).
func BenchmarkVerify1M(b *testing.B) {
	b.Run("get", func(b *testing.B) { benchmarkVerify(b, 1_000_000, false) })
	b.Run("scan", func(b *testing.B) { benchmarkVerify(b, 1_000_000, true) })
}

// BenchmarkVerify10k is the same on a small log.
func BenchmarkVerify10k(b *testing.B) { benchmarkVerify(b, 10_000, true) }

// BenchmarkAppend measures one Append on a log of 100k events, the
// audit log's share of one acknowledged durable write.
func BenchmarkAppend(b *testing.B) {
	st := fastLog(b, 100_000, NewMemStore())
	i := 100_000
	for b.Loop() {
		ev := sampleEvent(i)
		if err := Append(st, &ev); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEventsNewestFirst measures listing one screenful of events.
func BenchmarkEventsNewestFirst(b *testing.B) {
	st := fastLog(b, 100_000, NewMemStore())
	ctx := context.Background()
	for b.Loop() {
		n := 0
		err := EventsNewestFirst(ctx, st, 1<<64-1, func(model.AuditEvent) error {
			if n++; n == 50 {
				return ErrStop
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
