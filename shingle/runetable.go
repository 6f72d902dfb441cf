package shingle

import (
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// An entry says how Normalize treats a rune whose normalisation segment
// is the rune alone, and whether the rune ends the segment before it.
//
// Bits 0–31 hold the UTF-8 encoding of the output rune (first byte
// lowest) and bits 32–34 its length, for kindRune; bits 60–61 hold the
// kind; bit 63 is entrySafe.
type entry uint64

const (
	// entrySafe marks a rune that never joins the segment of the rune
	// before it: NFKC's NextBoundary stops before it (it has no leading
	// non-starters), and it is a boundary for skipExcessMarks
	// (BoundaryBefore). A rune followed by a safe rune, by ASCII or by
	// the end of the text is a segment of its own.
	entrySafe entry = 1 << 63

	kindMask  entry = 3 << 60
	kindRune  entry = 0 << 60 // the segment's output is one rune
	kindSpace entry = 1 << 60 // white space: runs collapse to one space
	kindDrop  entry = 2 << 60 // no output (a format character)
	kindSlow  entry = 3 << 60 // anything else: run the definition (step)
)

func (e entry) utf8Len() int { return int(e>>32) & 7 }

func (e entry) utf8Bytes() [4]byte {
	return [4]byte{byte(e), byte(e >> 8), byte(e >> 16), byte(e >> 24)}
}

// runeEntry returns the entry of a rune that encodes as one.
func runeEntry(r rune) entry {
	var b [4]byte
	l := utf8.EncodeRune(b[:], r)
	return entry(b[0]) | entry(b[1])<<8 | entry(b[2])<<16 | entry(b[3])<<24 | entry(l)<<32
}

// A runeTable holds the entries of every rune for one Options value. It
// is built lazily, 256 runes at a time, from the segment-by-segment
// definition of normalisation (Normalizer.step), so that the two cannot
// disagree; the blocks are shared by all Normalizers and safe for
// concurrent use.
type runeTable struct {
	opts   Options
	blocks [(utf8.MaxRune + 1) >> 8]atomic.Pointer[[256]entry]

	lowOnce sync.Once
	lowTab  *[0x800]entry // the entries of the runes below U+0800
}

// low returns the entries of the runes of one and two bytes in UTF-8, in
// one array.
func (t *runeTable) low() *[0x800]entry {
	t.lowOnce.Do(func() {
		l := new([0x800]entry)
		for b := range len(l) >> 8 {
			copy(l[b<<8:], t.block(b)[:])
		}
		t.lowTab = l
	})
	return t.lowTab
}

// tables are the rune tables of the two options values, indexed by
// KeepAccents.
var tables = [2]*runeTable{{opts: Options{KeepAccents: false}}, {opts: Options{KeepAccents: true}}}

func tableFor(opts Options) *runeTable {
	if opts.KeepAccents {
		return tables[1]
	}
	return tables[0]
}

// lookup returns the entry of r, which must be at most utf8.MaxRune.
func (t *runeTable) lookup(r rune) entry {
	if p := t.blocks[r>>8].Load(); p != nil {
		return p[r&0xff]
	}
	return t.build(int(r >> 8))[r&0xff]
}

// decode is utf8.DecodeRune(src[i:]) with the two-byte case inline.
func decode(src []byte, i int) (rune, int) {
	if c := src[i]; c-0xc2 < 0xe0-0xc2 && i+1 < len(src) && src[i+1]&0xc0 == 0x80 {
		return rune(c&0x1f)<<6 | rune(src[i+1]&0x3f), 2
	}
	return utf8.DecodeRune(src[i:])
}

// block returns block b, building it on first use.
func (t *runeTable) block(b int) *[256]entry {
	if p := t.blocks[b].Load(); p != nil {
		return p
	}
	return t.build(b)
}

// build computes block b. Two goroutines may build the same block; they
// compute the same entries, and the first to finish wins.
func (t *runeTable) build(b int) *[256]entry {
	blk := new([256]entry)
	nz := &Normalizer{opts: t.opts}
	nz.init()
	var tx Text
	var buf [utf8.UTFMax]byte
	for i := range blk {
		r := rune(b<<8 | i)
		if !utf8.ValidRune(r) {
			// Surrogates decode as invalid UTF-8 and never get here.
			blk[i] = kindSlow
			continue
		}
		enc := buf[:utf8.EncodeRune(buf[:], r)]
		blk[i] = nz.classify(&tx, r, enc)
		if norm.NFKC.NextBoundary(append([]byte{'a'}, enc...), true) == 1 && norm.NFKC.Properties(enc).BoundaryBefore() {
			blk[i] |= entrySafe
		}
	}
	if t.blocks[b].CompareAndSwap(nil, blk) {
		return blk
	}
	return t.blocks[b].Load()
}

// classify returns the kind and output of rune r (encoded as enc) when it
// forms a segment of its own, as Normalizer.step computes them, without
// entrySafe. tx is scratch.
func (n *Normalizer) classify(tx *Text, r rune, enc []byte) entry {
	if m := foldBeforeNFKC(r); m != 0 {
		return runeEntry(m)
	}
	// Write a rune first, so that a space the segment emits before a rune
	// would show.
	tx.reset()
	tx.appendRune('x', 0, 1)
	n.pendingSpace = false
	n.src, n.usedContext = nil, false
	n.segment(tx, enc, 0, int32(len(enc)))
	if n.usedContext {
		// Marks that depend on the rune before them.
		return kindSlow
	}
	switch added := tx.Len() - 1; {
	case added == 0 && !n.pendingSpace:
		return kindDrop
	case added == 0:
		return kindSpace
	case added == 1 && !n.pendingSpace:
		out, _ := utf8.DecodeRune(tx.Rune(1))
		if out != ' ' {
			return runeEntry(out)
		}
	}
	return kindSlow
}
