package eval

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/bench"
	"github.com/churnalism/churn/reuse"
)

// reportedPairs returns the reported pairs of res among the documents
// whose IDs are in ids, as "a b class" keys with their reuse scores.
func reportedPairs(res *churn.Result, ids map[string]bool) map[string]float64 {
	out := map[string]float64{}
	for _, p := range res.Pairs {
		a, b := res.Docs[p.A].ID, res.Docs[p.B].ID
		if ids[a] && ids[b] {
			out[fmt.Sprintf("%s %s %s", min(a, b), max(a, b), p.Class.Code())] = p.Reuse
		}
	}
	return out
}

// scoreTolerance is how far a pair's reuse score may move between two
// runs of a consistency test. On COUNTER the scores must agree to the six
// decimals the reports print. The generated rewrites of the seeds share
// one small vocabulary, so the weight of a word, which depends on the
// share of the corpus's documents that hold it, moves when documents are
// added, and scores move in the third decimal: what must not change there
// is which pairs are reported, and their classes.
func scoreTolerance(real bool) float64 {
	if real {
		return 5e-7
	}
	return 0.01
}

// diffPairs lists the differences between the reported pairs want and
// got: pairs only in one of them, and scores further apart than tol.
func diffPairs(want, got map[string]float64, tol float64) (onlyWant, onlyGot, moved []string) {
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			onlyWant = append(onlyWant, fmt.Sprintf("%s %.6f", k, w))
		case math.Abs(g-w) > tol:
			moved = append(moved, fmt.Sprintf("%s %.6f, then %.6f", k, w, g))
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			onlyGot = append(onlyGot, fmt.Sprintf("%s %.6f", k, g))
		}
	}
	slices.Sort(onlyWant)
	slices.Sort(onlyGot)
	slices.Sort(moved)
	return onlyWant, onlyGot, moved
}

// consistencySet returns labelled documents to test consistency on: the
// COUNTER pairs when the evaluation data is there, else generated
// rewrites (the heavy and light edits of the scale generator) of the
// seeds. The bool says which.
func consistencySet(t *testing.T, pairs int) ([]churn.Document, bool) {
	t.Helper()
	set, err := LoadCounter()
	switch {
	case errors.Is(err, ErrNoEvalData):
		t.Logf("no COUNTER data (%v): generated rewrites of the seeds", err)
	case err != nil:
		t.Fatal(err)
	default:
		rng := rand.New(rand.NewPCG(7, 11))
		idx := rng.Perm(len(set.Pairs))[:min(pairs, len(set.Pairs))]
		slices.Sort(idx)
		return set.Subset(idx).Docs, true
	}
	v, err := bench.SeedVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var docs []churn.Document
	for i := range pairs {
		src := v.Article(rng, 1500+rng.IntN(1500))
		docs = append(docs, churn.Document{ID: fmt.Sprintf("s%03d", i), Text: []byte(src)},
			churn.Document{ID: fmt.Sprintf("d%03d", i), Text: []byte(v.Edit(rng, v.Edit(rng, src)))})
	}
	return docs, false
}

// unrelatedDocs returns n articles sharing no wording with Urdu news
// (or with the seeds' vocabulary): words of a made-up alphabet.
func unrelatedDocs(n int) []churn.Document {
	rng := rand.New(rand.NewPCG(3, 5))
	syll := []string{"ka", "zu", "mi", "to", "re", "qo", "xa", "vy", "pe", "lu", "no", "ri"}
	var docs []churn.Document
	for i := range n {
		var b strings.Builder
		for w := range 300 {
			if w > 0 {
				b.WriteByte(' ')
			}
			for range 2 + rng.IntN(3) {
				b.WriteString(syll[rng.IntN(len(syll))])
			}
		}
		docs = append(docs, churn.Document{ID: fmt.Sprintf("u%03d", i), Text: []byte(b.String())})
	}
	return docs
}

func ids(docs []churn.Document) map[string]bool {
	m := map[string]bool{}
	for _, d := range docs {
		m[d.ID] = true
	}
	return m
}

