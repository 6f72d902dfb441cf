package churn

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// A TextStore keeps the texts of a corpus in a temporary file instead of
// memory, so that analysing a large corpus needs memory for what the
// analysis keeps of each document, not for the documents: a million
// articles of 3 KB are 3.2 GB of text. Texts are appended in document
// order and read back by index, with one read of the file (which the
// operating system caches, outside the process's memory) each time the
// analysis looks at a document: three to five times per document.
//
// Add is safe for concurrent use with Text only once Flush has returned;
// Text is safe for concurrent use.
type TextStore struct {
	mu   sync.Mutex
	f    *os.File
	w    *bufio.Writer
	size int64
	off  []int64 // text i is at [off[i], off[i+1])
	err  error
	dir  string
}

// NewTextStore creates a store in a new temporary file in dir (the
// default temporary folder if dir is ""), removed at once from the file
// system so that it disappears when the store is closed or the process
// ends, however it ends.
func NewTextStore(dir string) (*TextStore, error) {
	f, err := os.CreateTemp(dir, "churn-texts-*")
	if err != nil {
		return nil, fmt.Errorf("churn: text store: %w", err)
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, fmt.Errorf("churn: text store: %w", err)
	}
	return &TextStore{f: f, w: bufio.NewWriterSize(f, 1<<20), off: []int64{0}, dir: dir}, nil
}

// Add appends text as the next document's and returns its index.
func (s *TextStore) Add(text []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return 0, s.err
	}
	if _, err := s.w.Write(text); err != nil {
		s.err = fmt.Errorf("churn: text store: %w (the temporary folder may be full; set TMPDIR)", err)
		return 0, s.err
	}
	s.size += int64(len(text))
	s.off = append(s.off, s.size)
	return len(s.off) - 2, nil
}

// Len returns the number of texts added.
func (s *TextStore) Len() int { return len(s.off) - 1 }

// Size returns the number of bytes stored.
func (s *TextStore) Size() int64 { return s.size }

// Flush writes out what Add buffered; Text sees a text only after it.
func (s *TextStore) Flush() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		if err := s.w.Flush(); err != nil {
			s.err = fmt.Errorf("churn: text store: %w (the temporary folder may be full; set TMPDIR)", err)
		}
	}
	return s.err
}

// TextLen returns the length of text i in bytes.
func (s *TextStore) TextLen(i int) int { return int(s.off[i+1] - s.off[i]) }

// Text appends text i to dst[:0] and returns it.
func (s *TextStore) Text(dst []byte, i int) ([]byte, error) {
	if i < 0 || i >= s.Len() {
		return dst[:0], fmt.Errorf("churn: text %d of %d", i, s.Len())
	}
	n := int(s.off[i+1] - s.off[i])
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	dst = dst[:n]
	if _, err := s.f.ReadAt(dst, s.off[i]); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return dst[:0], fmt.Errorf("churn: text store: reading text %d: %w", i, err)
	}
	return dst, nil
}

// Close removes the store's file.
func (s *TextStore) Close() error { return s.f.Close() }
