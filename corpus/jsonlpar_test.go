package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/churnalism/churn"
	"golang.org/x/text/encoding/charmap"
)

// jsonlMix returns JSON Lines of n lines of every kind: articles with and
// without IDs, metadata and escapes, double-encoded text, invalid JSON,
// values that are not objects, records without text, lines longer than
// maxLine, blank lines, lines in windows-1250 from line cp1250From on
// (never if 0), CRLF line ends, and a byte order mark at the start.
func jsonlMix(n, maxLine, cp1250From int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := strings.Fields("Praha tramvaj město řidič cestující zastávka Brno příliš žluťoučký kůň " +
		"Musk Putin Românii și-au ales primarul sindaco città très été déjà où ça Straße Fuß")
	sentence := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ") + "."
	}
	enc := charmap.Windows1250.NewEncoder()
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	for i := 1; i <= n; i++ {
		var line string
		switch k := rng.IntN(40); {
		case k == 0:
			line = ""
		case k == 1:
			line = "   \t"
		case k == 2:
			line = `{"text": "broken"`
		case k == 3:
			line = `["not", "an", "object"]`
		case k == 4:
			line = `null`
		case k == 5:
			line = `{"title": "no text here"}`
		case k == 6:
			line = `{"text": {"nested": "object"}}`
		case k == 7:
			line = `{"text": "   "}`
		case k == 8:
			line = fmt.Sprintf(`{"text": %q}`, strings.Repeat(sentence(10)+" ", maxLine/40+1))
		case k == 9:
			line = fmt.Sprintf(`{"id": "dup", "text": %q}`, sentence(8))
		case k == 10:
			line = fmt.Sprintf(`{"text": %q}`, doubleEncode(sentence(12)))
		case k == 11:
			line = fmt.Sprintf(`{"text": "a\u0000b %s"}`, sentence(3))
		case k == 12:
			line = `{"text": "\ud83d\ude00 \ud83d x\u00e9\n\ttab", "source": {"name": "Nested"}, "TEXT": "other"}`
		case k == 13:
			line = fmt.Sprintf(`{"text": %q, "text": %q}`, sentence(3), sentence(4))
		case k == 14:
			line = "\x00\x01 binary"
		case k == 15:
			line = fmt.Sprintf("\uFEFF{\"text\": %q}", sentence(6))
		case k == 16:
			line = `{"text": ["one", "two"], "id": 12.5e3, "title": true, "url": null}`
		case k == 17:
			line = `{"text": [1, 2], "content": "fallback text"}`
		default:
			line = fmt.Sprintf(`{"id": "a%d", "title": %q, "url": "https://www.example.com/%d", "date_publish": "2024-03-0%dT10:00:00Z", "lang": "cs", "text": %q}`,
				i, sentence(5), i, i%9+1, sentence(20)+"\n\n"+sentence(30))
		}
		if cp1250From > 0 && i >= cp1250From && i%3 == 0 {
			if s, err := enc.String(line); err == nil {
				line = s
			}
		}
		b.WriteString(line)
		if i%5 == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

// readJSONLWith reads data as JSON Lines from standard input with the
// given number of parsing goroutines and batch size.
func readJSONLWith(t testing.TB, data io.Reader, r Reader, workers, batch int) ([]churn.Document, []churn.Skipped) {
	t.Helper()
	r.Stdin = data
	r.Format = JSONL
	r.jsonlWorkers, r.jsonlBatchBytes = workers, batch
	docs, skipped, err := r.Read([]string{"-"})
	if err != nil {
		t.Fatal(err)
	}
	return docs, skipped
}

// errAfter is a reader that fails after its data.
type errAfter struct {
	r   io.Reader
	err error
}

func (e *errAfter) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		err = e.err
	}
	return n, err
}

