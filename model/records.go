package model

import "time"

// Compile-time checks that every record type implements Record.
var (
	_ Record = (*Observation)(nil)
	_ Record = (*Measure)(nil)
	_ Record = (*Case)(nil)
	_ Record = (*Member)(nil)
	_ Record = (*Meeting)(nil)
	_ Record = (*Picture)(nil)
	_ Record = (*Partner)(nil)
)

// Observation is one item of the mapping behind the situational picture
// (lägesbildsuppgift, L1, R1): something seen or learned about a milieu,
// along one dimension, from a source.
type Observation struct {
	Meta
	Milieu    Milieu          `json:"milieu"`
	Dimension Dimension       `json:"dimension"`
	ObsKind   ObservationKind `json:"kind"`
	// Area is a district or school area from the vault's area list.
	Area        string      `json:"area,omitempty"`
	Source      Org         `json:"source"`
	Reliability Reliability `json:"reliability,omitempty"` // A–F, optional
	Credibility Credibility `json:"credibility,omitempty"` // 1–6, optional
	Concern     Concern     `json:"concern"`
	Trend       Trend       `json:"trend"`
	// Observed is the date observed, or the first day of a period that
	// ends on ObservedTo.
	Observed   Date   `json:"observed"`
	ObservedTo Date   `json:"observed_to,omitzero"`
	Summary    string `json:"summary"`
	// Groups links observations (of dimension group) about the groups
	// involved; Cases and Measures link cases and measures. An
	// observation of dimension individual links at most one case, whose
	// key then seals it (see [CaseKeyOf]).
	Groups   []ID `json:"groups,omitempty"`
	Cases    []ID `json:"cases,omitempty"`
	Measures []ID `json:"measures,omitempty"`
}

// Kind returns KindObservation.
func (*Observation) Kind() Kind { return KindObservation }

// Base returns the observation's metadata.
func (r *Observation) Base() *Meta { return &r.Meta }

// Measure is an action of the plan (insats) on one tier of the prevention
// pyramid (L5, M3, M5, M6).
type Measure struct {
	Meta
	Title  string        `json:"title"`
	Tier   Tier          `json:"tier"`
	Type   MeasureType   `json:"type"`
	Status MeasureStatus `json:"status"`
	// Org is the organisation responsible; Contact its contact person.
	Org         Org    `json:"org"`
	Contact     string `json:"contact,omitempty"`
	Description string `json:"description,omitempty"`
	// TargetGroup describes who the measure reaches; Reach its size by
	// gender category (M7).
	TargetGroup string       `json:"target_group,omitempty"`
	Reach       GenderCounts `json:"reach,omitzero"`
	// Milieus are the milieus a general or specific measure addresses;
	// an individual-tier measure has none (R2, see [Measure.ListedMilieus]).
	Milieus []Milieu `json:"milieus,omitempty"`
	Areas   []string `json:"areas,omitempty"`
	Start   Date     `json:"start,omitzero"`
	End     Date     `json:"end,omitzero"`
	// NextFollowUp is the date of the next follow-up; by default a quarter
	// after the start or the last follow-up (see [NextFollowUpAfter]).
	NextFollowUp Date       `json:"next_follow_up,omitzero"`
	FollowUps    []FollowUp `json:"follow_ups,omitempty"`
	// Observations are those that motivate the measure (M3).
	Observations []ID `json:"observations,omitempty"`
	// Case is the case an individual-tier measure belongs to; its key
	// then seals the measure (see [CaseKeyOf]).
	Case ID `json:"case,omitempty"`
}

// Kind returns KindMeasure.
func (*Measure) Kind() Kind { return KindMeasure }

// ListedMilieus returns the milieus the measure addresses as they may be
// shown, listed, filtered, searched or exported: none for an
// individual-tier measure (R2). A milieu next to a pseudonym would record
// a person by opinion; it attaches to a person only through the stated
// concern of their case ([ConcernStatement].Milieu), behind the case's
// key. [Validate] refuses a milieu on an individual-tier measure; one
// stored before that rule is still never shown, and is dropped when the
// measure is next saved.
func (r *Measure) ListedMilieus() []Milieu {
	if r.Tier == TierIndividual {
		return nil
	}
	return r.Milieus
}

// Base returns the measure's metadata.
func (r *Measure) Base() *Meta { return &r.Meta }

// FollowUp is one entry of a measure's follow-up log (M6).
type FollowUp struct {
	Date   Date   `json:"date"`
	Effect Effect `json:"effect"`
	Note   string `json:"note,omitempty"`
	By     string `json:"by,omitempty"`
}

// GenderCounts counts people by gender category (M7).
type GenderCounts struct {
	GirlsWomen   int `json:"girls_women,omitempty"`
	BoysMen      int `json:"boys_men,omitempty"`
	MixedUnknown int `json:"mixed_unknown,omitempty"`
}

