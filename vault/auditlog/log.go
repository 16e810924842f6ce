package auditlog

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"

	"golang.org/x/mod/sumdb/tlog"

	"varn/model"
)

// ErrTampered is wrapped by every error that reports the stored log as not
// intact: an event or hash that does not check out, a missing or corrupt
// head, an event where none should be.
var ErrTampered = errors.New("auditlog: audit log is not intact")

// ErrStop may be returned by the function passed to Events or
// EventsNewestFirst to stop early; the iteration then returns nil.
var ErrStop = errors.New("auditlog: stop iteration")

// maxSize bounds the size a stored head may claim. A larger value is
// treated as corruption rather than trusted (2⁴⁰ events is far beyond any
// municipality's log).
const maxSize = 1 << 40

// Head is the state of the log: the number of events and the root hash of
// the RFC 6962 Merkle tree over them. A signed Head is a checkpoint.
type Head struct {
	Size uint64
	Root tlog.Hash
}

// String returns "N events, root BASE64".
func (h Head) String() string {
	return fmt.Sprintf("%d events, root %s", h.Size, base64.StdEncoding.EncodeToString(h.Root[:]))
}

// emptyRoot is the root hash of the empty tree (SHA-256 of nothing).
func emptyRoot() tlog.Hash {
	h, _ := tlog.TreeHash(0, nil)
	return h
}

const headVersion = 1

func encodeHead(h Head) []byte {
	b := make([]byte, 0, 1+8+tlog.HashSize)
	b = append(b, headVersion)
	b = binary.BigEndian.AppendUint64(b, h.Size)
	return append(b, h.Root[:]...)
}

func decodeHead(b []byte) (Head, bool) {
	if len(b) != 1+8+tlog.HashSize || b[0] != headVersion {
		return Head{}, false
	}
	h := Head{Size: binary.BigEndian.Uint64(b[1:9])}
	copy(h.Root[:], b[9:])
	if h.Size > maxSize || (h.Size == 0 && h.Root != emptyRoot()) {
		return Head{}, false
	}
	return h, true
}

// ReadHead returns the stored head of the log: the empty head for a log
// that has no events yet. It fails, wrapping ErrTampered, if the head is
// missing while events exist or cannot be parsed.
func ReadHead(r Reader) (Head, error) {
	b, err := r.Get([]byte(headKey))
	if errors.Is(err, ErrNotFound) {
		switch _, err := r.Get(eventKey(0)); {
		case errors.Is(err, ErrNotFound):
			return Head{Size: 0, Root: emptyRoot()}, nil
		case err != nil:
			return Head{}, fmt.Errorf("auditlog: reading event 0: %w", err)
		}
		return Head{}, fmt.Errorf("%w: the log head is missing but events exist; run 'varn audit verify'", ErrTampered)
	}
	if err != nil {
		return Head{}, fmt.Errorf("auditlog: reading the log head: %w", err)
	}
	h, ok := decodeHead(b)
	if !ok {
		return Head{}, fmt.Errorf("%w: the log head is corrupt; run 'varn audit verify'", ErrTampered)
	}
	return h, nil
}

// The stored value of event seq is
//
//	uint32 length of the event | canonical event | hashes
//
// where hashes are the 1+trailingZeros(seq+1) hashes tlog.StoredHashes
// returns for that event, each 32 bytes.

// hashCount is how many tree hashes are stored with event seq.
func hashCount(seq uint64) int {
	return 1 + bits.TrailingZeros64(seq+1)
}

func encodeValue(ev []byte, hashes []tlog.Hash) []byte {
	b := make([]byte, 0, 4+len(ev)+len(hashes)*tlog.HashSize)
	b = binary.BigEndian.AppendUint32(b, uint32(len(ev)))
	b = append(b, ev...)
	for _, h := range hashes {
		b = append(b, h[:]...)
	}
	return b
}

// splitValue splits a stored event value into the encoded event and the
// tree hashes stored with it, checking only the length prefix.
func splitValue(v []byte) (ev, hashes []byte, ok bool) {
	if len(v) < 4 {
		return nil, nil, false
	}
	n := binary.BigEndian.Uint32(v)
	v = v[4:]
	if uint64(n) > uint64(len(v)) {
		return nil, nil, false
	}
	return v[:n], v[n:], true
}

// splitValueAt is splitValue for the value at position seq, which must also
// hold exactly the number of hashes stored with event seq.
func splitValueAt(seq uint64, v []byte) (ev, hashes []byte, ok bool) {
	ev, hashes, ok = splitValue(v)
	if !ok || len(hashes) != hashCount(seq)*tlog.HashSize {
		return nil, nil, false
	}
	return ev, hashes, true
}

// hashReader reads the stored tree hashes from r for tlog. The hash with
// stored index (level, n) was written with event ((n+1)<<level)-1, as the
// level-th of its hashes. pending holds hashes not yet readable from r.
type hashReader struct {
	r          Reader
	pendingSeq uint64
	pending    []tlog.Hash
}

