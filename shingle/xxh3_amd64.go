//go:build gc && !purego

package shingle

import "golang.org/x/sys/cpu"

// hasAVX512 reports whether xxh3Len8AVX512 can run: it needs AVX-512F
// (rotations, three-way XOR) and AVX-512DQ (64-bit multiplication).
// Tests turn it off to compare the vector paths with the scalar ones.
var hasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// xxh3Len8AVX512 sets dst[i] = xxh3Len8(src[i], flip) for i < n, n a
// multiple of 8: XXH3 of n inputs of 8 bytes, eight at a time in the
// eight 64-bit lanes of an AVX-512 register (xxh3_amd64.s). dst may be
// src. Only when hasAVX512.
//
//go:noescape
func xxh3Len8AVX512(dst, src *uint64, n int, flip uint64)
