// Package churn finds near-duplicate and syndicated news text: which
// articles reuse which, which passages were copied, how much of each
// article they make up, and how derived it is.
//
// Analyze is the entry point. It takes documents and options and returns a
// Result: every document's size and boilerplate, the exact similarity
// matrix (for corpora small enough to print one), the reported pairs
// with their reuse scores, derivation class and the passages they share,
// and the syndication groups the pairs form.
// The pipeline it runs is a picture of the repository's folders:
//
//	read documents          corpus/       files, folders, stdin, the embedded seeds/
//	normalise               shingle/      NFKC, case folding, ş/ș, quotes, spaces; offsets kept
//	mark boilerplate        boilerplate/  link and headline lists (per page)
//	character shingles      shingle/      k runes, hashed with xxhash and a seed
//	letter 5-grams          reuse/        document frequencies, weights by rarity
//	MinHash signatures      lsh/          one-permutation hashing, densified
//	candidates              lsh/          banded LSH: near-duplicate documents
//	                        winnow/       shared winnowed fingerprints: shared passages;
//	                                      fingerprints in too many documents are boilerplate
//	                        reuse/        shared sampled rare 5-grams: rewritten copy
//	verified pairs          churn         exact Jaccard, containment and reuse scores, class
//	reused passages         passage/      seed, extend and merge shared shingles
//	syndication groups      cluster/      grown through shared text, origin named
//	reports                 report/       matrix, pairs, passages, groups (and documents,
//	                                      skipped inputs) as a table, CSV/TSV, JSON, JSON
//	                                      Lines, Markdown or an HTML page
//
// # Three kinds of candidates
//
// MinHash LSH estimates whole-document Jaccard similarity, so it finds
// near-duplicates (a wire story republished with light edits) cheaply at
// any scale, but a 300-character wire paragraph inside a 15,000-character
// page has a Jaccard similarity of a few percent with its source and is
// invisible to it: banding for so low a threshold would make nearly every
// pair of same-language articles a candidate. The winnow index finds
// exactly those pairs: its fingerprints hash 3K characters (three
// adjacent shingles), so any passage of at least W+3K-1 characters (42
// with the defaults) shared verbatim yields a shared fingerprint, and a
// pair sharing MinFingerprints of them is proposed. Neither finds
// rewritten copy, which keeps few verbatim runs of 27 characters: the
// gram index does. It holds the letter 5-grams that start words (about
// one a word) found in at most BoilerplateDocs documents, and a pair is
// proposed when it shares as many of them as a pair with the
// partial-derivation reuse score would be expected to, less one standard
// deviation, and at least three, or when it shares six found in at most
// RareDocs documents, as a distinctive passage would (see package reuse).
//
// A pair is verified when any of them proposes it (in a corpus of at most
// MatrixLimit documents, every pair is), and reported when it is
// partially derived or more (see Pair.Class): its reuse score reaches
// Options.Derivation.Partial and its dates say which document is derived
// or it shares a passage; or its Jaccard similarity reaches Threshold;
// or distinctive shared passages cover at least Containment of either
// document; or it shares a distinctive passage of ReportPassage
// characters or more. Passages whose wording many documents share (stock
// phrasing) count only for the share of their wording that is rare.
//
// Analyze normalises, shingles and signs documents in parallel, one worker
// per available CPU, verifies candidate pairs in parallel, and assembles
// results by index, so its output does not depend on scheduling: the same
// documents and options always give the same Result.
//
// # Memory
//
// What an analysis holds per document, measured at a million generated
// articles of 3 KB (BENCHMARKS.md, "Indexes on disk"): its signature (512
// bytes) and state (about 250: name, date, sizes, boilerplate spans)
// until the pairs are verified; the documents themselves as given; and,
// while candidates are found, the fingerprint index (about 300
// fingerprints, 2.4 KB, an article) and the gram index (about 50
// sampled grams). AnalyzeStored and CompareStored keep texts in a
// TextStore and write both indexes to a temporary file beside it once
// they pass 32 MB each, reading them back one hash partition per CPU;
// AnalyzeContext keeps everything in memory. Verification holds two
// documents per CPU, prepared (normalised text, positional shingle
// hashes, their set, 5-grams and their set: one 20 MB document took 77
// bytes of live heap per byte in all), and the reported pairs. The live
// heap then peaks at 1.3 GB for the million.
package churn

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/churnalism/churn/cluster"
	"github.com/churnalism/churn/reuse"
	"github.com/churnalism/churn/winnow"
)

