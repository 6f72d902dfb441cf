package shingle

import (
	"encoding/binary"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/zeebo/xxh3"
)

// libXXH3Len8 is XXH3_64bits_withSeed of the 8 bytes of v (little-endian)
// as github.com/zeebo/xxh3, a maintained implementation kept as the
// tests' reference, computes it.
func libXXH3Len8(v, seed uint64) uint64 {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	return xxh3.HashSeed(b[:], seed)
}

// libXXH3Len16 is libXXH3Len8 for the 16 bytes of lo then hi.
func libXXH3Len16(lo, hi, seed uint64) uint64 {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], lo)
	binary.LittleEndian.PutUint64(b[8:], hi)
	return xxh3.HashSeed(b[:], seed)
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
// and the library the tests use as their reference, against values from
// libxxhash; then the two against each other on random input and seeds.
func TestXXH3(t *testing.T) {
	for _, v := range xxh3Vectors {
		if got := xxh3Len8(v.lo, xxh3Len8Flip(v.seed)); got != v.want8 {
			t.Errorf("xxh3Len8(%#x, seed %#x) = %#x, want %#x", v.lo, v.seed, got, v.want8)
		}
		if got := libXXH3Len8(v.lo, v.seed); got != v.want8 {
			t.Errorf("zeebo/xxh3 of %#x, seed %#x = %#x, want %#x", v.lo, v.seed, got, v.want8)
		}
		f1, f2 := xxh3Len16Flips(v.seed)
		if got := xxh3Len16(v.lo, v.hi, f1, f2); got != v.want16 {
			t.Errorf("xxh3Len16(%#x, %#x, seed %#x) = %#x, want %#x", v.lo, v.hi, v.seed, got, v.want16)
		}
		if got := libXXH3Len16(v.lo, v.hi, v.seed); got != v.want16 {
			t.Errorf("zeebo/xxh3 of %#x %#x, seed %#x = %#x, want %#x", v.lo, v.hi, v.seed, got, v.want16)
		}
	}
	rng := rand.New(rand.NewPCG(21, 22))
	for i := range 20000 {
		// Words of every bit length (packed windows are short at the
		// start of a text), and seeds both random and small.
		lo, hi, s := rng.Uint64()>>rng.IntN(64), rng.Uint64()>>rng.IntN(64), rng.Uint64()
		if i%4 == 0 {
			s = uint64(i)
		}
		f1, f2 := xxh3Len16Flips(s)
		if got, want := xxh3Len8(lo, xxh3Len8Flip(s)), libXXH3Len8(lo, s); got != want {
			t.Fatalf("xxh3Len8(%#x, seed %#x) = %#x, zeebo/xxh3 %#x", lo, s, got, want)
		}
		if got, want := xxh3Len16(lo, hi, f1, f2), libXXH3Len16(lo, hi, s); got != want {
			t.Fatalf("xxh3Len16(%#x, %#x, seed %#x) = %#x, zeebo/xxh3 %#x", lo, hi, s, got, want)
		}
	}
}

// Why the AVX-512 hashing cannot be tested, for avx512Untested.
const (
	cpuLacksAVX512   = "this CPU lacks AVX-512F or AVX-512DQ"
	avx512NotBuilt   = "built without the AVX-512 assembly (-tags purego, another compiler than gc, or not amd64)"
	requireAVX512Env = "CHURN_REQUIRE_AVX512"
)

// avx512Untested ends a test of the AVX-512 hashing that cannot run, for
// the reason why: it fails the test if CHURN_REQUIRE_AVX512=1 (which CI
// sets on machines whose CPU has AVX-512, so that the vector code cannot
// go untested there unnoticed), and otherwise logs that the vector code
// is NOT tested and skips.
func avx512Untested(t *testing.T, why string) {
	t.Helper()
	if os.Getenv(requireAVX512Env) == "1" {
		t.Fatalf("%s=1, but %s: the AVX-512 hashing cannot be tested", requireAVX512Env, why)
	}
	t.Logf("NOT TESTED: the AVX-512 hashing, because %s (set %s=1 to make this a failure)", why, requireAVX512Env)
	t.Skipf("AVX-512 hashing not tested: %s", why)
}
