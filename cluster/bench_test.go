package cluster

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// syndication returns a corpus of docs documents with about pairs edges,
// shaped as syndication is: stories whose copies (1 to 20 of them) share
// a passage of the story, each copy linked to the story and, for one in
// four, to another copy; dated says whether documents have publication
// times (all of them, else none: the containment path). chain links
// document i to i+1 instead, every link through the same text, which
// makes one group of all documents, in random strength order.
func syndication(docs, pairs int, dated, chain bool) ([]Doc, []Edge) {
	rng := rand.New(rand.NewPCG(uint64(docs), uint64(pairs)))
	ds := make([]Doc, docs)
	for i := range ds {
		ds[i].Bytes = 1000 + rng.IntN(4000)
		if dated {
			ds[i].Published = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(30*24*3600)) * time.Second)
		}
	}
	passage := func(d int) []Span {
		s := 100 + rng.IntN(200)
		return []Span{{s, s + 300 + rng.IntN(400)}}
	}
	edges := make([]Edge, 0, pairs)
	if chain {
		for i := 0; i+1 < docs && len(edges) < pairs; i++ {
			edges = append(edges, Edge{A: i, B: i + 1, SpansA: []Span{{100, 700}}, SpansB: []Span{{100, 700 + rng.IntN(100)}}, Jaccard: rng.Float64()})
		}
		return ds, edges
	}
	for d := 0; d < docs && len(edges) < pairs; {
		copies := 1 + rng.IntN(20)
		story := d
		for c := 1; c <= copies && d+c < docs && len(edges) < pairs; c++ {
			edges = append(edges, Edge{A: story, B: d + c, SpansA: passage(story), SpansB: passage(d + c), Jaccard: rng.Float64()})
			if c > 1 && rng.IntN(4) == 0 && len(edges) < pairs {
				edges = append(edges, Edge{A: d + c - 1, B: d + c, SpansA: passage(d + c - 1), SpansB: passage(d + c), Jaccard: rng.Float64()})
			}
		}
		// Stories are spread through the corpus: the next one starts
		// after this one's copies and some unrelated documents.
		d += copies + 1 + rng.IntN(2*copies+1)
	}
	rng.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	return ds, edges
}

// BenchmarkGroups measures Groups on syndication-shaped corpora (see
// syndication), one op grouping all documents. impl=ref is the
// implementation Groups replaced (reference_test.go), on the 10k sizes,
// and on every size but 1M when CHURN_SCALE is set (it takes minutes);
// the ratio of the two at equal sizes is the speed-up.
func BenchmarkGroups(b *testing.B) {
	type size struct {
		docs, pairs int
		chain       bool
		ref         bool
	}
	for _, s := range []size{
		{10000, 5000, false, true},
		{10000, 9999, true, true},
		{100000, 50000, false, false},
		{400000, 399999, true, false},
		{1000000, 500000, false, false},
	} {
		for _, dated := range []bool{true, false} {
			if s.chain && dated {
				continue
			}
			ds, es := syndication(s.docs, s.pairs, dated, s.chain)
			kind := map[bool]string{true: "dated", false: "undated"}[dated]
			if s.chain {
				kind = "chain"
			}
			for _, impl := range []string{"linear", "ref"} {
				if impl == "ref" && !s.ref && (os.Getenv("CHURN_SCALE") == "" || s.docs >= 1e6) {
					continue
				}
				b.Run(fmt.Sprintf("docs=%s/pairs=%s/%s/impl=%s", count(s.docs), count(len(es)), kind, impl), func(b *testing.B) {
					b.ReportAllocs()
					var gs []Group
					for b.Loop() {
						if impl == "ref" {
							gs = groupsRef(ds, es)
						} else {
							gs = Groups(ds, es)
						}
					}
					b.ReportMetric(float64(len(gs)), "groups")
				})
			}
		}
	}
}

// count writes n as benchmark names write sizes: 10k, 1M, 9999.
func count(n int) string {
	switch {
	case n >= 1e6 && n%1e6 == 0:
		return fmt.Sprintf("%dM", n/1e6)
	case n >= 1e3 && n%1e3 == 0:
		return fmt.Sprintf("%dk", n/1e3)
	}
	return fmt.Sprint(n)
}
