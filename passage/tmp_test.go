package passage

import (
	"fmt"
	"io/fs"
	"testing"

	"github.com/churnalism/churn/seeds"
	"github.com/churnalism/churn/shingle"
)

func TestTmpSeeds(t *testing.T) {
	ents, _ := fs.ReadDir(seeds.FS, ".")
	var texts [][]byte
	for _, e := range ents {
		b, _ := fs.ReadFile(seeds.FS, e.Name())
		texts = append(texts, b)
	}
	nz := shingle.NewNormalizer(shingle.Options{})
	ts := make([]shingle.Text, 5)
	hs := make([][]uint64, 5)
	for i := range texts {
		nz.Normalize(&ts[i], texts[i])
		hs[i] = shingle.AppendHashes(nil, &ts[i], 9, 0)
	}
	al := NewAligner(9, Options{})
	for a := 0; a < 5; a++ {
		for b := a + 1; b < 5; b++ {
			ps := al.Align(nil, Side{&ts[a], hs[a]}, Side{&ts[b], hs[b]})
			for _, p := range ps {
				fmt.Printf("%d-%d A[%d:%d] B[%d:%d] m=%.2f id=%v\n   A: %q\n   B: %q\n", a, b, p.A.Start, p.A.End, p.B.Start, p.B.End, p.Matched, p.Identical, texts[a][p.A.Start:p.A.End], texts[b][p.B.Start:p.B.End])
			}
		}
	}
}
