// Command churn finds near-duplicate and syndicated news text: which
// articles reuse which, the passages they share, and the syndication
// groups they form.
//
// Usage:
//
//	churn [command] [flags] [PATH...]
//
// With no PATH it analyses its embedded sample corpus. Run churn --help
// for the commands and churn COMMAND --help for their flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	os.Exit(exitCode(err, os.Stderr))
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// errFound is returned under --exit-code when a pair was reported; it
// sets exit status 1 without a message, like git diff --exit-code.
var errFound = errors.New("pairs found")

// exitCode reports err on stderr and returns the exit status: 0 for
// success, 2 for usage errors, 1 for anything else.
func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errFound):
		return 1
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "churn: %v\nRun 'churn --help' for usage.\n", err)
		return 2
	default:
		fmt.Fprintf(stderr, "churn: %v\n", err)
		return 1
	}
}
