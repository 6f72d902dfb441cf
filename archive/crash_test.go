package archive

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/churnalism/churn"
)

// The crash tests run this test binary again as a child that adds
// batches to an archive, printing "ack R B" once batch B of round R is
// committed.
const (
	childArchive = "CHURN_ARCHIVE_CHILD"     // the archive's path
	childRound   = "CHURN_ARCHIVE_ROUND"     // the round, to make IDs unique
	childLimit   = "CHURN_ARCHIVE_FILELIMIT" // RLIMIT_FSIZE for the child, in bytes
	crashBatch   = 25
	crashBatches = 40
)

func TestChildAdd(t *testing.T) {
	path := os.Getenv(childArchive)
	if path == "" {
		t.Skip("run by TestCrashSafety and TestDiskFull")
	}
	round, _ := strconv.Atoi(os.Getenv(childRound))
	docs := generated(t, crashBatch, uint64(round))
	ctx := context.Background()
	a, err := Open(ctx, path, Options{Create: true})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(3)
	}
	if lim := os.Getenv(childLimit); lim != "" {
		n, _ := strconv.ParseUint(lim, 10, 64)
		// Writes past the limit fail with EFBIG instead of killing the
		// process, as they fail with ENOSPC on a full disk.
		signal.Ignore(syscall.SIGXFSZ)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
	}
	for b := range crashBatches {
		batch := make([]churn.Document, len(docs))
		for i, d := range docs {
			d.ID = fmt.Sprintf("r%d-b%d-%s", round, b, d.ID)
			// Different texts, so that pages of every batch are new.
			d.Text = append([]byte(d.ID+" "), d.Text...)
			batch[i] = d
		}
		if _, err := a.Add(ctx, batch); err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		fmt.Printf("ack %d %d\n", round, b)
	}
	a.Close()
	os.Exit(0)
}

// child starts the child adding round r's batches to the archive at path.
func child(t *testing.T, path string, r int, env ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildAdd$", "-test.count=1")
	cmd.Env = append(os.Environ(), append(env, childArchive+"="+path, childRound+"="+strconv.Itoa(r))...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// checkBatches opens the archive and checks that it passes Verify and
// holds every batch acknowledged, whole, and at most one more (committed
// while its acknowledgement was on its way), also whole.
func checkBatches(t *testing.T, path string, acked map[[2]int]bool) {
	t.Helper()
	ctx := context.Background()
	a, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("reopening after the crash: %v", err)
	}
	defer a.Close()
	if err := a.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	held := map[[2]int]int{}
	err = a.Walk(ctx, false, func(e Entry) error {
		var r, b int
		if _, err := fmt.Sscanf(e.ID, "r%d-b%d-", &r, &b); err != nil {
			return fmt.Errorf("document %q: %v", e.ID, err)
		}
		held[[2]int{r, b}]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	extra := 0
	for k, n := range held {
		if n != crashBatch {
			t.Fatalf("batch %v: %d of %d documents", k, n, crashBatch)
		}
		if !acked[k] {
			extra++
		}
	}
	for k := range acked {
		if held[k] == 0 {
			t.Fatalf("batch %v was acknowledged and is not in the archive", k)
		}
	}
	if extra > 1 {
		t.Fatalf("%d batches in the archive were never acknowledged", extra)
	}
	// The unacknowledged batch, if any, was committed: count it as
	// acknowledged from now on, as a caller that re-adds it would see it.
	for k := range held {
		acked[k] = true
	}
}

// TestCrashSafety kills a child adding batches with SIGKILL at 20
// random moments: the archive always reopens, passes Verify and holds
// the acknowledged batches, whole.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 20 processes")
	}
	path := filepath.Join(t.TempDir(), "crash.churn")
	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[[2]int]bool{}
	killedMidway := 0
	for r := range 20 {
		cmd, sc := child(t, path, r)
		// Kill after a random number of acknowledgements, then a random
		// delay: inside a transaction or between two.
		after := rng.IntN(6)
		delay := time.Duration(rng.IntN(30)) * time.Millisecond
		n := 0
		for n < after && sc.Scan() {
			line := sc.Text()
			var rr, b int
			if _, err := fmt.Sscanf(line, "ack %d %d", &rr, &b); err != nil {
				t.Fatalf("child: %q", line)
			}
			acked[[2]int{rr, b}] = true
			n++
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		// Acknowledgements printed before the kill still count.
		for sc.Scan() {
			var rr, b int
			if _, err := fmt.Sscanf(sc.Text(), "ack %d %d", &rr, &b); err == nil {
				acked[[2]int{rr, b}] = true
			}
		}
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok && ee.Sys().(syscall.WaitStatus).Signaled() {
			killedMidway++
		}
		checkBatches(t, path, acked)
	}
	if killedMidway < 15 {
		t.Fatalf("only %d of 20 children were killed before they finished", killedMidway)
	}
}

// TestDiskFull adds batches until the file size limit stops the child,
// as a full disk would: it fails with a clear error, and the archive
// reopens intact with every acknowledged batch.
func TestDiskFull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "full.churn")
	acked := map[[2]int]bool{}
	// A first child makes the archive; the second one may grow its files
	// by 200 KB only.
	cmd, sc := child(t, path, 0)
	for sc.Scan() {
		var r, b int
		fmt.Sscanf(sc.Text(), "ack %d %d", &r, &b)
		acked[[2]int{r, b}] = true
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	cmd, sc = child(t, path, 1, childLimit+"="+strconv.FormatInt(fi.Size()+200<<10, 10))
	var last string
	for sc.Scan() {
		last = sc.Text()
		var r, b int
		if _, err := fmt.Sscanf(last, "ack %d %d", &r, &b); err == nil {
			acked[[2]int{r, b}] = true
		}
	}
	err = cmd.Wait()
	if err == nil || !strings.HasPrefix(last, "error ") {
		t.Fatalf("the child filled its limit without an error: %v, last line %q", err, last)
	}
	for _, want := range []string{path, "none of them was added", "disk", "full"} {
		if !strings.Contains(last, want) {
			t.Errorf("the error %q does not say %q", last, want)
		}
	}
	checkBatches(t, path, acked)
}
