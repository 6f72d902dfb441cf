// This file holds the builders of the parts of the HTML report's view
// model: heatmaps, the rows of the table of pairs, syndication groups,
// documents, the side-by-side views with their highlighted passages, and
// the note on boilerplate.

package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/churnalism/churn"
)

// pairKey returns the key of the pair of documents a and b in any order.
func pairKey(a, b int) [2]int {
	if a > b {
		a, b = b, a
	}
	return [2]int{a, b}
}

// order returns the documents in heatmap order: the members of each group
// in group order, then the other documents in input order.
func (hb *htmlBuilder) order() []int {
	n := len(hb.res.Docs)
	seen := make([]bool, n)
	var out []int
	for _, c := range hb.res.Clusters {
		for _, m := range c.Members {
			if !seen[m.Doc] {
				seen[m.Doc] = true
				out = append(out, m.Doc)
			}
		}
	}
	for i := range n {
		if !seen[i] {
			out = append(out, i)
		}
	}
	return out
}

// ref returns the reference to document i.
func (hb *htmlBuilder) ref(i int) htmlRef {
	d := hb.res.Docs[i]
	tip := d.Meta.Title
	if tip == "" {
		tip = d.Name
	}
	return htmlRef{ID: clean(d.ID), Tip: clean(tip), Href: "#doc-" + strconv.Itoa(i+1)}
}

// similarity returns the Jaccard similarity of documents a and b, from the
// matrix or the reported pairs, and whether it is known.
func (hb *htmlBuilder) similarity(a, b int) (float64, bool) {
	if hb.res.Matrix != nil {
		return hb.res.Matrix[a][b], true
	}
	if k, ok := hb.pairOf[pairKey(a, b)]; ok {
		return hb.res.Pairs[k].Jaccard, true
	}
	return 0, false
}

// pairHref returns the link to the pair of a and b: its side-by-side view
// if shown, else its row in the table of pairs; "" if it is not reported.
func (hb *htmlBuilder) pairHref(a, b int) (string, int) {
	k, ok := hb.pairOf[pairKey(a, b)]
	switch {
	case !ok:
		return "", -1
	case k < hb.shown:
		return "#pair-" + strconv.Itoa(k+1), k
	case k < htmlPairRows:
		return "#pr-" + strconv.Itoa(k+1), k
	}
	return "", k
}

// heatmap returns the heatmap of the documents ids, in that order, with a
// first column naming the group of each block of rows if grouped.
func (hb *htmlBuilder) heatmap(ids []int, caption string, grouped bool) *htmlHeatmap {
	h := &htmlHeatmap{Caption: caption}
	for _, i := range ids {
		r := hb.ref(i)
		h.Cols = append(h.Cols, r)
		if utf8.RuneCountInString(r.ID) > 4 {
			h.Rotate = true
		}
	}
	groupOf := func(i int) int { return hb.groupOf[i] }
	for _, i := range ids {
		if grouped && groupOf(i) >= 0 {
			h.Grouped = true
		}
	}
	// blockStart reports whether position p starts a new block of rows.
	blockStart := func(p int) bool { return p > 0 && groupOf(ids[p]) != groupOf(ids[p-1]) }
	for p, i := range ids {
		row := htmlHeatRow{Doc: hb.ref(i), First: blockStart(p)}
		if h.Grouped && (p == 0 || blockStart(p)) {
			span := 1
			for q := p + 1; q < len(ids) && groupOf(ids[q]) == groupOf(i); q++ {
				span++
			}
			row.GroupSpan = span
			if g := groupOf(i); g >= 0 {
				row.Group = clusterID(g)
				row.GroupHref = "#group-" + strconv.Itoa(g+1)
			}
		}
		for q, j := range ids {
			var c htmlCell
			cls := []string{}
			if i == j {
				c.Text = "—"
				cls = append(cls, "d")
				c.Title = hb.res.Docs[i].ID
			} else if x, ok := hb.similarity(i, j); ok {
				c.Text = Percent(x)
				cls = append(cls, heatClass(x))
				c.Title = hb.res.Docs[i].ID + " × " + hb.res.Docs[j].ID
			} else {
				c.Text = "<" + hb.thr
				cls = append(cls, "na")
				c.Title = fmt.Sprintf("%s × %s: below the threshold, not reported", hb.res.Docs[i].ID, hb.res.Docs[j].ID)
			}
			if href, k := hb.pairHref(i, j); k >= 0 {
				cls = append(cls, "r")
				c.Href = href
				c.Title += " · pair " + strconv.Itoa(k+1)
			}
			if blockStart(q) {
				cls = append(cls, "gl")
			}
			c.Class = strings.Join(cls, " ")
			c.Title = clean(c.Title)
			row.Cells = append(row.Cells, c)
		}
		h.Rows = append(h.Rows, row)
	}
	return h
}

