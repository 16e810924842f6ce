//lint:file-ignore U1000 the intern methods are called through the type constraint of readCode, which staticcheck does not follow.

package model

// Strict decoding of every vocabulary through encoding/json or other
// text decoders: an unknown code is an error naming the vocabulary and the
// value. (Decode checks codes itself and names the field.)

// UnmarshalText accepts a known TLP code, or the empty string (unset).
func (v *TLP) UnmarshalText(b []byte) error {
	c := TLP(b)
	if c != "" && !c.Valid() {
		return codeError("tlp", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Milieu code, or the empty string (unset).
func (v *Milieu) UnmarshalText(b []byte) error {
	c := Milieu(b)
	if c != "" && !c.Valid() {
		return codeError("milieu", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Dimension code, or the empty string (unset).
func (v *Dimension) UnmarshalText(b []byte) error {
	c := Dimension(b)
	if c != "" && !c.Valid() {
		return codeError("dimension", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known ObservationKind code, or the empty string (unset).
func (v *ObservationKind) UnmarshalText(b []byte) error {
	c := ObservationKind(b)
	if c != "" && !c.Valid() {
		return codeError("observation_kind", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Org code, or the empty string (unset).
func (v *Org) UnmarshalText(b []byte) error {
	c := Org(b)
	if c != "" && !c.Valid() {
		return codeError("org", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Reliability code, or the empty string (unset).
func (v *Reliability) UnmarshalText(b []byte) error {
	c := Reliability(b)
	if c != "" && !c.Valid() {
		return codeError("reliability", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Concern code, or the empty string (unset).
func (v *Concern) UnmarshalText(b []byte) error {
	c := Concern(b)
	if c != "" && !c.Valid() {
		return codeError("concern", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Trend code, or the empty string (unset).
func (v *Trend) UnmarshalText(b []byte) error {
	c := Trend(b)
	if c != "" && !c.Valid() {
		return codeError("trend", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Tier code, or the empty string (unset).
func (v *Tier) UnmarshalText(b []byte) error {
	c := Tier(b)
	if c != "" && !c.Valid() {
		return codeError("tier", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known MeasureType code, or the empty string (unset).
func (v *MeasureType) UnmarshalText(b []byte) error {
	c := MeasureType(b)
	if c != "" && !c.Valid() {
		return codeError("measure_type", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known MeasureStatus code, or the empty string (unset).
func (v *MeasureStatus) UnmarshalText(b []byte) error {
	c := MeasureStatus(b)
	if c != "" && !c.Valid() {
		return codeError("measure_status", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Effect code, or the empty string (unset).
func (v *Effect) UnmarshalText(b []byte) error {
	c := Effect(b)
	if c != "" && !c.Valid() {
		return codeError("effect", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known SubjectKind code, or the empty string (unset).
func (v *SubjectKind) UnmarshalText(b []byte) error {
	c := SubjectKind(b)
	if c != "" && !c.Valid() {
		return codeError("subject_kind", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known IntakeChannel code, or the empty string (unset).
func (v *IntakeChannel) UnmarshalText(b []byte) error {
	c := IntakeChannel(b)
	if c != "" && !c.Valid() {
		return codeError("intake_channel", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Priority code, or the empty string (unset).
func (v *Priority) UnmarshalText(b []byte) error {
	c := Priority(b)
	if c != "" && !c.Valid() {
		return codeError("priority", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known CaseStatus code, or the empty string (unset).
func (v *CaseStatus) UnmarshalText(b []byte) error {
	c := CaseStatus(b)
	if c != "" && !c.Valid() {
		return codeError("case_status", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known ClosingReason code, or the empty string (unset).
func (v *ClosingReason) UnmarshalText(b []byte) error {
	c := ClosingReason(b)
	if c != "" && !c.Valid() {
		return codeError("closing_reason", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known AgeBand code, or the empty string (unset).
func (v *AgeBand) UnmarshalText(b []byte) error {
	c := AgeBand(b)
	if c != "" && !c.Valid() {
		return codeError("age_band", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Gender code, or the empty string (unset).
func (v *Gender) UnmarshalText(b []byte) error {
	c := Gender(b)
	if c != "" && !c.Valid() {
		return codeError("gender", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Rating code, or the empty string (unset).
func (v *Rating) UnmarshalText(b []byte) error {
	c := Rating(b)
	if c != "" && !c.Valid() {
		return codeError("rating", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known AssessmentArea code, or the empty string (unset).
func (v *AssessmentArea) UnmarshalText(b []byte) error {
	c := AssessmentArea(b)
	if c != "" && !c.Valid() {
		return codeError("assessment_area", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known Likelihood code, or the empty string (unset).
func (v *Likelihood) UnmarshalText(b []byte) error {
	c := Likelihood(b)
	if c != "" && !c.Valid() {
		return codeError("likelihood", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known MeetingKind code, or the empty string (unset).
func (v *MeetingKind) UnmarshalText(b []byte) error {
	c := MeetingKind(b)
	if c != "" && !c.Valid() {
		return codeError("meeting_kind", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known DecisionStatus code, or the empty string (unset).
func (v *DecisionStatus) UnmarshalText(b []byte) error {
	c := DecisionStatus(b)
	if c != "" && !c.Valid() {
		return codeError("decision_status", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known MemberRole code, or the empty string (unset).
func (v *MemberRole) UnmarshalText(b []byte) error {
	c := MemberRole(b)
	if c != "" && !c.Valid() {
		return codeError("member_role", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known AuditAction code, or the empty string (unset).
func (v *AuditAction) UnmarshalText(b []byte) error {
	c := AuditAction(b)
	if c != "" && !c.Valid() {
		return codeError("audit_action", string(b))
	}
	*v = c
	return nil
}

// UnmarshalText accepts a known record kind, or the empty string.
func (k *Kind) UnmarshalText(b []byte) error {
	c := Kind(b)
	if c != "" && !c.Valid() {
		return codeError("kind", string(b))
	}
	*k = c
	return nil
}

// intern returns the TLP constant spelled b, without allocating.
func (TLP) intern(b []byte) (TLP, bool) {
	switch string(b) {
	case "clear":
		return TLPClear, true
	case "green":
		return TLPGreen, true
	case "amber":
		return TLPAmber, true
	case "amber_strict":
		return TLPAmberStrict, true
	case "red":
		return TLPRed, true
	}
	return "", false
}

// intern returns the Milieu constant spelled b, without allocating.
func (Milieu) intern(b []byte) (Milieu, bool) {
	switch string(b) {
	case "white_power":
		return MilieuWhitePower, true
	case "autonomous":
		return MilieuAutonomous, true
	case "violent_islamist":
		return MilieuViolentIslamist, true
	case "other":
		return MilieuOther, true
	case "unclear":
		return MilieuUnclear, true
	case "cross_milieu":
		return MilieuCrossMilieu, true
	}
	return "", false
}

// intern returns the Dimension constant spelled b, without allocating.
func (Dimension) intern(b []byte) (Dimension, bool) {
	switch string(b) {
	case "situation":
		return DimensionSituation, true
	case "area":
		return DimensionArea, true
	case "phenomenon":
		return DimensionPhenomenon, true
	case "trend":
		return DimensionTrend, true
	case "group":
		return DimensionGroup, true
	case "individual":
		return DimensionIndividual, true
	}
	return "", false
}

// intern returns the ObservationKind constant spelled b, without allocating.
func (ObservationKind) intern(b []byte) (ObservationKind, bool) {
	switch string(b) {
	case "presence":
		return ObsPresence, true
	case "activity":
		return ObsActivity, true
	case "incident":
		return ObsIncident, true
	case "monitoring_note":
		return ObsMonitoringNote, true
	case "knowledge":
		return ObsKnowledge, true
	}
	return "", false
}

// intern returns the Org constant spelled b, without allocating.
func (Org) intern(b []byte) (Org, bool) {
	switch string(b) {
	case "police":
		return OrgPolice, true
	case "school":
		return OrgSchool, true
	case "social_services":
		return OrgSocialServices, true
	case "healthcare":
		return OrgHealthcare, true
	case "psychiatry":
		return OrgPsychiatry, true
	case "civil_society":
		return OrgCivilSociety, true
	case "university":
		return OrgUniversity, true
	case "faith_community":
		return OrgFaithCommunity, true
	case "rescue_services":
		return OrgRescueServices, true
	case "municipal_leadership":
		return OrgMunicipalLeadership, true
	case "culture_leisure":
		return OrgCultureLeisure, true
	case "housing":
		return OrgHousing, true
	case "other_municipality":
		return OrgOtherMunicipality, true
	case "lansstyrelsen":
		return OrgLansstyrelsen, true
	case "cve":
		return OrgCVE, true
	case "monitoring":
		return OrgMonitoring, true
	case "other":
		return OrgOther, true
	}
	return "", false
}

// intern returns the Reliability constant spelled b, without allocating.
func (Reliability) intern(b []byte) (Reliability, bool) {
	switch string(b) {
	case "A":
		return ReliabilityA, true
	case "B":
		return ReliabilityB, true
	case "C":
		return ReliabilityC, true
	case "D":
		return ReliabilityD, true
	case "E":
		return ReliabilityE, true
	case "F":
		return ReliabilityF, true
	}
	return "", false
}

// intern returns the Concern constant spelled b, without allocating.
func (Concern) intern(b []byte) (Concern, bool) {
	switch string(b) {
	case "low":
		return ConcernLow, true
	case "moderate":
		return ConcernModerate, true
	case "high":
		return ConcernHigh, true
	case "acute":
		return ConcernAcute, true
	}
	return "", false
}

// intern returns the Trend constant spelled b, without allocating.
func (Trend) intern(b []byte) (Trend, bool) {
	switch string(b) {
	case "rising":
		return TrendRising, true
	case "stable":
		return TrendStable, true
	case "falling":
		return TrendFalling, true
	case "unknown":
		return TrendUnknown, true
	}
	return "", false
}

// intern returns the Tier constant spelled b, without allocating.
func (Tier) intern(b []byte) (Tier, bool) {
	switch string(b) {
	case "general":
		return TierGeneral, true
	case "specific":
		return TierSpecific, true
	case "individual":
		return TierIndividual, true
	}
	return "", false
}

// intern returns the MeasureType constant spelled b, without allocating.
func (MeasureType) intern(b []byte) (MeasureType, bool) {
	switch string(b) {
	case "education_information":
		return MeasureEducationInformation, true
	case "training":
		return MeasureTraining, true
	case "leisure_activity":
		return MeasureLeisureActivity, true
	case "dialogue":
		return MeasureDialogue, true
	case "environmental":
		return MeasureEnvironmental, true
	case "support_person":
		return MeasureSupportPerson, true
	case "teaching_support":
		return MeasureTeachingSupport, true
	case "internship_placement":
		return MeasureInternshipPlacement, true
	case "referral":
		return MeasureReferral, true
	case "exit_support":
		return MeasureExitSupport, true
	case "other":
		return MeasureOther, true
	}
	return "", false
}

// intern returns the MeasureStatus constant spelled b, without allocating.
func (MeasureStatus) intern(b []byte) (MeasureStatus, bool) {
	switch string(b) {
	case "proposed":
		return StatusProposed, true
	case "decided":
		return StatusDecided, true
	case "ongoing":
		return StatusOngoing, true
	case "on_hold":
		return StatusOnHold, true
	case "completed":
		return StatusCompleted, true
	case "followed_up":
		return StatusFollowedUp, true
	case "cancelled":
		return StatusCancelled, true
	}
	return "", false
}

// intern returns the Effect constant spelled b, without allocating.
func (Effect) intern(b []byte) (Effect, bool) {
	switch string(b) {
	case "positive":
		return EffectPositive, true
	case "partial":
		return EffectPartial, true
	case "none":
		return EffectNone, true
	case "negative":
		return EffectNegative, true
	case "too_early":
		return EffectTooEarly, true
	}
	return "", false
}

// intern returns the SubjectKind constant spelled b, without allocating.
func (SubjectKind) intern(b []byte) (SubjectKind, bool) {
	switch string(b) {
	case "area":
		return SubjectArea, true
	case "situation":
		return SubjectSituation, true
	case "group":
		return SubjectGroup, true
	case "individual":
		return SubjectIndividual, true
	}
	return "", false
}

// intern returns the IntakeChannel constant spelled b, without allocating.
func (IntakeChannel) intern(b []byte) (IntakeChannel, bool) {
	switch string(b) {
	case "police":
		return IntakePolice, true
	case "school":
		return IntakeSchool, true
	case "social_services":
		return IntakeSocialServices, true
	case "healthcare":
		return IntakeHealthcare, true
	case "family":
		return IntakeFamily, true
	case "civil_society":
		return IntakeCivilSociety, true
	case "tip":
		return IntakeTip, true
	case "self_referral":
		return IntakeSelf, true
	case "monitoring":
		return IntakeMonitoring, true
	case "other":
		return IntakeOther, true
	}
	return "", false
}

// intern returns the Priority constant spelled b, without allocating.
func (Priority) intern(b []byte) (Priority, bool) {
	switch string(b) {
	case "low":
		return PriorityLow, true
	case "normal":
		return PriorityNormal, true
	case "high":
		return PriorityHigh, true
	case "acute":
		return PriorityAcute, true
	}
	return "", false
}

// intern returns the CaseStatus constant spelled b, without allocating.
func (CaseStatus) intern(b []byte) (CaseStatus, bool) {
	switch string(b) {
	case "concern_received":
		return CaseConcernReceived, true
	case "initial_assessment":
		return CaseInitialAssessment, true
	case "needs_assessment":
		return CaseNeedsAssessment, true
	case "intervention":
		return CaseIntervention, true
	case "follow_up":
		return CaseFollowUp, true
	case "closed":
		return CaseClosed, true
	}
	return "", false
}

// intern returns the ClosingReason constant spelled b, without allocating.
func (ClosingReason) intern(b []byte) (ClosingReason, bool) {
	switch string(b) {
	case "no_concern":
		return ClosedNoConcern, true
	case "handed_over":
		return ClosedHandedOver, true
	case "goals_met":
		return ClosedGoalsMet, true
	case "moved":
		return ClosedMoved, true
	case "declined":
		return ClosedDeclined, true
	case "other":
		return ClosedOther, true
	}
	return "", false
}

// intern returns the AgeBand constant spelled b, without allocating.
func (AgeBand) intern(b []byte) (AgeBand, bool) {
	switch string(b) {
	case "under_13":
		return AgeUnder13, true
	case "13_15":
		return Age13to15, true
	case "16_17":
		return Age16to17, true
	case "18_24":
		return Age18to24, true
	case "25_plus":
		return Age25Plus, true
	case "unknown":
		return AgeUnknown, true
	}
	return "", false
}

// intern returns the Gender constant spelled b, without allocating.
func (Gender) intern(b []byte) (Gender, bool) {
	switch string(b) {
	case "girls_women":
		return GenderGirlsWomen, true
	case "boys_men":
		return GenderBoysMen, true
	case "mixed_unknown":
		return GenderMixedUnknown, true
	}
	return "", false
}

// intern returns the Rating constant spelled b, without allocating.
func (Rating) intern(b []byte) (Rating, bool) {
	switch string(b) {
	case "low":
		return RatingLow, true
	case "moderate":
		return RatingModerate, true
	case "high":
		return RatingHigh, true
	case "unknown":
		return RatingUnknown, true
	}
	return "", false
}

// intern returns the AssessmentArea constant spelled b, without allocating.
func (AssessmentArea) intern(b []byte) (AssessmentArea, bool) {
	switch string(b) {
	case "violence_intent":
		return AreaViolenceIntent, true
	case "capability":
		return AreaCapability, true
	case "ideological_engagement":
		return AreaIdeologicalEngagement, true
	case "social_network":
		return AreaSocialNetwork, true
	case "life_situation":
		return AreaLifeSituation, true
	case "mental_health":
		return AreaMentalHealth, true
	}
	return "", false
}

// intern returns the Likelihood constant spelled b, without allocating.
func (Likelihood) intern(b []byte) (Likelihood, bool) {
	switch string(b) {
	case "almost_no_chance":
		return LikelihoodAlmostNoChance, true
	case "very_unlikely":
		return LikelihoodVeryUnlikely, true
	case "unlikely":
		return LikelihoodUnlikely, true
	case "roughly_even":
		return LikelihoodRoughlyEven, true
	case "likely":
		return LikelihoodLikely, true
	case "very_likely":
		return LikelihoodVeryLikely, true
	case "almost_certain":
		return LikelihoodAlmostCertain, true
	}
	return "", false
}

// intern returns the MeetingKind constant spelled b, without allocating.
func (MeetingKind) intern(b []byte) (MeetingKind, bool) {
	switch string(b) {
	case "weekly_police":
		return MeetingWeeklyPolice, true
	case "quarterly_followup":
		return MeetingQuarterlyFollowUp, true
	case "ad_hoc":
		return MeetingAdHoc, true
	}
	return "", false
}

// intern returns the DecisionStatus constant spelled b, without allocating.
func (DecisionStatus) intern(b []byte) (DecisionStatus, bool) {
	switch string(b) {
	case "open":
		return DecisionOpen, true
	case "in_progress":
		return DecisionInProgress, true
	case "done":
		return DecisionDone, true
	case "cancelled":
		return DecisionCancelled, true
	}
	return "", false
}

// intern returns the MemberRole constant spelled b, without allocating.
func (MemberRole) intern(b []byte) (MemberRole, bool) {
	switch string(b) {
	case "chair":
		return RoleChair, true
	case "compiler":
		return RoleCompiler, true
	case "member":
		return RoleMember, true
	case "police_contact":
		return RolePoliceContact, true
	case "national_contact":
		return RoleNationalContact, true
	}
	return "", false
}

// intern returns the AuditAction constant spelled b, without allocating.
func (AuditAction) intern(b []byte) (AuditAction, bool) {
	switch string(b) {
	case "unlock":
		return ActionUnlock, true
	case "failed_unlock":
		return ActionFailedUnlock, true
	case "lock":
		return ActionLock, true
	case "view":
		return ActionView, true
	case "create":
		return ActionCreate, true
	case "update":
		return ActionUpdate, true
	case "delete":
		return ActionDelete, true
	case "export":
		return ActionExport, true
	case "import":
		return ActionImport, true
	case "rekey":
		return ActionRekey, true
	case "purge":
		return ActionPurge, true
	case "verify":
		return ActionVerify, true
	case "reveal":
		return ActionReveal, true
	case "review":
		return ActionReview, true
	case "publish":
		return ActionPublish, true
	case "backup":
		return ActionBackup, true
	case "restore":
		return ActionRestore, true
	case "unlocker_add":
		return ActionUnlockerAdd, true
	case "unlocker_remove":
		return ActionUnlockerRemove, true
	case "setting":
		return ActionSetting, true
	case "draft":
		return ActionDraft, true
	}
	return "", false
}
