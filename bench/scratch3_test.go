package bench

import (
	"fmt"
	"testing"

	"github.com/churnalism/churn"
)

func TestScratchRepro(t *testing.T) {
	p := "Researchers say dark chocolate may lift the mood. In a survey of adults, those who ate dark chocolate reported fewer symptoms. People who ate dark chocolate in the past day were less likely to feel low. Even a little dark chocolate helped, while few adults reported eating dark chocolate daily. Dark chocolate was defined as chocolate with at least 45% cocoa. Overall, 11% ate chocolate, but only 1.4% ate dark chocolate."
	src := p + " Milk chocolate did not have the same effect, and white chocolate, chocolate bars and chocolate drinks were not studied."
	host := "The council met on Tuesday to discuss the budget.\n\n" + p + "\n\nThe mayor did not comment."
	docs := []churn.Document{{ID: "source", Text: []byte(src)}, {ID: "host", Text: []byte(host)}}
	res, _ := churn.Analyze(docs, churn.Options{})
	fmt.Println("planted: source [0,", len(p), ") host [51,", 51+len(p), ")")
	for _, pr := range res.Pairs {
		for _, q := range pr.Passages {
			fmt.Printf("A%v B%v %q\n", q.A, q.B, q.TextA)
		}
	}
}
