package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/reuse"
	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter/tw"
)

// DefaultTopPairs is the number of pairs Table shows for a corpus too
// large for a matrix when TableOptions.TopPairs is 0.
const DefaultTopPairs = 50

// Sections selects the parts of a report. The zero value means all.
type Sections struct {
	Matrix, Pairs, Passages, Clusters bool
}

// AllSections selects every part of a report.
var AllSections = Sections{Matrix: true, Pairs: true, Passages: true, Clusters: true}

func (s Sections) orAll() Sections {
	if s == (Sections{}) {
		return AllSections
	}
	return s
}

// TableOptions control Table and Markdown. The zero value gives the
// defaults.
type TableOptions struct {
	// Sections are the parts to print; the zero value prints all.
	Sections Sections
	// Color shades matrix cells by similarity with ANSI colours, for a
	// terminal. Output with Color is not meant for files.
	Color bool
	// TopPairs is the number of pairs shown, in the order of
	// Result.Pairs (highest reuse score first), when the
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
//   - the reported pairs, in the order of Result.Pairs (highest reuse
//     score first), with their Jaccard
//     similarity, containment both ways, shared shingles and MinHash
//     estimate; without a matrix, only the first TopPairs of them;
//   - a line on what the LSH index proposed;
//   - the inputs that were skipped, with the reason.
//
// The output is plain UTF-8 text without trailing spaces, without colours
// unless opts.Color is set, and
// depends only on res and opts, not on the locale: the tables count East
// Asian ambiguous-width characters (such as "—" and "·") as one column,
// whatever tablewriter's process-wide width setting (see narrowCells).
//
// Table builds the whole report before writing it, so w receives either
// the complete report or, if rendering fails, nothing.
func Table(w io.Writer, res *churn.Result, opts TableOptions) error {
	if err := checkResult(res); err != nil {
		return err
	}
	if res.Matrix != nil && !square(res.Matrix, len(res.Docs)) {
		return fmt.Errorf("report: matrix is not %d×%d, the number of documents", len(res.Docs), len(res.Docs))
	}

	var b bytes.Buffer
	rule := reportRule(res.Options)
	fmt.Fprintf(&b, "%s · %d-character shingles\n%s\n",
		Plural(len(res.Docs), "document", "documents"), res.Options.K, wrap("Pairs reported: "+rule+".", lineWidth, ""))
	if err := boilerplateLine(&b, res); err != nil {
		return err
	}

	sec := opts.Sections.orAll()
	pairs := res.Pairs
	more := 0
	if res.Matrix != nil {
		if len(res.Docs) > 0 && sec.Matrix {
			b.WriteString("\nJaccard similarity, %\n")
			if err := matrixTable(&b, res, opts.Color); err != nil {
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
			fmt.Fprintf(&b, "%s: matrix disabled", Plural(len(res.Docs), "document", "documents"))
		} else {
			fmt.Fprintf(&b, "%s: too many for a matrix (limit %d)", Plural(len(res.Docs), "document", "documents"), res.Options.MatrixLimit)
		}
		if len(pairs) > 0 {
			fmt.Fprintf(&b, "; showing the top %s", Plural(len(pairs), "pair", "pairs"))
		}
		b.WriteString("\n")
	}

	if sec.Pairs {
		b.WriteString("\n")
		if len(res.Pairs) == 0 {
			b.WriteString("No pair of documents shares enough text to report.\n")
		} else {
			fmt.Fprintf(&b, "%s reported", capitalize(Plural(len(res.Pairs), "pair", "pairs")))
			if len(res.Pairs) > 1 {
				b.WriteString(", most derived first")
			}
			b.WriteString("\n")
			if err := pairTable(&b, res, pairs); err != nil {
				return err
			}
			if more > 0 {
				fmt.Fprintf(&b, "… and %d more not shown.\n", more)
			}
			b.WriteString(legend)
		}
		b.WriteString(lshLine(res))
	}
	if sec.Clusters {
		clusterSection(&b, res)
	}
	if sec.Passages {
		for _, p := range pairs {
			passages(&b, res, p)
		}
	}

	if len(res.Skipped) > 0 {
		fmt.Fprintf(&b, "\nSkipped %s:\n", Plural(len(res.Skipped), "input", "inputs"))
		for _, s := range res.Skipped {
			fmt.Fprintf(&b, "  %s: %s\n", printable(s.Name), printable(s.Reason))
		}
	}

	if _, err := w.Write(trimTrailingSpace(b.Bytes())); err != nil {
		return fmt.Errorf("report: writing table: %w", err)
	}
	return nil
}

// matrixTable writes the similarity matrix of res, its cells shaded by
// value if color is set.
func matrixTable(b *bytes.Buffer, res *churn.Result, color bool) error {
	n := len(res.Docs)
	header := make([]string, 0, n+1)
	header = append(header, "")
	for _, d := range res.Docs {
		header = append(header, d.ID)
	}
	align := make([]tw.Align, n+1)
	align[0] = tw.AlignLeft
	for i := 1; i <= n; i++ {
		align[i] = tw.AlignRight
	}
	rows := make([][]string, 0, n)
	for i, d := range res.Docs {
		row := make([]string, 0, n+1)
		row = append(row, d.ID)
		for j, x := range res.Matrix[i] {
			if i == j {
				row = append(row, "—")
			} else if color {
				row = append(row, heat(x, res.Options.Threshold)+Percent(x)+"\x1b[0m")
			} else {
				row = append(row, Percent(x))
			}
		}
		rows = append(rows, row)
	}
	if i, err := layoutTable(b, align, header, rows); err != nil {
		if i >= 0 {
			return fmt.Errorf("report: matrix row %d: %w", i, err)
		}
		return fmt.Errorf("report: rendering matrix: %w", err)
	}
	return nil
}

// pairTable writes the pairs ps of res.
func pairTable(b *bytes.Buffer, res *churn.Result, ps []churn.Pair) error {
	align := []tw.Align{
		tw.AlignRight, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, // #, A, B, derived, class
		tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight,
	}
	header := []string{"#", "A", "B", "Derived", "Class", "Reuse %", "Jaccard %", "Passages", "Cover A %", "Cover B %"}
	rows := make([][]string, 0, len(ps))
	for i, p := range ps {
		derived := "?"
		if id := derivedID(res, p); id != nil {
			derived = *id
		}
		rows = append(rows, []string{
			strconv.Itoa(i + 1),
			res.Docs[p.A].ID,
			res.Docs[p.B].ID,
			derived,
			shortClass(p.Class),
			Percent(p.Reuse),
			Percent(p.Jaccard),
			strconv.Itoa(len(p.Passages)),
			Percent(p.CoverageA),
			Percent(p.CoverageB),
		})
	}
	if i, err := layoutTable(b, align, header, rows); err != nil {
		if i >= 0 {
			return fmt.Errorf("report: pair %d: %w", i+1, err)
		}
		return fmt.Errorf("report: rendering pairs: %w", err)
	}
	return nil
}

// shortClass names a class in a table cell: "whole", "partial" or "none".
func shortClass(c reuse.Class) string {
	switch c {
	case reuse.WhollyDerived:
		return "whole"
	case reuse.PartiallyDerived:
		return "partial"
	default:
		return "none"
	}
}

// clusterSection lists the syndication groups: members, origin, and how
// much of each member the group's shared text makes up.
func clusterSection(b *bytes.Buffer, res *churn.Result) {
	if len(res.Clusters) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s (origin first; %% of each member in text shared with the group):\n",
		capitalize(Plural(len(res.Clusters), "syndication group", "syndication groups")))
	for i, c := range res.Clusters {
		by := "contains what the others share"
		if c.OriginBy == "published" {
			by = "published first"
		}
		var ms []string
		for _, m := range c.Members {
			ms = append(ms, fmt.Sprintf("%s %s%%", res.Docs[m.Doc].ID, Percent(m.Share)))
		}
		line := fmt.Sprintf("%s  (origin %s: %s)", strings.Join(ms, ", "), res.Docs[c.Origin].ID, by)
		prefix := fmt.Sprintf("  %-4s", clusterID(i))
		b.WriteString(prefix + wrap(line, lineWidth-len(prefix), strings.Repeat(" ", len(prefix))) + "\n")
	}
}

// legend explains the columns of the pair table.
const legend = `Derived: the later published (? without dates). Class: partially or wholly derived.
Reuse: % of the derived document's wording (letter 5-grams, weighed by rarity) found in
the other; without dates, the lower of the two. Cover: % of the document's bytes inside
shared passages.
`

// reportRule says which pairs are reported, as churn.Analyze decides.
func reportRule(o churn.Options) string {
	return fmt.Sprintf("reuse ≥ %s%% (partially derived; wholly from %s%%), Jaccard ≥ %s%%, distinctive passages ≥ %s%% of either document, or one ≥ %d characters",
		threshold(o.Derivation.Partial), threshold(o.Derivation.Whole), threshold(o.Threshold), threshold(o.Containment), o.ReportPassage)
}

// maxQuote is the longest passage quoted whole, in characters; longer
// ones are shortened in the middle.
const maxQuote = 300

// lineWidth is the width, in terminal columns, that quotes are wrapped to.
const lineWidth = 100

// wrap breaks s at spaces into lines of at most width terminal columns
// (wide East Asian characters count two), joined by a newline and indent.
// A word wider than width is broken where it must be.
func wrap(s string, width int, indent string) string {
	var out strings.Builder
	col := 0
	for i, word := range strings.Split(s, " ") {
		for word != "" {
			ww := runewidth.StringWidth(word)
			switch {
			case i > 0 && col > 0 && col+1+ww <= width:
				out.WriteByte(' ')
				col++
			case col > 0:
				out.WriteString("\n" + indent)
				col = 0
			}
			if ww <= width-col {
				out.WriteString(word)
				col += ww
				word = ""
				continue
			}
			// Too wide for a line of its own (CJK text has no spaces).
			n, c := 0, 0
			for j, r := range word {
				rw := runewidth.RuneWidth(r)
				if c+rw > width-col && j > 0 {
					break
				}
				c += rw
				n = j + utf8.RuneLen(r)
			}
			out.WriteString(word[:n])
			col += c
			word = word[n:]
			if word != "" {
				out.WriteString("\n" + indent)
				col = 0
			}
		}
	}
	return out.String()
}

// passages writes the passages of pair p, each with its byte offsets in
// both documents and both sides quoted.
func passages(b *bytes.Buffer, res *churn.Result, p churn.Pair) {
	if len(p.Passages) == 0 {
		return
	}
	a, bb := res.Docs[p.A].ID, res.Docs[p.B].ID
	fmt.Fprintf(b, "\n%s ↔ %s (%s, reuse %s%%): %s, %s%% of %s and %s%% of %s\n", a, bb,
		p.Class, Percent(p.Reuse), Plural(len(p.Passages), "shared passage", "shared passages"),
		Percent(p.CoverageA), a, Percent(p.CoverageB), bb)
	w := len(a)
	if len(bb) > w {
		w = len(bb)
	}
	for i, q := range p.Passages {
		how := Percent(q.Matched) + "% matched"
		if q.Identical {
			how = "identical"
		}
		if q.Rarity < 0.995 {
			how += " · " + Percent(q.Rarity) + "% rare wording"
		}
		fmt.Fprintf(b, "  [%d] %s bytes %d–%d · %s bytes %d–%d · %d chars · %s\n",
			i+1, a, q.A.Start, q.A.End, bb, q.B.Start, q.B.End, q.CharsA, how)
		indent := strings.Repeat(" ", 6+w+2)
		fmt.Fprintf(b, "      %-*s %s\n", w, a+":", wrap(quote(q.TextA), lineWidth-len(indent), indent))
		fmt.Fprintf(b, "      %-*s %s\n", w, bb+":", wrap(quote(q.TextB), lineWidth-len(indent), indent))
	}
}

// quote returns text on one line, white space collapsed, in quotation
// marks, shortened in the middle if it is longer than maxQuote characters.
func quote(text string) string {
	f := strings.Fields(text)
	s := strings.Join(f, " ")
	if r := []rune(s); len(r) > maxQuote {
		s = strings.TrimRight(string(r[:maxQuote/2-1]), " ") + " … " + strings.TrimLeft(string(r[len(r)-maxQuote/2+1:]), " ")
	}
	return "«" + clean(s) + "»"
}

// boilerplateLine says how much of each document was treated as
// boilerplate, if any was.
func boilerplateLine(b *bytes.Buffer, res *churn.Result) error {
	var parts []string
	for _, d := range res.Docs {
		if d.Boilerplate > 0 && d.Bytes > 0 {
			parts = append(parts, fmt.Sprintf("%s %s%%", d.ID, Percent(float64(d.Boilerplate)/float64(d.Bytes))))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	const most = 10
	more := ""
	if len(parts) > most {
		more = fmt.Sprintf(" and %d more documents", len(parts)-most)
		parts = parts[:most]
	}
	_, err := fmt.Fprintf(b, "Boilerplate left out (link lists, text in more than %d documents): %s%s\n",
		res.Options.BoilerplateDocs, strings.Join(parts, ", "), more)
	return err
}

// heat returns the ANSI escape that shades a cell of similarity x: dim
// below a tenth of the threshold, then yellow, orange and red as x nears
// and passes it.
func heat(x, threshold float64) string {
	switch {
	case x >= threshold:
		return "\x1b[1;97;41m" // bold white on red
	case x >= threshold/2:
		return "\x1b[30;43m" // black on yellow
	case x >= threshold/10:
		return "\x1b[33m" // yellow
	default:
		return "\x1b[2m" // dim
	}
}

// lshLine says how pairs were proposed for verification, and what that
// means for the pairs listed.
func lshLine(res *churn.Result) string {
	s := fmt.Sprintf("Candidates: %s proposed: %d by LSH (%d bands × %d rows), %d by shared rare wording, %d by shared fingerprints",
		Plural(res.Candidates, "pair", "pairs"), res.LSHCandidates, res.LSH.Bands, res.LSH.Rows, res.GramCandidates, res.FingerprintCandidates)
	if res.Matrix != nil {
		s += "; every pair was verified for the matrix"
	}
	return wrap(s+".", lineWidth, "") + "\n"
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

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
