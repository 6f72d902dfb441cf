// This file holds the view model of the HTML report: the structs that
// hold everything the template shows, and buildHTMLView, which fills them
// in from a Result. The parts of the page are built by the methods of
// htmlBuilder in htmlparts.go.

package report

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/churnalism/churn"
)

// htmlPairRows is the most pairs the table of pairs lists; the JSON
// report has the rest.
const htmlPairRows = 1000

// htmlGroupPairs is the most pair links listed under one syndication group.
const htmlGroupPairs = 20

// passageColours is the number of distinct highlight colours; passage i
// of a pair has colour i mod passageColours on both sides.
const passageColours = 12

// The view types below hold everything the template shows, computed and
// formatted in Go; the template only lays it out. Every string in them is
// plain text that html/template escapes, except the trusted Style and
// Script, embedded from html/. Their fields are exported only for the
// template.

// htmlView is the whole page.
type htmlView struct {
	Title       string        // the page's title and heading
	CSP         string        // the Content-Security-Policy, htmlPolicy
	Style       template.CSS  // the inline style sheet, htmlStyle
	Script      template.JS   // the inline script, htmlScript
	Rule        string        // the reporting rule, "Jaccard ≥ 10% or …"
	Setup       string        // documents, shingles
	Lead        string        // one sentence on the most similar pair
	LeadHref    string        // its side-by-side view, if shown
	Stats       []htmlStat    // the counts under the heading
	Boilerplate string        // what was left out as boilerplate, or ""
	Heatmap     *htmlHeatmap  // the full heatmap, or nil
	NoHeatmap   string        // why there is no full heatmap
	Legend      []htmlLegend  // the heatmap's shades
	Pairs       []htmlPairRow // the rows of the table of pairs
	PairsMore   int           // pairs not in the table
	Groups      []htmlGroup   // the syndication groups
	Docs        []htmlDoc     // the rows of the table of documents
	Compare     []htmlCompare // the pairs shown side by side
	CompareMore int           // pairs not shown side by side
	Skipped     []htmlSkipped // the inputs that were skipped
	Footer      []string      // paragraphs on how the report was computed
}

// htmlStat is one count under the heading, linked to its section.
type htmlStat struct {
	N     string // the count
	Label string // what is counted, "documents"
	Href  string // the section, "#documents"
}

// htmlLegend is one shade of the heatmap's legend.
type htmlLegend struct {
	Class, Label string // "h3", "5–10"
}

// htmlRef names a document in a heading, a table cell or a link.
type htmlRef struct {
	ID   string // the document's ID
	Tip  string // title or name, for a tooltip
	Href string // "#doc-3"
}

// htmlMeta is what is known about a document, made safe to show.
type htmlMeta struct {
	Title    string // the article's title
	Outlet   string // the outlet that published it
	Date     string // for people
	DateTime string // for the datetime attribute
	URL      string // a safe http(s) URL to link, or ""
	BadURL   string // a URL that is not linked because it is not http(s)
	Name     string // the input's name, a file or a URL
	Lang     string // a BCP 47 tag for the lang attribute, or ""
	Notes    string // the document's notes, joined by "; "
}

// htmlHeatmap is a heatmap of the similarity of some documents.
type htmlHeatmap struct {
	Caption string
	Rotate  bool          // column labels are long: set them vertically
	Grouped bool          // the first column names the group of each row
	Cols    []htmlRef     // the documents, one a column
	Rows    []htmlHeatRow // the same documents, one a row
}

// htmlHeatRow is one row of a heatmap.
type htmlHeatRow struct {
	Group     string // group ID, on the first row of a block
	GroupSpan int    // rows of the block, on its first row; 0 elsewhere
	GroupHref string // the group's section, on the first row of a block
	First     bool   // the first row of a block other than the first
	Doc       htmlRef
	Cells     []htmlCell
}

// htmlCell is one cell of a heatmap.
type htmlCell struct {
	Text  string // the similarity, "12", or "—" on the diagonal
	Class string // the shade and outlines, "h4 r gl"
	Title string // the tooltip: the two documents and the pair
	Href  string // the pair's view, if it is reported and shown
}

// htmlPairRow is one row of the table of pairs.
type htmlPairRow struct {
	N         int    // the pair's number, from 1
	ID        string // "pr-3"
	Href      string // the side-by-side view, if shown
	A, B      htmlRef
	Jaccard   string // Jaccard similarity in percent
	Class     string // "partially derived (B)"
	Reuse     string // reuse score in percent
	Passages  int    // the number of shared passages
	CovA      string // coverage of A in percent
	CovB      string // coverage of B in percent
	Group     string // the group both documents are in, or ""
	GroupHref string // its section
}

// htmlGroup is one syndication group.
type htmlGroup struct {
	ID       string // "c1"
	Anchor   string // "group-1"
	Size     int    // the number of members
	Origin   htmlRef
	OriginBy string // why the origin is thought to be the origin
	Members  []htmlMember
	Heatmap  *htmlHeatmap // the group's own heatmap, or nil
	Links    []htmlLink   // links to its pairs when it has no heatmap
	More     int          // pairs of the group not linked
}

