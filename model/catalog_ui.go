package model

// The texts of the terminal app (package tui). Keys start with "ui.".
const (
	UIAppTagline          Msg = "ui.app.tagline"
	UITabPicture          Msg = "ui.tab.picture"
	UITabPyramid          Msg = "ui.tab.pyramid"
	UITabCases            Msg = "ui.tab.cases"
	UITabMeetings         Msg = "ui.tab.meetings"
	UITabAudit            Msg = "ui.tab.audit"
	UITabExchange         Msg = "ui.tab.exchange"
	UINotBuilt            Msg = "ui.not_built"
	UILoading             Msg = "ui.loading"
	UINoMatches           Msg = "ui.no_matches"
	UIFilter              Msg = "ui.filter"
	UIQuitConfirm         Msg = "ui.quit_confirm"
	UIDraftOffered        Msg = "ui.draft_offered"
	UIDraftsOffered       Msg = "ui.drafts_offered"
	UICmdLangUsage        Msg = "ui.cmd.lang_usage"
	UICmdUnknown          Msg = "ui.cmd.unknown"
	UIStatusLock          Msg = "ui.status.lock"
	UIStatusSaved         Msg = "ui.status.saved"
	UICreatedWhere        Msg = "ui.status.created_where"
	UIUntrusted           Msg = "ui.status.untrusted"
	UICopyOfVault         Msg = "ui.status.copy"
	UILockedIdle          Msg = "ui.locked.idle"
	UILockedByUser        Msg = "ui.locked.user"
	UIUnlockPrompt        Msg = "ui.unlock.prompt"
	UIUnlockEmpty         Msg = "ui.unlock.empty"
	UIUnlockWait          Msg = "ui.unlock.wait"
	UIUnlockHelp          Msg = "ui.unlock.help"
	UIUnlocking           Msg = "ui.unlock.unlocking"
	UIPassphrase          Msg = "ui.unlock.passphrase"
	UIPassphraseAgain     Msg = "ui.unlock.passphrase_again"
	UIMunicipality        Msg = "ui.unlock.municipality"
	UICreateTitle         Msg = "ui.create.title"
	UICreateIntro         Msg = "ui.create.intro"
	UICreateTooShort      Msg = "ui.create.too_short"
	UICreateMismatch      Msg = "ui.create.mismatch"
	UICreateNoName        Msg = "ui.create.no_name"
	UICreating            Msg = "ui.create.creating"
	UIStrength            Msg = "ui.strength"
	UIStrengthWeak        Msg = "ui.strength.weak"
	UIStrengthFair        Msg = "ui.strength.fair"
	UIStrengthStrong      Msg = "ui.strength.strong"
	UIKeyHelp             Msg = "ui.key.help"
	UIKeyQuit             Msg = "ui.key.quit"
	UIKeySearch           Msg = "ui.key.search"
	UIKeyCommand          Msg = "ui.key.command"
	UIKeyBack             Msg = "ui.key.back"
	UIKeyNextTab          Msg = "ui.key.next_tab"
	UIKeyPrevTab          Msg = "ui.key.prev_tab"
	UIKeyTab              Msg = "ui.key.tab"
	UIKeyUp               Msg = "ui.key.up"
	UIKeyDown             Msg = "ui.key.down"
	UIKeyLeft             Msg = "ui.key.left"
	UIKeyRight            Msg = "ui.key.right"
	UIKeyPageUp           Msg = "ui.key.page_up"
	UIKeyPageDown         Msg = "ui.key.page_down"
	UIKeyTop              Msg = "ui.key.top"
	UIKeyBottom           Msg = "ui.key.bottom"
	UIKeyOpen             Msg = "ui.key.open"
	UIKeyNew              Msg = "ui.key.new"
	UIKeyEdit             Msg = "ui.key.edit"
	UIKeyDelete           Msg = "ui.key.delete"
	UIKeySort             Msg = "ui.key.sort"
	UIKeyFilter           Msg = "ui.key.filter"
	UIKeyClearFilter      Msg = "ui.key.clear_filter"
	UIKeyPictures         Msg = "ui.key.pictures"
	UIKeyCompile          Msg = "ui.key.compile"
	UIKeyPublish          Msg = "ui.key.publish"
	UIKeyVerify           Msg = "ui.key.verify"
	UIKeyReview           Msg = "ui.key.review"
	UIKeyJustified        Msg = "ui.key.justified"
	UIKeyUnjustified      Msg = "ui.key.unjustified"
	UIKeyNote             Msg = "ui.key.note"
	UIKeyNextField        Msg = "ui.key.next_field"
	UIKeyPrevField        Msg = "ui.key.prev_field"
	UIKeySave             Msg = "ui.key.save"
	UIKeyCancel           Msg = "ui.key.cancel"
	UIKeyCycle            Msg = "ui.key.cycle"
	UIKeyCycleBack        Msg = "ui.key.cycle_back"
	UIAuditVerifying      Msg = "ui.audit.verifying"
	UIAuditVerifyFailed   Msg = "ui.audit.verify_failed"
	UIAuditIntact         Msg = "ui.audit.intact"
	UIAuditBroken         Msg = "ui.audit.broken"
	UIAuditFilterHint     Msg = "ui.audit.filter_hint"
	UIColSeq              Msg = "ui.col.seq"
	UIColTime             Msg = "ui.col.time"
	UIColActor            Msg = "ui.col.actor"
	UIColAction           Msg = "ui.col.action"
	UIColRecord           Msg = "ui.col.record"
	UIReviewNever         Msg = "ui.review.never"
	UIReviewOverdue       Msg = "ui.review.overdue"
	UIReviewLast          Msg = "ui.review.last"
	UIReviewTitle         Msg = "ui.review.title"
	UIReviewEmpty         Msg = "ui.review.empty"
	UIReviewJustified     Msg = "ui.review.justified"
	UIReviewUnjustified   Msg = "ui.review.unjustified"
	UIReviewUnmarkedShort Msg = "ui.review.unmarked_short"
	UIReviewUnmarked      Msg = "ui.review.unmarked"
	UIReviewSaved         Msg = "ui.review.saved"
	UIActivity            Msg = "ui.pic.activity"
	UIPresence            Msg = "ui.pic.presence"
	UIBadDate             Msg = "ui.form.bad_date"
	UIColArea             Msg = "ui.col.area"
	UIColConcern          Msg = "ui.col.concern"
	UIColDimension        Msg = "ui.col.dimension"
	UIColKind             Msg = "ui.col.kind"
	UIColMilieu           Msg = "ui.col.milieu"
	UIColObserved         Msg = "ui.col.observed"
	UIColSource           Msg = "ui.col.source"
	UIColSummary          Msg = "ui.col.summary"
	UIColTLP              Msg = "ui.col.tlp"
	UIConcernLegend       Msg = "ui.concern_legend"
	UIConfirmDelete       Msg = "ui.confirm_delete"
	UIDeleted             Msg = "ui.deleted"
	UIDraftPicture        Msg = "ui.pic.draft"
	UIPublished           Msg = "ui.pic.published"
	UIFieldArea           Msg = "ui.field.area"
	UIFieldConcern        Msg = "ui.field.concern"
	UIFieldDimension      Msg = "ui.field.dimension"
	UIFieldKind           Msg = "ui.field.kind"
	UIFieldLinks          Msg = "ui.field.links"
	UIFieldMilieu         Msg = "ui.field.milieu"
	UIFieldObserved       Msg = "ui.field.observed"
	UIFieldReliability    Msg = "ui.field.reliability"
	UIFieldSource         Msg = "ui.field.source"
	UIFieldSummary        Msg = "ui.field.summary"
	UIFieldTLP            Msg = "ui.field.tlp"
	UIFieldTrend          Msg = "ui.field.trend"
	UIFieldVersion        Msg = "ui.field.version"
	UIFilterHint          Msg = "ui.filter_hint"
	UIFormEdit            Msg = "ui.form.edit"
	UIFormNew             Msg = "ui.form.new"
	UIFormInvalid         Msg = "ui.form.invalid"
	UIJudgements          Msg = "ui.pic.judgements"
	UIListCount           Msg = "ui.list.count"
	UINewSince            Msg = "ui.new_since"
	UINewSinceNone        Msg = "ui.new_since_none"
	UIObservation         Msg = "ui.observation"
	UIOverviewTitle       Msg = "ui.overview.title"
	UIOverviewLoading     Msg = "ui.overview.loading"
	UIListPartial         Msg = "ui.list.partial"
	UIStillLoading        Msg = "ui.still_loading"
	UIPicturesNone        Msg = "ui.pic.none"
	UIPicturesTitle       Msg = "ui.pic.title"
	UIRequired            Msg = "ui.form.required"
	UITooLong             Msg = "ui.form.too_long"
	UISaving              Msg = "ui.form.saving"
	UISortArea            Msg = "ui.sort.area"
	UISortConcern         Msg = "ui.sort.concern"
	UISortMilieu          Msg = "ui.sort.milieu"
	UISortObserved        Msg = "ui.sort.observed"
	UIIndividualByMilieu  Msg = "ui.individual_by_milieu"
	UIDiscardConfirm      Msg = "ui.form.discard_confirm"
	UIKeyJudgement        Msg = "ui.key.judgement"
	UIPicPeriodPrompt     Msg = "ui.pic.period_prompt"
	UIPicBadPeriod        Msg = "ui.pic.bad_period"
	UIPicFrozen           Msg = "ui.pic.frozen"
	UIPicCompiled         Msg = "ui.pic.compiled"
	UIPicPublishConfirm   Msg = "ui.pic.publish_confirm"
	UIPicPublishedOK      Msg = "ui.pic.published_ok"
	UIPicJudgement        Msg = "ui.pic.judgement"
	UIPicLikelihood       Msg = "ui.pic.likelihood"
	UIPicComparedWith     Msg = "ui.pic.compared_with"
	UIPicNoPrevious       Msg = "ui.pic.no_previous"
	UIPicLegend           Msg = "ui.pic.legend"
	UIPicOf               Msg = "ui.pic.of"
	UIPicObservations     Msg = "ui.pic.observations"
	UIPicNoLevels         Msg = "ui.pic.no_levels"
	UIWeeks               Msg = "ui.weeks"
	// R5: views of case data are logged before they are shown.
	UIViewLogging   Msg = "ui.view.logging"
	UIViewNotLogged Msg = "ui.view.not_logged"
	// R2: search leaves individual-level observations out.
	UISearchIndividualExcluded Msg = "ui.search.individual_excluded"
	UINoMatchesSearchable      Msg = "ui.search.no_matches_searchable"
)

