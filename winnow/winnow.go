// Package winnow selects fingerprints from shingle hashes by winnowing and
// finds pairs of documents that share them through an inverted index.
//
// Whole-document MinHash finds articles that are mostly alike; it misses
// a 300-character wire paragraph inside a 15,000-character page, whose
// Jaccard similarity with the wire story is a few percent. Winnowing
// (Schleimer, Wilkerson and Aiken, SIGMOD 2003, as used by MOSS) keeps the
// smallest hash of every window of W consecutive shingle hashes, so that
// any passage the two documents share verbatim that is at least W+K-1
// characters long (K the shingle length) yields at least one common
// fingerprint, whatever surrounds it. About 2/(W+1) of the shingles are
// kept. Package churn winnows widened hashes (see Widen), whose shingles
// join three adjacent k-character ones: 27 characters at its default
// k = 9, so that with its default W = 16 the guarantee is for passages of
// 42 characters.
//
// The Index stores one 64-bit word per fingerprint (the hash's high 32
// bits and the document number), sorts them once, and walks runs of equal
// hashes: a hash found in more than MaxDF documents is boilerplate (menus,
// footers, stock phrases) and proposes nothing; the others count, for each
// pair of documents, the fingerprints they share. Pairs sharing at least
// MinShared fingerprints are candidates. Truncating hashes to 32 bits
// makes a chance collision between two unrelated fingerprints likely in a
// large corpus, which is why a candidate needs more than one shared
// fingerprint by default.
package winnow

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/churnalism/churn/internal/radix"
)

// Fingerprint is a selected shingle: its hash and its position (the
// index of the shingle in the document's hash sequence).
type Fingerprint struct {
	Hash uint64
	Pos  int32
}

// Select appends to dst the fingerprints of hashes chosen by robust
// winnowing with window w: in every window of w consecutive hashes, the
// smallest is selected. On ties, the window keeps the position the window
// before it selected if that is still inside it, and otherwise takes the
// rightmost; so a run of equal hashes (repetitive text) yields one
// fingerprint per w positions, not one per position. Each position is
// reported once, in increasing order. Zero hashes are masked: never
// selected. A sequence shorter than w yields its minimum.
func Select(dst []Fingerprint, hashes []uint64, w int) []Fingerprint {
	if w < 1 {
		w = 1
	}
	n := len(hashes)
	if n == 0 {
		return dst
	}
	last := int32(-1)
	pick := func(i int) {
		if hashes[i] != 0 && int32(i) != last {
			dst = append(dst, Fingerprint{hashes[i], int32(i)})
			last = int32(i)
		}
	}
	if n <= w {
		pick(argmin(hashes, 0, n))
		return dst
	}
	// m is the position of the minimum of the current window [i-w+1, i].
	m := argmin(hashes, 0, w)
	pick(m)
	for i := w; i < n; i++ {
		start := i - w + 1
		switch {
		case m < start:
			m = argmin(hashes, start, i+1)
		case hashes[i]-1 < hashes[m]-1: // strictly smaller: robust winnowing keeps m on ties
			m = i
		}
		pick(m)
	}
	return dst
}

// argmin returns the position of the smallest hash in [from, to), the
// rightmost on ties, with 0 (masked) ordered after every other hash.
func argmin(h []uint64, from, to int) int {
	m := from
	for i := from + 1; i < to; i++ {
		if h[i]-1 <= h[m]-1 { // 0 wraps to the largest value
			m = i
		}
	}
	return m
}

// Pair is two documents, A < B, that share fingerprints.
type Pair struct {
	A, B   int
	Shared int // distinct shared fingerprint hashes (32-bit)
	Rare   int // of those, found in at most rareDF documents (PairsFunc only)
	// Weight is the sum of the shared hashes' weights (WeighedPairs; Pairs
	// weighs each 1).
	Weight float64
}

// Index is an inverted index from fingerprint hashes to documents.
// Add documents, then call Pairs.
//
// Entries (the hash's high 32 bits and the document number in one word)
// go into 256 partitions by the hash's top byte, each a list of blocks:
// adding never copies what is stored (a single growing slice of 350
// million entries, the size of the index for a million articles, copied
// itself at every doubling), and Pairs sorts and walks the partitions one
// at a time on each CPU, gathering each partition's blocks into one
// slice, so that it needs a 256th of the index per CPU besides the pairs
// it counts.
// The partitions are kept in a few shards, each with its own lock, so
// that goroutines adding documents at once seldom wait for each other.
type Index struct {
	shards     [indexShards]shard
	common     []uint32
	commonDocs []bool
	spill      *spill // see SpillTo
	external   func(key uint32) int
}

