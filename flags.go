package churn

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// RegisterFlags defines on fs the command-line flags that set the fields
// of o, with o's values (after defaults: see Options) as the flags'
// defaults; cmd/churn and cmd/churn-eval share them. Start from
// DefaultOptions for churn's defaults:
//
//	opts := churn.DefaultOptions()
//	opts.RegisterFlags(fs)
//	err := fs.Parse(args)
//	if err == nil {
//		err = opts.Validate()
//	}
//
// Fractions (-threshold, -containment, -lsh-threshold) are read as
// "0.2", "20%" or "20": a number above 1 is a percentage. The flags check
// only syntax; Validate checks the values, and its *OptionError names the
// flag. Derivation, RareDocs, GramSample and Progress have no flag.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	*o = o.resolved()
	fs.Var(percentFlag{&o.Threshold}, "threshold", "report pairs whose Jaccard similarity reaches this `fraction`\n(0.1, 10 or 10%)")
	fs.Var(percentFlag{&o.Containment}, "containment", "also report pairs whose shared passages cover this `fraction` of\neither document (0.05, 5 or 5%)")
	fs.IntVar(&o.K, "k", o.K, "shingle length in `characters`; longer shingles ignore shared\nphrases and catch only copied text")
	fs.IntVar(&o.ReportPassage, "report-passage", o.ReportPassage, "also report pairs that share a passage this long, in `characters`")
	fs.IntVar(&o.MinPassage, "min-passage", o.MinPassage, "shortest shared passage shown, in `characters`")
	fs.IntVar(&o.MaxGap, "max-gap", o.MaxGap, "longest edit bridged inside one passage, in `characters`")
	fs.IntVar(&o.BoilerplateDocs, "boilerplate-docs", o.BoilerplateDocs, "text found in more than `n` documents is boilerplate (footers,\nmenus) and never a passage; 0 turns this off")
	fs.BoolVar(&o.KeepLists, "keep-lists", o.KeepLists, "keep link and headline lists (by default they are boilerplate)")
	fs.BoolVar(&o.KeepAccents, "keep-accents", o.KeepAccents, "compare letters with their diacritics (by default ș, ş and s match)")
	fs.IntVar(&o.NumHashes, "hashes", o.NumHashes, "MinHash signature length (`n`); more hashes, finer estimates")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "hash `seed`; output is identical for the same input and seed")
	fs.Var(percentFlag{&o.LSHThreshold}, "lsh-threshold", "Jaccard `fraction` the LSH index is tuned for; lower finds more\nnear-duplicates, slower")
	fs.IntVar(&o.Window, "window", o.Window, "winnowing window in `shingles`: every verbatim passage of\nwindow+k-1 characters leaves a shared fingerprint")
	fs.IntVar(&o.MinFingerprints, "min-fingerprints", o.MinFingerprints, "`n` shared fingerprints make two documents a candidate pair")
	fs.IntVar(&o.MatrixLimit, "matrix-limit", o.MatrixLimit, "print the matrix for at most `n` documents, else the top pairs")
}

// percentFlag parses "0.2", "20%" or "20" (a number above 1 is read as a
// percentage) into a fraction. Validate checks its range.
type percentFlag struct{ v *float64 }

func (p percentFlag) String() string {
	if p.v == nil {
		return ""
	}
	return strconv.FormatFloat(*p.v*100, 'g', -1, 64) + "%"
}

func (p percentFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	f, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if err != nil {
		return fmt.Errorf("%q is not a number or percentage", s)
	}
	if pct || f > 1 {
		f /= 100
	}
	*p.v = f
	return nil
}
