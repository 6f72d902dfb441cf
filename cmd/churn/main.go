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
//
// Exit status: 0 when nothing was found (or, without --exit-code,
// success), 1 when --exit-code is given and a pair was reported, 2 for
// any error (bad flags, a named input missing or unreadable, nothing to
// compare, --strict and an input skipped), 128 plus the signal's number
// when interrupted (130 for SIGINT, 143 for SIGTERM).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(churnMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// churnMain runs churn as a process: SIGINT and SIGTERM interrupt it
// (a second signal kills it at once), and it returns the exit status.
func churnMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	go func() {
		if s, ok := <-sigs; ok {
			signal.Stop(sigs) // the next signal kills
			cancel(interrupted{s})
		}
	}()
	status := exitCode(run(ctx, args, stdin, stdout, stderr), stderr)
	signal.Stop(sigs)
	return status
}

// Exit statuses.
const (
	exitOK    = 0 // nothing found, or success without --exit-code
	exitFound = 1 // --exit-code and a pair reported
	exitError = 2 // any error, usage errors included
)

// usageError is a mistake in the command line.
type usageError struct {
	err error
	cmd string // the command whose help to point to, if any
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// interrupted is the cause of the context's cancellation by a signal.
type interrupted struct{ sig os.Signal }

func (e interrupted) Error() string { return "interrupted: output incomplete" }

// status is the exit status after the signal, as a shell reports a
// process killed by it: 128 plus its number.
func (e interrupted) status() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitError
}

// errFound is returned under --exit-code when a pair was reported; it
// sets exit status 1 without a message, like git diff --exit-code.
var errFound = errors.New("pairs found")

// exitCode reports err on stderr and returns the exit status: 0 for
// success, 1 for errFound, 128+n for a signal, 2 for any other error.
func exitCode(err error, stderr io.Writer) int {
	var (
		ue usageError
		ie interrupted
	)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errFound):
		return exitFound
	case errors.As(err, &ie):
		fmt.Fprintf(stderr, "churn: %v\n", ie)
		return ie.status()
	case errors.As(err, &ue):
		help := "churn --help"
		if ue.cmd != "" {
			help = "churn " + ue.cmd + " --help"
		}
		fmt.Fprintf(stderr, "churn: %v\nRun '%s' for usage.\n", err, help)
		return exitError
	default:
		fmt.Fprintf(stderr, "churn: %v\n", err)
		return exitError
	}
}
