// Command churn finds near-duplicate and syndicated news text.
//
// Usage:
//
//	churn [flags] [PATH...]
//
// With no PATH it analyses its embedded sample corpus. Run churn --help
// for the flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/report"
)

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// exitCode reports err on stderr and returns the exit status: 0 for
// success, 2 for usage errors, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "churn: %v\nRun 'churn --help' for usage.\n", err)
		return 2
	default:
		fmt.Fprintf(stderr, "churn: %v\n", err)
		return 1
	}
}

const usageText = `churn finds near-duplicate and syndicated news text: which articles reuse
which, and how much.

Usage:
  churn [flags] [PATH...]

PATH is a text file, a folder (searched recursively for .txt files) or -
for standard input. With no PATH, churn analyses its embedded sample corpus:
five articles (two Italian, three Romanian) on one story.

churn prints a similarity matrix (exact Jaccard similarity of the texts'
character shingles, in percent), then the pairs that share text: those at
or above --threshold, and those whose shared passages cover at least
--containment of either article, with containment both ways ("A in B" is
the share of A's shingles that also occur in B). Under each pair it quotes
the shared passages with their byte offsets in both files. Link lists,
menus and text found in many documents are boilerplate and never count.
For more than --matrix-limit documents it prints the top pairs only.

Examples:
  churn                              # the embedded seeds
  churn articles/                    # every .txt file under articles/
  churn --format json a.txt b.txt    # machine-readable output
  churn -k 9 --threshold 20% dir/    # longer shingles, stricter pairs
  cat new.txt | churn - archive/     # compare standard input with a folder

Flags:
`

// config is the parsed command line.
type config struct {
	opts   churn.Options
	format string
	top    int
	paths  []string
}

// percentFlag parses "0.2", "20%" or "20" (a number above 1 is read as a
// percentage) into a fraction.
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
	if !(f > 0 && f <= 1) {
		return fmt.Errorf("%q is outside (0, 100%%]", s)
	}
	*p.v = f
	return nil
}

func parse(args []string, stderr io.Writer) (*config, error) {
	c := &config{opts: churn.Options{
		K:               churn.DefaultK,
		NumHashes:       churn.DefaultNumHashes,
		Threshold:       churn.DefaultThreshold,
		Containment:     churn.DefaultContainment,
		LSHThreshold:    churn.DefaultLSHThreshold,
		Window:          churn.DefaultWindow,
		MinFingerprints: churn.DefaultMinFingerprints,
		BoilerplateDocs: churn.DefaultBoilerplateDocs,
		MinPassage:      passage.DefaultMinLen,
		MaxGap:          passage.DefaultMaxGap,
		MatrixLimit:     churn.DefaultMatrixLimit,
	}}
	fs := flag.NewFlagSet("churn", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.opts.K, "k", c.opts.K, "shingle length in `characters`; longer shingles ignore shared\nphrases and catch only copied text")
	fs.IntVar(&c.opts.NumHashes, "hashes", c.opts.NumHashes, "MinHash signature length (`n`); more hashes, finer estimates")
	fs.Uint64Var(&c.opts.Seed, "seed", c.opts.Seed, "hash `seed`; output is identical for the same input and seed")
	fs.Var(percentFlag{&c.opts.Threshold}, "threshold", "report pairs whose Jaccard similarity reaches this `fraction`\n(0.1, 10 or 10%)")
	fs.Var(percentFlag{&c.opts.Containment}, "containment", "also report pairs whose shared passages cover this `fraction` of\neither document (0.05, 5 or 5%)")
	fs.IntVar(&c.opts.MinPassage, "min-passage", c.opts.MinPassage, "shortest shared passage reported, in `characters`")
	fs.IntVar(&c.opts.MaxGap, "max-gap", c.opts.MaxGap, "longest edit bridged inside one passage, in `characters`")
	fs.IntVar(&c.opts.BoilerplateDocs, "boilerplate-docs", c.opts.BoilerplateDocs, "text found in more than `n` documents is boilerplate (footers,\nmenus) and never a passage; 0 turns this off")
	fs.BoolVar(&c.opts.KeepLists, "keep-lists", false, "keep link and headline lists (by default they are boilerplate)")
	fs.Var(percentFlag{&c.opts.LSHThreshold}, "lsh-threshold", "Jaccard `fraction` the LSH index is tuned for; lower finds more\nnear-duplicates, slower")
	fs.IntVar(&c.opts.Window, "window", c.opts.Window, "winnowing window in `shingles`: every verbatim passage of\nwindow+k-1 characters leaves a shared fingerprint")
	fs.IntVar(&c.opts.MinFingerprints, "min-fingerprints", c.opts.MinFingerprints, "`n` shared fingerprints make two documents a candidate pair")
	fs.BoolVar(&c.opts.KeepAccents, "keep-accents", false, "compare letters with their diacritics (by default ș, ş and s match)")
	fs.IntVar(&c.opts.MatrixLimit, "matrix-limit", c.opts.MatrixLimit, "print the matrix for at most `n` documents, else the top pairs")
	fs.IntVar(&c.top, "top", 50, "pairs to list when there are too many documents for a matrix (`n`)")
	fs.StringVar(&c.format, "format", "table", "output `format`: table or json")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usageText)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"k", c.opts.K}, {"hashes", c.opts.NumHashes}, {"top", c.top}, {"min-passage", c.opts.MinPassage},
		{"max-gap", c.opts.MaxGap}, {"window", c.opts.Window}, {"min-fingerprints", c.opts.MinFingerprints}} {
		if f.v < 1 {
			return nil, usageError{fmt.Errorf("-%s %d: want at least 1", f.name, f.v)}
		}
	}
	if c.format != "table" && c.format != "json" {
		return nil, usageError{fmt.Errorf("-format %q: want table or json", c.format)}
	}
	if c.opts.MatrixLimit == 0 {
		c.opts.MatrixLimit = -1 // 0 means "no matrix" on the command line
	}
	if c.opts.BoilerplateDocs == 0 {
		c.opts.BoilerplateDocs = -1 // likewise, 0 means "off"
	}
	c.paths = fs.Args()
	return c, nil
}

// run is churn's command line: it parses args, reads the inputs, analyses
// them and writes the report to stdout; problems with inputs go to stderr.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	var (
		docs    []churn.Document
		skipped []churn.Skipped
	)
	if len(c.paths) == 0 {
		docs, err = corpus.Seeds()
	} else {
		docs, skipped, err = corpus.Read(c.paths, stdin)
		var ue corpus.UsageError
		if errors.As(err, &ue) {
			return usageError{err}
		}
	}
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "churn: skipped %s: %s\n", s.Name, s.Reason)
	}
	if len(docs) == 0 {
		return fmt.Errorf("no documents to compare (%d inputs skipped)", len(skipped))
	}
	res, err := churn.Analyze(docs, c.opts)
	if err != nil {
		return err
	}
	res.Skipped = skipped
	switch c.format {
	case "json":
		return report.JSON(stdout, res)
	default:
		return report.Table(stdout, res, report.TableOptions{TopPairs: c.top})
	}
}
