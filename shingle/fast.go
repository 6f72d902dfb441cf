package shingle

import "unicode/utf8"

// The fast path of Normalize: it looks runes up in the rune table
// (runetable.go) and copies ASCII words in tight loops, and leaves every
// segment it cannot handle so to the definition (reference.go). Tests
// compare the two on every rune, on the seeds and SemEval articles, and
// in FuzzNormalize.

// fastSlack is the room, in bytes and runes, that Normalize gives the fast
// path beyond one rune per byte of input: for a pending space and for the
// few runes whose output is longer than their UTF-8 (Ⱥ, some CJK
// compatibility ideographs), so that it seldom runs out before the end.
const fastSlack = 8

// A cursor is the state of the fast path as it writes runes into a Text:
// where it is in src; the Text's slices, cut to one length so that the
// compiler checks indexes against it once, and how much of them is
// written; and the white space read but not yet written, which becomes
// one space before the next rune (putSpace). The functions that take a
// cursor copy its fields into local variables, which can live in
// registers, and write them back before they return or call another.
type cursor struct {
	src []byte // the original text
	i   int    // the next byte of src to read

	// bs holds the normalised bytes, bs[:nb] written; starts, ends and
	// offs are Text.Start, Text.End and Text.Runes[1:], [:k] written. All
	// four have the same length.
	bs                 []byte
	starts, ends, offs []int32
	nb, k              int

	pending  bool  // white space read and not yet written
	spS, spE int32 // its span in src

	low *[0x800]entry // the entries of the runes below U+0800
}

// putSpace writes the pending white space, which spans src[spS:spE], as a
// space, rune k at byte nb of a cursor's slices (which must have room),
// unless nothing has been written yet (a Text never starts with a space),
// and returns nb and k after it.
func putSpace(bs []byte, nb int, starts, ends, offs []int32, k int, spS, spE int32) (int, int) {
	if nb > 0 {
		bs[nb] = ' '
		nb++
		starts[k], ends[k], offs[k] = spS, spE, int32(nb)
		k++
	}
	return nb, k
}

// fast normalises src from i, as step would, as long as it can do so with
// the table and has room, and returns where it stopped: at the end of src,
// at a segment that needs step, or where dst is full. dst.Runes must hold
// at least its leading 0.
func (n *Normalizer) fast(dst *Text, src []byte, i int) int {
	l := min(cap(dst.Bytes), cap(dst.Start), cap(dst.End), cap(dst.Runes)-1)
	c := cursor{
		src: src, i: i,
		bs: dst.Bytes[:l], starts: dst.Start[:l], ends: dst.End[:l], offs: dst.Runes[1:][:l],
		nb: len(dst.Bytes), k: len(dst.Start),
		pending: n.pendingSpace, spS: n.spaceStart, spE: n.spaceE,
		low: n.tab.low(),
	}
	c.table(n.tab)
	dst.Bytes, dst.Start, dst.End, dst.Runes = c.bs[:c.nb], c.starts[:c.k], c.ends[:c.k], dst.Runes[:c.k+1]
	n.pendingSpace, n.spaceStart, n.spaceE = c.pending, c.spS, c.spE
	return c.i
}

// table is the loop of fast: it looks each rune up in tab, and hands
// ASCII followed by ASCII to ascii.
//
// A rune can be looked up when it is valid UTF-8 and its segment ends with
// it, which it does when the next rune starts a segment and cannot combine
// with what precedes it (entrySafe), or is ASCII.
func (cur *cursor) table(tab *runeTable) {
	ascii := tab.block(0)
	src, i := cur.src, cur.i
	bs, nb := cur.bs, cur.nb
	starts, ends, offs, k := cur.starts[:len(bs)], cur.ends[:len(bs)], cur.offs[:len(bs)], cur.k
	pending, spS, spE := cur.pending, cur.spS, cur.spE
loop:
	for i < len(src) {
		if i+1 < len(src) && src[i]|src[i+1] < utf8.RuneSelf {
			// ASCII followed by ASCII: the common case.
			cur.i, cur.nb, cur.k, cur.pending, cur.spS, cur.spE = i, nb, k, pending, spS, spE
			cur.ascii()
			i0 := i
			i, nb, k, pending, spS, spE = cur.i, cur.nb, cur.k, cur.pending, cur.spS, cur.spE
			if i > i0 {
				continue
			}
			// Out of room for ascii: look the byte up below.
		}
		if nb+1+utf8.UTFMax > len(bs) {
			break // out of room for a space and a rune: Normalize makes more
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
				nb, k = putSpace(bs, nb, starts, ends, offs, k, spS, spE)
			}
			if l := e.utf8Len(); l == 1 {
				bs[nb] = byte(e)
				nb++
			} else {
				u := e.utf8Bytes()
				nb += copy(bs[nb:], u[:l])
			}
			starts[k], ends[k], offs[k] = int32(i), int32(j), int32(nb)
			k++
		case kindSpace:
			if !pending {
				pending = true
				spS = int32(i)
			}
			spE = int32(j)
		case kindDrop:
		default:
			break loop // kindSlow: step's
		}
		i = j
	}
	cur.i, cur.nb, cur.k, cur.pending, cur.spS, cur.spE = i, nb, k, pending, spS, spE
}

