package winnow

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestIndexSpill checks that an index spilling to disk after every few
// thousand entries a shard finds what one held in memory finds, with
// each way of pairing, and keeps Common and DocHasCommon.
func TestIndexSpill(t *testing.T) {
	all := referenceDocs(300)
	const maxDF, minShared, rareDF = 40, 3, 5
	keep := func(a, b int, c Counts) float64 {
		if c.Shared >= minShared {
			return float64(c.Shared)
		}
		return -1
	}
	for _, tc := range []struct {
		name  string
		pairs func(x *Index) []Pair
	}{
		{"Pairs", func(x *Index) []Pair { return x.Pairs(maxDF, minShared) }},
		{"WeighedPairs", func(x *Index) []Pair { return x.WeighedPairs(maxDF, rareDF, 2.5, 6) }},
		{"PairsFunc", func(x *Index) []Pair { ps, _ := x.PairsFunc(maxDF, rareDF, 0, keep); return ps }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mem, disk Index
			addAll(t, &mem, all)
			disk.SpillTo(t.TempDir(), 64<<10)
			addAll(t, &disk, all)
			if disk.spill.size.Load() == 0 {
				t.Fatal("nothing spilled")
			}
			want := tc.pairs(&mem)
			if len(want) == 0 {
				t.Fatal("test data: no pairs")
			}
			got := tc.pairs(&disk)
			if err := disk.Err(); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("spilled: %d pairs, in memory %d; first: %v, want %v", len(got), len(want), got[:min(3, len(got))], want[:min(3, len(want))])
			}
			if tc.name != "PairsFunc" { // which records no common hashes
				checkCommon(t, &disk, &mem, all)
			}
			if again := tc.pairs(&disk); len(again) != 0 {
				t.Errorf("a spilled index paired twice: %d pairs the second time, want none", len(again))
			}
		})
	}
}

// checkCommon checks that the spilled index disk and the index mem find
// the same hashes and documents common, before and after Release.
func checkCommon(t *testing.T, disk, mem *Index, all [][]Fingerprint) {
	t.Helper()
	for range 2 {
		for d := range all {
			if disk.DocHasCommon(d) != mem.DocHasCommon(d) {
				t.Fatalf("DocHasCommon(%d) = %v spilled, %v in memory", d, disk.DocHasCommon(d), mem.DocHasCommon(d))
			}
			for _, f := range all[d][:20] {
				if disk.Common(f.Hash) != mem.Common(f.Hash) {
					t.Fatalf("Common(%#x) = %v spilled, %v in memory", f.Hash, disk.Common(f.Hash), mem.Common(f.Hash))
				}
			}
		}
		disk.Release()
		mem.Release()
	}
}

// TestIndexSpillError checks that an index that cannot write its spill
// file says so, from Add and from Err.
func TestIndexSpillError(t *testing.T) {
	var x Index
	x.SpillTo(filepath.Join(t.TempDir(), "missing"), 8<<10)
	var err error
	for d, f := range referenceDocs(10) {
		if err = x.Add(d, f); err != nil {
			break
		}
	}
	if err == nil || !strings.Contains(err.Error(), "spill file") {
		t.Fatalf("Add into a missing folder: err = %v, want the spill file's error", err)
	}
	if x.Err() == nil {
		t.Fatal("Err() = nil after a failed spill")
	}
}
