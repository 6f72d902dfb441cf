package lsh

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	minhashlsh "github.com/ekzhu/minhash-lsh"

	"github.com/churnalism/churn/internal/radix"
	"github.com/churnalism/churn/seeds"
	"github.com/churnalism/churn/shingle"
)

// seedText returns the seed articles, concatenated and repeated, cut to
// about size bytes (at a rune boundary).
func seedText(tb testing.TB, size int) []byte {
	tb.Helper()
	var all []byte
	for _, a := range seeds.Articles() {
		all = append(all, a.Text...)
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

// BenchmarkIndexScale measures ekzhu's index at corpus scale at the
// default threshold: one op adds docs signatures and builds the index
// (its sort runs on one goroutine), and heapB/doc is the live heap the
// built index holds per document. query is one Query. The sizes come
// from CHURN_SCALE (documents, comma-separated, e.g. 100000,1000000);
// without it the benchmark is skipped, as it needs gigabytes.
func BenchmarkIndexScale(b *testing.B) {
	env := os.Getenv("CHURN_SCALE")
	if env == "" {
		b.Skip("set CHURN_SCALE=100000,1000000 to measure the index at scale")
	}
	for _, f := range strings.Split(env, ",") {
		docs, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || docs < 2 {
			b.Fatalf("CHURN_SCALE: %q is not a number of documents", f)
		}
		// Random signatures in pairs that share half their values (some
		// bands): the values do not
		// change the index's size, only what queries find.
		rng := rand.New(rand.NewPCG(5, 6))
		sigs := make([][]uint64, docs)
		for i := range sigs {
			s := make([]uint64, DefaultNumHashes)
			for j := range s {
				if i%2 == 1 && j < DefaultNumHashes/2 {
					s[j] = sigs[i-1][j]
				} else {
					s[j] = rng.Uint64()
				}
			}
			sigs[i] = s
		}
		build := func() *Index {
			x, _ := NewIndex(DefaultNumHashes, 0.5, docs)
			for i, sig := range sigs {
				x.Add(i, sig)
			}
			x.Build()
			return x
		}
		b.Run(fmt.Sprintf("docs=%d/op=build", docs), func(b *testing.B) {
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			before := ms.HeapAlloc
			x := build()
			runtime.GC()
			runtime.ReadMemStats(&ms)
			perDoc := float64(ms.HeapAlloc-before) / float64(docs)
			runtime.KeepAlive(x)
			x = nil
			for b.Loop() {
				build()
			}
			b.ReportMetric(perDoc, "heapB/doc")
		})
		b.Run(fmt.Sprintf("docs=%d/op=bandpairs", docs), func(b *testing.B) {
			// The alternative: every candidate pair at once, as the
			// pipeline needs them (the index's op=build plus docs ×
			// op=query).
			x, _ := NewIndex(DefaultNumHashes, 0.5, 0)
			bands, rows := x.Params()
			if len(bandPairs(sigs[:1000], bands, rows)) == 0 {
				b.Fatal("no pairs among near-copies")
			}
			for b.Loop() {
				bandPairs(sigs, bands, rows)
			}
		})
		b.Run(fmt.Sprintf("docs=%d/op=query", docs), func(b *testing.B) {
			x := build()
			var buf []int
			i := 0
			for b.Loop() {
				buf = x.Query(buf[:0], sigs[i])
				if i++; i == len(sigs) {
					i = 0
				}
			}
		})
	}
}

// bandPairs is the alternative to ekzhu's index that BenchmarkIndexScale
// compares it with, kept here for that comparison only: for each band,
// one 64-bit word per document (40 bits of a hash of the band's values,
// 24 bits of document number), radix-sorted, and runs of equal band
// hashes give the candidate pairs, as a<<32|b words. It needs 8 bytes per
// document (one word, reused for each band) besides the pairs, against
// ekzhu's string key and interface per band entry.
func bandPairs(sigs [][]uint64, bands, rows int) []uint64 {
	words := make([]uint64, len(sigs))
	var pairs []uint64
	for b := range bands {
		for d, sig := range sigs {
			h := uint64(0x9e3779b97f4a7c15)
			for _, v := range sig[b*rows : (b+1)*rows] {
				h = (h ^ v) * 0xff51afd7ed558ccd
				h ^= h >> 32
			}
			words[d] = h>>24<<24 | uint64(d)
		}
		radix.Sort(words)
		for i := 0; i < len(words); {
			j := i + 1
			for j < len(words) && words[j]>>24 == words[i]>>24 {
				j++
			}
			for a := i; a < j; a++ {
				for c := a + 1; c < j; c++ {
					pairs = append(pairs, words[a]&(1<<24-1)<<32|words[c]&(1<<24-1))
				}
			}
			i = j
		}
	}
	radix.Sort(pairs)
	return slices.Compact(pairs)
}
