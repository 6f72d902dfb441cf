package winnow

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/churnalism/churn/seeds"
	"github.com/churnalism/churn/shingle"
)

// seedHashes returns the shingle hashes of all seed texts, concatenated,
// and the length of the texts in bytes.
func seedHashes(b *testing.B) ([]uint64, int) {
	b.Helper()
	nz := shingle.NewNormalizer(shingle.Options{})
	var tx shingle.Text
	var hashes []uint64
	n := 0
	for _, a := range seeds.Articles() {
		src := a.Text
		nz.Normalize(&tx, src)
		hashes = shingle.AppendHashes(hashes, &tx, shingle.DefaultK, 0)
		n += len(src)
	}
	return hashes, n
}

func BenchmarkSelect(b *testing.B) {
	hashes, n := seedHashes(b)
	for _, w := range []int{4, 32, 100} {
		b.Run(fmt.Sprintf("seeds/w=%d", w), func(b *testing.B) {
			dst := Select(nil, hashes, w)
			b.SetBytes(int64(n)) // source text
			b.ReportAllocs()
			for b.Loop() {
				dst = Select(dst[:0], hashes, w)
			}
		})
	}
	// A long run of equal hashes: the worst case of plain winnowing.
	same := make([]uint64, 100000)
	for i := range same {
		same[i] = 7
	}
	b.Run("equal/w=32", func(b *testing.B) {
		dst := Select(nil, same, 32)
		b.SetBytes(8 * int64(len(same)))
		b.ReportAllocs()
		for b.Loop() {
			dst = Select(dst[:0], same, 32)
		}
	})
}

func BenchmarkIndexPairs(b *testing.B) {
	// 10,000 documents of 200 fingerprints each; every tenth document shares
	// a 20-fingerprint passage with the next, and 5 hashes are boilerplate
	// found in every document.
	const docs, perDoc = 10000, 200
	r := rand.New(rand.NewPCG(7, 8))
	all := make([][]Fingerprint, docs)
	for d := range all {
		f := make([]Fingerprint, perDoc)
		for i := range f {
			f[i] = Fingerprint{Hash: r.Uint64() | 1, Pos: int32(i)}
		}
		for i := range 5 {
			f[i].Hash = mix64(uint64(i)) // common
		}
		if d%10 == 1 {
			copy(f[100:120], all[d-1][100:120])
		}
		all[d] = f
	}
	b.SetBytes(docs * perDoc * 8)
	b.ReportAllocs()
	for b.Loop() {
		var x Index
		for d, f := range all {
			x.Add(d, f)
		}
		if ps := x.Pairs(50, 2); len(ps) != docs/10 {
			b.Fatalf("%d pairs, want %d", len(ps), docs/10)
		}
	}
}

func BenchmarkWiden(b *testing.B) {
	hashes, n := seedHashes(b)
	for _, impl := range []struct {
		name string
		fn   func(dst, hashes []uint64, k, n int) []uint64
	}{{"fast", Widen}, {"chained", widenChained}} {
		b.Run("seeds/k=9/n=3/impl="+impl.name, func(b *testing.B) {
			dst := impl.fn(nil, hashes, 9, 3)
			b.SetBytes(int64(n)) // source text
			b.ReportAllocs()
			for b.Loop() {
				dst = impl.fn(dst[:0], hashes, 9, 3)
			}
		})
	}
}
