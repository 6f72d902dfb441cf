package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/churnalism/churn"
)

// DefaultSideBySide is the number of pairs HTML shows side by side, with
// both full texts, when HTMLOptions.TopPairs is 0.
const DefaultSideBySide = 50

// HeatmapLimit is the largest corpus for which HTML draws the whole
// similarity matrix as one heatmap. A larger corpus gets a heatmap of each
// syndication group and the table of pairs instead.
const HeatmapLimit = 40

// htmlPairRows is the most pairs the table of pairs lists; the JSON
// report has the rest.
const htmlPairRows = 1000

// htmlGroupPairs is the most pair links listed under one syndication group.
const htmlGroupPairs = 20

// passageColours is the number of distinct highlight colours; passage i
// of a pair has colour i mod passageColours on both sides.
const passageColours = 12

// HTMLOptions control HTML. The zero value gives the defaults.
type HTMLOptions struct {
	// Title is the page's title and heading; "" means "churn report".
	Title string
	// TopPairs is the number of pairs shown side by side with the full
	// text of both documents, most similar first. 0 means
	// DefaultSideBySide; a negative value shows every pair.
	TopPairs int
}

// HTML writes res to w as one self-contained HTML page for people: an
// editor checking whether an outlet copied the wire wants to see it.
// docs are the documents res was computed from, in the same order
// (docs[i] is res.Docs[i]); HTML needs their original texts, which the
// Result does not hold, to show the shared passages in context.
//
// The page has, in order:
//
//   - a heading and a summary: the number of documents, pairs, groups and
//     skipped inputs, the reporting rule and the most similar pair;
//   - a heatmap of the similarity matrix, cells shaded by Jaccard
//     similarity, with a legend. Rows and columns are ordered so that
//     syndication groups sit together: the members of each group in group
//     order (origin first), then the other documents in input order.
//     Reported pairs are outlined and link to their side-by-side view. A
//     corpus without a matrix or with more than HeatmapLimit documents
//     gets no full heatmap: each group gets its own instead, from the
//     matrix if there is one, else from the reported pairs (an unreported
//     pair shows as "<threshold");
//   - the syndication groups with their likely origin, and how much of
//     each member is text shared with the group;
//   - the pairs, most similar first (at most 1000), with Jaccard
//     similarity, containment both ways and coverage;
//   - the first TopPairs pairs side by side: both texts in full, the
//     shared passages highlighted, passage i in the same colour on both
//     sides, each passage numbered and linked to its counterpart, with
//     title, outlet, date and URL where known;
//   - the documents, with title, outlet and publication date where known;
//   - the inputs that were skipped.
//
// Long parts (side-by-side views, groups, the tables) are rendered by the
// browser only when scrolled to (CSS content-visibility), so that a report
// on a thousand documents opens at once.
//
// The page loads nothing: its style and its small script are inline and
// a Content-Security-Policy meta tag allows exactly those two, by their
// SHA-256 hash, and nothing else, so it works offline and from an email
// attachment. It reads in full without JavaScript; the script only makes
// tables sortable and, on a click on a passage, scrolls the other column to
// its counterpart. Links to article URLs are made only for http and https
// URLs, and open without a referrer.
//
// Article text, titles, names and every other string from the input are
// untrusted (a disinformation site writes what it likes): they are only
// ever inserted as text, escaped by html/template, with control
// characters and invalid UTF-8 replaced by U+FFFD.
//
// Like Table, HTML is deterministic (the same arguments give the same
// bytes: there is no timestamp) and builds the whole page before writing
// it, so w receives either the complete page or, if rendering fails,
// nothing.
func HTML(w io.Writer, res *churn.Result, docs []churn.Document, opts HTMLOptions) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	if err := checkHTMLInput(res, docs); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := htmlPage.Execute(&b, buildHTMLView(res, docs, opts)); err != nil {
		return fmt.Errorf("report: rendering HTML: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("report: writing HTML: %w", err)
	}
	return nil
}

