package auditlog

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"golang.org/x/mod/sumdb/tlog"
)

// Problem names what is wrong with a log.
type Problem int

// The problems Verify reports.
const (
	// Intact: every event hashes to the tree, the tree to the head, and the
	// head extends the trusted checkpoint, if one was given.
	Intact Problem = iota
	// Modified: an event's bytes, or the tree hashes stored with it, differ
	// from what was appended.
	Modified
	// Deleted: an event is missing from its place and later events exist.
	Deleted
	// Reordered: an event is stored at another event's place.
	Reordered
	// Inserted: an event that was never appended is there: a duplicate, an
	// extra event pushed in, or one stored beyond the head.
	Inserted
	// Truncated: events at the end are missing, the log is shorter than a
	// trusted checkpoint, or the stored head disagrees with the events.
	Truncated
)

var problemNames = [...]string{"intact", "modified", "deleted", "reordered", "inserted", "truncated"}

// String returns the problem's name in lower case ("modified").
func (p Problem) String() string {
	if p < 0 || int(p) >= len(problemNames) {
		return fmt.Sprintf("Problem(%d)", int(p))
	}
	return problemNames[p]
}

// Result is the outcome of Verify.
type Result struct {
	// Size is the number of events in the log (as far as it could be read
	// when the head is missing or corrupt).
	Size uint64
	// Root is the tree root recomputed from the events; meaningful when
	// Problem is Intact.
	Root tlog.Hash
	// Checkpoint is the size of the trusted checkpoint the log was checked
	// against; 0 if none was given.
	Checkpoint uint64

	// Problem is Intact or names what is wrong.
	Problem Problem
	// Seq is the first bad event. When Verify cannot tell which of several
	// events is the bad one (stored hashes were rewritten to match), Seq is
	// the first of them and Last the last; otherwise Last equals Seq.
	Seq, Last uint64
	// Detail says what was found, in a sentence without event contents.
	Detail string
}

// String returns "N events, log intact (root BASE64)" for an intact log, and
// otherwise a sentence naming the first bad event, such as "event 41
// modified: its bytes do not match the hash stored when it was appended".
func (r Result) String() string {
	var where string
	switch {
	case r.Problem == Intact:
		return fmt.Sprintf("%d events, log intact (root %s)", r.Size, base64.StdEncoding.EncodeToString(r.Root[:]))
	case r.Problem == Truncated:
		return fmt.Sprintf("log truncated at event %d: %s", r.Seq, r.Detail)
	case r.Last > r.Seq:
		where = fmt.Sprintf("one of events %d to %d", r.Seq, r.Last)
	default:
		where = fmt.Sprintf("event %d", r.Seq)
	}
	return fmt.Sprintf("%s %s: %s", where, r.Problem, r.Detail)
}

// Err returns nil for an intact log, and otherwise an error wrapping
// ErrTampered whose text is String.
func (r Result) Err() error {
	if r.Problem == Intact {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrTampered, r)
}

// reorderWindow bounds how far past a misplaced event Verify looks for the
// event that belongs there, to tell a reordering from a deletion.
const reorderWindow = 1 << 16

// Verify reads the whole log from r and checks it: each event sits at its
// own position, hashes to the leaf stored with it, the tree hashes stored
// with it are the ones recomputed from all events so far, the recomputed
// root equals the stored head, nothing is stored beyond the head and, if
// want is not nil, the log's first want.Size events have want's root (the
// log only grew since the trusted checkpoint want was signed).
//
// Verify streams the events, holding O(log n) hashes in memory; if r is a
// Scanner it reads them with one Scan (which also reveals stray keys among
// the events), otherwise with one Get each. It returns
// a Result, and an error: nil if the log is intact, the Result's Err (which
// wraps ErrTampered) if it names a bad event, or another error if the log
// could not be read or ctx was cancelled (the Result is then incomplete).
func Verify(ctx context.Context, r Reader, want *Checkpoint) (Result, error) {
	v := verifier{r: r, key: eventKey(0)}
	res, err := v.run(ctx, want)
	if err != nil {
		return res, err
	}
	return res, res.Err()
}

type verifier struct {
	r   Reader
	key []byte
}

// get reads the value stored at position seq; nil if there is none.
func (v *verifier) get(seq uint64) ([]byte, error) {
	binary.BigEndian.PutUint64(v.key[len(eventPrefix):], seq)
	b, err := v.r.Get(v.key)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auditlog: reading event %d: %w", seq, err)
	}
	return b, nil
}

