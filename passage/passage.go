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

// This file is longer than most (about 670 lines) because it holds the
// package documentation, with its measured figures, and the Aligner, whose
// seeding, extension and merging share one state and read best together.

import (
	"cmp"
	"math"
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

	tab      hashIDs
	shared   []uint64 // hashes in both sides' Sets
	idA, idB []int32  // the hash id of each position; see findSegments
	cntA     []int32  // by hash id: its positions in A
	cntB     []int32  // by hash id: its positions in B
	head     []int32  // by hash id: its first seeding position in B, or -1
	next     []int32  // by position in B: the next seeding position with its hash, or -1
	segs     []segment
	chains   []chain
	live     []int32 // indices of the chains merge can still extend
	out      []chain
}

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
	al.findSegments(a, b)
	if len(al.segs) == 0 {
		return dst
	}
	al.merge()
	return al.emit(dst, a, b)
}

// Hash ids: findSegments gives each hash it looks at a dense id, and
// each position of A and B the id of its hash, or one of these when the
// position cannot seed. They differ so that positions of A and B never
// have the same id unless they seed together.
const (
	noSeedA = -1
	noSeedB = -2
)

// findSegments fills al.segs with the exact matches of a and b, ordered by
// their start in A, then in B: the maximal runs of seeds on a diagonal,
// where a seed is a pair (i, j) with a.Hashes[i] == b.Hashes[j], a
// non-zero hash that occurs at most MaxRepeat times in each and, if both
// sides have a Set, is in both (sharedSets).
//
// It gives every hash that can seed a dense id with a hash table, and
// labels every position of A and B with the id of its hash: a position
// whose hash cannot seed gets noSeedA or noSeedB instead, so that (i, j)
// is a seed exactly when idA[i] == idB[j]. The seeding positions of B are
// linked into one ascending list per id. A run then starts at each seed
// (i, j) for which (i-1, j-1) is not one; taking i in order, and each i's
// partners j in order, yields the runs already sorted, and walking each
// run from its start visits every seed once. No sorting is needed.
func (al *Aligner) findSegments(a, b Side) {
	al.segs = al.segs[:0]
	ha, hb := a.Hashes, b.Hashes
	al.idA = resize(al.idA, len(ha))
	al.idB = resize(al.idB, len(hb))
	idA, idB := al.idA, al.idB
	var n int
	if a.Set != nil && b.Set != nil {
		n = al.sharedSets(a.Set, b.Set)
		if n == 0 {
			return
		}
		al.cntA, al.cntB = resize(al.cntA, n), resize(al.cntB, n)
		clear(al.cntA)
		clear(al.cntB)
		al.tab.lookup(ha, idA, al.cntA, noSeedA)
		al.tab.lookup(hb, idB, al.cntB, noSeedB)
	} else {
		// Build the table from the shorter side, whose distinct hashes
		// are fewer, and look the other side's up in it.
		al.cntA, al.cntB = al.cntA[:0], al.cntB[:0]
		if len(ha) <= len(hb) {
			al.tab.reset(len(ha))
			al.cntA = al.tab.insert(ha, idA, al.cntA, noSeedA)
			n = len(al.cntA)
			al.cntB = resize(al.cntB, n)
			clear(al.cntB)
			al.tab.lookup(hb, idB, al.cntB, noSeedB)
		} else {
			al.tab.reset(len(hb))
			al.cntB = al.tab.insert(hb, idB, al.cntB, noSeedB)
			n = len(al.cntB)
			al.cntA = resize(al.cntA, n)
			clear(al.cntA)
			al.tab.lookup(ha, idA, al.cntA, noSeedA)
		}
	}
	if n == 0 {
		return
	}

	// Link the seeding positions of B, last to first so that each list
	// ascends, and mark the others; hashes that A lacks or repeats more
	// than MaxRepeat times, or B does, cannot seed.
	cntA, cntB := al.cntA[:n], al.cntB[:n]
	al.head = resize(al.head, n)
	head := al.head
	for x := range head {
		head[x] = -1
	}
	al.next = resize(al.next, len(hb))
	next := al.next[:len(idB)]
	// Counts are below 2³¹, so clamping keeps the comparisons exact.
	maxRep := uint32(min(al.opts.MaxRepeat, math.MaxInt32))
	for j := len(idB) - 1; j >= 0; j-- {
		id := idB[j]
		if id < 0 {
			continue
		}
		if uint32(cntA[id]-1) >= maxRep || uint32(cntB[id]) > maxRep {
			idB[j] = noSeedB
			continue
		}
		next[j] = head[id]
		head[id] = int32(j)
	}

	la, lb := int32(len(idA)), int32(len(idB))
	for i := int32(0); i < la; i++ {
		id := idA[i]
		if id < 0 {
			continue
		}
		for j := head[id]; j >= 0; j = next[j] {
			if i > 0 && j > 0 && idA[i-1] == idB[j-1] {
				continue // inside a run
			}
			m := int32(1)
			for i+m < la && j+m < lb && idA[i+m] == idB[j+m] {
				m++
			}
			al.segs = append(al.segs, segment{i, j, m})
		}
	}
}

