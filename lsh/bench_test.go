package lsh

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"testing"
	"unicode/utf8"

	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/churnalism/churn/seeds"
	"github.com/churnalism/churn/shingle"
)

// seedText returns the seed articles, concatenated and repeated, cut to
// about size bytes (at a rune boundary).
func seedText(tb testing.TB, size int) []byte {
	tb.Helper()
	ents, err := fs.ReadDir(seeds.FS, ".")
	if err != nil {
		tb.Fatal(err)
	}
	var all []byte
	for _, e := range ents {
		b, err := fs.ReadFile(seeds.FS, e.Name())
		if err != nil {
			tb.Fatal(err)
		}
		all = append(all, b...)
		all = append(all, '\n')
	}
	var text []byte
	for len(text) < size {
		text = append(text, all...)
	}
	for size > 0 && !utf8.RuneStart(text[size]) {
		size--
	}
	return text[:size]
}

// BenchmarkSign measures the signature stage: from normalised text (the
// seed articles, concatenated and cut to size) to a finished signature of
// DefaultNumHashes values, with shingles of DefaultK runes. b.SetBytes is
// the size of the normalised text, the stage's input.
//
//   - impl=fused is Signer.SignText: hashing and binning in one pass;
//   - impl=churn+hash is shingle.AppendHashes then Signer.Sign, as
//     churn.Analyze does (it needs the hashes for winnowing too);
//   - impl=churn is Signer.Sign alone, from the hashes;
//   - impl=ekzhu is the baseline: minhashlsh.NewMinhash and a Push of every
//     shingle's bytes, then Signature.
//
// The speed-up over ekzhu is the ratio of impl=fused to impl=ekzhu.
func BenchmarkSign(b *testing.B) {
	for _, size := range []struct {
		name  string
		bytes int
	}{{"1KB", 1 << 10}, {"10KB", 10 << 10}, {"100KB", 100 << 10}} {
		src := seedText(b, size.bytes)
		var text shingle.Text
		shingle.NewNormalizer(shingle.Options{}).Normalize(&text, src)
		k := shingle.DefaultK
		hashes := shingle.AppendHashes(nil, &text, k, 0)
		shingles := make([][]byte, len(hashes))
		for i := range shingles {
			shingles[i] = text.Bytes[text.Runes[i]:text.Runes[i+k]]
		}
		in := int64(len(text.Bytes))

		b.Run("size="+size.name+"/impl=fused", func(b *testing.B) {
			s, _ := NewSigner(DefaultNumHashes, 0)
			sig := make([]uint64, s.Len())
			b.SetBytes(in)
			b.ReportAllocs()
			for b.Loop() {
				s.SignText(sig, &text, k, 0)
			}
		})
		b.Run("size="+size.name+"/impl=churn+hash", func(b *testing.B) {
			s, _ := NewSigner(DefaultNumHashes, 0)
			sig := make([]uint64, s.Len())
			var h []uint64
			b.SetBytes(in)
			b.ReportAllocs()
			for b.Loop() {
				h = shingle.AppendHashes(h[:0], &text, k, 0)
				s.Sign(sig, h)
			}
		})
		b.Run("size="+size.name+"/impl=churn", func(b *testing.B) {
			s, _ := NewSigner(DefaultNumHashes, 0)
			sig := make([]uint64, s.Len())
			b.SetBytes(in)
			b.ReportAllocs()
			for b.Loop() {
				s.Sign(sig, hashes)
			}
		})
		b.Run("size="+size.name+"/impl=ekzhu", func(b *testing.B) {
			b.SetBytes(in)
			b.ReportAllocs()
			for b.Loop() {
				m := minhashlsh.NewMinhash(0, DefaultNumHashes)
				for _, sh := range shingles {
					m.Push(sh)
				}
				_ = m.Signature()
			}
		})
	}
}

// benchSigs returns count signatures of random sets, in pairs of
// near-copies (J ≈ 0.67).
func benchSigs(count int) [][]uint64 {
	rng := rand.New(rand.NewPCG(1, 2))
	s, _ := NewSigner(DefaultNumHashes, 0)
	sigs := make([][]uint64, 0, count)
	for len(sigs) < count {
		a := randomHashes(rng, 500)
		sigs = append(sigs, s.Sign(make([]uint64, s.Len()), a))
		copy(a, randomHashes(rng, 100))
		sigs = append(sigs, s.Sign(make([]uint64, s.Len()), a))
	}
	return sigs
}

// BenchmarkIndexAdd adds docs documents to a new index and builds it; one
// op is the whole batch.
func BenchmarkIndexAdd(b *testing.B) {
	for _, docs := range []int{100, 1000, 10000} {
		sigs := benchSigs(docs)
		b.Run(fmt.Sprintf("docs=%d", docs), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				x, _ := NewIndex(DefaultNumHashes, 0.1, docs)
				for i, sig := range sigs {
					x.Add(i, sig)
				}
				x.Build()
			}
		})
	}
}

// BenchmarkIndexQuery queries an index of docs documents with each of its
// documents in turn; one op is one query.
func BenchmarkIndexQuery(b *testing.B) {
	for _, docs := range []int{100, 1000, 10000} {
		sigs := benchSigs(docs)
		x, _ := NewIndex(DefaultNumHashes, 0.1, docs)
		for i, sig := range sigs {
			x.Add(i, sig)
		}
		x.Build()
		b.Run(fmt.Sprintf("docs=%d", docs), func(b *testing.B) {
			var buf []int
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				buf = x.Query(buf[:0], sigs[i])
				if i++; i == len(sigs) {
					i = 0
				}
			}
		})
	}
}
