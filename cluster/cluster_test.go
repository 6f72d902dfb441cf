package cluster

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

func day(d int) time.Time { return time.Date(2024, 10, d, 12, 0, 0, 0, time.UTC) }

func TestGroups(t *testing.T) {
	docs := func(sizes ...int) []Doc {
		var ds []Doc
		for _, n := range sizes {
			ds = append(ds, Doc{Bytes: n})
		}
		return ds
	}
	tests := []struct {
		name  string
		docs  []Doc
		edges []Edge
		want  [][]int // members of each group, origin first
		by    []OriginRule
	}{
		{name: "no edges", docs: docs(100, 100)},
		{
			name:  "one copy",
			docs:  docs(100, 120),
			edges: []Edge{{A: 0, B: 1, SpansA: []Span{{0, 100}}, SpansB: []Span{{10, 110}}}},
			want:  [][]int{{1, 0}},
			by:    []OriginRule{OriginContainment},
		},
		{
			// A roundup page (2) quotes story A's paragraph and story C's
			// paragraph: it joins one group, and must not merge them.
			name: "a long page does not chain two stories",
			docs: docs(100, 100, 1000, 100, 100),
			edges: []Edge{
				{A: 0, B: 1, SpansA: []Span{{0, 100}}, SpansB: []Span{{0, 100}}, Jaccard: 0.9},
				{A: 3, B: 4, SpansA: []Span{{0, 100}}, SpansB: []Span{{0, 100}}, Jaccard: 0.9},
				{A: 0, B: 2, SpansA: []Span{{0, 80}}, SpansB: []Span{{0, 80}}},
				{A: 2, B: 3, SpansA: []Span{{500, 580}}, SpansB: []Span{{0, 80}}},
			},
			want: [][]int{{2, 0, 1}, {3, 4}},
			by:   []OriginRule{OriginContainment, OriginContainment},
		},
		{
			name: "same text joins through a member",
			docs: docs(100, 100, 100),
			edges: []Edge{
				{A: 0, B: 1, SpansA: []Span{{0, 100}}, SpansB: []Span{{0, 100}}},
				{A: 1, B: 2, SpansA: []Span{{10, 90}}, SpansB: []Span{{0, 80}}},
			},
			want: [][]int{{0, 1, 2}},
			by:   []OriginRule{OriginContainment},
		},
		{
			name: "origin is the earliest published",
			docs: []Doc{{Bytes: 100, Published: day(3)}, {Bytes: 100, Published: day(1)}, {Bytes: 100}},
			edges: []Edge{
				{A: 0, B: 1, SpansA: []Span{{0, 100}}, SpansB: []Span{{0, 100}}},
				{A: 0, B: 2, SpansA: []Span{{0, 100}}, SpansB: []Span{{0, 100}}},
			},
			want: [][]int{{1, 0, 2}},
			by:   []OriginRule{OriginPublished},
		},
		{
			name: "a tie in publication time falls back to containment",
			docs: []Doc{{Bytes: 100, Published: day(1)}, {Bytes: 300, Published: day(1)}},
			edges: []Edge{
				{A: 0, B: 1, SpansA: []Span{{0, 100}}, SpansB: []Span{{100, 200}}},
			},
			want: [][]int{{1, 0}},
			by:   []OriginRule{OriginContainment},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs := Groups(tt.docs, tt.edges)
			var got [][]int
			var by []OriginRule
			for _, g := range gs {
				got = append(got, g.Members)
				by = append(by, g.OriginBy)
				if g.Members[0] != g.Origin {
					t.Errorf("origin %d is not the first member of %v", g.Origin, g.Members)
				}
				if len(g.Shares) != len(g.Members) {
					t.Errorf("%d shares for %d members", len(g.Shares), len(g.Members))
				}
				for _, s := range g.Shares {
					if s < 0 || s > 1 {
						t.Errorf("share %v outside [0, 1]", s)
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) || !reflect.DeepEqual(by, tt.by) {
				t.Errorf("groups %v by %v, want %v by %v", got, by, tt.want, tt.by)
			}
		})
	}
}

// TestGroupsOrderIndependent checks that the order of edges does not
// change the groups.
func TestGroupsOrderIndependent(t *testing.T) {
	docs := make([]Doc, 8)
	for i := range docs {
		docs[i] = Doc{Bytes: 200}
	}
	var edges []Edge
	for i := 0; i+1 < len(docs); i++ {
		edges = append(edges, Edge{A: i, B: i + 1, SpansA: []Span{{0, 50 + 10*i}}, SpansB: []Span{{0, 60}}, Jaccard: float64(i) / 10})
	}
	want := fmt.Sprint(Groups(docs, edges))
	for r := range edges {
		rot := append(append([]Edge{}, edges[r:]...), edges[:r]...)
		if got := fmt.Sprint(Groups(docs, rot)); got != want {
			t.Fatalf("rotation %d: %s, want %s", r, got, want)
		}
	}
}

// randomGraph returns docs and edges for the differential test: n
// documents of 50 to 2,000 bytes, dated, undated or both, and random
// edges of one to three passages (some with no passage, some from a
// document to itself, some repeating a pair, some of zero length), with
// Jaccard similarities from a small set so that ties occur. shape adds
// chains and stars of documents that share text.
func randomGraph(rng *rand.Rand, n int, dates, shape string) ([]Doc, []Edge) {
	docs := make([]Doc, n)
	for i := range docs {
		docs[i].Bytes = 50 + rng.IntN(1950)
		if dates == "dated" || dates == "mixed" && rng.IntN(2) == 0 {
			docs[i].Published = day(1 + rng.IntN(5)).Add(time.Duration(rng.IntN(3)) * time.Hour)
		}
	}
	spans := func(d, k int, near *Span) []Span {
		var out []Span
		for range k {
			l := rng.IntN(min(400, docs[d].Bytes) + 1)
			start := rng.IntN(docs[d].Bytes - l + 1)
			if near != nil && rng.IntN(3) > 0 {
				start = min(max(0, near.Start+rng.IntN(41)-20), docs[d].Bytes-l)
			}
			out = append(out, Span{start, start + l})
		}
		return out
	}
	edge := func(a, b int) Edge {
		k := 1 + rng.IntN(3)
		if rng.IntN(15) == 0 {
			k = 0
		}
		var near *Span
		if shape != "random" {
			near = &Span{100, 300}
		}
		return Edge{A: a, B: b, SpansA: spans(a, k, near), SpansB: spans(b, k, near), Jaccard: float64(rng.IntN(4)) / 4}
	}
	var edges []Edge
	m := rng.IntN(3 * n)
	for range m {
		a, b := rng.IntN(n), rng.IntN(n)
		if rng.IntN(20) == 0 {
			b = a
		}
		edges = append(edges, edge(a, b))
		if rng.IntN(10) == 0 {
			edges = append(edges, edge(a, b)) // the pair again, other text
		}
	}
	switch shape {
	case "chain":
		for i := 0; i+1 < n; i++ {
			edges = append(edges, edge(i, i+1))
		}
	case "star":
		for i := 1; i < n; i++ {
			edges = append(edges, edge(0, i))
		}
	}
	rng.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	return docs, edges
}

// TestGroupsMatchReference checks Groups against the implementation it
// replaced (reference_test.go) on random graphs, dated and undated:
// the same groups, members, origins and shares, bit for bit.
func TestGroupsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cases := 0
	for _, dates := range []string{"undated", "dated", "mixed"} {
		for _, shape := range []string{"random", "chain", "star"} {
			for _, n := range []int{1, 2, 3, 5, 10, 30, 100, 300} {
				for rep := range 8 {
					docs, edges := randomGraph(rng, n, dates, shape)
					want := groupsRef(docs, edges)
					got := Groups(docs, edges)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s %s n=%d #%d, %d edges:\ngot  %v\nwant %v", dates, shape, n, rep, len(edges), got, want)
					}
					if len(want) > 0 {
						cases++
					}
				}
			}
		}
	}
	if cases < 100 {
		t.Errorf("only %d graphs with groups", cases)
	}
}

// TestGroupsBadSpans checks spans that end before they start: read as
// empty, they neither panic nor count negatively.
func TestGroupsBadSpans(t *testing.T) {
	docs := []Doc{{Bytes: 100}, {Bytes: 100}, {Bytes: 100}}
	edges := []Edge{
		{A: 0, B: 1, SpansA: []Span{{0, 100}}, SpansB: []Span{{0, 100}}},
		{A: 1, B: 2, SpansA: []Span{{90, 10}, {0, 60}}, SpansB: []Span{{50, 0}, {0, 60}}},
	}
	gs := Groups(docs, edges)
	if len(gs) != 1 || len(gs[0].Members) != 3 {
		t.Fatalf("groups %v, want one of 3", gs)
	}
	for i, s := range gs[0].Shares {
		if s < 0 || s > 1 {
			t.Errorf("member %d: share %v", gs[0].Members[i], s)
		}
	}
}
