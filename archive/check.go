package archive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/archive/postings"
	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/reuse"
)

// view is what a check through the index reads, in one read transaction:
// a consistent picture of the archive.
type view struct {
	docs    int // archived documents
	gen     int64
	fps     []*postings.Run
	grams   []*postings.Run
	bands   []*postings.Run
	sample  []*postings.Counts
	dead    map[uint32]bool
	sampled int  // documents in the check's sample, article included
	inA     bool // the article is in the sample
	evicted []uint64
	own     []uint64 // the article's grams
	memo    map[[2]uint32]int
	mu      sync.Mutex
	common  map[uint32]bool // commonKey's answers
}

// holders appends to dst the live kids of runs holding key.
func (v *view) holders(dst []uint32, runs []*postings.Run, key uint32) []uint32 {
	start := len(dst)
	for _, r := range runs {
		dst = r.Lookup(dst, key)
	}
	out := dst[:start]
	for _, k := range dst[start:] {
		if !v.dead[k] {
			out = append(out, k)
		}
	}
	return out
}

// count returns the number of sampled documents, the article included,
// holding gram h.
func (v *view) count(h uint64) int {
	n := 0
	for _, c := range v.sample {
		n += c.Get(h)
	}
	if _, ok := slices.BinarySearch(v.own, h); ok && v.inA {
		n++
	}
	if _, ok := slices.BinarySearch(v.evicted, h); ok {
		n--
	}
	return n
}

// frequencies returns the gram frequencies of the corpus for the grams
// listed.
func (v *view) frequencies(grams []uint64, rareDocs int) *reuse.Frequencies {
	return reuse.NewFrequencies(v.docs+1, v.sampled, rareDocs, func(yield func(uint64, int)) {
		for _, h := range grams {
			if n := v.count(h); n > 0 {
				yield(h, n)
			}
		}
	})
}

// commonKey reports whether a gram of the sample whose index key is key
// (churn.GramKey) is held by more than maxDF documents of the corpus, as
// its frequencies estimate them: more than max(maxDF, rareDocs), since
// they count grams in at most rareDocs documents as rare.
func (v *view) commonKey(key uint32, maxDF int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if c, ok := v.common[key]; ok {
		return c
	}
	found := false
	for top := uint64(0); top < 4 && !found; top++ {
		lo := top<<62 | uint64(key)<<30
		for _, c := range v.sample {
			c.Range(lo, lo|(1<<30-1), func(h uint64, _ int) {
				if !found && scaled(v.count(h), v.docs+1, v.sampled) > maxDF {
					found = true
				}
			})
		}
	}
	v.common[key] = found
	return found
}

// scaled is reuse.NewFrequencies's estimate of a gram's document count.
func scaled(n, docs, sampled int) int {
	if sampled >= docs || sampled < 1 {
		return n
	}
	return int((int64(n)*int64(docs) + int64(sampled)/2) / int64(sampled))
}

// errNoIndex is what load returns for an index that cannot be used: a
// listed file damaged. The check reads the texts instead (a writer
// rebuilds the index when it next opens the archive).
var errNoIndex = errors.New("no usable index")

// unusable returns nil for a missing file (merged away since the runs
// table was read: read again), else errNoIndex.
func unusable(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return errNoIndex
}

