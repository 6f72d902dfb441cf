package eval

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/shingle"
)

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
			return nil, used, fmt.Errorf("eval: corpus %d: %w", ci, err)
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

// PlantedRow is the PAN score of the cases of one edit class (or all,
// meaning the classes of PlantConfig.AllClasses) and one length bucket
// (or a range of buckets, or all), and of the detections attributed to
// them.
type PlantedRow struct {
	Class  string `json:"class"`  // an edit class or "all" (PlantConfig.AllClasses)
	Length string `json:"length"` // a bucket such as "150–499", "≥150" or "all"
	PANScore
}

// AllClasses returns the edit classes the rows "all" of ScorePlanted
// cover: every class but Heavy, unless Heavy is the only one. Heavy cases
// are scored on rows of their own and kept out of "all", so that its
// figures stay comparable with those from before the heavy class.
func (c PlantConfig) AllClasses() []EditClass {
	c = c.withDefaults()
	var out []EditClass
	for _, e := range c.Classes {
		if e != Heavy {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return slices.Clone(c.Classes)
	}
	return out
}

// ScorePlanted scores detections against the cases of set: overall (the
// classes of AllClasses), per edit class, and per class and length
// bucket. A case belongs to the
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
	inAll := map[string]bool{}
	for _, c := range cfg.AllClasses() {
		inAll[string(c)] = true
	}
	var rows []PlantedRow
	for _, class := range classes {
		for _, g := range groups {
			in := func(c string, b int) bool {
				return (c == class || class == "all" && inAll[c]) && b >= g.lo && b < g.hi
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
// MinLen characters, and whether a score meets it. A target with NoTarget
// set only reports the row's score: it has no bounds and is never met.
type Target struct {
	Class          EditClass `json:"class"`
	Length         string    `json:"length"` // the row the target applies to, such as "≥150"
	MinPrecision   float64   `json:"min_precision,omitempty"`
	MinRecall      float64   `json:"min_recall,omitempty"`
	MaxGranularity float64   `json:"max_granularity,omitempty"`
	NoTarget       bool      `json:"no_target,omitempty"`
	Score          PANScore  `json:"score"`
	Met            bool      `json:"met"`
}

// Targets are the quality targets for passages of 150 characters or more
// (the rows "≥150" under the default buckets): precision and recall of
// at least 0.97 for verbatim copies and 0.90 for light edits, and
// granularity at most 1.1. Heavy edits are reported with no target.
var Targets = []Target{
	{Class: Verbatim, Length: "≥150", MinPrecision: 0.97, MinRecall: 0.97, MaxGranularity: 1.1},
	{Class: Light, Length: "≥150", MinPrecision: 0.90, MinRecall: 0.90, MaxGranularity: 1.1},
	{Class: Heavy, Length: "≥150", NoTarget: true},
}

// CheckTargets returns Targets with the scores of the matching rows and
// whether each is met. Targets without a matching row are left out.
func CheckTargets(rows []PlantedRow) []Target {
	var out []Target
	for _, t := range Targets {
		for _, r := range rows {
			if r.Class == string(t.Class) && r.Length == t.Length {
				t.Score = r.PANScore
				t.Met = !t.NoTarget && r.Cases > 0 && r.Precision >= t.MinPrecision && r.Recall >= t.MinRecall && r.Granularity <= t.MaxGranularity
				out = append(out, t)
			}
		}
	}
	return out
}
