package model_test

import (
	"fmt"
	"time"

	"varn/model"
)

func Example() {
	r, _ := model.New(model.KindObservation)
	o := r.(*model.Observation)
	o.Milieu = model.MilieuWhitePower
	o.Dimension = model.DimensionGroup
	o.ObsKind = model.ObsActivity
	o.Source = model.OrgPolice
	o.Concern = model.ConcernModerate
	o.Observed = model.NewDate(2026, time.November, 20)
	o.Summary = "Flygblad vid Gläntans skola."

	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	model.Prepare(o, now, "sakchef", "01JDEMOVAULT", nil)
	if ps := model.Validate(o, nil); ps != nil {
		fmt.Println(ps.Err(o.Kind()))
		return
	}
	b, _ := model.Encode(o)
	back, _ := model.Decode(b)
	fmt.Println(back.Kind(), back.(*model.Observation).Milieu.Label(model.Swedish))
	// Output: observation Vit makt-miljön
}

func ExampleDecode() {
	_, err := model.Decode([]byte(`{"record":"observation","milieu":"nazi"}`))
	fmt.Println(err)
	// Output: model: observation.milieu: unknown code "nazi"
}

func ExampleValidate() {
	m := &model.Measure{
		Meta: model.Meta{TLP: model.TLPGreen}, Title: "Samtalsgrupp", Tier: model.TierSpecific,
		Type: model.MeasureDialogue, Status: model.StatusOngoing, Org: model.OrgCultureLeisure,
		Start:        model.NewDate(2026, time.September, 1),
		NextFollowUp: model.NewDate(2026, time.August, 1),
	}
	for _, p := range model.Validate(m, nil) {
		fmt.Printf("%s: %s / %s\n", p.Field, p.Text(model.Swedish), p.Text(model.English))
	}
	// Output: next_follow_up: Uppföljningsdatum kan inte ligga före startdatum / Follow-up date cannot be before the start date
}

func ExampleSanitize() {
	fmt.Printf("%q\n", model.Sanitize("Gläntan \x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eåäö 🙂"))
	// Output: "Gläntan åäö 🙂"
}

func ExampleLang_T() {
	fmt.Println(model.Swedish.T(model.TierIndividual.Msg()))
	fmt.Println(model.English.T(model.MsgTooLong, 200))
	// Output:
	// Individnivå
	// The text is too long (at most 200 characters)
}

func ExampleCaseKeyOf() {
	c := &model.Case{Meta: model.Meta{ID: "01JCASE0000000000000000000"}}
	m := &model.Measure{Tier: model.TierIndividual, Case: c.ID}
	id, ok := model.CaseKeyOf(m)
	fmt.Println(id, ok)
	// Output: 01JCASE0000000000000000000 true
}

func ExampleSuppressRow() {
	cells, total := model.SuppressRow([]int{12, 3, 0, 7}, model.DefaultSuppressThreshold)
	fmt.Println(cells, total)
	// Output: [12 < 5 0 ≥ 5] 22
}

func ExampleParseQuarter() {
	q, _ := model.ParseQuarter("2026Q3")
	fmt.Println(q.Start(), q.End(), q.Next())
	// Output: 2026-07-01 2026-09-30 2026Q4
}

func ExampleDate_AddMonths() {
	d, _ := model.ParseDate("2026-01-31")
	fmt.Println(d.AddMonths(1), model.NextFollowUpAfter(d))
	// Output: 2026-02-28 2026-04-30
}

func ExampleNewOverview() {
	today := model.NewDate(2026, time.November, 22)
	obs := []*model.Observation{
		{Milieu: model.MilieuAutonomous, Dimension: model.DimensionArea, Concern: model.ConcernHigh, Observed: today},
		{Milieu: model.MilieuAutonomous, Dimension: model.DimensionArea, Concern: model.ConcernLow, Observed: today},
	}
	v := model.NewOverview(obs, today, time.Time{})
	fmt.Println(v.Cells[1][1].Count, v.Cells[1][1].Highest, v.Weekly[1][model.Weeks-1])
	// Output: 2 high 2
}
