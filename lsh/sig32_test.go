package lsh

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn/seeds"
	"github.com/churnalism/churn/shingle"
)

// realTexts returns real text to sign: the seed articles, the files of
// corpus/testdata (decompressed, read as bytes whatever their format:
// their words are what matters here) and 300 overlapping windows of 200
// to 6,000 bytes of the seeds, which make pairs at every similarity.
func realTexts(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	ents, err := fs.ReadDir(seeds.FS, ".")
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".txt") {
			b, err := fs.ReadFile(seeds.FS, e.Name())
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
	}
	err = filepath.WalkDir("../corpus/testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "fuzz" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil // a deliberately corrupt file
			}
			b, _ = io.ReadAll(zr) // truncated ones keep what they hold
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	all := seedText(tb, 60000)
	rng := rand.New(rand.NewPCG(32, 32))
	for range 300 {
		l := 200 + rng.IntN(5800)
		s := rng.IntN(len(all) - l)
		e := s + l
		for !utf8.RuneStart(all[s]) {
			s++
		}
		for e < len(all) && !utf8.RuneStart(all[e]) {
			e++
		}
		out = append(out, all[s:e])
	}
	return out
}

// signReal returns the 64-bit minima and the signatures of realTexts.
func signReal(tb testing.TB) (s64 [][]uint64, s32 [][]uint32) {
	s, _ := NewSigner(DefaultNumHashes, 0)
	nz := shingle.NewNormalizer(shingle.Options{})
	var t shingle.Text
	for _, b := range realTexts(tb) {
		nz.Normalize(&t, b)
		h := shingle.AppendHashes(nil, &t, shingle.DefaultK, 0)
		if len(h) == 0 {
			continue
		}
		s64 = append(s64, slices.Clone(s.sign64(h)))
		s32 = append(s32, s.Sign(make([]uint32, s.Len()), h))
	}
	return s64, s32
}

// TestSignature32 checks what the package comment says of 32-bit values
// on real text: over every pair of documents and every position, equal
// 32-bit values come from equal 64-bit minima (the expected number of
// exceptions is the number of positions with different minima times
// 2^-32, far below one), so the estimates of the 32-bit signatures equal
// those of the 64-bit minima. As a control, the same count on the low 8
// and 16 bits finds about 2^-8 and 2^-16 of the positions (within a
// factor of two): the count sees collisions at the rate the package
// comment predicts when they are frequent enough to see.
func TestSignature32(t *testing.T) {
	s64, s32 := signReal(t)
	if len(s64) < 300 {
		t.Fatalf("only %d texts", len(s64))
	}
	differ, collide, collide8, collide16 := 0, 0, 0, 0
	maxDiff := 0.0
	for i := range s64 {
		for j := i + 1; j < len(s64); j++ {
			eq64 := 0
			for p := range s64[i] {
				a, b := s64[i][p], s64[j][p]
				if a == b {
					eq64++
					continue
				}
				differ++
				if uint32(a) == uint32(b) {
					collide++
				}
				if uint8(a) == uint8(b) {
					collide8++
				}
				if uint16(a) == uint16(b) {
					collide16++
				}
			}
			e64 := float64(eq64) / DefaultNumHashes
			if Empty(s32[i]) || Empty(s32[j]) {
				e64 = 0
			}
			maxDiff = max(maxDiff, math.Abs(Estimate(s32[i], s32[j])-e64))
		}
	}
	t.Logf("%d texts, %d positions with different 64-bit minima: %d collide in the low 32 bits (expected %.2g), %d in the low 16 (expected %.0f), %d in the low 8 (expected %.0f)",
		len(s64), differ, collide, float64(differ)/(1<<32), collide16, float64(differ)/(1<<16), collide8, float64(differ)/(1<<8))
	if collide > 0 {
		t.Errorf("%d positions with different 64-bit minima have equal 32-bit values", collide)
	}
	if maxDiff != 0 {
		t.Errorf("32-bit estimates differ from 64-bit ones by up to %v", maxDiff)
	}
	for _, c := range []struct{ bits, got int }{{8, collide8}, {16, collide16}} {
		want := float64(differ) / math.Exp2(float64(c.bits))
		if r := float64(c.got) / want; r < 0.5 || r > 2 {
			t.Errorf("control: %d collisions in the low %d bits, expected about %.0f", c.got, c.bits, want)
		}
	}
}

// TestLowBitsUniform checks the reason for keeping the low halves: over
// the distinct minima of real texts, each of the 32 low bits is set about
// half the time (within 5 standard deviations), while some of the high
// bits below the bin number are nearly always zero.
func TestLowBitsUniform(t *testing.T) {
	s64, _ := signReal(t)
	var vals []uint64
	for _, s := range s64 {
		vals = append(vals, s...)
	}
	slices.Sort(vals)
	vals = slices.Compact(vals) // densified copies and shared shingles once
	n := float64(len(vals))
	sd := math.Sqrt(n / 4)
	worstLow, worstHigh := 0.0, 0.0
	for bit := range 64 {
		ones := 0
		for _, v := range vals {
			ones += int(v >> bit & 1)
		}
		z := math.Abs(float64(ones)-n/2) / sd
		if bit < 32 {
			worstLow = max(worstLow, z)
		} else if bit < 57 {
			worstHigh = max(worstHigh, z)
		}
	}
	t.Logf("%d distinct minima: worst bit of the low half %.1f standard deviations from 1/2, of the high half below the bin number %.1f", len(vals), worstLow, worstHigh)
	if worstLow > 5 {
		t.Errorf("a low bit is %.1f standard deviations from 1/2", worstLow)
	}
	if worstHigh < 20 {
		t.Errorf("control: the high bits look uniform too (%.1f standard deviations)", worstHigh)
	}
}
