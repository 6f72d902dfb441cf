package churn

import (
	"math"
	"slices"

	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/winnow"
)

// gramSigmas is how many standard deviations below its expectation the
// number of sampled grams a pair shares may fall and the pair still be
// proposed (see keepGrams).
const gramSigmas = 1

// minGramShared is the fewest sampled rare grams a pair must share to be
// proposed: two unrelated documents often share one or two (a rare name,
// a number, a place).
const minGramShared = 3

// passageGrams is the number of sampled grams found in at most RareDocs
// documents that a pair sharing a distinctive passage of the reported
// length is expected to share: a 50-character passage has about eight
// words, so eight grams that start words, fewer with edits.
const passageGrams = 6

// passageFingerprints times MinFingerprints shared fingerprints propose a
// pair however common they are (see winnow.Index.WeighedPairs): four by
// default, a shared passage rather than two stock phrases.
const passageFingerprints = 2

// keepGrams decides whether a pair sharing shared sampled rare grams,
// of heldA and heldB that each document holds, is worth verifying. The
// pair's reuse score is that of its derived document (see derived): the
// later published, or, without dates, the document with the lower score,
// which is the one with more grams. shared/held of that document
// estimates the score, so a pair at the partial-derivation score would
// share about μ = Partial·held of them (a binomial count). Pairs sharing
// fewer than ⌈μ − gramSigmas·√μ⌉, or fewer than minGramShared, are left
// out; with gramSigmas = 1, a pair whose score is exactly the threshold
// passes with a probability of about 84 %, and one above it with more.
//
// A pair may also be reported for one distinctive passage (see
// distinctive), whose grams are rare: pairs sharing passageGrams sampled
// grams found in at most RareDocs documents are kept too.
//
// It returns the pair's estimated reuse score, or -1 to leave the pair
// out. (PairsFunc could keep only each document's partners of highest
// score; findPairs asks for no such limit.)
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
// or every pair when the corpus is small enough for a matrix, marks
// boilerplate found by frequency (markCommon) and verifies them; the pairs
// come sorted by (A, B). It fills res.LSH and the candidate counts.
//
// The three indexes are built and released one after the other: the
// fingerprint index and the gram index are counted and dropped before the
// band join runs, so that at most one of them is in memory at a time.
// With a focus document (compare), only pairs with it are proposed, and
// the LSH candidates come from ekzhu's index queried with it, as the
// design card has it for one article against a corpus.
func (an *analysis) findPairs(res *Result) ([]Pair, error) {
	fpPairs := an.fp.WeighedPairs(an.opts.BoilerplateDocs, an.opts.RareDocs,
		float64(an.opts.MinFingerprints), passageFingerprints*an.opts.MinFingerprints)
	an.fp.Release() // only Common and DocHasCommon are needed from here on
	gramPairs, _ := an.grams.PairsFunc(an.opts.BoilerplateDocs, an.opts.RareDocs, 0, an.keepGrams)
	an.grams.Release()
	an.setErr(an.fp.Err())
	an.setErr(an.grams.Err())
	if err := an.err(); err != nil {
		return nil, err
	}
	if an.focus >= 0 {
		fpPairs, gramPairs = withDoc(fpPairs, an.focus), withDoc(gramPairs, an.focus)
	}
	res.GramCandidates, res.FingerprintCandidates = len(gramPairs), len(fpPairs)
	cands := mergeProposals(fpPairs, gramPairs)
	fpPairs, gramPairs = nil, nil

	lshPairs, err := an.lshPairs(res)
	if err != nil {
		return nil, err
	}
	res.LSHCandidates = len(lshPairs)
	lc := make([]cand, len(lshPairs))
	for i, p := range lshPairs {
		lc[i] = cand{a: int(p.A()), b: int(p.B()), lsh: true}
	}
	cands = append(cands, lc...)
	n := len(an.docs)
	if n <= an.opts.MatrixLimit {
		for a := range n {
			for b := a + 1; b < n; b++ {
				if an.focus < 0 || a == an.focus || b == an.focus {
					cands = append(cands, cand{a: a, b: b})
				}
			}
		}
	}
	cands = mergeCands(cands)
	res.Candidates = 0
	for _, c := range cands {
		if c.lsh || c.fps > 0 || c.grams > 0 {
			res.Candidates++
		}
	}
	// The signatures' estimates are all verification needs of them: taken
	// now, so that the signatures (512 bytes an article, the largest part
	// of what the analysis holds) are released before verification, where
	// the live heap peaks.
	for i := range cands {
		cands[i].est = lsh.Estimate(an.states[cands[i].a].sig, an.states[cands[i].b].sig)
	}
	for i := range an.states {
		an.states[i].sig = nil
	}
	an.markCommon()
	return an.verify(cands, 0, len(cands)), nil
}

// lshPairs returns the pairs whose signatures share a band: from the band
// join of every signature, or, with a focus document, from ekzhu's index
// of the others queried with it.
func (an *analysis) lshPairs(res *Result) ([]lsh.Pair, error) {
	sigs := make([][]uint32, len(an.states))
	for i := range an.states {
		if !lsh.Empty(an.states[i].sig) {
			sigs[i] = an.states[i].sig
		}
	}
	if an.focus < 0 {
		join, err := lsh.NewBandJoin(an.opts.NumHashes, an.opts.LSHThreshold)
		if err != nil {
			return nil, err
		}
		res.LSH.Bands, res.LSH.Rows = join.Bands, join.Rows
		return join.Pairs(nil, sigs)
	}
	if an.subset {
		// An archive's check: its own band join, the article's bands
		// against each given document's (the same candidates as ekzhu's
		// index, without the 4 ms its constructor's optimiser takes).
		bands, rows, err := lsh.Banding(an.opts.NumHashes, an.opts.LSHThreshold)
		if err != nil {
			return nil, err
		}
		res.LSH.Bands, res.LSH.Rows = bands, rows
		var out []lsh.Pair
		if sigs[an.focus] == nil {
			return nil, nil
		}
		for i, s := range sigs {
			if s != nil && i != an.focus && lsh.ShareBand(sigs[an.focus], s, bands, rows) {
				out = append(out, lsh.PairOf(uint32(an.focus), uint32(i)))
			}
		}
		slices.Sort(out)
		return out, nil
	}
	index, err := lsh.NewIndex(an.opts.NumHashes, an.opts.LSHThreshold, len(an.docs))
	if err != nil {
		return nil, err
	}
	res.LSH.Bands, res.LSH.Rows = index.Params()
	if sigs[an.focus] == nil {
		return nil, nil
	}
	for i, s := range sigs {
		if s != nil && i != an.focus {
			if err := index.Add(i, s); err != nil {
				return nil, err
			}
		}
	}
	index.Build()
	var out []lsh.Pair
	for _, j := range index.Query(nil, sigs[an.focus]) {
		out = append(out, lsh.PairOf(uint32(an.focus), uint32(j)))
	}
	slices.Sort(out)
	return out, nil
}

// withDoc keeps the pairs with document d, in place.
func withDoc(ps []winnow.Pair, d int) []winnow.Pair {
	out := ps[:0]
	for _, p := range ps {
		if p.A == d || p.B == d {
			out = append(out, p)
		}
	}
	return out
}

// cand is a candidate pair a < b and the evidence for it.
type cand struct {
	a, b  int
	lsh   bool
	fps   int
	grams int
	rare  int     // of grams, found in at most RareDocs documents
	est   float64 // the signatures' Jaccard estimate (lsh.Estimate)
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
