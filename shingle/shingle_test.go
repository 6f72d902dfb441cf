package shingle

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn/seeds"
)

// normalize returns the default normalisation of s.
func normalize(s string) *Text {
	var tx Text
	NewNormalizer(Options{}).Normalize(&tx, []byte(s))
	return &tx
}

// rawText returns a Text of b as it is, without normalising it.
func rawText(b []byte) *Text {
	tx := new(Text)
	for i, r := range string(b) {
		tx.appendRune(r, int32(i), int32(i+utf8.RuneLen(r)))
	}
	return tx
}

// wantHashes is the number of hashes AppendHashes returns for n runes.
func wantHashes(n, k int) int {
	k = max(k, 1)
	switch {
	case n == 0:
		return 0
	case n < k:
		return 1
	}
	return n - k + 1
}

func TestAppendHashesCount(t *testing.T) {
	tests := []struct {
		text string
		k    int
		want int
	}{
		{"", 7, 0},
		{"", 1, 0},
		{"   ", 7, 0}, // normalises to nothing
		{"a", 7, 1},
		{"abc", 7, 1},
		{"abcdef", 7, 1},
		{"abcdefg", 7, 1},
		{"abcdefgh", 7, 2},
		{"abcdefghij", 7, 4},
		{"abc", 1, 3},
		{"abc", 2, 2},
		{"abc", 3, 1},
		{"abc", 0, 3},  // k < 1 is 1
		{"abc", -5, 3}, // likewise
		// k counts runes, not bytes: 7 runes, 14 bytes.
		{"șțășțăș", 7, 1},
		{"șțășțășț", 7, 2},
		{"漢字漢字漢字漢字", 7, 2},
		// Runes of the normalised text: ﬁ is two.
		{"ﬁﬁﬁ", 6, 1},
		{"ﬁﬁﬁﬁ", 6, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q/k=%d", tt.text, tt.k), func(t *testing.T) {
			tx := normalize(tt.text)
			got := AppendHashes(nil, tx, tt.k, 0)
			if len(got) != tt.want {
				t.Errorf("AppendHashes(%q, k=%d) gave %d hashes, want %d", tx.Bytes, tt.k, len(got), tt.want)
			}
			if len(got) != wantHashes(tx.Len(), tt.k) {
				t.Errorf("%d hashes for %d runes and k=%d", len(got), tx.Len(), tt.k)
			}
		})
	}
}

func TestAppendHashesSeeds(t *testing.T) {
	nz := NewNormalizer(Options{})
	var tx Text
	for _, d := range seeds.Articles() {
		nz.Normalize(&tx, d.Text)
		for _, k := range []int{1, 3, 7, 12} {
			h := AppendHashes(nil, &tx, k, 42)
			if len(h) != tx.Len()-k+1 {
				t.Errorf("seed %s k=%d: %d hashes for %d runes", d.ID, k, len(h), tx.Len())
			}
			if again := AppendHashes(nil, &tx, k, 42); !slices.Equal(h, again) {
				t.Errorf("seed %s k=%d: hashes differ between runs", d.ID, k)
			}
		}
	}
}

func TestAppendHashesAppends(t *testing.T) {
	tx := normalize("abcdefgh")
	prefix := []uint64{1, 2, 3}
	got := AppendHashes(slices.Clone(prefix), tx, 7, 0)
	if len(got) != 5 || !slices.Equal(got[:3], prefix) {
		t.Fatalf("AppendHashes(%v, ...) = %v, want the prefix and 2 more", prefix, got)
	}
	if want := AppendHashes(nil, tx, 7, 0); !slices.Equal(got[3:], want) {
		t.Errorf("appended %v, want %v", got[3:], want)
	}
	// An empty text appends nothing and returns dst as is.
	if got := AppendHashes(prefix, normalize(""), 7, 0); !slices.Equal(got, prefix) {
		t.Errorf("empty text: %v, want %v", got, prefix)
	}
}

