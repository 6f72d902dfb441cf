package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/churnalism/churn/corpus"
	"github.com/churnalism/churn/corpus/maintext"
)

// TestMain lets scripts, and tests that need a process of their own
// (signals), run churn as a command: as testscript.Main does, the test
// binary is copied into a folder put first on PATH, under the names churn
// and churn-html (churn's helper for HTML pages), and runs them when
// started under those names. (testscript.Main itself
// would make "churn" in scripts always start a process; see scriptChurn.)
func TestMain(m *testing.M) {
	switch filepath.Base(os.Args[0]) {
	case "churn":
		os.Exit(churnMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	case "churn-html": // churn's helper for HTML pages, as cmd/churn-html
		if err := maintext.Serve(os.Stdin, os.Stdout, corpus.MaxSize); err != nil {
			fmt.Fprintln(os.Stderr, "churn-html:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	bin, err := os.MkdirTemp("", "churn-test-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(bin)
	for _, name := range []string{"churn", "churn-html"} {
		if err := copyExecutable(filepath.Join(bin, name)); err != nil {
			fmt.Fprintln(os.Stderr, "cannot put", name, "on PATH:", err)
			return 1
		}
	}
	os.Setenv("PATH", bin+string(filepath.ListSeparator)+os.Getenv("PATH"))
	return m.Run()
}

// copyExecutable copies the running test binary to path, as a hard link
// if it can.
func copyExecutable(path string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if os.Link(self, path) == nil {
		return nil
	}
	data, err := os.ReadFile(self)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o755)
}

// cwd serialises the in-process runs of churn, each of which makes the
// script's folder the working directory.
var cwd sync.Mutex

// scriptChurn is the scripts' churn command: churn run in-process, in the
// script's folder, so that a script pays no process start (the test
// binary, with the race detector, takes over a second to start: the
// date parser's tables). "churn <FILE args" reads FILE as standard
// input. It sets $STATUS to the exit status, for the status command;
// "! churn" expects a status other than 0. Scripts that need churn as a
// process (a terminal, a signal) use "exec churn".
func scriptChurn(ts *testscript.TestScript, neg bool, args []string) {
	var stdin []byte
	if len(args) > 0 && strings.HasPrefix(args[0], "<") {
		var err error
		stdin, err = os.ReadFile(ts.MkAbs(args[0][1:]))
		ts.Check(err)
		args = args[1:]
	}
	var stdout, stderr bytes.Buffer
	cwd.Lock()
	prev, err := os.Getwd()
	ts.Check(err)
	ts.Check(os.Chdir(ts.MkAbs(".")))
	status := exitCode(run(context.Background(), args, bytes.NewReader(stdin), &stdout, &stderr), &stderr)
	ts.Check(os.Chdir(prev))
	cwd.Unlock()
	ts.Stdout().Write(stdout.Bytes())
	ts.Stderr().Write(stderr.Bytes())
	ts.Setenv("STATUS", strconv.Itoa(status))
	if (status != 0) != neg {
		ts.Fatalf("churn %s: exit status %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), status, stdout.String(), stderr.String())
	}
}

// scriptStatus is the scripts' "status N" command: the last churn exited
// with status N.
func scriptStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: status N")
	}
	if got := ts.Getenv("STATUS"); (got == args[0]) == neg {
		ts.Fatalf("exit status %s, want %s%s", got, map[bool]string{true: "not "}[neg], args[0])
	}
}

// TestScripts runs the command-line scenarios in testdata/script: formats,
// exit statuses, standard input, errors on stderr. Run with
// UPDATE_SCRIPTS=1 to rewrite the expected output in the scripts
// (testscript's UpdateScripts).
func TestScripts(t *testing.T) {
	dir, err := filepath.Abs("testdata/script") // the working directory changes
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           dir,
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds:          map[string]func(*testscript.TestScript, bool, []string){"churn": scriptChurn, "status": scriptStatus},
	})
}
