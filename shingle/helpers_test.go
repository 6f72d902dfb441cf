package shingle

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// modes are the two normalisation options, named for subtests.
var modes = []struct {
	name string
	opts Options
}{
	{"strip", Options{KeepAccents: false}},
	{"keep", Options{KeepAccents: true}},
}

// runeStarts marks the positions of src where a rune starts, plus len(src).
// An invalid byte counts as a rune of length 1, as utf8.DecodeRune has it.
func runeStarts(src []byte) []bool {
	b := make([]bool, len(src)+1)
	for i := 0; i < len(src); {
		b[i] = true
		_, s := utf8.DecodeRune(src[i:])
		i += s
	}
	b[len(src)] = true
	return b
}

// checkText returns an error describing the first broken invariant of tx,
// the normalised view of src, or nil.
func checkText(src []byte, tx *Text) error {
	n := tx.Len()
	if len(tx.Start) != n || len(tx.End) != n {
		return fmt.Errorf("len(Start)=%d len(End)=%d, Len()=%d", len(tx.Start), len(tx.End), n)
	}
	if !utf8.Valid(tx.Bytes) {
		return fmt.Errorf("Bytes %+q is not valid UTF-8", tx.Bytes)
	}
	if n == 0 {
		if len(tx.Bytes) != 0 || len(tx.Runes) != 0 {
			return fmt.Errorf("empty text with Bytes %+q, Runes %v", tx.Bytes, tx.Runes)
		}
		return nil
	}
	if len(tx.Runes) != n+1 {
		return fmt.Errorf("len(Runes)=%d, want Len()+1=%d", len(tx.Runes), n+1)
	}
	if tx.Runes[0] != 0 || int(tx.Runes[n]) != len(tx.Bytes) {
		return fmt.Errorf("Runes %v does not run from 0 to len(Bytes)=%d", tx.Runes, len(tx.Bytes))
	}
	for i := range n {
		a, b := tx.Runes[i], tx.Runes[i+1]
		if a >= b {
			return fmt.Errorf("Runes not strictly increasing at %d: %d, %d", i, a, b)
		}
		r, size := utf8.DecodeRune(tx.Bytes[a:b])
		if size != int(b-a) || r == utf8.RuneError && size == 1 {
			return fmt.Errorf("Bytes[%d:%d]=%+q is not one rune", a, b, tx.Bytes[a:b])
		}
		switch {
		case r < ' ' || r == 0x7f:
			return fmt.Errorf("control character %U at rune %d", r, i)
		case 'A' <= r && r <= 'Z':
			return fmt.Errorf("capital %q at rune %d", r, i)
		case r != ' ' && unicode.IsSpace(r):
			return fmt.Errorf("space %U at rune %d not folded", r, i)
		case unicode.Is(unicode.Cf, r):
			return fmt.Errorf("format character %U at rune %d not dropped", r, i)
		}
	}
	if tx.Bytes[0] == ' ' || tx.Bytes[len(tx.Bytes)-1] == ' ' {
		return fmt.Errorf("Bytes %+q has a leading or trailing space", tx.Bytes)
	}
	if bytes.Contains(tx.Bytes, []byte("  ")) {
		return fmt.Errorf("Bytes %+q has a run of spaces", tx.Bytes)
	}
	starts := runeStarts(src)
	for i := range n {
		s, e := tx.Start[i], tx.End[i]
		if s < 0 || int(e) > len(src) || s >= e {
			return fmt.Errorf("rune %d: span [%d,%d) of a %d-byte source", i, s, e, len(src))
		}
		if !starts[s] || !starts[e] {
			return fmt.Errorf("rune %d: span [%d,%d) is not on rune boundaries of %+q", i, s, e, src)
		}
		if i > 0 && (s < tx.Start[i-1] || e < tx.End[i-1]) {
			return fmt.Errorf("spans decrease at rune %d: [%d,%d) after [%d,%d)", i, s, e, tx.Start[i-1], tx.End[i-1])
		}
	}
	for _, ij := range [][2]int{{0, n}, {0, 1}, {n - 1, n}, {n / 2, n}, {n / 3, (2*n)/3 + 1}} {
		s, e := tx.Source(ij[0], ij[1])
		if s < 0 || s > e || e > len(src) {
			return fmt.Errorf("Source(%d, %d) = %d, %d for a %d-byte source", ij[0], ij[1], s, e, len(src))
		}
		_ = src[s:e]
	}
	return nil
}

// checkIdempotent returns an error if normalising tx.Bytes again changes
// it. scratch is overwritten.
func checkIdempotent(nz *Normalizer, tx, scratch *Text) error {
	nz.Normalize(scratch, tx.Bytes)
	if !bytes.Equal(scratch.Bytes, tx.Bytes) {
		return fmt.Errorf("not idempotent: %+q normalises to %+q", tx.Bytes, scratch.Bytes)
	}
	return nil
}

