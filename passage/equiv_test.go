package passage

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// equivCase is one input on which Align must return what the reference
// returns.
type equivCase struct {
	name string
	a, b Side
	opts Options
}

// checkEquiv checks that al and ref, which are reused from case to case,
// and a fresh Aligner all append to dst what ref appends. It reports
// whether they agree.
func checkEquiv(t *testing.T, al *Aligner, ref *refAligner, c equivCase) bool {
	t.Helper()
	pre := []Passage{{Matched: 0.25}}
	want := ref.Align(slices.Clone(pre), c.a, c.b)
	got := al.Align(slices.Clone(pre), c.a, c.b)
	if !slices.Equal(got, want) {
		t.Errorf("%s: Align returns\n%v\nthe reference\n%v", c.name, got[1:], want[1:])
		return false
	}
	if fresh := NewAligner(testK, c.opts).Align(nil, c.a, c.b); !slices.Equal(fresh, want[1:]) {
		t.Errorf("%s: a fresh Aligner returns\n%v\nthe reference\n%v", c.name, fresh, want[1:])
		return false
	}
	return true
}

// hashVariant is a way of altering a side's hashes to make the
// alignment harder: few distinct values, many zeros, small integers.
type hashVariant struct {
	name string
	f    func(hs []uint64, r *rand.Rand) []uint64
}

var hashVariants = []hashVariant{
	{"as is", func(hs []uint64, _ *rand.Rand) []uint64 { return hs }},
	{"masked runs", func(hs []uint64, r *rand.Rand) []uint64 {
		hs = slices.Clone(hs)
		for i := 0; i < len(hs); i += 1 + r.IntN(40) {
			n := r.IntN(30)
			clear(hs[i:min(i+n, len(hs))])
		}
		return hs
	}},
	// Hashes reduced to a few values, some of them zero: many repeats,
	// some above MaxRepeat, many seeds on many diagonals.
	{"mod 1", func(hs []uint64, _ *rand.Rand) []uint64 { return modHashes(hs, 1, 0) }},
	{"mod 2", func(hs []uint64, _ *rand.Rand) []uint64 { return modHashes(hs, 2, 0) }},
	{"mod 7", func(hs []uint64, _ *rand.Rand) []uint64 { return modHashes(hs, 7, 1) }},
	{"mod 50", func(hs []uint64, _ *rand.Rand) []uint64 { return modHashes(hs, 50, 0) }},
	{"mod 400", func(hs []uint64, _ *rand.Rand) []uint64 { return modHashes(hs, 400, 1) }},
	// Hashes alike in their low bits, or in their high bits.
	{"shifted up", func(hs []uint64, _ *rand.Rand) []uint64 {
		out := make([]uint64, len(hs))
		for i, h := range hs {
			out[i] = h % 1000 << 40
		}
		return out
	}},
	{"shifted down", func(hs []uint64, _ *rand.Rand) []uint64 {
		out := make([]uint64, len(hs))
		for i, h := range hs {
			out[i] = h >> 50
		}
		return out
	}},
	{"truncated", func(hs []uint64, r *rand.Rand) []uint64 { return hs[:r.IntN(len(hs)+1)] }},
}

// modHashes returns hs reduced modulo m, plus add; a zero hash stays zero.
func modHashes(hs []uint64, m, add uint64) []uint64 {
	out := make([]uint64, len(hs))
	for i, h := range hs {
		if h != 0 {
			out[i] = h%m + add
		}
	}
	return out
}

