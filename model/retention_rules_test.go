package model

import (
	"strings"
	"testing"
)

func TestParseRetentionRules(t *testing.T) {
	def := DefaultRetentionRules()
	tests := []struct {
		in      string
		want    RetentionRules
		wantErr string
	}{
		{`{}`, def, ""},
		{`{"closed_case_years":10}`, RetentionRules{10, def.IndividualObservationYears, def.IndividualMeasureYears}, ""},
		{`{"closed_case_years":0}`, def, "closed_case_years is 0"},
		{`{"individual_measure_years":101}`, def, "individual_measure_years is 101"},
		{`{"milieu_years":3}`, def, "not valid JSON rules"},
		{`not json`, def, "not valid JSON rules"},
	}
	for _, tt := range tests {
		got, err := ParseRetentionRules([]byte(tt.in))
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("ParseRetentionRules(%s) error = %v, want %q", tt.in, err, tt.wantErr)
		}
		if got != tt.want {
			t.Errorf("ParseRetentionRules(%s) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	r := RetentionRules{7, 2, 9}
	back, err := ParseRetentionRules(r.Encode())
	if err != nil || back != r {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

func TestPseudonymRequiredWithTitleSet(t *testing.T) {
	c := &Case{Subject: SubjectIndividual, Title: "Namn Namnsson", Intake: IntakeSchool, Priority: PriorityNormal,
		Status: CaseConcernReceived, Handler: OrgSchool, Opened: NewDate(2026, 1, 1),
		Concern: ConcernStatement{Text: "x", Level: ConcernLow}, LegalBasis: "x"}
	ps := Validate(c, nil)
	if p := ps.For("pseudonym"); len(p) != 1 || p[0].Msg != MsgPseudonymRequired {
		t.Errorf("pseudonym problems: %+v", p)
	}
	if p := ps.For("title"); len(p) != 1 || p[0].Msg != MsgNoTitleForPerson {
		t.Errorf("title problems: %+v", p)
	}
}
