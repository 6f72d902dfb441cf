package corpus_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/corpus/maintext"
)

func ExampleSeeds() {
	docs, err := corpus.Seeds()
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range docs {
		fmt.Println(d.ID, d.Name)
	}
	// Output:
	// 000 seeds/000_13e963bc4ee3192c.txt
	// 001 seeds/001_5031da28c24cbbff.txt
	// 002 seeds/002_89cd04d5415694fb.txt
	// 003 seeds/003_07b3ccbc0a9faeee.txt
	// 004 seeds/004_b159a769655c8efa.txt
}

func ExampleRead() {
	dir, err := os.MkdirTemp("", "corpus-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for name, text := range map[string]string{
		"2024/story.txt": "Musk and Putin have been in regular contact.",
		"2025/story.txt": "Musk and Putin have been in regular contact since 2022.",
		"notes.md":       "not an article",
		"empty.txt":      "",
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte(text), 0o644)
	}

	stdin := strings.NewReader("Elon Musk and Vladimir Putin")
	docs, skipped, err := corpus.Read([]string{dir, "-"}, stdin)
	if err != nil {
		log.Fatal(err)
	}
	rel := func(name string) string {
		if r, err := filepath.Rel(dir, name); err == nil && name != "-" {
			return filepath.ToSlash(r)
		}
		return name
	}
	for _, d := range docs {
		fmt.Printf("%-10s %-14s %d bytes\n", d.ID, rel(d.Name), len(d.Text))
	}
	for _, s := range skipped {
		fmt.Printf("skipped %s: %s\n", rel(s.Name), s.Reason)
	}
	// Output:
	// 2024/story 2024/story.txt 44 bytes
	// 2025/story 2025/story.txt 55 bytes
	// stdin      -              28 bytes
	// skipped empty.txt: empty file
	// skipped notes.md: not a supported file type, by name or content
}

// A newsroom export in JSON Lines: each line is an article, its metadata
// comes along, and lines that cannot be used are reported, not dropped.
func ExampleReader() {
	r := corpus.Reader{Format: corpus.Auto} // detected from ".jsonl"
	docs, skipped, err := r.Read([]string{"testdata/news.jsonl"})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range docs {
		pub := "-"
		if !d.Meta.Published.IsZero() {
			pub = d.Meta.Published.Format(time.RFC3339)
		}
		fmt.Printf("%-9s %-22s %-26s %s\n", d.ID, d.Name, d.Meta.Outlet, pub)
	}
	for _, s := range skipped {
		fmt.Printf("skipped %s: %s (ignored: %v)\n", s.Name, s.Reason, corpus.Ignored(s))
	}
	// Output:
	// ro-001    testdata/news.jsonl:1  ziarulclujean.ro           2024-05-18T10:42:00Z
	// 1002      testdata/news.jsonl:2  stiridecluj.ro             2024-05-18T11:05:00Z
	// it-001    testdata/news.jsonl:4  gazzettadibologna.it       2024-05-18T07:00:00Z
	// en-001    testdata/news.jsonl:7  harbourtimes.example.com   -
	// de-002    testdata/news.jsonl:9                             2024-05-17T06:30:00Z
	// ro-001#2  testdata/news.jsonl:10 ziarulclujean.ro           -
	// skipped testdata/news.jsonl:3: invalid JSON at byte 94: unexpected end of JSON input (ignored: false)
	// skipped testdata/news.jsonl:5: empty text in field "maintext" (ignored: false)
	// skipped testdata/news.jsonl:8: not a JSON object but an array (ignored: false)
}

// Pages of a WARC crawl: HTML responses become documents with their URL;
// requests, images and redirects are counted in one ignored entry. The
// main text of pages is extracted by maintext.Extract, in this process.
func ExampleReader_warc() {
	r := corpus.Reader{HTML: maintext.Extract}
	docs, skipped, err := r.Read([]string{"testdata/warc/crawl.warc.gz"})
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range docs {
		lang := d.Meta.Lang
		if lang == "" {
			lang = "-"
		}
		fmt.Println(d.ID, d.Meta.URL, lang)
	}
	for _, s := range skipped {
		fmt.Printf("skipped %s: %s (ignored: %v)\n", s.Name, s.Reason, corpus.Ignored(s))
	}
	// Output:
	// crawl:3 https://www.ziarulclujean.ro/local/parcul-somesul-rece-inaugurat ro
	// crawl:5 https://www.prazskelisty.cz/doprava/tramvaj-libus cs
	// crawl:8 https://harbourtimes.example.com/news/night-buses en
	// crawl:10 file:///archive/bologna-bici.html -
	// skipped testdata/warc/crawl.warc.gz:record 9 (offset 6316): no main text found in the HTML page (ignored: false)
	// skipped testdata/warc/crawl.warc.gz: WARC records that are not pages: 1 metadata, 1 request, 1 response image/jpeg, 1 response status 301, 1 revisit, 1 warcinfo (ignored: true)
}
