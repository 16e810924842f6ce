package bundle

import (
	"errors"
	"fmt"
	"slices"

	"varn/model"
)

// Policy decides which records may leave the vault in one export. The
// defaults share the least: no cases unless IncludeCases and CasesAllowed
// are both set, never TLP:RED.
type Policy struct {
	// Scope is what the operator chose: kinds, since, TLP ceiling, cases.
	Scope Scope
	// LocalVault is the exporting vault's ID. Records that came from
	// another vault marked TLP:AMBER+STRICT are never passed on.
	LocalVault string
	// RecipientName is the recipient organisation; TLP:AMBER+STRICT
	// records go only to a named recipient.
	RecipientName string
	// CasesAllowed says the export's legal basis permits disclosing cases;
	// the operator states it together with the legal basis.
	CasesAllowed bool
}

// Check reports whether the policy is coherent: a TLP ceiling below red,
// and cases in the kinds only when included and allowed.
func (p *Policy) Check() error {
	if p.Scope.MaxTLP == model.TLPRed || !p.Scope.MaxTLP.Valid() {
		return errors.New("bundle: TLP ceiling must be clear, green, amber or amber+strict; TLP:RED never leaves the vault")
	}
	if slices.Contains(p.Scope.Kinds, model.KindCase) && !(p.Scope.IncludeCases && p.CasesAllowed) {
		return errors.New("bundle: cases may be exported only when explicitly included and allowed by the legal basis")
	}
	return nil
}

// The reasons [Policy.Allows] gives for holding a record back: fixed
// English texts, which the model catalogue renders in Swedish and English
// (model.ExchangeReason).
const (
	WhyNeverLeaves       = "this kind of record never leaves the vault"
	WhyKind              = "kind not selected"
	WhyRed               = "TLP:RED never leaves the vault"
	WhyCeiling           = "TLP above the export's ceiling"
	WhyStrictNamed       = "TLP:AMBER+STRICT goes only to a named recipient organisation"
	WhyStrictRelay       = "TLP:AMBER+STRICT received from another vault is not passed on"
	WhySince             = "not changed since the chosen date"
	WhyCases             = "cases are left out unless included and allowed by the legal basis"
	WhyObsIndividual     = "observations about individuals go only with their cases"
	WhyMeasureIndividual = "individual-tier measures go only with their cases"
	WhyNotOrigin         = "received from another vault: only its origin sends it"
)

// WithheldReasons returns every reason [Policy.Allows] can give.
func WithheldReasons() []string {
	return []string{WhyNeverLeaves, WhyKind, WhyRed, WhyCeiling, WhyStrictNamed, WhyStrictRelay, WhySince, WhyCases, WhyObsIndividual, WhyMeasureIndividual, WhyNotOrigin}
}

// Allows reports whether r may leave under the policy, and if not, why (a
// short reason without record content, for the export preview).
func (p *Policy) Allows(r model.Record) (bool, string) {
	m := r.Base()
	cases := p.Scope.IncludeCases && p.CasesAllowed
	switch {
	case !exportableKind(r.Kind()):
		return false, WhyNeverLeaves
	case !slices.Contains(p.Scope.Kinds, r.Kind()):
		return false, WhyKind
	case m.TLP == model.TLPRed:
		return false, WhyRed
	case !m.TLP.Within(p.Scope.MaxTLP):
		return false, WhyCeiling
	case m.TLP == model.TLPAmberStrict && p.RecipientName == "":
		return false, WhyStrictNamed
	case m.TLP == model.TLPAmberStrict && m.Origin != "" && m.Origin != p.LocalVault:
		return false, WhyStrictRelay
	case m.Origin != "" && p.LocalVault != "" && m.Origin != p.LocalVault:
		// A partner's record goes neither back to it nor on to
		// another: the reader refuses a record not of the signer's
		// origin (ErrNotSenders), as only the origin speaks for it.
		return false, WhyNotOrigin
	case !p.Scope.Since.IsZero() && m.Updated.Before(p.Scope.Since):
		return false, WhySince
	}
	switch r := r.(type) {
	case *model.Case:
		if !cases {
			return false, WhyCases
		}
	case *model.Observation:
		if r.Dimension == model.DimensionIndividual && !cases {
			return false, WhyObsIndividual
		}
	case *model.Measure:
		if r.Tier == model.TierIndividual && !cases {
			return false, WhyMeasureIndividual
		}
	}
	return true, ""
}

