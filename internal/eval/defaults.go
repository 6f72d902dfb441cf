package eval

import (
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/churnalism/churn"
)

// Setting is one combination of the normalisation and shingling defaults
// under evaluation.
type Setting struct {
	K           int
	KeepAccents bool
}

func (s Setting) String() string {
	acc := "stripped"
	if s.KeepAccents {
		acc = "kept"
	}
	return fmt.Sprintf("k=%d accents=%s", s.K, acc)
}

// SettingScore is how one Setting does on the seeds and the SemEval pairs.
type SettingScore struct {
	Setting
	// Reuse is the Jaccard similarity of seeds 001 and 003 (shared
	// sentences); Story that of 000 and 002 (same story, other words).
	Reuse, Story float64
	// Gap is Reuse / Story: how far apart the two kinds of pair are.
	Gap float64
	// AUC separates SemEval pairs rated very similar (Overall ≤ 1.5) from
	// dissimilar ones (Overall ≥ 3.5), over all pairs and over
	// same-language pairs.
	AUC, AUCSame float64
	// Neg99 is the 99th percentile of Jaccard over the dissimilar SemEval
	// pairs: a threshold below it reports unrelated articles.
	Neg99, NegMax float64
	// Pos50 is the median Jaccard over the very similar SemEval pairs.
	Pos50 float64
}

// ScoreSettings evaluates each setting on the seeds and, if pairs is not
// empty, on the SemEval pairs, in parallel.
func ScoreSettings(seeds []churn.Document, pairs []SemEvalPair, settings []Setting) ([]SettingScore, error) {
	out := make([]SettingScore, len(settings))
	errs := make([]error, len(settings))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, s := range settings {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = scoreSetting(seeds, pairs, s)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func scoreSetting(seeds []churn.Document, pairs []SemEvalPair, s Setting) (SettingScore, error) {
	opts := churn.Options{K: s.K, KeepAccents: s.KeepAccents}
	sc := SettingScore{Setting: s}
	if len(seeds) >= 4 {
		p, err := churn.Compare(seeds[1].Text, seeds[3].Text, opts)
		if err != nil {
			return sc, err
		}
		sc.Reuse = p.Jaccard
		if p, err = churn.Compare(seeds[0].Text, seeds[2].Text, opts); err != nil {
			return sc, err
		}
		sc.Story = p.Jaccard
		if sc.Story > 0 {
			sc.Gap = sc.Reuse / sc.Story
		}
	}
	var pos, neg, posSame, negSame []float64
	for _, p := range pairs {
		c, err := churn.Compare([]byte(p.Text1), []byte(p.Text2), opts)
		if err != nil {
			return sc, err
		}
		switch {
		case p.Overall <= 1.5:
			pos = append(pos, c.Jaccard)
			if p.Lang1 == p.Lang2 {
				posSame = append(posSame, c.Jaccard)
			}
		case p.Overall >= 3.5:
			neg = append(neg, c.Jaccard)
			if p.Lang1 == p.Lang2 {
				negSame = append(negSame, c.Jaccard)
			}
		}
	}
	sc.AUC, sc.AUCSame = AUC(pos, neg), AUC(posSame, negSame)
	sc.Neg99, sc.NegMax, sc.Pos50 = Quantile(neg, 0.99), Quantile(neg, 1), Quantile(pos, 0.5)
	return sc, nil
}

// WriteSettingScores prints scores as a Markdown table.
func WriteSettingScores(w io.Writer, scores []SettingScore, semeval bool) error {
	if _, err := fmt.Fprintln(w, "| k | accents | seeds 001–003 | seeds 000–002 | gap | SemEval AUC | AUC same-language | dissimilar p99 | dissimilar max | similar median |"); err != nil {
		return err
	}
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for _, s := range scores {
		acc := "stripped"
		if s.KeepAccents {
			acc = "kept"
		}
		if semeval {
			fmt.Fprintf(w, "| %d | %s | %.3f | %.3f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f |\n",
				s.K, acc, s.Reuse, s.Story, s.Gap, s.AUC, s.AUCSame, s.Neg99, s.NegMax, s.Pos50)
		} else {
			fmt.Fprintf(w, "| %d | %s | %.3f | %.3f | %.2f | – | – | – | – | – |\n", s.K, acc, s.Reuse, s.Story, s.Gap)
		}
	}
	return nil
}
