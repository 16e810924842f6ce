package model

// The texts of the exchange part of varn (the Utbyte screen). Keys start
// with "exchange.".
const (
	XchPartners             Msg = "exchange.partners"
	XchHistory              Msg = "exchange.history"
	XchColName              Msg = "exchange.col.name"
	XchColFingerprint       Msg = "exchange.col.fingerprint"
	XchColImport            Msg = "exchange.col.import"
	XchColSent              Msg = "exchange.col.sent"
	XchColLast              Msg = "exchange.col.last"
	XchColTime              Msg = "exchange.col.time"
	XchColDirection         Msg = "exchange.col.direction"
	XchColPartner           Msg = "exchange.col.partner"
	XchColDetail            Msg = "exchange.col.detail"
	XchColKind              Msg = "exchange.col.kind"
	XchColNew               Msg = "exchange.col.new"
	XchColUpdated           Msg = "exchange.col.updated"
	XchColUnchanged         Msg = "exchange.col.unchanged"
	XchColConflicting       Msg = "exchange.col.conflicting"
	XchColIgnored           Msg = "exchange.col.ignored"
	XchColCount             Msg = "exchange.col.count"
	XchYes                  Msg = "exchange.yes"
	XchAgeOnly              Msg = "exchange.age_only"
	XchNever                Msg = "exchange.never"
	XchNoPartners           Msg = "exchange.no_partners"
	XchConflictCopies       Msg = "exchange.conflict_copies"
	XchNoHistory            Msg = "exchange.no_history"
	XchDirExport            Msg = "exchange.dir.export"
	XchDirImport            Msg = "exchange.dir.import"
	XchKeyExport            Msg = "exchange.key.export"
	XchKeyImport            Msg = "exchange.key.import"
	XchKeyConfirm           Msg = "exchange.key.confirm"
	XchKeyToggle            Msg = "exchange.key.toggle"
	XchUnsupported          Msg = "exchange.unsupported"
	XchExportTitle          Msg = "exchange.export.title"
	XchExportChoose         Msg = "exchange.export.choose"
	XchFieldKinds           Msg = "exchange.field.kinds"
	XchFieldMaxTLP          Msg = "exchange.field.max_tlp"
	XchFieldCases           Msg = "exchange.field.cases"
	XchFieldSince           Msg = "exchange.field.since"
	XchFieldLegal           Msg = "exchange.field.legal"
	XchFieldPurpose         Msg = "exchange.field.purpose"
	XchFieldFile            Msg = "exchange.field.file"
	XchSinceHint            Msg = "exchange.since_hint"
	XchCasesHint            Msg = "exchange.cases_hint"
	XchScopeHelp            Msg = "exchange.scope_help"
	XchExportPreview        Msg = "exchange.export.preview"
	XchExportWithheld       Msg = "exchange.export.withheld"
	XchExportRedacted       Msg = "exchange.export.redacted"
	XchExportConfirm        Msg = "exchange.export.confirm"
	XchExportRunning        Msg = "exchange.export.running"
	XchExportDone           Msg = "exchange.export.done"
	XchExportBundle         Msg = "exchange.export.bundle"
	XchImportTitle          Msg = "exchange.import.title"
	XchImportPath           Msg = "exchange.import.path"
	XchImportVerifying      Msg = "exchange.import.verifying"
	XchImportFrom           Msg = "exchange.import.from"
	XchImportDates          Msg = "exchange.import.dates"
	XchImportFinger         Msg = "exchange.import.fingerprint"
	XchImportLegal          Msg = "exchange.import.legal"
	XchImportPurpose        Msg = "exchange.import.purpose"
	XchImportProven         Msg = "exchange.import.proven"
	XchImportUnproven       Msg = "exchange.import.unproven"
	XchImportConflicts      Msg = "exchange.import.conflicts"
	XchImportKeptHere       Msg = "exchange.import.kept_here"
	XchImportKeptThem       Msg = "exchange.import.kept_bundle"
	XchImportIgnored        Msg = "exchange.import.ignored"
	XchImportConfirm        Msg = "exchange.import.confirm"
	XchImportApplying       Msg = "exchange.import.applying"
	XchImportDone           Msg = "exchange.import.done"
	XchImportAlready        Msg = "exchange.import.already"
	XchImportNothing        Msg = "exchange.import.nothing"
	XchErrLegal             Msg = "exchange.err.legal"
	XchErrSince             Msg = "exchange.err.since"
	XchErrKinds             Msg = "exchange.err.kinds"
	XchErrFile              Msg = "exchange.err.file"
	XchErrNoPartner         Msg = "exchange.err.no_partner"
	XchWhyNeverLeaves       Msg = "exchange.why.never_leaves"
	XchWhyKind              Msg = "exchange.why.kind"
	XchWhyRed               Msg = "exchange.why.red"
	XchWhyCeiling           Msg = "exchange.why.ceiling"
	XchWhyStrictNamed       Msg = "exchange.why.strict_named"
	XchWhyStrictRelay       Msg = "exchange.why.strict_relay"
	XchWhySince             Msg = "exchange.why.since"
	XchWhyCases             Msg = "exchange.why.cases"
	XchWhyObsIndividual     Msg = "exchange.why.obs_individual"
	XchWhyMeasureIndividual Msg = "exchange.why.measure_individual"
	XchWhyNotOurs           Msg = "exchange.why.not_ours"
	XchWhyDeleted           Msg = "exchange.why.deleted"
	XchWhyErased            Msg = "exchange.why.erased"
	XchWhyOlder             Msg = "exchange.why.older"
	XchWhyNotOrigin         Msg = "exchange.why.not_origin"

	// Why an import was refused: one text per reason (the vault's
	// sentinel errors), shown above the package's one-line detail.
	XchRejected          Msg = "exchange.reject"
	XchRejWrongRecipient Msg = "exchange.reject.wrong_recipient"
	XchRejUnknownSigner  Msg = "exchange.reject.unknown_signer"
	XchRejWrongSigner    Msg = "exchange.reject.wrong_signer"
	XchRejBadSignature   Msg = "exchange.reject.bad_signature"
	XchRejCorrupt        Msg = "exchange.reject.corrupt"
	XchRejExpired        Msg = "exchange.reject.expired"
	XchRejUnknownVersion Msg = "exchange.reject.unknown_version"
	XchRejMalformed      Msg = "exchange.reject.malformed"
	XchRejTooLarge       Msg = "exchange.reject.too_large"
	XchRejReplay         Msg = "exchange.reject.replay"
	XchRejCheckpoint     Msg = "exchange.reject.checkpoint"
	XchRejNoIdentity     Msg = "exchange.reject.no_identity"
	XchRejChanged        Msg = "exchange.reject.changed"
	XchRejInterrupted    Msg = "exchange.reject.interrupted"
	XchRejOutOfScope     Msg = "exchange.reject.out_of_scope"
	XchRejNotSenders     Msg = "exchange.reject.not_senders"
	XchRejFutureDated    Msg = "exchange.reject.future_dated"

	// The conflict copies view.
	XchKeyConflicts    Msg = "exchange.key.conflicts"
	XchKeyDismiss      Msg = "exchange.key.dismiss"
	XchConflictsTitle  Msg = "exchange.conflicts.title"
	XchConflictsHelp   Msg = "exchange.conflicts.help"
	XchConflictScroll  Msg = "exchange.conflicts.scroll" // first, last, total line
	XchConflictsNone   Msg = "exchange.conflicts.none"
	XchConflictGone    Msg = "exchange.conflicts.gone"
	XchConflictNoDiff  Msg = "exchange.conflicts.no_diff"
	XchConflictFrom    Msg = "exchange.conflicts.from"
	XchColField        Msg = "exchange.col.field"
	XchColHereNow      Msg = "exchange.col.here_now"
	XchColKeptCopy     Msg = "exchange.col.kept_copy"
	XchConflictRemoved Msg = "exchange.conflicts.removed"
)

