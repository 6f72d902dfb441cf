package main

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// completionScript returns churn completion SHELL.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"completion", shell}, nil, &out, &errb); err != nil {
		t.Fatalf("completion %s: %v", shell, err)
	}
	return out.String()
}

// TestCompletionFlags checks that each shell's script knows every flag
// that churn's commands take, with the values of the flags that take a
// few, and that flags taking a value declare it.
func TestCompletionFlags(t *testing.T) {
	specs := completionSpecs()
	var names []string
	for _, f := range specs {
		names = append(names, f.name)
	}
	for _, want := range []string{"max-memory", "cpuprofile", "memprofile", "o", "csv-raw", "input-format", "format", "k"} {
		if !slices.Contains(names, want) {
			t.Errorf("completion lacks --%s", want)
		}
	}
	bash, zsh, fish := completionScript(t, "bash"), completionScript(t, "zsh"), completionScript(t, "fish")
	for _, f := range specs {
		if !regexp.MustCompile(`[" ]` + regexp.QuoteMeta(f.dashed()) + `[" ]`).MatchString(bash) {
			t.Errorf("bash: no %s in the flag list", f.dashed())
		}
		opt := "-l " + f.name
		if len(f.name) == 1 {
			opt = "-s " + f.name
		}
		if !strings.Contains(fish, "complete -c churn "+opt+" ") {
			t.Errorf("fish: no %s", opt)
		}
		// zsh: '--format[output format…]:format:(table json …)'
		spec := regexp.MustCompile(`(?m)^    '` + regexp.QuoteMeta(f.dashed()) + `\[[^\n]*\](:[^:\n]*:([^\n]*))?' \\$`).FindStringSubmatch(zsh)
		switch {
		case spec == nil:
			t.Errorf("zsh: no spec for %s", f.dashed())
		case (spec[1] != "") != (f.arg != ""):
			t.Errorf("zsh: %s declares an argument: %v, want %v", f.dashed(), spec[1] != "", f.arg != "")
		case f.values != nil && spec[2] != "("+strings.Join(f.values, " ")+")":
			t.Errorf("zsh: %s completes %q, want its values", f.dashed(), spec[2])
		case f.file && spec[2] != "_files":
			t.Errorf("zsh: %s does not complete files", f.dashed())
		}
	}
	if !strings.Contains(zsh, `'--format[`) || !strings.Contains(zsh, `]:format:(table json jsonl csv tsv md html)'`) {
		t.Errorf("zsh: --format declares no argument:\n%s", zsh)
	}
	if !strings.Contains(bash, `--input-format|-input-format) COMPREPLY=($(compgen -W "auto txt jsonl json csv tsv html feed warc"`) {
		t.Errorf("bash: --input-format does not complete its values")
	}
}

// TestBashCompletion sources the bash script and completes command lines
// with it.
func TestBashCompletion(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script := completionScript(t, "bash")
	for _, tt := range []struct {
		line string // the words, the last being completed
		want []string
		not  []string
	}{
		{"churn --max", []string{"--max-memory", "--max-gap", "--max-size"}, nil},
		{"churn --cpu", []string{"--cpuprofile"}, nil},
		{"churn --mem", []string{"--memprofile"}, nil},
		{"churn --input-format ", []string{"auto", "txt", "jsonl", "json", "csv", "tsv", "html", "feed", "warc"}, nil},
		{"churn --format j", []string{"json", "jsonl"}, []string{"table"}},
		{"churn pairs --table m", []string{"matrix"}, nil},
		{"churn completion ", []string{"bash", "zsh", "fish"}, nil},
		{"churn help c", []string{"clusters", "compare", "completion"}, nil},
		{"churn comp", []string{"compare", "completion"}, nil},
		{"churn --threshold ", nil, []string{"--format"}},
		{"churn --csv", []string{"--csv-raw"}, nil},
	} {
		words := strings.Split(tt.line, " ")
		prog := script + "\nCOMP_WORDS=(" + quoteWords(words) + ")\nCOMP_CWORD=" + itoa(len(words)-1) +
			"\ncd /nonexistent 2>/dev/null; _churn; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
		out, err := exec.Command("bash", "--norc", "--noprofile", "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.line, err, out)
		}
		got := strings.Fields(string(out))
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: completions %q lack %q", tt.line, got, w)
			}
		}
		for _, w := range tt.not {
			if slices.Contains(got, w) {
				t.Errorf("%q: completions %q have %q", tt.line, got, w)
			}
		}
	}
}

// TestCompletionSyntax checks each script with its shell's parser, for
// the shells installed.
func TestCompletionSyntax(t *testing.T) {
	ran := 0
	for shell, args := range map[string][]string{"bash": {"-n"}, "zsh": {"-n"}, "fish": {"--no-execute"}} {
		if _, err := exec.LookPath(shell); err != nil {
			continue
		}
		ran++
		cmd := exec.Command(shell, args...)
		cmd.Stdin = strings.NewReader(completionScript(t, shell))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", shell, err, out)
		}
	}
	if ran == 0 {
		t.Skip("no shell installed")
	}
}

// TestCompletionHelp checks that completion has help, by both ways of
// asking, and that its errors point to it.
func TestCompletionHelp(t *testing.T) {
	for _, args := range [][]string{{"completion", "--help"}, {"completion", "-h"}, {"help", "completion"}} {
		out, stderr, code := churnRun(t, "", args...)
		if code != 0 || !strings.HasPrefix(out, "churn completion: print a shell completion script") || stderr != "" {
			t.Errorf("churn %q: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
	}
	_, stderr, code := churnRun(t, "", "completion", "tcsh")
	if code != 2 || !strings.Contains(stderr, "Run 'churn completion --help' for usage.") {
		t.Errorf("churn completion tcsh: exit %d, stderr %q", code, stderr)
	}
}

func quoteWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + w + "'"
	}
	return strings.Join(q, " ")
}

func itoa(n int) string { return strconv.Itoa(n) }
