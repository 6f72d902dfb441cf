package shingle

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// Shingle hashing.
//
// A shingle's hash is an xxHash of an encoding of its runes, seeded. To
// make that cheap, and computable for every shingle in one pass over the
// text, the encoding packs the runes' code points into a fixed number of
// bits each, first rune highest, when they fit:
//
//   - into one 64-bit word, 64/m bits per rune for a shingle of m runes
//     (7 bits for m = 9: ASCII), hashed as 8 bytes;
//   - else into two words, 128/m bits per rune (14 bits for m = 9: up to
//     U+3FFF, which covers the alphabets from Latin to Georgian, the Indic
//     scripts and kana), hashed as 16 bytes;
//   - else the shingle's UTF-8 bytes are hashed.
//
// Packed shingles are hashed with XXH3-64 (xxHash's algorithm for short
// input, XXH3_64bits_withSeed), UTF-8 ones with XXH64 (package xxhash)
// and a mix with the seed. Which encoding a shingle gets depends on its
// runes alone, and each encoding has its own seed (which also depends on
// m), so equal shingles always get equal hashes and different ones
// collide only by chance. Packing into a word is a shift and an OR per
// rune, so the packed encodings of every shingle of a text are kept up to
// date as the window slides, and XXH3 of 8 or 16 bytes is two
// multiplications.

// The XXH3 functions below are XXH3-64 (XXH3_64bits_withSeed of
// xxhash.h) for the two input lengths the packed encodings use, written
// out for one length each so that they compile to a few instructions;
// their names say the length of the input they hash, in bytes. Each
// takes the constants that depend on the seed alone, computed once per
// seed by xxh3Len8Flip and xxh3Len16Flips. Tests check them against
// values from libxxhash and against github.com/zeebo/xxh3 on random input
// and seeds, and xxh3Len8AVX512 (amd64) lane by lane against xxh3Len8.

// xxh3Len8 returns XXH3-64 of the 8 bytes of v in little-endian order
// (xxhash.h's XXH3_len_4to8_64b with a length of 8), given flip =
// xxh3Len8Flip(seed).
func xxh3Len8(v, flip uint64) uint64 {
	h := bits.RotateLeft64(v, 32) ^ flip
	h ^= bits.RotateLeft64(h, 49) ^ bits.RotateLeft64(h, 24)
	h *= 0x9fb21c651e98df25
	h ^= h>>35 + 8
	h *= 0x9fb21c651e98df25
	return h ^ h>>28
}

// xxh3Len16 returns XXH3-64 of the 16 bytes of lo then hi, each in
// little-endian order (XXH3_len_9to16_64b with a length of 16), given
// flip1, flip2 = xxh3Len16Flips(seed).
func xxh3Len16(lo, hi, flip1, flip2 uint64) uint64 {
	lo ^= flip1
	hi ^= flip2
	ph, pl := bits.Mul64(lo, hi)
	h := 16 + bits.ReverseBytes64(lo) + hi + (pl ^ ph)
	h ^= h >> 37
	h *= 0x165667919e3779f9
	return h ^ h>>32
}

// The words of XXH3's default secret that its 8- and 16-byte paths use
// (bytes 8 to 56 of XXH3_kSecret, little-endian).
const (
	xxh3Secret8  = 0x1cad21f72c81017c
	xxh3Secret16 = 0xdb979083e96dd4de
	xxh3Secret24 = 0x1f67b3b7a4a44072
	xxh3Secret32 = 0x78e5c0cc4ee679cb
	xxh3Secret40 = 0x2172ffcc7dd05a82
	xxh3Secret48 = 0x8e2443f7744608b8
)

// xxh3Len8Flip returns the constant that xxh3Len8 XORs into its input
// for the given seed.
func xxh3Len8Flip(seed uint64) uint64 {
	seed ^= uint64(bits.ReverseBytes32(uint32(seed))) << 32
	return (xxh3Secret8 ^ xxh3Secret16) - seed
}

// xxh3Len16Flips returns the constants that xxh3Len16 XORs into the low
// and the high word of its input for the given seed.
func xxh3Len16Flips(seed uint64) (uint64, uint64) {
	return (xxh3Secret24 ^ xxh3Secret32) + seed, (xxh3Secret40 ^ xxh3Secret48) - seed
}

