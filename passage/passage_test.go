package passage

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var seedNames = []string{"000", "001", "002", "003", "004"}

func TestAlignSeeds(t *testing.T) {
	docs := seedDocs(t)
	al := NewAligner(testK, Options{})
	for _, tc := range []struct {
		a, b string
		want string // a passage's TextA contains it; "" for no passage at all
	}{
		{"001", "003", "s-a implicat activ în campania electorală a lui Donald Trump"},
		{"003", "001", "s-a implicat activ în campania electorală a lui Donald Trump"},
		{"003", "004", "să evite activarea serviciului său de internet prin satelit Starlink"},
		{"004", "003", "să evite activarea serviciului său de internet prin satelit Starlink"},
		{"000", "002", ""},
		{"002", "000", ""},
	} {
		t.Run(tc.a+"-"+tc.b, func(t *testing.T) {
			a, b := docs[tc.a], docs[tc.b]
			ps := al.Align(nil, a.side(), b.side())
			checkPassages(t, a, b, ps, Options{}, true)
			if tc.want == "" {
				for _, p := range ps {
					t.Errorf("unexpected passage %v/%v %q", p.A, p.B, textA(a, p))
				}
				return
			}
			if !slices.ContainsFunc(ps, func(p Passage) bool { return strings.Contains(textA(a, p), tc.want) }) {
				for _, p := range ps {
					t.Logf("passage %v/%v %q", p.A, p.B, textA(a, p))
				}
				t.Errorf("no passage contains %q", tc.want)
			}
		})
	}
}

// TestAlignSeedPairsInvariants checks every passage between every two
// seeds, in both orders, and between seed 003 (whose title appears twice)
// and itself, and that passing the hash sets (as churn does) or using a
// fresh Aligner changes nothing.
func TestAlignSeedPairsInvariants(t *testing.T) {
	docs := seedDocs(t)
	al := NewAligner(testK, Options{})
	var dst []Passage
	for _, x := range seedNames {
		for _, y := range seedNames {
			if x == y && x != "003" {
				continue
			}
			t.Run(x+"-"+y, func(t *testing.T) {
				a, b := docs[x], docs[y]
				ps := al.Align(nil, a.side(), b.side())
				checkPassages(t, a, b, ps, Options{}, true)
				dst = al.Align(dst[:0], a.sideWithSet(), b.sideWithSet())
				if !slices.Equal(dst, ps) {
					t.Errorf("with sets: %v\nwithout: %v", dst, ps)
				}
				if x > y {
					return
				}
				if fresh := NewAligner(testK, Options{}).Align(nil, a.side(), b.side()); !slices.Equal(fresh, ps) {
					t.Errorf("reused Aligner: %v\nfresh: %v", ps, fresh)
				}
				if x == y {
					if len(ps) == 0 || ps[0].NormA != (Span{0, a.text.Len()}) || !ps[0].Identical {
						t.Errorf("a seed against itself: %v, want one identical passage covering it", ps[:min(len(ps), 1)])
					}
				}
			})
		}
	}
}

// TestAlignMasking checks that zeroing the hashes of a region (as churn
// masks boilerplate) removes the passages there.
func TestAlignMasking(t *testing.T) {
	docs := seedDocs(t)
	const want = "s-a implicat activ în campania electorală a lui Donald Trump"
	find := func(a, b *doc) (Passage, bool) {
		for _, p := range NewAligner(testK, Options{}).Align(nil, a.side(), b.side()) {
			if strings.Contains(textA(a, p), want) {
				return p, true
			}
		}
		return Passage{}, false
	}
	p, ok := find(docs["001"], docs["003"])
	if !ok {
		t.Fatalf("no passage contains %q", want)
	}
	// mask zeroes the hashes of every shingle overlapping runes span.
	mask := func(d *doc, span Span) *doc {
		m := *d
		m.hashes = slices.Clone(d.hashes)
		for i := max(0, span.Start-testK+1); i < min(span.End, len(m.hashes)); i++ {
			m.hashes[i] = 0
		}
		return &m
	}
	for _, tc := range []struct {
		name string
		a, b *doc
		span Span // the masked region, on A
	}{
		{"A masked", mask(docs["001"], p.NormA), docs["003"], p.NormA},
		{"B masked", docs["001"], mask(docs["003"], p.NormB), p.NormA},
		{"all of A masked", mask(docs["001"], Span{0, docs["001"].text.Len()}), docs["003"], Span{0, docs["001"].text.Len()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := NewAligner(testK, Options{}).Align(nil, tc.a.side(), tc.b.side())
			checkPassages(t, tc.a, tc.b, ps, Options{}, true)
			for _, q := range ps {
				if overlapLen(q.NormA.Start, q.NormA.End, tc.span.Start, tc.span.End) > 0 {
					t.Errorf("passage %v %q overlaps the masked region %v", q.NormA, textA(tc.a, q), tc.span)
				}
			}
			if len(ps) == 0 && tc.name != "all of A masked" {
				t.Errorf("masking one passage removed them all")
			}
		})
	}
}

