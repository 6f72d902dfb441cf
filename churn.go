// Package churn finds near-duplicate and syndicated news text: which
// articles reuse which, which passages were copied, and how much.
//
// Analyze is the entry point. It takes documents and options and returns a
// Result: every document's size and boilerplate, the exact similarity
// matrix (for corpora small enough to print one), and the verified pairs
// with the passages they share. The pipeline it runs is a picture of the
// repository's folders:
//
//	read documents          corpus/       files, folders, stdin, the embedded seeds/
//	normalise               shingle/      NFKC, case folding, ş/ș, quotes, spaces; offsets kept
//	mark boilerplate        boilerplate/  link and headline lists (per page)
//	character shingles      shingle/      k runes, hashed with xxhash and a seed
//	MinHash signatures      lsh/          one-permutation hashing, densified
//	candidates              lsh/          banded LSH: near-duplicate documents
//	                        winnow/       shared winnowed fingerprints: shared passages;
//	                                      fingerprints in too many documents are boilerplate
//	verified pairs          churn         exact Jaccard and containment of shingle sets
//	reused passages         passage/      seed, extend and merge shared shingles
//	syndication groups      cluster/      grown through shared text, origin named
//	reports                 report/       matrix table, JSON
//
// # Why two kinds of candidates
//
// MinHash LSH estimates whole-document Jaccard similarity, so it finds
// near-duplicates (a wire story republished with light edits) cheaply at
// any scale, but a 300-character wire paragraph inside a 15,000-character
// page has a Jaccard similarity of a few percent with its source and is
// invisible to it: banding for so low a threshold would make nearly every
// pair of same-language articles a candidate. The winnow index finds
// exactly those pairs: any passage of at least W+K-1 characters shared
// verbatim yields a shared fingerprint. A pair is verified when either
// proposes it, and reported when its Jaccard similarity reaches Threshold,
// when shared passages cover at least Containment of either document, or
// when it shares a passage of ReportPassage characters or more.
//
// Analyze normalises, shingles and signs documents in parallel, one worker
// per available CPU, verifies candidate pairs in parallel, and assembles
// results by index, so its output does not depend on scheduling: the same
// documents and options always give the same Result.
package churn

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/churnalism/churn/boilerplate"
	"github.com/churnalism/churn/cluster"
	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/shingle"
	"github.com/churnalism/churn/winnow"
)

// Defaults for Options. Why these values: see the package comments of
// shingle and passage, and EVAL.md, which has the measurements and the
// commands that made them.
const (
	DefaultK               = shingle.DefaultK
	DefaultNumHashes       = lsh.DefaultNumHashes
	DefaultThreshold       = 0.1
	DefaultContainment     = 0.05
	DefaultReportPassage   = 50
	DefaultLSHThreshold    = 0.5
	DefaultWindow          = 16
	DefaultMinFingerprints = 2
	DefaultBoilerplateDocs = 50
	DefaultMatrixLimit     = 40
)

