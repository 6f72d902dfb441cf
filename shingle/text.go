package shingle

import "unicode/utf8"

// This file holds the Text type that Normalize writes.

// MaxTextLen is the largest original text, in bytes, that a Text can map:
// offsets are stored as int32. Normalize truncates longer input; readers
// reject it before it gets here.
const MaxTextLen = 1<<31 - 1

// Text is the normalised view of an original text. The original is never
// modified; Text records, for every normalised character (rune), the span
// of original bytes it came from, so that anything found in the normalised
// text can be quoted from the original.
//
// The zero Text is empty and ready for use by Normalizer.Normalize, which
// reuses its slices.
type Text struct {
	// Bytes is the normalised text, valid UTF-8.
	Bytes []byte
	// Runes holds the byte offset in Bytes of each normalised rune,
	// followed by len(Bytes): rune i is Bytes[Runes[i]:Runes[i+1]].
	Runes []int32
	// Start and End give, for each normalised rune, the span
	// [Start[i], End[i]) of the original bytes that produced it. Both
	// always fall on rune boundaries of the original (or on the edges of
	// invalid UTF-8 sequences). Several runes can share a span (NFKC turns
	// "ﬁ" into "fi"); a span is never empty.
	Start, End []int32
}

// Len returns the number of runes in the normalised text.
func (t *Text) Len() int { return len(t.Start) }

// Source returns the original byte span of the normalised runes [i, j).
// It panics if i >= j or the range is out of bounds, like slicing.
func (t *Text) Source(i, j int) (start, end int) {
	return int(t.Start[i]), int(t.End[j-1])
}

// Rune returns the bytes of normalised rune i.
func (t *Text) Rune(i int) []byte { return t.Bytes[t.Runes[i]:t.Runes[i+1]] }

func (t *Text) reset() {
	t.Bytes = t.Bytes[:0]
	t.Runes = t.Runes[:0]
	t.Start = t.Start[:0]
	t.End = t.End[:0]
}

// appendRune appends rune r, which came from the original bytes
// [start, end), with its span.
func (t *Text) appendRune(r rune, start, end int32) {
	if len(t.Runes) == 0 {
		t.Runes = append(t.Runes, 0)
	}
	if r < utf8.RuneSelf {
		t.Bytes = append(t.Bytes, byte(r))
	} else {
		t.Bytes = utf8.AppendRune(t.Bytes, r)
	}
	t.Runes = append(t.Runes, int32(len(t.Bytes)))
	t.Start = append(t.Start, start)
	t.End = append(t.End, end)
}
