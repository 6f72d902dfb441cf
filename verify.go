package churn

import (
	"math"
	"slices"

	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/reuse"
	"github.com/churnalism/churn/shingle"
)

// view is a document prepared for verification: its normalised text, its
// positional shingle hashes with boilerplate zeroed and their set, and
// its letter 5-grams and their weighed set.
type view struct {
	doc    int
	orig   []byte // the original text
	raw    []byte // its buffer, when read from the text store
	text   shingle.Text
	hashes []uint64
	set    []uint64
	grams  []reuse.Gram
	gset   reuse.Set
}

func (w *worker) load(v *view, an *analysis, i int) {
	if v.doc == i {
		return
	}
	v.doc = i
	v.orig = an.text(&v.raw, i)
	w.nz.Normalize(&v.text, v.orig)
	v.hashes = shingle.AppendHashes(v.hashes[:0], &v.text, an.opts.K, an.opts.Seed)
	maskHashes(v.hashes, an.states[i].mask, an.opts.K)
	v.set = shingle.AppendSet(v.set[:0], v.hashes)
	v.grams = reuse.AppendGrams(v.grams[:0], &v.text, an.states[i].mask)
	v.gset.Reset(v.grams)
	if st := &an.states[i]; st.grams.Load() == 0 {
		// Several workers may compute it at once; they store the same.
		st.grams.Store(math.Float64bits(v.gset.Total(an.freq)) + 1)
	}
}

// gramTotal returns the weight of document i's letter 5-grams, once a
// view of it was loaded.
func (an *analysis) gramTotal(i int) float64 {
	return math.Float64frombits(an.states[i].grams.Load() - 1)
}

// verify computes exact figures and passages for every candidate, in
// parallel; the result is in candidate order. Progress is reported as
// base+done of total. Unless the corpus is small enough for a matrix,
// whose cells are every candidate's Jaccard similarity, pairs that are not
// reported are left zero (Class Independent) as soon as they are
// verified: at a million articles, keeping their passages held 440 MB.
func (an *analysis) verify(cands []cand, base, total int) []Pair {
	keepAll := len(an.docs) <= an.opts.MatrixLimit
	out := make([]Pair, len(cands))
	ws := an.workers()
	var progress func(Stage, int, int)
	if p := an.opts.Progress; p != nil {
		progress = func(stage Stage, done, _ int) { p(stage, base+done, total) }
	}
	parallel(an.ctx, len(cands), 64, progress, StageVerify, func(wi, ci int) {
		w := ws[wi]
		c := cands[ci]
		w.load(&w.a, an, c.a)
		w.load(&w.b, an, c.b)
		if p := an.verifyPair(w, &w.a, &w.b, c); keepAll || p.Class != reuse.Independent {
			out[ci] = p
		}
	})
	return out
}

// verifyPair computes the exact figures, passages and class of candidate
// c, whose documents are loaded in views a and b.
func (an *analysis) verifyPair(w *worker, a, b *view, c cand) Pair {
	p := exact(a.set, b.set)
	p.A, p.B, p.LSHCandidate, p.SharedFingerprints, p.SharedGrams = c.a, c.b, c.lsh, c.fps, c.grams
	p.Estimate = c.est
	p.ReuseA, p.ReuseB = reuse.Containment(reuse.Shared(&a.gset, &b.gset, an.freq), an.gramTotal(c.a), an.gramTotal(c.b))
	p.Derived, p.Reuse = derived(an.docs[c.a].Meta, an.docs[c.b].Meta, p.ReuseA, p.ReuseB)
	da, db := a.orig, b.orig
	for _, q := range w.al.Align(nil, passage.Side{Text: &a.text, Hashes: a.hashes, Set: a.set},
		passage.Side{Text: &b.text, Hashes: b.hashes, Set: b.set}) {
		p.Passages = append(p.Passages, Passage{
			A: Span(q.A), B: Span(q.B),
			CharsA: q.NormA.Len(), CharsB: q.NormB.Len(),
			Matched: q.Matched, Identical: q.Identical,
			Rarity: min(reuse.RareShare(a.grams, an.freq, q.NormA.Start, q.NormA.End),
				reuse.RareShare(b.grams, an.freq, q.NormB.Start, q.NormB.End)),
			TextA: string(da[q.A.Start:q.A.End]), TextB: string(db[q.B.Start:q.B.End]),
		})
	}
	p.CoverageA = coverage(p.Passages, len(da), func(q *Passage) Span { return q.A })
	p.CoverageB = coverage(p.Passages, len(db), func(q *Passage) Span { return q.B })
	classify(&p, an.opts, len(da), len(db))
	return p
}