// pieces are the building blocks of random inputs: the characters the
// normaliser treats specially, and some it must leave alone.
var pieces = []string{
	"a", "Z", "ș", "ş", "Ș", "Ş", "ț", "ţ", "Ț", "Ţ", "ă", "î", "Â", "s", "t", "S", "T", "i", "I",
	"\u0327", "\u0326", "\u0301", "\u0308", "\u030c", "\u0331", "\u0345", "\u0316", "\u0342", "\u3099",
	" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2009", "\u3000", "\u2028", "\u0085", "\x00", "\x7f",
	"‘", "’", "“", "”", "„", "«", "»", "´", "″", "`", "'", "\"",
	"–", "—", "‐", "−", "-",
	"İ", "ı", "ß", "ẞ", "ﬁ", "ﬃ", "Ａ", "ｚ", "１", "漢", "字", "ｶ", "ﾞ", "ガ", "한", "\u1100", "\u1161",
	"ا", "ل", "س", "\u064e", "ﻣ", "\ufdfa", "¨", "ǰ", "J", "H", "ᾷ", "Α", "Ω", "ς", "Σ", "K", "ŉ",
	"\u00ad", "\u200b", "\u200d", "\u200e", "\ufeff", "\u2060",
	"\xff", "\xfe", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\xf0\x9f", "\ufffd",
	"😀", "👍🏽", "\U0001d400", "\U0001d165",
}

// randomInput returns a random string of up to maxParts pieces, mixed with
// random runes and random bytes.
func randomInput(rng *rand.Rand, maxParts int) []byte {
	var b []byte
	for range rng.IntN(maxParts + 1) {
		switch x := rng.IntN(20); {
		case x == 0:
			b = utf8.AppendRune(b, rune(rng.IntN(unicode.MaxRune+1)))
		case x == 1:
			b = append(b, byte(rng.IntN(256)))
		case x == 2:
			b = utf8.AppendRune(b, rune(0x300+rng.IntN(0x70))) // combining marks
		default:
			b = append(b, pieces[rng.IntN(len(pieces))]...)
		}
	}
	return b
}

// adversarial are inputs built to stress segmentation and spans.
var adversarial = []string{
	"",
	" ",
	"\xff",
	"\x80\x80\x80",
	strings.Repeat("\xff", 100),
	"a" + strings.Repeat("\u0301", 31),
	"a" + strings.Repeat("\u0301", 30) + "\u0316",
	"a" + strings.Repeat("\u0301", 29) + "\u0316\u0316",
	"a" + strings.Repeat("\u0316\u0301", 40) + "b",
	strings.Repeat("\u0301", 70) + "x",
	"s" + strings.Repeat("\u0327\u0326", 20),
	"\u0301",
	"\u0327\u0327",
	"a\xff\u0301",
	"a\u0301\xff",
	"\xe2\x82\u0301",
	"ﬃ\u0301",
	"İ\u0301\u0327",
	"ẞ\u0301",
	"\ufdfa\ufdfa",
	"¨¨¨",
	" ¨ ",
	"\u00ad \u00ad",
	" \ufeff ",
	strings.Repeat("ﬁ", 50),
	strings.Repeat("\u3000\u00a0", 50),
	"\u1100\u1161\u11a8",
	"ｶﾞｷﾞ",
	"Α\u0342\u0345",
	"ᾷ",
	"J\u030c",
	"H\u0331",
	"\U0001d165\U0001d16d\U0001d16e",
	"\xf4\x90\x80\x80", // above U+10FFFF
	"\xef\xbf\xbd\xff",
	"a\u034f\u0301",
	"\u1680\u0e31",       // Ogham space mark (a space of the Ogham script), Thai vowel
	"\u0e01\u1680\u0e31", // the same after a Thai letter
	"\u2003\u0e48x",
}

// stripMarksRef removes from an NFKD-decomposed string the non-spacing
// marks that stripping accents removes: those whose base, the last rune
// before them that is not a non-spacing mark, is in the Latin, Greek,
// Cyrillic, Arabic, Hebrew, Common or Inherited script or is a space,
// and those with no base.
func stripMarksRef(s string) string {
	var b strings.Builder
	strip := true
	for _, c := range s {
		if !unicode.Is(unicode.Mn, c) {
			strip = unicode.IsSpace(c) || unicode.Is(unicode.Zs, c) || unicode.Is(unicode.Cc, c)
			for _, sc := range []*unicode.RangeTable{unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Arabic, unicode.Hebrew, unicode.Common, unicode.Inherited} {
				if unicode.Is(sc, c) {
					strip = true
				}
			}
		} else if strip {
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
