package bench

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/churnalism/churn"
)

func sub(text []byte, s RuneSpan) string {
	r := []rune(string(text))
	return string(r[s.Start:s.End])
}

func TestScratchFP(t *testing.T) {
	arts, origin, err := PlantArticles()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	set, err := Plant(arts, origin, PlantConfig{Seed: seedEnv()})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("plant", time.Since(t0))
	t0 = time.Now()
	dets, used, err := Detect(set, churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("detect", time.Since(t0))
	NewPlantedReport(set, dets, "churn.Analyze", used).WriteMarkdown(os.Stdout)
	cases := make([]Annotation, len(set.Cases))
	for i, c := range set.Cases {
		cases[i] = c.Annotation()
	}
	m := matchPAN(cases, dets)
	for j, d := range dets {
		c := set.Corpora[d.Corpus]
		if m.detCase[j] < 0 {
			fmt.Printf("FP corpus %d %s(%s) %s(%s) A=%v B=%v\n  A: %q\n  B: %q\n", d.Corpus, c.Roles[d.DocA], c.Articles[d.DocA], c.Roles[d.DocB], c.Articles[d.DocB], d.A, d.B, sub(c.Docs[d.DocA].Text, d.A), sub(c.Docs[d.DocB].Text, d.B))
		}
	}
	if os.Getenv("CASES") == "" {
		return
	}
	for i, cs := range set.Cases {
		if (m.caseDets[i] > 1 || m.caseRecall[i] < 0.9) && cs.Len >= 150 {
			c := set.Corpora[cs.Corpus]
			fmt.Printf("CASE %d %s len %d dets %d recall %.2f src=%v host=%v\n  S: %q\n  H: %q\n", i, cs.Class, cs.Len, m.caseDets[i], m.caseRecall[i], cs.SourceSpan, cs.HostSpan, sub(c.Docs[cs.Source].Text, cs.SourceSpan), sub(c.Docs[cs.Host].Text, cs.HostSpan))
			for j, d := range dets {
				if _, _, ok := detects(cases[i], d); ok {
					fmt.Printf("   det %d A=%v B=%v\n", j, d.A, d.B)
				}
			}
		}
	}
}

func TestScratchSeeds(t *testing.T) {
	arts, err := SeedArticles()
	if err != nil {
		t.Fatal(err)
	}
	pool, _ := CleanPool(arts, 0.05)
	for _, a := range pool {
		fmt.Println("pool", a.ID)
	}
	set, err := Plant(arts, "seeds", PlantConfig{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, ci := range []int{0, 1, 2, 3, 5, 6} {
		c := set.Corpora[ci]
		for _, cs := range set.Cases {
			if cs.Corpus == ci {
				fmt.Printf("CASE %s len %d src=%v host=%v\n  S: %q\n  H: %q\n", cs.Class, cs.Len, cs.SourceSpan, cs.HostSpan, sub(c.Docs[cs.Source].Text, cs.SourceSpan), sub(c.Docs[cs.Host].Text, cs.HostSpan))
			}
		}
		res, _ := churn.Analyze(c.Docs, churn.Options{})
		for _, p := range res.Pairs {
			fmt.Printf("pair %d %d cov %.3f %.3f\n", p.A, p.B, p.CoverageA, p.CoverageB)
			for _, ps := range p.Passages {
				fmt.Printf("  %v %v %q\n", ps.A, ps.B, ps.TextA)
			}
		}
		res, _ = churn.Analyze(c.Docs, churn.Options{Containment: 0.001})
		for _, p := range res.Pairs {
			fmt.Printf("pair %d %d cov %.3f %.3f\n", p.A, p.B, p.CoverageA, p.CoverageB)
			for _, ps := range p.Passages {
				fmt.Printf("  %v %v %q\n", ps.A, ps.B, ps.TextA)
			}
		}
	}
}

func seedEnv() uint64 {
	n, _ := strconv.Atoi(os.Getenv("SEED"))
	return uint64(max(n, 1))
}
