package churn

import (
	"strconv"
	"time"

	"github.com/churnalism/churn/cluster"
	"github.com/churnalism/churn/reuse"
)

// Document is one input text. Its bytes are never modified: every offset
// churn reports is a byte offset into Text as given.
type Document struct {
	// ID is a short label, unique within a corpus, used in tables
	// (for files, the file name without directory and extension, or the
	// numeric prefix of the seeds: "000").
	ID string
	// Name is the document's full name: a path, a URL or "-" for
	// standard input. It appears in JSON output.
	Name string
	// Text is the document's content. Readers in package corpus decode
	// charsets to UTF-8 (saying so in Meta.Notes), so offsets refer to
	// the UTF-8 text, as Meta.Offsets says; Analyze itself tolerates
	// invalid UTF-8.
	Text []byte
	// Meta is what the reader learnt about the document besides its text.
	Meta Meta
}

// Meta is a document's metadata, as far as its source tells it. Every
// field may be empty.
type Meta struct {
	URL       string    // where the document was published
	Title     string    // headline
	Outlet    string    // site or publisher, e.g. "mediafax.ro"
	Published time.Time // publication time; zero if unknown
	Lang      string    // language code, e.g. "ro", if the source says
	// Notes records what the reader did to the text on the way in, such
	// as "decoded from windows-1250" or "repaired double-encoded UTF-8".
	Notes []string
	// Offsets says what the byte offsets into Text refer to: the input
	// file itself, or text the reader derived from it.
	Offsets Offsets
}

// Offsets says what the byte offsets reported for a document (passage
// spans, Span) are offsets into. Readers in package corpus set it; the
// zero value, OffsetsText, is for documents made by the caller.
type Offsets string

// The things offsets can refer to.
const (
	// OffsetsText: offsets are into Document.Text as the caller gave it.
	OffsetsText Offsets = ""
	// OffsetsFile: Text is the input's bytes unchanged (after gzip
	// decompression), so slicing the file at a span gives the passage.
	OffsetsFile Offsets = "file"
	// OffsetsDecoded: Text is the file converted to UTF-8 (decoded from
	// the charset Meta.Notes names, a byte order mark removed, invalid
	// bytes replaced by U+FFFD or double-encoded UTF-8 repaired): offsets
	// are into that UTF-8 text, not into the file's bytes.
	OffsetsDecoded Offsets = "decoded"
	// OffsetsField: Text is the value of a field of a JSON, JSON Lines,
	// CSV or TSV record, unescaped and in UTF-8: offsets are into that
	// value.
	OffsetsField Offsets = "field"
	// OffsetsExtracted: Text was extracted from markup (the main text of
	// an HTML page or WARC record, a feed item's content): offsets are
	// into the extracted text, which churn's output quotes.
	OffsetsExtracted Offsets = "extracted"
)

// Skipped records an input that was not analysed, and why. Nothing churn
// is given is dropped silently: readers report what they could not use
// here (corpus.Read returns the list), and the caller puts the list in
// Result.Skipped for the reports to show. Analyze does not fill it: it is
// given documents, not inputs.
type Skipped struct {
	Name   string // path, URL or "-"
	Reason string // a sentence such as "empty file" or "binary data (NUL byte at offset 12)"
	Kind   SkipKind
}

// SkipKind classifies a Skipped input, for callers that act on it (a
// command line's exit status, --strict) without reading Reason.
type SkipKind uint8

// The kinds of skipped inputs.
const (
	// SkipProblem: the input, or a record in it, cannot be used: empty,
	// binary, malformed, too large.
	SkipProblem SkipKind = iota
	// SkipUnreadable: the input cannot be read at all: it does not exist,
	// cannot be opened or read, or is not a regular file or directory.
	SkipUnreadable
	// SkipIgnored: left out by rule rather than for a problem: a hidden
	// file, an unsupported file type, an include or exclude pattern, a
	// link to a directory, a file named twice, WARC records that are not
	// pages.
	SkipIgnored
)

