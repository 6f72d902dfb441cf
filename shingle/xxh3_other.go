//go:build !amd64 || !gc || purego

package shingle

import "unsafe"

// hasAVX512 is false without the amd64 assembly (on other architectures,
// with other compilers and with -tags purego): shingle hashing then takes
// only its scalar paths, which give the same hashes.
const hasAVX512 = false

// xxh3Len8AVX512 is the pure-Go equivalent of the amd64 assembly: it sets
// dst[i] = xxh3Len8(src[i], flip) for i < n. The hashing never calls it
// here (hasAVX512 is false); it exists so that the callers compile.
func xxh3Len8AVX512(dst, src *uint64, n int, flip uint64) {
	if n <= 0 {
		return
	}
	d, s := unsafe.Slice(dst, n), unsafe.Slice(src, n)
	for i, v := range s {
		d[i] = xxh3Len8(v, flip)
	}
}
