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
// kept.
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

	"github.com/churnalism/churn/internal/radix"
	"math"
	"slices"
	"sync"
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
}

// Index is an inverted index from fingerprint hashes to documents.
// Add documents, then call Pairs once.
type Index struct {
	mu         sync.Mutex
	entries    []uint64 // hash>>32 << 32 | doc
	docs       int
	common     []uint32
	commonDocs []bool
}

// Add adds the fingerprints of document doc (0 ≤ doc < 2³²). It is safe
// for concurrent use; the order of calls does not change what Pairs
// returns.
func (x *Index) Add(doc int, fps []Fingerprint) error {
	if doc < 0 || uint64(doc) > math.MaxUint32 {
		return fmt.Errorf("winnow: document number %d out of range", doc)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, f := range fps {
		x.entries = append(x.entries, f.Hash>>32<<32|uint64(doc))
	}
	x.docs = max(x.docs, doc+1)
	return nil
}

// Pairs returns, sorted by (A, B), the pairs of documents sharing at least
// minShared fingerprint hashes, ignoring hashes found in more than maxDF
// documents (maxDF ≤ 0 means no limit). It sorts the index in place.
func (x *Index) Pairs(maxDF, minShared int) []Pair {
	radix.Sort(x.entries)
	x.entries = slices.Compact(x.entries) // a document counts once per hash
	x.common = x.common[:0]
	x.commonDocs = make([]bool, x.docs)
	var keys []uint64 // a<<32 | b, one per shared hash
	var group []uint32
	for i := 0; i < len(x.entries); {
		h := x.entries[i] >> 32
		group = group[:0]
		j := i
		for ; j < len(x.entries) && x.entries[j]>>32 == h; j++ {
			group = append(group, uint32(x.entries[j]))
		}
		i = j
		if len(group) < 2 {
			continue
		}
		if maxDF > 0 && len(group) > maxDF {
			x.common = append(x.common, uint32(h))
			for _, d := range group {
				x.commonDocs[d] = true
			}
			continue
		}
		for a := range group {
			for b := a + 1; b < len(group); b++ {
				keys = append(keys, uint64(group[a])<<32|uint64(group[b]))
			}
		}
	}
	radix.Sort(keys)
	var pairs []Pair
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		if j-i >= minShared {
			pairs = append(pairs, Pair{A: int(keys[i] >> 32), B: int(uint32(keys[i])), Shared: j - i})
		}
		i = j
	}
	return pairs
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
func (x *Index) Len() int { return len(x.entries) }

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
		dst = append(dst, h)
	}
	return dst
}
