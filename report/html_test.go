// This file tests the HTML report: the golden pages, the heatmaps, groups,
// side-by-side views and metadata, hostile input, errors, and a report on
// 1,000 documents. checkHTML (htmlcheck_test.go) runs on every page.

package report

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/report/internal/reporttest"
	"golang.org/x/net/html"
)

func TestHTMLSeeds(t *testing.T) {
	docs := reporttest.Seeds()
	res := analyze(t, docs, churn.Options{})
	doc, out := renderHTML(t, res, docs, HTMLOptions{})
	golden(t, "html_seeds.golden", out)

	if len(out) >= 200<<10 {
		t.Errorf("seeds report is %d bytes, want under 200 KB", len(out))
	}
	t.Logf("seeds report: %d bytes", len(out))

	// The heatmap: 5×5 cells, the reported pairs outlined and linked, rows
	// in group order (the group's members, origin first, then the rest).
	heat := byID(doc, "heatmap")
	if heat == nil {
		t.Fatal("no heatmap section")
	}
	cells := heatCells(heat)
	if len(cells) != 25 {
		t.Errorf("heatmap has %d cells, want 25", len(cells))
	}
	var rows []string
	for _, th := range find(heat, func(e *html.Node) bool { return e.Data == "th" && attr(e, "scope") == "row" }) {
		rows = append(rows, textOf(th))
	}
	var want []string
	for _, m := range res.Clusters[0].Members {
		want = append(want, res.Docs[m.Doc].ID)
	}
	want = append(want, "000", "002")
	if !slices.Equal(rows, want) {
		t.Errorf("heatmap rows %q, want %q (group first)", rows, want)
	}
	reported := 0
	for _, c := range cells {
		if hasClass(c, "r") {
			reported++
			if a := find(c, func(e *html.Node) bool { return e.Data == "a" }); len(a) != 1 || !strings.HasPrefix(attr(a[0], "href"), "#pair-") {
				t.Errorf("reported cell %q does not link to its pair", textOf(c))
			}
		}
	}
	if reported != 2*len(res.Pairs) {
		t.Errorf("%d outlined cells, want %d", reported, 2*len(res.Pairs))
	}
	if got := find(heat, func(e *html.Node) bool { return hasClass(e, "legend") }); len(got) != 1 {
		t.Errorf("%d legends, want 1", len(got))
	}

	// 001 ↔ 003 side by side: every passage highlighted on both sides, in
	// the same colour, its number linked to its counterpart.
	p := res.Pairs[0]
	if res.Docs[p.A].ID != "001" || res.Docs[p.B].ID != "003" {
		t.Fatalf("first pair is %s–%s, want 001–003", res.Docs[p.A].ID, res.Docs[p.B].ID)
	}
	pair := byID(doc, "pair-1")
	if pair == nil {
		t.Fatal("no side-by-side view of pair 1")
	}
	texts := find(pair, func(e *html.Node) bool { return hasClass(e, "text") })
	if len(texts) != 2 {
		t.Fatalf("pair 1 has %d text columns, want 2", len(texts))
	}
	for side, col := range texts {
		orig := docs[p.A].Text
		if side == 1 {
			orig = docs[p.B].Text
		}
		// The column holds the whole text and nothing else but the chips.
		var b strings.Builder
		for c := range col.Descendants() {
			if c.Type == html.TextNode && !hasClass(c.Parent, "chip") {
				b.WriteString(c.Data)
			}
		}
		if b.String() != string(orig) {
			t.Errorf("side %d does not hold the document's text", side)
		}
		marks := find(col, func(e *html.Node) bool { return e.Data == "mark" })
		seen := map[string]bool{}
		for _, m := range marks {
			seen[attr(m, "data-k")] = true
		}
		self, other := "p1-a", "p1-b"
		if side == 1 {
			self, other = other, self
		}
		for i, q := range p.Passages {
			n := fmt.Sprint(i + 1)
			chip := byID(col, self+n)
			if chip == nil {
				t.Errorf("side %d: passage %d has no number", side, i+1)
				continue
			}
			if attr(chip, "href") != "#"+other+n || !hasClass(chip, colourClass(i)) {
				t.Errorf("side %d: passage %d's number links to %q with class %q", side, i+1, attr(chip, "href"), attr(chip, "class"))
			}
			if !seen[self+n] && !(side == 1 && overlapped(p.Passages, i)) {
				t.Errorf("side %d: passage %d is not highlighted", side, i+1)
			}
			_ = q
		}
		for _, m := range marks {
			k := attr(m, "data-k")
			var i int
			fmt.Sscanf(strings.TrimPrefix(k, self), "%d", &i)
			if !hasClass(m, colourClass(i-1)) || attr(m, "data-to") != other+fmt.Sprint(i) {
				t.Errorf("side %d: highlight %q has class %q and links to %q", side, k, attr(m, "class"), attr(m, "data-to"))
			}
		}
	}

	// Groups, documents, and no skipped section when nothing was skipped.
	if g := byID(doc, "group-1"); g == nil || !strings.Contains(textOf(g), "origin") {
		t.Errorf("no group c1 with its origin")
	}
	for i := range res.Docs {
		if byID(doc, fmt.Sprintf("doc-%d", i+1)) == nil {
			t.Errorf("document %d has no row", i+1)
		}
	}
	if byID(doc, "skipped") != nil {
		t.Errorf("skipped section without skipped inputs")
	}

	// Deterministic.
	var again bytes.Buffer
	if err := HTML(&again, analyze(t, reporttest.Seeds(), churn.Options{}), reporttest.Seeds(), HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again.Bytes()) {
		t.Errorf("second rendering differs")
	}
}

