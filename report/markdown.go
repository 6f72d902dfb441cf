package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/churnalism/churn"
)

// Markdown writes res as a Markdown document (GitHub-flavoured tables),
// for pasting into an issue, a wiki or a newsroom chat: the same sections
// as Table, with passages quoted as block quotes. Without a matrix it
// lists the first TopPairs pairs, as Table does.
func Markdown(w io.Writer, res *churn.Result, opts TableOptions) error {
	if err := checkResult(res); err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# churn report\n\n%s · %d-character shingles · pairs reported: %s\n",
		Plural(len(res.Docs), "document", "documents"), res.Options.K, reportRule(res.Options))

	sec := opts.Sections.orAll()
	if res.Matrix != nil && len(res.Docs) > 0 && sec.Matrix {
		b.WriteString("\n## Jaccard similarity, %\n\n|  |")
		for _, d := range res.Docs {
			fmt.Fprintf(&b, " %s |", mdCell(d.ID))
		}
		b.WriteString("\n|---|" + strings.Repeat("---:|", len(res.Docs)) + "\n")
		for i, d := range res.Docs {
			fmt.Fprintf(&b, "| **%s** |", mdCell(d.ID))
			for j, x := range res.Matrix[i] {
				if i == j {
					b.WriteString(" — |")
				} else {
					fmt.Fprintf(&b, " %s |", Percent(x))
				}
			}
			b.WriteString("\n")
		}
	}

	shown := res.Pairs
	if res.Matrix == nil {
		top := opts.TopPairs
		switch {
		case top == 0:
			top = DefaultTopPairs
		case top < 0:
			top = len(shown)
		}
		shown = shown[:min(top, len(shown))]
	}
	if sec.Pairs {
		b.WriteString("\n## Pairs\n\n")
		if len(res.Pairs) == 0 {
			b.WriteString("No pair of documents shares enough text to report.\n")
		} else {
			b.WriteString("| # | A | B | Class | Reuse % | Jaccard % | Passages | Cover A % | Cover B % |\n")
			b.WriteString("|---:|---|---|---|---:|---:|---:|---:|---:|\n")
			for i, p := range shown {
				fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %d | %s | %s |\n", i+1,
					mdCell(res.Docs[p.A].ID), mdCell(res.Docs[p.B].ID), mdCell(classLabel(res, p)),
					Percent(p.Reuse), Percent(p.Jaccard), len(p.Passages),
					Percent(p.CoverageA), Percent(p.CoverageB))
			}
			if more := len(res.Pairs) - len(shown); more > 0 {
				fmt.Fprintf(&b, "\n… and %d more pairs not shown.\n", more)
			}
		}
	}

	if len(res.Clusters) > 0 && sec.Clusters {
		b.WriteString("\n## Syndication groups\n\n| group | origin | members (share of each in shared text) |\n|---|---|---|\n")
		for i, c := range res.Clusters {
			var ms []string
			for _, m := range c.Members {
				ms = append(ms, fmt.Sprintf("%s %s%%", mdCell(res.Docs[m.Doc].ID), Percent(m.Share)))
			}
			fmt.Fprintf(&b, "| %s | %s (%s) | %s |\n", clusterID(i), mdCell(res.Docs[c.Origin].ID), c.OriginBy, strings.Join(ms, ", "))
		}
	}

	for _, p := range shown {
		if len(p.Passages) == 0 || !sec.Passages {
			continue
		}
		a, bb := mdCell(res.Docs[p.A].ID), mdCell(res.Docs[p.B].ID)
		fmt.Fprintf(&b, "\n## %s ↔ %s: %s\n", a, bb, Plural(len(p.Passages), "shared passage", "shared passages"))
		for i, q := range p.Passages {
			how := Percent(q.Matched) + "% matched"
			if q.Identical {
				how = "identical"
			}
			fmt.Fprintf(&b, "\n%d. %s bytes %d–%d · %s bytes %d–%d · %d chars · %s\n\n", i+1, a, q.A.Start, q.A.End, bb, q.B.Start, q.B.End, q.CharsA, how)
			fmt.Fprintf(&b, "   > **%s:** %s\n   >\n   > **%s:** %s\n", a, mdText(quote(q.TextA)), bb, mdText(quote(q.TextB)))
		}
	}

	if len(res.Skipped) > 0 {
		b.WriteString("\n## Skipped inputs\n\n")
		for _, s := range res.Skipped {
			fmt.Fprintf(&b, "- `%s`: %s\n", strings.ReplaceAll(printable(s.Name), "`", "'"), mdText(s.Reason))
		}
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("report: writing Markdown: %w", err)
	}
	return nil
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}

// mdText escapes the characters that would start Markdown or HTML markup
// in running text.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "#", `\#`)

func mdText(s string) string { return mdEscaper.Replace(clean(s)) }
