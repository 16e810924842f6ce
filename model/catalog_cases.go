package model

// The texts of the cases part of varn. Keys start with "cases.".
const (
	CasesTitle          Msg = "cases.title"
	CasesCount          Msg = "cases.count" // shown, total
	CasesFilterHint     Msg = "cases.filter_hint"
	CasesNoMilieu       Msg = "cases.no_milieu_filter"
	CasesUnknownTerm    Msg = "cases.unknown_term" // the term
	CasesBadCode        Msg = "cases.bad_code"     // term, code
	CasesEmpty          Msg = "cases.empty"
	CasesColID          Msg = "cases.col.id"
	CasesColSubject     Msg = "cases.col.subject"
	CasesColLabel       Msg = "cases.col.label"
	CasesColStep        Msg = "cases.col.step"
	CasesColPriority    Msg = "cases.col.priority"
	CasesColHandler     Msg = "cases.col.handler"
	CasesColOpened      Msg = "cases.col.opened"
	CasesColReview      Msg = "cases.col.review"
	CasesCase           Msg = "cases.case"
	CasesMasked         Msg = "cases.masked"
	CasesScrollMore     Msg = "cases.scroll_more" // lines below
	CasesScrollEnd      Msg = "cases.scroll_end"
	CasesMaskedHint     Msg = "cases.masked_hint"
	CasesRevealed       Msg = "cases.revealed"
	CasesConfirmReveal  Msg = "cases.confirm_reveal"
	CasesStep           Msg = "cases.step" // n, total, label
	CasesFormNew        Msg = "cases.form.new"
	CasesFormEdit       Msg = "cases.form.edit"
	CasesAssessTitle    Msg = "cases.assess.title"
	CasesFieldSubject   Msg = "cases.field.subject"
	CasesFieldTitle     Msg = "cases.field.title"
	CasesFieldPseudonym Msg = "cases.field.pseudonym"
	CasesFieldAgeBand   Msg = "cases.field.age_band"
	CasesFieldGender    Msg = "cases.field.gender"
	CasesFieldArea      Msg = "cases.field.area"
	CasesFieldIntake    Msg = "cases.field.intake"
	CasesFieldPriority  Msg = "cases.field.priority"
	CasesFieldStatus    Msg = "cases.field.status"
	CasesFieldReason    Msg = "cases.field.closing_reason"
	CasesFieldOpened    Msg = "cases.field.opened"
	CasesFieldClosed    Msg = "cases.field.closed"
	CasesFieldHandler   Msg = "cases.field.handler"
	CasesFieldConcern   Msg = "cases.field.concern"
	CasesFieldLevel     Msg = "cases.field.concern_level"
	CasesFieldMilieu    Msg = "cases.field.concern_milieu"
	CasesFieldLegal     Msg = "cases.field.legal_basis"
	CasesFieldReview    Msg = "cases.field.next_review"
	CasesFieldRetain    Msg = "cases.field.retain_until"
	CasesFieldRetention Msg = "cases.field.retention"
	CasesFieldTLP       Msg = "cases.field.tlp"
	CasesFieldMeasures  Msg = "cases.field.measures"
	CasesFieldAssess    Msg = "cases.field.assessments"
	CasesFieldDate      Msg = "cases.field.date"
	CasesFieldProtect   Msg = "cases.field.protective"
	CasesFieldChanges   Msg = "cases.field.changes"
	CasesFieldSummary   Msg = "cases.field.summary"
	CasesFieldVersion   Msg = "cases.field.version"
	CasesNotSet         Msg = "cases.not_set"
	CasesNoScore        Msg = "cases.no_score"
	CasesRatingUnset    Msg = "cases.rating_unset"
	CasesStepMoved      Msg = "cases.step_moved" // step label
	CasesCloseViaForm   Msg = "cases.close_via_form"
	CasesAssessSaved    Msg = "cases.assess_saved"
	CasesRetentionDue   Msg = "cases.retention_due" // date
	CasesRetentionNone  Msg = "cases.retention_none"
	PurgeTitle          Msg = "cases.purge.title" // count
	PurgeNone           Msg = "cases.purge.none"
	PurgeRules          Msg = "cases.purge.rules" // closed case years, individual observation years, individual measure years
	PurgeWith           Msg = "cases.purge.with_case"
	PurgeConfirm        Msg = "cases.purge.confirm" // count
	PurgeDone           Msg = "cases.purge.done"    // count
	PurgeColDue         Msg = "cases.purge.col.due"
	PurgeColKind        Msg = "cases.purge.col.kind"
	PurgeColWhat        Msg = "cases.purge.col.what"
	PurgeColRule        Msg = "cases.purge.col.rule"

	PurgeRuleRetainUntil           Msg = "cases.purge.rule.retain_until"
	PurgeRuleClosedCase            Msg = "cases.purge.rule.closed_case"
	PurgeRuleIndividualObservation Msg = "cases.purge.rule.individual_observation"
	PurgeRuleIndividualMeasure     Msg = "cases.purge.rule.individual_measure"
	PurgeRuleWithCase              Msg = "cases.purge.rule.with_case"
	RulesTitle                     Msg = "cases.rules.title"
	RulesClosedCase                Msg = "cases.rules.closed_case_years"
	RulesIndObs                    Msg = "cases.rules.individual_observation_years"
	RulesIndMeasure                Msg = "cases.rules.individual_measure_years"
	RulesBadYears                  Msg = "cases.rules.bad_years" // min, max
	RulesSaved                     Msg = "cases.rules.saved"
	CasesKeyReveal                 Msg = "cases.key.reveal"
	CasesKeyNextStep               Msg = "cases.key.next_step"
	CasesKeyPrevStep               Msg = "cases.key.prev_step"
	CasesKeyAssess                 Msg = "cases.key.assess"
	CasesKeyPurge                  Msg = "cases.key.purge"
	CasesKeyRules                  Msg = "cases.key.rules"
	CasesKeyConfirm                Msg = "cases.key.confirm"
	CasesPseudonymName             Msg = "cases.pseudonym_name" // the save key
)

