package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/churnalism/churn"
)

// JSONL writes res as JSON Lines for pipes: one record per line, each an
// object whose first keys are "type" and "schema_version". Records come in
// this order: every document, every reported pair (most similar first),
// every passage of those pairs, every cluster, every skipped input, and a
// final summary. docs/json.md documents the fields.
func JSONL(w io.Writer, res *churn.Result) error {
	if err := checkResult(res); err != nil {
		return err
	}
	passages := passageLines(res)
	workers := max(1, runtime.GOMAXPROCS(0))
	lw := &lineWriter{w: bufio.NewWriter(w), bufs: make([]bytes.Buffer, 2*workers), errs: make([]error, 2*workers)}
	writeLines(lw, "document", docLines(res))
	writeLines(lw, "pair", pairLines(res))
	writeLines(lw, "passage", passages)
	writeLines(lw, "cluster", clusterLines(res))
	writeLines(lw, "skipped", skippedJSON(res))
	writeLines(lw, "summary", []summaryLine{{
		Documents: len(res.Docs), Pairs: len(res.Pairs), Passages: len(passages),
		Clusters: len(res.Clusters), Skipped: len(res.Skipped), candidateCounts: counts(res),
	}})
	if lw.err != nil {
		return lw.err
	}
	if err := lw.w.Flush(); err != nil {
		return fmt.Errorf("report: writing JSONL: %w", err)
	}
	return nil
}

// lineWriter writes JSONL records. They are encoded in chunks on every
// CPU (a million documents make a million records) and written in order.
// The first error sticks: later writes do nothing.
type lineWriter struct {
	w    *bufio.Writer
	bufs []bytes.Buffer // a chunk each
	errs []error        // the error of each chunk's encoding
	err  error
}

// writeLines writes recs, records of one type, one per line: each
// record's JSON object, with "type" and "schema_version" first.
func writeLines[T any](lw *lineWriter, typ string, recs []T) {
	const chunk = 256
	prefix := fmt.Sprintf(`{"type":%q,"schema_version":%d`, typ, SchemaVersion)
	for len(recs) > 0 && lw.err == nil {
		var wg sync.WaitGroup
		n := 0
		for ; n < len(lw.bufs) && len(recs) > 0; n++ {
			part := recs[:min(chunk, len(recs))]
			recs = recs[len(part):]
			buf, errp := &lw.bufs[n], &lw.errs[n]
			buf.Reset()
			wg.Go(func() { *errp = encodeLines(buf, prefix, part) })
		}
		wg.Wait()
		for i := range n {
			if lw.err = lw.errs[i]; lw.err != nil {
				return
			}
			if _, err := lw.w.Write(lw.bufs[i].Bytes()); err != nil {
				lw.err = fmt.Errorf("report: writing JSONL: %w", err)
				return
			}
		}
	}
}

// encodeLines appends recs to buf, each as encoding/json writes it, a
// line of its own, with prefix in place of its opening brace and a comma:
// prefix must be an object's beginning, without the brace that closes it,
// and every record an object with at least one field.
func encodeLines[T any](buf *bytes.Buffer, prefix string, recs []T) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false) // names and texts are text, not HTML
	for _, r := range recs {
		start := buf.Len()
		buf.WriteString(prefix)
		if err := enc.Encode(r); err != nil {
			buf.Truncate(start)
			return fmt.Errorf("report: encoding JSONL: %w", err)
		}
		buf.Bytes()[start+len(prefix)] = ',' // was the record's "{"
	}
	return nil
}