// host returns about 21,000 characters of real text that does not contain
// seed 000: seed 004's article body, seeds 001, 002 and 003, and the body
// again.
func host(t testing.TB, docs map[string]*doc) string {
	s004 := string(docs["004"].src)
	i, j := strings.Index(s004, "Miliardarul Elon Musk"), strings.Index(s004, "Fii primul")
	if i < 0 || j < i {
		t.Fatal("seed 004 body not found")
	}
	body := s004[i:j]
	return body + string(docs["001"].src) + string(docs["002"].src) + string(docs["003"].src) + body
}

// plant inserts passage p into h at the sentence boundary nearest the
// middle, and returns the text and the passage's byte offsets.
func plant(t testing.TB, h, p string) (string, int, int) {
	at := strings.Index(h[len(h)/2:], ". ")
	if at < 0 {
		t.Fatal("no sentence boundary")
	}
	at += len(h)/2 + 2
	return h[:at] + p + " " + h[at:], at, at + len(p)
}

// runeDist returns the number of runes of src between byte offsets i and j.
func runeDist(src []byte, i, j int) int {
	return utf8.RuneCount(src[min(i, j):max(i, j)])
}

func TestAlignPlanted(t *testing.T) {
	docs := seedDocs(t)
	s000 := string(docs["000"].src)
	start := strings.Index(s000, "Musk ha dato all’Ucraina")
	sentences := s000[start : strings.Index(s000, "forze russe.")+len("forze russe.")]
	cut := string([]rune(s000[start:])[:300]) // ends mid-word: "strumen"
	for _, tc := range []struct {
		name    string
		passage string
		// tolerance, in runes, between the planted and the found edges
		tolStart, tolEnd int
	}{
		{"sentences", sentences, 1, 1},
		{"300 characters cut mid-word", cut, 1, testK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text, s, e := plant(t, host(t, docs), tc.passage)
			if n := utf8.RuneCountInString(text); n < 20000 {
				t.Fatalf("host text has %d characters, want at least 20,000", n)
			}
			a, b := prepareString(text), docs["000"]
			bs := strings.Index(s000, tc.passage)
			be := bs + len(tc.passage)
			ps := NewAligner(testK, Options{}).Align(nil, a.side(), b.side())
			checkPassages(t, a, b, ps, Options{}, true)
			if len(ps) != 1 {
				for _, p := range ps {
					t.Logf("passage %v/%v %q", p.A, p.B, textA(a, p))
				}
				t.Fatalf("found %d passages, want 1", len(ps))
			}
			p := ps[0]
			if d := runeDist(a.src, p.A.Start, s); d > tc.tolStart {
				t.Errorf("A starts %d characters from the planted start: %v, planted [%d, %d)", d, p.A, s, e)
			}
			if d := runeDist(a.src, p.A.End, e); d > tc.tolEnd {
				t.Errorf("A ends %d characters from the planted end: %v, planted [%d, %d): %q", d, p.A, s, e, textA(a, p))
			}
			if d := runeDist(b.src, p.B.Start, bs); d > tc.tolStart {
				t.Errorf("B starts %d characters from the passage: %v, passage [%d, %d)", d, p.B, bs, be)
			}
			if d := runeDist(b.src, p.B.End, be); d > tc.tolEnd {
				t.Errorf("B ends %d characters from the passage: %v, passage [%d, %d)", d, p.B, bs, be)
			}
			// A verbatim copy is identical, with the same extent on both
			// sides, whatever follows it on either.
			if !p.Identical || p.Matched != 1 {
				t.Errorf("verbatim copy: Identical %v, Matched %v\nA %q\nB %q", p.Identical, p.Matched, textA(a, p), b.src[p.B.Start:p.B.End])
			}
		})
	}
}

