package picture

import (
	"fmt"
	"strings"

	"varn/model"
	"varn/tui/common"
)

// Filter selects observations: the model's criteria and a free-text
// query. The zero Filter selects everything.
type Filter struct {
	model.ObservationFilter
	// Text holds words that must all occur in the area or summary.
	Text string
}

// ParseFilter reads a filter line of space-separated terms:
// milieu: dim: kind: area: source: concern: (at least) tlp: (at most)
// from: to: with machine codes, and free text. An unknown term or code
// is an error naming it, and the previous filter stays in force.
func ParseFilter(s string) (Filter, error) {
	var f Filter
	var text []string
	for _, t := range strings.Fields(s) {
		k, v, ok := strings.Cut(t, ":")
		if !ok || v == "" {
			text = append(text, t)
			continue
		}
		bad := func() error {
			return fmt.Errorf("picture: %s: unknown code %q", model.SanitizeLine(k), model.SanitizeLine(v))
		}
		switch k {
		case "milieu":
			if !model.Milieu(v).Valid() {
				return Filter{}, bad()
			}
			f.Milieus = []model.Milieu{model.Milieu(v)}
		case "dim", "dimension":
			if !model.Dimension(v).Valid() {
				return Filter{}, bad()
			}
			f.Dimensions = []model.Dimension{model.Dimension(v)}
		case "kind":
			if !model.ObservationKind(v).Valid() {
				return Filter{}, bad()
			}
			f.Kinds = []model.ObservationKind{model.ObservationKind(v)}
		case "area":
			f.Areas = []string{v}
		case "source":
			if !model.Org(v).Valid() {
				return Filter{}, bad()
			}
			f.Sources = []model.Org{model.Org(v)}
		case "concern":
			if !model.Concern(v).Valid() {
				return Filter{}, bad()
			}
			f.MinConcern = model.Concern(v)
		case "tlp":
			if !model.TLP(v).Valid() {
				return Filter{}, bad()
			}
			f.MaxTLP = model.TLP(v)
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
	first := func(s []string) string {
		if len(s) == 0 {
			return ""
		}
		return s[0]
	}
	add("milieu", string(firstOf(f.Milieus)))
	add("dim", string(firstOf(f.Dimensions)))
	add("kind", string(firstOf(f.Kinds)))
	add("area", first(f.Areas))
	add("source", string(firstOf(f.Sources)))
	add("concern", string(f.MinConcern))
	add("tlp", string(f.MaxTLP))
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

func firstOf[T ~string](s []T) T {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// Index holds the observations and the model's search index over them,
// so a keystroke of instant search is one scan of a pre-folded buffer.
// While the observations are still loading the search index is built
// only when a search needs it (see [Index.Match]).
//
// Obs may be the store's shared set (see [common.ObservationSet]): it is
// never changed in place; Put and Remove make a new slice.
type Index struct {
	Obs []*model.Observation
	ix  *model.ObservationIndex // over Obs; nil until needed
}

// NewIndex builds the index over obs (which it keeps).
func NewIndex(obs []*model.Observation) *Index {
	return &Index{Obs: obs, ix: model.NewObservationIndex(obs)}
}

// indexOf returns the index over the shared set s, building the set's
// search index (call it off the UI goroutine).
func indexOf(s *common.ObservationSet) *Index {
	return &Index{Obs: s.All, ix: s.Index()}
}

// add appends obs (a chunk of a load in progress); the search index is
// rebuilt when next needed.
func (ix *Index) add(obs []*model.Observation) {
	if len(obs) == 0 {
		return
	}
	ix.Obs = append(ix.Obs, obs...) // a slice of its own while loading
	ix.ix = nil
}

// Put adds or replaces o. The search index is rebuilt when next needed.
func (ix *Index) Put(o *model.Observation) {
	obs := make([]*model.Observation, len(ix.Obs), len(ix.Obs)+1)
	copy(obs, ix.Obs)
	found := false
	for i, p := range obs {
		if p.ID == o.ID {
			obs[i], found = o, true
			break
		}
	}
	if !found {
		obs = append(obs, o)
	}
	*ix = Index{Obs: obs}
}

// Remove drops the observation with id.
func (ix *Index) Remove(id model.ID) {
	obs := make([]*model.Observation, 0, len(ix.Obs))
	for _, p := range ix.Obs {
		if p.ID != id {
			obs = append(obs, p)
		}
	}
	*ix = Index{Obs: obs}
}

// Match returns the positions of the observations passing f, reusing
// dst's memory. As the model's search does, a milieu criterion or a text
// query never selects observations of dimension individual (R2).
func (ix *Index) Match(dst []int, f Filter) []int {
	if ix.ix == nil && strings.TrimSpace(f.Text) == "" {
		// No words: the criteria alone, as Search does, without building
		// the text index (a load chunk or a save would otherwise rebuild
		// it on the UI goroutine whenever the list is shown).
		dst = dst[:0]
		for i, o := range ix.Obs {
			if f.Match(o) {
				dst = append(dst, i)
			}
		}
		return dst
	}
	if ix.ix == nil {
		ix.ix = model.NewObservationIndex(ix.Obs)
	}
	return ix.ix.Search(&f.ObservationFilter, f.Text, dst)
}
