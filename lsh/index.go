package lsh

import (
	"fmt"
	"slices"
	"sync"

	minhashlsh "github.com/ekzhu/minhash-lsh"
)

// Index finds documents whose signatures probably have a Jaccard
// similarity at or above a threshold. Documents are identified by ints.
// It is ekzhu's in-memory index, for queries of one document against a
// corpus; BandJoin finds every pair of a batch with the same banding.
//
// Use: Add every document, call Build once, then Query. An Index is not
// safe for concurrent Add; Query is safe for concurrent use after Build.
type Index struct {
	lsh   *minhashlsh.MinhashLSH
	n     int
	built bool
	buf   []uint64 // Add's signature, widened for ekzhu's API
}

// checkBanding checks the arguments of NewIndex and Banding.
func checkBanding(numHashes int, threshold float64) error {
	if numHashes < 1 {
		return fmt.Errorf("lsh: signature length %d, want at least 1", numHashes)
	}
	if !(threshold > 0 && threshold <= 1) {
		return fmt.Errorf("lsh: threshold %v, want a value in (0, 1]", threshold)
	}
	return nil
}

// NewIndex returns an index for signatures of numHashes values, banded
// for the given Jaccard threshold (0 < threshold ≤ 1). sizeHint is the
// expected number of documents.
func NewIndex(numHashes int, threshold float64, sizeHint int) (*Index, error) {
	if err := checkBanding(numHashes, threshold); err != nil {
		return nil, err
	}
	if sizeHint < 0 {
		sizeHint = 0
	}
	// Band keys of 4 bytes a value: the signature's 32-bit values,
	// widened to the uint64s ekzhu's API takes, cut back to 32 bits.
	return &Index{lsh: minhashlsh.NewMinhashLSH32(numHashes, threshold, sizeHint), n: numHashes}, nil
}

// Banding returns the banding ekzhu's optimiser chooses for signatures of
// numHashes values and a Jaccard threshold (0 < threshold ≤ 1): bands of
// rows values each, with bands·rows ≤ numHashes, minimising the sum of the
// false positive and false negative probabilities. It is what
// NewIndex(numHashes, threshold, 0).Params returns, without the index. The
// optimiser integrates the S-curve for every admissible (bands, rows),
// 7 ms at 128 values (NewIndex pays it too, in ekzhu's constructor), so
// Banding remembers its answers.
func Banding(numHashes int, threshold float64) (bands, rows int, err error) {
	if err := checkBanding(numHashes, threshold); err != nil {
		return 0, 0, err
	}
	key := bandingKey{numHashes, threshold}
	if b, ok := bandings.Load(key); ok {
		b := b.([2]int)
		return b[0], b[1], nil
	}
	rows, bands = minhashlsh.NewMinhashLSH32(numHashes, threshold, 0).Params()
	bandings.Store(key, [2]int{bands, rows})
	return bands, rows, nil
}

// bandingKey is the question Banding answers.
type bandingKey struct {
	numHashes int
	threshold float64
}

// bandings holds Banding's answers, by bandingKey.
var bandings sync.Map

// Params returns the banding: bands of rows signature values each.
func (x *Index) Params() (bands, rows int) {
	rows, bands = x.lsh.Params()
	return bands, rows
}

// Add adds document id with signature sig, which must have the index's
// signature length. Added documents are found by Query only after Build.
func (x *Index) Add(id int, sig []uint32) error {
	if len(sig) != x.n {
		return fmt.Errorf("lsh: signature of length %d for an index of %d", len(sig), x.n)
	}
	x.buf = widen(x.buf[:0], sig)
	x.lsh.Add(id, x.buf) // ekzhu keeps band keys, not the slice
	x.built = false
	return nil
}

// widen appends the values of sig to dst as uint64s.
func widen(dst []uint64, sig []uint32) []uint64 {
	for _, v := range sig {
		dst = append(dst, uint64(v))
	}
	return dst
}

// Build makes every added document searchable.
func (x *Index) Build() {
	x.lsh.Index()
	x.built = true
}

// Query appends to dst the ids of the indexed documents that share at
// least one band with sig, in increasing order, and returns the extended
// slice.
func (x *Index) Query(dst []int, sig []uint32) []int {
	if len(sig) != x.n {
		return dst
	}
	start := len(dst)
	for _, k := range x.lsh.Query(widen(make([]uint64, 0, len(sig)), sig)) {
		dst = append(dst, k.(int))
	}
	slices.Sort(dst[start:])
	return dst
}
