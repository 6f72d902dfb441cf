package shingle

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/churnalism/churn/seeds"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		keep, strip string // expected Bytes with KeepAccents true, false
	}{
		{"empty", "", "", ""},
		{"ascii", "Hello, World!", "hello, world!", "hello, world!"},

		// Romanian: cedilla and comma below are one letter.
		{"s cedilla", "Şeful şi", "șeful și", "seful si"},
		{"s comma", "Șeful și", "șeful și", "seful si"},
		{"t cedilla", "Ţara ţine", "țara ține", "tara tine"},
		{"t comma", "Țara ține", "țara ține", "tara tine"},
		{"s cedilla decomposed", "s\u0327i S\u0327I", "și și", "si si"},
		{"s comma decomposed", "s\u0326i S\u0326I", "și și", "si si"},
		{"t cedilla decomposed", "t\u0327 T\u0327", "ț ț", "t t"},
		{"t comma decomposed", "t\u0326 T\u0326", "ț ț", "t t"},
		{"other Romanian", "ÎNCĂ Âine", "încă âine", "inca aine"},

		// White space.
		{"nbsp", "a\u00a0b", "a b", "a b"},
		{"thin space", "a\u2009b", "a b", "a b"},
		{"ideographic space", "a\u3000b", "a b", "a b"},
		{"tabs and newlines", "a\t\tb\r\nc\n\nd", "a b c d", "a b c d"},
		{"mixed run", "a \u00a0\t\u2009\u3000\n b", "a b", "a b"},
		{"line separators", "a\u2028b\u2029c\u0085d", "a b c d", "a b c d"},
		{"trim", " \t\u00a0 a b \n\u3000", "a b", "a b"},
		{"only space", " \t\n\u00a0\u3000", "", ""},

		// Quotes and dashes.
		{"single quotes", "‘a’ ‚b‛ ‹c›", "'a' 'b' 'c'", "'a' 'b' 'c'"},
		{"double quotes", "“a” „b” «c» ‟d", "\"a\" \"b\" \"c\" \"d", "\"a\" \"b\" \"c\" \"d"},
		{"apostrophes", "l’Italia l`Italia dellʼItalia", "l'italia l'italia dell'italia", "l'italia l'italia dell'italia"},
		{"acute accent as apostrophe", "l´Ucraina", "l'ucraina", "l'ucraina"},
		{"primes", "5′ 6″ 7‶", "5' 6\" 7\"", "5' 6\" 7\""},
		{"full-width quotes", "＂a＂ ＇b＇", "\"a\" 'b'", "\"a\" 'b'"},
		{"dashes", "a–b—c‐d−e‑f―g", "a-b-c-d-e-f-g", "a-b-c-d-e-f-g"},
		{"full-width dashes", "a－b﹣c﹘d", "a-b-c-d", "a-b-c-d"},

		// Case folding.
		{"Turkish dotted capital I", "İstanbul", "i\u0307stanbul", "istanbul"},
		{"Turkish dotless i", "ılık DIŞ", "ılık diș", "ılık dis"},
		{"sharp s", "Straße", "strasse", "strasse"},
		{"capital sharp s", "STRAẞE", "strasse", "strasse"},
		{"double s", "STRASSE", "strasse", "strasse"},
		{"Greek final sigma", "ΟΔΟΣ οδος", "οδοσ οδοσ", "οδοσ οδοσ"},
		{"Kelvin sign", "\u212a", "k", "k"},
		{"j caron decomposed capital", "J\u030c", "ǰ", "j"},
		{"h line below capital", "H\u0331", "ẖ", "h"},
		{"Greek ypogegrammeni", "ᾷ", "ᾶι", "α"},
		// Unicode folds Cherokee to the capitals (x/text/cases gets it
		// backwards, golang.org/issue/46101).
		{"Cherokee", "ᎠᏍᎦᏯ ꭰꮝꭶꮿ ᏸ", "ᎠᏍᎦᏯ ᎠᏍᎦᏯ Ᏸ", "ᎠᏍᎦᏯ ᎠᏍᎦᏯ Ᏸ"},

		// Compatibility forms.
		{"ligature fi", "ﬁnal", "final", "final"},
		{"ligature ffi", "oﬃce", "office", "office"},
		{"full-width Latin", "ＡＢＣ ｘｙｚ １２３！", "abc xyz 123!", "abc xyz 123!"},
		{"superscript", "x²", "x2", "x2"},

		// Scripts without case.
		{"CJK", "中文新闻报道，漢字。", "中文新闻报道,漢字。", "中文新闻报道,漢字。"},
		{"kana", "あいうえお カタカナ", "あいうえお カタカナ", "あいうえお カタカナ"},
		{"half-width katakana", "ｶﾀｶﾅ", "カタカナ", "カタカナ"},
		// The voiced sound mark is a non-spacing mark, but part of the
		// letter: stripping accents keeps it.
		{"kana with voiced mark", "ガ ｶﾞ じ", "ガ ガ じ", "ガ ガ じ"},
		{"kana decomposed", "カ\u3099 し\u3099", "ガ じ", "ガ じ"},
		{"kana semi-voiced", "パ ぷ", "パ ぷ", "パ ぷ"},
		{"lone voiced mark", "\u3099", "\u3099", ""},
		{"voiced mark on Latin", "a\u3099", "a\u3099", "a"},
		{"Hangul", "한국어", "한국어", "한국어"},
		{"Hangul jamo", "\u1112\u1161\u11ab", "한", "한"},
		{"Arabic", "مرحبا بالعالم", "مرحبا بالعالم", "مرحبا بالعالم"},
		// Arabic and Hebrew vowel points are optional, and mostly left
		// out of news text: stripping accents drops them, and hamza and
		// madda on alef, as search engines do for Arabic.
		{"Arabic harakat", "مَرْحَبًا", "مَرْحَبًا", "مرحبا"},
		{"Arabic shadda", "محمّد", "محمّد", "محمد"},
		{"Arabic hamza on alef", "أحمد إلى آخر", "أحمد إلى آخر", "احمد الى اخر"},
		{"Hebrew niqqud", "שָׁלוֹם", "שָׁלוֹם", "שלום"},
		// The vowel signs and viramas of Indic scripts, and Thai vowels
		// and tone marks, spell the word: they stay.
		{"Devanagari", "क्षत्रिय हिंदी", "क्षत्रिय हिंदी", "क्षत्रिय हिंदी"},
		{"Devanagari nukta", "\u095e", "\u092b\u093c", "\u092b\u093c"},
		{"Bengali", "বাংলা ভাষা", "বাংলা ভাষা", "বাংলা ভাষা"},
		{"Tamil", "தமிழ்", "தமிழ்", "தமிழ்"},
		{"Thai", "ภาษาไทย สวัสดี", "ภาษาไทย สวัสดี", "ภาษาไทย สวัสดี"},
		// NFKC takes sara am apart (U+0E4D U+0E32).
		{"Thai sara am", "น้ำ", "น\u0e49\u0e4dา", "น\u0e49\u0e4dา"},
		{"Tibetan", "\u0f43", "\u0f42\u0fb7", "\u0f42\u0fb7"},
		// A mark that starts a segment belongs to the rune before.
		{"Thai mark after Latin", "a\u0e31", "a\u0e31", "a"},
		{"Latin mark after Thai", "ส\u0301", "ส\u0301", "ส\u0301"},
		{"Oriya ai", "\u0b48", "\u0b48", "\u0b48"},
		// Greek and Cyrillic diacritics go like Latin ones.
		{"Greek tonos", "Αθήνα ΐ", "αθήνα ΐ", "αθηνα ι"},
		{"Cyrillic", "ёлка Йошкар", "ёлка йошкар", "елка иошкар"},
		{"Arabic presentation forms", "ﻣﺮﺣﺒﺎ", "مرحبا", "مرحبا"},
		{"Cyrillic", "Москва", "москва", "москва"},

		// Combining marks.
		{"precomposed", "café", "café", "cafe"},
		{"decomposed", "cafe\u0301", "café", "cafe"},
		{"two marks", "a\u0323\u0302", "ậ", "a"},
		{"marks reordered", "a\u0302\u0323", "ậ", "a"},
		{"leading mark", "\u0301abc", "\u0301abc", "abc"},
		{"mark after space", "a \u0301b", "a \u0301b", "a b"},
		{"spacing diaeresis", "a¨", "a \u0308", "a"},
		// Unicode's stream-safe limit: marks past the 30th are dropped.
		{"too many marks", "a" + strings.Repeat("\u0301", 35) + "b", "á" + strings.Repeat("\u0301", 29) + "b", "ab"},
		{"too many mixed marks", "s" + strings.Repeat("\u0327\u0326", 20), "ș" + strings.Repeat("\u0326", 29), "s"},
		{"cedilla and comma", "s\u0327\u0327 s\u0326\u0327", "ș\u0326 ș\u0326", "s s"},

		// Dropped characters.
		{"soft hyphen", "co\u00adoperation", "cooperation", "cooperation"},
		{"zero-width space", "co\u200boperation", "cooperation", "cooperation"},
		{"joiners and marks", "a\u200cb\u200dc\u200ed\u200ff\u2060g", "abcdfg", "abcdfg"},
		{"BOM", "\ufeffHello", "hello", "hello"},
		{"BOM inside", "a\ufeffb", "ab", "ab"},
		{"only format", "\u00ad\u200b\ufeff", "", ""},
		{"format between spaces", "a \u00ad b", "a b", "a b"},
		// Marks on a format character are dropped with it.
		{"mark on soft hyphen", "A\u00ad\u0301b", "ab", "ab"},
		{"mark on zero-width joiner", "ă\u200d\u0301", "ă", "a"},

		// Invalid UTF-8.
		{"lone 0xff", "\xff", "\ufffd", "\ufffd"},
		{"0xff inside", "a\xffb", "a\ufffdb", "a\ufffdb"},
		{"truncated sequence", "\xe2\x82", "\ufffd", "\ufffd"},
		{"truncated before ASCII", "\xe2\x82a", "\ufffda", "\ufffda"},
		{"truncated at end", "a\xe2\x82", "a\ufffd", "a\ufffd"},
		{"invalid run", "\xff\xfe\xfd\x80", "\ufffd", "\ufffd"},
		{"overlong", "\xc0\xaf", "\ufffd", "\ufffd"},
		{"surrogate", "\xed\xa0\x80", "\ufffd", "\ufffd"},
		{"above max rune", "\xf4\x90\x80\x80", "\ufffd", "\ufffd"},
		{"separate runs", "a\xff \xfeb", "a\ufffd \ufffdb", "a\ufffd \ufffdb"},
		{"valid U+FFFD", "\ufffd", "\ufffd", "\ufffd"},
		{"invalid then U+FFFD", "\xff\ufffd", "\ufffd\ufffd", "\ufffd\ufffd"},
		{"invalid after mark", "e\u0301\xff", "é\ufffd", "e\ufffd"},

		// Control characters are spaces.
		{"C0 controls", "a\x00b\x01c\x1fd\x7fe", "a b c d e", "a b c d e"},
		{"C1 controls", "a\u0080b\u009fc", "a b c", "a b c"},
	}
	for _, mode := range modes {
		nz := NewNormalizer(mode.opts)
		var tx, scratch Text
		for _, tt := range tests {
			t.Run(mode.name+"/"+tt.name, func(t *testing.T) {
				want := tt.strip
				if mode.opts.KeepAccents {
					want = tt.keep
				}
				src := []byte(tt.in)
				nz.Normalize(&tx, src)
				if string(tx.Bytes) != want {
					t.Errorf("Normalize(%+q) = %+q, want %+q", tt.in, tx.Bytes, want)
				}
				if want := utf8.RuneCountInString(want); tx.Len() != want {
					t.Errorf("Len() = %d, want %d", tx.Len(), want)
				}
				if err := checkText(src, &tx); err != nil {
					t.Error(err)
				}
				if err := checkIdempotent(nz, &tx, &scratch); err != nil {
					t.Error(err)
				}
			})
		}
	}
}

