package archive

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/archive/postings"
	"github.com/churnalism/churn/internal/radix"
	"github.com/churnalism/churn/lsh"
	"github.com/churnalism/churn/reuse"
)

// How a batch updates the index: the keys of its new texts, the dead
// kids of the texts it replaced or removed, and the changes to the
// sample's gram counts (see index.go).

// change is what a batch did to one document ID: its text before (kid
// 0: none) and after (kid 0: removed).
type change struct {
	id               string
	sample           uint64
	oldKid, newKid   int64
	oldText, newText []byte // oldText only when the old text was in the sample
}

// batch collects the changes of one transaction to the index.
type batch struct {
	changes map[string]*change
	order   []string
	limit   uint64 // the sample limit before the batch
}

// beginBatch starts recording the changes of a transaction.
func (a *Archive) beginBatch(ctx context.Context, tx *sql.Tx) (*batch, error) {
	lim, err := sampleLimit(ctx, tx, a.idx.keys.GramSample)
	if err != nil {
		return nil, err
	}
	return &batch{changes: map[string]*change{}, limit: lim}, nil
}

// touch records that document id, with text kid old (0 if it had none),
// is about to change; readOld reads its text.
func (b *batch) touch(id string, old int64, readOld func() ([]byte, error)) (*change, error) {
	if c := b.changes[id]; c != nil {
		return c, nil
	}
	c := &change{id: id, sample: reuse.SampleKey(id), oldKid: old, newKid: old}
	if old != 0 && c.sample <= b.limit {
		text, err := readOld()
		if err != nil {
			return nil, err
		}
		c.oldText = text
	}
	b.changes[id] = c
	b.order = append(b.order, id)
	return c, nil
}

// nextKid allocates a kid.
func nextKid(ctx context.Context, tx *sql.Tx) (int64, error) {
	k, err := metaInt(ctx, tx, "next_kid")
	if err != nil {
		return 0, err
	}
	if k < 1 {
		k = 1
	}
	if k > math.MaxUint32 {
		return 0, errors.New("more than 2^32 texts have been archived: the index numbers texts in 32 bits")
	}
	return k, setMetaInt(ctx, tx, "next_kid", k+1)
}

// keyed is one new text's index entries and grams.
type keyed struct {
	keys  churn.Keys
	grams []uint64
}

