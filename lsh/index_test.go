package lsh

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

func TestNewIndex(t *testing.T) {
	tests := []struct {
		name      string
		numHashes int
		threshold float64
		sizeHint  int
		wantErr   bool
	}{
		{"default", DefaultNumHashes, 0.1, 10, false},
		{"threshold 1", DefaultNumHashes, 1, 10, false},
		{"small threshold", DefaultNumHashes, 0.001, 10, false},
		{"one hash", 1, 0.5, 10, false},
		{"negative size hint", DefaultNumHashes, 0.5, -5, false},
		{"zero size hint", DefaultNumHashes, 0.5, 0, false},
		{"zero hashes", 0, 0.5, 10, true},
		{"negative hashes", -1, 0.5, 10, true},
		{"threshold 0", DefaultNumHashes, 0, 10, true},
		{"negative threshold", DefaultNumHashes, -0.1, 10, true},
		{"threshold above 1", DefaultNumHashes, 1.01, 10, true},
		{"NaN threshold", DefaultNumHashes, math.NaN(), 10, true},
		{"infinite threshold", DefaultNumHashes, math.Inf(1), 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := NewIndex(tt.numHashes, tt.threshold, tt.sizeHint)
			if tt.wantErr {
				if err == nil || x != nil {
					t.Errorf("NewIndex(%d, %v, %d) = %v, %v, want an error", tt.numHashes, tt.threshold, tt.sizeHint, x, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewIndex(%d, %v, %d): %v", tt.numHashes, tt.threshold, tt.sizeHint, err)
			}
			bands, rows := x.Params()
			if bands < 1 || rows < 1 || bands*rows > tt.numHashes {
				t.Errorf("Params() = %d bands of %d rows for %d hashes", bands, rows, tt.numHashes)
			}
		})
	}
}

// TestIndexParams checks the banding chosen for several thresholds: it
// fits in the signature (ekzhu's optimiser need not use all of it), and
// its S-curve rises near the threshold, with more rows per band at higher
// thresholds.
func TestIndexParams(t *testing.T) {
	for _, n := range []int{32, 64, 128, 256} {
		prevRows := 0
		for _, th := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
			t.Run(fmt.Sprintf("n=%d/t=%.1f", n, th), func(t *testing.T) {
				x, err := NewIndex(n, th, 0)
				if err != nil {
					t.Fatal(err)
				}
				bands, rows := x.Params()
				if bands < 1 || rows < 1 || bands*rows > n {
					t.Fatalf("Params() = %d bands of %d rows for %d hashes", bands, rows, n)
				}
				if rows < prevRows {
					t.Errorf("%d rows per band at threshold %.1f, fewer than %d at a lower one", rows, th, prevRows)
				}
				prevRows = rows
				// The probability of becoming candidates, 1-(1-J^r)^b, is
				// at most 1/2 well below the threshold and at least 1/2
				// well above it.
				p := func(j float64) float64 {
					return 1 - math.Pow(1-math.Pow(j, float64(rows)), float64(bands))
				}
				if lo := th - 0.25; lo > 0 && p(lo) > 0.5 {
					t.Errorf("%d bands of %d rows: P(candidate | J=%.2f) = %.2f", bands, rows, lo, p(lo))
				}
				if hi := th + 0.25; hi < 1 && p(hi) < 0.5 {
					t.Errorf("%d bands of %d rows: P(candidate | J=%.2f) = %.2f", bands, rows, hi, p(hi))
				}
			})
		}
	}
}

// testDocs returns the signatures of 2·pairs random documents of size
// values each: docs 2i and 2i+1 are near-copies, with a share replace of
// the values of 2i replaced in 2i+1 (J = (1-replace)/(1+replace)), and
// documents of different pairs share nothing.
func testDocs(tb testing.TB, pairs, size int, replace float64, seed uint64) [][]uint32 {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	s, err := NewSigner(DefaultNumHashes, seed)
	if err != nil {
		tb.Fatal(err)
	}
	var sigs [][]uint32
	for range pairs {
		a := randomHashes(rng, size)
		b := slices.Clone(a)
		for i := range int(replace * float64(size)) {
			b[i] = mix64(rng.Uint64())
		}
		sigs = append(sigs, s.Sign(make([]uint32, s.Len()), a), s.Sign(make([]uint32, s.Len()), b))
	}
	return sigs
}

