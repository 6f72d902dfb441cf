package winnow

import (
	"encoding/binary"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
)

// Spilling keeps an index of a large corpus mostly on disk. Entries
// arrive in document order from every CPU, but Pairs needs them by hash
// partition, one partition at a time; held in memory until then, they
// are the largest thing a run holds (8 bytes a fingerprint, about 300
// fingerprints a 3 KB article: 2.4 GB at a million articles). With
// spilling, once a shard holds limit entries it writes each of its 256
// partitions to the end of a temporary file as one extent and forgets
// them, so the index holds at most limit entries a shard in memory and
// Pairs reads back one partition per CPU at a time: the extents of that
// partition, from the operating system's page cache if it kept them.
// A partition is consumed when it is read: an index that spills can be
// paired once.

// spill is an index's temporary file.
type spill struct {
	dir   string
	limit int // entries a shard holds in memory before writing them out

	mu   sync.Mutex // guards creating f
	f    *os.File
	size atomic.Int64
	err  atomic.Pointer[error]
}

// extent is a run of entries of one partition in the spill file.
type extent struct {
	off int64
	n   int
}

// SpillTo makes the index write its entries to a temporary file in dir
// (the default temporary folder if dir is "") whenever a shard of it
// holds more than about budget bytes of them in memory; the file is
// created only then, and removed from the file system at once, so that it
// disappears when the index is released or the process ends. An index
// that spills can be paired once: Pairs, WeighedPairs and PairsFunc read
// each partition back and drop it, leaving what Common and DocHasCommon
// need. SpillTo must be called before Add.
func (x *Index) SpillTo(dir string, budget int) {
	x.spill = &spill{dir: dir, limit: max(1, budget/8/indexShards)}
}

// Err returns the first error writing the spill file or reading it back,
// if any; Pairs, WeighedPairs and PairsFunc leave out what could not be
// read.
func (x *Index) Err() error {
	if x.spill == nil {
		return nil
	}
	if e := x.spill.err.Load(); e != nil {
		return *e
	}
	return nil
}

func (s *spill) fail(err error) error {
	err = fmt.Errorf("winnow: index spill file: %w (the temporary folder may be full; set TMPDIR)", err)
	s.err.CompareAndSwap(nil, &err)
	return *s.err.Load()
}

// file returns the spill file, creating it.
func (s *spill) file() (*os.File, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, "churn-index-*")
		if err != nil {
			return nil, s.fail(err)
		}
		if err := os.Remove(f.Name()); err != nil {
			f.Close()
			return nil, s.fail(err)
		}
		s.f = f
	}
	return s.f, nil
}

// write writes out the shard's entries held in memory; its lock is held.
func (s *spill) write(sh *shard) error {
	if e := s.err.Load(); e != nil {
		return *e
	}
	f, err := s.file()
	if err != nil {
		return err
	}
	for b := range sh.parts {
		p := &sh.parts[b]
		n := 0
		for _, blk := range p.blocks {
			n += len(blk)
		}
		if n == 0 {
			continue
		}
		if cap(sh.buf) < 8*n {
			sh.buf = make([]byte, 8*n)
		}
		buf := sh.buf[:8*n]
		i := 0
		for _, blk := range p.blocks {
			for _, e := range blk {
				binary.LittleEndian.PutUint64(buf[i:], e)
				i += 8
			}
		}
		off := s.size.Add(int64(len(buf))) - int64(len(buf))
		if _, err := f.WriteAt(buf, off); err != nil {
			return s.fail(err)
		}
		p.spilled = append(p.spilled, extent{off: off, n: n})
		p.blocks = nil
	}
	sh.mem = 0
	return nil
}

// read appends the entries of the extents to dst.
func (s *spill) read(dst []uint64, exts []extent) []uint64 {
	if len(exts) == 0 || s.err.Load() != nil {
		return dst
	}
	var buf []byte
	for _, e := range exts {
		if cap(buf) < 8*e.n {
			buf = make([]byte, 8*e.n)
		}
		buf = buf[:8*e.n]
		if _, err := s.f.ReadAt(buf, e.off); err != nil {
			s.fail(err)
			return dst
		}
		for i := 0; i < len(buf); i += 8 {
			dst = append(dst, binary.LittleEndian.Uint64(buf[i:]))
		}
	}
	return dst
}

// close closes the spill file, if one was created.
func (s *spill) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		s.f.Close()
		s.f = nil
	}
}
