package lsh

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// mix64 is the SplitMix64 finaliser, to turn PCG output into hash-like
// values independent of the generator's structure.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// randomHashes returns n random, well mixed 64-bit values.
func randomHashes(rng *rand.Rand, n int) []uint64 {
	h := make([]uint64, n)
	for i := range h {
		h[i] = mix64(rng.Uint64())
	}
	return h
}

// exactJaccard returns the Jaccard similarity of two sets of distinct
// values.
func exactJaccard(a, b []uint64) float64 {
	in := make(map[uint64]bool, len(a))
	for _, v := range a {
		in[v] = true
	}
	inter := 0
	for _, v := range b {
		if in[v] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// makePair returns two random sets, of sizes na and nb, sharing shared
// values. The values of each set are shuffled together.
func makePair(rng *rand.Rand, na, nb, shared int) (a, b []uint64) {
	common := randomHashes(rng, shared)
	a = append(slices.Clone(common), randomHashes(rng, na-shared)...)
	b = append(slices.Clone(common), randomHashes(rng, nb-shared)...)
	rng.Shuffle(len(a), func(i, j int) { a[i], a[j] = a[j], a[i] })
	rng.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
	return a, b
}

// sharedFor returns how many of two sets of size n each must share for a
// Jaccard similarity near j: j = c / (2n - c).
func sharedFor(n int, j float64) int {
	return int(math.Round(2 * float64(n) * j / (1 + j)))
}

// signFunc signs a set of hashes into dst, like Signer.Sign.
type signFunc func(dst []uint32, hashes []uint64) []uint32

// estimateConfig is one population of pairs for checkEstimates.
type estimateConfig struct {
	na, nb, shared int
	pairs          int
}

// checkEstimates signs cfg.pairs random pairs with sign (signatures of n
// values) and returns the problems found, if any, with the mean estimate
// and the share of outliers:
//
//   - the mean estimate must be within 4 standard errors of the exact
//     Jaccard similarity J (an unbiased estimator); the standard error is
//     the larger of the binomial one, sqrt(J(1-J)/n)/sqrt(pairs), and the
//     one measured from the estimates;
//   - at most 1% of the estimates (3% for unions of fewer than 20 values)
//     may fall outside J ± 4·sqrt(J(1-J)/n), the spread of classic
//     MinHash with n independent hash functions.
func checkEstimates(sign signFunc, n int, seed uint64, cfg estimateConfig) (problems []string, mean, outside float64) {
	rng := rand.New(rand.NewPCG(seed, uint64(cfg.na)<<32|uint64(cfg.nb)<<16|uint64(cfg.shared)))
	sa, sb := make([]uint32, n), make([]uint32, n)
	j := float64(cfg.shared) / float64(cfg.na+cfg.nb-cfg.shared)
	sd := math.Sqrt(j * (1 - j) / float64(n))
	var sum, sum2 float64
	out := 0
	for range cfg.pairs {
		a, b := makePair(rng, cfg.na, cfg.nb, cfg.shared)
		e := Estimate(sign(sa, a), sign(sb, b))
		sum += e
		sum2 += e * e
		if math.Abs(e-j) > 4*sd+1e-9 {
			out++
		}
	}
	p := float64(cfg.pairs)
	mean = sum / p
	empSD := math.Sqrt(max(0, sum2/p-mean*mean) * p / (p - 1))
	se := max(sd, empSD) / math.Sqrt(p)
	outside = float64(out) / p
	if math.Abs(mean-j) > 4*se+1e-9 {
		problems = append(problems, fmt.Sprintf("mean estimate %.4f, exact J %.4f: off by %.1f standard errors (%.4f)", mean, j, math.Abs(mean-j)/se, se))
	}
	// One-permutation hashing of a handful of values has outliers of its
	// own: a shared value that lands in the bin of a smaller unshared one
	// is lost to every position that copies that bin. With a union of u
	// values in n bins that happens to about u/n/2 of the pairs.
	maxOutside := 0.01
	if u := cfg.na + cfg.nb - cfg.shared; u < 20 {
		maxOutside = 0.03
	}
	if outside > maxOutside {
		problems = append(problems, fmt.Sprintf("%.1f%% of estimates outside J ± 4·sqrt(J(1-J)/n) = %.4f ± %.4f", 100*outside, j, 4*sd))
	}
	return problems, mean, outside
}

// estimateConfigs are the populations of TestEstimateAccuracy: for each
// size, pairs at several Jaccard similarities. Sets of 1 to 20 values leave
// most of 128 bins empty, so they exercise densification.
func estimateConfigs() map[string]estimateConfig {
	cfgs := make(map[string]estimateConfig)
	for _, size := range []struct {
		n, pairs int
	}{{3, 400}, {8, 600}, {20, 1000}, {100, 500}, {300, 300}, {5000, 60}} {
		for _, j := range []float64{0.05, 0.2, 0.5, 0.8, 0.95} {
			c := sharedFor(size.n, j)
			name := fmt.Sprintf("size=%d/J=%.2f", size.n, j)
			cfgs[name] = estimateConfig{na: size.n, nb: size.n, shared: c, pairs: size.pairs}
		}
	}
	// Sets of different sizes: one has many more empty bins than the
	// other.
	cfgs["size=2+20"] = estimateConfig{na: 2, nb: 20, shared: 2, pairs: 1000}
	cfgs["size=10+40"] = estimateConfig{na: 10, nb: 40, shared: 8, pairs: 1000}
	cfgs["size=50+500"] = estimateConfig{na: 50, nb: 500, shared: 40, pairs: 300}
	cfgs["size=1+1"] = estimateConfig{na: 1, nb: 1, shared: 0, pairs: 200}
	return cfgs
}

func TestEstimateAccuracy(t *testing.T) {
	const n = DefaultNumHashes
	cfgs := estimateConfigs()
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range cfgs {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, err := NewSigner(n, 7)
			if err != nil {
				t.Fatal(err)
			}
			problems, mean, outside := checkEstimates(s.Sign, n, 1, cfgs[name])
			for _, p := range problems {
				t.Error(p)
			}
			t.Logf("mean %.4f, %.2f%% outside", mean, 100*outside)
		})
	}
}

