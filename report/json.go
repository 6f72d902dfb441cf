package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
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

// The structs below fix the JSON field names and their order. They mirror
// the churn types on purpose instead of tagging them: the library's types
// stay free of presentation concerns, and the schema cannot change by
// accident when a field is added to or renamed in churn.

type jsonReport struct {
	SchemaVersion  int           `json:"schema_version"`
	Options        jsonOptions   `json:"options"`
	LSH            jsonLSH       `json:"lsh"`
	Documents      []jsonDoc     `json:"documents"`
	Matrix         [][]float6    `json:"matrix"`
	Pairs          []jsonPair    `json:"pairs"`
	Candidates     int           `json:"candidates"`
	LSHCandidates  int           `json:"lsh_candidates"`
	FPCandidates   int           `json:"fingerprint_candidates"`
	GramCandidates int           `json:"gram_candidates"`
	Clusters       []jsonCluster `json:"clusters"`
	Skipped        []jsonSkipped `json:"skipped"`
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

type jsonDoc struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Bytes            int      `json:"bytes"`
	Chars            int      `json:"chars"`
	Shingles         int      `json:"shingles"`
	BoilerplateBytes int      `json:"boilerplate_bytes"`
	URL              string   `json:"url"`
	Title            string   `json:"title"`
	Outlet           string   `json:"outlet"`
	Published        *string  `json:"published"`
	Lang             string   `json:"lang"`
	Notes            []string `json:"notes"`
	Offsets          string   `json:"offsets"`
}

type jsonCluster struct {
	ID          string       `json:"id"`
	Origin      string       `json:"origin"`
	OriginIndex int          `json:"origin_index"`
	OriginBy    string       `json:"origin_by"`
	Members     []jsonMember `json:"members"`
}

type jsonMember struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
	Share float6 `json:"share"`
}

type jsonPair struct {
	A                  string        `json:"a"`
	B                  string        `json:"b"`
	AIndex             int           `json:"a_index"`
	BIndex             int           `json:"b_index"`
	Jaccard            float6        `json:"jaccard"`
	ContainmentA       float6        `json:"containment_a"`
	ContainmentB       float6        `json:"containment_b"`
	SharedShingles     int           `json:"shared_shingles"`
	Estimate           float6        `json:"estimate"`
	LSHCandidate       bool          `json:"lsh_candidate"`
	SharedFingerprints int           `json:"shared_fingerprints"`
	CoverageA          float6        `json:"coverage_a"`
	CoverageB          float6        `json:"coverage_b"`
	SharedGrams        int           `json:"shared_grams"`
	Reuse              float6        `json:"reuse"`
	ReuseA             float6        `json:"reuse_a"`
	ReuseB             float6        `json:"reuse_b"`
	Derived            *string       `json:"derived"`
	Class              string        `json:"class"`
	Passages           []jsonPassage `json:"passages"`
}