var exchangeText = map[Msg]text{
	XchPartners:             {"Partner", "Partners"},
	XchHistory:              {"Utbyten", "Exchanges"},
	XchColName:              {"Namn", "Name"},
	XchColFingerprint:       {"Fingeravtryck", "Fingerprint"},
	XchColImport:            {"Import", "Import"},
	XchColSent:              {"Ut/in", "Out/in"},
	XchColLast:              {"Senast", "Last"},
	XchColTime:              {"Tid", "Time"},
	XchColDirection:         {"Riktning", "Direction"},
	XchColPartner:           {"Partner", "Partner"},
	XchColDetail:            {"Innehåll", "Contents"},
	XchColKind:              {"Slag", "Kind"},
	XchColNew:               {"nya", "new"},
	XchColUpdated:           {"uppdat.", "updated"},
	XchColUnchanged:         {"oförändr.", "unchanged"},
	XchColConflicting:       {"konflikt", "conflict"},
	XchColIgnored:           {"ignor.", "ignored"},
	XchColCount:             {"antal", "count"},
	XchYes:                  {"ja", "yes"},
	XchAgeOnly:              {"bara age", "age only"},
	XchNever:                {"aldrig", "never"},
	XchNoPartners:           {"Inga partner ännu. Lägg till: varn partner add NAMN --from FIL", "No partners yet. Add one: varn partner add NAME --from FILE"},
	XchConflictCopies:       {"Konfliktkopior från importer (%d), versioner som fick ge vika; c visar dem", "Conflict copies kept by imports (%d), versions that gave way; c shows them"},
	XchNoHistory:            {"Inga utbyten ännu.", "No exchanges yet."},
	XchDirExport:            {"→ export", "→ export"},
	XchDirImport:            {"← import", "← import"},
	XchKeyExport:            {"exportera", "export"},
	XchKeyImport:            {"importera", "import"},
	XchKeyConfirm:           {"bekräfta", "confirm"},
	XchKeyToggle:            {"välj/växla", "toggle"},
	XchUnsupported:          {"Det här valvet kan inte utbyta paket.", "This vault cannot exchange bundles."},
	XchExportTitle:          {"Export – steg %d av 3", "Export – step %d of 3"},
	XchExportChoose:         {"Välj mottagare:", "Choose the recipient:"},
	XchFieldKinds:           {"Slag", "Kinds"},
	XchFieldMaxTLP:          {"Högsta TLP", "Highest TLP"},
	XchFieldCases:           {"Enskilda ärenden", "Individual cases"},
	XchFieldSince:           {"Ändrat sedan", "Changed since"},
	XchFieldLegal:           {"Rättslig grund", "Legal basis"},
	XchFieldPurpose:         {"Ändamål", "Purpose"},
	XchFieldFile:            {"Fil", "File"},
	XchSinceHint:            {"ÅÅÅÅ-MM-DD, tomt = allt", "YYYY-MM-DD, empty = all"},
	XchCasesHint:            {"bara om den rättsliga grunden medger det", "only if the legal basis allows it"},
	XchScopeHelp:            {"tab: nästa fält · mellanslag: växla · enter: förhandsgranska · esc: avbryt", "tab: next field · space: toggle · enter: preview · esc: cancel"},
	XchExportPreview:        {"Till %s lämnar %d poster valvet:", "For %s, %d records leave the vault:"},
	XchExportWithheld:       {"Stannar kvar:", "Stays here:"},
	XchExportRedacted:       {"Utelämnas ur det som skickas:", "Left out of what is sent:"},
	XchExportConfirm:        {"enter: skriv paketet · esc: tillbaka", "enter: write the bundle · esc: back"},
	XchExportRunning:        {"Exporterar…", "Exporting…"},
	XchExportDone:           {"Skrev %s", "Wrote %s"},
	XchExportBundle:         {"Paket %s, nummer %d, %d poster.", "Bundle %s, number %d, %d records."},
	XchImportTitle:          {"Import", "Import"},
	XchImportPath:           {"Sökväg till paketet", "Path to the bundle"},
	XchImportVerifying:      {"Dekrypterar och verifierar…", "Decrypting and verifying…"},
	XchImportFrom:           {"Från %s, paket nummer %d", "From %s, bundle number %d"},
	XchImportDates:          {"Skapat %s · giltigt till %s", "Created %s · valid until %s"},
	XchImportFinger:         {"Fingeravtryck: %s", "Fingerprint: %s"},
	XchImportLegal:          {"Rättslig grund: %s", "Legal basis: %s"},
	XchImportPurpose:        {"Ändamål: %s", "Purpose: %s"},
	XchImportProven:         {"✓ Avsändarens granskningslogg har bevisligen bara vuxit.", "✓ The sender's audit log provably only grew."},
	XchImportUnproven:       {"Avsändarens logg är inte kortare än förut (tillväxt ej bevisad).", "The sender's log is no shorter than before (growth not proven)."},
	XchImportConflicts:      {"Konflikter (ändrade på båda håll; ursprunget gäller, den andra sparas):", "Conflicts (changed on both sides; origin wins, the other version is kept):"},
	XchImportKeptHere:       {"behåller vår", "keeps ours"},
	XchImportKeptThem:       {"tar deras", "takes theirs"},
	XchImportIgnored:        {"Ignoreras: %d, %s", "Ignored: %d, %s"},
	XchImportConfirm:        {"y: importera · esc: avbryt utan att skriva något", "y: import · esc: cancel without writing anything"},
	XchImportApplying:       {"Importerar…", "Importing…"},
	XchImportDone:           {"Importerat: %d nya, %d uppdaterade, %d konflikter lösta.", "Imported: %d new, %d updated, %d conflicts resolved."},
	XchImportAlready:        {"Paketet är redan importerat; inget ändrades.", "The bundle was already imported; nothing changed."},
	XchImportNothing:        {"Inget skulle ändras.", "Nothing would change."},
	XchErrLegal:             {"Ange rättslig grund och ändamål.", "Give a legal basis and a purpose."},
	XchErrSince:             {"Skriv datumet som ÅÅÅÅ-MM-DD.", "Write the date as YYYY-MM-DD."},
	XchErrKinds:             {"Välj minst ett slag.", "Choose at least one kind."},
	XchErrFile:              {"Ange en fil att skriva.", "Give a file to write."},
	XchErrNoPartner:         {"Det finns ingen partner att exportera till.", "There is no partner to export to."},
	XchWhyNeverLeaves:       {"den här sortens poster lämnar aldrig valvet", "this kind of record never leaves the vault"},
	XchWhyKind:              {"slaget är inte valt", "kind not selected"},
	XchWhyRed:               {"TLP:RED lämnar aldrig valvet", "TLP:RED never leaves the vault"},
	XchWhyCeiling:           {"TLP över exportens tak", "TLP above the export's ceiling"},
	XchWhyStrictNamed:       {"TLP:AMBER+STRICT går bara till en namngiven mottagare", "TLP:AMBER+STRICT goes only to a named recipient organisation"},
	XchWhyStrictRelay:       {"TLP:AMBER+STRICT från ett annat valv skickas inte vidare", "TLP:AMBER+STRICT received from another vault is not passed on"},
	XchWhySince:             {"inte ändrad sedan valt datum", "not changed since the chosen date"},
	XchWhyCases:             {"ärenden utelämnas om de inte tas med och den rättsliga grunden medger det", "cases are left out unless included and allowed by the legal basis"},
	XchWhyObsIndividual:     {"uppgifter om enskilda följer bara med sina ärenden", "observations about individuals go only with their cases"},
	XchWhyMeasureIndividual: {"insatser på individnivå följer bara med sina ärenden", "individual-tier measures go only with their cases"},
	XchWhyNotOurs:           {"uppger att den kommer härifrån men är okänd här", "claims to come from this vault but is not known here"},
	XchWhyDeleted:           {"raderad här", "deleted here"},
	XchWhyErased:            {"hör till ett ärende som gallrats här", "belongs to a case erased here"},
	XchWhyOlder:             {"äldre än kopian här", "older than the copy held here"},
	XchWhyNotOrigin:         {"mottagen från ett annat valv: bara ursprunget skickar den", "received from another vault: only its origin sends it"},

	XchRejected:          {"Avvisat, inget skrevs: %s", "Rejected, nothing was written: %s"},
	XchRejWrongRecipient: {"paketet är inte adresserat till det här valvet", "the bundle is not addressed to this vault"},
	XchRejUnknownSigner:  {"avsändaren finns inte i partnerregistret med en signeringsnyckel", "the sender is not a partner with a signing key in the register"},
	XchRejWrongSigner:    {"paketet är signerat med en annan nyckel än den som är fäst för partnern", "the bundle is signed with another key than the one pinned for the partner"},
	XchRejBadSignature:   {"signaturen stämmer inte: paketet är ändrat eller inte gjort av avsändaren det anger", "the signature does not verify: the bundle was altered or not made by the sender it names"},
	XchRejCorrupt:        {"filen är skadad eller avkortad", "the file is damaged or cut short"},
	XchRejExpired:        {"paketet har gått ut; be partnern om ett nytt", "the bundle has expired; ask the partner for a new one"},
	XchRejUnknownVersion: {"paketet har ett format som den här versionen av varn inte läser; uppdatera varn", "the bundle is in a format this version of varn does not read; update varn"},
	XchRejMalformed:      {"en post i paketet är felaktig", "a record in the bundle is not valid"},
	XchRejTooLarge:       {"paketet överskrider en storleksgräns", "the bundle exceeds a size limit"},
	XchRejReplay:         {"paketet är redan inläst eller äldre än ett inläst paket från samma avsändare", "the bundle was imported before or is older than one imported from the same sender"},
	XchRejCheckpoint:     {"partnerns granskningslogg bygger inte vidare på den vi har: den har rullats tillbaka eller skrivits om", "the partner's audit log does not extend the one held from it: it was rolled back or rewritten"},
	XchRejNoIdentity:     {"valvet har ingen utbytesidentitet ännu, så ingen kan ha krypterat till det", "this vault has no exchange identity yet, so nobody can have encrypted to it"},
	XchRejChanged:        {"valvet ändrades efter förhandsvisningen; öppna paketet igen", "the vault changed after the preview; open the bundle again"},
	XchRejInterrupted:    {"en import från partnern avbröts; läs in samma fil igen först", "an import from the partner was interrupted; import that same file again first"},
	XchRejOutOfScope:     {"paketet innehåller mer än avsändaren angav att det skulle innehålla (slag, TLP-tak, ärenden och enskilda)", "the bundle holds more than its sender declared it would (kinds, TLP ceiling, cases and individuals)"},
	XchRejNotSenders:     {"paketet innehåller en post som inte är avsändarens egen; en partner får bara skicka sina egna poster", "the bundle holds a record that is not the sender's own; a partner may send only its own records"},
	XchRejFutureDated:    {"paketet eller en post i det är daterad i framtiden; kontrollera klockan här och hos avsändaren", "the bundle or a record in it is dated in the future; check the clocks here and at the sender"},

	XchKeyConflicts:    {"konflikter", "conflicts"},
	XchKeyDismiss:      {"klar, ta bort kopian", "done, remove the copy"},
	XchConflictsTitle:  {"Konfliktkopior (%d)", "Conflict copies (%d)"},
	XchConflictScroll:  {"rad %d–%d av %d · pgup/pgdn bläddrar", "lines %d–%d of %d · pgup/pgdn to scroll"},
	XchConflictsHelp:   {"Ursprunget vann; kopian är den andra versionen. Jämför, rätta posten vid behov och tryck d när du är klar: kopian tas bort och det loggas.", "The origin won; the copy is the other version. Compare, correct the record if needed and press d when done: the copy is removed, and that is logged."},
	XchConflictsNone:   {"Inga konfliktkopior.", "No conflict copies."},
	XchConflictGone:    {"posten finns inte längre här", "the record is no longer here"},
	XchConflictNoDiff:  {"ingen skillnad kvar mot posten här", "no difference left from the record here"},
	XchConflictFrom:    {"från paket %s", "from bundle %s"},
	XchColField:        {"Fält", "Field"},
	XchColHereNow:      {"Posten här nu", "Record here now"},
	XchColKeptCopy:     {"Sparad kopia", "Kept copy"},
	XchConflictRemoved: {"Konfliktkopian togs bort.", "The conflict copy was removed."},
}

