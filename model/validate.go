package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text length bounds, in characters (runes).
const (
	// MaxShort bounds one-line texts: titles, names, areas, contacts.
	MaxShort = 200
	// MaxPseudonym bounds a case's pseudonym.
	MaxPseudonym = 40
	// MinPseudonym is the shortest pseudonym: meeting mode finds a case
	// named in free text by its pseudonym, which takes three characters.
	MinPseudonym = 3
	// MaxText bounds descriptive texts: summaries, notes, concerns.
	MaxText = 4000
	// MaxLong bounds a meeting's minutes.
	MaxLong = 100000
	// MaxEntries bounds every list in a record (links, follow-ups…).
	MaxEntries = 1000
)

// Years a date may fall in; anything else is a typing mistake.
const (
	MinSaneYear = 1990
	MaxSaneYear = 2100
)

// LinkResolver reports the kind of the record with the given ID, and
// whether it exists. The vault provides one; nil skips link checks
// except the form of the IDs.
type LinkResolver func(ID) (Kind, bool)

// Problem is one thing wrong with a record: the field (its JSON path
// without the record type, such as "next_follow_up" or
// "follow_ups[1].date") and a message of the catalogue with its
// arguments.
type Problem struct {
	Field string
	Msg   Msg
	Args  []any
}

// Text renders the problem's message in language l. Arguments that have
// a label (codes, kinds) render as their label in l.
func (p Problem) Text(l Lang) string {
	if len(p.Args) == 0 {
		return l.T(p.Msg)
	}
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		if lb, ok := a.(interface{ Label(Lang) string }); ok {
			args[i] = lb.Label(l)
		} else {
			args[i] = a
		}
	}
	return l.T(p.Msg, args...)
}

// Problems is every problem found in a record, in field order.
type Problems []Problem

// For returns the problems of one field.
func (ps Problems) For(field string) Problems {
	var out Problems
	for _, p := range ps {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

// Has reports whether a field has a problem.
func (ps Problems) Has(field string) bool {
	for _, p := range ps {
		if p.Field == field {
			return true
		}
	}
	return false
}

// Err returns nil if there are no problems, else an error listing them
// in English, like "model: invalid measure: next_follow_up: Follow-up
// date cannot be before the start date".
func (ps Problems) Err(k Kind) error {
	if len(ps) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "model: invalid %s: ", k)
	for i, p := range ps {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Field)
		b.WriteString(": ")
		b.WriteString(SanitizeLine(p.Text(English)))
	}
	return &ValidationError{Kind: k, Problems: ps, msg: b.String()}
}

// ValidationError is the error of a record that does not validate. It
// carries the problems, to render in the user's language.
type ValidationError struct {
	Kind     Kind
	Problems Problems
	msg      string
}

func (e *ValidationError) Error() string { return e.msg }

// checker collects problems.
type checker struct {
	ps    Problems
	links LinkResolver
	self  ID
}

func (c *checker) add(field string, m Msg, args ...any) {
	c.ps = append(c.ps, Problem{Field: field, Msg: m, Args: args})
}

// text checks a text field: required or not, bounded, safe, single line
// or not, and (pnr, true for every free-text field) free of personal
// identity numbers. Only fields filled by the vault (author, origin) or
// holding a structured value (a phone number, an e-mail address, a key)
// pass pnr false: a bare phone number may pass the check-digit test.
func (c *checker) text(field, s string, max int, required, multiline, pnr bool) {
	if strings.TrimSpace(s) == "" {
		if required {
			c.add(field, MsgRequired)
		}
		return
	}
	if utf8.RuneCountInString(s) > max {
		c.add(field, MsgTooLong, max)
	}
	if !safeText(s, true) {
		c.add(field, MsgBadCharacters)
	} else if !multiline && !safeText(s, false) {
		c.add(field, MsgSingleLine)
	}
	if pnr && LooksLikePersonnummer(s) {
		c.add(field, MsgPersonnummer)
	}
}

