package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/churnalism/churn"
)

// PlantedReport is the outcome of a planted-reuse evaluation.
type PlantedReport struct {
	Origin   string `json:"origin"`
	Seed     uint64 `json:"seed"`
	Articles int    `json:"articles"`
	Pool     int    `json:"pool"`
	Corpora  int    `json:"corpora"`
	Docs     int    `json:"documents"`
	// Detector names what produced the detections: "churn.Analyze" or
	// the passage aligner on every pair.
	Detector string `json:"detector"`
	// Options are the options Analyze used; Settings the same, printable.
	Options  churn.Options `json:"-"`
	Settings OptionValues  `json:"options"`
	// Classes are the edit classes planted; AllClasses those the rows
	// "all" cover (PlantConfig.AllClasses).
	Classes    []EditClass  `json:"classes"`
	AllClasses []EditClass  `json:"all_classes"`
	Rows       []PlantedRow `json:"rows"`
	Targets    []Target     `json:"targets"`
}

// NewPlantedReport scores dets against set and assembles a report. opts
// are the options churn.Analyze used, or nil if the detections came from
// elsewhere (DetectAligner).
func NewPlantedReport(set *PlantedSet, dets []Annotation, detector string, opts *churn.Options) *PlantedReport {
	r := &PlantedReport{
		Origin: set.Origin, Seed: set.Config.Seed, Articles: set.Articles, Pool: set.Pool,
		Corpora: len(set.Corpora), Detector: detector,
		Classes: set.Config.Classes, AllClasses: set.Config.AllClasses(),
	}
	if opts != nil {
		r.Options, r.Settings = *opts, Settings(*opts)
	}
	for _, c := range set.Corpora {
		r.Docs += len(c.Docs)
	}
	r.Rows = ScorePlanted(set, dets)
	r.Targets = CheckTargets(r.Rows)
	return r
}

// allNote returns a sentence saying which classes the rows "all" cover,
// or "" if they cover every class planted.
func allNote(classes, all []EditClass) string {
	if len(all) == len(classes) {
		return ""
	}
	var left []string
	for _, c := range classes {
		if !slices.Contains(all, c) {
			left = append(left, string(c))
		}
	}
	return fmt.Sprintf("Rows \"all\" cover %s only; %s is scored on its own rows and left out of them, so that they stay comparable with figures from before that class.\n",
		joinClasses(all), strings.Join(left, " and "))
}

func joinClasses(cs []EditClass) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, " and ")
}

