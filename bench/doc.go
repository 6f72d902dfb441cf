// Package bench holds churn's evaluations: the measurements behind its
// defaults and, later, planted-reuse corpora with known answers. Its
// entry point for people is cmd/churn-eval (make eval); its functions are
// also used by tests and benchmarks.
//
// Evaluation text is read from ../shared/eval beside the module (or the
// folder named by CHURN_EVAL), never copied into the repository; when it
// is absent, loaders return ErrNoEvalData and tests skip.
package bench