// ascii normalises from cur.i on as long as the bytes are ASCII followed
// by ASCII, or runes of two bytes that latin and mixedRun take, and has
// room.
func (cur *cursor) ascii() {
	src, i := cur.src, cur.i
	bs, nb := cur.bs, cur.nb
	// Slices of equal length, so that the compiler checks bounds once.
	l := len(bs)
	starts, ends, offs, k := cur.starts[:l], cur.ends[:l], cur.offs[:l], cur.k
	pending, spS, spE := cur.pending, cur.spS, cur.spE
	for i+1 < len(src) && k+1 < l && nb+1 < l {
		c := src[i]
		if c|src[i+1] >= utf8.RuneSelf {
			// Two-byte runes (ă, ș, é, я) and the letters before them.
			cur.i, cur.nb, cur.k, cur.pending, cur.spS, cur.spE = i, nb, k, pending, spS, spE
			cur.latin()
			if cur.i == i {
				break
			}
			i, nb, k, pending = cur.i, cur.nb, cur.k, cur.pending
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
			nb, k = putSpace(bs, nb, starts, ends, offs, k, spS, spE)
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
			cur.i, cur.nb, cur.k = i, nb, k
			cur.mixedRun()
			i, nb, k = cur.i, cur.nb, cur.k
		}
	}
	cur.i, cur.nb, cur.k, cur.pending, cur.spS, cur.spE = i, nb, k, pending, spS, spE
}

// latin is the part of ascii for runes of two bytes: from cur.i on, it
// writes runes of two bytes that form a segment of their own and give one
// rune of at most two bytes, and ASCII letters, digits and punctuation
// followed by such runes, writing the pending space first. It leaves
// anything else, and ASCII followed by ASCII, to its caller.
func (cur *cursor) latin() {
	src, i := cur.src, cur.i
	bs, nb := cur.bs, cur.nb
	starts, ends, offs, k := cur.starts, cur.ends, cur.offs, cur.k
	pending, spS, spE := cur.pending, cur.spS, cur.spE
	low := cur.low
loop:
	for i+1 < len(src) && nb+3 <= len(bs) && k+2 <= len(starts) && k+2 <= len(offs) {
		c := src[i]
		var e entry
		size := 1
		switch {
		case c < utf8.RuneSelf:
			if e = entry(asciiMap[c]) | 1<<32; e == 1<<32 {
				break loop // white space
			}
		case c >= 0xc2 && c < 0xe0 && src[i+1]&0xc0 == 0x80:
			e = low[rune(c&0x1f)<<6|rune(src[i+1]&0x3f)]
			if e&kindMask != kindRune || e.utf8Len() > 2 {
				break loop
			}
			size = 2
		default:
			break loop
		}
		// The rune must end its segment: the next one must be safe.
		j := i + size
		if j+1 >= len(src) {
			break loop // the last runes: see table
		}
		if c2 := src[j]; c2 >= utf8.RuneSelf {
			if c2 < 0xc2 || c2 >= 0xe0 || src[j+1]&0xc0 != 0x80 || low[rune(c2&0x1f)<<6|rune(src[j+1]&0x3f)]&entrySafe == 0 {
				break loop
			}
		} else if size == 1 {
			break loop // ASCII before ASCII: the caller's
		}
		if pending {
			pending = false
			nb, k = putSpace(bs, nb, starts, ends, offs, k, spS, spE)
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
	cur.i, cur.nb, cur.k, cur.pending = i, nb, k, pending
}

// mixedRun is plainRun for runs that hold runes of two bytes (that form
// a segment of their own and give one rune of at most two bytes) besides
// ASCII letters, digits, punctuation and single spaces, which saves going
// back to ascii and latin at every ă or ș of a Romanian text. It leaves
// the stretches of ASCII to plainRun. It is called after a letter, with
// no space pending.
func (cur *cursor) mixedRun() {
	src, i := cur.src, cur.i
	bs, nb := cur.bs, cur.nb
	starts, ends, offs, k := cur.starts, cur.ends, cur.offs, cur.k
	low := cur.low
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
	cur.i, cur.nb, cur.k = i, nb, k
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
