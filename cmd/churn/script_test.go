package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/corpus/maintext"
)

// TestMain lets the scripts run churn as a command, in-process, and
// churn-html, its helper for HTML pages (as cmd/churn-html does).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"churn": func() { os.Exit(exitCode(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr)) },
		"churn-html": func() {
			if err := maintext.Serve(os.Stdin, os.Stdout, corpus.MaxSize); err != nil {
				fmt.Fprintln(os.Stderr, "churn-html:", err)
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScripts runs the command-line scenarios in testdata/script: formats,
// exit codes, standard input, errors on stderr. Run with -update to
// rewrite the expected output in the scripts (testscript's UpdateScripts).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
	})
}
