package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
)

// ScaleOptions describe a synthetic corpus for scale benchmarks.
type ScaleOptions struct {
	// N is the number of articles.
	N int
	// Seed makes the corpus reproducible.
	Seed uint64
	// Bytes is the typical article length; lengths vary ±50% around it.
	// Default 3000.
	Bytes int
	// CopyRate is the share of articles that republish an earlier one
	// with light edits (syndication); default 0.05.
	CopyRate float64
	// PassageRate is the share of articles that lift one passage of 300
	// to 1,000 bytes from an earlier article; default 0.05.
	PassageRate float64
	// UndatedRate is the share of articles written without a publication
	// date, as many scraped articles come: groups with fewer than two
	// dated members take churn's slower origin-by-containment path.
	// Default DefaultUndatedRate; negative for none. Which articles are
	// undated is drawn from a generator of its own, so the rate changes
	// only the published fields, never the texts or the planted reuse.
	UndatedRate float64
}

// DefaultUndatedRate is ScaleOptions.UndatedRate's default.
const DefaultUndatedRate = 0.2

// ScaleTruth is one planted reuse: article Copy reuses article Source,
// whole (KindCopy) or in part (KindPassage).
type ScaleTruth struct {
	Source string `json:"source"`
	Copy   string `json:"copy"`
	Kind   Kind   `json:"kind"`
}

// Kind is how much of its source a planted reuse takes.
type Kind string

// The kinds of planted reuse.
const (
	KindCopy    Kind = "copy"    // the whole article, lightly edited
	KindPassage Kind = "passage" // one passage of 300 to 1,000 bytes
)

// Vocabulary is a weighted list of words to write articles with.
type Vocabulary struct {
	words   []string
	cum     []float64 // cumulative weights
	noSpace bool      // Chinese and Japanese: words are written together
}

// NewVocabulary counts the words of texts. Real news text gives articles
// the character statistics of news (word lengths, letters, diacritics)
// without repeating its sentences, so that unrelated generated articles
// share no passages by accident, as unrelated real ones do not.
func NewVocabulary(texts []string) (*Vocabulary, error) {
	counts := map[string]int{}
	cjk, all := 0, 0
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
			rs := []rune(w)
			all++
			if unicode.In(rs[0], unicode.Han, unicode.Hiragana, unicode.Katakana) {
				// Scripts without spaces: a "word" is a whole clause;
				// take two-character pieces instead, or generated
				// articles would repeat clauses.
				cjk++
				for i := 0; i < len(rs); i += 2 {
					counts[string(rs[i:min(i+2, len(rs))])]++
				}
				continue
			}
			counts[strings.ToLower(w)]++
		}
	}
	if len(counts) < 100 {
		return nil, fmt.Errorf("bench: a vocabulary needs at least 100 distinct words, got %d", len(counts))
	}
	v := &Vocabulary{noSpace: cjk*2 > all}
	for w := range counts {
		v.words = append(v.words, w)
	}
	slices.Sort(v.words) // map order must not leak into the corpus
	sum := 0.0
	for _, w := range v.words {
		sum += float64(counts[w])
		v.cum = append(v.cum, sum)
	}
	return v, nil
}

func (v *Vocabulary) word(r *rand.Rand) string {
	x := r.Float64() * v.cum[len(v.cum)-1]
	i, _ := slices.BinarySearch(v.cum, x)
	return v.words[min(i, len(v.words)-1)]
}