// TestAlignEdited checks that a lightly edited copy is found as one
// passage: words replaced, punctuation and case changed.
func TestAlignEdited(t *testing.T) {
	docs := seedDocs(t)
	s000 := string(docs["000"].src)
	start := strings.Index(s000, "Musk ha dato all’Ucraina")
	orig := s000[start : strings.Index(s000, "forze russe.")+len("forze russe.")]
	edited := strings.NewReplacer(
		"accesso gratuito", "accesso libero",
		"febbraio 2022. L’Ucraina", "febbraio 2022; l'Ucraina",
		"migliaia di antenne", "centinaia di antenne",
		"Starlink di SpaceX", "STARLINK di SpaceX",
		"strumento importante", "strumento fondamentale",
	).Replace(orig)
	if edited == orig {
		t.Fatal("no edit applied")
	}
	text, s, e := plant(t, host(t, docs), edited)
	a, b := prepareString(text), docs["000"]
	ps := NewAligner(testK, Options{}).Align(nil, a.side(), b.side())
	checkPassages(t, a, b, ps, Options{}, true)
	var in []Passage
	for _, p := range ps {
		if overlapLen(p.A.Start, p.A.End, s, e) > 0 {
			in = append(in, p)
		}
	}
	if len(in) != 1 {
		for _, p := range in {
			t.Logf("passage %v %q", p.A, textA(a, p))
		}
		t.Fatalf("found %d passages in the edited copy, want 1", len(in))
	}
	p := in[0]
	if got := overlapLen(p.A.Start, p.A.End, s, e); got < (e-s)*9/10 {
		t.Errorf("passage %v covers %d of the %d planted bytes [%d, %d): %q", p.A, got, e-s, s, e, textA(a, p))
	}
	if p.Identical || !(p.Matched < 1) || p.Matched < DefaultMinMatched {
		t.Errorf("edited copy: Identical %v, Matched %v; want not identical, Matched in [%v, 1)", p.Identical, p.Matched, DefaultMinMatched)
	}
}

