package main

import (
	"strings"
	"testing"

	"varn/model"
)

// caseJSON returns the JSON of a valid case about an individual.
func caseJSON(t *testing.T, pseudonym, concern string) string {
	t.Helper()
	c := &model.Case{Meta: model.Meta{TLP: model.TLPRed}, Subject: model.SubjectIndividual, Pseudonym: pseudonym,
		Intake: model.IntakeSchool, Priority: model.PriorityHigh, Status: model.CaseConcernReceived,
		Opened: model.NewDate(2026, 11, 2), Handler: model.OrgSocialServices,
		Concern:    model.ConcernStatement{Text: concern, Level: model.ConcernHigh, Milieu: model.MilieuAutonomous},
		LegalBasis: "SoL 14 kap."}
	b, err := model.Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// measureJSON returns the JSON of an individual-tier measure of case id
// with the given milieus.
func measureJSON(t *testing.T, caseID string, milieus ...model.Milieu) string {
	t.Helper()
	m := &model.Measure{Meta: model.Meta{TLP: model.TLPRed}, Title: "Stödperson", Tier: model.TierIndividual,
		Type: model.MeasureSupportPerson, Status: model.StatusOngoing, Org: model.OrgSocialServices,
		Case: model.ID(caseID), Milieus: milieus, Start: model.NewDate(2026, 11, 3)}
	b, err := model.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCLIRefusesPersonnummer: `record add` from JSON and `record import`
// refuse an identity number in the forms that got in before (a space, an
// en dash, a slash, full-width digits) and in split forms, on one line
// that names the record kind and the field, in the chosen language, and
// write nothing.
func TestCLIRefusesPersonnummer(t *testing.T) {
	c := newCLIT(t)
	c.init()
	forms := []string{"850101 1236", "850101–1236", "850101/1236", "８５０１０１－１２３６", "850101 12 36", "85 01 01-1236"}
	for _, pnr := range forms {
		c.v(obsJSON("Elev "+pnr+" delar propaganda"), "record", "add", "observation", "--json", "-").
			fails(t, 1, "observation is not valid: summary: The text looks like it holds a Swedish personal identity number")
	}
	c.v(caseJSON(t, "Person A-1", "Gäller 850101 1236"), "record", "add", "case", "--json", "-", "--lang", "sv").
		fails(t, 1, "case är inte giltig: concern.text: Texten ser ut att innehålla ett personnummer")
	c.v(caseJSON(t, "850101–1236", "Oro"), "record", "add", "case", "--json", "-").
		fails(t, 1, "case is not valid: pseudonym: The text looks like it holds")
	file := obsJSON("giltig") + "\n" + obsJSON("Gäller ８５０１０１－１２３６") + "\n"
	r := c.v(file, "record", "import", "-")
	r.fails(t, 1, "line 2: observation is not valid: summary: The text looks like it holds a Swedish personal identity number")
	if !strings.Contains(r.stderr, "nothing was imported") {
		t.Errorf("the import does not say nothing was imported: %q", r.stderr)
	}
	if n := len(lines(c.ok("", "record", "list").stdout)); n != 0 {
		t.Fatalf("refused records were written: %d in the vault", n)
	}
}

// TestCLIPseudonymLikeARealName: a case whose pseudonym looks like a real
// name is refused by `record add` and `record import` with a line naming
// the field and the flag that confirms it (without repeating the name);
// with the flag it is added. A made-up pseudonym needs no flag.
func TestCLIPseudonymLikeARealName(t *testing.T) {
	c := newCLIT(t)
	c.init()
	for _, name := range []string{"Erik Andersson", "erik andersson", "Anna-Karin Nilsson"} {
		r := c.v(caseJSON(t, name, "Oro för våld"), "record", "add", "case", "--json", "-")
		r.fails(t, 1, "case pseudonym: The pseudonym looks like a real name")
		if !strings.Contains(r.stderr, "--pseudonym-is-made-up") || strings.Contains(strings.ToLower(r.stderr), strings.ToLower(name)) {
			t.Errorf("%q: message %q", name, r.stderr)
		}
	}
	c.v(caseJSON(t, "Erik Andersson", "Oro för våld"), "record", "add", "case", "--json", "-", "--lang", "sv").
		fails(t, 1, "lägg till --pseudonym-is-made-up")
	c.v("\n"+caseJSON(t, "Erik Andersson", "Oro")+"\n", "record", "import", "-").
		fails(t, 1, "line 2: case pseudonym: The pseudonym looks like a real name")
	c.ok(caseJSON(t, "Erik Andersson", "Oro för våld"), "record", "add", "case", "--json", "-", "--pseudonym-is-made-up")
	c.ok(caseJSON(t, "Sara Lind", "Oro")+"\n", "record", "import", "-", "--pseudonym-is-made-up")
	for _, p := range []string{"Person A-1", "Elev 17", "P-23"} {
		c.ok(caseJSON(t, p, "Oro för våld"), "record", "add", "case", "--json", "-")
	}
}

// TestCLIRefusesMilieuOnIndividualMeasure: an individual-tier measure
// with a milieu is refused on the field "milieus", saying what to do; the
// same measure without it is added.
func TestCLIRefusesMilieuOnIndividualMeasure(t *testing.T) {
	c := newCLIT(t)
	c.init()
	id := strings.TrimSpace(c.ok(caseJSON(t, "Person A-1", "Oro för våld"), "record", "add", "case", "--json", "-").stdout)
	c.v(measureJSON(t, id, model.MilieuAutonomous), "record", "add", "measure", "--json", "-").
		fails(t, 1, "measure is not valid: milieus: An individual-tier measure carries no milieu (no registering people by opinion) – remove it")
	c.v(measureJSON(t, id, model.MilieuAutonomous)+"\n", "record", "import", "-", "--lang", "sv").
		fails(t, 1, "line 1: measure är inte giltig: milieus: En insats på individnivå anger ingen miljö")
	c.ok(measureJSON(t, id), "record", "add", "measure", "--json", "-")
}

// TestRecordOutputDropsPersonMilieu: `record get` and `record list --json`
// print an individual-tier measure stored before the R2 rule without its
// milieu, leave other measures' milieus, and do not change the record.
func TestRecordOutputDropsPersonMilieu(t *testing.T) {
	legacy := &model.Measure{Tier: model.TierIndividual, Milieus: []model.Milieu{model.MilieuAutonomous}, TargetGroup: "Person A-1"}
	b, err := model.Encode(shown(legacy))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "milieus") || strings.Contains(string(b), string(model.MilieuAutonomous)) {
		t.Errorf("printed with its milieu: %s", b)
	}
	if len(legacy.Milieus) != 1 {
		t.Error("shown changed the record")
	}
	spec := &model.Measure{Tier: model.TierSpecific, Milieus: []model.Milieu{model.MilieuAutonomous}}
	if shown(spec) != model.Record(spec) {
		t.Error("a specific measure was changed for output")
	}
}