// TestAppendHashesShingles checks that each hash depends on its shingle's
// runes and nothing else: hash i of a text is the single hash of the text
// made of runes [i, i+k).
func TestAppendHashesShingles(t *testing.T) {
	for _, s := range []string{"abcdefghijkl", "Șeful statului român", "漢字仮名交じり文を書く", "ﬁﬁﬁﬁﬁﬁﬁﬁ"} {
		tx := normalize(s)
		for _, k := range []int{1, 3, 7} {
			all := AppendHashes(nil, tx, k, 9)
			for i := range all {
				sub := rawText(tx.Bytes[tx.Runes[i]:tx.Runes[i+k]])
				one := AppendHashes(nil, sub, k, 9)
				if len(one) != 1 || one[0] != all[i] {
					t.Errorf("%q k=%d: hash %d is %x, but the shingle %q alone hashes to %x", s, k, i, all[i], sub.Bytes, one)
				}
			}
		}
		// A text shorter than k has one hash, that of the whole text as a
		// shingle of its own length.
		short := AppendHashes(nil, tx, tx.Len()+5, 9)
		exact := AppendHashes(nil, tx, tx.Len(), 9)
		if len(short) != 1 || !slices.Equal(short, exact) {
			t.Errorf("%q: short-text hash %x, want %x", s, short, exact)
		}
	}
}

func TestAppendHashesSeed(t *testing.T) {
	tx := normalize(string(seeds.Articles()[1].Text))
	a := AppendHashes(nil, tx, 7, 0)
	b := AppendHashes(nil, tx, 7, 1)
	c := AppendHashes(nil, tx, 7, 1<<63)
	same := 0
	for i := range a {
		if a[i] == b[i] || a[i] == c[i] || b[i] == c[i] {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d of %d hashes equal across seeds", same, len(a))
	}
	// The same shingles under two seeds make the same set structure.
	if sa, sb := len(Set(slices.Clone(a))), len(Set(slices.Clone(b))); sa != sb {
		t.Errorf("distinct shingles: %d with seed 0, %d with seed 1", sa, sb)
	}
}

func TestAppendHashesSameText(t *testing.T) {
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			nz := NewNormalizer(mode.opts)
			var a, b Text
			pairs := [][2]string{
				{"Şeful", "Șeful"},
				{"Şeful statului a declarat", "Șeful statului a declarat"},
				{"ŞEFUL  STATULUI", "șeful\u00a0statului"},
				{"„Kremlin” – Putin", "\"kremlin\" - putin"},
				{"ﬁnanţe", "FINANȚE"},
			}
			for _, p := range pairs {
				nz.Normalize(&a, []byte(p[0]))
				nz.Normalize(&b, []byte(p[1]))
				for _, k := range []int{1, 3, 7} {
					ha, hb := AppendHashes(nil, &a, k, 5), AppendHashes(nil, &b, k, 5)
					if !slices.Equal(ha, hb) {
						t.Errorf("k=%d: %q and %q hash differently (%q, %q)", k, p[0], p[1], a.Bytes, b.Bytes)
					}
				}
			}
			// And different texts hash differently.
			nz.Normalize(&a, []byte("seful"))
			nz.Normalize(&b, []byte("sefuL!"))
			if slices.Equal(AppendHashes(nil, &a, 3, 0), AppendHashes(nil, &b, 3, 0)) {
				t.Error("different texts, same hashes")
			}
		})
	}
}