// analysis holds one Analyze call's state.
type analysis struct {
	ctx    context.Context
	docs   []Document
	opts   Options
	states []docState
	fp     winnow.Index // widened fingerprints
	grams  winnow.Index // sampled rare letter 5-grams
	freq   *reuse.Frequencies
	// commonKey reports whether a gram held by more than
	// BoilerplateDocs documents has sampled-gram key k (see
	// GramKey); nil: none has.
	commonKey func(k uint32) bool
	// focus is the document every pair must involve, or -1 (CompareContext).
	focus int
	// subset reports that the documents are a subset of a corpus
	// (CompareSubset): the focus's LSH candidates come from a band join
	// with it rather than from ekzhu's index.
	subset bool
	// texts holds the documents' texts when docs do not (AnalyzeStored).
	texts *TextStore
	// firstErr is the first error reading texts or spilling an index.
	firstErr atomic.Pointer[error]
}

// spillBudget is the memory each index of a stored corpus's analysis
// holds before it writes its entries to a temporary file beside the
// texts (see winnow.Index.SpillTo): the fingerprint index is about 2.4 KB
// a 3 KB article, and it is read back one partition per CPU at a time.
const spillBudget = 32 << 20

// setErr records err if it is the first error.
func (an *analysis) setErr(err error) {
	if err != nil {
		an.firstErr.CompareAndSwap(nil, &err)
	}
}

// text returns document i's text, from docs or from the text store into
// *buf.
func (an *analysis) text(buf *[]byte, i int) []byte {
	if an.texts == nil {
		return an.docs[i].Text
	}
	b, err := an.texts.Text(*buf, i)
	*buf = b
	an.setErr(err)
	return b
}

// textLen returns the length of document i's text in bytes.
func (an *analysis) textLen(i int) int {
	if an.texts == nil {
		return len(an.docs[i].Text)
	}
	return an.texts.TextLen(i)
}

// err returns the context's error or the first error reading texts or
// spilling an index.
func (an *analysis) err() error {
	if err := an.ctx.Err(); err != nil {
		return err
	}
	if e := an.firstErr.Load(); e != nil {
		return *e
	}
	return nil
}

// Analyze is AnalyzeContext with a background context.
func Analyze(docs []Document, opts Options) (*Result, error) {
	return AnalyzeContext(context.Background(), docs, opts)
}

// AnalyzeContext compares documents and returns what it found. Documents
// must have distinct IDs; an empty ID is replaced by the document's
// index. It does not modify the documents. Result.Skipped is left empty
// for the caller, which knows what its reader skipped. Every stage checks
// ctx between chunks of work; when ctx is done, AnalyzeContext returns
// ctx.Err() promptly.
func AnalyzeContext(ctx context.Context, docs []Document, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkIDs(docs); err != nil {
		return nil, err
	}
	return analyze(ctx, docs, nil, opts, -1)
}

// AnalyzeStored is AnalyzeContext for documents whose texts are in a
// TextStore, text i for docs[i] (whose Text fields are not read): the
// analysis then holds what it keeps of each document, not the corpus.
// corpus.Reader fills a store as it reads when its Texts field is set.
func AnalyzeStored(ctx context.Context, docs []Document, texts *TextStore, opts Options) (*Result, error) {
	if texts.Len() != len(docs) {
		return nil, fmt.Errorf("churn: %d documents and %d stored texts", len(docs), texts.Len())
	}
	if err := texts.Flush(); err != nil {
		return nil, err
	}
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkIDs(docs); err != nil {
		return nil, err
	}
	return analyze(ctx, docs, texts, opts, -1)
}

// analyze runs the pipeline, on the pairs with document focus only if
// focus ≥ 0, with the texts in texts if it is not nil.
func analyze(ctx context.Context, docs []Document, texts *TextStore, opts Options, focus int) (*Result, error) {
	return analyzeWith(ctx, docs, texts, opts, focus, nil)
}

