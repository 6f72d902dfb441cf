package report

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/reuse"
)

// SchemaVersion is the value of the schema_version field of JSON output.
// It changes when a field changes meaning or is removed; adding a field
// does not change it. Version 2: pairs are reported by their derivation
// class and ranked by reuse score (fields reuse, reuse_a, reuse_b,
// derived, class, shared_grams; passage rarity).
const SchemaVersion = 2

// The types below are the one schema of JSON, JSON Lines, CSV and TSV
// output: their json tags fix the field names and their order, for JSON
// and JSONL through encoding/json and for the CSV and TSV tables through
// the same tags (see csvColumns). They mirror the churn types on purpose
// instead of tagging them: the library's types stay free of presentation
// concerns, and the schema cannot change by accident when a field is added
// to or renamed in churn.
//
// A record is split into parts where the encodings differ: JSON nests a
// pair's passages where JSONL counts them, and JSONL numbers its records
// (rank, index, size) and lists a document's metadata before its sizes,
// as it always has. The parts are embedded, so each field is declared
// once: a field added to a part appears in every encoding that has the
// part, and docs/json.md must document it (TestJSONDocumented).

// jsonReport is the JSON document.
type jsonReport struct {
	SchemaVersion   int           `json:"schema_version"`
	Options         jsonOptions   `json:"options"`
	LSH             jsonLSH       `json:"lsh"`
	Documents       []jsonDoc     `json:"documents"`
	Matrix          [][]float6    `json:"matrix"`
	Pairs           []jsonPair    `json:"pairs"`
	candidateCounts               // candidates … gram_candidates
	Clusters        []jsonCluster `json:"clusters"`
	Skipped         []skipped     `json:"skipped"`
}

type jsonOptions struct {
	K               int    `json:"k"`
	NumHashes       int    `json:"num_hashes"`
	Seed            uint64 `json:"seed"`
	Threshold       float6 `json:"threshold"`
	Containment     float6 `json:"containment"`
	ReportPassage   int    `json:"report_passage"`
	Partial         float6 `json:"derivation_partial"`
	Whole           float6 `json:"derivation_whole"`
	RareDocs        int    `json:"rare_docs"`
	LSHThreshold    float6 `json:"lsh_threshold"`
	Window          int    `json:"window"`
	MinFingerprints int    `json:"min_fingerprints"`
	BoilerplateDocs int    `json:"boilerplate_docs"`
	KeepLists       bool   `json:"keep_lists"`
	MinPassage      int    `json:"min_passage"`
	MaxGap          int    `json:"max_gap"`
	KeepAccents     bool   `json:"keep_accents"`
	MatrixLimit     int    `json:"matrix_limit"`
}

type jsonLSH struct {
	Bands int `json:"bands"`
	Rows  int `json:"rows"`
}

// candidateCounts are the candidate pair counts of JSON and of the JSONL
// summary.
type candidateCounts struct {
	Candidates     int `json:"candidates"`
	LSHCandidates  int `json:"lsh_candidates"`
	FPCandidates   int `json:"fingerprint_candidates"`
	GramCandidates int `json:"gram_candidates"`
}

// A document is its ID and name, its sizes, its metadata and the tail.

type docSizes struct {
	Bytes            int `json:"bytes"`
	Chars            int `json:"chars"`
	Shingles         int `json:"shingles"`
	BoilerplateBytes int `json:"boilerplate_bytes"`
}

type docMeta struct {
	URL       string  `json:"url"`
	Title     string  `json:"title"`
	Outlet    string  `json:"outlet"`
	Published *string `json:"published"`
	Lang      string  `json:"lang"`
}

type docTail struct {
	Notes   []string `json:"notes"`
	Offsets string   `json:"offsets"`
}

// jsonDoc is an element of JSON's documents.
type jsonDoc struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	docSizes
	docMeta
	docTail
}

// docLine is a JSONL document record and a row of the documents table.
type docLine struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
	Name  string `json:"name"`
	docMeta
	docSizes
	docTail
}

// pairCore is what every encoding says of a pair.
type pairCore struct {
	A                  string  `json:"a"`
	B                  string  `json:"b"`
	AIndex             int     `json:"a_index"`
	BIndex             int     `json:"b_index"`
	Jaccard            float6  `json:"jaccard"`
	ContainmentA       float6  `json:"containment_a"`
	ContainmentB       float6  `json:"containment_b"`
	SharedShingles     int     `json:"shared_shingles"`
	Estimate           float6  `json:"estimate"`
	LSHCandidate       bool    `json:"lsh_candidate"`
	SharedFingerprints int     `json:"shared_fingerprints"`
	CoverageA          float6  `json:"coverage_a"`
	CoverageB          float6  `json:"coverage_b"`
	SharedGrams        int     `json:"shared_grams"`
	Reuse              float6  `json:"reuse"`
	ReuseA             float6  `json:"reuse_a"`
	ReuseB             float6  `json:"reuse_b"`
	Derived            *string `json:"derived"`
	Class              string  `json:"class"`
}

// jsonPair is an element of JSON's pairs, its passages nested.
type jsonPair struct {
	pairCore
	Passages []passage `json:"passages"`
}

