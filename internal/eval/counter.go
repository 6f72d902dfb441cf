package eval

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/reuse"
)

// CounterPair is one labelled pair of the COUNTER corpus: a news-agency
// story and a newspaper story on the same event, the newspaper's
// derivation from the agency labelled by hand.
type CounterPair struct {
	Source, Derived string // document IDs
	Label           reuse.Class
}

// CounterSet is the COUNTER development half: its documents (agency and
// newspaper stories, with their outlets and dates) and labelled pairs.
type CounterSet struct {
	Docs  []churn.Document
	Pairs []CounterPair
}

// LoadCounter reads counter-dev/corpus.jsonl and truth.json from the
// evaluation folder (EvalDir). It returns an error wrapping ErrNoEvalData
// when they are absent.
func LoadCounter() (*CounterSet, error) {
	dir, err := EvalDir()
	if err != nil {
		return nil, err
	}
	dir = filepath.Join(dir, "counter-dev")
	truthPath := filepath.Join(dir, "truth.json")
	b, err := os.ReadFile(truthPath)
	if os.IsNotExist(err) {
		return nil, fmt.Errorf("%w: %s", ErrNoEvalData, truthPath)
	}
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	var truth struct {
		Pairs []struct{ Source, Derived, Label string }
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", truthPath, err)
	}
	rd := corpus.Reader{}
	docs, skipped, err := rd.Read([]string{filepath.Join(dir, "corpus.jsonl")})
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if len(skipped) > 0 {
		return nil, fmt.Errorf("eval: %s: %s", skipped[0].Name, skipped[0].Reason)
	}
	set := &CounterSet{Docs: docs}
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	for _, p := range truth.Pairs {
		var c reuse.Class
		switch p.Label {
		case "WD":
			c = reuse.WhollyDerived
		case "PD":
			c = reuse.PartiallyDerived
		case "ND":
			c = reuse.Independent
		default:
			return nil, fmt.Errorf("eval: %s: pair %s–%s: unknown label %q", truthPath, p.Source, p.Derived, p.Label)
		}
		if !ids[p.Source] || !ids[p.Derived] {
			return nil, fmt.Errorf("eval: %s: pair %s–%s: document not in the corpus", truthPath, p.Source, p.Derived)
		}
		set.Pairs = append(set.Pairs, CounterPair{Source: p.Source, Derived: p.Derived, Label: c})
	}
	return set, nil
}

// Subset returns the set restricted to the given pairs and their
// documents, in corpus order.
func (s *CounterSet) Subset(pairs []int) *CounterSet {
	keep := map[string]bool{}
	out := &CounterSet{}
	for _, i := range pairs {
		p := s.Pairs[i]
		keep[p.Source], keep[p.Derived] = true, true
		out.Pairs = append(out.Pairs, p)
	}
	for _, d := range s.Docs {
		if keep[d.ID] {
			out.Docs = append(out.Docs, d)
		}
	}
	return out
}

// CounterPrediction is what a run of churn said of one labelled pair.
type CounterPrediction struct {
	Pair     CounterPair
	Reported bool
	// Score is the pair's reuse score (0 if the pair was not verified);
	// Lift reports that the pair is at least partially derived whatever
	// its score (a distinctive passage, the Jaccard threshold).
	Score float64
	Lift  bool
	Class reuse.Class // churn's class; Independent when not reported
	// DerivedFound reports that churn named the labelled derived document
	// as the derived one.
	DerivedFound bool
}

// PredictCounter returns churn's verdict on every labelled pair of set
// from res, the result of analysing set.Docs.
func PredictCounter(set *CounterSet, res *churn.Result) []CounterPrediction {
	idx := map[string]int{}
	for i, d := range res.Docs {
		idx[d.ID] = i
	}
	byPair := map[[2]int]*churn.Pair{}
	for i := range res.Pairs {
		p := &res.Pairs[i]
		byPair[[2]int{p.A, p.B}] = p
	}
	lift := *res
	lift.Options.Derivation = reuse.Thresholds{Partial: 1, Whole: 1}
	out := make([]CounterPrediction, len(set.Pairs))
	for i, cp := range set.Pairs {
		s, d := idx[cp.Source], idx[cp.Derived]
		a, b := min(s, d), max(s, d)
		pr := CounterPrediction{Pair: cp}
		if p, ok := byPair[[2]int{a, b}]; ok {
			pr.Reported, pr.Score, pr.Class = true, p.Reuse, p.Class
			pr.Lift = lift.Classify(p) != reuse.Independent && p.Reuse < 1
			pr.DerivedFound = p.Derived == churn.SideA && a == d || p.Derived == churn.SideB && b == d
		}
		out[i] = pr
	}
	return out
}

