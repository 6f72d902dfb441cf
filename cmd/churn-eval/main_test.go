package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/churnalism/churn/bench"
	"github.com/churnalism/churn/internal/eval"
)

// TestPlantedSeeds runs the planted evaluation on the embedded seeds (the
// SemEval data hidden), as a user without ../shared/eval would.
func TestPlantedSeeds(t *testing.T) {
	t.Setenv("CHURN_EVAL", t.TempDir()+"/absent")
	var out, errOut strings.Builder
	if err := run([]string{"planted", "-cases", "6", "-plant-seed", "3"}, &out, &errOut); err != nil {
		t.Fatalf("planted: %v\n%s", err, errOut.String())
	}
	// Six cases: two per class; the rows "all" cover verbatim and light.
	for _, want := range []string{"| class | length | cases |", "| verbatim | 150–499 |", "| **heavy** | **all** | 2 |", "| **all** | **all** | 4 |",
		`Rows "all" cover verbatim and light only`, "reported, no target", "embedded seeds", "churn.Analyze with K=9 "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errOut.String(), "seeds only") {
		t.Errorf("no note on stderr that only the seeds are used: %q", errOut.String())
	}
}

func TestPlantedJSON(t *testing.T) {
	t.Setenv("CHURN_EVAL", t.TempDir()+"/absent")
	var out, errOut strings.Builder
	if err := run([]string{"planted", "-cases", "4", "-json", "-min-passage", "40"}, &out, &errOut); err != nil {
		t.Fatalf("planted -json: %v\n%s", err, errOut.String())
	}
	var rep struct {
		Options    struct{ MinPassage int }
		AllClasses []string `json:"all_classes"`
		Rows       []struct {
			Class, Length string
			Cases         int
		}
	}
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("planted -json printed invalid JSON: %v\n%s", err, out.String())
	}
	if rep.Options.MinPassage != 40 || len(rep.Rows) == 0 || strings.Join(rep.AllClasses, " ") != "verbatim light" {
		t.Errorf("JSON report: options %+v, %d rows, all classes %v", rep.Options, len(rep.Rows), rep.AllClasses)
	}
}

func TestPlantedBadFlags(t *testing.T) {
	var out, errOut strings.Builder
	if err := run([]string{"planted", "-buckets", "50,x"}, &out, &errOut); err == nil {
		t.Error("planted accepted -buckets 50,x")
	}
	if err := run([]string{"planted", "extra"}, &out, &errOut); err == nil {
		t.Error("planted accepted an argument")
	}
}

// fakeSemEval writes a semeval-dev.csv into a new folder and returns the
// folder: pairs in English and Romanian with enough words for a
// vocabulary, and one in Italian without.
func fakeSemEval(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("pair_id,lang1,lang2,text1,text2,Overall\n")
	words := func(prefix string, n int) string {
		var ws []string
		for i := range n {
			ws = append(ws, fmt.Sprintf("%s%c%c", prefix, 'a'+i%26, 'a'+i/26))
		}
		return strings.Join(ws, " ")
	}
	fmt.Fprintf(&b, "1_2,en,en,%s,%s,1\n", words("news", 80), words("wire", 80))
	fmt.Fprintf(&b, "3_4,ro,ro,%s,%s,2\n", words("știri", 80), words("țară", 80))
	fmt.Fprintf(&b, "5_6,it,it,notizie brevi,poche parole,3\n")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "semeval-dev.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCorpusVocabulary checks that churn-eval corpus says on stderr which
// vocabulary it built the corpus from: the SemEval articles of CHURN_EVAL
// (naming the file and the languages, and those left out), or the seeds,
// saying that they are not the SemEval data and why, as when it is run
// from a folder outside the module (it used to fall back silently).
func TestCorpusVocabulary(t *testing.T) {
	run1 := func(t *testing.T, args ...string) (string, string, error) {
		var out, errOut strings.Builder
		err := run(append([]string{"corpus"}, args...), &out, &errOut)
		return out.String(), errOut.String(), err
	}
	t.Run("CHURN_EVAL", func(t *testing.T) {
		dir := fakeSemEval(t)
		t.Setenv("CHURN_EVAL", dir)
		out, errOut, err := run1(t, "-n", "20")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"vocabulary from the SemEval-2022 articles of " + filepath.Join(dir, "semeval-dev.csv") + " (3 pairs)", "languages: en ro", "left out, fewer than 100 distinct words: it"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
		if n := strings.Count(out, "\n"); n != 20 {
			t.Errorf("%d articles written, want 20", n)
		}
	})
	t.Run("another folder", func(t *testing.T) {
		t.Setenv("CHURN_EVAL", "")
		t.Chdir(t.TempDir()) // outside the module, as is the test binary
		_, errOut, err := run1(t, "-n", "5")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"vocabulary from the 5 embedded seed articles, NOT the SemEval-2022 data", "no go.mod of github.com/churnalism/churn above", "set CHURN_EVAL"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errOut)
			}
		}
	})
	t.Run("inside the module", func(t *testing.T) {
		t.Setenv("CHURN_EVAL", "")
		dir, err := eval.EvalDir()
		if err != nil {
			t.Skipf("no evaluation data beside the module: %v", err)
		}
		t.Chdir("../../bench") // another folder of the module
		_, errOut, err := run1(t, "-n", "5")
		if err != nil {
			t.Fatal(err)
		}
		if want := "vocabulary from the SemEval-2022 articles of " + filepath.Join(dir, "semeval-dev.csv"); !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	})
	t.Run("bad SemEval file", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "semeval-dev.csv"), []byte("pair_id,lang1\n1,en\n"), 0o644)
		t.Setenv("CHURN_EVAL", dir)
		if _, errOut, err := run1(t, "-n", "5"); err == nil || !strings.Contains(err.Error(), "semeval-dev.csv") {
			t.Errorf("a broken SemEval file: error %v, want one naming it (stderr %q)", err, errOut)
		}
	})
}

func TestCorpusUndated(t *testing.T) {
	t.Setenv("CHURN_EVAL", t.TempDir()+"/absent")
	count := func(args ...string) (undated, all int) {
		var out, errOut strings.Builder
		if err := run(append([]string{"corpus", "-n", "400"}, args...), &out, &errOut); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			all++
			if !strings.Contains(line, `"published":`) {
				undated++
			}
		}
		return undated, all
	}
	if u, n := count(); u < n/10 || u > n*3/10 {
		t.Errorf("default: %d of %d articles undated, want about %.0f%%", u, n, 100*bench.DefaultUndatedRate)
	}
	if u, _ := count("-undated", "0"); u != 0 {
		t.Errorf("-undated 0: %d articles undated", u)
	}
	if u, n := count("-undated", "1"); u != n {
		t.Errorf("-undated 1: %d of %d undated", u, n)
	}
	for _, bad := range []string{"-0.1", "1.5", "NaN"} {
		var out, errOut strings.Builder
		if err := run([]string{"corpus", "-n", "3", "-undated", bad}, &out, &errOut); err == nil {
			t.Errorf("-undated %s accepted", bad)
		}
	}
}
