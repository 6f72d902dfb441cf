package reuse

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/shingle"
)

// refGrams is the slow reference of AppendGrams: the runes of t that are
// letters or digits and not masked, five consecutive ones a gram (a masked
// rune breaks the run), keyed by the string of the five letters.
type refGram struct {
	letters    string
	start, end int
	wordStart  bool
}

func refGrams(t *shingle.Text, mask []passage.Span) []refGram {
	masked := func(i int) bool {
		for _, s := range mask {
			if s.Start <= i && i < s.End {
				return true
			}
		}
		return false
	}
	letter := func(i int) bool {
		r, _ := utf8.DecodeRune(t.Rune(i))
		if r < utf8.RuneSelf {
			return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		}
		return isLetter(r)
	}
	var out []refGram
	var run []int // positions of the letters of the current run
	for i := 0; i < t.Len(); i++ {
		if masked(i) {
			run = run[:0]
			continue
		}
		if !letter(i) {
			continue
		}
		run = append(run, i)
		if len(run) >= GramLen {
			w := run[len(run)-GramLen:]
			var b strings.Builder
			for _, p := range w {
				b.Write(t.Rune(p))
			}
			s := w[0]
			out = append(out, refGram{
				letters:   b.String(),
				start:     s,
				end:       w[GramLen-1] + 1,
				wordStart: s == 0 || masked(s-1) || !letter(s-1),
			})
		}
	}
	return out
}

func normalize(s string) *shingle.Text {
	var t shingle.Text
	shingle.NewNormalizer(shingle.Options{}).Normalize(&t, []byte(s))
	return &t
}

var gramTexts = []string{
	"",
	"abcd",
	"abcde",
	"The minister said that the budget, 2026, was final.",
	"Ştiri: preşedintele a spus că «bugetul» e gata — 12 000 lei.",
	"Министр сказал, что бюджет окончательный.",
	"東京都は二〇二六年の予算を発表した。",
	"وقال الوزير إن الميزانية نهائية",
	"وزیر نے کہا کہ بجٹ حتمی ہے",
	"हिन्दी समाचार में मंत्री ने कहा",
	"a-b-c-d-e-f g h i j k",
	"\u1680\u0301abc\u0301de",
}

func TestAppendGramsMatchesReference(t *testing.T) {
	masks := [][]passage.Span{
		nil,
		{{Start: 0, End: 3}},
		{{Start: 4, End: 6}, {Start: 5, End: 12}, {Start: 20, End: 21}},
	}
	for _, s := range gramTexts {
		for mi, mask := range masks {
			txt := normalize(s)
			got := AppendGrams(nil, txt, mask)
			want := refGrams(txt, mask)
			if len(got) != len(want) {
				t.Fatalf("%q mask %d: %d grams, reference %d", s, mi, len(got), len(want))
			}
			byLetters := map[string]uint64{}
			byHash := map[uint64]string{}
			for i, g := range got {
				w := want[i]
				if int(g.Start) != w.start || int(g.End) != w.end || g.WordStart != w.wordStart {
					t.Errorf("%q mask %d gram %d (%q): got [%d,%d) start %v, want [%d,%d) start %v",
						s, mi, i, w.letters, g.Start, g.End, g.WordStart, w.start, w.end, w.wordStart)
				}
				if g.Hash == 0 {
					t.Errorf("%q gram %d: zero hash", s, i)
				}
				if h, ok := byLetters[w.letters]; ok && h != g.Hash {
					t.Errorf("%q: gram %q hashes to %x and %x", s, w.letters, h, g.Hash)
				}
				if l, ok := byHash[g.Hash]; ok && l != w.letters {
					t.Errorf("%q: grams %q and %q share hash %x", s, l, w.letters, g.Hash)
				}
				byLetters[w.letters], byHash[g.Hash] = g.Hash, w.letters
			}
		}
	}
}

// TestAppendGramsSameWording checks that punctuation, spacing and case do
// not change the grams: the property derived copy relies on.
func TestAppendGramsSameWording(t *testing.T) {
	a := AppendGrams(nil, normalize("The Minister said: budget final."), nil)
	b := AppendGrams(nil, normalize("the minister—said budget, final"), nil)
	if len(a) != len(b) {
		t.Fatalf("%d grams vs %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Hash != b[i].Hash || a[i].WordStart != b[i].WordStart {
			t.Errorf("gram %d differs", i)
		}
	}
}

