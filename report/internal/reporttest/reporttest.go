// Package reporttest holds the documents that the tests of package report
// and of its browser test (the nested module report/browsertest) render:
// one definition of each, shared by both modules.
package reporttest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/seeds"
)

// Seeds returns the embedded seeds named as the command line names them
// (corpus.Seeds): ID "000", Name "seeds/000_13e963bc4ee3192c.txt".
func Seeds() []churn.Document {
	var docs []churn.Document
	for _, a := range seeds.Articles() {
		docs = append(docs, churn.Document{ID: a.ID, Name: "seeds/" + a.Name, Text: a.Text})
	}
	return docs
}

// Unrelated returns three short documents that share no passage.
func Unrelated() []churn.Document {
	return []churn.Document{
		{ID: "cat", Name: "cat.txt", Text: []byte("The cat slept all afternoon on the warm windowsill.")},
		{ID: "rates", Name: "rates.txt", Text: []byte("Central bank raises interest rates by a quarter point.")},
		{ID: "storm", Name: "storm.txt", Text: []byte("Heavy snowfall closed mountain passes overnight.")},
	}
}

// HostileText is an article written to attack the report: every kind of
// markup that would run script or break the page if it were not escaped.
// Each attack would set the page's title to "pwned".
const HostileText = `Breaking: the minister resigned on Tuesday after a week of protests in the capital, the agency reported.
<script>document.title='pwned';window.pwned=1</script>
<img src=x onerror="document.title='pwned';window.pwned=1">
<svg onload="document.title='pwned'"><a href="javascript:document.title='pwned'">click here</a></svg>
</style><style>body{display:none}</style></style>
</textarea></title></noscript><script>document.title='pwned'</script>
<!-- --> ]]> <![CDATA[ x ]]> "quoted" 'single' & ampersands &amp; entities &lt;
<iframe srcdoc="<script>parent.document.title='pwned'</script>"></iframe>
<meta http-equiv="refresh" content="0;url=javascript:document.title='pwned'">
Opposition leaders called for early elections and said the protests would continue until the government steps down.`

// Hostile returns a hostile article (HostileText), a copy of it, and an
// unrelated document, with hostile metadata and names.
func Hostile() []churn.Document {
	return []churn.Document{
		{ID: "evil<b>", Name: `evil"><script>document.title='pwned'</script>.txt`, Text: []byte(HostileText),
			Meta: churn.Meta{
				Title:  `</title><script>document.title='pwned'</script>`,
				Outlet: `</style><img src=x onerror="document.title='pwned'">`,
				URL:    "javascript:document.title='pwned'",
				Lang:   `en" onclick="document.title='pwned'`,
				Notes:  []string{"<script>document.title='pwned'</script>"},
			}},
		{ID: "copy", Name: "copy.txt", Text: []byte("Republished. " + HostileText + "\nEnd."),
			Meta: churn.Meta{URL: " JaVaScRiPt:document.title='pwned'", Title: "Copy \u202e of the story"}},
		Unrelated()[0],
	}
}

// Syndicated returns n synthetic news articles in syndication groups
// of 1 to 6 (a group of 1 is an article nobody copied), built from the
// seeds' vocabulary: every group tells its own story in random sentences;
// the first member is the original and the others copy it with sentences
// dropped and rewritten, and an introduction and a closing line of their
// own. Members have an outlet, a title, a URL and a publication time, the
// original first. The same n always gives the same documents.
func Syndicated(n int) []churn.Document {
	var words []string
	for _, a := range seeds.Articles() {
		for _, w := range strings.Fields(string(a.Text)) {
			w = strings.Trim(w, ".,;:!?\"'„”“()[]«»")
			if utf8.RuneCountInString(w) > 1 && !strings.ContainsAny(w, "0123456789/") {
				words = append(words, strings.ToLower(w))
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	sentence := func() string {
		k := 8 + r.IntN(14)
		ws := make([]string, k)
		for i := range ws {
			ws[i] = words[r.IntN(len(words))]
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	outlets := []string{"agerpres.ro", "mediafax.ro", "digi24.ro", "hotnews.ro", "libertatea.ro", "adevarul.ro", "ansa.it", "corriere.it", "g4media.ro", "stirileprotv.ro"}
	base := time.Date(2024, 10, 25, 6, 0, 0, 0, time.UTC)
	var docs []churn.Document
	for g := 0; len(docs) < n; g++ {
		story := make([]string, 10+r.IntN(8))
		for i := range story {
			story[i] = sentence()
		}
		size := 1 + r.IntN(6)
		for m := 0; m < size && len(docs) < n; m++ {
			var b strings.Builder
			if m > 0 {
				b.WriteString(sentence() + "\n\n")
			}
			for _, s := range story {
				switch x := r.Float64(); {
				case m > 0 && x < 0.15: // dropped
					continue
				case m > 0 && x < 0.30: // rewritten
					s = sentence()
				}
				b.WriteString(s + " ")
				if r.IntN(4) == 0 {
					b.WriteString("\n\n")
				}
			}
			if m > 0 {
				b.WriteString("\n\n" + sentence())
			}
			id := fmt.Sprintf("%04d", len(docs))
			outlet := outlets[r.IntN(len(outlets))]
			title := story[0]
			if len(title) > 70 {
				title = strings.TrimSpace(title[:strings.LastIndex(title[:70], " ")]) + "…"
			}
			docs = append(docs, churn.Document{
				ID:   id,
				Name: "synthetic/" + id + ".txt",
				Text: []byte(b.String()),
				Meta: churn.Meta{
					Title:     title,
					Outlet:    outlet,
					URL:       "https://" + outlet + "/stiri/" + id,
					Published: base.Add(time.Duration(g)*37*time.Minute + time.Duration(m)*53*time.Minute),
					Lang:      "ro",
				},
			})
		}
	}
	return docs
}

var thousand struct {
	sync.Once
	res  *churn.Result
	docs []churn.Document
	took time.Duration
	err  error
}

// Thousand returns Syndicated(1000), its analysis with the default
// options and how long that took. It analyses them once per process; the
// callers must not modify what it returns.
func Thousand() (*churn.Result, []churn.Document, time.Duration, error) {
	thousand.Do(func() {
		thousand.docs = Syndicated(1000)
		start := time.Now()
		thousand.res, thousand.err = churn.Analyze(thousand.docs, churn.Options{})
		thousand.took = time.Since(start)
	})
	return thousand.res, thousand.docs, thousand.took, thousand.err
}
