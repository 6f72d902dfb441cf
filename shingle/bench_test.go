package shingle

import (
	"fmt"
	"testing"
)

func BenchmarkNormalize(b *testing.B) {
	docs := seedDocs(b)
	for _, mode := range modes {
		for _, d := range docs {
			b.Run(fmt.Sprintf("accents=%s/seed=%s", mode.name, d.name), func(b *testing.B) {
				nz := NewNormalizer(mode.opts)
				var tx Text
				b.SetBytes(int64(len(d.text)))
				b.ReportAllocs()
				for b.Loop() {
					nz.Normalize(&tx, d.text)
				}
			})
		}
		b.Run(fmt.Sprintf("accents=%s/seed=all", mode.name), func(b *testing.B) {
			nz := NewNormalizer(mode.opts)
			var tx Text
			n := 0
			for _, d := range docs {
				n += len(d.text)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					nz.Normalize(&tx, d.text)
				}
			}
		})
	}
}

func BenchmarkAppendHashes(b *testing.B) {
	docs := seedDocs(b)
	nz := NewNormalizer(Options{})
	texts := make([]Text, len(docs))
	n := 0
	for i, d := range docs {
		nz.Normalize(&texts[i], d.text)
		n += len(texts[i].Bytes)
	}
	for _, k := range []int{3, 5, 7, 9, 12} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			var hashes []uint64
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for i := range texts {
					hashes = AppendHashes(hashes[:0], &texts[i], k, 1)
				}
			}
		})
	}
}

func BenchmarkSet(b *testing.B) {
	d := seedDocs(b)[4]
	var tx Text
	NewNormalizer(Options{}).Normalize(&tx, d.text)
	hashes := AppendHashes(nil, &tx, DefaultK, 0)
	buf := make([]uint64, len(hashes))
	b.ReportAllocs()
	for b.Loop() {
		copy(buf, hashes)
		Set(buf)
	}
}
