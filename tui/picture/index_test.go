package picture

import (
	"slices"
	"testing"

	"varn/model"
)

// Without words, Match filters by the criteria alone and builds no text
// index; its result is the model's search, R2 included: a milieu
// criterion never selects an observation about an individual.
func TestMatchWithoutTextBuildsNoIndex(t *testing.T) {
	obs := sampleObs(40)
	for i, o := range obs {
		switch i % 4 {
		case 1:
			o.Dimension = model.DimensionIndividual
		case 2:
			o.Milieu = model.MilieuAutonomous
		case 3:
			o.Concern = model.ConcernHigh
		}
	}
	want := model.NewObservationIndex(obs)
	for _, line := range []string{"", "  ", "milieu:white_power", "concern:high", "dimension:individual"} {
		f, err := ParseFilter(line)
		if err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		ix := &Index{Obs: obs}
		got := ix.Match(nil, f)
		if ix.ix != nil {
			t.Errorf("%q: Match built the text index", line)
		}
		if w := want.Search(&f.ObservationFilter, f.Text, nil); !slices.Equal(got, w) {
			t.Errorf("%q: Match = %v, the model's search %v", line, got, w)
		}
		if line == "milieu:white_power" {
			for _, i := range got {
				if obs[i].Dimension == model.DimensionIndividual {
					t.Errorf("a milieu filter selected observation %d about an individual (R2)", i)
				}
			}
		}
	}
	// With words the text index is built and used.
	ix := &Index{Obs: obs}
	f, _ := ParseFilter(obs[6].Summary)
	if got := ix.Match(nil, f); ix.ix == nil || !slices.Contains(got, 6) {
		t.Errorf("a text search found %v (index built: %v)", got, ix.ix != nil)
	}
}
