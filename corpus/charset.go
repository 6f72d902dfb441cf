package corpus

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// charset is a character encoding with its canonical (WHATWG) name.
type charset struct {
	name string // "utf-8", "windows-1250", "iso-8859-16", ...
	enc  encoding.Encoding
}

// lookupCharset returns the encoding a label names, by the WHATWG
// Encoding Standard's labels ("latin1", "cp1250", "ISO-8859-2", "utf8"):
// the names browsers know. Note that the standard reads "iso-8859-1" and
// "us-ascii" as windows-1252, a superset.
func lookupCharset(label string) (charset, error) {
	label = strings.Trim(strings.TrimSpace(label), `"'`)
	enc, err := htmlindex.Get(label)
	if err != nil {
		return charset{}, fmt.Errorf("unknown charset %q", label)
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		name = strings.ToLower(label)
	}
	return charset{name: name, enc: enc}, nil
}

// declared is a charset an input declares, and where.
type declared struct {
	label string // as written, e.g. "ISO-8859-2"
	where string // "in the HTTP Content-Type", "in <meta charset>", ...
}

// hasNonASCII reports whether data has a byte above 0x7F.
func hasNonASCII(data []byte) bool {
	for _, c := range data {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// contentTypeCharset returns the charset parameter of a Content-Type
// header value, or "".
func contentTypeCharset(ct string) string {
	if ct == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		// Be lenient with malformed headers: look for charset= anyway.
		i := strings.Index(strings.ToLower(ct), "charset=")
		if i < 0 {
			return ""
		}
		v := ct[i+len("charset="):]
		if j := strings.IndexAny(v, "; "); j >= 0 {
			v = v[:j]
		}
		return strings.Trim(v, `"'`)
	}
	return strings.Trim(params["charset"], `"'`)
}

// metaCharset returns the charset an HTML page declares in its first
// 4 KiB with <meta charset="..."> or <meta http-equiv="Content-Type"
// content="...; charset=...">, or "". It is a simplified form of the HTML
// standard's prescan.
func metaCharset(page []byte) string {
	head := bytes.ToLower(page[:min(len(page), 4096)])
	for {
		i := bytes.Index(head, []byte("<meta"))
		if i < 0 {
			return ""
		}
		head = head[i+len("<meta"):]
		end := bytes.IndexByte(head, '>')
		if end < 0 {
			return ""
		}
		tag := string(head[:end])
		head = head[end:]
		if v := attr(tag, "charset"); v != "" {
			return v
		}
		if strings.Contains(tag, "http-equiv") && strings.Contains(tag, "content-type") {
			if v := contentTypeCharset(attr(tag, "content")); v != "" {
				return v
			}
		}
	}
}

// attr returns the value of the attribute name in the inside of a
// lower-cased start tag, or "". Quoted values are skipped over, so that
// "charset=" inside a content attribute is not taken for an attribute.
func attr(tag, name string) string {
	i := 0
	for i < len(tag) {
		start := i
		for i < len(tag) && (isSpace(tag[i]) || tag[i] == '/') {
			i++
		}
		j := i
		for j < len(tag) && !isSpace(tag[j]) && tag[j] != '=' && tag[j] != '/' {
			j++
		}
		key := tag[i:j]
		i = j
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		val := ""
		if i < len(tag) && tag[i] == '=' {
			i++
			for i < len(tag) && isSpace(tag[i]) {
				i++
			}
			if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
				q := tag[i]
				if k := strings.IndexByte(tag[i+1:], q); k >= 0 {
					val, i = tag[i+1:i+1+k], i+2+k
				} else {
					val, i = tag[i+1:], len(tag)
				}
			} else {
				k := i
				for k < len(tag) && !isSpace(tag[k]) {
					k++
				}
				val, i = tag[i:k], k
			}
		}
		if key == name {
			return strings.TrimSpace(val)
		}
		if i == start {
			i++ // a stray "=" or quote: make progress
		}
	}
	return ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' }

// xmlEncoding returns the encoding an XML declaration at the start of doc
// names (<?xml version="1.0" encoding="windows-1250"?>), or "", and the
// byte range of the attribute's value in doc.
func xmlEncoding(doc []byte) (label string, start, end int) {
	d := bytes.TrimPrefix(doc, utf8BOM)
	off := len(doc) - len(d)
	if !bytes.HasPrefix(d, []byte("<?xml")) {
		return "", 0, 0
	}
	decl, _, ok := bytes.Cut(d[:min(len(d), 512)], []byte("?>"))
	if !ok {
		return "", 0, 0
	}
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return "", 0, 0
	}
	rest := decl[i+len("encoding"):]
	j := bytes.IndexAny(rest, `"'`)
	if j < 0 || string(bytes.TrimSpace(rest[:j])) != "=" {
		return "", 0, 0
	}
	q := rest[j]
	k := bytes.IndexByte(rest[j+1:], q)
	if k < 0 {
		return "", 0, 0
	}
	start = off + i + len("encoding") + j + 1
	end = start + k
	return string(doc[start:end]), start, end
}

