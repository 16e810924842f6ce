package picture

import (
	"strings"

	"varn/model"
	"varn/tui/common"
)

// field is one field of the observation form: either a choice among
// codes (cycled with ←/→/space) or free text.
type field struct {
	name    string // JSON field name, also the key of validation problems
	label   model.Msg
	choices []string // codes; nil for text
	labels  func(string) string
	value   []rune
	choice  int
	multi   bool // multi-line text (summary)
}

func (f *field) text() string {
	if f.choices != nil {
		return f.choices[f.choice]
	}
	return string(f.value)
}

func (f *field) set(v string) {
	if f.choices != nil {
		for i, c := range f.choices {
			if c == v {
				f.choice = i
				return
			}
		}
		return
	}
	f.value = []rune(v)
}

func codes[T ~string](all []T) []string {
	out := make([]string, len(all))
	for i, v := range all {
		out[i] = string(v)
	}
	return out
}

// form edits one observation.
type form struct {
	obs      *model.Observation // the record being edited (a copy), ID empty when new
	fields   []*field
	focus    int
	problems map[string]string
	dirty    bool
	saving   bool
}

func newForm(com *common.Common, o *model.Observation) *form {
	l := com.Lang
	lab := func(f func(string) string) func(string) string { return f }
	f := &form{obs: o, problems: map[string]string{}}
	f.fields = []*field{
		{name: "milieu", label: model.UIFieldMilieu, choices: codes(model.AllMilieus()), labels: lab(func(c string) string { return model.Milieu(c).Label(l) })},
		{name: "dimension", label: model.UIFieldDimension, choices: codes(model.AllDimensions()), labels: func(c string) string { return model.Dimension(c).Label(l) }},
		{name: "kind", label: model.UIFieldKind, choices: codes(model.AllObservationKinds()), labels: func(c string) string { return model.ObservationKind(c).Label(l) }},
		{name: "area", label: model.UIFieldArea},
		{name: "source", label: model.UIFieldSource, choices: codes(model.AllOrgs()), labels: func(c string) string { return model.Org(c).Label(l) }},
		{name: "reliability", label: model.UIFieldReliability, choices: append([]string{""}, codes(model.AllReliabilities())...), labels: func(c string) string {
			if c == "" {
				return "–"
			}
			return model.Reliability(c).Label(l)
		}},
		{name: "concern", label: model.UIFieldConcern, choices: codes(model.AllConcerns()), labels: func(c string) string { return concernSymbol(model.Concern(c)) + " " + model.Concern(c).Label(l) }},
		{name: "trend", label: model.UIFieldTrend, choices: codes(model.AllTrends()), labels: func(c string) string { return model.Trend(c).Label(l) }},
		{name: "observed", label: model.UIFieldObserved},
		{name: "tlp", label: model.UIFieldTLP, choices: codes(model.AllTLPs()), labels: func(c string) string { return model.TLP(c).Label(l) }},
		{name: "summary", label: model.UIFieldSummary, multi: true},
	}
	f.load(o)
	return f
}

func (f *form) byName(n string) *field {
	for _, x := range f.fields {
		if x.name == n {
			return x
		}
	}
	return nil
}

func (f *form) load(o *model.Observation) {
	f.byName("milieu").set(string(o.Milieu))
	f.byName("dimension").set(string(o.Dimension))
	f.byName("kind").set(string(o.ObsKind))
	f.byName("area").set(o.Area)
	f.byName("source").set(string(o.Source))
	f.byName("reliability").set(string(o.Reliability))
	f.byName("concern").set(string(o.Concern))
	f.byName("trend").set(string(o.Trend))
	if !o.Observed.IsZero() {
		f.byName("observed").set(o.Observed.String())
	}
	f.byName("tlp").set(string(o.TLP))
	f.byName("summary").set(o.Summary)
}

// values returns the form's fields by name (for drafts).
func (f *form) values() map[string]string {
	v := map[string]string{}
	for _, x := range f.fields {
		v[x.name] = x.text()
	}
	return v
}

func (f *form) setValues(v map[string]string) {
	for _, x := range f.fields {
		if s, ok := v[x.name]; ok {
			x.set(s)
		}
	}
}

// build returns the observation the form describes, and problems found
// while reading the fields (such as an unreadable date).
func (f *form) build(com *common.Common) (*model.Observation, map[string]string) {
	o := *f.obs
	probs := map[string]string{}
	o.Milieu = model.Milieu(f.byName("milieu").text())
	o.Dimension = model.Dimension(f.byName("dimension").text())
	o.ObsKind = model.ObservationKind(f.byName("kind").text())
	o.Area = strings.TrimSpace(f.byName("area").text())
	o.Source = model.Org(f.byName("source").text())
	o.Reliability = model.Reliability(f.byName("reliability").text())
	o.Concern = model.Concern(f.byName("concern").text())
	o.Trend = model.Trend(f.byName("trend").text())
	o.TLP = model.TLP(f.byName("tlp").text())
	o.Summary = strings.TrimSpace(f.byName("summary").text())
	o.Observed = model.Date{}
	if s := strings.TrimSpace(f.byName("observed").text()); s != "" {
		d, err := model.ParseDate(s)
		if err != nil {
			probs["observed"] = com.T(model.UIBadDate)
		} else {
			o.Observed = d
		}
	}
	return &o, probs
}