// pairLine is a JSONL pair record and a row of the pairs table.
type pairLine struct {
	Rank int `json:"rank"`
	pairCore
	Passages int    `json:"passages"`
	Cluster  string `json:"cluster"`
}

// passage is an element of a JSON pair's passages.
type passage struct {
	AStart    int    `json:"a_start"`
	AEnd      int    `json:"a_end"`
	BStart    int    `json:"b_start"`
	BEnd      int    `json:"b_end"`
	CharsA    int    `json:"chars_a"`
	CharsB    int    `json:"chars_b"`
	Matched   float6 `json:"matched"`
	Identical bool   `json:"identical"`
	Rarity    float6 `json:"rarity"`
	TextA     string `json:"text_a"`
	TextB     string `json:"text_b"`
}

// passageLine is a JSONL passage record and a row of the passages table:
// the passage numbered within its pair, the pair by its rank.
type passageLine struct {
	Pair    int    `json:"pair"`
	Passage int    `json:"passage"`
	A       string `json:"a"`
	B       string `json:"b"`
	passage
}

// clusterOrigin is a cluster's likely origin.
type clusterOrigin struct {
	Origin      string `json:"origin"`
	OriginIndex int    `json:"origin_index"`
	OriginBy    string `json:"origin_by"`
}

// jsonCluster is an element of JSON's clusters.
type jsonCluster struct {
	ID string `json:"id"`
	clusterOrigin
	Members []member `json:"members"`
}

// clusterHead is what JSONL and the clusters table say of a cluster
// besides its members.
type clusterHead struct {
	ID   string `json:"id"`
	Size int    `json:"size"`
	clusterOrigin
}

// clusterLine is a JSONL cluster record.
type clusterLine struct {
	clusterHead
	Members []member `json:"members"`
}

// clusterRow is a row of the clusters table: one member of a cluster.
type clusterRow struct {
	clusterHead
	Member      string `json:"member"`
	MemberIndex int    `json:"member_index"`
	Share       float6 `json:"share"`
}

type member struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
	Share float6 `json:"share"`
}

// skipped is a skipped input in every encoding.
type skipped struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
	Kind   string `json:"kind"`
}

// summaryLine is the last JSONL record.
type summaryLine struct {
	Documents int `json:"documents"`
	Pairs     int `json:"pairs"`
	Passages  int `json:"passages"`
	Clusters  int `json:"clusters"`
	Skipped   int `json:"skipped"`
	candidateCounts
}

// float6 is a float64 that marshals rounded to 6 decimal places, in the
// shortest form that reads back as the rounded value ("0.25", "1", "0").
type float6 float64

func (f float6) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, fmt.Errorf("value %v has no JSON representation", x)
	}
	r := math.Round(x*1e6) / 1e6
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.AppendFloat(nil, r, 'f', -1, 64), nil
}

// counts returns the candidate counts of res.
func counts(res *churn.Result) candidateCounts {
	return candidateCounts{
		Candidates:     res.Candidates,
		LSHCandidates:  res.LSHCandidates,
		FPCandidates:   res.FingerprintCandidates,
		GramCandidates: res.GramCandidates,
	}
}

// docJSON returns the JSON form of a document.
func docJSON(d churn.DocInfo) jsonDoc {
	notes := d.Meta.Notes
	if notes == nil {
		notes = []string{}
	}
	return jsonDoc{
		ID: d.ID, Name: d.Name,
		docSizes: docSizes{Bytes: d.Bytes, Chars: d.Chars, Shingles: d.Shingles, BoilerplateBytes: d.Boilerplate},
		docMeta: docMeta{URL: d.Meta.URL, Title: d.Meta.Title, Outlet: d.Meta.Outlet,
			Published: timeJSON(d.Meta.Published), Lang: d.Meta.Lang},
		docTail: docTail{Notes: notes, Offsets: offsetsJSON(d.Meta.Offsets)},
	}
}

// docLines returns the document records of res.
func docLines(res *churn.Result) []docLine {
	out := make([]docLine, len(res.Docs))
	for i, d := range res.Docs {
		j := docJSON(d)
		out[i] = docLine{ID: j.ID, Index: i, Name: j.Name, docMeta: j.docMeta, docSizes: j.docSizes, docTail: j.docTail}
	}
	return out
}

// pairJSON returns what every encoding says of p.
func pairJSON(res *churn.Result, p churn.Pair) pairCore {
	return pairCore{
		A: res.Docs[p.A].ID, B: res.Docs[p.B].ID, AIndex: p.A, BIndex: p.B,
		Jaccard:            float6(p.Jaccard),
		ContainmentA:       float6(p.ContainmentA),
		ContainmentB:       float6(p.ContainmentB),
		SharedShingles:     p.Shared,
		Estimate:           float6(p.Estimate),
		LSHCandidate:       p.LSHCandidate,
		SharedFingerprints: p.SharedFingerprints,
		CoverageA:          float6(p.CoverageA),
		CoverageB:          float6(p.CoverageB),
		SharedGrams:        p.SharedGrams,
		Reuse:              float6(p.Reuse),
		ReuseA:             float6(p.ReuseA),
		ReuseB:             float6(p.ReuseB),
		Derived:            derivedID(res, p),
		Class:              className(p.Class),
	}
}

