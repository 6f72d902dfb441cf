package corpus

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/churnalism/churn"
)

var update = flag.Bool("update", false, "rewrite the generated fixtures in testdata/warc")

// warcRec is a WARC record to write.
type warcRec struct {
	typ, uri, date, ctype string
	block                 []byte
}

// bytes writes the record, numbered n.
func (r warcRec) bytes(n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\nWARC-Date: %s\r\n", r.typ, n, r.date)
	if r.uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
	}
	fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n\r\n", r.ctype, len(r.block))
	b.Write(r.block)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// httpResponse is an HTTP response as a WARC response record holds it.
func httpResponse(status string, header []string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 " + status + "\r\n")
	for _, h := range header {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// gzipped compresses data as one gzip member.
func gzipped(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// chunked encodes data with HTTP chunked transfer coding, in chunks of
// 100 bytes.
func chunked(data []byte) []byte {
	var b bytes.Buffer
	w := httputil.NewChunkedWriter(&b)
	for len(data) > 0 {
		n := min(100, len(data))
		w.Write(data[:n])
		data = data[n:]
	}
	w.Close()
	b.WriteString("\r\n")
	return b.Bytes()
}

const enPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour city adds night buses after late-shift workers petition</title>
<meta property="og:site_name" content="Harbour Times">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Harbour city adds night buses after late-shift workers petition</h1>
<p>The regional transport authority will run three new night bus routes from next Monday, after more than four thousand hospital and port workers signed a petition asking for a way home after late shifts.</p>
<p>The buses will leave the central station every thirty minutes between midnight and five in the morning. Officials said the trial would last six months and would be extended if enough people used it.</p>
</article>
</body></html>
`

const itPage = `<html><head><title>Bologna approva il piano per trenta chilometri di piste ciclabili</title></head>
<body><div class="testo">
<p>Il consiglio comunale di Bologna ha approvato venerdì il piano che prevede trenta chilometri di nuove piste ciclabili entro la fine del 2026. La spesa prevista è di circa dodici milioni di euro.</p>
<p>Secondo l'assessora alla mobilità, i primi cantieri apriranno in autunno lungo i viali di circonvallazione. «Vogliamo che andare in bici sia la scelta più semplice», ha detto.</p>
</div></body></html>
`

// testWARC returns the records of the WARC fixture.
func testWARC(t testing.TB) []warcRec {
	ro, err := os.ReadFile("testdata/html/ro_parc.html")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := os.ReadFile("testdata/html/cs_tramvaj_cp1250.html")
	if err != nil {
		t.Fatal(err)
	}
	// The Czech page without its <meta> charset: the HTTP header says it.
	cs = bytes.Replace(cs, []byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">`+"\n"), nil, 1)
	menu, err := os.ReadFile("testdata/html/menu_only.html")
	if err != nil {
		t.Fatal(err)
	}
	roURL := "https://www.ziarulclujean.ro/local/parcul-somesul-rece-inaugurat"
	return []warcRec{
		{"warcinfo", "", "2024-05-21T03:00:00Z", "application/warc-fields",
			[]byte("software: churn test fixture\r\nformat: WARC File Format 1.1\r\n")},
		{"request", roURL, "2024-05-21T03:00:01Z", "application/http; msgtype=request",
			[]byte("GET /local/parcul-somesul-rece-inaugurat HTTP/1.1\r\nHost: www.ziarulclujean.ro\r\nUser-Agent: churn-fixture\r\n\r\n")},
		{"response", roURL, "2024-05-21T03:00:02Z", "application/http; msgtype=response",
			httpResponse("200 OK", []string{"Content-Type: text/html; charset=utf-8"}, ro)},
		{"metadata", roURL, "2024-05-21T03:00:02Z", "application/warc-fields",
			[]byte("fetchTimeMs: 212\r\n")},
		{"response", "https://www.prazskelisty.cz/doprava/tramvaj-libus", "2024-05-21T03:00:03Z", "application/http; msgtype=response",
			httpResponse("200 OK", []string{"Content-Type: text/html; charset=windows-1250"}, cs)},
		{"response", "https://www.ziarulclujean.ro/img/parc.jpg", "2024-05-21T03:00:04Z", "application/http; msgtype=response",
			httpResponse("200 OK", []string{"Content-Type: image/jpeg"}, []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"))},
		{"response", "http://ziarulclujean.ro/parc", "2024-05-21T03:00:05Z", "application/http; msgtype=response",
			httpResponse("301 Moved Permanently", []string{"Location: " + roURL, "Content-Type: text/html"}, []byte("<a href=\""+roURL+"\">moved</a>"))},
		{"response", "https://harbourtimes.example.com/news/night-buses", "2024-05-21T03:00:06Z", "application/http; msgtype=response",
			httpResponse("200 OK", []string{"Content-Type: text/html", "Transfer-Encoding: chunked", "Content-Encoding: gzip"}, chunked(gzipped([]byte(enPage))))},
		{"response", "https://harbourtimes.example.com/sections", "2024-05-21T03:00:07Z", "application/http; msgtype=response",
			httpResponse("200 OK", []string{"Content-Type: text/html; charset=utf-8"}, menu)},
		{"resource", "file:///archive/bologna-bici.html", "2024-05-18T09:00:00Z", "text/html; charset=utf-8", []byte(itPage)},
		{"revisit", roURL, "2024-05-22T03:00:02Z", "application/http; msgtype=response", []byte("HTTP/1.1 200 OK\r\n\r\n")},
	}
}

// buildWARC returns recs as a WARC file, plain and gzipped (one member a
// record, as crawlers write them).
func buildWARC(recs []warcRec) (plain, gz []byte) {
	var p, z bytes.Buffer
	for i, r := range recs {
		b := r.bytes(i + 1)
		p.Write(b)
		z.Write(gzipped(b))
	}
	return p.Bytes(), z.Bytes()
}

// TestWARCFixtures checks that the WARC fixtures are those testWARC
// builds, or rewrites them with -update.
func TestWARCFixtures(t *testing.T) {
	plain, gz := buildWARC(testWARC(t))
	// Cut within the response of the Czech page (the fifth record).
	cut := bytes.Index(plain, []byte("Stavba trvala"))
	files := map[string][]byte{
		"crawl.warc":           plain,
		"crawl.warc.gz":        gz,
		"truncated.warc":       plain[:cut],
		"truncated.warc.gz":    gz[:len(gz)*3/5],
		"not_a_crawl.warc":     []byte("This is a text file named .warc.\nIt holds no records.\n"),
		"junk_between.warc.gz": gzipped(append(append(testWARC(t)[2].bytes(3), "garbage line\r\nmore garbage\r\n"...), testWARC(t)[7].bytes(8)...)),
		"bad_content_length.warc": append([]byte("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nxx\r\n\r\n"),
			testWARC(t)[2].bytes(3)...),
	}
	for name, want := range files {
		path := filepath.Join("testdata", "warc", name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestWARCFixtures -update)", err)
		}
		if name != "crawl.warc.gz" && name != "truncated.warc.gz" && name != "junk_between.warc.gz" && !bytes.Equal(got, want) {
			t.Errorf("%s differs from what testWARC builds (run go test -run TestWARCFixtures -update)", path)
		}
	}
}

func TestReadWARC(t *testing.T) {
	roURL := "https://www.ziarulclujean.ro/local/parcul-somesul-rece-inaugurat"
	other := reasonWARCOther + "1 metadata, 1 request, 1 response image/jpeg, 1 response status 301, 1 revisit, 1 warcinfo"
	tests := []struct {
		file  string
		docs  []warcDoc
		skips []skip
	}{
		{
			file: "crawl.warc",
			docs: []warcDoc{
				{"crawl:3", "testdata/warc/crawl.warc:record 3", roURL, "ziarulclujean.ro", "2024-05-18T07:42:00Z", "Cluj-Napoca deschide cel mai mare parc urban", ""},
				{"crawl:5", "testdata/warc/crawl.warc:record 5", "https://www.prazskelisty.cz/doprava/tramvaj-libus", "prazskelisty.cz", "2024-05-20T00:00:00Z", "Dopravní podnik hlavního města Prahy", "decoded from windows-1250 (declared in the HTTP Content-Type)"},
				{"crawl:8", "testdata/warc/crawl.warc:record 8", "https://harbourtimes.example.com/news/night-buses", "harbourtimes.example.com", "2024-05-21T03:00:06Z", "Harbour city adds night buses", "publication time from WARC-Date (when the page was crawled)"},
				{"crawl:10", "testdata/warc/crawl.warc:record 10", "file:///archive/bologna-bici.html", "", "2024-05-18T09:00:00Z", "Il consiglio comunale di Bologna", "publication time from WARC-Date (when the page was crawled)"},
			},
			skips: []skip{
				{"testdata/warc/crawl.warc:record 9 (offset 6316)", "no main text found in the HTML page"},
				{"testdata/warc/crawl.warc", other},
			},
		},
		{
			file: "truncated.warc",
			docs: []warcDoc{
				{"truncated:3", "testdata/warc/truncated.warc:record 3", roURL, "ziarulclujean.ro", "2024-05-18T07:42:00Z", "Cluj-Napoca deschide cel mai mare parc urban", ""},
			},
			skips: []skip{
				{"testdata/warc/truncated.warc:record 5 (offset 3354)", "truncated"},
				{"testdata/warc/truncated.warc", reasonWARCOther + "1 metadata, 1 request, 1 warcinfo"},
			},
		},
		{
			file:  "not_a_crawl.warc",
			skips: []skip{{"testdata/warc/not_a_crawl.warc:offset 0", `not a WARC record (no "WARC/1.x" line): skipped to the next record`}},
		},
		{
			file: "junk_between.warc.gz",
			docs: []warcDoc{
				{"junk_between:1", "testdata/warc/junk_between.warc.gz:record 1", roURL, "ziarulclujean.ro", "2024-05-18T07:42:00Z", "Cluj-Napoca deschide cel mai mare parc urban", ""},
				{"junk_between:2", "testdata/warc/junk_between.warc.gz:record 2", "https://harbourtimes.example.com/news/night-buses", "harbourtimes.example.com", "2024-05-21T03:00:06Z", "Harbour city adds night buses", ""},
			},
			skips: []skip{{"testdata/warc/junk_between.warc.gz:offset 2410", `not a WARC record (no "WARC/1.x" line): skipped to the next record`}},
		},
		{
			file: "bad_content_length.warc",
			docs: []warcDoc{
				{"bad_content_length:2", "testdata/warc/bad_content_length.warc:record 2", roURL, "ziarulclujean.ro", "2024-05-18T07:42:00Z", "Cluj-Napoca deschide cel mai mare parc urban", ""},
			},
			skips: []skip{
				{"testdata/warc/bad_content_length.warc:record 1 (offset 0)", "missing or invalid Content-Length: skipped to the next record"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var r Reader
			docs, skipped, err := r.Read([]string{"testdata/warc/" + tt.file})
			if err != nil {
				t.Fatal(err)
			}
			checkWARCDocs(t, docs, tt.docs)
			checkSkipped(t, skipped, tt.skips)
		})
	}
}

// TestReadWARCGz checks that a WARC file reads the same gzipped, and
// that a truncated gzip stream keeps the records before the damage.
func TestReadWARCGz(t *testing.T) {
	var r Reader
	plain, skPlain, err := r.Read([]string{"testdata/warc/crawl.warc"})
	if err != nil {
		t.Fatal(err)
	}
	gz, skGz, err := r.Read([]string{"testdata/warc/crawl.warc.gz"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) != len(gz) || len(skPlain) != len(skGz) {
		t.Fatalf("plain: %d documents, %d skipped; gzipped: %d, %d", len(plain), len(skPlain), len(gz), len(skGz))
	}
	for i := range plain {
		if !bytes.Equal(plain[i].Text, gz[i].Text) || fmt.Sprint(plain[i].Meta) != fmt.Sprint(gz[i].Meta) {
			t.Errorf("document %d differs when gzipped", i)
		}
	}
	docs, skipped, err := r.Read([]string{"testdata/warc/truncated.warc.gz"})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 || len(docs) >= len(plain) {
		t.Errorf("truncated.warc.gz: %d documents, want some but fewer than %d", len(docs), len(plain))
	}
	found := false
	for _, s := range skipped {
		if strings.HasSuffix(s.Reason, "truncated (truncated gzip data)") && strings.Contains(s.Name, ":record ") {
			found = true
		}
	}
	if !found {
		t.Errorf("truncated.warc.gz: no truncated record among %q", skipped)
	}
}

// warcDoc is an expected document from a WARC: ID, Name, URL, Outlet,
// Published (RFC 3339), the start of the text and a note it must have.
type warcDoc struct{ ID, Name, URL, Outlet, Published, Start, Note string }

func checkWARCDocs(t *testing.T, got []churn.Document, want []warcDoc) {
	t.Helper()
	if len(got) != len(want) {
		var names []string
		for _, d := range got {
			names = append(names, d.Name)
		}
		t.Fatalf("got %d documents %q, want %d", len(got), names, len(want))
	}
	for i, w := range want {
		d := got[i]
		pub := ""
		if !d.Meta.Published.IsZero() {
			pub = d.Meta.Published.Format("2006-01-02T15:04:05Z07:00")
		}
		g := warcDoc{d.ID, filepath.ToSlash(d.Name), d.Meta.URL, d.Meta.Outlet, pub, "", ""}
		if strings.HasPrefix(string(d.Text), w.Start) {
			g.Start = w.Start
		}
		for _, n := range d.Meta.Notes {
			if n == w.Note {
				g.Note = n
			}
		}
		if g != w {
			t.Errorf("document %d:\ngot  %+v (text %q, notes %q)\nwant %+v", i, g, clip(string(d.Text), 60), d.Meta.Notes, w)
		}
	}
}

// TestHTTPBody checks the decoding of transfer and content codings.
func TestHTTPBody(t *testing.T) {
	page := []byte("<p>Bună ziua</p>")
	tests := []struct {
		name    string
		body    []byte
		header  map[string]string
		want    string
		wantErr string
	}{
		{"plain", page, nil, string(page), ""},
		{"chunked", chunked(page), map[string]string{"transfer-encoding": "chunked"}, string(page), ""},
		{"de-chunked already", page, map[string]string{"transfer-encoding": "chunked"}, string(page), ""},
		{"gzip", gzipped(page), map[string]string{"content-encoding": "gzip"}, string(page), ""},
		{"brotli", page, map[string]string{"content-encoding": "br"}, "", `page compressed with "br", which is not supported`},
		{"bad gzip", []byte("not gzip"), map[string]string{"content-encoding": "gzip"}, "", "cannot decompress the page (Content-Encoding gzip): unexpected EOF"},
		{"too large", gzipped(bytes.Repeat([]byte("a"), 100)), map[string]string{"content-encoding": "gzip"}, "", "too large: more than 50 bytes decompressed, the limit is 50 bytes"},
	}
	for _, tt := range tests {
		got, err := decodeHTTPBody(tt.body, tt.header, 50)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}
