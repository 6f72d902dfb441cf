// Package seeds embeds churn's sample corpus: five real news articles (two
// Italian, three Romanian) about one story, the reported contacts between
// Elon Musk and Vladimir Putin in October 2024.
//
// They are what churn analyses when it is given no input, so that running
// the command once shows what it does. The set is small but covers the cases
// churn exists for:
//
//   - 001 and 003 are Romanian rewrites of the same wire copy and share whole
//     sentences ("s-a implicat activ în campania electorală a lui Donald
//     Trump");
//   - 003 and 004 share a single wire sentence inside otherwise different
//     articles, and 004 is a 15 KB page whose real article is followed by
//     about 60 unrelated headlines;
//   - 000 and 002 are Italian reports of the same story in different words;
//   - 003 spells ţ and ş with cedillas, the others mostly with commas below,
//     and 003 ends with a publisher footer that is not part of the story.
package seeds

import (
	"embed"
	"io/fs"
	"strings"
)

// FS holds the seed articles as NNN_hash.txt files at its root, in the order
// of their numeric prefix.
//
//go:embed *.txt
var FS embed.FS

// An Article is one seed article.
type Article struct {
	ID   string // the numeric prefix of its file name: "000"
	Name string // its file name in FS: "000_13e963bc4ee3192c.txt"
	Text []byte // its bytes
}

// Articles returns the seed articles in the order of their numeric prefix.
// Every call returns fresh copies of the texts, which the caller may
// modify.
func Articles() []Article {
	ents, err := fs.ReadDir(FS, ".")
	if err != nil {
		panic("seeds: " + err.Error()) // cannot happen: FS is embedded
	}
	arts := make([]Article, 0, len(ents))
	for _, e := range ents { // sorted by name
		text, err := FS.ReadFile(e.Name()) // a copy
		if err != nil {
			panic("seeds: " + err.Error())
		}
		id, _, _ := strings.Cut(e.Name(), "_")
		arts = append(arts, Article{ID: id, Name: e.Name(), Text: text})
	}
	return arts
}
