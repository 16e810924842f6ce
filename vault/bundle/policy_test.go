package bundle

import (
	"reflect"
	"testing"
	"time"

	"varn/model"
)

func TestPolicyAllows(t *testing.T) {
	rnd := seeded(5)
	obs := func(tlp model.TLP, origin string) *model.Observation { return observation(0, origin, tlp, rnd) }
	indiv := obs(model.TLPGreen, vaultA)
	indiv.Dimension = model.DimensionIndividual
	kase := &model.Case{Meta: model.Meta{ID: model.NewID(t0, rnd), Origin: vaultA, TLP: model.TLPAmber, Updated: t0}}
	indivMeasure := &model.Measure{Meta: model.Meta{ID: model.NewID(t0, rnd), Origin: vaultA, TLP: model.TLPGreen, Updated: t0}, Tier: model.TierIndividual}
	partner := &model.Partner{Meta: model.Meta{ID: model.NewID(t0, rnd), Origin: vaultA, TLP: model.TLPGreen}}
	old := obs(model.TLPGreen, vaultA)
	old.Updated = t0.Add(-48 * time.Hour)

	all := []model.Kind{model.KindObservation, model.KindMeasure, model.KindCase, model.KindPartner}
	base := Policy{Scope: Scope{Kinds: all, MaxTLP: model.TLPAmberStrict}, LocalVault: vaultA, RecipientName: "Lomma kommun"}
	withCases := base
	withCases.Scope.IncludeCases, withCases.CasesAllowed = true, true
	casesNotAllowed := base
	casesNotAllowed.Scope.IncludeCases = true
	noName := base
	noName.RecipientName = ""
	green := base
	green.Scope.MaxTLP = model.TLPGreen
	since := base
	since.Scope.Since = t0.Add(-time.Hour)
	onlyMeasures := base
	onlyMeasures.Scope.Kinds = []model.Kind{model.KindMeasure}

	tests := []struct {
		name string
		p    Policy
		r    model.Record
		want bool
	}{
		{"green observation", base, obs(model.TLPGreen, vaultA), true},
		{"red never", withCases, obs(model.TLPRed, vaultA), false},
		{"amber under amber+strict ceiling", base, obs(model.TLPAmber, vaultA), true},
		{"amber above green ceiling", green, obs(model.TLPAmber, vaultA), false},
		{"amber+strict to a named recipient", base, obs(model.TLPAmberStrict, vaultA), true},
		{"amber+strict without a named recipient", noName, obs(model.TLPAmberStrict, vaultA), false},
		{"amber+strict from another vault", base, obs(model.TLPAmberStrict, vaultB), false},
		{"amber from another vault: only its origin sends it", base, obs(model.TLPAmber, vaultB), false},
		{"kind not selected", onlyMeasures, obs(model.TLPGreen, vaultA), false},
		{"case by default", base, kase, false},
		{"case included but not allowed", casesNotAllowed, kase, false},
		{"case included and allowed", withCases, kase, true},
		{"individual observation by default", base, indiv, false},
		{"individual observation with cases", withCases, indiv, true},
		{"individual measure by default", base, indivMeasure, false},
		{"individual measure with cases", withCases, indivMeasure, true},
		{"partners never", withCases, partner, false},
		{"older than since", since, old, false},
		{"newer than since", since, obs(model.TLPGreen, vaultA), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := tt.p.Allows(tt.r)
			if ok != tt.want || (!ok && why == "") {
				t.Fatalf("Allows = %v, %q; want %v", ok, why, tt.want)
			}
		})
	}
	if err := casesNotAllowed.Check(); err == nil {
		t.Fatal("Check accepted cases not allowed by the legal basis")
	}
	if err := withCases.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestRedact(t *testing.T) {
	rnd := seeded(6)
	caseID := model.NewID(t0, rnd)
	o := observation(0, vaultA, model.TLPGreen, rnd)
	o.Cases = []model.ID{caseID}
	m := &model.Measure{Meta: model.Meta{Author: "anna"}, Contact: "Anna Andersson 070-1234567", Case: caseID,
		FollowUps: []model.FollowUp{{By: "Anna", Note: "ok"}}}
	mem := &model.Member{Meta: model.Meta{Author: "anna"}, Name: "Bo Berg", Phone: "070", Email: "bo@example.org"}
	meet := &model.Meeting{Minutes: "Vi talade om Person A-17", Attendees: []model.Attendee{{Name: "Gäst", Org: model.OrgPolice}},
		Decisions: []model.Decision{{Text: "x", Responsible: "Bo"}}}
	pic := &model.Picture{ApprovedBy: "Bo"}
	kase := &model.Case{Pseudonym: "Person A-17", Assessments: []model.Assessment{{By: "Anna", Summary: "s"}}}

	origO, origM := *o, *m
	origO.Cases = append([]model.ID(nil), o.Cases...)
	origFollow := m.FollowUps[0]

	ro, _ := Redact(o, false)
	if len(ro.(*model.Observation).Cases) != 0 || ro.Base().Author != "" {
		t.Error("observation keeps its case link or author")
	}
	ro2, _ := Redact(o, true)
	if len(ro2.(*model.Observation).Cases) != 1 {
		t.Error("observation loses its case link though cases are included")
	}
	rm, _ := Redact(m, false)
	if x := rm.(*model.Measure); x.Contact != "" || x.Case != "" || x.FollowUps[0].By != "" || x.FollowUps[0].Note != "ok" {
		t.Errorf("measure not redacted right: %+v", x)
	}
	rmem, _ := Redact(mem, true)
	if x := rmem.(*model.Member); x.Phone != "" || x.Email != "" || x.Name != "Bo Berg" {
		t.Errorf("member not redacted right: %+v", x)
	}
	rmeet, _ := Redact(meet, true)
	if x := rmeet.(*model.Meeting); x.Minutes != "" || x.Attendees[0].Name != "" || x.Attendees[0].Org != model.OrgPolice || x.Decisions[0].Responsible != "" {
		t.Errorf("meeting not redacted right: %+v", x)
	}
	rpic, _ := Redact(pic, false)
	if rpic.(*model.Picture).ApprovedBy != "Bo" {
		t.Error("a picture's approver was left out: it travels with a published picture")
	}
	if _, err := Redact(kase, false); err == nil {
		t.Error("case redacted for export without cases included")
	}
	rk, _ := Redact(kase, true)
	if x := rk.(*model.Case); x.Pseudonym != "Person A-17" || x.Assessments[0].By != "" {
		t.Errorf("case not redacted right: %+v", x)
	}
	if _, err := Redact(&model.Partner{}, true); err == nil {
		t.Error("partner redacted for export")
	}
	// The originals are untouched.
	if !reflect.DeepEqual(*o, origO) || m.Contact != origM.Contact || m.FollowUps[0] != origFollow || kase.Assessments[0].By != "Anna" ||
		meet.Attendees[0].Name != "Gäst" || meet.Decisions[0].Responsible != "Bo" {
		t.Error("Redact changed its input")
	}
}

// TestRedactDropsTheMilieuOfAnIndividualMeasure: a measure stored before
// the R2 rule with a milieu on the individual tier leaves without it,
// cases included or not; a specific measure keeps its milieus.
func TestRedactDropsTheMilieuOfAnIndividualMeasure(t *testing.T) {
	ind := &model.Measure{Tier: model.TierIndividual, Milieus: []model.Milieu{model.MilieuAutonomous}, TargetGroup: "Person A-1"}
	spec := &model.Measure{Tier: model.TierSpecific, Milieus: []model.Milieu{model.MilieuAutonomous}}
	for _, cases := range []bool{false, true} {
		r, err := Redact(ind, cases)
		if err != nil || len(r.(*model.Measure).Milieus) != 0 {
			t.Errorf("cases %v: individual measure leaves with milieus %v (%v)", cases, r.(*model.Measure).Milieus, err)
		}
		r, _ = Redact(spec, cases)
		if got := r.(*model.Measure).Milieus; len(got) != 1 {
			t.Errorf("cases %v: specific measure leaves with milieus %v", cases, got)
		}
	}
	if len(ind.Milieus) != 1 {
		t.Error("Redact changed its input")
	}
}
