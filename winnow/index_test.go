package winnow

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// fp returns a fingerprint whose hash has high 32 bits h (the Index keeps
// only those) and arbitrary low bits.
func fp(h uint32) Fingerprint {
	return Fingerprint{Hash: uint64(h)<<32 | 0xdead, Pos: int32(h)}
}

func fps(hs ...uint32) []Fingerprint {
	out := make([]Fingerprint, len(hs))
	for i, h := range hs {
		out[i] = fp(h)
	}
	return out
}

func TestIndexPairs(t *testing.T) {
	type common struct {
		hash uint32
		want bool
	}
	for _, tc := range []struct {
		name             string
		docs             map[int][]Fingerprint
		maxDF, minShared int
		want             []Pair
		common           []common
		docHasCommon     []int // documents for which DocHasCommon is true
	}{
		{
			name: "empty",
			docs: nil, maxDF: 10, minShared: 1,
		},
		{
			name: "no shared fingerprints",
			docs: map[int][]Fingerprint{0: fps(1, 2), 1: fps(3, 4)}, maxDF: 10, minShared: 1,
		},
		{
			name: "shared fingerprints",
			docs: map[int][]Fingerprint{
				0: fps(1, 2, 3),
				1: fps(2, 3, 4),
				2: fps(3, 9),
				3: fps(7),
			},
			maxDF: 10, minShared: 1,
			want: []Pair{{A: 0, B: 1, Shared: 2}, {A: 0, B: 2, Shared: 1}, {A: 1, B: 2, Shared: 1}},
		},
		{
			name: "minShared filters",
			docs: map[int][]Fingerprint{
				0: fps(1, 2, 3),
				1: fps(2, 3, 4),
				2: fps(3, 9),
			},
			maxDF: 10, minShared: 2,
			want: []Pair{{A: 0, B: 1, Shared: 2}},
		},
		{
			name: "minShared 0 means 1",
			docs: map[int][]Fingerprint{0: fps(1), 1: fps(1)}, maxDF: 10, minShared: 0,
			want: []Pair{{A: 0, B: 1, Shared: 1}},
		},
		{
			name: "only the high 32 bits count",
			docs: map[int][]Fingerprint{
				0: {{Hash: 5<<32 | 1}},
				1: {{Hash: 5<<32 | 2}},
			},
			maxDF: 10, minShared: 1,
			want: []Pair{{A: 0, B: 1, Shared: 1}},
		},
		{
			name: "maxDF makes a hash common",
			docs: map[int][]Fingerprint{
				0: fps(1, 2, 50),
				1: fps(1, 2, 50),
				2: fps(50, 8),
				3: fps(50, 8),
				4: fps(9),
			},
			maxDF: 3, minShared: 1,
			want:         []Pair{{A: 0, B: 1, Shared: 2}, {A: 2, B: 3, Shared: 1}},
			common:       []common{{50, true}, {1, false}, {8, false}, {9, false}, {77, false}},
			docHasCommon: []int{0, 1, 2, 3},
		},
		{
			name:  "hash in exactly maxDF documents is not common",
			docs:  map[int][]Fingerprint{0: fps(5), 1: fps(5), 2: fps(5)},
			maxDF: 3, minShared: 1,
			want:   []Pair{{A: 0, B: 1, Shared: 1}, {A: 0, B: 2, Shared: 1}, {A: 1, B: 2, Shared: 1}},
			common: []common{{5, false}},
		},
		{
			name:  "maxDF 0 is unlimited",
			docs:  map[int][]Fingerprint{0: fps(5), 1: fps(5), 2: fps(5), 3: fps(5)},
			maxDF: 0, minShared: 1,
			want:   []Pair{{A: 0, B: 1, Shared: 1}, {A: 0, B: 2, Shared: 1}, {A: 0, B: 3, Shared: 1}, {A: 1, B: 2, Shared: 1}, {A: 1, B: 3, Shared: 1}, {A: 2, B: 3, Shared: 1}},
			common: []common{{5, false}},
		},
		{
			name:  "negative maxDF is unlimited",
			docs:  map[int][]Fingerprint{0: fps(5), 1: fps(5), 2: fps(5)},
			maxDF: -1, minShared: 1,
			want: []Pair{{A: 0, B: 1, Shared: 1}, {A: 0, B: 2, Shared: 1}, {A: 1, B: 2, Shared: 1}},
		},
		{
			name: "a document counts once per hash",
			docs: map[int][]Fingerprint{
				0: fps(7, 7, 7, 3),
				1: fps(7, 3, 3),
				2: fps(4, 4, 4, 4),
			},
			maxDF: 2, minShared: 2,
			want: []Pair{{A: 0, B: 1, Shared: 2}},
		},
		{
			name:  "duplicates do not make a hash common",
			docs:  map[int][]Fingerprint{0: fps(7, 7, 7), 1: fps(7, 7)},
			maxDF: 2, minShared: 1,
			want:   []Pair{{A: 0, B: 1, Shared: 1}},
			common: []common{{7, false}},
		},
		{
			name: "pairs are sorted",
			docs: map[int][]Fingerprint{
				9: fps(1, 4),
				3: fps(2, 4),
				7: fps(1, 3),
				0: fps(2, 3),
			},
			maxDF: 10, minShared: 1,
			want: []Pair{{A: 0, B: 3, Shared: 1}, {A: 0, B: 7, Shared: 1}, {A: 3, B: 9, Shared: 1}, {A: 7, B: 9, Shared: 1}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var x Index
			keys := make([]int, 0, len(tc.docs))
			for d := range tc.docs {
				keys = append(keys, d)
			}
			slices.Sort(keys)
			slices.Reverse(keys) // add out of order
			n := 0
			for _, d := range keys {
				if err := x.Add(d, tc.docs[d]); err != nil {
					t.Fatal(err)
				}
				n += len(tc.docs[d])
			}
			if x.Len() != n {
				t.Errorf("Len() = %d before Pairs, want %d", x.Len(), n)
			}
			got := x.Pairs(tc.maxDF, tc.minShared)
			plain := slices.Clone(got) // without weights, as tc.want
			for i := range plain {
				if plain[i].Weight != float64(plain[i].Shared) {
					t.Errorf("Pairs: %v weighs %v, want its shared count", plain[i], plain[i].Weight)
				}
				plain[i].Weight = 0
			}
			if !slices.Equal(plain, tc.want) {
				t.Errorf("Pairs(%d, %d) = %v, want %v", tc.maxDF, tc.minShared, got, tc.want)
			}
			if !slices.IsSortedFunc(got, func(p, q Pair) int {
				if p.A != q.A {
					return p.A - q.A
				}
				return p.B - q.B
			}) {
				t.Errorf("pairs not sorted: %v", got)
			}
			for _, p := range got {
				if p.A >= p.B {
					t.Errorf("pair %v: want A < B", p)
				}
			}
			for _, c := range tc.common {
				if got := x.Common(uint64(c.hash)<<32 | 12345); got != c.want {
					t.Errorf("Common(%d<<32) = %v, want %v", c.hash, got, c.want)
				}
			}
			for d := -1; d <= 10; d++ {
				if got, want := x.DocHasCommon(d), slices.Contains(tc.docHasCommon, d); got != want {
					t.Errorf("DocHasCommon(%d) = %v, want %v", d, got, want)
				}
			}
			// A second call sees the same index.
			if again := x.Pairs(tc.maxDF, tc.minShared); !slices.Equal(again, got) {
				t.Errorf("second Pairs = %v, first %v", again, got)
			}
		})
	}
}

