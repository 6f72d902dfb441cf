package htmltext

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestProtocolRoundTrip(t *testing.T) {
	pages := []Page{
		{},
		{Why: "no main text found in the HTML page"},
		{Text: "Parcul Someșul Rece.\n\nA doua zi.", Title: "Parc", URL: "https://a.ro/x", Site: "A", Lang: "ro",
			Published: time.Date(2024, 5, 17, 6, 30, 0, 123, time.UTC)},
		{Text: strings.Repeat("x", 3<<20), Published: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)},
		{Published: time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC)},
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	for i, p := range pages {
		if err := WriteRequest(w, []byte(p.Text), p.URL); err != nil {
			t.Fatal(err)
		}
		if err := WriteResponse(w, pages[i]); err != nil {
			t.Fatal(err)
		}
	}
	r := bufio.NewReader(&buf)
	for i, want := range pages {
		page, u, err := ReadRequest(r, 4<<20)
		if err != nil || string(page) != want.Text || u != want.URL {
			t.Fatalf("request %d: %d bytes, %q, %v", i, len(page), u, err)
		}
		got, err := ReadResponse(r, 4<<20)
		if err != nil {
			t.Fatalf("response %d: %v", i, err)
		}
		if !samePage(got, want) {
			t.Errorf("response %d: %+v, want %+v", i, got, want)
		}
	}
	if _, _, err := ReadRequest(r, 1); err != io.EOF {
		t.Errorf("after the last request: %v, want io.EOF", err)
	}
}

func TestProtocolErrors(t *testing.T) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	WriteRequest(w, []byte("<p>page</p>"), "u")
	full := buf.Bytes()
	for _, c := range []struct {
		name string
		data []byte
		max  int64
	}{
		{"truncated", full[:len(full)-3], 100},
		{"cut in the magic", full[:1], 100},
		{"bad magic", append([]byte("XY"), full[2:]...), 100},
		{"page too long", full, 5},
		{"huge length", []byte("H1\x01u\xff\xff\xff\xff\xff\xff\xff\xff\x7f"), 1 << 62},
	} {
		if _, _, err := ReadRequest(bufio.NewReader(bytes.NewReader(c.data)), c.max); err == nil || err == io.EOF {
			t.Errorf("%s: error %v", c.name, err)
		}
	}
	if _, err := ReadResponse(bufio.NewReader(strings.NewReader("")), 10); err == nil {
		t.Error("an empty response: no error")
	}
}

// FuzzReadResponse checks that the reader of helper responses returns a
// page or an error on any input, never panics, and reads back what it
// wrote.
func FuzzReadResponse(f *testing.F) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	WriteResponse(w, Page{Text: "t", Title: "x", Published: time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)})
	f.Add(buf.Bytes())
	f.Add([]byte("H1\x00\x00\x00\x00\x00\x00\x05abcde"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadResponse(bufio.NewReader(bytes.NewReader(data)), 1<<16)
		if err != nil {
			return
		}
		var out bytes.Buffer
		bw := bufio.NewWriter(&out)
		if err := WriteResponse(bw, p); err != nil {
			return // a time MarshalBinary refuses
		}
		again, err := ReadResponse(bufio.NewReader(&out), 1<<16)
		if err != nil || !samePage(again, p) {
			t.Fatalf("%+v did not round-trip: %+v, %v", p, again, err)
		}
	})
}

// FuzzReadRequest does the same for requests, which the helper reads.
func FuzzReadRequest(f *testing.F) {
	var buf bytes.Buffer
	WriteRequest(bufio.NewWriter(&buf), []byte("<html>"), "https://x")
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReader(bytes.NewReader(data))
		for range 3 {
			if _, _, err := ReadRequest(r, 1<<16); err != nil {
				return
			}
		}
	})
}

func TestRender(t *testing.T) {
	// Render is tested through package corpus (feeds, pages); here the
	// breaks between blocks.
	if got := renderString(t, "<p>a  b</p><p>c<br>d</p><ul><li>e</li><li>f</li></ul>"); got != "a b\n\nc\nd\n\ne\nf" {
		t.Errorf("Render = %q", got)
	}
}

func renderString(t *testing.T, s string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return Render(doc)
}

// samePage compares pages, their times by Equal.
func samePage(a, b Page) bool {
	ta, tb := a.Published, b.Published
	a.Published, b.Published = time.Time{}, time.Time{}
	return a == b && ta.Equal(tb)
}