func TestAppendGramsAllocs(t *testing.T) {
	txt := normalize(strings.Repeat("Ministrul a declarat că bugetul este final. ", 50))
	dst := AppendGrams(nil, txt, nil)
	if n := testing.AllocsPerRun(50, func() { dst = AppendGrams(dst[:0], txt, nil) }); n != 0 {
		t.Errorf("AppendGrams into a large enough dst: %v allocations, want 0", n)
	}
}

// words returns a text of n words drawn from a vocabulary of v.
func words(r *rand.Rand, n, v int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "w%dx ", r.IntN(v))
	}
	return b.String()
}

func TestSetAndSharedMatchMaps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var sa, sb Set
	for trial := 0; trial < 50; trial++ {
		ga := AppendGrams(nil, normalize(words(r, r.IntN(300), 200)), nil)
		gb := AppendGrams(nil, normalize(words(r, r.IntN(300), 200)), nil)
		sa.Reset(ga)
		sb.Reset(gb)
		ma, mb := map[uint64]bool{}, map[uint64]bool{}
		for _, g := range ga {
			ma[g.Hash] = true
		}
		for _, g := range gb {
			mb[g.Hash] = true
		}
		if sa.Len() != len(ma) || sb.Len() != len(mb) {
			t.Fatalf("trial %d: Len %d, %d; maps %d, %d", trial, sa.Len(), sb.Len(), len(ma), len(mb))
		}
		shared := 0
		for h := range ma {
			if mb[h] {
				shared++
			}
		}
		if got := Shared(&sa, &sb, nil); got != float64(shared) {
			t.Errorf("trial %d: Shared %v, want %d", trial, got, shared)
		}
		if got := Shared(&sb, &sa, nil); got != float64(shared) {
			t.Errorf("trial %d: Shared(b, a) %v, want %d", trial, got, shared)
		}
		if got := sa.Total(nil); got != float64(len(ma)) {
			t.Errorf("trial %d: Total %v, want %d", trial, got, len(ma))
		}
	}
}

func TestSetResetAllocs(t *testing.T) {
	g := AppendGrams(nil, normalize(strings.Repeat("Ministrul a declarat că bugetul este final. ", 50)), nil)
	var s Set
	s.Reset(g)
	if n := testing.AllocsPerRun(50, func() { s.Reset(g) }); n != 0 {
		t.Errorf("Set.Reset reused: %v allocations, want 0", n)
	}
}

// TestFrequencies checks document frequencies against a count by map, in
// a corpus small enough to be counted exactly and in one sampled.
func TestFrequencies(t *testing.T) {
	for _, docs := range []int{300, 3 * SampleDocs} {
		t.Run(fmt.Sprintf("docs=%d", docs), func(t *testing.T) {
			r := rand.New(rand.NewPCG(3, 4))
			c := NewFreqCounter(testKeys(docs), 0)
			df := map[uint64]int{}
			sampled := 0
			for d := 0; d < docs; d++ {
				// A few very common words, many rare ones.
				g := AppendGrams(nil, normalize(fmt.Sprintf("%s common%d %s", words(r, 20, 5), d%3, words(r, 5, 20000))), nil)
				if !c.Wants(d) {
					continue
				}
				sampled++
				c.Add(d, g)
				c.Add(d, g) // counted once a document
				seen := map[uint64]bool{}
				for _, x := range g {
					if !seen[x.Hash] {
						seen[x.Hash] = true
						df[x.Hash]++
					}
				}
			}
			if want := min(docs, SampleDocs); sampled != want {
				t.Fatalf("%d documents sampled, want %d", sampled, want)
			}
			f := c.Frequencies(10)
			common := 0
			for h, n := range df {
				est := (n*docs + sampled/2) / sampled
				wantDF, wantW := 0, 1.0
				if est > 10 {
					wantDF, wantW = est, 10/float64(est)
					common++
				}
				if got := f.DF(h); got != wantDF {
					t.Fatalf("DF(%x) = %d, want %d", h, got, wantDF)
				}
				if got := f.Weight(h); math.Abs(got-wantW) > 1e-12 {
					t.Fatalf("Weight(%x) = %v, want %v", h, got, wantW)
				}
				if got, want := f.Stock(h), wantDF > max(10, docs/StockShare); got != want {
					t.Fatalf("Stock(%x) = %v, want %v (df %d)", h, got, want, wantDF)
				}
			}
			if f.Common() != common {
				t.Errorf("Common() = %d, want %d", f.Common(), common)
			}
			if common == 0 {
				t.Error("no common grams: the test corpus tests nothing")
			}
			// A gram never seen is rare.
			if f.DF(12345) != 0 || f.Weight(12345) != 1 {
				t.Error("unseen gram not rare")
			}
		})
	}
}

