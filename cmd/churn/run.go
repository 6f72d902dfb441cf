package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/report"
)

// command is one of churn's jobs.
type command struct {
	name    string
	summary string
	usage   string // after "churn NAME"
	// sections are the parts of the report the command prints.
	sections report.Sections
	// table is the CSV/TSV table it writes by default.
	table    report.CSVTable
	examples string
}

var commands = append([]command{
	{
		name: "report", summary: "everything: matrix, pairs, passages and syndication groups (the default)",
		usage: "[flags] [PATH...]", sections: report.AllSections, table: report.TablePairs,
		examples: `  churn                               # the embedded seeds
  churn articles/                     # every file under articles/ in a format churn reads
  churn --format json a.txt b.txt     # one JSON document
  churn -o report.jsonl articles/     # replaced only once complete
  churn report news.churn             # an archive (churn add): its pairs also go to its tables
  churn articles/ | jq 'select(.type == "pair")'`,
	},
	{
		name: "matrix", summary: "the similarity matrix of a small corpus",
		usage: "[flags] [PATH...]", sections: report.Sections{Matrix: true}, table: report.TableDocuments,
		examples: `  churn matrix articles/
  churn matrix --format csv articles/ > matrix.csv`,
	},
	{
		name: "pairs", summary: "the pairs that share text, with their passages quoted",
		usage: "[flags] [PATH...]", sections: report.Sections{Pairs: true, Passages: true}, table: report.TablePairs,
		examples: `  churn pairs articles/
  churn pairs --format csv --table passages articles/ > passages.csv`,
	},
	{
		name: "clusters", summary: "the syndication groups and their likely origins",
		usage: "[flags] [PATH...]", sections: report.Sections{Clusters: true}, table: report.TableClusters,
		examples: `  churn clusters --format md feeds/ > groups.md`,
	},
	{
		name: "compare", summary: "compare one new article with a corpus (for publishing pipelines)",
		usage: "[flags] ARTICLE PATH...", sections: report.Sections{Pairs: true, Passages: true, Clusters: true}, table: report.TablePairs,
		examples: `  churn compare --exit-code -o reuse.jsonl draft.txt archive/; [ $? -eq 1 ] && echo "draft reuses archived text"
  cat draft.txt | churn compare - archive/`,
	},
}, archiveCommands...)

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run is churn's command line: it parses args, reads the inputs, analyses
// them and writes the report to stdout or the -o file; progress, warnings
// and errors go to stderr. Cancelling ctx (as a signal does) makes it
// return at once, with the cause, leaving the -o file as it was; the work
// goes on in its goroutine but writes nothing more.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd, _ := findCommand("report")
	explicit := false
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help":
			fmt.Fprint(stdout, overview())
			return nil
		case "help":
			return help(args[1:], stdout)
		case "completion":
			return completion(args[1:], stdout)
		}
		if c, ok := findCommand(args[0]); ok {
			cmd, args, explicit = c, args[1:], true
		}
	}
	cfg, err := parse(cmd, explicit, args, stdout, stderr)
	if err != nil {
		return err
	}
	if cmd.name == "compare" && len(cfg.paths) < 2 {
		return usageError{errors.New("compare needs an article and at least one path to compare it with"), "compare"}
	}

	var out *outputFile
	if cfg.output != "" && cfg.output != "-" {
		if out, err = createOutput(cfg.output); err != nil {
			return err
		}
		defer out.abort()
	}
	if err := cfg.prof.start(); err != nil {
		return err
	}
	defer cfg.prof.stop()
	if cfg.reader.MaxSize == 0 {
		cfg.reader.MaxSize = defaultMaxSize(memoryBudget()) // after --max-memory is set
	}

	outw, errw := &gate{ctx: ctx, w: stdout}, &gate{ctx: ctx, w: stderr}
	if out != nil {
		outw.w = out.f
	}
	type result struct {
		complete bool
		err      error
	}
	done := make(chan result, 1)
	go func() {
		complete, err := analyse(ctx, cfg, cmd, explicit, stdin, outw, errw)
		done <- result{complete, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
	}
	if ctx.Err() != nil && !r.complete {
		outw.close()
		errw.close()
		return context.Cause(ctx)
	}
	if r.complete && out != nil {
		if err := out.commit(); err != nil {
			return err
		}
	}
	if err := cfg.prof.stop(); err != nil && r.err == nil {
		return err
	}
	return r.err
}

