package cluster

// The implementation of Groups before it was made linear (union-find,
// strengths computed once, edges bucketed by group), kept as the
// reference of TestGroupsMatchReference: quadratic in places (origin
// scanned every edge for each group, a merge relabelled every document,
// the sort recomputed strengths in its comparator), but simple.

import (
	"cmp"
	"slices"
)

type stateRef struct {
	group []int    // group id per document, -1 if none
	text  [][]Span // per document: the text by which it belongs to its group
	next  int
}

// groupsRef is the old Groups.
func groupsRef(docs []Doc, edges []Edge) []Group {
	es := slices.Clone(edges)
	strength := func(e Edge) float64 {
		return min(coverageRef(e.SpansA, docs[e.A].Bytes), coverageRef(e.SpansB, docs[e.B].Bytes))
	}
	slices.SortStableFunc(es, func(x, y Edge) int {
		if c := cmp.Compare(strength(y), strength(x)); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Jaccard, x.Jaccard); c != 0 {
			return c
		}
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	st := stateRef{group: make([]int, len(docs)), text: make([][]Span, len(docs))}
	for i := range st.group {
		st.group[i] = -1
	}
	for _, e := range es {
		if len(e.SpansA) == 0 || e.A == e.B {
			continue
		}
		ga, gb := st.group[e.A], st.group[e.B]
		switch {
		case ga < 0 && gb < 0:
			st.group[e.A], st.group[e.B] = st.next, st.next
			st.next++
		case ga >= 0 && gb >= 0 && ga == gb:
			// Already together; the edge still adds text.
		case ga >= 0 && gb < 0:
			if !sameTextRef(st.text[e.A], e.SpansA) {
				continue
			}
			st.group[e.B] = ga
		case ga < 0 && gb >= 0:
			if !sameTextRef(st.text[e.B], e.SpansB) {
				continue
			}
			st.group[e.A] = gb
		default:
			if !sameTextRef(st.text[e.A], e.SpansA) || !sameTextRef(st.text[e.B], e.SpansB) {
				continue
			}
			for i, g := range st.group {
				if g == gb {
					st.group[i] = ga
				}
			}
		}
		st.text[e.A] = unionRef(st.text[e.A], e.SpansA)
		st.text[e.B] = unionRef(st.text[e.B], e.SpansB)
	}
	return st.collectRef(docs, es)
}

// collect turns group ids into Groups.
func (st *stateRef) collectRef(docs []Doc, edges []Edge) []Group {
	byID := map[int][]int{}
	for d, g := range st.group {
		if g >= 0 {
			byID[g] = append(byID[g], d)
		}
	}
	var out []Group
	for _, members := range byID {
		g := Group{Members: members}
		g.Origin, g.OriginBy = originRef(docs, members, edges, st.group)
		shares := make(map[int]float64, len(members))
		for _, m := range members {
			shares[m] = coverageRef(st.text[m], docs[m].Bytes)
		}
		slices.SortFunc(g.Members, func(x, y int) int {
			switch {
			case x == g.Origin:
				return -1
			case y == g.Origin:
				return 1
			}
			if c := cmp.Compare(shares[y], shares[x]); c != 0 {
				return c
			}
			return cmp.Compare(x, y)
		})
		for _, m := range g.Members {
			g.Shares = append(g.Shares, shares[m])
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(x, y Group) int {
		if c := cmp.Compare(len(y.Members), len(x.Members)); c != 0 {
			return c
		}
		return cmp.Compare(slices.Min(x.Members), slices.Min(y.Members))
	})
	return out
}

// origin picks the likely origin among members.
func originRef(docs []Doc, members []int, edges []Edge, group []int) (int, OriginRule) {
	known := 0
	best := -1
	tie := false
	for _, m := range members {
		p := docs[m].Published
		if p.IsZero() {
			continue
		}
		known++
		switch {
		case best < 0 || p.Before(docs[best].Published):
			best, tie = m, false
		case p.Equal(docs[best].Published):
			tie = true
		}
	}
	if known >= 2 && !tie {
		return best, OriginPublished
	}
	// Containment: how much of its partners' shared text each member
	// holds, relative to how much of itself it shares. The wire story
	// contains the paragraphs outlets took (their side heavily covered)
	// while only parts of it were taken.
	score := map[int]float64{}
	g := group[members[0]]
	for _, e := range edges {
		if group[e.A] != g || group[e.B] != g {
			continue
		}
		ca, cb := coverageRef(e.SpansA, docs[e.A].Bytes), coverageRef(e.SpansB, docs[e.B].Bytes)
		score[e.A] += cb - ca
		score[e.B] += ca - cb
	}
	best = slices.Min(members)
	for _, m := range members {
		if score[m] > score[best] || (score[m] == score[best] && m < best) {
			best = m
		}
	}
	return best, OriginContainment
}

// sameText reports whether the edge's spans on one side overlap text,
// the side's group text, by at least half their length.
func sameTextRef(text, spans []Span) bool {
	total, over := 0, 0
	for _, s := range spans {
		total += s.End - s.Start
		for _, t := range text {
			over += max(0, min(s.End, t.End)-max(s.Start, t.Start))
		}
	}
	return total > 0 && 2*over >= total
}

// union returns the union of two span lists as sorted disjoint spans.
func unionRef(a, b []Span) []Span {
	all := append(slices.Clone(a), b...)
	slices.SortFunc(all, func(x, y Span) int { return cmp.Compare(x.Start, y.Start) })
	out := all[:0]
	for _, s := range all {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// coverage returns the share of n bytes inside the union of spans.
func coverageRef(spans []Span, n int) float64 {
	if n <= 0 {
		return 0
	}
	c := 0
	for _, s := range unionRef(nil, spans) {
		c += s.End - s.Start
	}
	return float64(c) / float64(n)
}
