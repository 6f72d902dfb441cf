package archive

import (
	"cmp"
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
	common  map[uint32]bool     // commonKey's answers
	used    []*openFile         // released when the check ends
	ownKeys map[uint32][]uint64 // the article's grams by key
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
	// The article's own grams count too: one in no archived document is
	// common if the sample's scale makes it so.
	found := false
	if v.inA {
		if v.ownKeys == nil {
			v.ownKeys = map[uint32][]uint64{}
			for _, h := range v.own {
				k := churn.GramKey(h)
				v.ownKeys[k] = append(v.ownKeys[k], h)
			}
		}
		for _, h := range v.ownKeys[key] {
			if reuse.Scaled(v.count(h), v.docs+1, v.sampled) > maxDF {
				found = true
			}
		}
	}
	for top := uint64(0); top < 4 && !found; top++ {
		lo := top<<62 | uint64(key)<<30
		for _, c := range v.sample {
			c.Range(lo, lo|(1<<30-1), func(h uint64, _ int) {
				if !found && reuse.Scaled(v.count(h), v.docs+1, v.sampled) > maxDF {
					found = true
				}
			})
		}
	}
	v.common[key] = found
	return found
}

// indexDamage is what load returns for an index that cannot be used: a
// listed file damaged. The check reads the texts instead (a writer
// rebuilds the index when it next opens the archive).
type indexDamage struct{ err error }

func (e *indexDamage) Error() string { return e.err.Error() }

// unusable returns nil for a missing file (merged away since the runs
// table was read: read again), else an *indexDamage.
func unusable(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return &indexDamage{err}
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
	listed := map[string]bool{}
	for _, f := range files {
		listed[f.name] = true
	}
	// Files merged away by another process, or left by a merge that
	// failed, are let go.
	a.idx.retireUnlisted(listed)
	for _, f := range files {
		of, err := a.idx.acquire(f.name, f.kind == kindSample)
		if err != nil {
			return false, unusable(err)
		}
		v.used = append(v.used, of)
		switch f.kind {
		case kindSample:
			v.sample = append(v.sample, of.cnt)
		case kindFingerprints:
			v.fps = append(v.fps, of.run)
		case kindGrams:
			v.grams = append(v.grams, of.run)
		case kindBands:
			v.bands = append(v.bands, of.run)
		}
	}
	v.dead, _, err = readDead(ctx, tx)
	return err == nil, err
}

// indexCheck is Check through the index; ok is false when the index
// cannot answer exactly (no index, other key options, an ambiguous key)
// and every text must be read.
func (a *Archive) indexCheck(ctx context.Context, tmp string, article churn.Document, opts churn.Options) (*Analysis, string, error) {
	if a.idx == nil {
		return nil, "the archive has no index (made before it, or opened read-only with its index folder missing)", nil
	}
	if k, err := keyOptionsOf(opts); err != nil {
		return nil, "", err
	} else if k != a.idx.keys {
		return nil, fmt.Sprintf("the options the index's keys depend on differ from the archive's (%+v, the archive's %+v)", k, a.idx.keys), nil
	}
	ro, err := opts.Resolved()
	if err != nil {
		return nil, "", err
	}
	// A missing file was merged away since the runs table was read, or
	// the index folder is gone: after a few tries, the texts it is.
	for attempt := 0; ; attempt++ {
		an, ok, retry, err := a.indexCheckOnce(ctx, tmp, article, opts, ro)
		var damaged *indexDamage
		switch {
		case errors.As(err, &damaged):
			return nil, fmt.Sprintf("its index is damaged: %v (remove the folder %s: it is rebuilt when the archive is next opened for writing)", damaged.err, a.idx.dir), nil
		case err != nil:
			return nil, "", err
		case ok:
			return an, "", nil
		case !retry || attempt == 3:
			return nil, "files of its index are missing (remove the folder " + a.idx.dir + ": it is rebuilt when the archive is next opened for writing)", nil
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
	defer func() { a.idx.release(v.used...) }()
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
		// The analysis samples an article without an ID as document
		// "0" (its position).
		id := article.ID
		if id == "" {
			id = "0"
		}
		v.inA = reuse.SampleKey(id) < sampleKey(c)
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
	// In parts, under SQLite's limit on parameters; the rows of each
	// part come in corpus order, and the parts are merged by seq.
	type read struct {
		seq  int64
		kid  uint32
		doc  churn.Document
		text []byte
	}
	var got []read
	for rest := cands; len(rest) > 0; {
		part := rest[:min(len(rest), 500)]
		rest = rest[len(part):]
		marks, args := make([]string, len(part)), make([]any, len(part))
		for i, k := range part {
			marks[i], args[i] = "?", int64(k)
		}
		rows, err := tx.QueryContext(ctx, `SELECT kid, `+strings.TrimPrefix(selectDocs, "SELECT ")+` WHERE kid IN (`+strings.Join(marks, ",")+`)`, args...)
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
			got = append(got, read{e.Seq, uint32(kid), e.Document, e.Text})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, false, err
		}
	}
	slices.SortFunc(got, func(x, y read) int { return cmp.Compare(x.seq, y.seq) })
	for _, r := range got {
		given[r.kid] = true
		texts = append(texts, r.text)
		r.doc.Text = nil
		docs = append(docs, r.doc)
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
