package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// DefaultTopPairs is the number of pairs Table shows for a corpus too
// large for a matrix when TableOptions.TopPairs is 0.
const DefaultTopPairs = 50

// TableOptions control Table. The zero value gives the defaults.
type TableOptions struct {
	// TopPairs is the number of pairs shown, most similar first, when the
	// Result has no matrix (the corpus has more than
	// Options.MatrixLimit documents). 0 means DefaultTopPairs; a negative
	// value shows every pair. With a matrix, every pair is shown.
	TopPairs int
}

// Table writes res to w as a text report for an 80 to 100 column
// terminal:
//
//   - a heading with the number of documents, the shingle length and the
//     threshold;
//   - if res has a matrix, the exact Jaccard similarity of every pair of
//     documents in percent (see Percent), labelled by document ID;
//   - the verified pairs, most similar first, with their Jaccard
//     similarity, containment both ways, shared shingles and MinHash
//     estimate; without a matrix, only the first TopPairs of them;
//   - a line on what the LSH index proposed;
//   - the inputs that were skipped, with the reason.
//
// The output is plain UTF-8 text without colours or trailing spaces and
// depends only on res and opts. To keep it so whatever the locale, Table
// has tablewriter measure East Asian ambiguous-width characters (such as
// "—" and "·") as narrow, a setting tablewriter keeps process-wide.
//
// Table builds the whole report before writing it, so w receives either
// the complete report or, if rendering fails, nothing.
func Table(w io.Writer, res *churn.Result, opts TableOptions) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	for _, p := range res.Pairs {
		if _, err := docID(res, p.A); err != nil {
			return err
		}
		if _, err := docID(res, p.B); err != nil {
			return err
		}
	}
	if res.Matrix != nil && !square(res.Matrix, len(res.Docs)) {
		return fmt.Errorf("report: matrix is not %d×%d, the number of documents", len(res.Docs), len(res.Docs))
	}

	var b bytes.Buffer
	thr := threshold(res.Options.Threshold)
	fmt.Fprintf(&b, "%s · %d-character shingles · pairs at Jaccard ≥ %s%%\n",
		plural(len(res.Docs), "document", "documents"), res.Options.K, thr)

	pairs := res.Pairs
	more := 0
	if res.Matrix != nil {
		if len(res.Docs) > 0 {
			b.WriteString("\nJaccard similarity, %\n")
			if err := matrixTable(&b, res); err != nil {
				return err
			}
			fmt.Fprintf(&b, "Cells: shared %d-character shingles, %% of all distinct ones in either document.\n", res.Options.K)
		}
	} else {
		top := opts.TopPairs
		switch {
		case top == 0:
			top = DefaultTopPairs
		case top < 0:
			top = len(pairs)
		}
		top = min(top, len(pairs))
		pairs, more = pairs[:top], len(pairs)-top

		b.WriteString("\n")
		if res.Options.MatrixLimit < 0 {
			fmt.Fprintf(&b, "%s: matrix disabled", plural(len(res.Docs), "document", "documents"))
		} else {
			fmt.Fprintf(&b, "%s: too many for a matrix (limit %d)", plural(len(res.Docs), "document", "documents"), res.Options.MatrixLimit)
		}
		if len(pairs) > 0 {
			fmt.Fprintf(&b, "; showing the top %s", plural(len(pairs), "pair", "pairs"))
		}
		b.WriteString("\n")
	}

	b.WriteString("\n")
	if len(res.Pairs) == 0 {
		fmt.Fprintf(&b, "No pair of documents reaches Jaccard ≥ %s%%.\n", thr)
	} else {
		fmt.Fprintf(&b, "%s at Jaccard ≥ %s%%", capitalize(plural(len(res.Pairs), "pair", "pairs")), thr)
		if len(res.Pairs) > 1 {
			b.WriteString(", most similar first")
		}
		b.WriteString("\n")
		if err := pairTable(&b, res, pairs); err != nil {
			return err
		}
		if more > 0 {
			fmt.Fprintf(&b, "… and %d more not shown.\n", more)
		}
		b.WriteString("A in B: % of A's shingles also in B. MinHash: Jaccard % estimated by MinHash.\n")
	}
	b.WriteString(lshLine(res))

	if len(res.Skipped) > 0 {
		fmt.Fprintf(&b, "\nSkipped %s:\n", plural(len(res.Skipped), "input", "inputs"))
		for _, s := range res.Skipped {
			fmt.Fprintf(&b, "  %s: %s\n", printable(s.Name), printable(s.Reason))
		}
	}

	if _, err := w.Write(trimTrailingSpace(b.Bytes())); err != nil {
		return fmt.Errorf("report: writing table: %w", err)
	}
	return nil
}

