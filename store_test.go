package churn_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/corpus/maintext"
	"github.com/churnalism/churn/report"
)

// TestAnalyzeStored checks that AnalyzeStored, with the texts in a
// TextStore filled by corpus.Reader, gives AnalyzeContext's result.
func TestAnalyzeStored(t *testing.T) {
	path := os.Getenv("CHURN_STORE_CORPUS")
	if path == "" {
		path = "corpus/testdata"
	}
	rd := corpus.Reader{HTML: maintext.Extract}
	docs, _, err := rd.Read([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	texts, err := churn.NewTextStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer texts.Close()
	rs := corpus.Reader{Texts: texts, HTML: maintext.Extract}
	meta, _, err := rs.Read([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	for i := range meta {
		if meta[i].Text != nil {
			t.Fatalf("document %d has its text", i)
		}
	}
	want, err := churn.AnalyzeContext(t.Context(), docs, churn.Options{MatrixLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	got, err := churn.AnalyzeStored(t.Context(), meta, texts, churn.Options{MatrixLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytesBuf
	report.JSONL(&a, want)
	report.JSONL(&b, got)
	if a.String() != b.String() {
		t.Errorf("AnalyzeStored differs: %d vs %d pairs, candidates %d vs %d, gram %d vs %d", len(got.Pairs), len(want.Pairs), got.Candidates, want.Candidates, got.GramCandidates, want.GramCandidates)
	}
	t.Log(fmt.Sprint(len(docs), " documents, ", len(want.Pairs), " pairs"))
}

type bytesBuf struct{ b []byte }

func (w *bytesBuf) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }
func (w *bytesBuf) String() string              { return string(w.b) }