type jsonPassage struct {
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

type jsonSkipped struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
	Kind   string `json:"kind"`
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

// JSON writes res to w as one JSON document, indented by two spaces and
// ending with a newline. The package documentation describes the schema.
// The output depends only on res: the same Result always gives the same
// bytes.
func JSON(w io.Writer, res *churn.Result) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	o := res.Options
	out := jsonReport{
		SchemaVersion: SchemaVersion,
		Options: jsonOptions{
			K:               o.K,
			NumHashes:       o.NumHashes,
			Seed:            o.Seed,
			Threshold:       float6(o.Threshold),
			Containment:     float6(o.Containment),
			ReportPassage:   o.ReportPassage,
			Partial:         float6(o.Derivation.Partial),
			Whole:           float6(o.Derivation.Whole),
			RareDocs:        o.RareDocs,
			LSHThreshold:    float6(o.LSHThreshold),
			Window:          o.Window,
			MinFingerprints: o.MinFingerprints,
			BoilerplateDocs: o.BoilerplateDocs,
			KeepLists:       o.KeepLists,
			MinPassage:      o.MinPassage,
			MaxGap:          o.MaxGap,
			KeepAccents:     o.KeepAccents,
			MatrixLimit:     o.MatrixLimit,
		},
		LSH:            jsonLSH{Bands: res.LSH.Bands, Rows: res.LSH.Rows},
		Documents:      make([]jsonDoc, len(res.Docs)),
		Pairs:          make([]jsonPair, len(res.Pairs)),
		Candidates:     res.Candidates,
		LSHCandidates:  res.LSHCandidates,
		FPCandidates:   res.FingerprintCandidates,
		GramCandidates: res.GramCandidates,
		Skipped:        make([]jsonSkipped, len(res.Skipped)),
	}
	for i, d := range res.Docs {
		out.Documents[i] = docJSON(d)
	}
	if res.Matrix != nil {
		out.Matrix = make([][]float6, len(res.Matrix))
		for i, row := range res.Matrix {
			out.Matrix[i] = make([]float6, len(row))
			for j, x := range row {
				out.Matrix[i][j] = float6(x)
			}
		}
	}
	for i, p := range res.Pairs {
		a, err := docID(res, p.A)
		if err != nil {
			return err
		}
		b, err := docID(res, p.B)
		if err != nil {
			return err
		}
		out.Pairs[i] = jsonPair{
			A: a, B: b, AIndex: p.A, BIndex: p.B,
			Jaccard:            float6(p.Jaccard),
			ContainmentA:       float6(p.ContainmentA),
			ContainmentB:       float6(p.ContainmentB),
			SharedShingles:     p.Shared,
			Estimate:           float6(p.Estimate),
			LSHCandidate:       p.Candidate,
			SharedFingerprints: p.SharedFingerprints,
			CoverageA:          float6(p.CoverageA),
			CoverageB:          float6(p.CoverageB),
			SharedGrams:        p.SharedGrams,
			Reuse:              float6(p.Reuse),
			ReuseA:             float6(p.ReuseA),
			ReuseB:             float6(p.ReuseB),
			Derived:            derivedID(res, p),
			Class:              className(p.Class),
			Passages:           make([]jsonPassage, len(p.Passages)),
		}
		for j, q := range p.Passages {
			out.Pairs[i].Passages[j] = jsonPassage{
				AStart: q.A.Start, AEnd: q.A.End, BStart: q.B.Start, BEnd: q.B.End,
				CharsA: q.CharsA, CharsB: q.CharsB,
				Matched: float6(q.Matched), Identical: q.Identical,
				Rarity: float6(q.Rarity),
				TextA:  q.TextA, TextB: q.TextB,
			}
		}
	}
	out.Clusters = make([]jsonCluster, len(res.Clusters))
	for i, c := range res.Clusters {
		jc, err := clusterJSON(res, i, c)
		if err != nil {
			return err
		}
		out.Clusters[i] = jc
	}
	for i, s := range res.Skipped {
		out.Skipped[i] = jsonSkipped{Name: s.Name, Reason: s.Reason, Kind: s.Kind.String()}
	}

	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // names and reasons are text, not HTML
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("report: encoding JSON: %w", err)
	}
	if _, err := w.Write(numberArray.ReplaceAllFunc(b.Bytes(), oneLine)); err != nil {
		return fmt.Errorf("report: writing JSON: %w", err)
	}
	return nil
}

// numberArray matches an indented JSON array of numbers, such as a row of
// the matrix. It cannot match inside a string: encoded strings hold no
// newlines.
var numberArray = regexp.MustCompile(`\[\n\s*-?[0-9][0-9.eE+-]*(?:,\n\s*-?[0-9][0-9.eE+-]*)*\n\s*\]`)

// oneLine puts an array matched by numberArray on one line, so that a
// matrix reads as one row per line: "[1, 0.25]".
func oneLine(arr []byte) []byte {
	fields := bytes.Fields(arr[1 : len(arr)-1]) // "0.25," "1"
	out := append([]byte{'['}, bytes.Join(fields, []byte(" "))...)
	return append(out, ']')
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

// docJSON returns the JSON form of a document.
func docJSON(d churn.DocInfo) jsonDoc {
	j := jsonDoc{
		ID: d.ID, Name: d.Name, Bytes: d.Bytes, Chars: d.Chars, Shingles: d.Shingles,
		BoilerplateBytes: d.Boilerplate,
		URL:              d.Meta.URL, Title: d.Meta.Title, Outlet: d.Meta.Outlet, Lang: d.Meta.Lang,
		Published: timeJSON(d.Meta.Published),
		Notes:     d.Meta.Notes,
		Offsets:   offsetsJSON(d.Meta.Offsets),
	}
	if j.Notes == nil {
		j.Notes = []string{}
	}
	return j
}

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

// clusterJSON returns the JSON form of cluster i.
func clusterJSON(res *churn.Result, i int, c churn.Cluster) (jsonCluster, error) {
	origin, err := docID(res, c.Origin)
	if err != nil {
		return jsonCluster{}, err
	}
	jc := jsonCluster{ID: clusterID(i), Origin: origin, OriginIndex: c.Origin, OriginBy: c.OriginBy,
		Members: make([]jsonMember, len(c.Members))}
	for j, m := range c.Members {
		id, err := docID(res, m.Doc)
		if err != nil {
			return jsonCluster{}, err
		}
		jc.Members[j] = jsonMember{ID: id, Index: m.Doc, Share: float6(m.Share)}
	}
	return jc, nil
}

// docID returns the ID of document i of res, or an error if a pair refers
// to a document the Result does not have.
func docID(res *churn.Result, i int) (string, error) {
	if i < 0 || i >= len(res.Docs) {
		return "", fmt.Errorf("report: result refers to document %d of %d", i, len(res.Docs))
	}
	return res.Docs[i].ID, nil
}
