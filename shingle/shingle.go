// Package shingle turns text into the sets churn compares: a normalised view
// of the text that remembers where every character came from, and a 64-bit
// xxHash of every k-character shingle of that view.
//
// # Normalisation
//
// News text reaches churn in many spellings of the same words: Romanian
// with cedilla (ş, ţ) and comma-below (ș, ț) letters in one article,
// curly and straight quotes, non-breaking spaces, soft hyphens, ligatures,
// full-width forms. A Normalizer applies NFKC, full case folding, the
// Romanian unification, quote, dash and space folding and white-space
// collapsing, and by default strips accents (see Options). The original
// bytes are never changed: a Text keeps, for every normalised rune, the
// span of original bytes it came from, so passages found in the normalised
// text can be quoted exactly. Invalid UTF-8 becomes U+FFFD.
//
// Why strip accents by default: the same wire copy is republished with and
// without diacritics (ş/ș, â, ă), and stripping merges those spellings. On
// the SemEval-2022 pairs it costs at most 0.003 of ranking AUC at any k and
// nothing at k = 9, and on the seeds it raises the similarity of the pair
// that shares sentences. The figures and the command (go run
// ./cmd/churn-eval defaults) are in EVAL.md.
//
// What counts as an accent: a non-spacing mark (Unicode category Mn, after
// NFKD decomposition) whose base, the nearest rune before it that is not
// such a mark, is a Latin, Greek or Cyrillic letter (diacritics proper:
// "é" → "e", "ș" → "s", "й" → "и"), an Arabic or Hebrew letter (their vowel
// points are optional and mostly left out of news text, so stripping the
// harakat, shadda, and hamza or madda on alef, and the niqqud, merges
// vocalised and bare spellings, as Arabic and Hebrew search engines do),
// or a character of no particular script (digits, punctuation, spaces; a
// mark at the start of the text has no base and goes too). Marks on the
// letters of any other script are part of the spelling and stay: kana
// voicing marks (ガ stays ガ, not カ), the vowel signs and viramas of the
// Indic scripts, Thai and Lao vowels and tone marks, Tibetan subjoined
// letters.
//
// Normalize is table-driven: most runes form a normalisation segment of
// their own and give at most one rune, so it looks them up in a table (one
// per mode, built lazily from the segment-by-segment definition and shared
// by all Normalizers), and copies ASCII words in a tight loop. Only
// decomposed letters, ligatures, marks and invalid UTF-8 go through the
// definition itself, which tests compare the table against on every rune,
// on the seeds and SemEval articles, and in FuzzNormalize.
//
// # Shingles
//
// A shingle is k consecutive runes of the normalised text (runes, not
// bytes, so that a Romanian "ș" or a CJK ideograph counts as one
// character). A text shorter than k runes has one shingle, the whole text.
//
// Each shingle is hashed with xxHash, seeded, so different seeds give
// independent hash families. For speed the runes are packed into 8 bytes
// (64/k bits each: ASCII for k = 9) or else 16 bytes (128/k bits each:
// every alphabet up to U+3FFF for k = 9) and hashed with XXH3, xxHash's
// algorithm for short input, whose 8- and 16-byte paths cost two
// multiplications; shingles whose runes do not fit (CJK, Hangul
// syllables, emoji) are hashed over their UTF-8 bytes with XXH64 and mixed
// with the seed. The encoding depends on the shingle alone and each has
// its own seed, so equal shingles get equal hashes and different ones
// collide only by chance (one pair in 2⁶⁴). The packed encodings slide
// along the text with a shift per rune, so the cost per shingle does not
// grow with k (up to k = 18; longer shingles are hashed over their bytes).
// MinByBin hashes and bins for one-permutation MinHash in the same pass,
// without a slice of hashes (lsh.Signer.SignText), and Counter
// counts distinct hashes without sorting them. On amd64 with AVX-512 the
// ASCII windows of k = 9 are hashed eight at a time (XXH3's 8-byte path
// in eight 64-bit lanes; the same hashes, checked lane by lane against the
// scalar code): 40 to 85 % faster signing than the scalar loop, measured
// in alternating runs of lsh's BenchmarkSign (BENCHMARKS.md). Built with
// -tags purego, with another compiler than gc or for another
// architecture, the package has no assembly and takes the scalar paths
// only.
//
// Why k = 9 by default: shorter shingles are shared by any two texts in the
// same language (common words and their endings), longer ones break at
// every edited word. On the SemEval-2022 pairs the ranking AUC peaks at
// k = 9 (0.830; 0.812 at k = 7, 0.764 at k = 5), and on the seeds the pair
// that shares sentences (001–003) scores 3.2 times the pair that tells the
// same story in other words (000–002), against 2.1 times at k = 7. EVAL.md
// has the whole table.
package shingle

