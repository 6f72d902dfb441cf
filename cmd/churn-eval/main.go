// Command churn-eval runs churn's evaluations on data with known answers.
//
// Usage:
//
//	churn-eval defaults   # measure shingle length and accent folding
//	churn-eval planted [flags]   # find planted passages: PAN precision, recall, granularity
//	churn-eval corpus [flags]    # write a synthetic JSONL corpus for make bench-scale
//
// It reads the SemEval-2022 pairs from ../shared/eval beside the module
// (or the folder named by CHURN_EVAL; see eval.EvalDir for how the module
// is found from the working directory or the executable) and the embedded
// seeds; without the SemEval data it reports on the seeds alone, and says
// so.
//
// corpus writes -n articles (default 10,000) generated with -seed from
// vocabularies of real news, one per language (the SemEval articles, else
// the seeds: it says on stderr which), with planted copies and passages
// (-truth FILE lists them) and a share -undated of articles without a
// publication date (default 0.2; 0 for none, which gives the corpora of
// before the flag byte for byte); -o FILE instead of standard output.
//
// planted builds corpora of real articles with passages of 50 to 1,500
// characters copied from one article into another (verbatim, lightly
// edited, or heavily edited: sentences reordered, clauses dropped, a
// quarter of the words replaced), runs churn.Analyze on them and scores
// the passages it reports with the PAN text-alignment measures, per edit
// class and length bucket; the rows "all" cover verbatim and light only,
// and heavy edits are reported with no target; see internal/eval and
// EVAL.md. Its flags:
//
//	-plant-seed N  generator seed (default 1)
//	-cases N       planted passages, split evenly between the three edit
//	               classes (default 540: 180 each, the verbatim and light
//	               cases of the former default of 360 in two classes)
//	-buckets LIST  length bucket edges in characters (default 50,150,500,1500)
//	-json          print the report as JSON instead of Markdown
//	-k, -min-passage, -max-gap, -window, -min-fingerprints,
//	-boilerplate-docs, -containment, -report-passage, -threshold,
//	-lsh-threshold, -hashes, -seed, -matrix-limit, -keep-accents,
//	-keep-lists    churn.Options, with churn's flag names, meanings and
//	               defaults (churn.Options.RegisterFlags; -seed is the
//	               hash seed, as in churn)
//	-sweep         score a grid of option values instead of one setting
//	-aligner       diagnostic: align every pair of documents with the
//	               passage package directly (no candidates, no boilerplate),
//	               with -minmatched and -maxrepeat as passage.Options
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/bench"
	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/internal/eval"
	"github.com/churnalism/churn/passage"
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
		fmt.Fprintln(stderr, "usage: churn-eval defaults | churn-eval planted [flags] (churn-eval planted -h lists them)")
		fmt.Fprintln(stderr, "\ndefaults: Jaccard on the seeds and ranking AUC on the SemEval-2022 pairs for k = 3..12, accents kept and stripped")
		fmt.Fprintln(stderr, "planted:  PAN precision, recall, granularity and plagdet of churn.Analyze on passages planted in real articles")
		fmt.Fprintln(stderr, "corpus:   write a synthetic JSONL corpus for scale benchmarks: churn-eval corpus -n 100000 -o c.jsonl [-truth t.jsonl]")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch fs.Arg(0) {
	case "defaults":
		return defaults(stdout, stderr)
	case "planted":
		return planted(fs.Args()[1:], stdout, stderr)
	case "corpus":
		return scaleCorpus(fs.Args()[1:], stdout, stderr)
	case "counter":
		return counterEval(fs.Args()[1:], stdout, stderr)
	case "scale-report":
		return scaleReport(fs.Args()[1:], stdout, stderr)
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
	pairs, err := eval.LoadSemEvalFile()
	switch {
	case errors.Is(err, eval.ErrNoEvalData):
		fmt.Fprintf(stderr, "churn-eval: %v; measuring the seeds only\n", err)
	case err != nil:
		return err
	}
	var settings []eval.Setting
	for k := 3; k <= 12; k++ {
		settings = append(settings, eval.Setting{K: k}, eval.Setting{K: k, KeepAccents: true})
	}
	scores, err := eval.ScoreSettings(seeds, pairs, settings)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Seeds: Jaccard of 001–003 (shared sentences) and 000–002 (same story, other words). SemEval: %d pairs; AUC separates Overall ≤ 1.5 from ≥ 3.5.\n\n", len(pairs))
	return eval.WriteSettingScores(stdout, scores, len(pairs) > 0)
}

