package passage_test

import (
	"fmt"

	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/shingle"
)

func ExampleAligner_Align() {
	a := []byte("Ieri sera, secondo il Wall Street Journal, Putin avrebbe chiesto a Musk di non attivare Starlink su Taiwan. Il Cremlino smentisce.")
	b := []byte("SECONDO IL WALL STREET JOURNAL, PUTIN AVREBBE CHIESTO A MUSK DI NON ATTIVARE STARLINK SU TAIWAN, come favore a Xi Jinping.")

	// Normalise and shingle both texts, as churn does.
	const k = shingle.DefaultK
	nz := shingle.NewNormalizer(shingle.Options{})
	var ta, tb shingle.Text
	nz.Normalize(&ta, a)
	nz.Normalize(&tb, b)
	ha := shingle.AppendHashes(nil, &ta, k, 0)
	hb := shingle.AppendHashes(nil, &tb, k, 0)

	al := passage.NewAligner(k, passage.Options{})
	for _, p := range al.Align(nil, passage.Side{Text: &ta, Hashes: ha}, passage.Side{Text: &tb, Hashes: hb}) {
		fmt.Printf("A[%d:%d] %s\n", p.A.Start, p.A.End, a[p.A.Start:p.A.End])
		fmt.Printf("B[%d:%d] %s\n", p.B.Start, p.B.End, b[p.B.Start:p.B.End])
		fmt.Printf("%d characters, matched %.2f, identical %v\n", p.NormA.Len(), p.Matched, p.Identical)
	}
	// Output:
	// A[11:106] secondo il Wall Street Journal, Putin avrebbe chiesto a Musk di non attivare Starlink su Taiwan
	// B[0:95] SECONDO IL WALL STREET JOURNAL, PUTIN AVREBBE CHIESTO A MUSK DI NON ATTIVARE STARLINK SU TAIWAN
	// 95 characters, matched 1.00, identical true
}