// hasher holds what hashing the shingles of one length needs.
type hasher struct {
	m               int    // runes per shingle
	key             uint64 // seeded key of the UTF-8 encoding
	flip8           uint64 // XXH3 constants of the 8-byte encoding's seed
	flip16, flip16b uint64 // and of the 16-byte one's
	w8, w16         uint   // bits per rune in each packed encoding (0: unused)
	lim8            uint64 // runes below lim8 fit the 8-byte encoding
	lim16           uint64 // and below lim16 the 16-byte one
	mask8           uint64 // the 8-byte encoding's bits
	mask16hi        uint64 // the 16-byte encoding's bits in its high word
}

func newHasher(m int, seed uint64) hasher {
	key := mix(seed ^ 0x9e3779b97f4a7c15)
	h := hasher{m: m, key: key}
	// Seeds of the packed encodings: derived from the key, and distinct
	// for each shingle length and encoding.
	h.flip8 = xxh3Len8Flip(mix(key ^ uint64(m)<<32 ^ 8))
	h.flip16, h.flip16b = xxh3Len16Flips(mix(key ^ uint64(m)<<32 ^ 16))
	if w := uint(64 / m); w >= 7 {
		h.w8 = min(w, 21)
		h.lim8 = 1 << h.w8
		if b := uint(m) * h.w8; b < 64 {
			h.mask8 = 1<<b - 1
		} else {
			h.mask8 = ^uint64(0)
		}
	}
	if w := uint(128 / m); w >= 7 {
		h.w16 = min(w, 21)
		h.lim16 = 1 << h.w16
		if b := uint(m) * h.w16; b > 64 {
			h.mask16hi = 1<<(b-64) - 1
		}
		// b ≤ 64 happens for m ≤ 3 only, where the 8-byte encoding
		// takes every shingle: the high word is then 0.
	}
	return h
}

// utf8Hash is the hash of a shingle given by its UTF-8 bytes.
func (h *hasher) utf8Hash(b []byte) uint64 {
	return mix(xxhash.Sum64(b) ^ h.key)
}

// code returns the code point of the rune b[p:q], or ^0 if those bytes
// are not one valid rune (Texts from Normalize always are).
func code(b []byte, p, q int32) uint64 {
	c := b[p]
	if c < utf8.RuneSelf {
		if q == p+1 {
			return uint64(c)
		}
		return ^uint64(0)
	}
	if q == p+2 && c >= 0xc2 && c < 0xe0 && b[p+1]&0xc0 == 0x80 {
		return uint64(c&0x1f)<<6 | uint64(b[p+1]&0x3f)
	}
	r, size := utf8.DecodeRune(b[p:q])
	if size != int(q-p) || r == utf8.RuneError && size != 3 {
		return ^uint64(0)
	}
	return uint64(r)
}

// shingles hashes every shingle of k runes of t (of all of t if it is
// shorter), in text order. With bins nil it appends the hashes to dst and
// returns it; otherwise it lowers each bins[b] to the smallest non-zero
// hash x with b = x*len(bins)>>64, and returns dst as is.
//
// The loop here handles every case, one rune at a time; while the runes
// fit a packed encoding it hands over to tighter loops (packedRun).
func shingles(dst, bins []uint64, t *Text, k int, seed uint64) []uint64 {
	n := t.Len()
	if n == 0 {
		return dst
	}
	m := min(max(k, 1), n)
	h := newHasher(m, seed)
	b, off := t.Bytes, t.Runes[:n+1]
	o := sink{dst: dst, bins: bins}

	// st holds both packed encodings of the last m runes; the 16-byte one
	// is kept up to date only while the window holds a rune that does not
	// fit the 8-byte encoding (wide). last8 and last16 are the indexes of
	// the last runes that do not fit the encodings.
	var st packState
	last8, last16 := -1, -1
	wide := false
	j := 0
	if h.w8 >= 7 {
		// The runes before the first window, while they are ASCII.
		for ; j < m-1; j++ {
			p := off[j]
			c := b[p]
			if c >= utf8.RuneSelf || off[j+1] != p+1 {
				break
			}
			st.v8 = (st.v8<<(h.w8&63) | uint64(c)) & h.mask8
		}
	}
	for ; j < n; j++ {
		if j >= m-1 && last16 < j+1-m {
			// The windows that end at j and after fit a packed
			// encoding as long as the runes are small enough: hash
			// them in tighter loops.
			if last8 >= j+1-m && !wide {
				wide = true
				st.lo, st.hi = h.pack16(b, off, j-m+1, j)
			}
			st.pending = max(0, last8+m-j)
			var nr int
			nr, st = o.packed(&h, b, off, j, st, last8 < j+1-m)
			if nr > 0 {
				j += nr
				last8 = j + st.pending - m
				if wide = st.pending > 0; j == n {
					break
				}
			}
		}
		p, q := off[j], off[j+1]
		r := uint64(b[p])
		if r >= utf8.RuneSelf || q != p+1 {
			r = code(b, p, q)
		}
		if r >= h.lim8 {
			last8 = j
			if r >= h.lim16 {
				last16 = j
			}
			if !wide {
				wide = true
				st.lo, st.hi = h.pack16(b, off, max(0, j-m+1), j)
			}
		}
		st.v8 = (st.v8<<(h.w8&63) | r&(h.lim8-1)) & h.mask8
		if wide {
			st.hi = (st.hi<<(h.w16&63) | st.lo>>((64-h.w16)&63)) & h.mask16hi
			st.lo = st.lo<<(h.w16&63) | r&(h.lim16-1)
		}
		i := j + 1 - m
		if i < 0 {
			continue
		}
		var x uint64
		switch {
		case last8 < i:
			x = xxh3Len8(st.v8, h.flip8)
		case last16 < i:
			x = xxh3Len16(st.lo, st.hi, h.flip16, h.flip16b)
		default:
			x = h.utf8Hash(b[off[i]:q])
		}
		if last8 <= i {
			// The next window fits the 8-byte encoding.
			wide = false
		}
		o.one(x)
	}
	return o.dst
}

