package churn_test

import (
	"errors"
	"flag"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/reuse"
)

func TestDefaultOptions(t *testing.T) {
	o := churn.DefaultOptions()
	want := map[string]any{
		"K": churn.DefaultK, "NumHashes": churn.DefaultNumHashes, "Seed": uint64(0),
		"Threshold": churn.DefaultThreshold, "Containment": churn.DefaultContainment,
		"ReportPassage": churn.DefaultReportPassage, "Derivation": churn.DefaultDerivation,
		"RareDocs": churn.DefaultRareDocs, "GramSample": reuse.SampleDocs, "LSHThreshold": churn.DefaultLSHThreshold,
		"Window": churn.DefaultWindow, "MinFingerprints": churn.DefaultMinFingerprints,
		"BoilerplateDocs": churn.DefaultBoilerplateDocs, "KeepLists": false,
		"MinPassage": passage.DefaultMinLen, "MaxGap": passage.DefaultMaxGap,
		"KeepAccents": false, "MatrixLimit": churn.DefaultMatrixLimit,
	}
	v := reflect.ValueOf(o)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Name == "Progress" {
			continue
		}
		w, ok := want[f.Name]
		if !ok {
			t.Errorf("field %s: no default in the test", f.Name)
			continue
		}
		if got := v.Field(i).Interface(); !reflect.DeepEqual(got, w) {
			t.Errorf("DefaultOptions().%s = %v, want %v", f.Name, got, w)
		}
	}
	if err := o.Validate(); err != nil {
		t.Errorf("DefaultOptions().Validate() = %v", err)
	}
	// The zero value still means the defaults, so both analyse alike.
	docs := seeds(t)
	zero, def := analyze(t, docs, churn.Options{}), analyze(t, docs, o)
	if !reflect.DeepEqual(zero.Pairs, def.Pairs) || !reflect.DeepEqual(zero.Matrix, def.Matrix) {
		t.Error("Options{} and DefaultOptions() analyse differently")
	}
	if z, d := exported(zero.Options), exported(o); !reflect.DeepEqual(z, d) {
		t.Errorf("Options{} resolves to %v, DefaultOptions() is %v", z, d)
	}
}

// exported returns the exported fields of o but Progress, by name.
func exported(o churn.Options) map[string]any {
	m := map[string]any{}
	v := reflect.ValueOf(o)
	for i := range v.NumField() {
		if f := v.Type().Field(i); f.IsExported() && f.Name != "Progress" {
			m[f.Name] = v.Field(i).Interface()
		}
	}
	return m
}