func TestIndexAddRange(t *testing.T) {
	var x Index
	big := int64(1) << 32
	for _, tc := range []struct {
		doc     int64
		wantErr bool
	}{
		{-1, true},
		{0, false},
		{1<<31 - 1, false},
		{big - 1, false},
		{big, true},
	} {
		if int64(int(tc.doc)) != tc.doc {
			continue // does not fit an int on this platform
		}
		t.Run(fmt.Sprint(tc.doc), func(t *testing.T) {
			err := x.Add(int(tc.doc), nil)
			if (err != nil) != tc.wantErr {
				t.Errorf("Add(%d) error = %v, want error %v", tc.doc, err, tc.wantErr)
			}
		})
	}
	if x.Len() != 0 {
		t.Errorf("Len() = %d after adding no fingerprints", x.Len())
	}
}

func TestIndexAddRejectsWithoutAdding(t *testing.T) {
	var x Index
	if err := x.Add(-5, fps(1, 2)); err == nil {
		t.Fatal("Add(-5) succeeded")
	}
	if x.Len() != 0 {
		t.Errorf("Len() = %d after a rejected Add", x.Len())
	}
}

// TestIndexSelectedDocs runs Select and Index together: documents built
// from shared runs of hashes are paired, unrelated ones are not.
func TestIndexSelectedDocs(t *testing.T) {
	const w = 8
	seq := func(from, n int) []uint64 {
		h := make([]uint64, n)
		for i := range h {
			h[i] = mix64(uint64(from + i))
		}
		return h
	}
	docs := [][]uint64{
		slices.Concat(seq(0, 100), seq(1000, 40), seq(200, 100)), // shares 40 hashes with 1
		slices.Concat(seq(300, 50), seq(1000, 40)),
		seq(5000, 200),
	}
	var x Index
	for i, d := range docs {
		if err := x.Add(i, Select(nil, d, w)); err != nil {
			t.Fatal(err)
		}
	}
	got := x.Pairs(10, 1)
	if len(got) != 1 || got[0].A != 0 || got[0].B != 1 {
		t.Errorf("Pairs = %v, want one pair {0 1 n}", got)
	}
}

