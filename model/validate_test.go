package model

import (
	"strings"
	"testing"
)

// validCase returns a valid individual case.
func validCase() *Case {
	return sampleRecords()[2].(*Case)
}

func TestValidateReportsEveryProblem(t *testing.T) {
	m := &Measure{Meta: Meta{TLP: TLPGreen}, Tier: TierIndividual, Type: "wrong", Start: d("2026-05-01"),
		NextFollowUp: d("2026-04-01"), End: d("2026-03-01"),
		FollowUps: []FollowUp{{Date: d("2026-01-01"), Effect: EffectNone}}}
	ps := Validate(m, nil)
	want := map[string]Msg{
		"title":              MsgRequired,
		"type":               MsgUnknownCode,
		"status":             MsgRequired,
		"org":                MsgRequired,
		"end":                MsgEndBeforeStart,
		"next_follow_up":     MsgFollowUpBeforeStart,
		"follow_ups[0].date": MsgFollowUpBeforeStart,
		"case":               MsgIndividualNeedsCase,
	}
	for f, msg := range want {
		got := ps.For(f)
		if len(got) == 0 || got[0].Msg != msg {
			t.Errorf("field %s: problems %v, want %s", f, got, msg)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(ps), len(want), ps)
	}
	p := ps.For("next_follow_up")[0]
	if got := p.Text(Swedish); got != "Uppföljningsdatum kan inte ligga före startdatum" {
		t.Errorf("sv: %q", got)
	}
	if got := p.Text(English); got != "Follow-up date cannot be before the start date" {
		t.Errorf("en: %q", got)
	}
	err := ps.Err(KindMeasure)
	if err == nil || !strings.HasPrefix(err.Error(), "model: invalid measure: ") {
		t.Errorf("Err() = %v", err)
	}
	var ve *ValidationError
	if !asValidation(err, &ve) || len(ve.Problems) != len(ps) {
		t.Errorf("Err() is not a *ValidationError carrying the problems")
	}
	if Problems(nil).Err(KindMeasure) != nil {
		t.Error("no problems must give a nil error")
	}
}

func asValidation(err error, ve **ValidationError) bool {
	v, ok := err.(*ValidationError)
	*ve = v
	return ok
}

