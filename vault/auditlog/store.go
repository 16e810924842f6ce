package auditlog

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"sync"
)

// ErrNotFound is returned by a Reader's Get when the key is absent.
var ErrNotFound = errors.New("auditlog: key not found")

// A Reader reads the log's keys. The vault implements it over a Badger
// transaction, opening each sealed value before returning it.
type Reader interface {
	// Get returns the value stored under key, or an error wrapping
	// ErrNotFound if there is none. The caller does not modify the result.
	Get(key []byte) ([]byte, error)
}

// A Store reads and writes the log's keys. Append writes only through it, so
// when the vault's Store is a Badger transaction the event commits together
// with the change it records, or not at all.
type Store interface {
	Reader
	// Set stores value under key. The store must not keep a reference to
	// key or value after Set returns, as the caller may reuse them.
	Set(key, value []byte) error
}

// A Scanner is a Reader that can also read consecutive keys in order,
// faster than one Get each: the vault implements it with a Badger iterator.
// Verify and Events use Scan when their Reader is a Scanner.
type Scanner interface {
	Reader
	// Scan calls fn for each key that starts with prefix and is not less
	// than start, in ascending byte order, with its value. It stops when
	// the keys run out or fn returns an error, which Scan returns. key and
	// value are valid only during the call to fn.
	Scan(prefix, start []byte, fn func(key, value []byte) error) error
}

// Keys. Everything the log stores lives under the prefix "a/".
const (
	eventPrefix = "a/e/" // + 8-byte big-endian seq: event and its tree hashes
	headKey     = "a/head"
)

// Prefix is the prefix of every key the log reads or writes; the vault
// keeps its other keys outside it.
const Prefix = "a/"

func eventKey(seq uint64) []byte {
	k := make([]byte, len(eventPrefix)+8)
	copy(k, eventPrefix)
	binary.BigEndian.PutUint64(k[len(eventPrefix):], seq)
	return k
}

// MemStore is a Store held in memory, for tests and tools. It is safe for
// concurrent use. Get returns a copy of the stored value.
type MemStore struct {
	mu sync.RWMutex
	m  map[string][]byte
}

var (
	_ Store   = (*MemStore)(nil)
	_ Scanner = (*MemStore)(nil)
)

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{m: make(map[string][]byte)}
}

// Get implements Reader.
func (s *MemStore) Get(key []byte) ([]byte, error) {
	s.mu.RLock()
	v, ok := s.m[string(key)]
	s.mu.RUnlock()
	if !ok {
		return nil, ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

// Set implements Store.
func (s *MemStore) Set(key, value []byte) error {
	s.mu.Lock()
	s.m[string(key)] = append([]byte(nil), value...)
	s.mu.Unlock()
	return nil
}

// Scan implements Scanner. It reads a snapshot of the matching keys, so fn
// may call the store.
func (s *MemStore) Scan(prefix, start []byte, fn func(key, value []byte) error) error {
	type kv struct {
		k string
		v []byte
	}
	var list []kv
	s.mu.RLock()
	for k, v := range s.m {
		if strings.HasPrefix(k, string(prefix)) && k >= string(start) {
			list = append(list, kv{k, v})
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(list, func(a, b kv) int { return strings.Compare(a.k, b.k) })
	for _, e := range list {
		if err := fn([]byte(e.k), append([]byte(nil), e.v...)); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes key, if present. The log itself never deletes; tests use
// Delete to tamper with a log.
func (s *MemStore) Delete(key []byte) {
	s.mu.Lock()
	delete(s.m, string(key))
	s.mu.Unlock()
}

// Len reports how many keys the store holds.
func (s *MemStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}