// String returns "problem", "unreadable" or "ignored".
func (k SkipKind) String() string {
	switch k {
	case SkipProblem:
		return "problem"
	case SkipUnreadable:
		return "unreadable"
	case SkipIgnored:
		return "ignored"
	}
	return "SkipKind(" + strconv.Itoa(int(k)) + ")"
}

// DocInfo describes one analysed document.
type DocInfo struct {
	ID       string
	Name     string
	Meta     Meta
	Bytes    int // length of the original text in bytes
	Chars    int // length of the normalised text in characters (runes)
	Shingles int // number of distinct shingles
	// Boilerplate is the number of original bytes treated as boilerplate:
	// link lists and menus, and text found in more than
	// Options.BoilerplateDocs documents. Boilerplate text is left out of
	// candidate generation and passages.
	Boilerplate int
}

// Span is a half-open range [Start, End) of byte offsets into a
// document's original text.
type Span struct {
	Start, End int
}

// Passage is a passage two documents share. Slicing the original texts at
// A and B gives exactly TextA and TextB.
type Passage struct {
	A, B Span
	// CharsA and CharsB are the passage's lengths in characters of the
	// normalised text.
	CharsA, CharsB int
	// Matched is the share of the passage's characters inside exact
	// matches with the other side after normalisation, the smaller of the
	// two sides' shares: 1 for a verbatim copy.
	Matched float64
	// Identical reports that both sides are equal after normalisation.
	Identical bool
	// Rarity is how rare the passage's wording is, from 0 to 1: the share
	// of its letter 5-grams found in at most Options.RareDocs documents
	// (see package reuse), the lower of the two sides. Stock phrasing
	// found in many documents of the corpus (datelines, attribution
	// formulas) scores low; the wording of a copied story scores 1 unless
	// many documents share it.
	Rarity float64
	// TextA and TextB are the passage as it stands in each original.
	TextA, TextB string
}

// Side names one document of a pair.
type Side int8

// Sides of a pair.
const (
	// SideUnknown: the evidence does not say.
	SideUnknown Side = iota
	// SideA is the pair's document A.
	SideA
	// SideB is the pair's document B.
	SideB
)

// String returns "a", "b" or "".
func (s Side) String() string {
	switch s {
	case SideA:
		return "a"
	case SideB:
		return "b"
	default:
		return ""
	}
}

// Pair is a pair of documents with verified, exact similarity figures.
// A and B index Result.Docs and A < B.
type Pair struct {
	A, B int
	// Jaccard is |A∩B| / |A∪B| over the two documents' shingle sets.
	Jaccard float64
	// ContainmentA is |A∩B| / |A|: the share of A's shingles found in B.
	ContainmentA float64
	// ContainmentB is |A∩B| / |B|: the share of B's shingles found in A.
	ContainmentB float64
	// Shared is |A∩B|, the number of shingles the documents share.
	Shared int
	// Estimate is the Jaccard similarity estimated from the MinHash
	// signatures.
	Estimate float64
	// LSHCandidate reports whether the LSH index proposed the pair (JSON
	// lsh_candidate). A pair is also verified when shared fingerprints or
	// shared rare wording propose it, and every pair of a corpus small
	// enough for a matrix is; LSHCandidate false with a Jaccard
	// similarity at or above Options.LSHThreshold, the similarity the
	// banding is tuned for, is a pair LSH missed.
	LSHCandidate bool
	// SharedFingerprints is the number of winnowed fingerprints the
	// documents share outside boilerplate, if they share at least
	// Options.MinFingerprints of them (0 otherwise): the evidence that
	// proposed the pair for verification as sharing a verbatim passage.
	SharedFingerprints int
	// Passages are the passages the documents share, in order of their
	// position in A.
	Passages []Passage
	// CoverageA and CoverageB are the shares of each document's original
	// bytes inside shared passages.
	CoverageA, CoverageB float64
	// SharedGrams is the number of sampled rare letter 5-grams (those
	// that start words) the documents share, if the gram index proposed
	// the pair (0 otherwise): the evidence that proposed it for rewritten
	// copy (see package reuse).
	SharedGrams int
	// ReuseA is the reuse score of A: the share of its wording, letter
	// 5-grams weighed by rarity, found in B. ReuseB is B's in A.
	ReuseA, ReuseB float64
	// Derived is the document taken to be derived from the other: the
	// later published, when both dates are known and differ; otherwise
	// SideUnknown.
	Derived Side
	// Reuse is the derived document's reuse score, or the smaller of
	// ReuseA and ReuseB when Derived is SideUnknown: how much of its
	// wording comes from the other.
	Reuse float64
	// Class is how derived the derived document is. Reuse decides it
	// (Options.Derivation) when the dates say which document is derived
	// (Derived is not SideUnknown) or the pair shares a passage. A pair
	// that Reuse leaves Independent is partially derived all the same if
	// its Jaccard similarity reaches Options.Threshold, if one distinctive
	// passage (see Passage.Rarity) is Options.ReportPassage characters
	// long, or if distinctive passages cover Options.Containment of either
	// document. Reported pairs are never Independent.
	Class reuse.Class
}