// exchangeReasons maps the reasons the export policy and the import give
// (fixed English texts of packages vault/bundle and vault) to the
// catalogue.
var exchangeReasons = map[string]Msg{
	"this kind of record never leaves the vault":                        XchWhyNeverLeaves,
	"kind not selected":                                                 XchWhyKind,
	"TLP:RED never leaves the vault":                                    XchWhyRed,
	"TLP above the export's ceiling":                                    XchWhyCeiling,
	"TLP:AMBER+STRICT goes only to a named recipient organisation":      XchWhyStrictNamed,
	"TLP:AMBER+STRICT received from another vault is not passed on":     XchWhyStrictRelay,
	"not changed since the chosen date":                                 XchWhySince,
	"cases are left out unless included and allowed by the legal basis": XchWhyCases,
	"observations about individuals go only with their cases":           XchWhyObsIndividual,
	"individual-tier measures go only with their cases":                 XchWhyMeasureIndividual,
	"claims to come from this vault but is not known here":              XchWhyNotOurs,
	"belongs to a case erased here":                                     XchWhyErased,
	"deleted here":                                                      XchWhyDeleted,
	"older than the copy held here":                                     XchWhyOlder,
	"received from another vault: only its origin sends it":             XchWhyNotOrigin,
}

// ExchangeReason renders a reason given by the export policy or the import
// (such as "TLP:RED never leaves the vault") in l; an unknown reason is
// returned as it is.
func ExchangeReason(l Lang, reason string) string {
	if m, ok := exchangeReasons[reason]; ok {
		return l.T(m)
	}
	return reason
}
