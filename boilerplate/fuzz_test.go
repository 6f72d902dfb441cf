package boilerplate

import (
	"slices"
	"testing"
)

func FuzzLists(f *testing.F) {
	for _, s := range []string{
		"",
		"a\nb\nc",
		"a\r\nb\r\nc\r\n",
		"a\nb.\nc\nd\ne\n",
		"a\n\u00a0\nb\nc\nd",
		"\r\r\n\r\n\n",
		"x\ny\nz\r",
		"„Quote.”\nHeadline\nHeadline\nHeadline\n",
		"\xff\n\xfe\n\xc3",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		orig := slices.Clone(src)
		spans := Lists(nil, src)
		checkSpans(t, src, spans)
		if string(src) != string(orig) {
			t.Fatal("Lists modified its input")
		}
		if again := Lists(nil, src); !slices.Equal(again, spans) {
			t.Fatalf("not deterministic: %v, then %v", spans, again)
		}
		// Appending to a non-empty dst leaves it alone and adds the same spans.
		pre := []Span{{-1, -1}}
		if got := Lists(pre, src); got[0] != pre[0] || !slices.Equal(got[1:], spans) {
			t.Fatalf("Lists(dst) = %v, want %v after %v", got, spans, pre)
		}
	})
}
