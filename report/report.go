// Package report renders a churn.Result for people and for programs.
//
// Table writes a text report for a terminal: a heading, the similarity
// matrix of a small corpus, the verified pairs and the inputs that were
// skipped. JSON writes the same Result as one JSON document for other
// tools. Neither computes anything: every figure comes from the Result, so
// the two reports always agree with each other and with the library.
//
// # Why it is built this way
//
// Both reports are byte-for-byte deterministic: the same Result always
// gives the same bytes, whatever the terminal, locale or machine. That
// makes them diffable, lets the tests compare them with golden files and
// lets a user check a corpus into version control next to its report.
// To that end Table uses no colours and no terminal-width detection, and
// measures characters as narrow whatever the locale (see Table); JSON
// defines its own structs, so field names and their order are fixed here
// rather than by the churn types, and rounds every float to 6 decimal
// places, so that the last bits of a float64 do not show in diffs.
//
// Percentages in tables have two significant digits (see Percent): the
// figures are estimates of text reuse, and a third digit would suggest a
// precision the measure does not have while making the matrix wider.
//
// # JSON schema
//
// JSON writes one object, indented by two spaces and followed by a
// newline, except that each row of the matrix is written on one line.
// Keys appear in this order; similarities are fractions in [0, 1], not
// percentages, rounded to 6 decimal places.
//
//	schema_version  int      1; raised when a field changes meaning or is removed
//	options         object   the options used, defaults filled in:
//	  k               int      shingle length in characters
//	  num_hashes      int      MinHash signature length
//	  seed            int      hashing seed (an unsigned 64-bit integer)
//	  threshold       number   Jaccard similarity at which pairs are reported
//	  keep_accents    bool     whether diacritics were kept
//	  matrix_limit    int      largest corpus given a matrix; negative: never
//	lsh             object   LSH banding: bands (int), rows (int)
//	documents       array    the analysed documents in input order, each:
//	  id              string   short label, as in the table
//	  name            string   path, URL or "-"
//	  bytes           int      length of the original text in bytes
//	  chars           int      length of the normalised text in characters
//	  shingles        int      number of distinct shingles
//	matrix          array    exact Jaccard similarity of every pair of
//	                         documents, matrix[i][j] for documents[i] and
//	                         documents[j], 1 on the diagonal; null when the
//	                         corpus has more than matrix_limit documents
//	pairs           array    verified pairs at or above the threshold, most
//	                         similar first, each:
//	  a, b            string   the documents' ids
//	  a_index         int      index of a in documents
//	  b_index         int      index of b in documents; a_index < b_index
//	  jaccard         number   |A∩B| / |A∪B| over the shingle sets
//	  containment_a   number   |A∩B| / |A|: the share of a found in b
//	  containment_b   number   |A∩B| / |B|: the share of b found in a
//	  shared_shingles int      |A∩B|
//	  estimate        number   Jaccard similarity estimated by MinHash
//	  lsh_candidate   bool     whether the LSH index proposed the pair
//	candidates      int      number of distinct pairs the LSH index proposed
//	skipped         array    inputs not analysed, in input order, each:
//	  name            string   path, URL or "-"
//	  reason          string   why, as a sentence
//
// documents, pairs and skipped are empty arrays, never null.
package report
