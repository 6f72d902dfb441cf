// Package bench holds churn's evaluations and scale corpora: the
// measurements behind its defaults (ScoreSettings, on the seeds and the
// SemEval-2022 pairs), passages planted in real articles with known
// answers and scored with the PAN text-alignment measures (planted.go,
// pan.go), and synthetic corpora of any size with planted syndication for
// scale benchmarks (WriteScaleCorpus). Its entry point for people is
// cmd/churn-eval (make eval, make bench-scale); tests and benchmarks use
// it too.
//
// Evaluation text is read from ../shared/eval beside the module (or the
// folder named by CHURN_EVAL), never copied into the repository; when it
// is absent, loaders return ErrNoEvalData and tests skip or fall back to
// the embedded seeds.
package bench
