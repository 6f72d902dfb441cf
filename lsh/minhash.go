// Package lsh computes MinHash signatures of shingle sets and finds
// candidate pairs of similar signatures with a banded LSH index.
//
// # Signatures
//
// A Signer computes one-permutation MinHash with optimal densification
// (Shrivastava, "Optimal Densification for Fast and Accurate Minwise
// Hashing", ICML 2017). Classic MinHash applies NumHashes hash functions
// to every shingle; one-permutation hashing applies one: the shingle's
// hash picks one of n bins (by its high bits, with a multiply-shift) and
// the bin keeps the smallest hash it sees. Bins that no shingle reached
// are filled by densification: empty bin i probes bins chosen by a hash of
// (i, attempt) until it finds a non-empty one and copies its value. The
// probes depend only on the seed and the bin numbers, never on the data,
// which is what keeps the probability that two signatures agree at a
// position equal to the Jaccard similarity of the sets. The cost per
// shingle is one multiply and one compare instead of n hash functions.
// SignText goes further: it hashes the shingles of a normalised text and
// bins them in one pass (shingle.MinByBin), without a slice of hashes,
// and gives the signature Sign gives for shingle.AppendHashes.
// BenchmarkSign measures it (impl=fused) against ekzhu/minhash-lsh's
// Minhash type pushing every shingle (impl=ekzhu): 58, 65 and 66 times
// faster for texts of 1, 10 and 100 KB (306 to 346 MB/s of text against
// about 5.3 MB/s, medians of one run on the machine of BENCHMARKS.md,
// "Hot path"), with no allocation.
//
// The input hashes must already be well mixed (shingle.AppendHashes
// output is): bins come from their high bits.
//
// # 32-bit values
//
// A signature holds, at each position, the low 32 bits of the bin's
// 64-bit minimum: 512 bytes per document at the default 128 positions
// instead of 1,024. The low half, not the high one, because a bin's
// hashes share their high bits (the bin number, the top 7 at 128 bins)
// and their minimum's next bits are mostly zeros (the least of m values
// in a bin lies near 2^57/m), so the high word of a minimum carries only
// about 25 - log2(m) random bits, 19 for an article of 10 KB; the low word
// is uniform whichever hash is the minimum (TestLowBitsUniform checks it
// on the seeds). Two positions that hold the same shingle's hash agree;
// positions that hold different shingles' hashes agree in their low 32
// bits with probability 2^-32. So equal 32-bit values mean equal 64-bit
// minima except with probability 2^-32 per position (TestSignature32
// finds no such position among all pairs of the seeds and
// corpus/testdata), and Estimate exceeds the estimate from 64-bit minima
// by 1/n for each such position: for two documents of Jaccard similarity
// J the estimates differ at all with probability at most n(1-J)·2^-32,
// 3·10^-8 at n = 128, against a standard deviation of sqrt(J(1-J)/n)
// (0.044 at J = 0.5). A band of r rows matches by accident only if r
// positions collide together.
//
// The signature of an empty set has every value equal to math.MaxUint32
// (Empty). A set of one shingle whose hash ends in 32 one bits signs the
// same, with probability 2^-32.
//
// # Candidates
//
// Index wraps github.com/ekzhu/minhash-lsh with a typed API for
// one-against-a-corpus queries: documents are ints, queries return sorted
// ints, and the banding parameters are chosen by ekzhu's optimiser for a
// Jaccard threshold (Banding asks the optimiser alone). BandJoin finds
// every candidate pair of a batch at once, with the same banding, by
// sorting band hashes instead of building ekzhu's tables: see BandJoin for
// its method, guarantees and figures.
package lsh

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/churnalism/churn/shingle"
)

// DefaultNumHashes is the default signature length.
const DefaultNumHashes = 128

// empty marks a bin that no shingle reached. A shingle hash equal to it is
// treated as absent, which changes nothing measurable.
const empty = ^uint64(0)

// empty32 is the value of every position of the signature of an empty set.
const empty32 = ^uint32(0)

// A Signer computes MinHash signatures of n values from shingle hashes.
// It is not safe for concurrent use; it allocates nothing after creation.
type Signer struct {
	n    int
	seed uint64
	bins []uint64 // the 64-bit minima, before they are cut to 32 bits
	full []uint64 // bitmap of bins filled before densification
}

