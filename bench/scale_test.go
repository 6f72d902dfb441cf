package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
)

func seedVocabulary(t testing.TB) *Vocabulary {
	t.Helper()
	docs, err := corpus.Seeds()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, d := range docs {
		texts = append(texts, string(d.Text))
	}
	v, err := NewVocabulary(texts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// readScale parses a generated corpus back into documents.
func readScale(t testing.TB, data []byte) []churn.Document {
	t.Helper()
	var docs []churn.Document
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, churn.Document{ID: rec.ID, Text: []byte(rec.Text)})
	}
	return docs
}

func TestScaleCorpus(t *testing.T) {
	v := seedVocabulary(t)
	var a, b bytes.Buffer
	truth, err := WriteScaleCorpus(&a, []*Vocabulary{v}, ScaleOptions{N: 300, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteScaleCorpus(&b, []*Vocabulary{v}, ScaleOptions{N: 300, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same options, different corpus")
	}
	docs := readScale(t, a.Bytes())
	if len(docs) != 300 || len(truth) < 10 {
		t.Fatalf("%d docs, %d planted", len(docs), len(truth))
	}
	res, err := churn.Analyze(docs, churn.Options{MatrixLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	found := map[[2]string]bool{}
	for _, p := range res.Pairs {
		found[[2]string{res.Docs[p.A].ID, res.Docs[p.B].ID}] = true
	}
	missed := 0
	for _, tr := range truth {
		if !found[[2]string{tr.Source, tr.Copy}] && !found[[2]string{tr.Copy, tr.Source}] {
			missed++
			t.Logf("missed %+v", tr)
		}
	}
	if missed > 0 {
		t.Errorf("missed %d of %d planted pairs", missed, len(truth))
	}
	// Unrelated generated articles must not pair up: every reported pair
	// is planted or joined through planted ones (a copy of a copy, a
	// passage lifted from a copy).
	parent := map[string]string{}
	var root func(string) string
	root = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			r := root(p)
			parent[x] = r
			return r
		}
		return x
	}
	for _, tr := range truth {
		parent[root(tr.Copy)] = root(tr.Source)
	}
	for _, p := range res.Pairs {
		a, b := res.Docs[p.A].ID, res.Docs[p.B].ID
		if root(a) != root(b) {
			t.Errorf("%s–%s reported, unrelated by construction (Jaccard %.3f, %d passages)", a, b, p.Jaccard, len(p.Passages))
			for _, q := range p.Passages {
				t.Logf("  %q", q.TextA)
			}
		}
	}
}

// TestScaleTiming measures Analyze on CHURN_SCALE articles (gated: it is a
// measurement, not a test).
func TestScaleTiming(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CHURN_SCALE"))
	if n == 0 {
		t.Skip("set CHURN_SCALE=N to measure Analyze on N generated articles")
	}
	v := seedVocabulary(t)
	var buf bytes.Buffer
	truth, err := WriteScaleCorpus(&buf, []*Vocabulary{v}, ScaleOptions{N: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	docs := readScale(t, buf.Bytes())
	start := time.Now()
	res, err := churn.Analyze(docs, churn.Options{MatrixLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d docs (%d MB), %d planted: %v, %d candidates (%d LSH), %d pairs", n, buf.Len()>>20, len(truth), time.Since(start), res.Candidates, res.LSHCandidates, len(res.Pairs))
}