func TestNormalizeSpans(t *testing.T) {
	tests := []struct {
		name       string
		keep       bool
		in         string
		want       string
		start, end []int32
	}{
		{"ascii", false, "Ab", "ab", []int32{0, 1}, []int32{1, 2}},
		{"two-byte letters", false, "Şi", "si", []int32{0, 2}, []int32{2, 3}},
		{"cedilla kept", true, "Şi", "și", []int32{0, 2}, []int32{2, 3}},
		{"decomposed letter is one span", true, "s\u0327i", "și", []int32{0, 3}, []int32{3, 4}},
		{"stripped mark stays in the span", false, "e\u0301x", "ex", []int32{0, 3}, []int32{3, 4}},
		// Both runes of a ligature map to the ligature.
		{"ligature", false, "ﬁx", "fix", []int32{0, 0, 3}, []int32{3, 3, 4}},
		{"sharp s", false, "aßb", "assb", []int32{0, 1, 1, 3}, []int32{1, 3, 3, 4}},
		{"dotted I", true, "İa", "i\u0307a", []int32{0, 0, 2}, []int32{2, 2, 3}},
		// A collapsed run of spaces maps to the whole run.
		{"space run", false, "a \u00a0\tb", "a b", []int32{0, 1, 5}, []int32{1, 5, 6}},
		{"leading and trailing space", false, "  a  ", "a", []int32{2}, []int32{3}},
		{"dropped soft hyphen", false, "a\u00adb", "ab", []int32{0, 3}, []int32{1, 4}},
		{"BOM", false, "\ufeffa", "a", []int32{3}, []int32{4}},
		{"invalid run", false, "a\xff\xfeb", "a\ufffdb", []int32{0, 1, 3}, []int32{1, 3, 4}},
		{"truncated sequence", false, "\xe2\x82a", "\ufffda", []int32{0, 2}, []int32{2, 3}},
		{"quote", false, "„a”", "\"a\"", []int32{0, 3, 4}, []int32{3, 4, 7}},
		{"full width", false, "ＡＢ", "ab", []int32{0, 3}, []int32{3, 6}},
		{"CJK", false, "漢字", "漢字", []int32{0, 3}, []int32{3, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tx Text
			NewNormalizer(Options{KeepAccents: tt.keep}).Normalize(&tx, []byte(tt.in))
			if string(tx.Bytes) != tt.want {
				t.Fatalf("Normalize(%+q) = %+q, want %+q", tt.in, tx.Bytes, tt.want)
			}
			if !slices.Equal(tx.Start, tt.start) || !slices.Equal(tx.End, tt.end) {
				t.Errorf("Normalize(%+q): Start %v End %v, want %v %v", tt.in, tx.Start, tx.End, tt.start, tt.end)
			}
			if err := checkText([]byte(tt.in), &tx); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestTextAccessors(t *testing.T) {
	src := []byte("  Şeful ﬁrmei ")
	var tx Text
	NewNormalizer(Options{}).Normalize(&tx, src)
	if got, want := string(tx.Bytes), "seful firmei"; got != want {
		t.Fatalf("Bytes = %q, want %q", got, want)
	}
	var runes []string
	for i := range tx.Len() {
		runes = append(runes, string(tx.Rune(i)))
	}
	if got, want := strings.Join(runes, "|"), "s|e|f|u|l| |f|i|r|m|e|i"; got != want {
		t.Errorf("runes %s, want %s", got, want)
	}
	for _, tt := range []struct {
		i, j int
		want string
	}{
		{0, 5, "Şeful"},
		{0, 1, "Ş"},
		{6, 7, "ﬁ"}, // f of the ligature
		{7, 8, "ﬁ"}, // i of the ligature
		{6, 12, "ﬁrmei"},
		{0, 12, "Şeful ﬁrmei"},
		{5, 6, " "},
	} {
		s, e := tx.Source(tt.i, tt.j)
		if got := string(src[s:e]); got != tt.want {
			t.Errorf("Source(%d, %d) = %q, want %q", tt.i, tt.j, got, tt.want)
		}
	}
	// Source panics like slicing on an empty range.
	defer func() {
		if recover() == nil {
			t.Error("Source(0, 0) did not panic")
		}
	}()
	tx.Source(0, 0)
}

// TestNormalizeReuse checks that a reused Text and Normalizer give the same
// result as fresh ones, whatever was normalised before.
func TestNormalizeReuse(t *testing.T) {
	docs := seeds.Articles()
	inputs := [][]byte{[]byte("Şeful ﬁrmei"), nil, []byte(" "), []byte("\xff"), []byte("a")}
	for _, d := range docs {
		inputs = append(inputs, d.Text)
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			reused := NewNormalizer(mode.opts)
			var tx Text
			for round := range 2 {
				for i, in := range inputs {
					var fresh Text
					NewNormalizer(mode.opts).Normalize(&fresh, in)
					reused.Normalize(&tx, in)
					if !bytes.Equal(tx.Bytes, fresh.Bytes) || !slices.Equal(tx.Runes, fresh.Runes) ||
						!slices.Equal(tx.Start, fresh.Start) || !slices.Equal(tx.End, fresh.End) {
						t.Errorf("round %d input %d: reused Normalizer/Text differs from fresh", round, i)
					}
				}
			}
		})
	}
}

// TestNormalizeDoesNotModifySource checks that the original is never
// modified.
func TestNormalizeDoesNotModifySource(t *testing.T) {
	for _, d := range seeds.Articles() {
		for _, mode := range modes {
			src := bytes.Clone(d.Text)
			var tx Text
			NewNormalizer(mode.opts).Normalize(&tx, src)
			if !bytes.Equal(src, d.Text) {
				t.Errorf("seed %s %s: source modified", d.ID, mode.name)
			}
		}
	}
}

// TestNormalizeProperties checks the invariants of Text and idempotency on
// the seeds (whole and cut at random bytes), random strings and
// adversarial strings.
func TestNormalizeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var inputs [][]byte
	for _, d := range seeds.Articles() {
		inputs = append(inputs, d.Text)
		for range 10 {
			i := rng.IntN(len(d.Text))
			j := i + rng.IntN(min(len(d.Text)-i, 300)+1)
			inputs = append(inputs, d.Text[i:j])
		}
	}
	for _, s := range adversarial {
		inputs = append(inputs, []byte(s))
	}
	for _, p := range pieces {
		inputs = append(inputs, []byte(p), []byte("A"+p+"\u0301"), []byte(p+p))
	}
	for range 3000 {
		inputs = append(inputs, randomInput(rng, 20))
	}
	for range 20 {
		inputs = append(inputs, randomInput(rng, 500))
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			nz := NewNormalizer(mode.opts)
			var tx, scratch Text
			failures := 0
			for _, in := range inputs {
				nz.Normalize(&tx, in)
				err := checkText(in, &tx)
				if err == nil {
					err = checkIdempotent(nz, &tx, &scratch)
				}
				if err != nil {
					t.Errorf("input %+q: %v", in, err)
					if failures++; failures > 10 {
						t.Fatal("too many failures")
					}
				}
			}
		})
	}
}

