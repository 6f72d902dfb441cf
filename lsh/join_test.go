package lsh

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// indexPairs returns the pairs ekzhu's index proposes for sigs: every a <
// b with b in Query(sigs[a]), over an index of the non-nil signatures.
func indexPairs(tb testing.TB, sigs [][]uint32, numHashes int, threshold float64) []Pair {
	tb.Helper()
	x, err := NewIndex(numHashes, threshold, len(sigs))
	if err != nil {
		tb.Fatal(err)
	}
	for i, s := range sigs {
		if s != nil {
			if err := x.Add(i, s); err != nil {
				tb.Fatal(err)
			}
		}
	}
	x.Build()
	var out []Pair
	var buf []int
	for a, s := range sigs {
		if s == nil {
			continue
		}
		buf = x.Query(buf[:0], s)
		for _, b := range buf {
			if b > a {
				out = append(out, PairOf(uint32(a), uint32(b)))
			}
		}
	}
	return out
}

// bruteJoin is the definition the join implements, computed with maps of
// band values: the pairs that share the values of some band whose group
// of documents with those values has at most maxBucket members (any size
// if maxBucket < 1), in (a, b) order, and the documents of larger groups.
func bruteJoin(sigs [][]uint32, bands, rows, maxBucket int) (pairs []Pair, crowded []uint32, buckets, nCrowded int) {
	seen := map[Pair]bool{}
	inCrowd := map[uint32]bool{}
	for b := range bands {
		groups := map[string][]uint32{}
		var order []string
		for d, s := range sigs {
			if s == nil {
				continue
			}
			k := fmt.Sprint(s[b*rows : (b+1)*rows])
			if groups[k] == nil {
				order = append(order, k)
			}
			groups[k] = append(groups[k], uint32(d))
		}
		for _, k := range order {
			g := groups[k]
			if len(g) < 2 {
				continue
			}
			buckets++
			if maxBucket >= 1 && len(g) > maxBucket {
				nCrowded++
				for _, d := range g {
					inCrowd[d] = true
				}
				continue
			}
			for i, a := range g {
				for _, c := range g[i+1:] {
					seen[PairOf(a, c)] = true
				}
			}
		}
	}
	for p := range seen {
		pairs = append(pairs, p)
	}
	slices.Sort(pairs)
	for d := range inCrowd {
		crowded = append(crowded, d)
	}
	slices.Sort(crowded)
	return pairs, crowded, buckets, nCrowded
}

// joinCase is one batch of signatures for the equality tests.
type joinCase struct {
	name string
	sigs [][]uint32
}

