package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/shingle"
)

// Article is a real news article available to a planted-reuse corpus as
// a host, a source of passages or a distractor.
type Article struct {
	ID   string // unique among the articles
	Lang string // ISO 639-1 code, or "" if unknown
	Text string
}

// SemEvalArticles returns the distinct articles of the SemEval pairs,
// deduplicated by article ID (the two halves of pair_id), in order of
// first appearance.
func SemEvalArticles(pairs []SemEvalPair) []Article {
	seen := map[string]bool{}
	var arts []Article
	add := func(id, lang, text string) {
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		arts = append(arts, Article{ID: id, Lang: lang, Text: text})
	}
	for _, p := range pairs {
		id1, id2, ok := strings.Cut(p.ID, "_")
		if !ok {
			continue
		}
		add(id1, p.Lang1, p.Text1)
		add(id2, p.Lang2, p.Text2)
	}
	return arts
}

// SeedArticles returns the embedded seeds (corpus.Seeds) as articles.
func SeedArticles() ([]Article, error) {
	docs, err := corpus.Seeds()
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	arts := make([]Article, len(docs))
	for i, d := range docs {
		arts[i] = Article{ID: "seed" + d.ID, Text: string(d.Text)}
	}
	return arts, nil
}

// PlantArticles returns the articles planted-reuse corpora are built
// from and a sentence naming their origin: the SemEval articles from the
// evaluation folder when it is present, else the embedded seeds.
func PlantArticles() ([]Article, string, error) {
	pairs, err := LoadSemEvalFile()
	switch {
	case err == nil:
		arts := SemEvalArticles(pairs)
		return arts, fmt.Sprintf("%d SemEval-2022 articles (semeval-dev.csv)", len(arts)), nil
	case errors.Is(err, ErrNoEvalData):
		arts, err2 := SeedArticles()
		if err2 != nil {
			return nil, "", err2
		}
		return arts, fmt.Sprintf("the %d embedded seeds (no SemEval data: %v)", len(arts), err), nil
	default:
		return nil, "", err
	}
}

// EditClass is how a planted passage is changed on its way from the
// source into the host.
type EditClass string

// The edit classes.
const (
	// Verbatim passages are copied unchanged.
	Verbatim EditClass = "verbatim"
	// Light passages have some words' case changed, punctuation and
	// quote styles changed, accents stripped or added, Romanian ş/ș and
	// ţ/ț respelled, and 5–15% of their words inserted, deleted or
	// replaced by words of the host.
	Light EditClass = "light"
)

// Case is one planted passage and its ground truth.
type Case struct {
	// Corpus indexes PlantedSet.Corpora; Source and Host index that
	// corpus's documents.
	Corpus, Source, Host int
	// SourceSpan and HostSpan are the passage's character (rune) ranges
	// in the source's and the host's final texts.
	SourceSpan, HostSpan RuneSpan
	Class                EditClass
	// Len is the passage's length in characters as cut from the source.
	Len int
}

// Annotation returns the case as a PAN annotation: A in the source, B in
// the host.
func (c Case) Annotation() Annotation {
	return Annotation{Corpus: c.Corpus, DocA: c.Source, DocB: c.Host, A: c.SourceSpan, B: c.HostSpan}
}

// Document roles in a planted corpus.
const (
	RoleHost       = "host"
	RoleSource     = "source"
	RoleDistractor = "distractor"
)

// PlantedCorpus is one corpus of a PlantedSet: hosts with passages planted
// from sources, the sources themselves, and distractors. All its cases
// have one edit class.
type PlantedCorpus struct {
	Class EditClass
	Docs  []churn.Document
	// Roles[i] is RoleHost, RoleSource or RoleDistractor; Articles[i] is
	// the ID of the article document i was made from.
	Roles, Articles []string
}

// PlantConfig sets the size and shape of a planted-reuse evaluation. The
// zero value of each field means its default.
type PlantConfig struct {
	// Seed seeds the generator (math/rand/v2 PCG): the same articles and
	// configuration always give the same corpora.
	Seed uint64
	// Cases is the number of planted passages, split evenly between the
	// edit classes and, within a class, between the length buckets.
	// Default 360.
	Cases int
	// Buckets are the edges of the length buckets in characters: bucket
	// i holds passages of Buckets[i] up to Buckets[i+1]-1 characters, the
	// last one up to Buckets[len-1] inclusive. Default 50, 150, 500, 1500.
	Buckets []int
	// Classes are the edit classes. Default Verbatim and Light.
	Classes []EditClass
	// Hosts is the number of hosts per corpus, PerHost the number of
	// passages planted in each (from distinct sources) and Distractors
	// the number of unrelated documents per corpus. Defaults 15, 2 and
	// 15; they shrink when there are too few articles.
	Hosts, PerHost, Distractors int
	// MinHostLen is the shortest article, in characters, used as a host.
	// Default 1500.
	MinHostLen int
	// MaxContainment is the largest share of either article's shingles
	// two articles of the pool may share. Default 0.05.
	MaxContainment float64
}

func (c PlantConfig) withDefaults() PlantConfig {
	if c.Cases <= 0 {
		c.Cases = 360
	}
	if len(c.Buckets) < 2 {
		c.Buckets = []int{50, 150, 500, 1500}
	}
	if len(c.Classes) == 0 {
		c.Classes = []EditClass{Verbatim, Light}
	}
	if c.Hosts <= 0 {
		c.Hosts = 15
	}
	if c.PerHost <= 0 {
		c.PerHost = 2
	}
	if c.Distractors <= 0 {
		c.Distractors = 15
	}
	if c.MinHostLen <= 0 {
		c.MinHostLen = 1500
	}
	if c.MaxContainment <= 0 {
		c.MaxContainment = 0.05
	}
	return c
}

// Bucket returns the index of the length bucket of a passage of n
// characters, clamped to the first and last bucket.
func (c PlantConfig) Bucket(n int) int {
	c = c.withDefaults()
	for i := len(c.Buckets) - 2; i > 0; i-- {
		if n >= c.Buckets[i] {
			return i
		}
	}
	return 0
}

