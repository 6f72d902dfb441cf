package bench

import (
	"fmt"
	"testing"

	"github.com/churnalism/churn"
)

func TestScratchMulti(t *testing.T) {
	arts, origin, _ := PlantArticles()
	opts := []churn.Options{
		{},
		{KeepLists: true},
		{Containment: 0.01},
		{Window: 16},
		{K: 10},
		{MinPassage: 60},
		{KeepLists: true, Containment: 0.01, Window: 16},
	}
	sum := make([][6]float64, len(opts))
	for seed := uint64(1); seed <= 5; seed++ {
		set, err := Plant(arts, origin, PlantConfig{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Sweep(set, opts)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			var v, l, s, a PANScore
			for _, row := range r.Rows {
				switch {
				case row.Class == "verbatim" && row.Length == "≥150":
					v = row.PANScore
				case row.Class == "light" && row.Length == "≥150":
					l = row.PANScore
				case row.Class == "all" && row.Length == "50–149":
					s = row.PANScore
				case row.Class == "all" && row.Length == "all":
					a = row.PANScore
				}
			}
			fmt.Printf("seed %d opt %d: V %.3f/%.3f/%.3f L %.3f/%.3f/%.3f S %.3f/%.3f all %.3f\n", seed, i, v.Precision, v.Recall, v.Granularity, l.Precision, l.Recall, l.Granularity, s.Precision, s.Recall, a.PlagDet)
			sum[i][0] += v.Recall / 5
			sum[i][1] += v.Granularity / 5
			sum[i][2] += l.Recall / 5
			sum[i][3] += l.Granularity / 5
			sum[i][4] += s.Precision / 5
			sum[i][5] += s.Recall / 5
		}
	}
	for i := range opts {
		fmt.Printf("MEAN opt %d %+v: Vrec %.3f Vgran %.3f Lrec %.3f Lgran %.3f Sprec %.3f Srec %.3f\n", i, opts[i], sum[i][0], sum[i][1], sum[i][2], sum[i][3], sum[i][4], sum[i][5])
	}
}
