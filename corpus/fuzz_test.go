package corpus

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"testing"
	"time"
	"unicode/utf8"
)

// Reasons that readers give for skipping part of an input. Fuzz tests
// check that every skip has one of them: a reader may refuse input, but
// only in words it documents.
var (
	commonReasons = []string{
		`^empty file$`,
		`^binary data: `,
		`^truncated gzip data$`,
		`^corrupt gzip data: `,
		`^too large: `,
	}
	recordReasons = []string{
		`^no text: `,
		`^empty text in field "`,
	}
	jsonlReasons = []string{
		`^invalid JSON( at byte \d+)?: `,
		`^not a JSON object but `,
		`^line longer than the limit of \d+ bytes$`,
	}
	csvReasons = []string{
		`^row has \d+ fields?, header has \d+$`,
		`^bare " in non-quoted-field \(line \d+, column \d+\)`,
		`^extraneous or missing " in quoted-field \(line \d+, column \d+\)`,
		`^record longer than the limit of \d+ bytes`,
		`^no text column: `,
		`^no rows after the header$`,
		`; the (rest of the )?file is not read$`,
	}
	feedReasons = []string{
		`^not a valid feed: `,
		`^feed has no items$`,
		`^no content or description$`,
		`^empty item$`,
	}
	warcReasons = []string{
		`^not a WARC record \(no "WARC/1.x" line\): skipped to the next record$`,
		`^truncated`,
		`^missing or invalid Content-Length: skipped to the next record$`,
		`^header (line )?too long: skipped to the next record$`,
		`^malformed HTTP response: no end of headers$`,
		`^empty page$`,
		`^page compressed with "`,
		`^cannot decompress the page `,
		`^cannot parse HTML: `,
		`^` + regexp.QuoteMeta(reasonNoMainText) + `$`,
		`^` + regexp.QuoteMeta(reasonWARCOther),
	}
)

// fuzzRead reads data from standard input as format and checks the
// invariants every reader keeps: documented skip reasons, valid UTF-8,
// text in every document, unique IDs, the same result every time.
func fuzzRead(t *testing.T, data []byte, format Format, reasons ...[]string) {
	var pats []*regexp.Regexp
	for _, list := range append(reasons, commonReasons) {
		for _, p := range list {
			pats = append(pats, regexp.MustCompile(p))
		}
	}
	read := func() string {
		r := Reader{Stdin: bytes.NewReader(data), Format: format, MaxSize: 8 << 10}
		docs, skipped, err := r.Read([]string{"-"})
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		ids := map[string]bool{}
		for _, d := range docs {
			if isBlank(d.Text) {
				t.Errorf("%s: blank text", d.Name)
			}
			if !utf8.Valid(d.Text) {
				t.Errorf("%s: invalid UTF-8 in %q", d.Name, d.Text)
			}
			if ids[d.ID] {
				t.Errorf("duplicate ID %q", d.ID)
			}
			ids[d.ID] = true
		}
		for _, s := range skipped {
			ok := false
			for _, p := range pats {
				if p.MatchString(s.Reason) {
					ok = true
					break
				}
			}
			if !ok {
				t.Errorf("undocumented reason for skipping %s: %q", s.Name, s.Reason)
			}
		}
		return fmt.Sprintf("%q %q", docs, skipped)
	}
	done := make(chan bool)
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			panic(fmt.Sprintf("read took over 20 s:\n%s", buf[:n]))
		}
	}()
	if first, again := read(), read(); first != again {
		t.Errorf("two reads differ:\n%s\n%s", first, again)
	}
}

// addFiles adds the fixtures named as seeds.
func addFiles(f *testing.F, names ...string) {
	for _, n := range names {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzJSONL(f *testing.F) {
	addFiles(f, "news.jsonl", "news.jsonl.gz", "truncated.jsonl.gz")
	for _, s := range []string{
		"", "\n\n", "{}", `{"text": "a"}`, `{"text": ["a", "b"]}`, `{"text": 1e999}`,
		`{"id": {"x": 1}, "text": "a"}`, `{"source": {"name": "x"}, "text": "a"}`,
		"{\"text\": \"\xff\xfe\"}", "\xef\xbb\xbf{\"text\": \"bom\"}\r\n", `[{"text": "a"}]`, "{\"text\": \"a\\u0000\"}",
		`{"text": "Ã®nsÄƒ È™i"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, JSONL, jsonlReasons, recordReasons)
		// Parsed in batches of a line or two, concurrently, as read line
		// by line.
		r := Reader{MaxSize: 8 << 10}
		wantDocs, wantSkipped := readJSONLWith(t, bytes.NewReader(data), r, 1, 0)
		docs, skipped := readJSONLWith(t, bytes.NewReader(data), r, 3, 16)
		if !reflect.DeepEqual(docs, wantDocs) || !reflect.DeepEqual(skipped, wantSkipped) {
			t.Errorf("parallel reading gives %q %q, line by line %q %q", docs, skipped, wantDocs, wantSkipped)
		}
	})
}

func FuzzCSV(f *testing.F) {
	addFiles(f, "tables/articles.csv", "tables/cs_cp1250.csv")
	for _, s := range []string{
		"", "text\n", "text\na\n", "id,text\n1,\"a\nb\"\n2,c,d\n", "text\n\"unclosed\n", "a,b\n\"x\"y,z\n",
		"\ufefftext\n\"\"\n", "text\r\n\xe9t\xe9\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, CSV, csvReasons, recordReasons)
	})
}

func FuzzFeed(f *testing.F) {
	addFiles(f, "feeds/stiri.rss", "feeds/harbour.atom", "feeds/leipzig.json", "feeds/prazske_iso88592.xml", "feeds/broken.rss")
	for _, s := range []string{
		"", "<rss/>", "<rss><channel><item><description>x</description></item></channel></rss>",
		`<?xml version="1.0" encoding="klingon"?><rss><channel><item><title>t</title></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&lt;p&gt;a&lt;/p&gt;</content></entry></feed>`,
		`{"version": "https://jsonfeed.org/version/1.1", "items": [{"content_html": "<p>x"}]}`,
		`{"version": "https://jsonfeed.org/version/1.1", "items": [null]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, Feed, feedReasons)
	})
}

func FuzzWARC(f *testing.F) {
	addFiles(f, "warc/crawl.warc", "warc/truncated.warc", "warc/junk_between.warc.gz", "warc/bad_content_length.warc")
	for _, s := range []string{
		"", "WARC/1.0", "WARC/1.0\r\n", "WARC/1.0\r\nContent-Length: 5\r\n\r\nab",
		"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 20\r\n\r\nHTTP/1.1 200 OK\r\n\r\nxx",
		"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\n<p>\r\n\r\n",
		"junk\nWARC/1.1\nWARC-Type: warcinfo\nContent-Length: 0\n\n",
		"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: -1\r\n\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, WARC, warcReasons)
	})
}
