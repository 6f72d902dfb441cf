// Package archive keeps a corpus in an embedded SQLite database that
// grows and shrinks between runs: documents are added in batches, updated
// and deleted by ID, listed, read back and exported, and the analysis of
// package churn runs over whatever the archive holds.
//
// An archive is one SQLite file (with its -wal and -shm companions while
// it is open), and its index in a folder beside it (ARCHIVE-index: see
// index.go, and package postings for its files). The file's tables a
// newsroom data person can open with sqlite3 or Datasette: docs/archive.md describes the schema and gives example
// queries. Documents keep the order they were first added in; that order
// is the corpus order of the analysis, so an archive gives the results
// `churn report` gives on the same documents in the same order, however
// they arrived (in one batch, in ten, or one at a time), and Report
// stores them in the pairs, passages and clusters tables.
//
// # Writers and readers
//
// One writer and many readers may use an archive at once, from
// goroutines of one process (an Archive is safe for concurrent use) and
// from other processes: the database runs in WAL mode, so readers see
// the archive as the last committed batch left it and never wait for a
// writer; writers queue, each for up to LockTimeout. A batch is one
// transaction, written with synchronous=FULL: once Add returns, its
// documents survive a crash of the process or of the machine, and a crash
// before that leaves none of them.
//
// # Format
//
// The file's SQLite application_id is ApplicationID ("chrn") and its
// user_version is the archive format, Version. Open refuses a file that
// is not SQLite, a SQLite database that is not an archive, and an archive
// of a newer format, each with an error naming the file; Verify runs
// SQLite's integrity check and churn's own checks of the tables.
//
// # Checks
//
// Check compares an article with the archive without reading it: the
// index gives, for each of the article's keys (fingerprints, word grams,
// LSH bands), the documents holding it, and the sample of documents
// whose gram counts the analysis needs; the check reads the texts of the
// documents that could pair with the article and compares them with it
// (churn.CompareSubset), with the rest of the archive described by the
// index. Its pairs, passages and clusters are those of churn compare on
// the article and every archived document. At a million generated
// articles: 16 ms median, 30 ms at the 99th percentile, from a warm
// process (BenchmarkCheck, BENCHMARKS.md "Archive"). Report analyses
// every text, as churn report does.
package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/churnalism/churn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ApplicationID is the SQLite application_id of an archive: "chrn".
const ApplicationID = 0x6368726e

// Version is the archive format this package writes and reads. Opening
// an archive of another format is an error that says what to do (format
// 1, of the first development builds, had no index: its export added to a
// new archive carries everything over).
const Version = 2

// LockTimeout is how long a writer waits for another writer (of this or
// another process) to finish before Add or Delete gives up.
const LockTimeout = 30 * time.Second

// ErrNotFound is returned for an ID the archive does not hold.
var ErrNotFound = errors.New("no such document")

// An Archive is an open archive. Its methods are safe for concurrent use.
type Archive struct {
	path string
	w    *sql.DB // one connection: writes, in BEGIN IMMEDIATE transactions
	r    *sql.DB // readers
	// now is the clock stamping documents' added and updated times.
	now func() time.Time
	// idx is the index, nil if a read-only archive has none.
	idx *index
}

// Options say how to open an archive.
type Options struct {
	// Create makes a new, empty archive when there is no file at the
	// path. Without it, opening a path where there is none is an error.
	Create bool
	// ReadOnly opens the archive for reading only: Add and Delete fail,
	// Report analyses without storing its tables, and the archive's
	// contents are not modified (other processes may write it).
	ReadOnly bool
	// Keys are the analysis options that the index's keys depend on (K,
	// NumHashes, Seed, Window, KeepLists, KeepAccents, LSHThreshold,
	// GramSample), recorded when the archive is created (zero: the
	// defaults) and ignored after: a check with other values of these
	// reads every archived text instead of the index.
	Keys churn.Options
}

