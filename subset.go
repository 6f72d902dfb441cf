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
	// CommonGramKey reports whether a letter 5-gram of the corpus held
	// by more than BoilerplateDocs documents has sampled-gram key key
	// (GramKey): such keys are left out of Keys.Grams. nil means the
	// grams of Grams tell. The functions are called from several
	// goroutines at once.
	CommonGramKey func(key uint32) bool
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
// GramFrequencies returns them; nil keeps every word gram). A Keyer does
// the same for many documents without allocating for each.
func DocumentKeys(text []byte, freq *reuse.Frequencies, opts Options) (Keys, error) {
	k, err := NewKeyer(opts)
	if err != nil {
		return Keys{}, err
	}
	return k.Keys(text, commonKeys(freq, k.an.opts.BoilerplateDocs)), nil
}

// DocumentGrams appends to dst the distinct hashes of the letter 5-grams
// of a document's text that GramFrequencies counts, in increasing order,
// and returns the extended slice: a program that keeps the counts of a
// sample of documents as they come and go (reuse.NewFrequencies) adds or
// removes these.
func DocumentGrams(dst []uint64, text []byte, opts Options) ([]uint64, error) {
	k, err := NewKeyer(opts)
	if err != nil {
		return dst, err
	}
	return k.Grams(dst, text), nil
}

// A Keyer computes the keys (DocumentKeys) and grams (DocumentGrams) of
// documents under fixed options, reusing its buffers. A Keyer is for one
// goroutine at a time.
type Keyer struct {
	an *analysis
	w  *worker
}

// NewKeyer returns a Keyer for opts, or Validate's error.
func NewKeyer(opts Options) (*Keyer, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	an := &analysis{ctx: context.Background(), opts: opts, focus: -1}
	return &Keyer{an: an, w: an.newWorker()}, nil
}

// Keys returns the keys of a document's text, leaving out the word grams
// whose keys commonKey reports common (see External.CommonGramKey; nil
// keeps every word gram). The result's slices are the caller's.
func (k *Keyer) Keys(text []byte, commonKey func(key uint32) bool) Keys {
	an, w := k.an, k.w
	an.commonKey = commonKey
	defer func() { an.commonKey = nil }()
	w.nz.Normalize(&w.text, text)
	mask, _ := an.listMask(w, text, w.mask[:0])
	w.mask = mask
	w.hashes = shingle.AppendHashes(w.hashes[:0], &w.text, an.opts.K, an.opts.Seed)
	maskHashes(w.hashes, mask, an.opts.K)
	an.indexKeys(w, mask)
	var out Keys
	if sig := w.signer.Sign(make([]uint32, an.opts.NumHashes), w.hashes); !lsh.Empty(sig) {
		out.Signature = sig
	}
	out.Fingerprints = make([]uint32, 0, len(w.fps))
	for _, f := range w.fps {
		out.Fingerprints = append(out.Fingerprints, uint32(f.Hash>>32))
	}
	out.Grams = make([]uint32, 0, len(w.sampled))
	for _, g := range w.sampled {
		out.Grams = append(out.Grams, uint32(g.Hash>>32))
	}
	slices.Sort(out.Fingerprints)
	slices.Sort(out.Grams)
	out.Fingerprints, out.Grams = slices.Compact(out.Fingerprints), slices.Compact(out.Grams)
	return out
}

// Grams appends to dst the distinct hashes of the letter 5-grams of a
// document's text that GramFrequencies counts, in increasing order, and
// returns the extended slice.
func (k *Keyer) Grams(dst []uint64, text []byte) []uint64 {
	an, w := k.an, k.w
	w.nz.Normalize(&w.text, text)
	w.mask, _ = an.listMask(w, text, w.mask[:0])
	w.grams = reuse.AppendGrams(w.grams[:0], &w.text, w.mask)
	start := len(dst)
	for _, g := range w.grams {
		dst = append(dst, g.Hash)
	}
	slices.Sort(dst[start:])
	return dst[:start+len(slices.Compact(dst[start:]))]
}