// referenceDocs returns the fingerprints of docs random documents of 1000
// to 2000 fingerprints each, drawn from 2¹⁸ distinct 32-bit hashes over
// 256 partitions: most are shared by a few documents, a few by many.
func referenceDocs(docs int) [][]Fingerprint {
	r := rand.New(rand.NewPCG(3, 4))
	all := make([][]Fingerprint, docs)
	for d := range all {
		f := make([]Fingerprint, 1000+r.IntN(1000))
		for i := range f {
			v := uint64(r.IntN(1 << 18))
			if r.IntN(50) == 0 {
				v = uint64(r.IntN(8))
			}
			f[i] = Fingerprint{Hash: mix64(v)>>32<<32 | r.Uint64()>>32, Pos: int32(i)}
		}
		all[d] = f
	}
	return all
}

// addAll adds every document of all to x from four goroutines at once.
// docsByHash returns the documents holding each 32-bit hash, the slow
// reference the index is checked against.
func docsByHash(all [][]Fingerprint) map[uint32]map[int]bool {
	byHash := map[uint32]map[int]bool{}
	for d, f := range all {
		for _, fp := range f {
			h := uint32(fp.Hash >> 32)
			if byHash[h] == nil {
				byHash[h] = map[int]bool{}
			}
			byHash[h][d] = true
		}
	}
	return byHash
}

