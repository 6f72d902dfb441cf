package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/churnalism/churn/corpus"
)

// helperName is the program churn extracts HTML pages with (cmd/churn-html).
const helperName = "churn-html"

// htmlHelper is churn's corpus.Reader.HTML: pages are extracted by
// churn-html, in a process started at the first page, so that churn does
// not link go-trafilatura, whose initialisation takes 0.3 s of CPU and
// 78 MB at every start (see package corpus/maintext).
type htmlHelper struct {
	once sync.Once
	proc *corpus.HTMLProcess
	err  error
}

// Extract is a corpus.HTMLExtractor.
func (h *htmlHelper) Extract(page []byte, pageURL string) (corpus.HTMLPage, error) {
	h.once.Do(func() {
		path, err := findHelper()
		if err != nil {
			h.err = err
			return
		}
		h.proc = corpus.NewHTMLProcess(path)
	})
	if h.err != nil {
		return corpus.HTMLPage{}, h.err
	}
	return h.proc.Extract(page, pageURL)
}

// Close ends the helper, if it was started.
func (h *htmlHelper) Close() error {
	if h.proc == nil {
		return nil
	}
	return h.proc.Close()
}

// findHelper returns the path of churn-html: $CHURN_HTML if set, else the
// one beside churn's executable, else the one on PATH.
func findHelper() (string, error) {
	if p := os.Getenv("CHURN_HTML"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("reading HTML pages: CHURN_HTML: %w", err)
		}
		return p, nil
	}
	name := helperName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		if exe, err := filepath.EvalSymlinks(exe); err == nil {
			p := filepath.Join(filepath.Dir(exe), name)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
	}
	if p, err := exec.LookPath(helperName); err == nil {
		return p, nil
	} else if !errors.Is(err, exec.ErrNotFound) {
		return "", fmt.Errorf("reading HTML pages: %w", err)
	}
	return "", fmt.Errorf("reading HTML pages needs %s, churn's helper for them, beside churn or on PATH (go install github.com/churnalism/churn/cmd/...@latest installs both), or CHURN_HTML naming it", helperName)
}
