package corpus

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus/internal/htmltext"
)

// HTMLPage is what an HTML extractor finds in a page (see Reader.HTML).
type HTMLPage = htmltext.Page

// HTMLExtractor finds the main text and metadata of an HTML page, given
// in UTF-8, whose URL is pageURL if known. A page without main text is
// not an error: HTMLPage.Why says why, and the page is skipped for that
// reason. An error means the extractor cannot work at all (a helper
// process that cannot start, or died): it stops the reading.
type HTMLExtractor func(page []byte, pageURL string) (HTMLPage, error)

// errNoHTML is the error of reading a page without an extractor.
var errNoHTML = errors.New("corpus: reading HTML pages needs Reader.HTML: set it to maintext.Extract (package github.com/churnalism/churn/corpus/maintext) or to an HTMLProcess's Extract")

// defaultHTML is the extractor of Readers without one; tests set it.
var defaultHTML HTMLExtractor

// minMainText is the least main text, in characters other than white
// space, that makes a page an article: less is a menu, a caption or an
// error message.
const minMainText = 20

// countNonSpace counts the runes of s that are not white space.
func countNonSpace(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// reasonNoMainText is why a page whose main text cannot be found is
// skipped.
const reasonNoMainText = "no main text found in the HTML page"

// readHTML reads a saved HTML page.
func (rd *reading) readHTML(in *input, data []byte) {
	if isBlank(data) {
		rd.skip(in.name, "empty file")
		return
	}
	page, why := rd.extractHTML(in.name, data, "", "")
	if why != "" {
		rd.skip(in.name, why)
		return
	}
	page.meta.Notes = append(append([]string(nil), in.notes...), page.meta.Notes...)
	rd.add(found{doc: churn.Document{Name: in.name, Text: page.text, Meta: page.meta}, stdin: in.stdin, warn: page.warn})
}

// page is what extractHTML found.
type page struct {
	text []byte
	meta churn.Meta
	warn []string // notes to give Reader.Warn
}

// extractHTML extracts the main text and metadata of an HTML page, named
// name, whose HTTP Content-Type and URL are given if known (from a WARC
// record), or returns why it cannot.
func (rd *reading) extractHTML(name string, data []byte, contentType, pageURL string) (p page, why string) {
	var decls []declared
	if cs := contentTypeCharset(contentType); cs != "" {
		decls = append(decls, declared{cs, "in the HTTP Content-Type"})
	}
	if cs := metaCharset(data); cs != "" {
		decls = append(decls, declared{cs, "in the page's <meta> tag"})
	}
	d := decode(data, decls, rd.charset, true)
	if why := rd.binary(data, d.text, d.known); why != "" {
		return p, why
	}
	if rd.html == nil {
		rd.fail(fmt.Errorf("%s: %w", name, errNoHTML))
		return p, "no HTML extractor"
	}
	pg, err := rd.html(d.text, pageURL)
	if err != nil {
		rd.fail(fmt.Errorf("%s: %w", name, err))
		return p, "cannot extract the main text: " + err.Error()
	}
	if pg.Why != "" {
		return p, pg.Why
	}
	if countNonSpace(pg.Text) < minMainText {
		return p, reasonNoMainText
	}
	meta := churn.Meta{Notes: d.notes, Offsets: churn.OffsetsExtracted}
	meta.Title = oneLine(pg.Title)
	meta.URL = pg.URL
	if meta.URL == "" {
		meta.URL = pageURL
	}
	meta.Outlet = hostOf(meta.URL)
	if meta.Outlet == "" {
		meta.Outlet = oneLine(pg.Site)
	}
	meta.Published = pg.Published
	meta.Lang = pg.Lang
	p.text = rd.repairText([]byte(pg.Text), &meta)
	p.meta = meta
	p.warn = d.warn
	return p, ""
}

// oneLine returns s with runs of white space, line breaks included, made
// one space, and trimmed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// fragmentText converts a snippet of a feed (an item's content or
// description) to text: HTML is rendered by htmltext.Render; plain text (no
// tags) keeps its line breaks, with entities decoded.
func fragmentText(s string) string {
	if !looksLikeHTML(s) {
		t := html.UnescapeString(s)
		t = strings.ReplaceAll(t, "\r\n", "\n")
		return strings.TrimSpace(t)
	}
	nodes, err := parseFragment(s)
	if err != nil {
		return strings.TrimSpace(html.UnescapeString(s))
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		if n.Parent == nil {
			root.AppendChild(n)
		}
	}
	return strings.TrimSpace(htmltext.Render(root))
}

// parseFragment parses s as the content of a <body>, turning a panic into
// an error.
func parseFragment(s string) (nodes []*html.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("HTML parser failed: %v", r)
		}
	}()
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	return html.ParseFragment(strings.NewReader(s), body)
}

// looksLikeHTML reports whether s has a tag: "<" followed by a letter,
// "/" or "!".
func looksLikeHTML(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		c := s[i+1]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' {
			return true
		}
	}
	return false
}

// utc returns *t in UTC, or the zero time for nil.
func utc(t *time.Time) time.Time {
	if t == nil || t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}