// joinCases returns batches of signatures of n values: random values
// (from alphabets small enough for bands to repeat by chance), real
// signatures of near-copies at several similarities, empty signatures and
// left-out documents, and many copies of a few documents (buckets of up
// to 60 documents).
func joinCases(tb testing.TB, n int, seed uint64) []joinCase {
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	random := func(docs int, alphabet uint32) [][]uint32 {
		sigs := make([][]uint32, docs)
		for i := range sigs {
			sigs[i] = make([]uint32, n)
			for j := range sigs[i] {
				if alphabet == 0 {
					sigs[i][j] = rng.Uint32()
				} else {
					sigs[i][j] = rng.Uint32N(alphabet)
				}
			}
		}
		return sigs
	}
	s, err := NewSigner(n, seed)
	if err != nil {
		tb.Fatal(err)
	}
	// near returns groups of copies of random sets with a share of
	// their values replaced, at similarities from about 0.9 to 0.2.
	near := func(groups, copies, size int) [][]uint32 {
		var sigs [][]uint32
		for range groups {
			base := randomHashes(rng, size)
			for range copies {
				h := slices.Clone(base)
				for i := range int(rng.Float64() * 0.7 * float64(size)) {
					h[i] = mix64(rng.Uint64())
				}
				rng.Shuffle(len(h), func(i, j int) { h[i], h[j] = h[j], h[i] })
				sigs = append(sigs, s.Sign(make([]uint32, n), h))
			}
		}
		rng.Shuffle(len(sigs), func(i, j int) { sigs[i], sigs[j] = sigs[j], sigs[i] })
		return sigs
	}
	withEmpty := near(10, 3, 200)
	for i := 0; i < len(withEmpty); i += 4 {
		withEmpty[i] = s.Sign(make([]uint32, n), nil) // empty: all share every band
	}
	for i := 2; i < len(withEmpty); i += 7 {
		withEmpty[i] = nil // left out
	}
	var dups [][]uint32
	for _, c := range []int{60, 2, 17, 1, 5} {
		one := near(1, 1, 50)[0]
		for range c {
			dups = append(dups, slices.Clone(one))
		}
	}
	dups = append(dups, near(5, 4, 100)...)
	rng.Shuffle(len(dups), func(i, j int) { dups[i], dups[j] = dups[j], dups[i] })
	return []joinCase{
		{"random", random(300, 0)},
		{"random/alphabet=2", random(40, 2)},
		{"random/alphabet=4", random(200, 4)},
		{"random/alphabet=16", random(300, 16)},
		{"near-copies/small sets", near(30, 4, 12)},
		{"near-copies", near(40, 5, 300)},
		{"empty and left out", withEmpty},
		{"duplicate buckets", dups},
		{"one document", near(1, 1, 30)},
		{"none", nil},
	}
}

// TestJoinMatchesIndex is the equality the batch path relies on: on the
// same signatures, the band join proposes exactly the pairs ekzhu's index
// returns (a < b with b in Query(a)), for several signature lengths and
// thresholds (one-, two-, three- and many-row bands), and exactly the
// pairs of the definition (bruteJoin).
func TestJoinMatchesIndex(t *testing.T) {
	for _, n := range []int{16, 100, DefaultNumHashes} {
		for _, th := range []float64{0.1, 0.3, 0.5, 0.8} {
			for _, c := range joinCases(t, n, uint64(n)) {
				t.Run(fmt.Sprintf("n=%d/t=%.1f/%s", n, th, c.name), func(t *testing.T) {
					j, err := NewBandJoin(n, th)
					if err != nil {
						t.Fatal(err)
					}
					x, _ := NewIndex(n, th, 0)
					if b, r := x.Params(); b != j.Bands || r != j.Rows {
						t.Fatalf("join banding %d×%d, index %d×%d", j.Bands, j.Rows, b, r)
					}
					got, err := j.Pairs(nil, c.sigs)
					if err != nil {
						t.Fatal(err)
					}
					want := indexPairs(t, c.sigs, n, th)
					if !slices.Equal(got, want) {
						t.Fatalf("%d bands of %d rows: join %d pairs, index %d:\n%s", j.Bands, j.Rows, len(got), len(want), pairDiff(got, want))
					}
					brute, crowded, buckets, nc := bruteJoin(c.sigs, j.Bands, j.Rows, j.MaxBucket)
					if !slices.Equal(got, brute) || len(crowded) != 0 || nc != 0 {
						t.Fatalf("join differs from the definition:\n%s", pairDiff(got, brute))
					}
					st := j.Stats()
					if st.Pairs != len(got) || st.Buckets != buckets || st.Crowded != 0 || st.Proposed < st.Pairs {
						t.Errorf("Stats = %+v, want %d pairs, %d buckets, none crowded", st, len(got), buckets)
					}
					if c.name != "none" && c.name != "one document" && !(len(got) > 0) && th <= 0.5 && c.name != "random" {
						t.Errorf("no pairs: the case tests nothing")
					}
				})
			}
		}
	}
}