// analyzeWith is analyze with the statistics of documents not given in
// ext, if it is not nil (CompareSubset).
func analyzeWith(ctx context.Context, docs []Document, texts *TextStore, opts Options, focus int, ext *External) (*Result, error) {
	an := &analysis{ctx: ctx, docs: docs, texts: texts, opts: opts, states: make([]docState, len(docs)), focus: focus}
	if texts != nil {
		an.fp.SpillTo(texts.dir, spillBudget)
		an.grams.SpillTo(texts.dir, spillBudget)
	}
	defer an.fp.Release()
	defer an.grams.Release()
	if ext != nil {
		an.subset = true
		an.freq = ext.Grams
		an.commonKey = ext.CommonGramKey
		if an.commonKey == nil {
			an.commonKey = commonKeys(ext.Grams, opts.BoilerplateDocs)
		}
		an.fp.SetExternal(ext.Fingerprints)
		an.grams.SetExternal(ext.SampledGrams)
	} else {
		an.countGrams()
	}
	if err := an.err(); err != nil {
		return nil, err
	}
	an.sign()
	if err := an.err(); err != nil {
		return nil, err
	}

	res := &Result{Options: opts}
	pairs, err := an.findPairs(res)
	if err != nil {
		return nil, err
	}
	if err := an.err(); err != nil {
		return nil, err
	}
	res.Docs = make([]DocInfo, len(docs))
	for i := range an.states {
		res.Docs[i] = an.states[i].info
	}
	// Signatures and masks are not needed any more: 730 MB at a million
	// articles, released before the result is assembled.
	an.states = nil
	if len(docs) <= opts.MatrixLimit {
		res.Matrix = make([][]float64, len(docs))
		for i := range res.Matrix {
			res.Matrix[i] = make([]float64, len(docs))
			res.Matrix[i][i] = 1
		}
		for _, p := range pairs {
			res.Matrix[p.A][p.B], res.Matrix[p.B][p.A] = p.Jaccard, p.Jaccard
		}
	}
	for _, p := range pairs {
		if p.Class != reuse.Independent {
			res.Pairs = append(res.Pairs, p)
		}
	}
	sortPairs(res.Pairs)
	res.Clusters = clusters(res)
	return res, nil
}

// CompareContext compares one article with a corpus: the result is
// AnalyzeContext's for the article followed by the corpus, with only the
// pairs that involve the article (Result.Docs[0]) verified and reported,
// and the clusters they form. Corpus-wide statistics (which wording is
// common, which text is boilerplate) come from every document, as in
// AnalyzeContext, so the article's pairs are the ones AnalyzeContext
// would report; the pairs within the corpus are not looked at, which is
// what makes checking one article against a large corpus cheap. LSH
// candidates come from ekzhu's in-memory index of the corpus, queried
// with the article. There is no matrix.
func CompareContext(ctx context.Context, article Document, corpus []Document, opts Options) (*Result, error) {
	opts.MatrixLimit = -1
	docs := make([]Document, 0, 1+len(corpus))
	docs = append(append(docs, article), corpus...)
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkIDs(docs); err != nil {
		return nil, err
	}
	return analyze(ctx, docs, nil, opts, 0)
}

// CompareStored is CompareContext for an article and a corpus whose texts
// are in a TextStore: docs[0] is the article, text i for docs[i].
func CompareStored(ctx context.Context, docs []Document, texts *TextStore, opts Options) (*Result, error) {
	return compareStored(ctx, docs, texts, opts, nil)
}

// compareStored is CompareStored, with the statistics of documents not
// given in ext if it is not nil (CompareSubset).
func compareStored(ctx context.Context, docs []Document, texts *TextStore, opts Options, ext *External) (*Result, error) {
	if texts.Len() != len(docs) || len(docs) == 0 {
		return nil, fmt.Errorf("churn: %d documents and %d stored texts", len(docs), texts.Len())
	}
	if err := texts.Flush(); err != nil {
		return nil, err
	}
	opts.MatrixLimit = -1
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := checkIDs(docs); err != nil {
		return nil, err
	}
	return analyzeWith(ctx, docs, texts, opts, 0, ext)
}

// clusters groups the documents of the reported pairs (see package
// cluster).
func clusters(res *Result) []Cluster {
	docs := make([]cluster.Doc, len(res.Docs))
	for i, d := range res.Docs {
		docs[i] = cluster.Doc{Bytes: d.Bytes, Published: d.Meta.Published}
	}
	edges := make([]cluster.Edge, 0, len(res.Pairs))
	for _, p := range res.Pairs {
		e := cluster.Edge{A: p.A, B: p.B, Jaccard: p.Jaccard}
		for _, q := range p.Passages {
			e.SpansA = append(e.SpansA, cluster.Span(q.A))
			e.SpansB = append(e.SpansB, cluster.Span(q.B))
		}
		edges = append(edges, e)
	}
	var out []Cluster
	for _, g := range cluster.Groups(docs, edges) {
		c := Cluster{Origin: g.Origin, OriginBy: g.OriginBy}
		for i, m := range g.Members {
			c.Members = append(c.Members, Member{Doc: m, Share: g.Shares[i]})
		}
		out = append(out, c)
	}
	return out
}

