package lsh

import (
	"fmt"
	"slices"

	minhashlsh "github.com/ekzhu/minhash-lsh"
)

// Index finds documents whose signatures probably have a Jaccard
// similarity at or above a threshold. Documents are identified by ints.
//
// Use: Add every document, call Build once, then Query. An Index is not
// safe for concurrent Add; Query is safe for concurrent use after Build.
type Index struct {
	lsh   *minhashlsh.MinhashLSH
	n     int
	built bool
}

// NewIndex returns an index for signatures of numHashes values, banded
// for the given Jaccard threshold (0 < threshold ≤ 1). sizeHint is the
// expected number of documents.
func NewIndex(numHashes int, threshold float64, sizeHint int) (*Index, error) {
	if numHashes < 1 {
		return nil, fmt.Errorf("lsh: signature length %d, want at least 1", numHashes)
	}
	if !(threshold > 0 && threshold <= 1) {
		return nil, fmt.Errorf("lsh: threshold %v, want a value in (0, 1]", threshold)
	}
	if sizeHint < 0 {
		sizeHint = 0
	}
	return &Index{lsh: minhashlsh.NewMinhashLSH64(numHashes, threshold, sizeHint), n: numHashes}, nil
}

// Params returns the banding: bands of rows signature values each.
func (x *Index) Params() (bands, rows int) {
	rows, bands = x.lsh.Params()
	return bands, rows
}

// Add adds document id with signature sig, which must have the index's
// signature length. Added documents are found by Query only after Build.
func (x *Index) Add(id int, sig []uint64) error {
	if len(sig) != x.n {
		return fmt.Errorf("lsh: signature of length %d for an index of %d", len(sig), x.n)
	}
	x.lsh.Add(id, sig)
	x.built = false
	return nil
}

// Build makes every added document searchable.
func (x *Index) Build() {
	x.lsh.Index()
	x.built = true
}

// Query appends to dst the ids of the indexed documents that share at
// least one band with sig, in increasing order, and returns the extended
// slice.
func (x *Index) Query(dst []int, sig []uint64) []int {
	if len(sig) != x.n {
		return dst
	}
	start := len(dst)
	for _, k := range x.lsh.Query(sig) {
		dst = append(dst, k.(int))
	}
	slices.Sort(dst[start:])
	return dst
}
