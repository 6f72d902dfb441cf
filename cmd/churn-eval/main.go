// Command churn-eval runs churn's evaluations on data with known answers.
//
// Usage:
//
//	churn-eval defaults   # measure shingle length and accent folding
//
// It reads the SemEval-2022 pairs from ../shared/eval beside the module
// (or the folder named by CHURN_EVAL) and the embedded seeds; without the
// SemEval data it reports on the seeds alone.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/churnalism/churn/bench"
	"github.com/churnalism/churn/corpus"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "churn-eval: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("churn-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: churn-eval defaults")
		fmt.Fprintln(stderr, "\ndefaults: Jaccard on the seeds and ranking AUC on the SemEval-2022 pairs for k = 3..12, accents kept and stripped")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "defaults":
		return defaults(stdout, stderr)
	default:
		fs.Usage()
		return fmt.Errorf("unknown or missing evaluation %q", fs.Arg(0))
	}
}

func defaults(stdout, stderr io.Writer) error {
	seeds, err := corpus.Seeds()
	if err != nil {
		return err
	}
	pairs, err := bench.LoadSemEvalFile()
	switch {
	case errors.Is(err, bench.ErrNoEvalData):
		fmt.Fprintf(stderr, "churn-eval: %v; measuring the seeds only\n", err)
	case err != nil:
		return err
	}
	var settings []bench.Setting
	for k := 3; k <= 12; k++ {
		settings = append(settings, bench.Setting{K: k}, bench.Setting{K: k, KeepAccents: true})
	}
	scores, err := bench.ScoreSettings(seeds, pairs, settings)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Seeds: Jaccard of 001–003 (shared sentences) and 000–002 (same story, other words). SemEval: %d pairs; AUC separates Overall ≤ 1.5 from ≥ 3.5.\n\n", len(pairs))
	return bench.WriteSettingScores(stdout, scores, len(pairs) > 0)
}
