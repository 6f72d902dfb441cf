package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/report/internal/reporttest"
	"github.com/churnalism/churn/seeds"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedDocs returns the embedded sample corpus as documents.
func seedDocs(t *testing.T) []churn.Document {
	t.Helper()
	var docs []churn.Document
	for _, a := range seeds.Articles() {
		docs = append(docs, churn.Document{ID: a.ID, Name: a.Name, Text: a.Text})
	}
	if len(docs) == 0 {
		t.Fatal("no seed documents")
	}
	return docs
}

// clusterDocs returns n documents in groups of three near-duplicates: the
// members of a group share all but their last sentence, and groups share
// no words.
func clusterDocs(n int) []churn.Document {
	docs := make([]churn.Document, n)
	for i := range docs {
		g := i / 3
		var b strings.Builder
		for j := range 80 {
			fmt.Fprintf(&b, "w%dx%d ", g, (j*37+g*11)%97)
		}
		fmt.Fprintf(&b, "variant %d closes group %d.", i%3, g)
		docs[i] = churn.Document{
			ID:   fmt.Sprintf("g%d-%d", g, i%3),
			Name: fmt.Sprintf("synthetic/group%d/%d.txt", g, i%3),
			Text: []byte(b.String()),
		}
	}
	return docs
}

func analyze(t *testing.T, docs []churn.Document, opts churn.Options) *churn.Result {
	t.Helper()
	res, err := churn.Analyze(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./report -update if the change is intended)\n--- got:\n%s\n--- want:\n%s", path, got, want)
	}
}

func renderTable(t *testing.T, res *churn.Result, opts TableOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Table(&b, res, opts); err != nil {
		t.Fatal(err)
	}
	checkText(t, b.Bytes())
	return b.Bytes()
}

func renderJSON(t *testing.T, res *churn.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := JSON(&b, res); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(b.Bytes()) {
		t.Fatalf("invalid JSON:\n%s", b.Bytes())
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("}\n")) {
		t.Errorf("JSON does not end with a newline")
	}
	return b.Bytes()
}

// checkText checks properties every table report must have.
func checkText(t *testing.T, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Errorf("output is not valid UTF-8")
	}
	if bytes.IndexByte(out, 0x1b) >= 0 {
		t.Errorf("output contains an escape sequence")
	}
	if !bytes.HasSuffix(out, []byte("\n")) {
		t.Errorf("output does not end with a newline")
	}
	for i, line := range strings.Split(string(out), "\n") {
		if strings.TrimRight(line, " \t") != line {
			t.Errorf("line %d has trailing space: %q", i+1, line)
		}
	}
}

func TestTableSeeds(t *testing.T) {
	res := analyze(t, seedDocs(t), churn.Options{})
	if res.Matrix == nil {
		t.Fatalf("the seeds got no matrix: MatrixLimit %d", res.Options.MatrixLimit)
	}
	out := renderTable(t, res, TableOptions{})
	golden(t, "table_seeds.golden", out)

	// Compact enough for a 100-column terminal.
	for i, line := range strings.Split(string(out), "\n") {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("line %d is %d columns wide: %q", i+1, n, line)
		}
	}
	// The same Result renders to the same bytes, and so does a second
	// analysis of the same documents.
	if again := renderTable(t, analyze(t, seedDocs(t), churn.Options{}), TableOptions{}); !bytes.Equal(out, again) {
		t.Errorf("second rendering differs:\n%s\n---\n%s", out, again)
	}
}

func TestJSONSeeds(t *testing.T) {
	res := analyze(t, seedDocs(t), churn.Options{})
	golden(t, "json_seeds.golden", renderJSON(t, res))
}

func TestTableLarge(t *testing.T) {
	res := analyze(t, clusterDocs(12), churn.Options{MatrixLimit: 6})
	if res.Matrix != nil {
		t.Fatal("12 documents with MatrixLimit 6 gave a matrix")
	}
	const top = 5
	if len(res.Pairs) <= top {
		t.Fatalf("%d pairs, want more than %d to test the cut", len(res.Pairs), top)
	}
	out := renderTable(t, res, TableOptions{TopPairs: top})
	golden(t, "table_large.golden", out)
	if want := fmt.Sprintf("%d more not shown", len(res.Pairs)-top); !bytes.Contains(out, []byte(want)) {
		t.Errorf("output does not say %q", want)
	}
	golden(t, "json_large.golden", renderJSON(t, res))
}

