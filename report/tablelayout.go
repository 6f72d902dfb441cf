package report

// This file lays out the text report's tables with tablewriter: column
// alignment, widths that do not depend on tablewriter's process-wide East
// Asian width setting, and trailing spaces trimmed; table.go decides what
// the tables hold.

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// layoutTable writes to b a borderless table of header and rows, with a
// line of dashes under the header, that aligns the cells of column i,
// header included, as align[i]: text to the left, numbers to the right.
// If tablewriter refuses a row, it returns the row's index and the error;
// if rendering fails, -1 and the error.
//
// The configuration is the table's own, with one exception tablewriter
// v1.1.5 leaves no choice about: how wide it measures East Asian
// ambiguous-width characters is a process-wide setting
// (tablewriter.WithEastAsian sets it for every table in the process), so
// the table does not touch it and hands tablewriter cells whose width
// does not depend on it (narrowCells).
func layoutTable(b *bytes.Buffer, align []tw.Align, header []string, rows [][]string) (int, error) {
	nc := newNarrowCells(header, rows)
	var out bytes.Buffer
	t := tablewriter.NewTable(&out,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleASCII),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenColumns: tw.Off, BetweenRows: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.On},
			},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
	)
	hs := make([]any, len(header))
	for i, h := range nc.encode(header) {
		hs[i] = h
	}
	t.Header(hs...)
	for i, row := range rows {
		if err := t.Append(nc.encode(row)); err != nil {
			return i, err
		}
	}
	if err := t.Render(); err != nil {
		return -1, err
	}
	b.WriteString(nc.decode(out.String()))
	return -1, nil
}

// narrowCells keeps a table's layout independent of tablewriter's width
// setting for East Asian ambiguous-width characters, which is
// process-wide: tablewriter reads it from the locale at start-up, and
// tablewriter.WithEastAsian and twwidth.SetEastAsian change it for every
// table in the process. In East Asian mode tablewriter counts those
// characters ("—", "·", "±", Greek and Cyrillic letters, …) as two
// columns; the report lays them out as one, as terminals outside East
// Asian locales show them.
//
// So each such rune in the cells reaches tablewriter as a stand-in, a rune
// one column wide in either mode that no cell holds, and goes back in
// place in the rendered table, where tablewriter has written the cells'
// runes as they were and nothing else but spaces and dashes.
type narrowCells struct {
	to   map[rune]rune // ambiguous rune → stand-in
	back *strings.Replacer
}

// newNarrowCells chooses the stand-ins for the runes of header and rows.
func newNarrowCells(header []string, rows [][]string) narrowCells {
	var nc narrowCells
	used := map[rune]bool{' ': true, '-': true, '…': true} // tablewriter's own
	var amb []rune
	note := func(s string) {
		for _, r := range s {
			if !used[r] {
				used[r] = true
				if ambiguous(r) {
					amb = append(amb, r)
				}
			}
		}
	}
	note(strings.Join(header, ""))
	for _, row := range rows {
		note(strings.Join(row, ""))
	}
	if len(amb) == 0 {
		return nc
	}
	nc.to = make(map[rune]rune, len(amb))
	var pairs []string
	next := rune(0x100)
	for _, r := range amb {
		for used[next] || !standIn(next) {
			next++
		}
		used[next] = true
		nc.to[r] = next
		pairs = append(pairs, string(next), string(r))
	}
	nc.back = strings.NewReplacer(pairs...)
	return nc
}

// encode returns the cells with their ambiguous runes replaced by their
// stand-ins.
func (nc narrowCells) encode(cells []string) []string {
	if nc.to == nil {
		return cells
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Map(func(r rune) rune {
			if s, ok := nc.to[r]; ok {
				return s
			}
			return r
		}, c)
	}
	return out
}

// decode puts the runes back in place of their stand-ins in a rendered
// table.
func (nc narrowCells) decode(table string) string {
	if nc.back == nil {
		return table
	}
	return nc.back.Replace(table)
}

// narrowWidth and wideWidth measure runes as tablewriter does outside and
// in East Asian mode.
var narrowWidth, wideWidth = displaywidth.Options{}, displaywidth.Options{EastAsianWidth: true}

// ambiguous reports whether tablewriter's East Asian mode would measure r
// otherwise than one column, the width the report gives it. (Every rune
// the modes measure differently is one column wide outside East Asian
// mode; a test checks.)
func ambiguous(r rune) bool {
	return narrowWidth.Rune(r) == 1 && wideWidth.Rune(r) != 1
}

// standIn reports whether r can stand in for an ambiguous rune: a
// graphic, non-space rune one column wide in both modes.
func standIn(r rune) bool {
	return narrowWidth.Rune(r) == 1 && wideWidth.Rune(r) == 1 && unicode.IsGraphic(r) && !unicode.IsSpace(r) && r != utf8.RuneError
}

// trimTrailingSpace removes spaces at the end of every line of text: the
// right padding tablewriter gives the last column of a table (its
// configuration cannot drop that padding without shortening the rule under
// the header by one column, as it draws the rule as wide as the rows), and
// any that a document ID or a skipped input's name or reason ends with.
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
