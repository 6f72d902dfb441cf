package shingle

import "golang.org/x/sys/cpu"

// hasAVX512 reports whether xxh3x8AVX512 can run: it needs AVX-512F
// (rotations, three-way XOR) and AVX-512DQ (64-bit multiplication).
var hasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// xxh3x8AVX512 sets dst[i] = xxh3x8(src[i], flip) for i < n, n a
// multiple of 8, eight at a time. Only when hasAVX512.
//
//go:noescape
func xxh3x8AVX512(dst, src *uint64, n int, flip uint64)
