package reuse

import (
	"slices"
	"sync"

	"github.com/churnalism/churn/internal/radix"
)

// Defaults for document frequencies.
const (
	// DefaultRareDocs is the number of documents a gram may occur in and
	// still count fully: a gram in df documents weighs min(1, RareDocs/df).
	DefaultRareDocs = 10
	// SampleDocs is the largest number of documents whose grams are
	// counted: document frequencies are exact up to this many documents,
	// and estimated from an evenly spaced sample of this many beyond.
	SampleDocs = 10000
)

// A FreqCounter counts in how many documents each gram occurs, over a
// deterministic sample of the documents: every Stride-th document, so
// that there are at most SampleDocs of them. Add is safe for concurrent
// use.
type FreqCounter struct {
	docs, stride int
	mu           sync.Mutex
	sampled      int
	hashes       []uint64
}

// NewFreqCounter returns a counter for a corpus of docs documents.
func NewFreqCounter(docs int) *FreqCounter {
	return &FreqCounter{docs: docs, stride: max(1, (docs+SampleDocs-1)/SampleDocs)}
}

// Wants reports whether document doc is in the sample.
func (c *FreqCounter) Wants(doc int) bool { return doc%c.stride == 0 }

// Add counts the distinct gram hashes of one sampled document; grams may
// repeat and be in any order. It keeps no reference to grams.
func (c *FreqCounter) Add(grams []Gram) {
	hs := make([]uint64, len(grams))
	for i, g := range grams {
		hs[i] = g.Hash
	}
	radix.Sort(hs)
	hs = slices.Compact(hs)
	c.mu.Lock()
	c.hashes = append(c.hashes, hs...)
	c.sampled++
	c.mu.Unlock()
}

// Frequencies returns the document frequencies counted so far, scaled to
// the whole corpus, with grams in more than rareDocs documents weighed
// down (rareDocs < 1 means DefaultRareDocs). The counter is empty after.
func (c *FreqCounter) Frequencies(rareDocs int) *Frequencies {
	if rareDocs < 1 {
		rareDocs = DefaultRareDocs
	}
	c.mu.Lock()
	hs := c.hashes
	c.hashes = nil
	c.mu.Unlock()
	radix.Sort(hs)
	f := &Frequencies{rareDocs: rareDocs, scale: c.stride, df: map[uint64]int32{}}
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		if df := (j - i) * c.stride; df > rareDocs {
			f.df[hs[i]] = int32(min(df, 1<<30))
		}
		i = j
	}
	return f
}

// Frequencies holds the document frequencies of the grams of a corpus
// that occur in more than RareDocs documents; every other gram counts as
// rare, with weight 1.
type Frequencies struct {
	rareDocs int
	scale    int
	df       map[uint64]int32
}

// DF returns the number of documents gram hash h occurs in, exact or
// estimated; grams in at most RareDocs documents report 0 (rare).
func (f *Frequencies) DF(h uint64) int {
	if f == nil {
		return 0
	}
	return int(f.df[h])
}

// Weight returns the weight of gram hash h: 1 for a gram in at most
// RareDocs documents, RareDocs/df for one in df documents. A nil
// Frequencies weighs every gram 1.
func (f *Frequencies) Weight(h uint64) float64 {
	if f == nil {
		return 1
	}
	if df, ok := f.df[h]; ok {
		return float64(f.rareDocs) / float64(df)
	}
	return 1
}

// Common returns the number of grams that weigh less than 1.
func (f *Frequencies) Common() int {
	if f == nil {
		return 0
	}
	return len(f.df)
}
