package winnow

import (
	"slices"
	"testing"
)

// TestExternal indexes a subset of a corpus with the other documents'
// counts given by SetExternal: the pairs within the subset, the common
// hashes and the documents holding them are the whole corpus index's.
func TestExternal(t *testing.T) {
	all := referenceDocs(300)
	// The subset: every third document, and a run of neighbours.
	var subset []int
	for d := range all {
		if d%3 == 0 || d > 100 && d < 120 {
			subset = append(subset, d)
		}
	}
	in := map[int]bool{}
	for _, d := range subset {
		in[d] = true
	}
	byHash := docsByHash(all)
	// The documents outside the subset holding a hash.
	external := func(k uint32) int {
		n := 0
		for d := range byHash[k] {
			if !in[d] {
				n++
			}
		}
		return n
	}
	// sub returns the subset's index, with documents numbered by their
	// place in subset.
	sub := func() *Index {
		x := new(Index)
		for i, d := range subset {
			if err := x.Add(i, all[d]); err != nil {
				t.Fatal(err)
			}
		}
		x.SetExternal(external)
		return x
	}
	full := func() *Index {
		x := new(Index)
		addAll(t, x, all)
		return x
	}
	// restrict keeps the full index's pairs within the subset, renumbered.
	restrict := func(ps []Pair) []Pair {
		var out []Pair
		for _, p := range ps {
			if in[p.A] && in[p.B] {
				a, _ := slices.BinarySearch(subset, p.A)
				b, _ := slices.BinarySearch(subset, p.B)
				p.A, p.B = a, b
				out = append(out, p)
			}
		}
		return out
	}
	const maxDF, rareDF = 12, 4

	xs, xf := sub(), full()
	got, want := xs.WeighedPairs(maxDF, rareDF, 2, 4), restrict(xf.WeighedPairs(maxDF, rareDF, 2, 4))
	if len(want) == 0 {
		t.Fatal("no pairs within the subset: a test that cannot fail")
	}
	if !slices.Equal(got, want) {
		t.Fatalf("WeighedPairs: %d pairs with external counts, %d in the whole index", len(got), len(want))
	}
	commons := 0
	for i, d := range subset {
		if xs.DocHasCommon(i) != xf.DocHasCommon(d) {
			t.Fatalf("DocHasCommon(%d) = %v, the whole index says %v", d, xs.DocHasCommon(i), xf.DocHasCommon(d))
		}
		for _, f := range all[d] {
			if xs.Common(f.Hash) != xf.Common(f.Hash) {
				t.Fatalf("Common(%#x) = %v, the whole index says %v", f.Hash, xs.Common(f.Hash), xf.Common(f.Hash))
			}
			if xs.Common(f.Hash) {
				commons++
			}
		}
	}
	if commons == 0 {
		t.Fatal("no common hash in the subset: a test that cannot fail")
	}

	// A rule on every count, held ones included (Pair has Shared and
	// Rare; the held counts are compared below).
	keep := func(a, b int, c Counts) float64 {
		if c.Rare >= 1 || c.Shared*400 >= c.HeldA+c.HeldB {
			return 1
		}
		return -1
	}
	xs, xf = sub(), full()
	gotP, heldS := xs.PairsFunc(maxDF, rareDF, 0, keep)
	wantP, heldF := xf.PairsFunc(maxDF, rareDF, 0, keep)
	if got, want := gotP, restrict(wantP); !slices.Equal(got, want) || len(want) == 0 {
		t.Fatalf("PairsFunc: %d pairs with external counts, %d in the whole index", len(got), len(want))
	}
	for i, d := range subset {
		if heldS[i] != heldF[d] {
			t.Fatalf("held count of %d: %d, the whole index says %d", d, heldS[i], heldF[d])
		}
	}
}
