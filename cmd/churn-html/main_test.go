package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestRun checks the command around maintext.Serve (whose requests and
// responses package maintext and corpus.HTMLProcess test): no input is
// no work, arguments are refused, and input that is not requests is an
// error on stderr.
func TestRun(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(nil, strings.NewReader(""), &out, &errOut); code != 0 || out.Len() != 0 {
		t.Errorf("no input: exit status %d, %d bytes out, %q", code, out.Len(), errOut.String())
	}
	if code := run([]string{"page.html"}, strings.NewReader(""), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "takes no arguments") {
		t.Errorf("with an argument: exit status %d, %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run(nil, strings.NewReader("junk"), &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "churn-html: ") {
		t.Errorf("junk input: exit status %d, %q", code, errOut.String())
	}
}
