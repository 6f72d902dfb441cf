package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/archive/postings"
	"github.com/churnalism/churn/internal/churntest"
	"github.com/churnalism/churn/reuse"
)

// indexCorpus returns generated articles, a quarter with a shared
// churntest.Footer, and articles to check against them.
func indexCorpus(t *testing.T) (docs, articles []churn.Document) {
	t.Helper()
	docs = generated(t, 160, 8)
	for i := 0; i < len(docs); i += 3 {
		docs[i].Text = append(slices.Clone(docs[i].Text), churntest.Footer...)
	}
	articles = []churn.Document{
		{ID: "draft", Name: "draft.txt", Text: append([]byte("Exclusiv. "), docs[40].Text[:len(docs[40].Text)*2/3]...)},
		{ID: "mixed", Name: "mixed.txt", Text: append(slices.Clone(docs[7].Text[:len(docs[7].Text)/2]), docs[90].Text[len(docs[90].Text)/2:]...)},
	}
	return docs, articles
}

// TestIndexRebuilt: an archive whose index folder is missing or damaged
// is checked from its texts by readers, and its index rebuilt when it is
// opened for writing; stray files are removed, the archive's kept.
func TestIndexRebuilt(t *testing.T) {
	ctx := context.Background()
	docs, articles := indexCorpus(t)
	path := filepath.Join(t.TempDir(), "news.churn")
	a, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	addIn(t, a, docs, 20)
	checkAll(t, a, docs, articles, churn.Options{}, true, 0.5)
	a.Close()
	dir := indexDir(path)
	for _, damage := range []string{"missing", "truncated", "stray"} {
		t.Run(damage, func(t *testing.T) {
			stray := filepath.Join(dir, "fp-123.run")
			mine := filepath.Join(dir, "notes.txt")
			switch damage {
			case "missing":
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
			case "truncated":
				files, _ := filepath.Glob(filepath.Join(dir, "gram-*.run"))
				if len(files) == 0 {
					t.Fatal("no gram runs")
				}
				if err := os.Truncate(files[0], 100); err != nil {
					t.Fatal(err)
				}
			case "stray":
				os.WriteFile(stray, []byte("left by a crash"), 0o666)
				os.WriteFile(mine, []byte("someone's notes"), 0o666)
			}
			if damage != "stray" {
				// A reader does without.
				r, err := Open(ctx, path, Options{ReadOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				checkAll(t, r, docs, articles, churn.Options{}, false, 1)
				r.Close()
			}
			w, err := Open(ctx, path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			checkAll(t, w, docs, articles, churn.Options{}, true, 0.5)
			if err := w.Verify(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(stray); err == nil {
				t.Error("a stray index file was kept")
			}
			if damage == "stray" {
				if _, err := os.Stat(mine); err != nil {
					t.Error("a file that is not churn's was removed")
				}
			}
		})
	}
}

// TestIndexOtherOptions: a check with key options other than the
// archive's reads every text, and still gives compare's answer.
func TestIndexOtherOptions(t *testing.T) {
	docs, articles := indexCorpus(t)
	a := create(t)
	addIn(t, a, docs, 40)
	checkAll(t, a, docs, articles, churn.Options{K: 8}, false, 1)
	// Options the keys do not depend on keep the index.
	checkAll(t, a, docs, articles, churn.Options{MinPassage: 60, RareDocs: 5}, true, 0.5)
}

// TestVerifyIndex: Verify finds a flipped bit in an index file.
func TestVerifyIndex(t *testing.T) {
	ctx := context.Background()
	docs, _ := indexCorpus(t)
	path := filepath.Join(t.TempDir(), "news.churn")
	a, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	addIn(t, a, docs, 80)
	a.Close()
	files, _ := filepath.Glob(filepath.Join(indexDir(path), "fp-*.run"))
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-5] ^= 0x10
	os.WriteFile(files[0], data, 0o666)
	r, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Verify(ctx); err == nil || !strings.Contains(err.Error(), "checksum") || !strings.Contains(err.Error(), path) {
		t.Errorf("Verify = %v, want the archive named and a checksum mismatch", err)
	}
}

// TestCheckDated: a dated article checked against documents dated after
// it (a press release against the articles that copied it), where the
// archived documents' own held counts decide the gram rule.
func TestCheckDated(t *testing.T) {
	docs, articles := indexCorpus(t)
	base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for i := range docs {
		if i%4 != 3 {
			docs[i].Meta.Published = base.Add(time.Duration(i) * time.Hour)
		}
	}
	for i := range articles {
		articles[i].Meta.Published = base.Add(-time.Hour)
	}
	late := articles[0]
	late.ID, late.Meta.Published = "late", base.Add(1000*time.Hour)
	a := create(t)
	addIn(t, a, docs, 40)
	// Documents dated after the article are read when they share a few
	// word grams with it (docs/archive.md, "Checks"): most of this
	// corpus.
	checkAll(t, a, docs, append(articles, late), churn.Options{}, true, 0.9)
}

func TestSampleCounts(t *testing.T) {
	got := sampleCounts([]uint64{5, 3, 5, 9}, []uint64{9, 3, 3, 7})
	want := []postings.Count{{Key: 3, N: -1}, {Key: 5, N: 2}, {Key: 7, N: -1}}
	if !slices.Equal(got, want) {
		t.Errorf("sampleCounts = %v, want %v", got, want)
	}
}

func TestMergePolicy(t *testing.T) {
	files := func(sizes ...int) []listedFile {
		var fs []listedFile
		for i, n := range sizes {
			fs = append(fs, listedFile{name: fmt.Sprint(i), entries: n})
		}
		return fs
	}
	names := func(fs []listedFile) string {
		var s []string
		for _, f := range fs {
			s = append(s, f.name)
		}
		slices.Sort(s)
		return strings.Join(s, ",")
	}
	for _, c := range []struct {
		name   string
		group  func([]listedFile) []listedFile
		sizes  []int
		merged string
	}{
		{"runs: fewer than eight", mergeGroup, []int{10, 10, 10, 10, 10, 10, 10}, ""},
		{"runs: eight of a size", mergeGroup, []int{10, 11, 12, 10, 10, 9, 10, 10}, "0,1,2,3,4,5,6,7"},
		{"runs: eight, one far larger", mergeGroup, []int{10, 11, 12, 10, 10, 9, 10, 10000}, ""},
		{"runs: the small ones first", mergeGroup, []int{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 5, 5, 5, 5, 5, 5, 5, 5}, "10,11,12,13,14,15,8,9"},
		{"counts: one", countsGroup, []int{100}, ""},
		{"counts: small changes", countsGroup, []int{100, 20}, ""},
		{"counts: changes of a quarter", countsGroup, []int{100, 25}, "0,1"},
		{"counts: three", countsGroup, []int{100, 10, 5}, "1,2"},
	} {
		if got := names(c.group(files(c.sizes...))); got != c.merged {
			t.Errorf("%s: merges %q, want %q", c.name, got, c.merged)
		}
	}
}

// TestCheckWhileAdding: checks in one goroutine while another adds and
// removes documents (merging index files under the checks) give
// compare's answer on the archive as each check saw it, and never fail.
func TestCheckWhileAdding(t *testing.T) {
	ctx := context.Background()
	docs, articles := indexCorpus(t)
	a := create(t)
	addIn(t, a, docs[:40], 40)
	done := make(chan error)
	go func() {
		var err error
		for i := 40; i < len(docs) && err == nil; i++ {
			_, err = a.Add(ctx, docs[i:i+1])
			if err == nil && i%10 == 0 {
				_, err = a.Delete(ctx, docs[i-5].ID)
			}
		}
		done <- err
	}()
	checks := 0
	for adding := true; adding; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			adding = false
		default:
		}
		an, err := a.Check(ctx, t.TempDir(), articles[checks%len(articles)], churn.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !an.Indexed {
			t.Fatalf("check %d read every text: %s", checks, an.Unindexed)
		}
		checks++
	}
	var corpus []churn.Document
	for i, d := range docs {
		if i%10 != 5 || i < 35 || i > 145 { // removed: docs[i-5] after docs[i], i = 40, 50, …, 150

			corpus = append(corpus, d)
		}
	}
	t.Logf("%d checks while adding", checks)
	checkAll(t, a, corpus, articles, churn.Options{}, true, 0.5)
}

// TestCheckSampled: an article in the gram sample of a large archive (a
// sample of 3 from 160 scales each sampled gram by 54: the article's own
// grams can be common alone), and one without an ID.
func TestCheckSampled(t *testing.T) {
	docs, articles := indexCorpus(t)
	opts := churn.Options{GramSample: 3}
	a := createWith(t, opts)
	addIn(t, a, docs, 40)
	var keys []uint64
	for _, d := range docs {
		keys = append(keys, reuse.SampleKey(d.ID))
	}
	limit := reuse.SampleLimit(keys, 3)
	in := articles[0]
	for i := 0; ; i++ {
		if in.ID = fmt.Sprint("in", i); reuse.SampleKey(in.ID) < limit {
			break
		}
	}
	anon := articles[1]
	anon.ID = ""
	checkAll(t, a, docs, []churn.Document{in, anon, articles[1]}, opts, true, 0.5)
}

// TestIndexDamageRepaired: a bit flipped inside a run is found when the
// run is next merged, and the index rebuilt from the texts.
func TestIndexDamageRepaired(t *testing.T) {
	ctx := context.Background()
	docs, articles := indexCorpus(t)
	path := filepath.Join(t.TempDir(), "news.churn")
	a, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	addIn(t, a, docs[:140], 20) // seven runs of each kind
	files, _ := filepath.Glob(filepath.Join(indexDir(path), "fp-*.run"))
	if len(files) != 7 {
		t.Fatalf("%d fingerprint runs, want 7", len(files))
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-20] ^= 0x04
	if err := os.WriteFile(files[0], data, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := a.Verify(ctx); err == nil {
		t.Fatal("Verify missed the flipped bit")
	}
	addIn(t, a, docs[140:], 20) // the eighth: a merge, which finds the damage
	if err := a.Verify(ctx); err != nil {
		t.Fatalf("after the merge: %v", err)
	}
	checkAll(t, a, docs, articles, churn.Options{}, true, 0.5)
}

// TestCheckNoID: an article without an ID is document "0" to the
// analysis, in the gram sample too: a sample size that puts one of ""
// and "0" in the sample and not the other tells.
func TestCheckNoID(t *testing.T) {
	docs, articles := indexCorpus(t)
	lo, hi := reuse.SampleKey(""), reuse.SampleKey("0")
	if lo > hi {
		lo, hi = hi, lo
	}
	below, between := 0, 0
	for _, d := range docs {
		switch k := reuse.SampleKey(d.ID); {
		case k < lo:
			below++
		case k < hi:
			between++
		}
	}
	if between == 0 {
		t.Skip("no archived ID hashes between those of \"\" and \"0\"")
	}
	opts := churn.Options{GramSample: below + 1}
	a := createWith(t, opts)
	addIn(t, a, docs, 40)
	anon := articles[1]
	anon.ID = ""
	checkAll(t, a, docs, []churn.Document{anon}, opts, true, 0.5)
}