// overlapped reports whether passage i of ps lies, on the B side, inside a
// passage that starts after it, so that it may have no stretch of its own.
func overlapped(ps []churn.Passage, i int) bool {
	for j, q := range ps {
		if j != i && q.B.Start > ps[i].B.Start && q.B.Start < ps[i].B.End {
			return true
		}
	}
	return false
}

func TestHTMLLarge(t *testing.T) {
	docs := clusterDocs(12)
	res := analyze(t, docs, churn.Options{MatrixLimit: 6})
	if res.Matrix != nil || len(res.Clusters) != 4 {
		t.Fatalf("matrix %v, %d groups; want no matrix and 4 groups", res.Matrix != nil, len(res.Clusters))
	}
	doc, out := renderHTML(t, res, docs, HTMLOptions{TopPairs: 2})
	golden(t, "html_large.golden", out)

	// No full heatmap: one per group, 3×3.
	if cells := heatCells(byID(doc, "heatmap")); len(cells) != 0 {
		t.Errorf("full heatmap with %d cells for a corpus without a matrix", len(cells))
	}
	for g := range res.Clusters {
		if cells := heatCells(byID(doc, fmt.Sprintf("group-%d", g+1))); len(cells) != 9 {
			t.Errorf("group %d: heatmap of %d cells, want 9", g+1, len(cells))
		}
	}
	if n := len(find(doc, func(e *html.Node) bool { return e.Data == "article" && hasClass(e, "pair") })); n != 2 {
		t.Errorf("%d pairs side by side, want 2", n)
	}
	if !bytes.Contains(out, []byte(fmt.Sprintf("%d more pairs are listed", len(res.Pairs)-2))) {
		t.Errorf("no note on the pairs not shown side by side")
	}
	if rows := find(byID(doc, "pairs"), func(e *html.Node) bool { return e.Data == "tr" && attr(e, "id") != "" }); len(rows) != len(res.Pairs) {
		t.Errorf("%d rows in the table of pairs, want %d", len(rows), len(res.Pairs))
	}
}

// TestHTMLSubMatrix checks a group heatmap without a matrix: pairs below
// the threshold are unknown and say so.
func TestHTMLSubMatrix(t *testing.T) {
	docs := clusterDocs(6)
	res := analyze(t, docs, churn.Options{MatrixLimit: -1})
	// Forget one pair of group 1: its cell must read "<10".
	c := res.Clusters[0]
	a, b := c.Members[1].Doc, c.Members[2].Doc
	res.Pairs = slices.DeleteFunc(res.Pairs, func(p churn.Pair) bool { return pairKey(p.A, p.B) == pairKey(a, b) })
	doc, _ := renderHTML(t, res, docs, HTMLOptions{})
	cells := heatCells(byID(doc, "group-1"))
	na := 0
	for _, c := range cells {
		if hasClass(c, "na") {
			na++
			if textOf(c) != "<10" {
				t.Errorf("unknown cell reads %q, want <10", textOf(c))
			}
		}
	}
	if na != 2 {
		t.Errorf("%d unknown cells, want 2", na)
	}
}

