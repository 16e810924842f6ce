package model

// The texts of the cases part of varn. Keys start with "cases.".
const ()

var casesText = map[Msg]text{}
