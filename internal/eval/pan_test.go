package eval

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// ann is shorthand for an annotation in corpus 0 between documents 0
// and 1.
func ann(a0, a1, b0, b1 int) Annotation {
	return Annotation{DocA: 0, DocB: 1, A: RuneSpan{a0, a1}, B: RuneSpan{b0, b1}}
}

func near(x, y float64) bool { return math.Abs(x-y) < 1e-9 }

func TestScorePAN(t *testing.T) {
	c100 := ann(0, 100, 500, 600) // a case: 100 characters on each side
	tests := []struct {
		name                  string
		cases, dets           []Annotation
		prec, rec, gran, plag float64
		detected, falsePosCnt int
	}{
		{
			name:  "perfect",
			cases: []Annotation{c100}, dets: []Annotation{c100},
			prec: 1, rec: 1, gran: 1, plag: 1, detected: 1,
		},
		{
			name:  "perfect, sides swapped",
			cases: []Annotation{c100},
			dets:  []Annotation{{DocA: 1, DocB: 0, A: RuneSpan{500, 600}, B: RuneSpan{0, 100}}},
			prec:  1, rec: 1, gran: 1, plag: 1, detected: 1,
		},
		{
			name:  "half recall",
			cases: []Annotation{c100}, dets: []Annotation{ann(0, 50, 500, 550)},
			prec: 1, rec: 0.5, gran: 1, plag: 2 * 0.5 / 1.5, detected: 1,
		},
		{
			name:  "split in two",
			cases: []Annotation{c100}, dets: []Annotation{ann(0, 50, 500, 550), ann(50, 100, 550, 600)},
			prec: 1, rec: 1, gran: 2, plag: 1 / math.Log2(3), detected: 1,
		},
		{
			name:  "overlapping split counts characters once",
			cases: []Annotation{c100}, dets: []Annotation{ann(0, 60, 500, 560), ann(40, 100, 540, 600)},
			prec: 1, rec: 1, gran: 2, plag: 1 / math.Log2(3), detected: 1,
		},
		{
			name:  "false positive elsewhere",
			cases: []Annotation{c100}, dets: []Annotation{c100, ann(200, 300, 700, 800)},
			prec: 0.5, rec: 1, gran: 1, plag: 2 * 0.5 / 1.5, detected: 1, falsePosCnt: 1,
		},
		{
			name:  "false positive in another pair of documents",
			cases: []Annotation{c100},
			dets:  []Annotation{c100, {DocA: 0, DocB: 2, A: RuneSpan{0, 100}, B: RuneSpan{500, 600}}},
			prec:  0.5, rec: 1, gran: 1, plag: 2 * 0.5 / 1.5, detected: 1, falsePosCnt: 1,
		},
		{
			name:  "overlap on one side only detects nothing",
			cases: []Annotation{c100}, dets: []Annotation{ann(0, 100, 700, 800)},
			prec: 0, rec: 0, gran: 1, plag: 0, falsePosCnt: 1,
		},
		{
			name:  "too long: 300 characters reported for 200",
			cases: []Annotation{c100}, dets: []Annotation{ann(0, 200, 500, 600)},
			prec: 2.0 / 3, rec: 1, gran: 1, plag: 2 * (2.0 / 3) / (2.0/3 + 1), detected: 1,
		},
		{
			name:  "no detections",
			cases: []Annotation{c100},
			prec:  0, rec: 0, gran: 1, plag: 0,
		},
		{
			name:  "macro average over cases",
			cases: []Annotation{c100, ann(1000, 1100, 2000, 2100)}, dets: []Annotation{c100},
			prec: 1, rec: 0.5, gran: 1, plag: 2 * 0.5 / 1.5, detected: 1,
		},
		{
			name:  "one detection spanning two cases",
			cases: []Annotation{ann(0, 100, 500, 600), ann(100, 200, 600, 700)},
			dets:  []Annotation{ann(0, 200, 500, 700)},
			prec:  1, rec: 1, gran: 1, plag: 1, detected: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ScorePAN(tt.cases, tt.dets)
			if !near(s.Precision, tt.prec) || !near(s.Recall, tt.rec) || !near(s.Granularity, tt.gran) || !near(s.PlagDet, tt.plag) {
				t.Errorf("got precision %v, recall %v, granularity %v, plagdet %v; want %v, %v, %v, %v",
					s.Precision, s.Recall, s.Granularity, s.PlagDet, tt.prec, tt.rec, tt.gran, tt.plag)
			}
			if s.Detected != tt.detected || s.FalsePositives != tt.falsePosCnt || s.Cases != len(tt.cases) || s.Detections != len(tt.dets) {
				t.Errorf("got %d cases, %d detections, %d detected, %d false positives; want %d, %d, %d, %d",
					s.Cases, s.Detections, s.Detected, s.FalsePositives, len(tt.cases), len(tt.dets), tt.detected, tt.falsePosCnt)
			}
		})
	}
}

