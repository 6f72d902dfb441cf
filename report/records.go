package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/churnalism/churn"
)

// Tables are the record types CSV and TSV output can write, one table at
// a time, in the order JSONL writes them.
var Tables = []string{"documents", "pairs", "passages", "clusters", "skipped"}

// field is one named value of a record. Values are string, int, bool,
// float6, *string (nil: null), []string or a nested []record.
type field struct {
	key string
	val any
}

type record []field

// documentRecords returns one record per document.
func documentRecords(res *churn.Result) []record {
	out := make([]record, len(res.Docs))
	for i, d := range res.Docs {
		j := docJSON(d)
		out[i] = record{
			{"id", d.ID}, {"index", i}, {"name", d.Name}, {"url", j.URL}, {"title", j.Title},
			{"outlet", j.Outlet}, {"published", j.Published}, {"lang", j.Lang},
			{"bytes", d.Bytes}, {"chars", d.Chars}, {"shingles", d.Shingles},
			{"boilerplate_bytes", d.Boilerplate}, {"notes", j.Notes},
			{"offsets", j.Offsets},
		}
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

// pairRecords returns one record per reported pair.
func pairRecords(res *churn.Result) ([]record, error) {
	of := clusterOf(res)
	out := make([]record, len(res.Pairs))
	for i, p := range res.Pairs {
		a, err := docID(res, p.A)
		if err != nil {
			return nil, err
		}
		b, err := docID(res, p.B)
		if err != nil {
			return nil, err
		}
		cl := ""
		if of[p.A] == of[p.B] {
			cl = of[p.A]
		}
		out[i] = record{
			{"rank", i + 1}, {"a", a}, {"b", b}, {"a_index", p.A}, {"b_index", p.B},
			{"jaccard", float6(p.Jaccard)}, {"containment_a", float6(p.ContainmentA)},
			{"containment_b", float6(p.ContainmentB)}, {"shared_shingles", p.Shared},
			{"estimate", float6(p.Estimate)}, {"lsh_candidate", p.LSHCandidate},
			{"shared_fingerprints", p.SharedFingerprints},
			{"coverage_a", float6(p.CoverageA)}, {"coverage_b", float6(p.CoverageB)},
			{"shared_grams", p.SharedGrams}, {"reuse", float6(p.Reuse)},
			{"reuse_a", float6(p.ReuseA)}, {"reuse_b", float6(p.ReuseB)},
			{"derived", derivedID(res, p)}, {"class", className(p.Class)},
			{"passages", len(p.Passages)}, {"cluster", cl},
		}
	}
	return out, nil
}

// passageRecords returns one record per passage of every reported pair.
func passageRecords(res *churn.Result) []record {
	var out []record
	for i, p := range res.Pairs {
		for j, q := range p.Passages {
			out = append(out, record{
				{"pair", i + 1}, {"passage", j + 1},
				{"a", res.Docs[p.A].ID}, {"b", res.Docs[p.B].ID},
				{"a_start", q.A.Start}, {"a_end", q.A.End}, {"b_start", q.B.Start}, {"b_end", q.B.End},
				{"chars_a", q.CharsA}, {"chars_b", q.CharsB},
				{"matched", float6(q.Matched)}, {"identical", q.Identical},
				{"rarity", float6(q.Rarity)},
				{"text_a", q.TextA}, {"text_b", q.TextB},
			})
		}
	}
	return out
}

// clusterRecords returns one record per cluster, members nested.
func clusterRecords(res *churn.Result) ([]record, error) {
	out := make([]record, len(res.Clusters))
	for i, c := range res.Clusters {
		jc, err := clusterJSON(res, i, c)
		if err != nil {
			return nil, err
		}
		members := make([]record, len(jc.Members))
		for j, m := range jc.Members {
			members[j] = record{{"id", m.ID}, {"index", m.Index}, {"share", m.Share}}
		}
		out[i] = record{
			{"id", jc.ID}, {"size", len(c.Members)}, {"origin", jc.Origin},
			{"origin_index", jc.OriginIndex}, {"origin_by", jc.OriginBy}, {"members", members},
		}
	}
	return out, nil
}

// skippedRecords returns one record per skipped input.
func skippedRecords(res *churn.Result) []record {
	out := make([]record, len(res.Skipped))
	for i, s := range res.Skipped {
		out[i] = record{{"name", s.Name}, {"reason", s.Reason}, {"kind", s.Kind.String()}}
	}
	return out
}

// JSONL writes res as JSON Lines for pipes: one record per line, each an
// object whose first keys are "type" and "schema_version". Records come in
// this order: every document, every reported pair (most similar first),
// every passage of those pairs, every cluster, every skipped input, and a
// final summary. docs/json.md documents the fields.
func JSONL(w io.Writer, res *churn.Result) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	pairs, err := pairRecords(res)
	if err != nil {
		return err
	}
	clusters, err := clusterRecords(res)
	if err != nil {
		return err
	}
	passages := passageRecords(res)
	bw := bufio.NewWriter(w)
	// Records are encoded in chunks on every CPU (a million documents
	// make a million records) and written in order.
	workers := max(1, runtime.GOMAXPROCS(0))
	bufs := make([]bytes.Buffer, 2*workers)
	emit := func(typ string, recs []record) error {
		const chunk = 256
		for len(recs) > 0 {
			var wg sync.WaitGroup
			n := 0
			for ; n < len(bufs) && len(recs) > 0; n++ {
				part := recs[:min(chunk, len(recs))]
				recs = recs[len(part):]
				buf := &bufs[n]
				buf.Reset()
				wg.Add(1)
				go func() {
					defer wg.Done()
					for _, r := range part {
						writeObject(buf, append(record{{"type", typ}, {"schema_version", SchemaVersion}}, r...))
						buf.WriteByte('\n')
					}
				}()
			}
			wg.Wait()
			for i := range n {
				if _, err := bw.Write(bufs[i].Bytes()); err != nil {
					return fmt.Errorf("report: writing JSONL: %w", err)
				}
			}
		}
		return nil
	}
	for _, t := range []struct {
		typ  string
		recs []record
	}{
		{"document", documentRecords(res)}, {"pair", pairs}, {"passage", passages},
		{"cluster", clusters}, {"skipped", skippedRecords(res)},
		{"summary", []record{{
			{"documents", len(res.Docs)}, {"pairs", len(res.Pairs)}, {"passages", len(passages)},
			{"clusters", len(res.Clusters)}, {"skipped", len(res.Skipped)},
			{"candidates", res.Candidates}, {"lsh_candidates", res.LSHCandidates},
			{"fingerprint_candidates", res.FingerprintCandidates}, {"gram_candidates", res.GramCandidates},
		}}},
	} {
		if err := emit(t.typ, t.recs); err != nil {
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: writing JSONL: %w", err)
	}
	return nil
}

// writeObject writes r as a JSON object with keys in order.
func writeObject(b *bytes.Buffer, r record) {
	b.WriteByte('{')
	for i, f := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, f.key)
		b.WriteByte(':')
		writeValue(b, f.val)
	}
	b.WriteByte('}')
}

