package bundle

import (
	"errors"
	"io"
	"runtime"
	"sync"

	"varn/model"
)

// The reader's and writer's pipelines: work that does not depend on order
// (decrypting, decoding, encoding) runs on other cores while the caller
// sees records strictly in bundle order.

// readAhead reads r in a goroutine of its own, up to depth buffers of size
// bytes ahead of the consumer, so that age decrypts the next chunks while
// the previous ones are framed, hashed and staged. Errors (age reports a
// flipped bit or a cut-off file here) reach the consumer in stream order,
// after every byte that came before them. Close stops the goroutine.
type readAhead struct {
	full  chan raChunk
	free  chan []byte
	quit  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
	cur   []byte
	off   int
	err   error
	owned []byte
}

type raChunk struct {
	b   []byte
	err error
}

func newReadAhead(r io.Reader, size, depth int) *readAhead {
	ra := &readAhead{full: make(chan raChunk, depth), free: make(chan []byte, depth+1), quit: make(chan struct{})}
	for range depth + 1 {
		ra.free <- make([]byte, size)
	}
	ra.wg.Add(1)
	go func() {
		defer ra.wg.Done()
		defer close(ra.full)
		for {
			var buf []byte
			select {
			case buf = <-ra.free:
			case <-ra.quit:
				return
			}
			n, err := io.ReadFull(r, buf)
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = io.EOF
			}
			if n > 0 {
				select {
				case ra.full <- raChunk{b: buf[:n]}:
				case <-ra.quit:
					return
				}
			}
			if err != nil {
				select {
				case ra.full <- raChunk{err: err}:
				case <-ra.quit:
				}
				return
			}
		}
	}()
	return ra
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for ra.off == len(ra.cur) {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.owned != nil {
			ra.free <- ra.owned[:cap(ra.owned)]
			ra.owned = nil
		}
		c, ok := <-ra.full
		switch {
		case !ok:
			ra.err = io.ErrClosedPipe
		case c.err != nil:
			ra.err = c.err
		default:
			ra.cur, ra.off, ra.owned = c.b, 0, c.b
		}
	}
	n := copy(p, ra.cur[ra.off:])
	ra.off += n
	return n, nil
}

// Close stops the reading goroutine and waits for it. The buffers are
// cleared: they held plaintext.
func (ra *readAhead) Close() {
	ra.once.Do(func() {
		close(ra.quit)
		for range ra.full {
		}
		ra.wg.Wait()
		close(ra.free)
		for b := range ra.free {
			clear(b[:cap(b)])
		}
		if ra.owned != nil {
			clear(ra.owned[:cap(ra.owned)])
		}
		ra.cur, ra.owned = nil, nil
	})
}

// decodeBatch is a run of staged records and what decoding them gave.
type decodeBatch struct {
	first int
	raw   []byte // the records, back to back
	ends  []int  // end offset of each record in raw
	recs  []model.Record
	errs  []error
	done  chan struct{}
}

const decodeBatchRecords = 256

// eachDecoded decodes every staged record with model.Decode and calls fn
// with it in order, from the calling goroutine. One goroutine reads the
// staging area (decrypting it when it spilled to a file) while workers
// decode batches of records; fn sees record i only after records 0…i-1.
// A record that does not decode is passed to fn with its error, so the
// caller decides what that means. fn's error stops the walk and is
// returned as is.
func (s *stage) eachDecoded(fn func(i int, r model.Record, raw []byte, err error) error) error {
	workers := min(max(runtime.GOMAXPROCS(0), 1), 4)
	work := make(chan *decodeBatch, workers)
	order := make(chan *decodeBatch, 2*workers)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				b.recs = make([]model.Record, len(b.ends))
				b.errs = make([]error, len(b.ends))
				start := 0
				for j, end := range b.ends {
					b.recs[j], b.errs[j] = model.Decode(b.raw[start:end])
					start = end
				}
				close(b.done)
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(work)
		b := &decodeBatch{done: make(chan struct{})}
		send := func() bool {
			select {
			case work <- b:
			case <-quit:
				return false
			}
			select {
			case order <- b:
			case <-quit:
				return false
			}
			return true
		}
		stop := errors.New("stop")
		err := s.each(func(i int, rec []byte) error {
			if len(b.ends) == 0 {
				b.first = i
				b.raw = make([]byte, 0, max(len(rec)*decodeBatchRecords, 64<<10))
			}
			b.raw = append(b.raw, rec...)
			b.ends = append(b.ends, len(b.raw))
			if len(b.ends) == decodeBatchRecords {
				if !send() {
					return stop
				}
				b = &decodeBatch{done: make(chan struct{})}
			}
			return nil
		})
		if err == nil && len(b.ends) > 0 {
			send()
		}
		if err == stop {
			err = nil
		}
		readErr <- err
	}()
	finish := func(err error) error {
		close(quit)
		for b := range order {
			<-b.done
			wipeBatch(b)
		}
		wg.Wait()
		if rerr := <-readErr; err == nil {
			err = rerr
		}
		return err
	}
	for b := range order {
		<-b.done
		start := 0
		for j, r := range b.recs {
			end := b.ends[j]
			if err := fn(b.first+j, r, b.raw[start:end], b.errs[j]); err != nil {
				wipeBatch(b)
				return finish(err)
			}
			start = end
		}
		wipeBatch(b)
	}
	wg.Wait()
	return <-readErr
}

// wipeBatch clears a batch's plaintext copy.
func wipeBatch(b *decodeBatch) {
	clear(b.raw[:cap(b.raw)])
	b.raw, b.recs = nil, nil
}
