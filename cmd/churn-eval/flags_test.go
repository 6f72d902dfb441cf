package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"strings"
	"testing"

	"github.com/churnalism/churn"
)

// TestPlantedOptionFlags checks that churn-eval planted takes churn's
// option flags (churn.Options.RegisterFlags), with the same help and
// DefaultOptions' values as defaults, and that they reach the options
// Analyze runs with.
func TestPlantedOptionFlags(t *testing.T) {
	def := churn.DefaultOptions()
	ref := flag.NewFlagSet("options", flag.ContinueOnError)
	def.RegisterFlags(ref)

	var out, help strings.Builder
	if err := run([]string{"planted", "-h"}, &out, &help); err != flag.ErrHelp {
		t.Fatalf("planted -h: %v", err)
	}
	ref.VisitAll(func(f *flag.Flag) {
		one := flag.NewFlagSet("one", flag.ContinueOnError)
		one.Var(f.Value, f.Name, f.Usage)
		one.Lookup(f.Name).DefValue = f.DefValue
		var b bytes.Buffer
		one.SetOutput(&b)
		one.PrintDefaults()
		if !strings.Contains(help.String(), b.String()) {
			t.Errorf("planted -h lacks the help of -%s as churn prints it:\n%s", f.Name, b.String())
		}
	})

	t.Setenv("CHURN_EVAL", t.TempDir()+"/absent")
	args := []string{"planted", "-cases", "2", "-json",
		"-k", "8", "-hashes", "64", "-seed", "5", "-threshold", "20%", "-containment", "0",
		"-report-passage", "80", "-lsh-threshold", "0.4", "-window", "12", "-min-fingerprints", "3",
		"-boilerplate-docs", "0", "-keep-lists", "-min-passage", "45", "-max-gap", "30",
		"-keep-accents", "-matrix-limit", "0"}
	out.Reset()
	var errOut strings.Builder
	if err := run(args, &out, &errOut); err != nil {
		t.Fatalf("planted with churn's flags: %v\n%s", err, errOut.String())
	}
	var rep struct{ Options map[string]any }
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"K": 8.0, "NumHashes": 64.0, "Seed": 5.0, "Threshold": 0.2, "Containment": 0.0,
		"ReportPassage": 80.0, "LSHThreshold": 0.4, "Window": 12.0, "MinFingerprints": 3.0,
		"BoilerplateDocs": -1.0, "KeepLists": true, "MinPassage": 45.0, "MaxGap": 30.0,
		"KeepAccents": true, "MatrixLimit": -1.0}
	for k, v := range want {
		if rep.Options[k] != v {
			t.Errorf("option %s = %v, want %v", k, rep.Options[k], v)
		}
	}

	for _, bad := range [][]string{{"-k", "0"}, {"-containment", "200%"}, {"-minlen", "40"}, {"-bpdocs", "1"}} {
		if err := run(append([]string{"planted", "-cases", "2"}, bad...), &out, &errOut); err == nil {
			t.Errorf("planted accepted %v", bad)
		}
	}
	err := run([]string{"planted", "-cases", "2", "-k", "0"}, &out, &errOut)
	if err == nil || err.Error() != "planted: churn: Options.K 0: want at least 1" {
		t.Errorf("planted -k 0: error %v", err)
	}
}
