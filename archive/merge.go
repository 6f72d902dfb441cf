package archive

import (
	"context"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/churnalism/churn/archive/postings"
	"github.com/churnalism/churn/reuse"
)

// Merging index files as they accumulate, and rebuilding the index from
// the texts (see index.go).

// rebuild indexes every document again, in tx, replacing the listed
// files.
func (a *Archive) rebuild(ctx context.Context, tx *sql.Tx, files []listedFile) error {
	var names []string
	for _, f := range files {
		names = append(names, f.name)
	}
	a.idx.forget(names)
	for _, q := range []string{`DELETE FROM runs`, `DELETE FROM dead`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, n := range names {
		os.Remove(filepath.Join(a.idx.dir, n))
	}
	b := &batch{changes: map[string]*change{}, limit: math.MaxUint64}
	// Every document enters as new, against an empty sample: the limit
	// before is "everything", so that finish adds the grams of the
	// sampled ones only.
	rows, err := tx.QueryContext(ctx, `SELECT id, kid, text FROM documents ORDER BY seq`)
	if err != nil {
		return err
	}
	flush := func() error {
		b.limit = math.MaxUint64
		// finish counts grams of new texts in the sample after; none
		// leave (no old texts) and the range query is empty.
		after, err := sampleLimit(ctx, tx, a.idx.keys.GramSample)
		if err != nil {
			return err
		}
		b.limit = after
		if err := a.finish(ctx, tx, b); err != nil {
			return err
		}
		b.changes, b.order = map[string]*change{}, nil
		return nil
	}
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.id, &c.newKid, &c.newText); err != nil {
			rows.Close()
			return err
		}
		c.sample = reuse.SampleKey(c.id)
		b.changes[c.id] = &c
		b.order = append(b.order, c.id)
		if len(b.order) == 1000 {
			if err := flush(); err != nil {
				rows.Close()
				return err
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	return a.compact(ctx, tx)
}

// compact merges the runs of each kind, mergeFan of a size at a time, and
// the count files as countsGroup says, in tx; the merged
// files are removed once tx commits (until then, or after a crash, they
// are listed no more and removed at the next open).
func (a *Archive) compact(ctx context.Context, tx *sql.Tx) error {
	files, err := listFiles(ctx, tx)
	if err != nil {
		return err
	}
	dead := map[uint32]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT kid FROM dead`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		dead[uint32(k)] = true
	}
	rows.Close()
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
			var path string
			var names []string
			entries := 0
			if k == kindSample {
				var cs []*postings.Counts
				for _, f := range group {
					c, err := a.idx.counts(f.name)
					if err != nil {
						return err
					}
					cs = append(cs, c)
					names = append(names, f.name)
				}
				if path, err = postings.MergeCounts(a.idx.dir, kindPrefix[k], cs); err != nil {
					return err
				}
				c, err := a.idx.counts(filepath.Base(path))
				if err != nil {
					return err
				}
				entries = c.Len()
			} else {
				var rs []*postings.Run
				for _, f := range group {
					r, err := a.idx.run(f.name)
					if err != nil {
						return err
					}
					rs = append(rs, r)
					names = append(names, f.name)
				}
				if path, err = postings.Merge(a.idx.dir, kindPrefix[k], rs, keep); err != nil {
					return err
				}
				r, err := a.idx.run(filepath.Base(path))
				if err != nil {
					return err
				}
				entries = r.Len()
			}
			for _, n := range names {
				if _, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE name = ?`, n); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO runs (name, kind, entries) VALUES (?, ?, ?)`, filepath.Base(path), int(k), entries); err != nil {
				return err
			}
			gone = append(gone, names...)
			fs = slices.DeleteFunc(fs, func(f listedFile) bool { return slices.Contains(names, f.name) })
			fs = append(fs, listedFile{name: filepath.Base(path), kind: k, entries: entries})
		}
	}
	a.pendingRemoval = append(a.pendingRemoval, gone...)
	return nil
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

// removeMerged removes the files merged away once their transaction has
// committed.
func (a *Archive) removeMerged() {
	a.idx.forget(a.pendingRemoval)
	for _, n := range a.pendingRemoval {
		os.Remove(filepath.Join(a.idx.dir, n))
	}
	a.pendingRemoval = nil
}
