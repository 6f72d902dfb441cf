package htmltext

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// Page is what an HTML extractor finds in a page: its main text, or Why
// it has none, and the metadata the page gives, as the extractor found
// it (the reader tidies it).
type Page struct {
	// Text is the main text, with a blank line between paragraphs.
	Text string
	// Why, if not empty, is why the page has no main text, as a reason
	// for skipping it: "cannot parse HTML: ...", "no main text found in
	// the HTML page", "extractor failed: ...".
	Why string
	// Title, URL, Site (the site's name) and Lang (the language the page
	// declares) are empty when unknown; so is Published, in UTC.
	Title, URL, Site, Lang string
	Published              time.Time
}

// The protocol between a reader and a helper process that extracts pages
// (corpus.HTMLProcess and maintext.Serve): over the helper's standard
// input, requests, each a page and its URL; over its standard output, one
// response a request, in order. Every string is a uvarint length followed
// by its bytes; a time is a string holding time.MarshalBinary's bytes (no
// bytes: the zero time).
//
//	request:  "H1" URL PAGE
//	response: "H1" WHY TEXT TITLE URL SITE LANG PUBLISHED
//
// The helper ends when its input ends.

// magic starts every message, to catch a helper that is not one.
const magic = "H1"

// maxField bounds a response's fields other than the text, so that a
// corrupt length cannot make the reader allocate gigabytes.
const maxField = 1 << 20

// WriteRequest writes a request for page, at pageURL, to w and flushes it.
func WriteRequest(w *bufio.Writer, page []byte, pageURL string) error {
	w.WriteString(magic)
	writeString(w, pageURL)
	writeBytes(w, page)
	return w.Flush()
}

// ReadRequest reads a request from r: the page, of at most max bytes, and
// its URL. It returns io.EOF if r ends before the request starts.
func ReadRequest(r *bufio.Reader, max int64) (page []byte, pageURL string, err error) {
	if err := readMagic(r); err != nil {
		return nil, "", err
	}
	u, err := readBytes(r, maxField, "URL")
	if err != nil {
		return nil, "", err
	}
	page, err = readBytes(r, max, "page")
	if err != nil {
		return nil, "", err
	}
	return page, string(u), nil
}

// WriteResponse writes p to w and flushes it.
func WriteResponse(w *bufio.Writer, p Page) error {
	w.WriteString(magic)
	for _, s := range []string{p.Why, p.Text, p.Title, p.URL, p.Site, p.Lang} {
		writeString(w, s)
	}
	var t []byte
	if !p.Published.IsZero() {
		var err error
		if t, err = p.Published.MarshalBinary(); err != nil {
			return fmt.Errorf("htmltext: publication time %v: %w", p.Published, err)
		}
	}
	writeBytes(w, t)
	return w.Flush()
}

// ReadResponse reads a response from r, whose text may be up to max
// bytes.
func ReadResponse(r *bufio.Reader, max int64) (Page, error) {
	var p Page
	if err := readMagic(r); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return p, err
	}
	for _, f := range []struct {
		s    *string
		max  int64
		name string
	}{{&p.Why, maxField, "reason"}, {&p.Text, max, "text"}, {&p.Title, maxField, "title"},
		{&p.URL, maxField, "URL"}, {&p.Site, maxField, "site"}, {&p.Lang, maxField, "language"}} {
		b, err := readBytes(r, f.max, f.name)
		if err != nil {
			return Page{}, err
		}
		*f.s = string(b)
	}
	t, err := readBytes(r, 64, "publication time")
	if err != nil {
		return Page{}, err
	}
	if len(t) > 0 {
		if err := p.Published.UnmarshalBinary(t); err != nil {
			return Page{}, fmt.Errorf("htmltext: publication time: %w", err)
		}
		p.Published = p.Published.UTC()
	}
	return p, nil
}

func writeString(w *bufio.Writer, s string) {
	w.Write(binary.AppendUvarint(nil, uint64(len(s))))
	w.WriteString(s)
}

func writeBytes(w *bufio.Writer, b []byte) {
	w.Write(binary.AppendUvarint(nil, uint64(len(b))))
	w.Write(b)
}

// readMagic reads the start of a message; io.EOF if r ends first.
func readMagic(r *bufio.Reader) error {
	var m [len(magic)]byte
	n, err := io.ReadFull(r, m[:])
	switch {
	case n == 0 && err == io.EOF:
		return io.EOF
	case err != nil:
		return fmt.Errorf("htmltext: truncated message: %w", io.ErrUnexpectedEOF)
	case string(m[:]) != magic:
		return fmt.Errorf("htmltext: message starts with %q, want %q", m[:], magic)
	}
	return nil
}

// errTooLong reports a field longer than its bound.
var errTooLong = errors.New("htmltext: field too long")

// readBytes reads a length and that many bytes, at most max. It reads
// in steps, so that a corrupt length costs no more memory than the data
// that is really there.
func readBytes(r *bufio.Reader, max int64, name string) ([]byte, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("htmltext: %s length: %w", name, err)
	}
	if n > uint64(max) {
		return nil, fmt.Errorf("%w: %s of %d bytes, at most %d", errTooLong, name, n, max)
	}
	var b []byte
	for uint64(len(b)) < n {
		step := min(n-uint64(len(b)), 1<<20)
		start := len(b)
		b = append(b, make([]byte, step)...)
		if _, err := io.ReadFull(r, b[start:]); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("htmltext: %s: %w", name, err)
		}
	}
	return b, nil
}