// SetExternal makes every document frequency the index computes count,
// besides its own documents, external(key) documents of the corpus that
// it does not hold: key is a hash's high 32 bits, as the index keeps it.
// A comparison of one article with the documents of an archive that
// share keys with it then weighs, masks and proposes as if it held the
// whole archive. A hash found in one indexed document and in external
// ones proposes no pair, but counts as common (Common, DocHasCommon) and
// towards held counts (PairsFunc) as it would in the whole corpus.
func (x *Index) SetExternal(external func(key uint32) int) { x.external = external }

// df returns the document frequency of a hash found in n indexed
// documents.
func (x *Index) df(key uint32, n int) int {
	if x.external == nil {
		return n
	}
	return n + x.external(key)
}

// indexShards is the number of shards: enough that a few goroutines
// adding at once seldom find every lock taken.
const indexShards = 4

// shard is a share of the entries, by partition.
type shard struct {
	mu    sync.Mutex
	parts [256]partition
	n     int    // entries added
	mem   int    // entries held in memory (see SpillTo)
	buf   []byte // for writing a partition out
	docs  int    // 1 + the largest document number added
	_     [64]byte
}

// partition is the entries whose hash has one top byte: full blocks, then
// the block being filled; after Pairs, one sorted block (none if the
// index spills).
type partition struct {
	blocks  [][]uint64
	spilled []extent // in the spill file, before blocks
}

// Blocks grow from firstBlockLen entries, doubling, to blockLen (32 KB),
// so that a small index stays small.
const (
	firstBlockLen = 64
	blockLen      = 4096
)

// Add adds the fingerprints of document doc (0 ≤ doc < 2³²). It is safe
// for concurrent use; the order of calls does not change what Pairs
// returns.
func (x *Index) Add(doc int, fps []Fingerprint) error {
	if doc < 0 || uint64(doc) > math.MaxUint32 {
		return fmt.Errorf("winnow: document number %d out of range", doc)
	}
	// The first free shard, from one that depends on doc; if all are
	// taken, wait for that one.
	first := doc % indexShards
	var sh *shard
	for i := range indexShards {
		if c := &x.shards[(first+i)%indexShards]; c.mu.TryLock() {
			sh = c
			break
		}
	}
	if sh == nil {
		sh = &x.shards[first]
		sh.mu.Lock()
	}
	defer sh.mu.Unlock()
	for _, f := range fps {
		p := &sh.parts[f.Hash>>56]
		n := len(p.blocks)
		if n == 0 || len(p.blocks[n-1]) == cap(p.blocks[n-1]) {
			size := firstBlockLen
			if n > 0 {
				size = min(blockLen, 2*cap(p.blocks[n-1]))
			}
			p.blocks = append(p.blocks, make([]uint64, 0, size))
			n++
		}
		p.blocks[n-1] = append(p.blocks[n-1], f.Hash>>32<<32|uint64(doc))
	}
	sh.n += len(fps)
	sh.mem += len(fps)
	sh.docs = max(sh.docs, doc+1)
	if x.spill != nil && sh.mem >= x.spill.limit {
		return x.spill.write(sh)
	}
	return nil
}

// Pairs returns, sorted by (A, B), the pairs of documents sharing at least
// minShared fingerprint hashes, ignoring hashes found in more than maxDF
// documents (maxDF ≤ 0 means no limit). It sorts the index in place,
// using every CPU. It must not be called at the same time as Add.
func (x *Index) Pairs(maxDF, minShared int) []Pair {
	return x.WeighedPairs(maxDF, 0, float64(minShared), 0)
}

// docs returns 1 + the largest document number added.
func (x *Index) docs() int {
	n := 0
	for i := range x.shards {
		n = max(n, x.shards[i].docs)
	}
	return n
}

// workers returns the number of goroutines that pairing runs on: one a
// CPU.
func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// spread calls fn(w, t) once for every task t in [0, n), from workers()
// goroutines at once, w (0 ≤ w < workers()) the calling goroutine's
// number, so that state indexed by w needs no lock; it returns when every
// call has.
func spread(n int, fn func(w, t int)) {
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := range workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := int(next.Add(1)) - 1; t < n; t = int(next.Add(1)) - 1 {
				fn(w, t)
			}
		}()
	}
	wg.Wait()
}

// runLen returns the number of entries from entries[i] on that hold the
// same hash.
func runLen(entries []uint64, i int) int {
	j := i + 1
	for j < len(entries) && entries[j]>>32 == entries[i]>>32 {
		j++
	}
	return j - i
}

