package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
)

// Format is a kind of input file. The zero value, Auto, detects the format
// of each file from its name, and from its content when the name does not
// tell.
type Format string

// The formats Reader reads.
const (
	// Auto detects the format of each input (see DetectFormat).
	Auto Format = ""
	// Text is plain text: the whole file is one document.
	Text Format = "txt"
	// JSONL is JSON Lines (NDJSON): one JSON object, one article, a line.
	JSONL Format = "jsonl"
	// JSON is a file of JSON values: one object is one article, and an
	// array is a list of articles.
	JSON Format = "json"
	// CSV is comma-separated values with a header row, one article a row.
	CSV Format = "csv"
	// TSV is tab-separated values with a header row, one article a row.
	TSV Format = "tsv"
	// HTML is a saved web page, of which the main text is extracted.
	HTML Format = "html"
	// Feed is an RSS, Atom or JSON Feed file: one article an item.
	Feed Format = "feed"
	// WARC is a Web ARChive: every HTML response record is a page.
	WARC Format = "warc"
)

// Formats lists the formats that can be forced, in the order of the
// documentation, for help texts and shell completion.
var Formats = []Format{Text, JSONL, JSON, CSV, TSV, HTML, Feed, WARC}

// String returns the format's name, or "auto" for Auto.
func (f Format) String() string {
	if f == Auto {
		return "auto"
	}
	return string(f)
}

// ParseFormat returns the format named s: "auto" (or ""), one of the names
// in Formats, or an alias: "text", "ndjson", "rss", "atom", "htm".
// Case does not matter. The error lists the valid names.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto, nil
	case "txt", "text":
		return Text, nil
	case "jsonl", "ndjson", "jsonlines":
		return JSONL, nil
	case "json":
		return JSON, nil
	case "csv":
		return CSV, nil
	case "tsv", "tab":
		return TSV, nil
	case "html", "htm":
		return HTML, nil
	case "feed", "rss", "atom", "jsonfeed":
		return Feed, nil
	case "warc":
		return WARC, nil
	}
	names := []string{"auto"}
	for _, f := range Formats {
		names = append(names, string(f))
	}
	return Auto, fmt.Errorf("unknown input format %q: want %s", s, strings.Join(names, ", "))
}

// streamed reports whether files of format f are read record by record,
// with no limit on the file's size (only on each record's), rather than
// whole.
func (f Format) streamed() bool {
	return f == JSONL || f == CSV || f == TSV || f == WARC
}

// extFormats maps file name extensions (lower case) to formats.
var extFormats = map[string]Format{
	".txt":    Text,
	".text":   Text,
	".jsonl":  JSONL,
	".ndjson": JSONL,
	".json":   JSON,
	".csv":    CSV,
	".tsv":    TSV,
	".tab":    TSV,
	".html":   HTML,
	".htm":    HTML,
	".xhtml":  HTML,
	".shtml":  HTML,
	".rss":    Feed,
	".atom":   Feed,
	".rdf":    Feed,
	".xml":    Feed,
	".warc":   WARC,
}

// trimGz returns name without a final ".gz" (in any case), and whether it
// had one.
func trimGz(name string) (string, bool) {
	if len(name) > 3 && strings.EqualFold(name[len(name)-3:], ".gz") {
		return name[:len(name)-3], true
	}
	return name, false
}

// ext returns the extension of name in lower case, after any ".gz" and
// before any "?": pages saved from a URL are named "index.html?id=3".
func ext(name string) string {
	name, _ = trimGz(name)
	base := filepath.Base(name)
	if i := strings.IndexByte(base, '?'); i > 0 {
		base = base[:i]
	}
	return strings.ToLower(filepath.Ext(base))
}

// formatOfName returns the format that the extension of name stands for,
// after any ".gz" and before any "?", or Auto if it stands for none. A
// ".json" file is Auto too, since it may be a JSON Feed, JSON Lines or
// plain JSON.
func formatOfName(name string) Format {
	f := extFormats[ext(name)]
	if f == JSON {
		return Auto
	}
	return f
}

// supportedName reports whether a file found in a directory is read
// by its name, without an Include pattern: whether its extension, after
// any ".gz" and before any "?", is one of a supported format.
func supportedName(name string) bool {
	_, ok := extFormats[ext(name)]
	return ok
}

// otherExts are extensions of files that are never articles: images,
// sound and video, fonts, styles and scripts, documents of other
// programs, archives. Files found in directories with other extensions
// that churn does not know (.php, .aspx, none) are read if their content
// is of a supported format (see sniffable).
var otherExts = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`.png .jpg .jpeg .gif .webp .avif .bmp .ico .svg .tif .tiff .heic
		.mp3 .mp4 .m4a .ogg .opus .wav .flac .webm .mkv .avi .mov
		.woff .woff2 .ttf .otf .eot .css .js .mjs .map .wasm
		.pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp .rtf .epub
		.zip .7z .rar .tar .tgz .bz2 .xz .zst .jar .exe .dll .so .dylib .bin .iso .dmg .db .sqlite`) {
		otherExts[e] = true
	}
}

