package archive

import (
	"context"
	"database/sql"
	"os"
	"regexp"
	"testing"

	"github.com/churnalism/churn"
)

// TestDocQueries runs every SQL query of docs/archive.md on an archive
// of generated articles with a stored report: the schema and the page
// must agree.
func TestDocQueries(t *testing.T) {
	page, err := os.ReadFile("../docs/archive.md")
	if err != nil {
		t.Fatal(err)
	}
	queries := regexp.MustCompile("(?s)```sql\n(.*?)```").FindAllSubmatch(page, -1)
	if len(queries) < 5 {
		t.Fatalf("docs/archive.md has %d SQL queries, want at least 5", len(queries))
	}
	ctx := context.Background()
	a := create(t)
	addIn(t, a, generated(t, 300, 4), 300)
	an, err := a.Report(ctx, t.TempDir(), churn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(an.Pairs) == 0 || len(an.Clusters) == 0 {
		t.Fatal("no pairs or clusters to query")
	}
	id := an.Docs[an.Pairs[0].A].ID
	rowsSeen := 0
	for _, q := range queries {
		rows, err := a.r.QueryContext(ctx, string(q[1]), sql.Named("id", id))
		if err != nil {
			t.Errorf("%s\n%v", q[1], err)
			continue
		}
		for rows.Next() {
			rowsSeen++
		}
		if err := rows.Err(); err != nil {
			t.Errorf("%s\n%v", q[1], err)
		}
		rows.Close()
	}
	if rowsSeen == 0 {
		t.Error("the queries found nothing at all")
	}
}