// TestEstimateExact checks the cases where the estimate is exact:
// identical sets agree everywhere, disjoint sets nowhere.
func TestEstimateExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	s, _ := NewSigner(DefaultNumHashes, 0)
	sa, sb := make([]uint32, s.Len()), make([]uint32, s.Len())
	for _, size := range []int{1, 2, 5, 20, 127, 128, 129, 1000, 5000} {
		for range 20 {
			a, b := makePair(rng, size, size, size)
			if e := Estimate(s.Sign(sa, a), s.Sign(sb, b)); e != 1 {
				t.Errorf("size %d: identical sets (shuffled) estimate %v, want 1", size, e)
			}
			a, b = makePair(rng, size, size, 0)
			if e := Estimate(s.Sign(sa, a), s.Sign(sb, b)); e != 0 {
				t.Errorf("size %d: disjoint sets estimate %v, want 0", size, e)
			}
		}
	}
}

// TestEstimateCheckerFails shows that checkEstimates catches broken
// signers: without it TestEstimateAccuracy could pass whatever Sign did.
func TestEstimateCheckerFails(t *testing.T) {
	const n = DefaultNumHashes
	good, _ := NewSigner(n, 7)
	broken := []struct {
		name string
		sign signFunc
		cfgs []string
	}{
		// Empty bins probe bins chosen with the data (here the set's
		// smallest value) instead of the seed alone: two sets probe
		// different bins, and agree less often than they should.
		{"data-dependent probes", func(dst []uint32, h []uint64) []uint32 {
			return signDensify(dst, h, func(sig []uint64, full []bool, i int) {
				key := slices.Min(h)
				for attempt := uint64(1); ; attempt++ {
					j, _ := bits.Mul64(probe(key, uint64(i), attempt), uint64(len(sig)))
					if full[j] {
						sig[i] = sig[j]
						return
					}
				}
			})
		}, []string{"size=8/J=0.50", "size=20/J=0.50", "size=20/J=0.80", "size=100/J=0.50"}},
		// Empty bins copy the nearest non-empty bin to their right
		// (Shrivastava and Li 2014): unbiased, but runs of empty bins
		// copy one value, so estimates of small sets spread too far.
		{"rotation", func(dst []uint32, h []uint64) []uint32 {
			return signDensify(dst, h, func(sig []uint64, full []bool, i int) {
				for j := (i + 1) % len(sig); ; j = (j + 1) % len(sig) {
					if full[j] {
						sig[i] = sig[j]
						return
					}
				}
			})
		}, []string{"size=8/J=0.50", "size=20/J=0.50"}},
		// No densification: empty bins agree with each other.
		{"no densification", func(dst []uint32, h []uint64) []uint32 {
			return signDensify(dst, h, func([]uint64, []bool, int) {})
		}, []string{"size=20/J=0.20", "size=100/J=0.50"}},
		// A control: MinHash of the complemented values (which keeps
		// each bin's maximum) is as good as the real thing, and must pass.
		{"control: maximum instead of minimum", func(dst []uint32, h []uint64) []uint32 {
			neg := make([]uint64, len(h))
			for i, v := range h {
				neg[i] = ^v
			}
			good.Sign(dst, neg)
			for i := range dst {
				if dst[i] != empty32 {
					dst[i] = ^dst[i]
				}
			}
			return dst
		}, nil}, // a correct variant: must pass
	}
	cfgs := estimateConfigs()
	for _, b := range broken {
		t.Run(b.name, func(t *testing.T) {
			if b.cfgs == nil {
				for _, name := range []string{"size=8/J=0.50", "size=100/J=0.20", "size=5000/J=0.80"} {
					if problems, _, _ := checkEstimates(b.sign, n, 1, cfgs[name]); len(problems) > 0 {
						t.Errorf("%s: correct variant flagged: %s", name, strings.Join(problems, "; "))
					}
				}
				return
			}
			for _, name := range b.cfgs {
				problems, mean, outside := checkEstimates(b.sign, n, 1, cfgs[name])
				t.Logf("%s: mean %.4f, %.2f%% outside: %s", name, mean, 100*outside, strings.Join(problems, "; "))
				if len(problems) == 0 {
					t.Errorf("%s: broken signer passed (mean %.4f, %.2f%% outside)", name, mean, 100*outside)
				}
			}
		})
	}
}

