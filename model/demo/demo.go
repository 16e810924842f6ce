// Package demo generates a vault's worth of clearly fictional records for
// demonstrations, screenshots and benchmarks: invented areas ("Norrbacka",
// "Gläntan"), pseudonyms ("Person A-17"), invented people and groups —
// no real person, group or place is named, and no real area is tied to
// invented extremism.
//
// The output is deterministic for a seed and a scale, exercises every
// vocabulary value and every derived view of package model, and scales
// from a realistic municipality ([Municipality]) to a million records
// ([ScaleFor]).
package demo

import (
	"crypto/ecdh"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"golang.org/x/mod/sumdb/note"

	"varn/model"
)

// Scale says how many records of each kind to generate, and the day the
// data leads up to.
type Scale struct {
	Observations int
	Measures     int
	Cases        int
	Members      int
	// Weeks of weekly police meetings, with a quarterly follow-up every
	// 13 weeks and an ad hoc meeting every 26.
	Weeks    int
	Pictures int // quarterly pictures, the latest a draft
	Partners int
	// Today is the last day of the data; zero means 2026-11-23. The CLI
	// passes the real date so due and overdue follow-ups look current.
	Today model.Date
}

// Municipality returns the scale of a realistic municipality: a few
// hundred observations, about 60 measures, 15 cases, a year of weekly
// meetings, members, partners and 4 pictures.
func Municipality() Scale {
	return Scale{Observations: 320, Measures: 60, Cases: 15, Members: 12, Weeks: 52, Pictures: 4, Partners: 3}
}

// ScaleFor returns a scale of about n records in realistic proportions
// (mostly observations); n ≤ 0 or a small n gives Municipality().
func ScaleFor(n int) Scale {
	s := Municipality()
	fixed := s.Members + s.Weeks + s.Weeks/13 + s.Weeks/26 + s.Pictures + s.Partners
	if n <= 0 || n < fixed+s.Observations+s.Measures+s.Cases {
		return s
	}
	rest := n - fixed
	s.Cases = max(15, rest*15/1000)
	s.Measures = max(60, rest*80/1000)
	s.Observations = rest - s.Cases - s.Measures
	return s
}

// Total returns the number of records the scale generates.
func (s Scale) Total() int {
	return s.Observations + s.Measures + s.Cases + s.Members + s.Weeks + s.Weeks/13 + s.Weeks/26 + s.Pictures + s.Partners
}

// Generate returns the records of Stream in a slice.
func Generate(seed int64, s Scale) []model.Record {
	out := make([]model.Record, 0, s.Total())
	_ = Stream(seed, s, func(r model.Record) error {
		out = append(out, r)
		return nil
	})
	return out
}

// Stream generates the records of a demo vault for seed and scale and
// hands each to fn, members and partners first, then cases, measures,
// observations, meetings and pictures, so every link points to a record
// already handed over. It stops at fn's first error and returns it.
// Every record is prepared (ID, version, times, author, origin) and
// passes model.Validate.
func Stream(seed int64, s Scale, fn func(model.Record) error) error {
	g := newGen(seed, s)
	return g.run(fn)
}

// Areas are the invented district and school areas of the demo.
var areas = [...]string{"Norrbacka", "Gläntan", "Ugglehöjden", "Mossbo", "Krokängen", "Lärkvallen", "Svalgården", "Fjärilsdalen"}

// The demo's records carry no origin: the vault they are imported into
// fills in its own ID, so they are its own records — editable there and
// exported from there (a vault sends only its own records, and changes
// only those).

type gen struct {
	s     Scale
	rng   *rand.Rand
	idsrc *rand.ChaCha8
	today model.Date
	start model.Date // first day of the year of data
	loc   *time.Location

	members  []*model.Member
	cases    []*model.Case
	measures []*model.Measure
	obs      []*model.Observation
	groups   []model.ID // observations of dimension group
}

func newGen(seed int64, s Scale) *gen {
	var key [32]byte
	binary.LittleEndian.PutUint64(key[:], uint64(seed))
	copy(key[8:], "varn demo data, fictional")
	cc := rand.NewChaCha8(key)
	key[31] ^= 0xff
	g := &gen{s: s, rng: rand.New(cc), idsrc: rand.NewChaCha8(key), today: s.Today, loc: time.UTC}
	if g.today.IsZero() {
		g.today = model.NewDate(2026, time.November, 23)
	}
	g.start = g.today.AddDays(-7 * max(s.Weeks, 52))
	return g
}

