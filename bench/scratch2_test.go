package bench

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/passage"
	"github.com/churnalism/churn/shingle"
)

func TestScratchSplit(t *testing.T) {
	p := "New research published in the journal Depression & Anxiety suggests that eating dark chocolate could lower the risk of depression. A cross-sectional survey of 13,626 adults found that after eating dark chocolate, people experienced less depressive symptoms. People who ate dark chocolate in the past 24 hours were 70% less likely to experience depression. Depression symptoms were measured using Patient Health Questionnaire (PHQ-9) scores. People experienced less depression even with a small amount of dark chocolate as low as 12 grams a day (an average-sized chocolate bar is 43 grams). Overall, 11.1% reported that they ate chocolate, but only 1.4% reporting eating dark chocolate. Dark chocolate was defined as chocolate with at least 45% cocoa."
	a := p
	b := "The council met on Tuesday to discuss the budget. " + p + " The mayor did not comment."
	nz := shingle.NewNormalizer(shingle.Options{})
	var ta, tb shingle.Text
	nz.Normalize(&ta, []byte(a))
	nz.Normalize(&tb, []byte(b))
	ha := shingle.AppendHashes(nil, &ta, 9, 0)
	hb := shingle.AppendHashes(nil, &tb, 9, 0)
	al := passage.NewAligner(9, passage.Options{})
	for _, q := range al.Align(nil, passage.Side{Text: &ta, Hashes: ha}, passage.Side{Text: &tb, Hashes: hb}) {
		fmt.Printf("A%v B%v matched %.2f\n  %q\n", q.A, q.B, q.Matched, a[q.A.Start:q.A.End])
	}
	res, _ := churn.Analyze([]churn.Document{{ID: "a", Text: []byte(a)}, {ID: "b", Text: []byte(b)}}, churn.Options{})
	for _, pr := range res.Pairs {
		for _, q := range pr.Passages {
			fmt.Printf("Analyze A%v B%v\n", q.A, q.B)
		}
	}
}

func TestScratchCasePair(t *testing.T) {
	arts, origin, _ := PlantArticles()
	set, _ := Plant(arts, origin, PlantConfig{Seed: seedEnv()})
	ci, _ := strconv.Atoi(os.Getenv("CASE"))
	cs := set.Cases[ci]
	c := set.Corpora[cs.Corpus]
	fmt.Println("case", cs.SourceSpan, cs.HostSpan, "source", c.Docs[cs.Source].ID, "host", c.Docs[cs.Host].ID)
	two := []churn.Document{c.Docs[cs.Source], c.Docs[cs.Host]}
	for _, o := range []churn.Options{{}, {KeepLists: true}, {BoilerplateDocs: -1}} {
		res, _ := churn.Analyze(two, o)
		for _, pr := range res.Pairs {
			for _, q := range pr.Passages {
				fmt.Printf("pair-only %+v: A%v B%v -> %v %v\n", o.KeepLists, q.A, q.B, runeSpan(two[pr.A].Text, q.A.Start, q.A.End), runeSpan(two[pr.B].Text, q.B.Start, q.B.End))
			}
		}
		res, _ = churn.Analyze(c.Docs, o)
		for _, pr := range res.Pairs {
			if !(pr.A == cs.Source && pr.B == cs.Host || pr.B == cs.Source && pr.A == cs.Host) {
				continue
			}
			for _, q := range pr.Passages {
				fmt.Printf("corpus %v/%v: A%v B%v -> %v %v\n", o.KeepLists, o.BoilerplateDocs, q.A, q.B, runeSpan(c.Docs[pr.A].Text, q.A.Start, q.A.End), runeSpan(c.Docs[pr.B].Text, q.B.Start, q.B.End))
			}
		}
	}
	fmt.Println(res0(c.Docs[cs.Host].Text))
}

func res0(b []byte) int { return len(b) }

func TestScratchDump(t *testing.T) {
	arts, origin, _ := PlantArticles()
	set, _ := Plant(arts, origin, PlantConfig{Seed: seedEnv()})
	ci, _ := strconv.Atoi(os.Getenv("CASE"))
	cs := set.Cases[ci]
	c := set.Corpora[cs.Corpus]
	os.WriteFile("/tmp/src.txt", c.Docs[cs.Source].Text, 0o644)
	os.WriteFile("/tmp/host.txt", c.Docs[cs.Host].Text, 0o644)
}