// BucketName returns the name of bucket i, such as "150–499".
func (c PlantConfig) BucketName(i int) string {
	c = c.withDefaults()
	hi := c.Buckets[i+1]
	if i+2 < len(c.Buckets) {
		hi--
	}
	return fmt.Sprintf("%d–%d", c.Buckets[i], hi)
}

// bucketRange returns the smallest and largest length of bucket i.
func (c PlantConfig) bucketRange(i int) (lo, hi int) {
	hi = c.Buckets[i+1]
	if i+2 < len(c.Buckets) {
		hi--
	}
	return c.Buckets[i], hi
}

// PlantedSet is a planted-reuse evaluation: corpora and their cases.
type PlantedSet struct {
	// Origin names the articles the corpora were built from.
	Origin string
	// Config is the configuration used, defaults filled in.
	Config PlantConfig
	// Articles is the number of articles given; Pool the number that
	// share no text with one another and so could be used.
	Articles, Pool int
	Corpora        []PlantedCorpus
	Cases          []Case
}

// Plant builds planted-reuse corpora from arts, described by origin. It
// first keeps a pool of articles that share no text (CleanPool). Then,
// for each corpus, it picks hosts of at least MinHostLen characters, cuts
// from a distinct source per passage (of the host's language when
// possible) a run of whole sentences of the case's length that repeats
// nothing found elsewhere in the source, edits it according to the
// corpus's class and inserts it into the host between two sentences. The
// sources are added unchanged, with unrelated distractors, and the
// documents are shuffled. Every corpus holds the cases of one edit class;
// within a class, cases cycle through the length buckets.
func Plant(arts []Article, origin string, cfg PlantConfig) (*PlantedSet, error) {
	cfg = cfg.withDefaults()
	for i := 1; i < len(cfg.Buckets); i++ {
		if cfg.Buckets[i] <= cfg.Buckets[i-1] || cfg.Buckets[0] < 1 {
			return nil, fmt.Errorf("bench: length buckets %v are not increasing positive lengths", cfg.Buckets)
		}
	}
	for _, c := range cfg.Classes {
		if c != Verbatim && c != Light {
			return nil, fmt.Errorf("bench: unknown edit class %q", c)
		}
	}
	pool, err := CleanPool(arts, cfg.MaxContainment)
	if err != nil {
		return nil, err
	}
	set := &PlantedSet{Origin: origin, Config: cfg, Articles: len(arts), Pool: len(pool)}
	g := &generator{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x706c616e746564))}
	for _, a := range pool {
		pa := prepArticle(a)
		g.pool = append(g.pool, pa)
		if pa.runes >= cfg.MinHostLen && len(pa.sents) >= 3 {
			g.hosts = append(g.hosts, len(g.pool)-1)
		}
	}
	if len(g.hosts) == 0 {
		return nil, fmt.Errorf("bench: no usable host: none of the %d articles that share no text has %d characters or more", len(pool), cfg.MinHostLen)
	}
	if err := g.shape(); err != nil {
		return nil, err
	}
	for ci, class := range cfg.Classes {
		n := cfg.Cases / len(cfg.Classes)
		if ci < cfg.Cases%len(cfg.Classes) {
			n++
		}
		bucket := 0
		for n > 0 {
			m := min(n, g.h*g.p)
			if err := g.corpus(set, class, m, &bucket); err != nil {
				return nil, err
			}
			n -= m
		}
	}
	return set, nil
}

// prepared is an article with its sentences and words.
type prepared struct {
	Article
	runes int
	sents []sentence
	words []string

	// Computed when the article is first considered as a source.
	norm   *shingle.Text
	hashes []uint64
	pos    map[uint64][]int32 // positions of each shingle hash
}

// unique reports whether the original byte range [s, e) of the article
// repeats no stretch of 20 characters or more (12 shingles in a row,
// after normalisation) found elsewhere in the article: copied into a
// host, such a passage would also match the other place, and the ground
// truth would be ambiguous. SemEval articles often repeat their title or a
// paragraph.
func (p *prepared) unique(s, e int) bool {
	const k, stretch = shingle.DefaultK, 12
	if p.norm == nil {
		p.norm = new(shingle.Text)
		shingle.NewNormalizer(shingle.Options{}).Normalize(p.norm, []byte(p.Text))
		p.hashes = shingle.AppendHashes(nil, p.norm, k, 0)
		p.pos = make(map[uint64][]int32, len(p.hashes))
		for i, h := range p.hashes {
			p.pos[h] = append(p.pos[h], int32(i))
		}
	}
	ns, _ := slices.BinarySearch(p.norm.Start, int32(s))
	ne, _ := slices.BinarySearch(p.norm.Start, int32(e))
	last := ne - k // last shingle inside the range
	run := 0
	for i := ns; i <= last && i < len(p.hashes); i++ {
		elsewhere := false
		for _, q := range p.pos[p.hashes[i]] {
			if int(q) < ns || int(q) > last {
				elsewhere = true
				break
			}
		}
		if !elsewhere {
			run = 0
			continue
		}
		if run++; run >= stretch {
			return false
		}
	}
	return true
}

func prepArticle(a Article) *prepared {
	p := &prepared{Article: a, runes: utf8.RuneCountInString(a.Text), sents: sentences(a.Text)}
	for _, w := range strings.Fields(a.Text) {
		_, core, _ := splitToken(w)
		if utf8.RuneCountInString(core) >= 2 && strings.IndexFunc(core, unicode.IsLetter) >= 0 {
			p.words = append(p.words, core)
		}
	}
	return p
}

type generator struct {
	cfg     PlantConfig
	rng     *rand.Rand
	pool    []*prepared
	hosts   []int // indexes in pool of articles long enough to host
	hostQ   []int // hosts not yet used in the current round
	h, p, d int   // hosts, passages per host, distractors per corpus
}

// shape chooses the corpus shape the pool allows.
func (g *generator) shape() error {
	n := len(g.pool)
	for h := min(g.cfg.Hosts, len(g.hosts)); h >= 1; h-- {
		for p := g.cfg.PerHost; p >= 1; p-- {
			if d := n - h - h*p; d >= 1 || (d == 0 && h == 1 && p == 1) {
				g.h, g.p, g.d = h, p, min(d, g.cfg.Distractors)
				return nil
			}
		}
	}
	return fmt.Errorf("bench: %d articles that share no text are too few for a planted corpus", n)
}

