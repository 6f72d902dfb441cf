package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/churnalism/churn/corpus/maintext"
)

// TestMain gives the package's tests an HTML extractor: maintext's, in
// this process, as a program would set Reader.HTML. With
// CORPUS_HTML_HELPER set, the test binary is instead the helper process
// of TestHTMLProcess: "serve" serves pages, "die" fails at the first.
func TestMain(m *testing.M) {
	switch os.Getenv("CORPUS_HTML_HELPER") {
	case "serve":
		if err := maintext.Serve(os.Stdin, os.Stdout, MaxSize); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	case "die":
		os.Stdin.Read(make([]byte, 10))
		fmt.Fprintln(os.Stderr, "helper exploded")
		os.Exit(3)
	}
	defaultHTML = maintext.Extract
	os.Exit(m.Run())
}

// TestHTMLProcess checks the helper process: pages extracted in it give
// the documents and skipped entries extracting them in this process
// gives, also from several goroutines at once; a helper that dies, or
// cannot start, is an error that stops the reading, with what the helper
// said; Close ends it.
func TestHTMLProcess(t *testing.T) {
	paths := []string{"testdata/html", "testdata/warc", "testdata/feeds"}
	in := Reader{HTML: maintext.Extract}
	wantDocs, wantSkipped, err := in.Read(paths)
	if err != nil || len(wantDocs) < 5 {
		t.Fatalf("in process: %d docs, %v", len(wantDocs), err)
	}

	t.Setenv("CORPUS_HTML_HELPER", "serve")
	p := NewHTMLProcess(os.Args[0])
	out := Reader{HTML: p.Extract}
	docs, skipped, err := out.Read(paths)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(docs, wantDocs) || !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("the helper process gives other documents:\n%v\n%v\nwant\n%v\n%v", docs, skipped, wantDocs, wantSkipped)
	}
	page, err := os.ReadFile("testdata/html/ro_parc.html")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := maintext.Extract(page, "https://example.ro/parc")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				got, err := p.Extract(page, "https://example.ro/parc")
				if err != nil || got.Text != want.Text || got.Title != want.Title || !got.Published.Equal(want.Published) {
					t.Errorf("concurrent Extract: %+v, %v", got, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := p.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := p.Extract(page, ""); err == nil {
		t.Error("Extract after Close: no error")
	}

	t.Setenv("CORPUS_HTML_HELPER", "die")
	dying := NewHTMLProcess(os.Args[0])
	_, _, err = (&Reader{HTML: dying.Extract}).Read([]string{"testdata/html"})
	if err == nil || !strings.Contains(err.Error(), "helper exploded") || !strings.Contains(err.Error(), "testdata/html/") {
		t.Errorf("a dying helper: error %v, want one naming the page and quoting the helper", err)
	}
	if _, err2 := dying.Extract(page, ""); err2 == nil {
		t.Error("a dead helper's next Extract: no error")
	}
	dying.Close()

	missing := NewHTMLProcess(filepath.Join(t.TempDir(), "no-such-helper"))
	if _, err := missing.Extract(page, ""); err == nil || !strings.Contains(err.Error(), "no-such-helper") {
		t.Errorf("a helper that does not exist: %v", err)
	}
}

// TestReadHTMLExtractor checks Reader.HTML: it is used when set; without
// one, reading a page is an error naming it and what to set; an
// extractor that fails stops the reading with its error.
func TestReadHTMLExtractor(t *testing.T) {
	saved := defaultHTML
	defer func() { defaultHTML = saved }()
	page := "testdata/html/ro_parc.html"

	calls := 0
	r := Reader{HTML: func(p []byte, u string) (HTMLPage, error) {
		calls++
		return HTMLPage{Text: "Parcul a fost inaugurat ieri, cu mult fast.", Title: " Parcul\n nou ", Site: "Ziarul", Lang: "ro"}, nil
	}}
	docs, _, err := r.Read([]string{page})
	if err != nil || len(docs) != 1 || calls != 1 {
		t.Fatalf("Read with Reader.HTML: %d docs, %d calls, %v", len(docs), calls, err)
	}
	if m := docs[0].Meta; m.Title != "Parcul nou" || m.Outlet != "Ziarul" || m.Lang != "ro" || string(docs[0].Text) != "Parcul a fost inaugurat ieri, cu mult fast." {
		t.Errorf("document %q, meta %+v", docs[0].Text, docs[0].Meta)
	}

	r.HTML = func([]byte, string) (HTMLPage, error) {
		return HTMLPage{Why: "no main text found in the HTML page"}, nil
	}
	if docs, skipped, err := r.Read([]string{page}); err != nil || len(docs) != 0 || len(skipped) != 1 || skipped[0].Reason != reasonNoMainText {
		t.Errorf("a page without main text: %d docs, skipped %v, %v", len(docs), skipped, err)
	}

	defaultHTML = nil
	r.HTML = nil
	_, _, err = r.Read([]string{"testdata/txt", page, "testdata/news.jsonl"})
	if err == nil || !strings.Contains(err.Error(), page) || !strings.Contains(err.Error(), "Reader.HTML") {
		t.Errorf("no extractor: error %v, want one naming %s and Reader.HTML", err, page)
	}
	if docs, _, err := r.Read([]string{"testdata/txt", "testdata/news.jsonl"}); err != nil || len(docs) == 0 {
		t.Errorf("no extractor and no page: %d docs, %v", len(docs), err)
	}

	broken := errors.New("helper died")
	r.HTML = func([]byte, string) (HTMLPage, error) { return HTMLPage{}, broken }
	for _, path := range []string{page, "testdata/warc/crawl.warc.gz"} {
		if _, _, err := r.Read([]string{path}); !errors.Is(err, broken) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s with a failing extractor: error %v", path, err)
		}
	}
}