// Options control Analyze. The zero value of every field means its
// default.
type Options struct {
	// K is the shingle length in characters (runes). Default DefaultK.
	K int
	// NumHashes is the MinHash signature length. Default DefaultNumHashes.
	NumHashes int
	// Seed seeds shingle hashing and signatures. Results with different
	// seeds differ only in MinHash estimates and LSH candidates, never in
	// the exact figures.
	Seed uint64
	// Threshold is the Jaccard similarity at or above which a verified
	// pair is reported, in (0, 1]. Default DefaultThreshold.
	Threshold float64
	// Containment is the share of either document's text, in (0, 1],
	// that shared passages must cover for a verified pair to be reported
	// whatever its Jaccard similarity. Default DefaultContainment.
	Containment float64
	// ReportPassage is the length, in normalised characters, of a shared
	// passage that gets a pair reported whatever its share of either
	// document: a 300-character wire paragraph inside a 20,000-character
	// page covers 1.5% of it. Default DefaultReportPassage.
	ReportPassage int
	// LSHThreshold is the Jaccard similarity the LSH banding is tuned
	// for, in (0, 1]. Pairs below it are found through shared passages
	// instead. Default DefaultLSHThreshold.
	LSHThreshold float64
	// Window is the winnowing window in shingles: every verbatim passage
	// of Window+K-1 characters or more yields a shared fingerprint.
	// Default DefaultWindow.
	Window int
	// MinFingerprints is the number of fingerprints two documents must
	// share to be aligned. Default DefaultMinFingerprints.
	MinFingerprints int
	// BoilerplateDocs is the number of documents a fingerprint may occur
	// in before it counts as boilerplate. Default DefaultBoilerplateDocs;
	// a negative value turns frequency-based boilerplate off.
	BoilerplateDocs int
	// KeepLists keeps link and headline lists (see package boilerplate)
	// instead of treating them as boilerplate.
	KeepLists bool
	// MinPassage is the shortest passage reported, in normalised
	// characters. Default passage.DefaultMinLen.
	MinPassage int
	// MaxGap is the longest edit, in normalised characters, bridged inside
	// a passage. Default passage.DefaultMaxGap.
	MaxGap int
	// KeepAccents keeps diacritics instead of stripping them
	// (see shingle.Options).
	KeepAccents bool
	// MatrixLimit is the largest number of documents for which Analyze
	// computes the full similarity matrix, verifying every pair. Default
	// DefaultMatrixLimit; a negative value disables the matrix.
	MatrixLimit int
	// Progress, if not nil, is told how work advances: stage is "sign"
	// (normalising, shingling and signing documents) or "verify"
	// (verifying candidate pairs and aligning passages), done of total
	// units; total may grow between calls, as verification starts before
	// every candidate is known. It is called from several goroutines at
	// once, about 200 times per stage, and must be safe for concurrent
	// use and quick.
	Progress func(stage string, done, total int)
}

// withDefaults fills zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.K, DefaultK)
	def(&o.NumHashes, DefaultNumHashes)
	deff(&o.Threshold, DefaultThreshold)
	deff(&o.Containment, DefaultContainment)
	deff(&o.LSHThreshold, DefaultLSHThreshold)
	def(&o.Window, DefaultWindow)
	def(&o.MinFingerprints, DefaultMinFingerprints)
	def(&o.BoilerplateDocs, DefaultBoilerplateDocs)
	def(&o.MinPassage, passage.DefaultMinLen)
	def(&o.ReportPassage, DefaultReportPassage)
	def(&o.MaxGap, passage.DefaultMaxGap)
	def(&o.MatrixLimit, DefaultMatrixLimit)
	frac := func(name string, v float64) error {
		if !(v > 0 && v <= 1) {
			return fmt.Errorf("churn: %s %v, want a value in (0, 1]", name, v)
		}
		return nil
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"shingle length k", o.K}, {"number of hashes", o.NumHashes}, {"window", o.Window},
		{"minimum shared fingerprints", o.MinFingerprints}, {"minimum passage length", o.MinPassage}, {"maximum gap", o.MaxGap},
		{"reported passage length", o.ReportPassage}} {
		if c.v < 1 {
			return o, fmt.Errorf("churn: %s %d, want at least 1", c.name, c.v)
		}
	}
	if err := frac("threshold", o.Threshold); err != nil {
		return o, err
	}
	if err := frac("containment", o.Containment); err != nil {
		return o, err
	}
	return o, frac("LSH threshold", o.LSHThreshold)
}

// fingerprintSpan is the number of k-character shingles a fingerprint
// spans (see winnow.Widen): 27 characters at k = 9.
const fingerprintSpan = 3

// docState is what the pipeline keeps of one document between stages:
// its signature and boilerplate, not its text or shingles, so that memory
// grows slowly with the corpus.
type docState struct {
	info DocInfo
	sig  []uint32
	// mask lists the normalised rune ranges treated as boilerplate.
	mask []passage.Span
	// common reports that the document holds fingerprints found in too
	// many documents, so its mask must be extended.
	common bool
}

// analysis holds one Analyze call's state.
type analysis struct {
	docs   []Document
	opts   Options
	states []docState
	fp     winnow.Index
}

