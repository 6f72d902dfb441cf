package shingle

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/churnalism/churn/seeds"
)

// sameText returns an error describing how a, from Normalize, differs from
// b, from normalizeRef, or nil.
func sameText(src []byte, a, b *Text) error {
	switch {
	case !bytes.Equal(a.Bytes, b.Bytes):
		return fmt.Errorf("Normalize(%+q) = %+q, normalizeRef %+q", src, a.Bytes, b.Bytes)
	case !slices.Equal(a.Runes, b.Runes):
		return fmt.Errorf("Normalize(%+q): Runes %v, normalizeRef %v", src, a.Runes, b.Runes)
	case !slices.Equal(a.Start, b.Start) || !slices.Equal(a.End, b.End):
		return fmt.Errorf("Normalize(%+q): spans %v %v, normalizeRef %v %v", src, a.Start, a.End, b.Start, b.End)
	}
	return nil
}

// checkFast compares Normalize with normalizeRef on every input, in both
// modes, failing after a few differences.
func checkFast(t *testing.T, inputs [][]byte) {
	t.Helper()
	for _, mode := range modes {
		fast, ref := NewNormalizer(mode.opts), NewNormalizer(mode.opts)
		var a, b Text
		failures := 0
		for _, in := range inputs {
			fast.Normalize(&a, in)
			ref.normalizeRef(&b, in)
			if err := sameText(in, &a, &b); err != nil {
				t.Errorf("%s: %v", mode.name, err)
				if failures++; failures > 10 {
					t.Fatal("too many failures")
				}
			}
		}
	}
}

// TestNormalizeFastSeeds compares Normalize, which looks most runes up in
// a table, with normalizeRef, the segment-by-segment definition the table
// is built from, on the seeds, whole and in pieces.
func TestNormalizeFastSeeds(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var inputs [][]byte
	for _, d := range seeds.Articles() {
		inputs = append(inputs, d.Text)
		for range 200 {
			i := rng.IntN(len(d.Text))
			j := i + rng.IntN(min(len(d.Text)-i, 100)+1)
			inputs = append(inputs, d.Text[i:j])
		}
	}
	checkFast(t, inputs)
}

// semEvalTexts returns the article texts of ../shared/eval/semeval-dev.csv
// beside the module (or in $CHURN_EVAL), or skips the test. (Package eval
// reads the file too, but it imports this package through churn.)
func semEvalTexts(t *testing.T) [][]byte {
	f, err := os.Open(semEvalPath())
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("no SemEval data: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]int{}
	for i, h := range head {
		cols[h] = i
	}
	c1, ok1 := cols["text1"]
	c2, ok2 := cols["text2"]
	if !ok1 || !ok2 {
		t.Fatalf("semeval-dev.csv: no text1 and text2 columns in %q", head)
	}
	var texts [][]byte
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, []byte(rec[c1]), []byte(rec[c2]))
	}
	return texts
}

// semEvalPath is where semEvalTexts looks for the SemEval data.
func semEvalPath() string {
	dir := os.Getenv("CHURN_EVAL")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "eval")
	}
	return filepath.Join(dir, "semeval-dev.csv")
}

// TestNormalizeFastSemEval compares Normalize with normalizeRef on the
// 2,566 SemEval-2022 articles, in ten languages, when the data is present.
func TestNormalizeFastSemEval(t *testing.T) {
	texts := semEvalTexts(t)
	if raceEnabled {
		texts = texts[:len(texts)/8]
	}
	checkFast(t, texts)
}

// TestNormalizeFastRandom compares Normalize with normalizeRef on random
// and adversarial inputs.
func TestNormalizeFastRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	var inputs [][]byte
	for _, s := range adversarial {
		inputs = append(inputs, []byte(s))
	}
	for _, p := range pieces {
		for _, q := range pieces {
			inputs = append(inputs, []byte(p+q), []byte("a"+p+q+"b"))
		}
	}
	count := 20000
	if raceEnabled {
		count = 3000
	}
	for range count {
		inputs = append(inputs, randomInput(rng, 20))
	}
	for range 50 {
		inputs = append(inputs, randomInput(rng, 500))
	}
	checkFast(t, inputs)
}

