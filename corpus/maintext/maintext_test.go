package maintext

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/churnalism/churn/corpus/internal/htmltext"
)

// TestServe checks that pages extracted through Serve are those Extract
// gives, for the pages of corpus/testdata, and that Serve stops with an
// error on input that is not requests.
func TestServe(t *testing.T) {
	paths, err := filepath.Glob("../testdata/html/*.html")
	if err != nil || len(paths) < 2 {
		t.Fatalf("%d pages: %v", len(paths), err)
	}
	var in bytes.Buffer
	w := bufio.NewWriter(&in)
	var want []htmltext.Page
	for _, p := range paths {
		page, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		htmltext.WriteRequest(w, page, "https://example.com/"+filepath.Base(p))
		x, err := Extract(page, "https://example.com/"+filepath.Base(p))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, x)
	}
	var out bytes.Buffer
	if err := Serve(&in, &out, 1<<20); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&out)
	found := 0
	for i, p := range paths {
		got, err := htmltext.ReadResponse(r, 1<<20)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got.Text != want[i].Text || got.Why != want[i].Why || got.Title != want[i].Title || got.URL != want[i].URL || got.Lang != want[i].Lang || !got.Published.Equal(want[i].Published) {
			t.Errorf("%s: served %+v, extracted %+v", p, got, want[i])
		}
		if got.Why == "" {
			found++
		}
	}
	if found == 0 {
		t.Error("no page has main text: the test compares nothing")
	}
	if err := Serve(strings.NewReader("GET / HTTP/1.1\r\n"), &out, 1<<20); err == nil {
		t.Error("Serve of input that is not requests: no error")
	}
}

func TestExtractNoText(t *testing.T) {
	for _, page := range []string{"", "<html></html>", "<nav><a href=/>Home</a></nav>", "\x00\x01binary"} {
		p, err := Extract([]byte(page), "")
		if err != nil || p.Why == "" && strings.TrimSpace(p.Text) != "" && len(p.Text) > 100 {
			t.Errorf("Extract(%q) = %+v, %v", page, p, err)
		}
	}
}
