package seeds_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn/seeds"
)

func ExampleArticles() {
	for _, a := range seeds.Articles() {
		fmt.Println(a.ID, a.Name)
	}
	// Output:
	// 000 000_13e963bc4ee3192c.txt
	// 001 001_5031da28c24cbbff.txt
	// 002 002_89cd04d5415694fb.txt
	// 003 003_07b3ccbc0a9faeee.txt
	// 004 004_b159a769655c8efa.txt
}

// TestArticles checks that Articles returns every file of FS, in order,
// as valid UTF-8, and fresh copies that callers may modify.
func TestArticles(t *testing.T) {
	names, err := fs.Glob(seeds.FS, "*.txt")
	if err != nil {
		t.Fatal(err)
	}
	arts := seeds.Articles()
	if len(arts) != len(names) || len(arts) != 5 {
		t.Fatalf("%d articles, %d files, want 5", len(arts), len(names))
	}
	for i, a := range arts {
		want, err := fs.ReadFile(seeds.FS, names[i])
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != names[i] || a.ID != names[i][:3] || !bytes.Equal(a.Text, want) {
			t.Errorf("article %d: %s %s (%d bytes), want %s (%d bytes)", i, a.ID, a.Name, len(a.Text), names[i], len(want))
		}
		if !utf8.Valid(a.Text) || len(a.Text) < 1000 {
			t.Errorf("%s: %d bytes, valid UTF-8: %v", a.Name, len(a.Text), utf8.Valid(a.Text))
		}
	}
	arts[0].Text[0] ^= 0xff
	if again := seeds.Articles(); bytes.Equal(again[0].Text, arts[0].Text) {
		t.Error("Articles returns the same bytes twice: a caller's change shows in the next call")
	}
}