// sharedSets puts the hashes that both sa and sb hold, found by
// merge-joining them, into al.tab with ids from 0, and returns their
// number. Zero is left out: it never seeds.
//
// The merge-join takes the shorter set's hashes in turn and skips the
// other set's smaller ones in a tight loop: a page and an article sharing
// a paragraph have sets of very different sizes. This is the usual
// merge-join's sequence of steps, which treats both sets alike, grouped
// differently, so it finds the same hashes even in sets that are not
// sorted.
func (al *Aligner) sharedSets(sa, sb []uint64) int {
	if len(sa) < len(sb) {
		sa, sb = sb, sa
	}
	shared := al.shared[:0]
	i := 0
	for _, y := range sb {
		for i < len(sa) && sa[i] < y {
			i++
		}
		if i == len(sa) {
			break
		}
		if sa[i] == y {
			if y != 0 {
				shared = append(shared, y)
			}
			i++
		}
	}
	al.shared = shared
	al.tab.reset(len(shared))
	al.cntA = al.tab.insert(shared, nil, al.cntA[:0], 0)
	return len(al.cntA)
}

// resize returns s with length n, reallocated if its capacity is short;
// its contents are undefined.
func resize(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n, n+n/4)
	}
	return s[:n]
}

// hashIDs is an open-addressing hash table from non-zero hashes to dense
// ids, with linear probing; a zero hash marks an empty slot. A bitmap in
// front of it, with eight bits for each slot, answers most lookups of
// hashes it lacks without probing: aligning an article with a page that
// shares one paragraph looks up thousands of hashes, nearly all absent.
type hashIDs struct {
	slots []hashID
	bits  []uint64
	shift uint8 // 64 - log2(8 * len(slots)); see insert
}

type hashID struct {
	h  uint64
	id int32
}

// reset empties the table, with room for n hashes at a load of at most
// one half.
func (t *hashIDs) reset(n int) {
	size, log := 16, uint8(4)
	for size < 2*n {
		size *= 2
		log++
	}
	if cap(t.slots) < size {
		t.slots = make([]hashID, size)
		t.bits = make([]uint64, size/8)
	}
	t.slots = t.slots[:size]
	t.bits = t.bits[:size/8]
	clear(t.slots)
	clear(t.bits)
	t.shift = 64 - log - 3
}

// insert adds the non-zero hashes of hs the table lacks, giving each the
// id len(cnt) as it comes, and returns cnt extended with their counts in
// hs. If ids is not nil, it sets ids[i] to the id of hs[i], or to zero
// for a zero hash.
//
// A hash's bit in the bitmap is the top bits of its product with a large
// odd constant (Fibonacci hashing), which spreads hashes whose low bits
// are alike; its first slot is its bit / 8.
func (t *hashIDs) insert(hs []uint64, ids, cnt []int32, zero int32) []int32 {
	slots, bits := t.slots, t.bits
	mask, bmask := uint64(len(slots)-1), uint64(len(bits)-1)
	shift := t.shift & 63
	for i, h := range hs {
		id := zero
		if h != 0 {
			x := (h * 0x9e3779b97f4a7c15) >> shift
			bits[(x/64)&bmask] |= 1 << (x % 64)
			for k := x / 8; ; k++ {
				s := &slots[k&mask]
				if s.h == h {
					id = s.id
					cnt[id]++
					break
				}
				if s.h == 0 {
					id = int32(len(cnt))
					s.h, s.id = h, id
					cnt = append(cnt, 1)
					break
				}
			}
		}
		if ids != nil {
			ids[i] = id
		}
	}
	return cnt
}

// lookup sets ids[i] to the id of hs[i], counting it in cnt, or to miss if
// the table lacks hs[i] (or it is zero).
func (t *hashIDs) lookup(hs []uint64, ids, cnt []int32, miss int32) {
	slots, bits := t.slots, t.bits
	mask, bmask := uint64(len(slots)-1), uint64(len(bits)-1)
	shift := t.shift & 63
	ids = ids[:len(hs)]
	for i, h := range hs {
		x := (h * 0x9e3779b97f4a7c15) >> shift // see insert
		id := miss
		if bits[(x/64)&bmask]&(1<<(x%64)) != 0 && h != 0 {
			for k := x / 8; ; k++ {
				s := &slots[k&mask]
				if s.h == h {
					id = s.id
					cnt[id]++
					break
				}
				if s.h == 0 {
					break
				}
			}
		}
		ids[i] = id
	}
}

// merge chains segments into passages, bridging gaps up to MaxGap.
//
// A chain is open while segments, which come in order of their start in
// A, can still join it; al.live lists the open chains in the order they
// were made, the order in which a segment tries them, so that a long
// passage left open does not make each segment try every short chain
// made after it.
func (al *Aligner) merge() {
	k := int32(al.k)
	gap := int32(al.opts.MaxGap)
	al.chains = al.chains[:0]
	live := al.live[:0]
	for _, s := range al.segs {
		as, ae := s.i, s.i+s.n-1+k
		bs, be := s.j, s.j+s.n-1+k
		best, bestGap := -1, int32(1<<30)
		w := 0
		for _, c := range live {
			ch := &al.chains[c]
			if ch.ae+gap < as {
				continue // closed for good: later segments start later
			}
			live[w] = c
			w++
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
				best, bestGap = int(c), g
			}
		}
		live = live[:w]
		if best < 0 {
			live = append(live, int32(len(al.chains)))
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
	}
	al.live = live
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
