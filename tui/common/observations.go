package common

import (
	"context"
	"sync"
	"time"

	"varn/model"
)

// ObservationSet is every observation of the vault, read once and shared
// by every screen that needs them (the Lägesbild, the pyramid's picker,
// the Samverkan agenda and report), so 100,000 observations are held in
// memory once, not once per screen.
//
// A set is read-only: neither All nor the records it points to may be
// changed by anyone. A change of observations makes a new set (see
// [ObservationCache]); a screen holding the old one keeps a consistent
// view until it takes the new one.
type ObservationSet struct {
	// All is every observation, in the order the vault keeps them (by
	// ID), with those saved since the set was read at the end.
	All []*model.Observation

	ixOnce sync.Once
	ix     *model.ObservationIndex
	idOnce sync.Once
	byID   map[model.ID]*model.Observation
}

// NewObservationSet makes a set of obs, which it keeps (the caller must
// not change them afterwards).
func NewObservationSet(obs []*model.Observation) *ObservationSet {
	return &ObservationSet{All: obs}
}

// Len returns the number of observations; 0 for a nil set.
func (s *ObservationSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.All)
}

// Index returns the model's search index over All, built on first use
// (tens of milliseconds for 100,000 observations: call it in a tea.Cmd)
// and shared by every caller.
func (s *ObservationSet) Index() *model.ObservationIndex {
	s.ixOnce.Do(func() { s.ix = model.NewObservationIndex(s.All) })
	return s.ix
}

// Find returns the observation with id, nil if there is none. The map it
// looks in is built on first use and shared.
func (s *ObservationSet) Find(id model.ID) *model.Observation {
	if s == nil {
		return nil
	}
	s.idOnce.Do(func() {
		s.byID = make(map[model.ID]*model.Observation, len(s.All))
		for _, o := range s.All {
			s.byID[o.ID] = o
		}
	})
	return s.byID[id]
}

// changes are observations saved (or, nil, deleted) by ID, in the
// order first changed.
type changes struct {
	by    map[model.ID]*model.Observation
	order []model.ID
}

func (c *changes) note(id model.ID, o *model.Observation) {
	if c.by == nil {
		c.by = map[model.ID]*model.Observation{}
	}
	if _, ok := c.by[id]; !ok {
		c.order = append(c.order, id)
	}
	c.by[id] = o
}

// with returns a new set with the changes made in one pass: a saved
// observation replaces the one of its ID or is appended, a deleted one
// is left out. It returns s itself when nothing changes (a deleted
// record that was no observation: the set and its index stay shared).
func (s *ObservationSet) with(ch *changes) *ObservationSet {
	if len(ch.order) == 0 {
		return s
	}
	all := make([]*model.Observation, 0, len(s.All)+len(ch.order))
	seen := make(map[model.ID]bool, len(ch.order))
	changed := false
	for _, p := range s.All {
		o, ok := ch.by[p.ID]
		if !ok {
			all = append(all, p)
			continue
		}
		seen[p.ID] = true
		changed = changed || o != p
		if o != nil {
			all = append(all, o)
		}
	}
	for _, id := range ch.order {
		if o := ch.by[id]; o != nil && !seen[id] {
			all = append(all, o)
			changed = true
		}
	}
	if !changed {
		return s
	}
	return NewObservationSet(all)
}

// ObservationCacher is implemented by stores that keep one shared
// [ObservationSet]; [LoadObservations] reads through it.
type ObservationCacher interface {
	ObservationCache() *ObservationCache
}

// LoadObservations returns every observation of st as a shared,
// read-only set. A store that keeps an [ObservationCache] reads the vault
// once (the first caller starts the read; callers while it runs wait for
// the same read) and afterwards answers from memory; any other store is
// scanned anew.
//
// progress, when not nil, is called in the caller's goroutine while a
// read is under way with the observations read so far: a growing prefix
// of the final set's All, read-only. It may block (the read goes on
// meanwhile). LoadObservations stops waiting when ctx ends; the read
// itself stops only when the store closes.
//
// It reads the vault: call it only from a tea.Cmd.
func LoadObservations(ctx context.Context, st Store, progress func(sofar []*model.Observation)) (*ObservationSet, error) {
	scan := func(ctx context.Context, fn func(model.Record) error) error {
		return st.Scan(ctx, model.KindObservation, fn)
	}
	if c, ok := st.(ObservationCacher); ok {
		if cache := c.ObservationCache(); cache != nil {
			return cache.Load(ctx, scan, progress)
		}
	}
	obs, err := readObservations(ctx, scan, progress)
	if err != nil {
		return nil, err
	}
	return NewObservationSet(obs), nil
}

// progressEvery is how many observations a read takes in between
// reports of progress.
const progressEvery = 128

// readObservations scans every observation into a slice.
func readObservations(ctx context.Context, scan func(context.Context, func(model.Record) error) error, progress func([]*model.Observation)) ([]*model.Observation, error) {
	var all []*model.Observation
	err := scan(ctx, func(r model.Record) error {
		if o, ok := r.(*model.Observation); ok {
			all = append(all, o)
			if progress != nil && len(all)%progressEvery == 0 {
				progress(all[:len(all):len(all)])
			}
		}
		return nil
	})
	return all, err
}

// ObservationCache keeps a store's [ObservationSet]: read once, then kept
// current by the store's own changes (Put and Delete of an observation
// make a new set), dropped when something changes many records at once
// (Invalidate: an import, a purge; the next Load reads the vault again)
// and dropped, its read stopped, when the vault locks (Close).
//
// The zero value is ready to use. Its methods may be called from any
// goroutine.
type ObservationCache struct {
	mu  sync.Mutex
	set *ObservationSet
	// pending are the changes not yet made to set: they are made in one
	// pass when the set is next asked for, so a purge deleting thousands
	// of observations one by one does not copy the set each time.
	pending changes
	load    *obsLoad
	gen     uint64 // bumped by Invalidate and Close
	closed  bool
}