// Redact returns a copy of r with the fields that identify a person left
// out, ready for export. The author of every record, contact details, the
// names of staff in follow-ups, decisions and assessments, meeting guests'
// names, minutes and the milieu of an individual-tier measure are always
// left out; a published picture keeps its approver. Unless cases are
// included, links
// to cases are dropped too. r itself is not changed.
func Redact(r model.Record, includeCases bool) (model.Record, error) {
	var out model.Record
	switch r := r.(type) {
	case *model.Observation:
		c := *r
		c.Groups = slices.Clone(r.Groups)
		c.Measures = slices.Clone(r.Measures)
		if includeCases {
			c.Cases = slices.Clone(r.Cases)
		} else {
			c.Cases = nil
		}
		out = &c
	case *model.Measure:
		c := *r
		c.Contact = ""
		// None on the individual tier, even from a record stored before
		// Validate refused it (R2).
		c.Milieus = slices.Clone(r.ListedMilieus())
		c.Areas = slices.Clone(r.Areas)
		c.Observations = slices.Clone(r.Observations)
		c.FollowUps = slices.Clone(r.FollowUps)
		for i := range c.FollowUps {
			c.FollowUps[i].By = ""
		}
		if !includeCases {
			c.Case = ""
		}
		out = &c
	case *model.Case:
		if !includeCases {
			return nil, errors.New("bundle: a case is exported only when cases are included")
		}
		c := *r
		c.Measures = slices.Clone(r.Measures)
		c.Assessments = slices.Clone(r.Assessments)
		for i := range c.Assessments {
			c.Assessments[i].By = ""
			c.Assessments[i].Ratings = slices.Clone(r.Assessments[i].Ratings)
		}
		out = &c
	case *model.Member:
		c := *r
		c.Phone, c.Email = "", ""
		out = &c
	case *model.Meeting:
		c := *r
		c.Minutes = ""
		c.Attendees = slices.Clone(r.Attendees)
		for i := range c.Attendees {
			c.Attendees[i].Name = ""
		}
		c.Recommendations = slices.Clone(r.Recommendations)
		c.Decisions = slices.Clone(r.Decisions)
		for i := range c.Decisions {
			c.Decisions[i].Responsible = ""
		}
		out = &c
	case *model.Picture:
		// The approver of a published picture travels with it: an
		// official's name on an act of the municipality, which is what
		// makes the picture the municipality's. A reader also accepts a
		// published picture without one (a writer that withholds it).
		c := *r
		c.Milieus = slices.Clone(r.Milieus)
		c.Judgements = slices.Clone(r.Judgements)
		c.Observations = slices.Clone(r.Observations)
		out = &c
	default:
		return nil, fmt.Errorf("bundle: records of kind %q are never exported", r.Kind())
	}
	out.Base().Author = ""
	return out, nil
}

// Redacted names the fields of r that Redact leaves out and that hold
// something, as the encoded field names ("author", "contact", "follow_ups"
// for the names in follow-ups…), for an export preview. It does not copy
// or encode r.
func Redacted(r model.Record, includeCases bool) []string {
	var out []string
	add := func(cond bool, name string) {
		if cond {
			out = append(out, name)
		}
	}
	add(r.Base().Author != "", "author")
	switch r := r.(type) {
	case *model.Observation:
		add(!includeCases && len(r.Cases) > 0, "cases")
	case *model.Measure:
		add(r.Contact != "", "contact")
		add(slices.ContainsFunc(r.FollowUps, func(f model.FollowUp) bool { return f.By != "" }), "follow_ups")
		add(!includeCases && r.Case != "", "case")
	case *model.Case:
		add(slices.ContainsFunc(r.Assessments, func(a model.Assessment) bool { return a.By != "" }), "assessments")
	case *model.Member:
		add(r.Phone != "", "phone")
		add(r.Email != "", "email")
	case *model.Meeting:
		add(r.Minutes != "", "minutes")
		add(slices.ContainsFunc(r.Attendees, func(a model.Attendee) bool { return a.Name != "" }), "attendees")
		add(slices.ContainsFunc(r.Decisions, func(d model.Decision) bool { return d.Responsible != "" }), "decisions")
	}
	return out
}