// nextHosts returns n distinct hosts, cycling through all hosts in a
// shuffled order so that each is used about equally often.
func (g *generator) nextHosts(n int) []int {
	var out []int
	for len(out) < n {
		if len(g.hostQ) == 0 {
			g.hostQ = slices.Clone(g.hosts)
			g.rng.Shuffle(len(g.hostQ), func(i, j int) { g.hostQ[i], g.hostQ[j] = g.hostQ[j], g.hostQ[i] })
		}
		h := g.hostQ[0]
		g.hostQ = g.hostQ[1:]
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// insertion is a passage to insert into a host.
type insertion struct {
	at   int // byte offset in the host: the start of a sentence
	text string
	sep  string // white space written after the passage
	cas  int    // index of the case in set.Cases
}

// corpus builds one corpus of class with m cases.
func (g *generator) corpus(set *PlantedSet, class EditClass, m int, bucket *int) error {
	nb := len(g.cfg.Buckets) - 1
	ci := len(set.Corpora)
	nh := (m + g.p - 1) / g.p
	hosts := g.nextHosts(nh)
	used := map[int]bool{}
	for _, h := range hosts {
		used[h] = true
	}
	others := g.rng.Perm(len(g.pool))
	type src struct {
		art  int
		s, e int // byte range of the passage in the source
	}
	var (
		docs     []churn.Document
		roles    []string
		artIDs   []string
		hostText = make([]string, nh)
		hostIns  = make([][]insertion, nh)
	)
	// Sources, cut and edited.
	var srcs []src
	var caseHost []int
	for k := range m {
		hi := k % nh
		host := g.pool[hosts[hi]]
		b := *bucket % nb
		*bucket++
		lo, hiLen := g.cfg.bucketRange(b)
		found := false
		for pass := 0; pass < 2 && !found; pass++ {
			for _, o := range others {
				a := g.pool[o]
				if used[o] || (pass == 0 && host.Lang != "" && a.Lang != host.Lang) {
					continue
				}
				s, e, ok := pickRun(g.rng, a, lo, hiLen)
				if !ok {
					continue
				}
				used[o] = true
				srcs = append(srcs, src{o, s, e})
				caseHost = append(caseHost, hi)
				found = true
				break
			}
		}
		if !found {
			return fmt.Errorf("bench: no unused article has a run of sentences of %d–%d characters for corpus %d", lo, hiLen, ci)
		}
	}
	// Insert into hosts: distinct sentence boundaries, never the first.
	for hi, h := range hosts {
		host := g.pool[h]
		hostText[hi] = host.Text
		var mine []int
		for k, x := range caseHost {
			if x == hi {
				mine = append(mine, k)
			}
		}
		bounds := g.rng.Perm(len(host.sents) - 1)
		for n, k := range mine {
			si := 1 + bounds[n%len(bounds)]
			at := host.sents[si].start
			sep := host.Text[host.sents[si-1].end:at]
			text := g.pool[srcs[k].art].Text[srcs[k].s:srcs[k].e]
			if class == Light {
				text = lightEdit(g.rng, text, host.words)
			}
			hostIns[hi] = append(hostIns[hi], insertion{at: at, text: text, sep: sep, cas: k})
		}
	}
	// Documents: hosts, sources, distractors, then shuffled.
	type entry struct {
		role, art, text string
		hi, k           int
	}
	var ents []entry
	for hi, h := range hosts {
		ents = append(ents, entry{RoleHost, g.pool[h].ID, "", hi, -1})
	}
	for k, s := range srcs {
		ents = append(ents, entry{RoleSource, g.pool[s.art].ID, g.pool[s.art].Text, -1, k})
	}
	nd := 0
	for _, o := range others {
		if nd == g.d {
			break
		}
		if !used[o] {
			used[o] = true
			ents = append(ents, entry{RoleDistractor, g.pool[o].ID, g.pool[o].Text, -1, -1})
			nd++
		}
	}
	g.rng.Shuffle(len(ents), func(i, j int) { ents[i], ents[j] = ents[j], ents[i] })
	base := len(set.Cases)
	set.Cases = append(set.Cases, make([]Case, m)...)
	for di, e := range ents {
		text := e.text
		switch e.role {
		case RoleHost:
			var spans []RuneSpan
			text, spans = insertAll(hostText[e.hi], hostIns[e.hi])
			for n, ins := range hostIns[e.hi] {
				c := &set.Cases[base+ins.cas]
				c.Corpus, c.Host, c.HostSpan, c.Class = ci, di, spans[n], class
			}
		case RoleSource:
			s := srcs[e.k]
			c := &set.Cases[base+e.k]
			start := utf8.RuneCountInString(text[:s.s])
			c.Source = di
			c.SourceSpan = RuneSpan{start, start + utf8.RuneCountInString(text[s.s:s.e])}
			c.Len = c.SourceSpan.Len()
		}
		docs = append(docs, churn.Document{
			ID:   fmt.Sprintf("c%02d-%s-%s", ci, e.role[:1], e.art),
			Name: fmt.Sprintf("planted/%d/%s/%s", ci, e.role, e.art),
			Text: []byte(text),
		})
		roles = append(roles, e.role)
		artIDs = append(artIDs, e.art)
	}
	set.Corpora = append(set.Corpora, PlantedCorpus{Class: class, Docs: docs, Roles: roles, Articles: artIDs})
	return nil
}

// insertAll inserts the passages into text, each followed by its
// separator, and returns the new text and each passage's character span
// in it, in the order of ins.
func insertAll(text string, ins []insertion) (string, []RuneSpan) {
	order := make([]int, len(ins))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return ins[x].at - ins[y].at })
	var b strings.Builder
	spans := make([]RuneSpan, len(ins))
	prev, runes := 0, 0
	for _, i := range order {
		part := text[prev:ins[i].at]
		b.WriteString(part)
		runes += utf8.RuneCountInString(part)
		n := utf8.RuneCountInString(ins[i].text)
		spans[i] = RuneSpan{runes, runes + n}
		b.WriteString(ins[i].text)
		b.WriteString(ins[i].sep)
		runes += n + utf8.RuneCountInString(ins[i].sep)
		prev = ins[i].at
	}
	b.WriteString(text[prev:])
	return b.String(), spans
}

