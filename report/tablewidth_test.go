package report

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"
)

// TestTableEastAsian renders tables whose cells hold East Asian
// ambiguous-width runes ("—", "·", "é", Greek, Cyrillic), wide ones (CJK)
// and the rune the first stand-in would be, in both of tablewriter's
// process-wide width modes. The output must be the same in both, its
// lines must line up counted one column per ambiguous rune, and
// rendering must leave the mode as it found it.
func TestTableEastAsian(t *testing.T) {
	was := twwidth.IsEastAsian()
	defer twwidth.SetEastAsian(was)

	first := rune(0x100)
	for !standIn(first) {
		first++
	}
	header := []string{"", "Δελτίο", "новости", "新聞·日報", "a" + string(first) + "b", "x—y"}
	rows := [][]string{
		{"é±", "—", "1.2", "13", "0.68", "4.0"},
		{"Ω", "1.2", "—", "·", "±", "100"},
		{string(first), "新", "—", "Ж", "—", "ß"},
	}
	align := []tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignLeft, tw.AlignRight}
	render := func(eastAsian bool) string {
		twwidth.SetEastAsian(eastAsian)
		var b bytes.Buffer
		if _, err := layoutTable(&b, align, header, rows); err != nil {
			t.Fatal(err)
		}
		if twwidth.IsEastAsian() != eastAsian {
			t.Fatalf("layoutTable changed tablewriter's East Asian setting from %v", eastAsian)
		}
		return b.String()
	}
	narrow, wide := render(false), render(true)
	if narrow != wide {
		t.Fatalf("the East Asian width setting changed the table:\n%s\n---\n%s", narrow, wide)
	}
	for _, cell := range append(header[1:], "é±", "新", string(first), "x—y") {
		if !strings.Contains(narrow, cell) {
			t.Errorf("cell %q is not in the table:\n%s", cell, narrow)
		}
	}
	lines := strings.Split(strings.TrimSuffix(narrow, "\n"), "\n")
	for _, l := range lines {
		if w, w0 := narrowWidth.String(l), narrowWidth.String(lines[0]); w != w0 {
			t.Errorf("line %q is %d columns wide, the header %d:\n%s", l, w, w0, narrow)
		}
	}

	// And the whole report, on a corpus with such document IDs.
	docs := seedDocs(t)
	for i, id := range []string{"Δελτίο", "новости", "新聞·日報", "x—y", string(first)} {
		docs[i].ID = id
	}
	res := analyze(t, docs, churn.Options{})
	twwidth.SetEastAsian(false)
	want := renderTable(t, res, TableOptions{})
	twwidth.SetEastAsian(true)
	if got := renderTable(t, res, TableOptions{}); !bytes.Equal(got, want) {
		t.Errorf("East Asian width changed the report:\n%s\n---\n%s", got, want)
	}
}

// TestAmbiguousRunes checks the premise of narrowCells: every rune that
// tablewriter's two width modes measure differently is one column wide
// outside East Asian mode, so that ambiguous finds them all, and there
// are stand-ins.
func TestAmbiguousRunes(t *testing.T) {
	n, stand := 0, 0
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if narrowWidth.Rune(r) != wideWidth.Rune(r) {
			if !ambiguous(r) {
				t.Fatalf("%U is %d columns wide, %d in East Asian mode: ambiguous misses it", r, narrowWidth.Rune(r), wideWidth.Rune(r))
			}
			n++
		}
		if standIn(r) {
			stand++
		}
	}
	if n < 100 || stand < 10000 {
		t.Errorf("%d ambiguous runes and %d stand-ins", n, stand)
	}
	for _, r := range "—·±éΩЖ" {
		if !ambiguous(r) {
			t.Errorf("%q is not ambiguous", r)
		}
	}
}
