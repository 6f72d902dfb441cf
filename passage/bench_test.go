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

func BenchmarkAlign(b *testing.B) {
	docs := seedDocs(b)
	type pair struct {
		name string
		a, b *doc
	}
	pairs := []pair{
		{"seeds=001-003", docs["001"], docs["003"]},
		{"seeds=000-002", docs["000"], docs["002"]},
	}
	for _, size := range []int{10 << 10, 100 << 10} {
		x, y := synthetic(b, size, 5, uint64(size))
		pairs = append(pairs, pair{fmt.Sprintf("size=%dKB", size>>10), prepare(x), prepare(y)})
	}
	for _, p := range pairs {
		for _, sets := range []bool{false, true} {
			name := p.name
			sa, sb := p.a.side(), p.b.side()
			if sets {
				name += "/sets"
				sa, sb = p.a.sideWithSet(), p.b.sideWithSet()
			}
			b.Run(name, func(b *testing.B) {
				al := NewAligner(testK, Options{})
				dst := al.Align(nil, sa, sb)
				b.SetBytes(int64(len(p.a.src) + len(p.b.src)))
				b.ReportAllocs()
				for b.Loop() {
					dst = al.Align(dst[:0], sa, sb)
				}
			})
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
