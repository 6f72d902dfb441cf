// Package passage aligns two texts and finds the passages they share: the
// wire paragraph an outlet republished, with the words it changed.
//
// # Method
//
// Alignment works on the normalised texts (shingle.Text) and their
// positional shingle hashes (shingle.AppendHashes), and proceeds as
// seed–extend–merge, in the manner of BLAST and of text-reuse tools such
// as passim:
//
//  1. Seeds are the positions (i, j) where shingle i of A and shingle j of
//     B have the same hash. Hashes that occur more than MaxRepeat times in
//     either text are skipped as ambiguous, and a hash of 0 is ignored, so
//     callers mask boilerplate by zeroing its hashes.
//  2. Seeds on one diagonal (j - i) at consecutive positions form exact
//     matches.
//  3. Matches in the same order in both texts whose gaps are at most MaxGap
//     characters on each side are merged into one passage: this is what
//     bridges an edited word, changed punctuation or a dropped clause.
//     Merging keeps the order monotone in both texts, so passages never
//     cross.
//  4. Passages shorter than MinLen characters on either side are dropped,
//     and a passage whose A and B sides are both mostly inside a longer
//     one is dropped too.
//
// Every passage is reported as byte offsets into the two original texts
// (through the normalised texts' offset maps), so slicing the originals at
// them gives exactly the text that was matched.
//
// The defaults (MinLen, MaxGap) were chosen on planted-reuse corpora; see
// EVAL.md and `make eval`.
package passage

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/churnalism/churn/shingle"
)

// Defaults for Options.
const (
	DefaultMinLen     = 50
	DefaultMaxGap     = 40
	DefaultMaxRepeat  = 8
	DefaultMinMatched = 0.5
)

// Options control alignment. The zero value of each field means its
// default.
type Options struct {
	// MinLen is the shortest passage reported, in normalised characters,
	// on both sides. Default DefaultMinLen.
	MinLen int
	// MaxGap is the largest gap, in normalised characters, bridged between
	// two matches of one passage on either side. Default DefaultMaxGap.
	MaxGap int
	// MaxRepeat is the number of times a shingle may occur in one text and
	// still seed alignments. Default DefaultMaxRepeat.
	MaxRepeat int
	// MinMatched is the smallest share of a passage's characters, on each
	// side, that must lie inside exact matches: below it, a run of short
	// coincidences (names, dates, stock phrases) is not a passage.
	// Default DefaultMinMatched.
	MinMatched float64
}

func (o Options) withDefaults() Options {
	if o.MinLen <= 0 {
		o.MinLen = DefaultMinLen
	}
	if o.MaxGap <= 0 {
		o.MaxGap = DefaultMaxGap
	}
	if o.MaxRepeat <= 0 {
		o.MaxRepeat = DefaultMaxRepeat
	}
	if o.MinMatched <= 0 {
		o.MinMatched = DefaultMinMatched
	}
	return o
}

// Span is a half-open range [Start, End).
type Span struct {
	Start, End int
}

// Len returns End - Start.
func (s Span) Len() int { return s.End - s.Start }

// Passage is a passage two texts share.
type Passage struct {
	// A and B are byte offsets into the two original texts.
	A, B Span
	// NormA and NormB are the same passage in normalised runes.
	NormA, NormB Span
	// Matched is the share of the passage's characters inside exact
	// matches with the other side, the smaller of the two sides' shares:
	// 1 for a copy that is verbatim up to normalisation. It does not
	// depend on which text is A.
	Matched float64
	// Identical reports that both sides are the same after normalisation.
	Identical bool
}

// Side is one text to align: its normalised view and its positional
// shingle hashes for shingle length K. Hashes[i] is the hash of runes
// [i, i+K); a zero hash is ignored.
type Side struct {
	Text   *shingle.Text
	Hashes []uint64
	// Set optionally holds the distinct non-zero values of Hashes, sorted
	// (shingle.Set). When both sides have one, alignment looks only at
	// the hashes they share, which makes aligning unrelated texts cheap.
	Set []uint64
}

// An Aligner finds shared passages. It reuses its buffers between calls,
// so it is not safe for concurrent use.
type Aligner struct {
	k    int
	opts Options

	pa, pb []posHash
	shared []uint64 // open-addressing set of shared hashes; 0 is empty
	seeds  []seed
	segs   []segment
	chains []chain
	out    []chain
}

type posHash struct {
	h uint64
	p int32
}

type seed struct{ i, j int32 }

// segment is an exact match: shingles [i, i+n) of A equal [j, j+n) of B.
type segment struct{ i, j, n int32 }

