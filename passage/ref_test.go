package passage

import (
	"cmp"
	"slices"
)

// refAligner is the implementation of Align before the seeds were found
// with a hash table (see Aligner.findSegments): it sorts the (hash,
// position) pairs of both sides, merge-joins them into seeds, sorts the
// seeds by diagonal to chain them into segments, and merges the segments
// trying every chain made since the first one still open. It is kept as
// the reference the tests and the fuzz targets compare Align with, and as
// the benchmarks' impl=ref. It shares emit, which did not change, with
// Align through al.
type refAligner struct {
	al *Aligner

	pa, pb []posHash
	shared []uint64 // open-addressing set of shared hashes; 0 is empty
	seeds  []seed
	closed []bool // by chain: merge will not extend it
}

// posHash is a position of a side and its hash.
type posHash struct {
	h uint64
	p int32
}

// seed is a pair of positions, i in A and j in B, with the same hash.
type seed struct{ i, j int32 }

// newRefAligner returns a reference aligner for sides shingled with
// length k.
func newRefAligner(k int, opts Options) *refAligner {
	return &refAligner{al: NewAligner(k, opts)}
}

// Align is Aligner.Align as it was.
func (r *refAligner) Align(dst []Passage, a, b Side) []Passage {
	keep := r.sharedFilter(a.Set, b.Set)
	r.pa = refIndex(r.pa, a.Hashes, &keep)
	r.pb = refIndex(r.pb, b.Hashes, &keep)
	r.findSeeds()
	if len(r.seeds) == 0 {
		return dst
	}
	r.findSegments()
	r.merge()
	return r.al.emit(dst, a, b)
}

// refHashSet is an open-addressing set of non-zero hashes (0 marks an
// empty slot). A nil table holds every hash.
type refHashSet struct {
	tab  []uint64
	mask uint64
}

// has reports whether h is in the set.
func (s *refHashSet) has(h uint64) bool {
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
// holds every hash if either is missing.
func (r *refAligner) sharedFilter(sa, sb []uint64) refHashSet {
	if sa == nil || sb == nil {
		return refHashSet{}
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
	if cap(r.shared) < size {
		r.shared = make([]uint64, size)
	}
	tab := r.shared[:size]
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
	return refHashSet{tab: tab, mask: mask}
}

// refIndex fills ps with the (hash, position) pairs of hashes, sorted,
// with zero hashes, and hashes keep rejects, left out.
func refIndex(ps []posHash, hashes []uint64, keep *refHashSet) []posHash {
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
func (r *refAligner) findSeeds() {
	r.seeds = r.seeds[:0]
	pa, pb := r.pa, r.pb
	maxRep := r.al.opts.MaxRepeat
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
						r.seeds = append(r.seeds, seed{x.p, y.p})
					}
				}
			}
			pa, pb = pa[na:], pb[nb:]
		}
	}
}

// findSegments groups seeds into runs along diagonals, into r.al.segs.
func (r *refAligner) findSegments() {
	slices.SortFunc(r.seeds, func(x, y seed) int {
		if c := cmp.Compare(x.j-x.i, y.j-y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.i, y.i)
	})
	segs := r.al.segs[:0]
	cur := segment{r.seeds[0].i, r.seeds[0].j, 1}
	for _, s := range r.seeds[1:] {
		if s.j-s.i == cur.j-cur.i && s.i == cur.i+cur.n {
			cur.n++
			continue
		}
		segs = append(segs, cur)
		cur = segment{s.i, s.j, 1}
	}
	segs = append(segs, cur)
	slices.SortFunc(segs, func(x, y segment) int {
		if c := cmp.Compare(x.i, y.i); c != 0 {
			return c
		}
		return cmp.Compare(x.j, y.j)
	})
	r.al.segs = segs
}

// merge is Aligner.merge as it was, with the chains' closed flags in
// r.closed.
func (r *refAligner) merge() {
	al := r.al
	closed := r.closed[:0]
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
			if closed[c] {
				continue
			}
			if ch.ae+gap < as {
				closed[c] = true
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
			closed = append(closed, false)
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
		for open < len(al.chains) && closed[open] {
			open++
		}
	}
	r.closed = closed
}