var casesText = map[Msg]text{
	CasesTitle:          {"Ärenden", "Cases"},
	CasesCount:          {"%d av %d ärenden", "%d of %d cases"},
	CasesFilterHint:     {"  status: subject: priority: handler: open, eller text (rubrik, pseudonym, område)", "  status: subject: priority: handler: open, or text (title, pseudonym, area)"},
	CasesNoMilieu:       {"Ärenden kan inte filtreras eller sökas på miljö (förbud mot åsiktsregistrering)", "Cases cannot be filtered or searched by milieu (no registering people by opinion)"},
	CasesUnknownTerm:    {"Okänt filter %q", "Unknown filter %q"},
	CasesBadCode:        {"%s: okänt värde %q", "%s: unknown value %q"},
	CasesEmpty:          {"Inga ärenden. Tryck n för att lägga upp ett.", "No cases. Press n to open one."},
	CasesColID:          {"Id", "ID"},
	CasesColSubject:     {"Gäller", "Subject"},
	CasesColLabel:       {"Rubrik/pseudonym", "Title/pseudonym"},
	CasesColStep:        {"Steg", "Step"},
	CasesColPriority:    {"Prioritet", "Priority"},
	CasesColHandler:     {"Handläggare", "Handler"},
	CasesColOpened:      {"Öppnat", "Opened"},
	CasesColReview:      {"Nästa översyn", "Next review"},
	CasesCase:           {"Ärende", "Case"},
	CasesScrollMore:     {"↓ %d rader till (j/pgdn; k/pgup uppåt)", "↓ %d more lines (j/pgdn; k/pgup back up)"},
	CasesScrollEnd:      {"— slut (k/pgup uppåt)", "— end (k/pgup back up)"},
	CasesMasked:         {"•••••• dolt ••••••", "•••••• masked ••••••"},
	CasesMaskedHint:     {"Uppgifterna är dolda. Tryck r för att visa dem – visningen loggas.", "The details are masked. Press r to reveal them – the reveal is logged."},
	CasesRevealed:       {"Visas – visningen är loggad. esc döljer igen.", "Revealed – the reveal is logged. esc masks again."},
	CasesConfirmReveal:  {"Visa ärendets uppgifter? Det loggas i granskningsloggen. (y/n)", "Reveal the case's details? It is recorded in the audit log. (y/n)"},
	CasesStep:           {"%d/%d %s", "%d/%d %s"},
	CasesFormNew:        {"Nytt ärende", "New case"},
	CasesFormEdit:       {"Ändra ärende", "Edit case"},
	CasesAssessTitle:    {"Ny bedömning (ingen automatisk poäng – bedöm varje område)", "New assessment (no automatic score – rate each area)"},
	CasesFieldSubject:   {"Gäller", "Subject"},
	CasesFieldTitle:     {"Rubrik", "Title"},
	CasesFieldPseudonym: {"Pseudonym", "Pseudonym"},
	CasesFieldAgeBand:   {"Ålder", "Age band"},
	CasesFieldGender:    {"Kön", "Gender"},
	CasesFieldArea:      {"Område", "Area"},
	CasesFieldIntake:    {"Inkom via", "Intake"},
	CasesFieldPriority:  {"Prioritet", "Priority"},
	CasesFieldStatus:    {"Steg", "Step"},
	CasesFieldReason:    {"Avslutsorsak", "Closing reason"},
	CasesFieldOpened:    {"Öppnat", "Opened"},
	CasesFieldClosed:    {"Avslutat", "Closed"},
	CasesFieldHandler:   {"Handläggande org.", "Handler org."},
	CasesFieldConcern:   {"Oro (i ord)", "Concern (in words)"},
	CasesFieldLevel:     {"Orons nivå", "Concern level"},
	CasesFieldMilieu:    {"Våldet kopplat till", "Violence linked to"},
	CasesFieldLegal:     {"Rättslig grund", "Legal basis"},
	CasesFieldReview:    {"Nästa översyn", "Next review"},
	CasesFieldRetain:    {"Gallras senast", "Retain until"},
	CasesFieldRetention: {"Gallring", "Retention"},
	CasesFieldTLP:       {"TLP", "TLP"},
	CasesFieldMeasures:  {"Insatser", "Measures"},
	CasesFieldAssess:    {"Bedömningar", "Assessments"},
	CasesFieldDate:      {"Datum", "Date"},
	CasesFieldProtect:   {"Skyddsfaktorer", "Protective factors"},
	CasesFieldChanges:   {"Ändrat sedan sist", "Changed since last"},
	CasesFieldSummary:   {"Sammanfattning", "Summary"},
	CasesFieldVersion:   {"Version", "Version"},
	CasesNotSet:         {"–", "–"},
	CasesNoScore:        {"Bedömningar är skattningar per område – varn räknar aldrig fram en poäng.", "Assessments are ratings per area – varn never computes a score."},
	CasesRatingUnset:    {"– ej bedömt", "– not rated"},
	CasesStepMoved:      {"Ärendet är nu i steget %s.", "The case is now at the step %s."},
	CasesCloseViaForm:   {"Avsluta ärendet i formuläret (e): ange avslutsorsak och datum.", "Close the case in the form (e): give a closing reason and date."},
	CasesAssessSaved:    {"Bedömningen är sparad.", "The assessment was saved."},
	CasesRetentionDue:   {"gallras %s", "purge due %s"},
	CasesRetentionNone:  {"ingen gallring förrän ärendet avslutas", "no purge until the case is closed"},
	PurgeTitle:          {"Gallring: %d poster har passerat sitt gallringsdatum", "Retention: %d records are past their purge date"},
	PurgeNone:           {"Inga poster har passerat sitt gallringsdatum.", "No record is past its purge date."},
	PurgeRules:          {"Regler: avslutade ärenden %d år · observationer om individer %d år · individinsatser %d år", "Rules: closed cases %d years · observations about individuals %d years · individual measures %d years"},
	PurgeWith:           {"följer ärendet", "goes with case"},
	PurgeConfirm:        {"Radera dessa %d poster för alltid? Ärendens nycklar förstörs; bara en gravsten utan personuppgifter och en logghändelse blir kvar. (y/n)", "Delete these %d records for ever? Case keys are destroyed; only a tombstone without personal data and an audit event remain. (y/n)"},
	PurgeDone:           {"%d poster gallrade.", "%d records purged."},
	PurgeColDue:         {"Gallras", "Due"},
	PurgeColKind:        {"Slag", "Kind"},
	PurgeColWhat:        {"Post", "Record"},
	PurgeColRule:        {"Regel", "Rule"},

	PurgeRuleRetainUntil:           {"eget gallringsdatum", "own purge date"},
	PurgeRuleClosedCase:            {"avslutat ärende", "closed case"},
	PurgeRuleIndividualObservation: {"uppgift om individ", "observation about an individual"},
	PurgeRuleIndividualMeasure:     {"individinsats", "individual measure"},
	PurgeRuleWithCase:              {"följer ärendet", "goes with its case"},
	RulesTitle:                     {"Gallringsregler för valvet", "Retention rules of this vault"},
	RulesClosedCase:                {"Avslutade ärenden (år)", "Closed cases (years)"},
	RulesIndObs:                    {"Obs. om individ (år)", "Obs. on individual (yrs)"},
	RulesIndMeasure:                {"Individinsatser (år)", "Individual measures (yrs)"},
	RulesBadYears:                  {"Ange ett antal år mellan %d och %d", "Enter a number of years between %d and %d"},
	RulesSaved:                     {"Gallringsreglerna är sparade.", "The retention rules were saved."},
	CasesKeyReveal:                 {"visa uppgifter", "reveal"},
	CasesKeyNextStep:               {"nästa steg", "next step"},
	CasesKeyPrevStep:               {"föreg. steg", "prev. step"},
	CasesKeyAssess:                 {"ny bedömning", "new assessment"},
	CasesKeyPurge:                  {"gallring", "retention"},
	CasesKeyRules:                  {"gallringsregler", "retention rules"},
	CasesKeyConfirm:                {"bekräfta", "confirm"},
	CasesPseudonymName:             {"Ser ut som ett riktigt namn – skriv en påhittad pseudonym, eller tryck %s igen om den är påhittad", "Looks like a real name – type a made-up pseudonym, or press %s again if it is made up"},
}
