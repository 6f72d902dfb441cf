// This file holds the HTML report's helpers for untrusted text: they make
// strings from the input safe to show (control characters, invalid UTF-8,
// bidirectional overrides, URLs, language tags, dates) and shorten them.
// clean is used by the other reports as well.

package report

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// htmlDate formats a publication time for people and for the datetime
// attribute: the date, and the time of day when it is not midnight.
func htmlDate(t time.Time) (human, machine string) {
	machine = t.Format(time.RFC3339)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02"), machine
	}
	return t.Format("2006-01-02 15:04 Z07:00"), machine
}

// langTag matches what a lang attribute may safely hold: a BCP 47 tag.
var langTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// safeURL returns s as an absolute http or https URL, or "" if it is not
// one: javascript:, data: and every other scheme is never linked.
func safeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	return u.String()
}

// shorten returns text on one line, white space collapsed, shortened in
// the middle, between words where it can, to about n characters.
func shorten(text string, n int) string {
	s := strings.Join(strings.Fields(clean(text)), " ")
	if r := []rune(s); len(r) > n {
		head, tail := string(r[:n/2]), string(r[len(r)-n/2:])
		if i := strings.LastIndexByte(head, ' '); i > n/4 {
			head = head[:i] // end on a whole word
		}
		if i := strings.IndexByte(tail, ' '); i >= 0 && i < len(tail)/2 {
			tail = tail[i+1:] // start on a whole word
		}
		s = strings.TrimSpace(head) + " … " + strings.TrimSpace(tail)
	}
	return s
}

// clean replaces invalid UTF-8, control characters (line breaks
// included) and bidirectional embeddings, overrides and isolates with
// U+FFFD, for text shown on one line, where an unterminated override
// could reorder the text around it.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
			('\u202a' <= r && r <= '\u202e') || ('\u2066' <= r && r <= '\u2069') {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}

// cleanText is clean for article text: it keeps tabs and line breaks.
func cleanText(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r == '\r' {
			return r
		}
		if unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(string(b), string(utf8.RuneError)))
}
