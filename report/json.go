package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"

	"github.com/churnalism/churn"
)

// JSON writes res to w as one JSON document, indented by two spaces and
// ending with a newline. The package documentation describes the schema.
// The output depends only on res: the same Result always gives the same
// bytes.
func JSON(w io.Writer, res *churn.Result) error {
	if err := checkResult(res); err != nil {
		return err
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
		LSH:             jsonLSH{Bands: res.LSH.Bands, Rows: res.LSH.Rows},
		Documents:       make([]jsonDoc, len(res.Docs)),
		Pairs:           make([]jsonPair, len(res.Pairs)),
		candidateCounts: counts(res),
		Clusters:        make([]jsonCluster, len(res.Clusters)),
		Skipped:         skippedJSON(res),
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
		out.Pairs[i] = jsonPair{pairCore: pairJSON(res, p), Passages: make([]passage, len(p.Passages))}
		for j, q := range p.Passages {
			out.Pairs[i].Passages[j] = passageJSON(q)
		}
	}
	for i, c := range res.Clusters {
		out.Clusters[i] = clusterJSON(res, i, c)
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