// Analyze compares documents and returns what it found. Documents must
// have distinct IDs; an empty ID is replaced by the document's index.
// Analyze does not modify the documents. Result.Skipped is left empty for
// the caller, which knows what its reader skipped.
func Analyze(docs []Document, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ids := make(map[string]int, len(docs))
	for i := range docs {
		id := docID(docs, i)
		if j, dup := ids[id]; dup {
			return nil, fmt.Errorf("churn: documents %d (%s) and %d (%s) have the same ID %q", j, docs[j].Name, i, docs[i].Name, id)
		}
		ids[id] = i
	}
	an := &analysis{docs: docs, opts: opts, states: make([]docState, len(docs))}
	an.sign()

	res := &Result{Options: opts}
	pairs, err := an.findPairs(res)
	if err != nil {
		return nil, err
	}
	res.Docs = make([]DocInfo, len(docs))
	for i := range an.states {
		res.Docs[i] = an.states[i].info
	}
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
		if reported(p, opts) {
			res.Pairs = append(res.Pairs, p)
		}
	}
	sortPairs(res.Pairs)
	res.Clusters = clusters(res)
	return res, nil
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

// reported applies the reporting rule: Jaccard similarity, coverage by
// shared passages, or one long shared passage.
func reported(p Pair, o Options) bool {
	if p.Jaccard >= o.Threshold || max(p.CoverageA, p.CoverageB) >= o.Containment {
		return true
	}
	for _, q := range p.Passages {
		if min(q.CharsA, q.CharsB) >= o.ReportPassage {
			return true
		}
	}
	return false
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
// not nil it is told about every chunk done, as stage.
func parallel(n, chunk int, progress func(string, int, int), stage string, fn func(w, i int)) {
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
		next <- start
	}
	close(next)
	wg.Wait()
}

// worker holds one goroutine's reusable buffers.
type worker struct {
	nz     *shingle.Normalizer
	signer *lsh.Signer
	al     *passage.Aligner
	text   shingle.Text
	hashes []uint64
	count  shingle.Counter // counts distinct shingles without sorting
	wide   []uint64
	fps    []winnow.Fingerprint
	lists  []boilerplate.Span
	a, b   view
}

func (an *analysis) newWorker() *worker {
	signer, _ := lsh.NewSigner(an.opts.NumHashes, an.opts.Seed) // options checked
	return &worker{
		nz:     shingle.NewNormalizer(shingle.Options{KeepAccents: an.opts.KeepAccents}),
		signer: signer,
		al: passage.NewAligner(an.opts.K, passage.Options{
			MinLen: an.opts.MinPassage, MaxGap: an.opts.MaxGap,
		}),
		a: view{doc: -1},
		b: view{doc: -1},
	}
}

func (an *analysis) workers() []*worker {
	ws := make([]*worker, runtime.GOMAXPROCS(0))
	for i := range ws {
		ws[i] = an.newWorker()
	}
	return ws
}

// sign normalises, shingles and signs every document, finds its link
// lists, and collects its fingerprints.
func (an *analysis) sign() {
	ws := an.workers()
	parallel(len(an.docs), 16, an.opts.Progress, "sign", func(wi, i int) {
		w := ws[wi]
		d := &an.docs[i]
		w.nz.Normalize(&w.text, d.Text)
		st := &an.states[i]
		st.info = DocInfo{ID: docID(an.docs, i), Name: d.Name, Meta: d.Meta, Bytes: len(d.Text), Chars: w.text.Len()}
		an.markLists(w, i)
		w.hashes = shingle.AppendHashes(w.hashes[:0], &w.text, an.opts.K, an.opts.Seed)
		maskHashes(w.hashes, st.mask, an.opts.K)
		st.sig = w.signer.Sign(make([]uint32, an.opts.NumHashes), w.hashes)
		st.info.Shingles = w.count.Distinct(w.hashes)
		w.wide = winnow.Widen(w.wide[:0], w.hashes, an.opts.K, fingerprintSpan)
		w.fps = winnow.Select(w.fps[:0], w.wide, an.opts.Window)
		an.fp.Add(i, w.fps) // i < len(docs) fits
	})
}

// markLists adds the link and headline lists of document i, whose
// normalised text is in w.text, to its boilerplate mask.
func (an *analysis) markLists(w *worker, i int) {
	if an.opts.KeepLists {
		return
	}
	st := &an.states[i]
	w.lists = boilerplate.Lists(w.lists[:0], an.docs[i].Text)
	for _, l := range w.lists {
		st.info.Boilerplate += l.End - l.Start
		if s, e := runeRange(&w.text, l.Start, l.End); s < e {
			st.mask = append(st.mask, passage.Span{Start: s, End: e})
		}
	}
}

