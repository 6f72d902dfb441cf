package postings

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// The index benchmarks compare two ways of keeping an archive's
// candidate index: run files (this package) and rows of a SQLite table
// in the archive's database. Each adds docs documents of perDoc keys
// (fingerprints: 300 for a 3 KB article, distinct keys mostly) in
// batches of 1,000 documents, then looks up the 300 keys of one
// document, as a check does. Reported: entries/s ingested, bytes per
// entry on disk, and the p50 and p99 of a 300-key lookup.
const (
	perDoc    = 300
	batchDocs = 1000
)

// batchEntries returns batch b's entries: keys drawn from a space of
// 2^31 values, so that most are unique, as fingerprints are.
func batchEntries(b int) []Entry {
	rng := rand.New(rand.NewPCG(uint64(b), 99))
	es := make([]Entry, 0, batchDocs*perDoc)
	for d := range batchDocs {
		doc := uint32(b*batchDocs + d)
		for range perDoc {
			es = append(es, MakeEntry(rng.Uint32N(1<<31), doc))
		}
	}
	return es
}

// lookupKeys returns the keys of a document of batch b.
func lookupKeys(b, i int) []uint32 {
	es := batchEntries(b)
	var keys []uint32
	for _, e := range es[(i%batchDocs)*perDoc : (i%batchDocs+1)*perDoc] {
		keys = append(keys, e.Key())
	}
	return keys
}

func dirSize(t testing.TB, dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

func quantiles(ds []time.Duration) (p50, p99 float64) {
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(ds[len(ds)/2]), ms(ds[len(ds)*99/100])
}

// BenchmarkIndex runs at 20,000 documents; CHURN_INDEX_DOCS=100000 (a
// list, comma-separated) sets other sizes: SQLite takes 2.5 minutes at
// 100,000, too long for make bench's six counts.
func BenchmarkIndex(b *testing.B) {
	sizes := []int{20_000}
	if env := os.Getenv("CHURN_INDEX_DOCS"); env != "" {
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < batchDocs {
				b.Fatalf("CHURN_INDEX_DOCS=%s: want numbers of documents of at least %d", env, batchDocs)
			}
			sizes = append(sizes, n/batchDocs*batchDocs)
		}
	}
	for _, docs := range sizes {
		b.Run(fmt.Sprintf("store=runs/docs=%d", docs), func(b *testing.B) { benchRuns(b, docs) })
		b.Run(fmt.Sprintf("store=sqlite/docs=%d", docs), func(b *testing.B) { benchSQLite(b, docs) })
	}
}

func benchRuns(b *testing.B, docs int) {
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		b.StartTimer()
		start := time.Now()
		var runs []*Run
		for batch := range docs / batchDocs {
			path, err := WriteRun(dir, "r", batchEntries(batch))
			if err != nil {
				b.Fatal(err)
			}
			r, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			runs = append(runs, r)
			// Tiered merging: eight runs of a size make one.
			for len(runs) >= 8 && runs[len(runs)-8].Len() < 2*runs[len(runs)-1].Len() {
				tail := runs[len(runs)-8:]
				path, err := Merge(dir, "m", tail, nil)
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range tail {
					r.Close()
					os.Remove(r.Path())
				}
				m, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				runs = append(runs[:len(runs)-8], m)
			}
		}
		ingest := time.Since(start)
		b.StopTimer()
		var times []time.Duration
		var dst []uint32
		for i := range 200 {
			keys := lookupKeys(i%(docs/batchDocs), i*37)
			t0 := time.Now()
			for _, k := range keys {
				for _, r := range runs {
					dst = r.Lookup(dst[:0], k)
				}
			}
			times = append(times, time.Since(t0))
		}
		p50, p99 := quantiles(times)
		b.ReportMetric(float64(docs*perDoc)/ingest.Seconds(), "entries/s")
		b.ReportMetric(float64(dirSize(b, dir))/float64(docs*perDoc), "bytes/entry")
		b.ReportMetric(p50, "lookup-p50-ms")
		b.ReportMetric(p99, "lookup-p99-ms")
		b.ReportMetric(float64(len(runs)), "runs")
		for _, r := range runs {
			r.Close()
		}
		b.StartTimer()
	}
}

func benchSQLite(b *testing.B, docs int) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "index.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(`CREATE TABLE fp (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)) WITHOUT ROWID`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for batch := range docs / batchDocs {
			es := batchEntries(batch)
			slices.Sort(es)
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			st, err := tx.Prepare(`INSERT OR IGNORE INTO fp (key, doc) VALUES (?, ?)`)
			if err != nil {
				b.Fatal(err)
			}
			for _, e := range es {
				if _, err := st.Exec(int64(e.Key()), int64(e.Doc())); err != nil {
					b.Fatal(err)
				}
			}
			st.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		ingest := time.Since(start)
		b.StopTimer()
		db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		q, err := db.Prepare(`SELECT doc FROM fp WHERE key = ?`)
		if err != nil {
			b.Fatal(err)
		}
		var times []time.Duration
		for i := range 200 {
			keys := lookupKeys(i%(docs/batchDocs), i*37)
			t0 := time.Now()
			for _, k := range keys {
				rows, err := q.Query(int64(k))
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					var d int64
					rows.Scan(&d)
				}
				rows.Close()
			}
			times = append(times, time.Since(t0))
		}
		p50, p99 := quantiles(times)
		q.Close()
		db.Close()
		b.ReportMetric(float64(docs*perDoc)/ingest.Seconds(), "entries/s")
		b.ReportMetric(float64(dirSize(b, dir))/float64(docs*perDoc), "bytes/entry")
		b.ReportMetric(p50, "lookup-p50-ms")
		b.ReportMetric(p99, "lookup-p99-ms")
		b.StartTimer()
	}
}
