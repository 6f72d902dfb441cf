// This file holds the HTML report's entry point, HTML, its options and the
// checks of its input. The view model the page is built from is in
// htmlview.go and htmlparts.go, the text helpers in htmltext.go, and the
// template, style sheet and script in htmltemplate.go and html/.

package report

import (
	"bytes"
	"fmt"
	"io"

	"github.com/churnalism/churn"
)

// DefaultSideBySide is the number of pairs HTML shows side by side, with
// both full texts, when HTMLOptions.TopPairs is 0.
const DefaultSideBySide = 50

// HeatmapLimit is the largest corpus for which HTML draws the whole
// similarity matrix as one heatmap. A larger corpus gets a heatmap of each
// syndication group and the table of pairs instead.
const HeatmapLimit = 40

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
	if err := checkResult(res); err != nil {
		return err
	}
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
	if res.Matrix != nil && !square(res.Matrix, n) {
		return fmt.Errorf("report: matrix is not %d×%d, the number of documents", n, n)
	}
	for k, p := range res.Pairs {
		for i, q := range p.Passages {
			if !spanIn(q.A, len(docs[p.A].Text)) || !spanIn(q.B, len(docs[p.B].Text)) {
				return fmt.Errorf("report: passage %d of pair %d (%s, %s) lies outside the documents' texts",
					i+1, k+1, docs[p.A].ID, docs[p.B].ID)
			}
		}
	}
	return nil
}

// title returns the page's title: Title, or "churn report" if it is "".
func (o HTMLOptions) title() string {
	if o.Title == "" {
		return "churn report"
	}
	return o.Title
}

// sideBySide returns how many of n pairs are shown side by side: TopPairs,
// DefaultSideBySide if it is 0, every pair if it is negative, and never
// more than n.
func (o HTMLOptions) sideBySide(n int) int {
	top := o.TopPairs
	switch {
	case top == 0:
		top = DefaultSideBySide
	case top < 0:
		top = n
	}
	return min(top, n)
}

// spanIn reports whether s is a valid span of a text of n bytes.
func spanIn(s churn.Span, n int) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= n }
