package corpus

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a small JSON scanner for the hot path of JSON Lines:
// splitting one article object into its fields and converting string
// values to text, without the reflection and the repeated validation of
// encoding/json. It accepts only what encoding/json accepts and gives the
// same results for it; anything it does not accept (invalid JSON, deep
// nesting, invalid UTF-8 in a key) is left to encoding/json, which gives
// the reasons that are reported. The fuzz test FuzzJSONObject checks
// this against encoding/json.

// maxScanDepth is the deepest nesting of arrays and objects that
// scanJSONObject follows; deeper values are left to encoding/json (whose
// own limit is 10000), so that the scanner's recursion stays shallow.
const maxScanDepth = 500

// scanJSONObject splits data, which must be one JSON object and nothing
// else but JSON white space around it, into its members, as
// json.Unmarshal into a jsonRecord does: keys unquoted, values as written
// (without the white space around them), the last of duplicate keys
// winning. ok is false when data is not such an object, or when it has
// something the scanner leaves to encoding/json; the record is then nil.
//
// Unlike json.Unmarshal, the values are not copies: they share data's
// bytes, so the record is valid only as long as data is not changed.
func scanJSONObject(data []byte) (rec jsonRecord, ok bool) {
	i := skipJSONSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, false
	}
	rec = make(jsonRecord, 8)
	i = skipJSONSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		i++
	} else {
		for {
			if i >= len(data) || data[i] != '"' {
				return nil, false
			}
			end, esc := scanJSONString(data, i)
			if end < 0 {
				return nil, false
			}
			key, ok := jsonKey(data[i:end], esc)
			if !ok {
				return nil, false
			}
			i = skipJSONSpace(data, end)
			if i >= len(data) || data[i] != ':' {
				return nil, false
			}
			i = skipJSONSpace(data, i+1)
			end = scanJSONValue(data, i, 1)
			if end < 0 {
				return nil, false
			}
			rec[key] = json.RawMessage(data[i:end:end])
			i = skipJSONSpace(data, end)
			if i >= len(data) {
				return nil, false
			}
			if data[i] == ',' {
				i = skipJSONSpace(data, i+1)
				continue
			}
			if data[i] != '}' {
				return nil, false
			}
			i++
			break
		}
	}
	if skipJSONSpace(data, i) != len(data) {
		return nil, false
	}
	return rec, true
}

// jsonKey unquotes a key: the JSON string quoted, which has escapes if
// esc is set. A key that is not valid UTF-8 is refused (ok false), to be
// left to encoding/json; such keys never occur in decoded text.
func jsonKey(quoted []byte, esc bool) (string, bool) {
	inner := quoted[1 : len(quoted)-1]
	if !utf8.Valid(inner) {
		return "", false
	}
	if !esc {
		return string(inner), true
	}
	return unquoteJSON(quoted, true)
}

// skipJSONSpace returns the offset of the first byte at or after i in
// data that is not JSON white space (space, tab, CR, LF).
func skipJSONSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
			i++
			continue
		}
		break
	}
	return i
}

// scanJSONValue checks the JSON value starting at data[i], at nesting
// depth depth (1 for the members of the top-level object), and returns
// the offset just after it, or -1 if there is no valid value there or it
// afterJSONItem scans what follows a member or element that ends at i
// (-1 if it was invalid) inside an object or array closed by closer: a
// comma, after which it returns the start of the next item and false, or
// closer, after which it returns the end of the container and true. On
// anything else it returns -1 and true.
func afterJSONItem(data []byte, i int, closer byte) (int, bool) {
	if i < 0 {
		return -1, true
	}
	i = skipJSONSpace(data, i)
	switch {
	case i >= len(data):
		return -1, true
	case data[i] == ',':
		return skipJSONSpace(data, i+1), false
	case data[i] == closer:
		return i + 1, true
	}
	return -1, true
}

// is nested deeper than maxScanDepth.
func scanJSONValue(data []byte, i, depth int) int {
	if i >= len(data) {
		return -1
	}
	switch c := data[i]; {
	case c == '"':
		end, _ := scanJSONString(data, i)
		return end
	case c == '{':
		if depth >= maxScanDepth {
			return -1
		}
		i = skipJSONSpace(data, i+1)
		if i < len(data) && data[i] == '}' {
			return i + 1
		}
		for {
			if i >= len(data) || data[i] != '"' {
				return -1
			}
			end, _ := scanJSONString(data, i)
			if end < 0 {
				return -1
			}
			i = skipJSONSpace(data, end)
			if i >= len(data) || data[i] != ':' {
				return -1
			}
			i = scanJSONValue(data, skipJSONSpace(data, i+1), depth+1)
			var last bool
			if i, last = afterJSONItem(data, i, '}'); last {
				return i
			}
		}
	case c == '[':
		if depth >= maxScanDepth {
			return -1
		}
		i = skipJSONSpace(data, i+1)
		if i < len(data) && data[i] == ']' {
			return i + 1
		}
		for {
			i = scanJSONValue(data, i, depth+1)
			var last bool
			if i, last = afterJSONItem(data, i, ']'); last {
				return i
			}
		}
	case c == 't':
		return scanJSONWord(data, i, "true")
	case c == 'f':
		return scanJSONWord(data, i, "false")
	case c == 'n':
		return scanJSONWord(data, i, "null")
	case c == '-' || c >= '0' && c <= '9':
		return scanJSONNumber(data, i)
	}
	return -1
}