// Classify returns the class of pair p under r.Options, as Analyze sets
// Pair.Class: a program can change r.Options.Derivation (or Threshold,
// Containment, ReportPassage) and classify the pairs again without
// analysing again. Pairs that were not reported are not in r.
func (r *Result) Classify(p *Pair) reuse.Class {
	q := *p
	classify(&q, r.Options, r.Docs[p.A].Bytes, r.Docs[p.B].Bytes)
	return q.Class
}

// classify sets the pair's derivation class: by its reuse score, and at
// least partially derived when it reaches the Jaccard threshold, when
// distinctive passages cover Containment of either document, or when one
// distinctive passage is ReportPassage characters long. Documents A and
// B have lenA and lenB bytes.
//
// The score counts only with a direction or a shared passage: two
// undated reports of one story in one language share names and phrasing
// as much as a rewrite shares with its source (on the SemEval-2022 pairs
// of one language rated very similar, most of which share no passage,
// about half reach the partial-derivation score), so without dates a
// pair needs verbatim evidence (EVAL.md, "Derivation (COUNTER)").
func classify(p *Pair, o Options, lenA, lenB int) {
	p.Class = reuse.Independent
	if p.Derived != SideUnknown || len(p.Passages) > 0 {
		p.Class = o.Derivation.Classify(p.Reuse)
	}
	if p.Class != reuse.Independent {
		return
	}
	if p.Jaccard >= o.Threshold {
		p.Class = reuse.PartiallyDerived
		return
	}
	var distinct []Passage
	for _, q := range p.Passages {
		d := distinctive(&q, o)
		if d >= float64(o.ReportPassage) {
			p.Class = reuse.PartiallyDerived
			return
		}
		if d >= float64(o.MinPassage) {
			distinct = append(distinct, q)
		}
	}
	if max(coverage(distinct, lenA, func(q *Passage) Span { return q.A }),
		coverage(distinct, lenB, func(q *Passage) Span { return q.B })) >= o.Containment {
		p.Class = reuse.PartiallyDerived
	}
}

// longPassage is the length in characters from which a shared passage
// counts more than its rare wording, all of it at twice that: stock
// phrasing (a dateline, an attribution formula, a sports result in set
// words) is shorter, and text that many documents share whole is
// boilerplate, masked before.
const longPassage = 200

// distinctive returns a passage's length in characters of distinctive
// wording: the shorter side's characters times its Rarity, and more of
// them for passages longer than longPassage.
func distinctive(q *Passage, o Options) float64 {
	n := float64(min(q.CharsA, q.CharsB))
	long := min(1, max(0, (n-float64(longPassage))/float64(longPassage)))
	return n * (q.Rarity + (1-q.Rarity)*long)
}

// checkIDs returns an error if two documents have the same ID.
func checkIDs(docs []Document) error {
	ids := make(map[string]int, len(docs))
	for i := range docs {
		id := docID(docs, i)
		if j, dup := ids[id]; dup {
			return fmt.Errorf("churn: documents %d (%s) and %d (%s) have the same ID %q", j, docs[j].Name, i, docs[i].Name, id)
		}
		ids[id] = i
	}
	return nil
}

func docID(docs []Document, i int) string {
	if docs[i].ID == "" {
		return fmt.Sprint(i)
	}
	return docs[i].ID
}

// parallel calls fn(worker, i) for every i in [0, n), spreading the calls
// over the available CPUs in contiguous chunks; each worker number gets
// its own goroutine, so per-worker state needs no locking. If progress is
// not nil it is told about every chunk done, as stage. When ctx is done
// the remaining chunks are skipped (the caller checks ctx.Err()).
func parallel(ctx context.Context, n, chunk int, progress func(Stage, int, int), stage Stage, fn func(w, i int)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk))
	next := make(chan int)
	var wg sync.WaitGroup
	var done atomic.Int64
	step := int64(max(1, n/200))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range next {
				if ctx.Err() != nil {
					continue
				}
				end := min(start+chunk, n)
				for i := start; i < end; i++ {
					fn(w, i)
				}
				if progress != nil {
					d := done.Add(int64(end - start))
					if d/step != (d-int64(end-start))/step || d == int64(n) {
						progress(stage, int(d), n)
					}
				}
			}
		}()
	}
	for start := 0; start < n; start += chunk {
		if ctx.Err() != nil {
			break
		}
		next <- start
	}
	close(next)
	wg.Wait()
}