// pack16 returns the 16-byte encoding of the runes [from, to) of a text
// with the given bytes and rune offsets.
func (h *hasher) pack16(b []byte, off []int32, from, to int) (lo, hi uint64) {
	for jj := from; jj < to; jj++ {
		c := code(b, off[jj], off[jj+1])
		hi = (hi<<(h.w16&63) | lo>>((64-h.w16)&63)) & h.mask16hi
		lo = lo<<(h.w16&63) | c&(h.lim16-1)
	}
	return lo, hi
}

// MinByBin lowers every bins[b] to the smallest of the hashes of t's
// shingles (as AppendHashes computes them) that fall in bin b, the bin of
// hash x being x*len(bins)>>64 (its high bits). Zero hashes are ignored.
// It hashes and bins in one pass, without a slice of hashes: it is the
// first half of one-permutation MinHash (see package lsh), and allocates
// nothing.
func MinByBin(bins []uint64, t *Text, k int, seed uint64) {
	if len(bins) > 0 {
		shingles(nil, bins, t, k, seed)
	}
}

// A sink takes the hashes of shingles: it appends them to dst, or, if bins
// is not nil, bins them.
type sink struct {
	dst  []uint64
	bins []uint64
	buf  [64]uint64 // hashes on their way to bins
}

// one takes hash x.
func (o *sink) one(x uint64) {
	if o.bins == nil {
		o.dst = append(o.dst, x)
	} else if b, _ := bits.Mul64(x, uint64(len(o.bins))); x != 0 && x < o.bins[b] {
		o.bins[b] = x
	}
}

// room returns space for up to n hashes, to pass to commit.
func (o *sink) room(n int) []uint64 {
	if o.bins == nil {
		o.dst = slices.Grow(o.dst, n)
		l := len(o.dst)
		return o.dst[l : l+n]
	}
	return o.buf[:min(n, len(o.buf))]
}

// commit takes the hashes hs, the start of the last room.
func (o *sink) commit(hs []uint64) {
	if o.bins == nil {
		o.dst = o.dst[:len(o.dst)+len(hs)]
		return
	}
	// As in lsh.Signer.Sign: few hashes lower their bin once the bins
	// fill, so a branch costs less than a store every time.
	bins, nb := o.bins, uint64(len(o.bins))
	for _, x := range hs {
		if x == 0 {
			continue
		}
		if b, _ := bits.Mul64(x, nb); x < bins[b] {
			bins[b] = x
		}
	}
}

// packState is the state of a window of m runes that the packed loops
// carry: both packed encodings, and the number of windows still to come
// (including the one that ends with the next rune) that hold a rune that
// does not fit the 8-byte encoding.
type packState struct {
	v8, lo, hi uint64
	pending    int
}

