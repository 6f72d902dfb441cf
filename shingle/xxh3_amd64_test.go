//go:build gc && !purego

package shingle

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/churnalism/churn/seeds"
)

// TestXXH3Len8AVX512 checks the vector hashing against xxh3Len8 and
// github.com/zeebo/xxh3, lane by lane, at every length it takes and with
// every kind of input word.
func TestXXH3Len8AVX512(t *testing.T) {
	if !hasAVX512 {
		avx512Untested(t, cpuLacksAVX512)
	}
	r := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 8, 16, 64, 1024} {
		src := make([]uint64, n+1)
		for i := range src {
			switch i % 4 {
			case 0:
				src[i] = r.Uint64()
			case 1:
				src[i] = r.Uint64() >> 1 // a packed 9-rune window
			case 2:
				src[i] = uint64(i)
			}
		}
		for _, flip := range []uint64{0, 1, r.Uint64(), ^uint64(0)} {
			dst := make([]uint64, n+1)
			dst[n] = 12345 // beyond n: left alone
			if n > 0 {
				xxh3Len8AVX512(&dst[0], &src[0], n, flip)
			}
			for i := range n {
				if want := xxh3Len8(src[i], flip); dst[i] != want {
					t.Fatalf("n=%d flip=%#x lane %d: %#x, want %#x", n, flip, i, dst[i], want)
				}
			}
			if dst[n] != 12345 {
				t.Fatalf("n=%d: wrote past n", n)
			}
		}
		// And with seeds, against the library.
		for _, seed := range []uint64{0, 1, r.Uint64()} {
			dst := make([]uint64, n+1)
			if n > 0 {
				xxh3Len8AVX512(&dst[0], &src[0], n, xxh3Len8Flip(seed))
			}
			for i := range n {
				if want := libXXH3Len8(src[i], seed); dst[i] != want {
					t.Fatalf("n=%d seed=%#x lane %d: %#x, zeebo/xxh3 %#x", n, seed, i, dst[i], want)
				}
			}
		}
	}
}

// TestAVX512Paths checks that the vector paths of hashing and binning
// give what the scalar ones give, on texts of every length up to a few
// hundred runes (the vector loops take 8 and 64 at a time) and on the
// seeds.
func TestAVX512Paths(t *testing.T) {
	if !hasAVX512 {
		avx512Untested(t, cpuLacksAVX512)
	}
	defer func() { hasAVX512 = true }()
	r := rand.New(rand.NewPCG(11, 12))
	var texts [][]byte
	for n := range 300 {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcdefghij klmnop,.\n"[r.IntN(20)]
		}
		texts = append(texts, b)
	}
	for _, sd := range seeds.Articles() {
		texts = append(texts, sd.Text)
	}
	nz := NewNormalizer(Options{})
	var tx Text
	for _, src := range texts {
		nz.Normalize(&tx, src)
		for _, k := range []int{9, 5} {
			for _, seed := range []uint64{0, 7} {
				run := func(avx bool) ([]uint64, []uint64) {
					hasAVX512 = avx
					bins := make([]uint64, 128)
					for i := range bins {
						bins[i] = ^uint64(0)
					}
					MinByBin(bins, &tx, k, seed)
					return AppendHashes(nil, &tx, k, seed), bins
				}
				h1, b1 := run(true)
				h0, b0 := run(false)
				if !slices.Equal(h1, h0) || !slices.Equal(b1, b0) {
					t.Fatalf("k=%d seed=%d text %q: vector and scalar paths differ", k, seed, clip(src))
				}
			}
		}
	}
}

func clip(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}
