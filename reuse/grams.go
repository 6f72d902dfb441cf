package reuse

import (
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/shingle"
)

// GramLen is the number of letters in a gram.
const GramLen = 5

// A Gram is GramLen consecutive letters or digits of a normalised text,
// with white space and punctuation left out: "the minister" gives
// "themi", "hemin", "emini", "minis", … Start and End are the normalised
// runes [Start, End) from its first letter to its last.
type Gram struct {
	Hash       uint64
	Start, End int32
	// WordStart reports that the gram's first letter begins a word: the
	// rune before it, if any, is not a letter or digit. Grams that start
	// words are the candidate sample: about one a word, so that a rare
	// word counts once as evidence, not once for each of its letters.
	WordStart bool
}

// AppendGrams appends to dst the grams of t, in text order, leaving out
// every gram with a letter in a masked rune range (mask sorted by Start;
// spans may overlap). A masked rune breaks the run of letters, as does
// nothing else. It allocates only if dst lacks capacity.
//
// Why letters only, five of them: derived news copy reorders words, swaps
// them and changes punctuation; runs of five letters across word
// boundaries survive most such edits and are long enough not to be shared
// by every two texts in a language. On the COUNTER pairs (EVAL.md) the
// containment of such grams separates derived from independent stories
// better than word unigrams, word bigrams or 9-character shingles with
// their spaces.
func AppendGrams(dst []Gram, t *shingle.Text, mask []passage.Span) []Gram {
	var (
		// The last GramLen letters, 21 bits each: the newest three in lo,
		// the two before in hi.
		lo, hi uint64
		pos    [GramLen]int32 // positions of the last letters, pos[n%GramLen] the oldest once n ≥ GramLen
		start  [GramLen]bool  // whether each began a word
		prev   = -2           // position of the last letter seen
		n      int            // letters in the current run
		m      int            // next mask span to consider
		bytes  = t.Bytes
	)
	const bits21 = 1<<21 - 1
	for i := 0; i < t.Len(); i++ {
		for m < len(mask) && mask[m].End <= i {
			m++
		}
		if m < len(mask) && mask[m].Start <= i {
			n = 0
			continue
		}
		var r rune
		if c := bytes[t.Runes[i]]; c < utf8.RuneSelf {
			if !asciiLetter[c] {
				continue
			}
			r = rune(c)
		} else {
			r, _ = utf8.DecodeRune(bytes[t.Runes[i]:t.Runes[i+1]])
			if !isLetter(r) {
				continue
			}
		}
		hi = (hi<<21 | lo>>42) & (1<<42 - 1)
		lo = (lo<<21 | uint64(r)&bits21) & (1<<63 - 1)
		pos[n%GramLen], start[n%GramLen] = int32(i), prev != i-1
		prev = i
		n++
		if n >= GramLen {
			dst = append(dst, Gram{Hash: hashWindow(lo, hi), Start: pos[n%GramLen], End: int32(i) + 1, WordStart: start[n%GramLen]})
		}
	}
	return dst
}

// isLetter reports whether a non-ASCII rune is part of a word: a letter,
// a digit, or a combining mark (the vowel signs of Indic scripts).
func isLetter(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

var asciiLetter = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// hashWindow hashes the five runes of a window: the newest three packed
// in lo, the two before in hi (21 bits each). The two words are spread
// by different odd multipliers and mixed once; equal windows give equal
// hashes and different ones collide with probability about 2⁻⁶⁴.
func hashWindow(lo, hi uint64) uint64 {
	return mix(lo*0x9e3779b97f4a7c15^bits.RotateLeft64(hi*0xc2b2ae3d27d4eb4f, 29)) | 1 // never zero
}

// mix is the 64-bit finaliser of MurmurHash3, a bijection.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
