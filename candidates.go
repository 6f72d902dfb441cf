package churn

import (
	"math"
	"runtime"
	"slices"

	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/winnow"
)

// gramSigmas is how many standard deviations below its expectation the
// number of sampled grams a pair shares may fall and the pair still be
// proposed (see keepGrams).
const gramSigmas = 1.5

// gramsPerDoc is the most gram candidates a document proposes with the
// documents after it.
const gramsPerDoc = 8

// minGramShared is the fewest sampled rare grams a pair must share to be
// proposed: two unrelated documents often share one (a rare name, a
// number), seldom two.
const minGramShared = 2

// passageGrams is the number of sampled rare grams (in at most RareDocs
// documents) that a pair sharing a distinctive passage of the reported
// length is expected to share: a 50-character passage has about 40
// letters, 36 grams, 9 of them sampled, fewer with edits.
const passageGrams = 6

// keepGrams decides whether a pair sharing shared sampled rare grams,
// of heldA and heldB that each document holds, is worth verifying. The
// pair's reuse score is that of its derived document (see derived): the
// later published, or, without dates, the document with the lower score,
// which is the one with more grams. shared/held of that document
// estimates the score, so a pair at the partial-derivation score would
// share about μ = Partial·held of them (a binomial count). Pairs sharing
// fewer than μ − 2√μ (and at least minGramShared) are left out; a pair whose score
// is exactly the threshold passes with a probability of about 98 %, and
// one above it with more.
//
// A pair may also be reported for one distinctive passage (see
// distinctive), whose grams are rare: pairs sharing passageGrams sampled
// grams found in at most RareDocs documents are kept too.
//
// The priority it returns is the pair's estimated reuse score, or -1 to
// leave the pair out; a document keeps its gramsPerDoc partners of
// highest priority.
func (an *analysis) keepGrams(a, b int, c winnow.Counts) float64 {
	held := max(c.HeldA, c.HeldB)
	switch side, _ := derived(an.docs[a].Meta, an.docs[b].Meta, 1, 0); side {
	case SideA:
		held = c.HeldA
	case SideB:
		held = c.HeldB
	}
	mu := an.opts.Derivation.Partial * float64(held)
	need := math.Ceil(mu - gramSigmas*math.Sqrt(mu))
	if float64(c.Shared) >= max(minGramShared, need) || c.Rare >= passageGrams {
		return float64(c.Shared) / float64(max(1, held))
	}
	return -1
}

