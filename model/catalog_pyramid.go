package model

// The texts of the pyramid part of varn. Keys start with "pyramid.".
const (
	PyrTitle           Msg = "pyramid.title"
	PyrSummary         Msg = "pyramid.summary"      // measures, overdue, due
	PyrFilterCount     Msg = "pyramid.filter_count" // shown, all
	PyrScrollMore      Msg = "pyramid.scroll_more"  // lines below
	PyrScrollEnd       Msg = "pyramid.scroll_end"
	PyrTierLine        Msg = "pyramid.tier_line" // measures in tier
	PyrOverdueBadge    Msg = "pyramid.badge.overdue"
	PyrDueBadge        Msg = "pyramid.badge.due"
	PyrReach           Msg = "pyramid.reach"
	PyrReachNone       Msg = "pyramid.reach_none"
	PyrEmptyTier       Msg = "pyramid.empty_tier"
	PyrListHeader      Msg = "pyramid.list_header" // tier, count
	PyrDueTitle        Msg = "pyramid.due.title"   // overdue, due
	PyrDueNone         Msg = "pyramid.due.none"
	PyrDaysLate        Msg = "pyramid.due.days_late" // days
	PyrDaysLeft        Msg = "pyramid.due.days_left" // days
	PyrToday           Msg = "pyramid.due.today"
	PyrMeasure         Msg = "pyramid.measure"
	PyrFormNew         Msg = "pyramid.form.new"
	PyrFormEdit        Msg = "pyramid.form.edit"
	PyrFollowUpTitle   Msg = "pyramid.followup.title"
	PyrFieldTitle      Msg = "pyramid.field.title"
	PyrFieldTier       Msg = "pyramid.field.tier"
	PyrFieldType       Msg = "pyramid.field.type"
	PyrFieldStatus     Msg = "pyramid.field.status"
	PyrFieldOrg        Msg = "pyramid.field.org"
	PyrFieldContact    Msg = "pyramid.field.contact"
	PyrFieldDesc       Msg = "pyramid.field.description"
	PyrFieldTarget     Msg = "pyramid.field.target_group"
	PyrFieldGirls      Msg = "pyramid.field.girls_women"
	PyrFieldBoys       Msg = "pyramid.field.boys_men"
	PyrFieldMixed      Msg = "pyramid.field.mixed_unknown"
	PyrFieldMilieus    Msg = "pyramid.field.milieus"
	PyrFieldAreas      Msg = "pyramid.field.areas"
	PyrFieldStart      Msg = "pyramid.field.start"
	PyrFieldEnd        Msg = "pyramid.field.end"
	PyrFieldNext       Msg = "pyramid.field.next_follow_up"
	PyrFieldTLP        Msg = "pyramid.field.tlp"
	PyrFieldDate       Msg = "pyramid.field.date"
	PyrFieldEffect     Msg = "pyramid.field.effect"
	PyrFieldNote       Msg = "pyramid.field.note"
	PyrFieldFollowUps  Msg = "pyramid.field.follow_ups"
	PyrFieldObs        Msg = "pyramid.field.observations"
	PyrFieldCase       Msg = "pyramid.field.case"
	PyrFieldVersion    Msg = "pyramid.field.version"
	PyrNotANumber      Msg = "pyramid.not_a_number"
	PyrUnknownMilieu   Msg = "pyramid.unknown_milieu" // the word
	PyrConfirmStatus   Msg = "pyramid.confirm.status" // from, to
	PyrConfirmTier     Msg = "pyramid.confirm.tier"   // from, to
	PyrConfirmTierCase Msg = "pyramid.confirm.tier_needs_case"
	PyrConfirmUnlink   Msg = "pyramid.confirm.tier_unlinks_case"
	PyrConfirmDelete   Msg = "pyramid.confirm.delete"
	PyrDeleted         Msg = "pyramid.deleted"
	PyrMoved           Msg = "pyramid.moved" // status or tier label
	PyrFollowUpSaved   Msg = "pyramid.followup.saved"
	PyrLinked          Msg = "pyramid.linked" // count
	PyrNoTierBeyond    Msg = "pyramid.no_tier_beyond"
	PyrCaseOnlyInd     Msg = "pyramid.case_only_individual"
	PyrPickObs         Msg = "pyramid.pick.observations"
	PyrPickCase        Msg = "pyramid.pick.case"
	PyrPickHint        Msg = "pyramid.pick.hint"
	PyrPickCount       Msg = "pyramid.pick.count" // shown, total, selected
	PyrNoCases         Msg = "pyramid.pick.no_cases"
	PyrNoneLinked      Msg = "pyramid.none_linked"
	PyrKeyTierUp       Msg = "pyramid.key.tier_up"
	PyrKeyTierDown     Msg = "pyramid.key.tier_down"
	PyrKeyNextStatus   Msg = "pyramid.key.next_status"
	PyrKeyPrevStatus   Msg = "pyramid.key.prev_status"
	PyrKeyMoveUp       Msg = "pyramid.key.move_up"
	PyrKeyMoveDown     Msg = "pyramid.key.move_down"
	PyrKeyFollowUp     Msg = "pyramid.key.follow_up"
	PyrKeyLinkObs      Msg = "pyramid.key.link_observations"
	PyrKeyLinkCase     Msg = "pyramid.key.link_case"
	PyrKeyDue          Msg = "pyramid.key.due"
	PyrKeyToggle       Msg = "pyramid.key.toggle"
	PyrKeyConfirm      Msg = "pyramid.key.confirm"
	PyrConfirmNoMilieu Msg = "pyramid.confirm.tier_drops_milieus"
)

