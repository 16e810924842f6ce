package model

// The texts of the meetings part of varn. Keys start with "meetings.".
const ()

var meetingsText = map[Msg]text{}
