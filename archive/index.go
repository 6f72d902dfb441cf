package archive

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/archive/postings"
	"github.com/churnalism/churn/lsh"
)

// The index.
//
// Beside the archive file ARCHIVE, the folder ARCHIVE-index holds what a
// check needs to find the documents it could pair with an article
// without reading the archive: per batch, a run file (package postings)
// of each kind of key, every entry a key and the kid of the text holding
// it, and a count file of the changes to the sample's gram counts. The
// runs table lists the files that count; a file is written and synced
// before the transaction that lists it commits, and files it does not
// list (a crash between the two, a merge's inputs) are removed when the
// archive is next opened for writing. Runs of a kind are merged eight at
// a time as they accumulate, dropping the entries of dead kids.
//
// Everything in the folder is derived from the documents table: a
// missing or damaged folder is rebuilt from the texts when the archive
// is opened for writing, and a check without an index reads every text.

// kind is the kind of an index file.
type kind int

const (
	kindFingerprints kind = 1 + iota // run: winnowed fingerprint keys
	kindGrams                        // run: word-start gram keys, unfiltered
	kindBands                        // run: LSH band keys
	kindSample                       // count file: changes to the sample's gram counts
)

var kindPrefix = map[kind]string{kindFingerprints: "fp-", kindGrams: "gram-", kindBands: "band-", kindSample: "sample-"}

// mergeFan is the number of runs of a size merged into one.
const mergeFan = 8

// keyOptions are the options the index's keys depend on, fixed when an
// archive is created: a check with other values reads every text.
type keyOptions struct {
	K           int    `json:"k"`
	NumHashes   int    `json:"hashes"`
	Seed        uint64 `json:"seed"`
	Window      int    `json:"window"`
	KeepLists   bool   `json:"keep_lists"`
	KeepAccents bool   `json:"keep_accents"`
	Bands       int    `json:"bands"`
	Rows        int    `json:"rows"`
	GramSample  int    `json:"gram_sample"`
}

func keyOptionsOf(o churn.Options) (keyOptions, error) {
	o, err := o.Resolved()
	if err != nil {
		return keyOptions{}, err
	}
	bands, rows, err := lsh.Banding(o.NumHashes, o.LSHThreshold)
	if err != nil {
		return keyOptions{}, err
	}
	return keyOptions{K: o.K, NumHashes: o.NumHashes, Seed: o.Seed, Window: o.Window, KeepLists: o.KeepLists,
		KeepAccents: o.KeepAccents, Bands: bands, Rows: rows, GramSample: o.GramSample}, nil
}

// options returns analysis options with these keys.
func (k keyOptions) options() churn.Options {
	o := churn.DefaultOptions()
	o.K, o.NumHashes, o.Seed, o.Window, o.KeepLists, o.KeepAccents, o.GramSample = k.K, k.NumHashes, k.Seed, k.Window, k.KeepLists, k.KeepAccents, k.GramSample
	return o
}

// sampleCol and sampleKey convert a sample key to and from the signed
// column that orders the same way.
func sampleCol(k uint64) int64 { return int64(k ^ 1<<63) }
func sampleKey(c int64) uint64 { return uint64(c) ^ 1<<63 }

// index is an archive's open index files, shared by its checks.
type index struct {
	dir  string
	keys keyOptions
	mu   sync.Mutex
	runs map[string]*postings.Run
	cnts map[string]*postings.Counts
}

func (x *index) close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	var err error
	for _, r := range x.runs {
		err = errors.Join(err, r.Close())
	}
	for _, c := range x.cnts {
		err = errors.Join(err, c.Close())
	}
	x.runs, x.cnts = nil, nil
	return err
}

// run returns the open run file name, opening it if needed.
func (x *index) run(name string) (*postings.Run, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if r := x.runs[name]; r != nil {
		return r, nil
	}
	r, err := postings.Open(filepath.Join(x.dir, name))
	if err != nil {
		return nil, err
	}
	if x.runs == nil {
		x.runs = map[string]*postings.Run{}
	}
	x.runs[name] = r
	return r, nil
}

func (x *index) counts(name string) (*postings.Counts, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if c := x.cnts[name]; c != nil {
		return c, nil
	}
	c, err := postings.OpenCounts(filepath.Join(x.dir, name))
	if err != nil {
		return nil, err
	}
	if x.cnts == nil {
		x.cnts = map[string]*postings.Counts{}
	}
	x.cnts[name] = c
	return c, nil
}

// forget closes and forgets files merged away.
func (x *index) forget(names []string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, n := range names {
		if r := x.runs[n]; r != nil {
			r.Close()
			delete(x.runs, n)
		}
		if c := x.cnts[n]; c != nil {
			c.Close()
			delete(x.cnts, n)
		}
	}
}