// pairLines returns the pair records of res, most derived first.
func pairLines(res *churn.Result) []pairLine {
	of := clusterOf(res)
	out := make([]pairLine, len(res.Pairs))
	for i, p := range res.Pairs {
		cl := ""
		if of[p.A] == of[p.B] {
			cl = of[p.A]
		}
		out[i] = pairLine{Rank: i + 1, pairCore: pairJSON(res, p), Passages: len(p.Passages), Cluster: cl}
	}
	return out
}

// clusterOf maps document indexes to the IDs of their clusters.
func clusterOf(res *churn.Result) map[int]string {
	m := map[int]string{}
	for i, c := range res.Clusters {
		for _, mem := range c.Members {
			m[mem.Doc] = clusterID(i)
		}
	}
	return m
}

// passageJSON returns the JSON form of a passage.
func passageJSON(q churn.Passage) passage {
	return passage{
		AStart: q.A.Start, AEnd: q.A.End, BStart: q.B.Start, BEnd: q.B.End,
		CharsA: q.CharsA, CharsB: q.CharsB,
		Matched: float6(q.Matched), Identical: q.Identical,
		Rarity: float6(q.Rarity),
		TextA:  q.TextA, TextB: q.TextB,
	}
}

// passageLines returns one record per passage of every pair of res.
func passageLines(res *churn.Result) []passageLine {
	var out []passageLine
	for i, p := range res.Pairs {
		for j, q := range p.Passages {
			out = append(out, passageLine{Pair: i + 1, Passage: j + 1,
				A: res.Docs[p.A].ID, B: res.Docs[p.B].ID, passage: passageJSON(q)})
		}
	}
	return out
}

// clusterJSON returns the JSON form of cluster i.
func clusterJSON(res *churn.Result, i int, c churn.Cluster) jsonCluster {
	jc := jsonCluster{ID: clusterID(i),
		clusterOrigin: clusterOrigin{Origin: res.Docs[c.Origin].ID, OriginIndex: c.Origin, OriginBy: string(c.OriginBy)},
		Members:       make([]member, len(c.Members))}
	for j, m := range c.Members {
		jc.Members[j] = member{ID: res.Docs[m.Doc].ID, Index: m.Doc, Share: float6(m.Share)}
	}
	return jc
}

// clusterLines returns the cluster records of res.
func clusterLines(res *churn.Result) []clusterLine {
	out := make([]clusterLine, len(res.Clusters))
	for i, c := range res.Clusters {
		jc := clusterJSON(res, i, c)
		out[i] = clusterLine{clusterHead{ID: jc.ID, Size: len(jc.Members), clusterOrigin: jc.clusterOrigin}, jc.Members}
	}
	return out
}

// clusterRows returns the rows of the clusters table: one per member.
func clusterRows(res *churn.Result) []clusterRow {
	var out []clusterRow
	for _, c := range clusterLines(res) {
		for _, m := range c.Members {
			out = append(out, clusterRow{c.clusterHead, m.ID, m.Index, m.Share})
		}
	}
	return out
}

// skippedJSON returns the skipped inputs of res.
func skippedJSON(res *churn.Result) []skipped {
	out := make([]skipped, len(res.Skipped))
	for i, s := range res.Skipped {
		out[i] = skipped{Name: s.Name, Reason: s.Reason, Kind: s.Kind.String()}
	}
	return out
}

// derivedID returns the ID of the pair's derived document, or nil when
// the evidence does not say.
func derivedID(res *churn.Result, p churn.Pair) *string {
	var id string
	switch p.Derived {
	case churn.SideA:
		id = res.Docs[p.A].ID
	case churn.SideB:
		id = res.Docs[p.B].ID
	default:
		return nil
	}
	return &id
}

// className is the JSON value of a derivation class: "wholly_derived",
// "partially_derived" or "independent".
func className(c reuse.Class) string { return strings.ReplaceAll(c.String(), " ", "_") }

// offsetsJSON names what a document's offsets refer to: "text" for
// documents that no reader of package corpus made.
func offsetsJSON(o churn.Offsets) string {
	if o == churn.OffsetsText {
		return "text"
	}
	return string(o)
}

// timeJSON formats t in RFC 3339, UTC, or returns nil for the zero time.
func timeJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// checkResult returns an error for a nil res or one whose pairs or
// clusters refer to a document it does not have. The functions above,
// and every report, take a checked Result.
func checkResult(res *churn.Result) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	doc := func(i int) error {
		if i < 0 || i >= len(res.Docs) {
			return fmt.Errorf("report: result refers to document %d of %d", i, len(res.Docs))
		}
		return nil
	}
	for _, p := range res.Pairs {
		if err := cmp.Or(doc(p.A), doc(p.B)); err != nil {
			return err
		}
	}
	for _, c := range res.Clusters {
		if err := doc(c.Origin); err != nil {
			return err
		}
		for _, m := range c.Members {
			if err := doc(m.Doc); err != nil {
				return err
			}
		}
	}
	return nil
}