// scanJSONWord returns the offset after word if data has it at i, or -1.
// What follows is for the caller to check.
func scanJSONWord(data []byte, i int, word string) int {
	if len(data)-i >= len(word) && string(data[i:i+len(word)]) == word {
		return i + len(word)
	}
	return -1
}

// scanJSONNumber returns the offset after the JSON number at data[i], or
// -1 if there is none: an optional minus, 0 or digits not starting with
// 0, optional fraction and exponent. What follows is for the caller to
// check, so that "01" fails there.
func scanJSONNumber(data []byte, i int) int {
	if data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return -1
	case data[i] == '0':
		i++
	case data[i] >= '1' && data[i] <= '9':
		i = skipDigits(data, i+1)
	default:
		return -1
	}
	if i < len(data) && data[i] == '.' {
		j := skipDigits(data, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := skipDigits(data, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

// skipDigits returns the offset of the first byte at or after i in data
// that is not an ASCII digit.
func skipDigits(data []byte, i int) int {
	for i < len(data) && data[i] >= '0' && data[i] <= '9' {
		i++
	}
	return i
}

// plainInString tells the bytes that stand for themselves in a JSON
// string: all but control characters, the quote and the backslash.
var plainInString = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Masks for looking at 8 bytes at a time.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainWord reports whether none of the 8 bytes of x (little-endian
// order does not matter) is a control character, a quote or a backslash.
// It relies on the classic tests for a zero byte, (v - ones) &^ v & highs,
// and for a byte below n ≤ 0x80, (v - n*ones) &^ v & highs, which are
// non-zero exactly when such a byte exists.
func plainWord(x uint64) bool {
	q := x ^ ('"' * ones)
	b := x ^ ('\\' * ones)
	special := (x-0x20*ones)&^x | (q-ones)&^q | (b-ones)&^b
	return special&highs == 0
}

// scanJSONString checks the JSON string starting with the quote at
// data[i] and returns the offset just after its closing quote, and
// whether it has escapes; end is -1 if the string is not valid JSON
// (a control character, a bad escape, no closing quote). Bytes that are
// not valid UTF-8 are allowed, as encoding/json allows them.
func scanJSONString(data []byte, i int) (end int, esc bool) {
	j := i + 1
	for {
		for j+8 <= len(data) && plainWord(binary.LittleEndian.Uint64(data[j:])) {
			j += 8
		}
		for j < len(data) && plainInString[data[j]] {
			j++
		}
		if j >= len(data) {
			return -1, esc
		}
		switch data[j] {
		case '"':
			return j + 1, esc
		case '\\':
			esc = true
			if j+1 >= len(data) {
				return -1, esc
			}
			switch data[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if _, ok := hex4(data[j+2:]); !ok {
					return -1, esc
				}
				j += 6
			default:
				return -1, esc
			}
		default: // a control character
			return -1, esc
		}
	}
}

// hex4 decodes the 4 hexadecimal digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	return r, true
}

// unquoteJSON returns the text of quoted, a JSON string with its quotes,
// as encoding/json decodes it: escapes resolved, a \u escape of a UTF-16
// surrogate combined with the next one if they make a pair, and otherwise
// replaced by U+FFFD, as is each byte that is not part of valid UTF-8.
// quoted must not hold unescaped quotes or control characters (it comes
// from JSON already checked); ok is false if an escape is malformed.
// validUTF8 tells that quoted is known to be valid UTF-8, which is then
// not checked again.
func unquoteJSON(quoted []byte, validUTF8 bool) (string, bool) {
	if len(quoted) < 2 || quoted[0] != '"' || quoted[len(quoted)-1] != '"' {
		return "", false
	}
	s := quoted[1 : len(quoted)-1]
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		k := bytes.IndexByte(s, '\\')
		if k < 0 {
			k = len(s)
		}
		if validUTF8 {
			b.Write(s[:k])
		} else {
			writeValidUTF8(&b, s[:k])
		}
		if k == len(s) {
			break
		}
		s = s[k:]
		if len(s) < 2 {
			return "", false
		}
		switch c := s[1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(s[2:])
			if !ok {
				return "", false
			}
			s = s[6:]
			if utf16.IsSurrogate(r) {
				// A pair only if a \u escape follows and completes it;
				// otherwise the next escape is read on its own.
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					if r2, ok := hex4(s[2:]); ok {
						if p := utf16.DecodeRune(r, r2); p != utf8.RuneError {
							b.WriteRune(p)
							s = s[6:]
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
			continue
		default:
			return "", false
		}
		s = s[2:]
	}
	return b.String(), true
}

// writeValidUTF8 writes s to b with each byte that is not part of valid
// UTF-8 replaced by U+FFFD, one for each byte (unlike bytes.ToValidUTF8,
// which replaces a run of them with one).
func writeValidUTF8(b *strings.Builder, s []byte) {
	if utf8.Valid(s) {
		b.Write(s)
		return
	}
	for len(s) > 0 {
		r, n := utf8.DecodeRune(s)
		if r == utf8.RuneError && n == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.Write(s[:n])
		}
		s = s[n:]
	}
}

// jsonStringText returns the text of raw, a JSON string (with its
// quotes) that is part of valid JSON, as json.Unmarshal into a string
// would, and true; or false if it does not know how, for the caller to
// use json.Unmarshal. validUTF8 tells that raw is known to be valid
// UTF-8.
func jsonStringText(raw []byte, validUTF8 bool) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		if !validUTF8 && !utf8.Valid(inner) {
			return "", false
		}
		return string(inner), true
	}
	return unquoteJSON(raw, validUTF8)
}
