// Package cluster groups documents that share text into syndication
// groups and names each group's likely origin.
//
// # Method
//
// Connected components of the "shares text" graph are not enough: one long
// page that quotes a paragraph of story A and a paragraph of story C (a
// roundup, a live blog, a page with a "related articles" block that escaped
// boilerplate detection) would join every article about A with every
// article about C. Groups therefore grows groups edge by edge, strongest
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
//
// # Cost
//
// Grouping is linear in the documents and edges, apart from sorting the
// edges: each edge's strength is computed once, groups are kept in a
// union-find forest (a merge links two roots), a document's group text is
// kept as sorted disjoint spans that an edge's passages are merged into
// and looked up in by binary search, and the containment scores of every
// group come from one pass over the edges. BenchmarkGroups measures it
// (see BENCHMARKS.md, "Clustering"); the implementation it replaced, kept
// in reference_test.go, took 38 s for 100,000 undated documents and 122 s
// for a chain of 400,000.
package cluster

import (
	"cmp"
	"slices"
	"time"
)

// Span is a byte range [Start, End) of a document. A span with End <
// Start is read as the empty span at Start.
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
	// Origin is the likely origin; OriginBy says how it was chosen.
	Origin   int
	OriginBy OriginRule
}

// OriginRule says how the origin of a Group was chosen.
type OriginRule string

// The rules for choosing an origin (see the package comment).
const (
	// OriginPublished: the origin is the earliest published member (the
	// publication times of at least two members are known, and the
	// earliest is unique).
	OriginPublished OriginRule = "published"
	// OriginContainment: the origin is the member that contains the most
	// of what the others share with it, then the lowest index.
	OriginContainment OriginRule = "containment"
)

// String returns the rule's name, "published" or "containment", as
// churn's reports print it.
func (r OriginRule) String() string { return string(r) }

// edgeCov is an edge's coverage of each side, computed once.
type edgeCov struct{ a, b float64 }

// state is the grouping state: a union-find forest of documents and each
// document's group text.
type state struct {
	parent []int32  // parent per document, -1 if in no group; a root is its own parent
	size   []int32  // members of the group of each root
	text   [][]Span // per document: the text by which it belongs to its group, sorted and disjoint
	spans  []Span   // scratch for merging
}

// find returns the root of d's group (d must be in one), halving the path.
func (st *state) find(d int) int {
	for {
		p := int(st.parent[d])
		if p == d {
			return d
		}
		gp := int(st.parent[p])
		st.parent[d] = int32(gp)
		d = gp
	}
}

