package corpus

// This file is longer than most: one table test per input format (text,
// JSON Lines, JSON, CSV, HTML, feeds, WARC), each with its odd cases.

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/churnalism/churn"
)

// rec is an expected document with its metadata. Start is a prefix of the
// text; Notes are the notes joined by " | ".
type rec struct {
	ID, Name, Title, URL, Outlet, Published, Lang, Start, Notes string
}

// recOf describes d as a rec, with Start cut to the length of want.Start.
func recOf(d churn.Document, want rec) rec {
	pub := ""
	if !d.Meta.Published.IsZero() {
		pub = d.Meta.Published.Format(time.RFC3339)
	}
	start := string(d.Text)
	if len(start) > len(want.Start) {
		start = start[:len(want.Start)]
	}
	return rec{d.ID, filepath.ToSlash(d.Name), d.Meta.Title, d.Meta.URL, d.Meta.Outlet, pub, d.Meta.Lang, start, strings.Join(d.Meta.Notes, " | ")}
}

func checkRecs(t *testing.T, got []churn.Document, want []rec) {
	t.Helper()
	if len(got) != len(want) {
		var names []string
		for _, d := range got {
			names = append(names, d.ID+" "+d.Name)
		}
		t.Errorf("got %d documents %q, want %d", len(got), names, len(want))
	}
	for i := range min(len(got), len(want)) {
		if g := recOf(got[i], want[i]); g != want[i] {
			t.Errorf("document %d:\ngot  %+v\nwant %+v", i, g, want[i])
		}
	}
}

const (
	roTitle = "Cluj-Napoca deschide cel mai mare parc urban din ultimii treizeci de ani"
	roStart = "Primăria Cluj-Napoca a inaugurat sâmbătă Parcul Someșul Rece"
	roCed   = "Primăria Cluj-Napoca a inaugurat sâmbătă Parcul Someşul Rece"
	csTitle = "Nová tramvajová trať spojí Modřany s Libuší"
	csStart = "Dopravní podnik hlavního města Prahy zahájil v pondělí"
	itTitle = "Bologna approva il piano per trenta chilometri di piste ciclabili"
	itStart = "Il consiglio comunale di Bologna ha approvato venerdì"
	deTitle = "Leipzig verlängert die Öffnungszeiten der Stadtbibliothek"
	deStart = "Die Stadtbibliothek Leipzig öffnet ab dem kommenden Monat"
	enTitle = "Harbour city adds night buses after late-shift workers petition"
	enStart = "The regional transport authority will run three new night bus routes"
	roURL   = "https://www.ziarulclujean.ro/local/parcul-somesul-rece-inaugurat"
)

