package churn_test

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
)

func seeds(t testing.TB) []churn.Document {
	t.Helper()
	docs, err := corpus.Seeds()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func analyze(t testing.TB, docs []churn.Document, opts churn.Options) *churn.Result {
	t.Helper()
	res, err := churn.Analyze(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func findPair(res *churn.Result, a, b string) (churn.Pair, bool) {
	for _, p := range res.Pairs {
		if res.Docs[p.A].ID == a && res.Docs[p.B].ID == b {
			return p, true
		}
	}
	return churn.Pair{}, false
}

// TestSeeds checks what the seeds exist to show.
func TestSeeds(t *testing.T) {
	docs := seeds(t)
	res := analyze(t, docs, churn.Options{})
	if len(res.Pairs) == 0 || res.Docs[res.Pairs[0].A].ID != "001" || res.Docs[res.Pairs[0].B].ID != "003" {
		t.Fatalf("most similar pair is not 001–003: %+v", res.Pairs)
	}
	if res.Matrix[0][2] >= res.Matrix[1][3] {
		t.Errorf("000–002 (%v) scores at least 001–003 (%v)", res.Matrix[0][2], res.Matrix[1][3])
	}
	if p, ok := findPair(res, "000", "002"); ok {
		t.Errorf("000–002 (same story, other words) reported with %d passages", len(p.Passages))
	}

	quoted := func(a, b, text string) {
		t.Helper()
		p, ok := findPair(res, a, b)
		if !ok {
			t.Errorf("%s–%s not reported", a, b)
			return
		}
		for _, q := range p.Passages {
			if strings.Contains(q.TextA, text) || strings.Contains(q.TextB, text) {
				return
			}
		}
		t.Errorf("%s–%s: no passage quotes %q", a, b, text)
	}
	quoted("001", "003", "s-a implicat activ în campania electorală a lui Donald Trump")
	quoted("003", "004", "să evite activarea serviciului său de internet prin satelit Starlink")

	// Nothing from 004's headline list or 003's footer is a passage.
	off := func(id, marker string) int {
		for _, d := range docs {
			if d.ID == id {
				i := bytes.Index(d.Text, []byte(marker))
				if i < 0 {
					t.Fatalf("%s lacks %q", id, marker)
				}
				return i
			}
		}
		t.Fatalf("no document %s", id)
		return 0
	}
	lists := map[string]int{
		"004": off("004", "Antony Blinken acuză Rusia"),
		"003": off("003", "Pentru cele mai importante ştiri"),
	}
	for _, p := range res.Pairs {
		for _, q := range p.Passages {
			for side, span := range map[int]churn.Span{p.A: q.A, p.B: q.B} {
				id := res.Docs[side].ID
				if from, ok := lists[id]; ok && span.End > from {
					t.Errorf("%s–%s: passage %v in %s reaches into its boilerplate (from byte %d): %q",
						res.Docs[p.A].ID, res.Docs[p.B].ID, span, id, from, docs[side].Text[span.Start:span.End])
				}
			}
		}
	}
	if d := res.Docs[4]; d.Boilerplate < d.Bytes/3 {
		t.Errorf("004: %d of %d bytes treated as boilerplate; its headline list is more than a third", d.Boilerplate, d.Bytes)
	}
}

// TestOffsetsRoundTrip checks that every passage's text is the original
// sliced at its offsets, on rune boundaries.
func TestOffsetsRoundTrip(t *testing.T) {
	docs := seeds(t)
	res := analyze(t, docs, churn.Options{Threshold: 0.01, Containment: 0.01})
	n := 0
	for _, p := range res.Pairs {
		for _, q := range p.Passages {
			n++
			for _, s := range []struct {
				doc  []byte
				span churn.Span
				text string
			}{{docs[p.A].Text, q.A, q.TextA}, {docs[p.B].Text, q.B, q.TextB}} {
				if s.span.Start < 0 || s.span.End > len(s.doc) || s.span.Start >= s.span.End {
					t.Fatalf("span %v out of range for %d bytes", s.span, len(s.doc))
				}
				if got := string(s.doc[s.span.Start:s.span.End]); got != s.text {
					t.Errorf("text %q != original at %v: %q", s.text, s.span, got)
				}
				if !utf8.RuneStart(s.doc[s.span.Start]) || (s.span.End < len(s.doc) && !utf8.RuneStart(s.doc[s.span.End])) {
					t.Errorf("span %v splits a character", s.span)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no passages on the seeds")
	}
}

// TestDeterministic checks that results do not depend on scheduling.
func TestDeterministic(t *testing.T) {
	docs := append(seeds(t), syntheticCorpus(30)...)
	var first *churn.Result
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		res := analyze(t, docs, churn.Options{MatrixLimit: -1})
		runtime.GOMAXPROCS(old)
		if first == nil {
			first = res
			continue
		}
		if !reflect.DeepEqual(res, first) {
			t.Fatalf("GOMAXPROCS=%d gives a different result", procs)
		}
	}
}

// syntheticCorpus builds n documents from the seeds' sentences: groups of
// documents that share a lifted paragraph, and unrelated ones.
func syntheticCorpus(n int) []churn.Document {
	docs, _ := corpus.Seeds()
	var sentences []string
	for _, d := range docs {
		for _, s := range strings.SplitAfter(string(d.Text), ". ") {
			if len(s) > 40 {
				sentences = append(sentences, s)
			}
		}
	}
	out := make([]churn.Document, n)
	for i := range out {
		var b strings.Builder
		for j := range 12 {
			b.WriteString(sentences[(i*31+j*17)%len(sentences)])
		}
		if i%5 == 0 || i%5 == 1 { // pairs (0,1), (5,6), … share a passage
			fmt.Fprintf(&b, "\nThe shared paragraph number %d tells how the agency wrote the story first, and how every outlet copied it word for word into its own pages.\n", i/5)
		}
		out[i] = churn.Document{ID: fmt.Sprintf("syn%03d", i), Text: []byte(b.String())}
	}
	return out
}

// TestCandidatesWithoutMatrix checks candidate generation against
// verifying every pair: without a matrix churn finds no pair that
// verification would not, and misses none that holds a verbatim passage
// long enough to leave a shared fingerprint (Window + 3K - 1 characters)
// or is a near-duplicate. Rewrites that share only short verbatim runs
// (seeds 001 and 004) are found in small corpora, where every pair is
// verified, but need not be found through candidates.
func TestCandidatesWithoutMatrix(t *testing.T) {
	docs := append(seeds(t), syntheticCorpus(30)...)
	full := analyze(t, docs, churn.Options{MatrixLimit: len(docs)})
	cand := analyze(t, docs, churn.Options{MatrixLimit: -1})
	if full.Matrix == nil || cand.Matrix != nil {
		t.Fatal("matrix settings not honoured")
	}
	key := func(res *churn.Result, p churn.Pair) string { return res.Docs[p.A].ID + "–" + res.Docs[p.B].ID }
	inFull := map[string]bool{}
	for _, p := range full.Pairs {
		inFull[key(full, p)] = true
	}
	inCand := map[string]bool{}
	for _, p := range cand.Pairs {
		inCand[key(cand, p)] = true
		if !inFull[key(cand, p)] {
			t.Errorf("%s found through candidates but not by verifying every pair", key(cand, p))
		}
	}
	o := full.Options
	for _, p := range full.Pairs {
		must := p.Jaccard >= o.LSHThreshold
		for _, q := range p.Passages {
			must = must || (q.Identical && q.CharsA >= o.Window+3*o.K-1)
		}
		if must && !inCand[key(full, p)] {
			t.Errorf("%s (Jaccard %.2f, %d passages) missed by candidate generation", key(full, p), p.Jaccard, len(p.Passages))
		}
	}
	for i := 0; i+1 < 30; i += 5 {
		if k := fmt.Sprintf("syn%03d–syn%03d", i, i+1); !inCand[k] {
			t.Errorf("planted pair %s not found", k)
		}
	}
}

// TestBoilerplateByFrequency checks that text in more than BoilerplateDocs
// documents is not reuse, and that turning the limit off makes it so.
func TestBoilerplateByFrequency(t *testing.T) {
	footer := "Abonează-te la newsletterul nostru zilnic și primești în fiecare dimineață cele mai citite zece povești ale redacției, direct pe telefon, gratuit și fără reclame."
	docs := syntheticCorpus(30)
	for i := range docs {
		if i%5 >= 2 { // leave the planted pairs alone
			docs[i].Text = append(docs[i].Text, "\n\n"+footer+"\n"...)
		}
	}
	res := analyze(t, docs, churn.Options{BoilerplateDocs: 10, MatrixLimit: -1})
	for _, p := range res.Pairs {
		for _, q := range p.Passages {
			if strings.Contains(q.TextA, "newsletterul") {
				t.Errorf("%s–%s: the footer is a passage", res.Docs[p.A].ID, res.Docs[p.B].ID)
			}
		}
	}
	for i, d := range res.Docs {
		if i%5 >= 2 && d.Boilerplate < len(footer)/2 {
			t.Errorf("%s: %d bytes of boilerplate, want about the footer's %d", d.ID, d.Boilerplate, len(footer))
		}
	}
	off := analyze(t, docs, churn.Options{BoilerplateDocs: -1, MatrixLimit: -1})
	if len(off.Pairs) <= len(res.Pairs) {
		t.Errorf("with boilerplate detection off, %d pairs; with it on, %d", len(off.Pairs), len(res.Pairs))
	}
}

func TestOptionsErrors(t *testing.T) {
	docs := seeds(t)[:2]
	for _, o := range []churn.Options{
		{K: -1}, {NumHashes: -3}, {Threshold: 1.5}, {Threshold: -0.1}, {Containment: 2},
		{LSHThreshold: -1}, {Window: -1}, {MinFingerprints: -1}, {MinPassage: -5}, {MaxGap: -1},
	} {
		if _, err := churn.Analyze(docs, o); err == nil || !strings.HasPrefix(err.Error(), "churn: ") {
			t.Errorf("%+v: error %v, want a churn: error", o, err)
		}
	}
}

func TestEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		docs    []churn.Document
		wantErr string
	}{
		{name: "no documents"},
		{name: "one document", docs: []churn.Document{{ID: "a", Text: []byte("just one")}}},
		{name: "empty texts", docs: []churn.Document{{ID: "a"}, {ID: "b"}, {ID: "c", Text: []byte("   ")}}},
		{name: "shorter than k", docs: []churn.Document{{ID: "a", Text: []byte("ab")}, {ID: "b", Text: []byte("ab")}}},
		{name: "invalid UTF-8", docs: []churn.Document{{ID: "a", Text: []byte("\xff\xfe abc \xc3")}, {ID: "b", Text: []byte("\xff\xfe abc \xc3")}}},
		{name: "duplicate IDs", docs: []churn.Document{{ID: "a"}, {ID: "a"}}, wantErr: `same ID "a"`},
		{name: "empty IDs", docs: []churn.Document{{}, {ID: "0"}}, wantErr: `same ID "0"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := churn.Analyze(tt.docs, churn.Options{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Docs) != len(tt.docs) {
				t.Fatalf("%d docs in result, want %d", len(res.Docs), len(tt.docs))
			}
		})
	}
}

func TestCompareMatchesAnalyze(t *testing.T) {
	docs := seeds(t)
	res := analyze(t, docs, churn.Options{})
	p, err := churn.Compare(docs[3].Text, docs[4].Text, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Jaccard != res.Matrix[3][4] {
		t.Errorf("Compare gives %v, Analyze %v", p.Jaccard, res.Matrix[3][4])
	}
}

func BenchmarkAnalyzeSeeds(b *testing.B) {
	docs := seeds(b)
	n := 0
	for _, d := range docs {
		n += len(d.Text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := churn.Analyze(docs, churn.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestProgress checks what Analyze tells Options.Progress: both stages,
// done within total, and each stage ending with done equal to its final
// total (the documents signed; the candidates verified).
func TestProgress(t *testing.T) {
	docs := seeds(t)
	for _, matrix := range []int{-1, 0} {
		t.Run(fmt.Sprintf("matrix-limit=%d", matrix), func(t *testing.T) {
			var mu sync.Mutex
			maxDone := map[churn.Stage]int{}
			lastTotal := map[churn.Stage]int{}
			opts := churn.Options{MatrixLimit: matrix, Progress: func(stage churn.Stage, done, total int) {
				mu.Lock()
				defer mu.Unlock()
				if done < 1 || done > total {
					t.Errorf("stage %q: done %d of total %d", stage, done, total)
				}
				if total < lastTotal[stage] {
					t.Errorf("stage %q: total shrank from %d to %d", stage, lastTotal[stage], total)
				}
				lastTotal[stage] = total
				maxDone[stage] = max(maxDone[stage], done)
			}}
			res, err := churn.Analyze(docs, opts)
			if err != nil {
				t.Fatal(err)
			}
			if maxDone[churn.StageSign] != len(docs) || lastTotal[churn.StageSign] != len(docs) {
				t.Errorf("sign: done %d of %d, want %d", maxDone[churn.StageSign], lastTotal[churn.StageSign], len(docs))
			}
			want := res.Candidates
			if matrix == 0 { // the default limit: every pair is verified
				want = len(docs) * (len(docs) - 1) / 2
			}
			if maxDone[churn.StageVerify] != want || lastTotal[churn.StageVerify] != want {
				t.Errorf("verify: done %d of %d, want %d", maxDone[churn.StageVerify], lastTotal[churn.StageVerify], want)
			}
			if len(maxDone) != 2 {
				t.Errorf("stages %v, want sign and verify", maxDone)
			}
		})
	}
}
