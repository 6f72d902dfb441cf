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

// index is an archive's open index files, shared by its checks. A file
// in use (acquired) stays mapped until released, even once merged away
// or no longer listed (retired): checks run while batches merge.
type index struct {
	dir   string
	keys  keyOptions
	mu    sync.Mutex
	files map[string]*openFile
}

// openFile is an open index file: a run or a count file.
type openFile struct {
	run     *postings.Run
	cnt     *postings.Counts
	refs    int
	retired bool
}

func (f *openFile) close() error {
	if f.run != nil {
		return f.run.Close()
	}
	return f.cnt.Close()
}

// acquire returns the open file name, opening it if needed, and counts
// one more user of it; release says when done.
func (x *index) acquire(name string, counts bool) (*openFile, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if f := x.files[name]; f != nil && !f.retired {
		f.refs++
		return f, nil
	}
	f := &openFile{refs: 1}
	var err error
	if counts {
		f.cnt, err = postings.OpenCounts(filepath.Join(x.dir, name))
	} else {
		f.run, err = postings.Open(filepath.Join(x.dir, name))
	}
	if err != nil {
		return nil, err
	}
	if x.files == nil {
		x.files = map[string]*openFile{}
	}
	x.files[name] = f
	return f, nil
}

// run and counts are acquire for one kind of file.
func (x *index) run(name string) (*postings.Run, *openFile, error) {
	f, err := x.acquire(name, false)
	if err != nil {
		return nil, nil, err
	}
	return f.run, f, nil
}

func (x *index) counts(name string) (*postings.Counts, *openFile, error) {
	f, err := x.acquire(name, true)
	if err != nil {
		return nil, nil, err
	}
	return f.cnt, f, nil
}

// release ends one use of each of files.
func (x *index) release(files ...*openFile) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, f := range files {
		if f.refs--; f.refs == 0 && f.retired {
			f.close()
		}
	}
}

// retire forgets the files named, closing each once no check uses it.
func (x *index) retire(names []string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, n := range names {
		x.retireLocked(n)
	}
}

func (x *index) retireLocked(name string) {
	f := x.files[name]
	if f == nil {
		return
	}
	delete(x.files, name)
	f.retired = true
	if f.refs == 0 {
		f.close()
	}
}

// retireUnlisted retires the open files that listed does not hold: files
// merged away by another process, or written by a merge that failed.
func (x *index) retireUnlisted(listed map[string]bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for n := range x.files {
		if !listed[n] {
			x.retireLocked(n)
		}
	}
}

// close retires every file.
func (x *index) close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	for n := range x.files {
		x.retireLocked(n)
	}
	return nil
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
	// Files are written only inside write transactions, so the files
	// this one does not find listed are no other writer's work in
	// progress.
	var gone []string
	err = a.update(ctx, a.w, func(tx *sql.Tx) error {
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
		gone, err = a.rebuild(ctx, tx, files)
		return err
	})
	if err == nil {
		a.remove(gone)
	}
	return err
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
	of, err := x.acquire(f.name, f.kind == kindSample)
	if err == nil {
		x.release(of)
	}
	return err
}

// verifyIndex checks every listed index file's checksum and order, and
// returns what is wrong.
func (a *Archive) verifyIndex(ctx context.Context) []string {
	tx, err := a.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return []string{fmt.Sprintf("its index: %v", err)}
	}
	defer tx.Rollback()
	files, err := listFiles(ctx, tx)
	if err != nil {
		return []string{fmt.Sprintf("its index: %v", err)}
	}
	var problems []string
	for _, f := range files {
		of, err := a.idx.acquire(f.name, f.kind == kindSample)
		if err == nil {
			if of.run != nil {
				err = of.run.Verify()
			} else {
				err = of.cnt.Verify()
			}
			a.idx.release(of)
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("its index: %v (remove the folder %s: it is rebuilt from the texts when the archive is next opened for writing)", err, a.idx.dir))
		}
	}
	return problems
}