var pyramidText = map[Msg]text{
	PyrTitle:           {"Preventionspyramiden", "Prevention pyramid"},
	PyrScrollMore:      {"↓ %d rader till (j/pgdn; k/pgup uppåt)", "↓ %d more lines (j/pgdn; k/pgup back up)"},
	PyrScrollEnd:       {"— slut (k/pgup uppåt)", "— end (k/pgup back up)"},
	PyrFilterCount:     {"(%d av %d; esc rensar)", "(%d of %d; esc clears)"},
	PyrSummary:         {"%d insatser · ⚠ %d försenade · ◷ %d inom 14 dagar", "%d measures · ⚠ %d overdue · ◷ %d due within 14 days"},
	PyrTierLine:        {"%d insatser", "%d measures"},
	PyrOverdueBadge:    {"⚠ %d försenade", "⚠ %d overdue"},
	PyrDueBadge:        {"◷ %d snart", "◷ %d due"},
	PyrReach:           {"Målgrupp", "Target group"},
	PyrReachNone:       {"målgrupp ej räknad", "target group not counted"},
	PyrEmptyTier:       {"Inga insatser på den här nivån. Tryck n för att lägga till.", "No measures on this tier. Press n to add one."},
	PyrListHeader:      {"%s: %d insatser", "%s: %d measures"},
	PyrDueTitle:        {"Uppföljningar: ⚠ %d försenade · ◷ %d inom 14 dagar", "Follow-ups: ⚠ %d overdue · ◷ %d due within 14 days"},
	PyrDueNone:         {"Inga uppföljningar är försenade eller inom 14 dagar.", "No follow-up is overdue or due within 14 days."},
	PyrDaysLate:        {"⚠ %d d sen", "⚠ %d d late"},
	PyrDaysLeft:        {"◷ om %d d", "◷ in %d d"},
	PyrToday:           {"◷ i dag", "◷ today"},
	PyrMeasure:         {"Insats", "Measure"},
	PyrFormNew:         {"Ny insats", "New measure"},
	PyrFormEdit:        {"Ändra insats", "Edit measure"},
	PyrFollowUpTitle:   {"Ny uppföljning", "New follow-up"},
	PyrFieldTitle:      {"Rubrik", "Title"},
	PyrFieldTier:       {"Nivå", "Tier"},
	PyrFieldType:       {"Typ", "Type"},
	PyrFieldStatus:     {"Status", "Status"},
	PyrFieldOrg:        {"Ansvarig org.", "Responsible org."},
	PyrFieldContact:    {"Kontakt", "Contact"},
	PyrFieldDesc:       {"Beskrivning", "Description"},
	PyrFieldTarget:     {"Målgrupp", "Target group"},
	PyrFieldGirls:      {"Flickor/kvinnor", "Girls/women"},
	PyrFieldBoys:       {"Pojkar/män", "Boys/men"},
	PyrFieldMixed:      {"Blandat/okänt", "Mixed/unknown"},
	PyrFieldMilieus:    {"Miljöer", "Milieus"},
	PyrFieldAreas:      {"Områden", "Areas"},
	PyrFieldStart:      {"Start", "Start"},
	PyrFieldEnd:        {"Slut", "End"},
	PyrFieldNext:       {"Nästa uppföljning", "Next follow-up"},
	PyrFieldTLP:        {"TLP", "TLP"},
	PyrFieldDate:       {"Datum", "Date"},
	PyrFieldEffect:     {"Bedömd effekt", "Assessed effect"},
	PyrFieldNote:       {"Anteckning", "Note"},
	PyrFieldFollowUps:  {"Uppföljningar", "Follow-ups"},
	PyrFieldObs:        {"Motiveras av", "Motivated by"},
	PyrFieldCase:       {"Ärende", "Case"},
	PyrFieldVersion:    {"Version", "Version"},
	PyrNotANumber:      {"Ange ett heltal, 0 eller mer", "Enter a whole number, 0 or more"},
	PyrUnknownMilieu:   {"Okänd miljö %q (skriv koder eller namn, kommaseparerade)", "Unknown milieu %q (give codes or names, separated by commas)"},
	PyrConfirmStatus:   {"Flytta från %s till %s? (y/n)", "Move from %s to %s? (y/n)"},
	PyrConfirmTier:     {"Flytta insatsen från %s till %s? Det ändrar vad insatsen är. (y/n)", "Move the measure from %s to %s? That changes what the measure is. (y/n)"},
	PyrConfirmTierCase: {"På individnivå ska insatsen kopplas till ett ärende: välj det efter y.", "On the individual tier the measure must be linked to a case: choose it after y."},
	PyrConfirmUnlink:   {"Kopplingen till ärendet tas bort.", "The link to its case will be removed."},
	PyrConfirmDelete:   {"Radera insatsen? Händelsen loggas. (y/n)", "Delete this measure? The deletion is logged. (y/n)"},
	PyrDeleted:         {"Insatsen är raderad.", "The measure was deleted."},
	PyrMoved:           {"Flyttad till %s.", "Moved to %s."},
	PyrFollowUpSaved:   {"Uppföljningen är sparad.", "The follow-up was saved."},
	PyrLinked:          {"%d länkar sparade.", "%d links saved."},
	PyrNoTierBeyond:    {"Det finns ingen nivå åt det hållet.", "There is no tier in that direction."},
	PyrCaseOnlyInd:     {"Bara insatser på individnivå kopplas till ett ärende.", "Only individual-tier measures are linked to a case."},
	PyrPickObs:         {"Välj observationer som motiverar insatsen", "Choose the observations that motivate the measure"},
	PyrPickCase:        {"Välj ärende (visas med pseudonym)", "Choose the case (shown by pseudonym)"},
	PyrPickHint:        {"skriv för att söka · mellanslag väljer · enter sparar · esc avbryter", "type to search · space selects · enter saves · esc cancels"},
	PyrPickCount:       {"%d av %d visas · %d valda", "%d of %d shown · %d selected"},
	PyrNoCases:         {"Inga öppna ärenden att koppla till.", "No open cases to link to."},
	PyrNoneLinked:      {"inga", "none"},
	PyrKeyTierUp:       {"nivå upp", "tier up"},
	PyrKeyTierDown:     {"nivå ned", "tier down"},
	PyrKeyNextStatus:   {"nästa status", "next status"},
	PyrKeyPrevStatus:   {"föreg. status", "prev. status"},
	PyrKeyMoveUp:       {"flytta upp en nivå", "move up a tier"},
	PyrKeyMoveDown:     {"flytta ned en nivå", "move down a tier"},
	PyrKeyFollowUp:     {"uppföljning", "follow-up"},
	PyrKeyLinkObs:      {"länka observationer", "link observations"},
	PyrKeyLinkCase:     {"länka ärende", "link case"},
	PyrKeyDue:          {"att följa upp", "due view"},
	PyrKeyToggle:       {"välj", "select"},
	PyrKeyConfirm:      {"bekräfta", "confirm"},
	PyrConfirmNoMilieu: {"Miljöerna tas bort: en insats på individnivå anger ingen miljö.", "Its milieus are removed: an individual-tier measure names none."},
}