func (hr *hashReader) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		level, n := tlog.SplitStoredHashIndex(index)
		seq := uint64(n+1)<<uint(level) - 1
		if hr.pending != nil && seq == hr.pendingSeq {
			out[i] = hr.pending[level]
			continue
		}
		v, err := hr.r.Get(eventKey(seq))
		if errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("%w: event %d is missing; run 'varn audit verify'", ErrTampered, seq)
		}
		if err != nil {
			return nil, fmt.Errorf("auditlog: reading event %d: %w", seq, err)
		}
		_, hashes, ok := splitValueAt(seq, v)
		if !ok {
			return nil, fmt.Errorf("%w: event %d is corrupt; run 'varn audit verify'", ErrTampered, seq)
		}
		copy(out[i][:], hashes[level*tlog.HashSize:])
	}
	return out, nil
}

// Append adds ev to the log in st: it sets ev.Seq to the log's size (and
// ev.Time to its UTC form), stores the event with its tree hashes and
// updates the head — all through st, so that with the vault's transaction
// the event commits together with the change it records.
//
// Append checks the event first (see EncodeEvent; the action, kind and
// reference must also be known codes and a valid ID) and changes nothing if
// it cannot be logged. It refuses, wrapping ErrTampered, to extend a log whose
// head is missing or corrupt or that already holds an event beyond its head.
// Append does not verify the whole log; Verify does.
func Append(st Store, ev *model.AuditEvent) error {
	if err := checkEvent(ev); err != nil {
		return err
	}
	switch {
	case !ev.Action.Valid():
		return errors.New("auditlog: event action is not a known audit action code")
	case ev.Kind != "" && !ev.Kind.Valid():
		return errors.New("auditlog: event record kind is not a known kind")
	case ev.Ref != "" && !ev.Ref.Valid():
		return errors.New("auditlog: event record reference is not a valid record ID")
	}
	head, err := ReadHead(st)
	if err != nil {
		return err
	}
	if head.Size >= maxSize {
		return errors.New("auditlog: the log is full")
	}
	seq := head.Size
	key := eventKey(seq)
	switch _, err := st.Get(key); {
	case err == nil:
		return fmt.Errorf("%w: an event is stored beyond the log head (event %d); run 'varn audit verify'", ErrTampered, seq)
	case !errors.Is(err, ErrNotFound):
		return fmt.Errorf("auditlog: reading event %d: %w", seq, err)
	}

	e := *ev
	e.Seq = seq
	e.Time = e.Time.UTC()
	enc, err := EncodeEvent(&e)
	if err != nil {
		return err
	}
	hr := &hashReader{r: st}
	hashes, err := tlog.StoredHashes(int64(seq), enc, hr)
	if err != nil {
		return fmt.Errorf("auditlog: computing tree hashes for event %d: %w", seq, err)
	}
	hr.pendingSeq, hr.pending = seq, hashes
	root, err := tlog.TreeHash(int64(seq+1), hr)
	if err != nil {
		return fmt.Errorf("auditlog: computing the tree root: %w", err)
	}
	if err := st.Set(key, encodeValue(enc, hashes)); err != nil {
		return fmt.Errorf("auditlog: storing event %d: %w", seq, err)
	}
	if err := st.Set([]byte(headKey), encodeHead(Head{Size: seq + 1, Root: root})); err != nil {
		return fmt.Errorf("auditlog: storing the log head: %w", err)
	}
	ev.Seq, ev.Time = e.Seq, e.Time
	return nil
}

// Event returns the event with sequence number seq. It checks that the
// stored event decodes and sits at its own position, not that the log is
// intact (Verify does that).
func Event(r Reader, seq uint64) (model.AuditEvent, error) {
	v, err := r.Get(eventKey(seq))
	if errors.Is(err, ErrNotFound) {
		return model.AuditEvent{}, fmt.Errorf("auditlog: no event %d: %w", seq, ErrNotFound)
	}
	if err != nil {
		return model.AuditEvent{}, fmt.Errorf("auditlog: reading event %d: %w", seq, err)
	}
	return decodeAt(seq, v)
}

func decodeAt(seq uint64, v []byte) (model.AuditEvent, error) {
	enc, _, ok := splitValueAt(seq, v)
	if !ok {
		return model.AuditEvent{}, fmt.Errorf("%w: event %d is corrupt; run 'varn audit verify'", ErrTampered, seq)
	}
	ev, err := DecodeEvent(enc)
	if err != nil {
		return model.AuditEvent{}, fmt.Errorf("%w: event %d: %v; run 'varn audit verify'", ErrTampered, seq, err)
	}
	if ev.Seq != seq {
		return model.AuditEvent{}, fmt.Errorf("%w: the event stored at position %d carries seq %d; run 'varn audit verify'", ErrTampered, seq, ev.Seq)
	}
	return ev, nil
}

