package boilerplate

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/churnalism/churn/seeds"
)

// checkSpans checks the invariants of Lists' output for src: spans within
// bounds, non-empty, in increasing order and disjoint, each starting at
// the start of a line and ending at the end of one (before "\n" or
// "\r\n"), holding at least DefaultMinLines lines and no blank line.
func checkSpans(t *testing.T, src []byte, spans []Span) {
	t.Helper()
	prevEnd := -1
	for i, s := range spans {
		if s.Start < 0 || s.End > len(src) || s.Start >= s.End {
			t.Fatalf("span %d %v: invalid for %d bytes", i, s, len(src))
		}
		if s.Start <= prevEnd {
			t.Fatalf("span %d %v: not after the previous span, which ends at %d", i, s, prevEnd)
		}
		prevEnd = s.End
		if s.Start > 0 && src[s.Start-1] != '\n' {
			t.Errorf("span %d %v: does not start a line", i, s)
		}
		switch rest := src[s.End:]; {
		case len(rest) == 0, rest[0] == '\n', bytes.HasPrefix(rest, []byte("\r\n")), string(rest) == "\r":
		default:
			t.Errorf("span %d %v: does not end a line (followed by %q)", i, s, rest[:min(len(rest), 10)])
		}
		lines := strings.Split(string(src[s.Start:s.End]), "\n")
		if len(lines) < DefaultMinLines {
			t.Errorf("span %d %v: %d lines, want at least %d", i, s, len(lines), DefaultMinLines)
		}
		for _, l := range lines {
			if strings.TrimFunc(l, isSpace) == "" {
				t.Errorf("span %d %v: holds a blank line: %q", i, s, src[s.Start:s.End])
				break
			}
		}
	}
}

