// This file holds the HTML report's template, style sheet and script,
// embedded from html/, and the page's Content-Security-Policy, computed
// from the exact bytes the page inlines.

package report

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
)

// htmlTemplateText is the page's template. It shows an htmlView and does
// no more than lay it out: everything it shows is computed in Go.
//
//go:embed html/page.html.tmpl
var htmlTemplateText string

// htmlStyleFile and htmlScriptFile are the page's style sheet and script
// as they are in html/.
var (
	//go:embed html/report.css
	htmlStyleFile string
	//go:embed html/report.js
	htmlScriptFile string
)

// htmlStyle is the page's style sheet and htmlScript its optional script
// (sortable tables, and a click on a passage scrolls the other column so
// that the counterpart is level with it), exactly as the page inlines them
// in its <style> and <script> elements: a line break, so that the source
// of the page reads well, then the file. Neither may contain "</": they
// are inserted verbatim.
var (
	htmlStyle  = "\n" + htmlStyleFile
	htmlScript = "\n" + htmlScriptFile
)

// htmlPolicy is the page's Content-Security-Policy, computed once from
// htmlStyle and htmlScript.
var htmlPolicy = htmlCSP(htmlStyle, htmlScript)

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

// htmlPage is the parsed template of the page.
var htmlPage = template.Must(template.New("page").Parse(htmlTemplateText))
