package lsh

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"github.com/churnalism/churn/internal/radix"
)

// DefaultMaxBucket is BandJoin's default MaxBucket: a band bucket of more
// than 1,000 documents is boilerplate. A full bucket proposes 499,500
// pairs.
const DefaultMaxBucket = 1000

// A Pair is a candidate pair of documents a < b, numbered by their index
// in the batch, packed as a<<32 | b so that pairs sort by (a, b) as
// integers.
type Pair uint64

// PairOf returns the pair of documents a and b, in increasing order.
func PairOf(a, b uint32) Pair {
	if a > b {
		a, b = b, a
	}
	return Pair(uint64(a)<<32 | uint64(b))
}

// A returns the smaller document of the pair.
func (p Pair) A() uint32 { return uint32(p >> 32) }

// B returns the larger document of the pair.
func (p Pair) B() uint32 { return uint32(p) }

// JoinStats describes what one BandJoin.Pairs call did.
type JoinStats struct {
	// Docs is the number of documents joined (those with a signature).
	Docs int
	// Buckets is the number of band buckets shared by two or more
	// documents, counted in every band.
	Buckets int
	// Crowded is the number of those buckets shared by more than
	// MaxBucket documents, which proposed no pairs.
	Crowded int
	// Proposed is the number of pairs the buckets proposed, a pair once
	// for each band it shares; Pairs is the number of distinct ones.
	Proposed, Pairs int
}

// A BandJoin finds every candidate pair of a batch of signatures at once:
// the pairs of documents that share at least one band, exactly those an
// Index of the batch returns when queried with each of its documents
// (TestJoinMatchesIndex checks it candidate for candidate), without the
// index.
//
// # Method
//
// For each band in turn, every document gets one 64-bit key for its band
// values, and the (key, document) pairs are radix-sorted together
// (internal/radix.SortWith); runs of equal keys are the band's buckets,
// and each bucket proposes all pairs of its documents. The proposed pairs
// are sorted and deduplicated as they accumulate (when those not yet
// deduplicated outnumber the others), so their working memory stays near
// twice the distinct pairs even when near-copies share every band.
//
// A band of one or two 32-bit values is its key, exactly, so that equal
// keys are equal bands. A longer band's key is the xxhash of its values'
// bytes: two different bands get the same key with probability about
// 2^-64, as for a random function (xxhash passes SMHasher's collision
// tests), so a join of a million documents in 25 bands expects 7·10^-7
// collisions (25 · 10^12/2 · 2^-64); a collision proposes
// one pair the index would not, which verification rejects like any other
// candidate. (Checking runs value by value would rule collisions out, at
// a cache miss per bucketed document and band: a quarter of the join's
// time on a batch of near-copies, for a pair in a million joins.)
//
// # Boilerplate
//
// A bucket of more than MaxBucket documents is boilerplate (a footer, a
// disclaimer, a template that makes the band of hundreds of pages equal)
// and proposes no pairs: its n documents would propose n(n-1)/2, nearly
// all of them worth nothing. Its documents still pair through their other
// bands. Stats counts such buckets, and Crowded lists their documents, so
// that the caller can report or handle them (as churn marks text found in
// too many documents as boilerplate); with MaxBucket at least the batch
// size, the join is the index's, candidate for candidate.
//
// # Memory and time
//
// Documents are numbered by their index, as uint32: a batch may hold up to
// math.MaxUint32 documents. The working memory is 12 bytes per document
// (a key and a document number, reused for each band) plus the pairs, 8
// bytes each, and up to about twice as many while they are deduplicated;
// BenchmarkBandJoin measures it (n=1M: see BENCHMARKS.md). One Pairs call
// runs on one goroutine; a BandJoin is not safe for concurrent use.
type BandJoin struct {
	// Bands and Rows are the banding: band i is the values
	// [i·Rows, (i+1)·Rows) of every signature.
	Bands, Rows int
	// MaxBucket is the largest bucket that proposes pairs; less than 1
	// means no limit.
	MaxBucket int

	numHashes int
	keys      []uint64
	docs      []uint32
	crowded   []uint32
	stats     JoinStats
}

// NewBandJoin returns a join for signatures of numHashes values with the
// banding ekzhu's optimiser chooses for the Jaccard threshold (see
// Banding), so that it proposes the pairs NewIndex(numHashes, threshold,
// n) would, and MaxBucket set to DefaultMaxBucket.
func NewBandJoin(numHashes int, threshold float64) (*BandJoin, error) {
	bands, rows, err := Banding(numHashes, threshold)
	if err != nil {
		return nil, err
	}
	return &BandJoin{Bands: bands, Rows: rows, MaxBucket: DefaultMaxBucket, numHashes: numHashes}, nil
}

// bandKey is the key of a band's values: the values themselves for one or
// two, else the xxhash of their bytes in memory (the byte order does not
// matter: keys are compared within one join).
func bandKey(band []uint32) uint64 {
	switch len(band) {
	case 1:
		return uint64(band[0]) << 32
	case 2:
		return uint64(band[0])<<32 | uint64(band[1])
	}
	return xxhash.Sum64(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(band))), 4*len(band)))
}

