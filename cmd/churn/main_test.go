package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/churnalism/churn/corpus"
	"github.com/vbauerster/mpb/v8"
)

// churnRun runs the command line in-process and returns stdout, stderr and
// the exit status.
func churnRun(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

// TestSeedsDefault checks that churn with no arguments analyses the seeds
// and, its output not being a terminal, writes JSON Lines.
func TestSeedsDefault(t *testing.T) {
	out, stderr, code := churnRun(t, "")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("unexpected stderr:\n%s", stderr)
	}
	docs := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct{ Type, ID string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSON Lines: %v: %s", err, line)
		}
		if rec.Type == "document" {
			docs++
		}
	}
	if docs != 5 {
		t.Errorf("%d document records, want 5", docs)
	}
}

// TestSeedsRanking checks the behaviour the seeds exist to show: the two
// Romanian articles that share sentences are the most similar pair, and the
// two Italian articles that tell the story in their own words score below
// them and are not reported.
func TestSeedsRanking(t *testing.T) {
	out, stderr, code := churnRun(t, "", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Documents []struct{ ID string }
		Matrix    [][]float64
		Pairs     []struct {
			A, B    string
			Jaccard float64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	if len(doc.Documents) != 5 || len(doc.Matrix) != 5 {
		t.Fatalf("got %d documents and a %d-row matrix, want 5 and 5", len(doc.Documents), len(doc.Matrix))
	}
	if len(doc.Pairs) == 0 || doc.Pairs[0].A != "001" || doc.Pairs[0].B != "003" {
		t.Fatalf("most similar pair = %+v, want 001–003 first", doc.Pairs)
	}
	best := doc.Matrix[1][3]
	for i := range doc.Matrix {
		for j := i + 1; j < len(doc.Matrix); j++ {
			if (i != 1 || j != 3) && doc.Matrix[i][j] >= best {
				t.Errorf("matrix[%d][%d] = %v ≥ 001–003 = %v", i, j, doc.Matrix[i][j], best)
			}
		}
	}
	if story := doc.Matrix[0][2]; story >= best/2 {
		t.Errorf("000–002 (same story, other words) = %v, want well below 001–003 = %v", story, best)
	}
	for _, p := range doc.Pairs {
		if p.A == "000" && p.B == "002" {
			t.Errorf("000–002 reported as a pair: %+v", p)
		}
	}
}

// TestDeterministic checks that output is byte-identical across runs and
// across GOMAXPROCS settings.
func TestDeterministic(t *testing.T) {
	for _, format := range []string{"table", "json"} {
		t.Run(format, func(t *testing.T) {
			var outs []string
			for _, procs := range []int{1, 2, 1, 2, 4} {
				old := runtime.GOMAXPROCS(procs)
				out, stderr, code := churnRun(t, "", "--format", format)
				runtime.GOMAXPROCS(old)
				if code != 0 {
					t.Fatalf("GOMAXPROCS=%d: exit %d: %s", procs, code, stderr)
				}
				outs = append(outs, out)
			}
			for i := 1; i < len(outs); i++ {
				if outs[i] != outs[0] {
					t.Fatalf("run %d differs from run 0:\n%s\n---\n%s", i, outs[i], outs[0])
				}
			}
		})
	}
}

func TestInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	story := "Putin i-a cerut miliardarului să evite activarea serviciului său de internet prin satelit Starlink în Taiwan."
	a := write("a.txt", story+" Prima versiune.")
	b := write("b.txt", story+" A doua versiune.")
	empty := write("empty.txt", "")
	binary := write("bin.txt", "abc\x00\x01\x02def")
	emptyDir := filepath.Join(dir, "nothing")
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")

	tests := []struct {
		name       string
		stdin      string
		args       []string
		code       int
		wantOut    []string
		wantStderr []string
	}{
		{name: "two files", args: []string{"--format", "table", a, b}, wantOut: []string{"a", "b"}},
		{name: "stdin", stdin: story, args: []string{"-", a}, wantOut: []string{`"id":"stdin"`}},
		{name: "missing path", args: []string{a, b, missing}, code: 2, wantOut: []string{`"type":"pair"`}, wantStderr: []string{missing, "could not be read"}},
		{name: "empty file", args: []string{a, b, empty}, wantStderr: []string{empty, "empty"}},
		{name: "binary file", args: []string{a, b, binary}, wantStderr: []string{binary, "binary"}},
		{name: "empty directory", args: []string{a, b, emptyDir}, wantStderr: []string{emptyDir}},
		{name: "nothing usable", args: []string{missing, empty}, code: 2, wantStderr: []string{missing, empty, "no documents"}},
		{name: "json lists skipped", args: []string{"--format", "json", a, b, missing}, code: 2, wantOut: []string{`"skipped"`, missing, `"kind": "unreadable"`}},
		{name: "bad flag", args: []string{"--nope"}, code: 2, wantStderr: []string{"nope", "--help"}},
		{name: "bad format", args: []string{"--format", "xml"}, code: 2, wantStderr: []string{"xml"}},
		{name: "bad threshold", args: []string{"--threshold", "150%"}, code: 2, wantStderr: []string{"150%"}},
		{name: "bad k", args: []string{"-k", "0"}, code: 2, wantStderr: []string{"-k 0"}},
		{name: "stdin twice", args: []string{"-", "-"}, code: 2},
		{name: "help", args: []string{"--help"}, wantOut: []string{"Usage:", "Commands:", "compare", "Exit status:"}},
		{name: "command help", args: []string{"pairs", "--help"}, wantOut: []string{"Usage:", "Examples:", "-threshold", "-format", "Exit status:"}},
		{name: "flags after paths", args: []string{a, b, "--format", "json"}, wantOut: []string{`"schema_version": 2`}},
		{name: "exit code with pairs", args: []string{"--exit-code", a, b}, code: 1},
		{name: "strict", args: []string{"--strict", a, b, empty}, code: 2, wantStderr: []string{"--strict"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := churnRun(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, stderr)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantStderr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"8GiB", 8 << 30, false},
		{"8gib", 8 << 30, false},
		{"500MB", 500e6, false},
		{"1.5G", 3 << 29, false},
		{" 16777216 ", 16 << 20, false},
		{"64m", 64 << 20, false},
		{"8", 0, true},
		{"64k", 0, true},
		{"1TB", 1e12, false},
		{"", 0, true},
		{"GiB", 0, true},
		{"-1GB", 0, true},
		{"0", 0, true},
		{"8x", 0, true},
		{"1e30", 0, true},
	} {
		got, err := memorySize(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("memorySize(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
	// Sizes of documents have no minimum.
	for in, want := range map[string]int64{"8": 8, "64k": 64 << 10, "1000000": 1e6} {
		if got, err := byteSize(in); err != nil || got != want {
			t.Errorf("byteSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestDefaultMaxSize(t *testing.T) {
	for _, tc := range []struct{ mem, want int64 }{
		{0, corpus.MaxSize},                     // unknown: the package's limit
		{8 << 30, (8 << 30) / bytesPerTextByte}, // an 8 GiB laptop: 43 MB, raised to the floor
		{64 << 30, (64 << 30) / bytesPerTextByte},
		{1 << 50, corpus.MaxSize},
	} {
		want := max(min(tc.want, corpus.MaxSize), minDefaultMaxSize)
		if tc.mem == 0 {
			want = corpus.MaxSize
		}
		if got := defaultMaxSize(tc.mem); got != want {
			t.Errorf("defaultMaxSize(%d) = %d, want %d", tc.mem, got, want)
		}
	}
	meminfo := "MemTotal:       16318252 kB\nMemFree:         1234 kB\n"
	if got := memTotal([]byte(meminfo)); got != 16318252*1024 {
		t.Errorf("memTotal = %d, want %d", got, 16318252*1024)
	}
	for _, bad := range []string{"", "MemTotal: lots kB", "MemTotal: 12 MB", "MemFree: 1 kB"} {
		if got := memTotal([]byte(bad)); got != 0 {
			t.Errorf("memTotal(%q) = %d, want 0", bad, got)
		}
	}
}

// TestProgressBars drives the bars as Analyze does, with a stage whose
// total grows, and checks that stop completes them with their counts.
func TestProgressBars(t *testing.T) {
	var out bytes.Buffer
	pr := newProgress(&out, true)
	pr.start = time.Now().Add(-2 * progressDelay) // show at once
	pr.opts = []mpb.ContainerOption{mpb.WithAutoRefresh()}
	cb := pr.callback()
	cb("sign", 5, 10)
	cb("sign", 10, 10)
	cb("verify", 4, 4) // the fingerprint candidates, before the LSH ones are known
	cb("verify", 6, 9)
	cb("verify", 9, 9)
	done := make(chan struct{})
	go func() {
		pr.stop()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not return")
	}
	for _, want := range []string{"signing", "10 / 10", "verifying", "9 / 9"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("progress output lacks %q:\n%s", want, out.String())
		}
	}
}

// shellWords splits a command line as a shell would, for the simple
// quoting of the help's examples.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

// TestHelpExamples runs every example of every command's help on a small
// corpus laid out as the examples expect, and checks that none is a
// usage error or fails, and that a folder is read in every format, as
// the first example says.
func TestHelpExamples(t *testing.T) {
	dir := t.TempDir()
	story := "Putin i-a cerut miliardarului să evite activarea serviciului său de internet prin satelit Starlink în Taiwan, ca o favoare pentru liderul chinez Xi Jinping."
	page := "<html><body><article><p>" + story + " " + story + "</p></article></body></html>"
	for name, text := range map[string]string{
		"articles/a.txt":   story,
		"articles/b.jsonl": `{"id":"b","text":"Alt site: ` + story + `"}`,
		"articles/c.html":  page,
		"feeds/f.rss":      `<?xml version="1.0"?><rss version="2.0"><channel><link>https://f.example/</link><item><title>t</title><description>` + story + `</description></item></channel></rss>`,
		"a.txt":            story,
		"b.txt":            "Alt site: " + story,
		"draft.txt":        "Ciornă: " + story,
		"archive/w.txt":    story + " Mai mult.",
		"export.jsonl":     `{"id":"e","text":"Export: ` + story + `"}`,
		"wire.jsonl":       `{"id":"w","text":"Agenția: ` + story + `"}`,
		"release.txt":      "Comunicat: " + story,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cwd.Lock()
	defer cwd.Unlock()
	t.Chdir(dir)
	// The archive the examples of the archive commands use.
	if _, stderr, code := churnRun(t, "", "add", "news.churn", "a.txt", "b.txt"); code != 0 {
		t.Fatalf("churn add: exit %d\n%s", code, stderr)
	}
	n := 0
	for _, c := range commands {
		for _, line := range strings.Split(c.examples, "\n") {
			line, _, _ = strings.Cut(line, "  #")
			stdin := ""
			for _, seg := range strings.FieldsFunc(line, func(r rune) bool { return r == '|' || r == ';' }) {
				words := shellWords(strings.TrimSpace(seg))
				if len(words) == 2 && words[0] == "cat" {
					b, err := os.ReadFile(words[1])
					if err != nil {
						t.Fatal(err)
					}
					stdin = string(b)
					continue
				}
				if len(words) == 0 || words[0] != "churn" {
					continue
				}
				if i := slices.Index(words, ">"); i >= 0 {
					words = words[:i]
				}
				n++
				out, stderr, code := churnRun(t, stdin, words[1:]...)
				if code > 1 {
					t.Errorf("%s example %q: exit %d\n%s", c.name, seg, code, stderr)
				}
				if c.name == "report" && slices.Equal(words, []string{"churn", "articles/"}) {
					for _, id := range []string{`"id":"a"`, `"id":"b"`, `"id":"c"`} {
						if !strings.Contains(out, id) {
							t.Errorf("churn articles/ read no document %s:\n%s", id, out)
						}
					}
				}
			}
		}
	}
	if n < 8 {
		t.Errorf("ran %d examples", n)
	}
}

// TestStrayByte compares an article with a copy in which one byte was
// damaged: the copy stays UTF-8 (a U+FFFD for the byte), the pair stays
// near 100% similar and its passages are quoted without garbling, and
// standard error says what was replaced and where. Decoding the copy from
// a charset guessed from the bad byte made their Jaccard 0.46.
func TestStrayByte(t *testing.T) {
	clean, err := os.ReadFile("../../corpus/testdata/txt/ro_parc.txt")
	if err != nil {
		t.Fatal(err)
	}
	damaged := []byte(string(clean))
	damaged[300] = 0xFF
	dir := t.TempDir()
	a, b := filepath.Join(dir, "clean.txt"), filepath.Join(dir, "damaged.txt")
	os.WriteFile(a, clean, 0o644)
	os.WriteFile(b, damaged, 0o644)
	out, stderr, code := churnRun(t, "", "--format", "json", a, b)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Documents []struct {
			Notes   []string
			Offsets string
		}
		Pairs []struct {
			Jaccard  float64
			Passages []struct {
				TextB string `json:"text_b"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Pairs) != 1 || res.Pairs[0].Jaccard < 0.95 {
		t.Fatalf("pairs %+v, want one with a Jaccard near 1", res.Pairs)
	}
	for _, q := range res.Pairs[0].Passages {
		if strings.Contains(q.TextB, "Ä") || strings.Contains(q.TextB, "Ă˘") {
			t.Errorf("passage garbled: %q", q.TextB)
		}
	}
	if d := res.Documents[1]; d.Offsets != "decoded" || len(d.Notes) != 1 {
		t.Errorf("damaged copy: offsets %q, notes %q", d.Offsets, d.Notes)
	}
	if res.Documents[0].Offsets != "file" {
		t.Errorf("clean copy: offsets %q, want file", res.Documents[0].Offsets)
	}
	want := "churn: warning: " + b + ": 1 invalid UTF-8 byte replaced by U+FFFD (at byte 300; the rest of the text is valid UTF-8)\n"
	if stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
}

// TestFindHelper checks where churn looks for churn-html: CHURN_HTML,
// then beside its executable (not the case of the test binary), then
// PATH; and what it says when there is none.
func TestFindHelper(t *testing.T) {
	dir := t.TempDir()
	helper := filepath.Join(dir, helperName)
	if err := os.WriteFile(helper, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHURN_HTML", "")
	t.Setenv("PATH", dir)
	if p, err := findHelper(); err != nil || p != helper {
		t.Errorf("on PATH: %q, %v", p, err)
	}
	t.Setenv("PATH", t.TempDir())
	_, err := findHelper()
	if err == nil || !strings.Contains(err.Error(), "reading HTML pages needs churn-html") || !strings.Contains(err.Error(), "go install github.com/churnalism/churn/cmd/...@latest") {
		t.Errorf("no helper: %v", err)
	}
	t.Setenv("CHURN_HTML", helper)
	if p, err := findHelper(); err != nil || p != helper {
		t.Errorf("CHURN_HTML: %q, %v", p, err)
	}
	t.Setenv("CHURN_HTML", filepath.Join(dir, "absent"))
	if _, err := findHelper(); err == nil || !strings.Contains(err.Error(), "CHURN_HTML") {
		t.Errorf("CHURN_HTML naming nothing: %v", err)
	}
}