// obsLoad is a read of the observations under way; its fields are
// guarded by the cache's mutex.
type obsLoad struct {
	gen     uint64
	cancel  context.CancelFunc
	all     []*model.Observation // read so far; only appended to
	changed chan struct{}        // closed (and replaced) when all grows or the read ends
	done    bool
	set     *ObservationSet
	err     error
	// pending holds the changes made while the read ran, made to its
	// result: the read may have missed them.
	pending changes
}

// loadTimeout bounds one read of every observation.
const loadTimeout = 10 * time.Minute

// Load returns the set, reading it with scan when there is none (see
// [LoadObservations]). After Close it scans without caching (so the
// store reports that it is locked).
func (c *ObservationCache) Load(ctx context.Context, scan func(context.Context, func(model.Record) error) error, progress func([]*model.Observation)) (*ObservationSet, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			obs, err := readObservations(ctx, scan, progress)
			if err != nil {
				return nil, err
			}
			return NewObservationSet(obs), nil
		}
		if s := c.current(); s != nil {
			c.mu.Unlock()
			return s, nil
		}
		l := c.load
		if l == nil {
			l = c.start(scan)
		}
		c.mu.Unlock()
		set, err, again := c.wait(ctx, l, progress)
		if !again {
			return set, err
		}
	}
}

// Cached returns the set if one is loaded, else nil. It does no I/O.
func (c *ObservationCache) Cached() *ObservationSet {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current()
}

// current returns the set with the pending changes made; c.mu is held.
func (c *ObservationCache) current() *ObservationSet {
	if c.set != nil && len(c.pending.order) > 0 {
		c.set = c.set.with(&c.pending)
	}
	c.pending = changes{}
	return c.set
}

// start begins a read; c.mu is held.
func (c *ObservationCache) start(scan func(context.Context, func(model.Record) error) error) *obsLoad {
	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	l := &obsLoad{gen: c.gen, cancel: cancel, changed: make(chan struct{})}
	c.load = l
	go func() {
		defer cancel()
		batch := make([]*model.Observation, 0, progressEvery)
		flush := func() {
			c.mu.Lock()
			l.all = append(l.all, batch...)
			ch := l.changed
			l.changed = make(chan struct{})
			c.mu.Unlock()
			close(ch)
			batch = batch[:0]
		}
		err := scan(ctx, func(r model.Record) error {
			if o, ok := r.(*model.Observation); ok {
				batch = append(batch, o)
				if len(batch) == progressEvery {
					flush()
				}
			}
			return nil
		})
		c.mu.Lock()
		l.all = append(l.all, batch...)
		l.done, l.err = true, err
		if err == nil {
			l.set = NewObservationSet(l.all[:len(l.all):len(l.all)]).with(&l.pending)
		}
		l.pending = changes{}
		if c.load == l {
			c.load = nil
			if err == nil && c.gen == l.gen && !c.closed {
				c.set = l.set
			}
		}
		ch := l.changed
		c.mu.Unlock()
		close(ch)
	}()
	return l
}

// wait follows l until it ends or ctx does. again is set when l was
// superseded (by Invalidate) and the caller should load anew.
func (c *ObservationCache) wait(ctx context.Context, l *obsLoad, progress func([]*model.Observation)) (set *ObservationSet, err error, again bool) {
	sent := 0
	for {
		c.mu.Lock()
		sofar := l.all[:len(l.all):len(l.all)]
		done, ch := l.done, l.changed
		set, err = l.set, l.err
		superseded := l.gen != c.gen && !c.closed
		c.mu.Unlock()
		if superseded {
			return nil, nil, true
		}
		if done {
			return set, err, false
		}
		if progress != nil && len(sofar) > sent {
			progress(sofar)
			sent = len(sofar)
			continue // more may have come while progress ran
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err(), false
		}
	}
}

// Put takes in o, just saved: the set (and a read under way) get it.
func (c *ObservationCache) Put(o *model.Observation) {
	if o == nil {
		return
	}
	c.change(o.ID, o)
}

// Delete takes out the observation id, just deleted (if it is one).
func (c *ObservationCache) Delete(id model.ID) { c.change(id, nil) }

func (c *ObservationCache) change(id model.ID, o *model.Observation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set != nil {
		c.pending.note(id, o)
	}
	if l := c.load; l != nil && !l.done {
		l.pending.note(id, o)
	}
}

// Invalidate drops the set after a change of many records (an import, a
// purge): a read under way is stopped and the next Load reads anew.
func (c *ObservationCache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop()
}

// drop forgets the set and stops the read; c.mu is held.
func (c *ObservationCache) drop() {
	c.gen++
	c.set, c.pending = nil, changes{}
	if l := c.load; l != nil {
		l.cancel()
		c.load = nil
	}
}

// Close drops the set and stops a read under way, for the lock: the
// cache holds no record afterwards, and until Reopen every Load reads
// through (and fails as the locked store does).
func (c *ObservationCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop()
	c.closed = true
}

// Reopen makes a closed cache cache again (a store unlocked anew).
func (c *ObservationCache) Reopen() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = false
}

// CachedObservations returns st's shared set if it keeps one and it is
// loaded, else nil. It does no I/O.
func CachedObservations(st Store) *ObservationSet {
	if c, ok := st.(ObservationCacher); ok {
		if cache := c.ObservationCache(); cache != nil {
			return cache.Cached()
		}
	}
	return nil
}