// Open opens the archive at path. It checks that the file is an archive
// of a format this package reads; it does not read the whole file (see
// Verify).
func Open(ctx context.Context, path string, o Options) (*Archive, error) {
	fail := func(err error) (*Archive, error) { return nil, fmt.Errorf("archive %s: %w", path, err) }
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && o.Create && !o.ReadOnly:
	case errors.Is(err, os.ErrNotExist):
		return fail(errors.New("no such archive (churn add creates one)"))
	case err != nil:
		return fail(err)
	case fi.IsDir():
		return fail(errors.New("is a folder, not an archive file"))
	default:
		if err := checkHeader(path); err != nil {
			return fail(err)
		}
	}
	a := &Archive{path: path, now: time.Now}
	// Writes go through one connection, so that transactions of this
	// process queue in Go rather than in SQLite's busy handler.
	if !o.ReadOnly {
		if a.w, err = sql.Open("sqlite", dsn(path, false)); err != nil {
			return fail(err)
		}
		a.w.SetMaxOpenConns(1)
		if err := a.init(ctx); err != nil {
			a.w.Close()
			return fail(explain(err))
		}
		if err := a.openIndex(ctx, o.Keys); err != nil {
			a.w.Close()
			return fail(fmt.Errorf("opening its index: %w", explain(err)))
		}
	}
	if a.r, err = sql.Open("sqlite", dsn(path, true)); err != nil {
		a.Close()
		return fail(err)
	}
	if o.ReadOnly {
		if err := a.checkFormat(ctx, a.r); err != nil {
			a.Close()
			return fail(explain(err))
		}
		k, ok, err := readKeyOptions(ctx, a.r)
		if err != nil {
			a.Close()
			return fail(explain(err))
		}
		if ok {
			a.idx = &index{dir: indexDir(path), keys: k}
		}
	}
	return a, nil
}

// dsn returns the driver's name for the database at path.
func dsn(path string, readOnly bool) string {
	v := url.Values{}
	v.Add("_pragma", "busy_timeout("+strconv.Itoa(int(LockTimeout/time.Millisecond))+")")
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "synchronous(FULL)")
	if readOnly {
		// Not mode=ro: a read-only connection cannot remove the -wal and
		// -shm files when it is the last to close. (A file without write
		// permission is still opened, read-only.)
		v.Add("_query_only", "1")
	} else {
		v.Add("_txlock", "immediate")
		// Deleted and replaced texts are overwritten, so that a takedown
		// leaves no copy in the file's free pages.
		v.Add("_pragma", "secure_delete(ON)")
	}
	return (&url.URL{Scheme: "file", OmitHost: true, Path: path, RawQuery: v.Encode()}).String()
}

// checkHeader reports whether the file at path starts as a SQLite
// database does, so that a text file named like an archive gets a clear
// error rather than SQLite's "file is not a database".
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var hdr [100]byte
	n, err := io.ReadFull(f, hdr[:])
	if n == 0 && (err == io.EOF) {
		return nil // an empty file: SQLite makes it a database
	}
	if err != nil || string(hdr[:16]) != "SQLite format 3\x00" {
		return errors.New("not a churn archive (not a SQLite database)")
	}
	return nil
}

// init creates the schema of a new archive, or checks an existing one's
// format.
func (a *Archive) init(ctx context.Context) error {
	// The format is checked, or the schema and the file's IDs written,
	// before WAL mode is set: a foreign database is refused unchanged,
	// and a new archive's header says what it is from its first commit
	// on (in WAL mode, page 1 would wait in the -wal file for a
	// checkpoint, and IsArchive would not know a new or crashed
	// archive).
	// 16 KB pages hold five 3 KB articles where 4 KB pages hold one and
	// waste a quarter (1.41 times the text with 4 KB pages; see
	// BENCHMARKS.md). The setting counts only for a database not yet
	// created: an existing file is not changed.
	if _, err := a.w.ExecContext(ctx, "PRAGMA page_size=16384"); err != nil {
		return err
	}
	tx, err := a.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var tables, app, version int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	if tables > 0 || app != 0 || version != 0 {
		tx.Rollback()
		if err := a.checkFormat(ctx, a.w); err != nil {
			return err
		}
	} else {
		for _, s := range schema {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("creating the schema: %w", err)
			}
		}
		now := a.now().UTC().Format(time.RFC3339)
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES ('format', 'churn archive'), ('created', ?), ('generation', '0')", now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id=%d", ApplicationID)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version=%d", Version)); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	_, err = a.w.ExecContext(ctx, "PRAGMA journal_mode=WAL")
	return err
}

