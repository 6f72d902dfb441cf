package archive_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/churnalism/churn"
	"github.com/churnalism/churn/archive"
	"github.com/churnalism/churn/corpus"
)

func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	a, err := archive.Open(ctx, filepath.Join(dir, "news.churn"), archive.Options{Create: true})
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	seeds, err := corpus.Seeds()
	if err != nil {
		log.Fatal(err)
	}
	st, err := a.Add(ctx, seeds[:4])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d added\n", st.Added)

	// The fifth seed, checked against the four without being added.
	an, err := a.Check(ctx, dir, seeds[4], churn.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range an.Pairs {
		fmt.Printf("%s shares text with %s: %s, %d passages\n", an.Docs[p.A].ID, an.Docs[p.B].ID, p.Class, len(p.Passages))
	}
	// Output:
	// 4 added
	// 004 shares text with 001: partially derived, 4 passages
	// 004 shares text with 003: partially derived, 3 passages
}
