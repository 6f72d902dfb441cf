package archive

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/churnalism/churn"
)

// BenchmarkAdd adds a generated corpus in batches of 1,000 to an empty
// archive: docs/s is the ingest rate, bytes/doc the file's size per
// article (text included).
func BenchmarkAdd(b *testing.B) {
	for _, n := range []int{2000} {
		docs := generated(b, n, 1)
		raw := 0
		for _, d := range docs {
			raw += len(d.Text)
		}
		b.Run(fmt.Sprintf("docs=%d/batch=1000", n), func(b *testing.B) {
			var size int64
			for b.Loop() {
				b.StopTimer()
				path := filepath.Join(b.TempDir(), "bench.churn")
				a, err := Open(context.Background(), path, Options{Create: true})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				for i := 0; i < n; i += 1000 {
					if _, err := a.Add(context.Background(), docs[i:min(i+1000, n)]); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				a.Close()
				fi, err := os.Stat(path)
				if err != nil {
					b.Fatal(err)
				}
				size = fi.Size()
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(size)/float64(raw), "disk/text")
		})
	}
}

// BenchmarkCheck checks articles against archives of generated
// articles through the index, from a warm process: p50-ms and p99-ms
// are over the checks of the run (each article is a rewrite of one
// archived article mixed with another, so that every check reports a
// pair). CHURN_ARCHIVE=PATH checks against an existing archive instead
// (made with churn add; see BENCHMARKS.md for the 1M-article one).
func BenchmarkCheck(b *testing.B) {
	if path := os.Getenv("CHURN_ARCHIVE"); path != "" {
		a, err := Open(context.Background(), path, Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		defer a.Close()
		st, err := a.Stats(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("archive=%s", filepath.Base(path)), func(b *testing.B) { benchCheck(b, a, st.Documents) })
		return
	}
	for _, n := range []int{1000, 10000} {
		docs := generated(b, n, 1)
		a := create(b)
		for i := 0; i < n; i += 1000 {
			if _, err := a.Add(context.Background(), docs[i:min(i+1000, n)]); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("archive=%d", n), func(b *testing.B) { benchCheck(b, a, n) })
	}
}

// benchArticles returns n articles made from archived ones.
func benchArticles(b *testing.B, a *Archive, docs, n int) []churn.Document {
	b.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	text := func(seq int) []byte {
		var t []byte
		if err := a.r.QueryRow(`SELECT text FROM documents WHERE seq >= ? ORDER BY seq LIMIT 1`, seq).Scan(&t); err != nil {
			b.Fatal(err)
		}
		return t
	}
	var out []churn.Document
	for i := range n {
		x, y := text(1+r.IntN(docs)), text(1+r.IntN(docs))
		t := append([]byte("Draft. "), x[:len(x)*6/10]...)
		t = append(t, y[len(y)*6/10:]...)
		out = append(out, churn.Document{ID: fmt.Sprintf("draft%d", i), Name: "draft", Text: t})
	}
	return out
}

func benchCheck(b *testing.B, a *Archive, docs int) {
	arts := benchArticles(b, a, docs, 200)
	tmp := b.TempDir()
	var times []time.Duration
	indexed, pairs, read := 0, 0, 0
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		an, err := a.Check(context.Background(), tmp, arts[i%len(arts)], churn.Options{})
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		if an.Indexed {
			indexed++
		}
		pairs += len(an.Pairs)
		read += len(an.Docs) - 1
	}
	slices.Sort(times)
	ms := func(q float64) float64 { return float64(times[int(q*float64(len(times)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(indexed)/float64(len(times)), "indexed")
	b.ReportMetric(float64(pairs)/float64(len(times)), "pairs/check")
	b.ReportMetric(float64(read)/float64(len(times)), "read/check")
	b.ReportMetric(0, "ns/op")
	// The process's memory: its own (anonymous) and the pages of mapped
	// index files it touched, which the kernel reclaims at will.
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			for _, f := range []string{"RssAnon", "RssFile"} {
				if rest, ok := strings.CutPrefix(line, f+":"); ok {
					var kb float64
					fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb)
					b.ReportMetric(kb/1024, strings.ToLower(f)+"-MB")
				}
			}
		}
	}
}
