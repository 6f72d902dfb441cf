package shingle

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// This file holds the definition of normalisation, segment by segment,
// with golang.org/x/text: normalizeRef runs it alone, Normalize runs it on
// the segments its fast path (fast.go) cannot look up, and the rune table
// (runetable.go) is built from it, so that the three cannot disagree.

// normalizeRef is Normalize without the table: every step goes through
// the segment-by-segment definition. Tests check that the two agree.
func (n *Normalizer) normalizeRef(dst *Text, src []byte) {
	src = n.begin(dst, src)
	for i := 0; i < len(src); {
		i = n.step(dst, src, i)
	}
	n.src = nil
}

// step normalises the segment of src that starts at i (or the single
// ASCII byte, or the run of invalid bytes) into dst, and returns the
// position of the next one.
func (n *Normalizer) step(dst *Text, src []byte, i int) int {
	c := src[i]
	// ASCII fast path: valid when the next byte cannot be a combining
	// mark that would compose with this one.
	if c < utf8.RuneSelf && (i+1 == len(src) || src[i+1] < utf8.RuneSelf) {
		switch m := asciiMap[c]; m {
		case 0:
			n.space(int32(i), int32(i+1))
		default:
			n.emit(dst, rune(m), int32(i), int32(i+1))
		}
		return i + 1
	}
	r, size := utf8.DecodeRune(src[i:])
	if r == utf8.RuneError && size <= 1 {
		j := i + 1
		for j < len(src) {
			r2, s2 := utf8.DecodeRune(src[j:])
			if r2 != utf8.RuneError || s2 > 1 {
				break
			}
			j++
		}
		n.emit(dst, utf8.RuneError, int32(i), int32(j))
		return j
	}
	if m := foldBeforeNFKC(r); m != 0 {
		n.emit(dst, m, int32(i), int32(i+size))
		return i + size
	}
	end := i + n.segmentLen(src[i:])
	n.segment(dst, src[i:end], int32(i), int32(end))
	return skipExcessMarks(src, end)
}

// skipExcessMarks returns the end of the combining marks at src[i:] that
// follow a segment cut short by the stream-safe limit of 30 marks (which
// NextBoundary applies), or i if there are none. Such marks are dropped:
// normalised as segments of their own they would land on the previous
// segment's output, and normalising that again would reorder them.
func skipExcessMarks(src []byte, i int) int {
	for i < len(src) && src[i] >= utf8.RuneSelf {
		r, s := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && s <= 1 || norm.NFKC.Properties(src[i:]).BoundaryBefore() {
			break
		}
		i += s
	}
	return i
}

// segmentLen returns the length of the normalisation segment at the start
// of b, stopping early at invalid UTF-8 so that it is handled on its own.
func (n *Normalizer) segmentLen(b []byte) int {
	l := norm.NFKC.NextBoundary(b, true)
	if l <= 0 {
		_, l = utf8.DecodeRune(b)
	}
	// NextBoundary can step over invalid bytes that follow a starter.
	for j := 0; j < l; {
		r, s := utf8.DecodeRune(b[j:l])
		if r == utf8.RuneError && s <= 1 {
			if j == 0 {
				return 1
			}
			return j
		}
		j += s
	}
	return l
}

// segment normalises one segment and emits its runes, all mapped to the
// segment's original span.
func (n *Normalizer) segment(dst *Text, seg []byte, start, end int32) {
	var out []byte
	if n.opts.KeepAccents {
		out = n.normAppend(n.seg[:0], norm.NFKC, seg)
	} else {
		d := n.normAppend(n.seg[:0], norm.NFKD, seg)
		t := n.tmp[:0]
		strip, based := true, false
		for j := 0; j < len(d); {
			r, s := utf8.DecodeRune(d[j:])
			if !unicode.Is(unicode.Mn, r) {
				strip, based = stripsMarks(r), true
			} else {
				if !based {
					// Marks at the start of a segment (those with
					// combining class 0, like Thai vowels, start
					// one) belong to the rune before it.
					strip, based = n.stripsBefore(int(start)), true
				}
				if strip {
					j += s
					continue
				}
			}
			t = append(t, d[j:j+s]...)
			j += s
		}
		n.tmp = t
		out = n.normAppend(d[:0], norm.NFC, t)
	}
	out = n.caseFold(out)
	if n.opts.KeepAccents {
		out = n.commaBelow(out)
	}
	n.seg = out[:0]
	for j := 0; j < len(out); {
		r, s := utf8.DecodeRune(out[j:])
		r = mapRune(r, n.opts.KeepAccents)
		if j == 0 && r == dropRune {
			// Marks on a format character go with it: kept, they would
			// land on the previous letter, and normalising the output
			// again would compose them with it.
			return
		}
		j += s
		switch r {
		case dropRune:
		case ' ':
			n.space(start, end)
		default:
			n.emit(dst, r, start, end)
		}
	}
}

