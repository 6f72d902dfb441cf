package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/churnalism/churn"
)

// AddStats counts what Add did with each document of a batch.
type AddStats struct {
	Added     int // new IDs
	Updated   int // known IDs with a new text or new metadata
	Unchanged int // known IDs with the same text and metadata
	// Duplicates counts the documents added or updated whose text is
	// byte for byte that of another archived document (by SHA-256): an
	// exact copy, found without alignment. They are archived like any
	// other.
	Duplicates int
}

// Changed reports whether the batch changed the archive.
func (s AddStats) Changed() bool { return s.Added+s.Updated > 0 }

// Add adds a batch of documents in one transaction: when it returns nil,
// all of them are in the archive (and stay there through a crash); when
// it returns an error, none of them is. A document whose ID the archive
// holds replaces the archived one, keeping its place in the corpus (and
// the last report's rows about its old text go); one with the same text
// and metadata changes nothing (what says how it was read, its Name,
// Notes and Offsets, is not compared: the archive keeps the first).
// Within a batch, a later document with an ID replaces an earlier one
// (counted as added, then updated). Every document needs an ID.
func (a *Archive) Add(ctx context.Context, docs []churn.Document) (AddStats, error) {
	var st AddStats
	for i := range docs {
		if docs[i].ID == "" {
			return st, fmt.Errorf("archive %s: document %d (%s) has no ID", a.path, i, docs[i].Name)
		}
	}
	db, err := a.writer()
	if err != nil {
		return st, a.wrap("adding documents", err)
	}
	err = a.update(ctx, db, func(tx *sql.Tx) error {
		var err error
		st, err = a.add(ctx, tx, docs)
		if err == nil && st.Changed() {
			err = bumpGeneration(ctx, tx)
		}
		return err
	})
	if err != nil {
		return AddStats{}, a.wrap(fmt.Sprintf("adding %d documents (none of them was added)", len(docs)), err)
	}
	return st, a.wrap("merging index files (the documents were added)", a.maintain(ctx))
}

