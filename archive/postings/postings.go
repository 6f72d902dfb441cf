// Package postings is an inverted index from 32-bit keys to 32-bit
// document numbers kept in files: immutable sorted runs, written once
// per batch of documents and merged as they accumulate, as a
// log-structured merge tree keeps them. It is the candidate index of an
// archive (band hashes, fingerprints and word grams, each a key), where
// a check looks up a few hundred keys among hundreds of millions of
// entries.
//
// # Run files
//
// A run is one file:
//
//	header   32 bytes: "churnrun", format version (uint32), fan-out
//	         bits b (uint32), entry count n (uint64), CRC-32C of the
//	         entries then the fan-out table (uint32), 4 bytes zero
//	fan-out  2^b+1 uint32: entry i of the table is the index of the
//	         first entry whose key's top b bits are ≥ i
//	entries  n uint64, key<<32 | document, sorted
//
// all little-endian. A lookup reads the two fan-out words of its key's
// top bits and binary-searches the entries between them: with b chosen
// so that a bucket holds about 8 entries, one or two cache lines.
// Files are mapped into memory (read whole where mapping is not
// available), so a process holds the pages it touched, not the index.
package postings

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"slices"

	"github.com/churnalism/churn/internal/radix"
)

// An Entry is a key and a document: key<<32 | doc.
type Entry uint64

// MakeEntry returns the entry of key and doc.
func MakeEntry(key, doc uint32) Entry { return Entry(key)<<32 | Entry(doc) }

// Key returns the entry's key.
func (e Entry) Key() uint32 { return uint32(e >> 32) }

// Doc returns the entry's document.
func (e Entry) Doc() uint32 { return uint32(e) }

