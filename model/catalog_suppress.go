package model

// The texts of small-count suppression (R3): the figures of the quarterly
// report and of meeting mode as they are published, and the threshold
// setting. Keys start with "suppress.". Figures are passed as strings
// ([Count.String]), never as %d, so a suppressed figure cannot be printed
// as a number by mistake.
const (
	SupReportStarted     Msg = "suppress.report.started"      // count, per tier
	SupReportCompleted   Msg = "suppress.report.completed"    // count
	SupReportFollowedUp  Msg = "suppress.report.followed_up"  // count
	SupReportOverdue     Msg = "suppress.report.overdue"      // count
	SupReportCasesOpened Msg = "suppress.report.cases_opened" // count
	SupReportCasesClosed Msg = "suppress.report.cases_closed" // count
	SupReportCasesActive Msg = "suppress.report.cases_active" // count
	SupReportNote        Msg = "suppress.report.note"         // threshold ×3
	SupModeCasesAcute    Msg = "suppress.mode.cases_acute"    // count
	SupModeNote          Msg = "suppress.mode.note"           // threshold
	SupSettingShow       Msg = "suppress.setting.show"        // threshold
	SupSettingDefault    Msg = "suppress.setting.default"     // threshold
	SupSettingChanged    Msg = "suppress.setting.changed"     // old, new
	SupSettingSet        Msg = "suppress.setting.set"         // new, default
	SupSettingUnchanged  Msg = "suppress.setting.unchanged"   // threshold
	SupSettingTooLow     Msg = "suppress.setting.too_low"     // given, min, max, default
)

var suppressText = map[Msg]text{
	SupReportStarted:     {"Startade under kvartalet: %s (%s)", "Started in the quarter: %s (%s)"},
	SupReportCompleted:   {"Avslutade: %s", "Completed: %s"},
	SupReportFollowedUp:  {"Följda upp: %s", "Followed up: %s"},
	SupReportOverdue:     {"Försenad uppföljning: %s", "Follow-up overdue: %s"},
	SupReportCasesOpened: {"Öppnade: %s", "Opened: %s"},
	SupReportCasesClosed: {"Avslutade: %s", "Closed: %s"},
	SupReportCasesActive: {"Aktiva under kvartalet: %s", "Active in the quarter: %s"},
	SupReportNote: {
		"Antal från 1 till %d redovisas som \"< %d\", så att ingen enskild kan pekas ut. Några större tal döljs också (\"≥ %d\") så att de små inte kan räknas fram ur summorna, och \"..\" betyder att tabellens uppgifter inte redovisas. Andelar anges bara där både antalet och summan visas.",
		"Counts from 1 to %d are shown as \"< %d\", so that no individual can be singled out. Some larger figures are hidden too (\"≥ %d\") so that the small ones cannot be worked out from the totals, and \"..\" means the table's figures are withheld. Shares are given only where both the count and the total are shown.",
	},
	SupModeCasesAcute: {"varav akuta: %s", "of which acute: %s"},
	SupModeNote:       {"Antal under %d visas inte.", "Counts below %d are not shown."},
	SupSettingShow:    {"Tröskel för små antal: %d (antal under den redovisas inte i rapporter, exporter och mötesläge)", "Small-count threshold: %d (counts below it are not published in reports, exports and meeting mode)"},
	SupSettingDefault: {"Tröskel för små antal: %d (standardvärdet; ingen inställning sparad)", "Small-count threshold: %d (the default; no setting stored)"},
	SupSettingChanged: {"Tröskeln för små antal ändrad från %d till %d (loggat).", "Small-count threshold changed from %d to %d (logged)."},
	SupSettingSet:     {"Tröskeln för små antal satt till %d (loggat; standardvärdet är %d).", "Small-count threshold set to %d (logged; the default is %d)."},
	SupSettingUnchanged: {
		"Tröskeln för små antal är redan %d; inget ändrat.",
		"The small-count threshold is already %d; nothing changed.",
	},
	SupSettingTooLow: {
		"tröskeln %s godtas inte: den ska vara ett heltal från %d till %d (standard %d); en lägre tröskel skulle redovisa antal så små att de pekar ut personer",
		"threshold %s refused: it must be a whole number from %d to %d (default %d); a lower threshold would publish counts small enough to point at a person",
	},
}
