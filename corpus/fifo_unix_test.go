//go:build unix

package corpus

import (
	"os"
	"syscall"
	"testing"
)

func TestReadNamedPipe(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFiles(t, map[string]string{"d/a.txt": "alpha"})
	for _, name := range []string{"pipe", "d/pipe.txt"} {
		if err := syscall.Mkfifo(name, 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
	}
	go func() {
		// Opening for writing blocks until Read opens the pipe.
		if f, err := os.OpenFile("pipe", os.O_WRONLY, 0); err == nil {
			f.WriteString("from a pipe")
			f.Close()
		}
	}()
	docs, skipped, err := Read([]string{"pipe", "d"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A pipe named on the command line is read, as for churn <(command);
	// one found in a directory is not opened.
	checkDocs(t, docs, []doc{{"pipe", "pipe", "from a pipe"}, {"a", "d/a.txt", "alpha"}})
	checkSkipped(t, skipped, []skip{{"d/pipe.txt", "not a regular file"}})
}
