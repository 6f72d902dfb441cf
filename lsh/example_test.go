package lsh_test

import (
	"fmt"
	"slices"

	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/shingle"
)

// shingles returns the hashes of the 9-rune shingles of text.
func shingles(text string) []uint64 {
	var t shingle.Text
	shingle.NewNormalizer(shingle.Options{}).Normalize(&t, []byte(text))
	return shingle.AppendHashes(nil, &t, 9, 0)
}

func ExampleSigner() {
	a := shingles("Musk şi Putin au continuat să discute şi în acest an, chiar şi după ce Musk s-a implicat activ în campania electorală a lui Donald Trump.")
	b := shingles("Musk și Putin au continuat să discute și în acest an, după ce Musk s-a implicat activ în campania lui Donald Trump.")

	s, err := lsh.NewSigner(lsh.DefaultNumHashes, 0)
	if err != nil {
		panic(err)
	}
	sa := s.Sign(make([]uint32, s.Len()), a)
	sb := s.Sign(make([]uint32, s.Len()), b)

	sa2, sb2 := shingle.Set(a), shingle.Set(b)
	inter := shingle.Intersection(sa2, sb2)
	fmt.Printf("exact Jaccard %.2f\n", float64(inter)/float64(len(sa2)+len(sb2)-inter))
	// The estimate's standard deviation is sqrt(J(1-J)/128) ≈ 0.04.
	fmt.Printf("estimate      %.2f\n", lsh.Estimate(sa, sb))
	fmt.Println(lsh.Empty(s.Sign(make([]uint32, s.Len()), nil)))

	// SignText hashes and signs in one pass, without the hashes.
	var t shingle.Text
	shingle.NewNormalizer(shingle.Options{}).Normalize(&t, []byte("Musk și Putin au continuat să discute"))
	fmt.Println(slices.Equal(s.SignText(make([]uint32, s.Len()), &t, 9, 0),
		s.Sign(make([]uint32, s.Len()), shingle.AppendHashes(nil, &t, 9, 0))))
	// Output:
	// exact Jaccard 0.66
	// estimate      0.60
	// true
	// true
}

func ExampleIndex() {
	docs := []string{
		"Elon Musk a vorbit în secret cu Vladimir Putin de la sfârșitul anului 2022.",
		"Il Cremlino smentisce i contatti tra Musk e Putin riportati dal Wall Street Journal.",
		"Elon Musk a vorbit in secret cu Vladimir Putin de la sfarsitul anului 2022, scrie WSJ.",
		"Vremea se răcește la sfârșitul săptămânii în toată țara.",
	}
	s, _ := lsh.NewSigner(lsh.DefaultNumHashes, 0)
	index, err := lsh.NewIndex(lsh.DefaultNumHashes, 0.5, len(docs))
	if err != nil {
		panic(err)
	}
	sigs := make([][]uint32, len(docs))
	for i, d := range docs {
		sigs[i] = s.Sign(make([]uint32, s.Len()), shingles(d))
		if err := index.Add(i, sigs[i]); err != nil {
			panic(err)
		}
	}
	index.Build()
	for i := range docs {
		fmt.Println(i, index.Query(nil, sigs[i]))
	}
	// Output:
	// 0 [0 2]
	// 1 [1]
	// 2 [0 2]
	// 3 [3]
}

func ExampleBandJoin() {
	docs := []string{
		"Elon Musk a vorbit în secret cu Vladimir Putin de la sfârșitul anului 2022.",
		"Il Cremlino smentisce i contatti tra Musk e Putin riportati dal Wall Street Journal.",
		"Elon Musk a vorbit in secret cu Vladimir Putin de la sfarsitul anului 2022, scrie WSJ.",
		"Vremea se răcește la sfârșitul săptămânii în toată țara.",
	}
	s, _ := lsh.NewSigner(lsh.DefaultNumHashes, 0)
	sigs := make([][]uint32, len(docs))
	for i, d := range docs {
		sigs[i] = s.Sign(make([]uint32, s.Len()), shingles(d))
	}
	j, err := lsh.NewBandJoin(lsh.DefaultNumHashes, 0.5)
	if err != nil {
		panic(err)
	}
	pairs, err := j.Pairs(nil, sigs)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d bands of %d rows\n", j.Bands, j.Rows)
	for _, p := range pairs {
		fmt.Println(p.A(), p.B())
	}
	// Output:
	// 25 bands of 5 rows
	// 0 2
}
