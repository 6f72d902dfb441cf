package shingle

import (
	"slices"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Normalisation: the options, the Normalizer and its entry point. The
// fast path is in fast.go, the segment-by-segment definition in
// reference.go, the rune table that joins them in runetable.go, and the
// Text they write in text.go.

// Options control normalisation.
type Options struct {
	// KeepAccents keeps diacritics, so that "ș" and "s" differ. By default
	// churn strips them after unifying spellings: see the package comment
	// for the measurement behind that default, and for which marks are
	// diacritics (those on Latin, Greek, Cyrillic, Arabic and Hebrew
	// letters, not kana voicing or Indic vowel signs).
	KeepAccents bool
}

// A Normalizer turns original text into a Text. It holds scratch buffers,
// so it allocates nothing in the steady state; it is not safe for
// concurrent use (use one per goroutine).
type Normalizer struct {
	opts Options
	seg  []byte // normalised segment
	tmp  []byte // scratch for accent stripping and case folding
	fold cases.Caser
	it   norm.Iter  // reused so that normalising allocates nothing
	tab  *runeTable // the fast path's table for opts

	// src is the text being normalised, for stripsBefore, which sets
	// usedContext (for classify).
	src         []byte
	usedContext bool

	// whitespace run not yet written
	pendingSpace       bool
	spaceStart, spaceE int32

	// Keeps the fields above, written all the time, off the cache lines of
	// whatever is allocated next, such as another goroutine's Normalizer.
	_ [64]byte
}

// NewNormalizer returns a Normalizer with the given options.
func NewNormalizer(opts Options) *Normalizer {
	n := &Normalizer{opts: opts}
	n.init()
	return n
}

func (n *Normalizer) init() {
	n.seg = make([]byte, 0, 64)
	n.tmp = make([]byte, 0, 64)
	n.fold = cases.Fold()
	n.tab = tableFor(n.opts)
}

// Normalize writes the normalised view of src into dst, replacing its
// contents and reusing its storage. It never fails: invalid UTF-8 becomes
// U+FFFD (one per maximal invalid run), and input past MaxTextLen is
// ignored.
//
// The steps, in order, for each normalisation segment of src (a starter
// and the combining marks that follow it):
//
//   - Unicode NFKC (NFKD when accents are stripped, which then drops
//     the non-spacing marks that are diacritics, see the package comment,
//     and recomposes with NFC, so Hangul survives);
//   - full Unicode case folding (so "Straße" matches "STRASSE");
//   - Romanian letters with cedilla become the comma-below letters the
//     language prescribes (ş→ș, ţ→ț);
//   - typographic quotes, apostrophes and primes become ' or ", dashes
//     and minus signs become -;
//   - every Unicode space, line break and control character becomes a
//     space, format characters (soft hyphen, zero-width space and joiners,
//     byte-order mark, directional marks) are dropped, and runs of spaces
//     collapse to one; leading and trailing spaces are dropped.
//
// Most runes form a segment of their own and normalise to at most one
// rune; Normalize looks their result up in a table built from the
// segment-by-segment definition above and runs the definition itself
// only on the rest: decomposed letters, ligatures, invalid UTF-8.
func (n *Normalizer) Normalize(dst *Text, src []byte) {
	src = n.begin(dst, src)
	for i := 0; i < len(src); {
		// The fast path writes at most one rune per byte of src, and
		// the bytes of those runes, into the room it is given, and stops
		// when it runs out (see cursor): make room for the rest, with a
		// little more for a pending space and for the few runes whose
		// output is longer than their UTF-8.
		rest := len(src) - i + fastSlack
		dst.Bytes = slices.Grow(dst.Bytes, rest)
		dst.Start = slices.Grow(dst.Start, rest)
		dst.End = slices.Grow(dst.End, rest)
		dst.Runes = slices.Grow(dst.Runes, rest+1)
		if len(dst.Runes) == 0 {
			dst.Runes = append(dst.Runes, 0)
		}
		if i = n.fast(dst, src, i); i < len(src) {
			i = n.step(dst, src, i)
		}
	}
	if dst.Len() == 0 {
		dst.Runes = dst.Runes[:0]
	}
	n.pendingSpace = false
	n.src = nil
}

// begin resets dst and the normaliser's state for src, which it returns
// cut to MaxTextLen.
func (n *Normalizer) begin(dst *Text, src []byte) []byte {
	dst.reset()
	if len(src) > MaxTextLen {
		src = src[:MaxTextLen]
	}
	n.pendingSpace = false
	n.src = src
	return src
}
