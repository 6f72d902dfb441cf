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
}

// indexShards is the number of shards: enough that a few goroutines
// adding at once seldom find every lock taken.
const indexShards = 4

// shard is a share of the entries, by partition.
type shard struct {
	mu    sync.Mutex
	parts [256]partition
	n     int // entries added
	docs  int // 1 + the largest document number added
	_     [64]byte
}

// partition is the entries whose hash has one top byte: full blocks, then
// the block being filled; after Pairs, one sorted block.
type partition struct {
	blocks [][]uint64
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
	sh.docs = max(sh.docs, doc+1)
	return nil
}

// Pairs returns, sorted by (A, B), the pairs of documents sharing at least
// minShared fingerprint hashes, ignoring hashes found in more than maxDF
// documents (maxDF ≤ 0 means no limit). It sorts the index in place,
// using every CPU. It must not be called at the same time as Add.
func (x *Index) Pairs(maxDF, minShared int) []Pair {
	return x.WeighedPairs(maxDF, 0, float64(minShared), 0)
}

// weightOne is the fixed-point weight of a hash that counts fully.
const weightOne = 1 << 20

// WeighedPairs is Pairs with shared hashes weighed by their rarity, as
// package reuse weighs grams: a hash found in df documents weighs
// min(1, rareDF/df) (every hash weighs 1 if rareDF ≤ 0), and a pair is
// returned when the weights of the hashes it shares sum to at least
// minWeight, or when it shares at least anyShared hashes whatever they
// weigh (anyShared ≤ 0: no such rule). Pair.Shared still counts them all,
// and Pair.Weight is the sum.
//
// Unweighed counting proposes every pair of documents that happen to
// share two or three stock phrases, each in a few dozen documents: on the
// peer corpus of BENCHMARKS.md (Zipf-distributed words), 61,817 pairs
// proposed by fingerprints alone, six for every pair reported, none of
// which verification kept; weighing takes 45,815 candidates of 73,430 away.
// Four shared fingerprints or more are a passage (a 50-character one
// yields three on average), however many documents hold it: two articles
// that both took the same wire paragraph share it, and anyShared keeps
// them (on the generated corpus of 100,000 articles, 1,188 pairs of 13,567
// share 4 to 6 fingerprints, each in more than rareDF documents).
func (x *Index) WeighedPairs(maxDF, rareDF int, minWeight float64, anyShared int) []Pair {
	type result struct {
		keys   []uint64 // a<<32 | b, one per shared hash
		wts    []uint32 // each key's hash's weight, of weightOne
		common []uint32
		docs   []uint32 // documents holding a common hash
	}
	var results [256]result
	var next atomic.Int32
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var group []uint32
			for {
				b := int(next.Add(1)) - 1
				if b >= 256 {
					return
				}
				entries := x.sorted(b)
				r := &results[b]
				for i := 0; i < len(entries); {
					h := entries[i] >> 32
					group = group[:0]
					j := i
					for ; j < len(entries) && entries[j]>>32 == h; j++ {
						group = append(group, uint32(entries[j]))
					}
					i = j
					if len(group) < 2 {
						continue
					}
					if maxDF > 0 && len(group) > maxDF {
						r.common = append(r.common, uint32(h))
						r.docs = append(r.docs, group...)
						continue
					}
					wt := uint32(weightOne)
					if rareDF > 0 && len(group) > rareDF {
						wt = uint32(rareDF * weightOne / len(group))
					}
					for a := range group {
						for b := a + 1; b < len(group); b++ {
							r.keys = append(r.keys, uint64(group[a])<<32|uint64(group[b]))
							if rareDF > 0 {
								r.wts = append(r.wts, wt)
							}
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	docs := 0
	for i := range x.shards {
		docs = max(docs, x.shards[i].docs)
	}
	x.common = x.common[:0]
	x.commonDocs = make([]bool, docs)
	nkeys := 0
	for i := range results {
		r := &results[i]
		x.common = append(x.common, r.common...) // partitions in hash order
		for _, d := range r.docs {
			x.commonDocs[d] = true
		}
		nkeys += len(r.keys)
	}
	// Unweighed (rareDF ≤ 0), every hash weighs weightOne and no weights
	// are stored: Pairs costs what it did before weighing.
	keys := make([]uint64, 0, nkeys)
	var wts []uint32
	if rareDF > 0 {
		wts = make([]uint32, 0, nkeys)
	}
	for i := range results {
		keys = append(keys, results[i].keys...)
		wts = append(wts, results[i].wts...)
		results[i].keys, results[i].wts = nil, nil
	}
	if wts != nil {
		radix.SortWith(keys, wts)
	} else {
		radix.Sort(keys)
	}
	// Weights sum exactly in integers, so the order of equal keys, which
	// the sort leaves unspecified, does not change the result.
	need := uint64(math.Ceil(minWeight * weightOne))
	var pairs []Pair
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		sum := uint64(j-i) * weightOne
		if wts != nil {
			sum = 0
			for _, w := range wts[i:j] {
				sum += uint64(w)
			}
		}
		if sum >= need || anyShared > 0 && j-i >= anyShared {
			pairs = append(pairs, Pair{A: int(keys[i] >> 32), B: int(uint32(keys[i])), Shared: j - i,
				Weight: float64(sum) / weightOne})
		}
		i = j
	}
	return pairs
}

// sorted gathers the blocks of partition b from every shard into one,
// sorts it and drops duplicates (a document counts once per hash), leaves
// it as the first shard's only block, and returns it.
func (x *Index) sorted(b int) []uint64 {
	n, nblocks := 0, 0
	var only []uint64
	for i := range x.shards {
		for _, blk := range x.shards[i].parts[b].blocks {
			n += len(blk)
			nblocks++
			only = blk
		}
	}
	all := only
	if nblocks > 1 {
		all = make([]uint64, 0, n)
		for i := range x.shards {
			p := &x.shards[i].parts[b]
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
	if len(all) > 0 {
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
		sh.mu.Unlock()
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
