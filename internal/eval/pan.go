package eval

import (
	"cmp"
	"math"
	"slices"
)

// RuneSpan is a half-open range [Start, End) of character (rune) offsets
// into a document's text.
type RuneSpan struct {
	Start, End int
}

// Len returns the number of characters in the span (0 if it is empty or
// reversed).
func (s RuneSpan) Len() int { return max(0, s.End-s.Start) }

// intersect returns the overlap of two spans, empty if they do not meet.
func (s RuneSpan) intersect(t RuneSpan) RuneSpan {
	r := RuneSpan{max(s.Start, t.Start), min(s.End, t.End)}
	if r.End < r.Start {
		r.End = r.Start
	}
	return r
}

// Annotation is a pair of character ranges in a pair of documents of one
// corpus: a plagiarism case (A in the source document, B in the host) or a
// detection (A in the first document of a reported pair, B in the
// second). Following the PAN measures, an annotation stands for the set of
// characters it covers on both sides.
type Annotation struct {
	// Corpus numbers the corpus the documents belong to.
	Corpus int
	// DocA and DocB index the corpus's documents.
	DocA, DocB int
	// A is the range in document DocA, B the range in document DocB.
	A, B RuneSpan
}

// Len returns the number of characters the annotation covers, both sides
// together.
func (a Annotation) Len() int { return a.A.Len() + a.B.Len() }

// orient returns r with its sides in the order of c's documents, and
// whether the two annotations concern the same pair of documents (in
// either orientation).
func orient(c, r Annotation) (Annotation, bool) {
	if r.Corpus != c.Corpus {
		return r, false
	}
	switch {
	case r.DocA == c.DocA && r.DocB == c.DocB:
		return r, true
	case r.DocA == c.DocB && r.DocB == c.DocA:
		return Annotation{Corpus: r.Corpus, DocA: r.DocB, DocB: r.DocA, A: r.B, B: r.A}, true
	}
	return r, false
}

// detects reports whether detection r detects case c: the same pair of
// documents, in either orientation, and an overlap on both sides. It
// returns the overlaps in c's orientation.
func detects(c, r Annotation) (a, b RuneSpan, ok bool) {
	r, same := orient(c, r)
	if !same {
		return a, b, false
	}
	a, b = c.A.intersect(r.A), c.B.intersect(r.B)
	return a, b, a.Len() > 0 && b.Len() > 0
}

// PANScore holds the PAN text-alignment measures of a set of detections
// against a set of cases (Potthast, Stein, Barrón-Cedeño and Rosso, "An
// Evaluation Framework for Plagiarism Detection", COLING 2010), macro
// averaged as defined there:
//
//	prec  = 1/|R| Σ_r |∪_s (s ⊓ r)| / |r|
//	rec   = 1/|S| Σ_s |∪_r (s ⊓ r)| / |s|
//	gran  = 1/|S_R| Σ_{s∈S_R} |R_s|
//	plagdet = F1(prec, rec) / log2(1 + gran)
//
// where s ⊓ r is the characters s and r share if r detects s (same pair of
// documents, overlap on both sides) and nothing otherwise, S_R the cases
// detected at least once and R_s the detections of case s. A case's and a
// detection's characters are those of both their sides.
type PANScore struct {
	// Cases and Detections are |S| and |R|.
	Cases      int `json:"cases"`
	Detections int `json:"detections"`
	// Detected is |S_R|, the number of cases detected at least once.
	Detected int `json:"detected"`
	// FalsePositives is the number of detections that detect no case.
	FalsePositives int `json:"false_positives"`
	// Precision and Recall are 0 when there are no detections or no
	// cases; Granularity is 1 when no case is detected.
	Precision   float64 `json:"precision"`
	Recall      float64 `json:"recall"`
	Granularity float64 `json:"granularity"`
	PlagDet     float64 `json:"plagdet"`
}

// ScorePAN returns the PAN measures of detections dets against cases.
func ScorePAN(cases, dets []Annotation) PANScore {
	m := matchPAN(cases, dets)
	return m.score(allIndexes(len(cases)), allIndexes(len(dets)))
}

