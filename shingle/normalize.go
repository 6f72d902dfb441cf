package shingle

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MaxTextLen is the largest original text, in bytes, that a Text can map:
// offsets are stored as int32. Normalize truncates longer input; readers
// reject it before it gets here.
const MaxTextLen = 1<<31 - 1

// Text is the normalised view of an original text. The original is never
// modified; Text records, for every normalised character (rune), the span
// of original bytes it came from, so that anything found in the normalised
// text can be quoted from the original.
//
// The zero Text is empty and ready for use by Normalizer.Normalize, which
// reuses its slices.
type Text struct {
	// Bytes is the normalised text, valid UTF-8.
	Bytes []byte
	// Runes holds the byte offset in Bytes of each normalised rune,
	// followed by len(Bytes): rune i is Bytes[Runes[i]:Runes[i+1]].
	Runes []int32
	// Start and End give, for each normalised rune, the span
	// [Start[i], End[i]) of the original bytes that produced it. Both
	// always fall on rune boundaries of the original (or on the edges of
	// invalid UTF-8 sequences). Several runes can share a span (NFKC turns
	// "ﬁ" into "fi"); a span is never empty.
	Start, End []int32
}

// Len returns the number of runes in the normalised text.
func (t *Text) Len() int { return len(t.Start) }

// Source returns the original byte span of the normalised runes [i, j).
// It panics if i >= j or the range is out of bounds, like slicing.
func (t *Text) Source(i, j int) (start, end int) {
	return int(t.Start[i]), int(t.End[j-1])
}

// Rune returns the bytes of normalised rune i.
func (t *Text) Rune(i int) []byte { return t.Bytes[t.Runes[i]:t.Runes[i+1]] }