func TestLists(t *testing.T) {
	long := func(n int, r string) string { return strings.Repeat(r, n) }
	for _, tc := range []struct {
		name string
		src  string
		want []string // the text of each span
	}{
		{"empty", "", nil},
		{"only line breaks", "\n\n\r\n\n", nil},
		{"one line", "Breaking news", nil},
		{"two lines are not a list", "One\nTwo\n", nil},
		{"three lines", "One\nTwo\nThree\n", []string{"One\nTwo\nThree"}},
		{"no trailing newline", "One\nTwo\nThree", []string{"One\nTwo\nThree"}},
		{"leading and trailing white space kept", "  One\nTwo\nThree  \n", []string{"  One\nTwo\nThree  "}},
		{"CRLF", "One\r\nTwo\r\nThree\r\n\r\nProse ends here.\r\n", []string{"One\r\nTwo\r\nThree"}},
		{"CRLF without final newline", "One\r\nTwo\r\nThree\r", []string{"One\r\nTwo\r\nThree"}},
		{"blank line breaks a run", "One\nTwo\n\nThree\nFour\n", nil},
		{"white-space line breaks a run", "One\nTwo\n \t \nThree\nFour\nFive", []string{"Three\nFour\nFive"}},
		{"NBSP line breaks a run", "One\nTwo\n\u00a0\nThree\nFour\n", nil},
		{"NBSP and CR line breaks a run", "One\r\nTwo\r\n\u00a0 \r\nThree\r\nFour\r\n", nil},
		{"zero-width space line breaks a run", "One\nTwo\n\u200b\ufeff\nThree\nFour\n", nil},
		{"period is prose", "One\nTwo.\nThree\nFour\n", nil},
		{"exclamation is prose", "One\nTwo!\nThree\nFour\n", nil},
		{"ellipsis is prose", "One\nTwo…\nThree\nFour\n", nil},
		{"period then closing quote is prose", "One\n„Two.”\nThree\nFour\n", nil},
		{"period then quote and bracket is prose", "One\n(\"Two.\")\nThree\nFour\n", nil},
		{"exclamation then guillemet is prose", "One\n«Two!»\nThree\nFour\n", nil},
		{"period then straight quote is prose", "One\nTwo.'\nThree\nFour\n", nil},
		{"period then trailing NBSP is prose", "One\nTwo.\u00a0\nThree\nFour\n", nil},
		{"a question stands in a list without counting", "One\nWhat now?\nRead more:\nThree\n", []string{"One\nWhat now?\nRead more:\nThree"}},
		{"questions alone make no list", "Why?\nHow?\nOne\nTwo\n", nil},
		{"bracket after a word is a headline", "One (Video)\nTwo [Foto]\nThree ”quoted”\n", []string{"One (Video)\nTwo [Foto]\nThree ”quoted”"}},
		{"line of quotes only", "\"\"\nTwo\nThree\n", []string{"\"\"\nTwo\nThree"}},
		{"prose line splits two lists", "A\nB\nC\nThis is a sentence.\nD\nE\nF\n", []string{"A\nB\nC", "D\nE\nF"}},
		{"250 characters is a headline", "One\n" + long(250, "X") + "\nThree\n", []string{"One\n" + long(250, "X") + "\nThree"}},
		{"251 characters breaks a run", "One\nTwo\n" + long(251, "x") + "\nThree\nFour\n", nil},
		{"length counts characters, not bytes", "One\n" + long(250, "Ș") + "\nThree\n", []string{"One\n" + long(250, "Ș") + "\nThree"}},
		{"251 multi-byte characters break a run", "One\nTwo\n" + long(251, "ș") + "\nThree\nFour\n", nil},
		{"length ignores surrounding spaces", "One\n  " + long(250, "X") + "  \nThree\n", []string{"One\n  " + long(250, "X") + "  \nThree"}},
		{"250 invalid bytes are 250 characters", "One\n" + long(250, "\xff") + "\nThree\n", []string{"One\n" + long(250, "\xff") + "\nThree"}},
		{"251 invalid bytes break a run", "One\nTwo\n" + long(251, "\xff") + "\nThree\nFour\n", nil},
		{"invalid UTF-8", "\xff\xfe\nTwo\xc3\n\x80Three\n", []string{"\xff\xfe\nTwo\xc3\n\x80Three"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			spans := Lists(nil, src)
			checkSpans(t, src, spans)
			var got []string
			for _, s := range spans {
				got = append(got, string(src[s.Start:s.End]))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Lists(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}

func TestListsAppends(t *testing.T) {
	dst := []Span{{1, 2}}
	got := Lists(dst, []byte("A\nB\nC"))
	if want := []Span{{1, 2}, {0, 5}}; !slices.Equal(got, want) {
		t.Errorf("Lists appended %v, want %v", got, want)
	}
}

// TestListsAllocs checks that Lists allocates nothing when dst has room.
func TestListsAllocs(t *testing.T) {
	src := readSeed(t, "004")
	dst := Lists(nil, src)
	if allocs := testing.AllocsPerRun(5, func() { dst = Lists(dst[:0], src) }); allocs != 0 {
		t.Errorf("Lists allocates %v times per call, want 0", allocs)
	}
}

func readSeed(t *testing.T, prefix string) []byte {
	t.Helper()
	for _, a := range seeds.Articles() {
		if a.ID == prefix {
			return a.Text
		}
	}
	t.Fatalf("no seed %s", prefix)
	return nil
}

// line is one line of a text and its byte span, line break excluded.
type line struct {
	text       string
	start, end int
}

func splitLines(src []byte) []line {
	var lines []line
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := off + end + 1
		if end < 0 {
			end, next = len(src)-off, len(src)
		}
		l := line{string(src[off : off+end]), off, off + end}
		if strings.HasSuffix(l.text, "\r") {
			l.text, l.end = l.text[:len(l.text)-1], l.end-1
		}
		lines = append(lines, l)
		off = next
	}
	return lines
}

func inside(spans []Span, start, end int) bool {
	for _, s := range spans {
		if s.Start <= start && end <= s.End {
			return true
		}
	}
	return false
}

func overlaps(spans []Span, start, end int) bool {
	for _, s := range spans {
		if s.Start < end && start < s.End {
			return true
		}
	}
	return false
}

// lineRange returns the lines from the one starting with first to the one
// starting with last, inclusive.
func lineRange(t *testing.T, lines []line, first, last string) []line {
	t.Helper()
	i := slices.IndexFunc(lines, func(l line) bool { return strings.HasPrefix(l.text, first) })
	j := slices.IndexFunc(lines, func(l line) bool { return strings.HasPrefix(l.text, last) })
	if i < 0 || j < i {
		t.Fatalf("lines %q…%q not found (%d, %d)", first, last, i, j)
	}
	return lines[i : j+1]
}

func TestListsSeeds(t *testing.T) {
	t.Run("004 headlines", func(t *testing.T) {
		src := readSeed(t, "004")
		spans := Lists(nil, src)
		checkSpans(t, src, spans)
		lines := splitLines(src)
		headlines := slices.Concat(
			lineRange(t, lines, "Antony Blinken acuză Rusia", "Pierderi importante pentru ruși"),
			lineRange(t, lines, "Ungaria anticipează vremuri dificile", "Guvernul Orban acordă azil politic"),
		)
		if len(headlines) < 55 {
			t.Fatalf("found %d headline lines, want about 60", len(headlines))
		}
		for _, l := range headlines {
			if !inside(spans, l.start, l.end) {
				t.Errorf("headline line [%d, %d) %q not inside a list span %v", l.start, l.end, l.text, spans)
			}
		}
		body := lineRange(t, lines, "Miliardarul Elon Musk, unul dintre", "Fii primul care află")
		n := 0
		for _, l := range body {
			if strings.TrimFunc(l.text, isSpace) == "" {
				continue
			}
			n++
			if overlaps(spans, l.start, l.end) {
				t.Errorf("body line [%d, %d) %.60q… overlaps a list span %v", l.start, l.end, l.text, spans)
			}
		}
		if n < 20 {
			t.Errorf("found %d body lines, want more than 20", n)
		}
		// The list spans cover the two headline blocks and the badge block
		// at the top, nothing else.
		if len(spans) != 3 {
			t.Errorf("Lists found %d spans, want 3: %v", len(spans), spans)
		}
	})

	t.Run("004 app badges at the top", func(t *testing.T) {
		src := readSeed(t, "004")
		spans := Lists(nil, src)
		lines := splitLines(src)
		top := lineRange(t, lines, "Poți descărca aplicația:", "Data publicării:")
		if len(spans) == 0 || spans[0] != (Span{top[0].start, top[len(top)-1].end}) {
			t.Errorf("first span %v, want the top block [%d, %d)", spans[:min(len(spans), 1)], top[0].start, top[len(top)-1].end)
		}
		for _, l := range top {
			if !inside(spans, l.start, l.end) {
				t.Errorf("line %q not inside a list span", l.text)
			}
		}
		// The two badge lines near the end stand between blank lines and
		// prose: too short a run to be a list.
		i := bytes.LastIndex(src, []byte("Get it on App Store\nGet it on Google Play"))
		if i < 0 {
			t.Fatal("badge lines not found")
		}
		if overlaps(spans, i, i+len("Get it on App Store")) {
			t.Errorf("two badge lines at %d marked as a list", i)
		}
	})

	t.Run("003 footer is not a list", func(t *testing.T) {
		src := readSeed(t, "003")
		if !bytes.Contains(src, []byte("Mediafax")) {
			t.Fatal("003 has no Mediafax footer")
		}
		if spans := Lists(nil, src); len(spans) != 0 {
			t.Errorf("Lists(003) = %v, want none: its footer paragraphs are separated by blank lines", spans)
		}
	})

	for _, p := range []string{"000", "001", "002"} {
		t.Run(p+" has no lists", func(t *testing.T) {
			if spans := Lists(nil, readSeed(t, p)); len(spans) != 0 {
				t.Errorf("Lists(%s) = %v, want none", p, spans)
			}
		})
	}

	t.Run("004 with CRLF", func(t *testing.T) {
		src := readSeed(t, "004")
		crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		got, want := Lists(nil, crlf), Lists(nil, src)
		checkSpans(t, crlf, got)
		if len(got) != len(want) {
			t.Fatalf("CRLF: %d spans, LF: %d", len(got), len(want))
		}
		for i := range got {
			a := string(crlf[got[i].Start:got[i].End])
			b := string(src[want[i].Start:want[i].End])
			if strings.ReplaceAll(a, "\r\n", "\n") != b {
				t.Errorf("span %d differs: CRLF %.80q…, LF %.80q…", i, a, b)
			}
		}
	})
}

func BenchmarkLists(b *testing.B) {
	var src []byte
	for _, a := range seeds.Articles() {
		src = append(src, a.Text...)
	}
	dst := Lists(nil, src)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		dst = Lists(dst[:0], src)
	}
}

// TestHardWrappedProse checks that wire copy wrapped at 72 columns is not
// taken for a list.
func TestHardWrappedProse(t *testing.T) {
	text := `MOSCOW, Oct 25 (Reuters) - The Kremlin on Friday denied a report
that Elon Musk had been in regular contact with President Vladimir
Putin since late 2022, saying the two men had spoken only once, about
space and technologies of the future, and calling the report absolutely
false in every respect, according to the spokesman of the presidency
`
	if got := Lists(nil, []byte(text)); len(got) != 0 {
		t.Errorf("hard-wrapped prose found as lists: %v", got)
	}
}

// TestQuestionNotAList checks that a question between a title and a photo
// caption does not make a list (a case found by the planted evaluation).
func TestQuestionNotAList(t *testing.T) {
	text := "Man threatened to rape garda's mum, sister and disabled niece\n" +
		"A week in which a family endured what can only be described as brutal persecution?\n" +
		"Judge said he was struck by what McNally had done. (stock photo)\n\n" +
		"A father-of-one was jailed yesterday after a court heard he had threatened a garda's family.\n"
	if got := Lists(nil, []byte(text)); len(got) != 0 {
		t.Errorf("found lists %v in a title, a question and a caption", got)
	}
}