// TestFreqCounterOrder checks that counts do not depend on the order of
// Add calls (workers add documents in any order).
func TestFreqCounterOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var grams [][]Gram
	for d := 0; d < 200; d++ {
		grams = append(grams, AppendGrams(nil, normalize(words(r, 40, 300)), nil))
	}
	count := func(order []int) *Frequencies {
		c := NewFreqCounter(testKeys(len(grams)), 0)
		for _, d := range order {
			c.Add(d, grams[d])
		}
		return c.Frequencies(3)
	}
	order := make([]int, len(grams))
	for i := range order {
		order[i] = i
	}
	a := count(order)
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	b := count(order)
	for _, g := range grams {
		for _, x := range g {
			if a.DF(x.Hash) != b.DF(x.Hash) {
				t.Fatalf("DF(%x): %d in order, %d shuffled", x.Hash, a.DF(x.Hash), b.DF(x.Hash))
			}
		}
	}
	if a.Common() == 0 || a.Common() != b.Common() {
		t.Errorf("Common: %d vs %d", a.Common(), b.Common())
	}
}

func TestNilFrequencies(t *testing.T) {
	var f *Frequencies
	if f.Weight(1) != 1 || f.DF(1) != 0 || f.Stock(1) || f.Common() != 0 || f.StockDocs() != DefaultRareDocs {
		t.Error("nil Frequencies must weigh every gram 1 and call none stock")
	}
}

func TestRareShare(t *testing.T) {
	txt := normalize("common common common rareword")
	g := AppendGrams(nil, txt, nil)
	c := NewFreqCounter(testKeys(100), 0)
	for d := 0; d < 100; d++ {
		var dg []Gram
		for _, x := range g {
			if x.End <= 20 { // grams of "common common common" only
				dg = append(dg, x)
			}
		}
		c.Add(d, dg)
	}
	f := c.Frequencies(10)
	if got := RareShare(g, f, 0, 6); got != 0 {
		t.Errorf("RareShare of stock wording = %v, want 0", got)
	}
	if got := RareShare(g, f, 21, txt.Len()); got != 1 {
		t.Errorf("RareShare of a rare word = %v, want 1", got)
	}
	if got := RareShare(g, f, 3, 3); got != 0 {
		t.Errorf("RareShare of nothing = %v, want 0", got)
	}
	if got := RareShare(g, f, 0, txt.Len()); got <= 0 || got >= 1 {
		t.Errorf("RareShare of a mix = %v, want between 0 and 1", got)
	}
}

func TestContainmentAndClassify(t *testing.T) {
	tests := []struct {
		shared, a, b float64
		aInB, bInA   float64
	}{
		{0, 0, 0, 0, 0},
		{5, 10, 20, 0.5, 0.25},
		{30, 10, 20, 1, 1}, // capped at 1
		{5, 0, 10, 0, 0.5},
	}
	for _, tt := range tests {
		a, b := Containment(tt.shared, tt.a, tt.b)
		if a != tt.aInB || b != tt.bInA {
			t.Errorf("Containment(%v, %v, %v) = %v, %v; want %v, %v", tt.shared, tt.a, tt.b, a, b, tt.aInB, tt.bInA)
		}
	}
	th := Thresholds{Partial: 0.12, Whole: 0.45}
	for _, tt := range []struct {
		s    float64
		want Class
		code string
	}{
		{0, Independent, "ND"}, {0.1199, Independent, "ND"}, {0.12, PartiallyDerived, "PD"},
		{0.4499, PartiallyDerived, "PD"}, {0.45, WhollyDerived, "WD"}, {1, WhollyDerived, "WD"},
	} {
		if got := th.Classify(tt.s); got != tt.want || got.Code() != tt.code {
			t.Errorf("Classify(%v) = %v (%s), want %v (%s)", tt.s, got, got.Code(), tt.want, tt.code)
		}
	}
	if PartiallyDerived.String() != "partially derived" || WhollyDerived.String() != "wholly derived" || Independent.String() != "independent" {
		t.Error("class names")
	}
}