// Total returns the sum of the counts.
func (g GenderCounts) Total() int { return g.GirlsWomen + g.BoysMen + g.MixedUnknown }

// Add returns g plus h.
func (g GenderCounts) Add(h GenderCounts) GenderCounts {
	return GenderCounts{g.GirlsWomen + h.GirlsWomen, g.BoysMen + h.BoysMen, g.MixedUnknown + h.MixedUnknown}
}

// Of returns the count of one category.
func (g GenderCounts) Of(c Gender) int {
	switch c {
	case GenderGirlsWomen:
		return g.GirlsWomen
	case GenderBoysMen:
		return g.BoysMen
	case GenderMixedUnknown:
		return g.MixedUnknown
	}
	return 0
}

// Picture is a situational picture (lägesbild, R1): the observations of a
// period compiled and weighed per milieu, frozen once published, and
// compared with the previous one.
type Picture struct {
	Meta
	Title string `json:"title"`
	// From and To bound the period, usually a quarter.
	From    Date          `json:"from"`
	To      Date          `json:"to"`
	Milieus []MilieuLevel `json:"milieus"`
	// Judgements are the key judgements, each with a likelihood.
	Judgements []Judgement `json:"judgements,omitempty"`
	Summary    string      `json:"summary,omitempty"`
	// Observations are those the picture rests on.
	Observations []ID `json:"observations,omitempty"`
	// Previous is the picture this one is compared with.
	Previous ID `json:"previous,omitempty"`
	// ApprovedBy and Published are set when the picture is published;
	// a published picture is frozen (see [Validate] with a stored copy).
	ApprovedBy string    `json:"approved_by,omitempty"`
	Published  time.Time `json:"published,omitzero"`
}

// Kind returns KindPicture.
func (*Picture) Kind() Kind { return KindPicture }

// Base returns the picture's metadata.
func (r *Picture) Base() *Meta { return &r.Meta }

// IsPublished reports whether the picture is published and so frozen.
func (r *Picture) IsPublished() bool { return !r.Published.IsZero() }

// Level returns the picture's entry for milieu m, if any.
func (r *Picture) Level(m Milieu) (MilieuLevel, bool) {
	for _, l := range r.Milieus {
		if l.Milieu == m {
			return l, true
		}
	}
	return MilieuLevel{}, false
}

// MilieuLevel is a picture's judgement of one milieu (M4): its presence
// and activity levels and their trend.
type MilieuLevel struct {
	Milieu   Milieu `json:"milieu"`
	Presence Level  `json:"presence"`
	Activity Level  `json:"activity"`
	Trend    Trend  `json:"trend"`
	Note     string `json:"note,omitempty"`
}

// Judgement is a key judgement of a picture, stated with a likelihood.
type Judgement struct {
	Milieu     Milieu     `json:"milieu,omitempty"` // optional: the milieu it concerns
	Text       string     `json:"text"`
	Likelihood Likelihood `json:"likelihood"`
}

// Case is a case (ärende) about an area, a situation, a group or an
// individual (L7). Cases are the most sensitive records.
//
// A Case deliberately has no milieu: it cannot be listed, filtered or
// searched by milieu (R2). A milieu attaches to a case only inside its
// stated concern about violence ([ConcernStatement].Milieu), as part of that
// statement.
type Case struct {
	Meta
	Subject SubjectKind `json:"subject"`
	// Title names an area, situation or group case. Individual cases
	// have a Pseudonym instead and no title: never a name, personal
	// identity number, address or other civil identity.
	Title     string        `json:"title,omitempty"`
	Pseudonym string        `json:"pseudonym,omitempty"`
	AgeBand   AgeBand       `json:"age_band,omitempty"`
	Gender    Gender        `json:"gender,omitempty"`
	Area      string        `json:"area,omitempty"`
	Intake    IntakeChannel `json:"intake"`
	Priority  Priority      `json:"priority"`
	Status    CaseStatus    `json:"status"`
	// ClosingReason is set when Status is closed.
	ClosingReason ClosingReason `json:"closing_reason,omitempty"`
	Opened        Date          `json:"opened"`
	Closed        Date          `json:"closed,omitzero"`
	// Handler is the organisation handling the case.
	Handler     Org              `json:"handler"`
	Concern     ConcernStatement `json:"concern"`
	Assessments []Assessment     `json:"assessments,omitempty"`
	NextReview  Date             `json:"next_review,omitzero"`
	Measures    []ID             `json:"measures,omitempty"`
	// LegalBasis is the legal basis or consent note for keeping the case.
	LegalBasis string `json:"legal_basis"`
}