// runeRange returns the normalised runes [s, e) whose original bytes lie
// inside [start, end).
func runeRange(t *shingle.Text, start, end int) (int, int) {
	s, _ := slices.BinarySearch(t.Start, int32(start))
	e, _ := slices.BinarySearch(t.End, int32(end)+1)
	return s, e
}

// maskHashes zeroes the hash of every shingle that overlaps a masked rune
// range.
func maskHashes(hashes []uint64, mask []passage.Span, k int) {
	for _, m := range mask {
		for i := max(0, m.Start-k+1); i < min(m.End, len(hashes)); i++ {
			hashes[i] = 0
		}
	}
}

// findPairs finds the candidate pairs, LSH and winnow candidates, or
// every pair when the corpus is small enough for a matrix, and verifies
// them; the pairs come sorted by (A, B). It fills res.LSH,
// res.LSHCandidates and res.Candidates, and marks boilerplate found by
// frequency (markCommon) first.
//
// The fingerprint index and the LSH index are the two largest structures
// (about 2.3 and 2.0 GB for a million articles), so the fingerprints are
// counted and released before the LSH index is built, and never held
// together. ekzhu's Build sorts its band tables on one goroutine (42 s for
// a million articles): the candidates the fingerprints propose are
// verified meanwhile, and the LSH candidates left after it.
func (an *analysis) findPairs(res *Result) ([]Pair, error) {
	fpPairs := an.fp.Pairs(an.opts.BoilerplateDocs, an.opts.MinFingerprints)
	an.fp.Release() // only Common and DocHasCommon are needed from here on
	var early []cand
	for _, p := range fpPairs {
		early = append(early, cand{a: p.A, b: p.B, fps: p.Shared})
	}
	nfp := len(early)
	if n := len(an.docs); n <= an.opts.MatrixLimit {
		for a := range n {
			for b := a + 1; b < n; b++ {
				early = append(early, cand{a: a, b: b})
			}
		}
		early = mergeCands(early)
	}

	index, err := lsh.NewIndex(an.opts.NumHashes, an.opts.LSHThreshold, len(an.docs))
	if err != nil {
		return nil, err
	}
	res.LSH.Bands, res.LSH.Rows = index.Params()
	for i := range an.states {
		if !lsh.Empty(an.states[i].sig) {
			if err := index.Add(i, an.states[i].sig); err != nil {
				return nil, err
			}
		}
	}
	built := make(chan struct{})
	go func() {
		defer close(built)
		index.Build()
	}()
	an.markCommon()
	pairs := an.verify(early, 0, len(early))
	<-built

	// Queries are read-only once the index is built, so they run in
	// parallel; each document's candidates go to its own slot.
	found := make([][]int, len(an.states))
	bufs := make([][]int, runtime.GOMAXPROCS(0))
	parallel(len(an.states), 64, nil, "", func(w, i int) {
		if lsh.Empty(an.states[i].sig) {
			return
		}
		bufs[w] = index.Query(bufs[w][:0], an.states[i].sig)
		for _, j := range bufs[w] {
			if j > i {
				found[i] = append(found[i], j)
			}
		}
	})
	// The LSH candidates, in (a, b) order: those verified already are
	// marked, the others verified now.
	var late []cand
	k := 0
	for a, bs := range found {
		for _, b := range bs {
			res.LSHCandidates++
			for k < len(pairs) && (pairs[k].A < a || pairs[k].A == a && pairs[k].B < b) {
				k++
			}
			if k < len(pairs) && pairs[k].A == a && pairs[k].B == b {
				pairs[k].Candidate = true
				continue
			}
			late = append(late, cand{a: a, b: b, lsh: true})
		}
	}
	res.Candidates = nfp + len(late)
	if n := len(an.docs); n <= an.opts.MatrixLimit {
		// Every pair was verified; count the candidates among them.
		res.Candidates = 0
		for _, p := range pairs {
			if p.Candidate || p.SharedFingerprints > 0 {
				res.Candidates++
			}
		}
	}
	if len(late) == 0 {
		return pairs, nil
	}
	lp := an.verify(late, len(early), len(early)+len(late))
	// Merge the two lists, both in (a, b) order.
	all := make([]Pair, 0, len(pairs)+len(lp))
	i, j := 0, 0
	for i < len(pairs) || j < len(lp) {
		if j == len(lp) || i < len(pairs) && (pairs[i].A < lp[j].A || pairs[i].A == lp[j].A && pairs[i].B < lp[j].B) {
			all = append(all, pairs[i])
			i++
		} else {
			all = append(all, lp[j])
			j++
		}
	}
	return all, nil
}

