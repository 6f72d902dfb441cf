package corpus

import (
	"strings"
	"testing"
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
		{"declared UTF-8, invalid bytes", "a\xffb", []declared{{"utf-8", "in x"}}, "", "a\uFFFDb", "1 invalid UTF-8 bytes replaced by U+FFFD (UTF-8 declared in x)", true},
		{"Latin-1 guessed", "Perch\xe9 la citt\xe0 \xe8 cos\xec bella? Il sindaco ha detto che la citt\xe0 sar\xe0 pi\xf9 verde.", nil, "", "Perché la città è così bella? Il sindaco ha detto che la città sarà più verde.", "not valid UTF-8 and no charset declared: decoded as windows-1252 (guessed, 77% confidence)", false},
		{"too little to guess", "\xe9", nil, "", "é", "not valid UTF-8 and no charset declared: decoded as windows-1252 (the default)", false},
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