func TestValidate(t *testing.T) {
	def := churn.DefaultOptions
	with := func(f func(*churn.Options)) churn.Options {
		o := def()
		f(&o)
		return o
	}
	tests := []struct {
		name  string
		opts  churn.Options
		field string // "" if valid
		flag  string
		value any
	}{
		{"defaults", def(), "", "", nil},
		{"zero value", churn.Options{}, "", "", nil},
		{"zero containment", with(func(o *churn.Options) { o.Containment = 0 }), "", "", nil},
		{"zero threshold", with(func(o *churn.Options) { o.Threshold = 0 }), "", "", nil},
		{"fractions of 1", with(func(o *churn.Options) { o.Threshold, o.Containment, o.LSHThreshold = 1, 1, 1 }), "", "", nil},
		{"no matrix", with(func(o *churn.Options) { o.MatrixLimit = 0 }), "", "", nil},
		{"no boilerplate", with(func(o *churn.Options) { o.BoilerplateDocs = 0 }), "", "", nil},
		{"negative off", with(func(o *churn.Options) { o.MatrixLimit, o.BoilerplateDocs = -1, -1 }), "", "", nil},
		{"zero k", with(func(o *churn.Options) { o.K = 0 }), "K", "k", 0},
		{"negative k", churn.Options{K: -1}, "K", "k", -1},
		{"zero hashes", with(func(o *churn.Options) { o.NumHashes = 0 }), "NumHashes", "hashes", 0},
		{"zero window", with(func(o *churn.Options) { o.Window = 0 }), "Window", "window", 0},
		{"zero fingerprints", with(func(o *churn.Options) { o.MinFingerprints = 0 }), "MinFingerprints", "min-fingerprints", 0},
		{"zero passage", with(func(o *churn.Options) { o.MinPassage = 0 }), "MinPassage", "min-passage", 0},
		{"negative passage", churn.Options{MinPassage: -5}, "MinPassage", "min-passage", -5},
		{"zero gap", with(func(o *churn.Options) { o.MaxGap = 0 }), "MaxGap", "max-gap", 0},
		{"zero report passage", with(func(o *churn.Options) { o.ReportPassage = 0 }), "ReportPassage", "report-passage", 0},
		{"zero rare docs", with(func(o *churn.Options) { o.RareDocs = 0 }), "RareDocs", "", 0},
		{"threshold above 1", with(func(o *churn.Options) { o.Threshold = 1.5 }), "Threshold", "threshold", 1.5},
		{"negative threshold", churn.Options{Threshold: -0.1}, "Threshold", "threshold", -0.1},
		{"containment above 1", churn.Options{Containment: 2}, "Containment", "containment", 2.0},
		{"negative containment", with(func(o *churn.Options) { o.Containment = -0.01 }), "Containment", "containment", -0.01},
		{"zero LSH threshold", with(func(o *churn.Options) { o.LSHThreshold = 0 }), "LSHThreshold", "lsh-threshold", 0.0},
		{"negative LSH threshold", churn.Options{LSHThreshold: -1}, "LSHThreshold", "lsh-threshold", -1.0},
		{"zero partial", with(func(o *churn.Options) { o.Derivation.Partial = 0 }), "Derivation.Partial", "", 0.0},
		{"whole above 1", with(func(o *churn.Options) { o.Derivation.Whole = 1.2 }), "Derivation.Whole", "", 1.2},
		{"whole below partial", with(func(o *churn.Options) { o.Derivation = reuse.Thresholds{Partial: 0.5, Whole: 0.4} }), "Derivation.Whole", "", 0.4},
		{"zero-value whole below default partial", churn.Options{Derivation: reuse.Thresholds{Whole: 0.1}}, "Derivation.Whole", "", 0.1},
	}
	docs := seeds(t)[:2]
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.opts.Validate()
			_, aerr := churn.Analyze(docs, tc.opts)
			if tc.field == "" {
				if err != nil || aerr != nil {
					t.Fatalf("Validate() = %v, Analyze: %v; want no error", err, aerr)
				}
				return
			}
			var oe *churn.OptionError
			if !errors.As(err, &oe) {
				t.Fatalf("Validate() = %v (%T), want an *OptionError", err, err)
			}
			if oe.Field != tc.field || oe.Flag != tc.flag || !reflect.DeepEqual(oe.Value, tc.value) || oe.Want == "" {
				t.Errorf("Validate() = %+v, want field %s, flag %q, value %v", *oe, tc.field, tc.flag, tc.value)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "churn: Options."+tc.field+" "+fmt.Sprint(tc.value)+": want ") {
				t.Errorf("error %q does not name Options.%s and %v", msg, tc.field, tc.value)
			}
			if aerr == nil || aerr.Error() != msg {
				t.Errorf("Analyze error %v, want Validate's %q", aerr, msg)
			}
		})
	}
}

// TestExplicitZero checks the values zero could not ask for before
// DefaultOptions: in options from it, they are values.
func TestExplicitZero(t *testing.T) {
	docs := seeds(t)
	def := analyze(t, docs, churn.DefaultOptions())

	o := churn.DefaultOptions()
	o.Containment, o.Threshold = 0, 0
	every := analyze(t, docs, o)
	if every.Candidates == 0 || len(every.Pairs) != every.Candidates || len(every.Pairs) <= len(def.Pairs) {
		t.Errorf("Containment and Threshold 0: %d pairs of %d candidates (defaults: %d pairs), want every candidate", len(every.Pairs), every.Candidates, len(def.Pairs))
	}

	o = churn.DefaultOptions()
	o.MatrixLimit = 0
	res := analyze(t, docs, o)
	if res.Matrix != nil || res.Options.MatrixLimit != -1 {
		t.Errorf("MatrixLimit 0: matrix %v, Result.Options.MatrixLimit %d; want none, -1", res.Matrix != nil, res.Options.MatrixLimit)
	}
	if off := analyze(t, docs, churn.Options{MatrixLimit: -1}); !reflect.DeepEqual(off.Pairs, res.Pairs) {
		t.Error("MatrixLimit 0 from DefaultOptions and -1 in a literal differ")
	}

	o = churn.DefaultOptions()
	o.BoilerplateDocs = 0
	res = analyze(t, docs, o)
	if res.Options.BoilerplateDocs != -1 {
		t.Errorf("BoilerplateDocs 0: Result.Options.BoilerplateDocs %d, want -1", res.Options.BoilerplateDocs)
	}
	if off := analyze(t, docs, churn.Options{BoilerplateDocs: -1}); !reflect.DeepEqual(off.Pairs, res.Pairs) {
		t.Error("BoilerplateDocs 0 from DefaultOptions and -1 in a literal differ")
	}

	// Result.Options, passed again, is taken as it is.
	again := analyze(t, docs, every.Options)
	if !reflect.DeepEqual(again.Pairs, every.Pairs) {
		t.Error("analysing again with Result.Options gives other pairs")
	}
}

