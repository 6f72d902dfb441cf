package radix

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// testKeys returns n keys: random, with many equal high bytes, and with
// many duplicates.
func testKeys(r *rand.Rand, n int) []uint64 {
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
	return xs
}

func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 255, 256, 1000, 100000} {
		xs := testKeys(r, n)
		want := slices.Clone(xs)
		slices.Sort(want)
		Sort(xs)
		if !slices.Equal(xs, want) {
			t.Fatalf("n=%d: Sort differs from slices.Sort", n)
		}
	}
	// A named type sorts the same.
	type pair uint64
	ps := []pair{5, 3, 9, 1}
	Sort(ps)
	if !slices.Equal(ps, []pair{1, 3, 5, 9}) {
		t.Errorf("Sort of a named type: %v", ps)
	}
}

// TestSortWith checks that the payloads travel with their keys: sorted
// (key, value) pairs equal those of a reference sort, and every value is
// still with its key.
func TestSortWith(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 47, 48, 49, 255, 256, 1000, 100000} {
		keys := testKeys(r, n)
		vals := make([]uint32, n)
		for i := range vals {
			vals[i] = uint32(i)
		}
		orig := slices.Clone(keys)
		SortWith(keys, vals)
		if !slices.IsSorted(keys) {
			t.Fatalf("n=%d: keys not sorted", n)
		}
		seen := make([]bool, n)
		for i, v := range vals {
			if seen[v] {
				t.Fatalf("n=%d: value %d twice", n, v)
			}
			seen[v] = true
			if orig[v] != keys[i] {
				t.Fatalf("n=%d: value %d moved to key %x, was with %x", n, v, keys[i], orig[v])
			}
		}
	}
}

func TestSortWithLengths(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SortWith of slices of different lengths did not panic")
		}
	}()
	SortWith(make([]uint64, 3), make([]uint32, 2))
}

func BenchmarkSort(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]uint64, 1<<16)
	for i := range src {
		src[i] = r.Uint64()
	}
	xs := make([]uint64, len(src))
	vals := make([]uint32, len(src))
	for _, name := range []string{"radix", "slices", "radix-with"} {
		b.Run("n=64K/"+name, func(b *testing.B) {
			b.SetBytes(int64(8 * len(src)))
			for b.Loop() {
				copy(xs, src)
				switch name {
				case "radix":
					Sort(xs)
				case "slices":
					slices.Sort(xs)
				default:
					SortWith(xs, vals)
				}
			}
		})
	}
}