// analyse reads the inputs, analyses them and writes the report, and
// reports whether the report was written whole. The error, if any, sets
// the exit status: errFound for --exit-code, or a problem found once the
// report was written (a named input that could not be read, --strict and
// a skipped input).
func analyse(ctx context.Context, cfg *config, cmd command, explicit bool, stdin io.Reader, stdout, stderr io.Writer) (complete bool, err error) {
	var (
		docs    []churn.Document
		skipped []churn.Skipped
		warns   []string
	)
	rd := cfg.reader
	rd.Stdin = stdin
	rd.Warn = func(name, msg string) {
		if name != "" {
			msg = name + ": " + msg
		}
		warns = append(warns, msg)
	}
	corpusDocs := -1 // documents to compare the article with
	// Texts go to a temporary file as they are read, so that memory holds
	// what the analysis keeps of each document, not the corpus.
	var texts *churn.TextStore
	if len(cfg.paths) > 0 {
		if texts, err = churn.NewTextStore(""); err != nil {
			return false, err
		}
		defer texts.Close()
		rd.Texts = texts
	}
	pages := new(htmlHelper)
	defer pages.Close()
	rd.HTML = pages.Extract
	if isArchiveCommand(cmd, cfg.paths) {
		return archiveCommand(ctx, cfg, cmd, &rd, texts, &warns, stdout, stderr)
	}
	switch {
	case len(cfg.paths) == 0:
		docs, err = corpus.Seeds()
	case cmd.name == "compare":
		docs, skipped, err = readCompare(&rd, cfg.paths)
		corpusDocs = len(docs) - 1
	default:
		docs, skipped, err = rd.Read(cfg.paths)
	}
	if ue := (corpus.UsageError{}); errors.As(err, &ue) {
		helpCmd := ""
		if explicit {
			helpCmd = cmd.name
		}
		return false, usageError{err, helpCmd}
	}
	if err != nil {
		return false, err
	}
	problems, unreadable := reportSkipped(stderr, skipped, warns, cfg.paths)
	switch {
	case len(docs) == 0:
		return false, fmt.Errorf("no documents to compare (%s skipped)", report.Plural(len(skipped), "input", "inputs"))
	case corpusDocs == 0:
		return false, fmt.Errorf("compare: nothing to compare %s with: %s gave no documents", cfg.paths[0], strings.Join(cfg.paths[1:], ", "))
	}

	prog := newProgress(stderr, cfg.progress && !cfg.quiet)
	cfg.opts.Progress = prog.callback()
	var res *churn.Result
	switch {
	case texts == nil:
		res, err = churn.AnalyzeContext(ctx, docs, cfg.opts)
	case cmd.name == "compare":
		res, err = churn.CompareStored(ctx, docs, texts, cfg.opts)
	default:
		res, err = churn.AnalyzeStored(ctx, docs, texts, cfg.opts)
	}
	prog.stop()
	if err != nil {
		return false, err
	}
	if err := cfg.prof.heap(); err != nil {
		return false, err
	}
	res.Skipped = skipped
	if cfg.format == "html" && texts != nil {
		// The HTML report shows the documents whole.
		for i := range docs {
			if docs[i].Text, err = texts.Text(nil, i); err != nil {
				return false, err
			}
		}
	}
	if err := write(cfg, cmd, res, docs, stdout); err != nil {
		return false, err
	}
	switch {
	case len(unreadable) > 0:
		return true, fmt.Errorf("%s could not be read: %s", report.Plural(len(unreadable), "input named", "inputs named"), strings.Join(unreadable, ", "))
	case cfg.strict && problems > 0:
		return true, fmt.Errorf("%s skipped (--strict)", report.Plural(problems, "input", "inputs"))
	case cfg.exitCode && len(res.Pairs) > 0:
		return true, errFound
	}
	return true, nil
}

