package model

// The texts of the meetings part of varn: the Samverkan screen (members,
// meetings, decisions), meeting mode and the quarterly report. Keys start
// with "meetings.".
const (
	MtgSecMeetings Msg = "meetings.sec.meetings"
	MtgSecMembers  Msg = "meetings.sec.members"
	MtgSecReport   Msg = "meetings.sec.report"

	MtgMeetingsTitle Msg = "meetings.meetings_title" // count
	MtgMembersTitle  Msg = "meetings.members_title"  // count, active
	MtgNoMeetings    Msg = "meetings.no_meetings"
	MtgNoMembers     Msg = "meetings.no_members"
	MtgLastWeekly    Msg = "meetings.last_weekly" // date
	MtgActiveYes     Msg = "meetings.active_yes"
	MtgActiveNo      Msg = "meetings.active_no"

	MtgColDate      Msg = "meetings.col.date"
	MtgColKind      Msg = "meetings.col.kind"
	MtgColTitle     Msg = "meetings.col.title"
	MtgColAttendees Msg = "meetings.col.attendees"
	MtgColDecisions Msg = "meetings.col.decisions"
	MtgColName      Msg = "meetings.col.name"
	MtgColOrg       Msg = "meetings.col.org"
	MtgColRole      Msg = "meetings.col.role"
	MtgColContact   Msg = "meetings.col.contact"
	MtgColActive    Msg = "meetings.col.active"

	MtgFormNewMeeting    Msg = "meetings.form.new_meeting"
	MtgFormEditMeeting   Msg = "meetings.form.edit_meeting"
	MtgFormNewMember     Msg = "meetings.form.new_member"
	MtgFormEditMember    Msg = "meetings.form.edit_member"
	MtgFormRecommend     Msg = "meetings.form.recommendation"
	MtgFormDecision      Msg = "meetings.form.decision"
	MtgFieldKind         Msg = "meetings.field.kind"
	MtgFieldDate         Msg = "meetings.field.date"
	MtgFieldTitle        Msg = "meetings.field.title"
	MtgFieldMinutes      Msg = "meetings.field.minutes"
	MtgFieldTLP          Msg = "meetings.field.tlp"
	MtgFieldName         Msg = "meetings.field.name"
	MtgFieldOrg          Msg = "meetings.field.org"
	MtgFieldRole         Msg = "meetings.field.role"
	MtgFieldJobTitle     Msg = "meetings.field.job_title"
	MtgFieldPhone        Msg = "meetings.field.phone"
	MtgFieldEmail        Msg = "meetings.field.email"
	MtgFieldActive       Msg = "meetings.field.active"
	MtgFieldText         Msg = "meetings.field.text"
	MtgFieldTo           Msg = "meetings.field.to"
	MtgFieldBody         Msg = "meetings.field.body"
	MtgFieldBodyName     Msg = "meetings.field.body_name"
	MtgFieldResponsible  Msg = "meetings.field.responsible"
	MtgFieldDue          Msg = "meetings.field.due"
	MtgFieldStatus       Msg = "meetings.field.status"
	MtgNoBody            Msg = "meetings.no_body"
	MtgMeeting           Msg = "meetings.meeting"
	MtgAttendees         Msg = "meetings.attendees" // count
	MtgNoAttendees       Msg = "meetings.no_attendees"
	MtgAgenda            Msg = "meetings.agenda"
	MtgAgendaNew         Msg = "meetings.agenda.new"            // since, count
	MtgAgendaDue         Msg = "meetings.agenda.due"            // count
	MtgAgendaDecisions   Msg = "meetings.agenda.open_decisions" // count
	MtgAgendaCases       Msg = "meetings.agenda.cases"          // open, acute
	MtgRecommendations   Msg = "meetings.recommendations"       // count
	MtgDecisions         Msg = "meetings.decisions"             // count
	MtgDecidedBy         Msg = "meetings.decided_by"            // body
	MtgResponsibleBy     Msg = "meetings.responsible"           // name
	MtgDueBy             Msg = "meetings.due_by"                // date
	MtgToBody            Msg = "meetings.to_body"               // org
	MtgMinutes           Msg = "meetings.minutes"
	MtgPickAttendees     Msg = "meetings.pick_attendees"
	MtgConfirmDelete     Msg = "meetings.confirm_delete"
	MtgStatusSet         Msg = "meetings.status_set" // status
	MtgNothingSelected   Msg = "meetings.nothing_selected"
	MtgLastMeetingSet    Msg = "meetings.last_meeting_set" // date
	MtgMemberInactive    Msg = "meetings.member_inactive"
	MtgUnknownMember     Msg = "meetings.unknown_member"
	MtgDecisionNeedsBody Msg = "meetings.decision_needs_body"
	MtgDraftMeetingGone  Msg = "meetings.draft_meeting_gone" // the draft's text

	MtgKeyMeetingMode Msg = "meetings.key.meeting_mode"
	MtgKeyReport      Msg = "meetings.key.report"
	MtgKeySection     Msg = "meetings.key.section"
	MtgKeyAttendees   Msg = "meetings.key.attendees"
	MtgKeyRecommend   Msg = "meetings.key.recommend"
	MtgKeyDecision    Msg = "meetings.key.decision"
	MtgKeyStatus      Msg = "meetings.key.status"
	MtgKeyStatusBack  Msg = "meetings.key.status_back"
	MtgKeyToggle      Msg = "meetings.key.toggle"
	MtgKeyNextItem    Msg = "meetings.key.next_item"
	MtgKeyPrevItem    Msg = "meetings.key.prev_item"
	MtgKeyLeave       Msg = "meetings.key.leave"
	MtgKeyPrevQuarter Msg = "meetings.key.prev_quarter"
	MtgKeyNextQuarter Msg = "meetings.key.next_quarter"
	MtgKeyRemoveItem  Msg = "meetings.key.remove_item"
	MtgKeyConfirm     Msg = "meetings.key.confirm"

	MtgModeBanner      Msg = "meetings.mode.banner"
	MtgModeItem        Msg = "meetings.mode.item" // n, of
	MtgItemOpening     Msg = "meetings.item.opening"
	MtgItemNew         Msg = "meetings.item.new"
	MtgItemDue         Msg = "meetings.item.due"
	MtgItemOpenDecs    Msg = "meetings.item.open_decisions"
	MtgItemCases       Msg = "meetings.item.cases"
	MtgItemQuarter     Msg = "meetings.item.quarter" // quarter
	MtgItemRecommend   Msg = "meetings.item.recommendations"
	MtgItemDecisions   Msg = "meetings.item.decisions"
	MtgModeSince       Msg = "meetings.mode.since" // date
	MtgModeMasked      Msg = "meetings.mode.masked"
	MtgModeMore        Msg = "meetings.mode.more" // count
	MtgModeNone        Msg = "meetings.mode.none"
	MtgModeCasesOpen   Msg = "meetings.mode.cases_open" // count
	MtgModeCasesNote   Msg = "meetings.mode.cases_note"
	MtgModeByPriority  Msg = "meetings.mode.by_priority"
	MtgModeLocked      Msg = "meetings.mode.locked"
	MtgModeDraftKept   Msg = "meetings.mode.draft_kept"
	MtgModeHint        Msg = "meetings.mode.hint"
	MtgModeHintLocked  Msg = "meetings.mode.hint_locked"
	MtgModeRedMeeting  Msg = "meetings.mode.red_meeting"
	MtgModeObsPerMil   Msg = "meetings.mode.obs_per_milieu"
	MtgModeNewDecision Msg = "meetings.mode.new_decision"
	MtgModeRedText     Msg = "meetings.mode.red_text"

	MtgStatusMeetingMode Msg = "meetings.status.meeting_mode"
	MtgOnlyMeetings      Msg = "meetings.only_meetings"
	MtgLeaveLocked       Msg = "meetings.leave_locked"
	MtgStatusLocked      Msg = "meetings.status.locked"

	MtgReportTitle         Msg = "meetings.report.title"  // quarter
	MtgReportPeriod        Msg = "meetings.report.period" // from, to, as of
	MtgReportPicture       Msg = "meetings.report.picture"
	MtgReportNoPicture     Msg = "meetings.report.no_picture"
	MtgReportDraft         Msg = "meetings.report.draft"
	MtgReportPublished     Msg = "meetings.report.published"  // date, approver
	MtgReportPictureOf     Msg = "meetings.report.picture_of" // title, from, to, state
	MtgReportComparedWith  Msg = "meetings.report.compared_with"
	MtgReportRedWithheld   Msg = "meetings.report.red_withheld"
	MtgReportJudgements    Msg = "meetings.report.judgements"
	MtgReportMeasures      Msg = "meetings.report.measures"
	MtgReportCases         Msg = "meetings.report.cases"
	MtgReportCasesNote     Msg = "meetings.report.cases_note"
	MtgReportGender        Msg = "meetings.report.gender"
	MtgReportReachOf       Msg = "meetings.report.reach_of" // tier
	MtgReportReachAll      Msg = "meetings.report.reach_all"
	MtgReportCasesByGender Msg = "meetings.report.cases_by_gender"
	MtgReportGenderNote    Msg = "meetings.report.gender_note"
	MtgColMilieu           Msg = "meetings.col.milieu"
	MtgColObservations     Msg = "meetings.col.observations"
	MtgColPresence         Msg = "meetings.col.presence"
	MtgColActivity         Msg = "meetings.col.activity"
	MtgColTrend            Msg = "meetings.col.trend"
	MtgColChange           Msg = "meetings.col.change"
	MtgColTotal            Msg = "meetings.col.total"
	MtgChangeNew           Msg = "meetings.change.new"
	MtgChangeGone          Msg = "meetings.change.gone"
	MtgChangeNone          Msg = "meetings.change.none"

	// Leaving meeting mode, scrolling its items, and the ordinary
	// meeting view's masking (issue 13).
	MtgModeLeaveAsk     Msg = "meetings.mode.leave_ask"
	MtgModeEnded        Msg = "meetings.mode.ended"
	MtgModeEndedHint    Msg = "meetings.mode.ended_hint"
	MtgModeAbove        Msg = "meetings.mode.above" // count
	MtgModeMoreBelow    Msg = "meetings.mode.more_below"
	MtgModeNoSearch     Msg = "meetings.mode.no_search"
	MtgModeEscStays     Msg = "meetings.mode.esc_stays"
	MtgKeyReveal        Msg = "meetings.key.reveal"
	MtgConfirmReveal    Msg = "meetings.confirm_reveal"
	MtgDetailMasked     Msg = "meetings.detail.masked" // count
	MtgDetailMaskedItem Msg = "meetings.detail.masked_item"
	MtgDetailRevealed   Msg = "meetings.detail.revealed"
	MtgAgendaCasesTotal Msg = "meetings.agenda.cases_total" // open
)

