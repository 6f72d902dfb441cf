package corpus_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/churnalism/churn/corpus"
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
	// skipped notes.md: not a .txt file
}
