package passage

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn/seeds"
	"github.com/churnalism/churn/shingle"
)

// doc is a text prepared for alignment as churn prepares it: normalised
// with the default options and shingled with k = shingle.DefaultK, seed 0.
type doc struct {
	src    []byte
	text   shingle.Text
	hashes []uint64
	bound  []bool // bound[i]: byte offset i is a rune boundary of src
}

const testK = shingle.DefaultK

// testNormalizer is shared by the tests, which do not run in parallel.
var testNormalizer = shingle.NewNormalizer(shingle.Options{})

func prepare(src []byte) *doc {
	d := &doc{src: src, bound: boundaries(src)}
	testNormalizer.Normalize(&d.text, src)
	d.hashes = shingle.AppendHashes(nil, &d.text, testK, 0)
	return d
}

func prepareString(s string) *doc { return prepare([]byte(s)) }

func (d *doc) side() Side { return Side{Text: &d.text, Hashes: d.hashes} }

// sideWithSet returns the side with its Set filled in, as churn passes it.
func (d *doc) sideWithSet() Side {
	s := d.side()
	for _, h := range d.hashes {
		if h != 0 {
			s.Set = append(s.Set, h)
		}
	}
	s.Set = shingle.Set(s.Set)
	if s.Set == nil {
		s.Set = []uint64{}
	}
	return s
}

// normalize returns the normalised form of src.
func normalize(src []byte) string {
	var t shingle.Text
	testNormalizer.Normalize(&t, src)
	return string(t.Bytes)
}

// seedDocs returns the seed texts by their three-digit prefix.
func seedDocs(tb testing.TB) map[string]*doc {
	tb.Helper()
	docs := make(map[string]*doc)
	for _, a := range seeds.Articles() {
		docs[a.ID] = prepare(a.Text)
	}
	if len(docs) != 5 {
		tb.Fatalf("%d seeds, want 5", len(docs))
	}
	return docs
}

// boundaries returns, for each byte offset of src, whether it is a rune
// boundary as utf8.DecodeRune steps through src (each byte of invalid UTF-8
// is a step of its own); len(src) is one.
func boundaries(src []byte) []bool {
	b := make([]bool, len(src)+1)
	for i := 0; i < len(src); {
		b[i] = true
		_, n := utf8.DecodeRune(src[i:])
		i += n
	}
	b[len(src)] = true
	return b
}

func overlapLen(s1, e1, s2, e2 int) int { return max(0, min(e1, e2)-max(s1, s2)) }

// checkPassages checks the invariants of passages ps found between a and
// b with options opts: spans within bounds and on rune boundaries, byte
// spans the Source of the normalised ones, lengths at least MinLen,
// Matched in (0, 1], Identical exactly when the normalised sides are
// equal, ordered by NormA.Start, and no passage mostly inside another on
// both sides. With renorm, it also checks that normalising the quoted
// original text gives back the passage's normalised text.
func checkPassages(t *testing.T, a, b *doc, ps []Passage, opts Options, renorm bool) {
	t.Helper()
	opts = opts.withDefaults()
	for i, p := range ps {
		for _, s := range []struct {
			name       string
			d          *doc
			bound      []bool
			span, norm Span
		}{{"A", a, a.bound, p.A, p.NormA}, {"B", b, b.bound, p.B, p.NormB}} {
			n := s.d.text.Len()
			if s.norm.Start < 0 || s.norm.End > n || s.norm.Start >= s.norm.End {
				t.Fatalf("passage %d: Norm%s %v out of [0, %d]", i, s.name, s.norm, n)
			}
			if s.norm.Len() < opts.MinLen {
				t.Errorf("passage %d: Norm%s %v shorter than MinLen %d", i, s.name, s.norm, opts.MinLen)
			}
			if s.span.Start < 0 || s.span.End > len(s.d.src) || s.span.Start >= s.span.End {
				t.Fatalf("passage %d: %s %v out of [0, %d]", i, s.name, s.span, len(s.d.src))
			}
			if !s.bound[s.span.Start] || !s.bound[s.span.End] {
				t.Errorf("passage %d: %s %v not on rune boundaries", i, s.name, s.span)
			}
			if st, en := s.d.text.Source(s.norm.Start, s.norm.End); st != s.span.Start || en != s.span.End {
				t.Errorf("passage %d: %s %v, Source(Norm%s %v) = [%d, %d)", i, s.name, s.span, s.name, s.norm, st, en)
			}
			nb := string(s.d.text.Bytes[s.d.text.Runes[s.norm.Start]:s.d.text.Runes[s.norm.End]])
			if strings.HasPrefix(nb, " ") || strings.HasSuffix(nb, " ") {
				t.Errorf("passage %d: Norm%s %q starts or ends with a space", i, s.name, nb)
			}
			if renorm {
				if got := normalize(s.d.src[s.span.Start:s.span.End]); got != nb {
					t.Errorf("passage %d: normalised %s text %q, want the passage's normalised text %q", i, s.name, got, nb)
				}
			}
		}
		if !(p.Matched > 0 && p.Matched <= 1) {
			t.Errorf("passage %d: Matched %v not in (0, 1]", i, p.Matched)
		}
		na := a.text.Bytes[a.text.Runes[p.NormA.Start]:a.text.Runes[p.NormA.End]]
		nb := b.text.Bytes[b.text.Runes[p.NormB.Start]:b.text.Runes[p.NormB.End]]
		if p.Identical != bytes.Equal(na, nb) {
			t.Errorf("passage %d: Identical %v, normalised sides %q and %q", i, p.Identical, na, nb)
		}
		if p.Identical && p.Matched != 1 {
			t.Errorf("passage %d: Identical with Matched %v", i, p.Matched)
		}
		if p.Identical && renorm && normalize(a.src[p.A.Start:p.A.End]) != normalize(b.src[p.B.Start:p.B.End]) {
			t.Errorf("passage %d: Identical, but the quoted texts normalise differently: %q, %q", i, a.src[p.A.Start:p.A.End], b.src[p.B.Start:p.B.End])
		}
		if i > 0 {
			q := ps[i-1]
			if q.NormA.Start > p.NormA.Start || q.NormA.Start == p.NormA.Start && q.NormB.Start > p.NormB.Start {
				t.Errorf("passages %d and %d out of order: %v, %v", i-1, i, q.NormA, p.NormA)
			}
		}
		for j := range i {
			q := ps[j]
			// The shorter one (on A) must not lie mostly inside the
			// other on both sides; with equal lengths, one of them.
			mostly := func(x, y Passage) bool {
				return overlapLen(x.NormA.Start, x.NormA.End, y.NormA.Start, y.NormA.End)*2 > x.NormA.Len() &&
					overlapLen(x.NormB.Start, x.NormB.End, y.NormB.Start, y.NormB.End)*2 > x.NormB.Len()
			}
			var bad bool
			switch {
			case p.NormA.Len() < q.NormA.Len():
				bad = mostly(p, q)
			case p.NormA.Len() > q.NormA.Len():
				bad = mostly(q, p)
			default:
				bad = mostly(p, q) && mostly(q, p)
			}
			if bad {
				t.Errorf("passages %d %v/%v and %d %v/%v overlap by more than half on both sides", j, q.NormA, q.NormB, i, p.NormA, p.NormB)
			}
		}
	}
}

// textA returns the original text of passage p on side A.
func textA(a *doc, p Passage) string { return string(a.src[p.A.Start:p.A.End]) }
