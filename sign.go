package churn

import (
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/churnalism/churn/boilerplate"
	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/reuse"
	"github.com/churnalism/churn/shingle"
	"github.com/churnalism/churn/winnow"
)

// fingerprintSpan is the number of k-character shingles a fingerprint
// spans (see winnow.Widen): 27 characters at k = 9.
const fingerprintSpan = 3

// docState is what the pipeline keeps of one document between stages:
// its signature and boilerplate, not its text or shingles, so that memory
// grows slowly with the corpus.
type docState struct {
	info DocInfo
	sig  []uint32 // released before verification (see findPairs)
	// mask lists the normalised rune ranges treated as boilerplate,
	// sorted by Start.
	mask []passage.Span
	// common reports that the document holds fingerprints found in too
	// many documents, so its mask must be extended.
	common bool
	// grams holds math.Float64bits of the weight of the document's
	// letter 5-grams outside boilerplate (reuse.Set.Total), plus one: 0
	// until verification first needs it.
	grams atomic.Uint64
}

// worker holds one goroutine's reusable buffers.
type worker struct {
	nz      *shingle.Normalizer
	signer  *lsh.Signer
	al      *passage.Aligner
	text    shingle.Text
	hashes  []uint64
	count   shingle.Counter // counts distinct shingles without sorting
	wide    []uint64
	fps     []winnow.Fingerprint
	lists   []boilerplate.Span
	mask    []passage.Span
	raw     []byte // a document's text read from the text store
	grams   []reuse.Gram
	sampled []winnow.Fingerprint
	a, b    view
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

// countGrams estimates how many documents each letter 5-gram occurs in,
// from every document of a corpus of up to Options.GramSample documents
// or a sample of that many chosen by ID (reuse.SampleKey), before
// anything else, so that signing can leave common grams out of the gram
// index.
func (an *analysis) countGrams() {
	keys := make([]uint64, len(an.docs))
	for i := range keys {
		keys[i] = reuse.SampleKey(docID(an.docs, i))
	}
	fc := reuse.NewFreqCounter(keys, an.opts.GramSample)
	ws := an.workers()
	parallel(an.ctx, len(an.docs), 16, nil, "", func(wi, i int) {
		if !fc.Wants(i) {
			return
		}
		w := ws[wi]
		text := an.text(&w.raw, i)
		w.nz.Normalize(&w.text, text)
		w.mask, _ = an.listMask(w, text, w.mask[:0])
		w.grams = reuse.AppendGrams(w.grams[:0], &w.text, w.mask)
		fc.Add(i, w.grams)
	})
	an.freq = fc.Frequencies(an.opts.RareDocs)
	an.commonKey = commonKeys(an.freq, an.opts.BoilerplateDocs)
}

// GramKey returns the key that the sampled-gram index keeps for the
// letter 5-gram of hash h (see Keys.Grams): 32 of its bits.
func GramKey(h uint64) uint32 {
	// The shift is a leftover of sampling grams by the top two bits of
	// their hash, which it shifted out; grams are now sampled at word
	// starts, and the shift only decides which 32 bits of the hash the
	// index keeps (changing it would change which pairs collide).
	return uint32(h << 2 >> 32)
}

// commonKeys returns the predicate of the sampled-gram keys held by
// grams of freq in more than maxDF documents (none if maxDF < 0).
func commonKeys(freq *reuse.Frequencies, maxDF int) func(uint32) bool {
	if maxDF < 0 {
		return nil
	}
	set := map[uint32]struct{}{}
	freq.Each(func(h uint64, df int) {
		if df > maxDF {
			set[GramKey(h)] = struct{}{}
		}
	})
	return func(k uint32) bool { _, ok := set[k]; return ok }
}

// sign normalises, shingles and signs every document, finds its link
// lists, and collects its fingerprints and sampled rare grams.
func (an *analysis) sign() {
	ws := an.workers()
	parallel(an.ctx, len(an.docs), 16, an.opts.Progress, StageSign, func(wi, i int) {
		w := ws[wi]
		d := &an.docs[i]
		text := an.text(&w.raw, i)
		w.nz.Normalize(&w.text, text)
		st := &an.states[i]
		st.info = DocInfo{ID: docID(an.docs, i), Name: d.Name, Meta: d.Meta, Bytes: len(text), Chars: w.text.Len()}
		st.mask, st.info.Boilerplate = an.listMask(w, text, nil)
		w.hashes = shingle.AppendHashes(w.hashes[:0], &w.text, an.opts.K, an.opts.Seed)
		maskHashes(w.hashes, st.mask, an.opts.K)
		st.sig = w.signer.Sign(make([]uint32, an.opts.NumHashes), w.hashes)
		st.info.Shingles = w.count.Distinct(w.hashes)
		an.indexKeys(w, st.mask)
		an.setErr(an.fp.Add(i, w.fps))
		an.setErr(an.grams.Add(i, w.sampled))
	})
}

// indexKeys sets w.fps and w.sampled to the entries of the fingerprint
// and gram indexes of the document whose normalised text is in w.text
// and whose shingle hashes, masked, are in w.hashes.
func (an *analysis) indexKeys(w *worker, mask []passage.Span) {
	w.wide = winnow.Widen(w.wide[:0], w.hashes, an.opts.K, fingerprintSpan)
	w.fps = winnow.Select(w.fps[:0], w.wide, an.opts.Window)
	w.grams = reuse.AppendGrams(w.grams[:0], &w.text, mask)
	w.sampled = w.sampled[:0]
	// Grams held by more than BoilerplateDocs documents are left out,
	// and so are those whose key such a gram shares: the test is on
	// keys, so that an index of every document's word-start grams,
	// kept as the corpus changes, can apply it to what it holds (see
	// package archive).
	for _, g := range w.grams {
		if g.WordStart && (an.commonKey == nil || !an.commonKey(GramKey(g.Hash))) {
			w.sampled = append(w.sampled, winnow.Fingerprint{Hash: uint64(GramKey(g.Hash)) << 32})
		}
	}
}

// listMask appends to dst the normalised rune ranges of the link and
// headline lists of a document's text, whose normalised view is in
// w.text, and returns it (sorted) and the lists' length in original
// bytes.
func (an *analysis) listMask(w *worker, text []byte, dst []passage.Span) ([]passage.Span, int) {
	if an.opts.KeepLists {
		return dst, 0
	}
	bytes := 0
	w.lists = boilerplate.Lists(w.lists[:0], text)
	for _, l := range w.lists {
		bytes += l.End - l.Start
		if s, e := runeRange(&w.text, l.Start, l.End); s < e {
			dst = append(dst, passage.Span{Start: s, End: e})
		}
	}
	return dst, bytes
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
	parallel(an.ctx, len(an.docs), 16, nil, "", func(wi, i int) {
		st := &an.states[i]
		if !st.common {
			return
		}
		w := ws[wi]
		w.nz.Normalize(&w.text, an.text(&w.raw, i))
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
		slices.SortFunc(st.mask, func(x, y passage.Span) int { return x.Start - y.Start })
		maskHashes(w.hashes, st.mask, an.opts.K)
		st.info.Shingles = w.count.Distinct(w.hashes)
	})
}
