package shingle

import (
	"math/bits"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"github.com/churnalism/churn/seeds"
)

// refShingleHash is the hash of one shingle, the runes of the UTF-8 text s,
// computed from its definition (see hash.go): XXH3 (as zeebo/xxh3 computes
// it) of the runes packed into 8 bytes if they fit, else into 16 bytes,
// else XXH64 (package xxhash) of their UTF-8 bytes, mixed with the key.
func refShingleHash(s []byte, seed uint64) uint64 {
	var runes []rune
	valid := utf8.Valid(s)
	for len(s[len(string(runes)):]) > 0 && valid {
		r, _ := utf8.DecodeRune(s[len(string(runes)):])
		runes = append(runes, r)
	}
	m := len(runes)
	key := mix(seed ^ 0x9e3779b97f4a7c15)
	fits := func(w int) bool {
		if !valid || w < 7 {
			return false
		}
		for _, r := range runes {
			if r >= 1<<w {
				return false
			}
		}
		return true
	}
	// pack returns the runes, w bits each, first rune highest, as a
	// 128-bit number.
	pack := func(w int) (lo, hi uint64) {
		for _, r := range runes {
			hi = hi<<w | lo>>(64-w)
			lo = lo<<w | uint64(r)
		}
		return lo, hi
	}
	if w := min(64/max(m, 1), 21); m > 0 && fits(w) {
		lo, _ := pack(w)
		return libXXH3Len8(lo, mix(key^uint64(m)<<32^8))
	}
	if w := min(128/max(m, 1), 21); m > 0 && fits(w) {
		lo, hi := pack(w)
		return libXXH3Len16(lo, hi, mix(key^uint64(m)<<32^16))
	}
	return mix(xxhash.Sum64(s) ^ key)
}

// checkDefinition compares AppendHashes on t with refShingleHash of each
// shingle.
func checkDefinition(t *testing.T, tx *Text, k int, seed uint64) {
	t.Helper()
	got := AppendHashes(nil, tx, k, seed)
	n, m := tx.Len(), min(max(k, 1), tx.Len())
	if len(got) != wantHashes(n, k) {
		t.Fatalf("%+q k=%d: %d hashes for %d runes", tx.Bytes, k, len(got), n)
	}
	for i, h := range got {
		sh := tx.Bytes[tx.Runes[i]:tx.Runes[i+m]]
		if want := refShingleHash(sh, seed); h != want {
			t.Fatalf("%+q k=%d: hash %d (%+q) is %x, definition %x", tx.Bytes, k, i, sh, h, want)
		}
	}
}

// alphabet mixes the runes of each encoding: ASCII (7 bits), Latin and
// other alphabets (14 bits), CJK and Hangul syllables (16 bits), and
// beyond the BMP.
var alphabet = []rune{'a', 'b', 'e', ' ', '.', '\'', 0x7f, 'ș', 'ă', 'é', 'ß', 'я', 'ж', 'ك', 'क', '\u0301',
	'ガ', 0x3fff, 0x4000, '漢', '字', '한', 0xfffd, 0xffff, '😀', 0x10ffff}

// randomRunes returns a Text of n random runes of the alphabet, or of ASCII
// letters only if ascii.
func randomRunes(rng *rand.Rand, n int, ascii bool) *Text {
	var b []byte
	for range n {
		if ascii || rng.IntN(4) > 0 {
			b = append(b, byte('a'+rng.IntN(26)))
		} else {
			b = utf8.AppendRune(b, alphabet[rng.IntN(len(alphabet))])
		}
	}
	return rawText(b)
}

// TestAppendHashesDefinition checks AppendHashes, which keeps the packed
// encodings up to date as it slides along the text, against the
// definition computed shingle by shingle, for every shingle length from 1
// to 20 (the encodings' widths change with it) on random texts.
func TestAppendHashesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	rounds := 60
	if raceEnabled {
		rounds = 10
	}
	for k := -1; k <= 20; k++ {
		for r := range rounds {
			tx := randomRunes(rng, rng.IntN(3*max(k, 1)+30), r%3 == 0)
			checkDefinition(t, tx, k, rng.Uint64())
		}
	}
}

// TestAppendHashesDefinitionSeeds checks AppendHashes against the
// definition on the normalised seeds and SemEval articles, in both modes.
func TestAppendHashesDefinitionSeeds(t *testing.T) {
	var texts [][]byte
	for _, d := range seeds.Articles() {
		texts = append(texts, d.Text)
	}
	if testing.Short() || raceEnabled {
		texts = texts[:2]
	} else if _, err := os.Stat(semEvalPath()); err == nil {
		all := semEvalTexts(t)
		for i := 0; i < len(all); i += 10 {
			texts = append(texts, all[i])
		}
	}
	for _, mode := range modes {
		nz := NewNormalizer(mode.opts)
		var tx Text
		for _, s := range texts {
			nz.Normalize(&tx, s)
			for _, k := range []int{5, DefaultK} {
				checkDefinition(t, &tx, k, 3)
			}
		}
	}
}

// TestAppendHashesInvalid hashes Texts whose runes are not valid UTF-8,
// which Normalize never makes: the hashes must still be those of the
// shingles' bytes.
func TestAppendHashesInvalid(t *testing.T) {
	for _, s := range [][]byte{[]byte("abcdefghij\xffklmnopqrstu"), []byte("\xed\xa0\x80abcdefghijk"), []byte("\xc3abcdefghijk")} {
		tx := new(Text)
		for i := range s { // one rune per byte
			tx.appendRune('x', int32(i), int32(i+1))
		}
		tx.Bytes = s
		for i := range tx.Runes {
			tx.Runes[i] = int32(i)
		}
		for _, k := range []int{1, 3, 9} {
			checkDefinition(t, tx, k, 0)
		}
	}
}

// TestMinByBin checks MinByBin against binning the hashes of AppendHashes,
// for bin counts that are and are not powers of two.
func TestMinByBin(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, nbins := range []int{1, 2, 7, 64, 100, 128, 256} {
		for r := range 40 {
			tx := randomRunes(rng, rng.IntN(300), r%2 == 0)
			k := 1 + rng.IntN(12)
			hs := AppendHashes(nil, tx, k, 9)
			want := slices.Repeat([]uint64{^uint64(0)}, nbins)
			for _, h := range hs {
				if h != 0 {
					b, _ := bits.Mul64(h, uint64(nbins))
					want[b] = min(want[b], h)
				}
			}
			got := slices.Repeat([]uint64{^uint64(0)}, nbins)
			MinByBin(got, tx, k, 9)
			if !slices.Equal(got, want) {
				t.Fatalf("%d bins, k=%d, %q: MinByBin differs from binning AppendHashes", nbins, k, tx.Bytes)
			}
		}
	}
	MinByBin(nil, normalize("abc"), 3, 0) // no bins: nothing to do
}

func TestMinByBinAllocs(t *testing.T) {
	nz := NewNormalizer(Options{KeepAccents: true})
	var texts []*Text
	for _, d := range seeds.Articles() {
		var tx Text
		nz.Normalize(&tx, d.Text)
		texts = append(texts, &tx)
	}
	bins := make([]uint64, 128)
	if n := testing.AllocsPerRun(20, func() {
		for _, tx := range texts {
			MinByBin(bins, tx, DefaultK, 1)
		}
	}); n != 0 {
		t.Errorf("MinByBin allocates %v times per run, want 0", n)
	}
}