// ValidateNote checks the text of a local note, this vault's own remark
// on a partner's record, as a form checks a descriptive text: at most
// MaxText characters, several lines allowed, no control characters and no
// personal identity number.
func ValidateNote(text string) Problems {
	c := &checker{}
	c.text("local_note", text, MaxText, true, true, true)
	return c.ps
}

// date checks a date: set if required, and in a sane range.
func (c *checker) date(field string, d Date, required bool) {
	if d.IsZero() {
		if required {
			c.add(field, MsgRequired)
		}
		return
	}
	if y, _, _ := d.Date(); y < MinSaneYear || y > MaxSaneYear {
		c.add(field, MsgDateRange, MinSaneYear, MaxSaneYear)
	}
}

// link checks one link: a valid ID, not the record itself, to a record
// of one of the wanted kinds.
func (c *checker) link(field string, id ID, want ...Kind) {
	if id == "" {
		return
	}
	if !id.Valid() {
		c.add(field, MsgBadID)
		return
	}
	if id == c.self {
		c.add(field, MsgLinkSelf)
		return
	}
	if c.links == nil {
		return
	}
	k, ok := c.links(id)
	if !ok {
		c.add(field, MsgLinkMissing, string(id))
		return
	}
	for _, w := range want {
		if k == w {
			return
		}
	}
	c.add(field, MsgLinkWrongKind, want[0], k)
}

// links checks a list of links: bounded, no duplicates, each a link.
func (c *checker) linkList(field string, ids []ID, want ...Kind) {
	if len(ids) > MaxEntries {
		c.add(field, MsgTooMany, MaxEntries)
		return
	}
	seen := make(map[ID]bool, len(ids))
	for i, id := range ids {
		f := field + "[" + strconv.Itoa(i) + "]"
		if seen[id] {
			c.add(f, MsgLinkDuplicate)
			continue
		}
		seen[id] = true
		if id == "" {
			c.add(f, MsgBadID)
			continue
		}
		c.link(f, id, want...)
	}
}

func (c *checker) count(field string, n int) {
	if len(field) > 0 && n < 0 {
		c.add(field, MsgNegative)
	}
}

func (c *checker) entries(field string, n int) bool {
	if n > MaxEntries {
		c.add(field, MsgTooMany, MaxEntries)
		return false
	}
	return true
}

// Validate checks r and returns every problem at once, field by field:
// required fields and codes, text bounds and characters, sane dates and
// date order, links to records of the right kind (through links, which
// may be nil), and the rules of the trade — an individual's case has a
// pseudonym and no title, and no case text, observation or measure holds
// something that looks like a personal identity number. It returns nil
// when r is valid.
func Validate(r Record, links LinkResolver) Problems {
	if r == nil {
		return Problems{{Field: "record", Msg: MsgRequired}}
	}
	m := r.Base()
	c := &checker{links: links, self: m.ID}
	walkCodes(r, func(cd code) {
		switch {
		case cd.value == "" && cd.required:
			c.add(cd.path(), MsgRequired)
		case !cd.ok && cd.value != "":
			c.add(cd.path(), MsgUnknownCode, truncate(cd.value, 40))
		}
	})
	if m.ID != "" && !m.ID.Valid() {
		c.add("id", MsgBadID)
	}
	c.text("author", m.Author, MaxShort, false, false, false)
	c.text("origin", m.Origin, MaxShort, false, false, false)
	c.date("retain_until", m.RetainUntil, false)
	switch v := r.(type) {
	case *Observation:
		validateObservation(c, v)
	case *Measure:
		validateMeasure(c, v)
	case *Case:
		validateCase(c, v)
	case *Member:
		validateMember(c, v)
	case *Meeting:
		validateMeeting(c, v)
	case *Picture:
		validatePicture(c, v)
	case *Partner:
		validatePartner(c, v)
	}
	if len(c.ps) == 0 {
		return nil
	}
	return c.ps
}