// derived says which document of a pair is derived from the other, the
// later published when both dates are known and differ, and returns its
// reuse score; without that evidence, SideUnknown and the smaller score:
// what both sides support. (The larger would make any short text look
// derived from a long one on the same story: on the COUNTER pairs with
// their dates hidden, the smaller score separates derived from
// independent stories with an AUC of 0.87, the larger with 0.73; EVAL.md,
// "Derivation (COUNTER)".)
func derived(a, b Meta, reuseA, reuseB float64) (Side, float64) {
	if !a.Published.IsZero() && !b.Published.IsZero() {
		switch {
		case a.Published.After(b.Published):
			return SideA, reuseA
		case b.Published.After(a.Published):
			return SideB, reuseB
		}
	}
	return SideUnknown, min(reuseA, reuseB)
}

// coverage returns the share of n bytes covered by the union of the
// passages' spans on one side.
func coverage(ps []Passage, n int, side func(*Passage) Span) float64 {
	if n == 0 || len(ps) == 0 {
		return 0
	}
	spans := make([]Span, len(ps))
	for i := range ps {
		spans[i] = side(&ps[i])
	}
	slices.SortFunc(spans, func(x, y Span) int { return x.Start - y.Start })
	covered, end := 0, 0
	for _, s := range spans {
		s.Start = max(s.Start, end)
		if s.End > s.Start {
			covered += s.End - s.Start
			end = s.End
		}
	}
	return float64(covered) / float64(n)
}

// exact returns the exact similarity figures of two shingle sets.
func exact(sa, sb []uint64) Pair {
	inter := shingle.Intersection(sa, sb)
	p := Pair{Shared: inter}
	if union := len(sa) + len(sb) - inter; union > 0 {
		p.Jaccard = float64(inter) / float64(union)
	}
	if len(sa) > 0 {
		p.ContainmentA = float64(inter) / float64(len(sa))
	}
	if len(sb) > 0 {
		p.ContainmentB = float64(inter) / float64(len(sb))
	}
	return p
}

// Compare returns the exact similarity of two texts under opts: Jaccard
// similarity and both containments of their shingle sets, and both reuse
// scores (every 5-gram weighing 1: two texts are no corpus), as Analyze
// verifies them, with link lists left out but not boilerplate found by
// frequency, and without passages. The returned Pair has A = 0 and B = 1.
func Compare(a, b []byte, opts Options) (Pair, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Pair{}, err
	}
	an := &analysis{docs: []Document{{Text: a}, {Text: b}}, opts: opts, states: make([]docState, 2), focus: -1}
	w := an.newWorker()
	for i := range an.docs {
		w.nz.Normalize(&w.text, an.docs[i].Text)
		an.states[i].mask, _ = an.listMask(w, an.docs[i].Text, nil)
	}
	w.load(&w.a, an, 0)
	w.load(&w.b, an, 1)
	p := exact(w.a.set, w.b.set)
	p.B = 1
	p.ReuseA, p.ReuseB = reuse.Containment(reuse.Shared(&w.a.gset, &w.b.gset, nil), float64(w.a.gset.Len()), float64(w.b.gset.Len()))
	p.Derived, p.Reuse = derived(Meta{}, Meta{}, p.ReuseA, p.ReuseB)
	return p, nil
}

// sortPairs orders pairs by decreasing reuse score, then by decreasing
// Jaccard similarity, then by decreasing larger coverage, then by
// document indexes.
func sortPairs(ps []Pair) {
	cover := func(p Pair) float64 { return max(p.CoverageA, p.CoverageB) }
	desc := func(x, y float64) int {
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	}
	slices.SortFunc(ps, func(x, y Pair) int {
		if c := desc(x.Reuse, y.Reuse); c != 0 {
			return c
		}
		if c := desc(x.Jaccard, y.Jaccard); c != 0 {
			return c
		}
		if c := desc(cover(x), cover(y)); c != 0 {
			return c
		}
		if x.A != y.A {
			return x.A - y.A
		}
		return x.B - y.B
	})
}
