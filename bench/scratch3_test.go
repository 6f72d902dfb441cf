package bench

import (
	"fmt"
	"os"
	"testing"

	"github.com/churnalism/churn"
)

func TestScratchRepro(t *testing.T) {
	src, _ := os.ReadFile("/tmp/src.txt")
	p := string(src[1:818])
	host := "The council met on Tuesday to discuss the budget.\n\n" + p + "\n\nThe mayor did not comment."
	docs := []churn.Document{{ID: "source", Text: src}, {ID: "host", Text: []byte(host)}}
	res, _ := churn.Analyze(docs, churn.Options{})
	for _, pr := range res.Pairs {
		for _, q := range pr.Passages {
			fmt.Printf("A%v B%v %q...%q\n", q.A, q.B, q.TextA[:30], q.TextA[len(q.TextA)-30:])
		}
	}
	fmt.Printf("%q\n", src[:60])
}