// findPairs finds the candidate pairs, LSH, winnow and gram candidates,
// or every pair when the corpus is small enough for a matrix, and
// verifies them; the pairs come sorted by (A, B). It fills res.LSH and the
// candidate counts, and marks boilerplate found by frequency (markCommon)
// first.
//
// The fingerprint index and the LSH index are the two largest structures
// (about 2.3 and 2.0 GB for a million articles), so the fingerprints are
// counted and released before the LSH index is built, and never held
// together. ekzhu's Build sorts its band tables on one goroutine (42 s for
// a million articles): the candidates the fingerprints and grams propose
// are verified meanwhile, and the LSH candidates left after it.
func (an *analysis) findPairs(res *Result) ([]Pair, error) {
	fpPairs := an.fp.Pairs(an.opts.BoilerplateDocs, an.opts.MinFingerprints)
	an.fp.Release() // only Common and DocHasCommon are needed from here on
	gramPairs, _ := an.grams.PairsFunc(an.opts.BoilerplateDocs, an.opts.RareDocs, 0, an.keepGrams)
	an.grams.Release()
	res.GramCandidates, res.FingerprintCandidates = len(gramPairs), len(fpPairs)
	early := mergeProposals(fpPairs, gramPairs)
	nfp := len(early)
	if n := len(an.docs); n <= an.opts.MatrixLimit {
		for a := range n {
			for b := a + 1; b < n; b++ {
				early = append(early, cand{a: a, b: b})
			}
		}
		early = mergeCands(early)
	}

	index, err := lsh.NewIndex(an.opts.NumHashes, an.opts.LSHThreshold, len(an.docs))
	if err != nil {
		return nil, err
	}
	res.LSH.Bands, res.LSH.Rows = index.Params()
	for i := range an.states {
		if !lsh.Empty(an.states[i].sig) {
			if err := index.Add(i, an.states[i].sig); err != nil {
				return nil, err
			}
		}
	}
	built := make(chan struct{})
	go func() {
		defer close(built)
		index.Build()
	}()
	an.markCommon()
	pairs := an.verify(early, 0, len(early))
	<-built

	// Queries are read-only once the index is built, so they run in
	// parallel; each document's candidates go to its own slot.
	found := make([][]int, len(an.states))
	bufs := make([][]int, runtime.GOMAXPROCS(0))
	parallel(an.ctx, len(an.states), 64, nil, "", func(w, i int) {
		if lsh.Empty(an.states[i].sig) {
			return
		}
		bufs[w] = index.Query(bufs[w][:0], an.states[i].sig)
		for _, j := range bufs[w] {
			if j > i {
				found[i] = append(found[i], j)
			}
		}
	})
	// The LSH candidates, in (a, b) order: those verified already are
	// marked, the others verified now.
	var late []cand
	k := 0
	for a, bs := range found {
		for _, b := range bs {
			res.LSHCandidates++
			for k < len(pairs) && (pairs[k].A < a || pairs[k].A == a && pairs[k].B < b) {
				k++
			}
			if k < len(pairs) && pairs[k].A == a && pairs[k].B == b {
				pairs[k].Candidate = true
				continue
			}
			late = append(late, cand{a: a, b: b, lsh: true})
		}
	}
	res.Candidates = nfp + len(late)
	if n := len(an.docs); n <= an.opts.MatrixLimit {
		// Every pair was verified; count the candidates among them.
		res.Candidates = 0
		for _, p := range pairs {
			if p.Candidate || p.SharedFingerprints > 0 || p.SharedGrams > 0 {
				res.Candidates++
			}
		}
	}
	if len(late) == 0 {
		return pairs, nil
	}
	lp := an.verify(late, len(early), len(early)+len(late))
	// Merge the two lists, both in (a, b) order.
	all := make([]Pair, 0, len(pairs)+len(lp))
	i, j := 0, 0
	for i < len(pairs) || j < len(lp) {
		if j == len(lp) || i < len(pairs) && (pairs[i].A < lp[j].A || pairs[i].A == lp[j].A && pairs[i].B < lp[j].B) {
			all = append(all, pairs[i])
			i++
		} else {
			all = append(all, lp[j])
			j++
		}
	}
	return all, nil
}

// cand is a candidate pair a < b and the evidence for it.
type cand struct {
	a, b  int
	lsh   bool
	fps   int
	grams int
	rare  int // of grams, found in at most RareDocs documents
}

// mergeProposals merges the fingerprint and gram pairs, both sorted by
// (A, B), into candidates in (a, b) order.
func mergeProposals(fps, grams []winnow.Pair) []cand {
	out := make([]cand, 0, max(len(fps), len(grams)))
	i, j := 0, 0
	for i < len(fps) || j < len(grams) {
		switch {
		case j == len(grams) || i < len(fps) && (fps[i].A < grams[j].A || fps[i].A == grams[j].A && fps[i].B < grams[j].B):
			out = append(out, cand{a: fps[i].A, b: fps[i].B, fps: fps[i].Shared})
			i++
		case i == len(fps) || fps[i].A != grams[j].A || fps[i].B != grams[j].B:
			out = append(out, cand{a: grams[j].A, b: grams[j].B, grams: grams[j].Shared, rare: grams[j].Rare})
			j++
		default:
			out = append(out, cand{a: fps[i].A, b: fps[i].B, fps: fps[i].Shared, grams: grams[j].Shared, rare: grams[j].Rare})
			i++
			j++
		}
	}
	return out
}

// mergeCands sorts candidates by (a, b) and merges duplicates.
func mergeCands(cs []cand) []cand {
	slices.SortFunc(cs, func(x, y cand) int {
		if x.a != y.a {
			return x.a - y.a
		}
		return x.b - y.b
	})
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 && out[n-1].a == c.a && out[n-1].b == c.b {
			out[n-1].lsh = out[n-1].lsh || c.lsh
			out[n-1].fps = max(out[n-1].fps, c.fps)
			out[n-1].grams = max(out[n-1].grams, c.grams)
			continue
		}
		out = append(out, c)
	}
	return out
}