func TestHTMLNoPairs(t *testing.T) {
	for _, limit := range []int{0, -1} {
		docs := reporttest.Unrelated()
		res := analyze(t, docs, churn.Options{MatrixLimit: limit})
		doc, out := renderHTML(t, res, docs, HTMLOptions{})
		if !bytes.Contains(out, []byte("No pair of documents reaches")) {
			t.Errorf("matrix limit %d: no sentence saying no pair was found", limit)
		}
		want := 9
		if limit < 0 {
			want = 0
		}
		if n := len(heatCells(doc)); n != want {
			t.Errorf("matrix limit %d: %d heatmap cells, want %d", limit, n, want)
		}
	}
	res := analyze(t, nil, churn.Options{})
	_, out := renderHTML(t, res, nil, HTMLOptions{Title: "Empty <corpus>"})
	if !bytes.Contains(out, []byte("<h1>Empty &lt;corpus&gt;</h1>")) {
		t.Errorf("empty corpus: title not escaped or missing")
	}
}

func TestHTMLSkipped(t *testing.T) {
	docs := reporttest.Unrelated()[:2]
	res := analyze(t, docs, churn.Options{})
	res.Skipped = []churn.Skipped{
		{Name: "photos/cover.jpg", Reason: "binary data (NUL byte at offset 12)"},
		{Name: "odd\nname.txt", Reason: "invalid UTF-8"},
	}
	doc, _ := renderHTML(t, res, docs, HTMLOptions{})
	sec := byID(doc, "skipped")
	if sec == nil {
		t.Fatal("no skipped section")
	}
	got := textOf(sec)
	for _, want := range []string{"photos/cover.jpg", "binary data (NUL byte at offset 12)", "odd\uFFFDname.txt"} {
		if !strings.Contains(got, want) {
			t.Errorf("skipped section lacks %q:\n%s", want, got)
		}
	}
}

