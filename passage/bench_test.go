package passage

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// synthetic returns two texts of about size bytes each made of the seeds'
// words in random order (so that they share common words and short
// phrases, as two articles in one language do), sharing n planted
// passages of about 300 bytes at different places.
func synthetic(tb testing.TB, size, n int, seed uint64) (a, b []byte) {
	var words []string
	for _, d := range seedDocs(tb) {
		words = append(words, strings.Fields(string(d.src))...)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	prose := func(size int) string {
		var sb strings.Builder
		for i := 0; sb.Len() < size; i++ {
			sb.WriteString(words[r.IntN(len(words))])
			if i%15 == 14 {
				sb.WriteString(".\n")
			} else {
				sb.WriteByte(' ')
			}
		}
		return sb.String()
	}
	passages := make([]string, n)
	for i := range passages {
		passages[i] = prose(300)
	}
	build := func() []byte {
		var sb strings.Builder
		chunk := size / (n + 1)
		for i := range n + 1 {
			sb.WriteString(prose(chunk - 300))
			if i < n {
				sb.WriteString(passages[i])
			}
		}
		return []byte(sb.String())
	}
	return build(), build()
}

// lightEdit returns src with light edits, as an outlet makes to a wire
// story it republishes: about one word in 30 replaced by another word of
// the text, one in 60 dropped and one in 60 followed by an inserted word.
func lightEdit(src string, seed uint64) string {
	words := strings.Fields(src)
	r := rand.New(rand.NewPCG(seed, 2))
	var sb strings.Builder
	for i, w := range words {
		switch x := r.IntN(60); {
		case x < 2:
			w = words[r.IntN(len(words))]
		case x == 2:
			continue
		case x == 3:
			w += " " + words[r.IntN(len(words))]
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(w)
	}
	return sb.String()
}

// cutAt returns about n bytes of s from the first occurrence of from, cut
// at a word boundary.
func cutAt(tb testing.TB, s, from string, n int) string {
	i := strings.Index(s, from)
	if i < 0 {
		tb.Fatalf("%q not found", from)
	}
	p := s[i:]
	j := strings.LastIndexByte(p[:n], ' ')
	return p[:j]
}

// alignPair is a pair of texts the benchmarks align.
type alignPair struct {
	name string
	a, b *doc
}

// alignPairs returns the benchmarks' pairs: the seeds' pairs, synthetic
// texts sharing planted passages, and the pairs churn's verification
// step sees most: a 3 KB article and a lightly edited copy (edit), a
// 3 KB article and an unrelated article of the same language sharing one
// 400-byte paragraph (paragraph), and a 20 KB page sharing a 300-byte
// passage with a 3 KB article (page).
func alignPairs(tb testing.TB) []alignPair {
	docs := seedDocs(tb)
	s000 := string(docs["000"].src)
	paragraph := cutAt(tb, s000, "Il portavoce del Cremlino", 400)
	withParagraph, _, _ := plant(tb, string(docs["002"].src), paragraph)
	page, _, _ := plant(tb, host(tb, docs), cutAt(tb, s000, "Musk ha dato all’Ucraina", 300))
	pairs := []alignPair{
		{"edit", docs["000"], prepareString(lightEdit(s000, 1))},
		{"paragraph", docs["000"], prepareString(withParagraph)},
		{"page", prepareString(page), docs["000"]},
		{"seeds=001-003", docs["001"], docs["003"]},
		{"seeds=000-002", docs["000"], docs["002"]},
	}
	for _, size := range []int{10 << 10, 100 << 10} {
		x, y := synthetic(tb, size, 5, uint64(size))
		pairs = append(pairs, alignPair{fmt.Sprintf("size=%dKB", size>>10), prepare(x), prepare(y)})
	}
	return pairs
}

// BenchmarkAlign aligns the pairs of alignPairs, with and without hash
// sets (churn passes them), with Align (impl=new) and with the reference
// implementation it replaced (impl=ref).
func BenchmarkAlign(b *testing.B) {
	for _, p := range alignPairs(b) {
		for _, sets := range []bool{false, true} {
			name := p.name
			sa, sb := p.a.side(), p.b.side()
			if sets {
				name += "/sets"
				sa, sb = p.a.sideWithSet(), p.b.sideWithSet()
			}
			for _, impl := range []string{"ref", "new"} {
				align := NewAligner(testK, Options{}).Align
				if impl == "ref" {
					align = newRefAligner(testK, Options{}).Align
				}
				b.Run(name+"/impl="+impl, func(b *testing.B) {
					dst := align(nil, sa, sb)
					b.SetBytes(int64(len(p.a.src) + len(p.b.src)))
					b.ReportAllocs()
					for b.Loop() {
						dst = align(dst[:0], sa, sb)
					}
				})
			}
		}
	}
}

// TestSynthetic checks that the benchmark's planted passages are found.
func TestSynthetic(t *testing.T) {
	x, y := synthetic(t, 10<<10, 5, 10<<10)
	a, b := prepare(x), prepare(y)
	ps := NewAligner(testK, Options{}).Align(nil, a.side(), b.side())
	checkPassages(t, a, b, ps, Options{}, true)
	long := 0
	for _, p := range ps {
		if p.NormA.Len() >= 250 {
			long++
		}
	}
	if long != 5 {
		t.Errorf("found %d passages of 250 characters or more (of %d), want the 5 planted", long, len(ps))
	}
}