func TestValidateRules(t *testing.T) {
	caseID := NewID(testNow, fixedRand(3))
	measureID := NewID(testNow, fixedRand(2))
	obsID := NewID(testNow, fixedRand(1))
	kinds := map[ID]Kind{caseID: KindCase, measureID: KindMeasure, obsID: KindObservation}
	resolve := func(id ID) (Kind, bool) { k, ok := kinds[id]; return k, ok }
	missing := NewID(testNow, fixedRand(99))
	tests := []struct {
		name  string
		r     func() Record
		field string
		msg   Msg
	}{
		{"individual needs pseudonym", func() Record { c := validCase(); c.Pseudonym = " "; return c }, "pseudonym", MsgPseudonymRequired},
		{"pseudonym too short to mask", func() Record { c := validCase(); c.Pseudonym = "K2"; return c }, "pseudonym", MsgPseudonymShort},
		{"individual has no title", func() Record { c := validCase(); c.Title = "Anna Andersson"; return c }, "title", MsgNoTitleForPerson},
		{"area case needs title", func() Record { c := validCase(); c.Subject = SubjectArea; c.Pseudonym = ""; return c }, "title", MsgRequired},
		{"pseudonym only for individuals", func() Record { c := validCase(); c.Subject = SubjectGroup; c.Title = "Gruppen"; return c }, "pseudonym", MsgPseudonymOnly},
		{"personnummer in concern", func() Record { c := validCase(); c.Concern.Text = "Gäller 080512-1234."; return c }, "concern.text", MsgPersonnummer},
		{"personnummer 12 digits", func() Record { c := validCase(); c.LegalBasis = "pnr 200805121233"; return c }, "legal_basis", MsgPersonnummer},
		{"personnummer as pseudonym", func() Record { c := validCase(); c.Pseudonym = "19080512-1234"; return c }, "pseudonym", MsgPersonnummer},
		{"personnummer in observation", func() Record { o := sampleRecords()[0].(*Observation); o.Summary = "x 0805121233"; return o }, "summary", MsgPersonnummer},
		{"closed needs reason", func() Record { c := validCase(); c.Status = CaseClosed; c.Closed = d("2026-10-01"); return c }, "closing_reason", MsgClosingReason},
		{"closed needs date", func() Record { c := validCase(); c.Status = CaseClosed; c.ClosingReason = ClosedGoalsMet; return c }, "closed", MsgClosedDate},
		{"reason only when closed", func() Record { c := validCase(); c.ClosingReason = ClosedMoved; return c }, "closing_reason", MsgClosingReasonOpen},
		{"closed before opened", func() Record {
			c := validCase()
			c.Status, c.ClosingReason, c.Closed = CaseClosed, ClosedMoved, d("2026-01-01")
			return c
		}, "closed", MsgClosedBeforeOpened},
		{"legal basis required", func() Record { c := validCase(); c.LegalBasis = ""; return c }, "legal_basis", MsgRequired},
		{"duplicate rating area", func() Record {
			c := validCase()
			c.Assessments[0].Ratings = append(c.Assessments[0].Ratings, AreaRating{AreaViolenceIntent, RatingLow})
			return c
		}, "assessments[0].ratings[2].area", MsgDuplicate},
		{"unknown concern milieu", func() Record { c := validCase(); c.Concern.Milieu = "nazi"; return c }, "concern.milieu", MsgUnknownCode},
		{"link to missing", func() Record { c := validCase(); c.Measures = []ID{missing}; return c }, "measures[0]", MsgLinkMissing},
		{"link to wrong kind", func() Record { c := validCase(); c.Measures = []ID{obsID}; return c }, "measures[0]", MsgLinkWrongKind},
		{"duplicate link", func() Record { c := validCase(); c.Measures = []ID{measureID, measureID}; return c }, "measures[1]", MsgLinkDuplicate},
		{"bad id", func() Record { c := validCase(); c.Measures = []ID{"nope"}; return c }, "measures[0]", MsgBadID},
		{"self link", func() Record { o := sampleRecords()[0].(*Observation); o.Groups = []ID{o.ID}; return o }, "groups[0]", MsgLinkSelf},
		{"individual obs one case", func() Record {
			o := sampleRecords()[0].(*Observation)
			o.Dimension = DimensionIndividual
			o.Cases = []ID{caseID, NewID(testNow, fixedRand(5))}
			kinds[o.Cases[1]] = KindCase
			return o
		}, "cases", MsgOneCaseOnly},
		{"case link only for individual tier", func() Record { m := sampleRecords()[1].(*Measure); m.Case = caseID; return m }, "case", MsgCaseNeedsIndividual},
		{"too long", func() Record {
			o := sampleRecords()[0].(*Observation)
			o.Summary = strings.Repeat("å", MaxText+1)
			return o
		}, "summary", MsgTooLong},
		{"escape in text", func() Record { o := sampleRecords()[0].(*Observation); o.Summary = "a\x1b[2Jb"; return o }, "summary", MsgBadCharacters},
		{"bidi in text", func() Record { o := sampleRecords()[0].(*Observation); o.Area = "a\u202eb"; return o }, "area", MsgBadCharacters},
		{"newline in one-line field", func() Record { o := sampleRecords()[0].(*Observation); o.Area = "a\nb"; return o }, "area", MsgSingleLine},
		{"insane date", func() Record {
			o := sampleRecords()[0].(*Observation)
			o.Observed = d("1066-10-14")
			o.ObservedTo = Date{}
			return o
		}, "observed", MsgDateRange},
		{"period end before start", func() Record { o := sampleRecords()[0].(*Observation); o.ObservedTo = d("2026-01-01"); return o }, "observed_to", MsgEndBeforeStart},
		{"observed required", func() Record {
			o := sampleRecords()[0].(*Observation)
			o.Observed = Date{}
			o.ObservedTo = Date{}
			return o
		}, "observed", MsgRequired},
		{"negative reach", func() Record { m := sampleRecords()[1].(*Measure); m.Reach.BoysMen = -1; return m }, "reach.boys_men", MsgNegative},
		{"duplicate milieu", func() Record {
			m := sampleRecords()[1].(*Measure)
			m.Milieus = []Milieu{MilieuOther, MilieuOther}
			return m
		}, "milieus[1]", MsgDuplicate},
		{"picture needs a milieu", func() Record { p := sampleRecords()[5].(*Picture); p.Milieus = nil; return p }, "milieus", MsgPictureNoMilieu},
		{"picture level out of range", func() Record { p := sampleRecords()[5].(*Picture); p.Milieus[0].Activity = 5; return p }, "milieus[0].activity", MsgUnknownCode},
		{"published needs approver", func() Record { p := sampleRecords()[5].(*Picture); p.ApprovedBy = ""; return p }, "approved_by", MsgApproverRequired},
		{"attendee needs member or name", func() Record { m := sampleRecords()[4].(*Meeting); m.Attendees[0].Member = ""; return m }, "attendees[0]", MsgAttendeeEmpty},
		{"decision needs body", func() Record { m := sampleRecords()[4].(*Meeting); m.Decisions[0].Body = ""; return m }, "decisions[0].body", MsgRequired},
		{"partner recipient", func() Record {
			p := sampleRecords()[6].(*Partner)
			p.Recipients = []string{"ssh-ed25519 AAAA"}
			return p
		}, "recipients[0]", MsgRecipientInvalid},
		{"partner needs recipient", func() Record { p := sampleRecords()[6].(*Partner); p.Recipients = nil; return p }, "recipients", MsgRequired},
		{"member email", func() Record { m := sampleRecords()[3].(*Member); m.Email = "kim.example"; return m }, "email", MsgEmailInvalid},
		{"tlp required", func() Record { m := sampleRecords()[3].(*Member); m.TLP = ""; return m }, "tlp", MsgRequired},
		{"tlp unknown", func() Record { m := sampleRecords()[3].(*Member); m.TLP = "purple"; return m }, "tlp", MsgUnknownCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r()
			ps := Validate(r, resolve)
			got := ps.For(tt.field)
			if len(got) == 0 {
				t.Fatalf("no problem on %s; all: %v", tt.field, ps)
			}
			if got[0].Msg != tt.msg {
				t.Errorf("%s: %s, want %s", tt.field, got[0].Msg, tt.msg)
			}
			for _, p := range ps {
				for _, l := range []Lang{Swedish, English} {
					if s := p.Text(l); s == "" || strings.HasPrefix(s, "validate.") || strings.Contains(s, "%!") {
						t.Errorf("problem %v renders badly in %s: %q", p, l, s)
					}
				}
			}
		})
	}
}

