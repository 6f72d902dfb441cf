package corpus

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
	page, why := rd.extractHTML(data, "", "")
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

// extractHTML extracts the main text and metadata of an HTML page, whose
// HTTP Content-Type and URL are given if known (from a WARC record), or
// returns why it cannot.
func (rd *reading) extractHTML(data []byte, contentType, pageURL string) (p page, why string) {
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
	doc, err := parseHTML(d.text)
	if err != nil {
		return p, "cannot parse HTML: " + err.Error()
	}
	opts := trafilatura.Options{
		ExcludeComments: true,
		// Dates from the page's metadata and the URL, with their time
		// of day, but without the slow scan of the whole text.
		HtmlDateOptions: &htmldate.Options{UseOriginalDate: true, SkipExtensiveSearch: true, ExtractTime: true},
	}
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
		opts.OriginalURL = u
	}
	body, md, ok := extract(doc, opts)
	if !ok || countNonSpace(body) < minMainText {
		return p, reasonNoMainText
	}
	meta := churn.Meta{Notes: d.notes, Offsets: churn.OffsetsExtracted}
	meta.Title = oneLine(md.Title)
	meta.URL = md.URL
	if meta.URL == "" {
		meta.URL = pageURL
	}
	meta.Outlet = hostOf(meta.URL)
	if meta.Outlet == "" {
		meta.Outlet = oneLine(md.Sitename)
	}
	if !md.Date.IsZero() {
		meta.Published = md.Date.UTC()
	}
	meta.Lang = pageLang(doc)
	p.text = rd.repairText([]byte(body), &meta)
	p.meta = meta
	p.warn = d.warn
	return p, ""
}

// extract runs trafilatura on a page and returns the main text, with
// paragraph breaks, and the metadata.
//
// When trafilatura's main algorithm finds less than MinExtractedSize (250)
// characters, it falls back to a baseline extraction that joins
// paragraphs without breaks and, as a last resort, takes the whole text
// of the page, menus and title included. So for short results it is run
// again with a minimum of 1 character: if that finds text of its own,
// that is used; if it falls back to the same baseline, the page has no
// main text unless the baseline found more than 100 characters (an
// <article>, paragraphs, JSON-LD articleBody).
func extract(doc *html.Node, opts trafilatura.Options) (text string, md trafilatura.Metadata, ok bool) {
	res, err := extractSafely(doc, opts)
	if err != nil || res == nil || res.ContentNode == nil {
		return "", md, false
	}
	dropRepeat(res.ContentNode)
	text = renderText(res.ContentNode)
	md = res.Metadata
	if utf8.RuneCountInString(res.ContentText) >= trafilatura.DefaultConfig().MinExtractedSize {
		return text, md, strings.TrimSpace(text) != ""
	}
	cfg := *trafilatura.DefaultConfig()
	cfg.MinExtractedSize = 1
	opts.Config = &cfg
	if res2, err := extractSafely(doc, opts); err == nil && res2 != nil && res2.ContentNode != nil {
		dropRepeat(res2.ContentNode)
		if t := renderText(res2.ContentNode); strings.TrimSpace(t) != "" && t != text {
			return t, md, true
		}
	}
	return text, md, utf8.RuneCountInString(strings.TrimSpace(text)) > 100
}

// dropRepeat removes the last child of body if it repeats the text of
// all the others, as trafilatura's last-resort extraction does: it adds
// the paragraphs it found, then the whole text of the page.
func dropRepeat(body *html.Node) {
	last := body.LastChild
	if last == nil || last.PrevSibling == nil {
		return
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	all := squash(renderText(last))
	pos := 0
	for c := body.FirstChild; c != last; c = c.NextSibling {
		t := squash(renderText(c))
		i := strings.Index(all[pos:], t)
		if i < 0 {
			return
		}
		pos += i + len(t)
	}
	body.RemoveChild(last)
}

// parseHTML parses a page, turning a panic of the parser into an error.
func parseHTML(text []byte) (doc *html.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("HTML parser failed: %v", r)
		}
	}()
	return html.Parse(bytes.NewReader(text))
}

// extractSafely runs trafilatura, turning a panic into an error: one
// page the extractor cannot handle must not stop the others.
func extractSafely(doc *html.Node, opts trafilatura.Options) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("extractor failed: %v", r)
		}
	}()
	return trafilatura.ExtractDocument(doc, opts)
}