func TestPlagDet(t *testing.T) {
	if got := PlagDet(1, 1, 1); got != 1 {
		t.Errorf("PlagDet(1, 1, 1) = %v, want 1", got)
	}
	if got := PlagDet(0, 0, 1); got != 0 {
		t.Errorf("PlagDet(0, 0, 1) = %v, want 0", got)
	}
	if got, want := PlagDet(1, 1, 3), 0.5; !near(got, want) {
		t.Errorf("PlagDet(1, 1, 3) = %v, want %v", got, want)
	}
}

func TestUnionLen(t *testing.T) {
	tests := []struct {
		spans []RuneSpan
		want  int
	}{
		{nil, 0},
		{[]RuneSpan{{0, 10}}, 10},
		{[]RuneSpan{{0, 10}, {5, 15}}, 15},
		{[]RuneSpan{{20, 30}, {0, 10}}, 20},
		{[]RuneSpan{{0, 30}, {5, 10}}, 30},
		{[]RuneSpan{{0, 10}, {10, 20}, {3, 3}}, 20},
	}
	for _, tt := range tests {
		if got := unionLen(tt.spans); got != tt.want {
			t.Errorf("unionLen(%v) = %d, want %d", tt.spans, got, tt.want)
		}
	}
}

// TestScorePlantedAttribution checks how ScorePlanted groups cases and
// detections: detections by the case they overlap most, false positives
// by their corpus's class and their own length.
func TestScorePlantedAttribution(t *testing.T) {
	set := &PlantedSet{
		Config: PlantConfig{}.withDefaults(),
		Corpora: []PlantedCorpus{
			{Class: Verbatim}, {Class: Light},
		},
		Cases: []Case{
			{Corpus: 0, Source: 0, Host: 1, SourceSpan: RuneSpan{0, 100}, HostSpan: RuneSpan{0, 100}, Class: Verbatim, Len: 100},
			{Corpus: 0, Source: 2, Host: 1, SourceSpan: RuneSpan{0, 300}, HostSpan: RuneSpan{500, 800}, Class: Verbatim, Len: 300},
			{Corpus: 1, Source: 0, Host: 1, SourceSpan: RuneSpan{0, 600}, HostSpan: RuneSpan{0, 600}, Class: Light, Len: 600},
		},
	}
	dets := []Annotation{
		{Corpus: 0, DocA: 0, DocB: 1, A: RuneSpan{0, 100}, B: RuneSpan{0, 100}},      // case 0
		{Corpus: 0, DocA: 1, DocB: 2, A: RuneSpan{500, 800}, B: RuneSpan{0, 300}},    // case 1, swapped
		{Corpus: 1, DocA: 0, DocB: 1, A: RuneSpan{0, 300}, B: RuneSpan{0, 300}},      // case 2, half
		{Corpus: 1, DocA: 0, DocB: 1, A: RuneSpan{300, 600}, B: RuneSpan{300, 600}},  // case 2, other half
		{Corpus: 1, DocA: 0, DocB: 2, A: RuneSpan{900, 1100}, B: RuneSpan{0, 160}},   // false positive: light, 150–499
		{Corpus: 0, DocA: 0, DocB: 2, A: RuneSpan{900, 910}, B: RuneSpan{900, 2900}}, // false positive: verbatim, clamped to 500–1500
	}
	rows := ScorePlanted(set, dets)
	get := func(class, length string) PANScore { return rowScore(t, rows, class, length) }
	check := func(class, length string, cases, dets, fps int, prec, rec, gran float64) {
		t.Helper()
		s := get(class, length)
		if s.Cases != cases || s.Detections != dets || s.FalsePositives != fps || !near(s.Precision, prec) || !near(s.Recall, rec) || !near(s.Granularity, gran) {
			t.Errorf("%s %s: got %d cases, %d detections, %d false positives, P %v R %v G %v; want %d, %d, %d, P %v R %v G %v",
				class, length, s.Cases, s.Detections, s.FalsePositives, s.Precision, s.Recall, s.Granularity,
				cases, dets, fps, prec, rec, gran)
		}
	}
	check("verbatim", "50–149", 1, 1, 0, 1, 1, 1)
	check("verbatim", "150–499", 1, 1, 0, 1, 1, 1)
	check("verbatim", "500–1500", 0, 1, 1, 0, 0, 1)
	check("verbatim", "≥150", 1, 2, 1, 0.5, 1, 1)
	check("verbatim", "all", 2, 3, 1, 2.0/3, 1, 1)
	check("light", "150–499", 0, 1, 1, 0, 0, 1)
	check("light", "500–1500", 1, 2, 0, 1, 1, 2)
	check("all", "all", 3, 6, 2, 4.0/6, 1, 4.0/3)
}