// Events calls fn for each event of the log with seq ≥ from, oldest first,
// up to the head. If fn returns ErrStop, Events stops and returns nil; any
// other error from fn is returned as is. Events checks each event as Event
// does, and stops with an error wrapping ErrTampered at the first one that
// is missing or corrupt.
func Events(ctx context.Context, r Reader, from uint64, fn func(model.AuditEvent) error) error {
	head, err := ReadHead(r)
	if err != nil {
		return err
	}
	if sc, ok := r.(Scanner); ok && from < head.Size {
		return scanEvents(ctx, sc, from, head.Size, fn)
	}
	for seq := from; seq < head.Size; seq++ {
		if err := visit(ctx, r, seq, fn); err != nil {
			if errors.Is(err, ErrStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

// scanEvents is Events over a Scanner, for events from up to end.
func scanEvents(ctx context.Context, sc Scanner, from, end uint64, fn func(model.AuditEvent) error) error {
	seq := from
	want := eventKey(from)
	err := sc.Scan([]byte(eventPrefix), want, func(k, v []byte) error {
		if seq >= end {
			return errStopScan
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("auditlog: reading events: %w", err)
		}
		binary.BigEndian.PutUint64(want[len(eventPrefix):], seq)
		if !bytes.Equal(k, want) {
			return fmt.Errorf("%w: event %d is missing; run 'varn audit verify'", ErrTampered, seq)
		}
		ev, err := decodeAt(seq, v)
		if err != nil {
			return err
		}
		if err := fn(ev); err != nil {
			return err
		}
		seq++
		return nil
	})
	switch {
	case errors.Is(err, errStopScan), errors.Is(err, ErrStop):
		return nil
	case err != nil:
		return err
	case seq < end:
		return fmt.Errorf("%w: event %d is missing; run 'varn audit verify'", ErrTampered, seq)
	}
	return nil
}

// EventsNewestFirst is like Events but goes from the event with seq from
// (or the newest, if from is beyond it) down to event 0. Pass
// math.MaxUint64 to start at the newest event.
func EventsNewestFirst(ctx context.Context, r Reader, from uint64, fn func(model.AuditEvent) error) error {
	head, err := ReadHead(r)
	if err != nil {
		return err
	}
	if head.Size == 0 {
		return nil
	}
	seq := min(from, head.Size-1)
	for {
		if err := visit(ctx, r, seq, fn); err != nil {
			if errors.Is(err, ErrStop) {
				return nil
			}
			return err
		}
		if seq == 0 {
			return nil
		}
		seq--
	}
}

func visit(ctx context.Context, r Reader, seq uint64, fn func(model.AuditEvent) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("auditlog: reading events: %w", err)
	}
	v, err := r.Get(eventKey(seq))
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%w: event %d is missing; run 'varn audit verify'", ErrTampered, seq)
	}
	if err != nil {
		return fmt.Errorf("auditlog: reading event %d: %w", seq, err)
	}
	ev, err := decodeAt(seq, v)
	if err != nil {
		return err
	}
	return fn(ev)
}

// ProveConsistency returns the RFC 6962 consistency proof that the log's
// tree of newSize events contains the tree of oldSize events as a prefix:
// that the log only grew between the two. newSize must not exceed the
// stored head. The proof is checked with CheckConsistency.
func ProveConsistency(r Reader, oldSize, newSize uint64) (tlog.TreeProof, error) {
	head, err := ReadHead(r)
	if err != nil {
		return nil, err
	}
	if oldSize > newSize || newSize > head.Size {
		return nil, fmt.Errorf("auditlog: cannot prove that %d events extend %d: the log has %d", newSize, oldSize, head.Size)
	}
	if oldSize == 0 || oldSize == newSize {
		return tlog.TreeProof{}, nil
	}
	p, err := tlog.ProveTree(int64(newSize), int64(oldSize), &hashReader{r: r})
	if err != nil {
		return nil, fmt.Errorf("auditlog: proving consistency of %d with %d events: %w", newSize, oldSize, err)
	}
	return p, nil
}

// CheckConsistency checks proof, from ProveConsistency, that newer extends
// older: that the log of newer.Size events begins with exactly the events
// older was taken over. It fails, wrapping ErrTampered, if the proof does
// not hold — the log was rewritten, or the heads are from different logs.
func CheckConsistency(proof tlog.TreeProof, older, newer Head) error {
	switch {
	case older.Size > newer.Size:
		return fmt.Errorf("%w: the newer head has %d events, fewer than the %d of the older one (the log was truncated)", ErrTampered, newer.Size, older.Size)
	case older.Size > maxSize || newer.Size > maxSize:
		return errors.New("auditlog: head size out of range")
	case older.Size == 0:
		if older.Root != emptyRoot() {
			return fmt.Errorf("%w: the older head is empty but has a root that is not the empty tree's", ErrTampered)
		}
		return nil
	}
	if err := tlog.CheckTree(proof, int64(newer.Size), newer.Root, int64(older.Size), older.Root); err != nil {
		return fmt.Errorf("%w: the log of %d events does not extend the one of %d events (the consistency proof fails)", ErrTampered, newer.Size, older.Size)
	}
	return nil
}