// cp1252High maps the characters of windows-1252's bytes 0x80-0x9F to
// those bytes.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// mojibakeByte returns the byte that r stands for when UTF-8 was wrongly
// decoded as windows-1252 or ISO-8859-1 (whose C1 controls U+0080-U+009F
// stand for themselves), if it is one.
func mojibakeByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := cp1252High[r]
	return b, ok
}

// plausible reports whether r is a character that double-encoded text is
// likely to hold: letters of the Latin, Greek, Cyrillic, Hebrew and Arabic
// scripts, common punctuation and symbols, CJK, emoji. Repairs that would
// produce anything else (IPA letters, NKo...) are false alarms, such as a
// German "ß“".
func plausible(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x24F, // Latin-1 Supplement, Latin Extended-A/B
		r >= 0x2C6 && r <= 0x2DD,     // spacing modifiers: ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝
		r >= 0x370 && r <= 0x52F,     // Greek, Cyrillic
		r >= 0x590 && r <= 0x6FF,     // Hebrew, Arabic
		r >= 0x1E00 && r <= 0x1EFF,   // Latin Extended Additional
		r >= 0x2000 && r <= 0x20CF,   // punctuation, currency
		r >= 0x2100 && r <= 0x215F,   // letterlike symbols, fractions
		r >= 0x3000 && r <= 0x9FFF,   // CJK
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul
		r >= 0x1F300 && r <= 0x1FAFF: // emoji
		return true
	}
	return false
}

// mojibakeAt reports whether text[i:] starts with a double-encoded UTF-8
// character: 2 to 4 characters whose windows-1252/Latin-1 bytes form one
// valid UTF-8 sequence of a plausible character. It returns the length of
// the sequence in text and the character it stands for.
func mojibakeAt(text []byte, i int) (n int, r rune) {
	r0, s0 := utf8.DecodeRune(text[i:])
	b0, ok := mojibakeByte(r0)
	if !ok || r0 == utf8.RuneError {
		return 0, 0
	}
	var want int
	switch {
	case b0 >= 0xC2 && b0 <= 0xDF:
		want = 1
	case b0 >= 0xE0 && b0 <= 0xEF:
		want = 2
	case b0 >= 0xF0 && b0 <= 0xF4:
		want = 3
	default:
		return 0, 0
	}
	var buf [4]byte
	buf[0] = b0
	j := i + s0
	for k := 1; k <= want; k++ {
		if j >= len(text) {
			return 0, 0
		}
		r, s := utf8.DecodeRune(text[j:])
		b, ok := mojibakeByte(r)
		if !ok || b < 0x80 || b > 0xBF || r == utf8.RuneError {
			return 0, 0
		}
		buf[k] = b
		j += s
	}
	dr, ds := utf8.DecodeRune(buf[:want+1])
	if dr == utf8.RuneError || ds != want+1 || !plausible(dr) {
		return 0, 0
	}
	return j - i, dr
}

