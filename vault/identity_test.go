package vault

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"varn/model"
	"varn/vault/bundle"
)

// pnrForms are written forms of a personal identity number that got into
// a vault before (a space, an en dash, a slash, full-width digits) and
// split forms.
var pnrForms = []string{"850101 1236", "850101–1236", "850101/1236", "８５０１０１－１２３６", "850101 12 36", "85 01 01-1236"}

const pnrMessage = "The text looks like it holds a Swedish personal identity number"

// individualMeasure returns an individual-tier measure of case c as a
// vault written before the R2 rule may hold it: with a milieu.
func individualMeasure(c model.ID) *model.Measure {
	m := measureRec("Stödperson")
	m.Tier, m.Type, m.Case = model.TierIndividual, model.MeasureSupportPerson, c
	m.Milieus = []model.Milieu{model.MilieuAutonomous}
	m.TargetGroup = "Person A-1"
	return m
}

// TestBulkImportRefusesPersonnummer: an identity number in any written
// form, in a field of any kind of record, stops the whole import with an
// error naming the record's position, the field and what is wrong.
func TestBulkImportRefusesPersonnummer(t *testing.T) {
	v, _, _ := newVault(t)
	ctx := context.Background()
	for _, pnr := range pnrForms {
		cases := []struct {
			field string
			r     model.Record
		}{
			{"summary", observation("Elev " + pnr + " delar propaganda")},
			{"concern.text", caseRec("Gäller " + pnr)},
			{"title", measureRec("Samtal " + pnr)},
			{"name", member("Gäst " + pnr)},
		}
		for _, tc := range cases {
			recs := []model.Record{observation("giltig"), tc.r}
			n, err := v.Import(ctx, recs, nil)
			if err == nil || n != 0 {
				t.Errorf("%s = %q: imported %d, err %v", tc.field, pnr, n, err)
				continue
			}
			msg := err.Error()
			for _, want := range []string{"import record 2", tc.field + ": " + pnrMessage, "nothing was imported"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%s = %q: error %q lacks %q", tc.field, pnr, msg, want)
				}
			}
			if strings.Contains(msg, "1236") || strings.Contains(msg, "１２３６") {
				t.Errorf("the error repeats the number: %q", msg)
			}
		}
	}
	if got, _ := v.List(ctx, model.KindObservation); len(got) != 0 {
		t.Errorf("%d observations imported", len(got))
	}
}

// TestBulkImportRefusesMilieuOnIndividualMeasure: records exported from a
// vault written before the R2 rule, with a milieu on an individual-tier
// measure, are refused with a line that names the field and says what to
// do; nothing is imported.
func TestBulkImportRefusesMilieuOnIndividualMeasure(t *testing.T) {
	v, _, _ := newVault(t)
	ctx := context.Background()
	c := caseRec("Oro för våld")
	c.ID = model.NewID(time.Now(), nil)
	m := individualMeasure(c.ID)
	n, err := v.Import(ctx, []model.Record{c, m}, nil)
	if err == nil || n != 0 {
		t.Fatalf("imported %d, err %v", n, err)
	}
	want := "import record 2: model: invalid measure: milieus: An individual-tier measure carries no milieu"
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "remove it") {
		t.Errorf("error %q lacks %q", err, want)
	}
	// Without the milieu the same records import.
	m.Milieus = nil
	if n, err := v.Import(ctx, []model.Record{c, m}, nil); err != nil || n != 2 {
		t.Fatalf("control import: %d, %v", n, err)
	}
}

// TestBundleImportRefusesPersonnummerAndPersonMilieu: a partner's signed
// bundle holding a record with an identity number (in any written form)
// or an individual-tier measure with a milieu is refused as malformed,
// with one line naming the record, the field and the problem, and the
// vault is not changed. The same bundle without them is accepted.
func TestBundleImportRefusesPersonnummerAndPersonMilieu(t *testing.T) {
	a, b := pair(t)
	// Cases included, so the individual-tier measure is in scope and only
	// its milieu can refuse it.
	scope := bundle.Scope{Kinds: []model.Kind{model.KindObservation, model.KindMeasure}, MaxTLP: model.TLPAmber, IncludeCases: true}
	fa := &forger{t: t, from: a, to: b, toName: "Lomma kommun"}
	sign := func(recs ...model.Record) []byte { return fa.bundle(scope, recs...) }
	prep := func(r model.Record) model.Record {
		model.Prepare(r, time.Now(), "", a.ID(), nil)
		r.Base().TLP = model.TLPAmber
		return r
	}
	check := func(name, field, want string, file []byte) {
		t.Helper()
		before := snapshot(t, b)
		_, _, err := importBytes(b, file)
		if err == nil || !errors.Is(err, bundle.ErrMalformedRecord) {
			t.Errorf("%s: err = %v, want a malformed record", name, err)
			return
		}
		msg := err.Error()
		if !strings.Contains(msg, field+": "+want) || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q does not name %s on one line", name, msg, field)
		}
		if snapshot(t, b) != before {
			t.Errorf("%s: a refused bundle changed the vault", name)
		}
	}
	for _, pnr := range pnrForms {
		check("observation "+pnr, "summary", pnrMessage, sign(prep(observation("ok")), prep(observation("Elev "+pnr))))
		check("measure "+pnr, "description", pnrMessage, sign(prep(func() model.Record {
			m := measureRec("Insats")
			m.Description = "Gäller " + pnr
			return m
		}())))
	}
	check("individual measure with milieu", "milieus", "An individual-tier measure carries no milieu",
		sign(prep(individualMeasure(model.NewID(time.Now(), nil)))))
	// The control: the same kind of bundle without them is accepted.
	m := individualMeasure(model.NewID(time.Now(), nil))
	m.Milieus = nil
	if _, _, err := importBytes(b, sign(prep(observation("ok")), prep(m))); err != nil {
		t.Fatalf("good control bundle: %v", err)
	}
}