func planted(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("churn-eval planted", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		cfg     eval.PlantConfig
		opts    = churn.DefaultOptions()
		popts   passage.Options
		buckets string
		asJSON  bool
		sweep   bool
		aligner bool
		cases   int
		seed    uint64
	)
	fs.Uint64Var(&seed, "plant-seed", 1, "generator `seed`")
	fs.IntVar(&cases, "cases", 540, "`number` of planted passages, split evenly between verbatim, light and heavy edits")
	fs.StringVar(&buckets, "buckets", "50,150,500,1500", "length bucket `edges` in characters")
	fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	fs.BoolVar(&sweep, "sweep", false, "score a grid of churn.Options values")
	fs.BoolVar(&aligner, "aligner", false, "diagnostic: align every pair with the passage package directly")
	opts.RegisterFlags(fs)
	fs.Float64Var(&popts.MinMatched, "minmatched", 0, "with -aligner: passage.Options.MinMatched (0: default)")
	fs.IntVar(&popts.MaxRepeat, "maxrepeat", 0, "with -aligner: passage.Options.MaxRepeat (0: default)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("planted: unexpected argument %q", fs.Arg(0))
	}
	if err := opts.Validate(); err != nil {
		return fmt.Errorf("planted: %w", err)
	}
	cfg.Seed, cfg.Cases = seed, cases
	for _, f := range strings.Split(buckets, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("planted: -buckets: %v", err)
		}
		cfg.Buckets = append(cfg.Buckets, n)
	}

	arts, origin, err := eval.PlantArticles()
	if err != nil {
		return err
	}
	if strings.Contains(origin, "embedded seeds") {
		fmt.Fprintf(stderr, "churn-eval: planting in the seeds only: %s\n", origin)
	}
	set, err := eval.Plant(arts, origin, cfg)
	if err != nil {
		return err
	}
	switch {
	case sweep:
		res, err := eval.Sweep(set, eval.SweepOptions(opts))
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(stdout, res)
		}
		return eval.WriteSweep(stdout, set, res)
	case aligner:
		popts.MinLen, popts.MaxGap = opts.MinPassage, opts.MaxGap
		dets := eval.DetectAligner(set, opts.K, popts, opts.KeepAccents)
		rep := eval.NewPlantedReport(set, dets, fmt.Sprintf("passage.Aligner on every pair (no candidates, no boilerplate), k=%d, keep accents %v, %+v (0: default)", opts.K, opts.KeepAccents, popts), nil)
		if asJSON {
			return writeJSON(stdout, rep)
		}
		return rep.WriteMarkdown(stdout)
	}
	dets, used, err := eval.Detect(set, opts)
	if err != nil {
		return err
	}
	rep := eval.NewPlantedReport(set, dets, "churn.Analyze", &used)
	if asJSON {
		return writeJSON(stdout, rep)
	}
	return rep.WriteMarkdown(stdout)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// scaleCorpus writes a synthetic corpus for make bench-scale.
