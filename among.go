package churn

import (
	"context"
	"fmt"
	"slices"

	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/reuse"
)

// ReportAmong verifies every pair of the documents docs[i], i in among,
// with the statistics of the whole corpus docs (which wording is common,
// which text is boilerplate) as AnalyzeContext computes them, and returns
// the pairs the reporting rule accepts, sorted by (A, B): what
// AnalyzeContext reports among them, were its candidate stage perfect.
// It is the slow reference the candidate stage is measured against (make
// bench-scale), and costs a verification per pair of among: keep among
// to a few thousand documents. Their prepared texts are held in memory
// (about 150 KB for a 3 KB article).
func ReportAmong(ctx context.Context, docs []Document, among []int, opts Options) ([]Pair, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkIDs(docs); err != nil {
		return nil, err
	}
	among = slices.Clone(among)
	slices.Sort(among)
	among = slices.Compact(among)
	for _, i := range among {
		if i < 0 || i >= len(docs) {
			return nil, fmt.Errorf("churn: document %d of %d", i, len(docs))
		}
	}
	an := &analysis{ctx: ctx, docs: docs, opts: opts, states: make([]docState, len(docs)), focus: -1}
	an.countGrams()
	an.sign()
	an.fp.Pairs(opts.BoilerplateDocs, opts.MinFingerprints) // for markCommon
	an.fp.Release()
	an.grams.Release()
	an.markCommon()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	views := make([]view, len(among))
	ws := an.workers()
	parallel(ctx, len(among), 4, nil, "", func(wi, k int) {
		views[k].doc = -1
		ws[wi].load(&views[k], an, among[k])
	})
	// Rows of the triangle, spread over the workers; each row's pairs
	// go to its own slot.
	rows := make([][]Pair, len(among))
	parallel(ctx, len(among), 1, nil, "", func(wi, x int) {
		for y := x + 1; y < len(among); y++ {
			c := cand{a: among[x], b: among[y]}
			c.est = lsh.Estimate(an.states[c.a].sig, an.states[c.b].sig)
			p := an.verifyPair(ws[wi], &views[x], &views[y], c)
			if p.Class != reuse.Independent {
				rows[x] = append(rows[x], p)
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []Pair
	for _, r := range rows {
		out = append(out, r...)
	}
	return out, nil
}
