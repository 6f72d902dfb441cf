package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/churnalism/churn/corpus"
)

// completionHelp is churn completion --help.
const completionHelp = `churn completion: print a shell completion script

Usage:
  churn completion bash|zsh|fish

Examples:
  source <(churn completion bash)                            # in ~/.bashrc
  churn completion zsh > "${fpath[1]}/_churn"                # then restart zsh
  churn completion fish > ~/.config/fish/completions/churn.fish

The scripts complete the commands, every flag, the values of --format,
--table, --color and --input-format, and file names.
`

// flagSpec is what completion needs to know of a flag.
type flagSpec struct {
	name   string   // without dashes
	usage  string   // its usage on one line, clipped
	arg    string   // name of its value ("" for a boolean flag)
	values []string // the values it takes, if they are few
	file   bool     // its value is a file name
}

// dashed is the flag as written on a command line: "-k" or "--format".
func (f flagSpec) dashed() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

// completionSpecs returns the flags of churn's commands, which all have
// the same, from the flag set parse uses, sorted by name.
func completionSpecs() []flagSpec {
	cmd, _ := findCommand("report")
	fs, _ := newFlagSet(cmd, &config{})
	inputFormats := []string{"auto"}
	for _, f := range corpus.Formats {
		inputFormats = append(inputFormats, f.String())
	}
	values := map[string][]string{
		"format":       formats,
		"table":        tables(),
		"color":        {"auto", "always", "never"},
		"input-format": inputFormats,
	}
	files := map[string]bool{"o": true, "cpuprofile": true, "memprofile": true}
	var specs []flagSpec
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		usage = clipWords(strings.Join(strings.Fields(usage), " "), 100)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			arg = ""
		} else if arg == "" {
			arg = "value"
		}
		specs = append(specs, flagSpec{name: f.Name, usage: usage, arg: arg, values: values[f.Name], file: files[f.Name]})
	})
	sort.Slice(specs, func(i, j int) bool { return specs[i].name < specs[j].name })
	return specs
}

// completion prints a completion script for the shell named in args.
func completion(args []string, stdout io.Writer) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(stdout, completionHelp)
		return nil
	}
	if len(args) != 1 {
		return usageError{fmt.Errorf("completion needs one shell: bash, zsh or fish"), "completion"}
	}
	var cmds []string
	for _, c := range commands {
		cmds = append(cmds, c.name)
	}
	cmds = append(cmds, "completion", "help")
	specs := completionSpecs()
	switch args[0] {
	case "bash":
		bashCompletion(stdout, cmds, specs)
	case "zsh":
		zshCompletion(stdout, cmds, specs)
	case "fish":
		fishCompletion(stdout, cmds, specs)
	default:
		return usageError{fmt.Errorf("completion: no shell %q; want bash, zsh or fish", args[0]), "completion"}
	}
	return nil
}

func bashCompletion(w io.Writer, cmds []string, specs []flagSpec) {
	fmt.Fprint(w, `# churn completion for bash: source <(churn completion bash)
_churn() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
`)
	var files, others, all []string
	for _, f := range specs {
		alts := f.dashed()
		if len(f.name) > 1 {
			alts += "|-" + f.name
		} else {
			alts += "|--" + f.name
		}
		all = append(all, f.dashed())
		switch {
		case f.values != nil:
			fmt.Fprintf(w, "    %s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return;;\n", alts, strings.Join(f.values, " "))
		case f.file:
			files = append(files, alts)
		case f.arg != "":
			others = append(others, alts)
		}
	}
	fmt.Fprintf(w, "    %s) COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n", strings.Join(files, "|"))
	fmt.Fprintf(w, "    %s) COMPREPLY=(); return;;\n", strings.Join(others, "|"))
	fmt.Fprintf(w, `  esac
  if [[ $COMP_CWORD -eq 2 && ${COMP_WORDS[1]} == completion ]]; then
    COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur"))
  elif [[ $COMP_CWORD -eq 2 && ${COMP_WORDS[1]} == help ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur"))
  elif [[ $COMP_CWORD -eq 1 && $cur != -* ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur") $(compgen -f -- "$cur"))
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W %q -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _churn churn
`, strings.Join(cmds, " "), strings.Join(cmds, " "), strings.Join(all, " "))
}

func zshCompletion(w io.Writer, cmds []string, specs []flagSpec) {
	fmt.Fprintf(w, `#compdef churn
# churn completion for zsh: churn completion zsh > "${fpath[1]}/_churn"
_churn() {
  if (( CURRENT == 3 )) && [[ $words[2] == completion ]]; then
    _values shell bash zsh fish; return
  fi
  if (( CURRENT == 3 )) && [[ $words[2] == help ]]; then
    _values command %s; return
  fi
  _arguments -s \
    '1: :_alternative "commands:command:(%s)" "files:path:_files"' \
`, strings.Join(cmds, " "), strings.Join(cmds, " "))
	for _, f := range specs {
		spec := f.dashed() + "[" + zshEscape(f.usage) + "]"
		switch {
		case f.values != nil:
			spec += ":" + zshEscape(f.arg) + ":(" + strings.Join(f.values, " ") + ")"
		case f.file:
			spec += ":" + zshEscape(f.arg) + ":_files"
		case f.arg != "":
			spec += ":" + zshEscape(f.arg) + ": "
		}
		fmt.Fprintf(w, "    '%s' \\\n", spec)
	}
	fmt.Fprint(w, "    '*:path:_files'\n}\n_churn \"$@\"\n")
}

func fishCompletion(w io.Writer, cmds []string, specs []flagSpec) {
	fmt.Fprintln(w, "# churn completion for fish: churn completion fish > ~/.config/fish/completions/churn.fish")
	for _, c := range commands {
		fmt.Fprintf(w, "complete -c churn -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	fmt.Fprintln(w, "complete -c churn -n __fish_use_subcommand -a completion -d 'print a shell completion script'")
	fmt.Fprintln(w, "complete -c churn -n __fish_use_subcommand -a help -d 'help on a command'")
	fmt.Fprintln(w, "complete -c churn -n '__fish_seen_subcommand_from completion' -x -a 'bash zsh fish'")
	fmt.Fprintf(w, "complete -c churn -n '__fish_seen_subcommand_from help' -x -a %s\n", fishQuote(strings.Join(cmds, " ")))
	for _, f := range specs {
		opt := "-l " + f.name
		if len(f.name) == 1 {
			opt = "-s " + f.name
		}
		switch {
		case f.values != nil:
			opt += " -x -a " + fishQuote(strings.Join(f.values, " "))
		case f.file:
			opt += " -r -F"
		case f.arg != "":
			opt += " -x"
		}
		fmt.Fprintf(w, "complete -c churn %s -d %s\n", opt, fishQuote(f.usage))
	}
}

// clipWords shortens s to at most n bytes, at a space, with "…".
func clipWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], ' '); i > 0 {
		return strings.TrimRight(s[:i], ",;:") + "…"
	}
	return s[:n] + "…"
}

// zshEscape escapes s for a zsh _arguments spec inside single quotes.
func zshEscape(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`, "'", `'\''`, ":", `\:`).Replace(s)
}

// fishQuote quotes s for fish.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