// TestAppendSetMatchesSet compares AppendSet with Set on the nonzero
// hashes: short and long inputs, duplicates, zeros, and hashes that all
// fall in one bucket or a few.
func TestAppendSetMatchesSet(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func() uint64{
		"uniform":     r.Uint64,
		"few values":  func() uint64 { return uint64(r.IntN(50)) },
		"one bucket":  func() uint64 { return uint64(r.IntN(1 << 40)) },
		"two buckets": func() uint64 { return uint64(r.IntN(2))<<63 | uint64(r.IntN(1000)) },
		"with zeros": func() uint64 {
			if r.IntN(3) == 0 {
				return 0
			}
			return r.Uint64()
		},
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 63, 64, 65, 100, 1000, 3000, 10000, 100000} {
			hashes := make([]uint64, n)
			for i := range hashes {
				hashes[i] = gen()
			}
			if n > 10 {
				copy(hashes[n/2:], hashes[:n/4]) // duplicates
			}
			var nonzero []uint64
			for _, h := range hashes {
				if h != 0 {
					nonzero = append(nonzero, h)
				}
			}
			want := Set(nonzero)
			orig := slices.Clone(hashes)
			prefix := []uint64{42, 7}
			got := AppendSet(slices.Clone(prefix), hashes)
			if !slices.Equal(got[:2], prefix) || !slices.Equal(got[2:], want) {
				t.Fatalf("%s, n=%d: AppendSet gives %d hashes (prefix %v), Set %d", name, n, len(got)-2, got[:2], len(want))
			}
			if !slices.Equal(hashes, orig) {
				t.Fatalf("%s, n=%d: AppendSet changed its input", name, n)
			}
		}
	}
}

func TestAppendSetAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	hashes := make([]uint64, 3000)
	for i := range hashes {
		hashes[i] = r.Uint64()
	}
	dst := make([]uint64, 0, len(hashes))
	if n := testing.AllocsPerRun(20, func() { dst = AppendSet(dst[:0], hashes) }); n != 0 {
		t.Errorf("AppendSet allocates %v times with room in dst, want 0", n)
	}
}

func TestSet(t *testing.T) {
	const max = ^uint64(0)
	tests := []struct {
		in, want []uint64
	}{
		{nil, nil},
		{[]uint64{}, []uint64{}},
		{[]uint64{5}, []uint64{5}},
		{[]uint64{3, 1, 2}, []uint64{1, 2, 3}},
		{[]uint64{3, 1, 2, 3, 1, 1}, []uint64{1, 2, 3}},
		{[]uint64{7, 7, 7, 7}, []uint64{7}},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}},
		{[]uint64{max, 0, max, 0}, []uint64{0, max}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.in), func(t *testing.T) {
			in := slices.Clone(tt.in)
			got := Set(in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Set(%v) = %v, want %v", tt.in, got, tt.want)
			}
			if len(got) > 0 && &got[0] != &in[0] {
				t.Error("Set did not return a prefix of its argument")
			}
		})
	}
}