// repairMojibake undoes double encoding: UTF-8 text that was decoded as
// windows-1252 (or Latin-1) and encoded as UTF-8 again, so that "î" reads
// "Ã®" and "ș" reads "È™". Each sequence of characters whose bytes in
// windows-1252 form one valid UTF-8 character of a plausible script is
// replaced by that character, provided there is enough evidence: at least
// 3 such sequences, or sequences making up at least half of the text's
// non-ASCII characters, so that a stray "Ã©" in a text about encodings is
// left alone. Text repaired once is checked again, for text encoded
// twice over (at most 3 rounds). It returns the text (text itself if
// nothing was done), the number of characters repaired and an example.
func repairMojibake(text []byte) (out []byte, n int, example string) {
	out = text
	for round := 0; round < 3; round++ {
		fixed, count, ex := repairOnce(out)
		if count == 0 {
			break
		}
		out = fixed
		n += count
		if example == "" {
			example = ex
		}
	}
	return out, n, example
}

// mojibakeFollower tells the first bytes of the UTF-8 encodings of the
// characters that can follow the first one of a double-encoded character
// (see mojibakeAt): those whose mojibakeByte is 0x80-0xBF, U+0080-U+00BF
// and windows-1252's characters for 0x80-0x9F.
var mojibakeFollower = func() (t [256]bool) {
	for r := rune(0x80); r <= 0xBF; r++ {
		t[utf8.AppendRune(nil, r)[0]] = true
	}
	for r, b := range cp1252High {
		if b >= 0x80 && b <= 0xBF {
			t[utf8.AppendRune(nil, r)[0]] = true
		}
	}
	return t
}()

// mayHaveMojibake reports whether mojibakeAt can find anything in text:
// whether it has, anywhere, a character U+00C2-U+00F4 (mojibakeByte
// 0xC2-0xF4, the first byte of a UTF-8 sequence; its UTF-8 is 0xC3 and
// 0x82-0xB4) followed by a character that mojibakeFollower allows. Most
// text has none, and is then passed over at the speed of IndexByte.
func mayHaveMojibake(text []byte) bool {
	for i := 0; ; i++ {
		k := bytes.IndexByte(text[i:], 0xC3)
		if k < 0 {
			return false
		}
		i += k
		if i+2 < len(text) && text[i+1] >= 0x82 && text[i+1] <= 0xB4 && mojibakeFollower[text[i+2]] {
			return true
		}
	}
}

// repairOnce does one round of repairMojibake.
func repairOnce(text []byte) ([]byte, int, string) {
	if !mayHaveMojibake(text) {
		return text, 0, ""
	}
	// Count first, without allocating: most texts have nothing to repair.
	count, inSeq, nonASCII := 0, 0, 0
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		if n, _ := mojibakeAt(text, i); n > 0 {
			count++
			inSeq += utf8.RuneCount(text[i : i+n])
			nonASCII += utf8.RuneCount(text[i : i+n])
			i += n
			continue
		}
		_, s := utf8.DecodeRune(text[i:])
		nonASCII++
		i += s
	}
	if count == 0 || count < 3 && inSeq*2 < nonASCII {
		return text, 0, ""
	}
	out := make([]byte, 0, len(text))
	example := ""
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			out = append(out, text[i])
			i++
			continue
		}
		if n, r := mojibakeAt(text, i); n > 0 {
			if example == "" {
				example = fmt.Sprintf("%q for %q", text[i:i+n], string(r))
			}
			out = utf8.AppendRune(out, r)
			i += n
			continue
		}
		_, s := utf8.DecodeRune(text[i:])
		out = append(out, text[i:i+s]...)
		i += s
	}
	return out, count, example
}

// repairNote is the note for n characters repaired.
func repairNote(n int, example string) string {
	if n == 1 {
		return "repaired double-encoded UTF-8: 1 character (" + example + ")"
	}
	return fmt.Sprintf("repaired double-encoded UTF-8: %d characters (such as %s)", n, example)
}