func TestTableLimit(t *testing.T) {
	docs := clusterDocs(6)
	res := analyze(t, docs, churn.Options{MatrixLimit: len(docs) - 1})
	out := renderTable(t, res, TableOptions{})
	want := fmt.Sprintf("%d documents: too many for a matrix (limit %d); showing the top %d pairs",
		len(docs), len(docs)-1, len(res.Pairs))
	if !bytes.Contains(out, []byte(want)) {
		t.Errorf("output does not contain %q:\n%s", want, out)
	}
}

func TestTopPairs(t *testing.T) {
	res := analyze(t, clusterDocs(12), churn.Options{MatrixLimit: -1})
	// count counts the pair rows: the lines that follow the line of
	// dashes under the header and start with a space.
	count := func(out []byte) int {
		n, in := 0, false
		for _, l := range strings.Split(string(out), "\n") {
			switch {
			case strings.HasPrefix(l, "---"):
				in = true
			case in && strings.HasPrefix(l, " "):
				n++
			case in:
				return n
			}
		}
		return n
	}
	for _, tc := range []struct {
		top, want int
	}{
		{0, min(DefaultTopPairs, len(res.Pairs))},
		{-1, len(res.Pairs)},
		{1, 1},
		{3, 3},
		{1000, len(res.Pairs)},
	} {
		var b bytes.Buffer
		if err := Table(&b, res, TableOptions{TopPairs: tc.top}); err != nil {
			t.Fatal(err)
		}
		if got := count(b.Bytes()); got != tc.want {
			t.Errorf("TopPairs %d: %d pair rows, want %d", tc.top, got, tc.want)
		}
	}
}

func TestTableNoPairs(t *testing.T) {
	res := analyze(t, reporttest.Unrelated(), churn.Options{})
	if len(res.Pairs) != 0 {
		t.Fatalf("unrelated documents gave %d pairs", len(res.Pairs))
	}
	golden(t, "table_nopairs.golden", renderTable(t, res, TableOptions{}))

	res = analyze(t, reporttest.Unrelated(), churn.Options{MatrixLimit: -1})
	golden(t, "table_nopairs_nomatrix.golden", renderTable(t, res, TableOptions{}))
}

func TestSkipped(t *testing.T) {
	res := analyze(t, reporttest.Unrelated()[:2], churn.Options{})
	res.Skipped = []churn.Skipped{
		{Name: "photos/cover.jpg", Reason: "binary data (NUL byte at offset 12)"},
		{Name: "notes/empty.txt", Reason: "empty file"},
		{Name: "odd\nname.txt", Reason: "invalid UTF-8"},
	}
	golden(t, "table_skipped.golden", renderTable(t, res, TableOptions{}))
	golden(t, "json_skipped.golden", renderJSON(t, res))
}

func TestEmpty(t *testing.T) {
	res := analyze(t, nil, churn.Options{})
	out := renderTable(t, res, TableOptions{})
	if !bytes.HasPrefix(out, []byte("0 documents")) {
		t.Errorf("empty corpus: %q", out)
	}
	js := renderJSON(t, res)
	for _, want := range []string{`"documents": []`, `"pairs": []`, `"skipped": []`} {
		if !bytes.Contains(js, []byte(want)) {
			t.Errorf("empty corpus: JSON lacks %s:\n%s", want, js)
		}
	}
}

// TestEastAsian checks that the table does not depend on tablewriter's
// process-wide East Asian width setting, which it derives from the locale.
func TestEastAsian(t *testing.T) {
	res := analyze(t, seedDocs(t), churn.Options{})
	want := renderTable(t, res, TableOptions{})
	twwidth.SetEastAsian(true)
	defer twwidth.SetEastAsian(false)
	if got := renderTable(t, res, TableOptions{}); !bytes.Equal(got, want) {
		t.Errorf("East Asian width changed the table:\n%s\n---\n%s", got, want)
	}
}

// keys returns the keys of the JSON object at the start of dec, in order,
// with their raw values.
func keys(t *testing.T, raw json.RawMessage) ([]string, map[string]json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", raw)
	}
	var order []string
	vals := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		k := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		order = append(order, k)
		vals[k] = v
	}
	return order, vals
}

