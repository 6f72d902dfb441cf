package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/churnalism/churn"
)

func TestJSONLGolden(t *testing.T) {
	res := analyze(t, seedDocs(t), churn.Options{})
	res.Skipped = []churn.Skipped{{Name: "x.bin", Reason: "binary data"}}
	var b bytes.Buffer
	if err := JSONL(&b, res); err != nil {
		t.Fatal(err)
	}
	golden(t, "jsonl_seeds.golden", b.Bytes())

	counts := map[string]int{}
	for i, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, line)
		}
		if rec["schema_version"] != float64(SchemaVersion) {
			t.Errorf("line %d: schema_version %v", i+1, rec["schema_version"])
		}
		typ, _ := rec["type"].(string)
		counts[typ]++
		if !strings.HasPrefix(line, `{"type":"`+typ+`","schema_version":`) {
			t.Errorf("line %d does not start with type and schema_version: %.60s", i+1, line)
		}
	}
	passages := 0
	for _, p := range res.Pairs {
		passages += len(p.Passages)
	}
	want := map[string]int{"document": len(res.Docs), "pair": len(res.Pairs), "passage": passages,
		"cluster": len(res.Clusters), "skipped": 1, "summary": 1}
	for typ, n := range want {
		if counts[typ] != n {
			t.Errorf("%d %s records, want %d", counts[typ], typ, n)
		}
	}
}

func TestCSVTables(t *testing.T) {
	res := analyze(t, seedDocs(t), churn.Options{})
	res.Skipped = []churn.Skipped{{Name: "a,b\t\"c\".txt", Reason: "empty file"}}
	for _, table := range CSVTables() {
		if table == TableMatrix {
			continue // TestCSVFormulaInjection and formats.txtar write it
		}
		for _, sep := range []rune{',', '\t'} {
			var b bytes.Buffer
			if err := CSV(&b, res, table, sep); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			out := slices.Clone(b.Bytes())
			r := csv.NewReader(&b)
			r.Comma = sep
			rows, err := r.ReadAll() // also checks every row has the header's width
			if err != nil {
				t.Fatalf("%s %q: %v", table, sep, err)
			}
			if len(rows) < 2 {
				t.Errorf("%s %q: %d rows, want a header and data", table, sep, len(rows))
			}
			if sep == ',' {
				golden(t, "csv_"+table.String()+".golden", out)
			}
		}
	}
	if err := CSV(&bytes.Buffer{}, res, TableMatrix+1, ','); err == nil || !strings.Contains(err.Error(), "documents, pairs") {
		t.Errorf("unknown table: error %v", err)
	}
}

func TestParseCSVTable(t *testing.T) {
	var names []string
	for _, table := range CSVTables() {
		got, err := ParseCSVTable(table.String())
		if err != nil || got != table {
			t.Errorf("ParseCSVTable(%q) = %v, %v; want %v", table.String(), got, err, table)
		}
		names = append(names, table.String())
	}
	want := "documents, pairs, passages, clusters, skipped, matrix"
	if got := strings.Join(names, ", "); got != want {
		t.Errorf("tables %s, want %s", got, want)
	}
	for _, s := range []string{"nope", "", "Pairs", "CSVTable(6)"} {
		if _, err := ParseCSVTable(s); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), strconv.Quote(s)) {
			t.Errorf("ParseCSVTable(%q): error %v, want one naming it and listing %s", s, err, want)
		}
	}
	if s := CSVTable(-1).String(); s != "CSVTable(-1)" {
		t.Errorf("CSVTable(-1).String() = %q", s)
	}
}

func TestMarkdownGolden(t *testing.T) {
	res := analyze(t, seedDocs(t), churn.Options{})
	var b bytes.Buffer
	if err := Markdown(&b, res, TableOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "markdown_seeds.golden", b.Bytes())
}

func TestMarkdownEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":           `a\|b`,
		"<script>":      "&lt;script&gt;",
		"*bold* _it_":   `\*bold\* \_it\_`,
		"[x](js:alert)": `\[x\](js:alert)`,
	} {
		if got := mdCell(in); got != want {
			t.Errorf("mdCell(%q) = %q, want %q", in, got, want)
		}
	}
}
