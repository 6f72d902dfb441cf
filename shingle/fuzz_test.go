package shingle

import (
	"math/bits"
	"slices"
	"testing"

	"github.com/churnalism/churn/seeds"
)

// addFuzzSeeds adds slices of the seed articles, the pieces and the
// adversarial strings to f's corpus, through add. (The whole articles are
// in TestNormalizeProperties: small inputs make faster fuzzing.)
func addFuzzSeeds(f *testing.F, add func([]byte, int)) {
	for i, d := range seeds.Articles() {
		for j := 0; j+300 <= len(d.Text) && j < 3000; j += 1001 {
			add(d.Text[j:j+300], i+j) // cut mid-rune, probably
		}
	}
	for i, s := range adversarial {
		add([]byte(s), i)
	}
	for i, p := range pieces {
		add([]byte("A"+p+"\u0301 "+p), i)
	}
}

func FuzzNormalize(f *testing.F) {
	addFuzzSeeds(f, func(b []byte, i int) { f.Add(b, i%2 == 0) })
	norms := map[bool]*Normalizer{
		false: NewNormalizer(Options{KeepAccents: false}),
		true:  NewNormalizer(Options{KeepAccents: true}),
	}
	f.Fuzz(func(t *testing.T, src []byte, keep bool) {
		nz := norms[keep]
		var tx, scratch Text
		nz.Normalize(&tx, src)
		if err := checkText(src, &tx); err != nil {
			t.Fatalf("%+q: %v", src, err)
		}
		if err := checkIdempotent(nz, &tx, &scratch); err != nil {
			t.Fatalf("%+q: %v", src, err)
		}
		// A fresh Normalizer gives the same result.
		var fresh Text
		NewNormalizer(Options{KeepAccents: keep}).Normalize(&fresh, src)
		if !slices.Equal(fresh.Bytes, tx.Bytes) || !slices.Equal(fresh.Start, tx.Start) || !slices.Equal(fresh.End, tx.End) {
			t.Fatalf("%+q: reused and fresh Normalizers differ", src)
		}
		// The table-driven fast path agrees with the definition.
		var ref Text
		nz.normalizeRef(&ref, src)
		if err := sameText(src, &tx, &ref); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzShingle(f *testing.F) {
	addFuzzSeeds(f, func(b []byte, i int) { f.Add(b, uint8(i%12), uint64(i), i%3 == 0) })
	f.Add([]byte(""), uint8(7), uint64(0), false)
	f.Add([]byte("abc"), uint8(0), uint64(1), false)
	f.Add([]byte("abcdefg"), uint8(7), uint64(2), true)
	f.Add([]byte("ﬁ"), uint8(2), uint64(3), false)
	f.Fuzz(func(t *testing.T, src []byte, k8 uint8, seed uint64, keep bool) {
		k := int(k8) - 1 // exercise k = -1 and 0 too
		nz := NewNormalizer(Options{KeepAccents: keep})
		var tx Text
		nz.Normalize(&tx, src)
		if err := checkText(src, &tx); err != nil {
			t.Fatalf("%+q: %v", src, err)
		}
		h := AppendHashes(nil, &tx, k, seed)
		if want := wantHashes(tx.Len(), k); len(h) != want {
			t.Fatalf("%+q (%d runes), k=%d: %d hashes, want %d", src, tx.Len(), k, len(h), want)
		}
		prefix := []uint64{1, 2}
		again := AppendHashes(slices.Clone(prefix), &tx, k, seed)
		if !slices.Equal(again[:2], prefix) || !slices.Equal(again[2:], h) {
			t.Fatalf("%+q: hashes not deterministic or prefix not kept", src)
		}
		// The rolling hashes are those of the definition, shingle by
		// shingle, and MinByBin bins them.
		if m := min(max(k, 1), tx.Len()); m > 0 {
			for i, x := range h {
				if want := refShingleHash(tx.Bytes[tx.Runes[i]:tx.Runes[i+m]], seed); x != want {
					t.Fatalf("%+q k=%d: hash %d is %x, definition %x", tx.Bytes, k, i, x, want)
				}
			}
		}
		for _, nbins := range []int{1, 100, 128} {
			want := slices.Repeat([]uint64{^uint64(0)}, nbins)
			for _, x := range h {
				if x != 0 {
					b, _ := bits.Mul64(x, uint64(nbins))
					want[b] = min(want[b], x)
				}
			}
			got := slices.Repeat([]uint64{^uint64(0)}, nbins)
			if MinByBin(got, &tx, k, seed); !slices.Equal(got, want) {
				t.Fatalf("%+q k=%d: MinByBin into %d bins differs from binning AppendHashes", tx.Bytes, k, nbins)
			}
		}
		set := Set(slices.Clone(h))
		if !slices.IsSorted(set) || len(set) > len(h) || (len(h) > 0) != (len(set) > 0) {
			t.Fatalf("Set(%d hashes) = %d values, sorted %v", len(h), len(set), slices.IsSorted(set))
		}
		for i := 1; i < len(set); i++ {
			if set[i] == set[i-1] {
				t.Fatalf("Set has duplicate %x", set[i])
			}
		}
		if n := Intersection(set, set); n != len(set) {
			t.Fatalf("Intersection(s, s) = %d, want %d", n, len(set))
		}
	})
}