// pickRun chooses at random a run of whole sentences of a whose length is
// between lo and hi characters and that is unique in a, and returns its
// byte range.
func pickRun(rng *rand.Rand, a *prepared, lo, hi int) (s, e int, ok bool) {
	type run struct{ i, j int }
	var runs []run
	for i := range a.sents {
		for j := i; j < len(a.sents); j++ {
			n := a.sents[j].endRune - a.sents[i].startRune
			if n > hi {
				break
			}
			if n >= lo {
				runs = append(runs, run{i, j})
			}
		}
	}
	for len(runs) > 0 {
		x := rng.IntN(len(runs))
		r := runs[x]
		if s, e := a.sents[r.i].start, a.sents[r.j].end; a.unique(s, e) {
			return s, e, true
		}
		runs[x] = runs[len(runs)-1]
		runs = runs[:len(runs)-1]
	}
	return 0, 0, false
}

// sentence is a sentence's byte range [start, end) in its text, without
// surrounding white space, and the same range in runes.
type sentence struct {
	start, end         int
	startRune, endRune int
}

// sentences splits text into sentences: a sentence ends at a line break,
// or after a full stop, question or exclamation mark (and any closing
// quotes or brackets) followed by white space and a capital letter, a
// digit, an opening quote or bracket or a letter of a script without
// case; the CJK full stops end a sentence by themselves.
func sentences(text string) []sentence {
	var out []sentence
	start, startRune := -1, 0
	end, endRune := 0, 0 // just after the last non-space rune
	closeAt := func(e, er int) {
		if start >= 0 && e > start {
			out = append(out, sentence{start, e, startRune, er})
		}
		start = -1
	}
	for i, rn := 0, 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		next, nextRune := i+size, rn+1
		switch {
		case r == '\n':
			closeAt(end, endRune)
		case unicode.IsSpace(r):
		default:
			if start < 0 {
				start, startRune = i, rn
			}
			end, endRune = next, nextRune
			switch r {
			case '。', '！', '？':
				closeAt(end, endRune)
			case '.', '!', '?', '…', '؟':
				// Take further stops and closing quotes or brackets.
				j, jr := next, nextRune
				for j < len(text) {
					r2, s2 := utf8.DecodeRuneInString(text[j:])
					if !strings.ContainsRune(".!?…؟\"'”’»)]“", r2) {
						break
					}
					j, jr = j+s2, jr+1
				}
				if sentenceFollows(text[j:]) {
					end, endRune = j, jr
					closeAt(end, endRune)
					next, nextRune = j, jr
				}
			}
		}
		i, rn = next, nextRune
	}
	closeAt(end, endRune)
	return out
}

// sentenceFollows reports whether rest, the text after a full stop,
// starts with white space and then something that can begin a sentence.
func sentenceFollows(rest string) bool {
	if rest == "" {
		return true
	}
	r, size := utf8.DecodeRuneInString(rest)
	if !unicode.IsSpace(r) {
		return false
	}
	rest = strings.TrimLeftFunc(rest[size:], unicode.IsSpace)
	if rest == "" {
		return true
	}
	r, _ = utf8.DecodeRuneInString(rest)
	switch {
	case unicode.IsUpper(r), unicode.IsDigit(r), unicode.IsTitle(r):
		return true
	case unicode.IsLetter(r):
		return !unicode.IsLower(r) && unicode.SimpleFold(r) == r // uncased script
	}
	return strings.ContainsRune("\"'“„«‘(['‚¿¡–—-", r)
}

// splitToken splits a white-space-delimited token into leading
// punctuation, the word, and trailing punctuation.
func splitToken(tok string) (pre, core, post string) {
	isWordRune := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	i := strings.IndexFunc(tok, isWordRune)
	if i < 0 {
		return tok, "", ""
	}
	j := strings.LastIndexFunc(tok, isWordRune)
	_, size := utf8.DecodeRuneInString(tok[j:])
	return tok[:i], tok[i : j+size], tok[j+size:]
}

// Quote styles a light edit may switch a passage to: opening and closing.
var quoteStyles = [][2]string{{"“", "”"}, {"„", "“"}, {"«", "»"}, {"\"", "\""}, {"»", "«"}}

// isQuote reports whether r is a double quotation mark.
func isQuote(r rune) bool { return strings.ContainsRune("\"“”„«»‟", r) }

// Romanian spellings: cedilla and comma below.
var (
	toComma   = strings.NewReplacer("ş", "ș", "Ş", "Ș", "ţ", "ț", "Ţ", "Ț")
	toCedilla = strings.NewReplacer("ș", "ş", "Ș", "Ş", "ț", "ţ", "Ț", "Ţ")
)

