package model

import (
	"strings"
	"unicode"
)

// LooksLikeRealName reports whether a pseudonym looks like a person's real
// name: a common first name (or a double one, "Anna-Karin") followed by a
// surname, or a surname, a comma and a first name ("Andersson, Erik"), in
// any letter case. A surname is a common one, or a word shaped like one
// (-son, -sson, -berg, -ström, -lund, -qvist …), or any capitalised word
// after a common first name. It is a warning for the user to confirm,
// not a rule: a pseudonym such as "Person A-1", "Elev 17" or "P-23" never
// matches, and a real name not on the lists may slip through.
func LooksLikeRealName(s string) bool {
	s = strings.TrimSpace(s)
	if first, rest, ok := strings.Cut(s, ","); ok {
		// "Andersson, Erik": the surname first.
		f, r := strings.Fields(rest), strings.Fields(first)
		return len(f) >= 1 && len(r) == 1 && isFirstName(f[0]) && isSurname(r[0], false)
	}
	w := strings.Fields(s)
	if len(w) < 2 || len(w) > 4 || !isFirstName(w[0]) {
		return false
	}
	return isSurname(w[len(w)-1], true)
}

// isFirstName reports whether w is a common first name, or a double name
// whose parts are.
func isFirstName(w string) bool {
	if !isNameWord(w) {
		return false
	}
	for _, p := range strings.Split(strings.ToLower(w), "-") {
		if !firstNames[p] {
			return false
		}
	}
	return true
}

// isSurname reports whether w is a common surname or shaped like one
// (each part of a double surname). After a first name (afterFirst), any
// capitalised word of three letters or more counts.
func isSurname(w string, afterFirst bool) bool {
	if !isNameWord(w) {
		return false
	}
	for _, p := range strings.Split(w, "-") {
		lp := strings.ToLower(p)
		if surnames[lp] || hasSurnameEnding(lp) {
			continue
		}
		r := []rune(p)
		if afterFirst && len(r) >= 3 && unicode.IsUpper(r[0]) {
			continue
		}
		return false
	}
	return true
}

// isNameWord reports whether w is made of letters (and inner hyphens or
// apostrophes) only: "A-1", "17" and "P-23" are not.
func isNameWord(w string) bool {
	letters := 0
	for i, r := range w {
		switch {
		case unicode.IsLetter(r):
			letters++
		case (r == '-' || r == '\'') && i > 0 && i < len(w)-1:
		default:
			return false
		}
	}
	return letters >= 2
}

func hasSurnameEnding(w string) bool {
	for _, e := range surnameEndings {
		if len(w) > len(e)+1 && strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// surnameEndings are the endings of Swedish surnames (patronymics and
// the nature names of the 19th and 20th centuries).
var surnameEndings = []string{
	"sson", "son", "berg", "ström", "lund", "qvist", "kvist", "quist", "gren", "dahl", "dal",
	"holm", "blad", "strand", "sjö", "mark", "stam", "stedt", "stad", "borg", "backa", "bäck",
	"löf", "ling", "lin", "man", "ander", "ell", "ius", "én", "sén",
}

// wordSet makes a set of the space-separated lower-case words of s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// firstNames are about 240 of the commonest first names in Sweden (SCB's
// name statistics, all ages), lower-case.
var firstNames = wordSet(`
anna eva maria karin sara kristina lena emma kerstin marie malin ingrid hanna jenny linda
elin annika susanne birgitta sofia johanna carina elisabeth ulla monica katarina helena
julia camilla ida linnea ebba alice maja elsa wilma alma ella olivia astrid saga agnes
freja selma vera stina klara ellen moa matilda emelie amanda frida josefin lisa therese
sandra jessica caroline cecilia louise anneli margareta gunilla marianne barbro inger
ann britt gun siv berit agneta yvonne åsa ulrika pia charlotte fatima amina sofie nora
liv tilde tyra isabelle felicia hedvig lovisa tova irma ines leah mira aya zahra
maryam sahra hodan nour lejla amira yasmin leila nadia
erik lars karl anders johan per nils jan carl mikael hans peter olof lennart gunnar
sven fredrik daniel bengt bo åke gustav magnus stefan göran thomas christer leif
mats jonas ulf kjell björn bertil andreas alexander david oskar william lucas liam
hugo elias noah adam oliver axel vincent theo leo ludvig viktor filip isak emil
arvid albin jakob josef anton edvin melvin sixten harry love charlie alfred elliot
otto loke valter sebastian simon jesper mattias martin henrik patrik marcus tobias
joakim robert rickard niklas kristoffer jimmy roger tommy kent rolf roland ingvar
stig arne rune kurt sune tore torbjörn urban håkan anton samuel gabriel benjamin
mohammed mohamed muhammad ahmed ali omar hassan hussein ibrahim yusuf youssef abdullah
mustafa mahmoud khalid hamza amir karim said ahmad abdi mehmet ismail adnan jamal
milan dragan goran nikola marko aleksandar ivan dimitri pavel tomas jonathan kevin
dennis robin alex max elvin ebbe colin casper kasper
`)

// surnames are about 200 of the commonest surnames in Sweden (SCB),
// lower-case, including those the endings above would not catch.
var surnames = wordSet(`
andersson johansson karlsson carlsson nilsson eriksson larsson olsson persson svensson
gustafsson pettersson jonsson jansson hansson bengtsson jönsson lindberg jakobsson
magnusson olofsson lindström lindqvist lindgren berg axelsson bergström lundberg lind
lundgren lundqvist mattsson berglund fredriksson sandberg henriksson forsberg sjöberg
wallin engström eklund danielsson lundin håkansson björk bergman gunnarsson holm
wikström samuelsson isaksson fransson bergqvist nyström holmberg arvidsson löfgren
söderberg nyberg blomqvist claesson nordström mårtensson lundström viklund björklund
eliasson pålsson berggren sandström lund nordin ström åberg hermansson ekström
holmgren sundberg hedlund dahlberg hellström sjögren abrahamsson falk öberg andreasson
blom ek månsson strand sundström lindholm åström nordqvist ivarsson lindahl hansen
jensen nielsen åkesson jakobsen sjöström lindblom berntsson nordberg norberg hedberg
sundqvist forslund wallén ekberg hellberg engberg hedström nord lindell stenberg
söderström boström öhman eklöf lindkvist kvist hjalmarsson mohammed mohamed ahmed ali
hassan hussein ibrahim omar abdi yusuf khalil said osman karimi hosseini rahimi
mohammadi hashemi jafari ahmadi rezaei yilmaz kaya demir şahin çelik öztürk nguyen
tran le pham kovačević petrović jovanović nikolić popović novak kowalski nowak
wiśniewski müller schmidt fischer weber meyer wagner becker hoffmann smith jones
brown williams taylor johnson martin garcia rodriguez fernandez lopez gonzalez silva
santos pereira rossi russo ferrari esposito bianchi dubois laurent bernard moreau
petit roux fontaine mercier lefebvre virtanen korhonen nieminen mäkinen hämäläinen
laine heikkinen koskinen järvinen lehtonen
`)