// Pairs appends to dst the candidate pairs of sigs, each once, in
// increasing order (by a, then b), and returns the extended slice. sigs[i]
// is the signature of document i, of the length NewBandJoin was given, or
// nil for a document left out of the join (such as one whose signature is
// Empty: all empty signatures share every band). The result depends only
// on sigs, Bands, Rows and MaxBucket. dst's existing contents are kept and
// not examined.
func (j *BandJoin) Pairs(dst []Pair, sigs [][]uint32) ([]Pair, error) {
	j.stats = JoinStats{}
	j.crowded = j.crowded[:0]
	if uint64(len(sigs)) > math.MaxUint32 {
		return dst, fmt.Errorf("lsh: %d documents to join, at most %d", len(sigs), uint64(math.MaxUint32))
	}
	if j.Bands < 1 || j.Rows < 1 || j.Bands*j.Rows > j.numHashes {
		return dst, fmt.Errorf("lsh: %d bands of %d rows for signatures of %d values (a BandJoin comes from NewBandJoin)", j.Bands, j.Rows, j.numHashes)
	}
	n := 0
	for i, s := range sigs {
		if s == nil {
			continue
		}
		if len(s) != j.numHashes {
			return dst, fmt.Errorf("lsh: signature of document %d has %d values, want %d", i, len(s), j.numHashes)
		}
		n++
	}
	j.stats.Docs = n
	j.keys = slices.Grow(j.keys[:0], n)[:n]
	j.docs = slices.Grow(j.docs[:0], n)[:n]
	start := len(dst) // dst[start:start+sorted] is sorted and distinct
	sorted := 0
	for b := range j.Bands {
		lo, hi := b*j.Rows, (b+1)*j.Rows
		k := 0
		for d, s := range sigs {
			if s != nil {
				j.keys[k], j.docs[k] = bandKey(s[lo:hi]), uint32(d)
				k++
			}
		}
		radix.SortWith(j.keys, j.docs)
		for r := 0; r < n; {
			e := r + 1
			for e < n && j.keys[e] == j.keys[r] {
				e++
			}
			if e-r > 1 {
				dst = j.bucket(dst, j.docs[r:e])
			}
			r = e
		}
		if raw := len(dst) - start - sorted; raw > max(sorted, 1<<16) {
			sorted = dedup(dst[start:])
			dst = dst[:start+sorted]
		}
	}
	sorted = dedup(dst[start:])
	dst = dst[:start+sorted]
	j.stats.Pairs = sorted
	slices.Sort(j.crowded)
	j.crowded = slices.Compact(j.crowded)
	return dst, nil
}

// bucket appends the pairs of the documents of one band bucket, unless
// they are more than MaxBucket.
func (j *BandJoin) bucket(dst []Pair, docs []uint32) []Pair {
	j.stats.Buckets++
	if j.MaxBucket >= 1 && len(docs) > j.MaxBucket {
		j.stats.Crowded++
		j.crowded = append(j.crowded, docs...)
		return dst
	}
	for x, a := range docs {
		for _, b := range docs[x+1:] {
			dst = append(dst, PairOf(a, b))
		}
	}
	j.stats.Proposed += len(docs) * (len(docs) - 1) / 2
	return dst
}

// dedup sorts ps and moves its distinct values to the front, returning
// their number.
func dedup(ps []Pair) int {
	radix.Sort(ps)
	return len(slices.Compact(ps))
}

// Stats returns what the last Pairs call did.
func (j *BandJoin) Stats() JoinStats { return j.stats }

// Crowded appends to dst the documents of the buckets of more than
// MaxBucket documents in the last Pairs call, each once, in increasing
// order, and returns the extended slice.
func (j *BandJoin) Crowded(dst []uint32) []uint32 { return append(dst, j.crowded...) }

// BandKeys appends to dst a 32-bit key for each band of sig under a
// banding of bands bands of rows rows (as Banding returns), and returns
// the extended slice: two signatures sharing a band share that band's
// key. Keys of different bands differ for the same values, so the keys
// of every band can share one index; distinct bands may share a key by
// chance (one in 2^32), so an index of them proposes a superset of the
// documents that share a band, to be checked against the signatures.
func BandKeys(dst []uint32, sig []uint32, bands, rows int) []uint32 {
	// The values' bytes little-endian, whatever the machine's order: an
	// index of keys moves between machines.
	var buf [256]byte
	for b := range bands {
		band := buf[:0]
		if 4*rows > len(buf) {
			band = make([]byte, 0, 4*rows)
		}
		for _, v := range sig[b*rows : (b+1)*rows] {
			band = binary.LittleEndian.AppendUint32(band, v)
		}
		h := xxhash.Sum64(band)
		h ^= uint64(b+1) * 0x9e3779b97f4a7c15
		h ^= h >> 29
		h *= 0xbf58476d1ce4e5b9
		dst = append(dst, uint32(h>>32))
	}
	return dst
}

// ShareBand reports whether signatures a and b share a band under a
// banding of bands bands of rows rows: whether the join, or ekzhu's
// index, would propose them.
func ShareBand(a, b []uint32, bands, rows int) bool {
	for i := range bands {
		if slices.Equal(a[i*rows:(i+1)*rows], b[i*rows:(i+1)*rows]) {
			return true
		}
	}
	return false
}
