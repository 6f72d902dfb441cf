package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/churnalism/churn"
)

// CSVTable is a table CSV and TSV output can write: the records of one
// type JSONL writes, or the similarity matrix.
type CSVTable int

const (
	TableDocuments CSVTable = iota // a row per document
	TablePairs                     // a row per reported pair, most derived first
	TablePassages                  // a row per passage of those pairs
	TableClusters                  // a row per member of a syndication group
	TableSkipped                   // a row per skipped input
	TableMatrix                    // the similarity matrix
)

// tableNames are the names of the tables, by CSVTable.
var tableNames = [...]string{"documents", "pairs", "passages", "clusters", "skipped", "matrix"}

// String returns the table's name: "documents", "pairs", "passages",
// "clusters", "skipped" or "matrix".
func (t CSVTable) String() string {
	if t >= 0 && int(t) < len(tableNames) {
		return tableNames[t]
	}
	return "CSVTable(" + strconv.Itoa(int(t)) + ")"
}

// CSVTables returns every table, in the order JSONL writes their records,
// the matrix last.
func CSVTables() []CSVTable {
	out := make([]CSVTable, len(tableNames))
	for i := range out {
		out[i] = CSVTable(i)
	}
	return out
}

// ParseCSVTable returns the table String names s. Any other name is an
// error that lists the names.
func ParseCSVTable(s string) (CSVTable, error) {
	if i := slices.Index(tableNames[:], s); i >= 0 {
		return CSVTable(i), nil
	}
	return 0, fmt.Errorf("report: no table %q; want one of %s", s, strings.Join(tableNames[:], ", "))
}

// CSVOptions are the options of CSVWith.
type CSVOptions struct {
	// Comma separates fields: ',' for CSV (also the zero value's
	// meaning), '\t' for TSV.
	Comma rune
	// Raw writes text cells as they are. By default a text cell starting
	// with '=', '+', '-', '@', a tab or a carriage return is written
	// with a "'" before it, as OWASP recommends against formula
	// injection (CSV injection): spreadsheets run such cells as formulas,
	// and a document's title, ID, outlet or URL comes from its input,
	// which anyone may have written: "=HYPERLINK(...)" would become a
	// live link. Numbers churn computes are never changed.
	Raw bool
}

// CSV writes one table of res with a header row, fields separated by sep
// (',' for CSV, '\t' for TSV) and quoted as RFC 4180 requires, text cells
// neutralised against formula injection (see CSVOptions.Raw).
//
// A record table has the columns of the JSONL records of its type (see
// docs/json.md); the clusters table has one row per member, in columns
// member, member_index and share. Lists (notes) are joined with "; ",
// unknown times are empty. The matrix has a header of document IDs, then
// one row per document, its ID first; it is an error for a result
// without a matrix.
func CSV(w io.Writer, res *churn.Result, table CSVTable, sep rune) error {
	return CSVWith(w, res, table, CSVOptions{Comma: sep})
}

// CSVWith is CSV with options.
func CSVWith(w io.Writer, res *churn.Result, table CSVTable, opt CSVOptions) error {
	if err := checkResult(res); err != nil {
		return err
	}
	switch table {
	case TableDocuments:
		return writeRecords(w, table, opt, docLines(res))
	case TablePairs:
		return writeRecords(w, table, opt, pairLines(res))
	case TablePassages:
		return writeRecords(w, table, opt, passageLines(res))
	case TableClusters:
		return writeRecords(w, table, opt, clusterRows(res))
	case TableSkipped:
		return writeRecords(w, table, opt, skippedJSON(res))
	case TableMatrix:
		return writeMatrix(w, res, opt)
	}
	return fmt.Errorf("report: no table %v; want one of %s", table, strings.Join(tableNames[:], ", "))
}

// writeRecords writes recs as a table: a column per field, named and
// ordered by the json tags as JSONL has them (see csvColumns).
func writeRecords[T any](w io.Writer, table CSVTable, opt CSVOptions, recs []T) error {
	header, index := csvColumns(reflect.TypeFor[T]())
	return writeCSV(w, table, opt, header, func(yield func([]string) bool) {
		row := make([]string, len(header))
		for _, r := range recs {
			v := reflect.ValueOf(r)
			for i, ix := range index {
				row[i] = opt.cell(v.FieldByIndex(ix).Interface())
			}
			if !yield(row) {
				return
			}
		}
	})
}

// csvColumns returns the names of the fields of the struct type t, by
// their json tags, and their indexes for reflect.Value.FieldByIndex: the
// fields of embedded structs in their place, as encoding/json writes
// them.
func csvColumns(t reflect.Type) (names []string, index [][]int) {
	for _, f := range reflect.VisibleFields(t) {
		if f.Anonymous || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
		index = append(index, f.Index)
	}
	return names, index
}

// writeMatrix writes the similarity matrix of res as a table.
func writeMatrix(w io.Writer, res *churn.Result, opt CSVOptions) error {
	if res.Matrix == nil {
		return fmt.Errorf("report: no matrix: %d documents, above the matrix limit %d", len(res.Docs), res.Options.MatrixLimit)
	}
	header := []string{"id"}
	for _, d := range res.Docs {
		header = append(header, opt.text(d.ID))
	}
	return writeCSV(w, TableMatrix, opt, header, func(yield func([]string) bool) {
		var row []string
		for i, d := range res.Docs {
			row = append(row[:0], opt.text(d.ID))
			for _, x := range res.Matrix[i] {
				row = append(row, cell(float6(x)))
			}
			if !yield(row) {
				return
			}
		}
	})
}

// writeCSV writes a table: the header, then rows.
func writeCSV(w io.Writer, table CSVTable, opt CSVOptions, header []string, rows iter.Seq[[]string]) error {
	cw := csv.NewWriter(w)
	cw.Comma = opt.comma()
	err := cw.Write(header)
	if err == nil {
		for row := range rows {
			if err = cw.Write(row); err != nil {
				break
			}
		}
	}
	if err == nil {
		cw.Flush()
		err = cw.Error()
	}
	if err != nil {
		return fmt.Errorf("report: writing %s: %w", table, err)
	}
	return nil
}

func (o CSVOptions) comma() rune {
	if o.Comma == 0 {
		return ','
	}
	return o.Comma
}

// cell formats a value for a table: text neutralised unless o.Raw.
func (o CSVOptions) cell(v any) string {
	switch v.(type) {
	case string, *string, []string:
		return o.text(cell(v))
	}
	return cell(v)
}

// text returns s as a text cell.
func (o CSVOptions) text(s string) string {
	if o.Raw {
		return s
	}
	return Neutralize(s)
}

// cell formats a value for CSV.
func cell(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case *string:
		if v == nil {
			return ""
		}
		return *v
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case float6:
		b, err := v.MarshalJSON()
		if err != nil {
			return ""
		}
		return string(b)
	case []string:
		return strings.Join(v, "; ")
	}
	return fmt.Sprint(v)
}

// Neutralize returns s with a "'" before it if a spreadsheet could take it
// for a formula: if it starts with '=', '+', '-', '@', a tab or a carriage
// return (OWASP's list). Spreadsheets show the cell without the quote.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
