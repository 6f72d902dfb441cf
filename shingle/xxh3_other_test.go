//go:build !amd64 || !gc || purego

package shingle

import (
	"math/rand/v2"
	"testing"
)

// TestXXH3Len8AVX512 checks the pure-Go stand-in for the assembly against
// xxh3Len8, then reports that the AVX-512 hashing itself is not tested in
// this build.
func TestXXH3Len8AVX512(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	src := make([]uint64, 24)
	for i := range src {
		src[i] = r.Uint64() >> (i % 64)
	}
	dst := make([]uint64, len(src)+1)
	xxh3Len8AVX512(&dst[0], &src[0], len(src), 77)
	for i, v := range src {
		if want := xxh3Len8(v, 77); dst[i] != want {
			t.Fatalf("lane %d: %#x, want %#x", i, dst[i], want)
		}
	}
	if dst[len(src)] != 0 {
		t.Fatal("wrote past n")
	}
	avx512Untested(t, avx512NotBuilt)
}
