// This file tests that the HTML report's Content-Security-Policy matches
// the inline style and script the page actually holds, byte for byte, so
// that editing html/report.css or html/report.js cannot leave a stale hash.

package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/report/internal/reporttest"
	"golang.org/x/net/html"
)

// inlineBlocks returns the raw bytes, exactly as in page, of every <style>
// and <script> element of page, by element name, and the content of every
// Content-Security-Policy meta tag.
func inlineBlocks(page []byte) (blocks map[string][][]byte, csp []string, err error) {
	blocks = map[string][][]byte{}
	z := html.NewTokenizer(bytes.NewReader(page))
	var in string   // the raw-text element we are in, or ""
	var body []byte // its raw bytes so far
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if errors.Is(z.Err(), io.EOF) {
				if in != "" {
					return nil, nil, fmt.Errorf("unterminated <%s>", in)
				}
				return blocks, csp, nil
			}
			return nil, nil, z.Err()
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch tag {
			case "style", "script":
				if _, ok := attrs["src"]; ok {
					return nil, nil, fmt.Errorf("<%s> loads %q", tag, attrs["src"])
				}
				if tt == html.SelfClosingTagToken {
					blocks[tag] = append(blocks[tag], nil)
					continue
				}
				in, body = tag, []byte{}
			case "meta":
				if strings.EqualFold(attrs["http-equiv"], "Content-Security-Policy") {
					csp = append(csp, attrs["content"])
				}
			}
		case html.TextToken:
			if in != "" {
				body = append(body, z.Raw()...)
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); in != "" && string(name) == in {
				blocks[in] = append(blocks[in], body)
				in, body = "", nil
			}
		}
	}
}

// cspProblems returns what is wrong with page's Content-Security-Policy:
// there must be exactly one; its style-src and script-src must hold
// exactly the sha256 sources of the page's inline <style> and <script>
// blocks, one for each distinct block and nothing else (no stale hash, no
// 'unsafe-inline'); and nothing else may be loaded.
func cspProblems(page []byte) []string {
	blocks, csp, err := inlineBlocks(page)
	if err != nil {
		return []string{err.Error()}
	}
	if len(csp) != 1 {
		return []string{fmt.Sprintf("%d Content-Security-Policy meta tags, want 1", len(csp))}
	}
	directives := map[string][]string{}
	for _, d := range strings.Split(csp[0], ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		if _, dup := directives[f[0]]; dup {
			return []string{fmt.Sprintf("directive %s given twice", f[0])}
		}
		directives[f[0]] = f[1:]
	}
	var problems []string
	for _, name := range []string{"default-src", "base-uri", "form-action"} {
		if got := directives[name]; !slices.Equal(got, []string{"'none'"}) {
			problems = append(problems, fmt.Sprintf("%s is %q, want 'none'", name, got))
		}
	}
	for _, el := range []string{"style", "script"} {
		var want []string
		for _, b := range blocks[el] {
			sum := sha256.Sum256(b)
			if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !slices.Contains(want, h) {
				want = append(want, h)
			}
		}
		if len(want) == 0 {
			problems = append(problems, fmt.Sprintf("no <%s> block", el))
		}
		got := directives[el+"-src"]
		for _, h := range want {
			if !slices.Contains(got, h) {
				problems = append(problems, fmt.Sprintf("%s-src %q lacks %s, the hash of an inline <%s> block", el, got, h, el))
			}
		}
		for _, s := range got {
			if !slices.Contains(want, s) {
				problems = append(problems, fmt.Sprintf("%s-src allows %s, which is no inline <%s> block of the page", el, s, el))
			}
		}
	}
	return problems
}

// TestHTMLCSPHashes renders reports of several kinds, and reads the HTML
// golden files, and checks that each page's Content-Security-Policy holds
// the sha256 of each inline <style> and <script> block the page actually
// contains, computed from the page's own bytes, and nothing else.
func TestHTMLCSPHashes(t *testing.T) {
	pages := map[string][]byte{}
	render := func(name string, res *churn.Result, docs []churn.Document, opts HTMLOptions) {
		var b bytes.Buffer
		if err := HTML(&b, res, docs, opts); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pages[name] = b.Bytes()
	}
	seeds := reporttest.Seeds()
	render("seeds", analyze(t, seeds, churn.Options{}), seeds, HTMLOptions{})
	large := clusterDocs(12)
	render("large", analyze(t, large, churn.Options{MatrixLimit: 6}), large, HTMLOptions{TopPairs: -1})
	hostile := reporttest.Hostile()
	render("hostile", analyze(t, hostile, churn.Options{}), hostile, HTMLOptions{Title: "</style><script>"})
	render("empty", analyze(t, nil, churn.Options{}), nil, HTMLOptions{})
	goldens, err := filepath.Glob(filepath.Join("testdata", "html_*.golden"))
	if err != nil || len(goldens) == 0 {
		t.Fatalf("no HTML golden files (%v)", err)
	}
	for _, g := range goldens {
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		pages[g] = b
	}
	for name, page := range pages {
		for _, p := range cspProblems(page) {
			t.Errorf("%s: %s", name, p)
		}
		// The blocks are the embedded files, each after a line break.
		blocks, _, _ := inlineBlocks(page)
		if len(blocks["style"]) != 1 || string(blocks["style"][0]) != "\n"+htmlStyleFile {
			t.Errorf("%s: the <style> block is not html/report.css", name)
		}
		if len(blocks["script"]) != 1 || string(blocks["script"][0]) != "\n"+htmlScriptFile {
			t.Errorf("%s: the <script> block is not html/report.js", name)
		}
	}
}

// TestCSPProblems checks that cspProblems notices a stale hash: a page
// whose style or script differs by one byte from what its policy allows,
// a second block, or a policy that allows more.
func TestCSPProblems(t *testing.T) {
	docs := reporttest.Seeds()
	var b bytes.Buffer
	if err := HTML(&b, analyze(t, docs, churn.Options{}), docs, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if p := cspProblems([]byte(page)); len(p) > 0 {
		t.Fatalf("the page itself has problems: %q", p)
	}
	for name, tampered := range map[string]string{
		"style edited":  strings.Replace(page, "<style>\n", "<style>\n ", 1),
		"script edited": strings.Replace(page, "<script>\n", "<script>\n;", 1),
		"second style":  strings.Replace(page, "</head>", "<style>b{}</style></head>", 1),
		"second script": strings.Replace(page, "</body>", "<script>1</script></body>", 1),
		"unsafe-inline": strings.Replace(page, "script-src ", "script-src &#39;unsafe-inline&#39; ", 1),
		"no policy":     strings.Replace(page, `http-equiv="Content-Security-Policy"`, `name="x"`, 1),
		"default-src *": strings.Replace(page, "default-src &#39;none&#39;", "default-src *", 1),
	} {
		if tampered == page {
			t.Fatalf("%s: the page was not changed", name)
		}
		if p := cspProblems([]byte(tampered)); len(p) == 0 {
			t.Errorf("%s: no problem found", name)
		}
	}
}
