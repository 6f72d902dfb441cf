// Package cluster groups documents that share text into syndication
// groups and names each group's likely origin.
//
// # Method
//
// Connected components of the "shares text" graph are not enough: one long
// page that quotes a paragraph of story A and a paragraph of story C (a
// roundup, a live blog, a page with a "related articles" block that escaped
// boilerplate detection) would join every article about A with every
// article about C. Group therefore grows groups edge by edge, strongest
// edge first (strength: the smaller of the two documents' shares covered
// by the pair's passages, then Jaccard similarity), and lets an edge join
// a document to a group only through the same text: the passages of the
// edge must overlap, on the side of the document already in the group, the
// text by which that document belongs to the group, by at least half
// their length. The roundup page joins A's group through A's paragraph;
// its edge to C lies in another part of the page, so it cannot pull C's
// group in. Two groups merge only when the edge's passages overlap the
// group text on both sides. A document belongs to at most one group.
//
// The origin of a group is its earliest published member when the
// publication times of at least two members are known (and the earliest is
// unique); otherwise the member that contains the most of what the others
// share with it (the wire story outlets quoted from), then the lowest
// index.
package cluster

import (
	"cmp"
	"slices"
	"time"
)

// Span is a byte range [Start, End) of a document.
type Span struct{ Start, End int }

// Edge is a pair of documents that share text: A and B index the
// documents, SpansA and SpansB are the shared passages on each side (the
// i-th of each is one passage).
type Edge struct {
	A, B           int
	SpansA, SpansB []Span
	// Jaccard breaks ties between edges of equal coverage.
	Jaccard float64
}

// Doc is what grouping needs to know of a document.
type Doc struct {
	Bytes     int
	Published time.Time // zero if unknown
}

// Group is a syndication group.
type Group struct {
	// Members index the documents, origin first, then by decreasing
	// share and index.
	Members []int
	// Shares holds, for each member, the share of its bytes inside text
	// it shares with the group.
	Shares []float64
	// Origin is the likely origin; OriginBy is "published" or
	// "containment".
	Origin   int
	OriginBy string
}

type state struct {
	group []int    // group id per document, -1 if none
	text  [][]Span // per document: the text by which it belongs to its group
	next  int
}

// Groups groups docs by edges. Edges may come in any order; the result
// depends only on their content. Groups are ordered by decreasing size,
// then by their smallest member.
func Groups(docs []Doc, edges []Edge) []Group {
	es := slices.Clone(edges)
	strength := func(e Edge) float64 {
		return min(coverage(e.SpansA, docs[e.A].Bytes), coverage(e.SpansB, docs[e.B].Bytes))
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
	st := state{group: make([]int, len(docs)), text: make([][]Span, len(docs))}
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
			if !sameText(st.text[e.A], e.SpansA) {
				continue
			}
			st.group[e.B] = ga
		case ga < 0 && gb >= 0:
			if !sameText(st.text[e.B], e.SpansB) {
				continue
			}
			st.group[e.A] = gb
		default:
			if !sameText(st.text[e.A], e.SpansA) || !sameText(st.text[e.B], e.SpansB) {
				continue
			}
			for i, g := range st.group {
				if g == gb {
					st.group[i] = ga
				}
			}
		}
		st.text[e.A] = union(st.text[e.A], e.SpansA)
		st.text[e.B] = union(st.text[e.B], e.SpansB)
	}
	return st.collect(docs, es)
}

// collect turns group ids into Groups.
func (st *state) collect(docs []Doc, edges []Edge) []Group {
	byID := map[int][]int{}
	for d, g := range st.group {
		if g >= 0 {
			byID[g] = append(byID[g], d)
		}
	}
	var out []Group
	for _, members := range byID {
		g := Group{Members: members}
		g.Origin, g.OriginBy = origin(docs, members, edges, st.group)
		shares := make(map[int]float64, len(members))
		for _, m := range members {
			shares[m] = coverage(st.text[m], docs[m].Bytes)
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
func origin(docs []Doc, members []int, edges []Edge, group []int) (int, string) {
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
		return best, "published"
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
		ca, cb := coverage(e.SpansA, docs[e.A].Bytes), coverage(e.SpansB, docs[e.B].Bytes)
		score[e.A] += cb - ca
		score[e.B] += ca - cb
	}
	best = slices.Min(members)
	for _, m := range members {
		if score[m] > score[best] || (score[m] == score[best] && m < best) {
			best = m
		}
	}
	return best, "containment"
}

// sameText reports whether the edge's spans on one side overlap text,
// the side's group text, by at least half their length.
func sameText(text, spans []Span) bool {
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
func union(a, b []Span) []Span {
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
func coverage(spans []Span, n int) float64 {
	if n <= 0 {
		return 0
	}
	c := 0
	for _, s := range union(nil, spans) {
		c += s.End - s.Start
	}
	return float64(c) / float64(n)
}