// sniffable reports whether content starting with head, found in a
// directory in a file whose extension is not of a supported format,
// should be read: whether it is HTML, a feed, JSON, JSON Lines or WARC.
// Plain text is not: in a folder of saved pages, a file without a known
// extension that is not markup is a README, a licence or a log.
func sniffable(head []byte) (Format, bool) {
	switch f := sniff(head); f {
	case HTML, Feed, JSON, JSONL, WARC:
		return f, true
	default:
		return f, false
	}
}

// DetectFormat returns the format of a file named name (which may be "")
// whose content starts with head, as Reader does in Auto mode: by the
// extension of name after any ".gz" (.txt, .jsonl, .ndjson, .csv, .tsv,
// .html, .htm, .rss, .atom, .xml, .warc, ...), else by content:
//
//   - "WARC/1." at the start: WARC;
//   - a JSON object naming a https://jsonfeed.org version: Feed;
//   - a first line that is a whole JSON object followed by another line
//     starting with "{": JSONL; any other content starting with "{" or
//     "[": JSON;
//   - an XML document whose root element is rss, feed or rdf:RDF: Feed;
//   - markup with an html, head or body element or an HTML doctype: HTML;
//   - anything else: Text.
//
// head should be the first few kilobytes; the file's compression is the
// caller's business.
func DetectFormat(name string, head []byte) Format {
	if f := formatOfName(name); f != Auto {
		return f
	}
	return sniff(head)
}

// sniff guesses the format of content starting with head. UTF-16
// content, with or without a byte order mark, is judged on its text.
func sniff(head []byte) Format {
	switch {
	case len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF):
		return sniff(decode(head[:len(head)&^1], nil, nil, false).text)
	}
	if cs, ok := utf16NoBOM(head); ok {
		return sniff(decodeWith(head[:len(head)&^1], cs))
	}
	h := bytes.TrimPrefix(head, utf8BOM)
	h = bytes.TrimLeft(h, " \t\r\n")
	switch {
	case bytes.HasPrefix(h, []byte("WARC/")):
		return WARC
	case len(h) > 0 && (h[0] == '{' || h[0] == '['):
		return sniffJSON(h)
	case len(h) > 0 && h[0] == '<':
		return sniffMarkup(h)
	}
	return Text
}

// sniffJSON tells JSON Feed, JSON Lines and JSON apart.
func sniffJSON(h []byte) Format {
	if h[0] == '{' && bytes.Contains(h[:min(len(h), 4096)], []byte("jsonfeed.org/version")) {
		return Feed
	}
	if h[0] != '{' {
		return JSON
	}
	line, rest, found := bytes.Cut(h, []byte{'\n'})
	line = bytes.TrimSpace(line)
	if !json.Valid(line) {
		return JSON // a pretty-printed object, or a line too long to see
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if found && len(rest) > 0 && rest[0] == '{' {
		return JSONL
	}
	return JSON // one object, read as one article
}

// sniffMarkup tells feeds from HTML pages, and both from other text that
// starts with "<".
func sniffMarkup(h []byte) Format {
	lower := bytes.ToLower(h[:min(len(h), sniffLen)])
	// Skip the XML declaration, comments, processing instructions and
	// the doctype to find the root element.
	rest := lower
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			_, rest, _ = bytes.Cut(rest, []byte("?>"))
			continue
		case bytes.HasPrefix(rest, []byte("<!--")):
			_, rest, _ = bytes.Cut(rest, []byte("-->"))
			continue
		case bytes.HasPrefix(rest, []byte("<!doctype html")):
			return HTML
		case bytes.HasPrefix(rest, []byte("<!")):
			_, rest, _ = bytes.Cut(rest, []byte(">"))
			continue
		}
		break
	}
	for _, root := range []string{"<rss", "<feed", "<rdf:rdf"} {
		if bytes.HasPrefix(rest, []byte(root)) && len(rest) > len(root) && isTagEnd(rest[len(root)]) {
			return Feed
		}
	}
	for _, tag := range []string{"<html", "<head", "<body", "<meta", "<title", "<article", "<p", "<div"} {
		if i := bytes.Index(lower, []byte(tag)); i >= 0 && i+len(tag) < len(lower) && isTagEnd(lower[i+len(tag)]) {
			return HTML
		}
	}
	return Text
}

// isTagEnd reports whether c may follow an element name in a start tag.
func isTagEnd(c byte) bool {
	return c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/'
}