func validateObservation(c *checker, v *Observation) {
	c.text("area", v.Area, MaxShort, false, false, true)
	c.date("observed", v.Observed, true)
	c.date("observed_to", v.ObservedTo, false)
	if !v.ObservedTo.IsZero() && v.ObservedTo.Before(v.Observed) {
		c.add("observed_to", MsgEndBeforeStart)
	}
	c.text("summary", v.Summary, MaxText, true, true, true)
	c.linkList("groups", v.Groups, KindObservation)
	c.linkList("cases", v.Cases, KindCase)
	c.linkList("measures", v.Measures, KindMeasure)
	if v.Dimension == DimensionIndividual && len(v.Cases) > 1 {
		c.add("cases", MsgOneCaseOnly)
	}
}

func validateMeasure(c *checker, v *Measure) {
	c.text("title", v.Title, MaxShort, true, false, true)
	c.text("contact", v.Contact, MaxShort, false, false, true)
	c.text("description", v.Description, MaxText, false, true, true)
	c.text("target_group", v.TargetGroup, MaxShort, false, false, true)
	c.count("reach.girls_women", v.Reach.GirlsWomen)
	c.count("reach.boys_men", v.Reach.BoysMen)
	c.count("reach.mixed_unknown", v.Reach.MixedUnknown)
	if v.Tier == TierIndividual && len(v.Milieus) > 0 {
		// R2: a milieu beside a pseudonym would list a person by opinion.
		c.add("milieus", MsgIndividualMilieu)
	} else if c.entries("milieus", len(v.Milieus)) {
		seen := map[Milieu]bool{}
		for i, m := range v.Milieus {
			if seen[m] {
				c.add("milieus["+strconv.Itoa(i)+"]", MsgDuplicate)
			}
			seen[m] = true
		}
	}
	if c.entries("areas", len(v.Areas)) {
		for i, a := range v.Areas {
			c.text("areas["+strconv.Itoa(i)+"]", a, MaxShort, true, false, true)
		}
	}
	c.date("start", v.Start, false)
	c.date("end", v.End, false)
	c.date("next_follow_up", v.NextFollowUp, false)
	if !v.End.IsZero() && v.End.Before(v.Start) {
		c.add("end", MsgEndBeforeStart)
	}
	if !v.NextFollowUp.IsZero() && v.NextFollowUp.Before(v.Start) {
		c.add("next_follow_up", MsgFollowUpBeforeStart)
	}
	if c.entries("follow_ups", len(v.FollowUps)) {
		for i, f := range v.FollowUps {
			p := "follow_ups[" + strconv.Itoa(i) + "]."
			c.date(p+"date", f.Date, true)
			if !f.Date.IsZero() && f.Date.Before(v.Start) {
				c.add(p+"date", MsgFollowUpBeforeStart)
			}
			c.text(p+"note", f.Note, MaxText, false, true, true)
			c.text(p+"by", f.By, MaxShort, false, false, true)
		}
	}
	c.linkList("observations", v.Observations, KindObservation)
	switch {
	case v.Case != "" && v.Tier != TierIndividual && v.Tier != "":
		c.add("case", MsgCaseNeedsIndividual)
	case v.Case == "" && v.Tier == TierIndividual:
		c.add("case", MsgIndividualNeedsCase)
	}
	c.link("case", v.Case, KindCase)
}

