package corpus

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
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

// decodeText converts data to UTF-8 and returns the text with notes on
// what was done. The charset is, in order of precedence:
//
//  1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE), which is removed;
//  2. the first of decls that names a known charset;
//  3. opt, the Charset option, if it is set;
//  4. UTF-8, if data is valid UTF-8;
//  5. a guess from the bytes (the ICU detector, through chardet), or
//     windows-1252, the browsers' default, if the guess is weak.
//
// A declared or chosen legacy charset gives way to UTF-8 when data is
// valid UTF-8 with non-ASCII characters: text in a legacy 8-bit charset
// almost never is, while mislabelled UTF-8 pages are common. Invalid UTF-8
// in text declared UTF-8 becomes U+FFFD. The result is always valid UTF-8.
//
// known reports whether the charset came from a BOM, a declaration or opt
// rather than from the bytes themselves: binary detection is then done on
// the decoded text.
func decodeText(data []byte, decls []declared, opt *charset, html bool) (text []byte, notes []string, known bool) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		return validUTF8(data[len(utf8BOM):], "a byte order mark", nil), nil, true
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeWith(data[2:], charset{"utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)}), []string{"decoded from utf-16le (byte order mark)"}, true
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeWith(data[2:], charset{"utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)}), []string{"decoded from utf-16be (byte order mark)"}, true
	}
	var (
		cs    charset
		where string
		found bool
	)
	for _, d := range decls {
		if c, err := lookupCharset(d.label); err == nil {
			cs, where, found = c, "declared "+d.where, true
			break
		}
		notes = append(notes, fmt.Sprintf("unknown charset %q declared %s, ignored", d.label, d.where))
	}
	if !found && opt != nil {
		cs, where, found = *opt, "charset option", true
	}
	if found && cs.name == "utf-8" {
		return validUTF8(data, where, &notes), notes, true
	}
	if utf8.Valid(data) {
		// Also for UTF-16 declarations on text without a BOM that is
		// valid UTF-8: a mislabel, as in pages saved by a browser.
		if found && (hasNonASCII(data) || strings.HasPrefix(cs.name, "utf-16")) {
			notes = append(notes, fmt.Sprintf("%s %s ignored: the text is valid UTF-8", cs.name, where))
		}
		return data, notes, found
	}
	if found {
		return decodeWith(data, cs), append(notes, fmt.Sprintf("decoded from %s (%s)", cs.name, where)), true
	}
	cs, how := guessCharset(data, html)
	return decodeWith(data, cs), append(notes, fmt.Sprintf("not valid UTF-8 and no charset declared: decoded as %s (%s)", cs.name, how)), false
}

// validUTF8 returns data with each invalid UTF-8 sequence replaced by
// U+FFFD, adding a note to notes if there were any.
func validUTF8(data []byte, where string, notes *[]string) []byte {
	if utf8.Valid(data) {
		return data
	}
	n := 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			n++
		}
		i += size
	}
	if notes != nil {
		*notes = append(*notes, fmt.Sprintf("%d invalid UTF-8 bytes replaced by U+FFFD (UTF-8 %s)", n, where))
	}
	return bytes.ToValidUTF8(data, []byte("\uFFFD"))
}

// decodeWith decodes data from cs into valid UTF-8.
func decodeWith(data []byte, cs charset) []byte {
	out, err := cs.enc.NewDecoder().Bytes(data)
	if err != nil {
		// x/text decoders replace what they cannot decode; an error here
		// means a broken encoder state. Fall back to the bytes as UTF-8.
		return bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD"))
}

// minGuessConfidence is the confidence, in percent, below which a guessed
// charset is not trusted and windows-1252 is used instead.
const minGuessConfidence = 40

// guessCharset guesses the charset of data that is not valid UTF-8.
func guessCharset(data []byte, html bool) (charset, string) {
	fallback, _ := lookupCharset("windows-1252")
	det := chardet.NewTextDetector()
	if html {
		det = chardet.NewHtmlDetector()
	}
	// The detector runs its recognizers concurrently, so equal
	// confidences come in any order: break ties by name.
	all, err := det.DetectAll(data[:min(len(data), 64<<10)])
	var res *chardet.Result
	for i := range all {
		r := &all[i]
		if res == nil || r.Confidence > res.Confidence || r.Confidence == res.Confidence && r.Charset < res.Charset {
			res = r
		}
	}
	if err != nil || res == nil || res.Confidence < minGuessConfidence {
		return fallback, "the default"
	}
	cs, err := lookupCharset(res.Charset)
	if err != nil || cs.name == "utf-8" {
		return fallback, "the default"
	}
	return cs, fmt.Sprintf("guessed, %d%% confidence", res.Confidence)
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