// lightEdit returns a lightly edited copy of passage: 5–15% of its words
// inserted, deleted or replaced (by words of the host, hostWords), some
// words' case changed, accents stripped or added, punctuation changed,
// quotes restyled and Romanian ş/ș, ţ/ț respelled.
func lightEdit(rng *rand.Rand, passage string, hostWords []string) string {
	// Tokens alternate: white space (possibly empty), word, white space...
	type tok struct{ space, word string }
	var toks []tok
	rest := passage
	for rest != "" {
		sp := len(rest) - len(strings.TrimLeftFunc(rest, unicode.IsSpace))
		w := strings.IndexFunc(rest[sp:], unicode.IsSpace)
		if w < 0 {
			w = len(rest) - sp
		}
		toks = append(toks, tok{rest[:sp], rest[sp : sp+w]})
		rest = rest[sp+w:]
	}
	if len(toks) == 0 {
		return passage
	}
	hostWord := func() string {
		if len(hostWords) == 0 {
			return "și"
		}
		return hostWords[rng.IntN(len(hostWords))]
	}
	// Word operations: 5–15% of the words, at least one.
	rate := 0.05 + 0.10*rng.Float64()
	nops := max(1, int(rate*float64(len(toks))+0.5))
	ops := map[int]int{} // token → 0 delete, 1 insert after, 2 replace
	for _, i := range rng.Perm(len(toks))[:min(nops, len(toks))] {
		ops[i] = rng.IntN(3)
	}
	quote := quoteStyles[rng.IntN(len(quoteStyles))]
	restyle := rng.IntN(2) == 0
	var b strings.Builder
	for i, t := range toks {
		op, has := ops[i]
		if has && op == 0 && len(toks) > 1 {
			continue // deleted, with the space before it
		}
		pre, core, post := splitToken(t.word)
		if has && op == 2 {
			core = hostWord()
		}
		if core != "" {
			switch x := rng.Float64(); {
			case x < 0.08:
				core = changeCase(rng, core)
			case x < 0.12:
				core = changeAccents(rng, core)
			}
		}
		if rng.Float64() < 0.03 && i < len(toks)-1 {
			post = changePunct(rng, post)
		}
		if restyle {
			pre, post = restyleQuotes(pre, quote[0]), restyleQuotes(post, quote[1])
		}
		space := t.space
		if b.Len() == 0 {
			space = ""
		}
		b.WriteString(space + pre + core + post)
		if has && op == 1 {
			b.WriteString(" " + hostWord())
		}
	}
	out := b.String()
	if strings.ContainsAny(out, "şţŞŢșțȘȚ") && rng.IntN(2) == 0 {
		if strings.ContainsAny(out, "şţŞŢ") {
			out = toComma.Replace(out)
		} else {
			out = toCedilla.Replace(out)
		}
	}
	return out
}

// changeCase returns w in another case: lower, upper or title.
func changeCase(rng *rand.Rand, w string) string {
	for range 3 {
		var v string
		switch rng.IntN(3) {
		case 0:
			v = strings.ToLower(w)
		case 1:
			v = strings.ToUpper(w)
		default:
			r, size := utf8.DecodeRuneInString(w)
			v = string(unicode.ToUpper(r)) + strings.ToLower(w[size:])
		}
		if v != w {
			return v
		}
	}
	return w
}

// accented holds vowels and an accented form of each.
var accented = map[rune]rune{'a': 'á', 'e': 'é', 'i': 'í', 'o': 'ó', 'u': 'ú', 'A': 'Á', 'E': 'É', 'I': 'Í', 'O': 'Ó', 'U': 'Ú'}

// changeAccents strips w's accents if it has any, and else adds one to a
// vowel.
func changeAccents(rng *rand.Rand, w string) string {
	d := norm.NFD.String(w)
	stripped := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, d)
	if stripped = norm.NFC.String(stripped); stripped != w {
		return stripped
	}
	rs := []rune(w)
	var vowels []int
	for i, r := range rs {
		if _, ok := accented[r]; ok {
			vowels = append(vowels, i)
		}
	}
	if len(vowels) == 0 {
		return w
	}
	i := vowels[rng.IntN(len(vowels))]
	rs[i] = accented[rs[i]]
	return string(rs)
}

// changePunct changes the punctuation after a word: a comma is dropped or
// becomes a semicolon; a word without punctuation gets a comma.
func changePunct(rng *rand.Rand, post string) string {
	switch {
	case post == "":
		return ","
	case strings.HasPrefix(post, ","):
		if rng.IntN(2) == 0 {
			return post[1:]
		}
		return ";" + post[1:]
	case strings.HasPrefix(post, ";"), strings.HasPrefix(post, ":"):
		return "," + post[1:]
	}
	return post
}

// restyleQuotes replaces the double quotation marks in s by q.
func restyleQuotes(s, q string) string {
	if strings.IndexFunc(s, isQuote) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isQuote(r) {
			b.WriteString(q)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CleanPool returns the articles of arts that share no text with one
// another. Two articles conflict when they share more than maxContainment
// of either one's distinct 9-character shingles (after churn's
// normalisation: the containment churn.Compare reports, computed for all
// pairs at once over shingles found in at most 32 articles), or when
// churn's passage aligner, run with fixed options more permissive than
// churn's defaults (cleanAlign), finds a shared passage in a pair that
// shares 8 or more such shingles. Of conflicting articles at most one is
// kept, those with fewer conflicts first. Articles under 200 characters
// and articles written mostly without spaces between words (fewer than
// one space per 20 characters: most Chinese ones), whose words cannot be
// edited, are left out. Order is preserved.
func CleanPool(arts []Article, maxContainment float64) ([]Article, error) {
	var cand []Article
	for _, a := range arts {
		n := utf8.RuneCountInString(a.Text)
		if n < 200 || strings.Count(a.Text, " ") < n/20 {
			continue
		}
		cand = append(cand, a)
	}
	n := len(cand)
	if n > 1<<16 {
		return nil, fmt.Errorf("bench: %d articles are too many to clean", n)
	}
	k := shingle.DefaultK
	texts := make([]shingle.Text, n)
	hashes := make([][]uint64, n)
	sets := make([][]uint64, n)
	nz := shingle.NewNormalizer(shingle.Options{})
	var entries []uint64
	for i, a := range cand {
		nz.Normalize(&texts[i], []byte(a.Text))
		hashes[i] = shingle.AppendHashes(nil, &texts[i], k, 0)
		sets[i] = shingle.Set(slices.Clone(hashes[i]))
		for _, h := range sets[i] {
			entries = append(entries, h&^0xffff|uint64(i))
		}
	}
	slices.Sort(entries)
	// Count shared shingles per pair, leaving out shingles found in many
	// articles (stock phrases), which do not make articles share text.
	const maxDF = 32
	shared := map[uint32]int{}
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j]&^0xffff == entries[i]&^0xffff {
			j++
		}
		if g := j - i; g >= 2 && g <= maxDF {
			for x := i; x < j; x++ {
				for y := x + 1; y < j; y++ {
					a, b := uint32(entries[x]&0xffff), uint32(entries[y]&0xffff)
					shared[a<<16|b]++
				}
			}
		}
		i = j
	}
	conflict := make([][]int, n)
	addConflict := func(a, b int) {
		if !slices.Contains(conflict[a], b) {
			conflict[a] = append(conflict[a], b)
			conflict[b] = append(conflict[b], a)
		}
	}
	// Pairs that share enough shingles to hold a passage are aligned, in
	// parallel.
	var toAlign []uint32
	for key, s := range shared {
		a, b := int(key>>16), int(key&0xffff)
		if float64(s) > maxContainment*float64(min(len(sets[a]), len(sets[b]))) {
			addConflict(a, b)
		} else if s >= 8 {
			toAlign = append(toAlign, key)
		}
	}
	slices.Sort(toAlign)
	found := make([]bool, len(toAlign))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			al := passage.NewAligner(k, cleanAlign)
			var ps []passage.Passage
			for i := w; i < len(toAlign); i += workers {
				a, b := int(toAlign[i]>>16), int(toAlign[i]&0xffff)
				ps = al.Align(ps[:0], passage.Side{Text: &texts[a], Hashes: hashes[a], Set: sets[a]}, passage.Side{Text: &texts[b], Hashes: hashes[b], Set: sets[b]})
				found[i] = len(ps) > 0
			}
		}()
	}
	wg.Wait()
	for i, key := range toAlign {
		if found[i] {
			addConflict(int(key>>16), int(key&0xffff))
		}
	}
	// Greedy independent set: fewest conflicts first.
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return len(conflict[x]) - len(conflict[y]) })
	keep := make([]bool, n)
	gone := make([]bool, n)
	for _, i := range order {
		if gone[i] {
			continue
		}
		keep[i] = true
		for _, j := range conflict[i] {
			gone[j] = true
		}
	}
	var out []Article
	for i, a := range cand {
		if keep[i] {
			out = append(out, a)
		}
	}
	return out, nil
}

