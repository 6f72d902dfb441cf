package shingle

import (
	"fmt"
	"testing"

	"github.com/churnalism/churn/seeds"
)

func BenchmarkNormalize(b *testing.B) {
	docs := seeds.Articles()
	for _, mode := range modes {
		for _, d := range docs {
			b.Run(fmt.Sprintf("accents=%s/seed=%s", mode.name, d.ID), func(b *testing.B) {
				nz := NewNormalizer(mode.opts)
				var tx Text
				b.SetBytes(int64(len(d.Text)))
				b.ReportAllocs()
				for b.Loop() {
					nz.Normalize(&tx, d.Text)
				}
			})
		}
		b.Run(fmt.Sprintf("accents=%s/seed=all", mode.name), func(b *testing.B) {
			nz := NewNormalizer(mode.opts)
			var tx Text
			n := 0
			for _, d := range docs {
				n += len(d.Text)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					nz.Normalize(&tx, d.Text)
				}
			}
		})
	}
}

// BenchmarkNormalizeRef is BenchmarkNormalize/…/seed=all for
// normalizeRef, the definition Normalize's table is built from, which
// normalises segment by segment with x/text: the speed-up of the table is
// the ratio of the two in one run.
func BenchmarkNormalizeRef(b *testing.B) {
	docs := seeds.Articles()
	for _, mode := range modes {
		b.Run(fmt.Sprintf("accents=%s/seed=all", mode.name), func(b *testing.B) {
			nz := NewNormalizer(mode.opts)
			var tx Text
			n := 0
			for _, d := range docs {
				n += len(d.Text)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					nz.normalizeRef(&tx, d.Text)
				}
			}
		})
	}
}

func BenchmarkAppendHashes(b *testing.B) {
	docs := seeds.Articles()
	nz := NewNormalizer(Options{})
	texts := make([]Text, len(docs))
	n := 0
	for i, d := range docs {
		nz.Normalize(&texts[i], d.Text)
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

// BenchmarkMinByBin hashes and bins (into 128 bins) the 9-rune shingles
// of the normalised seeds: with accents stripped nearly every shingle is
// ASCII and takes the 8-byte encoding, with accents kept the Romanian
// ones with ă, î, ș, ț take the 16-byte one. b.SetBytes is the size of the
// normalised text.
func BenchmarkMinByBin(b *testing.B) {
	docs := seeds.Articles()
	for _, mode := range modes {
		b.Run("accents="+mode.name, func(b *testing.B) {
			nz := NewNormalizer(mode.opts)
			texts := make([]Text, len(docs))
			n := 0
			for i, d := range docs {
				nz.Normalize(&texts[i], d.Text)
				n += len(texts[i].Bytes)
			}
			bins := make([]uint64, 128)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for i := range texts {
					MinByBin(bins, &texts[i], DefaultK, 1)
				}
			}
		})
	}
}

// BenchmarkSet builds the shingle set of a seed article: in place with
// Set (after copying the hashes, as the copy is what Set sorts), or with
// AppendSet into a buffer.
func BenchmarkSet(b *testing.B) {
	d := seeds.Articles()[4]
	var tx Text
	NewNormalizer(Options{}).Normalize(&tx, d.Text)
	hashes := AppendHashes(nil, &tx, DefaultK, 0)
	buf := make([]uint64, len(hashes))
	b.Run("op=Set", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			copy(buf, hashes)
			Set(buf)
		}
	})
	b.Run("op=AppendSet", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf = AppendSet(buf[:0], hashes)
		}
	})
}
