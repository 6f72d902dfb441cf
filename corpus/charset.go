package corpus

import (
	"bytes"
	"fmt"
	"mime"
	"strconv"
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

// decoded is what decode made of an input's bytes.
type decoded struct {
	text  []byte
	notes []string // what was done, for Meta.Notes
	// warn are the notes a user should also see on standard error: a
	// charset guessed, invalid bytes replaced, UTF-16 without a byte
	// order mark.
	warn []string
	// known reports whether the charset came from a BOM, a
	// declaration, opt or unmistakable UTF-16 rather than from a guess:
	// binary detection is then done on the decoded text.
	known bool
}

// changed reports whether d.text differs from the input's bytes data.
func (d *decoded) changed(data []byte) bool {
	return !bytes.Equal(d.text, data)
}

// note adds a note, also to be shown as a warning if warn is set.
func (d *decoded) note(n string, warn bool) {
	d.notes = append(d.notes, n)
	if warn {
		d.warn = append(d.warn, n)
	}
}

// decode converts data to UTF-8 and returns the text with notes on what
// was done. The charset is, in order of precedence:
//
//  1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE), which is removed;
//  2. UTF-16 without a byte order mark, if the NUL bytes of the start
//     of data fall at every other byte and it decodes as text;
//  3. UTF-8, if data is valid UTF-8 but for a few invalid bytes (at
//     most one for every two valid multi-byte characters; see
//     mostlyUTF8): the invalid bytes become U+FFFD, noted with their
//     count and offsets;
//  4. the first of decls that names a known charset;
//  5. opt, the Charset option, if it is set;
//  6. a guess from the bytes of the whole file (the ICU detector,
//     through chardet), if it is strong (see guessCharset), else
//     windows-1252, the browsers' default.
//
// A declared or chosen legacy charset thus gives way to UTF-8 when data
// is valid UTF-8 with non-ASCII characters, or nearly so: text in a
// legacy 8-bit charset almost never is, while mislabelled UTF-8 pages
// are common. Invalid UTF-8 in text declared UTF-8 becomes U+FFFD. The
// result is always valid UTF-8. Guesses, replaced bytes and UTF-16
// without a byte order mark are also in the warnings.
func decode(data []byte, decls []declared, opt *charset, html bool) (d decoded) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		d.text, d.known = validUTF8(data[len(utf8BOM):], len(utf8BOM), "UTF-8 by its byte order mark", &d), true
		return d
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		d.text, d.known = decodeWith(data[2:], utf16LECharset), true
		d.note("decoded from utf-16le (byte order mark)", false)
		return d
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		d.text, d.known = decodeWith(data[2:], utf16BECharset), true
		d.note("decoded from utf-16be (byte order mark)", false)
		return d
	}
	if cs, ok := utf16NoBOM(data); ok {
		d.text, d.known = decodeWith(data, cs), true
		d.note(utf16Note(cs), true)
		return d
	}
	var (
		cs    charset
		where string
		found bool
	)
	for _, dc := range decls {
		if c, err := lookupCharset(dc.label); err == nil {
			cs, where, found = c, "declared "+dc.where, true
			break
		}
		d.note(fmt.Sprintf("unknown charset %q declared %s, ignored", dc.label, dc.where), false)
	}
	if !found && opt != nil {
		cs, where, found = *opt, "charset option", true
	}
	d.known = found
	if found && cs.name == "utf-8" {
		d.text = validUTF8(data, 0, "UTF-8 "+where, &d)
		return d
	}
	if utf8.Valid(data) {
		// Also for UTF-16 declarations on text without a BOM that is
		// valid UTF-8: a mislabel, as in pages saved by a browser.
		if found && (hasNonASCII(data) || strings.HasPrefix(cs.name, "utf-16")) {
			d.note(fmt.Sprintf("%s %s ignored: the text is valid UTF-8", cs.name, where), false)
		}
		d.text = data
		return d
	}
	if valid, invalid := countUTF8(data); mostlyUTF8(valid, invalid) {
		if found {
			d.note(fmt.Sprintf("%s %s ignored: the text is UTF-8 but for %s", cs.name, where, plural(invalid, "invalid byte", "invalid bytes")), false)
		}
		d.text = validUTF8(data, 0, "the rest of the text is valid UTF-8", &d)
		return d
	}
	if found {
		d.text = decodeWith(data, cs)
		d.note(fmt.Sprintf("decoded from %s (%s)", cs.name, where), false)
		return d
	}
	cs, how := guessCharset(data, html)
	d.text = decodeWith(data, cs)
	d.note(fmt.Sprintf("not valid UTF-8 and no charset declared: decoded as %s (%s)", cs.name, how), true)
	return d
}