func TestReadFormats(t *testing.T) {
	tests := []struct {
		name  string
		r     Reader
		args  []string
		docs  []rec
		skips []skip
	}{
		{
			name: "JSONL",
			args: []string{"testdata/news.jsonl"},
			docs: []rec{
				{"ro-001", "testdata/news.jsonl:1", roTitle, roURL, "ziarulclujean.ro", "2024-05-18T10:42:00Z", "ro", roStart, ""},
				{"1002", "testdata/news.jsonl:2", roTitle, "https://stiridecluj.ro/2024/05/18/parc-nou", "stiridecluj.ro", "2024-05-18T11:05:00Z", "ro", roCed, ""},
				{"it-001", "testdata/news.jsonl:4", itTitle, "", "gazzettadibologna.it", "2024-05-18T07:00:00Z", "it", itStart, ""},
				{"en-001", "testdata/news.jsonl:7", enTitle, "https://harbourtimes.example.com/news/night-buses", "harbourtimes.example.com", "", "", enStart, ""},
				{"de-002", "testdata/news.jsonl:9", deTitle, "", "", "2024-05-17T06:30:00Z", "", deStart, `field "source" ignored: a JSON object, not a string`},
				{"ro-001#2", "testdata/news.jsonl:10", roTitle, roURL + "?amp=1", "ziarulclujean.ro", "", "", roStart, ""},
			},
			skips: []skip{
				{"testdata/news.jsonl:3", "invalid JSON at byte 94: unexpected end of JSON input"},
				{"testdata/news.jsonl:5", `empty text in field "maintext"`},
				{"testdata/news.jsonl:8", "not a JSON object but an array"},
			},
		},
		{
			name: "JSONL with fields chosen",
			r:    Reader{Fields: Fields{ID: []string{"url"}, Text: []string{"title"}, Outlet: []string{"source.name"}}},
			args: []string{"testdata/news.jsonl"},
			docs: []rec{
				{roURL, "testdata/news.jsonl:1", roTitle, roURL, "ziarulclujean.ro", "2024-05-18T10:42:00Z", "ro", roTitle, ""},
				{"https://stiridecluj.ro/2024/05/18/parc-nou", "testdata/news.jsonl:2", roTitle, "https://stiridecluj.ro/2024/05/18/parc-nou", "stiridecluj.ro", "2024-05-18T11:05:00Z", "ro", roTitle, ""},
				{"news:4", "testdata/news.jsonl:4", itTitle, "", "", "2024-05-18T07:00:00Z", "it", itTitle, ""},
				{"news:5", "testdata/news.jsonl:5", deTitle, "", "", "", "", deTitle, ""},
				{"https://harbourtimes.example.com/news/night-buses", "testdata/news.jsonl:7", enTitle, "https://harbourtimes.example.com/news/night-buses", "harbourtimes.example.com", "", "", enTitle, ""},
				{"news:9", "testdata/news.jsonl:9", deTitle, "", "Leipziger Morgenblatt", "2024-05-17T06:30:00Z", "", deTitle, ""},
				{roURL + "?amp=1", "testdata/news.jsonl:10", roTitle, roURL + "?amp=1", "ziarulclujean.ro", "", "", roTitle, ""},
			},
			skips: []skip{
				{"testdata/news.jsonl:3", "invalid JSON at byte 94: unexpected end of JSON input"},
				{"testdata/news.jsonl:8", "not a JSON object but an array"},
			},
		},
		{
			name: "truncated gzip keeps the lines before",
			args: []string{"testdata/truncated.jsonl.gz"},
			docs: []rec{
				{"ro-001", "testdata/truncated.jsonl.gz:1", roTitle, roURL, "ziarulclujean.ro", "2024-05-18T10:42:00Z", "ro", roStart, ""},
				{"1002", "testdata/truncated.jsonl.gz:2", roTitle, "https://stiridecluj.ro/2024/05/18/parc-nou", "stiridecluj.ro", "2024-05-18T11:05:00Z", "ro", roCed, ""},
				{"it-001", "testdata/truncated.jsonl.gz:4", itTitle, "", "gazzettadibologna.it", "2024-05-18T07:00:00Z", "it", itStart, ""},
			},
			skips: []skip{
				{"testdata/truncated.jsonl.gz:3", "invalid JSON at byte 94: unexpected end of JSON input"},
				{"testdata/truncated.jsonl.gz:5", "truncated gzip data"},
			},
		},
		{
			name: "CSV",
			args: []string{"testdata/tables/articles.csv"},
			docs: []rec{
				{"ro-101", "testdata/tables/articles.csv:2", roTitle, "https://www.ziarulclujean.ro/local/parc", "ziarulclujean.ro", "2024-05-18T07:42:00Z", "ro", roStart, ""},
				{"cs-101", "testdata/tables/articles.csv:7", csTitle, "https://www.prazskelisty.cz/doprava/tramvaj-libus", "prazskelisty.cz", "2024-05-20T00:00:00Z", "cs", csStart, ""},
				{"de-101", "testdata/tables/articles.csv:14", deTitle, "https://www.leipziger-morgenblatt.de/kultur/bibliothek", "leipziger-morgenblatt.de", "2024-05-17T08:00:00Z", "de", deStart, ""},
			},
			skips: []skip{
				{"testdata/tables/articles.csv:12", "row has 3 fields, header has 7"},
				{"testdata/tables/articles.csv:13", `empty text in field "text"`},
			},
		},
		{
			name: "TSV",
			args: []string{"testdata/tables/articles.tsv"},
			docs: []rec{
				{"ro-101", "testdata/tables/articles.tsv:2", roTitle, "https://www.ziarulclujean.ro/local/parc", "ziarulclujean.ro", "2024-05-18T07:42:00Z", "ro", roStart, ""},
				{"cs-101", "testdata/tables/articles.tsv:7", csTitle, "https://www.prazskelisty.cz/doprava/tramvaj-libus", "prazskelisty.cz", "2024-05-20T00:00:00Z", "cs", csStart, ""},
				{"de-101", "testdata/tables/articles.tsv:14", deTitle, "https://www.leipziger-morgenblatt.de/kultur/bibliothek", "leipziger-morgenblatt.de", "2024-05-17T08:00:00Z", "de", deStart, ""},
			},
			skips: []skip{
				{"testdata/tables/articles.tsv:12", "row has 3 fields, header has 7"},
				{"testdata/tables/articles.tsv:13", `empty text in field "text"`},
			},
		},
		{
			name: "CSV in windows-1250, charset given",
			r:    Reader{Charset: "cp1250"},
			args: []string{"testdata/tables/cs_cp1250.csv"},
			docs: []rec{{"cs-201", "testdata/tables/cs_cp1250.csv:2", csTitle, "", "", "", "", csStart, "decoded from windows-1250 (charset option)"}},
		},
		{
			name: "CSV in windows-1250, charset guessed",
			args: []string{"testdata/tables/cs_cp1250.csv"},
			docs: []rec{{"cs-201", "testdata/tables/cs_cp1250.csv:2", csTitle, "", "", "", "", csStart, "not valid UTF-8 and no charset given: decoded as windows-1250 (guessed, 41% confidence against 23% for the next)"}},
		},
		{
			name: "HTML pages",
			args: []string{"testdata/html"},
			docs: []rec{
				{"cs_tramvaj_cp1250", "testdata/html/cs_tramvaj_cp1250.html", csTitle, "", "Pražské listy", "2024-05-20T00:00:00Z", "cs", csStart, "decoded from windows-1250 (declared in the page's <meta> tag)"},
				{"ro_parc", "testdata/html/ro_parc.html", roTitle, roURL, "ziarulclujean.ro", "2024-05-18T07:42:00Z", "ro", roTitle + "\n\n" + roStart, ""},
			},
			skips: []skip{{"testdata/html/menu_only.html", "no main text found in the HTML page"}},
		},
		{
			name: "feeds",
			args: []string{"testdata/feeds"},
			docs: []rec{
				{"harbour:1", "testdata/feeds/harbour.atom:item 1", "Night buses for late-shift workers", "https://harbourtimes.example.com/news/night-buses", "harbourtimes.example.com", "2024-05-20T05:30:00Z", "en", enStart, ""},
				{"harbour:2", "testdata/feeds/harbour.atom:item 2", "Ferry timetable changes", "https://harbourtimes.example.com/news/ferry", "harbourtimes.example.com", "2024-05-19T18:00:00Z", "en", "The island ferry will leave twenty minutes earlier", ""},
				{"leipzig:1", "testdata/feeds/leipzig.json:item 1", deTitle, "https://www.leipziger-morgenblatt.de/kultur/bibliothek", "leipziger-morgenblatt.de", "2024-05-17T04:30:00Z", "de", "Die Stadtbibliothek Leipzig öffnet ab dem kommenden Monat auch sonntags.\n\nFür den", ""},
				{"leipzig:2", "testdata/feeds/leipzig.json:item 2", "Zoo Leipzig begrüßt zwei Elefantenkälber", "https://www.leipziger-morgenblatt.de/leipzig/zoo", "leipziger-morgenblatt.de", "2024-05-16T10:00:00Z", "de", "Im Zoo Leipzig sind in dieser Woche zwei Elefantenkälber zur Welt gekommen.\n\nBeide", ""},
				{"prazske_iso88592:1", "testdata/feeds/prazske_iso88592.xml:item 1", csTitle, "https://www.prazskelisty.cz/doprava/tramvaj-libus", "prazskelisty.cz", "2024-05-20T07:00:00Z", "cs", csStart, "decoded from iso-8859-2 (declared in the XML declaration)"},
				{"stiri:1", "testdata/feeds/stiri.rss:item 1", "Parc nou pe malul Someșului", "https://stiridecluj.ro/2024/05/18/parc-nou", "stiridecluj.ro", "2024-05-18T11:05:00Z", "ro", roCed, ""},
				{"stiri:2", "testdata/feeds/stiri.rss:item 2", "Trafic restricționat pe strada Horea", "https://stiridecluj.ro/2024/05/19/trafic-horea", "stiridecluj.ro", "2024-05-19T05:15:00Z", "ro", "Circulația pe strada Horea va fi închisă duminică între orele 8 și 14 pentru lucrări la rețeaua de apă & canalizare", ""},
			},
			skips: []skip{
				{"testdata/feeds/broken.rss", "not a valid feed: XML syntax error on line 8: unexpected EOF"},
				{"testdata/feeds/stiri.rss:item 3", "no content or description"},
			},
		},
		{
			name: "text in several encodings",
			args: []string{"testdata/txt"},
			docs: []rec{
				{"cs_tramvaj_cp1250", "testdata/txt/cs_tramvaj_cp1250.txt", "", "", "", "", "", csTitle + "\n\n" + csStart, "not valid UTF-8 and no charset declared: decoded as windows-1250 (guessed, 41% confidence against 22% for the next)"},
				{"it_bici", "testdata/txt/it_bici.txt.gz", "", "", "", "", "", itTitle + "\n\n" + itStart, ""},
				{"ro_parc", "testdata/txt/ro_parc.txt", "", "", "", "", "", roTitle + "\n\n" + roStart, ""},
				{"ro_parc_cedilla", "testdata/txt/ro_parc_cedilla.txt", "", "", "", "", "", roTitle + "\n\n" + roCed, ""},
				{"ro_parc_mojibake", "testdata/txt/ro_parc_mojibake.txt", "", "", "", "", "", roTitle + "\n\n" + roStart, `repaired double-encoded UTF-8: 40 characters (such as "Äƒ" for "ă")`},
			},
			skips: []skip{{"testdata/txt/scan.txt", "binary data: NUL byte at offset 43"}},
		},
		{
			name: "text with the charset given",
			r:    Reader{Charset: "windows-1250"},
			args: []string{"testdata/txt/cs_tramvaj_cp1250.txt", "testdata/txt/ro_parc.txt"},
			docs: []rec{
				{"cs_tramvaj_cp1250", "testdata/txt/cs_tramvaj_cp1250.txt", "", "", "", "", "", csTitle + "\n\n" + csStart, "decoded from windows-1250 (charset option)"},
				{"ro_parc", "testdata/txt/ro_parc.txt", "", "", "", "", "", roTitle, "windows-1250 charset option ignored: the text is valid UTF-8"},
			},
		},
		{
			name: "mojibake left alone",
			r:    Reader{NoRepair: true},
			args: []string{"testdata/txt/ro_parc_mojibake.txt"},
			docs: []rec{{"ro_parc_mojibake", "testdata/txt/ro_parc_mojibake.txt", "", "", "", "", "", "Cluj-Napoca deschide cel mai mare parc urban din ultimii treizeci de ani\n\nPrimÄƒria", ""}},
		},
		{
			name: "format forced",
			r:    Reader{Format: Text},
			args: []string{"testdata/feeds/broken.rss"},
			docs: []rec{{"broken", "testdata/feeds/broken.rss", "", "", "", "", "", `<?xml version="1.0"`, ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, skipped, err := tt.r.Read(tt.args)
			if err != nil {
				t.Fatal(err)
			}
			checkRecs(t, docs, tt.docs)
			checkSkipped(t, skipped, tt.skips)
		})
	}
}

// TestReadHTMLParagraphs checks that extracted pages keep paragraph breaks
// and lose menus, footers and scripts.
func TestReadHTMLParagraphs(t *testing.T) {
	var r Reader
	docs, _, err := r.Read([]string{"testdata/html/ro_parc.html"})
	if err != nil || len(docs) != 1 {
		t.Fatalf("got %d documents, %v", len(docs), err)
	}
	text := string(docs[0].Text)
	paras := strings.Split(text, "\n\n")
	if len(paras) != 4 || paras[0] != roTitle || !strings.HasPrefix(paras[1], roStart) || !strings.HasPrefix(paras[3], "„Este un spațiu") {
		t.Errorf("paragraphs: %q", paras)
	}
	for _, junk := range []string{"Cele mai citite", "Toate drepturile", "dataLayer", "font-family", "Politică"} {
		if strings.Contains(text, junk) {
			t.Errorf("text holds %q:\n%s", junk, text)
		}
	}
}

func TestReadJSON(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, map[string]string{
		"one.json":    `{"id": 7, "title": "Un titlu", "maintext": "Un singur articol în fișier."}`,
		"noid.json":   "{\n  \"text\": \"Fără ID.\"\n}\n",
		"array.json":  "[\n {\"id\": \"a\", \"text\": \"Primul.\"},\n {\"id\": \"b\", \"text\": \"\"},\n 42,\n {\"id\": \"c\", \"text\": \"Al treilea.\"}\n]\n",
		"stream.json": "{\"text\": \"Unu.\"}\n{\"text\": \"Doi.\"}\n",
		"bad.json":    "[{\"text\": \"Bun.\"},\n{\"text\": ",
		"feed.json":   `{"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": [{"id": "1", "content_text": "Din flux."}]}`,
		"empty.json":  "[]",
	})
	var r Reader
	docs, skipped, err := r.Read([]string{"one.json", "noid.json", "array.json", "stream.json", "bad.json", "feed.json", "empty.json"})
	if err != nil {
		t.Fatal(err)
	}
	checkRecs(t, docs, []rec{
		{"7", "one.json", "Un titlu", "", "", "", "", "Un singur articol", ""},
		{"noid", "noid.json", "", "", "", "", "", "Fără ID.", ""},
		{"a", "array.json:2", "", "", "", "", "", "Primul.", ""},
		{"c", "array.json:5", "", "", "", "", "", "Al treilea.", ""},
		{"stream:1", "stream.json:1", "", "", "", "", "", "Unu.", ""},
		{"stream:2", "stream.json:2", "", "", "", "", "", "Doi.", ""},
		{"bad:1", "bad.json:1", "", "", "", "", "", "Bun.", ""},
		{"feed:1", "feed.json:item 1", "", "", "", "", "", "Din flux.", ""},
	})
	checkSkipped(t, skipped, []skip{
		{"array.json:3", `empty text in field "text"`},
		{"array.json:4", "not a JSON object but a number"},
		{"bad.json:2", "invalid JSON: unexpected EOF; the rest of the file is not read"},
		{"empty.json", "empty JSON array"},
	})
}

