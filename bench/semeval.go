package bench

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// SemEvalPair is one rated pair of news articles from the SemEval-2022
// Task 8 data.
type SemEvalPair struct {
	ID           string // pair_id: two article IDs joined by "_"
	Lang1, Lang2 string
	Text1, Text2 string
	// Overall is the human rating from 1 (very similar) to 4 (very
	// dissimilar).
	Overall float64
}

// ErrNoEvalData reports that the evaluation data is not present.
var ErrNoEvalData = errors.New("bench: evaluation data not found")

// EvalDir returns the folder holding the shared evaluation data: the
// environment variable CHURN_EVAL if set, else ../shared/eval beside the
// module root found by walking up from the working directory. It returns
// ErrNoEvalData when the folder does not exist, so tests can skip.
func EvalDir() (string, error) {
	if d := os.Getenv("CHURN_EVAL"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", fmt.Errorf("%w: CHURN_EVAL=%s: %v", ErrNoEvalData, d, err)
		}
		return d, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("bench: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(dir, "..", "shared", "eval")
			if _, err := os.Stat(d); err != nil {
				return "", fmt.Errorf("%w: %s", ErrNoEvalData, d)
			}
			return d, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: no go.mod above the working directory", ErrNoEvalData)
		}
		dir = parent
	}
}

// LoadSemEval reads semeval-dev.csv (columns pair_id, lang1, lang2, text1,
// text2, Overall, among others) from r. name is used in error messages.
func LoadSemEval(r io.Reader, name string) ([]SemEvalPair, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("bench: %s: reading header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range []string{"pair_id", "lang1", "lang2", "text1", "text2", "Overall"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("bench: %s: no %q column", name, want)
		}
	}
	var pairs []SemEvalPair
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("bench: %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		overall, err := strconv.ParseFloat(rec[col["Overall"]], 64)
		if err != nil {
			return nil, fmt.Errorf("bench: %s:%d: Overall: %w", name, line, err)
		}
		pairs = append(pairs, SemEvalPair{
			ID: rec[col["pair_id"]], Lang1: rec[col["lang1"]], Lang2: rec[col["lang2"]],
			Text1: rec[col["text1"]], Text2: rec[col["text2"]], Overall: overall,
		})
	}
	return pairs, nil
}

// LoadSemEvalFile reads semeval-dev.csv from the evaluation folder.
func LoadSemEvalFile() ([]SemEvalPair, error) {
	dir, err := EvalDir()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "semeval-dev.csv")
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %v", ErrNoEvalData, err)
		}
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	return LoadSemEval(f, path)
}
