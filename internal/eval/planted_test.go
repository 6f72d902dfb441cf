package eval

// This file is longer than most because each test of the planted corpus
// generator checks one property of the same generated set; they share its
// set-up and read best together.

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/churnalism/churn"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"One. Two! Three?", []string{"One.", "Two!", "Three?"}},
		{"Title line\nFirst sentence. Second one.", []string{"Title line", "First sentence.", "Second one."}},
		{"He said: “Go.” Then he left.", []string{"He said: “Go.”", "Then he left."}},
		{"Mr. Smith stays. a lower-case start. Next.", []string{"Mr.", "Smith stays. a lower-case start.", "Next."}},
		{"Costs 3.5 million. 2020 was hard.", []string{"Costs 3.5 million.", "2020 was hard."}},
		{"  \n\nPadded.  \n\n", []string{"Padded."}},
		{"中文句子。第二句。", []string{"中文句子。", "第二句。"}},
		{"Ends without stop", []string{"Ends without stop"}},
		{"Quoted. \"Next\" one.", []string{"Quoted.", "\"Next\" one."}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range sentences(tt.text) {
			got = append(got, tt.text[s.start:s.end])
			if n := utf8.RuneCountInString(tt.text[:s.start]); n != s.startRune {
				t.Errorf("sentences(%q): start rune %d, want %d", tt.text, s.startRune, n)
			}
			if n := utf8.RuneCountInString(tt.text[:s.end]); n != s.endRune {
				t.Errorf("sentences(%q): end rune %d, want %d", tt.text, s.endRune, n)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLightEdit(t *testing.T) {
	passage := "Președintele a declarat în fața presei că negocierile vor continua săptămâna viitoare, „fără condiții prealabile”, iar delegațiile se vor întâlni la Geneva pentru a discuta despre securitatea energetică a regiunii și despre prețul gazelor naturale."
	host := []string{"ministrul", "guvernul", "Bruxelles", "cetățenii"}
	rng := rand.New(rand.NewPCG(1, 2))
	changed := 0
	for range 50 {
		out := lightEdit(rng, passage, host)
		if out == passage {
			continue
		}
		changed++
		// The words kept in order: most of the original survives.
		a, b := strings.Fields(strings.ToLower(passage)), strings.Fields(strings.ToLower(out))
		if d := len(a) - len(b); d > len(a)/4 || -d > len(a)/4 {
			t.Errorf("lightEdit changed the word count from %d to %d: %q", len(a), len(b), out)
		}
		if !utf8.ValidString(out) || strings.TrimSpace(out) != out {
			t.Errorf("lightEdit returned invalid or padded text %q", out)
		}
	}
	if changed < 50 {
		t.Errorf("lightEdit left the passage unchanged %d times in 50", 50-changed)
	}
	// Deterministic for a seed.
	r1, r2 := rand.New(rand.NewPCG(7, 7)), rand.New(rand.NewPCG(7, 7))
	if x, y := lightEdit(r1, passage, host), lightEdit(r2, passage, host); x != y {
		t.Errorf("lightEdit is not deterministic:\n%q\n%q", x, y)
	}
}

func TestLightEditRomanian(t *testing.T) {
	cedilla := "Şeful statului a vorbit despre ţară şi despre viitorul ei în faţa studenţilor."
	rng := rand.New(rand.NewPCG(3, 3))
	swapped := false
	for range 20 {
		if out := lightEdit(rng, cedilla, nil); strings.ContainsAny(out, "șțȘȚ") && !strings.ContainsAny(out, "şţŞŢ") {
			swapped = true
		}
	}
	if !swapped {
		t.Error("lightEdit never respelled ş/ţ with commas below")
	}
}

// heavyPassage builds a passage of n sentences of marked words: word w of
// sentence i is "s<i>w<w>" (the first capitalised), with a comma after
// words 1 and 4, and a full stop at the end.
func heavyPassage(n int) string {
	var sents []string
	for i := range n {
		var ws []string
		for w := range 9 {
			x := fmt.Sprintf("s%dw%d", i, w)
			if w == 0 {
				x = strings.ToUpper(x[:1]) + x[1:]
			}
			if w == 1 || w == 4 {
				x += ","
			}
			ws = append(ws, x)
		}
		sents = append(sents, strings.Join(ws, " ")+".")
	}
	return strings.Join(sents, " ")
}

// fold lowers w and strips its accents.
func fold(w string) string {
	return norm.NFC.String(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(strings.ToLower(w))))
}

func TestHeavyEdit(t *testing.T) {
	host := []string{"hosta", "hostb", "hostc", "hostd", "hoste"}
	isHost := func(w string) bool { return slices.Contains(host, w) }
	rng := rand.New(rand.NewPCG(4, 4))
	var sumShare float64
	samples, reordered, dropped := 0, 0, 0
	for _, n := range []int{1, 2, 3, 5} {
		passage := heavyPassage(n)
		for range 100 {
			out := heavyEdit(rng, passage, host)
			if strings.TrimSpace(out) == "" || strings.TrimSpace(out) != out || !utf8.ValidString(out) {
				t.Fatalf("heavyEdit(%q) = %q: empty, padded or invalid", passage, out)
			}
			var sentOf []int // sentence of each original word kept, in order
			subs, words := 0, 0
			for _, tok := range strings.Fields(out) {
				_, core, _ := splitToken(tok)
				w := fold(core)
				words++
				var i, j int
				switch _, err := fmt.Sscanf(w, "s%dw%d", &i, &j); {
				case isHost(w):
					subs++
				case err == nil:
					sentOf = append(sentOf, i)
				default:
					t.Fatalf("heavyEdit(%q) = %q: word %q is neither the passage's nor the host's", passage, out, tok)
				}
			}
			if words < 9*n {
				dropped++
			}
			if words < 9*n-4*n || words > 9*n { // the longest clause is 4 words
				t.Errorf("heavyEdit kept %d words of %d: %q", words, 9*n, out)
			}
			share := float64(subs) / float64(words)
			sumShare += share
			samples++
			if share < 0.1 || share > 0.45 {
				t.Errorf("heavyEdit replaced %d words of %d: %q", subs, words, out)
			}
			// Sentences move whole: the marks of the words kept change
			// sentence at most n-1 times; with two sentences or more,
			// never in their first order.
			changes := 0
			for k := 1; k < len(sentOf); k++ {
				if sentOf[k] != sentOf[k-1] {
					changes++
				}
			}
			if changes > n-1 {
				t.Errorf("heavyEdit split sentences: %q", out)
			}
			if n >= 2 && len(sentOf) > 0 {
				if slices.IsSorted(sentOf) && changes == n-1 {
					t.Errorf("heavyEdit kept the order of %d sentences: %q", n, out)
				} else {
					reordered++
				}
			}
		}
	}
	mean := sumShare / float64(samples)
	t.Logf("heavyEdit: %.3f of the words replaced on average; %d of 300 reordered; a clause dropped in %d of 400", mean, reordered, dropped)
	if mean < 0.20 || mean > 0.35 {
		t.Errorf("heavyEdit replaced %.3f of the words on average, want 0.20–0.35", mean)
	}
	if reordered < 300 {
		t.Errorf("heavyEdit reordered %d passages of 300 with two sentences or more", reordered)
	}
	if dropped < 200 {
		t.Errorf("heavyEdit dropped a clause in %d passages of 400", dropped)
	}
	// Deterministic for a seed.
	p := heavyPassage(4)
	r1, r2 := rand.New(rand.NewPCG(7, 7)), rand.New(rand.NewPCG(7, 7))
	for range 5 {
		if x, y := heavyEdit(r1, p, host), heavyEdit(r2, p, host); x != y {
			t.Errorf("heavyEdit is not deterministic:\n%q\n%q", x, y)
		}
	}
	// Real text, with quotes and a passage starting at a line break.
	real := "Președintele a declarat în fața presei că negocierile vor continua, „fără condiții prealabile”.\nDelegațiile se vor întâlni la Geneva; vor discuta despre energie."
	for range 20 {
		out := heavyEdit(rng, real, host)
		if out == real || strings.TrimSpace(out) != out || !utf8.ValidString(out) {
			t.Errorf("heavyEdit(%q) = %q", real, out)
		}
	}
}

func TestDropClause(t *testing.T) {
	const sent = "First part, second part here, and the third one."
	want := map[string]bool{
		sent:                                   false, // nothing dropped
		"Second part here, and the third one.": false, // the first clause
		"First part, and the third one.":       false, // the middle
		"First part, second part here.":        false, // the last
	}
	rng := rand.New(rand.NewPCG(2, 2))
	for range 200 {
		var ws []word
		for _, tk := range tokens(sent) {
			pre, core, post := splitToken(tk.word)
			ws = append(ws, word{tk.space, pre, core, post})
		}
		var b strings.Builder
		for k, w := range dropClause(rng, ws) {
			if k > 0 {
				b.WriteString(w.space)
			}
			b.WriteString(w.pre + w.core + w.post)
		}
		got := b.String()
		if _, ok := want[got]; !ok {
			t.Fatalf("dropClause(%q) = %q", sent, got)
		}
		want[got] = true
	}
	for s, seen := range want {
		if !seen {
			t.Errorf("dropClause never gave %q", s)
		}
	}
	// No clause to drop.
	ws := []word{{"", "", "One", ""}, {" ", "", "clause", "."}}
	if got := dropClause(rng, ws); len(got) != 2 {
		t.Errorf("dropClause dropped from a sentence of one clause: %v", got)
	}
}

func TestChangeAccents(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	if got := changeAccents(rng, "președinte"); got != "presedinte" {
		t.Errorf("changeAccents(președinte) = %q, want presedinte", got)
	}
	if got := changeAccents(rng, "house"); got == "house" || utf8.RuneCountInString(got) != 5 {
		t.Errorf("changeAccents(house) = %q, want one accented vowel", got)
	}
}

func seedArticles(t *testing.T) []Article {
	t.Helper()
	arts, err := SeedArticles()
	if err != nil {
		t.Fatal(err)
	}
	return arts
}

func TestCleanPoolSeeds(t *testing.T) {
	pool, err := CleanPool(seedArticles(t), 0.05)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range pool {
		ids[a.ID] = true
	}
	if len(pool) < 2 {
		t.Fatalf("CleanPool kept %d seeds, want at least 2", len(pool))
	}
	// 001 and 003 share whole sentences, as do 003 and 004.
	if ids["seed001"] && ids["seed003"] || ids["seed003"] && ids["seed004"] {
		t.Errorf("CleanPool kept seeds that share text: %v", ids)
	}
	// What it keeps shares no passage under churn's defaults.
	var docs []churn.Document
	for _, a := range pool {
		docs = append(docs, churn.Document{ID: a.ID, Text: []byte(a.Text)})
	}
	every := churn.DefaultOptions()
	every.Containment = 0 // every verified pair
	res, err := churn.Analyze(docs, every)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Pairs {
		if len(p.Passages) > 0 {
			t.Errorf("churn finds a passage between kept seeds %s and %s", docs[p.A].ID, docs[p.B].ID)
		}
	}
}

func TestCleanPoolDuplicates(t *testing.T) {
	arts := seedArticles(t)
	dup := arts[0]
	dup.ID = "copy"
	dup.Text = strings.ToUpper(dup.Text) // the same after normalisation
	zh := Article{ID: "zh", Text: strings.Repeat("这是一个没有空格的中文句子。", 40)}
	pool, err := CleanPool(append(arts, dup, zh), 0.05)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range pool {
		switch a.ID {
		case arts[0].ID, "copy":
			n++
		case "zh":
			t.Error("CleanPool kept a text without spaces")
		}
	}
	if n > 1 {
		t.Error("CleanPool kept an article and its copy")
	}
}

func plantSeeds(t *testing.T, cfg PlantConfig) *PlantedSet {
	t.Helper()
	set, err := Plant(seedArticles(t), "seeds", cfg)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestPlantSeeds(t *testing.T) {
	set := plantSeeds(t, PlantConfig{Seed: 5, Cases: 54})
	cfg := set.Config
	if len(set.Cases) != 54 {
		t.Fatalf("got %d cases, want 54", len(set.Cases))
	}
	byID := map[string]string{}
	for _, a := range seedArticles(t) {
		byID[a.ID] = a.Text
	}
	hostCases := map[[2]int][]RuneSpan{} // corpus and host → spans
	count := map[EditClass][3]int{}
	for i, c := range set.Cases {
		corp := set.Corpora[c.Corpus]
		if c.Class != corp.Class {
			t.Errorf("case %d: class %s in a %s corpus", i, c.Class, corp.Class)
		}
		if corp.Roles[c.Source] != RoleSource || corp.Roles[c.Host] != RoleHost {
			t.Errorf("case %d: roles %s → %s", i, corp.Roles[c.Source], corp.Roles[c.Host])
		}
		b := cfg.Bucket(c.Len)
		lo, hi := cfg.bucketRange(b)
		if c.Len < lo || c.Len > hi || c.Len != c.SourceSpan.Len() {
			t.Errorf("case %d: length %d (source span %v) outside its bucket %d–%d", i, c.Len, c.SourceSpan, lo, hi)
		}
		n := count[c.Class]
		n[b]++
		count[c.Class] = n

		src := []rune(string(corp.Docs[c.Source].Text))
		host := []rune(string(corp.Docs[c.Host].Text))
		ps, ph := string(src[c.SourceSpan.Start:c.SourceSpan.End]), string(host[c.HostSpan.Start:c.HostSpan.End])
		// Cut at sentence boundaries: white space or the text's edge on
		// both sides, in both documents.
		edge := func(rs []rune, s RuneSpan) bool {
			return (s.Start == 0 || unicode.IsSpace(rs[s.Start-1])) && (s.End == len(rs) || unicode.IsSpace(rs[s.End]))
		}
		if !edge(src, c.SourceSpan) || !edge(host, c.HostSpan) {
			t.Errorf("case %d: not cut at white space: source %q, host %q", i, ps, ph)
		}
		switch c.Class {
		case Verbatim:
			if ps != ph {
				t.Errorf("case %d: verbatim passage differs:\n%q\n%q", i, ps, ph)
			}
		case Light, Heavy:
			if ps == ph {
				t.Errorf("case %d: %s passage unchanged: %q", i, c.Class, ps)
			}
		}
		if strings.TrimSpace(ph) != ph || ph == "" {
			t.Errorf("case %d: host span %q empty or padded", i, ph)
		}
		k := [2]int{c.Corpus, c.Host}
		hostCases[k] = append(hostCases[k], c.HostSpan)
		if c.Source == c.Host {
			t.Errorf("case %d: source and host are one document", i)
		}
	}
	// The host spans cover the passages inserted, whole: without them
	// (and the white space after each), the hosts are their articles.
	for k, spans := range hostCases {
		corp := set.Corpora[k[0]]
		rs := []rune(string(corp.Docs[k[1]].Text))
		slices.SortFunc(spans, func(a, b RuneSpan) int { return b.Start - a.Start })
		for _, sp := range spans {
			e := sp.End
			for e < len(rs) && unicode.IsSpace(rs[e]) {
				e++
			}
			rs = slices.Delete(rs, sp.Start, e)
		}
		if string(rs) != byID[corp.Articles[k[1]]] {
			t.Errorf("corpus %d host %d: without its %d passages, not the article %s", k[0], k[1], len(spans), corp.Articles[k[1]])
		}
	}
	for _, class := range []EditClass{Verbatim, Light, Heavy} {
		if n := count[class]; n != [3]int{6, 6, 6} {
			t.Errorf("%s cases per bucket: %v, want 6 each", class, n)
		}
	}
	for ci, c := range set.Corpora {
		ids := map[string]bool{}
		for _, d := range c.Docs {
			if ids[d.ID] {
				t.Errorf("corpus %d: duplicate ID %s", ci, d.ID)
			}
			ids[d.ID] = true
		}
	}
}

// TestPlantHeavyApart checks that heavy corpora leave the others as they
// are: planting verbatim and light cases with or without heavy ones gives
// the same verbatim and light corpora and cases, and with heavy first the
// same but for the corpus numbers (in the cases and the documents' IDs
// and names).
func TestPlantHeavyApart(t *testing.T) {
	two := plantSeeds(t, PlantConfig{Seed: 3, Cases: 24, Classes: []EditClass{Verbatim, Light}})
	three := plantSeeds(t, PlantConfig{Seed: 3, Cases: 36})
	first := plantSeeds(t, PlantConfig{Seed: 3, Cases: 36, Classes: []EditClass{Heavy, Verbatim, Light}})
	if !reflect.DeepEqual(three.Config.Classes, []EditClass{Verbatim, Light, Heavy}) {
		t.Fatalf("default classes %v", three.Config.Classes)
	}
	n := len(two.Corpora)
	if !reflect.DeepEqual(two.Corpora, three.Corpora[:n]) || !reflect.DeepEqual(two.Cases, three.Cases[:len(two.Cases)]) {
		t.Error("adding heavy corpora changed the verbatim and light ones")
	}
	shift := len(first.Corpora) - n
	var rest []Case
	for _, c := range first.Cases {
		if c.Class != Heavy {
			c.Corpus -= shift
			rest = append(rest, c)
		}
	}
	if !reflect.DeepEqual(two.Cases, rest) {
		t.Error("heavy corpora planted first changed the verbatim and light cases")
	}
	for ci, c := range two.Corpora {
		f := first.Corpora[ci+shift]
		same := c.Class == f.Class && slices.Equal(c.Roles, f.Roles) && slices.Equal(c.Articles, f.Articles) && len(c.Docs) == len(f.Docs)
		for di := range c.Docs {
			same = same && di < len(f.Docs) && string(c.Docs[di].Text) == string(f.Docs[di].Text)
		}
		if !same {
			t.Errorf("heavy corpora planted first changed corpus %d (%s)", ci, c.Class)
		}
	}
	for _, c := range three.Corpora[n:] {
		if c.Class != Heavy {
			t.Errorf("corpus of class %s after the light ones", c.Class)
		}
	}
}

func TestPlantDeterministic(t *testing.T) {
	a := plantSeeds(t, PlantConfig{Seed: 9, Cases: 12})
	b := plantSeeds(t, PlantConfig{Seed: 9, Cases: 12})
	if !reflect.DeepEqual(a, b) {
		t.Error("two sets planted with one seed differ")
	}
	c := plantSeeds(t, PlantConfig{Seed: 10, Cases: 12})
	if reflect.DeepEqual(a.Cases, c.Cases) {
		t.Error("sets planted with seeds 9 and 10 are equal")
	}
}

func TestPlantErrors(t *testing.T) {
	arts := seedArticles(t)
	if _, err := Plant(arts, "seeds", PlantConfig{Buckets: []int{150, 50}}); err == nil {
		t.Error("Plant accepted decreasing buckets")
	}
	if _, err := Plant(arts, "seeds", PlantConfig{Classes: []EditClass{"paraphrase"}}); err == nil {
		t.Error("Plant accepted an unknown class")
	}
	if _, err := Plant(arts, "seeds", PlantConfig{MinHostLen: 1 << 20}); err == nil || !strings.HasPrefix(err.Error(), "eval: ") {
		t.Errorf("Plant without hosts: error %v, want one starting with bench:", err)
	}
}

func TestBuckets(t *testing.T) {
	cfg := PlantConfig{}
	for n, want := range map[int]int{10: 0, 50: 0, 149: 0, 150: 1, 499: 1, 500: 2, 1500: 2, 9000: 2} {
		if got := cfg.Bucket(n); got != want {
			t.Errorf("Bucket(%d) = %d, want %d", n, got, want)
		}
	}
	if got := cfg.BucketName(0) + " " + cfg.BucketName(2); got != "50–149 500–1500" {
		t.Errorf("bucket names %q", got)
	}
}

// TestPlantedSeedsEndToEnd runs churn.Analyze on planted seeds: verbatim
// passages of 150 characters or more must be found.
func TestPlantedSeedsEndToEnd(t *testing.T) {
	set := plantSeeds(t, PlantConfig{Seed: 1, Cases: 8, Buckets: []int{150, 500, 1500}})
	dets, used, err := Detect(set, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if used.K != churn.DefaultK {
		t.Errorf("Detect reports options %+v, want defaults filled in", used)
	}
	rep := NewPlantedReport(set, dets, "churn.Analyze", &used)
	for _, r := range rep.Rows {
		if r.Class == string(Verbatim) && r.Length == "all" && (r.Recall < 0.9 || r.Precision < 0.9) {
			t.Errorf("verbatim passages of 150 characters or more in the seeds: %+v", r.PANScore)
		}
	}
	var b strings.Builder
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| verbatim | 150–499 |") {
		t.Errorf("report lacks a verbatim 150–499 row:\n%s", b.String())
	}
}

// plantOne inserts text into host at the sentence boundary nearest to
// the character position at, and returns the new host and the passage's
// character span in it.
func plantOne(t *testing.T, host, text string, at int) (string, RuneSpan) {
	t.Helper()
	sents := sentences(host)
	best := 1
	for i := 1; i < len(sents); i++ {
		if abs(sents[i].startRune-at) < abs(sents[best].startRune-at) {
			best = i
		}
	}
	ins := insertion{at: sents[best].start, text: text, sep: host[sents[best-1].end:sents[best].start]}
	out, spans := insertAll(host, []insertion{ins})
	return out, spans[0]
}

func abs(x int) int { return max(x, -x) }

// runFrom returns the byte range of a run of whole sentences of a of
// lo to hi characters, unique in a, that lies outside the byte ranges in
// avoid.
func runFrom(a Article, lo, hi int, avoid []churn.Span) (int, int, bool) {
	p := prepArticle(a)
	for i := range p.sents {
		for j := i; j < len(p.sents); j++ {
			n := p.sents[j].endRune - p.sents[i].startRune
			if n > hi {
				break
			}
			s, e := p.sents[i].start, p.sents[j].end
			if n < lo || !p.unique(s, e) || slices.ContainsFunc(avoid, func(x churn.Span) bool { return x.Start < e && s < x.End }) {
				continue
			}
			return s, e, true
		}
	}
	return 0, 0, false
}

// checkFound runs churn.Analyze on docs (doc 0 the source, doc 1 the
// host) and checks that it reports the planted passage with offsets
// within a few characters, and no other passage between the two that was
// not there before planting (before).
func checkFound(t *testing.T, docs []churn.Document, src, host RuneSpan, opts churn.Options, before int) {
	t.Helper()
	const slack = 5
	res, err := churn.Analyze(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	var found []Annotation
	for _, p := range res.Pairs {
		if p.A != 0 || p.B != 1 {
			continue
		}
		for _, q := range p.Passages {
			found = append(found, Annotation{DocA: 0, DocB: 1, A: runeSpan(docs[0].Text, q.A.Start, q.A.End), B: runeSpan(docs[1].Text, q.B.Start, q.B.End)})
		}
	}
	want := Annotation{DocA: 0, DocB: 1, A: src, B: host}
	hits := 0
	for _, f := range found {
		if _, _, ok := detects(want, f); !ok {
			continue
		}
		hits++
		t.Logf("options %+v: planted at source %v, host %v; found at %v, %v", opts, src, host, f.A, f.B)
		if abs(f.A.Start-src.Start) > slack || abs(f.A.End-src.End) > slack || abs(f.B.Start-host.Start) > slack || abs(f.B.End-host.End) > slack {
			t.Errorf("options %+v: passage found at source %v, host %v; planted at %v, %v", opts, f.A, f.B, src, host)
		}
	}
	if hits != 1 {
		t.Errorf("options %+v: the planted passage (source %v, host %v) was found %d times; passages: %v", opts, src, host, hits, found)
	}
	if len(found)-hits > before {
		t.Errorf("options %+v: %d passages besides the planted one, %d before planting: %v", opts, len(found)-hits, before, found)
	}
}

// TestFind300In20000Seeds plants a 300-character passage of seed 001 in
// a 20,000-character article made of seeds 004, 000 and 002, and checks
// that churn.Analyze finds it where it was planted. Seed 001 shares a few
// sentences with 004; the passage is cut elsewhere.
func TestFind300In20000Seeds(t *testing.T) {
	arts := seedArticles(t)
	byID := map[string]Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	host := strings.Join([]string{byID["seed004"].Text, byID["seed000"].Text, byID["seed002"].Text}, "\n\n")
	if n := utf8.RuneCountInString(host); n < 19500 {
		t.Fatalf("host has %d characters, want about 20,000", n)
	}
	source := byID["seed001"]
	every := churn.DefaultOptions()
	every.Containment = 0 // every verified pair
	before, err := churn.Analyze([]churn.Document{{ID: "s", Text: []byte(source.Text)}, {ID: "h", Text: []byte(host)}}, every)
	if err != nil {
		t.Fatal(err)
	}
	var avoid []churn.Span
	nBefore := 0
	for _, p := range before.Pairs {
		for _, q := range p.Passages {
			avoid = append(avoid, q.A)
			nBefore++
		}
	}
	s, e, ok := runFrom(source, 280, 320, avoid)
	if !ok {
		t.Fatal("no run of 280–320 characters in seed 001 outside the passages it shares")
	}
	planted, hspan := plantOne(t, host, source.Text[s:e], 10000)
	sspan := runeSpan([]byte(source.Text), s, e)
	docs := []churn.Document{{ID: "source", Text: []byte(source.Text)}, {ID: "host", Text: []byte(planted)}}
	for _, opts := range []churn.Options{{}, {MatrixLimit: -1}} {
		checkFound(t, docs, sspan, hspan, opts, nBefore)
	}
}

// TestFind300In20000SemEval plants a 300-character passage of one SemEval
// article in a 20,000-character article made of others in its language,
// among distractors, and checks that churn.Analyze finds it where it was
// planted and finds nothing else between the two.
func TestFind300In20000SemEval(t *testing.T) {
	pairs, err := LoadSemEvalFile()
	if errors.Is(err, ErrNoEvalData) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	var en []Article
	for _, a := range SemEvalArticles(pairs) {
		if a.Lang == "en" && utf8.RuneCountInString(a.Text) >= 800 {
			en = append(en, a)
		}
		if len(en) == 80 {
			break
		}
	}
	pool, err := CleanPool(en, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	var source Article
	var s, e int
	rest := pool
	for i, a := range pool {
		var ok bool
		if s, e, ok = runFrom(a, 280, 320, nil); ok {
			source = a
			rest = slices.Delete(slices.Clone(pool), i, i+1)
			break
		}
	}
	if source.ID == "" {
		t.Fatal("no SemEval article has a run of 280–320 characters")
	}
	var parts []string
	n := 0
	for len(rest) > 0 && n < 20000 {
		parts = append(parts, rest[0].Text)
		n += utf8.RuneCountInString(rest[0].Text) + 2
		rest = rest[1:]
	}
	if n < 20000 {
		t.Fatalf("only %d characters of clean English articles", n)
	}
	host := strings.Join(parts, "\n\n")
	planted, hspan := plantOne(t, host, source.Text[s:e], n/2)
	sspan := runeSpan([]byte(source.Text), s, e)
	docs := []churn.Document{{ID: "source", Text: []byte(source.Text)}, {ID: "host", Text: []byte(planted)}}
	for i, a := range rest {
		if i == 30 {
			break
		}
		docs = append(docs, churn.Document{ID: a.ID, Text: []byte(a.Text)})
	}
	for _, opts := range []churn.Options{{}, {MatrixLimit: -1}} {
		checkFound(t, docs, sspan, hspan, opts, 0)
	}
}

func TestRuneSpan(t *testing.T) {
	text := []byte("ăâî abc ș")
	if got := runeSpan(text, 0, len(text)); got != (RuneSpan{0, 9}) {
		t.Errorf("runeSpan(all) = %v", got)
	}
	if got := runeSpan(text, 7, 10); got != (RuneSpan{4, 7}) {
		t.Errorf("runeSpan(abc) = %v", got)
	}
}

func TestUnique(t *testing.T) {
	title := "Empty stomachs and unpaid salaries face a bleak year"
	text := title + "\nBy a reporter. " + title + ". Something else entirely follows here."
	p := prepArticle(Article{Text: text})
	i := strings.LastIndex(text, title)
	if p.unique(i, i+len(title)+1) {
		t.Error("a repeated title counts as unique")
	}
	j := strings.Index(text, "Something")
	if !p.unique(j, len(text)) {
		t.Error("a sentence found once does not count as unique")
	}
}

func TestSettings(t *testing.T) {
	o := churn.Options{K: 7, KeepLists: true}
	s := Settings(o)
	str := s.String()
	if !strings.HasPrefix(str, "K=7 ") || !strings.Contains(str, "KeepLists=true") {
		t.Errorf("Settings(%+v) = %q", o, str)
	}
	b, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `{"K":7,`) {
		t.Errorf("Settings JSON = %s", b)
	}
}
