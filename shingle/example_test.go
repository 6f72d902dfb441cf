package shingle_test

import (
	"fmt"

	"github.com/churnalism/churn/shingle"
)

func ExampleNormalizer_Normalize() {
	src := []byte("  Şeful\u00a0Kremlinului a spus:\n„Nu ştiu”  ")
	var t shingle.Text

	shingle.NewNormalizer(shingle.Options{}).Normalize(&t, src)
	fmt.Printf("%s\n", t.Bytes)

	shingle.NewNormalizer(shingle.Options{KeepAccents: true}).Normalize(&t, src)
	fmt.Printf("%s\n", t.Bytes)

	// Quote the original of normalised runes [0, 17).
	start, end := t.Source(0, 17)
	fmt.Printf("%q\n", src[start:end])
	// Output:
	// seful kremlinului a spus: "nu stiu"
	// șeful kremlinului a spus: "nu știu"
	// "Şeful\u00a0Kremlinului"
}

func ExampleAppendHashes() {
	nz := shingle.NewNormalizer(shingle.Options{})
	var a, b shingle.Text
	nz.Normalize(&a, []byte("Musk şi Putin au continuat să discute"))
	nz.Normalize(&b, []byte("Musk și Putin au continuat să vorbească"))

	const k, seed = 7, 0
	ha := shingle.Set(shingle.AppendHashes(nil, &a, k, seed))
	hb := shingle.Set(shingle.AppendHashes(nil, &b, k, seed))
	shared := shingle.Intersection(ha, hb)
	fmt.Println(a.Len(), len(ha))
	fmt.Println(b.Len(), len(hb))
	fmt.Printf("shared %d, Jaccard %.2f\n", shared, float64(shared)/float64(len(ha)+len(hb)-shared))
	// Output:
	// 37 31
	// 39 33
	// shared 24, Jaccard 0.60
}