func writeValue(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case record:
		writeObject(b, v)
	case []record:
		b.WriteByte('[')
		for i, r := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeObject(b, r)
		}
		b.WriteByte(']')
	case string:
		writeString(b, v)
	case *string:
		if v == nil {
			b.WriteString("null")
		} else {
			writeString(b, *v)
		}
	default:
		enc, err := json.Marshal(v)
		if err != nil { // only float6 can fail, on NaN or Inf
			b.WriteString("null")
			return
		}
		b.Write(enc)
	}
}

// writeString writes s as a JSON string without HTML escaping.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // strings always encode
	b.Truncate(b.Len() - 1)
}

// writeTable writes one table of res for CSVWith.
func writeTable(w io.Writer, res *churn.Result, table string, opt CSVOptions) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	var recs []record
	var err error
	switch table {
	case "documents":
		recs = documentRecords(res)
	case "pairs":
		recs, err = pairRecords(res)
	case "passages":
		recs = passageRecords(res)
	case "clusters":
		var cs []record
		cs, err = clusterRecords(res)
		for _, c := range cs {
			for _, m := range c[5].val.([]record) {
				recs = append(recs, record{c[0], c[1], c[2], c[3], c[4],
					{"member", m[0].val}, {"member_index", m[1].val}, {"share", m[2].val}})
			}
		}
	case "skipped":
		recs = skippedRecords(res)
	default:
		return fmt.Errorf("report: no table %q; want one of %s", table, strings.Join(Tables, ", "))
	}
	if err != nil {
		return err
	}
	header := headers[table]
	cw := csv.NewWriter(w)
	cw.Comma = opt.comma()
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("report: writing %s: %w", table, err)
	}
	row := make([]string, len(header))
	for _, r := range recs {
		for i, f := range r {
			row[i] = opt.cell(f.val)
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("report: writing %s: %w", table, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: writing %s: %w", table, err)
	}
	return nil
}

// headers are the column names of each table, as the records have them.
var headers = func() map[string][]string {
	keys := func(r record) []string {
		var ks []string
		for _, f := range r {
			ks = append(ks, f.key)
		}
		return ks
	}
	ex := &churn.Result{
		Docs:     []churn.DocInfo{{}},
		Pairs:    []churn.Pair{{Passages: []churn.Passage{{}}}},
		Clusters: []churn.Cluster{{Members: []churn.Member{{}}}},
		Skipped:  []churn.Skipped{{}},
	}
	pr, _ := pairRecords(ex)
	return map[string][]string{
		"documents": keys(documentRecords(ex)[0]),
		"pairs":     keys(pr[0]),
		"passages":  keys(passageRecords(ex)[0]),
		"clusters":  {"id", "size", "origin", "origin_index", "origin_by", "member", "member_index", "share"},
		"skipped":   keys(skippedRecords(ex)[0]),
	}
}()

// cell formats a value for CSV.
func cell(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case *string:
		if v == nil {
			return ""
		}
		return *v
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case float6:
		b, err := v.MarshalJSON()
		if err != nil {
			return ""
		}
		return string(b)
	case []string:
		return strings.Join(v, "; ")
	}
	return fmt.Sprint(v)
}

// writeMatrix writes the similarity matrix of res for MatrixCSVWith.
func writeMatrix(w io.Writer, res *churn.Result, opt CSVOptions) error {
	if res == nil {
		return errors.New("report: nil result")
	}
	if res.Matrix == nil {
		return fmt.Errorf("report: no matrix: %d documents, above the matrix limit %d", len(res.Docs), res.Options.MatrixLimit)
	}
	cw := csv.NewWriter(w)
	cw.Comma = opt.comma()
	row := []string{"id"}
	for _, d := range res.Docs {
		row = append(row, opt.text(d.ID))
	}
	if err := cw.Write(row); err != nil {
		return fmt.Errorf("report: writing matrix: %w", err)
	}
	for i, d := range res.Docs {
		row = append(row[:0], opt.text(d.ID))
		for _, x := range res.Matrix[i] {
			row = append(row, cell(float6(x)))
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("report: writing matrix: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: writing matrix: %w", err)
	}
	return nil
}
