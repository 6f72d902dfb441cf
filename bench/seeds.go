package bench

import (
	"bytes"
	"fmt"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
)

// SeedVocabulary returns the vocabulary of the embedded seed articles:
// what tests build generated corpora from when they need no evaluation
// data.
func SeedVocabulary() (*Vocabulary, error) {
	docs, err := corpus.Seeds()
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = string(d.Text)
	}
	return NewVocabulary(texts)
}

// ScaleDocuments returns a generated corpus (WriteScaleCorpus) as
// churn's JSON Lines reader reads it, so with the dates and outlets the
// generator writes, and the reuse it planted.
func ScaleDocuments(vocabs []*Vocabulary, opts ScaleOptions) ([]churn.Document, []ScaleTruth, error) {
	var buf bytes.Buffer
	truth, err := WriteScaleCorpus(&buf, vocabs, opts)
	if err != nil {
		return nil, nil, err
	}
	rd := corpus.Reader{Stdin: &buf, Format: corpus.JSONL}
	docs, skipped, err := rd.Read([]string{corpus.Stdin})
	if err != nil {
		return nil, nil, err
	}
	if len(skipped) > 0 || len(docs) != opts.N {
		return nil, nil, fmt.Errorf("bench: reading the generated corpus back: %d of %d documents, skipped %v", len(docs), opts.N, skipped)
	}
	return docs, truth, nil
}
