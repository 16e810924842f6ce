package model

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// fixedRand is a deterministic randomness source for tests.
type fixedRand byte

func (f fixedRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(f)
	}
	return len(p), nil
}

var testNow = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func testMeta(kind byte, tlp TLP) Meta {
	return Meta{
		ID:      NewID(testNow, fixedRand(kind)),
		Origin:  "01JDEMO0VAULT00000000000000"[:26],
		Version: 3,
		Created: testNow.Add(-48 * time.Hour),
		Updated: testNow,
		Author:  "sakchef",
		TLP:     tlp,
	}
}

// sampleRecords returns one filled record of every kind.
func sampleRecords() []Record {
	measureID := NewID(testNow, fixedRand(2))
	obsID := NewID(testNow, fixedRand(1))
	memberID := NewID(testNow, fixedRand(4))
	return []Record{
		&Observation{Meta: testMeta(1, TLPAmber), Milieu: MilieuWhitePower, Dimension: DimensionGroup, ObsKind: ObsActivity,
			Area: "Norrbacka", Source: OrgPolice, Reliability: ReliabilityB, Credibility: Credibility2,
			Concern: ConcernModerate, Trend: TrendRising, Observed: d("2026-11-18"), ObservedTo: d("2026-11-20"),
			Summary: "Klistermärken från en fiktiv vit makt-grupp vid Gläntans skola; flyers i tre trappuppgångar.",
			Cases:   []ID{NewID(testNow, fixedRand(3))}, Measures: []ID{measureID}},
		&Measure{Meta: testMeta(2, TLPGreen), Title: "Samtalsgrupp på fritidsgården", Tier: TierSpecific,
			Type: MeasureDialogue, Status: StatusOngoing, Org: OrgCultureLeisure, Contact: "Fritidsledare Norrbacka",
			TargetGroup: "Unga 13–16 år i Norrbacka", Reach: GenderCounts{GirlsWomen: 6, BoysMen: 11, MixedUnknown: 1},
			Milieus: []Milieu{MilieuWhitePower, MilieuAutonomous}, Areas: []string{"Norrbacka"},
			Start: d("2026-09-01"), End: d("2027-06-15"), NextFollowUp: d("2026-12-01"),
			FollowUps:    []FollowUp{{Date: d("2026-10-01"), Effect: EffectPartial, Note: "Fler deltagare än väntat.", By: "sakchef"}},
			Observations: []ID{obsID}},
		&Case{Meta: testMeta(3, TLPRed), Subject: SubjectIndividual, Pseudonym: "Person A-17", AgeBand: Age16to17,
			Gender: GenderBoysMen, Intake: IntakeSchool, Priority: PriorityHigh, Status: CaseIntervention,
			Opened: d("2026-08-20"), Handler: OrgSocialServices,
			Concern: ConcernStatement{Text: "Uttalanden om att våld mot en grupp vore rätt.", Level: ConcernHigh, Milieu: MilieuWhitePower},
			Assessments: []Assessment{{Date: d("2026-09-02"), By: "socialtjänsten", Ratings: []AreaRating{
				{AreaViolenceIntent, RatingModerate}, {AreaSocialNetwork, RatingHigh}}, Protective: "Idrott, en engagerad mentor.",
				Changes: "Första bedömningen.", Summary: "Stöd och uppföljning.", NextReview: d("2026-12-02")}},
			NextReview: d("2026-12-02"), Measures: []ID{measureID}, LegalBasis: "SoL 11 kap. 1 §; samtycke från vårdnadshavare"},
		&Member{Meta: testMeta(4, TLPAmber), Name: "Kim Exempel", Org: OrgMunicipalLeadership, Role: RoleCompiler,
			Title: "Säkerhetschef", Phone: "010-000 00 00", Email: "kim@example.invalid", Active: true},
		&Meeting{Meta: testMeta(5, TLPAmber), MeetingKind: MeetingWeeklyPolice, Date: d("2026-11-19"), Title: "Vecka 47",
			Attendees:       []Attendee{{Member: memberID}, {Name: "Gäst från polisen", Org: OrgPolice}},
			Recommendations: []Recommendation{{Text: "Utöka kvällsvandringar i Norrbacka.", To: OrgCultureLeisure}},
			Decisions: []Decision{{Text: "Två extra kvällsvandringar i december.", Body: OrgCultureLeisure, BodyName: "Kultur- och fritidsnämnden",
				Responsible: "Fritidschef", Due: d("2026-12-20"), Status: DecisionOpen, Measure: measureID}},
			Minutes: "Genomgång av nya uppgifter sedan förra veckan."},
		&Picture{Meta: testMeta(6, TLPAmber), Title: "Lägesbild 2026Q3", From: d("2026-07-01"), To: d("2026-09-30"),
			Milieus:    []MilieuLevel{{Milieu: MilieuWhitePower, Presence: LevelSporadic, Activity: LevelIsolated, Trend: TrendRising, Note: "Ökad propaganda."}},
			Judgements: []Judgement{{Milieu: MilieuWhitePower, Text: "Propagandan fortsätter under hösten.", Likelihood: LikelihoodLikely}},
			Summary:    "Sammanfattning.", Observations: []ID{obsID}, ApprovedBy: "Kim Exempel",
			Published: time.Date(2026, 10, 5, 14, 0, 0, 0, time.UTC)},
		&Partner{Meta: testMeta(7, TLPAmber), Name: "Länsstyrelsen (fiktiv)", Org: OrgLansstyrelsen,
			Recipients: []string{"age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"},
			SigningKey: "lst+0a1b2c3d+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", SentSeq: 4, ReceivedSeq: 2},
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, r := range sampleRecords() {
		t.Run(string(r.Kind()), func(t *testing.T) {
			b, err := Encode(r)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte(`{"format":1,"record":"`+string(r.Kind())+`"`)) {
				t.Errorf("encoded form does not start with format and record: %.60s", b)
			}
			got, err := Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			b2, err := Encode(got)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, b2) {
				t.Errorf("round trip changed the record:\n%s\n%s", b, b2)
			}
			if ps := Validate(r, nil); ps != nil {
				t.Errorf("sample does not validate: %v", ps.Err(r.Kind()))
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", ``, "record is empty"},
		{"truncated", `{"record":"observation","summary":"ab`, "truncated"},
		{"bad escape", `{"record":"observation","summary":"\q"}`, "not valid JSON"},
		{"raw control char", "{\"record\":\"observation\",\"summary\":\"a\x01\"}", "not valid JSON"},
		{"fraction", `{"record":"observation","credibility":1.5}`, "observation.credibility: expected a whole number"},
		{"bad credibility", `{"record":"observation","credibility":9}`, `observation.credibility: unknown code "9"`},
		{"bad time", `{"record":"member","created":"yesterday"}`, `member.created: "yesterday" is not a time`},
		{"bad bool", `{"record":"member","active":"yes"}`, `member.active: expected true or false, got a JSON string`},
		{"nested unknown field", `{"record":"measure","follow_ups":[{"date":"2026-01-01","mood":"x"}]}`, `measure.follow_ups[0]: unknown field "mood"`},
		{"deep nesting", `{"record":"observation","x":` + strings.Repeat("[", 100000) + `}`, "nested too deeply"},
		{"not json", `not json`, "not valid JSON"},
		{"array", `[1,2]`, "record"},
		{"no type", `{"milieu":"white_power"}`, `no "record" field`},
		{"unknown type", `{"record":"person"}`, `unknown record type "person"`},
		{"newer format", `{"format":2,"record":"observation"}`, "newer version of varn"},
		{"format zero", `{"format":0,"record":"observation"}`, "not a varn format"},
		{"unknown milieu", `{"record":"observation","milieu":"nazi"}`, `model: observation.milieu: unknown code "nazi"`},
		{"unknown tier", `{"record":"measure","tier":"pyramid"}`, `model: measure.tier: unknown code "pyramid"`},
		{"unknown nested", `{"record":"case","concern":{"level":"extreme"}}`, `model: case.concern.level: unknown code "extreme"`},
		{"unknown in list", `{"record":"measure","milieus":["autonomous","x"]}`, `model: measure.milieus[1]: unknown code "x"`},
		{"unknown field", `{"record":"observation","name":"Anna"}`, `model: observation: unknown field "name"`},
		{"case milieu field", `{"record":"case","milieu":"white_power"}`, `model: case: unknown field "milieu"`},
		{"wrong type", `{"record":"observation","summary":5}`, "observation.summary: expected a string, got a JSON number"},
		{"bad date", `{"record":"observation","observed":"22/11/2026"}`, "not a date of the form YYYY-MM-DD"},
		{"bad level", `{"record":"picture","milieus":[{"milieu":"other","presence":7}]}`, `picture.milieus[0].presence: unknown code "7"`},
		{"trailing", `{"record":"member"} {}`, "trailing data"},
		{"long value truncated", `{"record":"observation","milieu":"` + strings.Repeat("x", 500) + `"}`, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decode([]byte(tt.in))
			if err == nil {
				t.Fatalf("Decode(%.40q) = %v, want an error", tt.in, r)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode(%.40q) error = %q, want it to contain %q", tt.in, err, tt.want)
			}
			if len(err.Error()) > 200 {
				t.Errorf("error too long (%d bytes): %q", len(err.Error()), err)
			}
			if !strings.HasPrefix(err.Error(), "model: ") {
				t.Errorf("error %q lacks the model: prefix", err)
			}
		})
	}
	if _, err := Decode([]byte(`{"format":9,"record":"observation"}`)); !errors.Is(err, ErrNewerFormat) {
		t.Errorf("newer format error %v does not wrap ErrNewerFormat", err)
	}
}

func TestEncodeRefusesUnknownCode(t *testing.T) {
	o := &Observation{Milieu: "nazi"}
	if _, err := Encode(o); err == nil || !strings.Contains(err.Error(), `observation.milieu: unknown code "nazi"`) {
		t.Errorf("Encode with an unknown code: err = %v", err)
	}
	if _, err := Encode(nil); err == nil {
		t.Error("Encode(nil) did not fail")
	}
}

// TestDecodeIssueExample decodes the hand-written form of the issue: no
// format, no ID, no version; Prepare then fills them in.
func TestDecodeIssueExample(t *testing.T) {
	in := `{"record":"observation","milieu":"white_power","dimension":"group","kind":"activity","area":"Norrbacka","source":"police","concern":"moderate","trend":"rising","summary":"…","tlp":"amber","observed":"2026-11-20"}`
	r, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	o := r.(*Observation)
	if o.Milieu != MilieuWhitePower || o.ObsKind != ObsActivity || o.TLP != TLPAmber || o.ID != "" {
		t.Errorf("decoded %+v", o)
	}
	Prepare(r, testNow, "sakchef", "VAULT", fixedRand(9))
	if !o.ID.Valid() || o.Version != 1 || !o.Created.Equal(testNow) || o.Author != "sakchef" || o.Origin != "VAULT" {
		t.Errorf("Prepare left %+v", o.Meta)
	}
	if ps := Validate(r, nil); ps != nil {
		t.Errorf("issue example does not validate: %v", ps.Err(r.Kind()))
	}
}

func TestNewEveryKind(t *testing.T) {
	for _, k := range AllKinds() {
		r, err := New(k)
		if err != nil || r.Kind() != k {
			t.Errorf("New(%s) = %v, %v", k, r, err)
		}
		if !r.Base().TLP.Valid() {
			t.Errorf("New(%s) has no default TLP", k)
		}
	}
	if _, err := New("person"); err == nil {
		t.Error("New(person) did not fail")
	}
}

func TestCaseKeyOf(t *testing.T) {
	c := NewID(testNow, fixedRand(1))
	tests := []struct {
		name string
		r    Record
		want ID
		ok   bool
	}{
		{"case", &Case{Meta: Meta{ID: c}}, c, true},
		{"case without id", &Case{}, "", false},
		{"individual measure", &Measure{Tier: TierIndividual, Case: c}, c, true},
		{"individual measure without case", &Measure{Tier: TierIndividual}, "", false},
		{"group measure", &Measure{Tier: TierSpecific, Case: c}, "", false},
		{"individual observation", &Observation{Dimension: DimensionIndividual, Cases: []ID{c}}, c, true},
		{"group observation", &Observation{Dimension: DimensionGroup, Cases: []ID{c}}, "", false},
		{"meeting", &Meeting{}, "", false},
		{"member", &Member{}, "", false},
	}
	for _, tt := range tests {
		got, ok := CaseKeyOf(tt.r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: CaseKeyOf = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkEncodeDecode(b *testing.B) {
	for _, r := range sampleRecords() {
		b.Run(string(r.Kind()), func(b *testing.B) {
			enc, _ := Encode(r)
			b.SetBytes(int64(len(enc)))
			b.ReportAllocs()
			for b.Loop() {
				e, err := Encode(r)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Decode(e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCodecTimes(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC),
		time.Date(2026, 11, 22, 23, 59, 59, 0, time.UTC),
		time.Date(2026, 11, 22, 9, 30, 0, 123456789, time.UTC),
		time.Date(2026, 11, 22, 9, 30, 0, 0, time.FixedZone("CET", 3600)),
		time.Date(999, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	for _, tm := range times {
		m := &Member{Meta: Meta{Created: tm, TLP: TLPAmber}, Org: OrgOther, Role: RoleMember}
		b, err := Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		if want := `"created":"` + tm.Format(time.RFC3339Nano) + `"`; !bytes.Contains(b, []byte(want)) {
			t.Errorf("%v encodes as %s, want %s", tm, b, want)
		}
		r, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Base().Created; !got.Equal(tm) {
			t.Errorf("%v decodes as %v", tm, got)
		}
	}
	for _, bad := range []string{"2026-11-22T25:00:00Z", "2026-11-22T09:60:00Z", "2026-02-30T09:00:00Z", "2026-11-22 09:00:00Z"} {
		if _, err := Decode([]byte(`{"record":"member","created":"` + bad + `"}`)); err == nil {
			t.Errorf("time %q accepted", bad)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, r := range sampleRecords() {
		b.Run(string(r.Kind()), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if ps := Validate(r, nil); ps != nil {
					b.Fatal(ps)
				}
			}
		})
	}
}

// TestErrorsDoNotIncludeText checks that errors never quote the free text
// of a record (it may hold personal data), whatever else is wrong with it.
// Codes are quoted, truncated, as the field and value of an unknown code
// must be named.
func TestErrorsDoNotIncludeText(t *testing.T) {
	const canary = "KANARIEFAGEL-Anna-Andersson"
	inputs := []string{
		`{"record":"observation","summary":"` + canary + `","milieu":"bad"}`,
		`{"record":"observation","summary":"` + canary + `","credibility":"x"}`,
		`{"record":"observation","summary":"` + canary + `"`,
		`{"record":"observation","summary":"` + canary + `\q"}`,
		`{"record":"case","pseudonym":"` + canary + `","concern":{"text":"` + canary + `","level":7}}`,
		`{"record":"case","concern":{"text":"` + canary + `"},"x":1}`,
		`{"record":"member","name":"` + canary + `","active":"` + canary + `"}`,
		`{"format":3,"record":"member","name":"` + canary + `"}`,
		`{"record":"meeting","minutes":"` + canary + `","decisions":[{"text":"` + canary + `","status":"nope"}]}`,
	}
	for _, in := range inputs {
		_, err := Decode([]byte(in))
		if err == nil {
			t.Errorf("Decode(%.50q) did not fail", in)
			continue
		}
		if strings.Contains(err.Error(), canary[:12]) {
			t.Errorf("Decode error quotes record text: %v", err)
		}
	}
	c := validCase()
	c.Pseudonym = canary + strings.Repeat("x", 50)
	c.Concern.Text = canary + " 080512-1234 \x1b[2J"
	c.LegalBasis = ""
	err := Validate(c, nil).Err(KindCase)
	if err == nil || strings.Contains(err.Error(), canary[:12]) {
		t.Errorf("validation error quotes record text: %v", err)
	}
}