// load reads the view in tx; ok is false when a listed file is missing,
// merged away meanwhile (read again), and the error errNoIndex when one
// is damaged.
func (a *Archive) load(ctx context.Context, tx *sql.Tx, v *view) (bool, error) {
	n, err := metaInt(ctx, tx, "documents")
	if err != nil {
		return false, err
	}
	v.docs = int(n)
	if v.gen, err = metaInt(ctx, tx, "generation"); err != nil {
		return false, err
	}
	files, err := listFiles(ctx, tx)
	if err != nil {
		return false, err
	}
	for _, f := range files {
		if f.kind == kindSample {
			c, err := a.idx.counts(f.name)
			if err != nil {
				return false, unusable(err)
			}
			v.sample = append(v.sample, c)
			continue
		}
		r, err := a.idx.run(f.name)
		if err != nil {
			return false, unusable(err)
		}
		switch f.kind {
		case kindFingerprints:
			v.fps = append(v.fps, r)
		case kindGrams:
			v.grams = append(v.grams, r)
		case kindBands:
			v.bands = append(v.bands, r)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT kid FROM dead`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	v.dead = map[uint32]bool{}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return false, err
		}
		v.dead[uint32(k)] = true
	}
	return true, rows.Err()
}

// indexCheck is Check through the index; ok is false when the index
// cannot answer exactly (no index, other key options, an ambiguous key)
// and every text must be read.
func (a *Archive) indexCheck(ctx context.Context, tmp string, article churn.Document, opts churn.Options) (*Analysis, bool, error) {
	if a.idx == nil {
		return nil, false, nil
	}
	if k, err := keyOptionsOf(opts); err != nil {
		return nil, false, err
	} else if k != a.idx.keys {
		return nil, false, nil
	}
	ro, err := opts.Resolved()
	if err != nil {
		return nil, false, err
	}
	// A missing file was merged away since the runs table was read, or
	// the index folder is gone: after a few tries, the texts it is.
	for attempt := 0; ; attempt++ {
		an, ok, retry, err := a.indexCheckOnce(ctx, tmp, article, opts, ro)
		if errors.Is(err, errNoIndex) {
			return nil, false, nil
		}
		if !retry || attempt == 3 {
			return an, ok, err
		}
	}
}

func (a *Archive) indexCheckOnce(ctx context.Context, tmp string, article churn.Document, opts, ro churn.Options) (an *Analysis, ok, retry bool, err error) {
	tx, err := a.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, false, false, err
	}
	defer tx.Rollback()
	v := &view{memo: map[[2]uint32]int{}, common: map[uint32]bool{}}
	if ok, err := a.load(ctx, tx, v); err != nil || !ok {
		return nil, false, err == nil, err
	}
	if v.docs == 0 {
		return nil, false, false, fmt.Errorf("archive %s: nothing to check %s against: the archive is empty", a.path, article.Name)
	}
	var clash int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM documents WHERE id = ?`, article.ID).Scan(&clash); {
	case err == nil:
		article.ID = "new:" + article.ID
	case !errors.Is(err, sql.ErrNoRows):
		return nil, false, false, err
	}
	// The sample of the archive and the article: the article enters it
	// if its key is below the size-th smallest, which then leaves.
	size := ro.GramSample
	if v.own, err = churn.DocumentGrams(nil, article.Text, ro); err != nil {
		return nil, false, false, err
	}
	v.sampled, v.inA = v.docs+1, true
	if v.docs+1 > size {
		v.sampled = size
		var c int64
		var text []byte
		if err := tx.QueryRowContext(ctx, `SELECT sample, text FROM documents ORDER BY sample LIMIT 1 OFFSET ?`, size-1).Scan(&c, &text); err != nil {
			return nil, false, false, err
		}
		v.inA = reuse.SampleKey(article.ID) < sampleKey(c)
		if v.inA {
			if v.evicted, err = churn.DocumentGrams(nil, text, ro); err != nil {
				return nil, false, false, err
			}
		}
	}
	maxDF := ro.BoilerplateDocs
	var common func(uint32) bool
	if maxDF >= 0 {
		common = func(key uint32) bool { return v.commonKey(key, max(maxDF, ro.RareDocs)) }
	}
	keyer, err := churn.NewKeyer(ro)
	if err != nil {
		return nil, false, false, err
	}
	keys := keyer.Keys(article.Text, common)
	within := func(df int) bool { return maxDF < 0 || df <= maxDF }
	share := map[uint32]*churn.Sharing{}
	of := func(k uint32) *churn.Sharing {
		s := share[k]
		if s == nil {
			s = &churn.Sharing{HeldB: math.MaxInt32}
			share[k] = s
		}
		return s
	}
	var buf []uint32
	for _, key := range keys.Fingerprints {
		buf = v.holders(buf[:0], v.fps, key)
		df := len(buf) + 1
		if !within(df) {
			continue
		}
		w := min(1, float64(ro.RareDocs)/float64(df))
		for _, k := range buf {
			s := of(k)
			s.Fingerprints++
			s.FingerprintWeight += w
		}
	}
	held := 0
	for _, key := range keys.Grams {
		buf = v.holders(buf[:0], v.grams, key)
		df := len(buf) + 1
		if !within(df) {
			continue
		}
		held++
		for _, k := range buf {
			s := of(k)
			s.Grams++
			if df <= ro.RareDocs {
				s.RareGrams++
			}
		}
	}
	if keys.Signature != nil {
		for _, key := range lsh.BandKeys(nil, keys.Signature, a.idx.keys.Bands, a.idx.keys.Rows) {
			buf = v.holders(buf[:0], v.bands, key)
			for _, k := range buf {
				of(k).Band = true
			}
		}
	}
	// The gram rule weighs the shared grams against the held count of
	// the derived document: the article when it is the later one, the
	// larger of the two without dates (the article's is a lower bound),
	// and an archived document's own when it is dated after the
	// article, unknown here: zero bounds it, for the documents whose
	// dates must then be read.
	var cands, later []uint32
	for k, s := range share {
		s.HeldA = held
		if churn.MayPropose(*s, ro) {
			cands = append(cands, k)
			continue
		}
		if t := *s; !article.Meta.Published.IsZero() {
			t.HeldB = 0
			if churn.MayPropose(t, ro) {
				later = append(later, k)
			}
		}
	}
	slices.Sort(later)
	for len(later) > 0 {
		part := later[:min(len(later), 500)]
		later = later[len(part):]
		marks, args := make([]string, len(part)), make([]any, len(part))
		for i, k := range part {
			marks[i], args[i] = "?", int64(k)
		}
		rows, err := tx.QueryContext(ctx, `SELECT kid, published FROM documents WHERE published IS NOT NULL AND kid IN (`+strings.Join(marks, ",")+`)`, args...)
		if err != nil {
			return nil, false, false, err
		}
		for rows.Next() {
			var kid int64
			var pub string
			if err := rows.Scan(&kid, &pub); err != nil {
				rows.Close()
				return nil, false, false, err
			}
			if t, err := time.Parse(time.RFC3339Nano, pub); err != nil || t.After(article.Meta.Published) {
				cands = append(cands, uint32(kid))
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, false, err
		}
	}
	slices.Sort(cands)
	// The candidates, in corpus order.
	docs := []churn.Document{article}
	given := map[uint32]bool{}
	var texts [][]byte
	if len(cands) > 0 {
		ids := make([]string, len(cands))
		args := make([]any, len(cands))
		for i, k := range cands {
			ids[i], args[i] = "?", int64(k)
		}
		rows, err := tx.QueryContext(ctx, `SELECT kid, `+strings.TrimPrefix(selectDocs, "SELECT ")+` WHERE kid IN (`+strings.Join(ids, ",")+`) ORDER BY seq`, args...)
		if err != nil {
			return nil, false, false, err
		}
		for rows.Next() {
			var kid int64
			e, err := scanEntryWith(rows, true, &kid)
			if err != nil {
				rows.Close()
				return nil, false, false, err
			}
			given[uint32(kid)] = true
			texts = append(texts, e.Text)
			e.Text = nil
			docs = append(docs, e.Document)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, false, err
		}
	}
	// Frequencies of every gram the comparison asks about.
	all := slices.Clone(v.own)
	for _, t := range texts {
		if all, err = churn.DocumentGrams(all, t, ro); err != nil {
			return nil, false, false, err
		}
	}
	slices.Sort(all)
	all = slices.Compact(all)
	freq := v.frequencies(all, ro.RareDocs)
	var mu sync.Mutex
	external := func(runs []*postings.Run, kind uint32) func(uint32) int {
		return func(key uint32) int {
			mu.Lock()
			defer mu.Unlock()
			if n, ok := v.memo[[2]uint32{kind, key}]; ok {
				return n
			}
			n := 0
			for _, k := range v.holders(nil, runs, key) {
				if !given[k] {
					n++
				}
			}
			v.memo[[2]uint32{kind, key}] = n
			return n
		}
	}
	store, err := churn.NewTextStore(tmp)
	if err != nil {
		return nil, false, false, err
	}
	defer store.Close()
	if _, err := store.Add(article.Text); err != nil {
		return nil, false, false, err
	}
	docs[0].Text = nil
	for _, t := range texts {
		if _, err := store.Add(t); err != nil {
			return nil, false, false, err
		}
	}
	ext := churn.External{Grams: freq, Fingerprints: external(v.fps, 0), SampledGrams: external(v.grams, 1), CommonGramKey: common}
	res, err := churn.CompareSubset(ctx, docs, store, ext, opts)
	if err != nil {
		return nil, false, false, a.wrap("checking "+article.Name, err)
	}
	return &Analysis{Result: res, Docs: docs, Generation: v.gen, Indexed: true}, true, false, nil
}