// checkHTMLInput checks that docs are the documents of res and that every
// index and span in res is in range.
func checkHTMLInput(res *churn.Result, docs []churn.Document) error {
	if len(docs) != len(res.Docs) {
		return fmt.Errorf("report: %d documents given for a result of %d", len(docs), len(res.Docs))
	}
	for i, d := range docs {
		if d.ID != res.Docs[i].ID {
			return fmt.Errorf("report: document %d is %q, the result's is %q", i, d.ID, res.Docs[i].ID)
		}
		if len(d.Text) != res.Docs[i].Bytes {
			return fmt.Errorf("report: document %q has %d bytes, the result's has %d", d.ID, len(d.Text), res.Docs[i].Bytes)
		}
	}
	n := len(res.Docs)
	inRange := func(i int) error {
		if i < 0 || i >= n {
			return fmt.Errorf("report: result refers to document %d of %d", i, n)
		}
		return nil
	}
	if res.Matrix != nil && !square(res.Matrix, n) {
		return fmt.Errorf("report: matrix is not %d×%d, the number of documents", n, n)
	}
	for k, p := range res.Pairs {
		if err := errors.Join(inRange(p.A), inRange(p.B)); err != nil {
			return err
		}
		for i, q := range p.Passages {
			if !spanIn(q.A, len(docs[p.A].Text)) || !spanIn(q.B, len(docs[p.B].Text)) {
				return fmt.Errorf("report: passage %d of pair %d (%s, %s) lies outside the documents' texts",
					i+1, k+1, docs[p.A].ID, docs[p.B].ID)
			}
		}
	}
	for _, c := range res.Clusters {
		if err := inRange(c.Origin); err != nil {
			return err
		}
		for _, m := range c.Members {
			if err := inRange(m.Doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// spanIn reports whether s is a valid span of a text of n bytes.
func spanIn(s churn.Span, n int) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= n }

// The view types below hold everything the template shows, computed and
// formatted in Go; the template only lays it out. Every string in them is
// plain text that html/template escapes, except the trusted constants
// Style and Script.

type htmlView struct {
	Title       string
	CSP         string
	Style       template.CSS
	Script      template.JS
	Rule        string // the reporting rule, "Jaccard ≥ 10% or …"
	Setup       string // documents, shingles
	Lead        string // one sentence on the most similar pair
	LeadHref    string
	Stats       []htmlStat
	Boilerplate string
	Heatmap     *htmlHeatmap
	NoHeatmap   string // why there is no full heatmap
	Legend      []htmlLegend
	Pairs       []htmlPairRow
	PairsMore   int
	Groups      []htmlGroup
	Docs        []htmlDoc
	Compare     []htmlCompare
	CompareMore int
	Skipped     []htmlSkipped
	Footer      []string
}

type htmlStat struct {
	N     string
	Label string
	Href  string
}

type htmlLegend struct {
	Class, Label string
}

// htmlRef names a document in a heading, a table cell or a link.
type htmlRef struct {
	ID   string // the document's ID
	Tip  string // title or name, for a tooltip
	Href string // "#doc-3"
}

type htmlMeta struct {
	Title    string
	Outlet   string
	Date     string // for people
	DateTime string // for the datetime attribute
	URL      string // a safe http(s) URL to link, or ""
	BadURL   string // a URL that is not linked because it is not http(s)
	Name     string
	Lang     string
	Notes    string
}

type htmlHeatmap struct {
	Caption string
	Rotate  bool // column labels are long: set them vertically
	Grouped bool // the first column names the group of each row
	Cols    []htmlRef
	Rows    []htmlHeatRow
}

type htmlHeatRow struct {
	Group     string // group ID, on the first row of a block
	GroupSpan int    // rows of the block, on its first row; 0 elsewhere
	GroupHref string
	First     bool // the first row of a block other than the first
	Doc       htmlRef
	Cells     []htmlCell
}

type htmlCell struct {
	Text  string
	Class string
	Title string
	Href  string
}

type htmlPairRow struct {
	N         int
	ID        string // "pr-3"
	Href      string // the side-by-side view, if shown
	A, B      htmlRef
	Jaccard   string
	Class     string // "partially derived (B)"
	Reuse     string
	Passages  int
	CovA      string
	CovB      string
	Group     string
	GroupHref string
}

type htmlGroup struct {
	ID       string
	Anchor   string
	Size     int
	Origin   htmlRef
	OriginBy string
	Members  []htmlMember
	Heatmap  *htmlHeatmap
	Links    []htmlLink
	More     int
}

type htmlMember struct {
	Doc    htmlRef
	Meta   htmlMeta
	Share  string
	Bar    int // bar width in pixels, 0–100
	Origin bool
}

type htmlLink struct {
	Text, Href string
}

type htmlDoc struct {
	Ref         htmlRef
	Anchor      string
	Meta        htmlMeta
	Bytes       int
	Boilerplate string
	Group       string
	GroupHref   string
	Pairs       int
}

type htmlCompare struct {
	N        int
	Anchor   string
	A, B     htmlSide
	Jaccard  string
	CA, CB   string // reuse scores
	Class    string
	Shared   int
	Passages []htmlPassageRow
}

type htmlSide struct {
	Doc   htmlRef
	Meta  htmlMeta
	Cover string
	Segs  []htmlSeg
}

// htmlSeg is a stretch of text in which the set of passages does not
// change.
type htmlSeg struct {
	Text  string
	Chips []htmlChip // passages that start here
	Mark  bool
	Class string // colour of the innermost passage, "c3", and " ov" for overlaps
	Key   string // this side's id of the innermost passage, "p1-a3"
	To    string // the counterpart's id, "p1-b3"
	Title string
}

// htmlChip is a passage's number at its start: an anchor and a link to the
// same number on the other side.
type htmlChip struct {
	N     int
	ID    string
	To    string
	Class string
}

type htmlPassageRow struct {
	N     int
	Class string
	AHref string
	BHref string
	A, B  string // byte ranges
	Chars int
	Match string
	Quote string
}

type htmlSkipped struct {
	Name, Reason string
}

// heatBins are the upper bounds of the heatmap's shades, h0 to h6; h7 is
// everything from 70% up. The scale is roughly logarithmic: near-duplicate
// detection cares about the difference between 1% and 5% as much as
// between 40% and 70%.
var heatBins = []float64{0.01, 0.025, 0.05, 0.10, 0.20, 0.40, 0.70}

var heatLabels = []string{"<1", "1–2.5", "2.5–5", "5–10", "10–20", "20–40", "40–70", "≥70"}

// heatClass returns the shade class of a Jaccard similarity.
func heatClass(x float64) string {
	for i, b := range heatBins {
		if x < b {
			return "h" + strconv.Itoa(i)
		}
	}
	return "h" + strconv.Itoa(len(heatBins))
}

// htmlBuilder holds what the parts of the page share.
type htmlBuilder struct {
	res      *churn.Result
	docs     []churn.Document
	thr      string         // threshold in percent, "10"
	pairOf   map[[2]int]int // (a, b), a < b, to index in res.Pairs
	groupOf  []int          // document to group index, -1 if none
	shown    int            // pairs shown side by side
	docPairs []int          // number of reported pairs per document
}

// buildHTMLView computes and formats everything the page shows, from a
// Result that checkHTMLInput accepted.
func buildHTMLView(res *churn.Result, docs []churn.Document, opts HTMLOptions) *htmlView {
	hb := &htmlBuilder{
		res:      res,
		docs:     docs,
		thr:      threshold(res.Options.Threshold),
		pairOf:   make(map[[2]int]int, len(res.Pairs)),
		groupOf:  make([]int, len(res.Docs)),
		docPairs: make([]int, len(res.Docs)),
	}
	for i, p := range res.Pairs {
		hb.pairOf[pairKey(p.A, p.B)] = i
		hb.docPairs[p.A]++
		hb.docPairs[p.B]++
	}
	for i := range hb.groupOf {
		hb.groupOf[i] = -1
	}
	for g, c := range res.Clusters {
		for _, m := range c.Members {
			if hb.groupOf[m.Doc] < 0 {
				hb.groupOf[m.Doc] = g
			}
		}
	}
	top := opts.TopPairs
	switch {
	case top == 0:
		top = DefaultSideBySide
	case top < 0:
		top = len(res.Pairs)
	}
	hb.shown = min(top, len(res.Pairs))

	title := opts.Title
	if title == "" {
		title = "churn report"
	}
	style, script := htmlStyle, htmlScript
	v := &htmlView{
		Title:  clean(title),
		Style:  template.CSS(style),
		Script: template.JS(script),
		CSP:    htmlCSP(style, script),
		Rule:   reportRule(res.Options),
		Setup: fmt.Sprintf("%s compared by their %d-character shingles",
			plural(len(res.Docs), "document", "documents"), res.Options.K),
	}
	for i, l := range heatLabels {
		v.Legend = append(v.Legend, htmlLegend{Class: "h" + strconv.Itoa(i), Label: l})
	}

	v.Stats = []htmlStat{
		{N: strconv.Itoa(len(res.Docs)), Label: pluralWord(len(res.Docs), "document", "documents"), Href: "#documents"},
		{N: strconv.Itoa(len(res.Pairs)), Label: pluralWord(len(res.Pairs), "pair sharing text", "pairs sharing text"), Href: "#pairs"},
		{N: strconv.Itoa(len(res.Clusters)), Label: pluralWord(len(res.Clusters), "syndication group", "syndication groups"), Href: "#groups"},
	}
	if len(res.Skipped) > 0 {
		v.Stats = append(v.Stats, htmlStat{N: strconv.Itoa(len(res.Skipped)),
			Label: pluralWord(len(res.Skipped), "input skipped", "inputs skipped"), Href: "#skipped"})
	}
	if len(res.Pairs) == 0 {
		v.Lead = "No pair of documents reaches the reporting rule."
	} else {
		p := res.Pairs[0]
		v.Lead = clean(fmt.Sprintf("Most derived: %s and %s, %s, reuse %s%%, %s; %s%% of %s and %s%% of %s is shared text.",
			res.Docs[p.A].ID, res.Docs[p.B].ID, classLabel(res, p), Percent(p.Reuse),
			plural(len(p.Passages), "shared passage", "shared passages"),
			Percent(p.CoverageA), res.Docs[p.A].ID, Percent(p.CoverageB), res.Docs[p.B].ID))
		if hb.shown > 0 {
			v.LeadHref = "#pair-1"
		}
	}
	v.Boilerplate = hb.boilerplate()

	n := len(res.Docs)
	switch {
	case n == 0:
		v.NoHeatmap = "There are no documents."
	case res.Matrix != nil && n <= HeatmapLimit:
		v.Heatmap = hb.heatmap(hb.order(), "Jaccard similarity, %", true)
	default:
		why := fmt.Sprintf("%d documents are too many for one heatmap", n)
		if res.Matrix == nil {
			if res.Options.MatrixLimit < 0 {
				why = fmt.Sprintf("The similarity matrix was turned off for these %d documents", n)
			} else {
				why = fmt.Sprintf("%d documents are too many for a similarity matrix (limit %d)", n, res.Options.MatrixLimit)
			}
		}
		if len(res.Clusters) > 0 {
			why += ": each syndication group has its own heatmap below, and the table lists the pairs."
		} else {
			why += "; the table lists the pairs."
		}
		v.NoHeatmap = why
	}

	for i, p := range res.Pairs[:min(len(res.Pairs), htmlPairRows)] {
		v.Pairs = append(v.Pairs, hb.pairRow(i, p))
	}
	v.PairsMore = len(res.Pairs) - len(v.Pairs)

	for g := range res.Clusters {
		v.Groups = append(v.Groups, hb.group(g, v.Heatmap == nil))
	}
	for i := range res.Docs {
		v.Docs = append(v.Docs, hb.doc(i))
	}
	for i, p := range res.Pairs[:hb.shown] {
		v.Compare = append(v.Compare, hb.compare(i, p))
	}
	v.CompareMore = len(res.Pairs) - hb.shown
	for _, s := range res.Skipped {
		v.Skipped = append(v.Skipped, htmlSkipped{Name: clean(s.Name), Reason: clean(s.Reason)})
	}

	o := res.Options
	v.Footer = []string{
		fmt.Sprintf("Shingles of %d characters, %d MinHash values (seed %d), LSH %d bands × %d rows tuned for Jaccard %s%%.",
			o.K, o.NumHashes, o.Seed, res.LSH.Bands, res.LSH.Rows, threshold(o.LSHThreshold)),
		fmt.Sprintf("%s proposed for verification: %d by LSH, %d by shared rare wording, %d by shared fingerprints (window %d, at least %d).",
			capitalize(plural(res.Candidates, "pair", "pairs")), res.LSHCandidates, res.GramCandidates, res.FingerprintCandidates, o.Window, o.MinFingerprints),
		fmt.Sprintf("Passages of at least %d characters, bridging edits of up to %d; text in more than %d documents is boilerplate.",
			o.MinPassage, o.MaxGap, o.BoilerplateDocs),
	}
	if o.BoilerplateDocs < 0 {
		v.Footer[2] = fmt.Sprintf("Passages of at least %d characters, bridging edits of up to %d; no text counted as boilerplate for being frequent.",
			o.MinPassage, o.MaxGap)
	}
	if res.Matrix != nil {
		v.Footer[1] = strings.TrimSuffix(v.Footer[1], ".") + "; every pair was verified for the matrix."
	}
	return v
}

// pairKey returns the key of the pair of documents a and b in any order.
func pairKey(a, b int) [2]int {
	if a > b {
		a, b = b, a
	}
	return [2]int{a, b}
}

// order returns the documents in heatmap order: the members of each group
// in group order, then the other documents in input order.
func (hb *htmlBuilder) order() []int {
	n := len(hb.res.Docs)
	seen := make([]bool, n)
	var out []int
	for _, c := range hb.res.Clusters {
		for _, m := range c.Members {
			if !seen[m.Doc] {
				seen[m.Doc] = true
				out = append(out, m.Doc)
			}
		}
	}
	for i := range n {
		if !seen[i] {
			out = append(out, i)
		}
	}
	return out
}

// ref returns the reference to document i.
func (hb *htmlBuilder) ref(i int) htmlRef {
	d := hb.res.Docs[i]
	tip := d.Meta.Title
	if tip == "" {
		tip = d.Name
	}
	return htmlRef{ID: clean(d.ID), Tip: clean(tip), Href: "#doc-" + strconv.Itoa(i+1)}
}

// similarity returns the Jaccard similarity of documents a and b, from the
// matrix or the reported pairs, and whether it is known.
func (hb *htmlBuilder) similarity(a, b int) (float64, bool) {
	if hb.res.Matrix != nil {
		return hb.res.Matrix[a][b], true
	}
	if k, ok := hb.pairOf[pairKey(a, b)]; ok {
		return hb.res.Pairs[k].Jaccard, true
	}
	return 0, false
}

// pairHref returns the link to the pair of a and b: its side-by-side view
// if shown, else its row in the table of pairs; "" if it is not reported.
func (hb *htmlBuilder) pairHref(a, b int) (string, int) {
	k, ok := hb.pairOf[pairKey(a, b)]
	switch {
	case !ok:
		return "", -1
	case k < hb.shown:
		return "#pair-" + strconv.Itoa(k+1), k
	case k < htmlPairRows:
		return "#pr-" + strconv.Itoa(k+1), k
	}
	return "", k
}

// heatmap returns the heatmap of the documents ids, in that order, with a
// first column naming the group of each block of rows if grouped.
func (hb *htmlBuilder) heatmap(ids []int, caption string, grouped bool) *htmlHeatmap {
	h := &htmlHeatmap{Caption: caption}
	for _, i := range ids {
		r := hb.ref(i)
		h.Cols = append(h.Cols, r)
		if utf8.RuneCountInString(r.ID) > 4 {
			h.Rotate = true
		}
	}
	groupOf := func(i int) int { return hb.groupOf[i] }
	for _, i := range ids {
		if grouped && groupOf(i) >= 0 {
			h.Grouped = true
		}
	}
	// blockStart reports whether position p starts a new block of rows.
	blockStart := func(p int) bool { return p > 0 && groupOf(ids[p]) != groupOf(ids[p-1]) }
	for p, i := range ids {
		row := htmlHeatRow{Doc: hb.ref(i), First: blockStart(p)}
		if h.Grouped && (p == 0 || blockStart(p)) {
			span := 1
			for q := p + 1; q < len(ids) && groupOf(ids[q]) == groupOf(i); q++ {
				span++
			}
			row.GroupSpan = span
			if g := groupOf(i); g >= 0 {
				row.Group = groupName(g)
				row.GroupHref = "#group-" + strconv.Itoa(g+1)
			}
		}
		for q, j := range ids {
			var c htmlCell
			cls := []string{}
			if i == j {
				c.Text = "—"
				cls = append(cls, "d")
				c.Title = hb.res.Docs[i].ID
			} else if x, ok := hb.similarity(i, j); ok {
				c.Text = Percent(x)
				cls = append(cls, heatClass(x))
				c.Title = hb.res.Docs[i].ID + " × " + hb.res.Docs[j].ID
			} else {
				c.Text = "<" + hb.thr
				cls = append(cls, "na")
				c.Title = fmt.Sprintf("%s × %s: below the threshold, not reported", hb.res.Docs[i].ID, hb.res.Docs[j].ID)
			}
			if href, k := hb.pairHref(i, j); k >= 0 {
				cls = append(cls, "r")
				c.Href = href
				c.Title += " · pair " + strconv.Itoa(k+1)
			}
			if blockStart(q) {
				cls = append(cls, "gl")
			}
			c.Class = strings.Join(cls, " ")
			c.Title = clean(c.Title)
			row.Cells = append(row.Cells, c)
		}
		h.Rows = append(h.Rows, row)
	}
	return h
}

// classLabel says how derived a pair is and which document is derived:
// "partially derived (003 from 001)", or without dates "partially
// derived".
func classLabel(res *churn.Result, p churn.Pair) string {
	s := p.Class.String()
	switch p.Derived {
	case churn.SideA:
		s += " (" + res.Docs[p.A].ID + " from " + res.Docs[p.B].ID + ")"
	case churn.SideB:
		s += " (" + res.Docs[p.B].ID + " from " + res.Docs[p.A].ID + ")"
	}
	return s
}

// groupName is the name of group g: "c1", "c2"… as in the other reports.
func groupName(g int) string { return "c" + strconv.Itoa(g+1) }

func (hb *htmlBuilder) pairRow(k int, p churn.Pair) htmlPairRow {
	r := htmlPairRow{
		N:        k + 1,
		ID:       "pr-" + strconv.Itoa(k+1),
		A:        hb.ref(p.A),
		B:        hb.ref(p.B),
		Jaccard:  Percent(p.Jaccard),
		Class:    classLabel(hb.res, p),
		Reuse:    Percent(p.Reuse),
		Passages: len(p.Passages),
		CovA:     Percent(p.CoverageA),
		CovB:     Percent(p.CoverageB),
	}
	if k < hb.shown {
		r.Href = "#pair-" + strconv.Itoa(k+1)
	}
	if g := hb.groupOf[p.A]; g >= 0 && g == hb.groupOf[p.B] {
		r.Group = groupName(g)
		r.GroupHref = "#group-" + strconv.Itoa(g+1)
	}
	return r
}

func (hb *htmlBuilder) group(g int, withHeatmap bool) htmlGroup {
	c := hb.res.Clusters[g]
	out := htmlGroup{
		ID:     groupName(g),
		Anchor: "group-" + strconv.Itoa(g+1),
		Size:   len(c.Members),
		Origin: hb.ref(c.Origin),
	}
	switch c.OriginBy {
	case "published":
		out.OriginBy = "published first"
	case "containment":
		out.OriginBy = "contains most of what the others share with it"
	default:
		out.OriginBy = clean(string(c.OriginBy))
	}
	var ids []int
	for _, m := range c.Members {
		out.Members = append(out.Members, htmlMember{
			Doc:    hb.ref(m.Doc),
			Meta:   hb.meta(m.Doc),
			Share:  Percent(m.Share),
			Bar:    int(math.Round(100 * math.Max(0, math.Min(1, m.Share)))),
			Origin: m.Doc == c.Origin,
		})
		ids = append(ids, m.Doc)
	}
	if withHeatmap {
		caption := "Jaccard similarity within " + groupName(g) + ", %"
		if len(ids) > HeatmapLimit {
			caption += fmt.Sprintf(" (the first %d of %d members)", HeatmapLimit, len(ids))
			ids = ids[:HeatmapLimit]
		}
		out.Heatmap = hb.heatmap(ids, caption, false)
	}
	if out.Heatmap != nil {
		return out // its cells link to the pairs
	}
	in := make(map[int]bool, len(c.Members))
	for _, m := range c.Members {
		in[m.Doc] = true
	}
	for k, p := range hb.res.Pairs {
		if !in[p.A] || !in[p.B] {
			continue
		}
		if len(out.Links) == htmlGroupPairs {
			out.More++
			continue
		}
		href, _ := hb.pairHref(p.A, p.B)
		out.Links = append(out.Links, htmlLink{
			Text: clean(fmt.Sprintf("#%d %s ↔ %s %s%%", k+1, hb.res.Docs[p.A].ID, hb.res.Docs[p.B].ID, Percent(p.Jaccard))),
			Href: href,
		})
	}
	return out
}

func (hb *htmlBuilder) doc(i int) htmlDoc {
	d := hb.res.Docs[i]
	out := htmlDoc{
		Ref:    hb.ref(i),
		Anchor: "doc-" + strconv.Itoa(i+1),
		Meta:   hb.meta(i),
		Bytes:  d.Bytes,
		Pairs:  hb.docPairs[i],
	}
	var bp float64
	if d.Bytes > 0 {
		bp = float64(d.Boilerplate) / float64(d.Bytes)
	}
	out.Boilerplate = Percent(bp)
	if g := hb.groupOf[i]; g >= 0 {
		out.Group = groupName(g)
		out.GroupHref = "#group-" + strconv.Itoa(g+1)
	}
	return out
}

// meta returns what is known about document i, made safe to show.
func (hb *htmlBuilder) meta(i int) htmlMeta {
	d := hb.res.Docs[i]
	m := htmlMeta{
		Title:  clean(d.Meta.Title),
		Outlet: clean(d.Meta.Outlet),
		Name:   clean(d.Name),
		Notes:  clean(strings.Join(d.Meta.Notes, "; ")),
	}
	if t := d.Meta.Published; !t.IsZero() {
		m.Date, m.DateTime = htmlDate(t)
	}
	if d.Meta.URL != "" {
		if u := safeURL(d.Meta.URL); u != "" {
			m.URL = u
		} else {
			m.BadURL = clean(d.Meta.URL)
		}
	} else if u := safeURL(d.Name); u != "" {
		m.URL = u
	}
	if langTag.MatchString(d.Meta.Lang) {
		m.Lang = d.Meta.Lang
	}
	return m
}

// htmlDate formats a publication time for people and for the datetime
// attribute: the date, and the time of day when it is not midnight.
func htmlDate(t time.Time) (human, machine string) {
	machine = t.Format(time.RFC3339)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02"), machine
	}
	return t.Format("2006-01-02 15:04 Z07:00"), machine
}

// langTag matches what a lang attribute may safely hold: a BCP 47 tag.
var langTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// safeURL returns s as an absolute http or https URL, or "" if it is not
// one: javascript:, data: and every other scheme is never linked.
func safeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	return u.String()
}

func (hb *htmlBuilder) compare(k int, p churn.Pair) htmlCompare {
	id := "p" + strconv.Itoa(k+1)
	c := htmlCompare{
		N:       k + 1,
		Anchor:  "pair-" + strconv.Itoa(k+1),
		Jaccard: Percent(p.Jaccard),
		CA:      Percent(p.ReuseA),
		CB:      Percent(p.ReuseB),
		Class:   classLabel(hb.res, p),
		Shared:  p.Shared,
		A: htmlSide{Doc: hb.ref(p.A), Meta: hb.meta(p.A), Cover: Percent(p.CoverageA),
			Segs: segments(hb.docs[p.A].Text, p.Passages, true, id+"-a", id+"-b")},
		B: htmlSide{Doc: hb.ref(p.B), Meta: hb.meta(p.B), Cover: Percent(p.CoverageB),
			Segs: segments(hb.docs[p.B].Text, p.Passages, false, id+"-b", id+"-a")},
	}
	for i, q := range p.Passages {
		match := Percent(q.Matched) + "% matched"
		if q.Identical {
			match = "identical"
		}
		c.Passages = append(c.Passages, htmlPassageRow{
			N:     i + 1,
			Class: colourClass(i),
			AHref: "#" + id + "-a" + strconv.Itoa(i+1),
			BHref: "#" + id + "-b" + strconv.Itoa(i+1),
			A:     fmt.Sprintf("%d–%d", q.A.Start, q.A.End),
			B:     fmt.Sprintf("%d–%d", q.B.Start, q.B.End),
			Chars: q.CharsA,
			Match: match,
			Quote: shorten(q.TextA, 90),
		})
	}
	return c
}

// colourClass is the highlight class of passage i.
func colourClass(i int) string { return "c" + strconv.Itoa(i%passageColours) }

// segments cuts text into stretches at every passage boundary on one side
// (A if sideA, else B). A stretch inside passages is marked with the
// colour of the innermost one (the one that starts last) and linked to its
// counterpart on the other side; passages may overlap on one side when
// two passages of A match the same text of B. self and other prefix the
// ids of this side's and the other side's passage numbers ("p1-a").
func segments(text []byte, ps []churn.Passage, sideA bool, self, other string) []htmlSeg {
	span := func(q churn.Passage) churn.Span {
		if sideA {
			return q.A
		}
		return q.B
	}
	cuts := []int{0, len(text)}
	for _, q := range ps {
		s := span(q)
		cuts = append(cuts, s.Start, s.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	var out []htmlSeg
	for c := 0; c+1 < len(cuts); c++ {
		lo, hi := cuts[c], cuts[c+1]
		var seg htmlSeg
		inner, covering := -1, 0
		for i, q := range ps {
			s := span(q)
			if s.Start == lo && s.End > s.Start {
				n := strconv.Itoa(i + 1)
				seg.Chips = append(seg.Chips, htmlChip{N: i + 1, ID: self + n, To: other + n, Class: colourClass(i)})
			}
			if s.Start <= lo && hi <= s.End {
				covering++
				if inner < 0 || s.Start > span(ps[inner]).Start {
					inner = i
				}
			}
		}
		seg.Text = cleanText(text[lo:hi])
		if inner >= 0 {
			n := strconv.Itoa(inner + 1)
			seg.Mark = true
			seg.Class = colourClass(inner)
			seg.Key, seg.To = self+n, other+n
			seg.Title = "passage " + n
			if covering > 1 {
				seg.Class += " ov"
				var all []string
				for i, q := range ps {
					if s := span(q); s.Start <= lo && hi <= s.End {
						all = append(all, strconv.Itoa(i+1))
					}
				}
				seg.Title = "passages " + strings.Join(all, ", ")
			}
		}
		out = append(out, seg)
	}
	return out
}

// shorten returns text on one line, white space collapsed, shortened in
// the middle, between words where it can, to about n characters.
func shorten(text string, n int) string {
	s := strings.Join(strings.Fields(clean(text)), " ")
	if r := []rune(s); len(r) > n {
		head, tail := string(r[:n/2]), string(r[len(r)-n/2:])
		if i := strings.LastIndexByte(head, ' '); i > n/4 {
			head = head[:i] // end on a whole word
		}
		if i := strings.IndexByte(tail, ' '); i >= 0 && i < len(tail)/2 {
			tail = tail[i+1:] // start on a whole word
		}
		s = strings.TrimSpace(head) + " … " + strings.TrimSpace(tail)
	}
	return s
}

// clean replaces invalid UTF-8, control characters (line breaks
// included) and bidirectional embeddings, overrides and isolates with
// U+FFFD, for text shown on one line, where an unterminated override
// could reorder the text around it.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
			('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069') {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// cleanText is clean for article text: it keeps tabs and line breaks.
func cleanText(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return r
		}
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(string(b), string(utf8.RuneError)))
}

// boilerplate says how much of each document was left out as boilerplate.
func (hb *htmlBuilder) boilerplate() string {
	var parts []string
	for _, d := range hb.res.Docs {
		if d.Boilerplate > 0 && d.Bytes > 0 {
			parts = append(parts, fmt.Sprintf("%s %s%%", d.ID, Percent(float64(d.Boilerplate)/float64(d.Bytes))))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	const most = 10
	more := ""
	if len(parts) > most {
		more = fmt.Sprintf(" and %d more documents", len(parts)-most)
		parts = parts[:most]
	}
	return clean(fmt.Sprintf("Left out as boilerplate (link lists, text in more than %d documents): %s%s.",
		hb.res.Options.BoilerplateDocs, strings.Join(parts, ", "), more))
}

// pluralWord returns the singular or the plural noun for n.
func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// htmlCSP returns the Content-Security-Policy of the page: nothing may be
// loaded, and only the page's own style and script, identified by their
// SHA-256 hashes, may run. Inline event handlers and style attributes are
// thereby refused as well, and the page has none.
func htmlCSP(style, script string) string {
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'none'; style-src " + hash(style) + "; script-src " + hash(script) +
		"; base-uri 'none'; form-action 'none'"
}

var htmlPage = template.Must(template.New("page").Parse(htmlTemplate))

const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="churn">
<title>{{.Title}}</title>
<style>{{.Style}}</style>
</head>
<body>
<header class="top">
<div class="wrap">
<h1>{{.Title}}</h1>
<p class="setup">{{.Setup}} · pairs reported at {{.Rule}}</p>
<ul class="stats">
{{- range .Stats}}
<li><a href="{{.Href}}"><b>{{.N}}</b> {{.Label}}</a></li>
{{- end}}
</ul>
<p class="lead">{{if .LeadHref}}<a href="{{.LeadHref}}">{{.Lead}}</a>{{else}}{{.Lead}}{{end}}</p>
{{- with .Boilerplate}}
<p class="note">{{.}}</p>
{{- end}}
<nav><a href="#heatmap">Heatmap</a><a href="#groups">Groups</a><a href="#pairs">Pairs</a>{{if .Compare}}<a href="#compare">Side by side</a>{{end}}<a href="#documents">Documents</a>{{if .Skipped}}<a href="#skipped">Skipped</a>{{end}}</nav>
</div>
</header>
<main class="wrap">
<div class="overview{{if not .Heatmap}} wide{{end}}">
<section id="heatmap" class="card">
<h2>Similarity</h2>
{{- with .Heatmap}}
{{template "heatmap" .}}
{{- else}}
<p class="note">{{.NoHeatmap}}</p>
{{- end}}
<div class="legend"><span class="lt">Jaccard, %</span>
{{- range .Legend}}<span class="sw {{.Class}}">{{.Label}}</span>{{end}}
<span class="sw key r">reported pair</span></div>
<p class="note">Each cell is the share of the two documents' distinct shingles that they have in common. Outlined cells are the pairs reported: click one to see their text side by side.</p>
</section>
<section id="groups">
<h2>Syndication groups</h2>
{{- if .Groups}}
<p class="note">Documents joined by shared text, the likely origin of that text first. Share: how much of each member is text it shares with the group.</p>
<div class="groups">
{{- range .Groups}}
<article class="card group lazy" id="{{.Anchor}}">
<h3>{{.ID}} <span class="sub">{{.Size}} documents · origin <a href="{{.Origin.Href}}">{{.Origin.ID}}</a>: {{.OriginBy}}</span></h3>
<table class="members">
<thead><tr><th>Document</th><th>Share</th></tr></thead>
<tbody>
{{- range .Members}}
<tr><td><a href="{{.Doc.Href}}">{{.Doc.ID}}</a>{{if .Origin}} <span class="badge">origin</span>{{end}}{{template "metashort" .Meta}}</td><td class="share"><svg width="100" height="8" aria-hidden="true"><rect class="bg" width="100" height="8" rx="2"/><rect class="fg" width="{{.Bar}}" height="8" rx="2"/></svg> {{.Share}}%</td></tr>
{{- end}}
</tbody>
</table>
{{- with .Heatmap}}
{{template "heatmap" .}}
{{- end}}
{{- if .Links}}
<p class="links">{{range .Links}}{{if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else}}<span>{{.Text}}</span>{{end}} {{end}}{{if .More}}<span>… and {{.More}} more</span>{{end}}</p>
{{- end}}
</article>
{{- end}}
</div>
{{- else}}
<p>No syndication groups: no documents share text.</p>
{{- end}}
</section>
</div>

<section id="pairs">
<h2>Pairs sharing text</h2>
{{- if .Pairs}}
<div class="scroll lazy">
<table class="pairs sortable">
<thead><tr><th class="n">#</th><th>A</th><th>B</th><th>Class</th><th class="n">Reuse %</th><th class="n">Jaccard %</th><th class="n">Passages</th><th class="n">Cover A %</th><th class="n">Cover B %</th><th>Group</th><th></th></tr></thead>
<tbody>
{{- range .Pairs}}
<tr id="{{.ID}}"><td class="n">{{.N}}</td><td><a href="{{.A.Href}}">{{.A.ID}}</a></td><td><a href="{{.B.Href}}">{{.B.ID}}</a></td><td>{{.Class}}</td><td class="n">{{.Reuse}}</td><td class="n">{{.Jaccard}}</td><td class="n">{{.Passages}}</td><td class="n">{{.CovA}}</td><td class="n">{{.CovB}}</td><td>{{if .Group}}<a href="{{.GroupHref}}">{{.Group}}</a>{{end}}</td><td>{{if .Href}}<a href="{{.Href}}">side by side</a>{{end}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
{{- if .PairsMore}}
<p class="note">… and {{.PairsMore}} more pairs not listed; the JSON report has them all.</p>
{{- end}}
<p class="note">Class: how derived the derived document (the later published, when dates are known) is from the other. Reuse: the share of its wording, letter 5-grams weighed by rarity, found in the other; without dates, the lower of the two documents' shares. Cover: the share of the document's bytes inside passages shared with the other.</p>
{{- else}}
<p>No pair of documents reaches {{.Rule}}.</p>
{{- end}}
</section>

{{- if .Compare}}

<section id="compare">
<h2>Side by side</h2>
<p class="note">Shared passages are highlighted in the same colour on both sides and numbered in the order of the left-hand document. Click a number to jump to the same passage on the other side.</p>
{{- range .Compare}}
<article class="pair lazy" id="{{.Anchor}}">
<h3><span class="num">#{{.N}}</span> {{.A.Doc.ID}} ↔ {{.B.Doc.ID}}</h3>
<dl class="figures">
<div><dt>Class</dt><dd>{{.Class}}</dd></div>
<div><dt>Reuse of {{.A.Doc.ID}}</dt><dd>{{.CA}}%</dd></div>
<div><dt>Reuse of {{.B.Doc.ID}}</dt><dd>{{.CB}}%</dd></div>
<div><dt>Jaccard</dt><dd>{{.Jaccard}}%</dd></div>
<div><dt>Passages</dt><dd>{{len .Passages}}</dd></div>
<div><dt>Shared text</dt><dd>{{.A.Cover}}% of {{.A.Doc.ID}} · {{.B.Cover}}% of {{.B.Doc.ID}}</dd></div>
<div><dt>Shingles shared</dt><dd>{{.Shared}}</dd></div>
</dl>
{{- if .Passages}}
<details class="plist"><summary>Passages with byte offsets</summary>
<table>
<thead><tr><th class="n">#</th><th class="n">{{.A.Doc.ID}} bytes</th><th class="n">{{.B.Doc.ID}} bytes</th><th class="n">Chars</th><th>Match</th><th>Text in {{.A.Doc.ID}}</th></tr></thead>
<tbody>
{{- range .Passages}}
<tr><td class="n"><a class="chip {{.Class}}" href="{{.AHref}}">{{.N}}</a></td><td class="n"><a href="{{.AHref}}">{{.A}}</a></td><td class="n"><a href="{{.BHref}}">{{.B}}</a></td><td class="n">{{.Chars}}</td><td>{{.Match}}</td><td class="q">{{.Quote}}</td></tr>
{{- end}}
</tbody>
</table>
</details>
{{- end}}
<div class="sides">
{{template "side" .A}}
{{template "side" .B}}
</div>
</article>
{{- end}}
{{- if .CompareMore}}
<p class="note">{{.CompareMore}} more pairs are listed in the table of pairs but not shown side by side.</p>
{{- end}}
</section>
{{- end}}


<section id="documents">
<h2>Documents</h2>
<div class="scroll lazy">
<table class="docs sortable">
<thead><tr><th>ID</th><th>Title · outlet · published</th><th class="n">Bytes</th><th class="n">Boilerplate %</th><th class="n">Pairs</th><th>Group</th></tr></thead>
<tbody>
{{- range .Docs}}
<tr id="{{.Anchor}}"><td><b>{{.Ref.ID}}</b></td><td>{{template "metaline" .Meta}}</td><td class="n">{{.Bytes}}</td><td class="n">{{.Boilerplate}}</td><td class="n">{{.Pairs}}</td><td>{{if .Group}}<a href="{{.GroupHref}}">{{.Group}}</a>{{end}}</td></tr>
{{- end}}
</tbody>
</table>
</div>
</section>
{{- if .Skipped}}

<section id="skipped">
<h2>Skipped inputs</h2>
<table class="skipped">
<thead><tr><th>Input</th><th>Reason</th></tr></thead>
<tbody>
{{- range .Skipped}}
<tr><td>{{.Name}}</td><td>{{.Reason}}</td></tr>
{{- end}}
</tbody>
</table>
</section>
{{- end}}
</main>
<footer class="wrap">
{{- range .Footer}}
<p>{{.}}</p>
{{- end}}
<p>Made by churn. This page is self-contained: it loads nothing and runs only its own short script.</p>
</footer>
<script>{{.Script}}</script>
</body>
</html>
{{define "heatmap" -}}
<div class="scroll">
<table class="heat{{if .Rotate}} rot{{end}}">
<caption>{{.Caption}}</caption>
<thead><tr>{{if .Grouped}}<td></td>{{end}}<td></td>{{range .Cols}}<th scope="col"><span>{{.ID}}</span></th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr{{if .First}} class="gt"{{end}}>{{if .GroupSpan}}<th class="grp" rowspan="{{.GroupSpan}}">{{if .Group}}<a href="{{.GroupHref}}">{{.Group}}</a>{{end}}</th>{{end}}<th scope="row" title="{{.Doc.Tip}}"><a href="{{.Doc.Href}}">{{.Doc.ID}}</a></th>
{{- range .Cells}}<td class="{{.Class}}" title="{{.Title}}">{{if .Href}}<a href="{{.Href}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</div>
{{- end}}
{{define "metaline" -}}
{{if .Title}}<span class="title" dir="auto">{{.Title}}</span>{{end}}
{{- if or .Outlet .Date .URL .BadURL}}<span class="meta">
{{- if .Outlet}}<span dir="auto">{{.Outlet}}</span>{{end}}
{{- if .Date}}<time datetime="{{.DateTime}}">{{.Date}}</time>{{end}}
{{- if .URL}}<a href="{{.URL}}" rel="noopener noreferrer" target="_blank">{{.URL}}</a>{{end}}
{{- if .BadURL}}<span class="bad" title="not linked: not an http or https URL">{{.BadURL}}</span>{{end}}
</span>{{end}}
{{- if .Name}}<span class="name">{{.Name}}</span>{{end}}
{{- if .Notes}}<span class="name">{{.Notes}}</span>{{end}}
{{- end}}
{{define "metashort" -}}
{{if .Title}}<span class="title" dir="auto">{{.Title}}</span>{{end}}
{{- if or .Outlet .Date}}<span class="meta">
{{- if .Outlet}}<span dir="auto">{{.Outlet}}</span>{{end}}
{{- if .Date}}<time datetime="{{.DateTime}}">{{.Date}}</time>{{end}}
</span>{{end}}
{{- end}}
{{define "side" -}}
<div class="side">
<header><b>{{.Doc.ID}}</b> <span class="cover">{{.Cover}}% shared</span>{{template "metaline" .Meta}}</header>
<div class="text"{{if .Meta.Lang}} lang="{{.Meta.Lang}}"{{end}} dir="auto" tabindex="0">
{{- range .Segs}}
{{- range .Chips}}<a class="chip {{.Class}}" id="{{.ID}}" href="#{{.To}}" data-to="{{.To}}">{{.N}}</a>{{end}}
{{- if .Mark}}<mark class="{{.Class}}" data-k="{{.Key}}" data-to="{{.To}}" title="{{.Title}}">{{.Text}}</mark>{{else}}{{.Text}}{{end}}
{{- end -}}
</div>
</div>
{{- end}}
`

// htmlStyle is the page's style sheet. It must not contain "</": it is
// inserted verbatim.
const htmlStyle = `
:root{--ink:#1f2328;--muted:#5b6169;--rule:#d8dbe0;--panel:#f6f7f9;--link:#0b57d0;
--c0:#f7e06e;--c1:#a1d3f7;--c2:#f7a1a8;--c3:#9de7ce;--c4:#e9a1f7;--c5:#d5f76e;
--c6:#a1b2f7;--c7:#f7c5a1;--c8:#9de0e7;--c9:#f7a1da;--c10:#a3e79d;--c11:#c0a1f7}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Liberation Sans","DejaVu Sans",Arial,sans-serif;font-variant-numeric:tabular-nums}
a{color:var(--link);text-decoration:none}
a:hover{text-decoration:underline}
.wrap{max-width:1400px;margin:0 auto;padding:0 32px}
header.top{background:var(--panel);border-bottom:1px solid var(--rule);padding:24px 0 0}
h1{font-size:28px;line-height:1.2;margin:0 0 6px;letter-spacing:-.01em}
h2{font-size:20px;margin:36px 0 12px;letter-spacing:-.005em}
h3{font-size:16px;margin:0 0 10px}
.setup{margin:0 0 14px;color:var(--muted)}
.stats{display:flex;flex-wrap:wrap;gap:10px;list-style:none;margin:0 0 14px;padding:0}
.stats a{display:block;color:var(--ink);background:#fff;border:1px solid var(--rule);border-radius:8px;padding:6px 14px}
.stats b{font-size:20px;margin-right:4px}
.lead{font-size:16px;margin:0 0 6px}
.note{color:var(--muted);font-size:13px;margin:8px 0}
nav{display:flex;flex-wrap:wrap;gap:22px;margin-top:14px}
nav a{padding:8px 0;border-bottom:3px solid transparent;color:var(--ink);font-weight:600}
nav a:hover{border-bottom-color:var(--link);text-decoration:none}
main{padding-bottom:40px}
.card{border:1px solid var(--rule);border-radius:10px;padding:16px 18px;background:#fff}
.overview{display:flex;flex-wrap:wrap;gap:8px 28px;align-items:flex-start;margin-top:24px}
.overview>#heatmap{flex:0 1 auto;max-width:100%}
.overview>#groups{flex:1 1 440px;min-width:0}
.overview.wide>#groups{flex-basis:100%}
.overview h2{margin-top:0}
#heatmap .note{max-width:38em}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse}
th,td{padding:5px 10px;text-align:left;vertical-align:top}
thead th{font-size:12px;color:var(--muted);font-weight:600;border-bottom:1px solid var(--rule);white-space:nowrap}
.n{text-align:right}
tbody tr:nth-child(even){background:#fafbfc}
table.pairs,table.docs,table.skipped{min-width:60%}
table.pairs td,table.docs td,table.skipped td{border-bottom:1px solid #eef0f3}
caption{caption-side:top;text-align:left;font-size:13px;color:var(--muted);padding-bottom:6px}
table.heat{font-size:12.5px;margin:4px 0 6px}
table.heat tbody tr{background:none}
table.heat td{width:3.6em;min-width:3.6em;height:2.3em;padding:0 4px;text-align:center;vertical-align:middle;border:1px solid #fff}
table.heat td a{color:inherit;display:block;line-height:2.1em}
table.heat thead th{text-align:center;vertical-align:bottom;padding:2px 2px 6px;border:0}
table.heat th[scope=row]{text-align:right;padding:0 8px 0 4px;vertical-align:middle;white-space:nowrap;max-width:14em;overflow:hidden;text-overflow:ellipsis}
table.heat th[scope=row] a{color:var(--ink)}
table.heat.rot thead th span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:10em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
table.heat th.grp{vertical-align:middle;font-size:12px;padding:0 6px;border-right:3px solid var(--rule)}
table.heat tr.gt td,table.heat tr.gt th[scope=row]{border-top:3px solid #fff}
table.heat tr.gt td{box-shadow:inset 0 2px 0 #555}
table.heat td.gl{box-shadow:inset 2px 0 0 #555}
table.heat tr.gt td.gl{box-shadow:inset 2px 2px 0 #555}
table.heat td:hover{outline:2px solid var(--ink);outline-offset:-2px}
.h0{background:#f3f4f6;color:#6b7079}.h1{background:#fff1bf}.h2{background:#ffdd85}.h3{background:#fdbb5f}
.h4{background:#f98c48;color:#fff}.h5{background:#e4572e;color:#fff}.h6{background:#b9262b;color:#fff}.h7{background:#7a1027;color:#fff}
td.d{background:#fff;color:#b6bac1}
td.na{background:repeating-linear-gradient(135deg,#fff 0 4px,#eef0f3 4px 8px);color:#8a9099}
td.r{outline:2px solid var(--ink);outline-offset:-3px;font-weight:700}
.legend{display:flex;flex-wrap:wrap;align-items:center;gap:3px;font-size:11.5px;margin:10px 0 0}
.legend .lt{color:var(--muted);margin-right:6px}
.sw{display:inline-block;padding:2px 7px;border-radius:3px;min-width:3em;text-align:center}
.sw.key{background:#fff;outline:2px solid var(--ink);outline-offset:-2px;margin-left:10px;font-weight:700}
.groups{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:16px}
.group h3 .sub{font-weight:400;color:var(--muted);font-size:13px;margin-left:6px}
table.members{width:100%;margin-bottom:8px;table-layout:fixed}
table.members th:last-child{width:185px}
.members .title{font-weight:400;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.members td{border-bottom:1px solid #eef0f3}
.share{white-space:nowrap;text-align:right}
.share svg{vertical-align:middle;margin-right:6px}
.share .bg{fill:#eceef2}.share .fg{fill:#e4572e}
.badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;background:var(--ink);color:#fff;border-radius:3px;padding:0 5px;margin-left:4px;vertical-align:1px}
.links{font-size:13px;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px}
.title{display:block;font-weight:600}
.meta{display:block;color:var(--muted);font-size:13px}
.meta>*+*::before{content:" · ";color:var(--muted)}
.name{display:block;color:var(--muted);font-size:12px;overflow-wrap:anywhere}
.bad{color:#a0332b;overflow-wrap:anywhere}
.meta a{overflow-wrap:anywhere}
article.pair{margin:18px 0 40px;padding-top:18px;border-top:1px solid var(--rule)}
article.pair h3{font-size:18px}
article.pair h3 .num{color:var(--muted);font-weight:400;margin-right:4px}
.figures{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 12px}
.figures div{background:var(--panel);border-radius:8px;padding:6px 12px}
.figures dt{font-size:11.5px;color:var(--muted)}
.figures dd{margin:0;font-weight:700;font-size:15px}
.plist{margin:0 0 12px;font-size:13px}
.plist summary{cursor:pointer;color:var(--link)}
.plist table{margin-top:6px}
.plist td.q{color:var(--muted);max-width:40em}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:20px}
.side{min-width:0}
.side header{margin-bottom:8px;min-height:3em}
.side header .cover{color:var(--muted);font-size:13px;margin-left:6px}
.text{font-family:Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,"Source Serif Pro","DejaVu Serif","Liberation Serif",serif;font-size:16px;line-height:1.62;white-space:pre-wrap;overflow-wrap:anywhere;max-height:38em;overflow:auto;padding:14px 20px;border:1px solid var(--rule);border-radius:10px;background:#fff}
mark{color:inherit;border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.js mark{cursor:pointer}
mark.ov{box-shadow:inset 0 -3px 0 rgba(0,0,0,.35)}
.chip{display:inline-block;font:700 10.5px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",sans-serif;color:var(--ink);border-radius:9px;padding:0 5px;margin:0 2px 0 1px;vertical-align:.35em;border:1px solid rgba(0,0,0,.25);white-space:nowrap}
.chip:target,.flash{outline:3px solid var(--ink);outline-offset:1px}
.flash{animation:fl 1.6s ease-out forwards}
@keyframes fl{0%{outline-color:var(--ink)}100%{outline-color:transparent}}
.c0{background-color:var(--c0)}.c1{background-color:var(--c1)}.c2{background-color:var(--c2)}.c3{background-color:var(--c3)}
.c4{background-color:var(--c4)}.c5{background-color:var(--c5)}.c6{background-color:var(--c6)}.c7{background-color:var(--c7)}
.c8{background-color:var(--c8)}.c9{background-color:var(--c9)}.c10{background-color:var(--c10)}.c11{background-color:var(--c11)}
.js table.sortable th{cursor:pointer;user-select:none}
.js table.sortable th[aria-sort=ascending]::after{content:" ▲"}
.js table.sortable th[aria-sort=descending]::after{content:" ▼"}
footer{color:var(--muted);font-size:12.5px;border-top:1px solid var(--rule);padding-top:12px;padding-bottom:40px}
footer p{margin:4px 0}
@media (max-width:900px){.sides{grid-template-columns:1fr}.wrap{padding:0 16px}.groups{grid-template-columns:1fr}}
.lazy{content-visibility:auto;contain-intrinsic-block-size:auto 900px}
@media print{.text{max-height:none;overflow:visible}header.top{background:none}nav{display:none}.lazy{content-visibility:visible}}
`

// htmlScript is the page's optional script: sortable tables, and a click
// on a passage scrolls the other column so that the counterpart is level
// with it. It must not contain "</".
const htmlScript = `
(function(){
"use strict";
var d=document;
d.documentElement.className+=" js";
var coll=new Intl.Collator(undefined,{numeric:true,sensitivity:"base"});
function val(row,i){
var c=row.cells[i];if(!c)return "";
var t=c.textContent.trim(),n=Number(t.replace(/^[<>]/,""));
return t!==""&&!isNaN(n)?n:t;
}
function cmp(x,y){
if(typeof x==="number"&&typeof y==="number")return x-y;
if(typeof x==="number")return 1;
if(typeof y==="number")return -1;
return coll.compare(x,y);
}
d.querySelectorAll("table.sortable").forEach(function(t){
var ths=t.tHead.rows[0].cells;
Array.prototype.forEach.call(ths,function(th,i){
th.tabIndex=0;
function sort(){
var desc=th.getAttribute("aria-sort")!=="descending";
Array.prototype.forEach.call(ths,function(o){o.removeAttribute("aria-sort");});
th.setAttribute("aria-sort",desc?"descending":"ascending");
var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){
var r=cmp(val(a,i),val(b,i));
return desc?-r:r;
});
var f=d.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});body.appendChild(f);
}
th.addEventListener("click",sort);
th.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();sort();}});
});
});
d.addEventListener("click",function(e){
var from=e.target.closest?e.target.closest("[data-to]"):null;if(!from)return;
var id=from.getAttribute("data-to"),to=d.getElementById(id);if(!to)return;
var col=to.closest(".text"),here=from.closest(".text");if(!col||!here)return;
e.preventDefault();
var y=from.getBoundingClientRect().top-here.getBoundingClientRect().top;
col.scrollTop+=to.getBoundingClientRect().top-col.getBoundingClientRect().top-y;
var hit=[to].concat(Array.prototype.slice.call(d.querySelectorAll("[data-k='"+id+"']")));
hit.forEach(function(el){el.classList.remove("flash");void el.offsetWidth;el.classList.add("flash");});
});
})();
`
