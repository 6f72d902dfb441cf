// Package eval holds churn's evaluations: the measurements behind its
// defaults (ScoreSettings, on the seeds and the SemEval-2022 pairs;
// defaults.go, semeval.go), passages planted in real articles with known
// answers (pool.go: the articles; planted.go: planting; edit.go: light
// and heavy edits) and scored with the PAN text-alignment measures (score.go,
// pan.go; report.go: reports and sweeps), the COUNTER text-reuse corpus
// (counter.go), and consistency tests of churn on labelled documents. Its
// entry point for people is cmd/churn-eval (make eval); tests use it too.
// Synthetic corpora for scale benchmarks are in package bench.
//
// Evaluation text is read from ../shared/eval beside the module (or the
// folder named by CHURN_EVAL; see EvalDir), never copied into the
// repository; when it is absent, loaders return ErrNoEvalData and tests
// skip or fall back to the embedded seeds.
package eval
