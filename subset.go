package churn

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/reuse"
	"github.com/churnalism/churn/shingle"
)

// Sharing is what an article and a document share, as an index of
// their keys counts it (see CompareSubset and MayPropose). Keys held by
// more than Options.BoilerplateDocs documents of the corpus are not
// counted.
type Sharing struct {
	Band bool // their signatures share an LSH band
	// Fingerprints is the number of fingerprint keys they share, and
	// FingerprintWeight the sum of their weights, min(1, RareDocs/df)
	// for a key held by df documents.
	Fingerprints      int
	FingerprintWeight float64
	// Grams is the number of sampled gram keys they share, RareGrams
	// those held by at most RareDocs documents.
	Grams, RareGrams int
	// HeldA and HeldB are the numbers of sampled gram keys each holds.
	HeldA, HeldB int
}

// MayPropose reports whether the candidate stage of an analysis under
// opts (with defaults filled in) could propose a pair sharing s,
// whatever the documents' dates: a document for which it is false need
// not be given to CompareSubset.
func MayPropose(s Sharing, opts Options) bool {
	if s.Band {
		return true
	}
	// WeighedPairs sums weights in fixed point, rounding each down: the
	// float sum is at least that.
	if s.FingerprintWeight >= float64(opts.MinFingerprints)-1e-9 || s.Fingerprints >= passageFingerprints*opts.MinFingerprints {
		return true
	}
	if s.RareGrams >= passageGrams {
		return true
	}
	// keepGrams needs ⌈μ − √μ⌉ shared grams, μ = Partial × the held
	// count of the derived document, which is at least the smaller.
	mu := opts.Derivation.Partial * float64(min(s.HeldA, s.HeldB))
	need := math.Ceil(mu - gramSigmas*math.Sqrt(mu))
	if mu < 0.25 {
		need = 0 // μ − √μ is smallest at μ = 1/4
	}
	return float64(s.Grams) >= max(minGramShared, need)
}

// External is what a comparison needs to know of the documents of a
// corpus it is not given, so that comparing an article with a few of
// them gives the pairs comparing it with the whole corpus gives: the
// corpus-wide statistics that weigh wording and find boilerplate. An
// archive keeps them as documents come and go.
type External struct {
	// Grams are the letter 5-gram frequencies of the whole corpus, the
	// article included, as GramFrequencies computes them.
	Grams *reuse.Frequencies
	// Fingerprints returns the number of documents of the corpus that
	// the comparison is not given that hold a fingerprint key (see
	// Keys.Fingerprints); nil means none.
	Fingerprints func(key uint32) int
	// SampledGrams is the same for sampled gram keys (Keys.Grams).
	SampledGrams func(key uint32) int
}

// CompareSubset is CompareStored for an article, docs[0], and a subset
// of a corpus, docs[1:], with ext describing the rest of the corpus. It
// reports the pairs, passages and clusters that CompareStored reports
// for the article and the whole corpus, provided the subset holds every
// document that the candidate stage could propose with the article:
// every one for which MayPropose is true. More documents change
// nothing. Result.Docs lists the documents given, not
// the corpus.
func CompareSubset(ctx context.Context, docs []Document, texts *TextStore, ext External, opts Options) (*Result, error) {
	if ext.Grams == nil {
		return nil, fmt.Errorf("churn: CompareSubset needs the corpus's gram frequencies")
	}
	return compareStored(ctx, docs, texts, opts, &ext)
}

// GramFrequencies returns the letter 5-gram frequencies an analysis of
// docs uses (counted over all of them, or an evenly spaced sample of
// reuse.SampleDocs beyond that many), for External.Grams. It reads the
// documents' Text fields: every sampled document must have its text.
func GramFrequencies(ctx context.Context, docs []Document, opts Options) (*reuse.Frequencies, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	an := &analysis{ctx: ctx, docs: docs, opts: opts, focus: -1}
	an.countGrams()
	if err := an.err(); err != nil {
		return nil, err
	}
	return an.freq, nil
}

// Keys are the entries a document makes in the candidate indexes of an
// analysis: the high 32 bits of its winnowed fingerprints and of its
// sampled rare word grams, distinct and sorted.
type Keys struct {
	Fingerprints []uint32
	Grams        []uint32
	// Signature is the document's MinHash signature (Options.NumHashes
	// values), nil if it has no shingles: LSH proposes the documents
	// whose signatures share a band with it.
	Signature []uint32
}

// DocumentKeys returns the keys of a document's text under opts, its
// word grams sampled with the corpus's gram frequencies freq (as
// GramFrequencies returns them).
func DocumentKeys(text []byte, freq *reuse.Frequencies, opts Options) (Keys, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Keys{}, err
	}
	an := &analysis{ctx: context.Background(), opts: opts, freq: freq, focus: -1}
	w := an.newWorker()
	w.nz.Normalize(&w.text, text)
	mask, _ := an.listMask(w, text, nil)
	w.hashes = shingle.AppendHashes(w.hashes[:0], &w.text, opts.K, opts.Seed)
	maskHashes(w.hashes, mask, opts.K)
	an.indexKeys(w, mask)
	var k Keys
	if sig := w.signer.Sign(make([]uint32, opts.NumHashes), w.hashes); !lsh.Empty(sig) {
		k.Signature = sig
	}
	for _, f := range w.fps {
		k.Fingerprints = append(k.Fingerprints, uint32(f.Hash>>32))
	}
	for _, g := range w.sampled {
		k.Grams = append(k.Grams, uint32(g.Hash>>32))
	}
	slices.Sort(k.Fingerprints)
	slices.Sort(k.Grams)
	k.Fingerprints, k.Grams = slices.Compact(k.Fingerprints), slices.Compact(k.Grams)
	return k, nil
}