// cleanAlign are the aligner options CleanPool uses: fixed, so that the
// pool does not change with churn's defaults, and more permissive than
// them.
var cleanAlign = passage.Options{MinLen: 40, MaxGap: 40, MaxRepeat: 8, MinMatched: 0.4}

// Detect runs churn.Analyze with opts on every corpus of set and returns
// the passages of the pairs it reports as annotations in character
// offsets (A in the pair's first document, B in its second), and the
// options Analyze used, with defaults filled in.
func Detect(set *PlantedSet, opts churn.Options) ([]Annotation, churn.Options, error) {
	per := make([][]Annotation, len(set.Corpora))
	var used churn.Options
	for ci, c := range set.Corpora {
		res, err := churn.Analyze(c.Docs, opts)
		if err != nil {
			return nil, used, fmt.Errorf("bench: corpus %d: %w", ci, err)
		}
		used = res.Options
		for _, p := range res.Pairs {
			ta, tb := c.Docs[p.A].Text, c.Docs[p.B].Text
			for _, ps := range p.Passages {
				per[ci] = append(per[ci], Annotation{
					Corpus: ci, DocA: p.A, DocB: p.B,
					A: runeSpan(ta, ps.A.Start, ps.A.End),
					B: runeSpan(tb, ps.B.Start, ps.B.End),
				})
			}
		}
	}
	return slices.Concat(per...), used, nil
}

