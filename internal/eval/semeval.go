package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
var ErrNoEvalData = errors.New("eval: evaluation data not found")

// ModulePath is the path of churn's module, whose root EvalDir looks
// for.
const ModulePath = "github.com/churnalism/churn"

// EvalDir returns the folder holding the shared evaluation data: the
// environment variable CHURN_EVAL if set, else ../shared/eval beside the
// root of churn's module (the folder whose go.mod declares ModulePath;
// other modules' go.mod files, such as nested ones, are passed over),
// found by walking up from the working directory and, failing that, from
// the running executable's folder (a churn-eval built into the module's
// bin/ finds the data from any working directory). It returns
// ErrNoEvalData, saying where it looked, when the folder does not exist,
// so tests can skip.
func EvalDir() (string, error) {
	if d := os.Getenv("CHURN_EVAL"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", fmt.Errorf("%w: CHURN_EVAL=%s: %v", ErrNoEvalData, d, err)
		}
		return d, nil
	}
	var starts, tried []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		if exe, err := filepath.EvalSymlinks(exe); err == nil {
			starts = append(starts, filepath.Dir(exe))
		}
	}
	for _, start := range starts {
		root, ok := moduleRoot(start)
		if !ok {
			tried = append(tried, "no go.mod of "+ModulePath+" above "+start)
			continue
		}
		d := filepath.Join(filepath.Dir(root), "shared", "eval")
		if _, err := os.Stat(d); err != nil {
			tried = append(tried, d+" does not exist")
			continue
		}
		return d, nil
	}
	return "", fmt.Errorf("%w (%s; set CHURN_EVAL to the folder)", ErrNoEvalData, strings.Join(tried, "; "))
}

// moduleRoot returns the nearest folder at or above dir whose go.mod
// declares ModulePath.
func moduleRoot(dir string) (string, bool) {
	dir = filepath.Clean(dir)
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && modulePath(b) == ModulePath {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// modulePath returns the path a go.mod file declares, or "".
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if rest, ok := strings.CutPrefix(line, "module"); ok && rest != "" && (rest[0] == ' ' || rest[0] == '\t') {
			return strings.Trim(strings.TrimSpace(rest), `"`+"`")
		}
	}
	return ""
}

// LoadSemEval reads semeval-dev.csv (columns pair_id, lang1, lang2, text1,
// text2, Overall, among others) from r. name is used in error messages.
func LoadSemEval(r io.Reader, name string) ([]SemEvalPair, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("eval: %s: reading header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range []string{"pair_id", "lang1", "lang2", "text1", "text2", "Overall"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("eval: %s: no %q column", name, want)
		}
	}
	var pairs []SemEvalPair
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		overall, err := strconv.ParseFloat(rec[col["Overall"]], 64)
		if err != nil {
			return nil, fmt.Errorf("eval: %s:%d: Overall: %w", name, line, err)
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
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	return LoadSemEval(f, path)
}