// seqAt returns the seq carried by the event stored at position pos, and
// whether there is a readable event there.
func (v *verifier) seqAt(pos uint64) (uint64, bool, error) {
	b, err := v.get(pos)
	if err != nil || b == nil {
		return 0, false, err
	}
	ev, _, ok := splitValue(b)
	if !ok {
		return 0, false, nil
	}
	s, ok := eventSeq(ev)
	return s, ok, nil
}

func (v *verifier) run(ctx context.Context, want *Checkpoint) (Result, error) {
	w := walk{v: v, want: want, stack: make([]tlog.Hash, 0, 64)}
	if want != nil {
		w.res.Checkpoint = want.Size
	}

	// The head. If it is missing or corrupt, the events are still checked
	// up to the first gap, so that an earlier bad event is named first.
	head := Head{Root: emptyRoot()}
	headProblem := ""
	b, err := v.r.Get([]byte(headKey))
	switch {
	case errors.Is(err, ErrNotFound):
		if first, err := v.get(0); err != nil {
			return w.res, err
		} else if first != nil {
			headProblem = "the stored log head is missing"
		}
	case err != nil:
		return w.res, fmt.Errorf("auditlog: reading the log head: %w", err)
	default:
		var ok bool
		if head, ok = decodeHead(b); !ok {
			headProblem = "the stored log head is corrupt"
		}
	}
	w.limit = head.Size
	if headProblem != "" {
		w.limit = math.MaxUint64
	}

	// Walk the events in order. w.p is the next position expected; the
	// walk ends at the limit, at a gap, or at the first problem.
	if sc, ok := v.r.(Scanner); ok {
		err = w.scan(ctx, sc)
	} else {
		err = w.get(ctx)
	}
	if err != nil || w.found {
		return w.res, err
	}
	p := w.p
	if p < w.limit && headProblem == "" {
		return v.missing(p, w.limit, w.bad)
	}
	w.res.Size = p
	w.res.Root = foldStack(w.stack)

	if want != nil && want.Size > p {
		return w.bad(Truncated, p, p, "the log has %d events but the trusted checkpoint has %d: events were removed or an older copy of the vault was put back", p, want.Size)
	}
	if headProblem != "" {
		return w.bad(Truncated, p, p, "%s; the %d events found are otherwise intact", headProblem, p)
	}
	if w.res.Root != head.Root {
		return w.bad(Truncated, p, p, "the stored log head (%d events) does not match the tree recomputed from the events", head.Size)
	}
	if extra, err := v.get(p); err != nil {
		return w.res, err
	} else if extra != nil || w.extra {
		return w.bad(Inserted, p, p, "an event is stored beyond the log head of %d events", head.Size)
	}
	return w.res, nil
}

// walk is the state of Verify's pass over the events.
type walk struct {
	v     *verifier
	want  *Checkpoint
	limit uint64      // positions to check: the head's size, or all there are
	p     uint64      // the next position
	stack []tlog.Hash // roots of the complete subtrees so far, left to right
	res   Result
	found bool // res names a problem
	extra bool // a key was seen beyond the limit
}

// errStopScan ends a Scan early; it never leaves Verify.
var errStopScan = errors.New("auditlog: stop scan")

func (w *walk) bad(p Problem, seq, last uint64, format string, args ...any) (Result, error) {
	w.res.Problem, w.res.Seq, w.res.Last = p, seq, last
	w.res.Detail = fmt.Sprintf(format, args...)
	w.found = true
	return w.res, nil
}

// get walks the events with one Get each, up to the limit or a gap.
func (w *walk) get(ctx context.Context) error {
	for ; w.p < w.limit; w.p++ {
		if w.p%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("auditlog: verifying: %w", err)
			}
		}
		val, err := w.v.get(w.p)
		if err != nil || val == nil {
			return err
		}
		if _, err := w.event(val); err != nil || w.found {
			return err
		}
	}
	return nil
}

// scan walks the events with sc, up to the limit or a gap.
func (w *walk) scan(ctx context.Context, sc Scanner) error {
	err := sc.Scan([]byte(eventPrefix), []byte(eventPrefix), func(k, val []byte) error {
		if w.p >= w.limit {
			w.extra = true // any key here is beyond the head
			return errStopScan
		}
		if w.p%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("auditlog: verifying: %w", err)
			}
		}
		if len(k) != len(eventPrefix)+8 || !bytes.HasPrefix(k, []byte(eventPrefix)) {
			w.bad(Inserted, w.p, w.p, "a key that is no event's is stored among the events")
			return errStopScan
		}
		if binary.BigEndian.Uint64(k[len(eventPrefix):]) != w.p {
			return errStopScan // a gap at w.p
		}
		if _, err := w.event(val); err != nil {
			return err
		}
		if w.found {
			return errStopScan
		}
		w.p++
		return nil
	})
	if errors.Is(err, errStopScan) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("auditlog: scanning the events: %w", err)
	}
	return nil
}

