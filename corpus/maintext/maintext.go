// Package maintext extracts the main text and metadata of HTML pages with
// github.com/markusmobius/go-trafilatura, for package corpus: set
// corpus.Reader.HTML to Extract to do it in the same process, or run
// Serve in a helper process (cmd/churn-html) that corpus.HTMLProcess talks
// to.
//
// Why a package of its own: go-trafilatura brings go-htmldate and
// go-dateparser, whose package initialisation compiles thousands of
// regular expressions of date formats in 200 languages, about 0.3 s of CPU
// and 78 MB every time a program that links them starts (GODEBUG=
// inittrace=1 shows it), whether or not it reads a page. Package corpus
// does not import this one, so that programs such as cmd/churn start in
// milliseconds and pay for trafilatura only in a helper, when there are
// pages to read.
package maintext

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/markusmobius/go-htmldate"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/churnalism/churn/corpus/internal/htmltext"
)

// reasonNoMainText is why a page whose main text cannot be found is
// skipped.
const reasonNoMainText = "no main text found in the HTML page"

// Extract finds the main text of a page (HTML, in UTF-8) and its
// metadata: the text without menus, ads and comments, as trafilatura
// finds it, with a blank line between paragraphs; the title, URL, site
// name and publication date trafilatura finds (the date from the page's
// metadata and URL, with its time of day, without scanning the whole
// text); the language the page declares. pageURL, if absolute, is the
// page's address. A page without main text comes back with Page.Why set;
// the error is always nil. htmltext.Page is corpus.HTMLPage: Extract can
// be a corpus.Reader's HTML. (Package maintext does not import corpus, so
// that corpus's own tests can use it.)
func Extract(page []byte, pageURL string) (htmltext.Page, error) {
	doc, err := parseHTML(page)
	if err != nil {
		return htmltext.Page{Why: "cannot parse HTML: " + err.Error()}, nil
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
	if !ok {
		return htmltext.Page{Why: reasonNoMainText}, nil
	}
	p := htmltext.Page{Text: body, Title: md.Title, URL: md.URL, Site: md.Sitename, Lang: pageLang(doc)}
	if !md.Date.IsZero() {
		p.Published = md.Date.UTC()
	}
	return p, nil
}

// Serve answers the requests of corpus.HTMLProcess read from r with
// Extract, writing the responses to w, until r ends; pages are at most
// max bytes. It is the body of a helper process's main.
func Serve(r io.Reader, w io.Writer, max int64) error {
	br, bw := bufio.NewReaderSize(r, 1<<16), bufio.NewWriterSize(w, 1<<16)
	for {
		page, pageURL, err := htmltext.ReadRequest(br, max)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("maintext: reading a request: %w", err)
		}
		p, _ := Extract(page, pageURL)
		if err := htmltext.WriteResponse(bw, p); err != nil {
			return fmt.Errorf("maintext: writing a response: %w", err)
		}
	}
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
	text = htmltext.Render(res.ContentNode)
	md = res.Metadata
	if utf8.RuneCountInString(res.ContentText) >= trafilatura.DefaultConfig().MinExtractedSize {
		return text, md, strings.TrimSpace(text) != ""
	}
	cfg := *trafilatura.DefaultConfig()
	cfg.MinExtractedSize = 1
	opts.Config = &cfg
	if res2, err := extractSafely(doc, opts); err == nil && res2 != nil && res2.ContentNode != nil {
		dropRepeat(res2.ContentNode)
		if t := htmltext.Render(res2.ContentNode); strings.TrimSpace(t) != "" && t != text {
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
	all := squash(htmltext.Render(last))
	pos := 0
	for c := body.FirstChild; c != last; c = c.NextSibling {
		t := squash(htmltext.Render(c))
		i := strings.Index(all[pos:], t)
		if i < 0 {
			return
		}
		pos += i + len(t)
	}
	body.RemoveChild(last)
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