import (
	"github.com/churnalism/churn/internal/radix"

	"math/bits"
	"slices"
)

// DefaultK is the default shingle length in runes.
const DefaultK = 9

// AppendHashes appends to dst the seeded hash of every k-rune shingle of t,
// in text order: the hash at index len(dst)+i is that of runes [i, i+k)
// (see the package comment for the hash). A text with fewer than k runes
// yields one hash (of the whole text), an empty text none; k < 1 counts
// as 1. It allocates only if dst lacks capacity.
func AppendHashes(dst []uint64, t *Text, k int, seed uint64) []uint64 {
	if n := t.Len(); n > 0 {
		dst = slices.Grow(dst, max(1, n-max(k, 1)+1))
	}
	return shingles(dst, nil, t, k, seed)
}

// mix is the 64-bit finaliser of MurmurHash3: a bijection with full
// avalanche, used to combine a hash with a seed.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// Set sorts hashes in place and removes duplicates, returning the
// resulting set (a prefix of hashes).
func Set(hashes []uint64) []uint64 {
	radix.Sort(hashes)
	return slices.Compact(hashes)
}

// setBucketBits bounds the buckets AppendSet counts hashes into: at most
// 4096, a 16 KB table on the stack.
const setBucketBits = 12

// AppendSet appends to dst the distinct nonzero hashes of hashes (zero
// marks a masked shingle), in increasing order, and returns it; hashes is
// not changed. It is Set of the nonzero hashes without the copy, and
// faster for the sets of one article: a counting sort on the top bits
// into dst, with about one hash a bucket (hashes are uniform), then
// insertion sort within buckets, and Set's radix sort for any bucket of
// more than 32. It allocates only if dst lacks capacity.
func AppendSet(dst, hashes []uint64) []uint64 {
	n := 0
	for _, h := range hashes {
		if h != 0 {
			n++
		}
	}
	base := len(dst)
	dst = slices.Grow(dst, n)[:base+n]
	out := dst[base:]
	if n < 64 {
		j := 0
		for _, h := range hashes {
			if h != 0 {
				out[j] = h
				j++
			}
		}
		slices.Sort(out)
		return dst[:base+len(slices.Compact(out))]
	}
	b := min(setBucketBits, bits.Len(uint(n))-1)
	shift := uint(64 - b)
	var table [1<<setBucketBits + 1]int32
	next := table[:1<<b+1]
	for _, h := range hashes {
		if h != 0 {
			next[h>>shift+1]++
		}
	}
	for i := 1; i < len(next); i++ {
		next[i] += next[i-1]
	}
	for _, h := range hashes {
		if h != 0 {
			k := h >> shift
			out[next[k]] = h
			next[k]++
		}
	}
	// next[k] is now the end of bucket k, and the start of bucket k+1.
	start := 0
	for k := range 1 << b {
		end := int(next[k])
		if seg := out[start:end]; len(seg) > 32 {
			radix.Sort(seg)
		} else {
			for i := 1; i < len(seg); i++ {
				for j := i; j > 0 && seg[j] < seg[j-1]; j-- {
					seg[j], seg[j-1] = seg[j-1], seg[j]
				}
			}
		}
		start = end
	}
	return dst[:base+len(slices.Compact(out))]
}

// A Counter counts distinct hashes without sorting them, in an
// open-addressing hash table that it reuses: it allocates only when given
// more hashes than ever before. The zero Counter is ready to use; a Counter
// is not safe for concurrent use.
type Counter struct {
	table []uint64
}

// Distinct returns the number of distinct non-zero values in hashes, as
// len(Set(hashes)) would count them leaving zero out, and leaves hashes
// as they are.
func (c *Counter) Distinct(hashes []uint64) int {
	// A table at most half full, of a power of two of slots.
	shift := 64 - bits.Len(uint(max(8, 2*len(hashes))-1))
	size := 1 << (64 - shift)
	if cap(c.table) < size {
		c.table = make([]uint64, size)
	}
	table := c.table[:size]
	clear(table)
	mask := uint64(size - 1)
	n := 0
	for _, h := range hashes {
		if h == 0 {
			continue
		}
		// Fibonacci hashing: the slot is the top bits of h times 2⁶⁴/φ,
		// which spreads even sequential values.
		for i := h * 0x9e3779b97f4a7c15 >> shift; ; i = (i + 1) & mask {
			if v := table[i]; v == h {
				break
			} else if v == 0 {
				table[i] = h
				n++
				break
			}
		}
	}
	return n
}

// Intersection returns the number of values two sets (as returned by Set)
// have in common.
func Intersection(a, b []uint64) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}