// cand is a candidate pair a < b and the evidence for it.
type cand struct {
	a, b int
	lsh  bool
	fps  int
}

// mergeCands sorts candidates by (a, b) and merges duplicates.
func mergeCands(cs []cand) []cand {
	slices.SortFunc(cs, func(x, y cand) int {
		if x.a != y.a {
			return x.a - y.a
		}
		return x.b - y.b
	})
	out := cs[:0]
	for _, c := range cs {
		if n := len(out); n > 0 && out[n-1].a == c.a && out[n-1].b == c.b {
			out[n-1].lsh = out[n-1].lsh || c.lsh
			out[n-1].fps = max(out[n-1].fps, c.fps)
			continue
		}
		out = append(out, c)
	}
	return out
}

// markCommon extends the boilerplate mask of every document holding
// fingerprints that occur in more than BoilerplateDocs documents: runs of
// two or more such fingerprints mark the text they span.
func (an *analysis) markCommon() {
	if an.opts.BoilerplateDocs < 0 {
		return
	}
	for i := range an.states {
		an.states[i].common = an.fp.DocHasCommon(i)
	}
	ws := an.workers()
	parallel(len(an.docs), 16, nil, "", func(wi, i int) {
		st := &an.states[i]
		if !st.common {
			return
		}
		w := ws[wi]
		w.nz.Normalize(&w.text, an.docs[i].Text)
		w.hashes = shingle.AppendHashes(w.hashes[:0], &w.text, an.opts.K, an.opts.Seed)
		maskHashes(w.hashes, st.mask, an.opts.K)
		w.wide = winnow.Widen(w.wide[:0], w.hashes, an.opts.K, fingerprintSpan)
		w.fps = winnow.Select(w.fps[:0], w.wide, an.opts.Window)
		runStart, runEnd, run := 0, 0, 0
		flush := func() {
			if run >= 2 {
				st.mask = append(st.mask, passage.Span{Start: runStart, End: runEnd})
				s, e := w.text.Source(runStart, runEnd)
				st.info.Boilerplate += e - s
			}
			run = 0
		}
		for _, f := range w.fps {
			if !an.fp.Common(f.Hash) {
				flush()
				continue
			}
			if run == 0 {
				runStart = int(f.Pos)
			}
			run++
			runEnd = min(int(f.Pos)+fingerprintSpan*an.opts.K, w.text.Len())
		}
		flush()
		maskHashes(w.hashes, st.mask, an.opts.K)
		st.info.Shingles = w.count.Distinct(w.hashes)
	})
}

// view is a document prepared for verification: its normalised text and
// its positional shingle hashes with boilerplate zeroed, and their set.
type view struct {
	doc    int
	text   shingle.Text
	hashes []uint64
	set    []uint64
}

func (w *worker) load(v *view, an *analysis, i int) {
	if v.doc == i {
		return
	}
	v.doc = i
	w.nz.Normalize(&v.text, an.docs[i].Text)
	v.hashes = shingle.AppendHashes(v.hashes[:0], &v.text, an.opts.K, an.opts.Seed)
	maskHashes(v.hashes, an.states[i].mask, an.opts.K)
	v.set = v.set[:0]
	for _, h := range v.hashes {
		if h != 0 {
			v.set = append(v.set, h)
		}
	}
	v.set = shingle.Set(v.set)
}

