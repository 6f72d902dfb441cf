package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// built builds churn and churn-html into one temporary folder, as
// go install lays them out, once per test binary.
var built struct {
	once sync.Once
	dir  string
	err  error
}

// buildBinaries returns the folder holding the built churn and churn-html,
// or skips if the go command is not available.
func buildBinaries(tb testing.TB) string {
	tb.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go command to build the binaries with")
	}
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "churn-startup")
		if built.err != nil {
			return
		}
		cmd := exec.Command(gobin, "build", "-o", built.dir+string(filepath.Separator), "github.com/churnalism/churn/cmd/churn", "github.com/churnalism/churn/cmd/churn-html")
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = &exec.ExitError{ProcessState: cmd.ProcessState, Stderr: out}
		}
	})
	if built.err != nil {
		tb.Fatalf("building churn: %v", built.err)
	}
	return built.dir
}

// startupArticle writes a short article, the first 1,500 bytes of a seed,
// as text and as an HTML page, and returns their paths.
func startupArticle(tb testing.TB) (txt, page string) {
	tb.Helper()
	dir := tb.TempDir()
	b, err := os.ReadFile("../../seeds/001_5031da28c24cbbff.txt")
	if err != nil {
		tb.Fatal(err)
	}
	b = b[:1500]
	for len(b) > 0 && b[len(b)-1]&0xc0 == 0x80 {
		b = b[:len(b)-1]
	}
	b = b[:len(b)-1] // a whole rune, whatever its length
	txt, page = filepath.Join(dir, "article.txt"), filepath.Join(dir, "article.html")
	html := "<!doctype html><html lang=\"ro\"><head><title>Article</title></head><body><article><p>" +
		strings.ReplaceAll(string(b), "\n\n", "</p><p>") + "</p></article></body></html>"
	if err := os.WriteFile(txt, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		tb.Fatal(err)
	}
	return txt, page
}

// TestInstalledLayout runs the built churn as installed, with churn-html
// beside it and nothing on PATH: it finds its helper, and reads a page.
func TestInstalledLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries")
	}
	dir := buildBinaries(t)
	_, page := startupArticle(t)
	cmd := exec.Command(filepath.Join(dir, "churn"), "compare", "--format", "jsonl", page, "../../seeds/")
	cmd.Env = append(os.Environ(), "PATH="+t.TempDir(), "CHURN_HTML=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("churn compare of a page: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), `"name":"`+page+`"`) || !strings.Contains(string(out), `"lang":"ro"`) {
		t.Errorf("the page is not in the output:\n%s", out)
	}
}

// BenchmarkStartup runs the built churn (or the binary CHURN_STARTUP_BIN
// names, to compare builds in one run) as a publishing pipeline does, one
// process an op: help is churn --help; compare-text is churn compare of a
// short article (1,500 bytes of a seed) against the seeds folder;
// compare-html the same article as an HTML page, which starts the
// churn-html helper. It reports the wall time per run (ns/op, which
// includes starting a process from the large benchmark process), the CPU
// time of churn and its helper (cpu-ms/op, user and system) and the peak
// resident memory of churn (maxrss-MB, the helper's not counted). The
// memory comes from GNU time (/usr/bin/time -f %M), run between the
// benchmark and churn, because the rusage of a child of the benchmark
// counts the benchmark's own pages (os/exec starts children with vfork);
// without GNU time it is not reported.
func BenchmarkStartup(b *testing.B) {
	bin := os.Getenv("CHURN_STARTUP_BIN")
	if bin == "" {
		bin = filepath.Join(buildBinaries(b), "churn")
	}
	gnuTime, _ := exec.LookPath("/usr/bin/time")
	txt, page := startupArticle(b)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"help", []string{"--help"}},
		{"compare-text", []string{"compare", "--format", "jsonl", txt, "../../seeds/"}},
		{"compare-html", []string{"compare", "--format", "jsonl", page, "../../seeds/"}},
	} {
		b.Run("cmd="+c.name, func(b *testing.B) {
			var cpu time.Duration
			rss := -1
			for b.Loop() {
				cmd := exec.Command(bin, c.args...)
				if gnuTime != "" {
					cmd = exec.Command(gnuTime, append([]string{"-f", "maxrss %M", bin}, c.args...)...)
				}
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil && c.name != "help" {
					b.Fatalf("%v: %v\n%s", c.args, err, stderr.String())
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
				if gnuTime != "" {
					lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
					kb, err := strconv.Atoi(strings.TrimPrefix(lines[len(lines)-1], "maxrss "))
					if err != nil {
						b.Fatalf("GNU time printed %q", lines[len(lines)-1])
					}
					rss = max(rss, kb)
				}
			}
			b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
			if rss >= 0 {
				b.ReportMetric(float64(rss)/1024, "maxrss-MB")
			}
		})
	}
}