func allIndexes(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// panMatch holds the per-case and per-detection parts of the PAN
// measures, so that they can be summed over any subset of cases and
// detections.
type panMatch struct {
	caseRecall []float64 // |∪_r (s ⊓ r)| / |s|
	caseDets   []int     // |R_s|
	detPrec    []float64 // |∪_s (s ⊓ r)| / |r|
	detCase    []int     // the case r overlaps most, or -1
}

type pairKey struct{ corpus, a, b int }

func keyOf(a Annotation) pairKey {
	x, y := a.DocA, a.DocB
	if y < x {
		x, y = y, x
	}
	return pairKey{a.Corpus, x, y}
}

// matchPAN matches every detection with the cases it detects.
func matchPAN(cases, dets []Annotation) *panMatch {
	m := &panMatch{
		caseRecall: make([]float64, len(cases)),
		caseDets:   make([]int, len(cases)),
		detPrec:    make([]float64, len(dets)),
		detCase:    make([]int, len(dets)),
	}
	byPair := map[pairKey][]int{}
	for i, c := range cases {
		k := keyOf(c)
		byPair[k] = append(byPair[k], i)
	}
	// Overlaps found, per case and per detection, in the case's
	// orientation for cases and the detection's for detections.
	caseA := make([][]RuneSpan, len(cases))
	caseB := make([][]RuneSpan, len(cases))
	for j, r := range dets {
		m.detCase[j] = -1
		var detA, detB []RuneSpan
		best := 0
		for _, i := range byPair[keyOf(r)] {
			a, b, ok := detects(cases[i], r)
			if !ok {
				continue
			}
			m.caseDets[i]++
			caseA[i] = append(caseA[i], a)
			caseB[i] = append(caseB[i], b)
			if r.DocA == cases[i].DocA && r.DocB == cases[i].DocB {
				detA, detB = append(detA, a), append(detB, b)
			} else {
				detA, detB = append(detA, b), append(detB, a)
			}
			if o := a.Len() + b.Len(); o > best {
				best, m.detCase[j] = o, i
			}
		}
		if n := r.Len(); n > 0 {
			m.detPrec[j] = float64(unionLen(detA)+unionLen(detB)) / float64(n)
		}
	}
	for i, c := range cases {
		if n := c.Len(); n > 0 {
			m.caseRecall[i] = float64(unionLen(caseA[i])+unionLen(caseB[i])) / float64(n)
		}
	}
	return m
}

// score sums the measures over the cases and detections given by index.
func (m *panMatch) score(cases, dets []int) PANScore {
	s := PANScore{Cases: len(cases), Detections: len(dets), Granularity: 1}
	var rec, prec float64
	grans := 0
	for _, i := range cases {
		rec += m.caseRecall[i]
		if m.caseDets[i] > 0 {
			s.Detected++
			grans += m.caseDets[i]
		}
	}
	for _, j := range dets {
		prec += m.detPrec[j]
		if m.detCase[j] < 0 {
			s.FalsePositives++
		}
	}
	if len(cases) > 0 {
		s.Recall = rec / float64(len(cases))
	}
	if len(dets) > 0 {
		s.Precision = prec / float64(len(dets))
	}
	if s.Detected > 0 {
		s.Granularity = float64(grans) / float64(s.Detected)
	}
	s.PlagDet = PlagDet(s.Precision, s.Recall, s.Granularity)
	return s
}

// PlagDet combines precision, recall and granularity into PAN's overall
// score: F1 / log2(1 + granularity). It is 0 when precision and recall
// are both 0.
func PlagDet(precision, recall, granularity float64) float64 {
	if precision+recall == 0 {
		return 0
	}
	f1 := 2 * precision * recall / (precision + recall)
	return f1 / math.Log2(1+max(granularity, 1))
}

// unionLen returns the number of characters in the union of spans. It
// sorts spans.
func unionLen(spans []RuneSpan) int {
	slices.SortFunc(spans, func(x, y RuneSpan) int { return cmp.Compare(x.Start, y.Start) })
	n, end := 0, -1<<62
	for _, s := range spans {
		if s.Len() == 0 {
			continue
		}
		if s.Start > end {
			n += s.Len()
			end = s.End
		} else if s.End > end {
			n += s.End - end
			end = s.End
		}
	}
	return n
}
