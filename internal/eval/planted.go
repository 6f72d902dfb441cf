package eval

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/shingle"
)

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
	// Heavy passages are rewritten: in each sentence of two clauses or
	// more (delimited by a comma or semicolon), with probability one
	// half, one clause holding at most half the sentence's words is
	// dropped; the sentences are put in another order when there are two
	// or more; 20–30% of the remaining words (25% on average, at least
	// one) are replaced by words of the host; and light's surface changes
	// follow (case, accents, punctuation, quote styles, Romanian
	// spellings), without light's insertions and deletions of words. The
	// passage is never empty. Heavy corpora are drawn from a random
	// stream of their own, so adding or removing them (with as many cases
	// per class) leaves the verbatim and light corpora as they are.
	Heavy EditClass = "heavy"
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
	// Default 540: 180 per class of the default classes.
	Cases int
	// Buckets are the edges of the length buckets in characters: bucket
	// i holds passages of Buckets[i] up to Buckets[i+1]-1 characters, the
	// last one up to Buckets[len-1] inclusive. Default 50, 150, 500, 1500.
	Buckets []int
	// Classes are the edit classes. Default Verbatim, Light and Heavy.
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
		c.Cases = 540
	}
	if len(c.Buckets) < 2 {
		c.Buckets = []int{50, 150, 500, 1500}
	}
	if len(c.Classes) == 0 {
		c.Classes = []EditClass{Verbatim, Light, Heavy}
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
// within a class, cases cycle through the length buckets. Heavy corpora
// draw on a random stream of their own, seeded from the same Seed: the
// verbatim and light corpora of as many cases per class are the same with
// or without them (but for the corpus numbers if heavy comes first in
// Classes).
func Plant(arts []Article, origin string, cfg PlantConfig) (*PlantedSet, error) {
	cfg = cfg.withDefaults()
	for i := 1; i < len(cfg.Buckets); i++ {
		if cfg.Buckets[i] <= cfg.Buckets[i-1] || cfg.Buckets[0] < 1 {
			return nil, fmt.Errorf("eval: length buckets %v are not increasing positive lengths", cfg.Buckets)
		}
	}
	for _, c := range cfg.Classes {
		if c != Verbatim && c != Light && c != Heavy {
			return nil, fmt.Errorf("eval: unknown edit class %q", c)
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
		return nil, fmt.Errorf("eval: no usable host: none of the %d articles that share no text has %d characters or more", len(pool), cfg.MinHostLen)
	}
	if err := g.shape(); err != nil {
		return nil, err
	}
	// Heavy corpora have their own stream and host rotation, so that the
	// others stay what they were before the heavy class.
	gh := &generator{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x6865617679)),
		pool: g.pool, hosts: g.hosts, h: g.h, p: g.p, d: g.d}
	for ci, class := range cfg.Classes {
		gen := g
		if class == Heavy {
			gen = gh
		}
		n := cfg.Cases / len(cfg.Classes)
		if ci < cfg.Cases%len(cfg.Classes) {
			n++
		}
		bucket := 0
		for n > 0 {
			m := min(n, gen.h*gen.p)
			if err := gen.corpus(set, class, m, &bucket); err != nil {
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
	return fmt.Errorf("eval: %d articles that share no text are too few for a planted corpus", n)
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
			return fmt.Errorf("eval: no unused article has a run of sentences of %d–%d characters for corpus %d", lo, hiLen, ci)
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
			switch class {
			case Light:
				text = lightEdit(g.rng, text, host.words)
			case Heavy:
				text = heavyEdit(g.rng, text, host.words)
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