// event checks the value val stored at position w.p and adds its leaf to
// the tree.
func (w *walk) event(val []byte) (Result, error) {
	p, v := w.p, w.v
	enc, stored, ok := splitValue(val)
	if !ok {
		return w.bad(Modified, p, p, "its stored value is malformed")
	}
	s, ok := eventSeq(enc)
	if !ok {
		return w.bad(Modified, p, p, "its bytes are not an audit event")
	}
	if s != p {
		return v.misplaced(p, s, w.limit, w.bad)
	}
	if len(stored) != hashCount(p)*tlog.HashSize {
		return w.bad(Modified, p, p, "the tree hashes stored with it are malformed")
	}
	leaf := tlog.RecordHash(enc)
	if !bytes.Equal(leaf[:], stored[:tlog.HashSize]) {
		if next, ok, err := v.seqAt(p + 1); err != nil {
			return w.res, err
		} else if ok && next == p {
			return w.bad(Inserted, p, p, "an extra event was put in its place and the events from it on moved up by one")
		}
		return w.bad(Modified, p, p, "its bytes do not match the hash stored when it was appended")
	}
	// Fold the new leaf into the stack exactly as tlog.StoredHashes does,
	// checking each stored hash on the way.
	h := leaf
	for level := 1; level < hashCount(p); level++ {
		h = tlog.NodeHash(w.stack[len(w.stack)-1], h)
		w.stack = w.stack[:len(w.stack)-1]
		if !bytes.Equal(h[:], stored[level*tlog.HashSize:(level+1)*tlog.HashSize]) {
			first := p + 1 - 1<<uint(level)
			return w.bad(Modified, first, p, "the tree hash stored over events %d to %d does not match them: an event or a hash there was rewritten", first, p)
		}
	}
	w.stack = append(w.stack, h)

	if w.want != nil && p+1 == w.want.Size {
		if root := foldStack(w.stack); root != w.want.Root {
			return w.bad(Modified, 0, p, "the first %d events do not match the trusted checkpoint: the log was rewritten since it was signed (or the checkpoint is from another vault)", w.want.Size)
		}
	}
	return w.res, nil
}

type badFunc func(p Problem, seq, last uint64, format string, args ...any) (Result, error)

// missing classifies a gap at position p of a log of n events: deleted if
// any later event is still there, truncated if the log just ends. It probes
// positions p+1, p+2, p+4, … and n-1, so a bogus head cannot make it slow.
func (v *verifier) missing(p, n uint64, bad badFunc) (Result, error) {
	probe := func(q uint64) (bool, error) {
		b, err := v.get(q)
		return b != nil, err
	}
	for step := uint64(1); step < n-p; step *= 2 {
		if ok, err := probe(p + step); err != nil || ok {
			if err != nil {
				return Result{}, err
			}
			return bad(Deleted, p, p, "it is missing while later events are present")
		}
	}
	if n-1 > p {
		if ok, err := probe(n - 1); err != nil {
			return Result{}, err
		} else if ok {
			return bad(Deleted, p, p, "it is missing while later events are present")
		}
	}
	return bad(Truncated, p, p, "events %d to %d are missing although the log head says %d", p, n-1, n)
}

// misplaced classifies position p holding the event with seq s ≠ p.
func (v *verifier) misplaced(p, s, n uint64, bad badFunc) (Result, error) {
	if s < p {
		return bad(Inserted, p, p, "a second copy of event %d is stored in its place", s)
	}
	// s > p: event p is either elsewhere (reordered) or gone (deleted).
	check := func(q uint64) (bool, error) {
		got, ok, err := v.seqAt(q)
		return ok && got == p, err
	}
	if s < n {
		if found, err := check(s); err != nil {
			return Result{}, err
		} else if found {
			return bad(Reordered, p, p, "it was swapped with event %d", s)
		}
	}
	end := min(n, p+1+reorderWindow)
	for q := p + 1; q < end; q++ {
		if found, err := check(q); err != nil {
			return Result{}, err
		} else if found {
			return bad(Reordered, p, p, "it is stored at position %d and event %d in its place", q, s)
		}
	}
	return bad(Deleted, p, p, "it is missing and event %d was moved into its place", s)
}

// foldStack returns the root of the tree whose complete subtrees, left to
// right, are stack (as tlog.TreeHash computes it).
func foldStack(stack []tlog.Hash) tlog.Hash {
	if len(stack) == 0 {
		return emptyRoot()
	}
	h := stack[len(stack)-1]
	for i := len(stack) - 2; i >= 0; i-- {
		h = tlog.NodeHash(stack[i], h)
	}
	return h
}