// indexDir returns the index folder of the archive at path.
func indexDir(path string) string { return path + "-index" }

// readKeyOptions returns the archive's key options, or ok false if it has
// none recorded.
func readKeyOptions(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (keyOptions, bool, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'index'`).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return keyOptions{}, false, nil
	}
	if err != nil {
		return keyOptions{}, false, err
	}
	var k keyOptions
	if err := json.Unmarshal([]byte(s), &k); err != nil {
		return keyOptions{}, false, fmt.Errorf("its index options %q do not parse: %v", s, err)
	}
	return k, true, nil
}

// metaInt reads an integer of the meta table (0 if absent).
func metaInt(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, key string) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

func setMetaInt(ctx context.Context, tx *sql.Tx, key string, v int64) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2`, key, fmt.Sprint(v))
	return err
}

// sampleLimit returns the largest sample key of the sample of size
// documents of the archive as tx sees it, math.MaxUint64 if it holds no
// more than size.
func sampleLimit(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, size int) (uint64, error) {
	var c int64
	err := q.QueryRowContext(ctx, `SELECT sample FROM documents ORDER BY sample LIMIT 1 OFFSET ?`, size-1).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return math.MaxUint64, nil
	}
	if err != nil {
		return 0, err
	}
	// Only a document past the size-th makes the limit bite.
	var more int
	err = q.QueryRowContext(ctx, `SELECT 1 FROM documents WHERE sample > ? LIMIT 1`, c).Scan(&more)
	if errors.Is(err, sql.ErrNoRows) {
		return math.MaxUint64, nil
	}
	if err != nil {
		return 0, err
	}
	return sampleKey(c), nil
}

// listed is an index file of the runs table.
type listedFile struct {
	name    string
	kind    kind
	entries int
}

func listFiles(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]listedFile, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, kind, entries FROM runs ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []listedFile
	for rows.Next() {
		var f listedFile
		if err := rows.Scan(&f.name, &f.kind, &f.entries); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// openIndex prepares the index of an archive open for writing: records
// the key options of a new archive, removes files the runs table does not
// list, and rebuilds the index if a listed file is missing or damaged.
func (a *Archive) openIndex(ctx context.Context, keys churn.Options) error {
	k, err := keyOptionsOf(keys)
	if err != nil {
		return err
	}
	return a.update(ctx, a.w, func(tx *sql.Tx) error {
		old, ok, err := readKeyOptions(ctx, tx)
		if err != nil {
			return err
		}
		if ok {
			k = old
		} else {
			b, _ := json.Marshal(k)
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('index', ?)`, string(b)); err != nil {
				return err
			}
		}
		a.idx = &index{dir: indexDir(a.path), keys: k}
		files, err := listFiles(ctx, tx)
		if err != nil {
			return err
		}
		listed := map[string]bool{}
		for _, f := range files {
			listed[f.name] = true
		}
		ents, err := os.ReadDir(a.idx.dir)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		for _, e := range ents {
			if !listed[e.Name()] && isIndexFile(e.Name()) {
				os.Remove(filepath.Join(a.idx.dir, e.Name()))
			}
		}
		sound := true
		for _, f := range files {
			if err := a.idx.verify(f); err != nil {
				sound = false
				break
			}
		}
		if sound {
			return nil
		}
		return a.rebuild(ctx, tx, files)
	})
}

func isIndexFile(name string) bool {
	for _, p := range kindPrefix {
		if strings.HasPrefix(name, p) && (strings.HasSuffix(name, ".run") || strings.HasSuffix(name, ".cnt")) {
			return true
		}
	}
	return false
}

// verify opens a listed file and checks its header and size.
func (x *index) verify(f listedFile) error {
	if f.kind == kindSample {
		_, err := x.counts(f.name)
		return err
	}
	_, err := x.run(f.name)
	return err
}

// verifyIndex checks every listed index file's checksum and order, and
// returns what is wrong.
func (a *Archive) verifyIndex(ctx context.Context) []string {
	files, err := listFiles(ctx, a.r)
	if err != nil {
		return []string{fmt.Sprintf("its index: %v", err)}
	}
	var problems []string
	for _, f := range files {
		var err error
		if f.kind == kindSample {
			var c *postings.Counts
			if c, err = a.idx.counts(f.name); err == nil {
				err = c.Verify()
			}
		} else {
			var r *postings.Run
			if r, err = a.idx.run(f.name); err == nil {
				err = r.Verify()
			}
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("its index (rebuilt from the texts when next opened for writing): %v", err))
		}
	}
	return problems
}
