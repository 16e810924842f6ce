package common

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"varn/model"
)

// scanner is a scan of n observations that counts its runs and, when gate
// is set, waits for it after half of them.
type scanner struct {
	obs  []*model.Observation
	runs atomic.Int32

	mu    sync.Mutex
	gate  chan struct{}
	fail  error
	halfw chan struct{} // closed when the scan reached the gate
	once  *sync.Once
}

// setGate makes the next scans wait at half way until gate is closed
// (nil: no waiting); half is closed when one got there.
func (s *scanner) setGate(gate, half chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gate, s.halfw, s.once = gate, half, &sync.Once{}
}

func (s *scanner) setFail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = err
}

func newScanner(n int) *scanner {
	s := &scanner{}
	for i := range n {
		o := &model.Observation{Summary: fmt.Sprintf("nummer %d", i)}
		o.ID = model.ID(fmt.Sprintf("01K%023d", i+1))
		s.obs = append(s.obs, o)
	}
	return s
}

func (s *scanner) scan(ctx context.Context, fn func(model.Record) error) error {
	s.runs.Add(1)
	s.mu.Lock()
	gate, half, once, fail := s.gate, s.halfw, s.once, s.fail
	s.mu.Unlock()
	for i, o := range s.obs {
		if gate != nil && i == len(s.obs)/2 {
			if half != nil {
				once.Do(func() { close(half) })
			}
			select {
			case <-gate:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return fail
}

func ids(obs []*model.Observation) []model.ID {
	out := make([]model.ID, len(obs))
	for i, o := range obs {
		out[i] = o.ID
	}
	return out
}

// TestCacheReadsOnceForEveryone: callers during a read wait for the same
// read (one scan), progress reports growing prefixes, later callers get
// the set from memory, and the search index is built once and shared.
func TestCacheReadsOnceForEveryone(t *testing.T) {
	var c ObservationCache
	s := newScanner(1000)
	gate, half := make(chan struct{}), make(chan struct{})
	s.setGate(gate, half)
	ctx := context.Background()
	var wg sync.WaitGroup
	sets := make([]*ObservationSet, 3)
	var prefixes []int
	for i := range sets {
		wg.Go(func() {
			var progress func([]*model.Observation)
			if i == 0 {
				progress = func(sofar []*model.Observation) { prefixes = append(prefixes, len(sofar)) }
			}
			set, err := c.Load(ctx, s.scan, progress)
			if err != nil {
				t.Error(err)
			}
			sets[i] = set
		})
	}
	<-half
	time.Sleep(20 * time.Millisecond)
	close(gate)
	wg.Wait()
	if n := s.runs.Load(); n != 1 {
		t.Fatalf("%d scans for three callers at once, want 1", n)
	}
	if sets[0] != sets[1] || sets[1] != sets[2] || sets[0].Len() != 1000 {
		t.Fatalf("callers got different sets or %d observations, want one set of 1000", sets[0].Len())
	}
	if len(prefixes) == 0 || prefixes[0] == 0 || prefixes[0] >= 1000 {
		t.Errorf("progress reported %v, want growing prefixes while the read ran", prefixes)
	}
	for i := 1; i < len(prefixes); i++ {
		if prefixes[i] <= prefixes[i-1] {
			t.Errorf("progress not growing: %v", prefixes)
		}
	}
	again, err := c.Load(ctx, s.scan, nil)
	if err != nil || again != sets[0] || s.runs.Load() != 1 {
		t.Fatalf("a later load read again (%d scans) or got another set", s.runs.Load())
	}
	if sets[0].Index() != sets[1].Index() || sets[0].Index().Len() != 1000 {
		t.Error("the search index is not built once and shared")
	}
	if sets[0].Find(s.obs[17].ID) != s.obs[17] || sets[0].Find("nope") != nil {
		t.Error("Find does not find by ID")
	}
}

// TestCacheFollowsChanges: a saved observation replaces its old version
// or is appended, a deleted one leaves, each in a new set (the old one
// stays as it was); changes made while the read runs reach its result.
func TestCacheFollowsChanges(t *testing.T) {
	var c ObservationCache
	s := newScanner(10)
	ctx := context.Background()
	old, err := c.Load(ctx, s.scan, nil)
	if err != nil {
		t.Fatal(err)
	}
	before := ids(old.All)
	c.Delete("01KAMEASURE") // no observation: the set stays the same
	if c.Cached() != old {
		t.Fatal("deleting a record that is no observation made a new set")
	}
	edited := *s.obs[3]
	edited.Summary = "ändrad"
	c.Put(&edited)
	added := &model.Observation{Summary: "ny"}
	added.ID = "01KNEW"
	c.Put(added)
	c.Delete(s.obs[5].ID)
	c.Delete("01KNOTANOBSERVATION")
	set := c.Cached()
	if set == old {
		t.Fatal("changes were made in place")
	}
	if fmt.Sprint(ids(old.All)) != fmt.Sprint(before) || old.All[3] != s.obs[3] {
		t.Fatal("the old set changed")
	}
	if set.Len() != 10 || set.All[3] != &edited || set.All[9] != added || set.Find(s.obs[5].ID) != nil {
		t.Fatalf("set after changes: %v", ids(set.All))
	}

	// Changes while a read runs.
	c.Invalidate()
	if c.Cached() != nil {
		t.Fatal("Invalidate kept the set")
	}
	gate, half := make(chan struct{}), make(chan struct{})
	s.setGate(gate, half)
	done := make(chan *ObservationSet)
	go func() {
		set, err := c.Load(ctx, s.scan, nil)
		if err != nil {
			t.Error(err)
		}
		done <- set
	}()
	<-half
	late := *s.obs[9] // not read yet: the read will see the old version
	late.Summary = "sent ändrad"
	c.Put(&late)
	c.Delete(s.obs[0].ID) // read already
	close(gate)
	set = <-done
	if set.Len() != 9 || set.Find(s.obs[0].ID) != nil || set.Find(late.ID) != &late {
		t.Fatalf("changes during the read lost: %v", ids(set.All))
	}
	if c.Cached() != set {
		t.Fatal("the read's result was not kept")
	}
}

// TestCacheInvalidateAndClose: Invalidate during a read makes the waiting
// callers read anew; Close drops the set, stops the read and reads
// through (so the locked store's error shows) until Reopen.
func TestCacheInvalidateAndClose(t *testing.T) {
	var c ObservationCache
	s := newScanner(100)
	gate, half := make(chan struct{}), make(chan struct{})
	s.setGate(gate, half)
	ctx := context.Background()
	done := make(chan *ObservationSet)
	go func() {
		set, err := c.Load(ctx, s.scan, nil)
		if err != nil {
			t.Error(err)
		}
		done <- set
	}()
	<-half
	s.setGate(nil, nil) // the next read runs through
	c.Invalidate()
	set := <-done
	if set.Len() != 100 || s.runs.Load() != 2 {
		t.Fatalf("after Invalidate during the read: %d observations, %d scans, want 100 from a second scan", set.Len(), s.runs.Load())
	}

	c.Close()
	if c.Cached() != nil {
		t.Fatal("Close kept the set")
	}
	locked := errors.New("locked")
	s.setFail(locked)
	if _, err := c.Load(ctx, s.scan, nil); !errors.Is(err, locked) {
		t.Fatalf("load after Close: %v, want the store's error", err)
	}
	if c.Cached() != nil {
		t.Fatal("a load after Close was cached")
	}
	c.Reopen()
	s.setFail(nil)
	if set, err := c.Load(ctx, s.scan, nil); err != nil || set.Len() != 100 || c.Cached() != set {
		t.Fatalf("after Reopen: %v", err)
	}

	// Close while a read runs: the read stops, the waiter returns.
	c.Invalidate()
	gate, half = make(chan struct{}), make(chan struct{})
	s.setGate(gate, half)
	errs := make(chan error)
	go func() {
		_, err := c.Load(ctx, s.scan, nil)
		errs <- err
	}()
	<-half
	c.Close()
	select {
	case err := <-errs:
		if err == nil {
			t.Fatal("a read stopped by Close reported no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not stop the read")
	}
	if c.Cached() != nil {
		t.Fatal("the stopped read was cached")
	}
}

// TestLoadWaitsOnlyAsLongAsItsContext: a caller whose context ends stops
// waiting; the read goes on for the others.
func TestLoadWaitsOnlyAsLongAsItsContext(t *testing.T) {
	var c ObservationCache
	s := newScanner(100)
	gate, half := make(chan struct{}), make(chan struct{})
	s.setGate(gate, half)
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error)
	go func() {
		_, err := c.Load(ctx, s.scan, nil)
		errs <- err
	}()
	<-half
	cancel()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller got %v", err)
	}
	close(gate)
	set, err := c.Load(context.Background(), s.scan, nil)
	if err != nil || set.Len() != 100 || s.runs.Load() != 1 {
		t.Fatalf("the read did not go on for the next caller: %v, %d scans", err, s.runs.Load())
	}
}
