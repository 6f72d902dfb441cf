package corpus

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn/seeds"
)

func TestBinaryEvidence(t *testing.T) {
	ascii := strings.Repeat("a", sniffLen-1)
	tests := []struct {
		name string
		data string
		want string
	}{
		{"empty", "", ""},
		{"ASCII", "Hello, world.\r\n\tIndented.\f\v", ""},
		{"UTF-8", "Musk și Putin, città, Ελλάδα, 日本語 🙂", ""},
		{"U+FFFD is valid", "a\uFFFDb", ""},
		{"Latin-1", "Perch\xe9 la citt\xe0 \xe8 cos\xec bella? Cos\xec \xe8.", ""},
		{"NUL", "abc\x00", "binary data: NUL byte at offset 3"},
		{"NUL past the sample", ascii + "b\x00", ""},
		{"UTF-16LE", "\xff\xfea\x00", "binary data: UTF-16 byte order mark (convert the file to UTF-8)"},
		{"UTF-16BE", "\xfe\xff\x00a", "binary data: UTF-16 byte order mark (convert the file to UTF-8)"},
		{"invalid UTF-8", "\x80\x81\x82\xfe\xff", "binary data: 5 of 5 bytes are invalid UTF-8 or control characters"},
		{"control bytes", "a\x01\x02\x03\x1b\x7fbc", "binary data: 5 of 8 bytes are invalid UTF-8 or control characters"},
		{"C1 controls", "ab\u0085\u0090\u009f", "binary data: 6 of 8 bytes are invalid UTF-8 or control characters"},
		{"30% is text", "\x80\x81\x82abcdefg", ""},
		{"over 30% is binary", "\x80\x81\x82abcdef", "binary data: 3 of 9 bytes are invalid UTF-8 or control characters"},
		{"character cut by the sample", ascii + "é" + strings.Repeat("x", 10), ""},
		{"counted in the first 8 KiB", strings.Repeat("\x80", sniffLen) + "abc", "binary data: 8192 of the first 8192 bytes are invalid UTF-8 or control characters"},
		{"only the first 8 KiB", strings.Repeat("a", sniffLen) + strings.Repeat("\x80", 100), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := binaryEvidence([]byte(tt.data)); got != tt.want {
				t.Errorf("binaryEvidence = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnusable(t *testing.T) {
	tests := []struct{ data, want string }{
		{"", "empty file"},
		{" \t\r\n\v\f\u00a0\u2003", "empty file"},
		{"\ufeff", "empty file"},
		{"\ufeff\n\n", "empty file"},
		{"\x00", "binary data: NUL byte at offset 0"},
		{"\n\nx\n", ""},
	}
	for _, tt := range tests {
		if got := unusable([]byte(tt.data)); got != tt.want {
			t.Errorf("unusable(%q) = %q, want %q", tt.data, got, tt.want)
		}
	}
}

func FuzzBinary(f *testing.F) {
	f.Add([]byte("plain text\n"))
	f.Add([]byte("Perch\xe9 la citt\xe0"))
	f.Add([]byte("abc\x00def"))
	f.Add([]byte("\xff\xfea\x00"))
	f.Add([]byte("\x80\x81\x82abcdef"))
	f.Add([]byte("\ufeff \n"))
	f.Add(append(bytes.Repeat([]byte("a"), sniffLen-1), "é"...))
	if b, err := seeds.FS.ReadFile("000_13e963bc4ee3192c.txt"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := bytes.Clone(data)
		got := unusable(data)
		if again := unusable(data); again != got {
			t.Fatalf("unusable is not deterministic: %q then %q", got, again)
		}
		if !bytes.Equal(data, orig) {
			t.Fatal("unusable modified its input")
		}
		if got != "" && got != "empty file" && !strings.HasPrefix(got, "binary data: ") {
			t.Fatalf("unexpected reason %q", got)
		}
		sample := data[:min(len(data), sniffLen)]
		blank := len(bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))) == 0
		switch {
		case blank:
			if got != "empty file" {
				t.Fatalf("blank input gave %q", got)
			}
		case bytes.IndexByte(sample, 0) >= 0 && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
			if !strings.HasPrefix(got, "binary data: NUL byte at offset ") {
				t.Fatalf("NUL in the sample gave %q", got)
			}
		case utf8.Valid(data) && !hasControl(data):
			if got != "" {
				t.Fatalf("valid UTF-8 text gave %q", got)
			}
		}
	})
}

// hasControl reports whether data holds a control character other than
// white space, by a different route from binaryEvidence.
func hasControl(data []byte) bool {
	for _, r := range string(data) {
		if (r < 0x20 && !strings.ContainsRune("\t\n\v\f\r", r)) || (r >= 0x7F && r <= 0x9F) {
			return true
		}
	}
	return false
}
