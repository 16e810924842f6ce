package model

// The names of record fields as a reader sees them, for screens that show
// a record field by field (the conflict copies of the Utbyte screen). A
// field keeps the label its form gives it, so the same field has the same
// name everywhere; the keys below are only the fields no form names.
// Keys start with "field.".
const (
	FieldID           Msg = "field.id"
	FieldOrigin       Msg = "field.origin"
	FieldCreated      Msg = "field.created"
	FieldUpdated      Msg = "field.updated"
	FieldAuthor       Msg = "field.author"
	FieldFormat       Msg = "field.format"
	FieldRecordKind   Msg = "field.record"
	FieldCredibility  Msg = "field.credibility"
	FieldObservedTo   Msg = "field.observed_to"
	FieldGroups       Msg = "field.groups"
	FieldCases        Msg = "field.cases"
	FieldReach        Msg = "field.reach"
	FieldAttendees    Msg = "field.attendees"
	FieldRecommends   Msg = "field.recommendations"
	FieldDecisions    Msg = "field.decisions"
	FieldFrom         Msg = "field.from"
	FieldTo           Msg = "field.to"
	FieldMilieuLevels Msg = "field.milieu_levels"
	FieldPicObs       Msg = "field.picture_observations"
	FieldPrevious     Msg = "field.previous"
	FieldApprovedBy   Msg = "field.approved_by"
	FieldPublished    Msg = "field.published"
	FieldRecipients   Msg = "field.recipients"
	FieldSigningKey   Msg = "field.signing_key"
	FieldSentSeq      Msg = "field.sent_seq"
	FieldReceivedSeq  Msg = "field.received_seq"
	FieldYes          Msg = "field.yes"
	FieldNo           Msg = "field.no"
)

var fieldsText = map[Msg]text{
	FieldID:           {"Id", "ID"},
	FieldOrigin:       {"Ursprung", "Origin"},
	FieldCreated:      {"Skapad", "Created"},
	FieldUpdated:      {"Ändrad", "Updated"},
	FieldAuthor:       {"Skriven av", "Author"},
	FieldFormat:       {"Formatversion", "Format version"},
	FieldRecordKind:   {"Slag av post", "Record kind"},
	FieldCredibility:  {"Trovärdighet", "Credibility"},
	FieldObservedTo:   {"Observerad till", "Observed until"},
	FieldGroups:       {"Grupper", "Groups"},
	FieldCases:        {"Ärenden", "Cases"},
	FieldReach:        {"Nådda deltagare", "Reach"},
	FieldAttendees:    {"Närvarande", "Attendees"},
	FieldRecommends:   {"Rekommendationer", "Recommendations"},
	FieldDecisions:    {"Beslut", "Decisions"},
	FieldFrom:         {"Från", "From"},
	FieldTo:           {"Till och med", "To"},
	FieldMilieuLevels: {"Miljöernas nivåer", "Milieu levels"},
	FieldPicObs:       {"Underlag", "Observations"},
	FieldPrevious:     {"Föregående lägesbild", "Previous picture"},
	FieldApprovedBy:   {"Fastställd av", "Approved by"},
	FieldPublished:    {"Fastställd", "Published"},
	FieldRecipients:   {"Mottagare", "Recipients"},
	FieldSigningKey:   {"Signeringsnyckel", "Signing key"},
	FieldSentSeq:      {"Senast skickade nr", "Last sent number"},
	FieldReceivedSeq:  {"Senast mottagna nr", "Last received number"},
	FieldYes:          {"Ja", "Yes"},
	FieldNo:           {"Nej", "No"},
}

// fieldInfo is one encoded field of a record kind: its label and, for a
// field holding a vocabulary code, the vocabulary's catalogue prefix.
type fieldInfo struct {
	label Msg
	vocab string
}

// metaFieldInfo are the fields every kind shares (see Meta).
var metaFieldInfo = map[string]fieldInfo{
	"format":       {FieldFormat, ""},
	"record":       {FieldRecordKind, "kind"},
	"id":           {FieldID, ""},
	"origin":       {FieldOrigin, ""},
	"version":      {UIFieldVersion, ""},
	"created":      {FieldCreated, ""},
	"updated":      {FieldUpdated, ""},
	"author":       {FieldAuthor, ""},
	"tlp":          {UIFieldTLP, "tlp"},
	"retain_until": {CasesFieldRetain, ""},
}

