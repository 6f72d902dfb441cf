package radix

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 255, 256, 1000, 100000} {
		xs := make([]uint64, n)
		for i := range xs {
			switch i % 3 {
			case 0:
				xs[i] = r.Uint64()
			case 1:
				xs[i] = r.Uint64() & 0xff00ff // many equal high bytes
			default:
				xs[i] = uint64(r.IntN(10)) // many duplicates
			}
		}
		want := slices.Clone(xs)
		slices.Sort(want)
		Sort(xs)
		if !slices.Equal(xs, want) {
			t.Fatalf("n=%d: Sort differs from slices.Sort", n)
		}
	}
}

func BenchmarkSort(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]uint64, 1<<16)
	for i := range src {
		src[i] = r.Uint64()
	}
	xs := make([]uint64, len(src))
	for _, name := range []string{"radix", "slices"} {
		b.Run("n=64K/"+name, func(b *testing.B) {
			b.SetBytes(int64(8 * len(src)))
			for b.Loop() {
				copy(xs, src)
				if name == "radix" {
					Sort(xs)
				} else {
					slices.Sort(xs)
				}
			}
		})
	}
}
