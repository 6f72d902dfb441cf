package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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

// BenchmarkCheck checks one article against archives of generated
// articles: ms/check grows with the archive, since Check reads every
// archived text (see the package documentation).
func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		docs := generated(b, n, 1)
		a := create(b)
		for i := 0; i < n; i += 1000 {
			if _, err := a.Add(context.Background(), docs[i:min(i+1000, n)]); err != nil {
				b.Fatal(err)
			}
		}
		art := churn.Document{ID: "draft", Name: "draft", Text: append([]byte("Draft. "), docs[n/2].Text...)}
		tmp := b.TempDir()
		b.Run(fmt.Sprintf("archive=%d", n), func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := a.Check(context.Background(), tmp, art, churn.Options{}); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		})
	}
}