// stripsMarks reports whether the non-spacing marks that follow r (a
// rune of an NFKD-decomposed segment that is not itself a non-spacing
// mark) are diacritics that stripping accents removes: those on Latin,
// Greek and Cyrillic letters, the optional vowel points and signs of
// Arabic and Hebrew, marks on characters of no particular script
// (digits, punctuation, spaces) and marks on any rune that becomes a space
// (U+1680 OGHAM SPACE MARK is of the Ogham script): kept, they would
// start the next word, and normalising the output again would strip them
// as marks with nothing before them. Marks on the letters of other scripts
// spell the word and stay: kana voicing (ガ is カ and U+3099), the vowel
// signs and viramas of the Indic scripts, Thai vowels and tone marks.
func stripsMarks(r rune) bool {
	return r < utf8.RuneSelf || isSpace(r) || unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic,
		unicode.Arabic, unicode.Hebrew, unicode.Common, unicode.Inherited)
}

// stripsBefore reports whether stripping accents removes the non-spacing
// marks that start the segment at n.src[i:]: whether the last rune before
// them that is not a non-spacing mark once decomposed strips marks (or
// there is none). It sets n.usedContext.
func (n *Normalizer) stripsBefore(i int) bool {
	n.usedContext = true
	src := n.src[:i]
	for len(src) > 0 {
		r, s := utf8.DecodeLastRune(src)
		p := norm.NFKD.Properties(src[len(src)-s:])
		src = src[:len(src)-s]
		if d := p.Decomposition(); d != nil {
			for len(d) > 0 {
				r, s = utf8.DecodeLastRune(d)
				if !unicode.Is(unicode.Mn, r) {
					return stripsMarks(r)
				}
				d = d[:len(d)-s]
			}
		} else if !unicode.Is(unicode.Mn, r) {
			return stripsMarks(r)
		}
	}
	return true
}

// commaBelow replaces ş and ţ in b, an NFKC-normalised segment, with ș
// and ț. If marks follow, it normalises the result again, because a
// cedilla among them then composes in place of the comma below
// ("ș\u0327" is "ş\u0326" in NFC), and repeats until no ş or ţ is left, so
// that the result is normalised.
func (n *Normalizer) commaBelow(b []byte) []byte {
	for {
		found := false
		for j := 0; j+1 < len(b); j++ {
			// ş is C5 9F and ţ C5 A3 in UTF-8; ș is C8 99 and ț C8 9B.
			if b[j] == 0xc5 && b[j+1] == 0x9f {
				b[j], b[j+1] = 0xc8, 0x99
				found = true
			} else if b[j] == 0xc5 && b[j+1] == 0xa3 {
				b[j], b[j+1] = 0xc8, 0x9b
				found = true
			}
		}
		if !found || len(b) == 2 {
			return b
		}
		n.tmp = append(n.tmp[:0], b...)
		b = n.normAppend(b[:0], norm.NFKC, n.tmp)
	}
}

// normAppend appends f(src) to dst. Unlike f.Append, which moves its
// reorder buffer to the heap on every call that has work to do, it uses
// the Normalizer's Iter and so allocates only if dst lacks capacity. dst
// and src must not overlap.
func (n *Normalizer) normAppend(dst []byte, f norm.Form, src []byte) []byte {
	n.it.Init(f, src)
	for !n.it.Done() {
		dst = append(dst, n.it.Next()...)
	}
	return dst
}

// caseFold applies full case folding to b if any of its runes has case,
// returning b itself otherwise. The folded text is normalised again (NFKC,
// or NFC when accents are stripped): folding can undo a composition, as
// in "J\u030c" → "j\u030c", which NFC writes "ǰ".
func (n *Normalizer) caseFold(b []byte) []byte {
	cased := false
	for j := 0; j < len(b); {
		r, s := utf8.DecodeRune(b[j:])
		j += s
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				cased = true
				break
			}
			continue
		}
		if unicode.SimpleFold(r) != r || hasFullFoldOnly(r) {
			cased = true
			break
		}
	}
	if !cased {
		return b
	}
	for {
		n.fold.Reset()
		nd, _, err := n.fold.Transform(n.tmp[:cap(n.tmp)], b, true)
		switch err {
		case nil:
			// b may alias n.seg; write the folded bytes back into it.
			f := norm.NFKC
			if !n.opts.KeepAccents {
				f = norm.NFC
			}
			return n.normAppend(b[:0], f, n.tmp[:nd])
		case transform.ErrShortDst:
			n.tmp = make([]byte, 0, 2*cap(n.tmp)+len(b)*3)
		default:
			return b
		}
	}
}

