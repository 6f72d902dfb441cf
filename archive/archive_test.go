package archive

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/bench"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/internal/churntest"
	"github.com/churnalism/churn/internal/eval"
	"github.com/churnalism/churn/report"
)

// create makes a new archive in a temporary folder.
func create(t testing.TB) *Archive { return createWith(t, churn.Options{}) }

// createWith makes a new archive in a temporary folder whose index has
// the key options of keys.
func createWith(t testing.TB, keys churn.Options) *Archive {
	t.Helper()
	a, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.churn"), Options{Create: true, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func seeds(t testing.TB) []churn.Document {
	t.Helper()
	docs, err := corpus.Seeds()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// generated returns a generated corpus of n articles, read back by
// churn's JSON Lines reader (so with dates and outlets).
func generated(t testing.TB, n int, seed uint64) []churn.Document {
	t.Helper()
	v, err := bench.SeedVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	docs, _, err := bench.ScaleDocuments([]*bench.Vocabulary{v}, bench.ScaleOptions{N: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// planted returns a planted-reuse corpus built from the SemEval-2022
// articles of ../shared/eval (as make eval builds them), or skips the
// test when they are absent.
func planted(t testing.TB) []churn.Document {
	t.Helper()
	pairs, err := eval.LoadSemEvalFile()
	if errors.Is(err, eval.ErrNoEvalData) {
		t.Skipf("no planted corpus: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	set, err := eval.Plant(eval.SemEvalArticles(pairs), "semeval", eval.PlantConfig{Seed: 3, Cases: 24, Hosts: 8, Distractors: 8})
	if err != nil {
		t.Fatal(err)
	}
	return set.Corpora[0].Docs
}

// plantedOrSeeds is planted, or the seeds twice over (the second time
// with other IDs) without the evaluation data.
func plantedOrSeeds(t *testing.T) []churn.Document {
	if _, err := eval.LoadSemEvalFile(); err == nil {
		return planted(t)
	}
	docs := seeds(t)
	for _, d := range seeds(t) {
		d.ID += "-again"
		d.Text = append([]byte("Republished. "), d.Text...)
		docs = append(docs, d)
	}
	return docs
}

func jsonOf(t testing.TB, res *churn.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := report.JSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// addIn adds docs in batches of size n.
func addIn(t testing.TB, a *Archive, docs []churn.Document, n int) {
	t.Helper()
	for i := 0; i < len(docs); i += n {
		st, err := a.Add(context.Background(), docs[i:min(i+n, len(docs))])
		if err != nil {
			t.Fatal(err)
		}
		if st.Added != min(n, len(docs)-i) {
			t.Fatalf("batch at %d: %+v, want %d added", i, st, min(n, len(docs)-i))
		}
	}
}

// firstDiff describes where two outputs first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n got …%s…\nwant …%s…", i, a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}

// TestIncrementalEqualsBatch adds corpora in one batch, in ten and one
// document at a time: the archive's report is churn's on the corpus,
// byte for byte in JSON.
func TestIncrementalEqualsBatch(t *testing.T) {
	corpora := []struct {
		name string
		docs []churn.Document
	}{
		{"seeds", seeds(t)},
		{"planted", nil},
		{"generated", generated(t, 250, 11)},
	}
	for _, c := range corpora {
		if c.name == "planted" {
			c.docs = plantedOrSeeds(t)
		}
		want, err := churn.Analyze(c.docs, churn.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Pairs) == 0 {
			t.Fatalf("%s: no pairs: a test that cannot fail", c.name)
		}
		wantJSON := jsonOf(t, want)
		sizes := []int{len(c.docs), (len(c.docs) + 9) / 10}
		if len(c.docs) <= 100 {
			sizes = append(sizes, 1)
		}
		sizes = slices.Compact(sizes)
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/batch=%d", c.name, size), func(t *testing.T) {
				a := create(t)
				addIn(t, a, c.docs, size)
				got, err := a.Report(context.Background(), t.TempDir(), churn.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if g := jsonOf(t, got.Result); !bytes.Equal(g, wantJSON) {
					t.Fatalf("archive report differs from churn's %s", firstDiff(g, wantJSON))
				}
				var pairs, passages int
				a.r.QueryRow(`SELECT count(*), (SELECT count(*) FROM passages) FROM pairs`).Scan(&pairs, &passages)
				wantPassages := 0
				for _, p := range want.Pairs {
					wantPassages += len(p.Passages)
				}
				if pairs != len(want.Pairs) || passages != wantPassages {
					t.Fatalf("tables hold %d pairs and %d passages, want %d and %d", pairs, passages, len(want.Pairs), wantPassages)
				}
			})
		}
	}
}

// TestReplaceKeepsPlace replaces a document's text and metadata, adds one
// again unchanged, and deletes one: the report is churn's on the corpus
// as it then is.
func TestReplaceKeepsPlace(t *testing.T) {
	ctx := context.Background()
	docs := plantedOrSeeds(t)
	a := create(t)
	addIn(t, a, docs, 7)
	before, _ := a.Stats(ctx)

	st, err := a.Add(ctx, docs[3:5])
	if err != nil || st != (AddStats{Unchanged: 2}) {
		t.Fatalf("re-adding: %+v, %v; want 2 unchanged", st, err)
	}
	if after, _ := a.Stats(ctx); after.Generation != before.Generation {
		t.Fatalf("re-adding unchanged documents moved the generation from %d to %d", before.Generation, after.Generation)
	}

	docs = append([]churn.Document(nil), docs...)
	docs[2].Text = append([]byte("A new first sentence. "), docs[2].Text...)
	docs[6].Meta.Title = "A new title"
	docs[6].Meta.Published = time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("", 2*3600))
	st, err = a.Add(ctx, []churn.Document{docs[2], docs[6]})
	if err != nil || st != (AddStats{Updated: 2}) {
		t.Fatalf("replacing: %+v, %v; want 2 updated", st, err)
	}
	e, err := a.Get(ctx, docs[2].ID)
	if err != nil || !bytes.Equal(e.Text, docs[2].Text) || e.Seq != 3 {
		t.Fatalf("Get after replacing: seq %d, %v", e.Seq, err)
	}
	if n, err := a.Delete(ctx, docs[0].ID, "no such id"); n != 1 || err != nil {
		t.Fatalf("Delete: %d, %v; want 1", n, err)
	}
	if _, err := a.Get(ctx, docs[0].ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a deleted document: %v, want ErrNotFound", err)
	}
	docs = docs[1:]
	want, err := churn.Analyze(docs, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Report(ctx, t.TempDir(), churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := jsonOf(t, got.Result), jsonOf(t, want); !bytes.Equal(g, w) {
		t.Fatalf("report after replacing and deleting differs %s", firstDiff(g, w))
	}
	if s, _ := a.Stats(ctx); s.ReportGeneration != s.Generation || s.Documents != len(docs) {
		t.Fatalf("stats after report: %+v", s)
	}
}

func TestDuplicates(t *testing.T) {
	ctx := context.Background()
	docs := seeds(t)
	a := create(t)
	addIn(t, a, docs, len(docs))
	copy := docs[1]
	copy.ID, copy.Name = "copy-of-"+copy.ID, "elsewhere"
	copy.Meta.Outlet = "another outlet"
	st, err := a.Add(ctx, []churn.Document{copy})
	if err != nil || st != (AddStats{Added: 1, Duplicates: 1}) {
		t.Fatalf("adding an exact copy: %+v, %v; want 1 added, 1 duplicate", st, err)
	}
	if _, err := a.Add(ctx, []churn.Document{{Name: "x", Text: []byte("text")}}); err == nil || !strings.Contains(err.Error(), "has no ID") {
		t.Fatalf("adding a document without an ID: %v", err)
	}
}

// TestCheckEqualsCompare checks articles against an archive: the result
// is churn compare's against the same documents.
func TestCheckEqualsCompare(t *testing.T) {
	ctx := context.Background()
	docs := generated(t, 300, 5)
	// Boilerplate: a churntest.Footer in more than BoilerplateDocs documents.
	for i := 0; i < len(docs); i += 4 {
		docs[i].Text = append(slices.Clone(docs[i].Text), churntest.Footer...)
	}
	s := seeds(t)
	articles := []churn.Document{
		s[0],
		{ID: docs[10].ID, Name: "draft.txt", Text: append(append([]byte("Breaking: "), docs[10].Text[:len(docs[10].Text)/2]...), s[2].Text[:400]...)},
		{ID: "mixed", Name: "mixed.txt", Text: append(append(slices.Clone(docs[7].Text[:len(docs[7].Text)/2]), docs[200].Text[len(docs[200].Text)/2:]...), churntest.Footer...)},
		{ID: "lone", Name: "lone.txt", Text: []byte("Un text scurt despre altceva, fără legătură cu restul. " + churntest.Footer)},
	}
	// Whole and sampled gram counts (a sample of 40 of the 300, so that
	// documents enter and leave it as others come and go).
	for _, sample := range []int{0, 40} {
		t.Run(fmt.Sprintf("sample=%d", sample), func(t *testing.T) {
			keys := churn.Options{GramSample: sample}
			a := createWith(t, keys)
			// Many small batches (merges), a replaced text and deletions.
			addIn(t, a, docs[:250], 10)
			gone := []string{docs[3].ID, docs[120].ID, docs[121].ID}
			if _, err := a.Delete(ctx, gone...); err != nil {
				t.Fatal(err)
			}
			changed := docs[50]
			changed.Text = append([]byte("Actualizare. "), docs[60].Text...)
			if _, err := a.Add(ctx, []churn.Document{changed}); err != nil {
				t.Fatal(err)
			}
			addIn(t, a, docs[250:], 25)
			var corpus []churn.Document
			for _, d := range docs {
				if d.ID == changed.ID {
					d = changed
				}
				if !slices.Contains(gone, d.ID) {
					corpus = append(corpus, d)
				}
			}
			checkAll(t, a, corpus, articles, keys, true, 0.25)
		})
	}
}

// checkAll checks articles against archive a, which holds corpus in
// corpus order, and compares with churn compare on the corpus: the same
// pairs, passages and clusters, found through the index.
//
// A check through the index may read at most maxRead of the corpus
// (read: give CompareSubset): on these small generated corpora, whose
// articles share much of their vocabulary, word grams make candidates of
// a fair share of them.
func checkAll(t *testing.T, a *Archive, corpus, articles []churn.Document, opts churn.Options, indexed bool, maxRead float64) {
	t.Helper()
	ctx := context.Background()
	reported := 0
	for _, art := range articles {
		got, err := a.Check(ctx, t.TempDir(), art, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got.Indexed != indexed {
			t.Errorf("%s: checked through the index: %v, want %v", art.ID, got.Indexed, indexed)
		}
		renamed := art
		if slices.ContainsFunc(corpus, func(d churn.Document) bool { return d.ID == art.ID }) {
			// churn compare's command line does the same renaming.
			renamed.ID = "new:" + art.ID
		}
		want, err := churn.CompareContext(ctx, renamed, corpus, opts)
		if err != nil {
			t.Fatal(err)
		}
		reported += len(want.Pairs)
		if g, w := churntest.Comparable(t, got.Result), churntest.Comparable(t, want); !slices.Equal(g, w) {
			t.Errorf("check of %s (%d documents given) differs from compare:\n got %q\nwant %q", art.ID, len(got.Docs), g, w)
		}
		if indexed && float64(len(got.Docs)-1) > float64(len(corpus))*maxRead {
			t.Errorf("check of %s read %d of %d documents, more than %.0f %%", art.ID, len(got.Docs)-1, len(corpus), 100*maxRead)
		}
		for i, d := range got.Result.Docs {
			j := slices.IndexFunc(want.Docs, func(w churn.DocInfo) bool { return w.ID == d.ID })
			if j < 0 || fmt.Sprint(d) != fmt.Sprint(want.Docs[j]) {
				t.Errorf("check of %s: document %d %+v differs from compare's", art.ID, i, d)
			}
		}
	}
	if reported < 2 {
		t.Fatalf("%d pairs reported in all: a test that cannot fail", reported)
	}
	if n, _ := a.Stats(ctx); n.Documents != len(corpus) {
		t.Fatalf("Check added documents: %d", n.Documents)
	}
}

// foreignDB makes another program's SQLite database at path.
func foreignDB(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (x)"); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.churn")
	os.WriteFile(text, []byte("these are notes, not an archive\n"), 0o666)
	foreign := foreignDB(t, filepath.Join(dir, "other.db"))
	newer := filepath.Join(dir, "newer.churn")
	a, err := Open(ctx, newer, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	a.w.Exec("PRAGMA user_version = 99")
	a.Close()

	for _, c := range []struct {
		path string
		o    Options
		want string
	}{
		{filepath.Join(dir, "missing.churn"), Options{}, "no such archive"},
		{filepath.Join(dir, "missing.churn"), Options{ReadOnly: true, Create: true}, "no such archive"},
		{dir, Options{Create: true}, "is a folder"},
		{text, Options{}, "not a churn archive (not a SQLite database)"},
		{foreign, Options{}, "a SQLite database of another application"},
		{foreign, Options{ReadOnly: true}, "a SQLite database of another application"},
		{newer, Options{}, fmt.Sprintf("archive format 99 is newer than this churn reads (%d)", Version)},
	} {
		a, err := Open(ctx, c.path, c.o)
		if err == nil {
			a.Close()
			t.Errorf("Open(%s, %+v) succeeded", c.path, c.o)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("Open(%s, %+v): %v; want an error naming the file and saying %q", c.path, c.o, err, c.want)
		}
	}
}

// TestDamaged overwrites part of an archive's pages: opening or
// verifying it says the archive is damaged.
func TestDamaged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "d.churn")
	a, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	addIn(t, a, generated(t, 100, 2), 100)
	if err := a.Verify(ctx); err != nil {
		t.Fatalf("Verify of an intact archive: %v", err)
	}
	a.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) / 3; i < len(data)/3+8192 && i < len(data); i++ {
		data[i] ^= 0x5a
	}
	os.WriteFile(path, data, 0o666)
	a, err = Open(ctx, path, Options{})
	if err == nil {
		err = a.Verify(ctx)
		a.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), path) {
		t.Fatalf("a damaged archive: %v; want an error naming it and saying it is damaged", err)
	}
}

// TestReadersAndWriters runs readers in goroutines while two Archives of
// one file (as two processes would) add batches: every read sees whole
// batches, and no batch is lost.
func TestReadersAndWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "rw.churn")
	w1, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w1.Close()
	w2, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	r, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	docs := generated(t, 200, 9)
	const batch = 10
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for k, w := range []*Archive{w1, w2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k * batch; i < len(docs); i += 2 * batch {
				if _, err := w.Add(ctx, docs[i:i+batch]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	stop := make(chan struct{})
	var rg sync.WaitGroup
	for range 3 {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				n := 0
				if err := r.Walk(ctx, false, func(Entry) error { n++; return nil }); err != nil {
					errs <- err
					return
				}
				if n%batch != 0 {
					errs <- fmt.Errorf("a reader saw %d documents: part of a batch", n)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if s, err := r.Stats(ctx); err != nil || s.Documents != len(docs) {
		t.Fatalf("after both writers: %+v, %v", s, err)
	}
	if _, err := r.Add(ctx, docs[:1]); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("Add to a read-only archive: %v", err)
	}
}

// TestOneFile: once closed, by a writer or a reader, an archive is one
// file, without -wal or -shm beside it.
func TestOneFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "one.churn")
	a, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	addIn(t, a, seeds(t), 5)
	a.Close()
	for _, o := range []Options{{ReadOnly: true}, {}} {
		a, err := Open(ctx, path, o)
		if err != nil {
			t.Fatal(err)
		}
		if s, err := a.Stats(ctx); err != nil || s.Documents != 5 {
			t.Fatalf("%+v: %+v, %v", o, s, err)
		}
		a.Close()
		files, _ := os.ReadDir(dir)
		var names []string
		for _, f := range files {
			names = append(names, f.Name())
		}
		if !slices.Equal(names, []string{"one.churn", "one.churn-index"}) {
			t.Fatalf("after closing an archive opened with %+v: %v, want the file and its index folder", o, names)
		}
	}
}

// TestForeignUnchanged: opening another program's database is refused
// and leaves it as it was (not in WAL mode); a new archive is known by
// IsArchive while it is still open.
func TestForeignUnchanged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	foreign := foreignDB(t, filepath.Join(dir, "other.db"))
	before, _ := os.ReadFile(foreign)
	if _, err := Open(ctx, foreign, Options{}); err == nil {
		t.Fatal("opened a foreign database")
	}
	if after, _ := os.ReadFile(foreign); !bytes.Equal(before, after) {
		t.Fatal("opening a foreign database changed it")
	}
	path := filepath.Join(dir, "new.churn")
	a, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !IsArchive(path) {
		t.Fatal("IsArchive does not know an archive still open")
	}
}

// TestReportNotStoredWhenStale: a report whose documents changed while
// it ran does not store its tables (it could put back a removed
// document's passages).
func TestReportNotStoredWhenStale(t *testing.T) {
	ctx := context.Background()
	a := create(t)
	docs := plantedOrSeeds(t)
	addIn(t, a, docs, len(docs))
	an, err := a.Report(ctx, t.TempDir(), churn.Options{})
	if err != nil || len(an.Pairs) == 0 {
		t.Fatalf("%v, or no pairs", err)
	}
	removed := an.Docs[an.Pairs[0].A].ID
	if _, err := a.Delete(ctx, removed); err != nil {
		t.Fatal(err)
	}
	// The report of the old snapshot arrives after the delete.
	if err := a.storeReport(ctx, an.Generation, an.Result); err != nil {
		t.Fatal(err)
	}
	var n int
	a.r.QueryRow(`SELECT count(*) FROM passages WHERE a = ?1 OR b = ?1`, removed).Scan(&n)
	if n != 0 {
		t.Fatalf("a stale report put back %d passages of a removed document", n)
	}
}
