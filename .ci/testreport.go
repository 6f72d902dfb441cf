// Command testreport reads the output of go test -json on standard input
// and prints what go test prints without -json (the output of failed
// tests, each package's ok or FAIL line), then each package's time and the
// slowest tests, so that CI shows where its time goes. It exits 1 if any
// test or package failed, or if the input held no package result.
//
// Usage:
//
//	go test -json ./... | go run .ci/testreport.go [-slowest 20]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// event is one line of go test -json (see go doc test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

func main() {
	slowest := flag.Int("slowest", 20, "how many of the slowest tests to print")
	flag.Parse()
	type key struct{ pkg, test string }
	outputs := map[key][]string{} // output of each test so far
	var tests []event             // finished tests, with their times
	pkgs := map[string]event{}    // each package's result
	failed := false
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // not JSON: build output
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "output", "build-output":
			if e.Test == "" {
				fmt.Print(e.Output)
			} else {
				outputs[k] = append(outputs[k], e.Output)
			}
		case "pass", "fail", "skip":
			if e.Action == "fail" {
				failed = true
			}
			if e.Test == "" {
				pkgs[e.Package] = e
				continue
			}
			if e.Action == "fail" {
				fmt.Print(strings.Join(outputs[k], ""))
			}
			delete(outputs, k)
			tests = append(tests, e)
		case "build-fail":
			failed = true
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "testreport:", err)
		os.Exit(1)
	}

	var names []string
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Slice(names, func(i, j int) bool { return pkgs[names[i]].Elapsed > pkgs[names[j]].Elapsed })
	fmt.Println("\n== package times, slowest first")
	for _, p := range names {
		e := pkgs[p]
		fmt.Printf("%8s  %-4s  %s\n", dur(e.Elapsed), e.Action, p)
	}
	sort.SliceStable(tests, func(i, j int) bool { return tests[i].Elapsed > tests[j].Elapsed })
	fmt.Printf("\n== the %d slowest tests (subtests included)\n", min(*slowest, len(tests)))
	for _, e := range tests[:min(*slowest, len(tests))] {
		fmt.Printf("%8s  %-4s  %s %s\n", dur(e.Elapsed), e.Action, e.Package, e.Test)
	}
	if len(pkgs) == 0 {
		fmt.Fprintln(os.Stderr, "testreport: no package results in the input")
		os.Exit(1)
	}
	if failed {
		os.Exit(1)
	}
}

func dur(sec float64) string {
	return time.Duration(sec * float64(time.Second)).Round(10 * time.Millisecond).String()
}