// DetectAligner aligns every pair of documents of every corpus of set
// with the passage package directly (shingle length k, default
// normalisation, no candidate generation and no boilerplate masking) and
// returns the passages it finds as annotations in character offsets. It
// is a diagnostic: what churn.Analyze would report if its candidate
// generation and filters let every pair through.
func DetectAligner(set *PlantedSet, k int, opts passage.Options, keepAccents bool) []Annotation {
	if k <= 0 {
		k = shingle.DefaultK
	}
	per := make([][]Annotation, len(set.Corpora))
	workers := min(runtime.GOMAXPROCS(0), max(len(set.Corpora), 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nz := shingle.NewNormalizer(shingle.Options{KeepAccents: keepAccents})
			al := passage.NewAligner(k, opts)
			var ps []passage.Passage
			for ci := w; ci < len(set.Corpora); ci += workers {
				docs := set.Corpora[ci].Docs
				texts := make([]shingle.Text, len(docs))
				hashes := make([][]uint64, len(docs))
				sets := make([][]uint64, len(docs))
				for i, d := range docs {
					nz.Normalize(&texts[i], d.Text)
					hashes[i] = shingle.AppendHashes(nil, &texts[i], k, 0)
					sets[i] = shingle.Set(slices.Clone(hashes[i]))
				}
				for a := range docs {
					for b := a + 1; b < len(docs); b++ {
						ps = al.Align(ps[:0], passage.Side{Text: &texts[a], Hashes: hashes[a], Set: sets[a]}, passage.Side{Text: &texts[b], Hashes: hashes[b], Set: sets[b]})
						for _, p := range ps {
							per[ci] = append(per[ci], Annotation{
								Corpus: ci, DocA: a, DocB: b,
								A: runeSpan(docs[a].Text, p.A.Start, p.A.End),
								B: runeSpan(docs[b].Text, p.B.Start, p.B.End),
							})
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	return slices.Concat(per...)
}

// runeSpan converts the byte range [start, end) of text to characters.
func runeSpan(text []byte, start, end int) RuneSpan {
	start = min(max(start, 0), len(text))
	end = min(max(end, start), len(text))
	s := utf8.RuneCount(text[:start])
	return RuneSpan{s, s + utf8.RuneCount(text[start:end])}
}

// PlantedRow is the PAN score of the cases of one edit class (or all)
// and one length bucket (or a range of buckets, or all), and of the
// detections attributed to them.
type PlantedRow struct {
	Class  string `json:"class"`  // an edit class or "all"
	Length string `json:"length"` // a bucket such as "150–499", "≥150" or "all"
	PANScore
}

// ScorePlanted scores detections against the cases of set: overall, per
// edit class, and per class and length bucket. A case belongs to the
// bucket of its length. A detection is attributed to the case it
// overlaps most; a detection that overlaps no case (a false positive) is
// attributed to the class of its corpus and to the bucket of its own
// length (the longer of its two sides, clamped to the first and last
// bucket). Recall and granularity of a group are over its cases, with
// every detection; precision is over the detections attributed to it,
// with every case.
func ScorePlanted(set *PlantedSet, dets []Annotation) []PlantedRow {
	cfg := set.Config
	cases := make([]Annotation, len(set.Cases))
	for i, c := range set.Cases {
		cases[i] = c.Annotation()
	}
	m := matchPAN(cases, dets)
	caseClass := make([]string, len(cases))
	caseBucket := make([]int, len(cases))
	for i, c := range set.Cases {
		caseClass[i], caseBucket[i] = string(c.Class), cfg.Bucket(c.Len)
	}
	detClass := make([]string, len(dets))
	detBucket := make([]int, len(dets))
	for j, d := range dets {
		if i := m.detCase[j]; i >= 0 {
			detClass[j], detBucket[j] = caseClass[i], caseBucket[i]
		} else {
			detClass[j] = string(set.Corpora[d.Corpus].Class)
			detBucket[j] = cfg.Bucket(max(d.A.Len(), d.B.Len()))
		}
	}
	nb := len(cfg.Buckets) - 1
	type group struct {
		name   string
		lo, hi int // buckets [lo, hi)
	}
	var groups []group
	for b := range nb {
		groups = append(groups, group{cfg.BucketName(b), b, b + 1})
	}
	if nb > 2 {
		groups = append(groups, group{fmt.Sprintf("≥%d", cfg.Buckets[1]), 1, nb})
	}
	groups = append(groups, group{"all", 0, nb})
	classes := make([]string, 0, len(cfg.Classes)+1)
	for _, c := range cfg.Classes {
		classes = append(classes, string(c))
	}
	classes = append(classes, "all")
	var rows []PlantedRow
	for _, class := range classes {
		for _, g := range groups {
			in := func(c string, b int) bool {
				return (class == "all" || c == class) && b >= g.lo && b < g.hi
			}
			var cs, ds []int
			for i := range cases {
				if in(caseClass[i], caseBucket[i]) {
					cs = append(cs, i)
				}
			}
			for j := range dets {
				if in(detClass[j], detBucket[j]) {
					ds = append(ds, j)
				}
			}
			rows = append(rows, PlantedRow{Class: class, Length: g.name, PANScore: m.score(cs, ds)})
		}
	}
	return rows
}

// Target is a quality target for one edit class on passages of at least
// MinLen characters, and whether a score meets it.
type Target struct {
	Class          EditClass `json:"class"`
	Length         string    `json:"length"` // the row the target applies to, such as "≥150"
	MinPrecision   float64   `json:"min_precision"`
	MinRecall      float64   `json:"min_recall"`
	MaxGranularity float64   `json:"max_granularity"`
	Score          PANScore  `json:"score"`
	Met            bool      `json:"met"`
}

// Targets are the quality targets for passages of 150 characters or more
// (the rows "≥150" under the default buckets): precision and recall of
// at least 0.97 for verbatim copies and 0.90 for light edits, and
// granularity at most 1.1.
var Targets = []Target{
	{Class: Verbatim, Length: "≥150", MinPrecision: 0.97, MinRecall: 0.97, MaxGranularity: 1.1},
	{Class: Light, Length: "≥150", MinPrecision: 0.90, MinRecall: 0.90, MaxGranularity: 1.1},
}

// CheckTargets returns Targets with the scores of the matching rows and
// whether each is met. Targets without a matching row are left out.
func CheckTargets(rows []PlantedRow) []Target {
	var out []Target
	for _, t := range Targets {
		for _, r := range rows {
			if r.Class == string(t.Class) && r.Length == t.Length {
				t.Score = r.PANScore
				t.Met = r.Cases > 0 && r.Precision >= t.MinPrecision && r.Recall >= t.MinRecall && r.Granularity <= t.MaxGranularity
				out = append(out, t)
			}
		}
	}
	return out
}

// PlantedReport is the outcome of a planted-reuse evaluation.
type PlantedReport struct {
	Origin   string `json:"origin"`
	Seed     uint64 `json:"seed"`
	Articles int    `json:"articles"`
	Pool     int    `json:"pool"`
	Corpora  int    `json:"corpora"`
	Docs     int    `json:"documents"`
	// Detector names what produced the detections: "churn.Analyze" or
	// the passage aligner on every pair.
	Detector string `json:"detector"`
	// Options are the options Analyze used; Settings the same, printable.
	Options  churn.Options `json:"-"`
	Settings OptionValues  `json:"options"`
	Rows     []PlantedRow  `json:"rows"`
	Targets  []Target      `json:"targets"`
}

// NewPlantedReport scores dets against set and assembles a report. opts
// are the options churn.Analyze used, or nil if the detections came from
// elsewhere (DetectAligner).
func NewPlantedReport(set *PlantedSet, dets []Annotation, detector string, opts *churn.Options) *PlantedReport {
	r := &PlantedReport{
		Origin: set.Origin, Seed: set.Config.Seed, Articles: set.Articles, Pool: set.Pool,
		Corpora: len(set.Corpora), Detector: detector,
	}
	if opts != nil {
		r.Options, r.Settings = *opts, Settings(*opts)
	}
	for _, c := range set.Corpora {
		r.Docs += len(c.Docs)
	}
	r.Rows = ScorePlanted(set, dets)
	r.Targets = CheckTargets(r.Rows)
	return r
}

// WriteMarkdown prints the report as Markdown: a sentence on the data, a
// table of the scores and the targets.
func (r *PlantedReport) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Planted reuse: seed %d, %d corpora, %d documents built from %s; %d of %d articles share no text with one another and form the pool.\n\n",
		r.Seed, r.Corpora, r.Docs, r.Origin, r.Pool, r.Articles)
	if len(r.Settings) > 0 {
		fmt.Fprintf(&b, "Detector: %s with %s\n\n", r.Detector, r.Settings)
	} else {
		fmt.Fprintf(&b, "Detector: %s\n\n", r.Detector)
	}
	b.WriteString("| class | length | cases | detected | detections | false pos. | precision | recall | granularity | plagdet |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, row := range r.Rows {
		bold := ""
		if row.Length == "all" {
			bold = "**"
		}
		fmt.Fprintf(&b, "| %s%s%s | %s%s%s | %d | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |\n",
			bold, row.Class, bold, bold, row.Length, bold, row.Cases, row.Detected, row.Detections, row.FalsePositives,
			row.Precision, row.Recall, row.Granularity, row.PlagDet)
	}
	if len(r.Targets) > 0 {
		b.WriteString("\nTargets:\n\n")
		for _, t := range r.Targets {
			mark := "not met"
			if t.Met {
				mark = "met"
			}
			fmt.Fprintf(&b, "- %s, %s characters: precision %.3f (≥ %.2f), recall %.3f (≥ %.2f), granularity %.3f (≤ %.1f): **%s**\n",
				t.Class, t.Length, t.Score.Precision, t.MinPrecision, t.Score.Recall, t.MinRecall, t.Score.Granularity, t.MaxGranularity, mark)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SweepResult is the score of one setting of churn.Options on a planted
// set.
type SweepResult struct {
	Options  churn.Options `json:"-"`       // with defaults filled in
	Settings OptionValues  `json:"options"` // Options, printable
	Rows     []PlantedRow  `json:"rows"`
	Targets  []Target      `json:"targets"`
}

// Sweep runs Detect and ScorePlanted on set for each of opts.
func Sweep(set *PlantedSet, opts []churn.Options) ([]SweepResult, error) {
	out := make([]SweepResult, 0, len(opts))
	for _, o := range opts {
		dets, used, err := Detect(set, o)
		if err != nil {
			return nil, err
		}
		rows := ScorePlanted(set, dets)
		out = append(out, SweepResult{Options: used, Settings: Settings(used), Rows: rows, Targets: CheckTargets(rows)})
	}
	return out, nil
}

// SweepOptions returns the settings Sweep is run on by churn-eval
// planted -sweep: base, then base with one value changed at a time
// (shingle length K, MinPassage, MaxGap, Window, MinFingerprints,
// Containment, ReportPassage and KeepLists), and the two candidate
// settings that matter most for short passages together.
func SweepOptions(base churn.Options) []churn.Options {
	with := func(f func(*churn.Options)) churn.Options {
		o := base
		f(&o)
		return o
	}
	out := []churn.Options{base}
	for _, k := range []int{7, 8, 10, 12} {
		out = append(out, with(func(o *churn.Options) { o.K = k }))
	}
	for _, n := range []int{40, 60} {
		out = append(out, with(func(o *churn.Options) { o.MinPassage = n }))
	}
	for _, g := range []int{20, 60, 80} {
		out = append(out, with(func(o *churn.Options) { o.MaxGap = g }))
	}
	for _, w := range []int{8, 16} {
		out = append(out, with(func(o *churn.Options) { o.Window = w }))
	}
	out = append(out,
		with(func(o *churn.Options) { o.MinFingerprints = 1 }),
		with(func(o *churn.Options) { o.Window, o.MinFingerprints = 16, 1 }),
		with(func(o *churn.Options) { o.Containment = 0.01 }),
		with(func(o *churn.Options) { o.ReportPassage = 50 }),
		with(func(o *churn.Options) { o.KeepLists = true }),
	)
	return out
}

// WriteSweep prints sweep results as a Markdown table: the settings that
// differ from the first result's, then precision, recall and granularity
// on passages of at least the second bucket edge for each edit class,
// precision and recall on the shortest bucket, overall plagdet, and the
// targets met.
func WriteSweep(w io.Writer, set *PlantedSet, res []SweepResult) error {
	cfg := set.Config
	long := "all"
	if len(cfg.Buckets) > 3 {
		long = fmt.Sprintf("≥%d", cfg.Buckets[1])
	}
	short := cfg.BucketName(0)
	find := func(rows []PlantedRow, class, length string) PANScore {
		for _, r := range rows {
			if r.Class == class && r.Length == length {
				return r.PANScore
			}
		}
		return PANScore{}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Planted reuse sweep: seed %d, %d cases in %d corpora built from %s.\n\n", cfg.Seed, len(set.Cases), len(set.Corpora), set.Origin)
	if len(res) > 0 {
		fmt.Fprintf(&b, "Base: %s\n\n", res[0].Settings)
	}
	fmt.Fprintf(&b, "| change | verbatim %s P / R / G | light %s P / R / G | %s P / R | plagdet | targets met |\n", long, long, short)
	b.WriteString("|---|---|---|---|--:|---|\n")
	for _, r := range res {
		var changed []string
		for i, v := range r.Settings {
			if len(res[0].Settings) > i && v != res[0].Settings[i] {
				changed = append(changed, fmt.Sprintf("%s=%v", v.Name, v.Value))
			}
		}
		if len(changed) == 0 {
			changed = []string{"base"}
		}
		vs, ls, ss, all := find(r.Rows, string(Verbatim), long), find(r.Rows, string(Light), long), find(r.Rows, "all", short), find(r.Rows, "all", "all")
		var met []string
		for _, t := range r.Targets {
			if t.Met {
				met = append(met, string(t.Class))
			}
		}
		if len(met) == 0 {
			met = []string{"none"}
		}
		fmt.Fprintf(&b, "| %s | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f | %.3f / %.3f | %.3f | %s |\n",
			strings.Join(changed, " "), vs.Precision, vs.Recall, vs.Granularity, ls.Precision, ls.Recall, ls.Granularity,
			ss.Precision, ss.Recall, all.PlagDet, strings.Join(met, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// OptionValue is one setting of a churn.Options.
type OptionValue struct {
	Name  string
	Value any
}

// OptionValues are the settings of a churn.Options that can be printed,
// in the order the fields are declared.
type OptionValues []OptionValue

// Settings returns the exported fields of o that hold numbers, strings
// or booleans (not callbacks such as a progress function).
func Settings(o churn.Options) OptionValues {
	var out OptionValues
	v := reflect.ValueOf(o)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64, reflect.String:
			out = append(out, OptionValue{f.Name, v.Field(i).Interface()})
		}
	}
	return out
}

// String returns the settings as "Name=value" separated by spaces.
func (vs OptionValues) String() string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%s=%v", v.Name, v.Value)
	}
	return strings.Join(parts, " ")
}

// MarshalJSON writes the settings as one object, in field order.
func (vs OptionValues) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(v.Name)
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		val, err := json.Marshal(v.Value)
		if err != nil {
			return nil, fmt.Errorf("bench: option %s: %w", v.Name, err)
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
