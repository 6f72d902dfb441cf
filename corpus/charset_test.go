package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/churnalism/churn"
)

// doubleEncode returns s as it reads after its UTF-8 bytes are decoded as
// windows-1252 (bytes undefined there as Latin-1) and encoded again.
func doubleEncode(s string) string {
	rev := map[byte]rune{}
	for r, b := range cp1252High {
		rev[b] = r
	}
	var b strings.Builder
	for _, c := range []byte(s) {
		if r, ok := rev[c]; ok {
			b.WriteRune(r)
		} else {
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

func TestRepairMojibake(t *testing.T) {
	ro := "Românii și-au ales primarul: „Știm ce vrem”, a spus un votant din Țara Bârsei."
	tests := []struct {
		name, in, want string
		n              int
	}{
		{"Romanian, comma below", doubleEncode(ro), ro, 7},
		{"Romanian, cedilla", doubleEncode("Şi ţara îşi aşteaptă"), "Şi ţara îşi aşteaptă", 6},
		{"as in the issue", "Ã®n È™i", "în și", 2},
		{"twice encoded", doubleEncode(doubleEncode("Ce frumoasă e ziua și noaptea")), "Ce frumoasă e ziua și noaptea", 6},
		{"mixed with correct text", "Știri: " + doubleEncode("Guvernul își menține poziția și susține că"), "Știri: Guvernul își menține poziția și susține că", 7},
		{"emoji and CJK", doubleEncode("ok 🙂 東京"), "ok 🙂 東京", 3},
		{"clean text", ro, ro, 0},
		{"one stray sequence among many accents", "Encodings: Ã© is how é looks when broken; ça, où, été, déjà, à, è, ê, ô, û", "", 0},
		{"German quote after ß is not NKo", "Er ging zu „Fuß“, sagte er.", "", 0},
		{"Latin-1 letters only", "Ça coûte très cher, à peu près", "", 0},
		{"invalid UTF-8 around", "\xff" + doubleEncode("și încă și") + "\xfe", "\xffși încă și\xfe", 4},
	}
	for _, tt := range tests {
		got, n, _ := repairMojibake([]byte(tt.in))
		want := tt.want
		if want == "" {
			want = tt.in
		}
		if string(got) != want || n != tt.n {
			t.Errorf("%s: repairMojibake(%q) = %q, %d; want %q, %d", tt.name, tt.in, got, n, want, tt.n)
		}
	}
}

// decodeText is decode without the warnings.
func decodeText(data []byte, decls []declared, opt *charset, html bool) (text []byte, notes []string, known bool) {
	d := decode(data, decls, opt, html)
	return d.text, d.notes, d.known
}

func TestDecodeText(t *testing.T) {
	latin2 := "Dopravn\xed podnik hlavn\xedho m\xecsta"
	tests := []struct {
		name  string
		data  string
		decls []declared
		opt   string
		want  string
		notes string
		known bool
	}{
		{"UTF-8", "Știri", nil, "", "Știri", "", false},
		{"UTF-8 BOM", "\ufeffȘtiri", nil, "", "Știri", "", true},
		{"UTF-16LE BOM", "\xff\xfe\x18\x02t\x00", nil, "", "Șt", "decoded from utf-16le (byte order mark)", true},
		{"declared", latin2, []declared{{"ISO-8859-2", "in x"}}, "", "Dopravní podnik hlavního města", "decoded from iso-8859-2 (declared in x)", true},
		{"declared wins over the option", latin2, []declared{{"iso-8859-2", "in x"}}, "windows-1252", "Dopravní podnik hlavního města", "decoded from iso-8859-2 (declared in x)", true},
		{"unknown declaration", latin2, []declared{{"klingon", "in x"}}, "windows-1250", "Dopravní podnik hlavního města", `unknown charset "klingon" declared in x, ignored | decoded from windows-1250 (charset option)`, true},
		{"mislabelled UTF-8", "Știri", []declared{{"iso-8859-1", "in x"}}, "", "Știri", "windows-1252 declared in x ignored: the text is valid UTF-8", true},
		{"ASCII under any label", "plain", []declared{{"windows-1250", "in x"}}, "", "plain", "", true},
		{"declared UTF-8, invalid bytes", "a\xffb", []declared{{"utf-8", "in x"}}, "", "a\uFFFDb", "1 invalid UTF-8 byte replaced by U+FFFD (at byte 1; UTF-8 declared in x)", true},
		{"Latin-1 guessed", "Perch\xe9 la citt\xe0 \xe8 cos\xec bella? Il sindaco ha detto che la citt\xe0 sar\xe0 pi\xf9 verde.", nil, "", "Perché la città è così bella? Il sindaco ha detto che la città sarà più verde.", "not valid UTF-8 and no charset declared: decoded as windows-1252 (guessed, 77% confidence against 42% for the next)", false},
		{"too little to guess", "\xe9", nil, "", "é", "not valid UTF-8 and no charset declared: decoded as windows-1252 (the default: nothing to guess from)", false},
	}
	for _, tt := range tests {
		var opt *charset
		if tt.opt != "" {
			cs, err := lookupCharset(tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			opt = &cs
		}
		got, notes, known := decodeText([]byte(tt.data), tt.decls, opt, false)
		if string(got) != tt.want || strings.Join(notes, " | ") != tt.notes || known != tt.known {
			t.Errorf("%s: got %q, %q, %v; want %q, %q, %v", tt.name, got, notes, known, tt.want, tt.notes, tt.known)
		}
	}
}

func TestDeclaredCharsets(t *testing.T) {
	for _, tt := range []struct{ page, want string }{
		{`<meta charset="windows-1250">`, "windows-1250"},
		{`<META CHARSET=ISO-8859-2>`, "iso-8859-2"},
		{`<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-16">`, "iso-8859-16"},
		{`<meta content="text/html; charset='cp1250'" http-equiv="content-type">`, "cp1250"},
		{`<meta name="description" content="charset=nope">`, ""},
		{`<meta property="og:title" content="x"><meta charset=utf-8>`, "utf-8"},
		{`<p>no meta</p>`, ""},
	} {
		if got := metaCharset([]byte(tt.page)); got != tt.want {
			t.Errorf("metaCharset(%q) = %q, want %q", tt.page, got, tt.want)
		}
	}
	for _, tt := range []struct{ doc, want string }{
		{`<?xml version="1.0" encoding="ISO-8859-2"?><rss>`, "ISO-8859-2"},
		{"\ufeff<?xml version='1.0' encoding='windows-1250' standalone='yes'?>", "windows-1250"},
		{`<?xml version="1.0"?><rss encoding="x">`, ""},
		{`<rss>`, ""},
	} {
		got, start, end := xmlEncoding([]byte(tt.doc))
		if got != tt.want || got != "" && tt.doc[start:end] != got {
			t.Errorf("xmlEncoding(%q) = %q [%d:%d], want %q", tt.doc, got, start, end, tt.want)
		}
	}
	if got := contentTypeCharset(`text/html; charset="Windows-1250"`); got != "Windows-1250" {
		t.Errorf("contentTypeCharset = %q", got)
	}
	if got := contentTypeCharset(`text/html;;charset=utf-8 ; x`); got != "utf-8" {
		t.Errorf("contentTypeCharset of a malformed header = %q", got)
	}
}

func TestRenderText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<p>Unu.</p><p>Doi  \n trei.</p>", "Unu.\n\nDoi trei."},
		{"Rând<br>nou", "Rând\nnou"},
		{"<ul><li>a</li><li>b</li></ul><p>după</p>", "a\nb\n\ndupă"},
		{"<p>a <b>bold</b> word</p>", "a bold word"},
		{"<pre>  cod\n  indentat</pre>", "cod\n  indentat"},
		{"<p>x</p><script>var y</script><style>p{}</style><p>z</p>", "x\n\nz"},
		{"<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "1 2\n3"},
		{"Text simplu\n\ncu paragrafe &amp; entități", "Text simplu\n\ncu paragrafe & entități"},
		{"", ""},
	} {
		if got := fragmentText(tt.in); got != tt.want {
			t.Errorf("fragmentText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// readOne reads data as the only file of a directory (named name) with
// r, and returns the documents and the warnings Reader.Warn was told.
func readOne(t *testing.T, r Reader, name string, data []byte) ([]churn.Document, []churn.Skipped, []string) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var warns []string
	r.Warn = func(name, msg string) {
		if name != "" {
			name = filepath.Base(name)
		}
		warns = append(warns, name+": "+msg)
	}
	docs, skipped, err := r.Read([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	return docs, skipped, warns
}

// TestStrayBytes checks that UTF-8 text with a few invalid bytes is read
// as UTF-8, each invalid byte becoming U+FFFD, with a note and a warning
// saying how many and where, rather than decoded whole from a charset
// guessed from the invalid bytes (which garbled every other letter).
func TestStrayBytes(t *testing.T) {
	clean, err := os.ReadFile("testdata/txt/ro_parc.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		at    []int
		fmt   string
		where string
	}{
		{"one byte", []int{300}, "txt", "at byte 300"},
		{"three bytes", []int{5, 300, 600}, "txt", "at bytes 5, 300, 600"},
		{"five bytes", []int{5, 300, 500, 600, 700}, "txt", "at bytes 5, 300, 500, …"},
		{"in HTML", []int{300}, "html", "at byte 324"}, // in the page, after "<html><body><article><p>"
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(string(clean))
			want := []byte(string(clean))
			for _, i := range tt.at {
				for data[i] >= 0x80 { // keep to an ASCII byte, so that characters stay whole
					i++
				}
				data[i] = 0xFF
			}
			var docs []churn.Document
			var warns []string
			if tt.fmt == "html" {
				page := "<html><body><article><p>" + string(data) + "</p></article></body></html>"
				docs, _, warns = readOne(t, Reader{}, "a.html", []byte(page))
			} else {
				docs, _, warns = readOne(t, Reader{}, "a.txt", data)
			}
			if len(docs) != 1 {
				t.Fatalf("%d documents", len(docs))
			}
			d := docs[0]
			if tt.fmt == "txt" {
				want = bytes.ReplaceAll(data, []byte{0xFF}, []byte("\uFFFD"))
				if !bytes.Equal(d.Text, want) {
					t.Errorf("text differs from the file with U+FFFD for the stray bytes:\n%.200s", d.Text)
				}
				if d.Meta.Offsets != churn.OffsetsDecoded {
					t.Errorf("offsets %q, want decoded", d.Meta.Offsets)
				}
			}
			if n := bytes.Count(d.Text, []byte("\uFFFD")); n != len(tt.at) {
				t.Errorf("%d U+FFFD in the text, want %d", n, len(tt.at))
			}
			if !bytes.Contains(d.Text, []byte("Primăria Cluj-Napoca a inaugurat sâmbătă Parcul Someșul Rece")) {
				t.Errorf("text garbled: %.200s", d.Text)
			}
			note := plural(len(tt.at), "invalid UTF-8 byte", "invalid UTF-8 bytes") + " replaced by U+FFFD (" + tt.where
			if len(d.Meta.Notes) != 1 || !strings.HasPrefix(d.Meta.Notes[0], note) {
				t.Errorf("notes %q, want one starting %q", d.Meta.Notes, note)
			}
			if len(warns) != 1 || !strings.Contains(warns[0], note) {
				t.Errorf("warnings %q, want one with %q", warns, note)
			}
		})
	}
}

// TestCharsetGuesses checks that text in a legacy charset is still
// guessed from the whole file, that a weak guess falls back to
// windows-1252 saying so, and that every guess is a warning.
func TestCharsetGuesses(t *testing.T) {
	cz, err := os.ReadFile("testdata/txt/cs_tramvaj_cp1250.txt")
	if err != nil {
		t.Fatal(err)
	}
	// A feed's text without its XML declaration: ISO-8859-2 Czech that
	// the detector rates 24% against 30% for ISO-8859-1.
	feed, err := os.ReadFile("testdata/feeds/prazske_iso88592.xml")
	if err != nil {
		t.Fatal(err)
	}
	_, feed, _ = bytes.Cut(feed, []byte("?>"))
	for _, tt := range []struct {
		name, file string
		data       []byte
		note       string
		start      string
	}{
		{"windows-1250 Czech", "cs.txt", cz, "not valid UTF-8 and no charset declared: decoded as windows-1250 (guessed, 41% confidence against 22% for the next)", "Nová tramvajová trať"},
		{"too close to call", "feed.txt", feed, "not valid UTF-8 and no charset declared: decoded as windows-1252 (the default: no strong guess, ", ""},
		// The first 64 KiB, all the guess used to see, are ASCII.
		{"Czech after 100 KiB of ASCII", "big.txt", append(bytes.Repeat([]byte("A line of plain ASCII text.\n"), 100<<10/28), bytes.Repeat(cz, 20)...), "decoded as windows-1250 (guessed, ", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			docs, _, warns := readOne(t, Reader{}, tt.file, tt.data)
			if len(docs) != 1 {
				t.Fatalf("%d documents", len(docs))
			}
			d := docs[0]
			if len(d.Meta.Notes) != 1 || !strings.Contains(d.Meta.Notes[0], tt.note) {
				t.Errorf("notes %q, want %q", d.Meta.Notes, tt.note)
			}
			if len(warns) != 1 || !strings.Contains(warns[0], tt.note) || !strings.HasPrefix(warns[0], tt.file+": ") {
				t.Errorf("warnings %q, want one for %s with %q", warns, tt.file, tt.note)
			}
			if !strings.HasPrefix(string(d.Text), tt.start) {
				t.Errorf("text starts %.40q, want %q", d.Text, tt.start)
			}
			if d.Meta.Offsets != churn.OffsetsDecoded {
				t.Errorf("offsets %q, want decoded", d.Meta.Offsets)
			}
		})
	}
}

// TestRecordStrayBytes checks JSON Lines and CSV records: a record that
// is UTF-8 but for a stray byte stays UTF-8, and the warnings about one
// file's records come once, with their count.
func TestRecordStrayBytes(t *testing.T) {
	line := func(id int, text string) string {
		return fmt.Sprintf(`{"id": "r%d", "text": "%s"}`+"\n", id, text)
	}
	ro := "Primăria a inaugurat sâmbătă Parcul Someșul Rece, pe malul râului, în cartierul Mărăști"
	var jsonl strings.Builder
	for i := range 4 {
		text := ro
		if i%2 == 1 {
			text = ro[:10] + "\xff" + ro[10:]
		}
		jsonl.WriteString(line(i, text))
	}
	for _, workers := range []int{1, 4} {
		docs, _, warns := readOne(t, Reader{jsonlWorkers: workers, jsonlBatchBytes: 100}, "news.jsonl", []byte(jsonl.String()))
		if len(docs) != 4 {
			t.Fatalf("%d documents", len(docs))
		}
		for _, d := range docs {
			if !strings.Contains(string(d.Text), "Someșul Rece") || d.Meta.Offsets != churn.OffsetsField {
				t.Errorf("%s: text %q, offsets %q", d.ID, d.Text, d.Meta.Offsets)
			}
		}
		// Byte 32 of the line: the 10th of the text.
		want := []string{"news.jsonl: 2 records: 1 invalid UTF-8 byte replaced by U+FFFD (at byte 32; the rest of the text is valid UTF-8), the first "}
		if len(warns) != 1 || !strings.HasPrefix(warns[0], want[0]) || !strings.HasSuffix(warns[0], "news.jsonl:2") {
			t.Errorf("workers %d: warnings %q, want %q…news.jsonl:2", workers, warns, want)
		}
	}
	csv := "id,text\n1,\"" + ro + "\"\n2,\"" + ro[:10] + "\xff" + ro[10:] + "\"\n"
	docs, _, warns := readOne(t, Reader{}, "t.csv", []byte(csv))
	if len(docs) != 2 || !strings.Contains(string(docs[1].Text), "Someșul Rece") {
		t.Fatalf("documents %v", docs)
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0], "t.csv: ") || !strings.Contains(warns[0], "t.csv:3: 1 invalid UTF-8 byte") {
		t.Errorf("warnings %q", warns)
	}
}

// utf16Of encodes s in UTF-16 in the byte order given, without a byte
// order mark (surrogate pairs for characters beyond the BMP).
func utf16Of(s string, bigEndian bool) []byte {
	var b []byte
	put := func(u uint16) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	for _, r := range s {
		if r > 0xFFFF {
			r -= 0x10000
			put(uint16(0xD800 + r>>10))
			put(uint16(0xDC00 + r&0x3FF))
			continue
		}
		put(uint16(r))
	}
	return b
}

// TestUTF16WithoutBOM checks that UTF-16 text without a byte order mark,
// which was taken for binary data (it is full of NUL bytes), is found and
// decoded, in text, HTML and JSON Lines files, and that binary files are
// still binary.
func TestUTF16WithoutBOM(t *testing.T) {
	ro := "Primăria Cluj-Napoca a inaugurat sâmbătă Parcul Someșul Rece, o suprafață de 24 de hectare. 🌳"
	ru := "Мэр города заявил во вторник, что трамваи будут ходить чаще, а тарифы снизятся."
	for _, tt := range []struct {
		name, file, text, want string
		be                     bool
	}{
		{"text, little-endian", "a.txt", ro, ro, false},
		{"text, big-endian", "a.txt", ro, ro, true},
		{"Cyrillic", "a.txt", ru, ru, false},
		{"HTML", "a.html", "<html><body><article><p>" + ro + "</p><p>" + ro + "</p><p>" + ro + "</p></article></body></html>", ro + "\n\n" + ro + "\n\n" + ro, false},
		{"JSON Lines", "a.jsonl", `{"id":"x","text":"` + ro + `"}` + "\n" + `{"id":"y","text":"` + ru + `"}` + "\n", ro, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			docs, skipped, warns := readOne(t, Reader{}, tt.file, utf16Of(tt.text, tt.be))
			if len(docs) == 0 {
				t.Fatalf("no document; skipped %v", skipped)
			}
			if got := strings.TrimSpace(string(docs[0].Text)); got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
			order := "utf-16le"
			if tt.be {
				order = "utf-16be"
			}
			note := "decoded from " + order + " (no byte order mark: found by its NUL bytes)"
			if !slices.Contains(docs[0].Meta.Notes, note) {
				t.Errorf("notes %q, want %q", docs[0].Meta.Notes, note)
			}
			if len(warns) != 1 || warns[0] != tt.file+": "+note {
				t.Errorf("warnings %q, want one for %s", warns, tt.file)
			}
		})
	}
	elf := append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00"), make([]byte, 64)...)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66\x00\x00\x00\x04sBIT\x08\x08\x08\x08\x7c\x08\x64\x88")
	wide := make([]byte, 256) // little-endian 16-bit integers: NULs at odd offsets, no text
	for i := 0; i < len(wide); i += 2 {
		wide[i] = byte(i / 2)
	}
	for name, data := range map[string][]byte{"ELF": elf, "PNG": png, "16-bit numbers": wide} {
		docs, skipped, _ := readOne(t, Reader{}, "x.txt", data)
		if len(docs) != 0 || len(skipped) != 1 || !strings.HasPrefix(skipped[0].Reason, "binary data") {
			t.Errorf("%s: documents %q, skipped %v; want binary data", name, docs, skipped)
		}
	}
}

// TestOffsets checks what each reader says its documents' offsets refer
// to, and that for "file" slicing the file gives the text.
func TestOffsets(t *testing.T) {
	for _, tt := range []struct {
		path string
		want churn.Offsets
	}{
		{"testdata/txt/ro_parc.txt", churn.OffsetsFile},
		{"testdata/txt/it_bici.txt.gz", churn.OffsetsFile},
		{"testdata/txt/ro_parc_mojibake.txt", churn.OffsetsDecoded},
		{"testdata/txt/cs_tramvaj_cp1250.txt", churn.OffsetsDecoded},
		{"testdata/news.jsonl", churn.OffsetsField},
		{"testdata/tables/articles.csv", churn.OffsetsField},
		{"testdata/html/ro_parc.html", churn.OffsetsExtracted},
		{"testdata/feeds/stiri.rss", churn.OffsetsExtracted},
		{"testdata/warc/crawl.warc", churn.OffsetsExtracted},
	} {
		docs, _, err := Read([]string{tt.path}, nil)
		if err != nil || len(docs) == 0 {
			t.Fatalf("%s: %d documents, %v", tt.path, len(docs), err)
		}
		for _, d := range docs {
			if d.Meta.Offsets != tt.want {
				t.Errorf("%s: offsets %q, want %q", d.Name, d.Meta.Offsets, tt.want)
			}
		}
		if tt.want == churn.OffsetsFile && !strings.HasSuffix(tt.path, ".gz") {
			data, err := os.ReadFile(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, docs[0].Text) {
				t.Errorf("%s: offsets are %q but the text is not the file's bytes", tt.path, tt.want)
			}
		}
	}
	bom, _, _ := readOne(t, Reader{}, "bom.txt", []byte("\ufeffȘtiri de azi"))
	if len(bom) != 1 || bom[0].Meta.Offsets != churn.OffsetsDecoded {
		t.Errorf("UTF-8 with a byte order mark: %+v, want offsets decoded", bom)
	}
	seeds, err := Seeds()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range seeds {
		if d.Meta.Offsets != churn.OffsetsFile {
			t.Errorf("seed %s: offsets %q", d.ID, d.Meta.Offsets)
		}
	}
}

// TestDuplicateIDWarning checks that documents renamed "x#2" because
// their IDs were taken are warned about, once, with their count.
func TestDuplicateIDWarning(t *testing.T) {
	data := `{"id":"x","text":"alpha"}` + "\n" + `{"id":"x","text":"beta"}` + "\n" + `{"id":"y","text":"gamma"}` + "\n" + `{"id":"x","text":"delta"}` + "\n"
	docs, _, warns := readOne(t, Reader{}, "a.jsonl", []byte(data))
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if !slices.Equal(ids, []string{"x", "x#2", "y", "x#3"}) {
		t.Fatalf("IDs %q", ids)
	}
	if len(warns) != 1 || !strings.HasPrefix(warns[0], ": 2 documents were given an ID already taken, renamed with a suffix such as x#2 for ") ||
		!strings.HasSuffix(warns[0], "a.jsonl:2 (set an ID field, or name files apart)") {
		t.Errorf("warnings %q", warns)
	}
	_, _, warns = readOne(t, Reader{}, "b.jsonl", []byte(`{"id":"x","text":"alpha"}`+"\n"+`{"id":"y","text":"beta"}`+"\n"))
	if len(warns) != 0 {
		t.Errorf("warnings %q without a collision", warns)
	}
}
