package main

import (
	"errors"
	"flag"
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
	table    string
	examples string
}

var commands = []command{
	{
		name: "report", summary: "everything: matrix, pairs, passages and syndication groups (the default)",
		usage: "[flags] [PATH...]", sections: report.AllSections, table: "pairs",
		examples: `  churn                               # the embedded seeds
  churn articles/                     # every .txt file under articles/
  churn --format json a.txt b.txt     # one JSON document
  churn articles/ | jq 'select(.type == "pair")'`,
	},
	{
		name: "matrix", summary: "the similarity matrix of a small corpus",
		usage: "[flags] [PATH...]", sections: report.Sections{Matrix: true}, table: "documents",
		examples: `  churn matrix articles/
  churn matrix --format csv articles/ > matrix.csv`,
	},
	{
		name: "pairs", summary: "the pairs that share text, with their passages quoted",
		usage: "[flags] [PATH...]", sections: report.Sections{Pairs: true, Passages: true}, table: "pairs",
		examples: `  churn pairs articles/
  churn pairs --format csv --table passages articles/ > passages.csv`,
	},
	{
		name: "clusters", summary: "the syndication groups and their likely origins",
		usage: "[flags] [PATH...]", sections: report.Sections{Clusters: true}, table: "clusters",
		examples: `  churn clusters --format md feeds/ > groups.md`,
	},
	{
		name: "compare", summary: "compare one new article with a corpus (for publishing pipelines)",
		usage: "[flags] ARTICLE PATH...", sections: report.Sections{Pairs: true, Passages: true, Clusters: true}, table: "pairs",
		examples: `  churn compare --exit-code draft.txt archive/ || echo "draft reuses archived text"
  cat draft.txt | churn compare - archive/`,
	},
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run is churn's command line: it parses args, reads the inputs, analyses
// them and writes the report to stdout; progress, warnings and errors go
// to stderr.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd, _ := findCommand("report")
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help":
			fmt.Fprint(stderr, overview())
			return flag.ErrHelp
		case "help":
			return help(args[1:], stdout)
		case "completion":
			return completion(args[1:], stdout)
		}
		if c, ok := findCommand(args[0]); ok {
			cmd, args = c, args[1:]
		}
	}
	cfg, err := parse(cmd, args, stdout, stderr)
	if err != nil {
		return err
	}
	if cmd.name == "compare" && len(cfg.paths) < 2 {
		return usageError{errors.New("compare needs an article and at least one path to compare it with")}
	}

	if err := cfg.prof.start(); err != nil {
		return err
	}
	defer cfg.prof.stop()

	var (
		docs    []churn.Document
		skipped []churn.Skipped
	)
	rd := cfg.reader
	rd.Stdin = stdin
	pages := new(htmlHelper)
	defer pages.Close()
	rd.HTML = pages.Extract
	switch {
	case len(cfg.paths) == 0:
		docs, err = corpus.Seeds()
	case cmd.name == "compare":
		docs, skipped, err = readCompare(&rd, cfg.paths)
	default:
		docs, skipped, err = rd.Read(cfg.paths)
	}
	if ue := (corpus.UsageError{}); errors.As(err, &ue) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	problems, ignored := 0, 0
	for _, s := range skipped {
		if corpus.Ignored(s) {
			ignored++
			continue
		}
		problems++
		fmt.Fprintf(stderr, "churn: skipped %s: %s\n", s.Name, s.Reason)
	}
	if ignored > 0 && !cfg.quiet {
		fmt.Fprintf(stderr, "churn: left out %s by rule (hidden, unsupported or excluded files, non-page WARC records); the JSON output lists them\n", plural(ignored, "entry", "entries"))
	}
	if len(docs) == 0 {
		return fmt.Errorf("no documents to compare (%d inputs skipped)", len(skipped))
	}

	prog := newProgress(stderr, cfg.progress && !cfg.quiet)
	cfg.opts.Progress = prog.callback()
	res, err := churn.Analyze(docs, cfg.opts)
	prog.stop()
	if err != nil {
		return err
	}
	if err := cfg.prof.heap(); err != nil {
		return err
	}
	res.Skipped = skipped
	if cmd.name == "compare" {
		res = onlyWith(res, 0)
	}
	if err := write(cfg, cmd, res, docs, stdout); err != nil {
		return err
	}
	if err := cfg.prof.stop(); err != nil {
		return err
	}
	if cfg.strict && problems > 0 {
		return fmt.Errorf("%d inputs skipped (--strict)", problems)
	}
	if cfg.exitCode && len(res.Pairs) > 0 {
		return errFound
	}
	return nil
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
		return nil, nil, usageError{fmt.Errorf("compare: %s holds %d documents, want one article", paths[0], len(art))}
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
		table := cfg.table
		if table == "" {
			table = cmd.table
		}
		sep := ','
		if cfg.format == "tsv" {
			sep = '\t'
		}
		if table == "matrix" {
			return report.MatrixCSV(stdout, res, sep)
		}
		return report.CSV(stdout, res, table, sep)
	case "html":
		return report.HTML(stdout, res, docs, report.HTMLOptions{TopPairs: cfg.top})
	case "md":
		return report.Markdown(stdout, res, report.TableOptions{TopPairs: cfg.top, Sections: sections})
	default:
		return report.Table(stdout, res, report.TableOptions{TopPairs: cfg.top, Sections: sections, Color: cfg.color})
	}
}

// onlyWith keeps the pairs and clusters of res that involve document i.
func onlyWith(res *churn.Result, i int) *churn.Result {
	out := *res
	out.Pairs = nil
	for _, p := range res.Pairs {
		if p.A == i || p.B == i {
			out.Pairs = append(out.Pairs, p)
		}
	}
	out.Clusters = nil
	for _, c := range res.Clusters {
		if slices.ContainsFunc(c.Members, func(m churn.Member) bool { return m.Doc == i }) {
			out.Clusters = append(out.Clusters, c)
		}
	}
	return &out
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// help prints the overview or a command's help.
func help(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, overview())
		return nil
	}
	cmd, ok := findCommand(args[0])
	if !ok {
		return usageError{fmt.Errorf("help: no command %q", args[0])}
	}
	_, err := parse(cmd, []string{"--help"}, stdout, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// overview is churn --help without a command.
func overview() string {
	var b strings.Builder
	b.WriteString(`churn finds near-duplicate and syndicated news text: which articles reuse
which, the passages they share (quoted, with byte offsets into both files),
and the syndication groups they form.

Usage:
  churn [command] [flags] [PATH...]

PATH is a file or folder of articles (text, JSONL, CSV/TSV, HTML, RSS/Atom/
JSON Feed, WARC; .gz too; folders are searched recursively) or - for
standard input. With no PATH, churn analyses its embedded sample: five
articles on one story.

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-12s%s\n", c.name, c.summary)
	}
	b.WriteString(`  completion  print a shell completion script (bash, zsh or fish)
  help        help on a command: churn help pairs

Output goes to standard output: a table on a terminal, JSON Lines when
piped (--format changes it). Progress, warnings and errors go to standard
error. Exit status: 0 success, 1 error (or, with --exit-code, pairs found),
2 usage error.

Run 'churn COMMAND --help' for a command's flags and examples.
`)
	return b.String()
}

// plural returns n followed by the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
