package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// completion prints a completion script for the shell named in args.
func completion(args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError{fmt.Errorf("completion needs one shell: bash, zsh or fish")}
	}
	var cmds []string
	for _, c := range commands {
		cmds = append(cmds, c.name)
	}
	cmds = append(cmds, "completion", "help")
	flags := flagNames()
	switch args[0] {
	case "bash":
		fmt.Fprintf(stdout, `# churn completion for bash: source <(churn completion bash)
_churn() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
    --format|-format) COMPREPLY=($(compgen -W "%s" -- "$cur")); return;;
    --table|-table) COMPREPLY=($(compgen -W "%s" -- "$cur")); return;;
    --color|-color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return;;
  esac
  if [[ $COMP_CWORD -eq 1 && $cur != -* ]]; then
    COMPREPLY=($(compgen -W "%s" -- "$cur") $(compgen -f -- "$cur"))
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "%s" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _churn churn
`, strings.Join(formats, " "), strings.Join(tables(), " "), strings.Join(cmds, " "), "--"+strings.Join(flags, " --"))
	case "zsh":
		fmt.Fprintf(stdout, `#compdef churn
# churn completion for zsh: churn completion zsh > "${fpath[1]}/_churn"
_churn() {
  _arguments -s \
    '1:command or path:(%s)' \
`, strings.Join(cmds, " "))
		for _, f := range flags {
			fmt.Fprintf(stdout, "    '--%s[%s]' \\\n", f, zshEscape(flagUsage(f)))
		}
		fmt.Fprint(stdout, "    '*:path:_files'\n}\n_churn \"$@\"\n")
	case "fish":
		fmt.Fprintln(stdout, "# churn completion for fish: churn completion fish > ~/.config/fish/completions/churn.fish")
		for _, c := range commands {
			fmt.Fprintf(stdout, "complete -c churn -n __fish_use_subcommand -a %s -d %q\n", c.name, c.summary)
		}
		for _, f := range flags {
			fmt.Fprintf(stdout, "complete -c churn -l %s -d %q\n", f, flagUsage(f))
		}
	default:
		return usageError{fmt.Errorf("completion: no shell %q; want bash, zsh or fish", args[0])}
	}
	return nil
}

// completionFlags is a flag set with every flag churn's commands accept.
func completionFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("churn", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cmd, _ := findCommand("report")
	var c config
	analysisFlags(fs, &c.opts)
	inputFlags(fs, &c.reader)
	_ = cmd
	for _, name := range []string{"format", "table", "color"} {
		fs.String(name, "", name)
	}
	fs.Int("top", 0, "pairs to list without a matrix")
	for _, name := range []string{"quiet", "strict", "exit-code"} {
		fs.Bool(name, false, name)
	}
	return fs
}

func flagNames() []string {
	var names []string
	completionFlags().VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	return names
}

func flagUsage(name string) string {
	f := completionFlags().Lookup(name)
	if f == nil {
		return ""
	}
	u, _ := flag.UnquoteUsage(f)
	u, _, _ = strings.Cut(u, "\n")
	return u
}

func tables() []string {
	return append([]string{"documents", "pairs", "passages", "clusters", "skipped"}, "matrix")
}

func zshEscape(s string) string {
	return strings.NewReplacer("[", `\[`, "]", `\]`, "'", `'\''`, ":", `\:`).Replace(s)
}
