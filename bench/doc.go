// Package bench generates synthetic news corpora of any size with planted
// syndication, for churn's scale benchmarks (make bench-scale, through
// cmd/churn-eval corpus and scale-report).
//
// A Vocabulary, counted from real news text (NewVocabulary), gives
// generated articles the character statistics of news without repeating
// its sentences; WriteScaleCorpus writes a reproducible JSONL corpus from
// vocabularies as ScaleOptions describe it, and returns its planted reuse
// (ScaleTruth) to measure recall against.
//
// The evaluations with known answers (planted passages, PAN measures,
// SemEval-2022 and COUNTER) are in internal/eval, run by cmd/churn-eval.
package bench
