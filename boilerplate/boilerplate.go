// Package boilerplate finds the parts of a news page that are not the
// article: lists of links and headlines, menus, app-store badges.
//
// Two kinds of evidence mark boilerplate in churn. The first needs only
// the page itself and lives here: Lists finds runs of consecutive short
// lines that do not end a sentence, the shape of "related articles" and
// "most read" lists, navigation menus and badge rows (seed 004 ends with
// about 60 such headlines). The second needs the corpus: text that recurs
// in many documents (site footers, share buttons, copyright notices); the
// winnow index finds it by document frequency, and churn masks it the same
// way.
//
// Lists works on the original bytes because normalisation folds line
// breaks into spaces, and line structure is the signal.
package boilerplate

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Defaults for the list detector.
const (
	// DefaultMinLines is the number of consecutive headline-like lines
	// that make a list.
	DefaultMinLines = 3
	// DefaultMaxLineLen is the longest line, in characters, that can be
	// part of a list.
	DefaultMaxLineLen = 250
)

// Span is a half-open range [Start, End) of byte offsets.
type Span struct {
	Start, End int
}

// Lists appends to dst the byte spans of src that are lists: at least
// DefaultMinLines consecutive non-blank lines, each at most
// DefaultMaxLineLen characters long and none ending a sentence (with ".",
// "!" or "…", possibly followed by a closing quote or bracket), and no
// more than a quarter of them starting in lower case (which would make
// them the lines of hard-wrapped prose). A short line ending in "?" may
// stand inside a list but does not count toward its length. A blank
// line (white space only, NBSP included) ends a run. Each span runs from
// the first byte of the run's first line to the end of its last line
// (before the line break). Spans are in increasing order.
func Lists(dst []Span, src []byte) []Span {
	runStart, runEnd, runLines, continued := 0, 0, 0, 0
	flush := func() {
		// Hard-wrapped prose (wire copy at 72 columns) is a run of short
		// lines too, but its lines continue each other: they start in
		// lower case. A list's items start afresh.
		if runLines >= DefaultMinLines && continued*4 <= runLines {
			dst = append(dst, Span{runStart, runEnd})
		}
		runLines, continued = 0, 0
	}
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := 0
		if end < 0 {
			end, next = len(src), len(src)
		} else {
			end, next = off+end, off+end+1
		}
		line := src[off:end]
		switch kind(line) {
		case blank:
			flush()
		case question:
			// Headlines ask questions, and so does prose: a question
			// neither starts nor counts toward a list, but does not end
			// one either.
			if runLines > 0 {
				runEnd = end
				if src[runEnd-1] == '\r' {
					runEnd--
				}
			}
		case headline:
			if runLines == 0 {
				runStart = off
			}
			runLines++
			if startsLower(line) {
				continued++
			}
			runEnd = end
			if runEnd > runStart && src[runEnd-1] == '\r' {
				runEnd--
			}
		default:
			flush()
		}
		off = next
	}
	flush()
	return dst
}

type lineKind int

const (
	blank lineKind = iota
	headline
	question // a short line ending in "?": a headline or a sentence
	prose
)

// kind classifies one line.
func kind(line []byte) lineKind {
	line = bytes.TrimFunc(line, isSpace)
	if len(line) == 0 {
		return blank
	}
	if len(line) > DefaultMaxLineLen && longerThan(line, DefaultMaxLineLen) {
		return prose
	}
	// Look past closing quotes and brackets at the last real character.
	for len(line) > 0 {
		r, size := utf8.DecodeLastRune(line)
		switch r {
		case '"', '\'', '”', '’', '»', '“', ')', ']':
			line = line[:len(line)-size]
			continue
		case '.', '!', '…':
			return prose
		case '?':
			return question
		}
		break
	}
	return headline
}

// longerThan reports whether b holds more than n runes (each byte of
// invalid UTF-8 counting as one, as in utf8.RuneCount). It stops counting
// at n+1 and, unlike utf8.RuneCount in Go 1.26, which converts the
// non-ASCII rest of its argument to a string, never allocates.
func longerThan(b []byte, n int) bool {
	for i := 0; i < len(b); n-- {
		if n == 0 {
			return true
		}
		_, size := utf8.DecodeRune(b[i:])
		i += size
	}
	return false
}

// startsLower reports whether line's first letter-or-digit character,
// after white space, quotes and brackets, is a lower-case letter.
func startsLower(line []byte) bool {
	for len(line) > 0 {
		r, size := utf8.DecodeRune(line)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.IsLower(r)
		}
		line = line[size:]
	}
	return false
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
}
