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
			sig := make([]uint32, s.Len())
			b.SetBytes(in)
			b.ReportAllocs()
			for b.Loop() {
				s.SignText(sig, &text, k, 0)
			}
		})
		b.Run("size="+size.name+"/impl=churn+hash", func(b *testing.B) {
			s, _ := NewSigner(DefaultNumHashes, 0)
			sig := make([]uint32, s.Len())
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
			sig := make([]uint32, s.Len())
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
func benchSigs(count int) [][]uint32 {
	rng := rand.New(rand.NewPCG(1, 2))
	s, _ := NewSigner(DefaultNumHashes, 0)
	sigs := make([][]uint32, 0, count)
	for len(sigs) < count {
		a := randomHashes(rng, 500)
		sigs = append(sigs, s.Sign(make([]uint32, s.Len()), a))
		copy(a, randomHashes(rng, 100))
		sigs = append(sigs, s.Sign(make([]uint32, s.Len()), a))
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

// scaleSizes returns the sizes CHURN_SCALE names (documents,
// comma-separated, e.g. 100000,1000000), or nil if it is not set.
func scaleSizes(b *testing.B) []int {
	env := os.Getenv("CHURN_SCALE")
	if env == "" {
		return nil
	}
	var sizes []int
	for _, f := range strings.Split(env, ",") {
		docs, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || docs < 2 {
			b.Fatalf("CHURN_SCALE: %q is not a number of documents", f)
		}
		sizes = append(sizes, docs)
	}
	return sizes
}

// scaleSigs returns docs random signatures of DefaultNumHashes values, in
// pairs that share their first half (some bands): the values do not
// change the size of an index, only what it finds. They are cut from one
// array, as a pipeline holding a million of them would keep them.
func scaleSigs(docs int) [][]uint32 {
	rng := rand.New(rand.NewPCG(5, 6))
	flat := make([]uint32, docs*DefaultNumHashes)
	sigs := make([][]uint32, docs)
	for i := range sigs {
		s := flat[i*DefaultNumHashes : (i+1)*DefaultNumHashes : (i+1)*DefaultNumHashes]
		for j := range s {
			if i%2 == 1 && j < DefaultNumHashes/2 {
				s[j] = sigs[i-1][j]
			} else {
				s[j] = rng.Uint32()
			}
		}
		sigs[i] = s
	}
	return sigs
}

// BenchmarkIndexScale measures ekzhu's index at corpus scale at the
// default threshold: one op adds docs signatures and builds the index
// (its sort runs on one goroutine), and heapB/doc is the live heap the
// built index holds per document. query is one Query; bandjoin is
// BandJoin.Pairs, every candidate pair at once, the alternative to build
// plus docs queries. The sizes come from CHURN_SCALE (documents,
// comma-separated, e.g. 100000,1000000); without it the benchmark is
// skipped, as it needs gigabytes.
func BenchmarkIndexScale(b *testing.B) {
	sizes := scaleSizes(b)
	if sizes == nil {
		b.Skip("set CHURN_SCALE=100000,1000000 to measure the index at scale")
	}
	for _, docs := range sizes {
		sigs := scaleSigs(docs)
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
		b.Run(fmt.Sprintf("docs=%d/op=bandjoin", docs), func(b *testing.B) {
			j, _ := NewBandJoin(DefaultNumHashes, 0.5)
			var pairs []Pair
			for b.Loop() {
				pairs, _ = j.Pairs(pairs[:0], sigs)
			}
			if len(pairs) < docs/2 {
				b.Fatalf("%d pairs among %d near-copies", len(pairs), docs/2)
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

// BenchmarkBandJoin measures BandJoin.Pairs at the default threshold on
// batches of n signatures (scaleSigs: pairs of near-copies sharing half
// their values; one op is the whole batch). It reports the time per
// document and the working memory per document (workB/doc: the join's
// key and document arrays and the pairs' slice, at their capacity, which
// is what the call holds at its peak), and allocB/doc, the bytes the
// first call on a new BandJoin allocates. n=1k to n=100k always run; the
// sizes CHURN_SCALE names (e.g. 1000000 for n=1M) are added.
func BenchmarkBandJoin(b *testing.B) {
	sizes := []int{1000, 10000, 100000}
	for _, n := range scaleSizes(b) {
		if !slices.Contains(sizes, n) {
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		sigs := scaleSigs(n)
		b.Run("n="+countName(n), func(b *testing.B) {
			j, _ := NewBandJoin(DefaultNumHashes, 0.5)
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			pairs, err := j.Pairs(nil, sigs)
			runtime.ReadMemStats(&ms1)
			if err != nil || len(pairs) < n/2 {
				b.Fatalf("%d pairs among %d near-copies: %v", len(pairs), n/2, err)
			}
			work := 8*cap(j.keys) + 4*cap(j.docs) + 8*cap(pairs)
			alloc := ms1.TotalAlloc - ms0.TotalAlloc
			b.ReportAllocs()
			for b.Loop() {
				pairs, _ = j.Pairs(pairs[:0], sigs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/doc")
			b.ReportMetric(float64(work)/float64(n), "workB/doc")
			b.ReportMetric(float64(alloc)/float64(n), "allocB/doc")
			b.ReportMetric(float64(len(pairs)), "pairs")
		})
	}
}

// countName writes n as benchmarks name sizes: 1k, 100k, 1M, 1500.
func countName(n int) string {
	switch {
	case n >= 1e6 && n%1e6 == 0:
		return fmt.Sprintf("%dM", n/1e6)
	case n >= 1e3 && n%1e3 == 0:
		return fmt.Sprintf("%dk", n/1e3)
	}
	return strconv.Itoa(n)
}