// referenceNormalize is a slow, obviously correct normalisation of a single
// rune: the whole pipeline with the library functions, always case folding.
func referenceNormalize(r rune, keep bool) string {
	if m := foldBeforeNFKC(r); m != 0 {
		return string(m)
	}
	s := string(r)
	var x string
	if keep {
		x = norm.NFKC.String(s)
	} else {
		x = norm.NFC.String(stripMarksRef(norm.NFKD.String(s)))
	}
	x = cases.Fold().String(x)
	if keep {
		x = norm.NFKC.String(x)
	} else {
		x = norm.NFC.String(x)
	}
	var b strings.Builder
	space := false
	for _, c := range x {
		switch m := mapRune(c, keep); m {
		case dropRune:
		case ' ':
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(m)
		}
	}
	return b.String()
}

// TestNormalizeEveryRune normalises every assigned, non-private rune on its
// own and checks it against referenceNormalize and the invariants. It
// catches runes that the case-folding shortcut misses. Under the race
// detector it checks one rune in 5.
func TestNormalizeEveryRune(t *testing.T) {
	step := rune(1)
	if raceEnabled {
		step = 5
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			nz := NewNormalizer(mode.opts)
			var tx, scratch Text
			var buf []byte
			failures := 0
			for r := rune(0); r <= unicode.MaxRune; r += step {
				if !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf) {
					continue
				}
				buf = utf8.AppendRune(buf[:0], r)
				nz.Normalize(&tx, buf)
				err := checkText(buf, &tx)
				if err == nil {
					err = checkIdempotent(nz, &tx, &scratch)
				}
				if want := referenceNormalize(r, mode.opts.KeepAccents); err == nil && string(tx.Bytes) != want {
					t.Errorf("%U %q: Normalize = %+q, reference %+q", r, r, tx.Bytes, want)
					failures++
				}
				if err != nil {
					t.Errorf("%U %q: %v", r, r, err)
					failures++
				}
				if failures > 20 {
					t.Fatal("too many failures")
				}
			}
		})
	}
}