// matrixTable writes the similarity matrix of res.
func matrixTable(b *bytes.Buffer, res *churn.Result) error {
	n := len(res.Docs)
	header := make([]any, 0, n+1)
	header = append(header, "")
	for _, d := range res.Docs {
		header = append(header, d.ID)
	}
	align := make([]tw.Align, n+1)
	align[0] = tw.AlignLeft
	for i := 1; i <= n; i++ {
		align[i] = tw.AlignRight
	}
	t := newTable(b, align)
	t.Header(header...)
	for i, d := range res.Docs {
		row := make([]string, 0, n+1)
		row = append(row, d.ID)
		for j, x := range res.Matrix[i] {
			if i == j {
				row = append(row, "—")
			} else {
				row = append(row, Percent(x))
			}
		}
		if err := t.Append(row); err != nil {
			return fmt.Errorf("report: matrix row %d: %w", i, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: rendering matrix: %w", err)
	}
	return nil
}

// pairTable writes the pairs ps of res.
func pairTable(b *bytes.Buffer, res *churn.Result, ps []churn.Pair) error {
	t := newTable(b, []tw.Align{
		tw.AlignRight, tw.AlignLeft, tw.AlignLeft, // #, A, B
		tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight,
	})
	t.Header("#", "A", "B", "Jaccard %", "A in B %", "B in A %", "Shared", "MinHash %")
	for i, p := range ps {
		row := []string{
			strconv.Itoa(i + 1),
			res.Docs[p.A].ID,
			res.Docs[p.B].ID,
			Percent(p.Jaccard),
			Percent(p.ContainmentA),
			Percent(p.ContainmentB),
			strconv.Itoa(p.Shared),
			Percent(p.Estimate),
		}
		if err := t.Append(row); err != nil {
			return fmt.Errorf("report: pair %d: %w", i+1, err)
		}
	}
	if err := t.Render(); err != nil {
		return fmt.Errorf("report: rendering pairs: %w", err)
	}
	return nil
}

// newTable returns a borderless table writing to w, with a line of dashes
// under the header, that aligns the cells of column i, header included,
// as align[i]: text to the left, numbers to the right.
func newTable(w io.Writer, align []tw.Align) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleASCII),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.On},
			},
		})),
		tablewriter.WithEastAsian(tw.Off),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
}

// lshLine says what the LSH index did, and what that means for the pairs.
func lshLine(res *churn.Result) string {
	s := fmt.Sprintf("LSH (%d bands × %d rows) proposed %s",
		res.LSH.Bands, res.LSH.Rows, plural(res.Candidates, "candidate pair", "candidate pairs"))
	missed := 0
	for _, p := range res.Pairs {
		if !p.Candidate {
			missed++
		}
	}
	switch {
	case res.Matrix == nil:
		s += ".\nWithout a matrix only candidates are compared: a pair LSH misses is not listed"
	case missed == 1 && len(res.Pairs) == 1:
		s += "; it missed the pair above"
	case missed > 0:
		s += fmt.Sprintf("; it missed %d of the pairs above", missed)
	}
	return s + ".\n"
}

// square reports whether m is an n×n matrix.
func square(m [][]float64, n int) bool {
	if len(m) != n {
		return false
	}
	for _, row := range m {
		if len(row) != n {
			return false
		}
	}
	return true
}

// threshold formats a threshold in percent exactly, not to two significant
// digits as Percent does: the user chose it, and 12.5 must not read 13.
func threshold(t float64) string {
	return strconv.FormatFloat(math.Round(t*100*1e4)/1e4, 'f', -1, 64)
}

// printable returns s, or s quoted if it holds control characters or
// invalid UTF-8 that would break the layout of a line.
func printable(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

// plural returns n followed by the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// capitalize upper-cases the first byte of an ASCII string.
func capitalize(s string) string {
	if s != "" && 'a' <= s[0] && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// trimTrailingSpace removes spaces at the end of every line of text.
func trimTrailingSpace(text []byte) []byte {
	lines := bytes.SplitAfter(text, []byte("\n"))
	out := make([]byte, 0, len(text))
	for _, l := range lines {
		body, nl := bytes.CutSuffix(l, []byte("\n"))
		out = append(out, bytes.TrimRight(body, " ")...)
		if nl {
			out = append(out, '\n')
		}
	}
	return out
}