// reportSkipped writes the inputs skipped as problems, one a line, then
// those left out by rule, grouped by reason and named, then the
// warnings. It returns the number of problems and the paths named on the
// command line that could not be read.
func reportSkipped(stderr io.Writer, skipped []churn.Skipped, warns, paths []string) (problems int, unreadable []string) {
	type group struct {
		reason string
		names  []string
	}
	var groups []*group
	byReason := map[string]*group{}
	for _, s := range skipped {
		if corpus.Ignored(s) {
			g := byReason[s.Reason]
			if g == nil {
				g = &group{reason: s.Reason}
				byReason[s.Reason] = g
				groups = append(groups, g)
			}
			g.names = append(g.names, s.Name)
			continue
		}
		problems++
		if s.Kind == churn.SkipUnreadable && slices.Contains(paths, s.Name) && !slices.Contains(unreadable, s.Name) {
			unreadable = append(unreadable, s.Name)
		}
		fmt.Fprintf(stderr, "churn: skipped %s: %s\n", s.Name, s.Reason)
	}
	for _, g := range groups {
		const show = 3
		if len(g.names) <= show {
			fmt.Fprintf(stderr, "churn: left out %s: %s\n", strings.Join(g.names, ", "), g.reason)
		} else {
			fmt.Fprintf(stderr, "churn: left out %d entries (%s, …): %s\n", len(g.names), strings.Join(g.names[:show], ", "), g.reason)
		}
	}
	for _, w := range warns {
		fmt.Fprintf(stderr, "churn: warning: %s\n", w)
	}
	return problems, unreadable
}

// readCompare reads the article to compare (the first path, which must
// hold exactly one document) and the corpus (the other paths); the article
// comes first.
func readCompare(rd *corpus.Reader, paths []string) ([]churn.Document, []churn.Skipped, error) {
	art, skipped, err := rd.Read(paths[:1])
	if err != nil {
		return nil, nil, err
	}
	if len(art) != 1 {
		for _, s := range skipped {
			return nil, nil, fmt.Errorf("compare: %s: %s", s.Name, s.Reason)
		}
		return nil, nil, usageError{fmt.Errorf("compare: %s holds %d documents, want one article", paths[0], len(art)), "compare"}
	}
	rest, skipped2, err := rd.Read(paths[1:])
	if err != nil {
		return nil, nil, err
	}
	for _, d := range rest {
		if d.ID == art[0].ID {
			art[0].ID = "new:" + art[0].ID
			break
		}
	}
	return append(art, rest...), append(skipped, skipped2...), nil
}

// write renders res in the configured format.
func write(cfg *config, cmd command, res *churn.Result, docs []churn.Document, stdout io.Writer) error {
	sections := cmd.sections
	switch cfg.format {
	case "json":
		return report.JSON(stdout, res)
	case "jsonl":
		return report.JSONL(stdout, res)
	case "csv", "tsv":
		sep := ','
		if cfg.format == "tsv" {
			sep = '\t'
		}
		return report.CSVWith(stdout, res, cfg.table, report.CSVOptions{Comma: sep, Raw: cfg.csvRaw})
	case "html":
		return report.HTML(stdout, res, docs, report.HTMLOptions{TopPairs: cfg.top})
	case "md":
		return report.Markdown(stdout, res, report.TableOptions{TopPairs: cfg.top, Sections: sections})
	default:
		return report.Table(stdout, res, report.TableOptions{TopPairs: cfg.top, Sections: sections, Color: cfg.color})
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
