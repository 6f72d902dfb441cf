package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cancellingWriter cancels ctx once n bytes have been written to it, as
// a signal arriving while the report is written does.
type cancellingWriter struct {
	bytes.Buffer
	n      int
	cancel context.CancelCauseFunc
}

func (w *cancellingWriter) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if w.Len() >= w.n {
		w.cancel(interrupted{syscall.SIGINT})
	}
	return n, err
}

// TestInterruptWhileWriting interrupts churn once it has written some of
// its output, in every format: it stops, says so on standard error and
// exits 130; JSON Lines output then lacks its final summary record.
func TestInterruptWhileWriting(t *testing.T) {
	for _, format := range []string{"jsonl", "csv", "json", "table"} {
		t.Run(format, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			out := &cancellingWriter{n: 100, cancel: cancel}
			var stderr bytes.Buffer
			code := exitCode(run(ctx, []string{"--format", format}, strings.NewReader(""), out, &stderr), &stderr)
			if code != 130 {
				t.Errorf("exit status %d, want 130", code)
			}
			if !strings.HasSuffix(stderr.String(), "churn: interrupted: output incomplete\n") {
				t.Errorf("stderr:\n%s", stderr.String())
			}
			if strings.Contains(out.String(), `"type":"summary"`) {
				t.Errorf("interrupted JSON Lines output has its summary")
			}
		})
	}
}

// TestInterruptOutputFile interrupts churn while it reads, with -o: the
// file is left as it was, and no temporary file stays behind.
func TestInterruptOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.jsonl")
	if err := os.WriteFile(out, []byte("the previous report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	stdin, w := io.Pipe() // never written: churn waits for its input
	defer w.Close()
	go func() {
		// Once churn has created its temporary file.
		for {
			if ents, _ := os.ReadDir(dir); len(ents) > 1 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		cancel(interrupted{syscall.SIGTERM})
	}()
	var stdout, stderr bytes.Buffer
	code := exitCode(run(ctx, []string{"-o", out, "-"}, stdin, &stdout, &stderr), &stderr)
	if code != 143 {
		t.Errorf("exit status %d, want 143", code)
	}
	if stderr.String() != "churn: interrupted: output incomplete\n" || stdout.Len() > 0 {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	checkOutputDir(t, dir, out, "the previous report\n")
}

// checkOutputDir checks that dir holds only the file out, with content
// want.
func checkOutputDir(t *testing.T, dir, out, want string) {
	t.Helper()
	got, err := os.ReadFile(out)
	if err != nil || string(got) != want {
		t.Errorf("%s: %q, %v; want %q", out, got, err, want)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("%s holds %q, want only %s", dir, names, filepath.Base(out))
	}
}

// TestSignals sends SIGINT and SIGTERM to churn processes writing to -o
// files while they wait for their input.
func TestSignals(t *testing.T) {
	bin, err := exec.LookPath("churn")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sig    syscall.Signal
		status int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tt.sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			out := filepath.Join(dir, "out.csv")
			if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "--format", "csv", "-o", out, "-")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The temporary file is made after the signals are caught.
			deadline := time.Now().Add(2 * time.Minute)
			for {
				if ents, _ := os.ReadDir(dir); len(ents) > 1 {
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("churn made no temporary file")
				}
				time.Sleep(5 * time.Millisecond)
			}
			cmd.Process.Signal(tt.sig)
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tt.status {
				t.Errorf("churn: %v, want exit status %d", err, tt.status)
			}
			if stderr.String() != "churn: interrupted: output incomplete\n" {
				t.Errorf("stderr %q", stderr.String())
			}
			checkOutputDir(t, dir, out, "old\n")
		})
	}
}
