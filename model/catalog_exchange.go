package model

// The texts of the exchange part of varn. Keys start with "exchange.".
const ()

var exchangeText = map[Msg]text{}