// at returns a time on day d, at a working hour.
func (g *gen) at(d model.Date) time.Time {
	return d.Time(g.loc).Add(time.Duration(8*60+g.rng.IntN(9*60)) * time.Minute)
}

// prepare fills in a record's metadata as the vault would, all but the
// origin, which the vault importing the record fills in.
func (g *gen) prepare(r model.Record, created model.Date, author string) {
	t := g.at(created)
	model.Prepare(r, t, author, "", g.idsrc)
	m := r.Base()
	if g.rng.IntN(3) == 0 && created.Before(g.today) {
		m.Version = uint64(2 + g.rng.IntN(3))
		m.Updated = t.Add(time.Duration(1+g.rng.IntN(72)) * time.Hour)
	}
}

func pick[T any](g *gen, xs []T) T { return xs[g.rng.IntN(len(xs))] }

// cyc returns xs[i] cycling for the first rounds, then a random element:
// every value appears, in a deterministic mix.
func cyc[T any](g *gen, xs []T, i int) T {
	if i < 3*len(xs) {
		return xs[i%len(xs)]
	}
	return pick(g, xs)
}

// day returns a random day between from and to.
func (g *gen) day(from, to model.Date) model.Date {
	n := to.Sub(from)
	if n <= 0 {
		return from
	}
	return from.AddDays(g.rng.IntN(n + 1))
}

var memberNames = [...]string{"Kim Exempelsson", "Alex Provare", "Robin Demosdotter", "Sam Fiktivsson", "Charlie Låtsasson",
	"Maj Påhittad", "Vide Testberg", "Noa Exempelström", "Eli Skenbom", "Love Fabel", "Ronja Modellsson", "Ture Prototyp"}

func (g *gen) run(fn func(model.Record) error) error {
	// Members (M1, M2): every role and the organisations of the group.
	roles := model.AllMemberRoles()
	orgs := []model.Org{model.OrgMunicipalLeadership, model.OrgMunicipalLeadership, model.OrgSocialServices,
		model.OrgSchool, model.OrgCultureLeisure, model.OrgRescueServices, model.OrgPolice, model.OrgSchool,
		model.OrgHealthcare, model.OrgHousing, model.OrgCivilSociety, model.OrgPsychiatry}
	for i := 0; i < g.s.Members; i++ {
		m := &model.Member{Meta: model.Meta{TLP: model.TLPAmber}, Name: memberNames[i%len(memberNames)],
			Org: orgs[i%len(orgs)], Role: model.RoleMember, Active: i%7 != 6}
		if i >= len(memberNames) {
			m.Name = fmt.Sprintf("%s %d", memberNames[i%len(memberNames)], i/len(memberNames)+1)
		}
		switch {
		case i < len(roles):
			m.Role = roles[i]
		}
		if m.Role == model.RolePoliceContact {
			m.Org = model.OrgPolice
		}
		if m.Role == model.RoleCompiler {
			m.Title = "Säkerhetschef"
		}
		m.Phone = fmt.Sprintf("010-000 %02d %02d", i/100%100, i%100)
		m.Email = fmt.Sprintf("ledamot%d@demokommun.invalid", i+1)
		g.prepare(m, g.start, "demo")
		g.members = append(g.members, m)
		if err := fn(m); err != nil {
			return err
		}
	}
	// Partners (D2, L4).
	partnerOrgs := []model.Org{model.OrgLansstyrelsen, model.OrgCVE, model.OrgOtherMunicipality}
	partnerNames := []string{"Länsstyrelsen (fiktiv)", "CVE (fiktiv)", "Grannköping kommun (fiktiv)"}
	for i := 0; i < g.s.Partners; i++ {
		p := &model.Partner{Meta: model.Meta{TLP: model.TLPAmber}, Name: partnerNames[i%3], Org: partnerOrgs[i%3],
			Recipients: []string{g.ageRecipient()}, SigningKey: g.noteKey(fmt.Sprintf("partner%d", i+1)),
			SentSeq: uint64(g.rng.IntN(6)), ReceivedSeq: uint64(g.rng.IntN(4))}
		if i >= 3 {
			p.Name = fmt.Sprintf("Partner %d (fiktiv)", i+1)
		}
		g.prepare(p, g.start.AddDays(i), "demo")
		if err := fn(p); err != nil {
			return err
		}
	}
	if err := g.genCases(fn); err != nil {
		return err
	}
	if err := g.genMeasures(fn); err != nil {
		return err
	}
	if err := g.genObservations(fn); err != nil {
		return err
	}
	if err := g.genMeetings(fn); err != nil {
		return err
	}
	return g.genPictures(fn)
}

