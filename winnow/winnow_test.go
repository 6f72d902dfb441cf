package winnow

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// refSelect is a brute-force reference for Select: robust winnowing as
// defined by Schleimer, Wilkerson and Aiken (SIGMOD 2003, section 5.2),
// with zero hashes masked. Every window of w consecutive hashes (the whole
// sequence if it is shorter) selects its minimum; on ties it keeps the
// position the previous window selected if that is still inside it and
// minimal, and otherwise takes the rightmost minimum. A window whose hashes
// are all zero selects nothing. Positions are recorded once.
func refSelect(h []uint64, w int) []Fingerprint {
	if w < 1 {
		w = 1
	}
	n := len(h)
	if n == 0 {
		return nil
	}
	var out []Fingerprint
	prev := -1
	for s := 0; s == 0 || s+w <= n; s++ {
		e := min(s+w, n)
		var lo uint64
		found := false
		for i := s; i < e; i++ {
			if h[i] != 0 && (!found || h[i] < lo) {
				lo, found = h[i], true
			}
		}
		if !found {
			prev = -1
			continue
		}
		if prev < s || h[prev] != lo {
			for i := e - 1; i >= s; i-- {
				if h[i] == lo {
					prev = i
					break
				}
			}
		}
		if len(out) == 0 || int(out[len(out)-1].Pos) != prev {
			out = append(out, Fingerprint{lo, int32(prev)})
		}
	}
	return out
}

func positions(fps []Fingerprint) []int {
	ps := make([]int, len(fps))
	for i, f := range fps {
		ps[i] = int(f.Pos)
	}
	return ps
}

// checkSelect checks the invariants of Select's output fps for hashes and
// window w, and that it equals the reference.
func checkSelect(t *testing.T, hashes []uint64, w int, fps []Fingerprint) {
	t.Helper()
	if want := refSelect(hashes, w); !slices.Equal(fps, want) {
		t.Fatalf("Select(%v, %d) = %v, reference %v", hashes, w, fps, want)
	}
	for i, f := range fps {
		if f.Pos < 0 || int(f.Pos) >= len(hashes) {
			t.Fatalf("fingerprint %d: position %d out of range [0, %d)", i, f.Pos, len(hashes))
		}
		if f.Hash == 0 {
			t.Fatalf("fingerprint %d: masked (zero) hash selected at %d", i, f.Pos)
		}
		if f.Hash != hashes[f.Pos] {
			t.Fatalf("fingerprint %d: hash %#x, hashes[%d] = %#x", i, f.Hash, f.Pos, hashes[f.Pos])
		}
		if i > 0 && f.Pos <= fps[i-1].Pos {
			t.Fatalf("positions not strictly increasing: %v", positions(fps))
		}
	}
	// The winnowing guarantee: every window holding a non-zero hash holds a
	// selected position with its minimum.
	ww := max(w, 1)
	for s := 0; s == 0 || s+ww <= len(hashes); s++ {
		e := min(s+ww, len(hashes))
		var lo uint64
		for _, h := range hashes[s:e] {
			if h != 0 && (lo == 0 || h < lo) {
				lo = h
			}
		}
		if lo == 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(fps, s, func(f Fingerprint, p int) int { return int(f.Pos) - p })
		ok := false
		for ; i < len(fps) && int(fps[i].Pos) < e; i++ {
			ok = ok || fps[i].Hash == lo
		}
		if !ok {
			t.Fatalf("window [%d, %d) with minimum %#x has no fingerprint of it: %v", s, e, lo, fps)
		}
	}
}

func TestSelect(t *testing.T) {
	for _, tc := range []struct {
		name   string
		hashes []uint64
		w      int
		want   []int // selected positions
	}{
		{"empty", nil, 4, nil},
		{"window 1 selects every position", []uint64{5, 3, 3, 9, 1}, 1, []int{0, 1, 2, 3, 4}},
		{"window 0 means 1", []uint64{5, 3, 9}, 0, []int{0, 1, 2}},
		{"window 1 skips zeros", []uint64{5, 0, 3, 0}, 1, []int{0, 2}},
		{"n < w yields the minimum", []uint64{7, 2, 9}, 5, []int{1}},
		{"n == w yields the minimum", []uint64{7, 2, 9, 4}, 4, []int{1}},
		{"n < w ties take the rightmost", []uint64{2, 7, 2, 9}, 8, []int{2}},
		{"single hash", []uint64{42}, 3, []int{0}},
		{"all zero", []uint64{0, 0, 0, 0, 0, 0}, 2, nil},
		{"all zero, n < w", []uint64{0, 0}, 4, nil},
		{"zeros are never selected", []uint64{0, 0, 9, 0, 0, 0, 0, 8}, 3, []int{2, 7}},
		{"zero is not the smallest", []uint64{4, 0, 6, 0, 5}, 2, []int{0, 2, 4}},
		{"max uint64 beats a zero", []uint64{1<<64 - 1, 0, 0}, 3, []int{0}},
		{"ties take the rightmost", []uint64{5, 1, 1, 5}, 4, []int{2}},
		{"ties take the rightmost when the minimum leaves", []uint64{3, 1, 4, 1, 5, 9, 2, 6}, 3, []int{1, 3, 6}},
		// Robust winnowing: a window keeps the previous window's choice
		// among equal minima, so a run of equal hashes is not selected
		// at every position.
		{"run of equal hashes", []uint64{7, 7, 7, 7, 7, 7, 7, 7, 7, 7}, 4, []int{3, 7}},
		{"periodic hashes", []uint64{1, 2, 1, 2, 1, 2, 1, 2, 1, 2}, 4, []int{2, 6}},
		{"new strict minimum replaces a tie", []uint64{2, 2, 2, 1, 2, 2}, 3, []int{2, 3}},
		{"paper example", []uint64{77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98}, 4, []int{3, 6, 8, 11, 15}},
		{"increasing", []uint64{1, 2, 3, 4, 5, 6}, 3, []int{0, 1, 2, 3}},
		{"decreasing", []uint64{6, 5, 4, 3, 2, 1}, 3, []int{2, 3, 4, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fps := Select(nil, tc.hashes, tc.w)
			if got := positions(fps); !slices.Equal(got, tc.want) {
				t.Errorf("Select(%v, %d) positions = %v, want %v", tc.hashes, tc.w, got, tc.want)
			}
			checkSelect(t, tc.hashes, tc.w, fps)
		})
	}
}

