package lsh

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn/shingle"
)

// texts returns normalised texts to sign: the seed articles in both
// normalisation modes, and random texts of ASCII, Romanian, Cyrillic and
// CJK words.
func texts(tb testing.TB) []*shingle.Text {
	var out []*shingle.Text
	all := seedText(tb, 40000)
	for _, keep := range []bool{false, true} {
		nz := shingle.NewNormalizer(shingle.Options{KeepAccents: keep})
		for _, s := range []int{0, 10, 100, 1000, 5000, 20000} {
			t := new(shingle.Text)
			nz.Normalize(t, all[:s])
			out = append(out, t)
		}
	}
	rng := rand.New(rand.NewPCG(31, 32))
	words := []string{"the", "news", "ș", "știri", "țară", "новости", "москва", "新闻", "报道", "東京", "😀", "a"}
	nz := shingle.NewNormalizer(shingle.Options{})
	for range 20 {
		var b strings.Builder
		for range rng.IntN(300) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		t := new(shingle.Text)
		nz.Normalize(t, []byte(b.String()))
		out = append(out, t)
	}
	return out
}

// TestSignTextMatchesSign checks that the fused path gives the signature
// of the hashes shingle.AppendHashes computes, which churn verifies and
// aligns with.
func TestSignTextMatchesSign(t *testing.T) {
	for _, n := range []int{1, 7, 64, 100, DefaultNumHashes, 256} {
		s, _ := NewSigner(n, 5)
		a, b := make([]uint32, n), make([]uint32, n)
		for i, tx := range texts(t) {
			for _, k := range []int{1, 3, 5, shingle.DefaultK, 12} {
				for _, seed := range []uint64{0, 1, 1 << 63} {
					want := s.Sign(a, shingle.AppendHashes(nil, tx, k, seed))
					if got := s.SignText(b, tx, k, seed); !slices.Equal(got, want) {
						t.Fatalf("n=%d text %d k=%d seed %d: SignText differs from Sign of AppendHashes", n, i, k, seed)
					}
				}
			}
		}
	}
}

// TestSignTextEstimates checks the LSH property on real text: over many
// pairs of seed passages and edited copies of them, with exact Jaccard
// similarities (of the shingle sets) from 0 to 1, the estimate from
// SignText signatures must be unbiased and within 4 standard deviations of
// classic MinHash for nearly every pair. Unlike TestEstimateAccuracy,
// which signs random values, this goes through the shingle hashes, whose
// input (packed runes) is very structured.
func TestSignTextEstimates(t *testing.T) {
	const n = DefaultNumHashes
	rng := rand.New(rand.NewPCG(33, 34))
	all := string(seedText(t, 40000))
	words := strings.Fields(all)
	s, _ := NewSigner(n, 3)
	nz := shingle.NewNormalizer(shingle.Options{})
	var ta, tb shingle.Text
	sa, sb := make([]uint32, n), make([]uint32, n)
	pairs := 600
	if testing.Short() {
		pairs = 150
	}
	var sumErr, sumZ2 float64
	outside := 0
	for p := range pairs {
		// A passage of 20 to 400 words, and a copy with a share of its
		// words replaced by random ones.
		l := 20 + rng.IntN(380)
		i := rng.IntN(len(words) - l)
		a := words[i : i+l]
		b := slices.Clone(a)
		edit := rng.Float64()
		for j := range b {
			if rng.Float64() < edit*edit {
				b[j] = words[rng.IntN(len(words))]
			}
		}
		nz.Normalize(&ta, []byte(strings.Join(a, " ")))
		nz.Normalize(&tb, []byte(strings.Join(b, " ")))
		k := []int{5, shingle.DefaultK}[p%2]
		seed := uint64(p)
		ha := shingle.Set(shingle.AppendHashes(nil, &ta, k, seed))
		hb := shingle.Set(shingle.AppendHashes(nil, &tb, k, seed))
		inter := shingle.Intersection(ha, hb)
		j := float64(inter) / float64(len(ha)+len(hb)-inter)
		e := Estimate(s.SignText(sa, &ta, k, seed), s.SignText(sb, &tb, k, seed))
		sd := math.Sqrt(j * (1 - j) / n)
		sumErr += e - j
		if sd > 0 {
			sumZ2 += (e - j) * (e - j) / (sd * sd)
		}
		if math.Abs(e-j) > 4*sd+1e-9 {
			outside++
		}
	}
	bias := sumErr / float64(pairs)
	// The estimate's standard deviation is at most 0.5/sqrt(n) per pair.
	if se := 0.5 / math.Sqrt(n) / math.Sqrt(float64(pairs)); math.Abs(bias) > 4*se {
		t.Errorf("mean estimate - Jaccard = %.4f, more than 4 standard errors (%.4f)", bias, se)
	}
	if share := float64(outside) / float64(pairs); share > 0.01 {
		t.Errorf("%.1f%% of estimates outside J ± 4·sqrt(J(1-J)/n)", 100*share)
	}
	t.Logf("%d pairs: bias %.4f, mean squared z %.2f, %d outside 4 sd", pairs, bias, sumZ2/float64(pairs), outside)
}

