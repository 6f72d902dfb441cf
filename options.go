package churn

import (
	"fmt"

	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/reuse"
	"github.com/churnalism/churn/shingle"
)

// Defaults for Options. Why these values: see the package comments of
// shingle, passage and reuse, and EVAL.md, which has the measurements and
// the commands that made them.
const (
	DefaultK               = shingle.DefaultK
	DefaultNumHashes       = lsh.DefaultNumHashes
	DefaultThreshold       = 0.1
	DefaultContainment     = 0.05
	DefaultReportPassage   = 50
	DefaultLSHThreshold    = 0.5
	DefaultWindow          = 16
	DefaultMinFingerprints = 2
	DefaultBoilerplateDocs = 50
	DefaultMatrixLimit     = 40
	DefaultRareDocs        = reuse.DefaultRareDocs
)

// DefaultDerivation are the reuse scores from which a derived document is
// partially or wholly derived, fitted on the COUNTER development pairs
// (EVAL.md, "Derivation").
var DefaultDerivation = reuse.Thresholds{Partial: 0.12, Whole: 0.45}

// Options control Analyze. The zero value of every field means its
// default.
type Options struct {
	// K is the shingle length in characters (runes). Default DefaultK.
	K int
	// NumHashes is the MinHash signature length. Default DefaultNumHashes.
	NumHashes int
	// Seed seeds shingle hashing and signatures. Results with different
	// seeds differ only in MinHash estimates and LSH candidates, never in
	// the exact figures.
	Seed uint64
	// Threshold is the Jaccard similarity at or above which a verified
	// pair is reported, in (0, 1]. Default DefaultThreshold.
	Threshold float64
	// Containment is the share of either document's text, in (0, 1],
	// that distinctive shared passages must cover for a verified pair to
	// be reported whatever its Jaccard similarity. Default
	// DefaultContainment.
	Containment float64
	// ReportPassage is the length, in normalised characters of
	// distinctive wording (see Passage.Rarity), of a shared passage that
	// gets a pair reported whatever its share of either document: a
	// 300-character wire paragraph inside a 20,000-character page covers
	// 1.5% of it. Default DefaultReportPassage.
	ReportPassage int
	// Derivation are the reuse scores (Pair.Reuse) from which the
	// derived document of a pair is partially or wholly derived; a pair
	// partially derived or more is reported. Zero fields mean
	// DefaultDerivation's.
	Derivation reuse.Thresholds
	// RareDocs is the number of documents a letter 5-gram may occur in
	// and still count fully towards the reuse score; one in df documents
	// counts RareDocs/df (see package reuse). Default DefaultRareDocs.
	RareDocs int
	// LSHThreshold is the Jaccard similarity the LSH banding is tuned
	// for, in (0, 1]. Pairs below it are found through shared passages
	// and wording instead. Default DefaultLSHThreshold.
	LSHThreshold float64
	// Window is the winnowing window in shingles: every verbatim passage
	// of Window+K-1 characters or more yields a shared fingerprint.
	// Default DefaultWindow.
	Window int
	// MinFingerprints is the number of fingerprints two documents must
	// share to be aligned. Default DefaultMinFingerprints.
	MinFingerprints int
	// BoilerplateDocs is the number of documents a fingerprint may occur
	// in before it counts as boilerplate, and a sampled 5-gram before it
	// is too common to propose a pair. Default DefaultBoilerplateDocs; a
	// negative value turns frequency-based boilerplate off.
	BoilerplateDocs int
	// KeepLists keeps link and headline lists (see package boilerplate)
	// instead of treating them as boilerplate.
	KeepLists bool
	// MinPassage is the shortest passage reported, in normalised
	// characters. Default passage.DefaultMinLen.
	MinPassage int
	// MaxGap is the longest edit, in normalised characters, bridged inside
	// a passage. Default passage.DefaultMaxGap.
	MaxGap int
	// KeepAccents keeps diacritics instead of stripping them
	// (see shingle.Options).
	KeepAccents bool
	// MatrixLimit is the largest number of documents for which Analyze
	// computes the full similarity matrix, verifying every pair. Default
	// DefaultMatrixLimit; a negative value disables the matrix.
	MatrixLimit int
	// Progress, if not nil, is told how work advances: stage is "sign"
	// (normalising, shingling and signing documents) or "verify"
	// (verifying candidate pairs and aligning passages), done of total
	// units; total may grow between calls, as verification starts before
	// every candidate is known. It is called from several goroutines at
	// once, about 200 times per stage, and must be safe for concurrent
	// use and quick.
	Progress func(stage string, done, total int)
}

// withDefaults fills zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.K, DefaultK)
	def(&o.NumHashes, DefaultNumHashes)
	deff(&o.Threshold, DefaultThreshold)
	deff(&o.Containment, DefaultContainment)
	deff(&o.LSHThreshold, DefaultLSHThreshold)
	deff(&o.Derivation.Partial, DefaultDerivation.Partial)
	deff(&o.Derivation.Whole, DefaultDerivation.Whole)
	def(&o.RareDocs, DefaultRareDocs)
	def(&o.Window, DefaultWindow)
	def(&o.MinFingerprints, DefaultMinFingerprints)
	def(&o.BoilerplateDocs, DefaultBoilerplateDocs)
	def(&o.MinPassage, passage.DefaultMinLen)
	def(&o.ReportPassage, DefaultReportPassage)
	def(&o.MaxGap, passage.DefaultMaxGap)
	def(&o.MatrixLimit, DefaultMatrixLimit)
	frac := func(name string, v float64) error {
		if !(v > 0 && v <= 1) {
			return fmt.Errorf("churn: %s %v, want a value in (0, 1]", name, v)
		}
		return nil
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"shingle length k", o.K}, {"number of hashes", o.NumHashes}, {"window", o.Window},
		{"minimum shared fingerprints", o.MinFingerprints}, {"minimum passage length", o.MinPassage}, {"maximum gap", o.MaxGap},
		{"reported passage length", o.ReportPassage}, {"rare documents", o.RareDocs}} {
		if c.v < 1 {
			return o, fmt.Errorf("churn: %s %d, want at least 1", c.name, c.v)
		}
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"threshold", o.Threshold}, {"containment", o.Containment}, {"LSH threshold", o.LSHThreshold},
		{"partial derivation threshold", o.Derivation.Partial}, {"whole derivation threshold", o.Derivation.Whole}} {
		if err := frac(c.name, c.v); err != nil {
			return o, err
		}
	}
	if o.Derivation.Whole < o.Derivation.Partial {
		return o, fmt.Errorf("churn: whole derivation threshold %v below the partial one %v", o.Derivation.Whole, o.Derivation.Partial)
	}
	return o, nil
}
