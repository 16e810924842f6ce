package model

// The validation messages. Each renders in Swedish and English; some take
// arguments, described beside them.
const (
	MsgRequired            Msg = "validate.required"
	MsgUnknownCode         Msg = "validate.unknown_code" // the code
	MsgTooLong             Msg = "validate.too_long"     // the maximum length in characters
	MsgTooMany             Msg = "validate.too_many"     // the maximum number of entries
	MsgBadCharacters       Msg = "validate.bad_characters"
	MsgSingleLine          Msg = "validate.single_line"
	MsgDateRange           Msg = "validate.date_range" // first and last year allowed
	MsgEndBeforeStart      Msg = "validate.end_before_start"
	MsgFollowUpBeforeStart Msg = "validate.followup_before_start"
	MsgClosedBeforeOpened  Msg = "validate.closed_before_opened"
	MsgBadID               Msg = "validate.bad_id"
	MsgLinkMissing         Msg = "validate.link_missing"    // the linked ID
	MsgLinkWrongKind       Msg = "validate.link_wrong_kind" // wanted Kind, found Kind
	MsgLinkSelf            Msg = "validate.link_self"
	MsgLinkDuplicate       Msg = "validate.link_duplicate"
	MsgPersonnummer        Msg = "validate.personnummer"
	MsgPseudonymRequired   Msg = "validate.pseudonym_required"
	MsgPseudonymShort      Msg = "validate.pseudonym_short"
	MsgPseudonymOnly       Msg = "validate.pseudonym_only"
	MsgNoTitleForPerson    Msg = "validate.no_title_for_person"
	MsgClosingReason       Msg = "validate.closing_reason"
	MsgClosingReasonOpen   Msg = "validate.closing_reason_open"
	MsgClosedDate          Msg = "validate.closed_date"
	MsgCaseNeedsIndividual Msg = "validate.case_needs_individual"
	MsgIndividualNeedsCase Msg = "validate.individual_needs_case"
	MsgOneCaseOnly         Msg = "validate.one_case_only"
	MsgDuplicate           Msg = "validate.duplicate"
	MsgNegative            Msg = "validate.negative"
	MsgApproverRequired    Msg = "validate.approver_required"
	MsgPictureNoMilieu     Msg = "validate.picture_no_milieu"
	MsgPictureFrozen       Msg = "validate.picture_frozen"
	MsgAttendeeEmpty       Msg = "validate.attendee_empty"
	MsgRecipientInvalid    Msg = "validate.recipient_invalid"
	MsgEmailInvalid        Msg = "validate.email_invalid"
	MsgChangedKind         Msg = "validate.changed_kind"
	MsgChangedID           Msg = "validate.changed_id"
	MsgAssessmentEmpty     Msg = "validate.assessment_empty"
	MsgIndividualMilieu    Msg = "validate.individual_milieu"
	// MsgPseudonymName is a warning, not a Validate problem: see
	// [LooksLikeRealName].
	MsgPseudonymName Msg = "validate.pseudonym_name"
)