func newTestIndex(tb testing.TB, threshold float64, sigs [][]uint32) *Index {
	tb.Helper()
	x, err := NewIndex(DefaultNumHashes, threshold, len(sigs))
	if err != nil {
		tb.Fatal(err)
	}
	for i, sig := range sigs {
		if err := x.Add(i, sig); err != nil {
			tb.Fatal(err)
		}
	}
	x.Build()
	return x
}

func TestIndexQuery(t *testing.T) {
	// Pairs (2i, 2i+1) share 90% of 200 values: J ≈ 0.82. The last
	// document is an exact copy of document 3.
	sigs := testDocs(t, 20, 200, 0.1, 1)
	sigs = append(sigs, slices.Clone(sigs[3]))
	last := len(sigs) - 1
	for _, th := range []float64{0.1, 0.5, 0.8, 1} {
		t.Run(fmt.Sprintf("t=%.1f", th), func(t *testing.T) {
			x := newTestIndex(t, th, sigs)
			for i, sig := range sigs {
				got := x.Query(nil, sig)
				if !slices.IsSorted(got) {
					t.Errorf("Query(doc %d) = %v, not sorted", i, got)
				}
				if len(slices.Compact(slices.Clone(got))) != len(got) {
					t.Errorf("Query(doc %d) = %v has duplicates", i, got)
				}
				// A document is its own candidate.
				if !slices.Contains(got, i) {
					t.Errorf("Query(doc %d) = %v, lacks %d", i, got, i)
				}
				// Its near-copy too, at J ≈ 0.82, well above threshold.
				if mate := i ^ 1; th <= 0.5 && i != last && !slices.Contains(got, mate) {
					t.Errorf("Query(doc %d) = %v, lacks its near-copy %d", i, got, mate)
				}
				// Documents of other pairs share no value, so no band.
				for _, j := range got {
					related := j == i || i != last && j == i^1 || (i == 3 || i == 2) && j == last || i == last && (j == 3 || j == 2)
					if !related {
						t.Errorf("Query(doc %d) = %v: %d is unrelated", i, got, j)
					}
				}
			}
			// The exact copies find each other at any threshold.
			for _, pair := range [][2]int{{3, last}, {last, 3}} {
				if got := x.Query(nil, sigs[pair[0]]); !slices.Contains(got, pair[1]) {
					t.Errorf("identical docs %d and %d: Query(%d) = %v", pair[0], pair[1], pair[0], got)
				}
			}
		})
	}
}

func TestIndexQueryAppends(t *testing.T) {
	sigs := testDocs(t, 4, 50, 0, 2) // near-copies are copies
	x := newTestIndex(t, 0.5, sigs)
	dst := []int{100, -1}
	got := x.Query(dst, sigs[2])
	if !slices.Equal(got[:2], []int{100, -1}) {
		t.Errorf("Query changed the prefix of dst: %v", got)
	}
	if want := []int{2, 3}; !slices.Equal(got[2:], want) {
		t.Errorf("Query appended %v, want %v", got[2:], want)
	}
}

func TestIndexSignatureLength(t *testing.T) {
	x, err := NewIndex(DefaultNumHashes, 0.5, 0)
	if err != nil {
		t.Fatal(err)
	}
	sig := testDocs(t, 1, 20, 0, 3)[0]
	for _, n := range []int{0, 1, DefaultNumHashes - 1, DefaultNumHashes + 1, 2 * DefaultNumHashes} {
		bad := make([]uint32, n)
		copy(bad, sig)
		if err := x.Add(1, bad); err == nil {
			t.Errorf("Add with a signature of length %d: no error", n)
		}
	}
	if err := x.Add(0, sig); err != nil {
		t.Fatal(err)
	}
	x.Build()
	for _, n := range []int{0, 1, DefaultNumHashes - 1, DefaultNumHashes + 1} {
		bad := make([]uint32, n)
		copy(bad, sig)
		if got := x.Query([]int{7}, bad); !slices.Equal(got, []int{7}) {
			t.Errorf("Query with a signature of length %d = %v, want dst unchanged", n, got)
		}
	}
	if got := x.Query(nil, sig); !slices.Equal(got, []int{0}) {
		t.Errorf("Query = %v, want [0] (the failed Adds must not have added anything)", got)
	}
}