// TestHTMLMeta checks that titles, outlets, dates and URLs are shown, and
// that only http(s) URLs are links.
func TestHTMLMeta(t *testing.T) {
	docs := clusterDocs(3)
	docs[0].Meta = churn.Meta{Title: "Minister resigns", Outlet: "agerpres.ro", URL: "https://agerpres.ro/a/1",
		Published: time.Date(2024, 10, 25, 9, 30, 0, 0, time.UTC), Lang: "ro"}
	docs[1].Meta = churn.Meta{Title: "Copy", URL: "data:text/html,<b>x</b>", Published: time.Date(2024, 10, 26, 0, 0, 0, 0, time.UTC)}
	docs[2].Meta = churn.Meta{URL: "ftp://example.com/x", Lang: `ro" onmouseover="x`}
	res := analyze(t, docs, churn.Options{})
	doc, out := renderHTML(t, res, docs, HTMLOptions{})
	for _, want := range []string{"Minister resigns", "agerpres.ro", "2024-10-25 09:30 Z", "2024-10-26<", `datetime="2024-10-25T09:30:00Z"`, "data:text/html,&lt;b&gt;x&lt;/b&gt;", "ftp://example.com/x"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	links := find(doc, func(e *html.Node) bool { return e.Data == "a" && strings.HasPrefix(attr(e, "href"), "http") })
	if len(links) == 0 {
		t.Fatal("no link to the article URL")
	}
	for _, l := range links {
		if attr(l, "href") != "https://agerpres.ro/a/1" {
			t.Errorf("link to %q", attr(l, "href"))
		}
	}
	if n := len(find(doc, func(e *html.Node) bool { return attr(e, "lang") == "ro" })); n == 0 {
		t.Errorf("no text marked lang=ro")
	}
	if bytes.Contains(out, []byte("onmouseover")) && !bytes.Contains(out, []byte("onmouseover=&#34;x")) {
		t.Errorf("bad lang tag leaked")
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/a?b=c#d":            "https://example.com/a?b=c#d",
		"http://example.com":                     "http://example.com",
		" HTTPS://Example.com/x ":                "https://Example.com/x",
		"javascript:alert(1)":                    "",
		"JavaScript:alert(1)":                    "",
		" javascript:alert(1)":                   "",
		"java\tscript:alert(1)":                  "",
		"data:text/html,<script>x</script>":      "",
		"vbscript:x":                             "",
		"//example.com/x":                        "",
		"/local/path":                            "",
		"https://user:pw@example.com/":           "",
		"http:alert(1)":                          "",
		"https://example.com/\"><script>x":       "https://example.com/%22%3E%3Cscript%3Ex",
		"seeds/000_13e963bc4ee3192c.txt":         "",
		"https://ro.wikipedia.org/wiki/Ploiești": "https://ro.wikipedia.org/wiki/Ploie%C8%99ti",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHTMLHostile feeds the report an article that tries every way to run
// script or break the page, and checks that all of it is shown as text.
// TestBrowser (report/browsertest) loads the same page in Chromium.
func TestHTMLHostile(t *testing.T) {
	docs := reporttest.Hostile()
	res := analyze(t, docs, churn.Options{})
	res.Skipped = []churn.Skipped{{Name: "<script>document.title='pwned'</script>", Reason: "</style><img src=x onerror=alert(1)>"}}
	if len(res.Pairs) == 0 || len(res.Pairs[0].Passages) == 0 {
		t.Fatal("the hostile article and its copy share no passage")
	}
	// checkHTML finds no script, image, frame, handler or javascript: link
	// but the page's own.
	doc, out := renderHTML(t, res, docs, HTMLOptions{})
	for _, bad := range []string{"<script>document", "<img", "<iframe", "<svg onload", "href=\"javascript", "onerror=\"", "<meta http-equiv=\"refresh"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("report contains %q unescaped", bad)
		}
	}
	if bytes.Contains(out, []byte("\u202e")) {
		t.Errorf("a right-to-left override in a title was kept")
	}
	// The text is shown, verbatim, in both columns.
	pair := byID(doc, "pair-1")
	if pair == nil {
		t.Fatal("no side-by-side view")
	}
	cols := find(pair, func(e *html.Node) bool { return hasClass(e, "text") })
	if len(cols) != 2 {
		t.Fatalf("%d columns", len(cols))
	}
	for i, col := range cols {
		var b strings.Builder
		for c := range col.Descendants() {
			if c.Type == html.TextNode && !hasClass(c.Parent, "chip") {
				b.WriteString(c.Data)
			}
		}
		if want := string(docs[i].Text); b.String() != want {
			t.Errorf("column %d does not show the text verbatim:\n%s", i, b.String())
		}
		if len(find(col, func(e *html.Node) bool { return e.Data == "mark" })) == 0 {
			t.Errorf("column %d has no highlight", i)
		}
	}
	// The page is whole: every section after the hostile text is there,
	// and the title is ours.
	for _, id := range []string{"heatmap", "pairs", "groups", "documents", "compare", "skipped"} {
		if byID(doc, id) == nil {
			t.Errorf("section %s is missing", id)
		}
	}
	if titles := find(doc, func(e *html.Node) bool { return e.Data == "title" }); len(titles) != 1 || textOf(titles[0]) != "churn report" {
		t.Errorf("page title is not churn report")
	}
	if n := len(find(doc, func(e *html.Node) bool { return e.Data == "footer" })); n != 1 {
		t.Errorf("%d footers", n)
	}
	// The javascript: URLs are shown as text, not linked; the bad lang
	// tag is dropped.
	if n := len(find(doc, func(e *html.Node) bool { return hasClass(e, "bad") })); n < 2 {
		t.Errorf("%d unlinked URLs shown, want at least 2", n)
	}
	if n := len(find(doc, func(e *html.Node) bool { return attr(e, "lang") != "" && e.Data != "html" })); n != 0 {
		t.Errorf("%d elements with a lang attribute from the input", n)
	}
}

func TestHTMLErrors(t *testing.T) {
	docs := reporttest.Unrelated()
	res := analyze(t, docs, churn.Options{})
	boom := errors.New("disk full")
	if err := HTML(errWriter{boom}, res, docs, HTMLOptions{}); err == nil || !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "report: ") {
		t.Errorf("writer error: %v", err)
	}

	pairRes := analyze(t, clusterDocs(3), churn.Options{})
	badSpan := *pairRes
	badSpan.Pairs = slices.Clone(pairRes.Pairs)
	badSpan.Pairs[0].Passages = []churn.Passage{{A: churn.Span{Start: 0, End: 1 << 20}}}

	for name, tc := range map[string]struct {
		res  *churn.Result
		docs []churn.Document
	}{
		"nil result":     {nil, docs},
		"missing docs":   {res, nil},
		"other docs":     {res, []churn.Document{docs[1], docs[0], docs[2]}},
		"other text":     {res, append(docs[:2:2], churn.Document{ID: docs[2].ID, Text: []byte("changed")})},
		"pair range":     {&churn.Result{Docs: res.Docs, Pairs: []churn.Pair{{A: 0, B: 3}}}, docs},
		"cluster range":  {&churn.Result{Docs: res.Docs, Clusters: []churn.Cluster{{Origin: 7}}}, docs},
		"short matrix":   {&churn.Result{Docs: res.Docs, Matrix: res.Matrix[:1]}, docs},
		"span past text": {&badSpan, clusterDocs(3)},
	} {
		var b bytes.Buffer
		err := HTML(&b, tc.res, tc.docs, HTMLOptions{})
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("%s: error %q lacks the prefix", name, err)
		}
		if b.Len() > 0 {
			t.Errorf("%s: wrote %d bytes", name, b.Len())
		}
	}
}