// hasFullFoldOnly reports whether r, an NFKC-normalised rune, changes
// under full case folding although unicode.SimpleFold leaves it alone:
// ß, İ and the Greek letters with ypogegrammeni that have no capital form
// (ᾷ folds to ᾶι). The other such runes (ligatures like ﬁ, ŉ, ẚ) are
// not NFKC-normalised.
func hasFullFoldOnly(r rune) bool {
	switch r {
	case 'ß', 'ẞ', 'İ', 'ᾲ', 'ᾴ', 'ᾷ', 'ῂ', 'ῄ', 'ῇ', 'ῲ', 'ῴ', 'ῷ':
		return true
	}
	return false
}

// space records whitespace spanning original bytes [start, end).
func (n *Normalizer) space(start, end int32) {
	if !n.pendingSpace {
		n.pendingSpace = true
		n.spaceStart = start
	}
	n.spaceE = end
}

// emit appends rune r, produced by original bytes [start, end), writing any
// pending space first (unless the text is still empty).
func (n *Normalizer) emit(dst *Text, r rune, start, end int32) {
	if n.pendingSpace {
		n.pendingSpace = false
		if len(dst.Bytes) > 0 {
			dst.appendRune(' ', n.spaceStart, n.spaceE)
		}
	}
	dst.appendRune(r, start, end)
}

// foldBeforeNFKC returns the quote that r stands for if NFKC would take r
// apart before mapRune could see it, and 0 otherwise: NFKC turns the acute
// accent ´ (typed as an apostrophe, as in "l´Ucraina") into a space and a
// combining acute, and the double primes ″ and ‶ into two single ones.
func foldBeforeNFKC(r rune) rune {
	switch r {
	case '´':
		return '\''
	case '″', '‶':
		return '"'
	}
	return 0
}

// dropRune marks a rune that produces no output.
const dropRune = -1

// asciiMap maps each ASCII byte to its normalised form: 0 for white space
// and control characters, the lower-case letter for capitals, itself
// otherwise.
var asciiMap = func() (m [utf8.RuneSelf]byte) {
	for c := range m {
		switch {
		case c < 0x20 || c == 0x7f || c == ' ':
			m[c] = 0
		case 'A' <= c && c <= 'Z':
			m[c] = byte(c) + 'a' - 'A'
		case c == '`':
			m[c] = '\''
		default:
			m[c] = byte(c)
		}
	}
	return m
}()

// mapRune applies churn's folds to one NFKC-normalised, case-folded rune:
// it returns ' ' for any kind of space or control character, dropRune for
// format characters, and the folded rune otherwise.
func mapRune(r rune, keepAccents bool) rune {
	if r < utf8.RuneSelf {
		if m := asciiMap[r]; m != 0 {
			return rune(m)
		}
		return ' '
	}
	switch r {
	case 'ş': // s with cedilla, as typed on Romanian keyboards of old
		if keepAccents {
			return 'ș'
		}
		return 's'
	case 'ţ':
		if keepAccents {
			return 'ț'
		}
		return 't'
	case '‘', '’', '‚', '‛', '′', '‵', '´', 'ʼ', 'ʹ', 'ʻ', 'ʽ', '‹', '›', '＇':
		return '\''
	case '“', '”', '„', '‟', '«', '»', '″', '‶', '〝', '〞', '〟', '＂':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－', '⸺', '⸻', '⁃':
		return '-'
	case utf8.RuneError:
		return r
	}
	// Unicode folds the Cherokee small letters to the capitals, which
	// fold to themselves; x/text/cases folds the capitals to the small
	// letters (golang.org/issue/46101), so undo that.
	if 0xab70 <= r && r <= 0xabbf {
		return r - 0xab70 + 0x13a0
	}
	if 0x13f8 <= r && r <= 0x13fd {
		return r - 8
	}
	if isSpace(r) {
		return ' '
	}
	if unicode.Is(unicode.Cf, r) {
		return dropRune
	}
	return r
}

// isSpace reports whether normalisation turns r into a space: white space,
// space separators and control characters.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || unicode.Is(unicode.Cc, r)
}