// packed hashes the shingles that end at runes j, j+1, … of the text with
// bytes b and rune offsets off, as long as their runes fit a packed
// encoding, given the state of the window before: st, whose lo and hi must
// be up to date unless ascii, which says that the window fits the 8-byte
// encoding. It returns the number of runes it took and the state after,
// whose lo and hi are up to date if st.pending > 0.
func (o *sink) packed(h *hasher, b []byte, off []int32, j int, st packState, ascii bool) (int, packState) {
	total := 0
	for j+1 < len(off) {
		p := int(off[j])
		if ascii && h.w8 >= 7 {
			// ASCII, in windows that fit the 8-byte encoding.
			s := b[p:min(len(b), p+len(off)-1-j)]
			n := asciiPrefix(s)
			if int(off[j+n])-p != n { // (not a valid Text)
				break
			}
			s = s[:n]
			if h.m == 9 && len(o.bins) == 128 {
				// The default: hash and bin in one loop.
				st.v8 = binASCII128((*[128]uint64)(o.bins), s, st.v8, h.flip8)
			} else {
				for len(s) > 0 {
					hs := o.room(len(s))
					if h.m == 9 {
						st.v8 = hashASCII9(hs, s[:len(hs)], st.v8, h.flip8)
					} else {
						st.v8 = hashASCII(hs, s[:len(hs)], st.v8, h)
					}
					o.commit(hs)
					s = s[len(hs):]
				}
			}
			j, total = j+n, total+n
			if h.w16 < 7 || j+1 == len(off) {
				break
			}
			// The rune at j is not ASCII: go on with the 16-byte
			// encoding.
			ascii = false
			st.lo, st.hi = h.pack16(b, off, j-h.m+1, j)
			continue
		}
		if h.w16 < 7 {
			break
		}
		// Runes below lim16 (U+4000 for m = 9), with the 16-byte
		// encoding for the windows that need it.
		s := b[p:min(len(b), p+3*(len(off)-1-j))]
		hs := o.room(len(off) - 1 - j)
		var nr, nb int
		var st2 packState
		if h.m == 9 {
			nr, nb, st2 = hash14(hs, s, st, h.flip8, h.flip16, h.flip16b)
		} else {
			nr, nb, st2 = hashWide(hs, s, st, h)
		}
		if nr == 0 || int(off[j+nr])-p != nb { // (not a valid Text)
			break
		}
		o.commit(hs[:nr])
		st, j, total = st2, j+nr, total+nr
		switch {
		case nr == len(hs):
			// Out of room: go on.
		case st.pending == 0 && j+1 < len(off) && b[off[j]] < utf8.RuneSelf:
			ascii = true // a run of ASCII
		default:
			return total, st // a rune that does not fit
		}
	}
	return total, st
}

// asciiPrefix returns the length of the longest prefix of s that is ASCII.
func asciiPrefix(s []byte) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if x := binary.LittleEndian.Uint64(s[i:]) & 0x8080808080808080; x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			break
		}
	}
	return i
}

// binASCII128 hashes and bins into 128 bins the shingles of 9 runes that
// end with the bytes of s, which are ASCII, given v8, the 8-byte encoding
// of the runes before, and returns the encoding of the last one.
//
//go:noinline
func binASCII128(bins *[128]uint64, s []byte, v8, flip8 uint64) uint64 {
	if hasAVX512 && len(s) >= 64 {
		// 64 windows at a time: packed here, hashed eight at once,
		// then binned.
		var vs, hs [64]uint64
		for len(s) >= 64 {
			for i, c := range s[:64] {
				v8 = (v8<<7 | uint64(c)) << 1 >> 1
				vs[i] = v8
			}
			xxh3Len8AVX512(&hs[0], &vs[0], len(hs), flip8)
			for _, x := range hs {
				if k := x >> 57; x < bins[k] && x != 0 {
					bins[k] = x
				}
			}
			s = s[64:]
		}
	}
	for _, c := range s {
		v8 = (v8<<7 | uint64(c)) << 1 >> 1 // 63 bits: 9 runes of 7
		// Few hashes lower their bin once the bins fill: a branch
		// costs less than a store every time.
		if x := xxh3Len8(v8, flip8); x != 0 {
			if k := x >> 57; x < bins[k] {
				bins[k] = x
			}
		}
	}
	return v8
}