// Kind returns KindCase.
func (*Case) Kind() Kind { return KindCase }

// Base returns the case's metadata.
func (r *Case) Base() *Meta { return &r.Meta }

// Label returns what names the case on screen: the pseudonym of an
// individual case, else its title.
func (r *Case) Label() string {
	if r.Subject == SubjectIndividual {
		return r.Pseudonym
	}
	return r.Title
}

// ConcernStatement is the concern about violence a case is about: the statement in
// words, its level, and, only as part of this statement, the milieu the
// feared violence is linked to (R2). Nothing lists, filters or searches
// cases by ConcernStatement.Milieu.
type ConcernStatement struct {
	Text   string  `json:"text"`
	Level  Concern `json:"level"`
	Milieu Milieu  `json:"milieu,omitempty"`
}

// Assessment is a dated, structured assessment of a case: a rating per
// area, never an automatically computed score.
type Assessment struct {
	Date       Date         `json:"date"`
	By         string       `json:"by,omitempty"`
	Ratings    []AreaRating `json:"ratings"`
	Protective string       `json:"protective,omitempty"`
	Changes    string       `json:"changes,omitempty"`
	Summary    string       `json:"summary"`
	NextReview Date         `json:"next_review,omitzero"`
}

// AreaRating is an assessment's rating of one area.
type AreaRating struct {
	Area   AssessmentArea `json:"area"`
	Rating Rating         `json:"rating"`
}

// Member is a member of the collaboration group (M1, M2).
type Member struct {
	Meta
	Name   string     `json:"name"`
	Org    Org        `json:"org"`
	Role   MemberRole `json:"role"`
	Title  string     `json:"title,omitempty"` // job title
	Phone  string     `json:"phone,omitempty"`
	Email  string     `json:"email,omitempty"`
	Active bool       `json:"active"`
}

// Kind returns KindMember.
func (*Member) Kind() Kind { return KindMember }

// Base returns the member's metadata.
func (r *Member) Base() *Meta { return &r.Meta }

// Meeting is a meeting of the collaboration group (L2, M6, D1, R6). The
// agenda is not stored: it is derived (see [AgendaFor]).
type Meeting struct {
	Meta
	MeetingKind MeetingKind `json:"kind"`
	Date        Date        `json:"date"`
	Title       string      `json:"title,omitempty"`
	Attendees   []Attendee  `json:"attendees,omitempty"`
	// Recommendations are the group's advice; Decisions are taken by a
	// deciding body (R6: the group advises, each authority decides).
	Recommendations []Recommendation `json:"recommendations,omitempty"`
	Decisions       []Decision       `json:"decisions,omitempty"`
	Minutes         string           `json:"minutes,omitempty"`
}

// Kind returns KindMeeting.
func (*Meeting) Kind() Kind { return KindMeeting }

// Base returns the meeting's metadata.
func (r *Meeting) Base() *Meta { return &r.Meta }

// Attendee is a person at a meeting: a member, or a guest by name.
type Attendee struct {
	Member ID     `json:"member,omitempty"`
	Name   string `json:"name,omitempty"`
	Org    Org    `json:"org,omitempty"`
}

// Recommendation is advice of the collaboration group to a body.
type Recommendation struct {
	Text string `json:"text"`
	To   Org    `json:"to,omitempty"`
	// Measure links the measure the recommendation concerns, if any.
	Measure ID `json:"measure,omitempty"`
}

// Decision is a decision taken by a deciding body and minuted at a
// meeting, with who carries it out, by when, and its status.
type Decision struct {
	Text        string         `json:"text"`
	Body        Org            `json:"body"`
	BodyName    string         `json:"body_name,omitempty"` // e.g. "Socialnämnden"
	Responsible string         `json:"responsible,omitempty"`
	Due         Date           `json:"due,omitzero"`
	Status      DecisionStatus `json:"status"`
	Measure     ID             `json:"measure,omitempty"`
}

// Partner is another vault or body varn exchanges bundles with (D2).
type Partner struct {
	Meta
	Name string `json:"name"`
	Org  Org    `json:"org"`
	// Recipients are the partner's age recipients (age1…), pinned.
	Recipients []string `json:"recipients"`
	// SigningKey is the partner's ed25519 verifier key in
	// golang.org/x/mod/sumdb/note form, pinned.
	SigningKey string `json:"signing_key,omitempty"`
	// SentSeq and ReceivedSeq are the last bundle sequence numbers sent
	// to and received from the partner.
	SentSeq     uint64 `json:"sent_seq,omitempty"`
	ReceivedSeq uint64 `json:"received_seq,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Kind returns KindPartner.
func (*Partner) Kind() Kind { return KindPartner }

// Base returns the partner's metadata.
func (r *Partner) Base() *Meta { return &r.Meta }
