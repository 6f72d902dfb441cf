package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestPlantedSeeds runs the planted evaluation on the embedded seeds (the
// SemEval data hidden), as a user without ../shared/eval would.
func TestPlantedSeeds(t *testing.T) {
	t.Setenv("CHURN_EVAL", t.TempDir()+"/absent")
	var out, errOut strings.Builder
	if err := run([]string{"planted", "-cases", "6", "-seed", "3"}, &out, &errOut); err != nil {
		t.Fatalf("planted: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"| class | length | cases |", "| verbatim | 150–499 |", "| **all** | **all** | 6 |", "embedded seeds", "churn.Analyze with K=9 "} {
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
	if err := run([]string{"planted", "-cases", "4", "-json", "-minlen", "40"}, &out, &errOut); err != nil {
		t.Fatalf("planted -json: %v\n%s", err, errOut.String())
	}
	var rep struct {
		Options struct{ MinPassage int }
		Rows    []struct {
			Class, Length string
			Cases         int
		}
	}
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("planted -json printed invalid JSON: %v\n%s", err, out.String())
	}
	if rep.Options.MinPassage != 40 || len(rep.Rows) == 0 {
		t.Errorf("JSON report: options %+v, %d rows", rep.Options, len(rep.Rows))
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