// hashASCII9 writes into hs, which has the length of s, the hashes of the
// shingles of 9 runes that end with the bytes of s, which are ASCII, given
// v8, the 8-byte encoding of the runes before, and returns the encoding of
// the last one.
//
//go:noinline
func hashASCII9(hs []uint64, s []byte, v8, flip8 uint64) uint64 {
	hs = hs[:len(s)]
	if hasAVX512 && len(s) >= 8 {
		// Pack every window, then hash eight at a time in place.
		for i, c := range s {
			v8 = (v8<<7 | uint64(c)) << 1 >> 1
			hs[i] = v8
		}
		n := len(hs) &^ 7
		xxh3Len8AVX512(&hs[0], &hs[0], n, flip8)
		for i := n; i < len(hs); i++ {
			hs[i] = xxh3Len8(hs[i], flip8)
		}
		return v8
	}
	for i, c := range s {
		v8 = (v8<<7 | uint64(c)) << 1 >> 1
		hs[i] = xxh3Len8(v8, flip8)
	}
	return v8
}

// hashASCII is hashASCII9 for shingles of h.m ≤ 9 runes.
func hashASCII(hs []uint64, s []byte, v8 uint64, h *hasher) uint64 {
	hs = hs[:len(s)]
	w, mask, flip := h.w8&63, h.mask8, h.flip8
	for i, c := range s {
		v8 = (v8<<w | uint64(c)) & mask
		hs[i] = xxh3Len8(v8, flip)
	}
	return v8
}

// decode3 decodes the rune at s[p] if it is valid UTF-8 of at most three
// bytes and below U+4000, returning it and its length, or 0, 0.
func decode3(s []byte, p int) (uint64, int) {
	c := s[p]
	switch {
	case c < utf8.RuneSelf:
		return uint64(c), 1
	case c >= 0xc2 && c < 0xe0 && p+1 < len(s) && s[p+1]&0xc0 == 0x80:
		return uint64(c&0x1f)<<6 | uint64(s[p+1]&0x3f), 2
	case c >= 0xe0 && c < 0xe4 && p+2 < len(s) && s[p+1]&0xc0 == 0x80 && s[p+2]&0xc0 == 0x80:
		if r := uint64(c&0x0f)<<12 | uint64(s[p+1]&0x3f)<<6 | uint64(s[p+2]&0x3f); r >= 0x800 {
			return r, 3
		}
	}
	return 0, 0
}

// hash14 writes into hs the hashes of the shingles of 9 runes that end
// with the runes of s, as long as those are below U+4000 and hs has room,
// given the state of the window before, and returns the number of runes
// and bytes it took and the state after. It stops after 32 windows in a
// row that fit the 8-byte encoding, which binASCII128 and hashASCII9 do
// faster.
//
//go:noinline
func hash14(hs []uint64, s []byte, st packState, flip8, flip16, flip16b uint64) (int, int, packState) {
	v8, lo, hi, pending := st.v8, st.lo, st.hi, st.pending
	p, quiet := 0, 0
	i := 0
	for ; i < len(hs) && p < len(s); i++ {
		r, size := decode3(s, p)
		if size == 0 {
			break
		}
		p += size
		if r >= utf8.RuneSelf {
			pending = 9
		}
		v8 = (v8<<7 | r&0x7f) << 1 >> 1
		hi = (hi<<14 | lo>>50) << 2 >> 2 // 126 bits: 9 runes of 14
		lo = lo<<14 | r
		if pending > 0 {
			pending--
			quiet = 0
			hs[i] = xxh3Len16(lo, hi, flip16, flip16b)
		} else {
			hs[i] = xxh3Len8(v8, flip8)
			if quiet++; quiet == 32 {
				i++
				break
			}
		}
	}
	return i, p, packState{v8, lo, hi, pending}
}

// hashWide is hash14 for shingles of h.m ≤ 18 runes.
func hashWide(hs []uint64, s []byte, st packState, h *hasher) (int, int, packState) {
	v8, lo, hi, pending := st.v8, st.lo, st.hi, st.pending
	w8, w16 := h.w8&63, h.w16&63
	p, quiet := 0, 0
	i := 0
	for ; i < len(hs) && p < len(s); i++ {
		r, size := decode3(s, p)
		if size == 0 || r >= h.lim16 {
			break
		}
		p += size
		if r >= h.lim8 {
			pending = h.m
		}
		v8 = (v8<<w8 | r&(h.lim8-1)) & h.mask8
		hi = (hi<<w16 | lo>>((64-w16)&63)) & h.mask16hi
		lo = lo<<w16 | r
		if pending > 0 {
			pending--
			quiet = 0
			hs[i] = xxh3Len16(lo, hi, h.flip16, h.flip16b)
		} else {
			hs[i] = xxh3Len8(v8, h.flip8)
			if quiet++; quiet == 32 {
				i++
				break
			}
		}
	}
	return i, p, packState{v8, lo, hi, pending}
}
