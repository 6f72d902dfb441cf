package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/churnalism/churn"
)

// optionFlagBlocks returns the help of each flag of
// churn.Options.RegisterFlags on DefaultOptions, as PrintDefaults writes
// it, by flag name.
func optionFlagBlocks(t *testing.T) map[string]string {
	t.Helper()
	o := churn.DefaultOptions()
	fs := flag.NewFlagSet("options", flag.ContinueOnError)
	o.RegisterFlags(fs)
	blocks := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		one := flag.NewFlagSet("one", flag.ContinueOnError)
		one.Var(f.Value, f.Name, f.Usage)
		one.Lookup(f.Name).DefValue = f.DefValue
		var b bytes.Buffer
		one.SetOutput(&b)
		one.PrintDefaults()
		blocks[f.Name] = b.String()
	})
	if len(blocks) == 0 {
		t.Fatal("RegisterFlags defined no flag")
	}
	return blocks
}

// TestOptionFlags checks that every command takes the flags of
// churn.Options.RegisterFlags, with DefaultOptions' values as defaults in
// its --help, and that they reach the options.
func TestOptionFlags(t *testing.T) {
	blocks := optionFlagBlocks(t)
	def := churn.DefaultOptions()
	for _, cmd := range commands {
		var help bytes.Buffer
		if _, err := parse(cmd, true, []string{"--help"}, &help, io.Discard); err != flag.ErrHelp {
			t.Fatalf("%s --help: %v", cmd.name, err)
		}
		for name, block := range blocks {
			if !strings.Contains(help.String(), block) {
				t.Errorf("churn %s --help lacks\n%s", cmd.name, block)
			}
			if name == "threshold" && !strings.Contains(block, "(default 10%)") {
				t.Errorf("-threshold help %q shows no default of 10%%", block)
			}
		}
		c, err := parse(cmd, true, nil, io.Discard, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c.opts, def) {
			t.Errorf("churn %s: options %+v, want DefaultOptions() %+v", cmd.name, c.opts, def)
		}
	}

	c, err := parse(commands[0], false, []string{"--containment", "0", "--matrix-limit", "0", "--boilerplate-docs", "0", "--seed", "7", "-k", "8"}, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o := c.opts; o.Containment != 0 || o.MatrixLimit != 0 || o.BoilerplateDocs != 0 || o.Seed != 7 || o.K != 8 {
		t.Errorf("options %+v, want Containment 0, MatrixLimit 0, BoilerplateDocs 0, Seed 7, K 8", o)
	}
}

// TestOptionFlagErrors checks that Validate's errors name the flag and
// its value as given.
func TestOptionFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-k", "0"}, "-k 0: want at least 1"},
		{[]string{"--hashes", "-2"}, "-hashes -2: want at least 1"},
		{[]string{"--min-passage", "0"}, "-min-passage 0: want at least 1"},
		{[]string{"--threshold", "150%"}, "-threshold 150%: want a fraction in [0, 1]"},
		{[]string{"--containment", "-1%"}, "-containment -1%: want a fraction in [0, 1]"},
		{[]string{"--lsh-threshold", "0"}, "-lsh-threshold 0%: want a fraction in (0, 1]"},
		{[]string{"--top", "0"}, "-top 0: want at least 1"},
	} {
		_, err := parse(commands[0], true, tc.args, io.Discard, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) || err.Error() != tc.want {
			t.Errorf("%v: error %v, want the usage error %q", tc.args, err, tc.want)
		}
	}
}