func (t *Text) reset() {
	t.Bytes = t.Bytes[:0]
	t.Runes = t.Runes[:0]
	t.Start = t.Start[:0]
	t.End = t.End[:0]
}

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
// segment-by-segment definition above (see normalizeRef) and runs the
// definition itself only on the rest: decomposed letters, ligatures,
// invalid UTF-8.
func (n *Normalizer) Normalize(dst *Text, src []byte) {
	src = n.begin(dst, src)
	for i := 0; i < len(src); {
		// Fast steps emit at most one rune per byte of src: make room
		// for the rest, so that they need not check.
		rest := len(src) - i
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

// fast normalises src from i, as step would, as long as it can do so with
// the table, and returns where it stopped: at the end of src, or at a
// segment that needs step. dst.Start and dst.End must have room for
// len(src)-i more runes, and dst.Runes must hold at least its leading 0
// and have room for as many.
//
// A rune can be looked up when it is valid UTF-8 and its segment ends with
// it, which it does when the next rune starts a segment and cannot combine
// with what precedes it (entrySafe), or is ASCII.
func (n *Normalizer) fast(dst *Text, src []byte, i int) int {
	tab := n.tab
	ascii := tab.block(0)
	// Work on local copies of dst's slices and of the pending space, so
	// that they can stay in registers, and write them back at the end.
	bs := dst.Bytes
	k := len(dst.Start) // runes written
	starts, ends, offs := dst.Start[:cap(dst.Start)], dst.End[:cap(dst.End)], dst.Runes[:cap(dst.Runes)]
	pending, spS, spE := n.pendingSpace, n.spaceStart, n.spaceE
	for i < len(src) {
		if i+1 < len(src) && src[i]|src[i+1] < utf8.RuneSelf {
			// ASCII followed by ASCII: the common case.
			dst.Bytes, dst.Start, dst.End, dst.Runes = bs, starts[:k], ends[:k], offs[:k+1]
			n.pendingSpace, n.spaceStart, n.spaceE = pending, spS, spE
			i0 := i
			i = n.ascii(dst, src, i)
			bs, k = dst.Bytes, len(dst.Start)
			pending, spS, spE = n.pendingSpace, n.spaceStart, n.spaceE
			if i > i0 {
				continue
			}
			// Out of room in dst.Bytes: append below.
		}
		c := src[i]
		var e entry
		size := 1
		if c < utf8.RuneSelf {
			e = ascii[c]
		} else {
			var r rune
			if r, size = decode(src, i); size == 1 {
				break // invalid UTF-8
			}
			e = tab.lookup(r)
		}
		j := i + size
		if j < len(src) && src[j] >= utf8.RuneSelf {
			// An invalid sequence decodes as U+FFFD, which is safe: it
			// ends the segment before it.
			r2, _ := decode(src, j)
			if tab.lookup(r2)&entrySafe == 0 {
				break
			}
		}
		switch e & kindMask {
		case kindRune:
			if pending {
				pending = false
				if len(bs) > 0 {
					bs = append(bs, ' ')
					starts[k], ends[k] = spS, spE
					k++
					offs[k] = int32(len(bs))
				}
			}
			if l := e.utf8Len(); l == 1 {
				bs = append(bs, byte(e))
			} else {
				u := e.utf8Bytes()
				bs = append(bs, u[:l]...)
			}
			starts[k], ends[k] = int32(i), int32(j)
			k++
			offs[k] = int32(len(bs))
		case kindSpace:
			if !pending {
				pending = true
				spS = int32(i)
			}
			spE = int32(j)
		case kindDrop:
		default:
			goto out
		}
		i = j
	}
out:
	dst.Bytes, dst.Start, dst.End, dst.Runes = bs, starts[:k], ends[:k], offs[:k+1]
	n.pendingSpace, n.spaceStart, n.spaceE = pending, spS, spE
	return i
}

// ascii normalises src from i on as long as the bytes are ASCII followed
// by ASCII, and returns where it stopped. dst must have room for
// len(src)-i more bytes and runes.
func (n *Normalizer) ascii(dst *Text, src []byte, i int) int {
	nb, k := len(dst.Bytes), len(dst.Start)
	// Slices of equal length, so that the compiler checks bounds once.
	l := min(cap(dst.Bytes), cap(dst.Start), cap(dst.End), cap(dst.Runes)-1)
	bs, starts, ends, offs := dst.Bytes[:l], dst.Start[:l], dst.End[:l], dst.Runes[1:][:l]
	pending, spS, spE := n.pendingSpace, n.spaceStart, n.spaceE
	low := n.tab.low()
	for i+1 < len(src) && k+1 < l && nb+1 < l {
		c := src[i]
		if c|src[i+1] >= utf8.RuneSelf {
			// Two-byte runes (ă, ș, é, я) and the letters before them.
			i2 := i
			i, nb, k, pending = latin(src, i, bs, nb, starts, ends, offs, k, low, pending, spS, spE)
			if i == i2 {
				break
			}
			continue
		}
		m := asciiMap[c]
		if m == 0 {
			if !pending {
				pending = true
				spS = int32(i)
			}
			spE = int32(i + 1)
			i++
			continue
		}
		if pending {
			pending = false
			if nb > 0 {
				bs[nb] = ' '
				nb++
				starts[k], ends[k], offs[k] = spS, spE, int32(nb)
				k++
			}
		}
		bs[nb] = m
		nb++
		starts[k], ends[k], offs[k] = int32(i), int32(i+1), int32(nb)
		k++
		i++

		// A run of bytes after a letter that map to one rune each: ASCII
		// letters, digits and punctuation, and single spaces between
		// them (a space is written before the letter that follows it, as
		// emit does, with its own span), each followed by ASCII. The
		// slices have the run's length, so that the compiler checks no
		// bounds inside the loop.
		w := min(len(src)-1-i, l-k, l-nb)
		if w <= 0 {
			continue
		}
		x := plainRun(src[i:i+w], src[i+1:i+1+w], bs[nb:nb+w], starts[k:k+w], ends[k:k+w], offs[k:k+w], int32(i), int32(nb))
		i, nb, k = i+x, nb+x, k+x
		if i+2 < len(src) && src[i]|src[i+1]|src[i+2] >= utf8.RuneSelf {
			// The run goes on with two-byte runes (ă, ș, é, я).
			i, nb, k = mixedRun(src, i, bs, nb, starts, ends, offs, k, low)
		}
	}
	dst.Bytes, dst.Start, dst.End, dst.Runes = bs[:nb], starts[:k], ends[:k], dst.Runes[:k+1]
	n.pendingSpace, n.spaceStart, n.spaceE = pending, spS, spE
	return i
}

// latin is the part of ascii for runes of two bytes: from src[i] on, it
// writes runes of two bytes that form a segment of their own and give one
// rune of at most two bytes, and ASCII letters, digits and punctuation
// followed by such runes, writing the pending space first, and returns
// where it stopped and the new lengths and pending state. It leaves
// anything else, and ASCII followed by ASCII, to its caller.
func latin(src []byte, i int, bs []byte, nb int, starts, ends, offs []int32, k int, low *[0x800]entry, pending bool, spS, spE int32) (int, int, int, bool) {
	for i+1 < len(src) && nb+3 <= len(bs) && k+2 <= len(starts) && k+2 <= len(offs) {
		c := src[i]
		var e entry
		size := 1
		switch {
		case c < utf8.RuneSelf:
			if e = entry(asciiMap[c]) | 1<<32; e == 1<<32 {
				return i, nb, k, pending // white space
			}
		case c >= 0xc2 && c < 0xe0 && src[i+1]&0xc0 == 0x80:
			e = low[rune(c&0x1f)<<6|rune(src[i+1]&0x3f)]
			if e&kindMask != kindRune || e.utf8Len() > 2 {
				return i, nb, k, pending
			}
			size = 2
		default:
			return i, nb, k, pending
		}
		// The rune must end its segment: the next one must be safe.
		j := i + size
		if j+1 >= len(src) {
			return i, nb, k, pending // the last runes: see fast
		}
		if c2 := src[j]; c2 >= utf8.RuneSelf {
			if c2 < 0xc2 || c2 >= 0xe0 || src[j+1]&0xc0 != 0x80 || low[rune(c2&0x1f)<<6|rune(src[j+1]&0x3f)]&entrySafe == 0 {
				return i, nb, k, pending
			}
		} else if size == 1 {
			return i, nb, k, pending // ASCII before ASCII: the caller's
		}
		if pending {
			pending = false
			if nb > 0 {
				bs[nb] = ' '
				nb++
				starts[k], ends[k], offs[k] = spS, spE, int32(nb)
				k++
			}
		}
		bs[nb] = byte(e)
		nb++
		if e.utf8Len() == 2 {
			bs[nb] = byte(e >> 8)
			nb++
		}
		starts[k], ends[k], offs[k] = int32(i), int32(j), int32(nb)
		k++
		i = j
	}
	return i, nb, k, pending
}

// mixedRun is plainRun for runs that hold runes of two bytes (that form
// a segment of their own and give one rune of at most two bytes) besides
// ASCII letters, digits, punctuation and single spaces, which saves going
// back to ascii and latin at every ă or ș of a Romanian text. It leaves
// the stretches of ASCII to plainRun, and returns where it stopped.
func mixedRun(src []byte, i int, bs []byte, nb int, starts, ends, offs []int32, k int, low *[0x800]entry) (int, int, int) {
	for i+2 < len(src) && nb+2 < len(bs) && k+1 < len(starts) && k+1 < len(ends) && k+1 < len(offs) {
		c := src[i]
		if c < utf8.RuneSelf {
			p := runTable[c]
			var f uint32
			if c2 := src[i+1]; c2 < utf8.RuneSelf {
				// ASCII before ASCII: plainRun's job.
				w := min(len(src)-1-i, len(bs)-nb, len(starts)-k, len(ends)-k, len(offs)-k)
				x := plainRun(src[i:i+w], src[i+1:i+1+w], bs[nb:nb+w], starts[k:k+w], ends[k:k+w], offs[k:k+w], int32(i), int32(nb))
				if x == 0 {
					break
				}
				i, nb, k = i+x, nb+x, k+x
				continue
			} else if c2 >= 0xc2 && c2 < 0xe0 && src[i+2]&0xc0 == 0x80 {
				f = lowFollow(low[rune(c2&0x1f)<<6|rune(src[i+2]&0x3f)])
			}
			if f < p>>8&0xff {
				break
			}
			bs[nb] = byte(p)
			nb++
			starts[k], ends[k], offs[k] = int32(i), int32(i+1), int32(nb)
			k++
			i++
			continue
		}
		if c < 0xc2 || c >= 0xe0 || src[i+1]&0xc0 != 0x80 {
			break
		}
		e := low[rune(c&0x1f)<<6|rune(src[i+1]&0x3f)]
		if e&kindMask != kindRune || e.utf8Len() > 2 {
			break
		}
		if c3 := src[i+2]; c3 >= utf8.RuneSelf {
			if c3 < 0xc2 || c3 >= 0xe0 || i+3 >= len(src) || src[i+3]&0xc0 != 0x80 || low[rune(c3&0x1f)<<6|rune(src[i+3]&0x3f)]&entrySafe == 0 {
				break
			}
		}
		bs[nb] = byte(e)
		nb++
		if e.utf8Len() == 2 {
			bs[nb] = byte(e >> 8)
			nb++
		}
		starts[k], ends[k], offs[k] = int32(i), int32(i+2), int32(nb)
		k++
		i += 2
	}
	return i, nb, k
}

// lowFollow is runTable[c2]>>16 for a rune of two bytes with entry e: 0
// if it does not end the segment before it, needLetter if it is written
// as a rune (a space may come before it), needASCII otherwise.
func lowFollow(e entry) uint32 {
	switch {
	case e&entrySafe == 0:
		return 0
	case e&kindMask == kindRune:
		return 2
	}
	return 1
}

// plainRun writes the run of ascii that starts at in[0], at byte i of the
// text, into out, st, en and of, and returns its length. next is in
// shifted by one byte; all must have the same length. nb is the length of
// the normalised text before the run.
//
//go:noinline
func plainRun(in, next, out []byte, st, en, of []int32, i, nb int32) int {
	n := len(in)
	next, out, st, en, of = next[:n], out[:n], st[:n], en[:n], of[:n]
	d := nb - i
	for x, c := range in {
		p := runTable[c]
		if runTable[next[x]]>>16 < p>>8&0xff {
			return x
		}
		out[x] = byte(p)
		st[x] = i
		i++
		en[x] = i
		of[x] = i + d
	}
	return n
}

// runTable drives the runs of ascii. Byte c continues a run if the byte
// after it, c2, has runTable[c2]>>16 >= runTable[c]>>8&0xff, and stands for
// byte(runTable[c]). Letters, digits and punctuation need ASCII after
// them, a space needs a letter, digit or punctuation; other bytes end the
// run.
var runTable = func() (t [256]uint32) {
	const (
		needASCII  = 1
		needLetter = 2
		never      = 3
	)
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = never << 8
		case asciiMap[c] == 0 && c != ' ':
			t[c] = never<<8 | needASCII<<16
		case c == ' ':
			t[c] = needLetter<<8 | needASCII<<16 | ' '
		default:
			t[c] = needASCII<<8 | needLetter<<16 | uint32(asciiMap[c])
		}
	}
	return t
}()

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
// Arabic and Hebrew, and marks on characters of no particular script
// (digits, punctuation, spaces). Marks on the letters of other scripts
// spell the word and stay: kana voicing (ガ is カ and U+3099), the vowel
// signs and viramas of the Indic scripts, Thai vowels and tone marks.
func stripsMarks(r rune) bool {
	return r < utf8.RuneSelf || unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic,
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

func (t *Text) appendRune(r rune, start, end int32) {
	if len(t.Runes) == 0 {
		t.Runes = append(t.Runes, 0)
	}
	if r < utf8.RuneSelf {
		t.Bytes = append(t.Bytes, byte(r))
	} else {
		t.Bytes = utf8.AppendRune(t.Bytes, r)
	}
	t.Runes = append(t.Runes, int32(len(t.Bytes)))
	t.Start = append(t.Start, start)
	t.End = append(t.End, end)
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
	if unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) || unicode.Is(unicode.Cc, r) {
		return ' '
	}
	if unicode.Is(unicode.Cf, r) {
		return dropRune
	}
	return r
}