func validateCase(c *checker, v *Case) {
	if v.Subject == SubjectIndividual {
		c.text("pseudonym", v.Pseudonym, MaxPseudonym, true, false, true)
		if strings.TrimSpace(v.Title) != "" {
			c.add("title", MsgNoTitleForPerson)
		}
		if strings.TrimSpace(v.Pseudonym) == "" {
			// Required already reported; say why in the user's words.
			for i := range c.ps {
				if c.ps[i].Field == "pseudonym" && c.ps[i].Msg == MsgRequired {
					c.ps[i].Msg = MsgPseudonymRequired
				}
			}
		} else if utf8.RuneCountInString(strings.TrimSpace(v.Pseudonym)) < MinPseudonym {
			// Meeting mode hides text naming a case by its pseudonym; one
			// or two characters could not be told from ordinary words.
			c.add("pseudonym", MsgPseudonymShort)
		}
	} else {
		c.text("title", v.Title, MaxShort, true, false, true)
		if v.Pseudonym != "" {
			c.add("pseudonym", MsgPseudonymOnly)
		}
	}
	c.text("area", v.Area, MaxShort, false, false, true)
	c.date("opened", v.Opened, true)
	c.date("closed", v.Closed, false)
	if v.Status == CaseClosed {
		if v.ClosingReason == "" {
			c.add("closing_reason", MsgClosingReason)
		}
		if v.Closed.IsZero() {
			c.add("closed", MsgClosedDate)
		}
	} else if v.ClosingReason != "" {
		c.add("closing_reason", MsgClosingReasonOpen)
	}
	if !v.Closed.IsZero() && v.Closed.Before(v.Opened) {
		c.add("closed", MsgClosedBeforeOpened)
	}
	c.text("concern.text", v.Concern.Text, MaxText, true, true, true)
	if c.entries("assessments", len(v.Assessments)) {
		for i, a := range v.Assessments {
			p := "assessments[" + strconv.Itoa(i) + "]."
			c.date(p+"date", a.Date, true)
			c.date(p+"next_review", a.NextReview, false)
			if !a.NextReview.IsZero() && a.NextReview.Before(a.Date) {
				c.add(p+"next_review", MsgEndBeforeStart)
			}
			c.text(p+"by", a.By, MaxShort, false, false, true)
			c.text(p+"protective", a.Protective, MaxText, false, true, true)
			c.text(p+"changes", a.Changes, MaxText, false, true, true)
			c.text(p+"summary", a.Summary, MaxText, false, true, true)
			if len(a.Ratings) == 0 && strings.TrimSpace(a.Summary) == "" {
				c.add(p+"ratings", MsgAssessmentEmpty)
			}
			seen := map[AssessmentArea]bool{}
			for j, rt := range a.Ratings {
				if seen[rt.Area] {
					c.add(p+"ratings["+strconv.Itoa(j)+"].area", MsgDuplicate)
				}
				seen[rt.Area] = true
			}
		}
	}
	c.date("next_review", v.NextReview, false)
	c.linkList("measures", v.Measures, KindMeasure)
	c.text("legal_basis", v.LegalBasis, MaxText, true, true, true)
}

func validateMember(c *checker, v *Member) {
	c.text("name", v.Name, MaxShort, true, false, true)
	c.text("title", v.Title, MaxShort, false, false, true)
	c.text("phone", v.Phone, MaxShort, false, false, false)
	c.text("email", v.Email, MaxShort, false, false, false)
	if e := strings.TrimSpace(v.Email); e != "" {
		at := strings.IndexByte(e, '@')
		if at < 1 || at == len(e)-1 || strings.ContainsAny(e, " \t\n") || strings.Count(e, "@") != 1 {
			c.add("email", MsgEmailInvalid)
		}
	}
}

func validateMeeting(c *checker, v *Meeting) {
	c.date("date", v.Date, true)
	c.text("title", v.Title, MaxShort, false, false, true)
	if c.entries("attendees", len(v.Attendees)) {
		seen := map[ID]bool{}
		for i, a := range v.Attendees {
			p := "attendees[" + strconv.Itoa(i) + "]"
			if a.Member == "" && strings.TrimSpace(a.Name) == "" {
				c.add(p, MsgAttendeeEmpty)
			}
			if a.Member != "" {
				if seen[a.Member] {
					c.add(p+".member", MsgLinkDuplicate)
				}
				seen[a.Member] = true
			}
			c.link(p+".member", a.Member, KindMember)
			c.text(p+".name", a.Name, MaxShort, false, false, true)
		}
	}
	if c.entries("recommendations", len(v.Recommendations)) {
		for i, rc := range v.Recommendations {
			p := "recommendations[" + strconv.Itoa(i) + "]."
			c.text(p+"text", rc.Text, MaxText, true, true, true)
			c.link(p+"measure", rc.Measure, KindMeasure)
		}
	}
	if c.entries("decisions", len(v.Decisions)) {
		for i, d := range v.Decisions {
			p := "decisions[" + strconv.Itoa(i) + "]."
			c.text(p+"text", d.Text, MaxText, true, true, true)
			c.text(p+"body_name", d.BodyName, MaxShort, false, false, true)
			c.text(p+"responsible", d.Responsible, MaxShort, false, false, true)
			c.date(p+"due", d.Due, false)
			c.link(p+"measure", d.Measure, KindMeasure)
		}
	}
	c.text("minutes", v.Minutes, MaxLong, false, true, true)
}

