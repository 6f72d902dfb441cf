// Package churntest holds what the tests of several packages compare
// analyses with: a comparison of results that number their documents
// differently, and a footer that makes boilerplate.
package churntest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/report"
)

// Footer is a site's footer: appended to more than BoilerplateDocs
// documents, it is boilerplate.
const Footer = "\n\nCitește și alte știri pe site-ul nostru. Abonează-te la newsletter-ul zilnic pentru cele mai importante știri ale zilei, direct în căsuța ta de e-mail, în fiecare dimineață."

// Comparable returns the pair, passage, cluster and summary lines of
// res's JSON Lines report, leaving out the document indexes and the
// summary's document count: what two analyses of an article against one
// corpus have in common when one was given only part of the corpus
// (churn.CompareSubset, an archive's check). The candidate counts stay.
func Comparable(t testing.TB, res *churn.Result) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := report.JSONL(&buf, res); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		switch m["type"] {
		case "pair", "passage":
			delete(m, "a_index")
			delete(m, "b_index")
		case "summary":
			delete(m, "documents")
		case "cluster":
			delete(m, "origin_index")
			for _, mem := range m["members"].([]any) {
				delete(mem.(map[string]any), "index")
			}
		default:
			continue
		}
		b, _ := json.Marshal(m)
		out = append(out, string(b))
	}
	return out
}
