package output

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"hash"
	"io"
	"os"
	"path/filepath"
)

// A StreamSink is a Sink that also takes a file written as it is made, so
// a large download (the national values CSV is half a gigabyte) is never
// whole in memory. The staging folder is one; the in-memory sink of Render
// is not, and gets the bytes.
type StreamSink interface {
	Sink
	Create(name string) (io.WriteCloser, error)
}

// Create opens a file in the staged folder; like Put, it refuses a name
// already written. Close records the file's size.
func (st *Staging) Create(name string) (io.WriteCloser, error) {
	if err := st.reserve(name, 0, false); err != nil {
		return nil, err
	}
	dst := filepath.Join(st.dir, filepath.FromSlash(name))
	if st.recycled {
		// The spare's file may be a link to the live site's: never
		// opened for writing (see writeFile).
		if err := clear(dst); err != nil {
			st.failed(err)
			return nil, err
		}
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		st.failed(err)
		return nil, err
	}
	return &stagedFile{f: f, st: st, name: name, h: sha256.New()}, nil
}

type stagedFile struct {
	f    *os.File
	st   *Staging
	name string
	n    int64
	h    hash.Hash
}

func (s *stagedFile) Write(b []byte) (int, error) {
	n, err := s.f.Write(b)
	s.n += int64(n)
	s.h.Write(b[:n])
	if err != nil {
		s.st.failed(err)
	}
	return n, err
}

func (s *stagedFile) Close() error {
	if err := s.f.Close(); err != nil {
		s.st.failed(err)
		return err
	}
	s.st.mu.Lock()
	s.st.sizes[s.name] = s.n
	s.st.mu.Unlock()
	var sum [32]byte
	s.h.Sum(sum[:0])
	// The file is written already (it was never whole in memory); when
	// the previous site has the same bytes, its file takes the place of
	// this one, so the published file is not touched.
	if s.st.reuse(s.name, sum, s.n) {
		return nil
	}
	if err := s.st.stamp(s.name, sum, s.n); err != nil {
		s.st.failed(err)
		return err
	}
	return nil
}

// EmitFile writes one file to out with write, streamed when out can take
// it so, and returns its size and SHA-256.
func EmitFile(out Sink, name string, write func(io.Writer) error) (int64, [32]byte, error) {
	var sum [32]byte
	ss, ok := out.(StreamSink)
	if !ok {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return 0, sum, err
		}
		return int64(buf.Len()), sha256.Sum256(buf.Bytes()), out.Put(name, buf.Bytes())
	}
	f, err := ss.Create(name)
	if err != nil {
		return 0, sum, err
	}
	h := &hashCount{h: sha256.New()}
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	h.h.Sum(sum[:0])
	return h.n, sum, err
}

type hashCount struct {
	h hash.Hash
	n int64
}

func (c *hashCount) Write(b []byte) (int, error) {
	c.n += int64(len(b))
	return c.h.Write(b)
}
