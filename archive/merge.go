package archive

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/churnalism/churn/archive/postings"
	"github.com/churnalism/churn/reuse"
)

// Merging index files as they accumulate, and rebuilding the index from
// the texts (see index.go).

// rebuild indexes every document again, in tx, replacing the listed
// files, and returns the files to remove once tx commits.
func (a *Archive) rebuild(ctx context.Context, tx *sql.Tx, files []listedFile) ([]string, error) {
	var gone []string
	for _, f := range files {
		gone = append(gone, f.name)
	}
	for _, q := range []string{`DELETE FROM runs`, `DELETE FROM dead`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	b := &batch{changes: map[string]*change{}}
	rows, err := tx.QueryContext(ctx, `SELECT id, kid, text FROM documents ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Every document enters as new. The limit before each part is the
	// archive's (all its documents are in the table): finish counts the
	// grams of the new texts in the sample and finds no document
	// entering or leaving it.
	limit, err := sampleLimit(ctx, tx, a.idx.keys.GramSample)
	if err != nil {
		return nil, err
	}
	flush := func() error {
		b.limit = limit
		if err := a.finish(ctx, tx, b); err != nil {
			return err
		}
		b.changes, b.order = map[string]*change{}, nil
		return nil
	}
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.id, &c.newKid, &c.newText); err != nil {
			return nil, err
		}
		c.sample = reuse.SampleKey(c.id)
		b.changes[c.id] = &c
		b.order = append(b.order, c.id)
		if len(b.order) == 1000 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if err := flush(); err != nil {
		return nil, err
	}
	more, err := a.compact(ctx, tx)
	return append(gone, more...), err
}

// maintain merges index files as they accumulate, in a transaction of
// its own, and removes the files merged away once it commits. An input
// found damaged while merging (its checksum or order) has the index
// rebuilt from the texts instead.
func (a *Archive) maintain(ctx context.Context) error {
	var gone []string
	err := a.update(ctx, a.w, func(tx *sql.Tx) error {
		var err error
		gone, err = a.compact(ctx, tx)
		if errors.Is(err, postings.ErrDamaged) {
			files, lerr := listFiles(ctx, tx)
			if lerr != nil {
				return lerr
			}
			gone, err = a.rebuild(ctx, tx, files)
		}
		return err
	})
	if err != nil {
		return err
	}
	a.remove(gone)
	return nil
}

// remove forgets and removes index files no longer listed, once the
// transaction that unlisted them has committed. (A crash before leaves
// them for the next open to remove.)
func (a *Archive) remove(names []string) {
	a.idx.retire(names)
	for _, n := range names {
		os.Remove(filepath.Join(a.idx.dir, n))
	}
}

// compact merges the runs of each kind, mergeFan of a size at a time, and
// the count files as countsGroup says, in tx, and returns the files merged
// away, to remove once tx commits. It then forgets the dead kids that no
// run can hold any more.
func (a *Archive) compact(ctx context.Context, tx *sql.Tx) ([]string, error) {
	files, err := listFiles(ctx, tx)
	if err != nil {
		return nil, err
	}
	dead, deadMax, err := readDead(ctx, tx)
	if err != nil {
		return nil, err
	}
	keep := func(doc uint32) bool { return !dead[doc] }
	byKind := map[kind][]listedFile{}
	for _, f := range files {
		byKind[f.kind] = append(byKind[f.kind], f)
	}
	var gone []string
	for k := kindFingerprints; k <= kindSample; k++ {
		fs := byKind[k]
		for {
			group := mergeGroup(fs)
			if k == kindSample {
				group = countsGroup(fs)
			}
			if group == nil {
				break
			}
			name, entries, err := a.merge(k, group, keep)
			if err != nil {
				return nil, err
			}
			var names []string
			for _, f := range group {
				names = append(names, f.name)
				if _, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE name = ?`, f.name); err != nil {
					return nil, err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO runs (name, kind, entries, clean) VALUES (?, ?, ?, ?)`, name, int(k), entries, deadMax); err != nil {
				return nil, err
			}
			gone = append(gone, names...)
			fs = slices.DeleteFunc(fs, func(f listedFile) bool { return slices.Contains(names, f.name) })
			fs = append(fs, listedFile{name: name, kind: k, entries: entries})
		}
	}
	// A dead kid no run was written before its death can hold is
	// forgotten: runs record the last dead row they were written after.
	if _, err := tx.ExecContext(ctx, `DELETE FROM dead WHERE n <= (SELECT ifnull(min(clean), 0) FROM runs WHERE kind <> ?)
		AND NOT EXISTS (SELECT 1 FROM runs WHERE kind <> ? AND clean IS NULL)`, int(kindSample), int(kindSample)); err != nil {
		return nil, err
	}
	return gone, nil
}

// merge merges group, files of kind k, into a new file and returns its
// name and number of entries.
func (a *Archive) merge(k kind, group []listedFile, keep func(uint32) bool) (string, int, error) {
	var used []*openFile
	defer func() { a.idx.release(used...) }()
	var runs []*postings.Run
	var cnts []*postings.Counts
	for _, f := range group {
		of, err := a.idx.acquire(f.name, k == kindSample)
		if err != nil {
			return "", 0, err
		}
		used = append(used, of)
		runs, cnts = append(runs, of.run), append(cnts, of.cnt)
	}
	var path string
	var err error
	if k == kindSample {
		path, err = postings.MergeCounts(a.idx.dir, kindPrefix[k], cnts)
	} else {
		path, err = postings.Merge(a.idx.dir, kindPrefix[k], runs, keep)
	}
	if err != nil {
		return "", 0, err
	}
	name := filepath.Base(path)
	of, err := a.idx.acquire(name, k == kindSample)
	if err != nil {
		return "", 0, err
	}
	used = append(used, of)
	if of.run != nil {
		return name, of.run.Len(), nil
	}
	return name, of.cnt.Len(), nil
}

// readDead returns the dead kids and the last dead row's number.
func readDead(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[uint32]bool, int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT n, kid FROM dead`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	dead := map[uint32]bool{}
	var last int64
	for rows.Next() {
		var n, k int64
		if err := rows.Scan(&n, &k); err != nil {
			return nil, 0, err
		}
		dead[uint32(k)] = true
		last = max(last, n)
	}
	return dead, last, rows.Err()
}

// mergeGroup returns the files to merge next: mergeFan files of one size
// class (entries within a factor of mergeFan of each other, counted from
// the smallest), or nil.
func mergeGroup(fs []listedFile) []listedFile {
	if len(fs) < mergeFan {
		return nil
	}
	s := slices.Clone(fs)
	slices.SortFunc(s, func(a, b listedFile) int { return a.entries - b.entries })
	for i := 0; i+mergeFan <= len(s); i++ {
		if s[i+mergeFan-1].entries <= max(1, s[i].entries)*mergeFan {
			return s[i : i+mergeFan]
		}
	}
	return nil
}

// countsGroup returns the count files to merge next, or nil: a check
// looks up thousands of grams in every count file, so there are at most
// two, a base and the changes since, merged into one once the changes
// reach a quarter of the base.
func countsGroup(fs []listedFile) []listedFile {
	if len(fs) < 2 {
		return nil
	}
	s := slices.Clone(fs)
	slices.SortFunc(s, func(a, b listedFile) int { return b.entries - a.entries })
	if len(s) > 2 {
		return s[1:] // the changes into one
	}
	if s[1].entries*4 >= s[0].entries {
		return s
	}
	return nil
}
