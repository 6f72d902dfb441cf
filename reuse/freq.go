package reuse

import (
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// Defaults for document frequencies.
const (
	// DefaultRareDocs is the number of documents a gram may occur in and
	// still count fully: a gram in df documents weighs min(1, RareDocs/df).
	DefaultRareDocs = 10
	// SampleDocs is the largest number of documents whose grams are
	// counted: document frequencies are exact up to this many documents,
	// and estimated from a sample of this many beyond (see SampleKey).
	SampleDocs = 4000
	// StockShare sets how common wording must be to be stock phrasing
	// (see Frequencies.Stock): in more than one document in StockShare
	// of the corpus, and in more than RareDocs documents.
	StockShare = 100
)

// SampleKey returns the key that places a document in the sample of
// documents whose grams are counted: the sample is the SampleDocs
// documents with the smallest keys (see NewFreqCounter). A key depends
// on the document's ID alone, so a document keeps its place in the sample
// wherever it is in the corpus and whatever is added or removed beside
// it: an archive keeps the sample's counts as documents come and go.
func SampleKey(id string) uint64 { return xxhash.Sum64String(id) }

// SampleLimit returns the largest key of the sample of size documents
// (SampleDocs if size < 1) among documents with keys keys: a document is
// in the sample if its key is at most the limit. Every document is, if
// there are at most size of them (the limit is then the largest uint64).
// keys is not changed.
func SampleLimit(keys []uint64, size int) uint64 {
	if size < 1 {
		size = SampleDocs
	}
	if len(keys) <= size {
		return math.MaxUint64
	}
	k := slices.Clone(keys)
	slices.Sort(k)
	return k[size-1]
}

// A FreqCounter counts in how many documents each gram occurs, over a
// deterministic sample of the documents (see SampleKey). Add is safe for
// concurrent use; counts do not depend on the order of calls.
type FreqCounter struct {
	docs    int
	sampled int
	keys    []uint64
	limit   uint64
	mu      sync.Mutex
	counts  table // gram → documents<<32 | 1 + the last document that counted it
}

// NewFreqCounter returns a counter for a corpus whose documents have the
// sample keys keys (see SampleKey), sampling size of them (SampleDocs if
// size < 1; more if keys tie). It keeps keys.
func NewFreqCounter(keys []uint64, size int) *FreqCounter {
	c := &FreqCounter{docs: len(keys), keys: keys, limit: SampleLimit(keys, size)}
	for _, k := range keys {
		if k <= c.limit {
			c.sampled++
		}
	}
	return c
}

// Wants reports whether document doc is in the sample.
func (c *FreqCounter) Wants(doc int) bool { return c.keys[doc] <= c.limit }

// Add counts the grams of sampled document doc, each once however often
// it occurs. It keeps no reference to grams.
func (c *FreqCounter) Add(doc int, grams []Gram) {
	stamp := uint64(uint32(doc + 1))
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, g := range grams {
		if v := c.counts.ref(g.Hash); *v&0xffffffff != stamp {
			*v = (*v>>32+1)<<32 | stamp
		}
	}
}

// Frequencies returns the document frequencies counted, scaled to the
// whole corpus, with grams in more than rareDocs documents weighed down
// (rareDocs < 1 means DefaultRareDocs). The counter is empty after.
func (c *FreqCounter) Frequencies(rareDocs int) *Frequencies {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := NewFrequencies(c.docs, c.sampled, rareDocs, func(yield func(h uint64, n int)) {
		for i, k := range c.counts.keys {
			if k != 0 {
				yield(k, int(c.counts.vals[i]>>32))
			}
		}
	})
	c.counts = table{}
	return f
}

// Scaled returns the number of documents of a corpus of docs documents
// that a gram in n of a sample of sampled of them is estimated to occur
// in: n×docs/sampled, rounded (n itself for a corpus sampled whole).
func Scaled(n, docs, sampled int) int {
	if sampled >= docs || sampled < 1 {
		return n
	}
	return int((int64(n)*int64(docs) + int64(sampled)/2) / int64(sampled))
}

// NewFrequencies returns the document frequencies of a corpus of docs
// documents from the counts of its grams in a sample of sampled of them:
// each calls yield with every gram h counted, and the number n of
// sampled documents it occurs in, once. A gram in n sampled documents
// occurs in n×docs/sampled documents of the corpus, rounded; grams in more
// than rareDocs documents are weighed down (rareDocs < 1 means
// DefaultRareDocs). Grams not counted are rare: a program that asks only
// about the grams of a few documents need only count theirs.
func NewFrequencies(docs, sampled, rareDocs int, each func(yield func(h uint64, n int))) *Frequencies {
	if rareDocs < 1 {
		rareDocs = DefaultRareDocs
	}
	scale := func(n int) int { return Scaled(n, docs, sampled) }
	f := &Frequencies{rareDocs: rareDocs, stockDocs: max(rareDocs, docs/StockShare)}
	n := 0
	each(func(h uint64, c int) {
		if h != 0 && scale(c) > rareDocs {
			n++
		}
	})
	f.bloom = make([]uint64, max(1, 1<<bits.Len(uint(max(64, 16*n)-1))/64))
	f.bloomShift = uint(64 - bits.Len(uint(64*len(f.bloom)-1)))
	f.df.reset(n)
	each(func(h uint64, c int) {
		if df := scale(c); h != 0 && df > rareDocs {
			*f.df.ref(h) = uint64(df)
			b := h * 0xd6e8feb86659fd93 >> f.bloomShift
			f.bloom[b>>6] |= 1 << (b & 63)
		}
	})
	return f
}

// Frequencies holds the document frequencies of the grams of a corpus
// that occur in more than RareDocs documents; every other gram counts as
// rare, with weight 1. Its methods are safe for concurrent use.
type Frequencies struct {
	rareDocs  int
	stockDocs int
	df        table
	// bloom has a bit set for every common gram (one hash, 16 bits a
	// gram: one false positive in about 16), so that the rare grams,
	// most of a news article's, are known rare without a look in df.
	bloom      []uint64
	bloomShift uint
}

// common reports whether h may be a common gram.
func (f *Frequencies) common(h uint64) bool {
	b := h * 0xd6e8feb86659fd93 >> f.bloomShift
	return f.bloom[b>>6]&(1<<(b&63)) != 0
}

// DF returns the number of documents gram hash h occurs in, exact or
// estimated; grams in at most RareDocs documents report 0 (rare).
func (f *Frequencies) DF(h uint64) int {
	if f == nil || !f.common(h) {
		return 0
	}
	df, _ := f.df.get(h)
	return int(df)
}

// Weight returns the weight of gram hash h: 1 for a gram in at most
// RareDocs documents, RareDocs/df for one in df documents. A nil
// Frequencies weighs every gram 1.
func (f *Frequencies) Weight(h uint64) float64 {
	if f == nil || !f.common(h) {
		return 1
	}
	if df, ok := f.df.get(h); ok {
		return float64(f.rareDocs) / float64(df)
	}
	return 1
}

// Stock reports whether gram hash h is stock wording: found in more than
// max(RareDocs, 1% of the documents) documents. Passages made of it
// (datelines, attribution formulas) are not evidence of reuse by
// themselves. Unlike Weight, which follows RareDocs alone, the bar rises
// with the corpus: in a million articles, a word in 10 of them is rare.
func (f *Frequencies) Stock(h uint64) bool {
	return f != nil && f.DF(h) > f.stockDocs
}

// StockDocs returns the document frequency above which wording is stock.
func (f *Frequencies) StockDocs() int {
	if f == nil {
		return DefaultRareDocs
	}
	return f.stockDocs
}

// Common returns the number of grams that weigh less than 1.
func (f *Frequencies) Common() int {
	if f == nil {
		return 0
	}
	return f.df.n
}

// Each calls fn with every gram that occurs in more than RareDocs
// documents and its document frequency, in no particular order.
func (f *Frequencies) Each(fn func(h uint64, df int)) {
	if f == nil {
		return
	}
	for i, k := range f.df.keys {
		if k != 0 {
			fn(k, int(f.df.vals[i]))
		}
	}
}