func TestIndexBuild(t *testing.T) {
	sigs := testDocs(t, 1, 30, 0, 4)
	x, _ := NewIndex(DefaultNumHashes, 0.5, 0)
	x.Add(0, sigs[0])
	if got := x.Query(nil, sigs[0]); len(got) != 0 {
		t.Errorf("Query before Build = %v, want nothing", got)
	}
	x.Build()
	if got := x.Query(nil, sigs[0]); !slices.Equal(got, []int{0}) {
		t.Errorf("Query after Build = %v, want [0]", got)
	}
	x.Add(1, sigs[0]) // same signature, new id
	if got := x.Query(nil, sigs[0]); !slices.Equal(got, []int{0}) {
		t.Errorf("Query after Add without Build = %v, want [0]", got)
	}
	x.Build()
	if got := x.Query(nil, sigs[0]); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("Query after the second Build = %v, want [0 1]", got)
	}
}

// TestIndexDeterministic checks that Query gives the same ids in the same
// order across repeated queries and rebuilt indexes, although the wrapped
// index collects them in a map.
func TestIndexDeterministic(t *testing.T) {
	// Many copies of one document make long candidate lists.
	base := testDocs(t, 2, 100, 0.05, 5)[1:]
	var sigs [][]uint32
	for range 30 {
		sigs = append(sigs, base...)
	}
	var first [][]int
	for round := range 5 {
		x := newTestIndex(t, 0.3, sigs)
		for q := range 3 {
			for i, sig := range sigs[:3] {
				got := x.Query(nil, sig)
				if len(got) < 30 {
					t.Fatalf("Query(doc %d) = %d candidates, want at least 30", i, len(got))
				}
				if round == 0 && q == 0 {
					first = append(first, got)
				} else if !slices.Equal(got, first[i]) {
					t.Fatalf("round %d query %d: Query(doc %d) = %v, first time %v", round, q, i, got, first[i])
				}
			}
		}
	}
}

// TestIndexConcurrentQuery runs queries in parallel after Build (run with
// -race).
func TestIndexConcurrentQuery(t *testing.T) {
	sigs := testDocs(t, 10, 100, 0.1, 6)
	x := newTestIndex(t, 0.5, sigs)
	want := make([][]int, len(sigs))
	for i, sig := range sigs {
		want[i] = x.Query(nil, sig)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var buf []int
			for r := range 20 {
				i := (g*7 + r) % len(sigs)
				buf = x.Query(buf[:0], sigs[i])
				if !slices.Equal(buf, want[i]) {
					t.Errorf("concurrent Query(doc %d) = %v, want %v", i, buf, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestBanding checks that Banding answers what an index's Params do, the
// second time (from its memory) as the first, and refuses what NewIndex
// refuses.
func TestBanding(t *testing.T) {
	for _, n := range []int{1, 16, 100, DefaultNumHashes, 256} {
		for _, th := range []float64{0.05, 0.5, 0.95, 1} {
			x, err := NewIndex(n, th, 0)
			if err != nil {
				t.Fatal(err)
			}
			wb, wr := x.Params()
			for range 2 {
				if b, r, err := Banding(n, th); err != nil || b != wb || r != wr {
					t.Errorf("Banding(%d, %v) = %d, %d, %v; the index has %d bands of %d rows", n, th, b, r, err, wb, wr)
				}
			}
		}
	}
	for _, c := range []struct {
		n  int
		th float64
	}{{0, 0.5}, {128, 0}, {128, 1.5}, {128, math.NaN()}} {
		if _, _, err := Banding(c.n, c.th); err == nil {
			t.Errorf("Banding(%d, %v): no error", c.n, c.th)
		}
	}
}