// verify computes exact figures and passages for every candidate, in
// parallel; the result is in candidate order. Progress is reported as
// base+done of total.
func (an *analysis) verify(cands []cand, base, total int) []Pair {
	out := make([]Pair, len(cands))
	ws := an.workers()
	var progress func(string, int, int)
	if p := an.opts.Progress; p != nil {
		progress = func(stage string, done, _ int) { p(stage, base+done, total) }
	}
	parallel(len(cands), 64, progress, "verify", func(wi, ci int) {
		w := ws[wi]
		c := cands[ci]
		w.load(&w.a, an, c.a)
		w.load(&w.b, an, c.b)
		p := exact(w.a.set, w.b.set)
		p.A, p.B, p.Candidate, p.SharedFingerprints = c.a, c.b, c.lsh, c.fps
		p.Estimate = lsh.Estimate(an.states[c.a].sig, an.states[c.b].sig)
		da, db := an.docs[c.a].Text, an.docs[c.b].Text
		for _, q := range w.al.Align(nil, passage.Side{Text: &w.a.text, Hashes: w.a.hashes, Set: w.a.set},
			passage.Side{Text: &w.b.text, Hashes: w.b.hashes, Set: w.b.set}) {
			p.Passages = append(p.Passages, Passage{
				A: Span(q.A), B: Span(q.B),
				CharsA: q.NormA.Len(), CharsB: q.NormB.Len(),
				Matched: q.Matched, Identical: q.Identical,
				TextA: string(da[q.A.Start:q.A.End]), TextB: string(db[q.B.Start:q.B.End]),
			})
		}
		p.CoverageA = coverage(p.Passages, len(da), func(q *Passage) Span { return q.A })
		p.CoverageB = coverage(p.Passages, len(db), func(q *Passage) Span { return q.B })
		out[ci] = p
	})
	return out
}

// coverage returns the share of n bytes covered by the union of the
// passages' spans on one side.
func coverage(ps []Passage, n int, side func(*Passage) Span) float64 {
	if n == 0 || len(ps) == 0 {
		return 0
	}
	spans := make([]Span, len(ps))
	for i := range ps {
		spans[i] = side(&ps[i])
	}
	slices.SortFunc(spans, func(x, y Span) int { return x.Start - y.Start })
	covered, end := 0, 0
	for _, s := range spans {
		s.Start = max(s.Start, end)
		if s.End > s.Start {
			covered += s.End - s.Start
			end = s.End
		}
	}
	return float64(covered) / float64(n)
}

// exact returns the exact similarity figures of two shingle sets.
func exact(sa, sb []uint64) Pair {
	inter := shingle.Intersection(sa, sb)
	p := Pair{Shared: inter}
	if union := len(sa) + len(sb) - inter; union > 0 {
		p.Jaccard = float64(inter) / float64(union)
	}
	if len(sa) > 0 {
		p.ContainmentA = float64(inter) / float64(len(sa))
	}
	if len(sb) > 0 {
		p.ContainmentB = float64(inter) / float64(len(sb))
	}
	return p
}

// Compare returns the exact similarity of two texts under opts: Jaccard
// similarity and both containments of their shingle sets, as Analyze
// verifies them, with link lists left out but not boilerplate found by
// frequency (two texts are no corpus), and without passages. The returned
// Pair has A = 0 and B = 1.
func Compare(a, b []byte, opts Options) (Pair, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return Pair{}, err
	}
	an := &analysis{docs: []Document{{Text: a}, {Text: b}}, opts: opts, states: make([]docState, 2)}
	w := an.newWorker()
	for i := range an.docs {
		w.nz.Normalize(&w.text, an.docs[i].Text)
		an.markLists(w, i)
	}
	w.load(&w.a, an, 0)
	w.load(&w.b, an, 1)
	p := exact(w.a.set, w.b.set)
	p.B = 1
	return p, nil
}

// sortPairs orders pairs by decreasing Jaccard similarity, then by
// decreasing larger coverage, then by document indexes.
func sortPairs(ps []Pair) {
	key := func(p Pair) float64 { return max(p.CoverageA, p.CoverageB) }
	slices.SortFunc(ps, func(x, y Pair) int {
		switch {
		case x.Jaccard != y.Jaccard:
			if x.Jaccard > y.Jaccard {
				return -1
			}
			return 1
		case key(x) != key(y):
			if key(x) > key(y) {
				return -1
			}
			return 1
		case x.A != y.A:
			return x.A - y.A
		default:
			return x.B - y.B
		}
	})
}
