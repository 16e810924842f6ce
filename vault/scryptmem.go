package vault

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// scryptMemory is what age's scrypt fills to unlock with a passphrase at
// the work factor varn makes key files with (age's default, 18): 128 · r ·
// N bytes with r = 8, N = 2¹⁸, and a little for its other buffers.
const scryptMemory = 128*8<<18 + 1<<20

// ScryptMemory is memory asked of the kernel ahead of an unlock with a
// passphrase, while the passphrase is being typed.
//
// scrypt fills 256 MiB with random reads and writes. In a process that
// does not have that memory yet, the kernel must first provide and zero
// 65,536 pages, which on the measured host made scrypt take 1.3 s instead
// of 0.57 s. Touching the memory while the user types, and freeing it just
// before the unlock, lets scrypt's allocation reuse pages the kernel has
// already provided. The memory holds nothing but the bytes written to
// touch it.
type ScryptMemory struct {
	stop chan struct{}
	done chan struct{}
	once sync.Once
	n    atomic.Int64 // bytes touched so far (tests)
}

// touched returns how many bytes are touched so far.
func (m *ScryptMemory) touched() int64 { return m.n.Load() }

// PrepareScrypt starts touching the memory of one scrypt in a goroutine
// and keeps it until Release. Call it when the user starts typing a
// passphrase; call Release right before Open or Init.
func PrepareScrypt() *ScryptMemory {
	m := &ScryptMemory{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(m.done)
		buf := make([]byte, scryptMemory)
		const page, check = 4 << 10, 4 << 20
		for i := 0; i < len(buf); i += page {
			if i%check == 0 {
				select {
				case <-m.stop:
					return // the unlock starts: what is touched helps already
				default:
				}
				m.n.Store(int64(i))
			}
			buf[i] = 1
		}
		m.n.Store(int64(len(buf)))
		<-m.stop
		runtime.KeepAlive(buf)
	}()
	return m
}

// Release stops the touching if it still runs and frees the memory,
// collecting it so that the next large allocation (scrypt's, when the
// vault is opened next) reuses its pages. It may be called on nil and more
// than once.
func (m *ScryptMemory) Release() {
	if m == nil {
		return
	}
	m.once.Do(func() {
		close(m.stop)
		<-m.done
		runtime.GC()
	})
}