func TestSelectAppends(t *testing.T) {
	dst := []Fingerprint{{Hash: 1, Pos: 99}}
	got := Select(dst, []uint64{3, 2, 5}, 2)
	want := []Fingerprint{{1, 99}, {2, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("Select appended %v, want %v", got, want)
	}
}

// randomHashes returns n hashes drawn from alphabet values 1..alphabet (or
// the full 64-bit range if alphabet is 0), with probability zeros of being
// 0 (masked).
func randomHashes(r *rand.Rand, n, alphabet int, zeros float64) []uint64 {
	h := make([]uint64, n)
	for i := range h {
		switch {
		case r.Float64() < zeros:
		case alphabet == 0:
			h[i] = r.Uint64() | 1
		default:
			h[i] = uint64(1 + r.IntN(alphabet))
		}
	}
	return h
}

func TestSelectMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, alphabet := range []int{1, 2, 3, 8, 1000, 0} {
		for _, zeros := range []float64{0, 0.1, 0.6} {
			t.Run(fmt.Sprintf("alphabet=%d/zeros=%g", alphabet, zeros), func(t *testing.T) {
				for range 200 {
					h := randomHashes(r, r.IntN(80), alphabet, zeros)
					w := 1 + r.IntN(12)
					checkSelect(t, h, w, Select(nil, h, w))
				}
			})
		}
	}
}

// TestSelectSharedRun checks the winnowing guarantee across documents:
// two sequences that share a run of at least w identical hashes, whatever
// surrounds it, share a selected hash.
func TestSelectSharedRun(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, alphabet := range []int{3, 50, 0} {
		t.Run(fmt.Sprintf("alphabet=%d", alphabet), func(t *testing.T) {
			for range 300 {
				w := 1 + r.IntN(16)
				run := randomHashes(r, w+r.IntN(2*w), alphabet, 0.2)
				run[r.IntN(len(run))] = uint64(1 + r.IntN(max(alphabet, 1))) // not all zero
				a := slices.Concat(randomHashes(r, r.IntN(60), alphabet, 0.2), run, randomHashes(r, r.IntN(60), alphabet, 0.2))
				b := slices.Concat(randomHashes(r, r.IntN(60), alphabet, 0.2), run, randomHashes(r, r.IntN(60), alphabet, 0.2))
				fa, fb := Select(nil, a, w), Select(nil, b, w)
				set := make(map[uint64]bool)
				for _, f := range fa {
					set[f.Hash] = true
				}
				shared := false
				for _, f := range fb {
					shared = shared || set[f.Hash]
				}
				if !shared {
					t.Fatalf("w=%d: sequences sharing run %v share no fingerprint\na=%v\nb=%v", w, run, fa, fb)
				}
			}
		})
	}
}

// TestSelectDensity checks the density the package comment promises on
// random hashes, about 2/(w+1), and that robust winnowing keeps
// repetitive input near 1/w.
func TestSelectDensity(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const n = 20000
	for _, w := range []int{4, 16, 32} {
		t.Run("w="+strconv.Itoa(w), func(t *testing.T) {
			got := float64(len(Select(nil, randomHashes(r, n, 0, 0), w))) / n
			if want := 2 / float64(w+1); got < 0.8*want || got > 1.2*want {
				t.Errorf("random hashes: density %.4f, want about %.4f", got, want)
			}
			period := make([]uint64, n) // "ha ha ha ...": period 3
			for i := range period {
				period[i] = uint64(1 + i%3)
			}
			if got, max := len(Select(nil, period, w)), n/(w-2)+1; got > max {
				t.Errorf("period-3 hashes: %d fingerprints, want at most %d", got, max)
			}
		})
	}
}
