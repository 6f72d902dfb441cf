package corpus

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/text/encoding/unicode"
)

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

// recordGuess is the charset guessed for the records of an input.
type recordGuess struct {
	cs  charset
	how string // "guessed, 41% confidence" or "the default"
}

// decodeRecord converts a record's bytes (a JSON line, a CSV field) to
// UTF-8 as decodeText does, except that records that are not valid UTF-8,
// when Reader.Charset is not set, are all decoded with the charset guessed
// from the first of them (from sample()), for consistency: one record is
// too little to guess from.
func (rd *reading) decodeRecord(in *input, data []byte, sample func() []byte) decoded {
	if d, ok := rd.decodeRecordShared(in, data); ok {
		return d
	}
	cs, how := guessCharset(sample(), false)
	in.guess.Store(&recordGuess{cs, how})
	d, _ := rd.decodeRecordShared(in, data)
	return d
}

// decodeRecordShared is decodeRecord without the guessing: if data is not
// valid UTF-8, nor valid but for a few bytes (see mostlyUTF8), and the
// charset of in's records is still to be guessed, it does nothing and
// returns ok false. It changes nothing, and so may be called
// concurrently.
func (rd *reading) decodeRecordShared(in *input, data []byte) (d decoded, ok bool) {
	if rd.charset != nil {
		return decode(data, nil, rd.charset, false), true
	}
	if utf8.Valid(data) {
		if bytes.HasPrefix(data, utf8BOM) {
			return decode(data, nil, nil, false), true
		}
		// What decode does for valid UTF-8 without a byte order mark
		// or a charset, without checking it again.
		return decoded{text: data}, true
	}
	if valid, invalid := countUTF8(data); mostlyUTF8(valid, invalid) {
		return decode(data, nil, nil, false), true
	}
	g := in.guess.Load()
	if g == nil {
		return decoded{}, false
	}
	d.text = decodeWith(data, g.cs)
	d.note(fmt.Sprintf("not valid UTF-8 and no charset given: decoded as %s (%s)", g.cs.name, g.how), true)
	return d, true
}