// validText holds the validation messages.
var validText = map[Msg]text{
	MsgRequired:            {"Fältet måste fyllas i", "This field is required"},
	MsgUnknownCode:         {"Okänt värde %q", "Unknown value %q"},
	MsgTooLong:             {"Texten är för lång (högst %d tecken)", "The text is too long (at most %d characters)"},
	MsgTooMany:             {"För många poster (högst %d)", "Too many entries (at most %d)"},
	MsgBadCharacters:       {"Texten innehåller otillåtna tecken (styr- eller riktningstecken)", "The text contains characters that are not allowed (control or direction codes)"},
	MsgSingleLine:          {"Fältet får bara ha en rad", "This field takes a single line"},
	MsgDateRange:           {"Datumet måste ligga mellan år %d och %d", "The date must be between the years %d and %d"},
	MsgEndBeforeStart:      {"Slutdatum kan inte ligga före startdatum", "The end date cannot be before the start date"},
	MsgFollowUpBeforeStart: {"Uppföljningsdatum kan inte ligga före startdatum", "Follow-up date cannot be before the start date"},
	MsgClosedBeforeOpened:  {"Avslutsdatum kan inte ligga före öppningsdatum", "The closing date cannot be before the opening date"},
	MsgBadID:               {"Ogiltig post-id", "Not a valid record ID"},
	MsgLinkMissing:         {"Den länkade posten %s finns inte", "The linked record %s does not exist"},
	MsgLinkWrongKind:       {"Länken ska peka på: %s, men pekar på: %s", "The link must point to: %s, but points to: %s"},
	MsgLinkSelf:            {"En post kan inte länka till sig själv", "A record cannot link to itself"},
	MsgLinkDuplicate:       {"Samma post är länkad flera gånger", "The same record is linked more than once"},
	MsgPersonnummer:        {"Texten ser ut att innehålla ett personnummer – skriv aldrig personnummer i varn", "The text looks like it holds a Swedish personal identity number – never enter one in varn"},
	MsgPseudonymRequired:   {"Ärenden om en individ ska ha en pseudonym", "A case about an individual needs a pseudonym"},
	MsgPseudonymShort:      {"Pseudonymen ska ha minst tre tecken, så att mötesläget kan dölja den", "The pseudonym needs at least three characters, so that meeting mode can hide it"},
	MsgPseudonymOnly:       {"Pseudonym används bara för ärenden om en individ", "A pseudonym is only for cases about an individual"},
	MsgNoTitleForPerson:    {"Ärenden om en individ har ingen rubrik, bara en pseudonym", "A case about an individual has no title, only a pseudonym"},
	MsgClosingReason:       {"Ange varför ärendet avslutades", "State why the case was closed"},
	MsgClosingReasonOpen:   {"Avslutsorsak anges bara för avslutade ärenden", "A closing reason is only for closed cases"},
	MsgClosedDate:          {"Ange när ärendet avslutades", "State when the case was closed"},
	MsgCaseNeedsIndividual: {"Bara insatser på individnivå kopplas till ett ärende", "Only individual-tier measures are linked to a case"},
	MsgIndividualNeedsCase: {"Insatser på individnivå ska kopplas till ett ärende", "An individual-tier measure must be linked to a case"},
	MsgOneCaseOnly:         {"En observation om en individ kan kopplas till högst ett ärende", "An observation about an individual links to at most one case"},
	MsgDuplicate:           {"Värdet förekommer flera gånger", "The value appears more than once"},
	MsgNegative:            {"Antalet kan inte vara negativt", "The number cannot be negative"},
	MsgApproverRequired:    {"En publicerad lägesbild ska ha en godkännare", "A published picture needs an approver"},
	MsgPictureNoMilieu:     {"Lägesbilden ska bedöma minst en miljö", "The picture must assess at least one milieu"},
	MsgPictureFrozen:       {"En publicerad lägesbild kan inte ändras", "A published picture cannot be changed"},
	MsgAttendeeEmpty:       {"Ange en ledamot eller ett namn", "Give a member or a name"},
	MsgRecipientInvalid:    {"Ogiltig age-mottagare (ska börja med age1)", "Not an age recipient (must start with age1)"},
	MsgEmailInvalid:        {"Ogiltig e-postadress", "Not an email address"},
	MsgChangedKind:         {"Posttypen kan inte ändras", "The record type cannot be changed"},
	MsgChangedID:           {"Post-id kan inte ändras", "The record ID cannot be changed"},
	MsgAssessmentEmpty:     {"En bedömning ska ha minst ett bedömt område eller en sammanfattning", "An assessment needs at least one rated area or a summary"},
	MsgIndividualMilieu:    {"En insats på individnivå anger ingen miljö (förbud mot åsiktsregistrering) – ta bort miljön; den hör till personen bara genom ärendets beskrivna oro", "An individual-tier measure carries no milieu (no registering people by opinion) – remove it; a milieu attaches to a person only through the case's stated concern"},
	MsgPseudonymName:       {"Pseudonymen ser ut som ett riktigt namn (förnamn och efternamn) – använd en påhittad, som ”Person A-1”", "The pseudonym looks like a real name (a first name and a surname) – use a made-up one, such as \"Person A-1\""},
}