func TestRegisterFlags(t *testing.T) {
	o := churn.DefaultOptions()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	o.RegisterFlags(fs)
	// Every flag, its field, its default as --help shows it, and a
	// value to set.
	tests := []struct {
		flag, field, def, set string
		want                  any
	}{
		{"k", "K", strconv.Itoa(churn.DefaultK), "7", 7},
		{"hashes", "NumHashes", strconv.Itoa(churn.DefaultNumHashes), "64", 64},
		{"seed", "Seed", "0", "42", uint64(42)},
		{"threshold", "Threshold", "10%", "30%", 0.3},
		{"containment", "Containment", "5%", "0", 0.0},
		{"report-passage", "ReportPassage", strconv.Itoa(churn.DefaultReportPassage), "120", 120},
		{"lsh-threshold", "LSHThreshold", "50%", "0.4", 0.4},
		{"window", "Window", strconv.Itoa(churn.DefaultWindow), "8", 8},
		{"min-fingerprints", "MinFingerprints", strconv.Itoa(churn.DefaultMinFingerprints), "1", 1},
		{"boilerplate-docs", "BoilerplateDocs", strconv.Itoa(churn.DefaultBoilerplateDocs), "0", 0},
		{"keep-lists", "KeepLists", "false", "true", true},
		{"min-passage", "MinPassage", strconv.Itoa(passage.DefaultMinLen), "60", 60},
		{"max-gap", "MaxGap", strconv.Itoa(passage.DefaultMaxGap), "20", 20},
		{"keep-accents", "KeepAccents", "false", "true", true},
		{"matrix-limit", "MatrixLimit", strconv.Itoa(churn.DefaultMatrixLimit), "0", 0},
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n != len(tests) {
		t.Errorf("RegisterFlags defines %d flags, the test knows %d", n, len(tests))
	}
	var args []string
	for _, tc := range tests {
		f := fs.Lookup(tc.flag)
		if f == nil {
			t.Errorf("no flag -%s", tc.flag)
			continue
		}
		if f.DefValue != tc.def {
			t.Errorf("-%s default %q, want %q", tc.flag, f.DefValue, tc.def)
		}
		args = append(args, "-"+tc.flag+"="+tc.set)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(o)
	for _, tc := range tests {
		if got := v.FieldByName(tc.field).Interface(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("-%s=%s: %s = %v, want %v", tc.flag, tc.set, tc.field, got, tc.want)
		}
	}
	if err := o.Validate(); err != nil {
		t.Errorf("Validate after the flags: %v", err)
	}

	// Defaults are the options' values; the zero Options shows churn's.
	var z churn.Options
	zs := flag.NewFlagSet("zero", flag.ContinueOnError)
	z.RegisterFlags(zs)
	fs = flag.NewFlagSet("defaults", flag.ContinueOnError)
	d := churn.DefaultOptions()
	d.RegisterFlags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		if g := zs.Lookup(f.Name); g == nil || g.DefValue != f.DefValue {
			t.Errorf("-%s: default %q from DefaultOptions, %v from the zero Options", f.Name, f.DefValue, g)
		}
	})
}

func TestPercentFlag(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		err  bool // a syntax error
		bad  bool // Validate rejects it
	}{
		{in: "0.2", want: 0.2},
		{in: "20%", want: 0.2},
		{in: "20", want: 0.2},
		{in: " 5% ", want: 0.05},
		{in: "1", want: 1},
		{in: "100%", want: 1},
		{in: "0", want: 0},
		{in: "0%", want: 0},
		{in: "150%", want: 1.5, bad: true},
		{in: "-5%", want: -0.05, bad: true},
		{in: "x", err: true},
		{in: "5x%", err: true},
	} {
		o := churn.DefaultOptions()
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(new(strings.Builder))
		o.RegisterFlags(fs)
		err := fs.Parse([]string{"-containment", tc.in})
		if (err != nil) != tc.err {
			t.Errorf("-containment %q: error %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if tc.err {
			continue
		}
		if d := o.Containment - tc.want; d > 1e-12 || d < -1e-12 {
			t.Errorf("-containment %q: %v, want %v", tc.in, o.Containment, tc.want)
		}
		if verr := o.Validate(); (verr != nil) != tc.bad {
			t.Errorf("-containment %q: Validate() = %v, want error %v", tc.in, verr, tc.bad)
		}
	}
}