// classLabel says how derived a pair is and which document is derived:
// "partially derived (003 from 001)", or without dates "partially
// derived".
func classLabel(res *churn.Result, p churn.Pair) string {
	s := p.Class.String()
	switch p.Derived {
	case churn.SideA:
		s += " (" + res.Docs[p.A].ID + " from " + res.Docs[p.B].ID + ")"
	case churn.SideB:
		s += " (" + res.Docs[p.B].ID + " from " + res.Docs[p.A].ID + ")"
	}
	return s
}

// pairRow returns row k of the table of pairs, for pair p.
func (hb *htmlBuilder) pairRow(k int, p churn.Pair) htmlPairRow {
	r := htmlPairRow{
		N:        k + 1,
		ID:       "pr-" + strconv.Itoa(k+1),
		A:        hb.ref(p.A),
		B:        hb.ref(p.B),
		Jaccard:  Percent(p.Jaccard),
		Class:    classLabel(hb.res, p),
		Reuse:    Percent(p.Reuse),
		Passages: len(p.Passages),
		CovA:     Percent(p.CoverageA),
		CovB:     Percent(p.CoverageB),
	}
	if k < hb.shown {
		r.Href = "#pair-" + strconv.Itoa(k+1)
	}
	if g := hb.groupOf[p.A]; g >= 0 && g == hb.groupOf[p.B] {
		r.Group = clusterID(g)
		r.GroupHref = "#group-" + strconv.Itoa(g+1)
	}
	return r
}

// group returns syndication group g, with its own heatmap if withHeatmap
// (the page has no full one), else with links to its pairs.
func (hb *htmlBuilder) group(g int, withHeatmap bool) htmlGroup {
	c := hb.res.Clusters[g]
	out := htmlGroup{
		ID:     clusterID(g),
		Anchor: "group-" + strconv.Itoa(g+1),
		Size:   len(c.Members),
		Origin: hb.ref(c.Origin),
	}
	switch c.OriginBy {
	case "published":
		out.OriginBy = "published first"
	case "containment":
		out.OriginBy = "contains most of what the others share with it"
	default:
		out.OriginBy = clean(string(c.OriginBy))
	}
	var ids []int
	for _, m := range c.Members {
		out.Members = append(out.Members, htmlMember{
			Doc:    hb.ref(m.Doc),
			Meta:   hb.meta(m.Doc),
			Share:  Percent(m.Share),
			Bar:    int(math.Round(100 * math.Max(0, math.Min(1, m.Share)))),
			Origin: m.Doc == c.Origin,
		})
		ids = append(ids, m.Doc)
	}
	if withHeatmap {
		caption := "Jaccard similarity within " + clusterID(g) + ", %"
		if len(ids) > HeatmapLimit {
			caption += fmt.Sprintf(" (the first %d of %d members)", HeatmapLimit, len(ids))
			ids = ids[:HeatmapLimit]
		}
		out.Heatmap = hb.heatmap(ids, caption, false)
	}
	if out.Heatmap != nil {
		return out // its cells link to the pairs
	}
	in := make(map[int]bool, len(c.Members))
	for _, m := range c.Members {
		in[m.Doc] = true
	}
	for k, p := range hb.res.Pairs {
		if !in[p.A] || !in[p.B] {
			continue
		}
		if len(out.Links) == htmlGroupPairs {
			out.More++
			continue
		}
		href, _ := hb.pairHref(p.A, p.B)
		out.Links = append(out.Links, htmlLink{
			Text: clean(fmt.Sprintf("#%d %s ↔ %s %s%%", k+1, hb.res.Docs[p.A].ID, hb.res.Docs[p.B].ID, Percent(p.Jaccard))),
			Href: href,
		})
	}
	return out
}

// doc returns the row of document i in the table of documents.
func (hb *htmlBuilder) doc(i int) htmlDoc {
	d := hb.res.Docs[i]
	out := htmlDoc{
		Ref:    hb.ref(i),
		Anchor: "doc-" + strconv.Itoa(i+1),
		Meta:   hb.meta(i),
		Bytes:  d.Bytes,
		Pairs:  hb.docPairs[i],
	}
	var bp float64
	if d.Bytes > 0 {
		bp = float64(d.Boilerplate) / float64(d.Bytes)
	}
	out.Boilerplate = Percent(bp)
	if g := hb.groupOf[i]; g >= 0 {
		out.Group = clusterID(g)
		out.GroupHref = "#group-" + strconv.Itoa(g+1)
	}
	return out
}

// meta returns what is known about document i, made safe to show.
func (hb *htmlBuilder) meta(i int) htmlMeta {
	d := hb.res.Docs[i]
	m := htmlMeta{
		Title:  clean(d.Meta.Title),
		Outlet: clean(d.Meta.Outlet),
		Name:   clean(d.Name),
		Notes:  clean(strings.Join(d.Meta.Notes, "; ")),
	}
	if t := d.Meta.Published; !t.IsZero() {
		m.Date, m.DateTime = htmlDate(t)
	}
	if d.Meta.URL != "" {
		if u := safeURL(d.Meta.URL); u != "" {
			m.URL = u
		} else {
			m.BadURL = clean(d.Meta.URL)
		}
	} else if u := safeURL(d.Name); u != "" {
		m.URL = u
	}
	if langTag.MatchString(d.Meta.Lang) {
		m.Lang = d.Meta.Lang
	}
	return m
}