// Groups groups docs by edges. Edges may come in any order; the result
// depends only on their content. Groups are ordered by decreasing size,
// then by their smallest member. Edges' A and B must index docs.
func Groups(docs []Doc, edges []Edge) []Group {
	cov := make([]edgeCov, len(edges))
	strength := make([]float64, len(edges))
	order := make([]int, len(edges))
	for i, e := range edges {
		cov[i] = edgeCov{coverage(e.SpansA, docs[e.A].Bytes), coverage(e.SpansB, docs[e.B].Bytes)}
		strength[i] = min(cov[i].a, cov[i].b)
		order[i] = i
	}
	// Strongest first; ties by Jaccard similarity, then documents, then
	// input order, so that the order is total.
	slices.SortFunc(order, func(x, y int) int {
		if c := cmp.Compare(strength[y], strength[x]); c != 0 {
			return c
		}
		ex, ey := &edges[x], &edges[y]
		if c := cmp.Compare(ey.Jaccard, ex.Jaccard); c != 0 {
			return c
		}
		if c := cmp.Compare(ex.A, ey.A); c != 0 {
			return c
		}
		if c := cmp.Compare(ex.B, ey.B); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	st := state{parent: make([]int32, len(docs)), size: make([]int32, len(docs)), text: make([][]Span, len(docs))}
	for i := range st.parent {
		st.parent[i] = -1
	}
	for _, i := range order {
		e := &edges[i]
		if len(e.SpansA) == 0 || e.A == e.B {
			continue
		}
		inA, inB := st.parent[e.A] >= 0, st.parent[e.B] >= 0
		switch {
		case !inA && !inB:
			st.parent[e.A], st.parent[e.B] = int32(e.A), int32(e.A)
			st.size[e.A] = 2
		case inA && !inB:
			if !sameText(st.text[e.A], e.SpansA) {
				continue
			}
			r := st.find(e.A)
			st.parent[e.B] = int32(r)
			st.size[r]++
		case !inA && inB:
			if !sameText(st.text[e.B], e.SpansB) {
				continue
			}
			r := st.find(e.B)
			st.parent[e.A] = int32(r)
			st.size[r]++
		default:
			ra, rb := st.find(e.A), st.find(e.B)
			if ra != rb {
				if !sameText(st.text[e.A], e.SpansA) || !sameText(st.text[e.B], e.SpansB) {
					continue
				}
				if st.size[ra] < st.size[rb] {
					ra, rb = rb, ra
				}
				st.parent[rb] = int32(ra)
				st.size[ra] += st.size[rb]
			}
			// Already together, or merged: the edge adds text.
		}
		st.text[e.A] = st.union(st.text[e.A], e.SpansA)
		st.text[e.B] = st.union(st.text[e.B], e.SpansB)
	}
	return st.collect(docs, edges, cov, order)
}

// collect turns the forest into Groups.
func (st *state) collect(docs []Doc, edges []Edge, cov []edgeCov, order []int) []Group {
	// Group ids in order of the groups' smallest members; members in
	// increasing order.
	id := make([]int32, len(docs)) // per root
	var groups [][]int
	for d := range docs {
		if st.parent[d] < 0 {
			continue
		}
		r := st.find(d)
		if id[r] == 0 {
			groups = append(groups, nil)
			id[r] = int32(len(groups)) // 1-based: 0 is unset
		}
		g := id[r] - 1
		groups[g] = append(groups[g], d)
	}
	// Containment scores: one pass over the edges in strength order, as
	// each group's scores summed them.
	score := make([]float64, len(docs))
	for _, i := range order {
		e := &edges[i]
		if st.parent[e.A] < 0 || st.parent[e.B] < 0 || st.find(e.A) != st.find(e.B) {
			continue
		}
		ca, cb := cov[i].a, cov[i].b
		score[e.A] += cb - ca
		score[e.B] += ca - cb
	}
	shares := make([]float64, len(docs))
	var out []Group
	for _, members := range groups {
		g := Group{Members: members}
		g.Origin, g.OriginBy = origin(docs, members, score)
		for _, m := range members {
			shares[m] = spanLen(st.text[m], docs[m].Bytes)
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
		g.Shares = make([]float64, len(g.Members))
		for i, m := range g.Members {
			g.Shares[i] = shares[m]
		}
		out = append(out, g)
	}
	// groups came in order of their smallest members, which is the
	// tie-break: a stable sort by size is enough.
	slices.SortStableFunc(out, func(x, y Group) int { return cmp.Compare(len(y.Members), len(x.Members)) })
	return out
}

// origin picks the likely origin among members (in increasing order),
// with the containment scores of every document.
func origin(docs []Doc, members []int, score []float64) (int, OriginRule) {
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
	best = members[0]
	for _, m := range members {
		if score[m] > score[best] {
			best = m
		}
	}
	return best, OriginContainment
}

// sameText reports whether the edge's spans on one side overlap text,
// the side's group text (sorted and disjoint), by at least half their
// length.
func sameText(text, spans []Span) bool {
	total, over := 0, 0
	for _, s := range spans {
		s = valid(s)
		total += s.End - s.Start
		// The first text span that may overlap s ends after s starts.
		i, _ := slices.BinarySearchFunc(text, s.Start, func(t Span, start int) int { return cmp.Compare(t.End, start+1) })
		for ; i < len(text) && text[i].Start < s.End; i++ {
			over += max(0, min(s.End, text[i].End)-max(s.Start, text[i].Start))
		}
	}
	return total > 0 && 2*over >= total
}

// valid returns s, or the empty span at its start if it ends before it.
func valid(s Span) Span {
	if s.End < s.Start {
		s.End = s.Start
	}
	return s
}

// union returns the union of text (sorted and disjoint, as union returns
// them) and spans, as sorted disjoint spans: spans that overlap or touch
// are merged. It may reuse text's array.
func (st *state) union(text, spans []Span) []Span {
	add := canonical(append(st.spans[:0], spans...))
	st.spans = add[:0]
	if len(text) == 0 {
		return slices.Clone(add)
	}
	out := make([]Span, 0, len(text)+len(add))
	i, j := 0, 0
	for i < len(text) || j < len(add) {
		var s Span
		if j == len(add) || i < len(text) && text[i].Start <= add[j].Start {
			s, i = text[i], i+1
		} else {
			s, j = add[j], j+1
		}
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// canonical sorts spans in place and merges those that overlap or touch,
// returning the sorted disjoint spans (in spans' array).
func canonical(spans []Span) []Span {
	for i := range spans {
		spans[i] = valid(spans[i])
	}
	slices.SortFunc(spans, func(x, y Span) int { return cmp.Compare(x.Start, y.Start) })
	out := spans[:0]
	for _, s := range spans {
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
	return spanLen(canonical(slices.Clone(spans)), n)
}

// spanLen returns the share of n bytes inside sorted disjoint spans.
func spanLen(spans []Span, n int) float64 {
	if n <= 0 {
		return 0
	}
	c := 0
	for _, s := range spans {
		c += s.End - s.Start
	}
	return float64(c) / float64(n)
}