// referenceNormalizeString normalises valid UTF-8 without format
// characters, without ´ ″ ‶ and without runs of more than 30 combining
// marks the slow, obvious way: each step on the whole string.
func referenceNormalizeString(s string, keep bool) string {
	var x string
	if keep {
		x = norm.NFKC.String(s)
	} else {
		x = norm.NFC.String(stripMarksRef(norm.NFKD.String(s)))
	}
	x = cases.Fold().String(x)
	if keep {
		x = norm.NFKC.String(x)
		for strings.ContainsAny(x, "şţ") {
			x = norm.NFKC.String(strings.NewReplacer("ş", "ș", "ţ", "ț").Replace(x))
		}
	} else {
		x = norm.NFC.String(x)
	}
	var b strings.Builder
	space := false
	for _, c := range x {
		switch m := mapRune(c, keep); m {
		case dropRune:
		case ' ':
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(m)
		}
	}
	return b.String()
}

// TestNormalizeMatchesReference compares Normalize, which works segment by
// segment, with referenceNormalizeString on random strings (fewer under
// the race detector).
func TestNormalizeMatchesReference(t *testing.T) {
	var alphabet []string
	for _, p := range pieces {
		r, _ := utf8.DecodeRuneInString(p)
		if !utf8.ValidString(p) || unicode.Is(unicode.Cf, r) || strings.ContainsAny(p, "´″‶") {
			continue
		}
		alphabet = append(alphabet, p)
	}
	alphabet = append(alphabet, "x", "y", "1", ".", " ", "क", "्", "ष", "ক", "া", "ে", "େ", "ା",
		"ᄀ", "ᅡ", "ᆨ", "가", "ل", "ا", "ٓ", "א", "ָ", "ก", "ั", "ẛ", "̣")
	count := 20000
	if raceEnabled {
		count = 4000
	}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(5, 6))
			nz := NewNormalizer(mode.opts)
			var tx Text
			failures := 0
			for range count {
				var b strings.Builder
				for range rng.IntN(12) {
					b.WriteString(alphabet[rng.IntN(len(alphabet))])
				}
				in := b.String()
				nz.Normalize(&tx, []byte(in))
				if want := referenceNormalizeString(in, mode.opts.KeepAccents); string(tx.Bytes) != want {
					t.Errorf("Normalize(%+q) = %+q, reference %+q", in, tx.Bytes, want)
					if failures++; failures > 10 {
						t.Fatal("too many failures")
					}
				}
			}
		})
	}
}

