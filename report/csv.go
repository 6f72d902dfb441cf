package report

import (
	"io"

	"github.com/churnalism/churn"
)

// CSVOptions are the options of CSVWith and MatrixCSVWith.
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

// CSV writes one table of res (one of Tables) with a header row, fields
// separated by sep (',' for CSV, '\t' for TSV) and quoted as RFC 4180
// requires, text cells neutralised against formula injection (see
// CSVOptions.Raw). The clusters table has one row per member. Lists
// (notes) are joined with "; ", unknown times are empty.
func CSV(w io.Writer, res *churn.Result, table string, sep rune) error {
	return CSVWith(w, res, table, CSVOptions{Comma: sep})
}

// CSVWith is CSV with options.
func CSVWith(w io.Writer, res *churn.Result, table string, opt CSVOptions) error {
	return writeTable(w, res, table, opt)
}

// MatrixCSV writes the similarity matrix of res as a table: a header of
// document IDs, then one row per document, its ID first, the IDs
// neutralised as CSV's cells are. It is an error for a result without a
// matrix.
func MatrixCSV(w io.Writer, res *churn.Result, sep rune) error {
	return MatrixCSVWith(w, res, CSVOptions{Comma: sep})
}

// MatrixCSVWith is MatrixCSV with options.
func MatrixCSVWith(w io.Writer, res *churn.Result, opt CSVOptions) error {
	return writeMatrix(w, res, opt)
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
