package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's sample output from churn's real output")

// readmeSample is a block of sample output in README.md: a ```text
// block whose first line is a shell command starting "$ churn", run in
// corpus/testdata, followed by what it prints. A last line "…" says that
// the command's output was cut (by a head in the command); it is not
// compared.
type readmeSample struct {
	start, end int // the byte range of the block's body in the README
	command    string
	output     string // as in the README, without the "…" line
	cut        bool
}

// readmeBlock matches a ```text block starting with "$ churn", or with
// set-up commands and then churn ("$ cd DIR; cp …; churn").
var readmeBlock = regexp.MustCompile("(?ms)^```text\n(\\$ (?:[^\n]*?; )?churn[^\n]*)\n(.*?)^```$")

func readmeSamples(readme []byte) []readmeSample {
	var out []readmeSample
	for _, m := range readmeBlock.FindAllSubmatchIndex(readme, -1) {
		s := readmeSample{start: m[2], end: m[5], command: string(readme[m[2]+2 : m[3]]), output: string(readme[m[4]:m[5]])}
		if strings.HasSuffix(s.output, "…\n") {
			s.output, s.cut = strings.TrimSuffix(s.output, "…\n"), true
		}
		out = append(out, s)
	}
	return out
}

// TestREADME runs the commands of the README's sample output blocks with
// bash, in corpus/testdata, and compares what they print with the
// README. After a change of churn's output, regenerate the blocks with
//
//	go test ./cmd/churn -run TestREADME -update
//
// and review the diff of README.md.
func TestREADME(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	samples := readmeSamples(readme)
	if len(samples) < 4 {
		t.Fatalf("README.md has %d sample blocks, want at least 4", len(samples))
	}
	testdata, err := filepath.Abs("../../corpus/testdata")
	if err != nil {
		t.Fatal(err)
	}
	outputs := make([]string, len(samples))
	t.Run("samples", func(t *testing.T) {
		for i, s := range samples {
			t.Run(strings.Fields(s.command)[1], func(t *testing.T) {
				t.Parallel()
				if strings.Contains(s.command, "| jq") {
					if _, err := exec.LookPath("jq"); err != nil {
						t.Skip("no jq")
					}
				}
				cmd := exec.Command("bash", "-o", "pipefail", "-c", s.command)
				cmd.Dir = testdata
				// Samples that make files do it in mktemp -d folders.
				cmd.Env = append(os.Environ(), "NO_COLOR=1", "TMPDIR="+t.TempDir())
				var out bytes.Buffer
				cmd.Stdout = &out
				cmd.Stderr = &out
				if err := cmd.Run(); err != nil && !strings.Contains(s.command, "| head") {
					t.Errorf("%s: %v\n%s", s.command, err, out.String())
				}
				outputs[i] = out.String()
				if !*update && outputs[i] != s.output {
					t.Errorf("README.md's output of\n  $ %s\ndiffers from churn's (go test ./cmd/churn -run TestREADME -update rewrites it):\n--- README:\n%s--- churn:\n%s", s.command, s.output, outputs[i])
				}
			})
		}
	})
	if !*update || t.Failed() {
		return
	}
	var b bytes.Buffer
	last := 0
	for i, s := range samples {
		b.Write(readme[last:s.start])
		b.WriteString("$ " + s.command + "\n" + outputs[i])
		if s.cut {
			b.WriteString("…\n")
		}
		last = s.end
	}
	b.Write(readme[last:])
	if err := os.WriteFile("../../README.md", b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestExitStatusDocumented checks that the README's exit status table and
// churn --help list the same statuses, those exitCode returns.
func TestExitStatusDocumented(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "### Exit status\n")
	if !ok {
		t.Fatal("README.md has no Exit status section")
	}
	table, _, _ = strings.Cut(table, "\n\n\n")
	var inREADME []string
	for _, m := range regexp.MustCompile(`(?m)^\| ([0-9, ]+) \|`).FindAllStringSubmatch(table, -1) {
		inREADME = append(inREADME, strings.Split(m[1], ", ")...)
	}
	var inHelp []string
	for _, m := range regexp.MustCompile(`(?m)^  ([0-9]+) +`).FindAllStringSubmatch(exitStatusHelp, -1) {
		inHelp = append(inHelp, m[1])
	}
	if h := regexp.MustCompile(`\(([0-9]+) for SIGTERM\)`).FindStringSubmatch(exitStatusHelp); h != nil {
		inHelp = append(inHelp, h[1])
	}
	want := []string{"0", "1", "2", "130", "143"}
	if strings.Join(inREADME, " ") != strings.Join(want, " ") || strings.Join(inHelp, " ") != strings.Join(want, " ") {
		t.Errorf("statuses in README.md %q, in --help %q; want %q", inREADME, inHelp, want)
	}
	if !strings.Contains(overview(), exitStatusHelp) {
		t.Error("churn --help lacks the exit statuses")
	}
}