// The UTF-16 charsets, without their byte order marks.
var (
	utf16LECharset = charset{"utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)}
	utf16BECharset = charset{"utf-16be", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)}
)

// utf16Note is the note for UTF-16 found without a byte order mark.
func utf16Note(cs charset) string {
	return "decoded from " + cs.name + " (no byte order mark: found by its NUL bytes)"
}

// utf16NoBOM reports whether data, which has no byte order mark, is
// UTF-16 and in which byte order. UTF-16 text in a Latin, Greek or
// Cyrillic script has a NUL byte in most characters (the high byte of
// ASCII and Latin-1 ones; in Cyrillic, Greek or Arabic text, of the
// spaces and punctuation), always at the same parity, which neither
// UTF-8 text nor binary data has: at least a tenth of the first 8 KiB's
// byte pairs must have a NUL on one side and at most a tenth as many on
// the other, and the start must decode to text (no NUL character, no
// lone surrogate, no binary evidence).
func utf16NoBOM(data []byte) (charset, bool) {
	sample := data[:min(len(data), sniffLen)&^1]
	pairs := len(sample) / 2
	if pairs < 16 {
		return charset{}, false
	}
	even, odd := 0, 0
	for i := 0; i+1 < len(sample); i += 2 {
		if sample[i] == 0 {
			even++
		}
		if sample[i+1] == 0 {
			odd++
		}
	}
	var cs charset
	switch {
	case odd*10 >= pairs && even*10 <= odd:
		cs = utf16LECharset
	case even*10 >= pairs && odd*10 <= even:
		cs = utf16BECharset
	default:
		return charset{}, false
	}
	for i := 0; i+1 < len(sample); i += 2 {
		if sample[i] == 0 && sample[i+1] == 0 {
			return charset{}, false // U+0000
		}
	}
	text, err := cs.enc.NewDecoder().Bytes(sample)
	if err != nil || bytes.ContainsRune(text, utf8.RuneError) && !isCutSurrogate(sample, cs) {
		return charset{}, false
	}
	if binaryEvidence(text) != "" {
		return charset{}, false
	}
	return cs, true
}

// isCutSurrogate reports whether the only U+FFFD that decoding sample
// gave can come from a surrogate pair cut by the end of the sample.
func isCutSurrogate(sample []byte, cs charset) bool {
	if len(sample) < 2 {
		return false
	}
	hi := sample[len(sample)-1]
	if cs.name == utf16BECharset.name {
		hi = sample[len(sample)-2]
	}
	if hi < 0xD8 || hi > 0xDB {
		return false
	}
	text, err := cs.enc.NewDecoder().Bytes(sample[:len(sample)-2])
	return err == nil && !bytes.ContainsRune(text, utf8.RuneError)
}

// countUTF8 counts the valid UTF-8 characters of more than one byte in
// data, and its bytes that are not valid UTF-8.
func countUTF8(data []byte) (valid, invalid int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid, invalid
}

// mostlyUTF8 reports whether text with valid multi-byte UTF-8
// characters and invalid bytes is UTF-8 with a few stray bytes: at least
// two valid characters for each invalid byte. In text in a legacy 8-bit
// charset, bytes above 0x7F are almost all invalid UTF-8: the Czech,
// Romanian and Italian test files in windows-1250 and ISO-8859-2 have
// none that form a valid character, against 29 to 70 invalid.
func mostlyUTF8(valid, invalid int) bool {
	return valid > 0 && valid >= 2*invalid
}

// maxOffsetsNoted is how many offsets of invalid bytes a note lists.
const maxOffsetsNoted = 3