// setOf returns the distinct non-zero values of hs, sorted, as churn
// passes them, never nil.
func setOf(hs []uint64) []uint64 {
	s := make([]uint64, 0, len(hs))
	for _, h := range hs {
		if h != 0 {
			s = append(s, h)
		}
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// setVariant is a way of passing hash sets, including sets that do not
// hold what the documentation asks: the reference still gives a result
// for them, which Align must give too.
type setVariant struct {
	name string
	f    func(ha, hb []uint64, r *rand.Rand) (sa, sb []uint64)
}

var setVariants = []setVariant{
	{"no sets", func(_, _ []uint64, _ *rand.Rand) ([]uint64, []uint64) { return nil, nil }},
	{"sets", func(ha, hb []uint64, _ *rand.Rand) ([]uint64, []uint64) { return setOf(ha), setOf(hb) }},
	{"set on A only", func(ha, _ []uint64, _ *rand.Rand) ([]uint64, []uint64) { return setOf(ha), nil }},
	{"set on B only", func(_, hb []uint64, _ *rand.Rand) ([]uint64, []uint64) { return nil, setOf(hb) }},
	{"empty set on A", func(_, hb []uint64, _ *rand.Rand) ([]uint64, []uint64) { return []uint64{}, setOf(hb) }},
	{"subsets with zero", func(ha, hb []uint64, r *rand.Rand) ([]uint64, []uint64) {
		sub := func(s []uint64) []uint64 {
			s = slices.DeleteFunc(s, func(uint64) bool { return r.IntN(3) == 0 })
			return append([]uint64{0}, s...)
		}
		return sub(setOf(ha)), sub(setOf(hb))
	}},
	{"duplicates", func(ha, hb []uint64, _ *rand.Rand) ([]uint64, []uint64) {
		dup := func(s []uint64) []uint64 {
			var d []uint64
			for _, h := range s {
				d = append(d, h, h)
			}
			return d
		}
		return dup(setOf(ha)), setOf(hb)
	}},
	{"unsorted", func(ha, hb []uint64, r *rand.Rand) ([]uint64, []uint64) {
		sa, sb := setOf(ha), setOf(hb)
		r.Shuffle(len(sa), func(i, j int) { sa[i], sa[j] = sa[j], sa[i] })
		slices.Reverse(sb)
		return sa, sb
	}},
	{"hashes as sets", func(ha, hb []uint64, _ *rand.Rand) ([]uint64, []uint64) {
		return slices.Clone(ha), slices.Clone(hb)
	}},
}

var equivOptions = []Options{
	{},
	{MaxRepeat: 1},
	{MaxRepeat: 2, MinLen: 1},
	{MaxRepeat: 12, MaxGap: 200, MinMatched: 0.1},
	{MaxGap: 1, MinLen: 10, MinMatched: 1},
}

// equivDocs returns pairs of texts for the equivalence tests: the
// benchmarks' pairs, repetitive texts, a text against itself, and empty
// ones.
func equivDocs(tb testing.TB) []alignPair {
	docs := seedDocs(tb)
	pairs := alignPairs(tb)
	pairs = slices.DeleteFunc(pairs, func(p alignPair) bool { return p.name == "size=100KB" })
	sentence := "Il presidente russo avrebbe chiesto a Musk di non attivare il suo servizio internet satellitare Starlink su Taiwan. "
	r := rand.New(rand.NewPCG(3, 4))
	words := func(n int, vocab ...string) string {
		var sb strings.Builder
		for range n {
			sb.WriteString(vocab[r.IntN(len(vocab))])
			sb.WriteByte(' ')
		}
		return sb.String()
	}
	empty := prepareString("")
	pairs = append(pairs,
		alignPair{"003-003", docs["003"], docs["003"]},
		alignPair{"004-001", docs["004"], docs["001"]},
		alignPair{"repeated sentence", prepareString(strings.Repeat(sentence, 20)), prepareString(sentence + strings.Repeat("x", 30) + sentence)},
		alignPair{"repeated 8 and 9 times", prepareString(strings.Repeat(sentence, 8)), prepareString(strings.Repeat(sentence, 9))},
		alignPair{"la la", prepareString(strings.Repeat("la ", 200)), prepareString(strings.Repeat("la ", 50) + "li " + strings.Repeat("la ", 50))},
		alignPair{"small vocabulary", prepareString(words(400, "il", "la", "di", "che", "e", "non")), prepareString(words(300, "il", "la", "di", "che", "e", "un"))},
		alignPair{"two-word vocabulary", prepareString(words(600, "ab", "abc")), prepareString(words(600, "ab", "abc"))},
		alignPair{"empty-empty", empty, empty},
		alignPair{"empty-001", empty, docs["001"]},
		alignPair{"001-empty", docs["001"], empty},
		alignPair{"short", prepareString("Putin!"), prepareString("PUTIN! Putin!")},
	)
	return pairs
}

// TestAlignMatchesReference checks that Align returns exactly what the
// reference implementation (refAligner) returns, on realistic pairs and
// on pairs whose hashes or sets were altered to be adversarial, with
// several options, with reused Aligners and fresh ones.
func TestAlignMatchesReference(t *testing.T) {
	pairs := equivDocs(t)
	r := rand.New(rand.NewPCG(5, 6))
	cases, failed, combo := 0, 0, 0
	for _, opts := range equivOptions {
		al, ref := NewAligner(testK, opts), newRefAligner(testK, opts)
		for _, p := range pairs {
			for _, hv := range hashVariants {
				// The reference is slow on long texts whose hashes
				// take few values: keep those to the shorter pairs.
				long := len(p.a.hashes)+len(p.b.hashes) > 6000
				if (long || testing.Short()) && hv.name != "as is" && hv.name != "masked runs" {
					continue
				}
				for _, sv := range setVariants {
					for _, swap := range []bool{false, true} {
						// With altered hashes, a third of the
						// combinations of sets and order, in turn.
						if combo++; hv.name != "as is" && combo%3 != 0 {
							continue
						}
						x, y := p.a, p.b
						if swap {
							x, y = y, x
						}
						ha, hb := hv.f(x.hashes, r), hv.f(y.hashes, r)
						if hv.name == "truncated" && r.IntN(2) == 0 {
							hb = y.hashes
						}
						sa, sb := sv.f(ha, hb, r)
						c := equivCase{
							name: fmt.Sprintf("%s swap=%v/%s/%s/%+v", p.name, swap, hv.name, sv.name, opts),
							a:    Side{Text: &x.text, Hashes: ha, Set: sa},
							b:    Side{Text: &y.text, Hashes: hb, Set: sb},
							opts: opts,
						}
						cases++
						if !checkEquiv(t, al, ref, c) {
							if failed++; failed > 5 {
								t.Fatal("too many failures")
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d cases", cases)
}

// FuzzAlignReference checks that Align returns exactly what the reference
// implementation returns, on two texts sharing a chunk whose hashes are
// optionally reduced to few values (repeats beyond MaxRepeat, seeds on
// many diagonals) and partly zeroed, passed with or without sets, some of
// them not what the documentation asks.
func FuzzAlignReference(f *testing.F) {
	shared := "Il presidente russo avrebbe chiesto a Musk di non attivare il suo servizio internet satellitare Starlink su Taiwan."
	f.Add([]byte("Ieri, "), []byte("Oggi "), []byte(shared), uint16(6), uint16(0), uint8(0), uint8(0), uint8(0), uint8(0))
	f.Add([]byte("la la la la la la la la la la la la"), []byte("la la la"), []byte("la la la la la"), uint16(0), uint16(0), uint8(3), uint8(0), uint8(1), uint8(2))
	f.Add([]byte("abc abc abc"), []byte("abc"), []byte(shared+" "+shared), uint16(1), uint16(2), uint8(9), uint8(5), uint8(2), uint8(1))
	f.Add([]byte(""), []byte(shared), []byte(""), uint16(0), uint16(0), uint8(0), uint8(0), uint8(3), uint8(4))
	f.Add([]byte(strings.Repeat(shared, 10)), []byte(shared), []byte(shared), uint16(50), uint16(7), uint8(0), uint8(3), uint8(4), uint8(3))
	f.Fuzz(func(t *testing.T, a, b, chunk []byte, pa, pb uint16, mod, mask, sets, opt uint8) {
		if len(a)+len(b)+2*len(chunk) > 6000 {
			return
		}
		insert := func(s []byte, at uint16) []byte {
			i := int(at) % (len(s) + 1)
			return slices.Concat(s[:i], chunk, s[i:])
		}
		da, db := prepare(insert(a, pa)), prepare(insert(b, pb))
		alter := func(hs []uint64) []uint64 {
			if mod != 0 {
				hs = modHashes(hs, uint64(mod), uint64(mod&1))
			} else {
				hs = slices.Clone(hs)
			}
			if mask != 0 {
				for i := range hs {
					if (i/3)%int(mask) == 0 && mask&1 == 1 || i%int(mask) == 1 {
						hs[i] = 0
					}
				}
			}
			return hs
		}
		ha, hb := alter(da.hashes), alter(db.hashes)
		var sa, sb []uint64
		switch sets % 5 {
		case 1:
			sa, sb = setOf(ha), setOf(hb)
		case 2:
			sa = setOf(ha)
		case 3: // unsorted, with a zero, and part of the other side's
			sa, sb = append(setOf(ha), 0), setOf(hb)
			sa = append(sa, sb[:len(sb)/2]...)
			slices.Reverse(sb[len(sb)/3:])
		case 4:
			sa, sb = slices.Clone(ha), []uint64{}
			if len(hb) > 0 {
				sb = hb[:1]
			}
		}
		opts := equivOptions[int(opt)%len(equivOptions)]
		opts.MinLen = int(opt / 8 % 64)
		c := equivCase{
			name: "fuzz",
			a:    Side{Text: &da.text, Hashes: ha, Set: sa},
			b:    Side{Text: &db.text, Hashes: hb, Set: sb},
			opts: opts,
		}
		checkEquiv(t, NewAligner(testK, opts), newRefAligner(testK, opts), c)
	})
}