func TestValidateSamplesWithLinks(t *testing.T) {
	kinds := map[ID]Kind{}
	for _, r := range sampleRecords() {
		kinds[r.Base().ID] = r.Kind()
	}
	resolve := func(id ID) (Kind, bool) { k, ok := kinds[id]; return k, ok }
	// The samples link each other by IDs made the same way.
	for _, r := range sampleRecords() {
		if ps := Validate(r, resolve); ps != nil {
			t.Errorf("%s: %v", r.Kind(), ps.Err(r.Kind()))
		}
	}
}

func TestValidateChangeFrozenPicture(t *testing.T) {
	old := sampleRecords()[5].(*Picture)
	same := sampleRecords()[5].(*Picture)
	same.Version++
	same.RetainUntil = d("2031-12-31")
	if ps := ValidateChange(old, same, nil); ps != nil {
		t.Errorf("metadata change of a published picture refused: %v", ps)
	}
	changed := sampleRecords()[5].(*Picture)
	changed.Milieus[0].Activity = LevelOrganised
	if ps := ValidateChange(old, changed, nil); !ps.Has("published") {
		t.Errorf("change of a published picture allowed: %v", ps)
	}
	draft := sampleRecords()[5].(*Picture)
	draft.Published = draft.Published.AddDate(-100, 0, 0)
	draft.Published = draft.Published.AddDate(100, 0, 0)
	other := sampleRecords()[3]
	if ps := ValidateChange(old, other, nil); !ps.Has("record") {
		t.Errorf("kind change allowed: %v", ps)
	}
}
