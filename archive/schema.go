package archive

// schema creates an archive of format Version. docs/archive.md describes
// every table for people querying an archive with SQL; keep the two
// together.
var schema = []string{
	// meta holds the archive's format ("churn archive"), when it was
	// created, and its generation, which grows by one with every batch
	// that changes its documents.
	`CREATE TABLE meta (
		key   TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) WITHOUT ROWID`,

	// documents: seq is a document's position in the corpus, the order it
	// was first added in (kept when its text is replaced). kid numbers
	// the document's text in the index files (a new text, a new kid);
	// sample is the key that places it in the sample of documents whose
	// grams are counted (reuse.SampleKey of its ID, as a signed number).
	`CREATE TABLE documents (
		seq       INTEGER PRIMARY KEY,
		kid       INTEGER NOT NULL UNIQUE,
		sample    INTEGER NOT NULL,
		id        TEXT NOT NULL UNIQUE,
		name      TEXT NOT NULL,
		url       TEXT NOT NULL DEFAULT '',
		title     TEXT NOT NULL DEFAULT '',
		outlet    TEXT NOT NULL DEFAULT '',
		published TEXT,
		lang      TEXT NOT NULL DEFAULT '',
		notes     TEXT NOT NULL DEFAULT '[]',
		offsets   TEXT NOT NULL DEFAULT '',
		bytes     INTEGER NOT NULL,
		sha256    TEXT NOT NULL,
		added     TEXT NOT NULL,
		updated   TEXT NOT NULL,
		text      TEXT NOT NULL
	)`,
	`CREATE INDEX documents_sha256 ON documents (sha256)`,
	`CREATE INDEX documents_sample ON documents (sample)`,
	`CREATE INDEX documents_outlet ON documents (outlet, published)`,
	`CREATE INDEX documents_published ON documents (published)`,

	// The last report over the archive (Report): its pairs, their
	// passages and the syndication groups, by document ID. report holds
	// one row: the generation it analysed and when.
	`CREATE TABLE report (
		generation INTEGER NOT NULL,
		documents  INTEGER NOT NULL,
		made       TEXT NOT NULL
	)`,
	`CREATE TABLE pairs (
		a             TEXT NOT NULL,
		b             TEXT NOT NULL,
		class         TEXT NOT NULL,
		derived       TEXT,
		reuse         REAL NOT NULL,
		reuse_a       REAL NOT NULL,
		reuse_b       REAL NOT NULL,
		jaccard       REAL NOT NULL,
		containment_a REAL NOT NULL,
		containment_b REAL NOT NULL,
		coverage_a    REAL NOT NULL,
		coverage_b    REAL NOT NULL,
		shared        INTEGER NOT NULL,
		passages      INTEGER NOT NULL,
		PRIMARY KEY (a, b)
	) WITHOUT ROWID`,
	`CREATE INDEX pairs_b ON pairs (b)`,
	`CREATE TABLE passages (
		a         TEXT NOT NULL,
		b         TEXT NOT NULL,
		n         INTEGER NOT NULL,
		a_start   INTEGER NOT NULL,
		a_end     INTEGER NOT NULL,
		b_start   INTEGER NOT NULL,
		b_end     INTEGER NOT NULL,
		chars_a   INTEGER NOT NULL,
		chars_b   INTEGER NOT NULL,
		matched   REAL NOT NULL,
		identical INTEGER NOT NULL,
		rarity    REAL NOT NULL,
		text_a    TEXT NOT NULL,
		text_b    TEXT NOT NULL,
		PRIMARY KEY (a, b, n)
	) WITHOUT ROWID`,
	`CREATE INDEX passages_b ON passages (b)`,
	`CREATE TABLE clusters (
		cluster   INTEGER NOT NULL,
		doc       TEXT NOT NULL,
		share     REAL NOT NULL,
		origin    INTEGER NOT NULL,
		origin_by TEXT NOT NULL,
		PRIMARY KEY (cluster, doc)
	) WITHOUT ROWID`,
	`CREATE INDEX clusters_doc ON clusters (doc)`,

	// The index (see index.go): the files of the folder beside the
	// archive that hold it, by kind, and the kids of texts replaced or
	// removed whose entries some file may still hold.
	// A run's clean is the last dead row written before it: the kids of
	// dead rows up to it are not in it.
	`CREATE TABLE runs (
		name    TEXT PRIMARY KEY,
		kind    INTEGER NOT NULL,
		entries INTEGER NOT NULL,
		clean   INTEGER
	) WITHOUT ROWID`,
	`CREATE TABLE dead (
		n   INTEGER PRIMARY KEY,
		kid INTEGER NOT NULL UNIQUE
	)`,
}