var meetingsText = map[Msg]text{
	MtgSecMeetings: {"Möten", "Meetings"},
	MtgSecMembers:  {"Medlemmar", "Members"},
	MtgSecReport:   {"Kvartalsrapport", "Quarterly report"},

	MtgMeetingsTitle: {"Möten (%d)", "Meetings (%d)"},
	MtgMembersTitle:  {"Samverkansgruppen: %d medlemmar, %d aktiva", "Collaboration group: %d members, %d active"},
	MtgNoMeetings:    {"Inga möten ännu. n skapar ett veckomöte eller en kvartalsuppföljning.", "No meetings yet. n creates a weekly meeting or a quarterly follow-up."},
	MtgNoMembers:     {"Inga medlemmar ännu. n lägger till en.", "No members yet. n adds one."},
	MtgLastWeekly:    {"Senaste veckomöte: %s", "Last weekly meeting: %s"},
	MtgActiveYes:     {"aktiv", "active"},
	MtgActiveNo:      {"inaktiv", "inactive"},

	MtgColDate:      {"Datum", "Date"},
	MtgColKind:      {"Slag", "Kind"},
	MtgColTitle:     {"Rubrik", "Title"},
	MtgColAttendees: {"Närv.", "Att."},
	MtgColDecisions: {"Beslut", "Decisions"},
	MtgColName:      {"Namn", "Name"},
	MtgColOrg:       {"Organisation", "Organisation"},
	MtgColRole:      {"Roll", "Role"},
	MtgColContact:   {"Kontakt", "Contact"},
	MtgColActive:    {"Status", "Status"},

	MtgFormNewMeeting:    {"Nytt möte", "New meeting"},
	MtgFormEditMeeting:   {"Ändra möte", "Edit meeting"},
	MtgFormNewMember:     {"Ny medlem", "New member"},
	MtgFormEditMember:    {"Ändra medlem", "Edit member"},
	MtgFormRecommend:     {"Gruppens rekommendation (råd, inget beslut)", "The group's recommendation (advice, not a decision)"},
	MtgFormDecision:      {"Beslut (fattat av ett beslutande organ)", "Decision (taken by a deciding body)"},
	MtgFieldKind:         {"Slag", "Kind"},
	MtgFieldDate:         {"Datum", "Date"},
	MtgFieldTitle:        {"Rubrik", "Title"},
	MtgFieldMinutes:      {"Protokoll", "Minutes"},
	MtgFieldTLP:          {"TLP", "TLP"},
	MtgFieldName:         {"Namn", "Name"},
	MtgFieldOrg:          {"Organisation", "Organisation"},
	MtgFieldRole:         {"Roll", "Role"},
	MtgFieldJobTitle:     {"Befattning", "Job title"},
	MtgFieldPhone:        {"Telefon", "Phone"},
	MtgFieldEmail:        {"E-post", "Email"},
	MtgFieldActive:       {"Aktiv", "Active"},
	MtgFieldText:         {"Text", "Text"},
	MtgFieldTo:           {"Till", "To"},
	MtgFieldBody:         {"Beslutande organ", "Deciding body"},
	MtgFieldBodyName:     {"Organets namn", "Name of the body"},
	MtgFieldResponsible:  {"Ansvarig", "Responsible"},
	MtgFieldDue:          {"Klart senast", "Due"},
	MtgFieldStatus:       {"Status", "Status"},
	MtgNoBody:            {"–", "–"},
	MtgMeeting:           {"Möte", "Meeting"},
	MtgAttendees:         {"Närvarande (%d)", "Attendees (%d)"},
	MtgNoAttendees:       {"Inga närvarande valda (a väljer).", "No attendees chosen (a chooses)."},
	MtgAgenda:            {"Dagordning", "Agenda"},
	MtgAgendaNew:         {"Nytt sedan %s: %d observationer", "New since %s: %d observations"},
	MtgAgendaDue:         {"Insatser att följa upp: %d", "Measures due for follow-up: %d"},
	MtgAgendaDecisions:   {"Öppna beslut från tidigare möten: %d", "Open decisions of earlier meetings: %d"},
	MtgAgendaCases:       {"Öppna ärenden: %d (varav %s akuta) — endast antal", "Open cases: %d (%s acute) — counts only"},
	MtgRecommendations:   {"Gruppens rekommendationer (%d) — råd, inte beslut", "The group's recommendations (%d) — advice, not decisions"},
	MtgDecisions:         {"Beslut (%d) — fattade av beslutande organ", "Decisions (%d) — taken by deciding bodies"},
	MtgDecidedBy:         {"beslutat av %s", "decided by %s"},
	MtgResponsibleBy:     {"ansvarig %s", "responsible %s"},
	MtgDueBy:             {"senast %s", "due %s"},
	MtgToBody:            {"till %s", "to %s"},
	MtgMinutes:           {"Protokoll", "Minutes"},
	MtgPickAttendees:     {"Närvarande: mellanslag väljer, ctrl+s sparar, esc avbryter", "Attendees: space toggles, ctrl+s saves, esc cancels"},
	MtgConfirmDelete:     {"Radera %s? y raderar, annan tangent avbryter", "Delete %s? y deletes, any other key cancels"},
	MtgStatusSet:         {"Beslutets status: %s", "Decision status: %s"},
	MtgNothingSelected:   {"Välj ett beslut eller en rekommendation först.", "Select a decision or a recommendation first."},
	MtgLastMeetingSet:    {"Senaste veckomöte satt till %s", "Last weekly meeting set to %s"},
	MtgMemberInactive:    {"(inaktiv)", "(inactive)"},
	MtgUnknownMember:     {"(okänd medlem)", "(unknown member)"},
	MtgDecisionNeedsBody: {"ange vilket organ som fattade beslutet", "name the body that took the decision"},
	MtgDraftMeetingGone:  {"Utkastets möte finns inte längre; skriv in punkten på ett annat möte: %q", "The draft's meeting no longer exists; enter the item on another meeting: %q"},

	MtgKeyMeetingMode: {"mötesläge", "meeting mode"},
	MtgKeyReport:      {"kvartalsrapport", "quarterly report"},
	MtgKeySection:     {"möten/medlemmar/rapport", "meetings/members/report"},
	MtgKeyAttendees:   {"närvarande", "attendees"},
	MtgKeyRecommend:   {"ny rekommendation", "new recommendation"},
	MtgKeyDecision:    {"nytt beslut", "new decision"},
	MtgKeyStatus:      {"nästa beslutsstatus", "next decision status"},
	MtgKeyStatusBack:  {"föregående beslutsstatus", "previous decision status"},
	MtgKeyToggle:      {"aktiv/inaktiv", "active/inactive"},
	MtgKeyNextItem:    {"nästa punkt", "next item"},
	MtgKeyPrevItem:    {"föregående punkt", "previous item"},
	MtgKeyLeave:       {"lämna mötesläge", "leave meeting mode"},
	MtgKeyPrevQuarter: {"föregående kvartal", "previous quarter"},
	MtgKeyNextQuarter: {"nästa kvartal", "next quarter"},
	MtgKeyRemoveItem:  {"ta bort vald punkt", "remove the selected item"},
	MtgKeyConfirm:     {"bekräfta", "confirm"},

	MtgModeBanner:      {"MÖTESLÄGE", "MEETING MODE"},
	MtgModeItem:        {"Punkt %d av %d", "Item %d of %d"},
	MtgItemOpening:     {"Öppnande och närvaro", "Opening and attendance"},
	MtgItemNew:         {"Nytt sedan förra mötet", "New since the last meeting"},
	MtgItemDue:         {"Insatser att följa upp", "Measures due for follow-up"},
	MtgItemOpenDecs:    {"Öppna beslut från tidigare möten", "Open decisions of earlier meetings"},
	MtgItemCases:       {"Ärenden", "Cases"},
	MtgItemQuarter:     {"Kvartalsuppföljning %s", "Quarterly follow-up %s"},
	MtgItemRecommend:   {"Gruppens rekommendationer", "The group's recommendations"},
	MtgItemDecisions:   {"Beslut", "Decisions"},
	MtgModeSince:       {"sedan %s", "since %s"},
	MtgModeMasked:      {"%d dolda (enskilda personer eller TLP:RED) — endast antal visas", "%d hidden (individuals or TLP:RED) — counts only"},
	MtgModeMore:        {"… och %d till", "… and %d more"},
	MtgModeNone:        {"Inget att ta upp.", "Nothing to take up."},
	MtgModeCasesOpen:   {"%d öppna ärenden", "%d open cases"},
	MtgModeCasesNote:   {"Enskilda ärenden visas aldrig i mötesläge.", "Individual cases are never shown in meeting mode."},
	MtgModeByPriority:  {"Efter prioritet", "By priority"},
	MtgModeLocked:      {"Valvet är låst efter inaktivitet. Att lämna mötesläget kräver lösenfrasen.", "The vault locked after inactivity. Leaving meeting mode asks for the passphrase."},
	MtgModeDraftKept:   {"Det du skrev sparades som förseglat utkast; det erbjuds efter upplåsning.", "What you were writing was sealed as a draft, offered after unlocking."},
	MtgModeHintLocked:  {"→/mellanslag nästa · ← föregående · m lämna (kräver lösenfrasen)", "→/space next · ← previous · m leave (asks for the passphrase)"},
	MtgModeHint:        {"→/mellanslag nästa · ← föregående · n nytt beslut · m lämna", "→/space next · ← previous · n new decision · m leave"},
	MtgModeRedMeeting:  {"Mötet är märkt TLP:RED: dess text visas inte i mötesläge.", "The meeting is marked TLP:RED: its text is not shown in meeting mode."},
	MtgModeObsPerMil:   {"Per miljö", "Per milieu"},
	MtgModeNewDecision: {"Nytt beslut — enter nästa fält, ctrl+s sparar, esc avbryter", "New decision — enter next field, ctrl+s saves, esc cancels"},
	MtgModeRedText:     {"▒▒▒ TLP:RED ▒▒▒", "▒▒▒ TLP:RED ▒▒▒"},

	MtgStatusMeetingMode: {"MÖTESLÄGE", "MEETING MODE"},
	MtgOnlyMeetings:      {"I mötesläge visas bara Samverkan: lämna mötesläget med m.", "In meeting mode only Samverkan is shown: leave meeting mode with m."},
	MtgStatusLocked:      {"valvet låst", "vault locked"},
	MtgLeaveLocked:       {"Valvet låstes under mötet: ange lösenfrasen för att lämna mötesläget.", "The vault locked during the meeting: enter the passphrase to leave meeting mode."},

	MtgReportTitle:         {"Kvartalsuppföljning %s", "Quarterly follow-up %s"},
	MtgReportPeriod:        {"Period %s – %s. Underlag per %s.", "Period %s – %s. Figures as of %s."},
	MtgReportPicture:       {"Lägesbild per miljö", "Situational picture per milieu"},
	MtgReportNoPicture:     {"Ingen lägesbild sammanställd för kvartalet; antalen bygger på observationerna.", "No situational picture compiled for the quarter; the counts come from the observations."},
	MtgReportDraft:         {"utkast, inte publicerad", "draft, not published"},
	MtgReportPublished:     {"publicerad %s, godkänd av %s", "published %s, approved by %s"},
	MtgReportPictureOf:     {"%s (%s – %s), %s.", "%s (%s – %s), %s."},
	MtgReportComparedWith:  {"Jämförd med %s.", "Compared with %s."},
	MtgReportRedWithheld:   {"Lägesbildens text är märkt TLP:RED och ingår inte i rapporten.", "The picture's text is marked TLP:RED and is left out of the report."},
	MtgReportJudgements:    {"Centrala bedömningar:", "Key judgements:"},
	MtgReportMeasures:      {"Insatser", "Measures"},
	MtgReportCases:         {"Ärenden (endast antal)", "Cases (counts only)"},
	MtgReportCasesNote:     {"Enskilda ärenden beskrivs inte, och ärenden redovisas aldrig per miljö.", "No case is described, and cases are never counted by milieu."},
	MtgReportGender:        {"Jämställdhetsperspektiv", "Gender perspective"},
	MtgReportReachOf:       {"Nådda, %s", "Reached, %s"},
	MtgReportReachAll:      {"Nådda, alla nivåer", "Reached, all tiers"},
	MtgReportCasesByGender: {"Aktiva ärenden", "Active cases"},
	MtgReportGenderNote:    {"Nådda räknas för insatser som pågick under kvartalet.", "Reach counts the measures running in the quarter."},
	MtgColMilieu:           {"Miljö", "Milieu"},
	MtgColObservations:     {"Observationer", "Observations"},
	MtgColPresence:         {"Närvaro", "Presence"},
	MtgColActivity:         {"Aktivitet", "Activity"},
	MtgColTrend:            {"Trend", "Trend"},
	MtgColChange:           {"Förändring", "Change"},
	MtgColTotal:            {"Totalt", "Total"},
	MtgChangeNew:           {"ny", "new"},
	MtgChangeGone:          {"saknas nu", "no longer listed"},
	MtgChangeNone:          {"oförändrad", "unchanged"},

	MtgModeLeaveAsk:     {"Lämna mötesläget? (j/N)", "Leave meeting mode? (y/N)"},
	MtgModeEnded:        {"Mötesläget är avslutat.", "Meeting mode has ended."},
	MtgModeEndedHint:    {"Tryck på en tangent för att fortsätta.", "Press a key to continue."},
	MtgModeAbove:        {"↑ %d ovanför", "↑ %d above"},
	MtgModeMoreBelow:    {"↓ mer nedanför", "↓ more below"},
	MtgModeNoSearch:     {"Ingen sökning i mötesläge", "No search in meeting mode"},
	MtgModeEscStays:     {"m lämnar mötesläget", "m leaves meeting mode"},
	MtgKeyReveal:        {"visa dold text (loggas)", "reveal masked text (logged)"},
	MtgConfirmReveal:    {"Visa dold text om enskilda och TLP:RED? Det loggas i granskningsloggen. (j/N)", "Reveal the masked text about individuals and TLP:RED? It is recorded in the audit log. (y/N)"},
	MtgDetailMasked:     {"▒ %d dolda (enskilda eller TLP:RED) — r visar (loggas)", "▒ %d masked (individuals or TLP:RED) — r reveals (logged)"},
	MtgDetailMaskedItem: {"▒ dold (enskild eller TLP:RED)", "▒ masked (individual or TLP:RED)"},
	MtgDetailRevealed:   {"◉ Dold text visas – visningen är loggad. esc döljer igen.", "◉ Masked text shown – the reveal is logged. esc masks again."},
	MtgAgendaCasesTotal: {"Öppna ärenden: %d — endast antal", "Open cases: %d — counts only"},
}