// TestReadJSONLLines checks lines of any length, CRLF line ends, a BOM,
// blank lines and files of nothing.
func TestReadJSONLLines(t *testing.T) {
	long := strings.Repeat("Un text foarte lung. ", 10000) // 210 kB, past bufio.Scanner's 64 KiB
	tests := []struct {
		name  string
		r     Reader
		data  string
		docs  []doc
		skips []skip
	}{
		{
			name: "long line",
			data: `{"text": "` + long + `"}` + "\n" + `{"text": "scurt"}`,
			docs: []doc{{"stdin:1", "-:1", long}, {"stdin:2", "-:2", "scurt"}},
		},
		{
			name: "CRLF, BOM, blank lines, no final newline",
			data: "\ufeff{\"text\": \"unu\"}\r\n\r\n   \r\n{\"text\": \"doi\"}",
			docs: []doc{{"stdin:1", "-:1", "unu"}, {"stdin:4", "-:4", "doi"}},
		},
		{
			name:  "line over the limit is skipped, the next read",
			r:     Reader{MaxSize: 1000},
			data:  `{"text": "` + long + `"}` + "\n" + `{"text": "scurt"}` + "\n",
			docs:  []doc{{"stdin:2", "-:2", "scurt"}},
			skips: []skip{{"-:1", "line longer than the limit of 1000 bytes"}},
		},
		{
			name:  "only blank lines",
			data:  "\n\n  \n",
			skips: []skip{{"-", "empty file"}},
		},
		{
			name:  "no text field",
			data:  `{"id": 1, "title": "t"}` + "\n" + `{"text": {"p": 1}}` + "\n" + `{"text": null, "content": "din content"}`,
			docs:  []doc{{"stdin:3", "-:3", "din content"}},
			skips: []skip{{"-:1", `no text: no field "text", "maintext", "content" or "body"`}, {"-:2", `no text: field "text" is a JSON object, not a string`}},
		},
		{
			name: "numbers as IDs",
			data: `{"id": 12345678901234567890, "text": "a"}` + "\n" + `{"id": -1.5e3, "text": "b"}` + "\n" + `{"id": true, "text": "c"}`,
			docs: []doc{{"12345678901234567890", "-:1", "a"}, {"-1.5e3", "-:2", "b"}, {"true", "-:3", "c"}},
		},
		{
			name:  "binary text",
			data:  `{"text": "abc\u0000def"}`,
			skips: []skip{{"-:1", "binary data: NUL byte at offset 3"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.Stdin = strings.NewReader(tt.data)
			r.Format = JSONL
			docs, skipped, err := r.Read([]string{"-"})
			if err != nil {
				t.Fatal(err)
			}
			checkDocs(t, docs, tt.docs)
			checkSkipped(t, skipped, tt.skips)
		})
	}
}

// TestReadHugeLine reads a line of 100 MB: with a limit of 1 MiB it is
// skipped without being held in memory, and with the default limit it is
// read (2 MB of it with the race detector, which is slow).
func TestReadHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB of input")
	}
	size := 100 << 20
	line := func() io.Reader {
		return io.MultiReader(strings.NewReader(`{"id": "mare", "text": "`),
			io.LimitReader(repeatReader('a'), int64(size)),
			strings.NewReader("\"}\n{\"id\": \"mic\", \"text\": \"după\"}\n"))
	}
	r := Reader{Stdin: line(), Format: JSONL, MaxSize: 1 << 20}
	docs, skipped, err := r.Read([]string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, docs, []doc{{"mic", "-:2", "după"}})
	checkSkipped(t, skipped, []skip{{"-:1", "line longer than the limit of 1048576 bytes"}})

	if raceEnabled {
		size = 2 << 20
	}
	r = Reader{Stdin: line(), Format: JSONL}
	docs, skipped, err = r.Read([]string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || len(docs[0].Text) != size || len(skipped) != 0 {
		t.Errorf("got %d documents, %d skipped", len(docs), len(skipped))
	}
}