func validatePicture(c *checker, v *Picture) {
	c.text("title", v.Title, MaxShort, true, false, true)
	c.date("from", v.From, true)
	c.date("to", v.To, true)
	if !v.To.IsZero() && v.To.Before(v.From) {
		c.add("to", MsgEndBeforeStart)
	}
	if len(v.Milieus) == 0 {
		c.add("milieus", MsgPictureNoMilieu)
	}
	if c.entries("milieus", len(v.Milieus)) {
		seen := map[Milieu]bool{}
		for i, l := range v.Milieus {
			p := "milieus[" + strconv.Itoa(i) + "]"
			if seen[l.Milieu] {
				c.add(p+".milieu", MsgDuplicate)
			}
			seen[l.Milieu] = true
			c.text(p+".note", l.Note, MaxText, false, true, true)
		}
	}
	if c.entries("judgements", len(v.Judgements)) {
		for i, j := range v.Judgements {
			c.text("judgements["+strconv.Itoa(i)+"].text", j.Text, MaxText, true, true, true)
		}
	}
	c.text("summary", v.Summary, MaxText, false, true, true)
	c.linkList("observations", v.Observations, KindObservation)
	c.link("previous", v.Previous, KindPicture)
	if v.IsPublished() && strings.TrimSpace(v.ApprovedBy) == "" {
		c.add("approved_by", MsgApproverRequired)
	}
	c.text("approved_by", v.ApprovedBy, MaxShort, false, false, true)
}

func validatePartner(c *checker, v *Partner) {
	c.text("name", v.Name, MaxShort, true, false, true)
	if len(v.Recipients) == 0 {
		c.add("recipients", MsgRequired)
	}
	if c.entries("recipients", len(v.Recipients)) {
		for i, rc := range v.Recipients {
			f := "recipients[" + strconv.Itoa(i) + "]"
			if !strings.HasPrefix(rc, "age1") || !safeText(rc, false) || len(rc) > 4096 {
				c.add(f, MsgRecipientInvalid)
			}
		}
	}
	c.text("signing_key", v.SigningKey, 4096, false, false, false)
	c.text("note", v.Note, MaxText, false, true, true)
}

// ValidateChange checks an update of stored record old to r, in addition
// to [Validate]: the kind and ID cannot change, and a published picture
// is frozen (only its retention date may change).
func ValidateChange(old, r Record, links LinkResolver) Problems {
	ps := Validate(r, links)
	if old == nil || r == nil {
		return ps
	}
	if old.Kind() != r.Kind() {
		return append(ps, Problem{Field: "record", Msg: MsgChangedKind})
	}
	if old.Base().ID != r.Base().ID {
		ps = append(ps, Problem{Field: "id", Msg: MsgChangedID})
	}
	if op, ok := old.(*Picture); ok && op.IsPublished() {
		np := r.(*Picture)
		a, b := *op, *np
		a.Meta, b.Meta = Meta{}, Meta{}
		ea, _ := Encode(&a)
		eb, _ := Encode(&b)
		if string(ea) != string(eb) || op.TLP != np.TLP {
			ps = append(ps, Problem{Field: "published", Msg: MsgPictureFrozen})
		}
	}
	return ps
}
