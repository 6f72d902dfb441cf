package churn_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/bench"
	"github.com/churnalism/churn/internal/churntest"
	"github.com/churnalism/churn/lsh"
)

// subsetCorpus returns 400 generated articles, 70 of them ending with the
// same churntest.Footer: text in more than BoilerplateDocs documents.
func subsetCorpus(t *testing.T) []churn.Document {
	t.Helper()
	v, err := bench.SeedVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	docs, _, err := bench.ScaleDocuments([]*bench.Vocabulary{v}, bench.ScaleOptions{N: 400, Seed: 21})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(docs); i += 5 {
		if i/5 < 70 {
			docs[i].Text = append(docs[i].Text, churntest.Footer...)
		}
	}
	return docs
}

// TestCompareSubset compares articles with the documents of a corpus
// that share keys with them, the rest described by External: the pairs,
// passages and clusters are CompareContext's with the whole corpus.
func TestCompareSubset(t *testing.T) {
	ctx := context.Background()
	docs := subsetCorpus(t)
	opts := churn.DefaultOptions()
	bands, rows, err := lsh.Banding(opts.NumHashes, opts.LSHThreshold)
	if err != nil {
		t.Fatal(err)
	}
	articles := []churn.Document{
		{ID: "draft", Name: "draft", Text: append([]byte("Exclusiv. "), docs[40].Text...)},
		{ID: "mixed", Name: "mixed", Text: append(append(slices.Clone(docs[7].Text[:len(docs[7].Text)/2]), docs[200].Text[len(docs[200].Text)/2:]...), churntest.Footer...)},
		{ID: "lone", Name: "lone", Text: []byte("Un text scurt despre altceva, fără legătură cu restul. " + churntest.Footer)},
	}
	reported := 0
	for _, art := range articles {
		all := append([]churn.Document{art}, docs...)
		want, err := churn.CompareContext(ctx, art, docs, opts)
		if err != nil {
			t.Fatal(err)
		}
		reported += len(want.Pairs)
		freq, err := churn.GramFrequencies(ctx, all, opts)
		if err != nil {
			t.Fatal(err)
		}
		keys := make([]churn.Keys, len(all))
		fpDF, gramDF := map[uint32]int{}, map[uint32]int{}
		for i, d := range all {
			if keys[i], err = churn.DocumentKeys(d.Text, freq, opts); err != nil {
				t.Fatal(err)
			}
			for _, k := range keys[i].Fingerprints {
				fpDF[k]++
			}
			for _, k := range keys[i].Grams {
				gramDF[k]++
			}
		}
		// The subset: the documents the candidate stage could propose
		// with the article, counted from keys as an archive would.
		shares := func(i int) bool {
			a, b := keys[0], keys[i]
			if a.Signature != nil && b.Signature != nil {
				for band := range bands {
					if slices.Equal(a.Signature[band*rows:(band+1)*rows], b.Signature[band*rows:(band+1)*rows]) {
						return churn.MayPropose(churn.Sharing{Band: true}, opts)
					}
				}
			}
			var s churn.Sharing
			for _, k := range b.Fingerprints {
				if _, ok := slices.BinarySearch(a.Fingerprints, k); ok && fpDF[k] <= opts.BoilerplateDocs {
					s.Fingerprints++
					s.FingerprintWeight += min(1, float64(opts.RareDocs)/float64(fpDF[k]))
				}
			}
			held := func(ks []uint32) int {
				n := 0
				for _, k := range ks {
					if gramDF[k] <= opts.BoilerplateDocs {
						n++
					}
				}
				return n
			}
			s.HeldA, s.HeldB = held(a.Grams), held(b.Grams)
			for _, k := range b.Grams {
				if _, ok := slices.BinarySearch(a.Grams, k); ok && gramDF[k] <= opts.BoilerplateDocs {
					s.Grams++
					if gramDF[k] <= opts.RareDocs {
						s.RareGrams++
					}
				}
			}
			return churn.MayPropose(s, opts)
		}
		given := []churn.Document{art}
		extFP, extGram := map[uint32]int{}, map[uint32]int{}
		for i := 1; i < len(all); i++ {
			if shares(i) {
				given = append(given, all[i])
				continue
			}
			for _, k := range keys[i].Fingerprints {
				extFP[k]++
			}
			for _, k := range keys[i].Grams {
				extGram[k]++
			}
		}
		if len(given) > len(all)/4 {
			t.Fatalf("%s: the subset holds %d of %d documents: not a subset worth the name", art.ID, len(given), len(all))
		}
		texts, err := churn.NewTextStore(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range given {
			texts.Add(d.Text)
		}
		ext := churn.External{
			Grams:        freq,
			Fingerprints: func(k uint32) int { return extFP[k] },
			SampledGrams: func(k uint32) int { return extGram[k] },
		}
		got, err := churn.CompareSubset(ctx, given, texts, ext, opts)
		texts.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d of %d documents given, %d pairs reported", art.ID, len(given), len(all), len(want.Pairs))
		g, w := churntest.Comparable(t, got), churntest.Comparable(t, want)
		if !slices.Equal(g, w) {
			t.Errorf("%s (subset of %d documents): %d lines, CompareContext %d\n%s", art.ID, len(given), len(g), len(w), firstDifferent(g, w))
		}
		for i := range got.Docs[1:] {
			id := got.Docs[1+i].ID
			j := slices.IndexFunc(want.Docs, func(d churn.DocInfo) bool { return d.ID == id })
			if fmt.Sprint(got.Docs[1+i]) != fmt.Sprint(want.Docs[j]) {
				t.Errorf("%s: document %s: %+v, CompareContext says %+v", art.ID, id, got.Docs[1+i], want.Docs[j])
			}
		}
	}
	if reported < 2 {
		t.Fatalf("%d pairs reported in all: a test that cannot fail", reported)
	}
}

func firstDifferent(a, b []string) string {
	for i := range max(len(a), len(b)) {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i, x, y)
		}
	}
	return ""
}