func addAll(t testing.TB, x *Index, all [][]Fingerprint) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := g; d < len(all); d += 4 {
				if err := x.Add(d, all[d]); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

// mix64 is SplitMix64's finaliser: distinct inputs, well-spread outputs.
func mix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// TestIndexPairsMatchesReference compares Pairs with a map-based count on
// an index big enough to fill many blocks in every partition, added from
// several goroutines at once, with hashes of few distinct values so that
// some are common.
func TestIndexPairsMatchesReference(t *testing.T) {
	const docs = 600
	all := referenceDocs(docs)
	const maxDF, minShared = 40, 3
	// Reference: documents per 32-bit hash, then pairs.
	byHash := docsByHash(all)
	// WeighedPairs with rareDF: a hash in df > rareDF documents weighs
	// rareDF/df, in units of 2⁻²⁰ rounded down.
	const rareDF, minWeight, anyShared = 5, 2.5, 6
	count := map[[2]int]int{}
	weight := map[[2]int]int{}
	var common []uint32
	for h, ds := range byHash {
		if len(ds) > maxDF {
			common = append(common, h)
			continue
		}
		w := 1 << 20
		if len(ds) > rareDF {
			w = rareDF << 20 / len(ds)
		}
		list := slices.Sorted(maps.Keys(ds))
		for i, a := range list {
			for _, b := range list[i+1:] {
				count[[2]int{a, b}]++
				weight[[2]int{a, b}] += w
			}
		}
	}
	byPair := func(p, q Pair) int {
		if p.A != q.A {
			return p.A - q.A
		}
		return p.B - q.B
	}
	var want, wantWeighed []Pair
	for k, n := range count {
		if n >= minShared {
			want = append(want, Pair{A: k[0], B: k[1], Shared: n, Weight: float64(n)})
		}
		if w := weight[k]; float64(w) >= minWeight*(1<<20) || n >= anyShared {
			wantWeighed = append(wantWeighed, Pair{A: k[0], B: k[1], Shared: n, Weight: float64(w) / (1 << 20)})
		}
	}
	slices.SortFunc(want, byPair)
	slices.SortFunc(wantWeighed, byPair)
	if len(wantWeighed) == len(want) || len(wantWeighed) == 0 {
		t.Fatalf("test data: %d weighed pairs, %d unweighed: weighing should keep some and drop some", len(wantWeighed), len(want))
	}

	var x Index
	addAll(t, &x, all)
	got := x.Pairs(maxDF, minShared)
	if !slices.Equal(got, want) {
		t.Fatalf("Pairs: %d pairs, reference %d; first differences: got %v, want %v", len(got), len(want), got[:min(3, len(got))], want[:min(3, len(want))])
	}
	// The index stays sorted: it can be asked again.
	if got := x.WeighedPairs(maxDF, rareDF, minWeight, anyShared); !slices.Equal(got, wantWeighed) {
		t.Fatalf("WeighedPairs: %d pairs, reference %d; first: got %v, want %v", len(got), len(wantWeighed), got[:min(3, len(got))], wantWeighed[:min(3, len(wantWeighed))])
	}
	if len(common) == 0 {
		t.Fatal("test data has no common hash")
	}
	x.Release()
	for _, h := range common {
		if !x.Common(uint64(h) << 32) {
			t.Fatalf("Common(%#x) = false after Release", h)
		}
	}
	for d := range all {
		want := slices.ContainsFunc(all[d], func(f Fingerprint) bool { return slices.Contains(common, uint32(f.Hash>>32)) })
		if got := x.DocHasCommon(d); got != want {
			t.Fatalf("DocHasCommon(%d) = %v, want %v", d, got, want)
		}
	}
	if ps := x.Pairs(maxDF, minShared); len(ps) != 0 {
		t.Errorf("Pairs after Release = %d pairs, want none", len(ps))
	}
}

// TestPairsFuncMatchesReference compares PairsFunc with a map-based count
// on the reference documents: the pairs keep accepts, their shared and
// rare counts, every document's held count, and with perDoc the partners
// of highest priority.
func TestPairsFuncMatchesReference(t *testing.T) {
	all := referenceDocs(300)
	const maxDF, rareDF = 40, 5
	byHash := docsByHash(all)
	held := make([]int32, len(all))
	counts := map[[2]int]Counts{}
	for _, ds := range byHash {
		if len(ds) > maxDF {
			continue
		}
		list := slices.Sorted(maps.Keys(ds))
		for i, a := range list {
			held[a]++
			for _, b := range list[i+1:] {
				c := counts[[2]int{a, b}]
				c.Shared++
				if len(ds) <= rareDF {
					c.Rare++
				}
				counts[[2]int{a, b}] = c
			}
		}
	}
	// keep: at least 3 shared, priority the rare count then the shared.
	keep := func(a, b int, c Counts) float64 {
		if c.Shared < 3 {
			return -1
		}
		return float64(c.Rare*1000 + c.Shared)
	}
	for _, perDoc := range []int{0, 2} {
		t.Run(fmt.Sprintf("perDoc=%d", perDoc), func(t *testing.T) {
			byA := map[int][]Pair{}
			prio := map[[2]int]float64{}
			for k, c := range counts {
				c.HeldA, c.HeldB = int(held[k[0]]), int(held[k[1]])
				if p := keep(k[0], k[1], c); p >= 0 {
					byA[k[0]] = append(byA[k[0]], Pair{A: k[0], B: k[1], Shared: c.Shared, Rare: c.Rare})
					prio[k] = p
				}
			}
			var want []Pair
			for _, a := range slices.Sorted(maps.Keys(byA)) {
				ps := byA[a]
				slices.SortFunc(ps, func(p, q Pair) int { return p.B - q.B })
				if perDoc > 0 && len(ps) > perDoc {
					slices.SortStableFunc(ps, func(p, q Pair) int {
						x, y := prio[[2]int{p.A, p.B}], prio[[2]int{q.A, q.B}]
						switch {
						case x > y:
							return -1
						case x < y:
							return 1
						}
						return 0
					})
					ps = ps[:perDoc]
					slices.SortFunc(ps, func(p, q Pair) int { return p.B - q.B })
				}
				want = append(want, ps...)
			}
			if len(want) == 0 {
				t.Fatal("test data: no pairs")
			}
			var x Index
			addAll(t, &x, all)
			got, gotHeld := x.PairsFunc(maxDF, rareDF, perDoc, keep)
			if !slices.Equal(got, want) {
				t.Fatalf("%d pairs, reference %d; first: %v, want %v", len(got), len(want), got[:min(3, len(got))], want[:min(3, len(want))])
			}
			if !slices.Equal(gotHeld, held) {
				t.Fatalf("held counts differ from the reference: %v…, want %v…", gotHeld[:5], held[:5])
			}
		})
	}
}