// sorted gathers the blocks of partition b from every shard into one,
// sorts it and drops duplicates (a document counts once per hash), leaves
// it as the first shard's only block, and returns it.
//
// If the index has spilled (see SpillTo), the partition is read back from
// the spill file and not kept: it is returned, and dropped.
func (x *Index) sorted(b int) []uint64 {
	n, nblocks := 0, 0
	var only []uint64
	spilled := false
	for i := range x.shards {
		p := &x.shards[i].parts[b]
		for _, blk := range p.blocks {
			n += len(blk)
			nblocks++
			only = blk
		}
		for _, e := range p.spilled {
			n += e.n
			spilled = true
		}
	}
	all := only
	if nblocks > 1 || spilled {
		all = make([]uint64, 0, n)
		for i := range x.shards {
			p := &x.shards[i].parts[b]
			all = x.spill.read(all, p.spilled)
			p.spilled = nil
			for j, blk := range p.blocks {
				all = append(all, blk...)
				p.blocks[j] = nil
			}
			p.blocks = p.blocks[:0]
		}
	}
	radix.Sort(all)
	all = slices.Compact(all)
	for i := range x.shards {
		x.shards[i].parts[b].blocks = nil
	}
	if len(all) > 0 && x.spill == nil {
		x.shards[0].parts[b].blocks = [][]uint64{all}
	}
	return all
}

// Release drops the fingerprints, keeping only what Common and
// DocHasCommon need, to free memory once Pairs has been called; Pairs
// then finds nothing.
func (x *Index) Release() {
	for i := range x.shards {
		sh := &x.shards[i]
		sh.mu.Lock()
		sh.parts = [256]partition{}
		sh.mem, sh.buf = 0, nil
		sh.mu.Unlock()
	}
	if x.spill != nil {
		x.spill.close()
	}
}

// Common reports whether a fingerprint hash was found in more than maxDF
// documents by the last call to Pairs.
func (x *Index) Common(hash uint64) bool {
	_, found := slices.BinarySearch(x.common, uint32(hash>>32))
	return found
}

// DocHasCommon reports whether document doc holds a fingerprint that the
// last call to Pairs found common.
func (x *Index) DocHasCommon(doc int) bool {
	return doc >= 0 && doc < len(x.commonDocs) && x.commonDocs[doc]
}

// Len returns the number of fingerprints added.
func (x *Index) Len() int {
	n := 0
	for i := range x.shards {
		x.shards[i].mu.Lock()
		n += x.shards[i].n
		x.shards[i].mu.Unlock()
	}
	return n
}

// Widen appends to dst, for every position i of hashes, a hash of the n
// consecutive shingles i, i+k, …, i+(n-1)k: a shingle n·k characters long
// built from the k-character ones, without hashing the text again. A zero
// (masked) component gives zero. Positions too close to the end for n
// components are left out, so len(result) = max(0, len(hashes)-(n-1)k).
//
// Fingerprints of 9-character shingles are too common to propose pairs:
// "a declarat" or "of the pre" occur in thousands of articles, and any two
// articles in one language share a few. Fingerprints of widened shingles
// (27 characters for n = 3) are shared only by text that was copied.
func Widen(dst, hashes []uint64, k, n int) []uint64 {
	span := (n - 1) * k
	if n == 3 && len(hashes) > span {
		// The common case, unrolled: the components are already
		// well-mixed hashes, so rotating them apart, combining them and
		// mixing once is enough; chaining a multiplication through each
		// costs three times as much.
		m := len(hashes) - span
		dst = slices.Grow(dst, m)
		out := dst[len(dst) : len(dst)+m]
		a, b, c := hashes[:m], hashes[k:k+m], hashes[2*k:2*k+m]
		for i := range out {
			x, y, z := a[i], b[i], c[i]
			h := uint64(0)
			if x != 0 && y != 0 && z != 0 {
				h = x ^ bits.RotateLeft64(y, 21) ^ bits.RotateLeft64(z, 42)
				h *= 0xff51afd7ed558ccd
				h ^= h >> 32
				h |= 1 // never zero, which means masked
			}
			out[i] = h
		}
		return dst[:len(dst)+m]
	}
	return widenChained(dst, hashes, k, n)
}

// widenChained is Widen for any n: each component is mixed into a
// running hash.
func widenChained(dst, hashes []uint64, k, n int) []uint64 {
	span := (n - 1) * k
	for i := 0; i+span < len(hashes); i++ {
		h := uint64(0x9e3779b97f4a7c15)
		for j := 0; j < n; j++ {
			c := hashes[i+j*k]
			if c == 0 {
				h = 0
				break
			}
			h = (h ^ c) * 0xff51afd7ed558ccd
			h ^= h >> 32
		}
		dst = append(dst, h|min(h, 1))
	}
	return dst
}
