package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/seeds"
)

// Seeds returns the embedded sample corpus (package seeds) in file-name
// order. A seed's ID is its numeric prefix ("000") and its Name is
// "seeds/" and its file name ("seeds/000_13e963bc4ee3192c.txt"). Every
// call returns fresh copies of the texts. The error is non-nil only if the
// embedded files cannot be read, which would be a bug in the build.
func Seeds() ([]churn.Document, error) {
	entries, err := fs.ReadDir(seeds.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("corpus: reading the embedded seeds: %w", err)
	}
	var docs []churn.Document
	for _, e := range entries { // fs.ReadDir sorts by name
		if e.IsDir() || !isTxt(e.Name()) {
			continue
		}
		text, err := fs.ReadFile(seeds.FS, e.Name())
		if err != nil {
			return nil, fmt.Errorf("corpus: reading the embedded seeds: %w", err)
		}
		id, _, _ := strings.Cut(e.Name(), "_")
		docs = append(docs, churn.Document{ID: id, Name: "seeds/" + e.Name(), Text: text, Meta: churn.Meta{Offsets: churn.OffsetsFile}})
	}
	if len(docs) == 0 {
		return nil, errors.New("corpus: no seeds embedded")
	}
	return docs, nil
}
