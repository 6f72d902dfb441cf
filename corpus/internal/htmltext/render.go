// Package htmltext renders HTML as text, and carries what an HTML
// extractor finds in a page (Page) between package corpus, which reads
// pages, and package corpus/maintext, which extracts their main text with
// go-trafilatura, in the same process or in a helper process (see
// corpus.HTMLProcess and the protocol in proto.go). It imports nothing
// heavy: package corpus must not link go-trafilatura.
package htmltext

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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

// Render returns the text of an HTML tree with a blank line between
// paragraphs (and other blocks), a line break for <br> and between list
// items and table rows, and white space collapsed as a browser would.
func Render(n *html.Node) string {
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