// CounterScore sums predictions up against the labels.
type CounterScore struct {
	Pairs int
	// Recall and Precision of "derived" (wholly or partially) against
	// independent, among the labelled pairs.
	Recall, Precision float64
	// AUC is the probability that a derived pair scores above an
	// independent one (scores of unreported pairs are 0).
	AUC float64
	// MacroF1 is the mean F1 of the three classes; Confusion[label][class]
	// counts pairs.
	MacroF1   float64
	Confusion [3][3]int
	// Direction is the share of reported derived pairs whose derived
	// document churn named correctly.
	Direction float64
}

// ScoreCounter scores predictions, with each pair's class given by class.
func ScoreCounter(preds []CounterPrediction, class func(CounterPrediction) reuse.Class) CounterScore {
	var sc CounterScore
	var pos, neg []float64
	tp, fp, fn, dirOK, dirN := 0, 0, 0, 0, 0
	for _, p := range preds {
		c := class(p)
		sc.Confusion[p.Pair.Label][c]++
		derived := p.Pair.Label != reuse.Independent
		switch {
		case derived && c != reuse.Independent:
			tp++
			dirN++
			if p.DerivedFound {
				dirOK++
			}
		case derived:
			fn++
		case c != reuse.Independent:
			fp++
		}
		if derived {
			pos = append(pos, p.Score)
		} else {
			neg = append(neg, p.Score)
		}
	}
	sc.Pairs = len(preds)
	sc.Recall = ratio(tp, tp+fn)
	sc.Precision = ratio(tp, tp+fp)
	sc.AUC = AUC(pos, neg)
	sc.Direction = ratio(dirOK, dirN)
	for c := range 3 {
		t, pred, gold := sc.Confusion[c][c], 0, 0
		for o := range 3 {
			pred += sc.Confusion[o][c]
			gold += sc.Confusion[c][o]
		}
		if pred+gold > 0 {
			sc.MacroF1 += 2 * float64(t) / float64(pred+gold) / 3
		}
	}
	return sc
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ThresholdClass classifies a prediction under thresholds th, as churn
// would: by score, lifted to partially derived by the other rules.
func ThresholdClass(th reuse.Thresholds) func(CounterPrediction) reuse.Class {
	return func(p CounterPrediction) reuse.Class {
		if !p.Reported {
			return reuse.Independent
		}
		c := th.Classify(p.Score)
		if c == reuse.Independent && p.Lift {
			c = reuse.PartiallyDerived
		}
		return c
	}
}

// FitThresholds returns the thresholds that maximise the ternary macro-F1
// of preds, searched over the scores of the derived pairs (ties broken
// towards lower thresholds, so the fit is deterministic).
func FitThresholds(preds []CounterPrediction) reuse.Thresholds {
	var cand []float64
	for _, p := range preds {
		if p.Reported && p.Score > 0 {
			cand = append(cand, p.Score)
		}
	}
	slices.Sort(cand)
	cand = slices.Compact(cand)
	best, bestF := reuse.Thresholds{Partial: 1, Whole: 1}, -1.0
	for i, lo := range cand {
		for _, hi := range cand[i:] {
			th := reuse.Thresholds{Partial: lo, Whole: hi}
			if f := ScoreCounter(preds, ThresholdClass(th)).MacroF1; f > bestF+1e-12 {
				best, bestF = th, f
			}
		}
	}
	return best
}

// CrossValidate fits thresholds on k-1 folds and classifies the k-th, for
// k folds drawn with seed, and scores the held-out classes together.
func CrossValidate(preds []CounterPrediction, k int, seed uint64) CounterScore {
	order := rand.New(rand.NewPCG(seed, seed^0x5eed)).Perm(len(preds))
	classes := make([]reuse.Class, len(preds))
	for f := range k {
		var train []CounterPrediction
		var test []int
		for j, i := range order {
			if j%k == f {
				test = append(test, i)
			} else {
				train = append(train, preds[i])
			}
		}
		cls := ThresholdClass(FitThresholds(train))
		for _, i := range test {
			classes[i] = cls(preds[i])
		}
	}
	i := 0 // ScoreCounter visits preds in order
	return ScoreCounter(preds, func(CounterPrediction) reuse.Class { c := classes[i]; i++; return c })
}