// pairDiff describes how two pair lists differ.
func pairDiff(got, want []Pair) string {
	var extra, missing []string
	for _, p := range got {
		if _, ok := slices.BinarySearch(want, p); !ok {
			extra = append(extra, fmt.Sprintf("(%d,%d)", p.A(), p.B()))
		}
	}
	for _, p := range want {
		if _, ok := slices.BinarySearch(got, p); !ok {
			missing = append(missing, fmt.Sprintf("(%d,%d)", p.A(), p.B()))
		}
	}
	return fmt.Sprintf("only in the first: %v\nonly in the second: %v", extra[:min(len(extra), 10)], missing[:min(len(missing), 10)])
}

// TestJoinCrowded checks the bucket cap: buckets of more than MaxBucket
// documents propose no pairs, their documents are listed by Crowded and
// counted by Stats, and the other pairs are those of the definition; with
// no cap the join is the index's again.
func TestJoinCrowded(t *testing.T) {
	for _, c := range joinCases(t, DefaultNumHashes, 9) {
		if c.name != "duplicate buckets" && c.name != "random/alphabet=4" && c.name != "empty and left out" {
			continue
		}
		for _, maxBucket := range []int{1, 2, 5, 16, 17, 59, 60, 0} {
			t.Run(fmt.Sprintf("%s/max=%d", c.name, maxBucket), func(t *testing.T) {
				j, _ := NewBandJoin(DefaultNumHashes, 0.3)
				j.MaxBucket = maxBucket
				got, err := j.Pairs(nil, c.sigs)
				if err != nil {
					t.Fatal(err)
				}
				want, crowded, buckets, nc := bruteJoin(c.sigs, j.Bands, j.Rows, maxBucket)
				if !slices.Equal(got, want) {
					t.Fatalf("pairs differ from the definition:\n%s", pairDiff(got, want))
				}
				if gc := j.Crowded(nil); !slices.Equal(gc, crowded) {
					t.Errorf("Crowded = %v, want %v", gc, crowded)
				}
				if st := j.Stats(); st.Buckets != buckets || st.Crowded != nc {
					t.Errorf("Stats = %+v, want %d buckets, %d crowded", st, buckets, nc)
				}
				if maxBucket == 0 || maxBucket >= 60 {
					if want := indexPairs(t, c.sigs, DefaultNumHashes, 0.3); !slices.Equal(got, want) {
						t.Fatalf("no bucket over the cap, yet the join differs from the index:\n%s", pairDiff(got, want))
					}
				}
				if c.name == "duplicate buckets" && maxBucket == 59 && j.Stats().Crowded == 0 {
					t.Error("60 copies of a document made no crowded bucket")
				}
			})
		}
	}
}

// TestJoinDeterministic checks that the pairs depend only on the
// signatures: dst's prefix is kept, reusing a BandJoin changes nothing,
// and renumbering the documents renumbers the pairs.
func TestJoinDeterministic(t *testing.T) {
	sigs := joinCases(t, DefaultNumHashes, 3)[7].sigs // duplicate buckets
	j, _ := NewBandJoin(DefaultNumHashes, 0.5)
	first, _ := j.Pairs(nil, sigs)
	if len(first) == 0 {
		t.Fatal("no pairs")
	}
	prefix := []Pair{42, 7}
	again, _ := j.Pairs(slices.Clone(prefix), sigs)
	if !slices.Equal(again[:2], prefix) || !slices.Equal(again[2:], first) {
		t.Error("a dst prefix changed the pairs or was changed")
	}
	if !slices.IsSorted(first) || len(slices.Compact(slices.Clone(first))) != len(first) {
		t.Error("pairs not sorted and distinct")
	}
	for _, p := range first {
		if p.A() >= p.B() {
			t.Fatalf("pair (%d, %d) not in order", p.A(), p.B())
		}
	}
	perm := rand.New(rand.NewPCG(1, 1)).Perm(len(sigs))
	moved := make([][]uint32, len(sigs))
	for i, p := range perm {
		moved[p] = sigs[i]
	}
	got, _ := j.Pairs(nil, moved)
	var want []Pair
	for _, p := range first {
		want = append(want, PairOf(uint32(perm[p.A()]), uint32(perm[p.B()])))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("renumbered documents: %s", pairDiff(got, want))
	}
}

