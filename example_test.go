package churn_test

import (
	"fmt"

	"github.com/churnalism/churn"
)

func ExampleAnalyze() {
	wire := "Putin asked the billionaire to avoid activating his Starlink satellite internet service over Taiwan, as a favour to Chinese leader Xi Jinping, two people familiar with the request said."
	docs := []churn.Document{
		{ID: "wire", Text: []byte(wire)},
		{ID: "outlet", Text: []byte("In Moscow, the Kremlin denied everything. " +
			"Putin asked the billionaire to avoid activating his “Starlink” satellite internet service over Taiwan, as a favour to Chinese leader Xi Jinping, two people familiar with the request said. " +
			"Musk did not reply to a request for comment.")},
		{ID: "sport", Text: []byte("The home side won the cup final in extra time after a goalless ninety minutes in the rain.")},
	}
	res, err := churn.Analyze(docs, churn.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Pairs {
		fmt.Printf("%s–%s: Jaccard %.2f, %.0f%% of %s is in %s\n",
			res.Docs[p.A].ID, res.Docs[p.B].ID, p.Jaccard, 100*p.ContainmentA, res.Docs[p.A].ID, res.Docs[p.B].ID)
		for _, q := range p.Passages {
			fmt.Printf("  %s[%d:%d] = %s[%d:%d], identical: %v\n",
				res.Docs[p.A].ID, q.A.Start, q.A.End, res.Docs[p.B].ID, q.B.Start, q.B.End, q.Identical)
		}
	}
	// Output:
	// wire–outlet: Jaccard 0.57, 91% of wire is in outlet
	//   wire[0:185] = outlet[42:233], identical: false
}

func ExampleCompare() {
	a := []byte("Musk ţine în secret legătura cu Putin de la sfârşitul anului 2022.")
	b := []byte("Musk ține în secret legătura cu Putin de la sfârșitul anului 2022.")
	p, err := churn.Compare(a, b, churn.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("Jaccard %.2f\n", p.Jaccard)
	// Output:
	// Jaccard 1.00
}

func ExampleDefaultOptions() {
	opts := churn.DefaultOptions()
	fmt.Println(opts.K, opts.Threshold, opts.Containment)
	opts.Containment = 0 // a value, not the default: report every verified pair
	fmt.Println(opts.Validate())
	opts.K = 0
	fmt.Println(opts.Validate())
	// Output:
	// 9 0.1 0.05
	// <nil>
	// churn: Options.K 0: want at least 1
}
