package model

// The texts of the cli part of varn. Keys start with "cli.".
const (
	CLIDrillOK             Msg = "cli.drill.ok"
	CLIDrillCheckpoint     Msg = "cli.drill.checkpoint"
	CLIDrillRecords        Msg = "cli.drill.records"
	CLIDrillEvents         Msg = "cli.drill.events"
	CLIBehind              Msg = "cli.restore.behind"
	CLIAhead               Msg = "cli.restore.ahead"
	CLINoHostCheckpoint    Msg = "cli.restore.no_host_checkpoint"
	CLIDrillPurges         Msg = "cli.drill.purges"
	CLIDrillRemoved        Msg = "cli.drill.removed"
	CLIRestored            Msg = "cli.restore.done"
	CLIRestorePurged       Msg = "cli.restore.purged"
	CLIRestorePurgesRun    Msg = "cli.restore.purges_rerun"
	CLIRestorePartners     Msg = "cli.restore.partners"
	CLIInitWhere           Msg = "cli.init.where"
	CLIInitState           Msg = "cli.init.state"
	CLITrusted             Msg = "cli.audit.trusted"
	CLINotTrusted          Msg = "cli.audit.not_trusted"
	CLIPartnerCheckpoint   Msg = "cli.partner.checkpoint"
	CLIPartnerNoCheckpoint Msg = "cli.partner.no_checkpoint"
	CliPseudonymMadeUp     Msg = "cli.pseudonym_made_up" // the flag
)

var cliText = map[Msg]text{
	CliPseudonymMadeUp: {"om den är påhittad, lägg till %s", "if it is made up, add %s"},
	CLIDrillOK: {
		"säkerhetskopian är hel: granskningsloggen och varje post kontrollerade (valv %s)",
		"the backup is sound: the audit log and every record checked (vault %s)"},
	CLIDrillCheckpoint: {
		"kopians kontrollpunkt: %s, tagen %s",
		"the backup's checkpoint: %s, taken %s"},
	CLIDrillRecords: {"poster per typ: %s", "records per kind: %s"},
	CLIDrillEvents:  {"händelser i granskningsloggen: %d", "audit events: %d"},
	CLIBehind: {
		"kopian ligger %d händelser efter den senaste kontrollpunkten på den här datorn (%d händelser)",
		"the backup is %d events behind the newest checkpoint on this host (%d events)"},
	CLIAhead: {
		"kopian är lika ny som den senaste kontrollpunkten på den här datorn (%d händelser) eller nyare",
		"the backup is as new as the newest checkpoint on this host (%d events) or newer"},
	CLINoHostCheckpoint: {
		"den här datorn har ingen kontrollpunkt för valvet",
		"this host holds no checkpoint of the vault"},
	CLIDrillPurges: {
		"en återställning här skulle gallra om %d ärenden som gallrats efter kopian",
		"a recovery here would purge again %d cases purged after the backup"},
	CLIDrillRemoved: {
		"provkopian är borttagen; det skarpa valvet och dess kontrollpunkt är orörda",
		"the drill's copy is removed; the live vault and its checkpoint are untouched"},
	CLIRestored: {
		"valvet %s är återställt i %s; återställningen är loggad",
		"restored vault %s into %s; the restore is logged"},
	CLIRestorePurged: {
		"%d ärenden som gallrats på den här datorn efter kopian är gallrade igen",
		"%d cases purged on this host after the backup were purged again"},
	CLIRestorePurgesRun: {
		"den här datorn har ingen förteckning över valvets gallringar: gallringar efter %s måste göras om (varn purge --dry-run)",
		"this host holds no record of the vault's purges: purges made after %s must be run again (varn purge --dry-run)"},
	CLIRestorePartners: {
		"partner avvisar valvets nästa paket tills de kört 'varn partner reset-sequence' (se handboken, avsnitt 7)",
		"partners refuse the vault's next bundle until they run 'varn partner reset-sequence' (see the operator's guide, section 7)"},
	CLIInitWhere: {"valvet: %s", "the vault: %s"},
	CLIInitState: {
		"dess kontrollpunkt (skydd mot tillbakarullning): %s — ta med katalogen i datorns säkerhetskopia, på ett annat medium än valvets kopior",
		"its checkpoint (rollback protection): %s — include that directory in the host's backups, on other media than the vault's"},
	CLITrusted: {
		"den här datorn litar åter på valvet från kontrollpunkten med %d händelser; ändringen är loggad",
		"this host trusts the vault again from the checkpoint of %d events; the change is logged"},
	CLINotTrusted: {
		"INTE betrodd på den här datorn: %s",
		"NOT trusted on this host: %s"},
	CLIPartnerCheckpoint: {
		"kontrollpunkten som %s skickade i senaste paketet (inläst %s); läs upp den för partnern, som kör 'varn audit trust' med:",
		"the checkpoint %s sent in its last bundle (imported %s); read it out to the partner, who runs 'varn audit trust' with:"},
	CLIPartnerNoCheckpoint: {
		"inget paket med kontrollpunkt har lästs in från %s",
		"no bundle with a checkpoint has been imported from %s"},
}