// chain is a passage under construction, in rune coordinates: A runes
// [as, ae), B runes [bs, be), matched shingle count m.
type chain struct {
	as, ae, bs, be int32
	cov, covB      int32 // A and B runes inside exact matches
	// The passage's solid part: from the start of its first match of two
	// or more shingles to the end of its last (or its only match). A lone
	// shingle at either end is a coincidence (" did not ") that would
	// stretch the passage.
	sas, sae, sbs, sbe int32
	solid              bool
	closed             bool
}

// NewAligner returns an Aligner for sides shingled with length k.
func NewAligner(k int, opts Options) *Aligner {
	return &Aligner{k: max(k, 1), opts: opts.withDefaults()}
}

// Options returns the options in effect, with defaults filled in.
func (al *Aligner) Options() Options { return al.opts }

// Align appends to dst the passages a and b share, ordered by their
// position in a, and returns the extended slice.
func (al *Aligner) Align(dst []Passage, a, b Side) []Passage {
	keep := al.sharedFilter(a.Set, b.Set)
	al.pa = index(al.pa, a.Hashes, &keep)
	al.pb = index(al.pb, b.Hashes, &keep)
	al.findSeeds()
	if len(al.seeds) == 0 {
		return dst
	}
	al.findSegments()
	al.merge()
	return al.emit(dst, a, b)
}

// hashSet is an open-addressing set of non-zero hashes (0 marks an empty
// slot). A nil table holds every hash.
type hashSet struct {
	tab  []uint64
	mask uint64
}

