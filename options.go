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
// (EVAL.md, "Derivation (COUNTER)").
var DefaultDerivation = reuse.Thresholds{Partial: 0.12, Whole: 0.45}

// Options control Analyze and the other functions of the package. Start
// from DefaultOptions, which sets every field to its default, and change
// the fields you need: every value, zero included, then means what its
// field says.
//
//	opts := churn.DefaultOptions()
//	opts.Containment = 0 // report every verified pair
//
// Options not made by DefaultOptions, such as the zero value or a literal
// like Options{MatrixLimit: -1}, keep the meaning they had before
// DefaultOptions existed: each zero field (except Seed, KeepLists,
// KeepAccents and Progress, whose zero is their default) stands for its
// default, so a zero cannot be asked for in them.
//
// Validate reports values out of range; every function taking Options
// returns its error.
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
	// pair is reported whatever its other figures, in [0, 1] (0 reports
	// every verified pair). It is one of the ways a pair gets reported,
	// not the only one: see Pair.Class. Default DefaultThreshold.
	Threshold float64
	// Containment is the share of either document's text, in [0, 1],
	// that distinctive shared passages must cover for a verified pair to
	// be reported whatever its Jaccard similarity (0 reports every
	// verified pair). Default DefaultContainment.
	Containment float64
	// ReportPassage is the length, in normalised characters of
	// distinctive wording (see Passage.Rarity), of a shared passage that
	// gets a pair reported whatever its share of either document: a
	// 300-character wire paragraph inside a 20,000-character page covers
	// 1.5% of it. Default DefaultReportPassage.
	ReportPassage int
	// Derivation are the reuse scores (Pair.Reuse) from which the
	// derived document of a pair is partially or wholly derived, for a
	// pair whose dates say which document is derived or that shares a
	// passage (see Pair.Class); a pair partially derived or more is
	// reported. Both in (0, 1], Whole not below Partial. Default
	// DefaultDerivation.
	Derivation reuse.Thresholds
	// RareDocs is the number of documents a letter 5-gram may occur in
	// and still count fully towards the reuse score; one in df documents
	// counts RareDocs/df (see package reuse). Fingerprints are weighed the
	// same way (see MinFingerprints). Default DefaultRareDocs.
	RareDocs int
	// GramSample is the number of documents whose letter 5-grams are
	// counted to find how common each is: all of them in a corpus of up
	// to GramSample documents, and beyond that the GramSample documents
	// whose IDs hash lowest (see reuse.SampleKey), whose counts are
	// scaled to the corpus. Default reuse.SampleDocs.
	GramSample int
	// LSHThreshold is the Jaccard similarity the LSH banding is tuned
	// for, in (0, 1]. Pairs below it are found through shared passages
	// and wording instead. Default DefaultLSHThreshold.
	LSHThreshold float64
	// Window is the winnowing window, in fingerprint positions. A
	// fingerprint hashes three adjacent K-character shingles, 3K
	// characters (see winnow.Widen), so a window spans Window+3K-1
	// normalised characters, 42 with the defaults, and every passage of
	// that length or more shared verbatim outside boilerplate yields at
	// least one shared fingerprint; a pair needs MinFingerprints of them
	// to be proposed. Default DefaultWindow.
	Window int
	// MinFingerprints is the number of fingerprints two documents must
	// share for the fingerprint index to propose them for verification,
	// each weighed as grams are: one found in df documents, more than
	// RareDocs, counts RareDocs/df, unless they share twice as many
	// whatever their weight (see winnow.Index.WeighedPairs).
	// Default DefaultMinFingerprints.
	MinFingerprints int
	// BoilerplateDocs is the number of documents a fingerprint may occur
	// in before it counts as boilerplate, and a sampled 5-gram before it
	// is too common to propose a pair. Default DefaultBoilerplateDocs; 0
	// (in options from DefaultOptions) or a negative value turns
	// frequency-based boilerplate off.
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
	// DefaultMatrixLimit; 0 (in options from DefaultOptions) or a
	// negative value disables the matrix.
	MatrixLimit int
	// Progress, if not nil, is told how work advances: done of total
	// units of stage, StageSign (documents normalised, shingled and
	// signed) then StageVerify (candidate pairs verified and their
	// passages aligned). Callers should allow total to grow between calls
	// of a stage, although in this version it does not: verification
	// starts once every candidate is known. It is called from several
	// goroutines at once, about 200 times per stage, and must be safe for
	// concurrent use and quick.
	Progress func(stage Stage, done, total int)

	// explicit is set by DefaultOptions: zero fields are then values,
	// not defaults.
	explicit bool
}

// Stage names a stage of the work of Analyze and the other functions of
// the package, as Options.Progress reports it.
type Stage string

// The stages Options.Progress reports, in order.
const (
	// StageSign: normalising, shingling and signing documents; its units
	// are documents.
	StageSign Stage = "sign"
	// StageVerify: verifying candidate pairs and aligning their passages;
	// its units are candidate pairs.
	StageVerify Stage = "verify"
)

// String returns the stage's name: "sign" or "verify".
func (s Stage) String() string { return string(s) }