func TestIntersection(t *testing.T) {
	tests := []struct {
		name string
		a, b []uint64
		want int
	}{
		{"both empty", nil, nil, 0},
		{"one empty", []uint64{1, 2}, nil, 0},
		{"other empty", nil, []uint64{1, 2}, 0},
		{"identical", []uint64{1, 2, 3}, []uint64{1, 2, 3}, 3},
		{"disjoint", []uint64{1, 3, 5}, []uint64{2, 4, 6}, 0},
		{"interleaved", []uint64{1, 2, 4, 7, 9}, []uint64{2, 3, 4, 8, 9, 10}, 3},
		{"subset", []uint64{2, 4}, []uint64{1, 2, 3, 4, 5}, 2},
		{"superset", []uint64{1, 2, 3, 4, 5}, []uint64{5}, 1},
		{"extremes", []uint64{0, ^uint64(0)}, []uint64{0, 1, ^uint64(0)}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Intersection(tt.a, tt.b); got != tt.want {
				t.Errorf("Intersection(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := Intersection(tt.b, tt.a); got != tt.want {
				t.Errorf("Intersection(%v, %v) = %d, want %d", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

// TestIntersectionSeeds checks Intersection against a map on real sets.
func TestIntersectionSeeds(t *testing.T) {
	nz := NewNormalizer(Options{})
	var sets [][]uint64
	for _, d := range seeds.Articles() {
		var tx Text
		nz.Normalize(&tx, d.Text)
		sets = append(sets, Set(AppendHashes(nil, &tx, 5, 0)))
	}
	for i := range sets {
		for j := range sets {
			in := make(map[uint64]bool)
			for _, h := range sets[i] {
				in[h] = true
			}
			want := 0
			for _, h := range sets[j] {
				if in[h] {
					want++
				}
			}
			if got := Intersection(sets[i], sets[j]); got != want {
				t.Errorf("seeds %d and %d: Intersection = %d, want %d", i, j, got, want)
			}
		}
	}
}

func TestAppendHashesAllocs(t *testing.T) {
	nz := NewNormalizer(Options{})
	var texts []*Text
	for _, d := range seeds.Articles() {
		var tx Text
		nz.Normalize(&tx, d.Text)
		texts = append(texts, &tx)
	}
	var hashes []uint64
	all := func() {
		for _, tx := range texts {
			for _, k := range []int{3, 7} {
				hashes = AppendHashes(hashes[:0], tx, k, 1)
			}
			hashes = Set(hashes)
		}
	}
	all() // warm up: grow hashes
	if n := testing.AllocsPerRun(20, all); n != 0 {
		t.Errorf("AppendHashes and Set allocate %v times per run after warm-up, want 0", n)
	}
}

// TestPipelineAllocs checks the whole per-document loop of churn.Analyze
// with reused buffers: normalise, shingle, dedup.
func TestPipelineAllocs(t *testing.T) {
	docs := seeds.Articles()
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			nz := NewNormalizer(mode.opts)
			var tx Text
			var hashes []uint64
			all := func() {
				for _, d := range docs {
					nz.Normalize(&tx, d.Text)
					hashes = Set(AppendHashes(hashes[:0], &tx, DefaultK, 0))
				}
			}
			all()
			if n := testing.AllocsPerRun(20, all); n != 0 {
				t.Errorf("%v allocations per run of %d documents after warm-up, want 0", n, len(docs))
			}
		})
	}
}

// TestCounter checks Counter.Distinct against Set on sets with duplicates,
// zeros and sequential values, reusing one Counter across sizes.
func TestCounter(t *testing.T) {
	var c Counter
	rng := rand.New(rand.NewPCG(41, 42))
	for _, n := range []int{0, 1, 2, 3, 7, 8, 100, 1000, 5, 20000, 3} {
		for _, kind := range []string{"random", "sequential", "duplicates", "zeros"} {
			hs := make([]uint64, n)
			for i := range hs {
				switch kind {
				case "random":
					hs[i] = rng.Uint64()
				case "sequential":
					hs[i] = uint64(i)
				case "duplicates":
					hs[i] = rng.Uint64N(uint64(n/3 + 1))
				case "zeros":
					hs[i] = rng.Uint64N(2) * rng.Uint64()
				}
			}
			orig := slices.Clone(hs)
			want := 0
			for _, h := range Set(slices.Clone(hs)) {
				if h != 0 {
					want++
				}
			}
			if got := c.Distinct(hs); got != want {
				t.Errorf("%d %s hashes: Distinct = %d, want %d", n, kind, got, want)
			}
			if !slices.Equal(hs, orig) {
				t.Errorf("%d %s hashes: Distinct modified its argument", n, kind)
			}
		}
	}
}

func TestCounterAllocs(t *testing.T) {
	var c Counter
	var tx Text
	nz := NewNormalizer(Options{})
	var hs [][]uint64
	for _, d := range seeds.Articles() {
		nz.Normalize(&tx, d.Text)
		hs = append(hs, AppendHashes(nil, &tx, DefaultK, 0))
	}
	all := func() {
		for _, h := range hs {
			c.Distinct(h)
		}
	}
	all()
	if n := testing.AllocsPerRun(20, all); n != 0 {
		t.Errorf("Distinct allocates %v times per run after warm-up, want 0", n)
	}
}

func BenchmarkDistinct(b *testing.B) {
	d := seeds.Articles()[4]
	var tx Text
	NewNormalizer(Options{}).Normalize(&tx, d.Text)
	hashes := AppendHashes(nil, &tx, DefaultK, 0)
	var c Counter
	b.ReportAllocs()
	for b.Loop() {
		c.Distinct(hashes)
	}
}
