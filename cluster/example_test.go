package cluster_test

import (
	"fmt"
	"time"

	"github.com/churnalism/churn/cluster"
)

// ExampleGroups groups two dated documents that share a passage: the
// earlier published is the origin. Document 2 shares nothing and is in no
// group.
func ExampleGroups() {
	day := func(d int) time.Time { return time.Date(2024, 10, d, 12, 0, 0, 0, time.UTC) }
	docs := []cluster.Doc{{Bytes: 1000, Published: day(2)}, {Bytes: 1200, Published: day(1)}, {Bytes: 900}}
	edges := []cluster.Edge{{A: 0, B: 1, SpansA: []cluster.Span{{Start: 0, End: 800}}, SpansB: []cluster.Span{{Start: 100, End: 900}}}}
	for _, g := range cluster.Groups(docs, edges) {
		fmt.Println(g.Members, g.Origin, g.OriginBy, g.Shares)
	}
	// Output:
	// [1 0] 1 published [0.6666666666666666 0.8]
}

// ExampleGroups_containment groups undated documents, so that the origin
// of each group is the member that contains the most of what the others
// share with it. Documents 1 and 2 copy a paragraph of wire story 0, and 5
// copies one of wire story 4. Document 3 is a roundup that quotes both
// paragraphs in different parts of its text: it joins story 0's group
// through that story's paragraph, and its edge to 4 lies in another part
// of its text, so it does not pull story 4's group in.
func ExampleGroups_containment() {
	docs := []cluster.Doc{{Bytes: 2000}, {Bytes: 1000}, {Bytes: 800}, {Bytes: 6000}, {Bytes: 1500}, {Bytes: 700}}
	span := func(start, end int) []cluster.Span { return []cluster.Span{{Start: start, End: end}} }
	edges := []cluster.Edge{
		{A: 0, B: 1, SpansA: span(0, 600), SpansB: span(100, 700)},
		{A: 0, B: 2, SpansA: span(0, 600), SpansB: span(0, 600)},
		{A: 1, B: 2, SpansA: span(100, 700), SpansB: span(0, 600)},
		{A: 0, B: 3, SpansA: span(0, 600), SpansB: span(1000, 1600)},
		{A: 4, B: 5, SpansA: span(0, 500), SpansB: span(100, 600)},
		{A: 3, B: 4, SpansA: span(3000, 3500), SpansB: span(0, 500)},
	}
	for _, g := range cluster.Groups(docs, edges) {
		fmt.Printf("members %v, origin %d by %s, shares %.2f\n", g.Members, g.Origin, g.OriginBy, g.Shares)
	}
	// Output:
	// members [0 2 1 3], origin 0 by containment, shares [0.30 0.75 0.60 0.10]
	// members [4 5], origin 4 by containment, shares [0.33 0.71]
}
