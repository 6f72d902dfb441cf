package reuse

import "sort"

// A Set is the distinct grams of a document, in a hash table. The zero
// Set is empty and ready for Reset.
type Set struct {
	t table
}

// Reset makes s the set of grams, reusing s's memory.
func (s *Set) Reset(grams []Gram) {
	s.t.reset(len(grams))
	for _, g := range grams {
		if i := s.t.slot(g.Hash); s.t.keys[i] == 0 {
			s.t.keys[i] = g.Hash
			s.t.n++
		}
	}
}

// Len returns the number of distinct grams.
func (s *Set) Len() int { return s.t.n }

// Total returns the weight of the set's grams under f: the document's
// wording, weighed by how rare it is.
func (s *Set) Total(f *Frequencies) float64 {
	sum := 0.0
	for _, k := range s.t.keys {
		if k != 0 {
			sum += f.Weight(k)
		}
	}
	return sum
}

// Shared returns the weight under f of the grams a and b have in common
// (a gram weighs the same in every document of a corpus). It looks up
// the weights of the shared grams only.
func Shared(a, b *Set, f *Frequencies) float64 {
	if a.t.n > b.t.n {
		a, b = b, a
	}
	sum := 0.0
	if a.t.n == 0 {
		return 0
	}
	for _, k := range a.t.keys {
		if k != 0 {
			if _, ok := b.t.get(k); ok {
				sum += f.Weight(k)
			}
		}
	}
	return sum
}

// Containment returns the reuse scores of a pair whose documents' wording
// weighs totalA and totalB and shares shared: the share of a's found in b,
// and of b's found in a. The score of the derived document of a pair is
// how much of its wording comes from the other.
func Containment(shared, totalA, totalB float64) (aInB, bInA float64) {
	if totalA > 0 {
		aInB = min(1, shared/totalA)
	}
	if totalB > 0 {
		bInA = min(1, shared/totalB)
	}
	return aInB, bInA
}

// RareShare returns the share of the grams lying inside the normalised
// runes [start, end) that are not stock wording under f (Stock), grams
// sorted by Start (as AppendGrams returns them), or 0
// if there are none: how rare the wording of a passage is, 1 when none of
// it is common. Stock phrasing scores low: on the COUNTER corpus a
// dateline with an attribution formula ("Islamabad, 26 October (APP):
// Federal Minister … said that") about 0.3, copied sentences 0.8 to 1.
func RareShare(grams []Gram, f *Frequencies, start, end int) float64 {
	i := sort.Search(len(grams), func(i int) bool { return int(grams[i].Start) >= start })
	sum, n := 0.0, 0
	for ; i < len(grams) && int(grams[i].End) <= end; i++ {
		if !f.Stock(grams[i].Hash) {
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