// TestReadJSONLParallel checks that reading JSON Lines with several
// goroutines, in batches of all sizes, gives what reading them line by
// line gives.
func TestReadJSONLParallel(t *testing.T) {
	n := 3000
	if raceEnabled || testing.Short() {
		n = 1200
	}
	const maxLine = 2000
	gzipped := func(data []byte) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(data)
		zw.Close()
		return b.Bytes()
	}
	mixed := jsonlMix(n, maxLine, n/3, 1)
	inputs := []struct {
		name string
		data func() io.Reader
		r    Reader
	}{
		{"mixed", func() io.Reader { return bytes.NewReader(mixed) }, Reader{MaxSize: maxLine}},
		{"windows-1250 from the start", func() io.Reader { return bytes.NewReader(jsonlMix(n, maxLine, 1, 2)) }, Reader{MaxSize: maxLine}},
		{"UTF-8 only", func() io.Reader { return bytes.NewReader(jsonlMix(n, maxLine, 0, 3)) }, Reader{MaxSize: maxLine}},
		{"charset given", func() io.Reader { return bytes.NewReader(mixed) }, Reader{MaxSize: maxLine, Charset: "windows-1250"}},
		{"no repair, no size limit", func() io.Reader { return bytes.NewReader(mixed) }, Reader{NoRepair: true}},
		{"blank lines only", func() io.Reader { return strings.NewReader(strings.Repeat("  \n\r\n\n", 5000)) }, Reader{}},
		{"too long lines only", func() io.Reader { return strings.NewReader(strings.Repeat(`{"text": "abc"}`+"\n", 5000)) }, Reader{MaxSize: 10}},
		{"read error", func() io.Reader {
			return &errAfter{bytes.NewReader(mixed[:len(mixed)/2]), errors.New("disk on fire")}
		}, Reader{MaxSize: maxLine}},
		{"truncated gzip", func() io.Reader {
			z := gzipped(mixed)
			return bytes.NewReader(z[:len(z)*2/3])
		}, Reader{MaxSize: maxLine}},
	}
	defer checkNoGoroutineLeak(t, runtime.NumGoroutine())
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			wantDocs, wantSkipped := readJSONLWith(t, in.data(), in.r, 1, 0)
			if len(wantDocs)+len(wantSkipped) < 10 && !strings.Contains(in.name, "blank") {
				t.Fatalf("only %d documents and %d skipped", len(wantDocs), len(wantSkipped))
			}
			for _, c := range []struct{ workers, batch int }{{2, 0}, {2, 1}, {3, 2000}, {8, 16 << 10}, {4, 100 << 10}} {
				docs, skipped := readJSONLWith(t, in.data(), in.r, c.workers, c.batch)
				if !reflect.DeepEqual(skipped, wantSkipped) {
					t.Errorf("%d workers, batches of %d bytes: skipped differ:\n%s", c.workers, c.batch, firstDiff(skipped, wantSkipped))
				}
				if !reflect.DeepEqual(docs, wantDocs) {
					t.Errorf("%d workers, batches of %d bytes: documents differ:\n%s", c.workers, c.batch, firstDiff(docs, wantDocs))
				}
			}
		})
	}
}

// checkNoGoroutineLeak checks that there are no more goroutines than
// before, once those ending have had time to end.
func checkNoGoroutineLeak(t *testing.T, before int) {
	t.Helper()
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
}

// firstDiff describes the first difference between two lists.
func firstDiff[T any](got, want []T) string {
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("at %d: %+v\nwant %+v", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d entries, want %d", len(got), len(want))
}

// TestReadJSONLParallelFiles checks parallel reading of files given as
// paths, several of them in a directory, against reading line by line.
func TestReadJSONLParallelFiles(t *testing.T) {
	dir := t.TempDir()
	for i, from := range []int{0, 1, 200} {
		name := filepath.Join(dir, fmt.Sprintf("f%d.jsonl", i))
		if err := os.WriteFile(name, jsonlMix(600, 2000, from, uint64(10+i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(workers int) ([]churn.Document, []churn.Skipped) {
		r := Reader{MaxSize: 2000, jsonlWorkers: workers, jsonlBatchBytes: 8 << 10}
		docs, skipped, err := r.Read([]string{dir})
		if err != nil {
			t.Fatal(err)
		}
		return docs, skipped
	}
	before := runtime.NumGoroutine()
	wantDocs, wantSkipped := read(1)
	docs, skipped := read(4)
	checkNoGoroutineLeak(t, before)
	if !reflect.DeepEqual(skipped, wantSkipped) {
		t.Errorf("skipped differ:\n%s", firstDiff(skipped, wantSkipped))
	}
	if !reflect.DeepEqual(docs, wantDocs) {
		t.Errorf("documents differ:\n%s", firstDiff(docs, wantDocs))
	}
}

// benchJSONL is the input of BenchmarkReadJSONL: articles of about 3 KB
// in French with accents, in paragraphs, as in a news export.
func benchJSONL(n int) []byte {
	rng := rand.New(rand.NewPCG(42, 42))
	words := strings.Fields("le la les de des un une et à été très déjà où ça président gouvernement " +
		"réforme élection économie société ministère sécurité journée années première dernière pour " +
		"dans avec sur par que qui ne pas plus mais comme nous vous ils elle avait était sont ont")
	var b bytes.Buffer
	for i := range n {
		var text strings.Builder
		for p := range 5 {
			if p > 0 {
				text.WriteString("\n\n")
			}
			for range 90 {
				text.WriteString(words[rng.IntN(len(words))])
				text.WriteByte(' ')
			}
		}
		fmt.Fprintf(&b, `{"id":"a%07d","outlet":"outlet%02d.example","title":"Article %d","published":"2026-01-01T22:28:00Z","text":%q}`+"\n",
			i, i%20, i, text.String())
	}
	return b.Bytes()
}

func BenchmarkReadJSONL(b *testing.B) {
	data := benchJSONL(3000)
	for _, bc := range []struct {
		name    string
		workers int
	}{{"sequential", 1}, {"parallel", 0}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				docs, _ := readJSONLWith(b, bytes.NewReader(data), Reader{}, bc.workers, 0)
				if len(docs) != 3000 {
					b.Fatalf("%d documents", len(docs))
				}
			}
		})
	}
}