// has reports whether h is in the set.
func (s *hashSet) has(h uint64) bool {
	if s.tab == nil {
		return true
	}
	for k := h & s.mask; ; k = (k + 1) & s.mask {
		switch s.tab[k] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

// sharedFilter returns the set of hashes in both sa and sb, or a set that
// holds every hash if either is missing. It is a value holding the
// Aligner's table rather than a closure, which would be allocated on
// every call.
func (al *Aligner) sharedFilter(sa, sb []uint64) hashSet {
	if sa == nil || sb == nil {
		return hashSet{}
	}
	n := 0
	for i, j := 0, 0; i < len(sa) && j < len(sb); {
		switch {
		case sa[i] < sb[j]:
			i++
		case sa[i] > sb[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(al.shared) < size {
		al.shared = make([]uint64, size)
	}
	tab := al.shared[:size]
	clear(tab)
	mask := uint64(size - 1)
	for i, j := 0, 0; i < len(sa) && j < len(sb); {
		switch {
		case sa[i] < sb[j]:
			i++
		case sa[i] > sb[j]:
			j++
		default:
			h := sa[i]
			for k := h & mask; ; k = (k + 1) & mask {
				if tab[k] == 0 {
					tab[k] = h
					break
				}
			}
			i++
			j++
		}
	}
	return hashSet{tab: tab, mask: mask}
}

// index fills ps with the (hash, position) pairs of hashes, sorted, with
// zero hashes, and hashes keep rejects, left out.
func index(ps []posHash, hashes []uint64, keep *hashSet) []posHash {
	ps = ps[:0]
	for i, h := range hashes {
		if h != 0 && keep.has(h) {
			ps = append(ps, posHash{h, int32(i)})
		}
	}
	slices.SortFunc(ps, func(x, y posHash) int {
		if c := cmp.Compare(x.h, y.h); c != 0 {
			return c
		}
		return cmp.Compare(x.p, y.p)
	})
	return ps
}

// findSeeds merge-joins the sorted hashes of a and b.
func (al *Aligner) findSeeds() {
	al.seeds = al.seeds[:0]
	pa, pb := al.pa, al.pb
	maxRep := al.opts.MaxRepeat
	for len(pa) > 0 && len(pb) > 0 {
		switch {
		case pa[0].h < pb[0].h:
			pa = pa[1:]
		case pa[0].h > pb[0].h:
			pb = pb[1:]
		default:
			h := pa[0].h
			na, nb := 1, 1
			for na < len(pa) && pa[na].h == h {
				na++
			}
			for nb < len(pb) && pb[nb].h == h {
				nb++
			}
			if na <= maxRep && nb <= maxRep {
				for _, x := range pa[:na] {
					for _, y := range pb[:nb] {
						al.seeds = append(al.seeds, seed{x.p, y.p})
					}
				}
			}
			pa, pb = pa[na:], pb[nb:]
		}
	}
}

// findSegments groups seeds into runs along diagonals.
func (al *Aligner) findSegments() {
	slices.SortFunc(al.seeds, func(x, y seed) int {
		if c := cmp.Compare(x.j-x.i, y.j-y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.i, y.i)
	})
	al.segs = al.segs[:0]
	cur := segment{al.seeds[0].i, al.seeds[0].j, 1}
	for _, s := range al.seeds[1:] {
		if s.j-s.i == cur.j-cur.i && s.i == cur.i+cur.n {
			cur.n++
			continue
		}
		al.segs = append(al.segs, cur)
		cur = segment{s.i, s.j, 1}
	}
	al.segs = append(al.segs, cur)
	slices.SortFunc(al.segs, func(x, y segment) int {
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
}

// merge chains segments into passages, bridging gaps up to MaxGap.
func (al *Aligner) merge() {
	k := int32(al.k)
	gap := int32(al.opts.MaxGap)
	al.chains = al.chains[:0]
	open := 0 // chains[open:] may still grow
	for _, s := range al.segs {
		as, ae := s.i, s.i+s.n-1+k
		bs, be := s.j, s.j+s.n-1+k
		best, bestGap := -1, int32(1<<30)
		for c := open; c < len(al.chains); c++ {
			ch := &al.chains[c]
			if ch.closed {
				continue
			}
			if ch.ae+gap < as {
				ch.closed = true
				continue
			}
			ga, gb := as-ch.ae, bs-ch.be
			// Same order in both texts: the segment must not start
			// before the chain on either side, and the gaps are bounded.
			// A segment may overlap the chain's end by more than a
			// shingle if it carries the chain on in both texts (a
			// repeated phrase joined first).
			overlapOK := (ga >= -k && gb >= -k) || (ae > ch.ae && be > ch.be)
			if as < ch.as || bs < ch.bs || ga > gap || gb > gap || !overlapOK {
				continue
			}
			if g := max(ga, gb); g < bestGap {
				best, bestGap = c, g
			}
		}
		if best < 0 {
			al.chains = append(al.chains, chain{as: as, ae: ae, bs: bs, be: be, cov: ae - as, covB: be - bs,
				sas: as, sae: ae, sbs: bs, sbe: be, solid: s.n >= 2})
			continue
		}
		ch := &al.chains[best]
		ch.cov += max(0, ae-max(as, ch.ae))
		ch.covB += max(0, be-max(bs, ch.be))
		ch.ae, ch.be = max(ch.ae, ae), max(ch.be, be)
		if s.n >= 2 {
			if !ch.solid {
				ch.solid, ch.sas, ch.sbs = true, as, bs
			}
			ch.sae, ch.sbe = max(ch.sae, ae), max(ch.sbe, be)
		}
		// Advance past a prefix of closed chains.
		for open < len(al.chains) && al.chains[open].closed {
			open++
		}
	}
}

// emit filters chains and converts them to passages.
func (al *Aligner) emit(dst []Passage, a, b Side) []Passage {
	minLen := int32(al.opts.MinLen)
	snap := int32(al.k)
	al.out = al.out[:0]
	for _, ch := range al.chains {
		if float64(ch.cov) < al.opts.MinMatched*float64(ch.ae-ch.as) ||
			float64(ch.covB) < al.opts.MinMatched*float64(ch.be-ch.bs) {
			continue
		}
		ch.as, ch.ae, ch.bs, ch.be = ch.sas, ch.sae, ch.sbs, ch.sbe
		if ch.ae-ch.as < minLen || ch.be-ch.bs < minLen {
			continue // trimming only shortens
		}
		trimPair(a.Text, b.Text, &ch, snap)
		if ch.ae-ch.as < minLen || ch.be-ch.bs < minLen {
			continue
		}
		al.out = append(al.out, ch)
	}
	// Longest first, so that shorter passages inside them can be dropped.
	slices.SortFunc(al.out, func(x, y chain) int {
		if c := cmp.Compare(y.ae-y.as, x.ae-x.as); c != 0 {
			return c
		}
		if c := cmp.Compare(x.as, y.as); c != 0 {
			return c
		}
		return cmp.Compare(x.bs, y.bs)
	})
	kept := al.out[:0]
	for _, ch := range al.out {
		dup := false
		for _, o := range kept {
			if overlap(ch.as, ch.ae, o.as, o.ae)*2 > ch.ae-ch.as && overlap(ch.bs, ch.be, o.bs, o.be)*2 > ch.be-ch.bs {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, ch)
		}
	}
	slices.SortFunc(kept, func(x, y chain) int {
		if c := cmp.Compare(x.as, y.as); c != 0 {
			return c
		}
		return cmp.Compare(x.bs, y.bs)
	})
	for _, ch := range kept {
		p := Passage{
			NormA: Span{int(ch.as), int(ch.ae)},
			NormB: Span{int(ch.bs), int(ch.be)},
		}
		p.A.Start, p.A.End = a.Text.Source(int(ch.as), int(ch.ae))
		p.B.Start, p.B.End = b.Text.Source(int(ch.bs), int(ch.be))
		p.Matched = min(float64(ch.cov)/float64(max(ch.ae-ch.as, 1)), float64(ch.covB)/float64(max(ch.be-ch.bs, 1)), 1)
		p.Identical = string(normBytes(a.Text, ch.as, ch.ae)) == string(normBytes(b.Text, ch.bs, ch.be))
		if p.Identical {
			p.Matched = 1
		}
		dst = append(dst, p)
	}
	return dst
}

// trimPair narrows the chain's rune ranges on both sides with trimStart and
// trimEnd. A chain starts with an exact match, and usually ends with one,
// so its two sides begin (end) with the same text; but the text before
// (after) it differs, so one side can look like a word cut in two and the
// other not. Where the runes an edge moves over on either side, and the
// rune it stops at, are the same on both sides, both move by the larger
// amount: a verbatim copy keeps the same extent on both sides.
func trimPair(a, b *shingle.Text, ch *chain, snap int32) {
	ae, be := min(ch.ae, int32(a.Len())), min(ch.be, int32(b.Len()))
	as, bs := trimStart(a, ch.as, ae, snap), trimStart(b, ch.bs, be, snap)
	if da, db := as-ch.as, bs-ch.bs; da != db {
		d := max(da, db)
		if ch.as+d < ae && ch.bs+d < be && sameText(a, ch.as, b, ch.bs, d+1) {
			as, bs = ch.as+d, ch.bs+d
		}
	}
	ae2, be2 := trimEnd(a, as, ae, snap), trimEnd(b, bs, be, snap)
	if da, db := ae-ae2, be-be2; da != db {
		d := max(da, db)
		if ae-d-1 >= as && be-d-1 >= bs && sameText(a, ae-d-1, b, be-d-1, d+1) {
			ae2, be2 = ae-d, be-d
		}
	}
	ch.as, ch.ae, ch.bs, ch.be = as, ae2, bs, be2
}

// sameText reports whether the n normalised runes of a from i and of b
// from j are the same.
func sameText(a *shingle.Text, i int32, b *shingle.Text, j int32, n int32) bool {
	return string(normBytes(a, i, i+n)) == string(normBytes(b, j, j+n))
}

// trimStart moves the start s of the rune range [s, e) of t to the start
// of a word (or to an opening quote or bracket): alignment seeds start
// mid-word, but a quote should not. It skips the tail of a word cut in two
// if that is shorter than snap runes, then anything that cannot open a
// passage, and runes that share their original bytes with the rune
// before them (NFKC and case folding turn "ﬁ" into "fi" and "ß" into "ss"),
// so that the quoted original holds nothing outside the passage. Text
// without spaces between words (Chinese, Japanese, Thai) has no word edges
// to snap to, so a run of its letters is never taken for a word cut in two.
func trimStart(t *shingle.Text, s, e int32, snap int32) int32 {
	if s > 0 && s < e && inWord(t, s-1) && inWord(t, s) {
		i := s
		for i < e && i-s < snap && inWord(t, i) {
			i++
		}
		if i < e && i-s < snap {
			s = i
		}
	}
	for s < e && (!isWord(t, s) && !opens(t, s) || s > 0 && t.Start[s] == t.Start[s-1]) {
		s++
	}
	return s
}

// trimEnd moves the end e of the rune range [s, e) of t, e ≤ t.Len(), to
// the end of a word (or after punctuation), the mirror of trimStart: it
// drops the head of a word cut in two if that is shorter than snap runes,
// then trailing spaces and runes that share their original bytes with the
// rune after them.
func trimEnd(t *shingle.Text, s, e int32, snap int32) int32 {
	if e < int32(t.Len()) && e > s && inWord(t, e-1) && inWord(t, e) {
		i := e
		for i > s && e-i < snap && inWord(t, i-1) {
			i--
		}
		if i > s && e-i < snap {
			e = i
		}
	}
	for e > s && (t.Bytes[t.Runes[e-1]] == ' ' || e < int32(t.Len()) && t.End[e] == t.End[e-1]) {
		e--
	}
	return e
}

// isWord reports whether normalised rune i is a letter, digit or mark.
func isWord(t *shingle.Text, i int32) bool {
	r, _ := utf8.DecodeRune(t.Rune(int(i)))
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// inWord reports whether normalised rune i is part of a word that spaces
// delimit: a letter, digit or mark outside the scripts written without
// spaces between words, whose letters are each a possible word edge.
func inWord(t *shingle.Text, i int32) bool {
	r, _ := utf8.DecodeRune(t.Rune(int(i)))
	if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
		return false
	}
	return r < 0x0e00 || !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Tibetan)
}

// opens reports whether normalised rune i can open a passage although it
// is not part of a word: a quote or an opening bracket.
func opens(t *shingle.Text, i int32) bool {
	switch t.Bytes[t.Runes[i]] {
	case '"', '\'', '(', '[':
		return true
	}
	return false
}

func normBytes(t *shingle.Text, s, e int32) []byte {
	return t.Bytes[t.Runes[s]:t.Runes[e]]
}

func overlap(s1, e1, s2, e2 int32) int32 {
	return max(0, min(e1, e2)-max(s1, s2))
}
