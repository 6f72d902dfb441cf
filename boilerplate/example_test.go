package boilerplate_test

import (
	"fmt"

	"github.com/churnalism/churn/boilerplate"
)

func ExampleLists() {
	page := []byte(`Musk held talks with Putin, the newspaper reports.

Read more
Markets fall as rates rise
Ten things to know about Mars (Video)
Weather: a cold week ahead

Copyright 2024 Example News. All rights reserved.
`)
	for _, s := range boilerplate.Lists(nil, page) {
		fmt.Printf("[%d, %d)\n%s\n", s.Start, s.End, page[s.Start:s.End])
	}
	// Output:
	// [52, 153)
	// Read more
	// Markets fall as rates rise
	// Ten things to know about Mars (Video)
	// Weather: a cold week ahead
}