func (g *gen) genCases(fn func(model.Record) error) error {
	subjects := model.AllSubjectKinds()
	statuses := model.AllCaseStatuses()
	reasons := model.AllClosingReasons()
	handlers := []model.Org{model.OrgSocialServices, model.OrgSchool, model.OrgPolice, model.OrgPsychiatry, model.OrgHealthcare}
	nInd, nClosed := 0, 0
	for i := 0; i < g.s.Cases; i++ {
		c := &model.Case{Meta: model.Meta{TLP: model.TLPRed}}
		c.Subject = cyc(g, subjects, i)
		if i%3 == 0 {
			c.Subject = model.SubjectIndividual
		}
		c.Intake = cyc(g, model.AllIntakeChannels(), i)
		c.Priority = cyc(g, model.AllPriorities(), i)
		c.Status = cyc(g, statuses[:len(statuses)-1], i/2)
		if i%2 == 1 {
			c.Status = model.CaseClosed
		}
		c.Handler = pick(g, handlers)
		c.Opened = g.day(g.start, g.today.AddDays(-10))
		area := pick(g, areas[:])
		switch c.Subject {
		case model.SubjectIndividual:
			c.Pseudonym = fmt.Sprintf("Person %c-%d", 'A'+rune(i/100%26), 1+i%100)
			c.AgeBand = cyc(g, model.AllAgeBands(), nInd)
			c.Gender = cyc(g, model.AllGenders(), nInd)
			nInd++
		case model.SubjectArea:
			c.Title = "Oro i området " + area
			c.Area = area
		case model.SubjectSituation:
			c.Title = "Hot mot en föreläsning i " + area
			c.Area = area
		case model.SubjectGroup:
			c.Title = fmt.Sprintf("Grupp G-%d (fiktiv) vid %s", i%9+1, area)
			c.Area = area
			c.Gender = model.GenderMixedUnknown
		}
		c.Concern = model.ConcernStatement{Level: cyc(g, model.AllConcerns(), i),
			Text: pick(g, []string{
				"Uttalanden i skolan om att våld vore rätt mot en utpekad grupp.",
				"Oro från anhörig över ändrat umgänge och våldsbejakande material.",
				"Hot i sociala medier mot en lokal förening.",
				"Upprepade konflikter med inslag av våldsbejakande symboler.",
			})}
		if i%2 == 0 {
			c.Concern.Milieu = cyc(g, model.AllMilieus(), i/2)
		}
		if c.Status == model.CaseClosed {
			c.ClosingReason = cyc(g, reasons, nClosed)
			c.Closed = g.day(c.Opened, g.today)
			nClosed++
			if nClosed == 2 {
				// An old case, closed more than five years ago: due for purging (R4).
				c.Opened = g.today.AddMonths(-80)
				c.Closed = g.today.AddMonths(-70)
			}
		}
		for a, ad := 0, c.Opened.AddDays(7); a < 1+g.rng.IntN(3) && !ad.After(g.today); a++ {
			as := model.Assessment{Date: ad, By: "Handläggare (fiktiv)", Summary: "Bedömningen görs i samråd med handläggande förvaltning.",
				Protective: "Stöd från familj och skola.", NextReview: ad.AddMonths(3)}
			if a > 0 {
				as.Changes = "Minskad kontakt med den oroande kretsen."
			}
			for k, area := range model.AllAssessmentAreas() {
				if (k+i+a)%3 != 2 {
					as.Ratings = append(as.Ratings, model.AreaRating{Area: area, Rating: cyc(g, model.AllRatings(), k+i+a)})
				}
			}
			c.Assessments = append(c.Assessments, as)
			c.NextReview = as.NextReview
			ad = ad.AddMonths(3)
		}
		if c.Status == model.CaseClosed {
			c.NextReview = model.Date{}
		}
		c.LegalBasis = pick(g, []string{"Socialtjänstlagen; samtycke inhämtat", "Orosanmälan enligt SoL 14 kap.", "Samtycke från den enskilde"})
		g.prepare(c, c.Opened, "sakchef")
		g.cases = append(g.cases, c)
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

var measureTitles = map[model.MeasureType][]string{
	model.MeasureEducationInformation: {"Föreläsning om demokrati och källkritik", "Informationsblad till vårdnadshavare"},
	model.MeasureTraining:             {"Utbildning för skolpersonal om våldsbejakande extremism", "Kompetensdag för fritidsledare"},
	model.MeasureLeisureActivity:      {"Kvällsöppet på fritidsgården", "Sommarlovsaktiviteter"},
	model.MeasureDialogue:             {"Dialogmöte med föreningar", "Samtalsgrupp för unga"},
	model.MeasureEnvironmental:        {"Sanering av klotter och klistermärken", "Bättre belysning vid gångtunneln"},
	model.MeasureSupportPerson:        {"Stödperson"},
	model.MeasureTeachingSupport:      {"Pedagogiskt stöd i skolan"},
	model.MeasureInternshipPlacement:  {"Praktikplats hos kommunen"},
	model.MeasureReferral:             {"Hänvisning till öppenvården"},
	model.MeasureExitSupport:          {"Avhopparstöd"},
	model.MeasureOther:                {"Samordnad insats"},
}

func (g *gen) genMeasures(fn func(model.Record) error) error {
	var individual []*model.Case
	for _, c := range g.cases {
		if c.Subject == model.SubjectIndividual {
			individual = append(individual, c)
		}
	}
	statuses := model.AllMeasureStatuses()
	types := model.AllMeasureTypes()
	for i := 0; i < g.s.Measures; i++ {
		m := &model.Measure{Meta: model.Meta{TLP: model.TLPGreen}}
		m.Type = cyc(g, types, i)
		switch m.Type {
		case model.MeasureSupportPerson, model.MeasureTeachingSupport, model.MeasureInternshipPlacement,
			model.MeasureReferral, model.MeasureExitSupport:
			m.Tier = model.TierIndividual
		case model.MeasureEducationInformation, model.MeasureTraining, model.MeasureEnvironmental:
			m.Tier = model.TierGeneral
		default:
			m.Tier = model.TierSpecific
		}
		if m.Tier == model.TierIndividual && len(individual) == 0 {
			m.Tier, m.Type = model.TierSpecific, model.MeasureDialogue
		}
		area := pick(g, areas[:])
		m.Title = pick(g, measureTitles[m.Type])
		m.Status = cyc(g, statuses, (3*i+i/len(types))%len(statuses))
		m.Org = pick(g, []model.Org{model.OrgSchool, model.OrgSocialServices, model.OrgCultureLeisure, model.OrgPolice, model.OrgCivilSociety, model.OrgRescueServices, model.OrgHousing})
		m.Contact = "Kontaktperson (fiktiv)"
		m.Start = g.day(g.start, g.today.AddDays(-20))
		m.Milieus = []model.Milieu{cyc(g, model.AllMilieus(), i)}
		if i%4 == 0 && m.Milieus[0] != model.MilieuCrossMilieu {
			m.Milieus = append(m.Milieus, model.MilieuCrossMilieu)
		}
		switch m.Tier {
		case model.TierIndividual:
			c := individual[i%len(individual)]
			m.Case = c.ID
			// No milieu beside a person (R2): it lives only in the case's
			// concern. (Drawn above all the same, so every later draw,
			// and so every demo vault, stays as it was.)
			m.Milieus = nil
			m.Meta.TLP = model.TLPRed
			m.TargetGroup = "En person (" + c.Pseudonym + ")"
			switch c.Gender {
			case model.GenderGirlsWomen:
				m.Reach.GirlsWomen = 1
			case model.GenderBoysMen:
				m.Reach.BoysMen = 1
			default:
				m.Reach.MixedUnknown = 1
			}
		default:
			if m.Tier == model.TierGeneral && i%2 == 0 {
				m.Meta.TLP = model.TLPClear
			}
			m.Title += " i " + area
			m.Areas = []string{area}
			m.TargetGroup = pick(g, []string{"Elever i årskurs 7–9", "Unga 13–18 år", "Föräldrar", "Personal", "Boende i området"})
			m.Reach = model.GenderCounts{GirlsWomen: g.rng.IntN(40), BoysMen: g.rng.IntN(40), MixedUnknown: g.rng.IntN(10)}
		}
		if m.Status == model.StatusCompleted || m.Status == model.StatusFollowedUp || m.Status == model.StatusCancelled {
			m.End = g.day(m.Start, g.today)
		} else if g.rng.IntN(2) == 0 {
			m.End = m.Start.AddMonths(6 + g.rng.IntN(12))
		}
		last := m.Start
		for f := m.Start.AddMonths(3); !f.After(g.today) && (m.End.IsZero() || !f.After(m.End)); f = f.AddMonths(3) {
			m.FollowUps = append(m.FollowUps, model.FollowUp{Date: f, Effect: cyc(g, model.AllEffects(), i+len(m.FollowUps)),
				Note: "Uppföljning i samverkansgruppen.", By: "sakchef"})
			last = f
		}
		if m.Status.Open() && m.Status != model.StatusProposed {
			m.NextFollowUp = model.NextFollowUpAfter(last)
			// Some due soon, some overdue.
			switch i % 5 {
			case 0:
				m.NextFollowUp = g.today.AddDays(3 + i%10)
			case 1:
				m.NextFollowUp = g.today.AddDays(-(5 + i%20))
			}
			if m.NextFollowUp.Before(m.Start) {
				m.NextFollowUp = m.Start.AddDays(14)
			}
		}
		g.prepare(m, m.Start, "sakchef")
		g.measures = append(g.measures, m)
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

var summaries = map[model.ObservationKind][]string{
	model.ObsPresence:       {"Klistermärken med symboler kopplade till miljön vid %s.", "Känd grupp G-%d (fiktiv) ses regelbundet vid %s.", "Rekryteringsförsök bland unga vid %s."},
	model.ObsActivity:       {"Flygblad delades ut vid %s.", "Möte med ett tiotal deltagare i en lokal vid %s.", "Träningsaktivitet i grupp G-%d (fiktiv) nära %s."},
	model.ObsIncident:       {"Hot mot en förening i %s polisanmält.", "Skadegörelse med politiska budskap vid %s.", "Konfrontation mellan grupper vid %s."},
	model.ObsMonitoringNote: {"Omvärldsbevakning: ökad spridning av propaganda i digitala kanaler som nämner %s.", "Nationell lägesbild pekar på ökad aktivitet; lokalt berörs %s."},
	model.ObsKnowledge:      {"Kunskapsunderlag från CVE om rekrytering online; relevant för %s.", "Föreläsning från universitetet om radikalisering; frågor om %s."},
}

func (g *gen) genObservations(fn func(model.Record) error) error {
	milieus := model.AllMilieus()
	weights := []int{30, 20, 18, 12, 12, 8} // more of the first
	total := 0
	for _, w := range weights {
		total += w
	}
	var individual []*model.Case
	for _, c := range g.cases {
		if c.Subject == model.SubjectIndividual {
			individual = append(individual, c)
		}
	}
	span := g.today.Sub(g.start)
	for i := 0; i < g.s.Observations; i++ {
		o := &model.Observation{Meta: model.Meta{TLP: model.TLPAmber}}
		if i < 3*len(milieus) {
			o.Milieu = milieus[i%len(milieus)]
		} else {
			w := g.rng.IntN(total)
			for k, x := range weights {
				if w < x {
					o.Milieu = milieus[k]
					break
				}
				w -= x
			}
		}
		o.Dimension = cyc(g, model.AllDimensions(), i/2)
		o.ObsKind = cyc(g, model.AllObservationKinds(), i/3)
		area := pick(g, areas[:])
		o.Area = area
		o.Source = cyc(g, model.AllOrgs(), i)
		if i%2 == 0 {
			o.Source = model.OrgPolice // the weekly police meetings (L2)
		}
		if o.ObsKind == model.ObsMonitoringNote {
			o.Source = model.OrgMonitoring
		}
		if i%5 != 4 {
			o.Reliability = cyc(g, model.AllReliabilities(), i)
			o.Credibility = cyc(g, model.AllCredibilities(), i/2)
		}
		o.Concern = cyc(g, model.AllConcerns(), i/5)
		if i >= 40 && o.Concern == model.ConcernAcute && g.rng.IntN(3) > 0 {
			o.Concern = model.ConcernHigh
		}
		o.Trend = cyc(g, model.AllTrends(), i/7)
		// Denser towards today, so the sparklines and "new" have data.
		back := int(float64(span) * g.rng.Float64() * g.rng.Float64())
		o.Observed = g.today.AddDays(-back)
		if i%11 == 0 {
			o.ObservedTo = o.Observed.AddDays(g.rng.IntN(min(7, back+1)))
		}
		tmpl := pick(g, summaries[o.ObsKind])
		if countVerbs(tmpl) == 2 {
			o.Summary = fmt.Sprintf(tmpl, 1+g.rng.IntN(9), area)
		} else {
			o.Summary = fmt.Sprintf(tmpl, area)
		}
		switch {
		case o.ObsKind == model.ObsKnowledge:
			o.TLP = model.TLPClear
		case o.ObsKind == model.ObsMonitoringNote:
			o.TLP = model.TLPGreen
		case o.Concern == model.ConcernAcute:
			o.TLP = model.TLPAmberStrict
		}
		if o.Dimension == model.DimensionIndividual {
			o.TLP = model.TLPRed
			if len(individual) > 0 && i%3 != 0 {
				c := individual[i%len(individual)]
				o.Cases = []model.ID{c.ID}
				o.Summary = "Uppgift om " + c.Pseudonym + ": " + o.Summary
			}
		}
		if o.Dimension != model.DimensionGroup && len(g.groups) > 0 && i%6 == 1 {
			o.Groups = []model.ID{g.groups[g.rng.IntN(len(g.groups))]}
		}
		if len(g.measures) > 0 && i%9 == 2 {
			mm := g.measures[g.rng.IntN(len(g.measures))]
			if mm.Tier != model.TierIndividual {
				o.Measures = []model.ID{mm.ID}
			}
		}
		created := o.Observed.AddDays(g.rng.IntN(4))
		if created.After(g.today) {
			created = g.today
		}
		g.prepare(o, created, "sakchef")
		if o.Dimension == model.DimensionGroup && len(g.groups) < 64 {
			g.groups = append(g.groups, o.ID)
		}
		if len(g.obs) < 50000 {
			g.obs = append(g.obs, o)
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

func countVerbs(s string) int {
	n := 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] != '%' {
			n++
		}
	}
	return n
}

func (g *gen) genMeetings(fn func(model.Record) error) error {
	var active []*model.Member
	for _, m := range g.members {
		if m.Active {
			active = append(active, m)
		}
	}
	first := g.today.Monday().AddDays(-7*(g.s.Weeks-1) + 2) // Wednesdays
	n := 0
	for w := 0; w < g.s.Weeks; w++ {
		date := first.AddDays(7 * w)
		if date.After(g.today) {
			date = g.today
		}
		kinds := []model.MeetingKind{model.MeetingWeeklyPolice}
		if w%13 == 12 {
			kinds = append(kinds, model.MeetingQuarterlyFollowUp)
		}
		if w%26 == 20 {
			kinds = append(kinds, model.MeetingAdHoc)
		}
		for _, k := range kinds {
			m := &model.Meeting{Meta: model.Meta{TLP: model.TLPAmber}, MeetingKind: k, Date: date}
			_, week := date.ISOWeek()
			switch k {
			case model.MeetingWeeklyPolice:
				m.Title = fmt.Sprintf("Veckomöte v. %d", week)
			case model.MeetingQuarterlyFollowUp:
				m.Title = "Kvartalsuppföljning " + model.QuarterOf(date).String()
			case model.MeetingAdHoc:
				m.Title = "Extra möte efter händelse i " + pick(g, areas[:])
			}
			for i, mem := range active {
				if k != model.MeetingWeeklyPolice || mem.Role == model.RoleCompiler || mem.Role == model.RolePoliceContact || (i+w)%4 == 0 {
					m.Attendees = append(m.Attendees, model.Attendee{Member: mem.ID})
				}
			}
			if k == model.MeetingWeeklyPolice && len(m.Attendees) == 0 {
				m.Attendees = append(m.Attendees, model.Attendee{Name: "Kommunpolis (fiktiv)", Org: model.OrgPolice})
			}
			if n%3 == 0 || k != model.MeetingWeeklyPolice {
				m.Recommendations = append(m.Recommendations, model.Recommendation{
					Text: "Gruppen rekommenderar fler vuxna i rörelse kvällstid i " + pick(g, areas[:]) + ".",
					To:   model.OrgCultureLeisure})
			}
			if n%2 == 0 || k != model.MeetingWeeklyPolice {
				d := model.Decision{Text: "Förvaltningen genomför en extra informationsinsats.",
					Body:     pick(g, []model.Org{model.OrgSocialServices, model.OrgSchool, model.OrgCultureLeisure, model.OrgMunicipalLeadership}),
					BodyName: "Nämnden (fiktiv)", Responsible: "Förvaltningschef (fiktiv)", Due: date.AddDays(30),
					Status: cyc(g, model.AllDecisionStatuses(), n/2)}
				if w >= g.s.Weeks-6 && n%4 == 0 {
					d.Status = model.DecisionOpen
				}
				if len(g.measures) > 0 && n%6 == 0 {
					d.Measure = g.measures[n%len(g.measures)].ID
				}
				m.Decisions = append(m.Decisions, d)
			}
			m.Minutes = "Genomgång av nya uppgifter, insatser med uppföljning och öppna beslut.\nInga individärenden diskuterades i storgrupp."
			g.prepare(m, date, "sakchef")
			n++
			if err := fn(m); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *gen) genPictures(fn func(model.Record) error) error {
	q := model.QuarterOf(g.today)
	for range g.s.Pictures {
		q = q.Prev()
	}
	var prev *model.Picture
	for i := 0; i < g.s.Pictures; i++ {
		q = q.Next()
		to := q.End()
		if to.After(g.today) {
			to = g.today
		}
		p := model.CompilePicture(q.Start(), to, g.obs, prev)
		p.Title = "Lägesbild " + q.String()
		if len(p.Milieus) == 0 {
			p.Milieus = []model.MilieuLevel{{Milieu: model.MilieuUnclear, Trend: model.TrendUnknown}}
		}
		for k := range p.Milieus {
			p.Milieus[k].Note = "Bedömd i samverkansgruppen."
		}
		for k, l := range model.AllLikelihoods() {
			if (k+i)%3 == 0 {
				p.Judgements = append(p.Judgements, model.Judgement{Milieu: p.Milieus[k%len(p.Milieus)].Milieu,
					Text: "Aktiviteten fortsätter på ungefär samma nivå under nästa kvartal.", Likelihood: l})
			}
		}
		p.Summary = "Sammanställd lägesbild för " + q.String() + " (fiktiva uppgifter)."
		g.prepare(p, to, "sakchef")
		if i < g.s.Pictures-1 {
			p.ApprovedBy = memberNames[0]
			p.Published = g.at(to.AddDays(5))
			if p.Published.After(g.today.Time(g.loc)) {
				p.Published = g.today.Time(g.loc)
			}
		}
		prev = p
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// ageRecipient returns a deterministic, well-formed age X25519 recipient.
func (g *gen) ageRecipient() string {
	var seed [32]byte
	_, _ = g.idsrc.Read(seed[:])
	k, err := ecdh.X25519().NewPrivateKey(seed[:])
	if err != nil {
		return ""
	}
	return bech32("age", k.PublicKey().Bytes())
}

// noteKey returns a deterministic signed-note verifier key.
func (g *gen) noteKey(name string) string {
	_, vkey, err := note.GenerateKey(g.idsrc, name)
	if err != nil {
		return ""
	}
	return vkey
}

// bech32 encodes data with the human-readable part hrp (BIP 173).
func bech32(hrp string, data []byte) string {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	// Regroup 8-bit bytes into 5-bit values.
	var values []byte
	acc, bits := 0, 0
	for _, b := range data {
		acc = acc<<8 | int(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			values = append(values, byte(acc>>bits&31))
		}
	}
	if bits > 0 {
		values = append(values, byte(acc<<(5-bits)&31))
	}
	polymod := func(vs []byte) uint32 {
		gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
		chk := uint32(1)
		for _, v := range vs {
			top := chk >> 25
			chk = (chk&0x1ffffff)<<5 ^ uint32(v)
			for i := 0; i < 5; i++ {
				if top>>i&1 == 1 {
					chk ^= gen[i]
				}
			}
		}
		return chk
	}
	var exp []byte
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]>>5)
	}
	exp = append(exp, 0)
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]&31)
	}
	mod := polymod(append(append(exp, values...), 0, 0, 0, 0, 0, 0)) ^ 1
	out := []byte(hrp + "1")
	for _, v := range values {
		out = append(out, charset[v])
	}
	for i := 0; i < 6; i++ {
		out = append(out, charset[mod>>(5*(5-i))&31])
	}
	return string(out)
}