// TestNormalizeUnifiesSpellings checks that the spellings churn exists to
// merge give one normalised text.
func TestNormalizeUnifiesSpellings(t *testing.T) {
	groups := []struct {
		keep  bool
		texts []string
	}{
		{false, []string{"Şeful statului", "Șeful statului", "S\u0327eful statului", "S\u0326eful statului", "ȘEFUL STATULUI", "sefùl statului", "seful\u00a0statului", " seful\tstatului\n"}},
		{true, []string{"Şeful statului", "Șeful statului", "S\u0327eful statului", "S\u0326eful statului", "ȘEFUL STATULUI", "șeful\u00a0statului"}},
		{false, []string{"sfârșitul", "sfârşitul", "sfarsitul", "SFÂRȘITUL", "sfa\u0302rs\u0326itul"}},
		{false, []string{"„Kremlin”", "«Kremlin»", "\"Kremlin\"", "“KREMLIN”"}},
		{false, []string{"l'Ucraina", "l’Ucraina", "l´Ucraina", "l`Ucraina", "L'UCRAINA"}},
		{false, []string{"Straße", "STRASSE", "STRAẞE", "strasse"}},
		{false, []string{"ﬁnal", "final", "ＦＩＮＡＬ"}},
		{false, []string{"co-operation", "co–operation", "co‐operation", "co−operation"}},
		{false, []string{"cooperation", "co\u00adoperation", "\ufeffco\u200boperation"}},
	}
	for _, g := range groups {
		nz := NewNormalizer(Options{KeepAccents: g.keep})
		var first, tx Text
		nz.Normalize(&first, []byte(g.texts[0]))
		for _, s := range g.texts[1:] {
			nz.Normalize(&tx, []byte(s))
			if !bytes.Equal(tx.Bytes, first.Bytes) {
				t.Errorf("keep=%v: %q → %q, but %q → %q", g.keep, g.texts[0], first.Bytes, s, tx.Bytes)
			}
		}
	}
}

func TestNormalizeAllocs(t *testing.T) {
	docs := seeds.Articles()
	extra := [][]byte{[]byte("İstanbul STRAẞE ﬁ ＡＢＣ s\u0327 J\u030c ᾷ \xff\xfe"), []byte(strings.Repeat("Ş", 1000))}
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			nz := NewNormalizer(mode.opts)
			var tx Text
			all := func() {
				for _, d := range docs {
					nz.Normalize(&tx, d.Text)
				}
				for _, e := range extra {
					nz.Normalize(&tx, e)
				}
			}
			all() // warm up: grow tx and the scratch buffers
			if n := testing.AllocsPerRun(20, all); n != 0 {
				t.Errorf("Normalize allocates %v times per run of %d documents after warm-up, want 0", n, len(docs)+len(extra))
			}
		})
	}
}