// DefaultOptions returns the default options, every field set to its
// default value. Changing a field of the result, to zero included, asks
// for that value.
func DefaultOptions() Options {
	return Options{
		K:               DefaultK,
		NumHashes:       DefaultNumHashes,
		Threshold:       DefaultThreshold,
		Containment:     DefaultContainment,
		ReportPassage:   DefaultReportPassage,
		Derivation:      DefaultDerivation,
		RareDocs:        DefaultRareDocs,
		GramSample:      reuse.SampleDocs,
		LSHThreshold:    DefaultLSHThreshold,
		Window:          DefaultWindow,
		MinFingerprints: DefaultMinFingerprints,
		BoilerplateDocs: DefaultBoilerplateDocs,
		MinPassage:      passage.DefaultMinLen,
		MaxGap:          passage.DefaultMaxGap,
		MatrixLimit:     DefaultMatrixLimit,
		explicit:        true,
	}
}

// resolved returns the options as used: o itself if it comes from
// DefaultOptions, else o with its zero fields replaced by their defaults
// (see Options). The result counts as made by DefaultOptions; in it, a
// zero MatrixLimit or BoilerplateDocs (off) is -1, as it is in
// Result.Options.
func (o Options) resolved() Options {
	if o.explicit {
		if o.MatrixLimit == 0 {
			o.MatrixLimit = -1
		}
		if o.BoilerplateDocs == 0 {
			o.BoilerplateDocs = -1
		}
		return o
	}
	d := DefaultOptions()
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
	def(&o.K, d.K)
	def(&o.NumHashes, d.NumHashes)
	deff(&o.Threshold, d.Threshold)
	deff(&o.Containment, d.Containment)
	def(&o.ReportPassage, d.ReportPassage)
	deff(&o.Derivation.Partial, d.Derivation.Partial)
	deff(&o.Derivation.Whole, d.Derivation.Whole)
	def(&o.RareDocs, d.RareDocs)
	def(&o.GramSample, d.GramSample)
	deff(&o.LSHThreshold, d.LSHThreshold)
	def(&o.Window, d.Window)
	def(&o.MinFingerprints, d.MinFingerprints)
	def(&o.BoilerplateDocs, d.BoilerplateDocs)
	def(&o.MinPassage, d.MinPassage)
	def(&o.MaxGap, d.MaxGap)
	def(&o.MatrixLimit, d.MatrixLimit)
	o.explicit = true
	return o
}

// OptionError is the error of Validate: a field of Options with a value
// out of range.
type OptionError struct {
	// Field is the name of the field of Options: "K", "Containment",
	// "Derivation.Whole".
	Field string
	// Flag is the name of the command-line flag that sets the field (see
	// RegisterFlags), or "" if there is none.
	Flag string
	// Value is the field's value, after defaults (see Options).
	Value any
	// Want says what values are valid: "at least 1".
	Want string
}

func (e *OptionError) Error() string {
	return fmt.Sprintf("churn: Options.%s %v: want %s", e.Field, e.Value, e.Want)
}

// Validate returns an *OptionError for the first field of o whose value,
// after defaults (see Options), is out of range, or nil if every value is
// valid. Analyze and the other functions taking Options return its error.
func (o Options) Validate() error {
	o = o.resolved()
	for _, c := range []struct {
		field, flag string
		v           int
	}{
		{"K", "k", o.K},
		{"NumHashes", "hashes", o.NumHashes},
		{"Window", "window", o.Window},
		{"MinFingerprints", "min-fingerprints", o.MinFingerprints},
		{"MinPassage", "min-passage", o.MinPassage},
		{"MaxGap", "max-gap", o.MaxGap},
		{"ReportPassage", "report-passage", o.ReportPassage},
		{"RareDocs", "", o.RareDocs},
		{"GramSample", "", o.GramSample},
	} {
		if c.v < 1 {
			return &OptionError{Field: c.field, Flag: c.flag, Value: c.v, Want: "at least 1"}
		}
	}
	for _, c := range []struct {
		field, flag string
		v           float64
		zero        bool // 0 is valid
	}{
		{"Threshold", "threshold", o.Threshold, true},
		{"Containment", "containment", o.Containment, true},
		{"LSHThreshold", "lsh-threshold", o.LSHThreshold, false},
		{"Derivation.Partial", "", o.Derivation.Partial, false},
		{"Derivation.Whole", "", o.Derivation.Whole, false},
	} {
		switch {
		case c.zero && !(c.v >= 0 && c.v <= 1):
			return &OptionError{Field: c.field, Flag: c.flag, Value: c.v, Want: "a fraction in [0, 1]"}
		case !c.zero && !(c.v > 0 && c.v <= 1):
			return &OptionError{Field: c.field, Flag: c.flag, Value: c.v, Want: "a fraction in (0, 1]"}
		}
	}
	if o.Derivation.Whole < o.Derivation.Partial {
		return &OptionError{Field: "Derivation.Whole", Value: o.Derivation.Whole,
			Want: fmt.Sprintf("at least Derivation.Partial (%v)", o.Derivation.Partial)}
	}
	return nil
}

// withDefaults returns the options as used (see resolved), or the error
// of Validate.
func (o Options) withDefaults() (Options, error) {
	if err := o.Validate(); err != nil {
		return o, err
	}
	return o.resolved(), nil
}

// Resolved returns the options as an analysis uses them: zero fields
// replaced by their defaults (see Options), or the error of Validate.
// Programs that keep what an analysis depends on (an archive's index)
// compare resolved options.
func (o Options) Resolved() (Options, error) { return o.withDefaults() }