// uiText holds the texts of the terminal app, in Swedish and English.
// This table is owned by the TUI; the other tables of the one catalogue
// are vocabText (vocabulary labels) and validText (validation messages).
var uiText = map[Msg]text{
	UIAppTagline:    {"lokal handlingsplan mot våldsbejakande extremism", "local action plan against violent extremism"},
	UITabPicture:    {"Lägesbild", "Situation"},
	UITabPyramid:    {"Preventionspyramiden", "Prevention pyramid"},
	UITabCases:      {"Ärenden", "Cases"},
	UITabMeetings:   {"Samverkan", "Collaboration"},
	UITabAudit:      {"Granskningslogg", "Audit trail"},
	UITabExchange:   {"Utbyte", "Exchange"},
	UINotBuilt:      {"Den här skärmen är inte byggd ännu. Den kommer i en senare version av varn.", "This screen is not built yet. It comes in a later version of varn."},
	UILoading:       {"Läser in …", "Loading …"},
	UINoMatches:     {"Inga träffar.", "No matches."},
	UIFilter:        {"Filter", "Filter"},
	UIQuitConfirm:   {"Osparade ändringar i formuläret. Avsluta ändå? Utkastet sparas krypterat. (j/n)", "Unsaved changes in the form. Quit anyway? The draft is saved encrypted. (y/n)"},
	UIDraftOffered:  {"Ett osparat utkast finns: ctrl+r återställer, ctrl+x kastar", "An unsaved draft exists: ctrl+r restores, ctrl+x discards"},
	UIDraftsOffered: {"%d osparade utkast finns: ctrl+r återställer dem, ctrl+x kastar dem", "%d unsaved drafts exist: ctrl+r restores them, ctrl+x discards them"},
	UICmdLangUsage:  {"Använd :lang sv eller :lang en", "Use :lang sv or :lang en"},
	UICmdUnknown:    {"Okänt kommando %q (prova :lock, :quit, :lang sv|en eller ett post-ID)", "Unknown command %q (try :lock, :quit, :lang sv|en or a record ID)"},
	UIStatusLock:    {"låses om %s", "locks in %s"},
	UIStatusSaved:   {"sparat %s", "saved %s"},
	UICreatedWhere: {"valvet skapat i %s; kontrollpunkten ligger i %s — ta med den i datorns säkerhetskopia",
		"vault created in %s; its checkpoint is in %s — include it in the host's backups"},
	UIUntrusted: {"ingen betrodd kontrollpunkt på datorn: tillbakarullning märks inte — varn audit trust (handboken 8)",
		"no trusted checkpoint on this host: rollback goes unnoticed — varn audit trust (guide 8)"},
	UICopyOfVault: {"detta är en kopia av valvet som datorn litar på: ändringar här följer inte med",
		"this is a copy of the vault this host trusts: changes here stay here"},
	UILockedIdle:          {"Valvet låstes efter inaktivitet.", "The vault was locked after inactivity."},
	UILockedByUser:        {"Valvet är låst.", "The vault is locked."},
	UIUnlockPrompt:        {"Valvet är låst. Ange lösenfrasen för att låsa upp.", "The vault is locked. Enter the passphrase to unlock it."},
	UIUnlockEmpty:         {"Skriv lösenfrasen först.", "Type the passphrase first."},
	UIUnlockWait:          {"Vänta %d s innan nästa försök.", "Wait %d s before the next attempt."},
	UIUnlockHelp:          {"enter lås upp • ctrl+u rensa • ctrl+c avsluta", "enter unlock • ctrl+u clear • ctrl+c quit"},
	UIUnlocking:           {"Låser upp valvet …", "Unlocking the vault …"},
	UIPassphrase:          {"Lösenfras", "Passphrase"},
	UIPassphraseAgain:     {"Lösenfras igen", "Passphrase again"},
	UIMunicipality:        {"Kommun", "Municipality"},
	UICreateTitle:         {"Nytt valv", "New vault"},
	UICreateIntro:         {"Det finns inget valv här ännu. Välj en lång lösenfras – den kan inte återställas.", "There is no vault here yet. Choose a long passphrase – it cannot be recovered."},
	UICreateTooShort:      {"Lösenfrasen måste ha minst %d tecken.", "The passphrase must be at least %d characters."},
	UICreateMismatch:      {"Lösenfraserna är inte lika. Skriv den igen.", "The passphrases differ. Type it again."},
	UICreateNoName:        {"Ange kommunens namn.", "Enter the municipality's name."},
	UICreating:            {"Skapar valvet …", "Creating the vault …"},
	UIStrength:            {"styrka", "strength"},
	UIStrengthWeak:        {"svag", "weak"},
	UIStrengthFair:        {"godtagbar", "fair"},
	UIStrengthStrong:      {"stark", "strong"},
	UIKeyHelp:             {"hjälp", "help"},
	UIKeyQuit:             {"avsluta", "quit"},
	UIKeySearch:           {"sök", "search"},
	UIKeyCommand:          {"kommando", "command"},
	UIKeyBack:             {"tillbaka", "back"},
	UIKeyNextTab:          {"nästa flik", "next tab"},
	UIKeyPrevTab:          {"föregående flik", "previous tab"},
	UIKeyTab:              {"flik", "tab"},
	UIKeyUp:               {"upp", "up"},
	UIKeyDown:             {"ner", "down"},
	UIKeyLeft:             {"vänster", "left"},
	UIKeyRight:            {"höger", "right"},
	UIKeyPageUp:           {"sida upp", "page up"},
	UIKeyPageDown:         {"sida ner", "page down"},
	UIKeyTop:              {"först", "top"},
	UIKeyBottom:           {"sist", "bottom"},
	UIKeyOpen:             {"öppna", "open"},
	UIKeyNew:              {"ny", "new"},
	UIKeyEdit:             {"redigera", "edit"},
	UIKeyDelete:           {"radera", "delete"},
	UIKeySort:             {"sortera", "sort"},
	UIKeyFilter:           {"filter", "filter"},
	UIKeyClearFilter:      {"rensa filter", "clear filter"},
	UIKeyPictures:         {"lägesbilder", "pictures"},
	UIKeyCompile:          {"sammanställ", "compile"},
	UIKeyPublish:          {"fastställ", "publish"},
	UIKeyVerify:           {"verifiera", "verify"},
	UIKeyReview:           {"loggkontroll", "log review"},
	UIKeyJustified:        {"befogad", "justified"},
	UIKeyUnjustified:      {"ej befogad", "not justified"},
	UIKeyNote:             {"anteckning", "note"},
	UIKeyNextField:        {"nästa fält", "next field"},
	UIKeyPrevField:        {"förra fältet", "previous field"},
	UIKeySave:             {"spara", "save"},
	UIKeyCancel:           {"avbryt", "cancel"},
	UIKeyCycle:            {"nästa värde", "next value"},
	UIKeyCycleBack:        {"förra värdet", "previous value"},
	UIAuditVerifying:      {"Verifierar loggen …", "Verifying the log …"},
	UIAuditVerifyFailed:   {"Verifieringen misslyckades: %s", "Verification failed: %s"},
	UIAuditIntact:         {"Loggen är verifierad: %d händelser, obruten kedja", "Log verified: %d events, chain intact"},
	UIAuditBroken:         {"LOGGEN ÄR BRUTEN vid händelse %d: %s", "LOG BROKEN at event %d: %s"},
	UIAuditFilterHint:     {" f: actor:NAMN action:view ref:ID from:2026-01-01 to:2026-03-31 text", " f: actor:NAME action:view ref:ID from:2026-01-01 to:2026-03-31 text"},
	UIColSeq:              {"Nr", "Seq"},
	UIColTime:             {"Tid", "Time"},
	UIColActor:            {"Användare", "Actor"},
	UIColAction:           {"Händelse", "Action"},
	UIColRecord:           {"Post", "Record"},
	UIReviewNever:         {"Ingen loggkontroll har gjorts. Tryck r för att göra en.", "No log review has been done. Press r to do one."},
	UIReviewOverdue:       {"Senaste loggkontroll %s – mer än en månad sedan. Tryck r.", "Last log review %s – more than a month ago. Press r."},
	UIReviewLast:          {"Senaste loggkontroll %s", "Last log review %s"},
	UIReviewTitle:         {"Loggkontroll %s – %s: %d slumpvis valda läsningar", "Log review %s – %s: %d randomly drawn reads"},
	UIReviewEmpty:         {"Inga läsningar under perioden. Esc tillbaka.", "No reads in the period. Esc to go back."},
	UIReviewJustified:     {"befogad", "justified"},
	UIReviewUnjustified:   {"EJ BEFOGAD", "NOT JUSTIFIED"},
	UIReviewUnmarkedShort: {"ej bedömd", "not assessed"},
	UIReviewUnmarked:      {"Bedöm varje läsning (y/u) innan kontrollen sparas.", "Assess every read (y/u) before saving the review."},
	UIReviewSaved:         {"Loggkontrollen är sparad och loggad.", "The log review is saved and logged."},
	UIActivity:            {"aktivitet", "activity"},
	UIPresence:            {"närvaro", "presence"},
	UIBadDate:             {"Ange datum som 2026-01-31", "Enter a date like 2026-01-31"},
	UIColArea:             {"Område", "Area"},
	UIColConcern:          {"Oro", "Concern"},
	UIColDimension:        {"Dimension", "Dimension"},
	UIColKind:             {"Typ", "Kind"},
	UIColMilieu:           {"Miljö", "Milieu"},
	UIColObserved:         {"Datum", "Date"},
	UIColSource:           {"Källa", "Source"},
	UIColSummary:          {"Sammanfattning", "Summary"},
	UIColTLP:              {"TLP", "TLP"},
	UIConcernLegend:       {"Oro: · låg  ! måttlig  !! hög  !!! akut   enter: listan för rutan", "Concern: · low  ! moderate  !! high  !!! acute   enter: list for the cell"},
	UIConfirmDelete:       {"Radera den här uppgiften? Händelsen loggas. (y/n)", "Delete this observation? The deletion is logged. (y/n)"},
	UIDeleted:             {"Uppgiften är raderad.", "The observation was deleted."},
	UIDraftPicture:        {"(utkast)", "(draft)"},
	UIPublished:           {"(fastställd %s)", "(published %s)"},
	UIFieldArea:           {"Område", "Area"},
	UIFieldConcern:        {"Oro", "Concern"},
	UIFieldDimension:      {"Dimension", "Dimension"},
	UIFieldKind:           {"Typ", "Kind"},
	UIFieldLinks:          {"Länkar", "Links"},
	UIFieldMilieu:         {"Miljö", "Milieu"},
	UIFieldObserved:       {"Observerad", "Observed"},
	UIFieldReliability:    {"Källvärdering", "Reliability"},
	UIFieldSource:         {"Källa", "Source"},
	UIFieldSummary:        {"Sammanfattning", "Summary"},
	UIFieldTLP:            {"TLP", "TLP"},
	UIFieldTrend:          {"Trend", "Trend"},
	UIFieldVersion:        {"Version", "Version"},
	UIFilterHint:          {" f: milieu:white_power dim:group kind:activity area:NAMN source:police concern:high tlp:amber from:2026-01-01 text", " f: milieu:white_power dim:group kind:activity area:NAME source:police concern:high tlp:amber from:2026-01-01 text"},
	UIFormEdit:            {"Redigera uppgift", "Edit observation"},
	UIFormNew:             {"Ny lägesbildsuppgift", "New observation"},
	UIFormInvalid:         {"Formuläret har %d fel – se fälten.", "The form has %d problems – see the fields."},
	UIJudgements:          {"Centrala bedömningar", "Key judgements"},
	UIListCount:           {"%d av %d uppgifter · sorterat på %s", "%d of %d observations · sorted by %s"},
	UINewSince:            {"%d nya sedan veckomötet %s", "%d new since the weekly meeting %s"},
	UINewSinceNone:        {"Inget veckomöte registrerat ännu", "No weekly meeting recorded yet"},
	UIObservation:         {"Uppgift", "Observation"},
	UIOverviewTitle:       {"Lägesbild – %d uppgifter", "Situational picture – %d observations"},
	UIOverviewLoading:     {"Lägesbild – läser in … %d uppgifter hittills, antalen är ofullständiga", "Situational picture – loading … %d observations so far, counts incomplete"},
	UIListPartial:         {"läser in … listan är ofullständig", "loading … the list is incomplete"},
	UIStillLoading:        {"Uppgifterna läses fortfarande in – vänta tills alla är inlästa", "The observations are still loading – wait until all are read"},
	UIPicturesNone:        {"Inga sammanställda lägesbilder ännu.", "No compiled pictures yet."},
	UIPicturesTitle:       {"Periodiska lägesbilder (%d) – jämförda med föregående period", "Periodic pictures (%d) – compared with the previous period"},
	UIRequired:            {"Obligatoriskt", "Required"},
	UITooLong:             {"Högst %d tecken", "At most %d characters"},
	UISaving:              {"Sparar …", "Saving …"},
	UISortArea:            {"område", "area"},
	UISortConcern:         {"oro", "concern"},
	UISortMilieu:          {"miljö", "milieu"},
	UISortObserved:        {"datum", "date"},
	UIWeeks:               {"%d veckor", "%d weeks"},
	UIIndividualByMilieu:  {"Individer listas aldrig per miljö (R2) – nå dem genom deras ärende.", "Individuals are never listed by milieu (R2) – reach them through their case."},
	UIDiscardConfirm:      {"Kasta de osparade ändringarna? (j/n)", "Discard the unsaved changes? (y/n)"},
	UIKeyJudgement:        {"ny bedömning", "add judgement"},
	UIPicPeriodPrompt:     {"Period att sammanställa (kvartal som %s eller två datum): ", "Period to compile (a quarter like %s or two dates): "},
	UIPicBadPeriod:        {"Skriv ett kvartal som 2026Q4 eller två datum som 2026-10-01 2026-12-31.", "Write a quarter like 2026Q4 or two dates like 2026-10-01 2026-12-31."},
	UIPicFrozen:           {"Lägesbilden är fastställd och låst; sammanställ en ny period i stället.", "The picture is published and frozen; compile a new period instead."},
	UIPicCompiled:         {"Lägesbild %s sammanställd ur %d uppgifter (utkast).", "Picture %s compiled from %d observations (draft)."},
	UIPicPublishConfirm:   {"Fastställa %s? Den låses därefter och kan inte ändras. (j/n)", "Publish %s? It is frozen from then on. (y/n)"},
	UIPicPublishedOK:      {"Lägesbild %s fastställd.", "Picture %s published."},
	UIPicJudgement:        {"Bedömning", "Judgement"},
	UIPicLikelihood:       {"Sannolikhet", "Likelihood"},
	UIPicComparedWith:     {"jämförd med", "compared with"},
	UIPicNoPrevious:       {"ingen tidigare fastställd lägesbild", "no earlier published picture"},
	UIPicLegend:           {"Nivåer 0–4: ingen känd · enstaka · sporadisk · etablerad · organiserad.  ↑↓ ändring mot föregående, ≠ raden ändrad", "Levels 0–4: none · isolated · sporadic · established · organised.  ↑↓ change from previous, ≠ row changed"},
	UIPicOf:               {"%d av %d", "%d of %d"},
	UIPicObservations:     {"%d uppgifter", "%d observations"},
	UIPicNoLevels:         {"Inga miljöer i någon av bilderna.", "No milieus in either picture."},
	UIViewLogging:         {"Visningen skrivs i granskningsloggen …", "Writing the view to the audit trail …"},
	UIViewNotLogged: {"Visningen kunde inte skrivas i granskningsloggen och visas därför inte (%s). Öppna fliken igen för att försöka på nytt; lås och lås upp valvet om felet kvarstår.",
		"The view could not be written to the audit trail, so it is not shown (%s). Open the tab again to retry; lock and unlock the vault if it persists."},
	UISearchIndividualExcluded: {"%d på individnivå söks inte (R2)", "%d individual-level not searched (R2)"},
	UINoMatchesSearchable: {"Inga träffar bland de sökbara uppgifterna. Uppgifter på individnivå söks aldrig i fritext (R2) – nå dem genom deras ärende.",
		"No matches among the searchable observations. Individual-level observations are never searched by text (R2) – reach them through their case."},
}
