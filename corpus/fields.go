package corpus

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Fields names the fields of JSON, JSONL, CSV and TSV records that hold
// each part of a document. Each is a list of names tried in order: the
// first that a record has, with a usable value, is used. A nil list means
// the default in DefaultFields. Names are matched exactly, then ignoring
// case; a name with dots ("source.name") also reaches into nested JSON
// objects.
type Fields struct {
	ID        []string // the document's ID; numbers are used as their decimal text
	Text      []string // the article's text (required)
	Title     []string // headline
	URL       []string // where it was published
	Outlet    []string // site or publisher; if none, the host of the URL
	Published []string // publication time, parsed by ParseTime
	Lang      []string // language code
}

// DefaultFields are the field names used when a Fields list is nil: those
// of common news exports (news-please and Common Crawl News, NewsAPI,
// GDELT, newspaper3k, scrapers' CSV files).
var DefaultFields = Fields{
	ID:        []string{"id"},
	Text:      []string{"text", "maintext", "content", "body"},
	Title:     []string{"title", "headline"},
	URL:       []string{"url", "link"},
	Outlet:    []string{"outlet", "source_domain", "source", "site", "domain"},
	Published: []string{"published", "date_publish", "published_at", "publishedAt", "date", "pubDate", "datePublished"},
	Lang:      []string{"lang", "language"},
}

// withDefaults returns f with nil lists replaced by the defaults.
func (f Fields) withDefaults() Fields {
	pick := func(v, d []string) []string {
		var out []string
		for _, s := range v {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		if out == nil {
			return d
		}
		return out
	}
	d := DefaultFields
	return Fields{
		ID:        pick(f.ID, d.ID),
		Text:      pick(f.Text, d.Text),
		Title:     pick(f.Title, d.Title),
		URL:       pick(f.URL, d.URL),
		Outlet:    pick(f.Outlet, d.Outlet),
		Published: pick(f.Published, d.Published),
		Lang:      pick(f.Lang, d.Lang),
	}
}

// timeLayouts are the layouts ParseTime tries, in order.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	time.RFC850,
	time.RFC822Z,
	time.RFC822,
	time.UnixDate,
	time.ANSIC,
	// Without a time zone: taken as UTC.
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"02.01.2006 15:04:05",
	"02.01.2006 15:04",
	"02.01.2006",
	"2 January 2006",
	"January 2, 2006",
	"Jan 2, 2006",
}

// ParseTime parses a publication time as news sources write it, and
// returns it in UTC: RFC 3339 and ISO 8601 forms ("2024-03-05T09:30:00+02:00",
// "2024-03-05 09:30:00", "2024-03-05"), the RFC 1123/822 forms of feeds
// and HTTP ("Tue, 05 Mar 2024 09:30:00 +0200"), "05.03.2024",
// "5 March 2024", and Unix times in seconds or milliseconds (9 to 13
// digits). Times without a zone are taken as UTC. It reports false for
// anything else; ambiguous forms such as "03/05/2024" are not guessed.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if n := len(s); n >= 9 && n <= 13 && strings.Trim(s, "0123456789") == "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err == nil {
			if n >= 12 {
				return time.UnixMilli(v).UTC(), true
			}
			return time.Unix(v, 0).UTC(), true
		}
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1000 {
				return time.Time{}, false
			}
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// hostOf returns the host of a URL without "www.", or "" if rawURL is
// not an absolute URL.
func hostOf(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
