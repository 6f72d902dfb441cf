package reuse

import (
	"slices"
	"sort"

	"github.com/churnalism/churn/internal/radix"
)

// A Set is the distinct grams of a document with their weights, sorted
// by hash. The zero Set is empty and ready for Reset.
type Set struct {
	Hashes  []uint64
	Weights []float32
	// Total is the sum of Weights: the document's wording, weighed by
	// how rare it is.
	Total float64
}

// Reset makes s the set of grams, weighed by f (nil: every gram 1),
// reusing s's buffers.
func (s *Set) Reset(grams []Gram, f *Frequencies) {
	s.Hashes = s.Hashes[:0]
	for _, g := range grams {
		s.Hashes = append(s.Hashes, g.Hash)
	}
	radix.Sort(s.Hashes)
	s.Hashes = slices.Compact(s.Hashes)
	s.Weights = slices.Grow(s.Weights[:0], len(s.Hashes))[:len(s.Hashes)]
	s.Total = 0
	for i, h := range s.Hashes {
		w := f.Weight(h)
		s.Weights[i] = float32(w)
		s.Total += w
	}
}

// Len returns the number of distinct grams.
func (s *Set) Len() int { return len(s.Hashes) }

// Shared returns the weight of the grams a and b have in common (a gram
// weighs the same in every document of a corpus).
func Shared(a, b *Set) float64 {
	x, y := a.Hashes, b.Hashes
	sum := 0.0
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			sum += float64(a.Weights[i])
			i++
			j++
		}
	}
	return sum
}

// Containment returns the reuse scores of a pair: the share of a's
// weighed grams found in b, and of b's found in a. The score of the
// derived document of a pair is how much of its wording comes from the
// other.
func Containment(a, b *Set) (aInB, bInA float64) {
	s := Shared(a, b)
	if a.Total > 0 {
		aInB = min(1, s/a.Total)
	}
	if b.Total > 0 {
		bInA = min(1, s/b.Total)
	}
	return aInB, bInA
}

// RareShare returns the share of the grams lying inside the normalised
// runes [start, end) that are rare under f (weight 1: in at most RareDocs
// documents), grams sorted by Start (as AppendGrams returns them), or 0
// if there are none: how rare the wording of a passage is, 1 when none of
// it is common. Stock phrasing scores low: on the COUNTER corpus a
// dateline with an attribution formula ("Islamabad, 26 October (APP):
// Federal Minister … said that") about 0.3, copied sentences 0.8 to 1.
func RareShare(grams []Gram, f *Frequencies, start, end int) float64 {
	i := sort.Search(len(grams), func(i int) bool { return int(grams[i].Start) >= start })
	sum, n := 0.0, 0
	for ; i < len(grams) && int(grams[i].End) <= end; i++ {
		if f.Weight(grams[i].Hash) >= 1 {
			sum++
		}
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// Class is how derived one document is from another, in the scheme of
// the METER and COUNTER corpora of journalistic text reuse.
type Class uint8

// Classes, from least to most derived.
const (
	// Independent: written independently, whatever it shares.
	Independent Class = iota
	// PartiallyDerived: rewritten from the other in part or with heavy
	// edits, or sharing passages with it.
	PartiallyDerived
	// WhollyDerived: made from the other.
	WhollyDerived
)

// String returns "independent", "partially derived" or "wholly derived".
func (c Class) String() string {
	switch c {
	case PartiallyDerived:
		return "partially derived"
	case WhollyDerived:
		return "wholly derived"
	default:
		return "independent"
	}
}

// Code returns the class's short name: "ND", "PD" or "WD".
func (c Class) Code() string {
	switch c {
	case PartiallyDerived:
		return "PD"
	case WhollyDerived:
		return "WD"
	default:
		return "ND"
	}
}

// Thresholds are the reuse scores from which a derived document is
// partially or wholly derived.
type Thresholds struct {
	Partial, Whole float64
}

// Classify returns the class of a derived document with reuse score s.
func (t Thresholds) Classify(s float64) Class {
	switch {
	case s >= t.Whole:
		return WhollyDerived
	case s >= t.Partial:
		return PartiallyDerived
	default:
		return Independent
	}
}