// signDensify is Sign with densification replaced by fill, which must
// fill empty bin i of sig from the bins marked full.
func signDensify(dst []uint32, hashes []uint64, fill func(sig []uint64, full []bool, i int)) []uint32 {
	return low32(dst, signDensify64(make([]uint64, len(dst)), hashes, fill))
}

// signDensify64 is signDensify before the values are cut to 32 bits.
func signDensify64(dst, hashes []uint64, fill func(sig []uint64, full []bool, i int)) []uint64 {
	for i := range dst {
		dst[i] = empty
	}
	n := uint64(len(dst))
	for _, h := range hashes {
		bin, _ := bits.Mul64(h, n)
		dst[bin] = min(dst[bin], h)
	}
	full := make([]bool, len(dst))
	any := false
	for i, v := range dst {
		full[i] = v != empty
		any = any || full[i]
	}
	if !any {
		return dst
	}
	for i := range dst {
		if !full[i] {
			fill(dst, full, i)
		}
	}
	return dst
}

func TestNewSigner(t *testing.T) {
	for _, n := range []int{0, -1, math.MinInt} {
		if s, err := NewSigner(n, 0); err == nil || s != nil {
			t.Errorf("NewSigner(%d) = %v, %v, want an error", n, s, err)
		}
	}
	for _, n := range []int{1, 2, 63, 64, 65, 128, 1000} {
		s, err := NewSigner(n, 0)
		if err != nil {
			t.Fatalf("NewSigner(%d): %v", n, err)
		}
		if s.Len() != n {
			t.Errorf("NewSigner(%d).Len() = %d", n, s.Len())
		}
	}
}

func TestSign(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 63, 64, 65, 100, 128, 256} {
		for _, size := range []int{1, 2, 3, 10, 64, 128, 1000} {
			t.Run(fmt.Sprintf("n=%d/size=%d", n, size), func(t *testing.T) {
				s, _ := NewSigner(n, 11)
				h := randomHashes(rng, size)
				sig := s.Sign(make([]uint32, n), h)
				if len(sig) != n {
					t.Fatalf("len(sig) = %d, want %d", len(sig), n)
				}
				if Empty(sig) {
					t.Fatal("signature of a non-empty set is Empty")
				}
				// The 32-bit values are the low halves of the 64-bit
				// minima.
				sig64 := slices.Clone(s.sign64(h))
				for i := range sig {
					if sig[i] != uint32(sig64[i]) {
						t.Fatalf("sig[%d] = %x, want the low half of %x", i, sig[i], sig64[i])
					}
				}
				in := make(map[uint64]bool)
				for _, v := range h {
					in[v] = true
				}
				// Every 64-bit minimum is one of the set's values, and
				// every bin some value reached holds the smallest of them.
				mins := make([]uint64, n)
				for i := range mins {
					mins[i] = empty
				}
				for _, v := range h {
					b, _ := bits.Mul64(v, uint64(n))
					mins[b] = min(mins[b], v)
				}
				for i, v := range sig64 {
					if !in[v] {
						t.Fatalf("sig64[%d] = %x is not in the set", i, v)
					}
					if mins[i] != empty && v != mins[i] {
						t.Fatalf("sig64[%d] = %x, want the bin's minimum %x", i, v, mins[i])
					}
				}
				if size == 1 {
					for i, v := range sig {
						if v != uint32(h[0]) {
							t.Fatalf("one-value set: sig[%d] = %x, want %x", i, v, uint32(h[0]))
						}
					}
				}

				// Deterministic, across calls and Signers.
				s2, _ := NewSigner(n, 11)
				if again := s2.Sign(make([]uint32, n), h); !slices.Equal(again, sig) {
					t.Error("another Signer with the same seed gives another signature")
				}
				if again := s.Sign(make([]uint32, n), h); !slices.Equal(again, sig) {
					t.Error("the same Signer gives another signature the second time")
				}
				// Order and duplicates do not matter.
				shuffled := append(slices.Clone(h), h...)
				shuffled = append(shuffled, h[:len(h)/2]...)
				rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
				if again := s.Sign(make([]uint32, n), shuffled); !slices.Equal(again, sig) {
					t.Error("shuffled, duplicated input gives another signature")
				}
				// A reused dst holding another signature gives the same.
				dst := s.Sign(make([]uint32, n), randomHashes(rng, 3*n))
				if again := s.Sign(dst, h); !slices.Equal(again, sig) {
					t.Error("reused dst gives another signature")
				}
			})
		}
	}
}

