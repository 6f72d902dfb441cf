package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts run churn as a command, in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"churn": func() { os.Exit(exitCode(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr), os.Stderr)) },
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
