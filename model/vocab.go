package model

// This file holds the vocabularies: typed codes with stable machine
// values (used in JSON, on disk and in bundles, never the display text).
// Their labels are in vocab_text.go.

// TLP is a Traffic Light Protocol marking (FIRST TLP 2.0). It governs what may
// leave the vault: an export carries only records at or below its ceiling.
type TLP string

// The TLP codes.
const (
	TLPClear       TLP = "clear"
	TLPGreen       TLP = "green"
	TLPAmber       TLP = "amber"
	TLPAmberStrict TLP = "amber_strict"
	TLPRed         TLP = "red"
)

// AllTLPs returns every TLP code in order, in a fresh slice.
func AllTLPs() []TLP {
	return []TLP{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}
}

// Valid reports whether v is a known TLP code.
func (v TLP) Valid() bool {
	switch v {
	case TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v TLP) Msg() Msg { return Msg("tlp." + string(v)) }

// Label returns v's label in language l.
func (v TLP) Label(l Lang) string { return l.T(v.Msg()) }

// Milieu is a violent-extremist milieu (L9). It describes observations,
// measures and pictures; it never describes a person (R2): see [ConcernStatement].
type Milieu string

// The Milieu codes.
const (
	MilieuWhitePower      Milieu = "white_power"
	MilieuAutonomous      Milieu = "autonomous"
	MilieuViolentIslamist Milieu = "violent_islamist"
	MilieuOther           Milieu = "other"
	MilieuUnclear         Milieu = "unclear"
	MilieuCrossMilieu     Milieu = "cross_milieu"
)

// AllMilieus returns every Milieu code in order, in a fresh slice.
func AllMilieus() []Milieu {
	return []Milieu{MilieuWhitePower, MilieuAutonomous, MilieuViolentIslamist, MilieuOther, MilieuUnclear, MilieuCrossMilieu}
}

// Valid reports whether v is a known Milieu code.
func (v Milieu) Valid() bool {
	switch v {
	case MilieuWhitePower, MilieuAutonomous, MilieuViolentIslamist, MilieuOther, MilieuUnclear, MilieuCrossMilieu:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Milieu) Msg() Msg { return Msg("milieu." + string(v)) }

// Label returns v's label in language l.
func (v Milieu) Label(l Lang) string { return l.T(v.Msg()) }

// Dimension is what an observation is about (L1).
type Dimension string

// The Dimension codes.
const (
	DimensionSituation  Dimension = "situation"
	DimensionArea       Dimension = "area"
	DimensionPhenomenon Dimension = "phenomenon"
	DimensionTrend      Dimension = "trend"
	DimensionGroup      Dimension = "group"
	DimensionIndividual Dimension = "individual"
)

// AllDimensions returns every Dimension code in order, in a fresh slice.
func AllDimensions() []Dimension {
	return []Dimension{DimensionSituation, DimensionArea, DimensionPhenomenon, DimensionTrend, DimensionGroup, DimensionIndividual}
}

// Valid reports whether v is a known Dimension code.
func (v Dimension) Valid() bool {
	switch v {
	case DimensionSituation, DimensionArea, DimensionPhenomenon, DimensionTrend, DimensionGroup, DimensionIndividual:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Dimension) Msg() Msg { return Msg("dimension." + string(v)) }

// Label returns v's label in language l.
func (v Dimension) Label(l Lang) string { return l.T(v.Msg()) }

// ObservationKind is the nature of an observation (M4, L4).
type ObservationKind string

// The ObservationKind codes.
const (
	ObsPresence       ObservationKind = "presence"
	ObsActivity       ObservationKind = "activity"
	ObsIncident       ObservationKind = "incident"
	ObsMonitoringNote ObservationKind = "monitoring_note"
	ObsKnowledge      ObservationKind = "knowledge"
)

// AllObservationKinds returns every ObservationKind code in order, in a fresh slice.
func AllObservationKinds() []ObservationKind {
	return []ObservationKind{ObsPresence, ObsActivity, ObsIncident, ObsMonitoringNote, ObsKnowledge}
}

// Valid reports whether v is a known ObservationKind code.
func (v ObservationKind) Valid() bool {
	switch v {
	case ObsPresence, ObsActivity, ObsIncident, ObsMonitoringNote, ObsKnowledge:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v ObservationKind) Msg() Msg { return Msg("obskind." + string(v)) }

// Label returns v's label in language l.
func (v ObservationKind) Label(l Lang) string { return l.T(v.Msg()) }

// Org is an organisation: the source of an observation, the body responsible
// for a measure or a case, a member's or partner's organisation (L3, L4, L8, M1).
type Org string

// The Org codes.
const (
	OrgPolice              Org = "police"
	OrgSchool              Org = "school"
	OrgSocialServices      Org = "social_services"
	OrgHealthcare          Org = "healthcare"
	OrgPsychiatry          Org = "psychiatry"
	OrgCivilSociety        Org = "civil_society"
	OrgUniversity          Org = "university"
	OrgFaithCommunity      Org = "faith_community"
	OrgRescueServices      Org = "rescue_services"
	OrgMunicipalLeadership Org = "municipal_leadership"
	OrgCultureLeisure      Org = "culture_leisure"
	OrgHousing             Org = "housing"
	OrgOtherMunicipality   Org = "other_municipality"
	OrgLansstyrelsen       Org = "lansstyrelsen"
	OrgCVE                 Org = "cve"
	OrgMonitoring          Org = "monitoring"
	OrgOther               Org = "other"
)

// AllOrgs returns every Org code in order, in a fresh slice.
func AllOrgs() []Org {
	return []Org{OrgPolice, OrgSchool, OrgSocialServices, OrgHealthcare, OrgPsychiatry, OrgCivilSociety, OrgUniversity, OrgFaithCommunity, OrgRescueServices, OrgMunicipalLeadership, OrgCultureLeisure, OrgHousing, OrgOtherMunicipality, OrgLansstyrelsen, OrgCVE, OrgMonitoring, OrgOther}
}

// Valid reports whether v is a known Org code.
func (v Org) Valid() bool {
	switch v {
	case OrgPolice, OrgSchool, OrgSocialServices, OrgHealthcare, OrgPsychiatry, OrgCivilSociety, OrgUniversity, OrgFaithCommunity, OrgRescueServices, OrgMunicipalLeadership, OrgCultureLeisure, OrgHousing, OrgOtherMunicipality, OrgLansstyrelsen, OrgCVE, OrgMonitoring, OrgOther:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Org) Msg() Msg { return Msg("org." + string(v)) }

// Label returns v's label in language l.
func (v Org) Label(l Lang) string { return l.T(v.Msg()) }

// Reliability grades a source, A (completely reliable) to F (cannot be
// judged), as in the Admiralty system used in intelligence work. Its codes
// are the letters, the one vocabulary whose codes are not lower case words.
type Reliability string

// The Reliability codes.
const (
	ReliabilityA Reliability = "A"
	ReliabilityB Reliability = "B"
	ReliabilityC Reliability = "C"
	ReliabilityD Reliability = "D"
	ReliabilityE Reliability = "E"
	ReliabilityF Reliability = "F"
)

// AllReliabilities returns every Reliability code in order, in a fresh slice.
func AllReliabilities() []Reliability {
	return []Reliability{ReliabilityA, ReliabilityB, ReliabilityC, ReliabilityD, ReliabilityE, ReliabilityF}
}

// Valid reports whether v is a known Reliability code.
func (v Reliability) Valid() bool {
	switch v {
	case ReliabilityA, ReliabilityB, ReliabilityC, ReliabilityD, ReliabilityE, ReliabilityF:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Reliability) Msg() Msg { return Msg("reliability." + string(v)) }

// Label returns v's label in language l.
func (v Reliability) Label(l Lang) string { return l.T(v.Msg()) }

// Concern is a level of concern, ordered low < moderate < high < acute.
type Concern string

// The Concern codes.
const (
	ConcernLow      Concern = "low"
	ConcernModerate Concern = "moderate"
	ConcernHigh     Concern = "high"
	ConcernAcute    Concern = "acute"
)

// AllConcerns returns every Concern code in order, in a fresh slice.
func AllConcerns() []Concern {
	return []Concern{ConcernLow, ConcernModerate, ConcernHigh, ConcernAcute}
}

// Valid reports whether v is a known Concern code.
func (v Concern) Valid() bool {
	switch v {
	case ConcernLow, ConcernModerate, ConcernHigh, ConcernAcute:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Concern) Msg() Msg { return Msg("concern." + string(v)) }

// Label returns v's label in language l.
func (v Concern) Label(l Lang) string { return l.T(v.Msg()) }

// Trend is the direction of a development.
type Trend string

// The Trend codes.
const (
	TrendRising  Trend = "rising"
	TrendStable  Trend = "stable"
	TrendFalling Trend = "falling"
	TrendUnknown Trend = "unknown"
)

// AllTrends returns every Trend code in order, in a fresh slice.
func AllTrends() []Trend {
	return []Trend{TrendRising, TrendStable, TrendFalling, TrendUnknown}
}

// Valid reports whether v is a known Trend code.
func (v Trend) Valid() bool {
	switch v {
	case TrendRising, TrendStable, TrendFalling, TrendUnknown:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Trend) Msg() Msg { return Msg("trend." + string(v)) }

// Label returns v's label in language l.
func (v Trend) Label(l Lang) string { return l.T(v.Msg()) }

// Tier is a level of the prevention pyramid (L5, M5).
type Tier string

// The Tier codes.
const (
	TierGeneral    Tier = "general"
	TierSpecific   Tier = "specific"
	TierIndividual Tier = "individual"
)

// AllTiers returns every Tier code in order, in a fresh slice.
func AllTiers() []Tier {
	return []Tier{TierGeneral, TierSpecific, TierIndividual}
}

// Valid reports whether v is a known Tier code.
func (v Tier) Valid() bool {
	switch v {
	case TierGeneral, TierSpecific, TierIndividual:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Tier) Msg() Msg { return Msg("tier." + string(v)) }

// Label returns v's label in language l.
func (v Tier) Label(l Lang) string { return l.T(v.Msg()) }

// MeasureType is the kind of work a measure is (L6, M5).
type MeasureType string

// The MeasureType codes.
const (
	MeasureEducationInformation MeasureType = "education_information"
	MeasureTraining             MeasureType = "training"
	MeasureLeisureActivity      MeasureType = "leisure_activity"
	MeasureDialogue             MeasureType = "dialogue"
	MeasureEnvironmental        MeasureType = "environmental"
	MeasureSupportPerson        MeasureType = "support_person"
	MeasureTeachingSupport      MeasureType = "teaching_support"
	MeasureInternshipPlacement  MeasureType = "internship_placement"
	MeasureReferral             MeasureType = "referral"
	MeasureExitSupport          MeasureType = "exit_support"
	MeasureOther                MeasureType = "other"
)

// AllMeasureTypes returns every MeasureType code in order, in a fresh slice.
func AllMeasureTypes() []MeasureType {
	return []MeasureType{MeasureEducationInformation, MeasureTraining, MeasureLeisureActivity, MeasureDialogue, MeasureEnvironmental, MeasureSupportPerson, MeasureTeachingSupport, MeasureInternshipPlacement, MeasureReferral, MeasureExitSupport, MeasureOther}
}

// Valid reports whether v is a known MeasureType code.
func (v MeasureType) Valid() bool {
	switch v {
	case MeasureEducationInformation, MeasureTraining, MeasureLeisureActivity, MeasureDialogue, MeasureEnvironmental, MeasureSupportPerson, MeasureTeachingSupport, MeasureInternshipPlacement, MeasureReferral, MeasureExitSupport, MeasureOther:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v MeasureType) Msg() Msg { return Msg("mtype." + string(v)) }

// Label returns v's label in language l.
func (v MeasureType) Label(l Lang) string { return l.T(v.Msg()) }

// MeasureStatus is where a measure stands.
type MeasureStatus string

// The MeasureStatus codes.
const (
	StatusProposed   MeasureStatus = "proposed"
	StatusDecided    MeasureStatus = "decided"
	StatusOngoing    MeasureStatus = "ongoing"
	StatusOnHold     MeasureStatus = "on_hold"
	StatusCompleted  MeasureStatus = "completed"
	StatusFollowedUp MeasureStatus = "followed_up"
	StatusCancelled  MeasureStatus = "cancelled"
)

// AllMeasureStatuses returns every MeasureStatus code in order, in a fresh slice.
func AllMeasureStatuses() []MeasureStatus {
	return []MeasureStatus{StatusProposed, StatusDecided, StatusOngoing, StatusOnHold, StatusCompleted, StatusFollowedUp, StatusCancelled}
}

// Valid reports whether v is a known MeasureStatus code.
func (v MeasureStatus) Valid() bool {
	switch v {
	case StatusProposed, StatusDecided, StatusOngoing, StatusOnHold, StatusCompleted, StatusFollowedUp, StatusCancelled:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v MeasureStatus) Msg() Msg { return Msg("mstatus." + string(v)) }

// Label returns v's label in language l.
func (v MeasureStatus) Label(l Lang) string { return l.T(v.Msg()) }

// Effect is the assessed effect of a measure at a follow-up.
type Effect string

// The Effect codes.
const (
	EffectPositive Effect = "positive"
	EffectPartial  Effect = "partial"
	EffectNone     Effect = "none"
	EffectNegative Effect = "negative"
	EffectTooEarly Effect = "too_early"
)

// AllEffects returns every Effect code in order, in a fresh slice.
func AllEffects() []Effect {
	return []Effect{EffectPositive, EffectPartial, EffectNone, EffectNegative, EffectTooEarly}
}

// Valid reports whether v is a known Effect code.
func (v Effect) Valid() bool {
	switch v {
	case EffectPositive, EffectPartial, EffectNone, EffectNegative, EffectTooEarly:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Effect) Msg() Msg { return Msg("effect." + string(v)) }

// Label returns v's label in language l.
func (v Effect) Label(l Lang) string { return l.T(v.Msg()) }

// SubjectKind is what a case is about (L7).
type SubjectKind string

// The SubjectKind codes.
const (
	SubjectArea       SubjectKind = "area"
	SubjectSituation  SubjectKind = "situation"
	SubjectGroup      SubjectKind = "group"
	SubjectIndividual SubjectKind = "individual"
)

// AllSubjectKinds returns every SubjectKind code in order, in a fresh slice.
func AllSubjectKinds() []SubjectKind {
	return []SubjectKind{SubjectArea, SubjectSituation, SubjectGroup, SubjectIndividual}
}

// Valid reports whether v is a known SubjectKind code.
func (v SubjectKind) Valid() bool {
	switch v {
	case SubjectArea, SubjectSituation, SubjectGroup, SubjectIndividual:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v SubjectKind) Msg() Msg { return Msg("subject." + string(v)) }

// Label returns v's label in language l.
func (v SubjectKind) Label(l Lang) string { return l.T(v.Msg()) }

// IntakeChannel is how a case came in.
type IntakeChannel string

// The IntakeChannel codes.
const (
	IntakePolice         IntakeChannel = "police"
	IntakeSchool         IntakeChannel = "school"
	IntakeSocialServices IntakeChannel = "social_services"
	IntakeHealthcare     IntakeChannel = "healthcare"
	IntakeFamily         IntakeChannel = "family"
	IntakeCivilSociety   IntakeChannel = "civil_society"
	IntakeTip            IntakeChannel = "tip"
	IntakeSelf           IntakeChannel = "self_referral"
	IntakeMonitoring     IntakeChannel = "monitoring"
	IntakeOther          IntakeChannel = "other"
)

// AllIntakeChannels returns every IntakeChannel code in order, in a fresh slice.
func AllIntakeChannels() []IntakeChannel {
	return []IntakeChannel{IntakePolice, IntakeSchool, IntakeSocialServices, IntakeHealthcare, IntakeFamily, IntakeCivilSociety, IntakeTip, IntakeSelf, IntakeMonitoring, IntakeOther}
}

// Valid reports whether v is a known IntakeChannel code.
func (v IntakeChannel) Valid() bool {
	switch v {
	case IntakePolice, IntakeSchool, IntakeSocialServices, IntakeHealthcare, IntakeFamily, IntakeCivilSociety, IntakeTip, IntakeSelf, IntakeMonitoring, IntakeOther:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v IntakeChannel) Msg() Msg { return Msg("intake." + string(v)) }

// Label returns v's label in language l.
func (v IntakeChannel) Label(l Lang) string { return l.T(v.Msg()) }

// Priority is the urgency of a case; acute is for acute events (L7).
type Priority string

// The Priority codes.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityAcute  Priority = "acute"
)

// AllPriorities returns every Priority code in order, in a fresh slice.
func AllPriorities() []Priority {
	return []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityAcute}
}

// Valid reports whether v is a known Priority code.
func (v Priority) Valid() bool {
	switch v {
	case PriorityLow, PriorityNormal, PriorityHigh, PriorityAcute:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Priority) Msg() Msg { return Msg("priority." + string(v)) }

// Label returns v's label in language l.
func (v Priority) Label(l Lang) string { return l.T(v.Msg()) }

// CaseStatus is a case's step in CVE's process for handling a concern.
type CaseStatus string

// The CaseStatus codes.
const (
	CaseConcernReceived   CaseStatus = "concern_received"
	CaseInitialAssessment CaseStatus = "initial_assessment"
	CaseNeedsAssessment   CaseStatus = "needs_assessment"
	CaseIntervention      CaseStatus = "intervention"
	CaseFollowUp          CaseStatus = "follow_up"
	CaseClosed            CaseStatus = "closed"
)

// AllCaseStatuses returns every CaseStatus code in order, in a fresh slice.
func AllCaseStatuses() []CaseStatus {
	return []CaseStatus{CaseConcernReceived, CaseInitialAssessment, CaseNeedsAssessment, CaseIntervention, CaseFollowUp, CaseClosed}
}

// Valid reports whether v is a known CaseStatus code.
func (v CaseStatus) Valid() bool {
	switch v {
	case CaseConcernReceived, CaseInitialAssessment, CaseNeedsAssessment, CaseIntervention, CaseFollowUp, CaseClosed:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v CaseStatus) Msg() Msg { return Msg("cstatus." + string(v)) }

// Label returns v's label in language l.
func (v CaseStatus) Label(l Lang) string { return l.T(v.Msg()) }

// ClosingReason says why a case was closed.
type ClosingReason string

// The ClosingReason codes.
const (
	ClosedNoConcern  ClosingReason = "no_concern"
	ClosedHandedOver ClosingReason = "handed_over"
	ClosedGoalsMet   ClosingReason = "goals_met"
	ClosedMoved      ClosingReason = "moved"
	ClosedDeclined   ClosingReason = "declined"
	ClosedOther      ClosingReason = "other"
)

// AllClosingReasons returns every ClosingReason code in order, in a fresh slice.
func AllClosingReasons() []ClosingReason {
	return []ClosingReason{ClosedNoConcern, ClosedHandedOver, ClosedGoalsMet, ClosedMoved, ClosedDeclined, ClosedOther}
}

// Valid reports whether v is a known ClosingReason code.
func (v ClosingReason) Valid() bool {
	switch v {
	case ClosedNoConcern, ClosedHandedOver, ClosedGoalsMet, ClosedMoved, ClosedDeclined, ClosedOther:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v ClosingReason) Msg() Msg { return Msg("closing." + string(v)) }

// Label returns v's label in language l.
func (v ClosingReason) Label(l Lang) string { return l.T(v.Msg()) }

// AgeBand is a coarse age range, all a case records of a person's age.
type AgeBand string

// The AgeBand codes.
const (
	AgeUnder13 AgeBand = "under_13"
	Age13to15  AgeBand = "13_15"
	Age16to17  AgeBand = "16_17"
	Age18to24  AgeBand = "18_24"
	Age25Plus  AgeBand = "25_plus"
	AgeUnknown AgeBand = "unknown"
)

// AllAgeBands returns every AgeBand code in order, in a fresh slice.
func AllAgeBands() []AgeBand {
	return []AgeBand{AgeUnder13, Age13to15, Age16to17, Age18to24, Age25Plus, AgeUnknown}
}

// Valid reports whether v is a known AgeBand code.
func (v AgeBand) Valid() bool {
	switch v {
	case AgeUnder13, Age13to15, Age16to17, Age18to24, Age25Plus, AgeUnknown:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v AgeBand) Msg() Msg { return Msg("age." + string(v)) }

// Label returns v's label in language l.
func (v AgeBand) Label(l Lang) string { return l.T(v.Msg()) }

// Gender is the gender category used for the gender perspective (M7).
type Gender string

// The Gender codes.
const (
	GenderGirlsWomen   Gender = "girls_women"
	GenderBoysMen      Gender = "boys_men"
	GenderMixedUnknown Gender = "mixed_unknown"
)

// AllGenders returns every Gender code in order, in a fresh slice.
func AllGenders() []Gender {
	return []Gender{GenderGirlsWomen, GenderBoysMen, GenderMixedUnknown}
}

// Valid reports whether v is a known Gender code.
func (v Gender) Valid() bool {
	switch v {
	case GenderGirlsWomen, GenderBoysMen, GenderMixedUnknown:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Gender) Msg() Msg { return Msg("gender." + string(v)) }

// Label returns v's label in language l.
func (v Gender) Label(l Lang) string { return l.T(v.Msg()) }

// Rating is an assessment's judgement on one area: never a computed score.
type Rating string

// The Rating codes.
const (
	RatingLow      Rating = "low"
	RatingModerate Rating = "moderate"
	RatingHigh     Rating = "high"
	RatingUnknown  Rating = "unknown"
)

// AllRatings returns every Rating code in order, in a fresh slice.
func AllRatings() []Rating {
	return []Rating{RatingLow, RatingModerate, RatingHigh, RatingUnknown}
}

// Valid reports whether v is a known Rating code.
func (v Rating) Valid() bool {
	switch v {
	case RatingLow, RatingModerate, RatingHigh, RatingUnknown:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Rating) Msg() Msg { return Msg("rating." + string(v)) }

// Label returns v's label in language l.
func (v Rating) Label(l Lang) string { return l.T(v.Msg()) }

// AssessmentArea is an area a case assessment rates.
type AssessmentArea string

// The AssessmentArea codes.
const (
	AreaViolenceIntent        AssessmentArea = "violence_intent"
	AreaCapability            AssessmentArea = "capability"
	AreaIdeologicalEngagement AssessmentArea = "ideological_engagement"
	AreaSocialNetwork         AssessmentArea = "social_network"
	AreaLifeSituation         AssessmentArea = "life_situation"
	AreaMentalHealth          AssessmentArea = "mental_health"
)

// AllAssessmentAreas returns every AssessmentArea code in order, in a fresh slice.
func AllAssessmentAreas() []AssessmentArea {
	return []AssessmentArea{AreaViolenceIntent, AreaCapability, AreaIdeologicalEngagement, AreaSocialNetwork, AreaLifeSituation, AreaMentalHealth}
}

// Valid reports whether v is a known AssessmentArea code.
func (v AssessmentArea) Valid() bool {
	switch v {
	case AreaViolenceIntent, AreaCapability, AreaIdeologicalEngagement, AreaSocialNetwork, AreaLifeSituation, AreaMentalHealth:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v AssessmentArea) Msg() Msg { return Msg("area." + string(v)) }

// Label returns v's label in language l.
func (v AssessmentArea) Label(l Lang) string { return l.T(v.Msg()) }

// Likelihood is the probability language of a key judgement, from almost no
// chance to almost certain (the PHIA probability yardstick).
type Likelihood string

// The Likelihood codes.
const (
	LikelihoodAlmostNoChance Likelihood = "almost_no_chance"
	LikelihoodVeryUnlikely   Likelihood = "very_unlikely"
	LikelihoodUnlikely       Likelihood = "unlikely"
	LikelihoodRoughlyEven    Likelihood = "roughly_even"
	LikelihoodLikely         Likelihood = "likely"
	LikelihoodVeryLikely     Likelihood = "very_likely"
	LikelihoodAlmostCertain  Likelihood = "almost_certain"
)

// AllLikelihoods returns every Likelihood code in order, in a fresh slice.
func AllLikelihoods() []Likelihood {
	return []Likelihood{LikelihoodAlmostNoChance, LikelihoodVeryUnlikely, LikelihoodUnlikely, LikelihoodRoughlyEven, LikelihoodLikely, LikelihoodVeryLikely, LikelihoodAlmostCertain}
}

// Valid reports whether v is a known Likelihood code.
func (v Likelihood) Valid() bool {
	switch v {
	case LikelihoodAlmostNoChance, LikelihoodVeryUnlikely, LikelihoodUnlikely, LikelihoodRoughlyEven, LikelihoodLikely, LikelihoodVeryLikely, LikelihoodAlmostCertain:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v Likelihood) Msg() Msg { return Msg("likelihood." + string(v)) }

// Label returns v's label in language l.
func (v Likelihood) Label(l Lang) string { return l.T(v.Msg()) }

// MeetingKind is the kind of a meeting of the collaboration group (L2, M6).
type MeetingKind string

// The MeetingKind codes.
const (
	MeetingWeeklyPolice      MeetingKind = "weekly_police"
	MeetingQuarterlyFollowUp MeetingKind = "quarterly_followup"
	MeetingAdHoc             MeetingKind = "ad_hoc"
)

// AllMeetingKinds returns every MeetingKind code in order, in a fresh slice.
func AllMeetingKinds() []MeetingKind {
	return []MeetingKind{MeetingWeeklyPolice, MeetingQuarterlyFollowUp, MeetingAdHoc}
}

// Valid reports whether v is a known MeetingKind code.
func (v MeetingKind) Valid() bool {
	switch v {
	case MeetingWeeklyPolice, MeetingQuarterlyFollowUp, MeetingAdHoc:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v MeetingKind) Msg() Msg { return Msg("meeting." + string(v)) }

// Label returns v's label in language l.
func (v MeetingKind) Label(l Lang) string { return l.T(v.Msg()) }

// DecisionStatus is where a decision taken at a meeting stands.
type DecisionStatus string

// The DecisionStatus codes.
const (
	DecisionOpen       DecisionStatus = "open"
	DecisionInProgress DecisionStatus = "in_progress"
	DecisionDone       DecisionStatus = "done"
	DecisionCancelled  DecisionStatus = "cancelled"
)

// AllDecisionStatuses returns every DecisionStatus code in order, in a fresh slice.
func AllDecisionStatuses() []DecisionStatus {
	return []DecisionStatus{DecisionOpen, DecisionInProgress, DecisionDone, DecisionCancelled}
}

// Valid reports whether v is a known DecisionStatus code.
func (v DecisionStatus) Valid() bool {
	switch v {
	case DecisionOpen, DecisionInProgress, DecisionDone, DecisionCancelled:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v DecisionStatus) Msg() Msg { return Msg("decision." + string(v)) }

// Label returns v's label in language l.
func (v DecisionStatus) Label(l Lang) string { return l.T(v.Msg()) }

// MemberRole is a member's role in the collaboration group (M1, M2).
type MemberRole string

// The MemberRole codes.
const (
	RoleChair           MemberRole = "chair"
	RoleCompiler        MemberRole = "compiler"
	RoleMember          MemberRole = "member"
	RolePoliceContact   MemberRole = "police_contact"
	RoleNationalContact MemberRole = "national_contact"
)

// AllMemberRoles returns every MemberRole code in order, in a fresh slice.
func AllMemberRoles() []MemberRole {
	return []MemberRole{RoleChair, RoleCompiler, RoleMember, RolePoliceContact, RoleNationalContact}
}

// Valid reports whether v is a known MemberRole code.
func (v MemberRole) Valid() bool {
	switch v {
	case RoleChair, RoleCompiler, RoleMember, RolePoliceContact, RoleNationalContact:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v MemberRole) Msg() Msg { return Msg("role." + string(v)) }

// Label returns v's label in language l.
func (v MemberRole) Label(l Lang) string { return l.T(v.Msg()) }

// AuditAction is what an audit event records (R5).
type AuditAction string

// The AuditAction codes.
const (
	ActionUnlock         AuditAction = "unlock"
	ActionFailedUnlock   AuditAction = "failed_unlock"
	ActionLock           AuditAction = "lock"
	ActionView           AuditAction = "view"
	ActionCreate         AuditAction = "create"
	ActionUpdate         AuditAction = "update"
	ActionDelete         AuditAction = "delete"
	ActionExport         AuditAction = "export"
	ActionImport         AuditAction = "import"
	ActionRekey          AuditAction = "rekey"
	ActionPurge          AuditAction = "purge"
	ActionVerify         AuditAction = "verify"
	ActionReveal         AuditAction = "reveal"
	ActionReview         AuditAction = "review"
	ActionPublish        AuditAction = "publish"
	ActionBackup         AuditAction = "backup"
	ActionRestore        AuditAction = "restore"
	ActionUnlockerAdd    AuditAction = "unlocker_add"
	ActionUnlockerRemove AuditAction = "unlocker_remove"
	ActionSetting        AuditAction = "setting"
	ActionDraft          AuditAction = "draft"
)

// AllAuditActions returns every AuditAction code in order, in a fresh slice.
func AllAuditActions() []AuditAction {
	return []AuditAction{ActionUnlock, ActionFailedUnlock, ActionLock, ActionView, ActionCreate, ActionUpdate, ActionDelete, ActionExport, ActionImport, ActionRekey, ActionPurge, ActionVerify, ActionReveal, ActionReview, ActionPublish, ActionBackup, ActionRestore, ActionUnlockerAdd, ActionUnlockerRemove, ActionSetting, ActionDraft}
}

// Valid reports whether v is a known AuditAction code.
func (v AuditAction) Valid() bool {
	switch v {
	case ActionUnlock, ActionFailedUnlock, ActionLock, ActionView, ActionCreate, ActionUpdate, ActionDelete, ActionExport, ActionImport, ActionRekey, ActionPurge, ActionVerify, ActionReveal, ActionReview, ActionPublish, ActionBackup, ActionRestore, ActionUnlockerAdd, ActionUnlockerRemove, ActionSetting, ActionDraft:
		return true
	}
	return false
}

// Msg returns the catalogue key of v's label.
func (v AuditAction) Msg() Msg { return Msg("audit." + string(v)) }

// Label returns v's label in language l.
func (v AuditAction) Label(l Lang) string { return l.T(v.Msg()) }