func TestSignTextAllocs(t *testing.T) {
	s, _ := NewSigner(DefaultNumHashes, 3)
	dst := make([]uint32, s.Len())
	txs := texts(t)
	if n := testing.AllocsPerRun(20, func() {
		for _, tx := range txs {
			s.SignText(dst, tx, shingle.DefaultK, 1)
		}
	}); n != 0 {
		t.Errorf("SignText allocates %v times per run, want 0", n)
	}
}

// TestPipelineAllocs checks the per-document loop of signing, with reused
// buffers: normalise, then sign, and also hash, sign and count distinct
// shingles as churn does.
func TestPipelineAllocs(t *testing.T) {
	docs := corpus(t, 20)
	nz := shingle.NewNormalizer(shingle.Options{})
	s, _ := NewSigner(DefaultNumHashes, 3)
	var tx shingle.Text
	var hashes []uint64
	var counter shingle.Counter
	sig := make([]uint32, s.Len())
	all := func() {
		for _, d := range docs {
			nz.Normalize(&tx, d)
			s.SignText(sig, &tx, shingle.DefaultK, 0)
			hashes = shingle.AppendHashes(hashes[:0], &tx, shingle.DefaultK, 0)
			s.Sign(sig, hashes)
			counter.Distinct(hashes)
		}
	}
	all()
	if n := testing.AllocsPerRun(10, all); n != 0 {
		t.Errorf("%v allocations per run of %d documents after warm-up, want 0", n, len(docs))
	}
}

// corpus returns count documents of about 3 KB, cut from the seed articles
// at different places (at rune boundaries).
func corpus(tb testing.TB, count int) [][]byte {
	all := seedText(tb, 60000)
	docs := make([][]byte, count)
	for i := range docs {
		start := (i * 7919) % (len(all) - 4000)
		end := start + 3000
		for !utf8.RuneStart(all[start]) {
			start++
		}
		for !utf8.RuneStart(all[end]) {
			end++
		}
		docs[i] = all[start:end]
	}
	return docs
}

// BenchmarkSignCorpus normalises and signs (Signer.SignText) a corpus of
// 256 documents of 3 KB with procs goroutines, each with its own
// Normalizer, Signer and Text, taking documents from a shared counter:
// the speed-up of procs=2 over procs=1 is that of the signing stage on two
// cores. One op is the whole corpus; b.SetBytes is its size.
func BenchmarkSignCorpus(b *testing.B) {
	docs := corpus(b, 256)
	size := 0
	for _, d := range docs {
		size += len(d)
	}
	sigs := make([][]uint32, len(docs))
	for i := range sigs {
		sigs[i] = make([]uint32, DefaultNumHashes)
	}
	for _, procs := range []int{1, 2} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			type worker struct {
				nz *shingle.Normalizer
				s  *Signer
				tx shingle.Text
				_  [128]byte // no false sharing with the other worker
			}
			ws := make([]*worker, procs)
			for i := range ws {
				s, _ := NewSigner(DefaultNumHashes, 0)
				ws[i] = &worker{nz: shingle.NewNormalizer(shingle.Options{}), s: s}
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				var next atomic.Int64
				var wg sync.WaitGroup
				for _, w := range ws {
					wg.Go(func() {
						for {
							i := int(next.Add(1) - 1)
							if i >= len(docs) {
								return
							}
							w.nz.Normalize(&w.tx, docs[i])
							w.s.SignText(sigs[i], &w.tx, shingle.DefaultK, 0)
						}
					})
				}
				wg.Wait()
			}
		})
	}
}