// TestJoinManyPairs has more proposed pairs than the first deduplication
// threshold (65,536), so that pairs are deduplicated while bands are
// joined, and checks the result against the index.
func TestJoinManyPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	s, _ := NewSigner(DefaultNumHashes, 0)
	var sigs [][]uint32
	for range 3 {
		h := randomHashes(rng, 400)
		for range 200 {
			c := slices.Clone(h)
			for i := range 40 {
				c[rng.IntN(len(c))] = mix64(uint64(i) ^ rng.Uint64())
			}
			sigs = append(sigs, s.Sign(make([]uint32, s.Len()), c))
		}
	}
	j, _ := NewBandJoin(DefaultNumHashes, 0.5)
	got, err := j.Pairs(nil, sigs)
	if err != nil {
		t.Fatal(err)
	}
	if st := j.Stats(); st.Proposed <= 1<<16 || st.Proposed <= 2*st.Pairs {
		t.Fatalf("Stats = %+v: too few proposals to deduplicate on the way", st)
	}
	if want := indexPairs(t, sigs, DefaultNumHashes, 0.5); !slices.Equal(got, want) {
		t.Fatalf("join differs from the index:\n%s", pairDiff(got, want))
	}
}

func TestJoinErrors(t *testing.T) {
	if _, err := NewBandJoin(0, 0.5); err == nil {
		t.Error("NewBandJoin(0, 0.5): no error")
	}
	if _, err := NewBandJoin(128, 0); err == nil {
		t.Error("NewBandJoin(128, 0): no error")
	}
	j, _ := NewBandJoin(DefaultNumHashes, 0.5)
	good := make([]uint32, DefaultNumHashes)
	dst := []Pair{1}
	for _, sigs := range [][][]uint32{{good, make([]uint32, 5)}, {good, {}}, {make([]uint32, DefaultNumHashes+1)}} {
		got, err := j.Pairs(dst, sigs)
		if err == nil {
			t.Errorf("signatures of lengths %d, %d: no error", len(sigs[0]), len(sigs[len(sigs)-1]))
		}
		if !slices.Equal(got, dst) {
			t.Errorf("an error changed dst: %v", got)
		}
	}
	bad := *j
	bad.Rows = DefaultNumHashes
	if _, err := bad.Pairs(nil, [][]uint32{good, good}); err == nil {
		t.Error("a banding larger than the signature: no error")
	}
	var zero BandJoin
	if _, err := zero.Pairs(nil, [][]uint32{good}); err == nil {
		t.Error("a zero BandJoin: no error")
	}
}

func TestPairOf(t *testing.T) {
	for _, c := range [][2]uint32{{0, 1}, {5, 3}, {1 << 31, 7}, {^uint32(0), ^uint32(0) - 1}} {
		p := PairOf(c[0], c[1])
		if p.A() != min(c[0], c[1]) || p.B() != max(c[0], c[1]) {
			t.Errorf("PairOf(%d, %d) = (%d, %d)", c[0], c[1], p.A(), p.B())
		}
	}
	if !(PairOf(1, 9) < PairOf(2, 3) && PairOf(2, 3) < PairOf(2, 4)) {
		t.Error("pairs do not sort by (a, b)")
	}
}

func TestJoinAllocs(t *testing.T) {
	sigs := joinCases(t, DefaultNumHashes, 5)[5].sigs // near-copies
	j, _ := NewBandJoin(DefaultNumHashes, 0.5)
	dst, _ := j.Pairs(nil, sigs)
	if n := testing.AllocsPerRun(5, func() { dst, _ = j.Pairs(dst[:0], sigs) }); n != 0 {
		t.Errorf("Pairs with a reused BandJoin and dst allocates %v times, want 0", n)
	}
}