// NewSigner returns a Signer producing signatures of n values, with
// densification probes derived from seed. n must be at least 1.
func NewSigner(n int, seed uint64) (*Signer, error) {
	if n < 1 {
		return nil, fmt.Errorf("lsh: signature length %d, want at least 1", n)
	}
	return &Signer{n: n, seed: seed, bins: make([]uint64, n), full: make([]uint64, (n+63)/64)}, nil
}

// Len returns the signature length.
func (s *Signer) Len() int { return s.n }

// Sign writes the signature of the set of hashes into dst, which must have
// length Len, and returns dst. Duplicates in hashes do not matter, and
// zero hashes are ignored (callers mask shingles by zeroing them). Each
// value is the low 32 bits of a bin's minimum (see the package comment).
// The signature of an empty set has every value equal to math.MaxUint32;
// Empty reports it.
func (s *Signer) Sign(dst []uint32, hashes []uint64) []uint32 {
	return low32(dst[:s.n], s.sign64(hashes))
}

// sign64 returns the 64-bit minima of the bins, densified, in s.bins.
func (s *Signer) sign64(hashes []uint64) []uint64 {
	bins := s.bins
	for i := range bins {
		bins[i] = empty
	}
	if s.n == 128 {
		sign128((*[128]uint64)(bins), hashes)
	} else {
		n := uint64(s.n)
		for _, h := range hashes {
			if h == 0 {
				continue
			}
			bin, _ := bits.Mul64(h, n)
			if h < bins[bin] {
				bins[bin] = h
			}
		}
	}
	s.densify(bins)
	return bins
}

// low32 writes the low 32 bits of each of the minima into dst, which has
// their length, and returns dst.
func low32(dst []uint32, mins []uint64) []uint32 {
	dst = dst[:len(mins)]
	for i, v := range mins {
		dst[i] = uint32(v)
	}
	return dst
}

// sign128 is Sign's loop for the default 128 bins, where a hash's bin,
// the high word of h × 128, is its top 7 bits, and needs no bounds check.
func sign128(bins *[128]uint64, hashes []uint64) {
	for _, h := range hashes {
		if k := h >> 57; h != 0 && h < bins[k] {
			bins[k] = h
		}
	}
}

// SignText writes into dst, which must have length Len, the signature of
// the shingles of t, and returns dst: Sign(dst, shingle.AppendHashes(nil,
// t, k, seed)), computed in one pass without the slice of hashes.
func (s *Signer) SignText(dst []uint32, t *shingle.Text, k int, seed uint64) []uint32 {
	return low32(dst[:s.n], s.signText64(t, k, seed))
}

// signText64 is sign64 of the shingles of t.
func (s *Signer) signText64(t *shingle.Text, k int, seed uint64) []uint64 {
	bins := s.bins
	for i := range bins {
		bins[i] = empty
	}
	shingle.MinByBin(bins, t, k, seed)
	s.densify(bins)
	return bins
}

// densify fills empty bins from non-empty ones with data-independent
// probes.
func (s *Signer) densify(sig []uint64) {
	if !slices.Contains(sig, empty) {
		return // the usual case for texts of more than a few hundred characters
	}
	nonEmpty := 0
	for i := range s.full {
		s.full[i] = 0
	}
	for i, v := range sig {
		if v != empty {
			s.full[i>>6] |= 1 << (i & 63)
			nonEmpty++
		}
	}
	if nonEmpty == len(sig) || nonEmpty == 0 {
		return
	}
	n := uint64(len(sig))
	for i := range sig {
		if s.full[i>>6]&(1<<(i&63)) != 0 {
			continue
		}
		for attempt := uint64(1); ; attempt++ {
			p := probe(s.seed, uint64(i), attempt)
			j, _ := bits.Mul64(p, n)
			if s.full[j>>6]&(1<<(j&63)) != 0 {
				sig[i] = sig[j]
				break
			}
		}
	}
}

// probe is the densification hash of (bin, attempt) under seed.
func probe(seed, bin, attempt uint64) uint64 {
	x := seed ^ (bin << 32) ^ attempt ^ 0x2545f4914f6cdd1d
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Empty reports whether sig is the signature of an empty set: every value
// is math.MaxUint32.
func Empty(sig []uint32) bool {
	for _, v := range sig {
		if v != empty32 {
			return false
		}
	}
	return true
}

// Estimate returns the Jaccard similarity estimated from two signatures of
// equal length: the share of positions where they agree. Signatures of
// empty sets estimate 0. See the package comment for how far it may lie
// from the estimate of 64-bit minima.
func Estimate(a, b []uint32) float64 {
	if len(a) != len(b) || len(a) == 0 || Empty(a) || Empty(b) {
		return 0
	}
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}
