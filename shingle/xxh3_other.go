//go:build !amd64

package shingle

// hasAVX512 is false off amd64: xxh3x8AVX512 is never called.
const hasAVX512 = false

func xxh3x8AVX512(dst, src *uint64, n int, flip uint64) {
	panic("shingle: xxh3x8AVX512 without AVX-512")
}
