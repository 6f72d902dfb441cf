package corpus

import (
	"bytes"
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
		c := sample[i]
		if c < utf8.RuneSelf {
			if isControl(c) {
				bad++
			}
			i++
			continue
		}
		// Decode from data, not sample, so that a character cut by the
		// end of the sample is not taken for invalid UTF-8.
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
