package model

// The texts of the cli part of varn. Keys start with "cli.".
const (
	CliPseudonymMadeUp Msg = "cli.pseudonym_made_up" // the flag
)

var cliText = map[Msg]text{
	CliPseudonymMadeUp: {"om den är påhittad, lägg till %s", "if it is made up, add %s"},
}
