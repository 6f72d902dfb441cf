package shingle

import (
	"encoding/binary"
	"math/bits"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// xxh3Secret is the start of XXH3's default secret, XXH3_kSecret.
var xxh3Secret = []byte{
	0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
	0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
	0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
	0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
}

// refXXH3 is XXH3_64bits_withSeed of in, for 4 to 16 bytes, transcribed
// from xxhash.h (XXH3_len_4to8_64b and XXH3_len_9to16_64b).
func refXXH3(in []byte, seed uint64) uint64 {
	le32 := func(b []byte) uint64 { return uint64(binary.LittleEndian.Uint32(b)) }
	le64 := binary.LittleEndian.Uint64
	n := uint64(len(in))
	switch {
	case len(in) >= 4 && len(in) <= 8:
		seed ^= uint64(bits.ReverseBytes32(uint32(seed))) << 32
		in1, in2 := le32(in), le32(in[len(in)-4:])
		flip := (le64(xxh3Secret[8:]) ^ le64(xxh3Secret[16:])) - seed
		h := (in2 + in1<<32) ^ flip
		h ^= bits.RotateLeft64(h, 49) ^ bits.RotateLeft64(h, 24)
		h *= 0x9fb21c651e98df25
		h ^= (h >> 35) + n
		h *= 0x9fb21c651e98df25
		return h ^ h>>28
	case len(in) > 8 && len(in) <= 16:
		flip1 := (le64(xxh3Secret[24:]) ^ le64(xxh3Secret[32:])) + seed
		flip2 := (le64(xxh3Secret[40:]) ^ le64(xxh3Secret[48:])) - seed
		lo, hi := le64(in)^flip1, le64(in[len(in)-8:])^flip2
		ph, pl := bits.Mul64(lo, hi)
		h := n + bits.ReverseBytes64(lo) + hi + (pl ^ ph)
		h ^= h >> 37
		h *= 0x165667919e3779f9
		return h ^ h>>32
	}
	panic("refXXH3: length out of range")
}

// XXH3_64bits_withSeed of 8 bytes (v, little-endian) and of 16 bytes
// (lo then hi), from libxxhash 0.8.1.
var xxh3Vectors = []struct{ lo, hi, seed, want8, want16 uint64 }{
	{0xf2a74de452e6b438, 0xa6a3a4506513270e, 0x8000000000000000, 0xddf759991d2e3d92, 0x4e5f389a7012f552},
	{0x7, 0x99950d836f675cc, 0x0, 0x81671e58d6b596af, 0xcb7d8e9069b2b33},
	{0x6cad4a268d116ece, 0x90c192cfd3ac94af, 0xa09f76b5a170b338, 0x9e9a07ccf0d1eab3, 0xfc5c0ee7d3951288},
	{0x7, 0x658cda1495e60af5, 0x1, 0xa409ca3d6061b510, 0x2e315ac3a9d66bfe},
	{0x6b4cb2424a23d596, 0x789e8702, 0x1, 0x7ccc6afa4a6aca56, 0xbefb6bf13711a481},
	{0x4a, 0xc06143168e3f551, 0x1012f037b64ce422, 0xebe027d206400764, 0x95c6d2551a0a0060},
	{0x9e7769b10f4205b4, 0x2b8bac551, 0x7731af10506bf2ef, 0x938504fa0549d66e, 0x2bbcc1ca2ef41db0},
	{0x3a01f218763353c3, 0x3f98e2774cbd87ad, 0x14f4733f3e7d1bfb, 0x5ec840c629779b6f, 0x88bfb1b8e346bb7b},
	{0x867347214cd, 0x15fb81737, 0x0, 0xf3671b802c09a3b6, 0x4529571bd98d18b6},
	{0x830e07bc1e3, 0x3074ff3fca8ebd35, 0x0, 0xd212e6cab5eec24, 0x15633dc9f3ae804b},
	{0xab1031d0f646e1f4, 0x23b7835eb, 0x8000000000000000, 0x31b7c6e41ef0cf5b, 0xcde4ef55ca6fec59},
	{0x2c, 0x251d00c6dfc98512, 0x8000000000000000, 0xee4b5651ec180669, 0xdebd7bb160caa317},
	{0xb2715945795e8229, 0x2ecb5083c, 0xa5aa3c814f426dcb, 0x8f39cea4eb289431, 0x9e43aeb7f9130b49},
	{0xb774eb5248d, 0x2acb34c7b8c544a2, 0x1, 0x3ee3718a236aad88, 0xa0cbea1305a2b9e4},
	{0x1df9fd789c6, 0xdf71dbec3c5e8c0, 0xbd0561e6211c70cf, 0xb8a107a3eb3832b4, 0x8844f97b2e8ee981},
	{0xdf1582b0eab, 0xaa5bec685283e79, 0x1, 0x11b7f1c1ffcc76e5, 0x7b6fa09e66d411e8},
	{0x37, 0x2d359a8e91d1a693, 0x5bd86d40fc891b4a, 0xc3e64326cbe20202, 0xbc029040cb60c322},
	{0x3b1287fff52ddf5d, 0x2d1c9af0153e7c2a, 0xa8948c893b618676, 0xb698b11b34df8c4e, 0xd4429c2c80aab1f},
	{0x96d0cc5fd4c28c2e, 0x482c9cbc43435cc5, 0x5e8766ed88daf401, 0x10eb5ae3991207a2, 0x248bc23741185904},
	{0x519088f590fbbd11, 0x36fd2a2ca, 0x0, 0x871ea05d794ad052, 0x4a02b546a28daa40},
	{0x73, 0x1979f908d91cbc68, 0x1a81682c64e50cad, 0xf6fe63d13f3bf4c8, 0x48aa619e49d9e894},
	{0x30cbc97d0fef7928, 0xd5c6042bf04cb43, 0x0, 0xafd72ba0458e6c6, 0x6801d7fbefe94fe5},
	{0x0, 0x895fd7b326b94c7f, 0x0, 0xc77b3abb6f87acd9, 0xa4fd03ff8470d58b},
	{0x1a, 0x981d9e75, 0x8000000000000000, 0x9a20db0b60b9a0ac, 0x4e4a6de605b64dd3},
}

// TestXXH3 checks the XXH3 of 8 and 16 bytes that shingle hashing uses,
// and the transcription the tests use, against values from libxxhash.
func TestXXH3(t *testing.T) {
	var b [16]byte
	for _, v := range xxh3Vectors {
		binary.LittleEndian.PutUint64(b[:8], v.lo)
		binary.LittleEndian.PutUint64(b[8:], v.hi)
		if got := xxh3x8(v.lo, xxh3Flip8(v.seed)); got != v.want8 {
			t.Errorf("xxh3x8(%#x, seed %#x) = %#x, want %#x", v.lo, v.seed, got, v.want8)
		}
		if got := refXXH3(b[:8], v.seed); got != v.want8 {
			t.Errorf("refXXH3(%#x, seed %#x) = %#x, want %#x", v.lo, v.seed, got, v.want8)
		}
		f1, f2 := xxh3Flip16(v.seed)
		if got := xxh3x16(v.lo, v.hi, f1, f2); got != v.want16 {
			t.Errorf("xxh3x16(%#x, %#x, seed %#x) = %#x, want %#x", v.lo, v.hi, v.seed, got, v.want16)
		}
		if got := refXXH3(b[:], v.seed); got != v.want16 {
			t.Errorf("refXXH3(%#x %#x, seed %#x) = %#x, want %#x", v.lo, v.hi, v.seed, got, v.want16)
		}
	}
	// And on more values, against the transcription.
	rng := rand.New(rand.NewPCG(21, 22))
	for range 10000 {
		lo, hi, s := rng.Uint64()>>rng.IntN(64), rng.Uint64(), rng.Uint64()
		binary.LittleEndian.PutUint64(b[:8], lo)
		binary.LittleEndian.PutUint64(b[8:], hi)
		f1, f2 := xxh3Flip16(s)
		if xxh3x8(lo, xxh3Flip8(s)) != refXXH3(b[:8], s) || xxh3x16(lo, hi, f1, f2) != refXXH3(b[:], s) {
			t.Fatalf("xxh3 of %#x %#x seed %#x differs from the transcription", lo, hi, s)
		}
	}
}

// refShingleHash is the hash of one shingle, the runes of the UTF-8 text s,
// computed from its definition (see hash.go): XXH3 of the runes packed
// into 8 bytes if they fit, else into 16 bytes, else XXH64 (package
// xxhash) of their UTF-8 bytes, mixed with the key.
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
	var b [16]byte
	if w := min(64/max(m, 1), 21); m > 0 && fits(w) {
		lo, _ := pack(w)
		binary.LittleEndian.PutUint64(b[:8], lo)
		return refXXH3(b[:8], mix(key^uint64(m)<<32^8))
	}
	if w := min(128/max(m, 1), 21); m > 0 && fits(w) {
		lo, hi := pack(w)
		binary.LittleEndian.PutUint64(b[:8], lo)
		binary.LittleEndian.PutUint64(b[8:], hi)
		return refXXH3(b[:], mix(key^uint64(m)<<32^16))
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
	for _, d := range seedDocs(t) {
		texts = append(texts, d.text)
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
	for _, d := range seedDocs(t) {
		var tx Text
		nz.Normalize(&tx, d.text)
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
