package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// exitStatusHelp ends churn --help and every command's help.
const exitStatusHelp = `Exit status:
  0    success; with --exit-code, no pair reported
  1    with --exit-code, a pair reported (reuse found)
  2    an error: bad flags, a named input missing or unreadable, no
       documents (or, for compare, none to compare the article with),
       --strict and an input skipped
  130  interrupted (143 for SIGTERM): "interrupted: output incomplete" on
       standard error, the -o file left as it was
`

// help prints the overview or a command's help.
func help(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" {
		fmt.Fprint(stdout, overview())
		return nil
	}
	if args[0] == "completion" {
		fmt.Fprint(stdout, completionHelp)
		return nil
	}
	cmd, ok := findCommand(args[0])
	if !ok {
		return usageError{fmt.Errorf("help: no command %q", args[0]), ""}
	}
	_, err := parse(cmd, true, []string{"--help"}, stdout, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

// overview is churn --help without a command.
func overview() string {
	var b strings.Builder
	b.WriteString(`churn finds near-duplicate and syndicated news text: which articles reuse
which, the passages they share (quoted, with byte offsets), and the
syndication groups they form.

Usage:
  churn [command] [flags] [PATH...]

PATH is a file or folder of articles (text, JSONL, CSV/TSV, HTML, RSS/Atom/
JSON Feed, WARC; .gz too; folders are searched recursively, files of unknown
extension read if their content is of these formats) or - for standard
input. With no PATH, churn analyses its embedded sample: five articles on
one story.

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-12s%s\n", c.name, c.summary)
	}
	b.WriteString(`  completion  print a shell completion script (bash, zsh or fish)
  help        help on a command: churn help pairs

Output goes to standard output, or to the file -o names: a table on a
terminal, JSON Lines otherwise (--format changes it). Progress, warnings and
errors go to standard error.

`)
	b.WriteString(exitStatusHelp)
	b.WriteString(`
Run 'churn COMMAND --help' for a command's flags and examples.
`)
	return b.String()
}