func TestAlignEdgeCases(t *testing.T) {
	docs := seedDocs(t)
	sentence := "Il presidente russo avrebbe chiesto a Musk di non attivare il suo servizio internet satellitare Starlink su Taiwan."
	cjk := "马斯克自去年底，以来一直与俄罗斯总统普京保持定期联系，双方讨论了个人事务、商业问题以及地缘政治紧张局势。" +
		"普京曾要求马斯克避免在台湾启用星链服务，作为对中国领导人的帮助。这一消息在华尔街日报上发表后引起了广泛关注，和讨论"
	zero := func(d *doc) *doc {
		z := *d
		z.hashes = make([]uint64, len(d.hashes))
		return &z
	}
	type want struct {
		a, b string // text of each side of the passage, in the originals
	}
	for _, tc := range []struct {
		name string
		a, b *doc
		opts Options
		want []want
	}{
		{name: "both empty", a: prepareString(""), b: prepareString("")},
		{name: "A empty", a: prepareString(""), b: docs["001"]},
		{name: "B empty", a: docs["001"], b: prepareString("")},
		{name: "white space only", a: prepareString(" \n\t "), b: prepareString("\u00a0\r\n")},
		{name: "all-zero hashes", a: zero(docs["003"]), b: docs["003"]},
		{name: "all-zero hashes on both sides", a: zero(docs["003"]), b: zero(docs["003"])},
		{
			name: "shorter than k",
			a:    prepareString("Putin"), b: prepareString("Putin"),
		},
		{
			name: "shorter than k, MinLen 1",
			a:    prepareString("Putin!"), b: prepareString("PUTIN!"),
			opts: Options{MinLen: 1},
			want: []want{{"Putin!", "PUTIN!"}},
		},
		{
			name: "shorter than k inside a longer text",
			a:    prepareString("Putin"), b: prepareString("Vladimir Putin a spus"),
			opts: Options{MinLen: 1},
		},
		{
			name: "repeated more than MaxRepeat times",
			a:    prepareString(strings.Repeat(sentence+" ", 20)), b: prepareString(sentence),
		},
		{
			name: "repeated more than MaxRepeat times on both sides",
			a:    prepareString(strings.Repeat(sentence+" ", 20)), b: prepareString(strings.Repeat(sentence+" ", 20)),
		},
		{
			name: "repeated MaxRepeat times",
			a:    prepareString(strings.Repeat(sentence+" ", DefaultMaxRepeat)), b: prepareString(sentence),
			want: slices.Repeat([]want{{sentence, sentence}}, DefaultMaxRepeat),
		},
		{
			name: "repeated, MaxRepeat raised",
			a:    prepareString(strings.Repeat(sentence+" ", 20)), b: prepareString(sentence),
			opts: Options{MaxRepeat: 20},
			want: slices.Repeat([]want{{sentence, sentence}}, 20),
		},
		{
			name: "CJK passage keeps its edges",
			a:    prepareString("今天天气很好我们去公园散步吧" + cjk + "我们明天再见祝你有美好的一天"),
			b:    prepareString("这是另一篇完全不同的文章的开头" + cjk + "结尾也是完全不一样的内容和句子"),
			want: []want{{cjk, cjk}},
		},
		{
			name: "CJK passage between sentences",
			a:    prepareString("今天天气很好。" + cjk + "。我们明天再见。"),
			b:    prepareString("这是另一篇文章。" + cjk + "。结尾不一样。"),
			want: []want{{cjk + "。", cjk + "。"}},
		},
		{
			name: "Latin passage cut mid-word snaps to words",
			a:    prepareString("xyz" + sentence + "abc"),
			b:    prepareString("qrs" + sentence + "def"),
			want: []want{{sentence[len("Il "):], sentence[len("Il "):]}},
		},
		{
			name: "verbatim copy cut mid-word on one side only",
			a:    prepareString("Ieri, " + sentence + " Oggi"),
			b:    prepareString("Ieri" + sentence + "ne"),
			want: []want{{sentence[len("Il "):], sentence[len("Il "):]}},
		},
		{
			// "ﬁ" normalises to "fi"; the match starts at its "i", which
			// cannot be quoted without the "f".
			name: "passage starting inside a ligature",
			a:    prepareString("Un ﬁnanziamentoprivatissimo di trecento milioni di euro per il ponte sullo stretto"),
			b:    prepareString("Un xinanziamentoprivatissimo di trecento milioni di euro per il ponte sullo stretto"),
			want: []want{{"nanziamentoprivatissimo di trecento milioni di euro per il ponte sullo stretto", "nanziamentoprivatissimo di trecento milioni di euro per il ponte sullo stretto"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := NewAligner(testK, tc.opts).Align(nil, tc.a.side(), tc.b.side())
			checkPassages(t, tc.a, tc.b, ps, tc.opts, true)
			var got []want
			for _, p := range ps {
				got = append(got, want{textA(tc.a, p), string(tc.b.src[p.B.Start:p.B.End])})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestAlignAppends(t *testing.T) {
	docs := seedDocs(t)
	al := NewAligner(testK, Options{})
	first := al.Align(nil, docs["001"].side(), docs["003"].side())
	pre := Passage{Matched: 0.5}
	got := al.Align([]Passage{pre}, docs["001"].side(), docs["003"].side())
	if len(got) != len(first)+1 || got[0] != pre || !slices.Equal(got[1:], first) {
		t.Errorf("Align(dst) = %v, want %v then %v", got, pre, first)
	}
	// Nothing shared: dst comes back as it was.
	if got := al.Align([]Passage{pre}, docs["000"].side(), docs["002"].side()); !slices.Equal(got, []Passage{pre}) {
		t.Errorf("Align(dst) with nothing shared = %v", got)
	}
}

func TestOptions(t *testing.T) {
	def := Options{DefaultMinLen, DefaultMaxGap, DefaultMaxRepeat, DefaultMinMatched}
	for _, tc := range []struct {
		in, want Options
	}{
		{Options{}, def},
		{Options{MinLen: -1, MaxGap: -1, MaxRepeat: -1, MinMatched: -1}, def},
		{Options{MinLen: 7, MaxGap: 8, MaxRepeat: 9, MinMatched: 0.25}, Options{7, 8, 9, 0.25}},
	} {
		if got := NewAligner(testK, tc.in).Options(); got != tc.want {
			t.Errorf("NewAligner(%+v).Options() = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

// TestAlignAllocs checks that a warmed-up Aligner aligning into a reused
// dst allocates nothing, with and without hash sets.
func TestAlignAllocs(t *testing.T) {
	docs := seedDocs(t)
	for _, sets := range []bool{false, true} {
		t.Run(fmt.Sprintf("sets=%v", sets), func(t *testing.T) {
			al := NewAligner(testK, Options{})
			pairs := [][2]Side{
				{docs["001"].side(), docs["003"].side()},
				{docs["003"].side(), docs["004"].side()},
				{docs["000"].side(), docs["002"].side()},
			}
			if sets {
				pairs = [][2]Side{
					{docs["001"].sideWithSet(), docs["003"].sideWithSet()},
					{docs["003"].sideWithSet(), docs["004"].sideWithSet()},
					{docs["000"].sideWithSet(), docs["002"].sideWithSet()},
				}
			}
			var dst []Passage
			for _, p := range pairs { // warm up
				dst = al.Align(dst[:0], p[0], p[1])
			}
			dst = make([]Passage, 0, 64)
			allocs := testing.AllocsPerRun(5, func() {
				for _, p := range pairs {
					dst = al.Align(dst[:0], p[0], p[1])
				}
			})
			if allocs != 0 {
				t.Errorf("warmed-up Align allocates %v times per run, want 0", allocs)
			}
		})
	}
}