// repeatReader reads c forever.
type repeatReader byte

func (c repeatReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = byte(c)
	for n := 1; n < len(p); n *= 2 {
		copy(p[n:], p[:n])
	}
	return len(p), nil
}

func TestReadCSVCases(t *testing.T) {
	tests := []struct {
		name  string
		r     Reader
		data  string
		docs  []doc
		skips []skip
	}{
		{
			name: "quoted newlines and quotes",
			data: "id,text\n1,\"Primul rând\nal doilea, cu \"\"ghilimele\"\"\"\n2,simplu\n",
			docs: []doc{{"1", "-:2", "Primul rând\nal doilea, cu \"ghilimele\""}, {"2", "-:4", "simplu"}},
		},
		{
			name:  "stray quote skips the row only",
			data:  "id,text\n1,un \"citat\" greșit\n2,bun\n",
			docs:  []doc{{"2", "-:3", "bun"}},
			skips: []skip{{"-:2", `bare " in non-quoted-field (line 2, column 6)`}},
		},
		{
			name:  "unclosed quote",
			data:  "id,text\n1,bun\n2,\"fără sfârșit\n3,nimic\n",
			docs:  []doc{{"1", "-:2", "bun"}},
			skips: []skip{{"-:3", `extraneous or missing " in quoted-field (line 4, column 9)`}},
		},
		{
			name:  "no text column",
			data:  "id,headline,story\n1,a,b\n",
			skips: []skip{{"-", `no text column: none of "text", "maintext", "content" or "body" in the header (id, headline, story)`}},
		},
		{
			name: "text column chosen, case-insensitive",
			r:    Reader{Fields: Fields{Text: []string{"story"}, Title: []string{"HEADLINE"}}},
			data: "ID,Headline,Story\n1,a,b\n",
			docs: []doc{{"1", "-:2", "b"}},
		},
		{
			name:  "rows of the wrong width",
			data:  "id,text\n1,bun\nsingur\n3,a,b\n",
			docs:  []doc{{"1", "-:2", "bun"}},
			skips: []skip{{"-:3", "row has 1 field, header has 2"}, {"-:4", "row has 3 fields, header has 2"}},
		},
		{
			name:  "header only",
			data:  "id,text\n",
			skips: []skip{{"-", "no rows after the header"}},
		},
		{
			name:  "record over the limit",
			r:     Reader{MaxSize: 10},
			data:  "id,text\n1,scurt\n2,\"" + strings.Repeat("x", 200<<10) + "\"\n3,după\n",
			docs:  []doc{{"1", "-:2", "scurt"}},
			skips: []skip{{"-:3", "record longer than the limit of 10 bytes; the rest of the file is not read"}},
		},
		{
			name: "UTF-16 with a BOM, as Excel writes",
			data: string(utf16LE("\ufeffid\ttext\r\n1\tȘtiri\r\n")),
			r:    Reader{Format: TSV},
			docs: []doc{{"1", "-:2", "Știri"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.Stdin = strings.NewReader(tt.data)
			if r.Format == Auto {
				r.Format = CSV
			}
			docs, skipped, err := r.Read([]string{"-"})
			if err != nil {
				t.Fatal(err)
			}
			checkDocs(t, docs, tt.docs)
			checkSkipped(t, skipped, tt.skips)
		})
	}
}

// utf16LE encodes s in UTF-16LE.
func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xFFFF {
			panic("not in the BMP")
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestReadGzip(t *testing.T) {
	t.Chdir(t.TempDir())
	gz := func(s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.String()
	}
	whole := gz("Un articol comprimat.")
	writeFiles(t, map[string]string{
		"a.txt.gz":     whole,
		"noext":        gz(`{"text": "sniffed"}` + "\n" + `{"text": "jsonl"}`),
		"multi.txt.gz": gz("Primul membru, ") + gz("al doilea membru."),
		"cut.txt.gz":   whole[:len(whole)-6],
		"bad.txt.gz":   whole[:12] + "\xff\xff\xff\xff" + whole[16:],
		"fake.txt.gz":  "not gzip at all",
		"big.txt.gz":   gz(strings.Repeat("a", 5000)),
	})
	r := Reader{MaxSize: 1000}
	docs, skipped, err := r.Read([]string{"a.txt.gz", "noext", "multi.txt.gz", "cut.txt.gz", "bad.txt.gz", "fake.txt.gz", "big.txt.gz"})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, docs, []doc{
		{"a", "a.txt.gz", "Un articol comprimat."},
		{"noext:1", "noext:1", "sniffed"},
		{"noext:2", "noext:2", "jsonl"},
		{"multi", "multi.txt.gz", "Primul membru, al doilea membru."},
	})
	checkSkipped(t, skipped, []skip{
		{"cut.txt.gz", "truncated gzip data"},
		{"bad.txt.gz", "corrupt gzip data: flate: corrupt input before offset 14"},
		{"fake.txt.gz", "corrupt gzip data: gzip: invalid header"},
		{"big.txt.gz", "too large: more than 1000 bytes, the limit is 1000 bytes"},
	})
}

func TestReadDirFormats(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, map[string]string{
		"d/a.txt":           "alpha",
		"d/b.jsonl":         `{"id": "b1", "text": "beta"}`,
		"d/c.csv":           "id,text\nc1,gamma\n",
		"d/tmp/d.txt":       "delta",
		"d/2024/e.txt.gz":   "\x1f\x8b",
		"d/notes.md":        "not read",
		"d/raw/f":           "no extension",
		"d/raw/g.bak":       "backup",
		"d/2024/draft.txt":  "draft",
		"d/2024/final.text": "epsilon",
	})
	tests := []struct {
		name  string
		r     Reader
		docs  []doc
		skips []skip
	}{
		{
			name: "every supported extension",
			docs: []doc{
				{"draft", "d/2024/draft.txt", "draft"}, {"final", "d/2024/final.text", "epsilon"},
				{"a", "d/a.txt", "alpha"}, {"b1", "d/b.jsonl:1", "beta"}, {"c1", "d/c.csv:2", "gamma"}, {"d", "d/tmp/d.txt", "delta"},
			},
			skips: []skip{
				{"d/2024/e.txt.gz", "truncated gzip data"},
				{"d/notes.md", reasonUnsniffed},
				{"d/raw/f", reasonUnsniffed},
				{"d/raw/g.bak", reasonUnsniffed},
			},
		},
		{
			name: "include and exclude",
			r:    Reader{Include: []string{"*.txt", "raw/*"}, Exclude: []string{"tmp", "**/draft.*", "*.bak"}},
			docs: []doc{{"a", "d/a.txt", "alpha"}, {"f", "d/raw/f", "no extension"}},
			skips: []skip{
				{"d/2024/draft.txt", `excluded by pattern "**/draft.*"`},
				{"d/2024/e.txt.gz", reasonNotIncluded},
				{"d/2024/final.text", reasonNotIncluded},
				{"d/b.jsonl", reasonNotIncluded},
				{"d/c.csv", reasonNotIncluded},
				{"d/notes.md", reasonNotIncluded},
				{"d/raw/g.bak", `excluded by pattern "*.bak"`},
				{"d/tmp", `excluded by pattern "tmp"`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, skipped, err := tt.r.Read([]string{"d"})
			if err != nil {
				t.Fatal(err)
			}
			// Order: lexical within the directory ("2024" < "a.txt").
			checkDocs(t, docs, tt.docs)
			checkSkipped(t, skipped, tt.skips)
		})
	}
}

// TestSkipKinds reads inputs of every kind of skip and checks the Kind
// each is given, and that Ignored goes by the Kind alone: a reason that
// reads like a rule does not make an entry ignored, nor does a reason
// that reads like a problem keep one from being.
func TestSkipKinds(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, map[string]string{
		"d/a.txt":      "alpha",
		"d/.hidden":    "hidden",
		"d/.git/x.txt": "hidden dir",
		"d/notes.md":   "unsupported",
		"d/tmp.txt":    "excluded",
		"d/sub/b.txt":  "beta",
		"d/empty.txt":  "",
		"d/bin.txt":    "a\x00b",
		"d/crawl.warc": "WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 0\r\n\r\n\r\n\r\n",
		"d/cut.txt.gz": "\x1f\x8b",
	})
	symlink(t, "sub", "d/link")
	symlink(t, "nowhere.txt", "d/broken.txt")
	r := Reader{Exclude: []string{"tmp.txt"}}
	_, skipped, err := r.Read([]string{"d", "d/a.txt", "missing.txt"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]churn.SkipKind{}
	for _, s := range skipped {
		got[filepath.ToSlash(s.Name)] = s.Kind
		if Ignored(s) != (s.Kind == churn.SkipIgnored) {
			t.Errorf("Ignored(%+v) = %v", s, Ignored(s))
		}
	}
	want := map[string]churn.SkipKind{
		"d/.hidden":    churn.SkipIgnored,
		"d/.git":       churn.SkipIgnored,
		"d/notes.md":   churn.SkipIgnored,
		"d/tmp.txt":    churn.SkipIgnored,
		"d/link":       churn.SkipIgnored,
		"d/a.txt":      churn.SkipIgnored, // same file as the first d/a.txt
		"d/crawl.warc": churn.SkipIgnored, // its request record
		"d/broken.txt": churn.SkipUnreadable,
		"missing.txt":  churn.SkipUnreadable,
		"d/empty.txt":  churn.SkipProblem,
		"d/bin.txt":    churn.SkipProblem,
		"d/cut.txt.gz": churn.SkipProblem,
	}
	for name, k := range want {
		if g, ok := got[name]; !ok || g != k {
			t.Errorf("%s: kind %v (skipped: %v), want %v", name, g, ok, k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("skipped %v, want %d entries", skipped, len(want))
	}
	for _, s := range []churn.Skipped{
		{Name: "x", Reason: reasonHidden},
		{Name: "x", Reason: "same file as a.txt"},
		{Name: "x", Reason: reasonWARCOther + "1 request"},
	} {
		if Ignored(s) {
			t.Errorf("Ignored(%+v) = true for a problem", s)
		}
	}
	if !Ignored(churn.Skipped{Name: "x", Reason: "empty file", Kind: churn.SkipIgnored}) {
		t.Error("Ignored is false for Kind SkipIgnored")
	}
	for k, s := range map[churn.SkipKind]string{churn.SkipProblem: "problem", churn.SkipUnreadable: "unreadable", churn.SkipIgnored: "ignored", 9: "SkipKind(9)"} {
		if k.String() != s {
			t.Errorf("SkipKind(%d).String() = %q, want %q", k, k.String(), s)
		}
	}
}

func TestReaderUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		r    Reader
		want string
	}{
		{Reader{Format: "pdf"}, `corpus: unknown input format "pdf": want auto, txt, jsonl, json, csv, tsv, html, feed, warc`},
		{Reader{Charset: "klingon"}, `corpus: unknown charset "klingon"`},
		{Reader{Include: []string{"[a-"}}, `corpus: include pattern: malformed pattern "[a-"`},
		{Reader{Exclude: []string{"a/[/b"}}, `corpus: exclude pattern: malformed pattern "a/[/b"`},
	} {
		_, _, err := tt.r.Read([]string{"x"})
		var ue UsageError
		if err == nil || !errorsAs(err, &ue) || err.Error() != tt.want {
			t.Errorf("%+v: error %v, want usage error %q", tt.r, err, tt.want)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	for _, tt := range []struct {
		name, head string
		want       Format
	}{
		{"a.TXT", "", Text},
		{"a.jsonl.gz", "", JSONL},
		{"a.ndjson", "", JSONL},
		{"a.CSV", "", CSV},
		{"a.tsv.gz", "", TSV},
		{"a.htm", "", HTML},
		{"a.rss", "", Feed},
		{"a.xml", "", Feed},
		{"crawl.warc.gz", "", WARC},
		{"a.json", `{"version": "https://jsonfeed.org/version/1", "items": []}`, Feed},
		{"a.json", "[{\"text\": \"a\"}]", JSON},
		{"a.json", "{\n  \"text\": \"a\"\n}", JSON},
		{"a.json", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n", JSONL},
		{"a.json", "{\"text\": \"a\"}\n", JSON},
		{"", "{\"text\": \"a\"}", JSON},
		{"", "WARC/1.0\r\n", WARC},
		{"", "\ufeff<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">", Feed},
		{"", "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", Feed},
		{"", "<rdf:RDF xmlns:rdf=\"x\">", Feed},
		{"", "<!DOCTYPE html><html>", HTML},
		{"", "  <html lang=ro><p>x", HTML},
		{"", "<p>Un paragraf.</p>", HTML},
		{"", "<3 is a heart", Text},
		{"", "Plain text.", Text},
		{"notes.md", "# Title", Text},
	} {
		if got := DetectFormat(tt.name, []byte(tt.head)); got != tt.want {
			t.Errorf("DetectFormat(%q, %q) = %v, want %v", tt.name, tt.head, got, tt.want)
		}
	}
	for _, s := range []string{"", "auto", "TXT", "text", "ndjson", "json", "csv", "tsv", "html", "rss", "atom", "feed", "warc"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2024-05-18T10:42:00+03:00", "2024-05-18T07:42:00Z"},
		{"2024-05-18T10:42:00.123Z", "2024-05-18T10:42:00Z"},
		{"2024-05-18 10:42:00", "2024-05-18T10:42:00Z"},
		{"2024-05-18 10:42:00+02:00", "2024-05-18T08:42:00Z"},
		{"2024-05-18T10:42", "2024-05-18T10:42:00Z"},
		{"2024-05-18", "2024-05-18T00:00:00Z"},
		{"Sat, 18 May 2024 09:00:00 +0200", "2024-05-18T07:00:00Z"},
		{"Sat, 18 May 2024 09:00:00 GMT", "2024-05-18T09:00:00Z"},
		{"18.05.2024", "2024-05-18T00:00:00Z"},
		{"18 May 2024", "2024-05-18T00:00:00Z"},
		{"May 18, 2024", "2024-05-18T00:00:00Z"},
		{"1716025320", "2024-05-18T09:42:00Z"},
		{"1716025320000", "2024-05-18T09:42:00Z"},
		{"05/18/2024", ""},
		{"ieri", ""},
		{"", ""},
	} {
		got, ok := ParseTime(tt.in)
		g := ""
		if ok {
			g = got.Format(time.RFC3339)
		}
		if g != tt.want {
			t.Errorf("ParseTime(%q) = %q, want %q", tt.in, g, tt.want)
		}
	}
}

func TestPatterns(t *testing.T) {
	for _, tt := range []struct {
		pat, rel string
		want     bool
	}{
		{"*.txt", "a.txt", true},
		{"*.txt", "x/y/a.txt", true},
		{"*.txt", "a.txt.gz", false},
		{"2024/*.html", "2024/a.html", true},
		{"2024/*.html", "x/2024/a.html", false},
		{"**/2024/*.html", "x/2024/a.html", true},
		{"**/*.json", "a.json", true},
		{"news/**", "news/a/b/c.txt", true},
		{"news/**/c.txt", "news/c.txt", true},
		{"tmp", "a/tmp", true},
	} {
		pats, err := compilePatterns([]string{tt.pat})
		if err != nil {
			t.Fatal(err)
		}
		if _, got := matchAny(pats, tt.rel); got != tt.want {
			t.Errorf("%q matches %q: %v, want %v", tt.pat, tt.rel, got, tt.want)
		}
	}
}

func TestAssignRecordIDs(t *testing.T) {
	docs := []found{
		{doc: churn.Document{Name: "x/a.jsonl:1"}, file: "x/a.jsonl", key: "17"},
		{doc: churn.Document{Name: "y/a.jsonl:1"}, file: "y/a.jsonl", key: "17"},
		{doc: churn.Document{Name: "b.jsonl:3"}, file: "b.jsonl", loc: "3"},
		{doc: churn.Document{Name: "17.txt"}},
		{doc: churn.Document{Name: "-:2"}, file: "-", loc: "2"},
		{doc: churn.Document{Name: "c.csv:2"}, file: "c.csv", key: "k"},
		{doc: churn.Document{Name: "c.csv:3"}, file: "c.csv", key: "k"},
	}
	assignIDs(docs)
	var got []string
	for _, d := range docs {
		got = append(got, d.doc.ID)
	}
	want := []string{"x/a/17", "y/a/17", "b:3", "17", "stdin:2", "k", "k#2"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("IDs %q, want %q", got, want)
	}
}

// TestFixturesExist guards against fixtures lost from the tree.
func TestFixturesExist(t *testing.T) {
	for _, f := range []string{"news.jsonl", "news.jsonl.gz", "tables/articles.csv", "html/ro_parc.html", "feeds/stiri.rss", "warc/crawl.warc.gz", "txt/cs_tramvaj_cp1250.txt"} {
		if _, err := os.Stat(filepath.Join("testdata", f)); err != nil {
			t.Error(err)
		}
	}
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestReadDirSniffing checks that files found in a folder whose names
// have no known extension (pages saved from URLs, server scripts, no
// extension at all) are read when their content is of a supported
// format, and left out, saying so, when it is plain text or binary or
// their extension is of images, styles, scripts or documents.
func TestReadDirSniffing(t *testing.T) {
	t.Chdir(t.TempDir())
	page := func(title string) string {
		return "<!doctype html><html><head><title>" + title + "</title></head><body><article><p>" +
			strings.Repeat("The council met on Tuesday to discuss the budget for next year. ", 4) + title + "</p></article></body></html>"
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(page("gzipped")))
	zw.Close()
	writeFiles(t, map[string]string{
		"d/index.html?id=3": page("query"),
		"d/c.php":           page("php"),
		"d/g.aspx":          page("aspx"),
		"d/noext":           page("none"),
		"d/utf16":           string(utf16Of(page("utf16"), false)),
		"d/zipped":          gz.String(),
		"d/feed.cgi":        `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>t</title><description>An item of the feed with enough words in it.</description></item></channel></rss>`,
		"d/export":          `{"id":"j1","text":"first record"}` + "\n" + `{"id":"j2","text":"second record"}` + "\n",
		"d/README":          "Plain text that is not an article.",
		"d/style.css":       page("css"),
		"d/logo.png":        "\x89PNG\r\n\x1a\n",
		"d/blob.dat":        "\x00\x01\x02\x03",
	})
	docs, skipped, err := Read([]string{"d"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range docs {
		names = append(names, d.Name)
	}
	want := []string{"d/c.php", "d/export:1", "d/export:2", "d/feed.cgi:item 1", "d/g.aspx", "d/index.html?id=3", "d/noext", "d/utf16", "d/zipped"}
	if !slices.Equal(names, want) {
		t.Errorf("read %q, want %q", names, want)
	}
	checkSkipped(t, skipped, []skip{
		{"d/README", reasonUnsniffed},
		{"d/blob.dat", reasonUnsniffed},
		{"d/logo.png", reasonUnsupported},
		{"d/style.css", reasonUnsupported},
	})
	for _, tt := range []struct {
		name string
		want Format
	}{
		{"index.html?id=3", HTML}, {"feed.xml?page=2", Feed}, {"a.txt.gz", Text}, {"c.php", Auto}, {"x", Auto},
	} {
		if got := formatOfName(tt.name); got != tt.want {
			t.Errorf("formatOfName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestTextFieldTypes checks what a record whose text field is not text
// gives: null is said to be null (not "no field"), and a number or a
// boolean is not taken as the article's text.
func TestTextFieldTypes(t *testing.T) {
	data := `{"id":"a","text":null}
{"id":"b","text":12345}
{"id":"c","text":false}
{"id":"d","text":12345,"body":"the body is the text"}
{"id":"e","text":"a real text"}
{"id":"f","title":12345,"text":"numbers elsewhere are fine"}
`
	r := Reader{Stdin: strings.NewReader(data), Format: JSONL}
	docs, skipped, err := r.Read([]string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	checkDocs(t, docs, []doc{{"d", "-:4", "the body is the text"}, {"e", "-:5", "a real text"}, {"f", "-:6", "numbers elsewhere are fine"}})
	checkSkipped(t, skipped, []skip{
		{"-:1", `no text: field "text" is null`},
		{"-:2", `no text: field "text" is a number (12345), not text`},
		{"-:3", `no text: field "text" is a boolean (false), not text`},
	})
	if docs[2].Meta.Title != "12345" {
		t.Errorf("title %q, want the number's digits", docs[2].Meta.Title)
	}
}