// Article writes about n bytes of sentences of v's words, drawn with r.
func (v *Vocabulary) Article(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		words := 8 + r.IntN(18)
		for i := range words {
			w := v.word(r)
			if i == 0 {
				rs := []rune(w)
				rs[0] = unicode.ToUpper(rs[0])
				w = string(rs)
			} else if !v.noSpace {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		b.WriteString(". ")
		if r.IntN(5) == 0 {
			b.WriteString("\n\n")
		}
	}
	return strings.TrimSpace(b.String())
}

// Edit replaces about one word in twenty of text with words of v drawn
// with r, as outlets do with wire copy.
func (v *Vocabulary) Edit(r *rand.Rand, text string) string {
	words := strings.Split(text, " ")
	for i := range words {
		if r.IntN(20) == 0 {
			words[i] = v.word(r)
		}
	}
	return strings.Join(words, " ")
}

// WriteScaleCorpus writes a JSONL corpus of opts.N articles to w (one
// object per line with id, outlet, title, published unless the article is
// undated, and text) and returns
// the planted reuse. Each article is written from one of vocabs (one per
// language), chosen at random. The same options give the same bytes.
func WriteScaleCorpus(w io.Writer, vocabs []*Vocabulary, opts ScaleOptions) ([]ScaleTruth, error) {
	if len(vocabs) == 0 {
		return nil, fmt.Errorf("bench: no vocabulary to write a corpus with")
	}
	if opts.Bytes <= 0 {
		opts.Bytes = 3000
	}
	if opts.CopyRate == 0 {
		opts.CopyRate = 0.05
	}
	if opts.PassageRate == 0 {
		opts.PassageRate = 0.05
	}
	if opts.UndatedRate == 0 {
		opts.UndatedRate = DefaultUndatedRate
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0x636875726e))       // "churn"
	undated := rand.New(rand.NewPCG(opts.Seed, 0x756e646174)) // "undat"
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var truth []ScaleTruth
	// Sources are drawn from a window of recent articles, as a news day's
	// copies follow its wire stories; keeping the window bounded keeps
	// memory flat.
	const window = 2000
	recent := make([]string, window) // article i is recent[i%window]
	for i := range opts.N {
		id := fmt.Sprintf("a%07d", i)
		n := opts.Bytes/2 + r.IntN(opts.Bytes+1)
		v := vocabs[r.IntN(len(vocabs))]
		text := v.Article(r, n)
		if i > 0 {
			j := i - 1 - r.IntN(min(i, window)) // the source
			switch x := r.Float64(); {
			case x < opts.CopyRate:
				text = v.Edit(r, recent[j%window])
				truth = append(truth, ScaleTruth{Source: fmt.Sprintf("a%07d", j), Copy: id, Kind: KindCopy})
			case x < opts.CopyRate+opts.PassageRate:
				src := recent[j%window]
				l := min(len(src), 300+r.IntN(701))
				start := r.IntN(len(src) - l + 1)
				// Cut at spaces so the passage is whole words.
				if k := strings.IndexByte(src[start:], ' '); k >= 0 {
					start += k + 1
				}
				end := min(len(src), start+l)
				if k := strings.LastIndexByte(src[start:end], ' '); k > 0 {
					end = start + k
				}
				at := strings.LastIndex(text[:len(text)/2], ". ")
				if at < 0 {
					at = 0
				} else {
					at += 2
				}
				text = text[:at] + src[start:end] + ". " + text[at:]
				truth = append(truth, ScaleTruth{Source: fmt.Sprintf("a%07d", j), Copy: id, Kind: KindPassage})
			}
		}
		recent[i%window] = text
		rec := struct {
			ID        string `json:"id"`
			Outlet    string `json:"outlet"`
			Title     string `json:"title"`
			Published string `json:"published,omitempty"`
			Text      string `json:"text"`
		}{id, fmt.Sprintf("outlet%02d.example", r.IntN(40)), fmt.Sprintf("Article %d", i),
			fmt.Sprintf("2026-01-%02dT%02d:%02d:00Z", 1+i*28/max(opts.N, 1), r.IntN(24), r.IntN(60)), text}
		if undated.Float64() < opts.UndatedRate {
			rec.Published = ""
		}
		if err := enc.Encode(rec); err != nil {
			return nil, fmt.Errorf("bench: writing the corpus: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("bench: writing the corpus: %w", err)
	}
	return truth, nil
}