// validUTF8 returns data with each invalid UTF-8 byte replaced by
// U+FFFD, noting in d how many there were and the offsets of the first
// ones (data starting at offset base of the input), and why the text was
// taken as UTF-8.
func validUTF8(data []byte, base int, why string, d *decoded) []byte {
	if utf8.Valid(data) {
		return data
	}
	n := 0
	var at []string
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			n++
			if len(at) < maxOffsetsNoted {
				at = append(at, strconv.Itoa(base+i))
			} else if len(at) == maxOffsetsNoted {
				at = append(at, "…")
			}
		}
		i += size
	}
	where := "at byte " + at[0]
	if n > 1 {
		where = "at bytes " + strings.Join(at, ", ")
	}
	d.note(fmt.Sprintf("%s replaced by U+FFFD (%s; %s)", plural(n, "invalid UTF-8 byte", "invalid UTF-8 bytes"), where, why), true)
	return bytes.ToValidUTF8(data, []byte("\uFFFD"))
}

// plural returns n followed by the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
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

// Guesses must be strong: a confidence of at least minGuessConfidence
// percent and guessMargin times that of the best other charset.
// Measured on the test files: Czech in windows-1250 gets 40-41% against
// 22% for the next, Romanian and Polish in ISO-8859-2 54-60% against
// 25-29%, German in windows-1252 73% against 31%, Russian in
// windows-1251 35% against 4%; ISO-8859-2 Czech in an XML feed 24%
// against 30% for ISO-8859-1, which is too close to call.
const (
	minGuessConfidence = 30
	guessMargin        = 1.5
)

// guessSample is how much of an input guessCharset reads at most.
const guessSample = 1 << 20

// guessCharset guesses the charset of data that is not valid UTF-8 from
// the lines of the whole of it that have bytes above 0x7F (up to
// guessSample bytes of them, spread over the input): the evidence is
// there, and pages of ASCII before a few accented words would drown it.
// A weak guess gives windows-1252.
func guessCharset(data []byte, html bool) (charset, string) {
	fallback, _ := lookupCharset("windows-1252")
	sample := nonASCIILines(data, guessSample)
	det := chardet.NewTextDetector()
	if html {
		det = chardet.NewHtmlDetector()
	}
	all, err := det.DetectAll(sample)
	if err != nil {
		return fallback, "the default: nothing to guess from"
	}
	// Best confidence by charset, as named by lookupCharset
	// ("ISO-8859-1" is windows-1252). The detector runs its recognizers
	// concurrently, so equal confidences come in any order: break ties
	// by name.
	best := map[string]int{}
	sets := map[string]charset{}
	for _, r := range all {
		cs, err := lookupCharset(r.Charset)
		if err != nil {
			continue
		}
		sets[cs.name] = cs
		best[cs.name] = max(best[cs.name], r.Confidence)
	}
	first, second := "", 0
	for name, c := range best {
		if first == "" || c > best[first] || c == best[first] && name < first {
			first = name
		}
	}
	for name, c := range best {
		if name != first {
			second = max(second, c)
		}
	}
	conf := best[first]
	switch {
	case first == "" || first == "utf-8":
		return fallback, "the default: nothing to guess from"
	case conf < minGuessConfidence || float64(conf) < guessMargin*float64(second):
		return fallback, fmt.Sprintf("the default: no strong guess, %s at %d%% and another at %d%%", first, conf, second)
	}
	return sets[first], fmt.Sprintf("guessed, %d%% confidence against %d%% for the next", conf, second)
}

// nonASCIILines returns the lines of data that have a byte above 0x7F,
// at most max bytes of them: if there are more, every other line of
// them, every fourth and so on, so as to cover the whole input.
func nonASCIILines(data []byte, max int) []byte {
	var lines [][]byte
	total := 0
	for rest := data; len(rest) > 0; {
		line, tail, _ := bytes.Cut(rest, []byte{'\n'})
		rest = tail
		if hasNonASCII(line) {
			lines = append(lines, line)
			total += len(line) + 1
		}
	}
	step := 1
	for total/step > max {
		step *= 2
	}
	out := make([]byte, 0, min(total, max+len(data)/64))
	for i := 0; i < len(lines) && len(out) < max; i += step {
		out = append(append(out, lines[i]...), '\n')
	}
	return out
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