func TestJSONSchema(t *testing.T) {
	res := analyze(t, seedDocs(t), churn.Options{})
	res.Skipped = []churn.Skipped{{Name: "x.bin", Reason: "binary data"}}
	out := renderJSON(t, res)

	check := func(what string, got []string, want ...string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s keys:\n got %q\nwant %q", what, got, want)
		}
	}
	top, vals := keys(t, out)
	check("top-level", top, "schema_version", "options", "lsh", "documents", "matrix", "pairs", "candidates", "lsh_candidates", "fingerprint_candidates", "gram_candidates", "clusters", "skipped")
	opts, _ := keys(t, vals["options"])
	check("options", opts, "k", "num_hashes", "seed", "threshold", "containment", "report_passage", "derivation_partial", "derivation_whole", "rare_docs", "lsh_threshold", "window",
		"min_fingerprints", "boilerplate_docs", "keep_lists", "min_passage", "max_gap", "keep_accents", "matrix_limit")
	lsh, _ := keys(t, vals["lsh"])
	check("lsh", lsh, "bands", "rows")

	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Options       struct {
			K         int     `json:"k"`
			Threshold float64 `json:"threshold"`
		} `json:"options"`
		Documents []json.RawMessage `json:"documents"`
		Matrix    [][]float64       `json:"matrix"`
		Pairs     []json.RawMessage `json:"pairs"`
		Skipped   []json.RawMessage `json:"skipped"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != SchemaVersion {
		t.Errorf("schema_version %d", doc.SchemaVersion)
	}
	if doc.Options.K != res.Options.K || doc.Options.Threshold != res.Options.Threshold {
		t.Errorf("options %+v, want k %d threshold %v", doc.Options, res.Options.K, res.Options.Threshold)
	}
	if len(doc.Documents) != len(res.Docs) {
		t.Fatalf("%d documents, want %d", len(doc.Documents), len(res.Docs))
	}
	d, _ := keys(t, doc.Documents[0])
	check("document", d, "id", "name", "bytes", "chars", "shingles", "boilerplate_bytes",
		"url", "title", "outlet", "published", "lang", "notes", "offsets")
	if len(doc.Matrix) != len(res.Docs) {
		t.Errorf("matrix has %d rows, want %d", len(doc.Matrix), len(res.Docs))
	}
	for i, row := range doc.Matrix {
		for j, x := range row {
			if d := x - res.Matrix[i][j]; d > 5e-7 || d < -5e-7 {
				t.Errorf("matrix[%d][%d] = %v, want %v to 6 places", i, j, x, res.Matrix[i][j])
			}
		}
	}
	if len(doc.Pairs) != len(res.Pairs) {
		t.Fatalf("%d pairs, want %d", len(doc.Pairs), len(res.Pairs))
	}
	if len(doc.Pairs) > 0 {
		p, _ := keys(t, doc.Pairs[0])
		check("pair", p, "a", "b", "a_index", "b_index", "jaccard", "containment_a", "containment_b",
			"shared_shingles", "estimate", "lsh_candidate", "shared_fingerprints", "coverage_a", "coverage_b",
			"shared_grams", "reuse", "reuse_a", "reuse_b", "derived", "class", "passages")
		var pair struct {
			Passages []json.RawMessage `json:"passages"`
		}
		if err := json.Unmarshal(doc.Pairs[0], &pair); err != nil {
			t.Fatal(err)
		}
		if len(pair.Passages) == 0 {
			t.Fatalf("the seeds' first pair has no passages")
		}
		q, _ := keys(t, pair.Passages[0])
		check("passage", q, "a_start", "a_end", "b_start", "b_end", "chars_a", "chars_b", "matched", "identical", "rarity", "text_a", "text_b")
	}
	if len(doc.Skipped) != 1 {
		t.Fatalf("%d skipped, want 1", len(doc.Skipped))
	}
	s, _ := keys(t, doc.Skipped[0])
	check("skipped", s, "name", "reason", "kind")
}

func TestJSONNullMatrix(t *testing.T) {
	res := analyze(t, reporttest.Unrelated(), churn.Options{MatrixLimit: -1})
	if out := renderJSON(t, res); !bytes.Contains(out, []byte(`"matrix": null`)) {
		t.Errorf("no null matrix:\n%s", out)
	}
}

func TestFloat6(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{1, "1"},
		{0.1, "0.1"},
		{0.25, "0.25"},
		{1.0 / 3, "0.333333"},
		{2.0 / 3, "0.666667"},
		{0.1234565, "0.123457"},
		{1e-9, "0"},
		{-1e-9, "0"},
		{0.9999999, "1"},
	} {
		got, err := float6(tc.x).MarshalJSON()
		if err != nil || string(got) != tc.want {
			t.Errorf("float6(%v) = %s, %v; want %s", tc.x, got, err, tc.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"},
		{0.00012, "0.012"},
		{0.0095, "0.95"},
		{0.083, "8.3"},
		{0.17, "17"},
		{0.999, "99.9"},
		{1, "100"},

		{0.08, "8.0"},
		{0.1, "10"},
		{0.5, "50"},
		{0.012, "1.2"},
		{0.0999, "10"},   // rounds up into the next decade: still 2 digits
		{0.00999, "1.0"}, // likewise
		{0.99, "99"},
		{0.994, "99"},
		{0.9996, ">99.9"},
		{0.0000001, "<0.01"},
		{0.0001, "0.010"},
	} {
		if got := Percent(tc.x); got != tc.want {
			t.Errorf("Percent(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

// errWriter fails every write.
type errWriter struct{ err error }

func (w errWriter) Write([]byte) (int, error) { return 0, w.err }

func TestErrors(t *testing.T) {
	res := analyze(t, reporttest.Unrelated(), churn.Options{})
	boom := errors.New("disk full")

	for name, err := range map[string]error{
		"Table":     Table(errWriter{boom}, res, TableOptions{}),
		"JSON":      JSON(errWriter{boom}, res),
		"Table nil": Table(&bytes.Buffer{}, nil, TableOptions{}),
		"JSON nil":  JSON(&bytes.Buffer{}, nil),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("%s: error %q lacks the prefix", name, err)
		}
		if !strings.Contains(name, "nil") && !errors.Is(err, boom) {
			t.Errorf("%s: error %q does not wrap the writer's", name, err)
		}
	}

	bad := *res
	bad.Pairs = []churn.Pair{{A: 0, B: len(res.Docs)}}
	var b bytes.Buffer
	if err := Table(&b, &bad, TableOptions{}); err == nil || b.Len() > 0 {
		t.Errorf("Table with a pair out of range: error %v, wrote %q", err, b.String())
	}
	if err := JSON(&b, &bad); err == nil || b.Len() > 0 {
		t.Errorf("JSON with a pair out of range: error %v, wrote %q", err, b.String())
	}
	bad = *res
	bad.Matrix = bad.Matrix[:1]
	if err := Table(&b, &bad, TableOptions{}); err == nil || b.Len() > 0 {
		t.Errorf("Table with a short matrix: error %v, wrote %q", err, b.String())
	}
}

// TestJSONDocumented checks that docs/json.md documents every key JSON
// and JSONL write and every column of the CSV tables (but the matrix's),
// and no key none of them writes.
func TestJSONDocumented(t *testing.T) {
	md, err := os.ReadFile("../docs/json.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	row := regexp.MustCompile("(?m)^\\| ((?:`[a-z_]+`(?:, )?)+) \\|")
	for _, m := range row.FindAllStringSubmatch(string(md), -1) {
		for _, k := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(m[1], -1) {
			documented[k[1]] = true
		}
	}
	res := analyze(t, seedDocs(t), churn.Options{})
	res.Skipped = []churn.Skipped{{Name: "x.bin", Reason: "binary data"}}
	var v any
	if err := json.Unmarshal(renderJSON(t, res), &v); err != nil {
		t.Fatal(err)
	}
	written := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				written[k] = true
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	var lines bytes.Buffer
	if err := JSONL(&lines, res); err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(lines.String()) {
		v = nil
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatal(err)
		}
		walk(v)
	}
	for _, table := range CSVTables() {
		if table == TableMatrix {
			continue // its columns are document IDs
		}
		var b bytes.Buffer
		if err := CSV(&b, res, table, ','); err != nil {
			t.Fatal(err)
		}
		header, _, _ := strings.Cut(b.String(), "\n")
		for k := range strings.SplitSeq(header, ",") {
			written[k] = true
		}
	}
	for k := range written {
		if !documented[k] {
			t.Errorf("key %q is written but not documented in docs/json.md", k)
		}
	}
	for k := range documented {
		if !written[k] {
			t.Errorf("key %q is documented in docs/json.md but not written", k)
		}
	}
}