// compare returns the side-by-side view of pair k, p.
func (hb *htmlBuilder) compare(k int, p churn.Pair) htmlCompare {
	id := "p" + strconv.Itoa(k+1)
	c := htmlCompare{
		N:       k + 1,
		Anchor:  "pair-" + strconv.Itoa(k+1),
		Jaccard: Percent(p.Jaccard),
		CA:      Percent(p.ReuseA),
		CB:      Percent(p.ReuseB),
		Class:   classLabel(hb.res, p),
		Shared:  p.Shared,
		A: htmlSide{Doc: hb.ref(p.A), Meta: hb.meta(p.A), Cover: Percent(p.CoverageA),
			Segs: segments(hb.docs[p.A].Text, p.Passages, true, id+"-a", id+"-b")},
		B: htmlSide{Doc: hb.ref(p.B), Meta: hb.meta(p.B), Cover: Percent(p.CoverageB),
			Segs: segments(hb.docs[p.B].Text, p.Passages, false, id+"-b", id+"-a")},
	}
	for i, q := range p.Passages {
		match := Percent(q.Matched) + "% matched"
		if q.Identical {
			match = "identical"
		}
		c.Passages = append(c.Passages, htmlPassageRow{
			N:     i + 1,
			Class: colourClass(i),
			AHref: "#" + id + "-a" + strconv.Itoa(i+1),
			BHref: "#" + id + "-b" + strconv.Itoa(i+1),
			A:     fmt.Sprintf("%d–%d", q.A.Start, q.A.End),
			B:     fmt.Sprintf("%d–%d", q.B.Start, q.B.End),
			Chars: q.CharsA,
			Match: match,
			Quote: shorten(q.TextA, 90),
		})
	}
	return c
}

// colourClass is the highlight class of passage i.
func colourClass(i int) string { return "c" + strconv.Itoa(i%passageColours) }

// segments cuts text into stretches at every passage boundary on one side
// (A if sideA, else B). A stretch inside passages is marked with the
// colour of the innermost one (the one that starts last) and linked to its
// counterpart on the other side; passages may overlap on one side when
// two passages of A match the same text of B. self and other prefix the
// ids of this side's and the other side's passage numbers ("p1-a").
func segments(text []byte, ps []churn.Passage, sideA bool, self, other string) []htmlSeg {
	span := func(q churn.Passage) churn.Span {
		if sideA {
			return q.A
		}
		return q.B
	}
	cuts := []int{0, len(text)}
	for _, q := range ps {
		s := span(q)
		cuts = append(cuts, s.Start, s.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	var out []htmlSeg
	for c := 0; c+1 < len(cuts); c++ {
		lo, hi := cuts[c], cuts[c+1]
		var seg htmlSeg
		inner, covering := -1, 0
		for i, q := range ps {
			s := span(q)
			if s.Start == lo && s.End > s.Start {
				n := strconv.Itoa(i + 1)
				seg.Chips = append(seg.Chips, htmlChip{N: i + 1, ID: self + n, To: other + n, Class: colourClass(i)})
			}
			if s.Start <= lo && hi <= s.End {
				covering++
				if inner < 0 || s.Start > span(ps[inner]).Start {
					inner = i
				}
			}
		}
		seg.Text = cleanText(text[lo:hi])
		if inner >= 0 {
			n := strconv.Itoa(inner + 1)
			seg.Mark = true
			seg.Class = colourClass(inner)
			seg.Key, seg.To = self+n, other+n
			seg.Title = "passage " + n
			if covering > 1 {
				seg.Class += " ov"
				var all []string
				for i, q := range ps {
					if s := span(q); s.Start <= lo && hi <= s.End {
						all = append(all, strconv.Itoa(i+1))
					}
				}
				seg.Title = "passages " + strings.Join(all, ", ")
			}
		}
		out = append(out, seg)
	}
	return out
}

// boilerplate says how much of each document was left out as boilerplate.
func (hb *htmlBuilder) boilerplate() string {
	var parts []string
	for _, d := range hb.res.Docs {
		if d.Boilerplate > 0 && d.Bytes > 0 {
			parts = append(parts, fmt.Sprintf("%s %s%%", d.ID, Percent(float64(d.Boilerplate)/float64(d.Bytes))))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	const most = 10
	more := ""
	if len(parts) > most {
		more = fmt.Sprintf(" and %d more documents", len(parts)-most)
		parts = parts[:most]
	}
	return clean(fmt.Sprintf("Left out as boilerplate (link lists, text in more than %d documents): %s%s.",
		hb.res.Options.BoilerplateDocs, strings.Join(parts, ", "), more))
}
