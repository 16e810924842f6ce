package model

// The texts of the pyramid part of varn. Keys start with "pyramid.".
const ()

var pyramidText = map[Msg]text{}
