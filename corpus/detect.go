package corpus

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// sniffLen is how much of a document binary detection looks at.
const sniffLen = 8 << 10

// maxBadPercent is the share of invalid UTF-8 and control bytes, in
// percent of the sample, above which a document is binary. Latin-1 or
// Windows-1252 text in a Western language has a few percent; random bytes
// have about 60.
const maxBadPercent = 30

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// unusable returns why data cannot be a document ("empty file", "binary
// data: ..."), or "" if it can.
func unusable(data []byte) string {
	if isBlank(data) {
		return "empty file"
	}
	return binaryEvidence(data)
}

// isBlank reports whether data is empty or only white space, after an
// optional UTF-8 byte order mark.
func isBlank(data []byte) bool {
	return len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0
}

// binaryEvidence returns "binary data: " and the evidence if data does not
// look like text, or "" if it does. It looks at the first sniffLen bytes
// only: a NUL byte, a UTF-16 byte order mark, or more than maxBadPercent
// bytes that are invalid UTF-8 or control characters other than white
// space.
func binaryEvidence(data []byte) string {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
		// Neither byte can occur in UTF-8, so no text file starts so.
		return "binary data: UTF-16 byte order mark (convert the file to UTF-8)"
	}
	sample := data[:min(len(data), sniffLen)]
	if i := bytes.IndexByte(sample, 0); i >= 0 {
		return fmt.Sprintf("binary data: NUL byte at offset %d", i)
	}
	bad := 0
	for i := 0; i < len(sample); {
		// Printable ASCII, the bulk of most text, 8 bytes at a time.
		for i+8 <= len(sample) && printableASCIIWord(binary.LittleEndian.Uint64(sample[i:])) {
			i += 8
		}
		if i >= len(sample) {
			break
		}
		// Characters are decoded from data, not sample, so that one cut
		// by the end of the sample is not taken for invalid UTF-8. Those
		// of 2 and 3 bytes, the bulk of text in other scripts, are
		// checked here, without utf8.DecodeRune.
		c := sample[i]
		switch {
		case c < utf8.RuneSelf:
			if isControl(c) {
				bad++
			}
			i++
			continue
		case c >= 0xC2 && c <= 0xDF && i+1 < len(data) && data[i+1]&0xC0 == 0x80:
			if c == 0xC2 && data[i+1] <= 0x9F { // C1 control characters
				bad += min(2, len(sample)-i)
			}
			i += 2
			continue
		case c >= 0xE0 && c <= 0xEF && i+2 < len(data) && valid3(c, data[i+1], data[i+2]):
			i += 3 // neither a C1 control nor invalid
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
		case r >= 0x80 && r <= 0x9F: // C1 control characters
			bad += min(size, len(sample)-i)
		}
		i += size
	}
	if bad*100 <= len(sample)*maxBadPercent {
		return ""
	}
	if len(sample) == len(data) {
		return fmt.Sprintf("binary data: %d of %d bytes are invalid UTF-8 or control characters", bad, len(sample))
	}
	return fmt.Sprintf("binary data: %d of the first %d bytes are invalid UTF-8 or control characters", bad, len(sample))
}

// binaryEvidenceUTF8 is binaryEvidence for data known to be valid UTF-8,
// as record values are: the bytes that count against it are then only
// ASCII control characters and the C1 controls U+0080-U+009F, which are
// counted without decoding.
func binaryEvidenceUTF8(data []byte) string {
	sample := data[:min(len(data), sniffLen)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return binaryEvidence(data)
	}
	bad := 0
	for i := 0; i < len(sample); i++ {
		// 8 bytes at a time while none is below 0x20 or 0x7F: the tests
		// of plainWord, which bytes of 0x80 and above do not upset.
		for i+8 <= len(sample) {
			x := binary.LittleEndian.Uint64(sample[i:])
			del := x ^ (0x7F * ones)
			if ((x-0x20*ones)&^x|(del-ones)&^del)&highs != 0 {
				break
			}
			i += 8
		}
		if i < len(sample) && sample[i] < utf8.RuneSelf && isControl(sample[i]) {
			bad++
		}
	}
	// C1 controls are 0xC2 0x80-0x9F; in valid UTF-8, 0xC2 is always
	// followed by a byte 0x80-0xBF.
	for i := 0; ; i++ {
		k := bytes.IndexByte(sample[i:], 0xC2)
		if k < 0 {
			break
		}
		i += k
		if i+1 < len(data) && data[i+1] <= 0x9F {
			bad += min(2, len(sample)-i)
		}
	}
	if bad*100 <= len(sample)*maxBadPercent {
		return ""
	}
	return binaryEvidence(data)
}

// valid3 reports whether c0, c1, c2 are the UTF-8 encoding of a
// character, c0 being 0xE0-0xEF: not overlong, not a surrogate.
func valid3(c0, c1, c2 byte) bool {
	lo, hi := byte(0x80), byte(0xBF)
	switch c0 {
	case 0xE0:
		lo = 0xA0
	case 0xED:
		hi = 0x9F
	}
	return c1 >= lo && c1 <= hi && c2&0xC0 == 0x80
}

// printableASCIIWord reports whether the 8 bytes of x are all printable
// ASCII: none is 0x80 or above, below 0x20 (white space included), or
// 0x7F. See plainWord for the tests used.
func printableASCIIWord(x uint64) bool {
	del := x ^ (0x7F * ones)
	return (x|(x-0x20*ones)&^x|(del-ones)&^del)&highs == 0
}

// isControl reports whether the ASCII byte c is a control character other
// than white space (tab, line feed, vertical tab, form feed, carriage
// return).
func isControl(c byte) bool {
	switch {
	case c == 0x7F:
		return true
	case c >= 0x20:
		return false
	case c >= '\t' && c <= '\r':
		return false
	}
	return true
}