func ExampleContainment() {
	var a, b Set
	a.Reset(AppendGrams(nil, normalize("The minister said the budget is final."), nil))
	b.Reset(AppendGrams(nil, normalize("The minister said the budget is final, and added that taxes on fuel and tobacco will rise next year."), nil))
	aInB, bInA := Containment(Shared(&a, &b, nil), a.Total(nil), b.Total(nil))
	th := Thresholds{Partial: 0.12, Whole: 0.45}
	fmt.Printf("short in long %.2f (%s), long in short %.2f (%s)\n", aInB, th.Classify(aInB), bInA, th.Classify(bInA))
	// Output:
	// short in long 1.00 (wholly derived), long in short 0.36 (partially derived)
}

func BenchmarkAppendGrams(b *testing.B) {
	txt := normalize(strings.Repeat("Ministrul a declarat că bugetul este final. ", 100))
	dst := AppendGrams(nil, txt, nil)
	b.SetBytes(int64(len(txt.Bytes)))
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendGrams(dst[:0], txt, nil)
	}
}

func BenchmarkSharedWeighed(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	c := NewFreqCounter(testKeys(1000), 0)
	var grams [][]Gram
	for d := 0; d < 1000; d++ {
		g := AppendGrams(nil, normalize(words(r, 400, 5000)), nil)
		grams = append(grams, g)
		c.Add(d, g)
	}
	f := c.Frequencies(10)
	var sa, sb Set
	sa.Reset(grams[0])
	sb.Reset(grams[1])
	b.ReportAllocs()
	for b.Loop() {
		_ = Shared(&sa, &sb, f)
	}
}

// testKeys returns the sample keys of documents named 0 to n-1.
func testKeys(n int) []uint64 {
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = SampleKey(fmt.Sprint(i))
	}
	return keys
}

// TestSample checks that the sample is the documents with the smallest
// keys, that it keeps them as others come and go, and that NewFrequencies
// scales counts to the corpus.
func TestSample(t *testing.T) {
	keys := testKeys(50)
	if SampleLimit(keys, 50) != math.MaxUint64 || SampleLimit(keys, 100) != math.MaxUint64 {
		t.Error("a corpus no larger than the sample is sampled whole")
	}
	limit := SampleLimit(keys, 10)
	in := 0
	for _, k := range keys {
		if k <= limit {
			in++
		}
	}
	if in != 10 {
		t.Errorf("%d documents at or below the limit, want 10", in)
	}
	// Documents added above the limit leave the sample as it was;
	// removing one outside it too.
	more := append(slices.Clone(keys), testKeys(200)[50:]...)
	if l := SampleLimit(more, 10); l > limit {
		t.Errorf("adding documents raised the limit from %x to %x", limit, l)
	}
	c := NewFreqCounter(keys, 10)
	sampled := 0
	for d := range keys {
		if c.Wants(d) {
			sampled++
			c.Add(d, []Gram{{Hash: 7}})
		}
	}
	// 10 of 50 documents sampled, each holding gram 7: 50 in all.
	f := c.Frequencies(3)
	if sampled != 10 || f.DF(7) != 50 {
		t.Errorf("%d sampled, DF = %d, want 10 and 50", sampled, f.DF(7))
	}
	g := NewFrequencies(50, 10, 3, func(yield func(uint64, int)) { yield(7, 10); yield(9, 1) })
	if g.DF(7) != 50 || g.DF(9) != 5 || g.DF(11) != 0 {
		t.Errorf("NewFrequencies: DF = %d, %d, %d, want 50, 5, 0", g.DF(7), g.DF(9), g.DF(11))
	}
}
