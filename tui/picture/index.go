package picture

import (
	"fmt"
	"slices"
	"strings"

	"varn/model"
)

// Filter selects observations. Zero fields match everything.
type Filter struct {
	Milieu    model.Milieu
	Dimension model.Dimension
	Kind      model.ObservationKind
	Area      string // lower case, substring
	Source    model.Org
	Concern   model.Concern // this level or higher
	TLP       model.TLP
	From, To  model.Date // inclusive
	Text      string     // lower case words, all must match
}

// ParseFilter reads a filter line of space-separated terms:
// milieu: dim: kind: area: source: concern: (at least) tlp: from: to:
// with machine codes, and free text. An unknown term or code is an error
// naming it, and the previous filter stays in force.
func ParseFilter(s string) (Filter, error) {
	var f Filter
	var text []string
	for _, t := range strings.Fields(s) {
		k, v, ok := strings.Cut(t, ":")
		if !ok || v == "" {
			text = append(text, strings.ToLower(t))
			continue
		}
		bad := func() error {
			return fmt.Errorf("picture: %s: unknown code %q", k, model.SanitizeLine(v))
		}
		switch k {
		case "milieu":
			f.Milieu = model.Milieu(v)
			if !f.Milieu.Valid() {
				return Filter{}, bad()
			}
		case "dim", "dimension":
			f.Dimension = model.Dimension(v)
			if !f.Dimension.Valid() {
				return Filter{}, bad()
			}
		case "kind":
			f.Kind = model.ObservationKind(v)
			if !f.Kind.Valid() {
				return Filter{}, bad()
			}
		case "area":
			f.Area = strings.ToLower(v)
		case "source":
			f.Source = model.Org(v)
			if !f.Source.Valid() {
				return Filter{}, bad()
			}
		case "concern":
			f.Concern = model.Concern(v)
			if !f.Concern.Valid() {
				return Filter{}, bad()
			}
		case "tlp":
			f.TLP = model.TLP(v)
			if !f.TLP.Valid() {
				return Filter{}, bad()
			}
		case "from", "to":
			d, err := model.ParseDate(v)
			if err != nil {
				return Filter{}, fmt.Errorf("picture: %s: want a date like 2026-01-31, got %q", k, model.SanitizeLine(v))
			}
			if k == "from" {
				f.From = d
			} else {
				f.To = d
			}
		default:
			return Filter{}, fmt.Errorf("picture: unknown filter %q (use milieu:, dim:, kind:, area:, source:, concern:, tlp:, from:, to:)", model.SanitizeLine(k))
		}
	}
	f.Text = strings.Join(text, " ")
	return f, nil
}

// String renders the filter back to its line form.
func (f Filter) String() string {
	var p []string
	add := func(k, v string) {
		if v != "" {
			p = append(p, k+":"+v)
		}
	}
	add("milieu", string(f.Milieu))
	add("dim", string(f.Dimension))
	add("kind", string(f.Kind))
	add("area", f.Area)
	add("source", string(f.Source))
	add("concern", string(f.Concern))
	add("tlp", string(f.TLP))
	if !f.From.IsZero() {
		add("from", f.From.String())
	}
	if !f.To.IsZero() {
		add("to", f.To.String())
	}
	if f.Text != "" {
		p = append(p, f.Text)
	}
	return strings.Join(p, " ")
}

// Index holds the observations with a pre-lowercased search text per
// record, so a keystroke of instant search is one substring scan.
type Index struct {
	Obs  []*model.Observation
	hay  []string
	area []string
}

// NewIndex builds the index. The search text is sanitised first, so what
// is matched is what is shown.
func NewIndex(obs []*model.Observation) *Index {
	ix := &Index{Obs: obs, hay: make([]string, len(obs)), area: make([]string, len(obs))}
	for i, o := range obs {
		ix.hay[i] = hayOf(o)
		ix.area[i] = strings.ToLower(o.Area)
	}
	return ix
}

func hayOf(o *model.Observation) string {
	return strings.ToLower(model.SanitizeLine(o.Summary) + "\x00" + model.SanitizeLine(o.Area) + "\x00" + string(o.ID) + "\x00" +
		string(o.Milieu) + "\x00" + string(o.Dimension) + "\x00" + string(o.ObsKind) + "\x00" + string(o.Source))
}

// Put adds or replaces o.
func (ix *Index) Put(o *model.Observation) {
	for i, p := range ix.Obs {
		if p.ID == o.ID {
			ix.Obs[i], ix.hay[i], ix.area[i] = o, hayOf(o), strings.ToLower(o.Area)
			return
		}
	}
	ix.Obs = append(ix.Obs, o)
	ix.hay = append(ix.hay, hayOf(o))
	ix.area = append(ix.area, strings.ToLower(o.Area))
}

// Remove drops the observation with id.
func (ix *Index) Remove(id model.ID) {
	for i, p := range ix.Obs {
		if p.ID == id {
			ix.Obs = slices.Delete(ix.Obs, i, i+1)
			ix.hay = slices.Delete(ix.hay, i, i+1)
			ix.area = slices.Delete(ix.area, i, i+1)
			return
		}
	}
}

// Match appends to dst the positions of the observations passing f.
func (ix *Index) Match(dst []int, f Filter) []int {
	words := strings.Fields(f.Text)
	minRank := 0
	if f.Concern != "" {
		minRank = f.Concern.Rank()
	}
	for i, o := range ix.Obs {
		if f.Milieu != "" && o.Milieu != f.Milieu ||
			f.Dimension != "" && o.Dimension != f.Dimension ||
			f.Kind != "" && o.ObsKind != f.Kind ||
			f.Source != "" && o.Source != f.Source ||
			f.TLP != "" && o.TLP != f.TLP ||
			f.Concern != "" && o.Concern.Rank() < minRank ||
			!f.From.IsZero() && o.Observed.Before(f.From) ||
			!f.To.IsZero() && o.Observed.After(f.To) ||
			f.Area != "" && !strings.Contains(ix.area[i], f.Area) {
			continue
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(ix.hay[i], w) {
				ok = false
				break
			}
		}
		if ok {
			dst = append(dst, i)
		}
	}
	return dst
}
