package churn

import (
	"testing"

	"github.com/churnalism/churn/seeds"
)

// BenchmarkVerify measures verification alone: for every pair of seed
// articles (the matrix's 10 pairs), exact shingle sets, Jaccard
// similarity and containment, and passage alignment, after signing and
// candidate search. b.SetBytes counts both texts of every pair.
func BenchmarkVerify(b *testing.B) {
	var docs []Document
	for _, a := range seeds.Articles() {
		docs = append(docs, Document{ID: a.Name, Text: a.Text})
	}
	opts, err := Options{}.withDefaults()
	if err != nil {
		b.Fatal(err)
	}
	an := &analysis{docs: docs, opts: opts, states: make([]docState, len(docs))}
	an.sign()
	if _, err := an.findPairs(&Result{}); err != nil {
		b.Fatal(err)
	}
	var cands []cand
	for a := range docs {
		for c := a + 1; c < len(docs); c++ {
			cands = append(cands, cand{a: a, b: c})
		}
	}
	n := 0
	for _, c := range cands {
		n += len(docs[c.a].Text) + len(docs[c.b].Text)
	}
	b.Run("seeds/pairs=10", func(b *testing.B) {
		if len(cands) != 10 {
			b.Fatalf("%d candidate pairs, want every pair of the 5 seeds", len(cands))
		}
		b.SetBytes(int64(n))
		b.ReportAllocs()
		for b.Loop() {
			an.verify(cands, 0, len(cands))
		}
	})
}
