package postings

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
)

// # Count files
//
// A count file maps 64-bit keys to signed counts, the changes to the
// gram counts of an archive's sample, summed when several are read:
//
//	header   32 bytes: "churncnt", format version (uint32), fan-out
//	         bits b (uint32), entry count n (uint64), CRC-32C of the
//	         entries then the fan-out table (uint32), 4 bytes zero
//	fan-out  2^b+1 uint32, by the top b bits of the keys
//	entries  n × (key uint64, count int32), sorted by key, no zero count

const (
	countMagic = "churncnt"
	countSize  = 12
)

// A Count is a key and the change to its count.
type Count struct {
	Key uint64
	N   int32
}

// WriteCounts sorts counts in place, sums those of the same key, drops
// zero sums and writes the rest as a new count file in dir, synced, whose
// name starts with prefix; it returns the file's path.
func WriteCounts(dir, prefix string, counts []Count) (string, error) {
	slices.SortFunc(counts, func(a, b Count) int {
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	out := counts[:0]
	for _, c := range counts {
		if len(out) > 0 && out[len(out)-1].Key == c.Key {
			out[len(out)-1].N += c.N
			continue
		}
		out = append(out, c)
	}
	counts = slices.DeleteFunc(out, func(c Count) bool { return c.N == 0 })
	return writeCounts(dir, prefix, len(counts), func(yield func(Count) error) error {
		for _, c := range counts {
			if err := yield(c); err != nil {
				return err
			}
		}
		return nil
	})
}

func writeCounts(dir, prefix string, sizeHint int, each func(yield func(Count) error) error) (path string, err error) {
	return writeFile(dir, prefix+"*.cnt", countMagic, sizeHint, countSize, func(w *bufWriter, fan []uint32, b int) (int, error) {
		n := 0
		var prev uint64
		err := each(func(c Count) error {
			if n > 0 && c.Key <= prev {
				return fmt.Errorf("postings: counts out of order: %#x after %#x", c.Key, prev)
			}
			prev = c.Key
			fan[c.Key>>(64-b)+1]++
			n++
			w.u64(c.Key)
			w.u32(uint32(c.N))
			return w.err
		})
		return n, err
	})
}

// Counts is an open count file. Its methods are safe for concurrent use.
type Counts struct {
	path    string
	data    []byte
	unmap   func() error
	bits    int
	n       int
	crc     uint32
	fan     []byte
	entries []byte
}

// OpenCounts opens the count file at path, checking its header and size
// (Verify checks the rest).
func OpenCounts(path string) (*Counts, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, fmt.Errorf("postings: %w", err)
	}
	c := &Counts{path: path, data: data, unmap: unmap}
	if err := c.parse(); err != nil {
		c.Close()
		return nil, fmt.Errorf("postings: %s: %w: %v", path, ErrDamaged, err)
	}
	return c, nil
}

func (c *Counts) parse() error {
	d := c.data
	if len(d) < headerSize || string(d[:8]) != countMagic {
		return fmt.Errorf("no count file header")
	}
	if v := binary.LittleEndian.Uint32(d[8:]); v != version {
		return fmt.Errorf("format version %d, this churn reads %d", v, version)
	}
	b := binary.LittleEndian.Uint32(d[12:])
	n := binary.LittleEndian.Uint64(d[16:])
	if b > maxBits || n > uint64(len(d))/countSize {
		return fmt.Errorf("header says %d fan-out bits and %d entries", b, n)
	}
	if want := uint64(headerSize) + 4*(1<<b+1) + countSize*n; uint64(len(d)) != want {
		return fmt.Errorf("%d bytes, the header says %d", len(d), want)
	}
	c.bits, c.n, c.crc = int(b), int(n), binary.LittleEndian.Uint32(d[24:])
	c.fan = d[headerSize : headerSize+4*(1<<b+1)]
	c.entries = d[headerSize+4*(1<<b+1):]
	if last := binary.LittleEndian.Uint32(c.fan[4<<b:]); last != uint32(n) {
		return fmt.Errorf("the fan-out table ends at %d of %d entries", last, n)
	}
	return nil
}

// Verify checks the file's checksum and the order of its entries.
func (c *Counts) Verify() error {
	if checksum(c.data, len(c.fan)) != c.crc {
		return fmt.Errorf("postings: %s: %w: checksum mismatch", c.path, ErrDamaged)
	}
	for i := 1; i < c.n; i++ {
		prev, _ := c.at(i - 1)
		if k, n := c.at(i); k <= prev || n == 0 {
			return fmt.Errorf("postings: %s: %w: entry %d out of order or zero", c.path, ErrDamaged, i)
		}
	}
	return nil
}

// Len returns the number of keys.
func (c *Counts) Len() int { return c.n }

func (c *Counts) key(i int) uint64 { return binary.LittleEndian.Uint64(c.entries[countSize*i:]) }

func (c *Counts) at(i int) (uint64, int32) {
	e := c.entries[countSize*i:]
	return binary.LittleEndian.Uint64(e), int32(binary.LittleEndian.Uint32(e[8:]))
}

// search returns the index of the first entry with a key ≥ key.
func (c *Counts) search(key uint64) int {
	top := key >> (64 - c.bits) // 0 when bits is 0
	lo := int(min(uint64(binary.LittleEndian.Uint32(c.fan[4*top:])), uint64(c.n)))
	hi := int(min(max(uint64(binary.LittleEndian.Uint32(c.fan[4*(top+1):])), uint64(lo)), uint64(c.n)))
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.key(m) < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Get returns the count of key, 0 if the file has none.
func (c *Counts) Get(key uint64) int {
	if i := c.search(key); i < c.n {
		if k, n := c.at(i); k == key {
			return int(n)
		}
	}
	return 0
}

// Range calls fn with every key in [lo, hi] and its count, in order.
func (c *Counts) Range(lo, hi uint64, fn func(key uint64, n int)) {
	for i := c.search(lo); i < c.n; i++ {
		k, n := c.at(i)
		if k > hi {
			return
		}
		fn(k, int(n))
	}
}

// Close releases the file's memory.
func (c *Counts) Close() error {
	if c.unmap == nil {
		return nil
	}
	err := c.unmap()
	c.unmap, c.data, c.fan, c.entries = nil, nil, nil, nil
	return err
}

// MergeCounts writes the sums of the counts of files, dropping zero
// sums, as one new count file in dir and returns its path. It streams.
func MergeCounts(dir, prefix string, files []*Counts) (string, error) {
	each := func(yield func(Count) error) error {
		// Each file is read from disk in order, not through its mapping
		// (see entryReader).
		type head struct {
			c    Count
			f    *Counts
			r    *bufio.Reader
			left int
			crc  uint32
		}
		var heads []*head
		var buf [countSize]byte
		// Each read is checked: order, then the checksum after the last
		// (see entryReader).
		next := func(h *head) (bool, error) {
			if h.left == 0 {
				return false, nil
			}
			if _, err := io.ReadFull(h.r, buf[:]); err != nil {
				return false, fmt.Errorf("postings: reading %s: %w", h.f.path, err)
			}
			h.crc = crc32.Update(h.crc, castagnoli, buf[:])
			c := Count{binary.LittleEndian.Uint64(buf[:]), int32(binary.LittleEndian.Uint32(buf[8:]))}
			if h.left < h.f.n && c.Key <= h.c.Key {
				return false, fmt.Errorf("postings: %s: %w: counts out of order", h.f.path, ErrDamaged)
			}
			h.c = c
			if h.left--; h.left == 0 && crc32.Update(h.crc, castagnoli, h.f.fan) != h.f.crc {
				return false, fmt.Errorf("postings: %s: %w: checksum mismatch", h.f.path, ErrDamaged)
			}
			return true, nil
		}
		for _, c := range files {
			f, err := os.Open(c.path)
			if err != nil {
				return fmt.Errorf("postings: %w", err)
			}
			defer f.Close()
			if _, err := f.Seek(int64(headerSize+len(c.fan)), io.SeekStart); err != nil {
				return fmt.Errorf("postings: %w", err)
			}
			h := &head{f: c, r: bufio.NewReaderSize(f, 1<<20), left: c.n}
			if ok, err := next(h); err != nil {
				return err
			} else if ok {
				heads = append(heads, h)
			}
		}
		for len(heads) > 0 {
			bk := heads[0].c.Key
			for _, h := range heads[1:] {
				bk = min(bk, h.c.Key)
			}
			sum := int32(0)
			for i := 0; i < len(heads); {
				h := heads[i]
				if h.c.Key != bk {
					i++
					continue
				}
				sum += h.c.N
				if ok, err := next(h); err != nil {
					return err
				} else if !ok {
					heads = append(heads[:i], heads[i+1:]...)
					continue
				}
				i++
			}
			if sum != 0 {
				if err := yield(Count{bk, sum}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	hint := 0
	for _, f := range files {
		hint += f.n
	}
	return writeCounts(dir, prefix, hint, each)
}