// TestScorePlantedHeavy checks that heavy cases and detections have rows
// of their own and stay out of the rows "all".
func TestScorePlantedHeavy(t *testing.T) {
	set := &PlantedSet{
		Config:  PlantConfig{}.withDefaults(),
		Corpora: []PlantedCorpus{{Class: Verbatim}, {Class: Heavy}},
		Cases: []Case{
			{Corpus: 0, Source: 0, Host: 1, SourceSpan: RuneSpan{0, 200}, HostSpan: RuneSpan{0, 200}, Class: Verbatim, Len: 200},
			{Corpus: 1, Source: 0, Host: 1, SourceSpan: RuneSpan{0, 200}, HostSpan: RuneSpan{0, 200}, Class: Heavy, Len: 200},
		},
	}
	dets := []Annotation{
		{Corpus: 0, DocA: 0, DocB: 1, A: RuneSpan{0, 200}, B: RuneSpan{0, 200}},  // verbatim case
		{Corpus: 1, DocA: 0, DocB: 1, A: RuneSpan{0, 100}, B: RuneSpan{0, 100}},  // heavy case, half
		{Corpus: 1, DocA: 0, DocB: 2, A: RuneSpan{0, 200}, B: RuneSpan{0, 200}},  // heavy false positive
		{Corpus: 1, DocA: 0, DocB: 1, A: RuneSpan{150, 200}, B: RuneSpan{0, 50}}, // heavy case, once more
	}
	rows := ScorePlanted(set, dets)
	get := func(class, length string) PANScore { return rowScore(t, rows, class, length) }
	if s := get("all", "all"); s != get("verbatim", "all") || s.Cases != 1 || s.Detections != 1 {
		t.Errorf("all: %+v, want the verbatim row %+v", s, get("verbatim", "all"))
	}
	if s := get("heavy", "≥150"); s.Cases != 1 || s.Detections != 3 || s.FalsePositives != 1 || s.Granularity != 2 {
		t.Errorf("heavy ≥150: %+v", s)
	}
	if got := (PlantConfig{Classes: []EditClass{Heavy}}).AllClasses(); !slices.Equal(got, []EditClass{Heavy}) {
		t.Errorf("AllClasses of heavy alone = %v", got)
	}
	if got := (PlantConfig{}).AllClasses(); !slices.Equal(got, []EditClass{Verbatim, Light}) {
		t.Errorf("AllClasses of the defaults = %v", got)
	}

	// The report says what "all" covers and reports heavy without a
	// target.
	set.Config.Classes = []EditClass{Verbatim, Heavy}
	rep := NewPlantedReport(set, dets, "test", nil)
	var b strings.Builder
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| heavy | ≥150 | 1 | 1 | 3 | 1 |",
		`Rows "all" cover verbatim only; heavy is scored on its own rows`,
		"- heavy, ≥150 characters: precision 0.667, recall 0.625, granularity 2.000: reported, no target",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
	if !slices.Equal(rep.AllClasses, []EditClass{Verbatim}) {
		t.Errorf("report's AllClasses %v", rep.AllClasses)
	}
}

func TestCheckTargets(t *testing.T) {
	rows := []PlantedRow{
		{Class: "verbatim", Length: "≥150", PANScore: PANScore{Cases: 10, Precision: 0.99, Recall: 0.98, Granularity: 1}},
		{Class: "light", Length: "≥150", PANScore: PANScore{Cases: 10, Precision: 0.95, Recall: 0.89, Granularity: 1}},
		{Class: "heavy", Length: "≥150", PANScore: PANScore{Cases: 10, Precision: 1, Recall: 1, Granularity: 1}},
	}
	got := CheckTargets(rows)
	if len(got) != 3 || !got[0].Met || got[1].Met || got[2].Met || !got[2].NoTarget || got[2].Score.Cases != 10 {
		t.Errorf("CheckTargets = %+v, want verbatim met, light not, heavy reported with no target", got)
	}
}

// rowScore returns the scores of the row of rows for class and length,
// failing t if there is none.
func rowScore(t *testing.T, rows []PlantedRow, class, length string) PANScore {
	t.Helper()
	for _, r := range rows {
		if r.Class == class && r.Length == length {
			return r.PANScore
		}
	}
	t.Fatalf("no row %s %s", class, length)
	return PANScore{}
}