const (
	magic      = "churnrun"
	version    = 1
	headerSize = 32
	// bucketEntries is the number of entries a fan-out bucket holds on
	// average: 8 entries, one 64-byte cache line, so that a lookup
	// touches the table and one or two lines of entries (a check makes
	// thousands, mostly missing the cache), for half a byte of table an
	// entry.
	bucketEntries = 8
	maxBits       = 24
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// fanBits returns the fan-out bits for n entries.
func fanBits(n int) int {
	return min(maxBits, max(0, bits.Len(uint(n/bucketEntries))))
}

// WriteRun sorts entries in place, removes duplicates and writes them as
// a new run file in dir, synced to disk, and returns the file's path.
// The file's name starts with prefix.
func WriteRun(dir, prefix string, entries []Entry) (string, error) {
	radix.Sort(entries)
	entries = slices.Compact(entries)
	return write(dir, prefix, len(entries), func(yield func(Entry) error) error {
		for _, e := range entries {
			if err := yield(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// write writes a run of the entries, in order, that each calls yield
// with, in one pass. sizeHint, about their number, sets the fan-out.
func write(dir, prefix string, sizeHint int, each func(yield func(Entry) error) error) (path string, err error) {
	return writeFile(dir, prefix+"*.run", magic, sizeHint, 8, func(w *bufWriter, fan []uint32, b int) (int, error) {
		n := 0
		var prev Entry
		err := each(func(e Entry) error {
			if n > 0 && e <= prev {
				return fmt.Errorf("postings: entries out of order: %#x after %#x", uint64(e), uint64(prev))
			}
			prev = e
			fan[uint64(e.Key())>>(32-b)+1]++
			n++
			w.u64(uint64(e))
			return w.err
		})
		return n, err
	})
}

// writeFile writes a file of the format of run and count files: its
// header, a fan-out table of b bits (set by sizeHint) and the entries of
// entrySize bytes that body writes through w, counting each in fan by its
// top bits, and whose number it returns. The entries are written first,
// after room for the table, so that they are read once; the checksum is
// of the entries, then the table. The file is synced, with its folder.
func writeFile(dir, pattern, magic string, sizeHint, entrySize int, body func(w *bufWriter, fan []uint32, b int) (int, error)) (path string, err error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", fmt.Errorf("postings: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	b := fanBits(sizeHint)
	fan := make([]uint32, 1<<b+1)
	if _, err := f.Seek(int64(headerSize+4*len(fan)), io.SeekStart); err != nil {
		return "", fmt.Errorf("postings: %w", err)
	}
	crc := crc32.New(castagnoli)
	w := newBufWriter(io.MultiWriter(f, crc))
	n, err := body(w, fan, b)
	if err == nil {
		err = w.flush()
	}
	if err != nil {
		return "", fmt.Errorf("postings: writing %s: %w", f.Name(), err)
	}
	for i := 1; i < len(fan); i++ {
		fan[i] += fan[i-1]
	}
	table := make([]byte, 0, 4*len(fan))
	for _, v := range fan {
		table = binary.LittleEndian.AppendUint32(table, v)
	}
	crc.Write(table)
	var hdr [headerSize]byte
	copy(hdr[:], magic)
	binary.LittleEndian.PutUint32(hdr[8:], version)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(b))
	binary.LittleEndian.PutUint64(hdr[16:], uint64(n))
	binary.LittleEndian.PutUint32(hdr[24:], crc.Sum32())
	if _, err := f.WriteAt(append(hdr[:], table...), 0); err != nil {
		return "", fmt.Errorf("postings: writing %s: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("postings: syncing %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("postings: closing %s: %w", f.Name(), err)
	}
	// The file's directory entry must be durable too.
	if d, err := os.Open(filepath.Dir(f.Name())); err == nil {
		d.Sync()
		d.Close()
	}
	return f.Name(), nil
}

// bufWriter writes little-endian words through a buffer, keeping the
// first error.
type bufWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func newBufWriter(w io.Writer) *bufWriter { return &bufWriter{w: w, buf: make([]byte, 0, 1<<16)} }

func (w *bufWriter) u32(v uint32) {
	w.buf = binary.LittleEndian.AppendUint32(w.buf, v)
	w.maybeFlush()
}

func (w *bufWriter) u64(v uint64) {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, v)
	w.maybeFlush()
}

func (w *bufWriter) maybeFlush() {
	if len(w.buf) >= cap(w.buf)-8 {
		w.flush()
	}
}

func (w *bufWriter) flush() error {
	if w.err == nil && len(w.buf) > 0 {
		_, w.err = w.w.Write(w.buf)
	}
	w.buf = w.buf[:0]
	return w.err
}

// A Run is an open run file. Its methods are safe for concurrent use.
type Run struct {
	path    string
	data    []byte // the whole file, mapped or read
	unmap   func() error
	bits    int
	n       int
	crc     uint32
	fan     []byte // 2^bits+1 uint32
	entries []byte // n uint64
}

// ErrDamaged is wrapped by the errors of a run file that is not one, is
// cut short or fails its checksum.
var ErrDamaged = errors.New("damaged run file")

// Open opens the run file at path. It checks the header and the file's
// size; Verify checks the checksum and the order of the entries.
func Open(path string) (*Run, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	r := &Run{path: path, data: data, unmap: unmap}
	if err := r.parse(); err != nil {
		r.Close()
		return nil, fmt.Errorf("postings: %s: %w: %v", path, ErrDamaged, err)
	}
	return r, nil
}

func (r *Run) parse() error {
	d := r.data
	if len(d) < headerSize || string(d[:8]) != magic {
		return errors.New("no run header")
	}
	if v := binary.LittleEndian.Uint32(d[8:]); v != version {
		return fmt.Errorf("format version %d, this churn reads %d", v, version)
	}
	b := binary.LittleEndian.Uint32(d[12:])
	n := binary.LittleEndian.Uint64(d[16:])
	if b > maxBits || n > uint64(len(d))/8 {
		return fmt.Errorf("header says %d fan-out bits and %d entries", b, n)
	}
	want := uint64(headerSize) + 4*(1<<b+1) + 8*n
	if uint64(len(d)) != want {
		return fmt.Errorf("%d bytes, the header says %d", len(d), want)
	}
	r.bits, r.n, r.crc = int(b), int(n), binary.LittleEndian.Uint32(d[24:])
	r.fan = d[headerSize : headerSize+4*(1<<b+1)]
	r.entries = d[headerSize+4*(1<<b+1):]
	if last := binary.LittleEndian.Uint32(r.fan[4<<b:]); last != uint32(n) {
		return fmt.Errorf("the fan-out table ends at %d of %d entries", last, n)
	}
	return nil
}

// Verify checks the run's checksum, fan-out table and entry order.
func (r *Run) Verify() error {
	if checksum(r.data, len(r.fan)) != r.crc {
		return fmt.Errorf("postings: %s: %w: checksum mismatch", r.path, ErrDamaged)
	}
	prev := uint32(0)
	for i := 0; i <= 1<<r.bits; i++ {
		v := binary.LittleEndian.Uint32(r.fan[4*i:])
		if v < prev || int(v) > r.n {
			return fmt.Errorf("postings: %s: %w: fan-out entry %d", r.path, ErrDamaged, i)
		}
		prev = v
	}
	for i := 1; i < r.n; i++ {
		if r.entry(i) <= r.entry(i-1) {
			return fmt.Errorf("postings: %s: %w: entry %d out of order", r.path, ErrDamaged, i)
		}
	}
	return nil
}

// checksum returns the CRC-32C of a file's entries, then its fan-out
// table of fanBytes bytes.
func checksum(data []byte, fanBytes int) uint32 {
	c := crc32.Update(0, castagnoli, data[headerSize+fanBytes:])
	return crc32.Update(c, castagnoli, data[headerSize:headerSize+fanBytes])
}

// Path returns the run's file name.
func (r *Run) Path() string { return r.path }

// Len returns the number of entries.
func (r *Run) Len() int { return r.n }

func (r *Run) entry(i int) Entry { return Entry(binary.LittleEndian.Uint64(r.entries[8*i:])) }

// span returns the range of entries with key.
func (r *Run) span(key uint32) (int, int) {
	top := uint64(key) >> (32 - r.bits)
	// A damaged table must not panic: bounds are clamped to the entries
	// as unsigned numbers, before they become ints (which may have 32
	// bits).
	lo64 := min(uint64(binary.LittleEndian.Uint32(r.fan[4*top:])), uint64(r.n))
	hi64 := min(max(uint64(binary.LittleEndian.Uint32(r.fan[4*(top+1):])), lo64), uint64(r.n))
	lo, hi := int(lo64), int(hi64)
	first := MakeEntry(key, 0)
	// Binary search for the first entry ≥ first in [lo, hi).
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.entry(m) < first {
			lo = m + 1
		} else {
			hi = m
		}
	}
	end := lo
	for end < r.n && r.entry(end).Key() == key {
		end++
	}
	return lo, end
}

// Lookup appends to dst the documents holding key, in increasing order.
func (r *Run) Lookup(dst []uint32, key uint32) []uint32 {
	lo, hi := r.span(key)
	for i := lo; i < hi; i++ {
		dst = append(dst, r.entry(i).Doc())
	}
	return dst
}

// Count returns the number of documents holding key.
func (r *Run) Count(key uint32) int {
	lo, hi := r.span(key)
	return hi - lo
}

// Close releases the run's memory. Lookups after Close panic.
func (r *Run) Close() error {
	if r.unmap == nil {
		return nil
	}
	err := r.unmap()
	r.unmap, r.data, r.fan, r.entries = nil, nil, nil, nil
	return err
}

// entryReader reads a run's entries in order from its file rather than
// its mapping: a merge streams through runs of gigabytes, and pages read
// through a mapping would count in the process's memory until unmapped.
//
// It checks what it reads: the order of the entries and, after the last,
// the file's checksum, so that a merge never carries damage into the
// file it writes (it fails with ErrDamaged, naming the file).
type entryReader struct {
	r    *Run
	f    *os.File
	br   *bufio.Reader
	left int
	buf  [8]byte
	crc  uint32
	prev Entry
}

func (r *Run) reader() (*entryReader, error) {
	f, err := os.Open(r.path)
	if err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	if _, err := f.Seek(int64(headerSize+len(r.fan)), io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("postings: %w", err)
	}
	return &entryReader{r: r, f: f, br: bufio.NewReaderSize(f, 1<<20), left: r.n}, nil
}

// next returns the next entry, ok false after the last.
func (r *entryReader) next() (e Entry, ok bool, err error) {
	if r.left == 0 {
		return 0, false, nil
	}
	if _, err := io.ReadFull(r.br, r.buf[:]); err != nil {
		return 0, false, fmt.Errorf("postings: reading %s: %w", r.f.Name(), err)
	}
	r.crc = crc32.Update(r.crc, castagnoli, r.buf[:])
	e = Entry(binary.LittleEndian.Uint64(r.buf[:]))
	if r.left < r.r.n && e <= r.prev {
		return 0, false, fmt.Errorf("postings: %s: %w: entries out of order", r.f.Name(), ErrDamaged)
	}
	r.prev = e
	if r.left--; r.left == 0 && crc32.Update(r.crc, castagnoli, r.r.fan) != r.r.crc {
		return 0, false, fmt.Errorf("postings: %s: %w: checksum mismatch", r.f.Name(), ErrDamaged)
	}
	return e, true, nil
}

// Merge writes the entries of runs whose document keep accepts (all of
// them if keep is nil) as one new run in dir, and returns its path. It
// streams, reading the runs once: memory does not grow with their size.
// keep must give the same answer every time it is asked about a
// document.
func Merge(dir, prefix string, runs []*Run, keep func(doc uint32) bool) (string, error) {
	each := func(yield func(Entry) error) error {
		// heads holds the next entry of each run not done, and from
		// which run and position it comes.
		type head struct {
			e   Entry
			run int
		}
		var heads []head
		readers := make([]*entryReader, len(runs))
		defer func() {
			for _, r := range readers {
				if r != nil {
					r.f.Close()
				}
			}
		}()
		for k, r := range runs {
			er, err := r.reader()
			if err != nil {
				return err
			}
			readers[k] = er
			if e, ok, err := er.next(); err != nil {
				return err
			} else if ok {
				heads = append(heads, head{e, k})
			}
		}
		var last Entry
		first := true
		for len(heads) > 0 {
			best := 0
			for k := 1; k < len(heads); k++ {
				if heads[k].e < heads[best].e {
					best = k
				}
			}
			h := &heads[best]
			be := h.e
			if e, ok, err := readers[h.run].next(); err != nil {
				return err
			} else if ok {
				h.e = e
			} else {
				heads = append(heads[:best], heads[best+1:]...)
			}
			if (!first && be == last) || keep != nil && !keep(be.Doc()) {
				continue
			}
			first, last = false, be
			if err := yield(be); err != nil {
				return err
			}
		}
		return nil
	}
	hint := 0
	for _, r := range runs {
		hint += r.n
	}
	return write(dir, prefix, hint, each)
}
