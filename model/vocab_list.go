package model

// Vocabulary describes one vocabulary for listings (docs, forms, tests):
// its name and the catalogue keys and codes of its values, in order.
type Vocabulary struct {
	Name  string
	Codes []string
	Msgs  []Msg
}

func vocabOf[T interface {
	~string
	Msg() Msg
}](name string, all []T) Vocabulary {
	v := Vocabulary{Name: name}
	for _, c := range all {
		v.Codes = append(v.Codes, string(c))
		v.Msgs = append(v.Msgs, c.Msg())
	}
	return v
}

// Vocabularies returns every vocabulary of the model, in a fresh slice:
// the record kinds, the string-coded vocabularies, the levels 0–4 and
// the credibility grades 1–6.
func Vocabularies() []Vocabulary {
	vs := []Vocabulary{
		vocabOf("kind", AllKinds()),
		vocabOf("tlp", AllTLPs()),
		vocabOf("milieu", AllMilieus()),
		vocabOf("dimension", AllDimensions()),
		vocabOf("observation_kind", AllObservationKinds()),
		vocabOf("org", AllOrgs()),
		vocabOf("reliability", AllReliabilities()),
		vocabOf("concern", AllConcerns()),
		vocabOf("trend", AllTrends()),
		vocabOf("tier", AllTiers()),
		vocabOf("measure_type", AllMeasureTypes()),
		vocabOf("measure_status", AllMeasureStatuses()),
		vocabOf("effect", AllEffects()),
		vocabOf("subject_kind", AllSubjectKinds()),
		vocabOf("intake_channel", AllIntakeChannels()),
		vocabOf("priority", AllPriorities()),
		vocabOf("case_status", AllCaseStatuses()),
		vocabOf("closing_reason", AllClosingReasons()),
		vocabOf("age_band", AllAgeBands()),
		vocabOf("gender", AllGenders()),
		vocabOf("rating", AllRatings()),
		vocabOf("assessment_area", AllAssessmentAreas()),
		vocabOf("likelihood", AllLikelihoods()),
		vocabOf("meeting_kind", AllMeetingKinds()),
		vocabOf("decision_status", AllDecisionStatuses()),
		vocabOf("member_role", AllMemberRoles()),
		vocabOf("audit_action", AllAuditActions()),
	}
	lv := Vocabulary{Name: "level"}
	for _, l := range AllLevels() {
		lv.Codes = append(lv.Codes, string(rune('0'+l)))
		lv.Msgs = append(lv.Msgs, l.Msg())
	}
	cr := Vocabulary{Name: "credibility"}
	for _, l := range AllCredibilities() {
		cr.Codes = append(cr.Codes, string(rune('0'+l)))
		cr.Msgs = append(cr.Msgs, l.Msg())
	}
	return append(vs, lv, cr)
}
