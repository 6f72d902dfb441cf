package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/internal/eval"
	"github.com/churnalism/churn/reuse"
)

// counterEval measures churn on the COUNTER development pairs: as one
// corpus with the defaults, with every pair verified (the reuse score of
// every labelled pair), the thresholds fitted to them, 10-fold
// cross-validated, and how many of the pairs the rule reports with every
// pair verified the corpus run proposes.
func counterEval(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("churn-eval counter", flag.ContinueOnError)
	fs.SetOutput(stderr)
	folds := fs.Int("folds", 10, "cross-validation `folds`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	set, err := eval.LoadCounter()
	if errors.Is(err, eval.ErrNoEvalData) {
		fmt.Fprintf(stderr, "churn-eval: %v; nothing to measure\n", err)
		return nil
	}
	if err != nil {
		return err
	}
	t0 := time.Now()
	res, err := churn.Analyze(set.Docs, churn.DefaultOptions())
	if err != nil {
		return err
	}
	corpusTime := time.Since(t0)
	preds := eval.PredictCounter(set, res)
	actual := eval.ScoreCounter(preds, func(p eval.CounterPrediction) reuse.Class { return p.Class })

	// Every pair verified, every pair with a score reported.
	t0 = time.Now()
	every := churn.DefaultOptions()
	every.MatrixLimit = len(set.Docs) + 1
	// Reuse above 0 (Derivation must be above 0: 0 would report the
	// pairs without a score too).
	every.Derivation = reuse.Thresholds{Partial: 1e-9, Whole: 1e-9}
	all, err := churn.Analyze(set.Docs, every)
	if err != nil {
		return err
	}
	allTime := time.Since(t0)
	allPreds := eval.PredictCounter(set, all)
	def := eval.ThresholdClass(churn.DefaultDerivation)
	exh := eval.ScoreCounter(allPreds, def)
	fit := eval.FitThresholds(allPreds)
	fitted := eval.ScoreCounter(allPreds, eval.ThresholdClass(fit))
	cv := eval.CrossValidate(allPreds, *folds, 1)

	// Consistency: the pairs the default rule reports among all pairs,
	// and how many of them the corpus run reported.
	all.Options.Derivation = churn.DefaultDerivation
	found := map[[2]int]bool{}
	for _, p := range res.Pairs {
		found[[2]int{p.A, p.B}] = true
	}
	rule, hit := 0, 0
	missScore, missLift := 0, 0
	for i := range all.Pairs {
		p := &all.Pairs[i]
		if all.Classify(p) == reuse.Independent {
			continue
		}
		rule++
		if found[[2]int{p.A, p.B}] {
			hit++
		} else if churn.DefaultDerivation.Classify(p.Reuse) != reuse.Independent {
			missScore++
		} else {
			missLift++
			if missLift <= 12 {
				for _, q := range p.Passages {
					fmt.Fprintf(stderr, "  %s-%s reuse %.3f J %.3f chars %d rarity %.2f «%s»\n", all.Docs[p.A].ID, all.Docs[p.B].ID, p.Reuse, p.Jaccard, q.CharsA, q.Rarity, q.TextA)
				}
			}
		}
	}
	fmt.Fprintf(stderr, "missed by score %d, by the passage and Jaccard rules %d\n", missScore, missLift)

	if os.Getenv("CHURN_GRID") != "" {
		for i, pr := range allPreds {
			if pr.Pair.Label == reuse.Independent && pr.Lift && pr.Score < churn.DefaultDerivation.Partial {
				_ = i
				for j := range all.Pairs {
					p := &all.Pairs[j]
					if (all.Docs[p.A].ID == pr.Pair.Source && all.Docs[p.B].ID == pr.Pair.Derived) || (all.Docs[p.B].ID == pr.Pair.Source && all.Docs[p.A].ID == pr.Pair.Derived) {
						for _, q := range p.Passages {
							fmt.Fprintf(stderr, "ND %s-%s reuse %.3f J %.3f chars %d rare %.2f «%s»\n", all.Docs[p.A].ID, all.Docs[p.B].ID, p.Reuse, p.Jaccard, q.CharsA, q.Rarity, q.TextA)
						}
					}
				}
			}
		}
	}
	w := func(format string, a ...any) { fmt.Fprintf(stdout, format, a...) }
	w("COUNTER development half: %d documents, %d labelled pairs (WD %d, PD %d, ND %d).\n\n",
		len(set.Docs), len(set.Pairs), count(set, reuse.WhollyDerived), count(set, reuse.PartiallyDerived), count(set, reuse.Independent))
	w("| run | thresholds (partial, whole) | derived recall | precision | AUC | ternary macro-F1 | direction right |\n|---|---|--:|--:|--:|--:|--:|\n")
	row := func(name string, th reuse.Thresholds, s eval.CounterScore) {
		w("| %s | %.3f, %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, th.Partial, th.Whole, s.Recall, s.Precision, s.AUC, s.MacroF1, s.Direction)
	}
	row("one corpus, defaults", churn.DefaultDerivation, actual)
	row("every pair verified, defaults", churn.DefaultDerivation, exh)
	row("every pair verified, thresholds fitted to all", fit, fitted)
	w("| every pair verified, %d-fold cross-validated thresholds | per fold | %.3f | %.3f | %.3f | %.3f | %.3f |\n", *folds, cv.Recall, cv.Precision, cv.AUC, cv.MacroF1, cv.Direction)
	w("\nConfusion (rows: label WD, PD, ND; columns: churn WD, PD, ND), one corpus with defaults:\n\n")
	for _, l := range []reuse.Class{reuse.WhollyDerived, reuse.PartiallyDerived, reuse.Independent} {
		w("    %s  %4d %4d %4d\n", l.Code(), actual.Confusion[l][reuse.WhollyDerived], actual.Confusion[l][reuse.PartiallyDerived], actual.Confusion[l][reuse.Independent])
	}
	w("\nConsistency: with every pair verified the default rule reports %d pairs (labelled or not); the corpus run reported %d of them (%.4f), and %d pairs in all.\n",
		rule, hit, float64(hit)/float64(max(rule, 1)), len(res.Pairs))
	if os.Getenv("CHURN_GRID") != "" {
		thresholdGrid(stdout, allPreds)
	}
	w("Corpus run: %d candidates (%d by shared wording, %d by LSH), %.1f s; every pair verified: %.1f s.\n",
		res.Candidates, res.GramCandidates, res.LSHCandidates, corpusTime.Seconds(), allTime.Seconds())
	return nil
}

func count(set *eval.CounterSet, c reuse.Class) int {
	n := 0
	for _, p := range set.Pairs {
		if p.Label == c {
			n++
		}
	}
	return n
}

// thresholdGrid prints the scores of a grid of thresholds around th.
func thresholdGrid(w io.Writer, preds []eval.CounterPrediction) {
	fmt.Fprintf(w, "\n| partial | whole | recall | precision | macro-F1 |\n|--:|--:|--:|--:|--:|\n")
	for _, p := range []float64{0.10, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16} {
		for _, wh := range []float64{0.40, 0.43, 0.45, 0.50} {
			s := eval.ScoreCounter(preds, eval.ThresholdClass(reuse.Thresholds{Partial: p, Whole: wh}))
			fmt.Fprintf(w, "| %.2f | %.2f | %.3f | %.3f | %.3f |\n", p, wh, s.Recall, s.Precision, s.MacroF1)
		}
	}
}
