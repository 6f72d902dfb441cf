// Command churn-html is churn's helper for HTML pages: it extracts their
// main text and metadata with go-trafilatura (package corpus/maintext)
// for a churn that reads pages, over its standard input and output (the
// protocol of corpus.HTMLProcess). churn runs it when it has a page to
// read, from beside its own executable or from PATH (or CHURN_HTML), so
// that churn itself need not link trafilatura, whose initialisation costs
// 0.3 s and 78 MB at every start.
//
// Install it with churn:
//
//	go install github.com/churnalism/churn/cmd/...@latest
//
// It is not meant to be run by hand; run with arguments, it says so.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/corpus/maintext"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "churn-html: churn's helper for HTML pages takes no arguments; churn runs it when it reads pages")
		return 2
	}
	if err := maintext.Serve(stdin, stdout, corpus.MaxSize); err != nil {
		fmt.Fprintf(stderr, "churn-html: %v\n", err)
		return 1
	}
	return 0
}
