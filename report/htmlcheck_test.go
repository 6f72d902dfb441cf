// This file holds the checks every HTML report in the tests must pass
// (checkHTML) and helpers to find elements in a parsed report.

package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"golang.org/x/net/html"
)

// renderHTML renders res and checks the properties every HTML report must
// have (see checkHTML).
func renderHTML(t testing.TB, res *churn.Result, docs []churn.Document, opts HTMLOptions) (*html.Node, []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, res, docs, opts); err != nil {
		t.Fatal(err)
	}
	return checkHTML(t, b.Bytes()), b.Bytes()
}

// checkHTML parses a report and checks that it is self-contained and
// safe: valid UTF-8; exactly one style and one script element, inline,
// holding the package's own style sheet and script, whose hashes the
// Content-Security-Policy allows and nothing else; no element that loads
// or embeds anything, no event handler or style attribute; every link
// either a fragment naming an element of the page or an http(s) URL that
// opens without opener or referrer; unique ids.
func checkHTML(t testing.TB, out []byte) *html.Node {
	t.Helper()
	if !utf8.Valid(out) {
		t.Errorf("report is not valid UTF-8")
	}
	if !bytes.HasPrefix(out, []byte("<!DOCTYPE html>\n")) {
		t.Errorf("report does not start with a doctype")
	}
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var (
		styles, scripts []string
		ids             = map[string]int{}
		frags           []string
	)
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "style":
			styles = append(styles, textOf(n))
		case "script":
			scripts = append(scripts, textOf(n))
		case "img", "iframe", "object", "embed", "link", "base", "form", "frame", "video", "audio", "source", "input", "button", "foreignObject", "image", "use":
			t.Errorf("report has a <%s> element", n.Data)
		case "meta":
			if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
				t.Errorf("report has a refresh meta tag")
			}
		}
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(k, "on"):
				t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
			case k == "style":
				t.Errorf("<%s> has a style attribute %q", n.Data, a.Val)
			case k == "src" || k == "srcset" || k == "xlink:href" || k == "action" || k == "formaction" || k == "poster" || k == "background":
				t.Errorf("<%s> loads %s=%q", n.Data, a.Key, a.Val)
			case k == "id":
				ids[a.Val]++
			case k == "href":
				switch {
				case strings.HasPrefix(a.Val, "#"):
					frags = append(frags, a.Val[1:])
				case strings.HasPrefix(a.Val, "https://") || strings.HasPrefix(a.Val, "http://"):
					rel := strings.Fields(attr(n, "rel"))
					if !slices.Contains(rel, "noopener") || !slices.Contains(rel, "noreferrer") {
						t.Errorf("link to %q lacks rel=\"noopener noreferrer\"", a.Val)
					}
				default:
					t.Errorf("<%s> links to %q: neither a fragment nor http(s)", n.Data, a.Val)
				}
			}
		}
	}
	if len(styles) != 1 || styles[0] != htmlStyle {
		t.Errorf("report has %d style elements, want 1 holding htmlStyle", len(styles))
	}
	if len(scripts) != 1 || scripts[0] != htmlScript {
		t.Errorf("report has %d script elements, want 1 holding htmlScript", len(scripts))
	}
	// The policy allows exactly the inline blocks the page holds, hashed
	// from the page's own bytes.
	for _, p := range cspProblems(out) {
		t.Errorf("Content-Security-Policy: %s", p)
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is used %d times", id, n)
		}
	}
	for _, f := range frags {
		if ids[f] == 0 {
			t.Errorf("link to #%s, which no element has as id", f)
		}
	}
	return doc
}

// textOf returns the text inside n.
func textOf(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasClass reports whether n has the class c.
func hasClass(n *html.Node, c string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), c)
}

// find returns the elements under n for which match is true.
func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

// byID returns the element with the given id, or nil.
func byID(n *html.Node, id string) *html.Node {
	if els := find(n, func(e *html.Node) bool { return attr(e, "id") == id }); len(els) > 0 {
		return els[0]
	}
	return nil
}

// heatCells returns the data cells of the heatmap tables under n.
func heatCells(n *html.Node) []*html.Node {
	var cells []*html.Node
	for _, t := range find(n, func(e *html.Node) bool { return e.Data == "table" && hasClass(e, "heat") }) {
		cells = append(cells, find(t, func(e *html.Node) bool { return e.Data == "td" && e.Parent.Parent.Data == "tbody" })...)
	}
	return cells
}