// TestConsistencyUnrelated checks that the pairs reported among a
// corpus's documents, with their classes and scores, do not change when
// unrelated documents are added.
func TestConsistencyUnrelated(t *testing.T) {
	docs, real := consistencySet(t, 60)
	base, err := churn.Analyze(docs, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	more, err := churn.Analyze(append(slices.Clone(docs), unrelatedDocs(150)...), churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, got := reportedPairs(base, ids(docs)), reportedPairs(more, ids(docs))
	if len(want) == 0 {
		t.Fatal("no pair reported: nothing to compare")
	}
	lost, added, moved := diffPairs(want, got, scoreTolerance(real))
	if len(lost)+len(added)+len(moved) > 0 {
		t.Errorf("with 150 unrelated documents added, the reported pairs changed:\nno longer reported %q\nnewly reported %q\nscores moved %q", lost, added, moved)
	}
}

// TestConsistencyMatrixLimit checks that the pairs reported in a corpus
// do not depend on whether every pair is verified (a corpus within
// MatrixLimit) or only the candidates: for random subsets of 40 labelled
// documents, with every pair verified and then, with one unrelated
// document more, through the candidate stage. At least 99% of the pairs
// the rule reports with every pair verified must be reported through the
// candidates, and nothing else.
func TestConsistencyMatrixLimit(t *testing.T) {
	docs, real := consistencySet(t, 150)
	rng := rand.New(rand.NewPCG(13, 17))
	extra := unrelatedDocs(1)
	want, got, missed := 0, 0, 0
	for range 8 {
		var sub []churn.Document
		for _, i := range rng.Perm(len(docs))[:churn.DefaultMatrixLimit] {
			sub = append(sub, docs[i])
		}
		all, err := churn.Analyze(sub, churn.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if all.Matrix == nil {
			t.Fatal("no matrix: not every pair was verified")
		}
		cand, err := churn.Analyze(append(slices.Clone(sub), extra...), churn.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if cand.Matrix != nil {
			t.Fatal("a matrix past MatrixLimit")
		}
		w, g := reportedPairs(all, ids(sub)), reportedPairs(cand, ids(sub))
		lost, added, moved := diffPairs(w, g, scoreTolerance(real))
		for _, p := range added {
			t.Errorf("reported through candidates only: %s", p)
		}
		for _, p := range moved {
			t.Errorf("score moved: %s", p)
		}
		for _, p := range lost {
			t.Logf("missed through candidates: %s", p)
		}
		missed += len(lost)
		want += len(w)
		got += len(g)
	}
	t.Logf("%d pairs reported with every pair verified, %d through candidates, %d missed (COUNTER: %v)", want, got, missed, real)
	if want == 0 {
		t.Fatal("no pair reported")
	}
	if float64(want-missed) < 0.99*float64(want) {
		t.Errorf("candidates found %d of %d reported pairs, want at least 99%%", want-missed, want)
	}
}

// TestConsistencyExhaustive checks the candidate stage on a whole
// corpus against the reporting rule applied to every pair: at least 99%
// of the pairs the rule reports must be proposed.
func TestConsistencyExhaustive(t *testing.T) {
	docs, real := consistencySet(t, 120)
	res, err := churn.Analyze(docs, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := churn.Analyze(docs, churn.Options{MatrixLimit: len(docs)})
	if err != nil {
		t.Fatal(err)
	}
	w, g := reportedPairs(all, ids(docs)), reportedPairs(res, ids(docs))
	lost, added, moved := diffPairs(w, g, scoreTolerance(real))
	missed := len(lost)
	t.Logf("%d documents: %d pairs reported with every pair verified, %d through %d candidates, %d missed", len(docs), len(w), len(g), res.Candidates, missed)
	if float64(len(w)-missed) < 0.99*float64(len(w)) {
		t.Errorf("candidates found %d of %d, want at least 99%%", len(w)-missed, len(w))
	}
	for _, p := range added {
		t.Errorf("reported through candidates but not with every pair verified: %s", p)
	}
	for _, p := range moved {
		t.Errorf("score moved: %s", p)
	}
	_ = reuse.Independent
}