// htmlMember is one member of a syndication group.
type htmlMember struct {
	Doc    htmlRef
	Meta   htmlMeta
	Share  string // how much of it is text shared with the group, in percent
	Bar    int    // bar width in pixels, 0–100
	Origin bool   // it is the group's origin
}

// htmlLink is a link with its text; Href may be "", for text only.
type htmlLink struct {
	Text, Href string
}

// htmlDoc is one row of the table of documents.
type htmlDoc struct {
	Ref         htmlRef
	Anchor      string // "doc-3"
	Meta        htmlMeta
	Bytes       int    // the length of its text
	Boilerplate string // the share left out as boilerplate, in percent
	Group       string // its group, or ""
	GroupHref   string // the group's section
	Pairs       int    // the number of reported pairs it is in
}

// htmlCompare is one pair side by side.
type htmlCompare struct {
	N        int    // the pair's number, from 1
	Anchor   string // "pair-3"
	A, B     htmlSide
	Jaccard  string // Jaccard similarity in percent
	CA, CB   string // reuse scores
	Class    string // "partially derived (B)"
	Shared   int    // the number of shingles shared
	Passages []htmlPassageRow
}

// htmlSide is one document of a pair side by side, cut into segments.
type htmlSide struct {
	Doc   htmlRef
	Meta  htmlMeta
	Cover string // its coverage in percent
	Segs  []htmlSeg
}

// htmlSeg is a stretch of text in which the set of passages does not
// change.
type htmlSeg struct {
	Text  string
	Chips []htmlChip // passages that start here
	Mark  bool       // the stretch is inside a passage
	Class string     // colour of the innermost passage, "c3", and " ov" for overlaps
	Key   string     // this side's id of the innermost passage, "p1-a3"
	To    string     // the counterpart's id, "p1-b3"
	Title string     // the tooltip, "passage 3" or "passages 2, 3"
}

// htmlChip is a passage's number at its start: an anchor and a link to the
// same number on the other side.
type htmlChip struct {
	N     int    // the passage's number, from 1
	ID    string // this side's id, "p1-a3"
	To    string // the counterpart's id, "p1-b3"
	Class string // its colour, "c2"
}

// htmlPassageRow is one row of the table of a pair's passages.
type htmlPassageRow struct {
	N     int    // the passage's number, from 1
	Class string // its colour, "c2"
	AHref string // its start in A, "#p1-a3"
	BHref string // its start in B, "#p1-b3"
	A, B  string // byte ranges
	Chars int    // its length in A, in characters
	Match string // "identical" or "93% matched"
	Quote string // its text in A, shortened
}

// htmlSkipped is one input that was skipped, and why.
type htmlSkipped struct {
	Name, Reason string
}

// heatBins are the upper bounds of the heatmap's shades, h0 to h6; h7 is
// everything from 70% up. The scale is roughly logarithmic: near-duplicate
// detection cares about the difference between 1% and 5% as much as
// between 40% and 70%.
var heatBins = []float64{0.01, 0.025, 0.05, 0.10, 0.20, 0.40, 0.70}

// heatLabels are the legend's labels of the shades h0 to h7, in percent.
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
	hb.shown = opts.sideBySide(len(res.Pairs))

	v := &htmlView{
		Title:  clean(opts.title()),
		Style:  template.CSS(htmlStyle),
		Script: template.JS(htmlScript),
		CSP:    htmlPolicy,
		Rule:   reportRule(res.Options),
		Setup: fmt.Sprintf("%s compared by their %d-character shingles",
			Plural(len(res.Docs), "document", "documents"), res.Options.K),
	}
	for i, l := range heatLabels {
		v.Legend = append(v.Legend, htmlLegend{Class: "h" + strconv.Itoa(i), Label: l})
	}

	v.Stats = []htmlStat{
		{N: strconv.Itoa(len(res.Docs)), Label: pluralNoun(len(res.Docs), "document", "documents"), Href: "#documents"},
		{N: strconv.Itoa(len(res.Pairs)), Label: pluralNoun(len(res.Pairs), "pair sharing text", "pairs sharing text"), Href: "#pairs"},
		{N: strconv.Itoa(len(res.Clusters)), Label: pluralNoun(len(res.Clusters), "syndication group", "syndication groups"), Href: "#groups"},
	}
	if len(res.Skipped) > 0 {
		v.Stats = append(v.Stats, htmlStat{N: strconv.Itoa(len(res.Skipped)),
			Label: pluralNoun(len(res.Skipped), "input skipped", "inputs skipped"), Href: "#skipped"})
	}
	if len(res.Pairs) == 0 {
		v.Lead = "No pair of documents reaches the reporting rule."
	} else {
		p := res.Pairs[0]
		v.Lead = clean(fmt.Sprintf("Most derived: %s and %s, %s, reuse %s%%, %s; %s%% of %s and %s%% of %s is shared text.",
			res.Docs[p.A].ID, res.Docs[p.B].ID, classLabel(res, p), Percent(p.Reuse),
			Plural(len(p.Passages), "shared passage", "shared passages"),
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
			capitalize(Plural(res.Candidates, "pair", "pairs")), res.LSHCandidates, res.GramCandidates, res.FingerprintCandidates, o.Window, o.MinFingerprints),
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
