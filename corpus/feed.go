package corpus

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/churnalism/churn"
	"github.com/mmcdole/gofeed"
)

// readFeed reads an RSS, Atom or JSON Feed file: each item is a document.
func (rd *reading) readFeed(in *input, data []byte) {
	if isBlank(data) {
		rd.skip(in.name, "empty file")
		return
	}
	var decls []declared
	if label, _, _ := xmlEncoding(data); label != "" {
		decls = append(decls, declared{label, "in the XML declaration"})
	}
	d := decode(data, decls, rd.charset, false)
	text, notes := d.text, d.notes
	if why := rd.binary(data, text, d.known); why != "" {
		rd.skip(in.name, why)
		return
	}
	for _, w := range d.warn {
		rd.warn(in.name, w)
	}
	// The text is UTF-8 now: say so to the XML parser, which would
	// otherwise decode it again.
	if label, start, end := xmlEncoding(text); label != "" && !strings.EqualFold(label, "utf-8") {
		t := make([]byte, 0, len(text))
		t = append(append(append(t, text[:start]...), "UTF-8"...), text[end:]...)
		text = t
	}
	feed, err := parseFeed(text)
	if err != nil {
		rd.skip(in.name, "not a valid feed: "+clip(err.Error(), 200))
		return
	}
	if len(feed.Items) == 0 {
		rd.skip(in.name, "feed has no items")
		return
	}
	outlet := hostOf(feed.Link)
	if outlet == "" {
		outlet = hostOf(feed.FeedLink)
	}
	for i, it := range feed.Items {
		loc := strconv.Itoa(i + 1)
		name := in.at("item " + loc)
		if it == nil {
			rd.skip(name, "empty item")
			continue
		}
		body := fragmentText(it.Content)
		if body == "" {
			body = fragmentText(it.Description)
		}
		if body == "" {
			rd.skip(name, "no content or description")
			continue
		}
		meta := churn.Meta{
			Title: oneLine(fragmentText(it.Title)),
			URL:   strings.TrimSpace(it.Link),
			Lang:  strings.TrimSpace(feed.Language),

			Offsets: churn.OffsetsExtracted,
		}
		meta.Notes = append(append(meta.Notes, in.notes...), notes...)
		meta.Outlet = outlet
		if meta.Outlet == "" {
			meta.Outlet = hostOf(meta.URL)
		}
		switch {
		case it.PublishedParsed != nil:
			meta.Published = utc(it.PublishedParsed)
		case it.UpdatedParsed != nil:
			meta.Published = utc(it.UpdatedParsed)
			meta.Notes = append(meta.Notes, "publication time from the item's update time")
		case it.Published != "":
			meta.Notes = append(meta.Notes, fmt.Sprintf("publication time %q not understood", clip(it.Published, 40)))
		}
		t := rd.repairText([]byte(body), &meta)
		if len(meta.Notes) == 0 {
			meta.Notes = nil
		}
		rd.add(found{doc: churn.Document{Name: name, Text: t, Meta: meta}, file: in.name, loc: loc})
	}
}

// parseFeed parses a feed with gofeed, turning a panic into an error.
func parseFeed(data []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("feed parser failed: %v", r)
		}
	}()
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(data))
	if err == nil && feed == nil {
		err = fmt.Errorf("no feed")
	}
	return feed, err
}