func TestSignEmpty(t *testing.T) {
	s, _ := NewSigner(DefaultNumHashes, 0)
	other := s.Sign(make([]uint32, s.Len()), []uint64{1, 2, 3})
	for _, in := range [][]uint64{nil, {}, {math.MaxUint64}, {math.MaxUint64, math.MaxUint64}, {0}, {0, 0, math.MaxUint64}} {
		dst := make([]uint32, s.Len())
		for i := range dst {
			dst[i] = uint32(i) // stale contents
		}
		sig := s.Sign(dst, in)
		if !Empty(sig) {
			t.Errorf("Sign(%v) is not Empty: %v", in, sig[:4])
		}
		for i, v := range sig {
			if v != math.MaxUint32 {
				t.Fatalf("Sign(%v)[%d] = %x, want MaxUint32", in, i, v)
			}
		}
		if e := Estimate(sig, sig); e != 0 {
			t.Errorf("Estimate(empty, empty) = %v, want 0", e)
		}
		if e := Estimate(sig, other); e != 0 {
			t.Errorf("Estimate(empty, other) = %v, want 0", e)
		}
	}
	// MaxUint64 and zero (a masked shingle) are absent next to other
	// values too.
	b := s.Sign(make([]uint32, s.Len()), []uint64{5, 1 << 63})
	for _, in := range [][]uint64{{5, 1 << 63, math.MaxUint64}, {0, 5, 0, 1 << 63}} {
		if a := s.Sign(make([]uint32, s.Len()), in); !slices.Equal(a, b) {
			t.Errorf("Sign(%v) differs from Sign([5 1<<63])", in)
		}
	}
	// A non-empty set whose values end in 32 one bits signs as an empty
	// one, as the package comment says; one more value makes it non-empty.
	if sig := s.Sign(make([]uint32, s.Len()), []uint64{0xabcd_ffff_ffff}); !Empty(sig) {
		t.Error("a set of one value ending in 32 one bits is not Empty")
	}
	if sig := s.Sign(make([]uint32, s.Len()), []uint64{0xabcd_ffff_ffff, 7}); Empty(sig) {
		t.Error("a set of two values is Empty")
	}
}

func TestSignSeed(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	h := randomHashes(rng, 10) // 10 values: most of 128 bins are densified
	s1, _ := NewSigner(128, 1)
	s2, _ := NewSigner(128, 2)
	a, b := s1.Sign(make([]uint32, 128), h), s2.Sign(make([]uint32, 128), h)
	if slices.Equal(a, b) {
		t.Error("seeds 1 and 2 densify the same way")
	}
	// Full signatures do not depend on the seed.
	h = randomHashes(rng, 10000)
	a, b = s1.Sign(make([]uint32, 128), h), s2.Sign(make([]uint32, 128), h)
	if !slices.Equal(a, b) {
		t.Error("signatures without empty bins depend on the seed")
	}
}

func TestEstimate(t *testing.T) {
	e := func(s ...uint32) []uint32 { return s }
	m := uint32(math.MaxUint32)
	tests := []struct {
		name string
		a, b []uint32
		want float64
	}{
		{"nil", nil, nil, 0},
		{"different lengths", e(1, 2), e(1, 2, 3), 0},
		{"identical", e(1, 2, 3, 4), e(1, 2, 3, 4), 1},
		{"half", e(1, 2, 3, 4), e(1, 9, 3, 9), 0.5},
		{"none", e(1, 2), e(3, 4), 0},
		{"one empty", e(m, m), e(1, 2), 0},
		{"both empty", e(m, m), e(m, m), 0},
		{"one position empty-valued", e(m, 2), e(m, 2), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Estimate(tt.a, tt.b); got != tt.want {
				t.Errorf("Estimate(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestSignAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	s, _ := NewSigner(DefaultNumHashes, 3)
	dst := make([]uint32, s.Len())
	sets := [][]uint64{nil, randomHashes(rng, 1), randomHashes(rng, 20), randomHashes(rng, 5000)}
	if n := testing.AllocsPerRun(100, func() {
		for _, h := range sets {
			s.Sign(dst, h)
		}
	}); n != 0 {
		t.Errorf("Sign allocates %v times per run, want 0", n)
	}
}
