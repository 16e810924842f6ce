package model

// The texts of the cli part of varn. Keys start with "cli.".
const ()

var cliText = map[Msg]text{}