// checkFormat checks the application ID and format version of an
// existing database.
func (a *Archive) checkFormat(ctx context.Context, db *sql.DB) error {
	var app, version int64
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	switch {
	case app != ApplicationID:
		return errors.New("not a churn archive (a SQLite database of another application)")
	case version > Version:
		return fmt.Errorf("archive format %d is newer than this churn reads (%d): use a newer churn", version, Version)
	case version < 1:
		return fmt.Errorf("archive format %d is not one churn wrote", version)
	case version < Version:
		return fmt.Errorf("archive format %d predates the index this churn keeps (format %d): export it and add the export to a new archive (churn export OLD > old.jsonl; churn add NEW old.jsonl)", version, Version)
	}
	return nil
}

// explain turns SQLite's errors about damaged or foreign files and full
// disks into sentences that say what to do.
func explain(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("not a churn archive, or damaged: %w", err)
	case sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("the archive is damaged (restore it from a copy; churn ls --verify checks one): %w", err)
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("the disk is full (free some space, then add the batch again): %w", err)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("another process kept the archive locked for over %v: %w", LockTimeout, err)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("the archive cannot be written (its file or folder is read-only): %w", err)
	case sqlite3.SQLITE_IOERR:
		return fmt.Errorf("reading or writing the archive failed (is the disk full, or the file over a size limit?): %w", err)
	}
	return err
}

// Path returns the archive's file name as given to Open.
func (a *Archive) Path() string { return a.path }

// Close closes the archive. Transactions of other goroutines still
// running fail.
func (a *Archive) Close() error {
	var err error
	// Readers close first: the last connection to close, the writer's,
	// folds the write-ahead log into the database and removes it and
	// the -shm file, so that the archive is one file once closed.
	if a.r != nil {
		err = a.r.Close()
	}
	if a.w != nil {
		a.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		err = errors.Join(err, a.w.Close())
	}
	if a.idx != nil {
		err = errors.Join(err, a.idx.close())
	}
	return err
}

// errReadOnly is returned by writes to an archive opened ReadOnly.
var errReadOnly = errors.New("opened read-only")

// writer returns the write pool, or an error for a read-only archive.
func (a *Archive) writer() (*sql.DB, error) {
	if a.w == nil {
		return nil, errReadOnly
	}
	return a.w, nil
}

// wrap prefixes err with the archive's path and what was being done.
func (a *Archive) wrap(doing string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrNotFound) {
		return fmt.Errorf("archive %s: %s: %w", a.path, doing, err)
	}
	return fmt.Errorf("archive %s: %s: %w", a.path, doing, explain(err))
}

// Verify checks the whole archive: SQLite's integrity check of every
// page and index, then churn's own checks of every document (its text's
// length and SHA-256 are the ones recorded, its metadata parses). It
// reads the whole file. The error lists what is wrong.
func (a *Archive) Verify(ctx context.Context) error {
	rows, err := a.r.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return a.wrap("checking its integrity", err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return a.wrap("checking its integrity", err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return a.wrap("checking its integrity", err)
	}
	if len(problems) == 0 {
		err = a.Walk(ctx, true, func(e Entry) error {
			sum := sha256.Sum256(e.Text)
			if hex.EncodeToString(sum[:]) != e.SHA256 {
				problems = append(problems, fmt.Sprintf("document %s: its text's SHA-256 is not the one recorded", e.ID))
			}
			return nil
		})
		if ctx.Err() != nil {
			return a.wrap("checking its documents", ctx.Err())
		}
		if err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) == 0 && a.idx != nil {
		problems = append(problems, a.verifyIndex(ctx)...)
	}
	if len(problems) > 0 {
		if len(problems) > 10 {
			problems = append(problems[:10], fmt.Sprintf("and %d more", len(problems)-10))
		}
		return fmt.Errorf("archive %s is damaged: %s", a.path, strings.Join(problems, "; "))
	}
	return nil
}

// IsArchive reports whether the file at path is an archive: a SQLite
// database whose application_id is ApplicationID. It reads the file's
// first 100 bytes only, so that a command line can tell an archive from
// a corpus file cheaply.
func IsArchive(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var hdr [100]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		return false
	}
	return string(hdr[:16]) == "SQLite format 3\x00" && binary.BigEndian.Uint32(hdr[68:72]) == ApplicationID
}
