package corpus

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// referenceBinaryEvidence is binaryEvidence as it was before it skipped
// printable ASCII 8 bytes at a time: the reference it must agree with.
func referenceBinaryEvidence(data []byte) string {
	if len(data) >= 2 && (data[0] == 0xFF && data[1] == 0xFE || data[0] == 0xFE && data[1] == 0xFF) {
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
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
		case r >= 0x80 && r <= 0x9F:
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

// checkTextChecks checks binaryEvidence against its reference, and that
// mayHaveMojibake is true wherever mojibakeAt finds something.
func checkTextChecks(t *testing.T, data []byte) {
	t.Helper()
	want := referenceBinaryEvidence(data)
	if got := binaryEvidence(data); got != want {
		t.Fatalf("binaryEvidence(%q) = %q, want %q", data, got, want)
	}
	if utf8.Valid(data) {
		if got := binaryEvidenceUTF8(data); got != want {
			t.Fatalf("binaryEvidenceUTF8(%q) = %q, want %q", data, got, want)
		}
	}
	if mayHaveMojibake(data) {
		return
	}
	for i := range data {
		if n, _ := mojibakeAt(data, i); n > 0 {
			t.Fatalf("mayHaveMojibake(%q) is false, but there is a sequence at %d", data, i)
		}
	}
}

// textCheckSeeds are texts for checkTextChecks: clean, double-encoded,
// binary, and at the edges of the 8-byte words and of the sample.
var textCheckSeeds = []string{
	"", "a", "Hello, world.\r\n\tIndented.\f\v", "Musk și Putin, città, Ελλάδα, 日本語 🙂",
	"Ã®n È™i", "Ã©", "Ã", "Ã\u0080", "Ã€", "Ã¢â‚¬â„¢", "Er ging zu „Fuß“, sagte er.",
	"abc\x00", "\xff\xfea\x00", "\x80\x81\x82abcdefg", "ab\u0085\u0090\u009f", "a\x01\x02\x03\x1b\x7fbc",
	"0123456\x7f89abcdef", "01234567\xc2\x85abcdef", "0123456\xc2\x85abcdef",
	strings.Repeat("a", sniffLen-1) + "é" + strings.Repeat("x", 10),
	strings.Repeat("a", sniffLen-1) + "\xc2\x85",
	strings.Repeat("abcdefg\n", sniffLen/8) + "\x01",
	strings.Repeat("a", sniffLen-1) + "\xc2\x85", strings.Repeat("a", sniffLen-2) + "\xe6\x9d\xb1x",
	strings.Repeat("a", sniffLen-1) + "\xe6\x9d", strings.Repeat("a", sniffLen-1) + "\xc2",
	strings.Repeat("Жह東\u0085", sniffLen/9) + "\x80\x80",
	strings.Repeat("\x80", sniffLen) + "abc",
}

func TestTextChecks(t *testing.T) {
	for _, s := range textCheckSeeds {
		checkTextChecks(t, []byte(s))
	}
	// Every pair of characters that could begin a double-encoded one,
	// and a third, and random texts made of such characters, ASCII,
	// controls and bytes that are not UTF-8.
	var chars []string
	for r := rune(0x80); r <= 0xFF; r++ {
		chars = append(chars, string(r))
	}
	for r := range cp1252High {
		chars = append(chars, string(r))
	}
	chars = append(chars, "a", "\n", "\x01", "\x7f", "\xff", "\xc3", "\xe2\x82", "ș", "🙂", "Ж", "ह", "東", "\uFFFD",
		"\xc1\xbf", "\xdf\xbf", "\xdf\xc0", "\xe0\x80\x80", "\xe0\x9f\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xed\xa0\x80",
		"\xef\xbf\xbf", "\xef\xbf", "\xe1\x80\x7f", "\xf0\x9f", "\xf4\x90\x80\x80")
	for _, a := range chars {
		for _, b := range chars {
			checkTextChecks(t, []byte(a+b))
			checkTextChecks(t, []byte("x"+a+b+"\xa9"))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			if rng.IntN(3) == 0 {
				b.WriteString(strings.Repeat("abcdefgh", rng.IntN(3)))
			}
			b.WriteString(chars[rng.IntN(len(chars))])
		}
		checkTextChecks(t, []byte(b.String()))
	}
}

func TestWords(t *testing.T) {
	interesting := []byte{0, 1, '\t', '\n', 0x1F, ' ', '!', '"', '#', '[', '\\', ']', 'a', 0x7E, 0x7F, 0x80, 0xA0, 0xC3, 0xFF}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		var w [8]byte
		for i := range w {
			if rng.IntN(4) == 0 {
				w[i] = byte(rng.IntN(256))
			} else {
				w[i] = interesting[rng.IntN(len(interesting))]
			}
		}
		x := uint64(0)
		for i := 7; i >= 0; i-- {
			x = x<<8 | uint64(w[i])
		}
		plain, printable := true, true
		for _, c := range w {
			plain = plain && plainInString[c]
			printable = printable && c >= 0x20 && c < 0x7F
		}
		if got := plainWord(x); got != plain {
			t.Fatalf("plainWord(%q) = %v", w, got)
		}
		if got := printableASCIIWord(x); got != printable {
			t.Fatalf("printableASCIIWord(%q) = %v", w, got)
		}
	}
}

// FuzzTextChecks checks the fast paths of binaryEvidence and
// repairMojibake (see checkTextChecks) on any text.
func FuzzTextChecks(f *testing.F) {
	for _, s := range textCheckSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkTextChecks(t, data)
	})
}
