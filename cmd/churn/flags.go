package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/report"
)

// config is the parsed command line.
type config struct {
	opts     churn.Options
	reader   corpus.Reader
	format   string
	table    string
	top      int
	color    bool
	quiet    bool
	progress bool
	strict   bool
	exitCode bool
	csvRaw   bool
	output   string // -o FILE; "" or "-" is standard output
	paths    []string
	prof     profiles
}

var formats = []string{"table", "json", "jsonl", "csv", "tsv", "md", "html"}

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

// analysisFlags registers the flags that tune the analysis.
func analysisFlags(fs *flag.FlagSet, o *churn.Options) {
	*o = churn.Options{
		K:               churn.DefaultK,
		NumHashes:       churn.DefaultNumHashes,
		Threshold:       churn.DefaultThreshold,
		Containment:     churn.DefaultContainment,
		LSHThreshold:    churn.DefaultLSHThreshold,
		Window:          churn.DefaultWindow,
		MinFingerprints: churn.DefaultMinFingerprints,
		BoilerplateDocs: churn.DefaultBoilerplateDocs,
		MinPassage:      passage.DefaultMinLen,
		ReportPassage:   churn.DefaultReportPassage,
		MaxGap:          passage.DefaultMaxGap,
		MatrixLimit:     churn.DefaultMatrixLimit,
	}
	fs.Var(percentFlag{&o.Threshold}, "threshold", "report pairs whose Jaccard similarity reaches this `fraction`\n(0.1, 10 or 10%)")
	fs.Var(percentFlag{&o.Containment}, "containment", "also report pairs whose shared passages cover this `fraction` of\neither document (0.05, 5 or 5%)")
	fs.IntVar(&o.K, "k", o.K, "shingle length in `characters`; longer shingles ignore shared\nphrases and catch only copied text")
	fs.IntVar(&o.ReportPassage, "report-passage", o.ReportPassage, "also report pairs that share a passage this long, in `characters`")
	fs.IntVar(&o.MinPassage, "min-passage", o.MinPassage, "shortest shared passage shown, in `characters`")
	fs.IntVar(&o.MaxGap, "max-gap", o.MaxGap, "longest edit bridged inside one passage, in `characters`")
	fs.IntVar(&o.BoilerplateDocs, "boilerplate-docs", o.BoilerplateDocs, "text found in more than `n` documents is boilerplate (footers,\nmenus) and never a passage; 0 turns this off")
	fs.BoolVar(&o.KeepLists, "keep-lists", false, "keep link and headline lists (by default they are boilerplate)")
	fs.BoolVar(&o.KeepAccents, "keep-accents", false, "compare letters with their diacritics (by default ș, ş and s match)")
	fs.IntVar(&o.NumHashes, "hashes", o.NumHashes, "MinHash signature length (`n`); more hashes, finer estimates")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "hash `seed`; output is identical for the same input and seed")
	fs.Var(percentFlag{&o.LSHThreshold}, "lsh-threshold", "Jaccard `fraction` the LSH index is tuned for; lower finds more\nnear-duplicates, slower")
	fs.IntVar(&o.Window, "window", o.Window, "winnowing window in `shingles`: every verbatim passage of\nwindow+k-1 characters leaves a shared fingerprint")
	fs.IntVar(&o.MinFingerprints, "min-fingerprints", o.MinFingerprints, "`n` shared fingerprints make two documents a candidate pair")
	fs.IntVar(&o.MatrixLimit, "matrix-limit", o.MatrixLimit, "print the matrix for at most `n` documents, else the top pairs")
}

// newFlagSet returns the flag set of cmd, whose values go to c. It
// prints nothing: parse reports errors, and help goes to standard
// output.
func newFlagSet(cmd command, c *config) (fs *flag.FlagSet, colorMode *string) {
	fs = flag.NewFlagSet("churn "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	analysisFlags(fs, &c.opts)
	inputFlags(fs, &c.reader)
	fs.StringVar(&c.format, "format", "", "output `format`: "+strings.Join(formats, ", ")+"\n(default: table on a terminal, jsonl when piped or with -o)")
	fs.StringVar(&c.table, "table", "", "with --format csv or tsv, the `table` to write: "+strings.Join(tables(), ", ")+
		"\n(default: "+cmd.table+")")
	fs.BoolVar(&c.csvRaw, "csv-raw", false, "with --format csv or tsv, write text cells as they are: by default a cell\n"+
		"starting with = + - @, a tab or a carriage return gets a ' in front, so\n"+
		"that spreadsheets do not run it as a formula")
	fs.StringVar(&c.output, "o", "", "write the report to `file`, replaced only once the report is complete\n(default: standard output)")
	fs.IntVar(&c.top, "top", report.DefaultTopPairs, "pairs to list when there are too many documents for a matrix (`n`)")
	colorMode = fs.String("color", "auto", "colour the table: `when` (auto, always, never); auto honours NO_COLOR")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress bar")
	fs.BoolVar(&c.strict, "strict", false, "exit 2 if any input was skipped as a problem (not left out by rule)")
	c.prof.register(fs)
	fs.BoolVar(&c.exitCode, "exit-code", false, "exit 1 if any pair is reported, 0 if none (errors are 2)")
	return fs, colorMode
}

// tables are the values of --table.
func tables() []string { return append(slices.Clone(report.Tables), "matrix") }

// printUsage writes the help of cmd, with the flags of fs, to w.
func printUsage(w io.Writer, cmd command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "churn %s: %s\n\nUsage:\n  churn %s %s\n\nExamples:\n%s\n\nFlags:\n", cmd.name, cmd.summary, cmd.name, cmd.usage, cmd.examples)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprintf(w, "\n%s", exitStatusHelp)
}