// kindFieldInfo are each kind's own fields, named as its form names them.
// Nested fields are keyed "<field>.<key>" and need only a vocabulary.
var kindFieldInfo = map[Kind]map[string]fieldInfo{
	KindObservation: {
		"milieu": {UIFieldMilieu, "milieu"}, "dimension": {UIFieldDimension, "dimension"},
		"kind": {UIFieldKind, "obskind"}, "area": {UIFieldArea, ""},
		"source": {UIFieldSource, "org"}, "reliability": {UIFieldReliability, "reliability"},
		"credibility": {FieldCredibility, "credibility"}, "concern": {UIFieldConcern, "concern"},
		"trend": {UIFieldTrend, "trend"}, "observed": {UIFieldObserved, ""},
		"observed_to": {FieldObservedTo, ""}, "summary": {UIFieldSummary, ""},
		"groups": {FieldGroups, ""}, "cases": {FieldCases, ""}, "measures": {CasesFieldMeasures, ""},
	},
	KindMeasure: {
		"title": {PyrFieldTitle, ""}, "tier": {PyrFieldTier, "tier"}, "type": {PyrFieldType, "mtype"},
		"status": {PyrFieldStatus, "mstatus"}, "org": {PyrFieldOrg, "org"},
		"contact": {PyrFieldContact, ""}, "description": {PyrFieldDesc, ""},
		"target_group": {PyrFieldTarget, ""}, "reach": {FieldReach, ""},
		"milieus": {PyrFieldMilieus, "milieu"}, "areas": {PyrFieldAreas, ""},
		"start": {PyrFieldStart, ""}, "end": {PyrFieldEnd, ""},
		"next_follow_up": {PyrFieldNext, ""}, "follow_ups": {PyrFieldFollowUps, ""},
		"observations": {PyrFieldObs, ""}, "case": {PyrFieldCase, ""},
		"reach.girls_women": {PyrFieldGirls, ""}, "reach.boys_men": {PyrFieldBoys, ""},
		"reach.mixed_unknown": {PyrFieldMixed, ""}, "follow_ups.effect": {PyrFieldEffect, "effect"},
	},
	KindCase: {
		"subject": {CasesFieldSubject, "subject"}, "title": {CasesFieldTitle, ""},
		"pseudonym": {CasesFieldPseudonym, ""}, "age_band": {CasesFieldAgeBand, "age"},
		"gender": {CasesFieldGender, "gender"}, "area": {CasesFieldArea, ""},
		"intake": {CasesFieldIntake, "intake"}, "priority": {CasesFieldPriority, "priority"},
		"status": {CasesFieldStatus, "cstatus"}, "closing_reason": {CasesFieldReason, "closing"},
		"opened": {CasesFieldOpened, ""}, "closed": {CasesFieldClosed, ""},
		"handler": {CasesFieldHandler, "org"}, "concern": {CasesFieldConcern, ""},
		"assessments": {CasesFieldAssess, ""}, "next_review": {CasesFieldReview, ""},
		"measures": {CasesFieldMeasures, ""}, "legal_basis": {CasesFieldLegal, ""},
		"concern.level": {CasesFieldLevel, "concern"}, "concern.milieu": {CasesFieldMilieu, "milieu"},
		"assessments.ratings.area": {"", "area"}, "assessments.ratings.rating": {"", "rating"},
	},
	KindMember: {
		"name": {MtgFieldName, ""}, "org": {MtgFieldOrg, "org"}, "role": {MtgFieldRole, "role"},
		"title": {MtgFieldJobTitle, ""}, "phone": {MtgFieldPhone, ""}, "email": {MtgFieldEmail, ""},
		"active": {MtgFieldActive, ""},
	},
	KindMeeting: {
		"kind": {MtgFieldKind, "meeting"}, "date": {MtgFieldDate, ""}, "title": {MtgFieldTitle, ""},
		"attendees": {FieldAttendees, ""}, "recommendations": {FieldRecommends, ""},
		"decisions": {FieldDecisions, ""}, "minutes": {MtgFieldMinutes, ""},
		"attendees.org": {MtgFieldOrg, "org"}, "recommendations.to": {MtgFieldTo, "org"},
		"decisions.body": {MtgFieldBody, "org"}, "decisions.status": {MtgFieldStatus, "decision"},
	},
	KindPicture: {
		"title": {PyrFieldTitle, ""}, "from": {FieldFrom, ""}, "to": {FieldTo, ""},
		"milieus": {FieldMilieuLevels, ""}, "judgements": {UIJudgements, ""},
		"summary": {UIFieldSummary, ""}, "observations": {FieldPicObs, ""},
		"previous": {FieldPrevious, ""}, "approved_by": {FieldApprovedBy, ""},
		"published":      {FieldPublished, ""},
		"milieus.milieu": {UIFieldMilieu, "milieu"}, "milieus.trend": {UIFieldTrend, "trend"},
		"milieus.presence": {MtgColPresence, "level"}, "milieus.activity": {MtgColActivity, "level"},
		"judgements.milieu": {UIFieldMilieu, "milieu"}, "judgements.likelihood": {UIPicLikelihood, "likelihood"},
	},
	KindPartner: {
		"name": {MtgFieldName, ""}, "org": {MtgFieldOrg, "org"}, "recipients": {FieldRecipients, ""},
		"signing_key": {FieldSigningKey, ""}, "sent_seq": {FieldSentSeq, ""},
		"received_seq": {FieldReceivedSeq, ""}, "note": {PyrFieldNote, ""},
	},
}

func fieldOf(k Kind, field string) (fieldInfo, bool) {
	if f, ok := kindFieldInfo[k][field]; ok {
		return f, true
	}
	f, ok := metaFieldInfo[field]
	return f, ok
}

// FieldLabel returns the label of a record field, named by its encoded
// (JSON) name, in language l: "Nästa uppföljning" for a measure's
// "next_follow_up". A name the catalogue does not know is returned as it
// is, so a field added later still shows up.
func FieldLabel(k Kind, field string, l Lang) string {
	if f, ok := fieldOf(k, field); ok && f.label != "" {
		return l.T(f.label)
	}
	return field
}

// FieldCodeLabel returns the label of code when the field of kind k named
// by path (its JSON name, "<field>.<key>" for a key inside a nested
// field) holds a vocabulary code; otherwise, or for an unknown code, code
// itself. "record" holds a record kind.
func FieldCodeLabel(k Kind, path, code string, l Lang) string {
	f, ok := fieldOf(k, path)
	if !ok || f.vocab == "" {
		return code
	}
	if f.vocab == "kind" {
		if kk := Kind(code); kk.Valid() {
			return kk.Label(l)
		}
		return code
	}
	if m := Msg(f.vocab + "." + code); Has(m) {
		return l.T(m)
	}
	return code
}

// YesNo returns "Ja"/"Yes" or "Nej"/"No" in language l.
func YesNo(b bool, l Lang) string {
	if b {
		return l.T(FieldYes)
	}
	return l.T(FieldNo)
}
