package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
)

func seedVocabulary(t testing.TB) *Vocabulary {
	t.Helper()
	v, err := SeedVocabulary()
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

// BenchmarkScale measures Analyze end to end on generated corpora
// (WriteScaleCorpus, seed 1, no matrix): one op analyses the whole corpus,
// and docs/s is the throughput in articles. It reports the corpus's
// candidates and pairs per op, to tell a change in speed from a change in
// the work. docs=1000 and docs=10000 always run (about 0.2 s and 1 s an
// op on two cores); the sizes CHURN_SCALE names (comma-separated, e.g.
// 100000) are added. make bench-scale runs the command line on larger
// corpora.
func BenchmarkScale(b *testing.B) {
	sizes := []int{1000, 10000}
	if env := os.Getenv("CHURN_SCALE"); env != "" {
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 2 {
				b.Fatalf("CHURN_SCALE: %q is not a number of documents", f)
			}
			if !slices.Contains(sizes, n) {
				sizes = append(sizes, n)
			}
		}
	}
	v := seedVocabulary(b)
	for _, n := range sizes {
		b.Run("docs="+strconv.Itoa(n), func(b *testing.B) {
			var buf bytes.Buffer
			if _, err := WriteScaleCorpus(&buf, []*Vocabulary{v}, ScaleOptions{N: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			docs := readScale(b, buf.Bytes())
			b.SetBytes(int64(buf.Len()))
			var res *churn.Result
			for b.Loop() {
				var err error
				if res, err = churn.Analyze(docs, churn.Options{MatrixLimit: -1}); err != nil {
					b.Fatal(err)
				}
			}
			if len(res.Pairs) == 0 {
				b.Fatalf("no pairs among %d articles with planted reuse", n)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(res.Candidates), "candidates/op")
			b.ReportMetric(float64(len(res.Pairs)), "pairs/op")
		})
	}
}

// TestScaleCorpusUndated checks UndatedRate: about that share of articles
// has no published field (read back by package corpus as an unknown
// date), and the rate changes nothing else: the same texts, ids and
// planted reuse at every rate.
func TestScaleCorpusUndated(t *testing.T) {
	v := seedVocabulary(t)
	type rec struct {
		ID, Outlet, Title, Text string
		Published               *string
	}
	read := func(rate float64) ([]rec, []ScaleTruth, []byte) {
		var buf bytes.Buffer
		truth, err := WriteScaleCorpus(&buf, []*Vocabulary{v}, ScaleOptions{N: 2000, Seed: 3, UndatedRate: rate})
		if err != nil {
			t.Fatal(err)
		}
		var recs []rec
		for _, line := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
			var r rec
			if err := json.Unmarshal(line, &r); err != nil {
				t.Fatal(err)
			}
			recs = append(recs, r)
		}
		return recs, truth, buf.Bytes()
	}
	undated := func(recs []rec) int {
		n := 0
		for _, r := range recs {
			if r.Published == nil {
				n++
			}
		}
		return n
	}
	none, noneTruth, _ := read(-1)
	if n := undated(none); n != 0 {
		t.Errorf("UndatedRate -1: %d undated articles", n)
	}
	for _, rate := range []float64{0, 0.5, 1} {
		recs, truth, data := read(rate)
		want := rate
		if rate == 0 {
			want = DefaultUndatedRate
		}
		if got := float64(undated(recs)) / float64(len(recs)); math.Abs(got-want) > 0.04 {
			t.Errorf("UndatedRate %v: %.3f of the articles undated, want about %v", rate, got, want)
		}
		for i := range recs {
			a, b := recs[i], none[i]
			if a.ID != b.ID || a.Text != b.Text || a.Outlet != b.Outlet || a.Title != b.Title || a.Published != nil && *a.Published != *b.Published {
				t.Fatalf("UndatedRate %v: article %d differs beyond its date", rate, i)
			}
		}
		if !slices.Equal(truth, noneTruth) {
			t.Errorf("UndatedRate %v: other planted reuse", rate)
		}
		if rate == 0.5 {
			path := filepath.Join(t.TempDir(), "c.jsonl")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			docs, skipped, err := corpus.Read([]string{path}, nil)
			if err != nil || len(skipped) > 0 || len(docs) != len(recs) {
				t.Fatalf("reading the corpus back: %d docs, %v, %v", len(docs), skipped, err)
			}
			for i, d := range docs {
				if d.Meta.Published.IsZero() != (recs[i].Published == nil) {
					t.Fatalf("article %d: published %v read as %v", i, recs[i].Published, d.Meta.Published)
				}
			}
		}
	}
}
