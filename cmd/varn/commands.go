package main

// commands lists varn's subcommands in the order of the usage text. A
// command with several forms appears once per form; dispatch takes the
// first entry of a name.
func commands() []command {
	return []command{
		{"init", "[--municipality NAME] [-r RECIPIENT]… [-R FILE]", "create a vault (asks for a passphrase twice)", cmdInit},
		{"record", "add KIND --json FILE|- [--pseudonym-is-made-up]", "add a record from JSON; prints its ID", cmdRecord},
		{"record", "update ID --json FILE|-", "replace a record with a new version (give the version read); prints its ID and version", cmdRecord},
		{"record", "get ID [--json]", "show a record (the view is logged)", cmdRecord},
		{"record", "list [KIND] [--json]", "list records", cmdRecord},
		{"record", "import FILE.jsonl [--pseudonym-is-made-up]", "import many records, one JSON object per line", cmdRecord},
		{"record", "note ID [--text-file FILE|- | --remove]", "show, write or remove your note on a partner's record", cmdRecord},
		{"audit", "verify", "check the audit log; exit 1 naming the first bad event", cmdAudit},
		{"audit", "list [--json]", "print the audit log", cmdAudit},
		{"audit", "checkpoint", "print the latest signed checkpoint", cmdAudit},
		{"audit", "trust CHECKPOINT_FILE | --size N --root BASE64", "trust the vault again on this host from a checkpoint kept elsewhere (after the state directory was lost)", cmdAudit},
		{"identity", "", "print this vault's exchange identity for partners, with its fingerprint", cmdIdentity},
		{"partner", "add NAME --from FILE | --recipient age1… [--signing-key KEY]", "register a partner to exchange bundles with", cmdPartner},
		{"partner", "ls | rm NAME", "list or remove partners", cmdPartner},
		{"partner", "checkpoint NAME", "print the partner's audit checkpoint from its last bundle, for it to re-anchor trust", cmdPartner},
		{"partner", "reset-sequence NAME --reason TEXT [--yes]", "accept bundles again from a partner that restored its vault from a backup (logged)", cmdPartner},
		{"export", "--to PARTNER --legal-basis T --purpose T [--since DATE] [--kinds K,…] [--max-tlp amber] [--include-cases] -o FILE", "write a signed, encrypted bundle for a partner", cmdExport},
		{"import", "FILE [--yes]", "verify a partner's bundle, show what it changes, and import it", cmdImport},
		{"purge", "[--dry-run] [--yes] [--set-rule NAME=YEARS]…", "list records past their retention date, then erase them", cmdPurge},
		{"report", "--quarter 2026Q3 [--lang sv|en]", "write the quarterly follow-up as Markdown to stdout", cmdReport},
		{"settings", "[show] | set suppress-threshold N", "show or set the small-count threshold of published figures (at least 3; logged)", cmdSettings},
		{"backup", "-o FILE [-r RECIPIENT]… [--passphrase]", "write an encrypted backup of the vault", cmdBackup},
		{"backup", "verify FILE", "restore drill: restore into a temporary directory, check, report, remove; touches nothing live", cmdBackup},
		{"restore", "FILE --vault DIR", "recover a lost vault from a backup (refused while the vault exists on this host)", cmdRestore},
		{"passwd", "", "change the passphrase", cmdPasswd},
		{"recipients", "ls | add RECIPIENT --label L | rm NAME", "list, add or remove unlockers", cmdRecipients},
		{"demo", "[--records N] [--seed S]", "create a vault of clearly fictional data", cmdDemo},
		{"version", "", "print the version", cmdVersion},
	}
}