// parse parses the flags of cmd; help goes to stdout. explicit is set if
// the command was named (errors then point to its help).
func parse(cmd command, explicit bool, args []string, stdout, stderr io.Writer) (*config, error) {
	c := &config{}
	fs, colorMode := newFlagSet(cmd, c)
	helpCmd := ""
	if explicit {
		helpCmd = cmd.name
	}
	// Flags may follow paths: churn dir/ --format json.
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage(stdout, cmd, fs)
				return nil, err
			}
			return nil, usageError{err, helpCmd}
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		paths = append(paths, args[0])
		args = args[1:]
		if paths[len(paths)-1] == "--" {
			paths = append(paths[:len(paths)-1], args...)
			break
		}
	}
	c.paths = paths
	toTerminal := (c.output == "" || c.output == "-") && isTerminal(stdout)
	if c.format == "" {
		c.format = "jsonl"
		if toTerminal {
			c.format = "table"
		}
	}

	for _, f := range []struct {
		name string
		v    int
	}{{"k", c.opts.K}, {"hashes", c.opts.NumHashes}, {"top", c.top}, {"min-passage", c.opts.MinPassage},
		{"max-gap", c.opts.MaxGap}, {"report-passage", c.opts.ReportPassage}, {"window", c.opts.Window}, {"min-fingerprints", c.opts.MinFingerprints}} {
		if f.v < 1 {
			return nil, usageError{fmt.Errorf("-%s %d: want at least 1", f.name, f.v), helpCmd}
		}
	}
	if !slices.Contains(formats, c.format) {
		return nil, usageError{fmt.Errorf("-format %q: want one of %s", c.format, strings.Join(formats, ", ")), helpCmd}
	}
	if c.table != "" && !slices.Contains(tables(), c.table) {
		return nil, usageError{fmt.Errorf("-table %q: want one of %s", c.table, strings.Join(tables(), ", ")), helpCmd}
	}
	switch *colorMode {
	case "always":
		c.color = true
	case "never":
	case "auto":
		c.color = toTerminal && os.Getenv("NO_COLOR") == ""
	default:
		return nil, usageError{fmt.Errorf("-color %q: want auto, always or never", *colorMode), helpCmd}
	}
	c.progress = isTerminal(stderr)
	if c.opts.MatrixLimit == 0 {
		c.opts.MatrixLimit = -1 // 0 means "no matrix" on the command line
	}
	if c.opts.BoilerplateDocs == 0 {
		c.opts.BoilerplateDocs = -1 // likewise, 0 means "off"
	}
	return c, nil
}

// inputFlags registers the flags that control reading.
func inputFlags(fs *flag.FlagSet, r *corpus.Reader) {
	fs.Func("input-format", "read inputs as `format`: auto (by extension and content), txt,\njsonl, json, csv, tsv, html, feed, warc", func(s string) error {
		f, err := corpus.ParseFormat(s)
		if err == nil {
			r.Format = f
		}
		return err
	})
	fs.Func("include", "in folders, read only files matching `glob` (repeatable; ** matches folders)", func(s string) error {
		r.Include = append(r.Include, s)
		return nil
	})
	fs.Func("exclude", "in folders, leave out files and folders matching `glob` (repeatable)", func(s string) error {
		r.Exclude = append(r.Exclude, s)
		return nil
	})
	list := func(dst *[]string) func(string) error {
		return func(s string) error {
			*dst = append(*dst, strings.Split(s, ",")...)
			return nil
		}
	}
	d := corpus.DefaultFields
	for _, f := range []struct {
		name, what string
		dst        *[]string
		def        []string
	}{
		{"id-field", "ID", &r.Fields.ID, d.ID},
		{"text-field", "text", &r.Fields.Text, d.Text},
		{"title-field", "title", &r.Fields.Title, d.Title},
		{"url-field", "URL", &r.Fields.URL, d.URL},
		{"outlet-field", "outlet", &r.Fields.Outlet, d.Outlet},
		{"date-field", "publication time", &r.Fields.Published, d.Published},
		{"lang-field", "language", &r.Fields.Lang, d.Lang},
	} {
		fs.Func(f.name, fmt.Sprintf("JSONL/CSV `fields` holding the %s, tried in order (comma-separated;\ndefault %s)", f.what, strings.Join(f.def, ",")), list(f.dst))
	}
	fs.StringVar(&r.Charset, "charset", "", "`charset` of inputs that declare none (windows-1250, iso-8859-2, latin1…)")
	fs.BoolVar(&r.NoRepair, "no-repair", false, `leave double-encoded UTF-8 ("Ã®" for "î") as it is`)
	fs.Int64Var(&r.MaxSize, "max-size", 0, "largest document or record in `bytes` (default 2 GiB-1)")
}
