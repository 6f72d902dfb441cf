package churn_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/internal/eval"
)

// pairsWith returns the reported pairs of res that involve document 0,
// as "partner class reuse passages" strings.
func pairsWith(res *churn.Result) []string {
	var out []string
	for _, p := range res.Pairs {
		if p.A != 0 && p.B != 0 {
			continue
		}
		other := res.Docs[p.A+p.B].ID
		out = append(out, fmt.Sprintf("%s %s %.6f %d", other, p.Class.Code(), p.Reuse, len(p.Passages)))
	}
	slices.Sort(out)
	return out
}

// TestCompareContext checks that CompareContext reports for its article
// exactly the pairs AnalyzeContext reports with it (both without a
// matrix), on the seeds and on COUNTER documents.
func TestCompareContext(t *testing.T) {
	corpora := map[string][]churn.Document{"seeds": seeds(t)}
	if set, err := eval.LoadCounter(); err == nil {
		corpora["counter"] = set.Docs[:200]
	} else if !errors.Is(err, eval.ErrNoEvalData) {
		t.Fatal(err)
	}
	for name, docs := range corpora {
		for _, article := range []int{0, 1, len(docs) / 2, len(docs) - 1} {
			order := append([]churn.Document{docs[article]}, slices.Delete(slices.Clone(docs), article, article+1)...)
			opts := churn.Options{MatrixLimit: -1}
			all, err := churn.AnalyzeContext(t.Context(), order, opts)
			if err != nil {
				t.Fatal(err)
			}
			one, err := churn.CompareContext(t.Context(), order[0], order[1:], opts)
			if err != nil {
				t.Fatal(err)
			}
			want, got := pairsWith(all), pairsWith(one)
			if !slices.Equal(got, want) {
				t.Errorf("%s, article %s: CompareContext\n got %q\nwant %q", name, order[0].ID, got, want)
			}
			if len(one.Pairs) != len(got) {
				t.Errorf("%s: CompareContext reported %d pairs, %d with the article", name, len(one.Pairs), len(got))
			}
		}
	}
}

// TestAnalyzeContextCancel checks that a cancelled context stops the
// analysis with the context's error, before and during the work.
func TestAnalyzeContextCancel(t *testing.T) {
	docs := seeds(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := churn.AnalyzeContext(ctx, docs, churn.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: err %v, want context.Canceled", err)
	}
	// A corpus that takes long enough to be cancelled in the middle.
	var big []churn.Document
	for i := range 4000 {
		d := docs[i%len(docs)]
		big = append(big, churn.Document{ID: fmt.Sprint(i), Text: append([]byte(fmt.Sprintf("%d ", i)), d.Text...)})
	}
	ctx, cancel = context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := churn.AnalyzeContext(ctx, big, churn.Options{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v after %v, want context.DeadlineExceeded", err, time.Since(start))
	}
	t.Logf("stopped %v after the deadline", time.Since(start)-50*time.Millisecond)
}

// TestReportAmong checks ReportAmong against AnalyzeContext with every
// pair verified (a corpus within MatrixLimit): the same reported pairs.
func TestReportAmong(t *testing.T) {
	docs := seeds(t)
	res, err := churn.AnalyzeContext(t.Context(), docs, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := churn.ReportAmong(t.Context(), docs, []int{4, 0, 1, 2, 3, 1}, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key := func(p churn.Pair) string {
		return fmt.Sprintf("%d %d %s %.6f %d", p.A, p.B, p.Class.Code(), p.Reuse, len(p.Passages))
	}
	var want, have []string
	for _, p := range res.Pairs {
		want = append(want, key(p))
	}
	for _, p := range got {
		have = append(have, key(p))
	}
	slices.Sort(want)
	if !slices.Equal(have, want) {
		t.Errorf("ReportAmong\n got %q\nwant %q", have, want)
	}
	if _, err := churn.ReportAmong(t.Context(), docs, []int{5}, churn.Options{}); err == nil {
		t.Error("no error for a document out of range")
	}
}