// pageLang returns the language the page declares in <html lang>, or
// in a Content-Language <meta> tag, or "".
func pageLang(doc *html.Node) string {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.DataAtom == atom.Html {
			for _, a := range n.Attr {
				if (a.Key == "lang" || a.Key == "xml:lang") && strings.TrimSpace(a.Val) != "" {
					return strings.TrimSpace(a.Val)
				}
			}
			var lang string
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				for c := n.FirstChild; c != nil && lang == ""; c = c.NextSibling {
					if c.Type == html.ElementNode && c.DataAtom == atom.Meta {
						var equiv, content string
						for _, a := range c.Attr {
							switch a.Key {
							case "http-equiv":
								equiv = strings.ToLower(a.Val)
							case "content":
								content = a.Val
							}
						}
						if equiv == "content-language" {
							lang = strings.TrimSpace(strings.Split(content, ",")[0])
						}
					}
					if c.Type == html.ElementNode && c.DataAtom == atom.Head {
						walk(c)
					}
				}
			}
			walk(n)
			return lang
		}
	}
	return ""
}

// oneLine returns s with runs of white space, line breaks included, made
// one space, and trimmed.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// breakKind is how an element separates its text from what is around it.
type breakKind int

const (
	inline    breakKind = iota
	lineBreak           // a line of its own: list items, table rows
	paragraph           // a paragraph of its own: a blank line around it
)

// blockBreaks gives the break of block elements; others are inline.
var blockBreaks = map[atom.Atom]breakKind{
	atom.P: paragraph, atom.Div: paragraph, atom.Section: paragraph,
	atom.Article: paragraph, atom.Main: paragraph, atom.Header: paragraph,
	atom.Footer: paragraph, atom.Aside: paragraph, atom.Nav: paragraph,
	atom.H1: paragraph, atom.H2: paragraph, atom.H3: paragraph,
	atom.H4: paragraph, atom.H5: paragraph, atom.H6: paragraph,
	atom.Blockquote: paragraph, atom.Pre: paragraph, atom.Figure: paragraph,
	atom.Figcaption: paragraph, atom.Table: paragraph, atom.Ul: paragraph,
	atom.Ol: paragraph, atom.Dl: paragraph, atom.Hr: paragraph,
	atom.Address: paragraph, atom.Details: paragraph, atom.Summary: paragraph,
	atom.Li: lineBreak, atom.Tr: lineBreak, atom.Dt: lineBreak, atom.Dd: lineBreak,
	atom.Caption: lineBreak,
}

// skipped elements have no text to show.
var skippedElems = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Iframe: true, atom.Object: true, atom.Svg: true,
	atom.Select: true, atom.Button: true,
}

// textWriter writes text with HTML's white space rules: runs of spaces
// become one, and breaks between blocks are a line break or a blank line.
type textWriter struct {
	b       strings.Builder
	pending breakKind // break owed before the next text
	space   bool      // a space owed before the next text
}

func (w *textWriter) brk(k breakKind) {
	if k > w.pending {
		w.pending = k
	}
}

// write writes text; in pre, white space is kept as it is.
func (w *textWriter) write(s string, pre bool) {
	for _, r := range s {
		if !pre && (r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f') {
			w.space = true
			continue
		}
		if pre && r == '\n' {
			w.flush()
			w.b.WriteByte('\n')
			continue
		}
		w.flush()
		w.b.WriteRune(r)
	}
}

// flush writes what break or space is owed, if anything came before.
func (w *textWriter) flush() {
	if w.b.Len() > 0 {
		switch w.pending {
		case paragraph:
			w.b.WriteString("\n\n")
		case lineBreak:
			w.b.WriteByte('\n')
		default:
			if w.space {
				w.b.WriteByte(' ')
			}
		}
	}
	w.pending, w.space = inline, false
}

// renderText returns the text of an HTML tree with a blank line between
// paragraphs (and other blocks), a line break for <br> and between list
// items and table rows, and white space collapsed as a browser would.
func renderText(n *html.Node) string {
	var w textWriter
	var walk func(n *html.Node, pre bool)
	walk = func(n *html.Node, pre bool) {
		switch n.Type {
		case html.TextNode:
			w.write(n.Data, pre)
			return
		case html.ElementNode:
			if skippedElems[n.DataAtom] {
				return
			}
			switch n.DataAtom {
			case atom.Br:
				w.brk(lineBreak)
				return
			case atom.Td, atom.Th:
				w.space = true
			case atom.Pre:
				pre = true
			case atom.Img:
				return
			}
		}
		k := blockBreaks[n.DataAtom]
		if n.Type != html.ElementNode {
			k = inline
		}
		w.brk(k)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pre)
		}
		w.brk(k)
	}
	walk(n, false)
	return w.b.String()
}

// fragmentText converts a snippet of a feed (an item's content or
// description) to text: HTML is rendered by renderText; plain text (no
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
	return strings.TrimSpace(renderText(root))
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
