package bench

import (
	"fmt"
	"testing"
	"time"
)

func TestScratchPlant(t *testing.T) {
	arts, origin, err := PlantArticles()
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	set, err := Plant(arts, origin, PlantConfig{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(origin, set.Articles, set.Pool, len(set.Corpora), len(set.Cases), time.Since(t0))
	hosts := 0
	for _, c := range set.Corpora {
		for _, r := range c.Roles {
			if r == RoleHost {
				hosts++
			}
		}
	}
	fmt.Println("host slots", hosts, "docs/corpus", len(set.Corpora[0].Docs))
	for _, c := range set.Cases[:3] {
		cp := set.Corpora[c.Corpus]
		src := []rune(string(cp.Docs[c.Source].Text))
		host := []rune(string(cp.Docs[c.Host].Text))
		fmt.Printf("%s %d\nSRC: %q\nHOST: %q\n", c.Class, c.Len, string(src[c.SourceSpan.Start:c.SourceSpan.End]), string(host[max(0, c.HostSpan.Start-20):min(len(host), c.HostSpan.End+20)]))
	}
	for _, c := range set.Cases[200:203] {
		cp := set.Corpora[c.Corpus]
		src := []rune(string(cp.Docs[c.Source].Text))
		host := []rune(string(cp.Docs[c.Host].Text))
		fmt.Printf("%s %d\nSRC: %q\nHOST: %q\n", c.Class, c.Len, string(src[c.SourceSpan.Start:c.SourceSpan.End]), string(host[max(0, c.HostSpan.Start-20):min(len(host), c.HostSpan.End+20)]))
	}
}
