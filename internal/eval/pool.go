package eval

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

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
		return nil, fmt.Errorf("eval: %w", err)
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
		return nil, fmt.Errorf("eval: %d articles are too many to clean", n)
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