// Cluster is a syndication group: documents joined by the passages of
// reported pairs (see package cluster). Origin and every Member.Doc index
// Result.Docs.
type Cluster struct {
	// Members are the documents of the group, origin first, then by
	// decreasing Share and index.
	Members []Member
	// Origin indexes Result.Docs: the likely origin of the shared text.
	Origin int
	// OriginBy says how the origin was chosen: OriginPublished (the
	// earliest publication time among the members) or OriginContainment
	// (the member that contains most of what the others share with it).
	OriginBy OriginRule
}

// OriginRule says how the origin of a Cluster was chosen; its String
// method gives the name reports print, "published" or "containment". It
// is package cluster's type.
type OriginRule = cluster.OriginRule

// The rules for choosing the origin of a cluster.
const (
	// OriginPublished: the earliest published member, when the
	// publication times of at least two members are known and the
	// earliest is unique.
	OriginPublished = cluster.OriginPublished
	// OriginContainment: otherwise, the member that contains the most of
	// what the others share with it.
	OriginContainment = cluster.OriginContainment
)

// Member is one document of a Cluster.
type Member struct {
	Doc int // index into Result.Docs
	// Share is the share of the document's bytes inside passages it
	// shares with other members of its cluster.
	Share float64
}

// LSHParams are the banding parameters the LSH index chose for the
// threshold: Bands bands of Rows signature values each.
type LSHParams struct {
	Bands, Rows int
}

// Result is what Analyze found.
type Result struct {
	// Options are the options used, with defaults filled in (see
	// Options; MatrixLimit and BoilerplateDocs are -1 when off).
	Options Options
	// Docs lists the analysed documents in input order.
	Docs []DocInfo
	// Matrix holds the exact Jaccard similarity of every pair of documents,
	// Matrix[i][j] for Docs[i] and Docs[j], with 1 on the diagonal. It is
	// nil when there are more than Options.MatrixLimit documents.
	Matrix [][]float64
	// Pairs are the reported pairs: verified pairs whose class is
	// partially or wholly derived (see Pair.Class), by decreasing Reuse,
	// then Jaccard similarity, then the larger of CoverageA and
	// CoverageB, then A and B.
	Pairs []Pair
	// Candidates is the number of distinct pairs proposed for
	// verification by the LSH index, by shared fingerprints or by shared
	// rare wording; LSHCandidates of them by the LSH index,
	// FingerprintCandidates by shared fingerprints and GramCandidates by
	// shared wording (a pair may be proposed by several). Small corpora
	// (with a matrix) have every pair verified whatever was proposed.
	Candidates, LSHCandidates, FingerprintCandidates, GramCandidates int
	// LSH are the banding parameters used.
	LSH LSHParams
	// Clusters are the syndication groups among the reported pairs,
	// largest first (see package cluster for the method).
	Clusters []Cluster
	// Skipped lists inputs that were not analysed, in input order. Analyze
	// and the other functions of the package leave it empty; the caller
	// sets it from what its reader skipped (cmd/churn does) so that
	// reports list them.
	Skipped []Skipped
}
