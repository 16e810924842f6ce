package bundle

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"filippo.io/age"
)

// stage holds the records of a bundle being opened until the bundle has
// been verified. Records stay in memory up to a cap; past it, staging goes
// on in a temporary file encrypted with age to an X25519 key generated for
// this one bundle and never written anywhere, so no plaintext reaches disk
// and the file is useless once the process forgets the key.
type stage struct {
	memCap  int64
	tempDir string

	chunks [][]byte // in memory: each record as uvarint length + bytes
	mem    int64

	file *os.File
	id   *age.X25519Identity
	enc  io.WriteCloser
	bw   *bufio.Writer
	n    int
}

const chunkSize = 1 << 20

func newStage(memCap int64, tempDir string) *stage {
	return &stage{memCap: memCap, tempDir: tempDir}
}

func (s *stage) add(rec []byte) error {
	var l [binary.MaxVarintLen64]byte
	ln := binary.PutUvarint(l[:], uint64(len(rec)))
	need := ln + len(rec)
	s.n++
	if s.file == nil && s.mem+int64(need) > s.memCap {
		if err := s.spill(); err != nil {
			return err
		}
	}
	if s.file != nil {
		if _, err := s.bw.Write(l[:ln]); err != nil {
			return err
		}
		_, err := s.bw.Write(rec)
		return err
	}
	last := len(s.chunks) - 1
	if last < 0 || cap(s.chunks[last])-len(s.chunks[last]) < need {
		s.chunks = append(s.chunks, make([]byte, 0, max(chunkSize, need)))
		last++
	}
	c := append(s.chunks[last], l[:ln]...)
	s.chunks[last] = append(c, rec...)
	s.mem += int64(need)
	return nil
}

// spill moves staging to an encrypted temporary file.
func (s *stage) spill() error {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return fmt.Errorf("making a staging key: %v", err)
	}
	f, err := os.CreateTemp(s.tempDir, "varn-bundle-stage-*")
	if err != nil {
		return fmt.Errorf("creating staging file: %v", err)
	}
	// Unlink at once where the OS allows, so nothing remains after a crash.
	_ = os.Remove(f.Name())
	enc, err := age.Encrypt(f, id.Recipient())
	if err != nil {
		f.Close()
		return fmt.Errorf("encrypting staging file: %v", err)
	}
	s.file, s.id, s.enc = f, id, enc
	s.bw = bufio.NewWriterSize(enc, 256<<10)
	for _, c := range s.chunks {
		if _, err := s.bw.Write(c); err != nil {
			return err
		}
		clear(c)
	}
	s.chunks, s.mem = nil, 0
	return nil
}

// finish ends writing; call it before each.
func (s *stage) finish() error {
	if s.file == nil || s.enc == nil {
		return nil
	}
	if err := s.bw.Flush(); err != nil {
		return err
	}
	err := s.enc.Close()
	s.enc = nil
	return err
}

// each calls fn with every staged record in order. The slice passed to fn
// is valid only during the call.
func (s *stage) each(fn func(i int, rec []byte) error) error {
	if s.file == nil {
		i := 0
		for _, c := range s.chunks {
			for len(c) > 0 {
				n, k := binary.Uvarint(c)
				if k <= 0 || uint64(len(c)-k) < n {
					return errors.New("staging area damaged")
				}
				if err := fn(i, c[k:k+int(n)]); err != nil {
					return err
				}
				c = c[k+int(n):]
				i++
			}
		}
		return nil
	}
	if s.id == nil {
		return errors.New("staging area already closed")
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rereading staging file: %v", err)
	}
	r, err := age.Decrypt(s.file, s.id)
	if err != nil {
		return fmt.Errorf("staging file damaged: %v", err)
	}
	br := bufio.NewReaderSize(r, 256<<10)
	var buf []byte
	for i := 0; i < s.n; i++ {
		n, err := binary.ReadUvarint(br)
		if err != nil || n > 1<<31 {
			return fmt.Errorf("staging file damaged: %v", err)
		}
		if uint64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(br, buf); err != nil {
			return fmt.Errorf("staging file damaged: %v", err)
		}
		if err := fn(i, buf); err != nil {
			return err
		}
	}
	clear(buf)
	return nil
}

// close wipes the in-memory records, forgets the staging key and removes the
// staging file.
func (s *stage) close() {
	for _, c := range s.chunks {
		clear(c[:cap(c)])
	}
	s.chunks, s.mem = nil, 0
	s.id, s.enc, s.bw = nil, nil, nil
	if s.file != nil {
		name := s.file.Name()
		s.file.Close()
		_ = os.Remove(name)
		s.file = nil
	}
}