// WriteMarkdown prints the report as Markdown: a sentence on the data, a
// table of the scores, a note on what the rows "all" cover if they leave
// a class out, and the targets.
func (r *PlantedReport) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Planted reuse: seed %d, %d corpora, %d documents built from %s; %d of %d articles share no text with one another and form the pool.\n\n",
		r.Seed, r.Corpora, r.Docs, r.Origin, r.Pool, r.Articles)
	if len(r.Settings) > 0 {
		fmt.Fprintf(&b, "Detector: %s with %s\n\n", r.Detector, r.Settings)
	} else {
		fmt.Fprintf(&b, "Detector: %s\n\n", r.Detector)
	}
	b.WriteString("| class | length | cases | detected | detections | false pos. | precision | recall | granularity | plagdet |\n")
	b.WriteString("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	for _, row := range r.Rows {
		bold := ""
		if row.Length == "all" {
			bold = "**"
		}
		fmt.Fprintf(&b, "| %s%s%s | %s%s%s | %d | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |\n",
			bold, row.Class, bold, bold, row.Length, bold, row.Cases, row.Detected, row.Detections, row.FalsePositives,
			row.Precision, row.Recall, row.Granularity, row.PlagDet)
	}
	if note := allNote(r.Classes, r.AllClasses); note != "" {
		b.WriteString("\n" + note)
	}
	if len(r.Targets) > 0 {
		b.WriteString("\nTargets:\n\n")
		for _, t := range r.Targets {
			if t.NoTarget {
				fmt.Fprintf(&b, "- %s, %s characters: precision %.3f, recall %.3f, granularity %.3f: reported, no target\n",
					t.Class, t.Length, t.Score.Precision, t.Score.Recall, t.Score.Granularity)
				continue
			}
			mark := "not met"
			if t.Met {
				mark = "met"
			}
			fmt.Fprintf(&b, "- %s, %s characters: precision %.3f (≥ %.2f), recall %.3f (≥ %.2f), granularity %.3f (≤ %.1f): **%s**\n",
				t.Class, t.Length, t.Score.Precision, t.MinPrecision, t.Score.Recall, t.MinRecall, t.Score.Granularity, t.MaxGranularity, mark)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SweepResult is the score of one setting of churn.Options on a planted
// set.
type SweepResult struct {
	Options  churn.Options `json:"-"`       // with defaults filled in
	Settings OptionValues  `json:"options"` // Options, printable
	// AllClasses are the edit classes the rows "all" cover
	// (PlantConfig.AllClasses).
	AllClasses []EditClass  `json:"all_classes"`
	Rows       []PlantedRow `json:"rows"`
	Targets    []Target     `json:"targets"`
}

// Sweep runs Detect and ScorePlanted on set for each of opts.
func Sweep(set *PlantedSet, opts []churn.Options) ([]SweepResult, error) {
	out := make([]SweepResult, 0, len(opts))
	for _, o := range opts {
		dets, used, err := Detect(set, o)
		if err != nil {
			return nil, err
		}
		rows := ScorePlanted(set, dets)
		out = append(out, SweepResult{Options: used, Settings: Settings(used), AllClasses: set.Config.AllClasses(), Rows: rows, Targets: CheckTargets(rows)})
	}
	return out, nil
}

// SweepOptions returns the settings Sweep is run on by churn-eval
// planted -sweep: base, then base with one value changed at a time
// (shingle length K, MinPassage, MaxGap, Window, MinFingerprints,
// Containment, ReportPassage and KeepLists), and the two candidate
// settings that matter most for short passages together.
func SweepOptions(base churn.Options) []churn.Options {
	with := func(f func(*churn.Options)) churn.Options {
		o := base
		f(&o)
		return o
	}
	out := []churn.Options{base}
	for _, k := range []int{7, 8, 10, 12} {
		out = append(out, with(func(o *churn.Options) { o.K = k }))
	}
	for _, n := range []int{40, 60} {
		out = append(out, with(func(o *churn.Options) { o.MinPassage = n }))
	}
	for _, g := range []int{20, 60, 80} {
		out = append(out, with(func(o *churn.Options) { o.MaxGap = g }))
	}
	for _, w := range []int{8, 16} {
		out = append(out, with(func(o *churn.Options) { o.Window = w }))
	}
	out = append(out,
		with(func(o *churn.Options) { o.MinFingerprints = 1 }),
		with(func(o *churn.Options) { o.Window, o.MinFingerprints = 16, 1 }),
		with(func(o *churn.Options) { o.Containment = 0.01 }),
		with(func(o *churn.Options) { o.ReportPassage = 50 }),
		with(func(o *churn.Options) { o.KeepLists = true }),
	)
	return out
}

// WriteSweep prints sweep results as a Markdown table: the settings that
// differ from the first result's, then precision, recall and granularity
// on passages of at least the second bucket edge for verbatim, light and
// (if planted) heavy edits, precision and recall on the shortest bucket
// and overall plagdet (both over the rows "all": PlantConfig.AllClasses),
// and the targets met.
func WriteSweep(w io.Writer, set *PlantedSet, res []SweepResult) error {
	cfg := set.Config
	long := "all"
	if len(cfg.Buckets) > 3 {
		long = fmt.Sprintf("≥%d", cfg.Buckets[1])
	}
	short := cfg.BucketName(0)
	find := func(rows []PlantedRow, class, length string) PANScore {
		for _, r := range rows {
			if r.Class == class && r.Length == length {
				return r.PANScore
			}
		}
		return PANScore{}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Planted reuse sweep: seed %d, %d cases in %d corpora built from %s.\n\n", cfg.Seed, len(set.Cases), len(set.Corpora), set.Origin)
	if len(res) > 0 {
		fmt.Fprintf(&b, "Base: %s\n\n", res[0].Settings)
	}
	heavy := slices.Contains(cfg.Classes, Heavy)
	heavyHead, heavyRule := "", ""
	if heavy {
		heavyHead, heavyRule = fmt.Sprintf(" heavy %s P / R / G |", long), "---|"
	}
	fmt.Fprintf(&b, "| change | verbatim %s P / R / G | light %s P / R / G |%s %s P / R | plagdet | targets met |\n", long, long, heavyHead, short)
	b.WriteString("|---|---|---|" + heavyRule + "---|--:|---|\n")
	for _, r := range res {
		var changed []string
		for i, v := range r.Settings {
			if len(res[0].Settings) > i && v != res[0].Settings[i] {
				changed = append(changed, fmt.Sprintf("%s=%v", v.Name, v.Value))
			}
		}
		if len(changed) == 0 {
			changed = []string{"base"}
		}
		vs, ls, ss, all := find(r.Rows, string(Verbatim), long), find(r.Rows, string(Light), long), find(r.Rows, "all", short), find(r.Rows, "all", "all")
		var met []string
		for _, t := range r.Targets {
			if t.Met {
				met = append(met, string(t.Class))
			}
		}
		if len(met) == 0 {
			met = []string{"none"}
		}
		heavyCell := ""
		if heavy {
			hs := find(r.Rows, string(Heavy), long)
			heavyCell = fmt.Sprintf(" %.3f / %.3f / %.3f |", hs.Precision, hs.Recall, hs.Granularity)
		}
		fmt.Fprintf(&b, "| %s | %.3f / %.3f / %.3f | %.3f / %.3f / %.3f |%s %.3f / %.3f | %.3f | %s |\n",
			strings.Join(changed, " "), vs.Precision, vs.Recall, vs.Granularity, ls.Precision, ls.Recall, ls.Granularity,
			heavyCell, ss.Precision, ss.Recall, all.PlagDet, strings.Join(met, ", "))
	}
	if note := allNote(cfg.Classes, cfg.AllClasses()); note != "" {
		fmt.Fprintf(&b, "\nThe %s and plagdet columns are over the rows \"all\". %s", short, note)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// OptionValue is one setting of a churn.Options.
type OptionValue struct {
	Name  string
	Value any
}

// OptionValues are the settings of a churn.Options that can be printed,
// in the order the fields are declared.
type OptionValues []OptionValue

// Settings returns the exported fields of o that hold numbers, strings
// or booleans (not callbacks such as a progress function).
func Settings(o churn.Options) OptionValues {
	var out OptionValues
	v := reflect.ValueOf(o)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		switch f.Type.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64, reflect.String:
			out = append(out, OptionValue{f.Name, v.Field(i).Interface()})
		}
	}
	return out
}

// String returns the settings as "Name=value" separated by spaces.
func (vs OptionValues) String() string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%s=%v", v.Name, v.Value)
	}
	return strings.Join(parts, " ")
}

// MarshalJSON writes the settings as one object, in field order.
func (vs OptionValues) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(v.Name)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		val, err := json.Marshal(v.Value)
		if err != nil {
			return nil, fmt.Errorf("eval: option %s: %w", v.Name, err)
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