// update runs fn in a write transaction and commits it.
func (a *Archive) update(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// stored is what Add compares a new document with.
type stored struct {
	seq  int64
	kid  int64
	sum  string
	meta string
}

func (a *Archive) add(ctx context.Context, tx *sql.Tx, docs []churn.Document) (AddStats, error) {
	var st AddStats
	b, err := a.beginBatch(ctx, tx)
	if err != nil {
		return st, err
	}
	find, err := tx.PrepareContext(ctx, `SELECT seq, kid, sha256, url || x'00' || title || x'00' || outlet || x'00' ||
		ifnull(published, '') || x'00' || lang FROM documents WHERE id = ?`)
	if err != nil {
		return st, err
	}
	defer find.Close()
	dup, err := tx.PrepareContext(ctx, `SELECT 1 FROM documents WHERE sha256 = ? AND id <> ? LIMIT 1`)
	if err != nil {
		return st, err
	}
	defer dup.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO documents (id, kid, sample, name, url, title, outlet, published, lang, notes, offsets, bytes, sha256, added, updated, text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return st, err
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE documents SET name = ?, url = ?, title = ?, outlet = ?, published = ?, lang = ?, notes = ?, offsets = ?,
		bytes = ?, sha256 = ?, updated = ?, text = ?, kid = ? WHERE seq = ?`)
	if err != nil {
		return st, err
	}
	defer upd.Close()

	now := a.now().UTC().Format(time.RFC3339Nano)
	added := 0
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		d := &docs[i]
		r := rowOf(d)
		var old stored
		err := find.QueryRowContext(ctx, d.ID).Scan(&old.seq, &old.kid, &old.sum, &old.meta)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			c, err := b.touch(d.ID, 0, nil)
			if err != nil {
				return st, err
			}
			if c.newKid, err = nextKid(ctx, tx); err != nil {
				return st, err
			}
			c.newText = d.Text
			if _, err := ins.ExecContext(ctx, d.ID, c.newKid, sampleCol(c.sample), d.Name, r.url, r.title, r.outlet, r.published, r.lang, r.notes, r.offsets,
				len(d.Text), r.sum, now, now, string(d.Text)); err != nil {
				return st, fmt.Errorf("document %s: %w", d.ID, err)
			}
			st.Added++
			added++
		case err != nil:
			return st, err
		case old.sum == r.sum && old.meta == r.metaKey():
			st.Unchanged++
			continue
		default:
			kid := old.kid
			if old.sum != r.sum {
				c, err := b.touch(d.ID, old.kid, func() ([]byte, error) { return a.textOf(ctx, tx, old.seq) })
				if err != nil {
					return st, err
				}
				if c.newKid, err = nextKid(ctx, tx); err != nil {
					return st, err
				}
				c.newText, kid = d.Text, c.newKid
			}
			if _, err := upd.ExecContext(ctx, d.Name, r.url, r.title, r.outlet, r.published, r.lang, r.notes, r.offsets,
				len(d.Text), r.sum, now, string(d.Text), kid, old.seq); err != nil {
				return st, fmt.Errorf("document %s: %w", d.ID, err)
			}
			if old.sum != r.sum {
				// The old text goes from the report's passages too.
				if err := dropReported(ctx, tx, d.ID); err != nil {
					return st, err
				}
			}
			st.Updated++
		}
		var one int
		switch err := dup.QueryRowContext(ctx, r.sum, d.ID).Scan(&one); {
		case err == nil:
			st.Duplicates++
		case !errors.Is(err, sql.ErrNoRows):
			return st, err
		}
	}
	if added > 0 {
		n, err := metaInt(ctx, tx, "documents")
		if err != nil {
			return st, err
		}
		if err := setMetaInt(ctx, tx, "documents", n+int64(added)); err != nil {
			return st, err
		}
	}
	return st, a.finish(ctx, tx, b)
}

// textOf reads the text of the document at seq.
func (a *Archive) textOf(ctx context.Context, tx *sql.Tx, seq int64) ([]byte, error) {
	var text []byte
	err := tx.QueryRowContext(ctx, `SELECT text FROM documents WHERE seq = ?`, seq).Scan(&text)
	return text, err
}

// row is a document's columns besides its ID, name and text.
type row struct {
	url, title, outlet, lang, notes, offsets string
	published                                sql.NullString
	sum                                      string
}

func rowOf(d *churn.Document) row {
	sum := sha256.Sum256(d.Text)
	r := row{
		url: d.Meta.URL, title: d.Meta.Title, outlet: d.Meta.Outlet, lang: d.Meta.Lang,
		offsets: string(d.Meta.Offsets), notes: "[]", sum: hex.EncodeToString(sum[:]),
	}
	if len(d.Meta.Notes) > 0 {
		b, _ := json.Marshal(d.Meta.Notes) // strings always marshal
		r.notes = string(b)
	}
	if !d.Meta.Published.IsZero() {
		r.published = sql.NullString{String: d.Meta.Published.Format(time.RFC3339Nano), Valid: true}
	}
	return r
}

// metaKey is the metadata as the find query of add concatenates it.
// What says how the document was read (its name, the reader's notes,
// what its offsets refer to) is not part of it: the same text read again
// from another file (an export, say) is the same document, and keeps
// what it was first added with.
func (r row) metaKey() string {
	return r.url + "\x00" + r.title + "\x00" + r.outlet + "\x00" + r.published.String + "\x00" + r.lang
}

func bumpGeneration(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`)
	return err
}

// Delete removes the documents with the given IDs in one transaction and
// returns how many it removed; IDs it does not hold are not an error
// (the count says). The last report's pairs, passages and clusters
// involving them are removed too, so that a takedown leaves no copy of
// the text in the archive (the file's free pages are overwritten by
// SQLite's secure_delete).
func (a *Archive) Delete(ctx context.Context, ids ...string) (int, error) {
	db, err := a.writer()
	if err != nil {
		return 0, a.wrap("deleting documents", err)
	}
	removed := 0
	err = a.update(ctx, db, func(tx *sql.Tx) error {
		removed = 0
		b, err := a.beginBatch(ctx, tx)
		if err != nil {
			return err
		}
		for _, id := range ids {
			var seq, kid int64
			switch err := tx.QueryRowContext(ctx, `SELECT seq, kid FROM documents WHERE id = ?`, id).Scan(&seq, &kid); {
			case errors.Is(err, sql.ErrNoRows):
				continue
			case err != nil:
				return err
			}
			c, err := b.touch(id, kid, func() ([]byte, error) { return a.textOf(ctx, tx, seq) })
			if err != nil {
				return err
			}
			c.newKid, c.newText = 0, nil
			if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE seq = ?`, seq); err != nil {
				return err
			}
			removed++
			if err := dropReported(ctx, tx, id); err != nil {
				return err
			}
		}
		if removed == 0 {
			return nil
		}
		n, err := metaInt(ctx, tx, "documents")
		if err != nil {
			return err
		}
		if err := setMetaInt(ctx, tx, "documents", n-int64(removed)); err != nil {
			return err
		}
		if err := a.finish(ctx, tx, b); err != nil {
			return err
		}
		return bumpGeneration(ctx, tx)
	})
	if err != nil {
		return 0, a.wrap(fmt.Sprintf("deleting %d documents (none of them was deleted)", len(ids)), err)
	}
	return removed, a.wrap("merging index files (the documents were deleted)", a.maintain(ctx))
}

// dropReported removes what the last report holds of document id.
func dropReported(ctx context.Context, tx *sql.Tx, id string) error {
	for _, q := range []string{
		`DELETE FROM pairs WHERE a = ?1 OR b = ?1`,
		`DELETE FROM passages WHERE a = ?1 OR b = ?1`,
		`DELETE FROM clusters WHERE doc = ?1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// Entry is an archived document and what the archive knows about it.
type Entry struct {
	churn.Document
	Seq     int64     // its position in the corpus, in the order documents were added
	SHA256  string    // of the text, in hexadecimal
	Bytes   int       // the text's length
	Added   time.Time // when it was first added
	Updated time.Time // when its text or metadata last changed
}

// Get returns the document with the given ID, or an error wrapping
// ErrNotFound.
func (a *Archive) Get(ctx context.Context, id string) (Entry, error) {
	rows, err := a.r.QueryContext(ctx, selectDocs+` WHERE id = ?`, id)
	if err != nil {
		return Entry{}, a.wrap("reading "+id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Entry{}, a.wrap("reading "+id, err)
		}
		return Entry{}, a.wrap(strconv.Quote(id), ErrNotFound)
	}
	e, err := scanEntry(rows, true)
	if err != nil {
		return Entry{}, a.wrap("reading "+id, err)
	}
	return e, nil
}

const selectDocs = `SELECT seq, id, name, url, title, outlet, published, lang, notes, offsets, bytes, sha256, added, updated, text FROM documents`

// Walk calls fn with every archived document in corpus order, as one
// consistent snapshot however other processes write meanwhile; with
// texts false, Text is nil (and not read). It stops at fn's first error
// and returns it.
func (a *Archive) Walk(ctx context.Context, texts bool, fn func(Entry) error) error {
	_, err := a.walk(ctx, texts, fn)
	return err
}

// walk is Walk that also returns the generation of the snapshot.
func (a *Archive) walk(ctx context.Context, texts bool, fn func(Entry) error) (int64, error) {
	tx, err := a.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, a.wrap("reading documents", err)
	}
	defer tx.Rollback()
	gen, err := metaInt(ctx, tx, "generation")
	if err != nil {
		return 0, a.wrap("reading documents", err)
	}
	q := selectDocs + ` ORDER BY seq`
	if !texts {
		q = `SELECT seq, id, name, url, title, outlet, published, lang, notes, offsets, bytes, sha256, added, updated, NULL FROM documents ORDER BY seq`
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return 0, a.wrap("reading documents", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows, texts)
		if err != nil {
			return 0, a.wrap("reading documents", err)
		}
		if err := fn(e); err != nil {
			return 0, err
		}
	}
	if err := rows.Err(); err != nil {
		return 0, a.wrap("reading documents", err)
	}
	return gen, nil
}

func scanEntry(rows *sql.Rows, text bool) (Entry, error) { return scanEntryWith(rows, text) }

// scanEntryWith is scanEntry for rows whose first columns are scanned
// into first, before selectDocs's.
func scanEntryWith(rows *sql.Rows, text bool, first ...any) (Entry, error) {
	var (
		e              Entry
		published      sql.NullString
		notes, offs    string
		added, updated string
		body           sql.RawBytes
	)
	m := &e.Meta
	if err := rows.Scan(append(first, &e.Seq, &e.ID, &e.Name, &m.URL, &m.Title, &m.Outlet, &published, &m.Lang, &notes, &offs,
		&e.Bytes, &e.SHA256, &added, &updated, &body)...); err != nil {
		return e, err
	}
	m.Offsets = churn.Offsets(offs)
	if notes != "[]" && notes != "" {
		if err := json.Unmarshal([]byte(notes), &m.Notes); err != nil {
			return e, fmt.Errorf("document %s: notes %q: %w", e.ID, notes, err)
		}
	}
	var err error
	if published.Valid {
		if m.Published, err = time.Parse(time.RFC3339Nano, published.String); err != nil {
			return e, fmt.Errorf("document %s: published %q: %w", e.ID, published.String, err)
		}
	}
	if e.Added, err = time.Parse(time.RFC3339Nano, added); err != nil {
		return e, fmt.Errorf("document %s: added %q: %w", e.ID, added, err)
	}
	if e.Updated, err = time.Parse(time.RFC3339Nano, updated); err != nil {
		return e, fmt.Errorf("document %s: updated %q: %w", e.ID, updated, err)
	}
	if text {
		e.Text = append([]byte(nil), body...)
		if len(e.Text) != e.Bytes {
			return e, fmt.Errorf("document %s: its text has %d bytes, the archive says %d", e.ID, len(e.Text), e.Bytes)
		}
	}
	return e, nil
}

// Stats are an archive's size.
type Stats struct {
	Documents  int
	Bytes      int64 // of text
	Generation int64 // grows by one with every batch that changes the documents
	// ReportGeneration is the generation the last Report analysed, -1 if
	// there was none: the pairs, passages and clusters tables are up to
	// date when it equals Generation.
	ReportGeneration int64
}

// Stats returns the archive's size.
func (a *Archive) Stats(ctx context.Context) (Stats, error) {
	s := Stats{ReportGeneration: -1}
	tx, err := a.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s, a.wrap("reading its size", err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT count(*), ifnull(sum(bytes), 0), (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'),
		ifnull((SELECT generation FROM report), -1) FROM documents`).Scan(&s.Documents, &s.Bytes, &s.Generation, &s.ReportGeneration)
	return s, a.wrap("reading its size", err)
}
