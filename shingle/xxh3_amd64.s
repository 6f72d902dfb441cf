//go:build gc && !purego

#include "textflag.h"

// func xxh3Len8AVX512(dst, src *uint64, n int, flip uint64)
// dst[i] = xxh3Len8(src[i], flip) for i < n, n a multiple of 8: XXH3 of
// 8-byte inputs, eight at a time, one in each 64-bit lane of Z0-Z3 (see
// xxh3Len8 in hash.go for the steps).
TEXT ·xxh3Len8AVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ flip+24(FP), AX
	VPBROADCASTQ AX, Z5
	MOVQ $0x9fb21c651e98df25, AX
	VPBROADCASTQ AX, Z4
	MOVQ $8, AX
	VPBROADCASTQ AX, Z6
	SHRQ $3, CX
	JZ   done

loop:
	VMOVDQU64 (SI), Z0
	VPROLQ    $32, Z0, Z1        // rotl(v, 32)
	VPXORQ    Z5, Z1, Z1         // ^ flip
	VPROLQ    $49, Z1, Z2
	VPROLQ    $24, Z1, Z3
	VPTERNLOGQ $0x96, Z3, Z2, Z1 // h ^= rotl(h, 49) ^ rotl(h, 24)
	VPMULLQ   Z4, Z1, Z1         // h *= C
	VPSRLQ    $35, Z1, Z2
	VPADDQ    Z6, Z2, Z2
	VPXORQ    Z2, Z1, Z1         // h ^= h>>35 + 8
	VPMULLQ   Z4, Z1, Z1         // h *= C
	VPSRLQ    $28, Z1, Z2
	VPXORQ    Z2, Z1, Z1         // h ^ h>>28
	VMOVDQU64 Z1, (DI)
	ADDQ      $64, SI
	ADDQ      $64, DI
	DECQ      CX
	JNZ       loop

done:
	VZEROUPPER
	RET
