package winnow_test

import (
	"fmt"

	"github.com/churnalism/churn/shingle"
	"github.com/churnalism/churn/winnow"
)

// Example finds the texts that share a passage, as package churn does:
// 9-character shingle hashes widened to 27 characters, winnowed with a
// window of 16, the fingerprints indexed and the pairs sharing two or more
// listed. Texts 0 and 1 share "the new bridge over the Danube will open
// in June" (48 characters, more than the 16+27-1 = 42 that guarantee a
// shared fingerprint); text 2 shares nothing with them.
func Example() {
	texts := []string{
		"The minister announced on Monday that the new bridge over the Danube will open in June.",
		"Bucharest, 3 May. The new bridge over the Danube will open in June, officials said.",
		"Markets fell sharply on Tuesday after the central bank raised interest rates again.",
	}
	const k, w = 9, 16
	nz := shingle.NewNormalizer(shingle.Options{})
	var x winnow.Index
	var t shingle.Text
	for i, s := range texts {
		nz.Normalize(&t, []byte(s))
		hashes := shingle.AppendHashes(nil, &t, k, 0)
		wide := winnow.Widen(nil, hashes, k, 3)
		fps := winnow.Select(nil, wide, w)
		if err := x.Add(i, fps); err != nil {
			panic(err)
		}
	}
	for _, p := range x.Pairs(0, 2) {
		fmt.Printf("texts %d and %d share %d fingerprints\n", p.A, p.B, p.Shared)
	}
	// Output:
	// texts 0 and 1 share 3 fingerprints
}

// ExampleSelect winnows a short sequence of hashes with a window of 4:
// the smallest hash of every window, each position once.
func ExampleSelect() {
	hashes := []uint64{77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98}
	for _, f := range winnow.Select(nil, hashes, 4) {
		fmt.Printf("%d@%d ", f.Hash, f.Pos)
	}
	fmt.Println()
	// Output: 17@3 17@6 8@8 39@11 17@15
}

// ExampleIndex_Pairs indexes the fingerprints of four documents and lists
// the pairs that share one or more, leaving out a hash found in too many
// documents.
func ExampleIndex_Pairs() {
	var x winnow.Index
	// Hashes are shown as their high 32 bits, the part the index keeps.
	h := func(v uint64) winnow.Fingerprint { return winnow.Fingerprint{Hash: v << 32} }
	x.Add(0, []winnow.Fingerprint{h(1), h(2), h(3), h(99)})
	x.Add(1, []winnow.Fingerprint{h(2), h(3), h(4), h(99)})
	x.Add(2, []winnow.Fingerprint{h(3), h(5), h(99)})
	x.Add(3, []winnow.Fingerprint{h(6), h(99)})
	// 99 is in 4 documents, more than maxDF = 3: boilerplate.
	for _, p := range x.Pairs(3, 1) {
		fmt.Printf("%d-%d share %d\n", p.A, p.B, p.Shared)
	}
	fmt.Println("99 common:", x.Common(99<<32), "doc 3 has common:", x.DocHasCommon(3))
	// Output:
	// 0-1 share 2
	// 0-2 share 1
	// 1-2 share 1
	// 99 common: true doc 3 has common: true
}

// ExampleWiden builds hashes of 3-shingle spans from the hashes of single
// shingles, without hashing the text again: positions too close to the
// end for three shingles are left out.
func ExampleWiden() {
	var t shingle.Text
	shingle.NewNormalizer(shingle.Options{}).Normalize(&t, []byte("Winnowing finds shared passages."))
	hashes := shingle.AppendHashes(nil, &t, 9, 0)
	wide := winnow.Widen(nil, hashes, 9, 3)
	fmt.Println(t.Len(), "characters,", len(hashes), "shingles,", len(wide), "widened (27 characters each)")
	// Output: 32 characters, 24 shingles, 6 widened (27 characters each)
}
