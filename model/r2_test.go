package model

import (
	"slices"
	"testing"
)

// individualMeasure returns a valid individual-tier measure linked to the
// sample case.
func individualMeasure() *Measure {
	m := sampleRecords()[1].(*Measure)
	m.Tier, m.Type = TierIndividual, MeasureSupportPerson
	m.Case = sampleRecords()[2].Base().ID
	m.Milieus, m.Areas, m.TargetGroup = nil, nil, "En person (Person A-17)"
	return m
}

// TestValidateMilieuOnlyAboveTheIndividualTier proves R2 for measures: a
// milieu may name what a general or specific measure addresses, but an
// individual-tier measure carrying one is refused on the field
// "milieus", whatever milieu it is, with a message that says what to do.
func TestValidateMilieuOnlyAboveTheIndividualTier(t *testing.T) {
	tests := []struct {
		name    string
		tier    Tier
		milieus []Milieu
		refused bool
	}{
		{"general with milieus", TierGeneral, []Milieu{MilieuWhitePower, MilieuCrossMilieu}, false},
		{"specific with a milieu", TierSpecific, []Milieu{MilieuAutonomous}, false},
		{"specific without", TierSpecific, nil, false},
		{"individual without", TierIndividual, nil, false},
		{"individual with empty list", TierIndividual, []Milieu{}, false},
		{"individual with autonomous", TierIndividual, []Milieu{MilieuAutonomous}, true},
		{"individual with white power", TierIndividual, []Milieu{MilieuWhitePower}, true},
		{"individual with Islamist", TierIndividual, []Milieu{MilieuViolentIslamist}, true},
		{"individual with unclear", TierIndividual, []Milieu{MilieuUnclear}, true},
		{"individual with other", TierIndividual, []Milieu{MilieuOther}, true},
		{"individual with cross-milieu", TierIndividual, []Milieu{MilieuCrossMilieu}, true},
		{"individual with two", TierIndividual, []Milieu{MilieuAutonomous, MilieuCrossMilieu}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := sampleRecords()[1].(*Measure)
			if tt.tier == TierIndividual {
				m = individualMeasure()
			}
			m.Tier, m.Milieus = tt.tier, tt.milieus
			ps := Validate(m, nil)
			got := ps.For("milieus")
			if tt.refused != (len(got) == 1 && got[0].Msg == MsgIndividualMilieu) || len(ps) != len(got) {
				t.Fatalf("problems %v, want refused=%v on milieus only", ps, tt.refused)
			}
			if tt.refused {
				for _, l := range []Lang{Swedish, English} {
					if txt := got[0].Text(l); txt == string(MsgIndividualMilieu) || len(txt) < 40 {
						t.Errorf("%s: message %q", l, txt)
					}
				}
			}
			// Whatever is stored, an individual-tier measure lists none.
			if listed := m.ListedMilieus(); tt.tier == TierIndividual && len(listed) > 0 {
				t.Errorf("ListedMilieus() = %v for an individual-tier measure", listed)
			} else if tt.tier != TierIndividual && !slices.Equal(listed, tt.milieus) {
				t.Errorf("ListedMilieus() = %v, want %v", listed, tt.milieus)
			}
		})
	}
}

// TestCaseMilieuOnlyInTheConcern holds the other half of the decision:
// the case keeps the milieu inside its stated concern, and that is valid.
func TestCaseMilieuOnlyInTheConcern(t *testing.T) {
	c := validCase()
	c.Concern.Milieu = MilieuAutonomous
	if ps := Validate(c, nil); ps != nil {
		t.Fatalf("a case with a milieu in its concern is refused: %v", ps)
	}
}
