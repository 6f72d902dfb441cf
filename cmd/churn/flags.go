package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/report"
)

// config is the parsed command line.
type config struct {
	opts     churn.Options
	reader   corpus.Reader
	format   string
	table    report.CSVTable // --table, or the command's default
	tableArg string          // --table as given
	top      int
	color    bool
	quiet    bool
	progress bool
	strict   bool
	exitCode bool
	verify   bool // churn ls --verify
	csvRaw   bool
	output   string // -o FILE; "" or "-" is standard output
	paths    []string
	prof     profiles
}

var formats = []string{"table", "json", "jsonl", "csv", "tsv", "md", "html"}

// newFlagSet returns the flag set of cmd, whose values go to c. It
// prints nothing: parse reports errors, and help goes to standard
// output.
func newFlagSet(cmd command, c *config) (fs *flag.FlagSet, colorMode *string) {
	fs = flag.NewFlagSet("churn "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	c.opts = churn.DefaultOptions()
	c.opts.RegisterFlags(fs)
	inputFlags(fs, &c.reader)
	fs.StringVar(&c.format, "format", "", "output `format`: "+strings.Join(formats, ", ")+"\n(default: table on a terminal, jsonl when piped or with -o)")
	fs.StringVar(&c.tableArg, "table", "", "with --format csv or tsv, the `table` to write: "+strings.Join(tables(), ", ")+
		"\n(default: "+cmd.table.String()+")")
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
	if cmd.name == "ls" {
		fs.BoolVar(&c.verify, "verify", false, "check the whole archive first (SQLite's integrity check, every text's SHA-256)")
	}
	return fs, colorMode
}

// tables are the values of --table.
func tables() []string {
	var names []string
	for _, t := range report.CSVTables() {
		names = append(names, t.String())
	}
	return names
}

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

	if c.top < 1 {
		return nil, usageError{fmt.Errorf("-top %d: want at least 1", c.top), helpCmd}
	}
	if err := c.opts.Validate(); err != nil {
		var oe *churn.OptionError
		if errors.As(err, &oe) && oe.Flag != "" {
			err = fmt.Errorf("-%s %s: want %s", oe.Flag, fs.Lookup(oe.Flag).Value, oe.Want)
		}
		return nil, usageError{err, helpCmd}
	}
	if !slices.Contains(formats, c.format) {
		return nil, usageError{fmt.Errorf("-format %q: want one of %s", c.format, strings.Join(formats, ", ")), helpCmd}
	}
	c.table = cmd.table
	if c.tableArg != "" {
		t, err := report.ParseCSVTable(c.tableArg)
		if err != nil {
			return nil, usageError{fmt.Errorf("-table %q: want one of %s", c.tableArg, strings.Join(tables(), ", ")), helpCmd}
		}
		c.table = t
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
	fs.Func("max-size", maxSizeHelp(), func(s string) error {
		n, err := byteSize(s)
		r.MaxSize = n
		return err
	})
}