// finish writes the batch's index files and lists them, in tx.
func (a *Archive) finish(ctx context.Context, tx *sql.Tx, b *batch) error {
	if len(b.order) == 0 {
		return nil
	}
	size := a.idx.keys.GramSample
	after, err := sampleLimit(ctx, tx, size)
	if err != nil {
		return err
	}
	opts := a.idx.keys.options()
	// Keys and grams of the new texts, on every CPU.
	var news []*change
	for _, id := range b.order {
		c := b.changes[id]
		if c.newKid != c.oldKid && c.newKid != 0 {
			news = append(news, c)
		}
	}
	workers := runtime.GOMAXPROCS(0)
	keyers := make([]*churn.Keyer, workers)
	for i := range keyers {
		if keyers[i], err = churn.NewKeyer(opts); err != nil {
			return err
		}
	}
	out := make([]keyed, len(news))
	parallelDo(len(news), workers, func(w, i int) {
		c := news[i]
		k := &out[i]
		k.keys = keyers[w].Keys(c.newText, nil) // every word gram: which are common changes
		if c.sample <= after {
			k.grams = keyers[w].Grams(nil, c.newText)
		}
	})
	var fps, grams, bands []postings.Entry
	var plus, minus []uint64 // grams entering and leaving the sample
	var bk []uint32
	for i, c := range news {
		k := &out[i]
		kid := uint32(c.newKid)
		for _, f := range k.keys.Fingerprints {
			fps = append(fps, postings.MakeEntry(f, kid))
		}
		for _, g := range k.keys.Grams {
			grams = append(grams, postings.MakeEntry(g, kid))
		}
		if k.keys.Signature != nil {
			bk = lsh.BandKeys(bk[:0], k.keys.Signature, a.idx.keys.Bands, a.idx.keys.Rows)
			for _, key := range bk {
				bands = append(bands, postings.MakeEntry(key, kid))
			}
		}
		plus = append(plus, k.grams...)
	}
	keyer := keyers[0]
	// Texts that left: dead kids, and their grams out of the sample.
	for _, id := range b.order {
		c := b.changes[id]
		if c.oldKid != 0 && c.oldKid != c.newKid {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO dead (kid) VALUES (?)`, c.oldKid); err != nil {
				return err
			}
			if c.oldText != nil {
				minus = keyer.Grams(minus, c.oldText)
			}
		}
	}
	// Documents the batch did not touch that enter or leave the sample as
	// its limit moves.
	lo, hi, entering := b.limit, after, true
	if after < b.limit {
		lo, hi, entering = after, b.limit, false
	}
	if lo != hi {
		rows, err := tx.QueryContext(ctx, `SELECT id, text FROM documents WHERE sample > ? AND sample <= ?`, sampleCol(lo), sampleCol(hi))
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			var text []byte
			if err := rows.Scan(&id, &text); err != nil {
				rows.Close()
				return err
			}
			if b.changes[id] != nil {
				continue
			}
			if entering {
				plus = keyer.Grams(plus, text)
			} else {
				minus = keyer.Grams(minus, text)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	counts := sampleCounts(plus, minus)
	if err := os.MkdirAll(a.idx.dir, 0o777); err != nil {
		return err
	}
	var written []string
	register := func(k kind, path string, entries int) error {
		written = append(written, path)
		_, err := tx.ExecContext(ctx, `INSERT INTO runs (name, kind, entries, clean) VALUES (?, ?, ?, (SELECT ifnull(max(n), 0) FROM dead))`,
			filepath.Base(path), int(k), entries)
		return err
	}
	err = func() error {
		for _, r := range []struct {
			k       kind
			entries []postings.Entry
		}{{kindFingerprints, fps}, {kindGrams, grams}, {kindBands, bands}} {
			if len(r.entries) == 0 {
				continue
			}
			path, err := postings.WriteRun(a.idx.dir, kindPrefix[r.k], r.entries)
			if err != nil {
				return err
			}
			if err := register(r.k, path, len(r.entries)); err != nil {
				return err
			}
		}
		if len(counts) > 0 {
			path, err := postings.WriteCounts(a.idx.dir, kindPrefix[kindSample], counts)
			if err != nil {
				return err
			}
			if err := register(kindSample, path, len(counts)); err != nil {
				return err
			}
		}
		return nil
	}()
	if err != nil {
		// Not listed: the files would be removed at the next open, but
		// need not wait.
		for _, p := range written {
			os.Remove(p)
		}
	}
	return err
}

// sampleCounts returns the changes to the sample's counts of grams
// entering (plus) and leaving (minus), sorted by gram. It sorts both.
func sampleCounts(plus, minus []uint64) []postings.Count {
	radix.Sort(plus)
	radix.Sort(minus)
	var out []postings.Count
	i, j := 0, 0
	for i < len(plus) || j < len(minus) {
		var h uint64
		switch {
		case j == len(minus) || i < len(plus) && plus[i] < minus[j]:
			h = plus[i]
		default:
			h = minus[j]
		}
		n := int32(0)
		for ; i < len(plus) && plus[i] == h; i++ {
			n++
		}
		for ; j < len(minus) && minus[j] == h; j++ {
			n--
		}
		if n != 0 {
			out = append(out, postings.Count{Key: h, N: n})
		}
	}
	return out
}

// parallelDo calls fn(w, i) for i in [0, n) on workers goroutines, w
// being the goroutine's number.
func parallelDo(n, workers int, fn func(w, i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := range min(n, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(w, i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