func scaleCorpus(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("churn-eval corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 10000, "number of `articles`")
	seed := fs.Uint64("seed", 1, "random `seed`")
	out := fs.String("o", "", "output `file` (default standard output)")
	truthPath := fs.String("truth", "", "also write the planted reuse as JSONL to this `file`")
	undated := fs.Float64("undated", bench.DefaultUndatedRate, "`share` of articles without a publication date (0: none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("corpus: unexpected argument %q", fs.Arg(0))
	}
	if !(*undated >= 0 && *undated <= 1) {
		return fmt.Errorf("corpus: -undated %v, want a share in [0, 1]", *undated)
	}
	vocabs, err := scaleVocabularies(stderr)
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	opts := bench.ScaleOptions{N: *n, Seed: *seed, UndatedRate: *undated}
	if *undated == 0 {
		opts.UndatedRate = -1 // none
	}
	truth, err := bench.WriteScaleCorpus(w, vocabs, opts)
	if err != nil {
		return err
	}
	if *truthPath != "" {
		f, err := os.Create(*truthPath)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(f)
		for _, t := range truth {
			if err := enc.Encode(t); err != nil {
				f.Close()
				return err
			}
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "churn-eval: wrote %d articles, %d planted reuses\n", *n, len(truth))
	return nil
}

// scaleVocabularies returns the vocabularies of generated corpora, one per
// language, from real news: the SemEval-2022 articles when eval.EvalDir
// finds them, the embedded seeds otherwise. A corpus from the seeds is
// another corpus, with other figures, so it says on stderr which it used.
func scaleVocabularies(stderr io.Writer) ([]*bench.Vocabulary, error) {
	byLang := map[string][]string{}
	pairs, err := eval.LoadSemEvalFile()
	var source string
	switch {
	case err == nil:
		dir, _ := eval.EvalDir()
		for _, p := range pairs {
			byLang[p.Lang1] = append(byLang[p.Lang1], p.Text1)
			byLang[p.Lang2] = append(byLang[p.Lang2], p.Text2)
		}
		source = fmt.Sprintf("the SemEval-2022 articles of %s (%d pairs)", filepath.Join(dir, "semeval-dev.csv"), len(pairs))
	case errors.Is(err, eval.ErrNoEvalData):
		docs, err2 := corpus.Seeds()
		if err2 != nil {
			return nil, err2
		}
		for _, d := range docs {
			byLang["seeds"] = append(byLang["seeds"], string(d.Text))
		}
		source = fmt.Sprintf("the %d embedded seed articles, NOT the SemEval-2022 data, so figures differ from those of a corpus built from it: %v", len(docs), err)
	default:
		return nil, err
	}
	langs := make([]string, 0, len(byLang))
	for l := range byLang {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	var vocabs []*bench.Vocabulary
	var used, left []string
	for _, l := range langs {
		if v, err := bench.NewVocabulary(byLang[l]); err == nil {
			vocabs = append(vocabs, v)
			used = append(used, l)
		} else {
			left = append(left, l)
		}
	}
	note := fmt.Sprintf("churn-eval: vocabulary from %s; languages: %s", source, strings.Join(used, " "))
	if len(left) > 0 {
		note += fmt.Sprintf(" (left out, fewer than 100 distinct words: %s)", strings.Join(left, " "))
	}
	fmt.Fprintln(stderr, note)
	if len(vocabs) == 0 {
		return nil, fmt.Errorf("corpus: no vocabulary: %s", note)
	}
	return vocabs, nil
}

// scaleReport prints one line of make bench-scale: the run's wall time,
// throughput and peak memory (from GNU time's "%e %M" output) and the
// recall of the planted reuse in churn's JSONL output.
func scaleReport(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("churn-eval scale-report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 0, "number of `articles`")
	corpusPath := fs.String("corpus", "", "the corpus `file`")
	truthPath := fs.String("truth", "", "the planted reuse `file`")
	outPath := fs.String("out", "", "churn's JSONL output `file`")
	timePath := fs.String("time", "", "GNU time output `file` (%e %M)")
	check := fs.Int("check", 0, "also verify every pair of this many random `articles` and report how many of the pairs the rule accepts among them churn reported")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := os.Stat(*corpusPath)
	if err != nil {
		return err
	}
	tb, err := os.ReadFile(*timePath)
	if err != nil {
		return err
	}
	var wall float64
	var rssKB int64
	if _, err := fmt.Sscan(string(tb), &wall, &rssKB); err != nil {
		return fmt.Errorf("%s: %w", *timePath, err)
	}
	found := map[[2]string]bool{}
	pairs := 0
	if err := eachJSONL(*outPath, func(line []byte) error {
		var r struct{ Type, A, B string }
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		if r.Type == "pair" {
			pairs++
			found[[2]string{r.A, r.B}], found[[2]string{r.B, r.A}] = true, true
		}
		return nil
	}); err != nil {
		return err
	}
	hit, total := map[bench.Kind]int{}, map[bench.Kind]int{}
	if err := eachJSONL(*truthPath, func(line []byte) error {
		var t bench.ScaleTruth
		if err := json.Unmarshal(line, &t); err != nil {
			return err
		}
		total[t.Kind]++
		if found[[2]string{t.Source, t.Copy}] {
			hit[t.Kind]++
		}
		return nil
	}); err != nil {
		return err
	}
	recall := func(k bench.Kind) float64 { return float64(hit[k]) / float64(max(total[k], 1)) }
	mb := float64(st.Size()) / 1e6
	// Misses are counted as well as rounded recall: 2 missed of 49,671
	// planted passages print as a recall of 1.000.
	fmt.Fprintf(stdout, "articles=%d size=%.0fMB wall=%.1fs throughput=%.1fMB/s per-article=%.0fµs peak-rss=%.0fMB pairs=%d recall-copies=%.3f recall-passages=%.3f missed-copies=%d/%d missed-passages=%d/%d\n",
		*n, mb, wall, mb/wall, wall*1e6/float64(max(*n, 1)), float64(rssKB)/1024, pairs, recall(bench.KindCopy), recall(bench.KindPassage),
		total[bench.KindCopy]-hit[bench.KindCopy], total[bench.KindCopy], total[bench.KindPassage]-hit[bench.KindPassage], total[bench.KindPassage])
	if *check > 0 {
		return subsetCheck(*corpusPath, *check, found, stdout)
	}
	return nil
}

// subsetCheck verifies every pair of check random articles of the corpus
// (churn.ReportAmong, with the whole corpus's statistics) and says how
// many of the pairs the reporting rule accepts among them churn's run
// reported (found).
func subsetCheck(corpusPath string, check int, found map[[2]string]bool, stdout io.Writer) error {
	rd := corpus.Reader{}
	docs, _, err := rd.Read([]string{corpusPath})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, uint64(len(docs))))
	among := rng.Perm(len(docs))[:min(check, len(docs))]
	start := time.Now()
	rule, err := churn.ReportAmong(context.Background(), docs, among, churn.DefaultOptions())
	if err != nil {
		return err
	}
	hit := 0
	var missed []string
	for _, p := range rule {
		if found[[2]string{docs[p.A].ID, docs[p.B].ID}] {
			hit++
		} else if len(missed) < 5 {
			missed = append(missed, fmt.Sprintf("%s–%s (%s, reuse %.3f, %d passages)", docs[p.A].ID, docs[p.B].ID, p.Class.Code(), p.Reuse, len(p.Passages)))
		}
	}
	share := 1.0
	if len(rule) > 0 {
		share = float64(hit) / float64(len(rule))
	}
	fmt.Fprintf(stdout, "subset-check: %d random articles, every pair verified in %.0fs: the rule reports %d pairs among them, the full run %d of them (%.4f)",
		len(among), time.Since(start).Seconds(), len(rule), hit, share)
	if len(missed) > 0 {
		fmt.Fprintf(stdout, "; missed: %s", strings.Join(missed, ", "))
	}
	fmt.Fprintln(stdout)
	return nil
}

// eachJSONL calls fn for every line of a JSONL file.
func eachJSONL(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if ferr := fn(line); ferr != nil {
				return fmt.Errorf("%s: %w", path, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