// TestNormalizeFastEveryRune compares Normalize with normalizeRef on every
// assigned rune, alone and next to ASCII, to combining marks, to runes that combine
// with what precedes them, to itself and to invalid UTF-8: each rune's
// table entry and its safety flag are checked in every context that
// matters. Under the race detector it checks one rune in 7.
func TestNormalizeFastEveryRune(t *testing.T) {
	step := rune(1)
	if raceEnabled {
		step = 7
	}
	contexts := []struct{ before, after string }{
		{"", ""}, {"A", "b"}, {"", "\u0301"}, {"\u0e01", "\u0e31"}, {"\u1100", "\u1161"},
		{"\u0b47", "\u0b3e"}, {"\xff", "\xff"}, {"x ", "\u00ad"}, {"a ", "b"}, {"ș", "ț\u0301"},
		{"a\n\n", "ăb"},
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			fast, ref := NewNormalizer(mode.opts), NewNormalizer(mode.opts)
			var a, b Text
			var buf []byte
			failures := 0
			for r := rune(0); r <= unicode.MaxRune; r += step {
				if !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf) {
					continue
				}
				for _, c := range contexts {
					buf = append(utf8.AppendRune(append(buf[:0], c.before...), r), c.after...)
					if c.after == "" && c.before == "" {
						buf = utf8.AppendRune(buf, r) // the rune twice
					}
					fast.Normalize(&a, buf)
					ref.normalizeRef(&b, buf)
					if err := sameText(buf, &a, &b); err != nil {
						t.Errorf("%U: %v", r, err)
						if failures++; failures > 20 {
							t.Fatal("too many failures")
						}
					}
				}
			}
		})
	}
}

// TestRuneTableASCII checks the table's ASCII entries against asciiMap, the
// shortcut normalizeRef takes for ASCII before ASCII, and that every ASCII
// byte ends the segment before it, as the fast path assumes.
func TestRuneTableASCII(t *testing.T) {
	for _, mode := range modes {
		tab := tableFor(mode.opts)
		for c := rune(0); c < utf8.RuneSelf; c++ {
			e := tab.lookup(c)
			if e&entrySafe == 0 {
				t.Errorf("%s: %U is not safe", mode.name, c)
			}
			switch m := asciiMap[c]; {
			case m == 0 && e&kindMask != kindSpace:
				t.Errorf("%s: %U: entry %x, want a space", mode.name, c, e)
			case m != 0 && (e&kindMask != kindRune || e.utf8Len() != 1 || byte(e) != m):
				t.Errorf("%s: %U: entry %x, want %q", mode.name, c, e, m)
			}
		}
	}
}

// TestRuneTableSafe checks entrySafe against its definition on every rune:
// a rune is safe when NFKC puts a segment boundary before it whatever
// precedes it.
func TestRuneTableSafe(t *testing.T) {
	step := rune(1)
	if raceEnabled {
		step = 7
	}
	tab := tableFor(Options{})
	var buf []byte
	for r := rune(0); r <= unicode.MaxRune; r += step {
		if r >= 0xd800 && r < 0xe000 {
			continue
		}
		enc := string(r)
		safe := tab.lookup(r)&entrySafe != 0
		for _, before := range []string{"a", "e\u0301", "\u0f73", "\u1100", "ᄀ\u0301", "\uff76"} {
			buf = append(append(buf[:0], before...), enc...)
			boundary := norm.NFKC.NextBoundary(buf, true) == len(before) && norm.NFKC.Properties([]byte(enc)).BoundaryBefore()
			if safe != boundary {
				t.Fatalf("%U after %+q: entrySafe %v, boundary before it %v", r, before, safe, boundary)
			}
		}
	}
}

// TestNormalizeFastGrowth normalises texts whose output is longer than
// their input (ligatures, Arabic ligatures, capitals whose lower case is
// longer in UTF-8), which exercises the fast path's capacity handling.
func TestNormalizeFastGrowth(t *testing.T) {
	var inputs [][]byte
	for _, s := range []string{"\ufdfa", "ﬃ", "Ⱥ", "ẞ", "İ", "\u0390", "ǅ"} {
		inputs = append(inputs, []byte(strings.Repeat(s, 100)), []byte(strings.Repeat("ab "+s, 50)),
			[]byte(strings.Repeat(s+"x", 70)))
	}
	checkFast(t, inputs)
	// And reusing a Text that grew for a long text on short ones.
	nz := NewNormalizer(Options{})
	var a, b Text
	for _, in := range inputs {
		nz.Normalize(&a, in)
		nz.normalizeRef(&b, in)
		if err := sameText(in, &a, &b); err != nil {
			t.Error(err)
		}
	}
}