// TestSegments checks the cutting of a text into highlighted stretches,
// with overlapping passages on one side.
func TestSegments(t *testing.T) {
	text := []byte("0123456789abcdefghij")
	ps := []churn.Passage{
		{A: churn.Span{Start: 2, End: 8}, B: churn.Span{Start: 10, End: 16}},
		{A: churn.Span{Start: 12, End: 15}, B: churn.Span{Start: 12, End: 18}},
	}
	var got []string
	for _, s := range segments(text, ps, false, "x", "y") {
		var chips []string
		for _, c := range s.Chips {
			chips = append(chips, fmt.Sprintf("[%d %s→%s]", c.N, c.ID, c.To))
		}
		got = append(got, fmt.Sprintf("%s%q %s %s", strings.Join(chips, ""), s.Text, s.Class, s.Key))
	}
	want := []string{
		`"0123456789"  `,
		`[1 x1→y1]"ab" c0 x1`,
		`[2 x2→y2]"cdef" c1 ov x2`,
		`"gh" c1 x2`,
		`"ij"  `,
	}
	if !slices.Equal(got, want) {
		t.Errorf("segments:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHTMLThousand renders a report of 1,000 documents: no matrix, a
// heatmap per group, the top pairs side by side, and a file that stays
// small enough to open at once (report/browsertest.TestBrowser measures how fast).
func TestHTMLThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the 1,000-document report")
	}
	res, docs, analysed, err := reporttest.Thousand()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	doc, out := renderHTML(t, res, docs, HTMLOptions{})
	rendered := time.Since(start)
	t.Logf("1,000 documents: %d pairs, %d groups; analysed in %v, report of %d bytes rendered in %v",
		len(res.Pairs), len(res.Clusters), analysed.Round(time.Millisecond), len(out), rendered.Round(time.Millisecond))
	if res.Matrix != nil {
		t.Fatal("1,000 documents got a matrix")
	}
	if len(res.Pairs) < DefaultSideBySide || len(res.Clusters) < 100 {
		t.Fatalf("%d pairs and %d groups: the synthetic corpus is not syndicated enough", len(res.Pairs), len(res.Clusters))
	}
	if n := len(find(doc, func(e *html.Node) bool { return e.Data == "article" && hasClass(e, "pair") })); n != DefaultSideBySide {
		t.Errorf("%d pairs side by side, want %d", n, DefaultSideBySide)
	}
	for _, tbl := range find(doc, func(e *html.Node) bool { return e.Data == "table" && hasClass(e, "heat") }) {
		if rows := find(tbl, func(e *html.Node) bool { return e.Data == "tr" }); len(rows) > HeatmapLimit+1 {
			t.Errorf("a heatmap has %d rows", len(rows))
		}
	}
	if len(out) > 4<<20 {
		t.Errorf("1,000-document report is %d bytes, want under 4 MB", len(out))
	}
}

// TestHTMLStyleScript checks that the inline style sheet and script cannot
// end their elements early, since they are inserted verbatim.
func TestHTMLStyleScript(t *testing.T) {
	for name, s := range map[string]string{"style": htmlStyle, "script": htmlScript} {
		if regexp.MustCompile(`(?i)</|<!--`).MatchString(s) {
			t.Errorf("%s contains </ or <!--", name)
		}
	}
}
