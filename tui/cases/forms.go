package cases

import (
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

func withUnset(codes []string) []string { return append([]string{""}, codes...) }

func (m *Model) unsetOr(f func(string) string) func(string) string {
	return func(c string) string {
		if c == "" {
			return m.com.T(model.CasesNotSet)
		}
		return f(c)
	}
}

// openForm opens the case form on c (a copy; ID empty when new).
func (m *Model) openForm(c *model.Case) {
	l := m.com.Lang
	title := model.CasesFormNew
	if c.ID != "" {
		title = model.CasesFormEdit
	}
	choice := func(name string, label model.Msg, codes []string, lab func(string) string) *common.Field {
		return &common.Field{Name: name, Label: label, Choices: codes, ChoiceLabel: lab}
	}
	text := func(name string, label model.Msg) *common.Field { return &common.Field{Name: name, Label: label} }
	// A case about an individual has a pseudonym and no title; any other
	// case a title and no pseudonym (model.Validate): the form shows only
	// the one the subject takes.
	person := func(f *common.Form) bool { return f.Get("subject") == string(model.SubjectIndividual) }
	notPerson := func(f *common.Form) bool { return !person(f) }
	f := common.NewForm(title,
		choice("subject", model.CasesFieldSubject, common.Codes(model.AllSubjectKinds()), func(c string) string { return model.SubjectKind(c).Label(l) }),
		&common.Field{Name: "title", Label: model.CasesFieldTitle, Hide: person},
		&common.Field{Name: "pseudonym", Label: model.CasesFieldPseudonym, Hide: notPerson},
		choice("age_band", model.CasesFieldAgeBand, withUnset(common.Codes(model.AllAgeBands())), m.unsetOr(func(c string) string { return model.AgeBand(c).Label(l) })),
		choice("gender", model.CasesFieldGender, withUnset(common.Codes(model.AllGenders())), m.unsetOr(func(c string) string { return model.Gender(c).Label(l) })),
		text("area", model.CasesFieldArea),
		choice("intake", model.CasesFieldIntake, common.Codes(model.AllIntakeChannels()), func(c string) string { return model.IntakeChannel(c).Label(l) }),
		choice("priority", model.CasesFieldPriority, common.Codes(model.AllPriorities()), func(c string) string { return priorityWord(model.Priority(c), l) }),
		choice("status", model.CasesFieldStatus, common.Codes(model.AllCaseStatuses()), func(c string) string { return stepWord(model.CaseStatus(c), l) }),
		choice("closing_reason", model.CasesFieldReason, withUnset(common.Codes(model.AllClosingReasons())), m.unsetOr(func(c string) string { return model.ClosingReason(c).Label(l) })),
		text("opened", model.CasesFieldOpened),
		text("closed", model.CasesFieldClosed),
		choice("handler", model.CasesFieldHandler, common.Codes(model.AllOrgs()), func(c string) string { return model.Org(c).Label(l) }),
		&common.Field{Name: "concern.text", Label: model.CasesFieldConcern, Multi: true},
		choice("concern.level", model.CasesFieldLevel, common.Codes(model.AllConcerns()), func(c string) string { return model.Concern(c).Label(l) }),
		choice("concern.milieu", model.CasesFieldMilieu, withUnset(common.Codes(model.AllMilieus())), m.unsetOr(func(c string) string { return model.Milieu(c).Label(l) })),
		&common.Field{Name: "legal_basis", Label: model.CasesFieldLegal, Multi: true},
		text("next_review", model.CasesFieldReview),
		text("retain_until", model.CasesFieldRetain),
		choice("tlp", model.CasesFieldTLP, common.Codes(model.AllTLPs()), func(c string) string { return model.TLP(c).Label(l) }),
	)
	f.Set("subject", string(c.Subject))
	f.Set("title", c.Title)
	f.Set("pseudonym", c.Pseudonym)
	f.Set("age_band", string(c.AgeBand))
	f.Set("gender", string(c.Gender))
	f.Set("area", c.Area)
	f.Set("intake", string(c.Intake))
	f.Set("priority", string(c.Priority))
	f.Set("status", string(c.Status))
	f.Set("closing_reason", string(c.ClosingReason))
	f.Set("opened", dateText(c.Opened))
	f.Set("closed", dateText(c.Closed))
	f.Set("handler", string(c.Handler))
	f.Set("concern.text", c.Concern.Text)
	f.Set("concern.level", string(c.Concern.Level))
	f.Set("concern.milieu", string(c.Concern.Milieu))
	f.Set("legal_basis", c.LegalBasis)
	f.Set("next_review", dateText(c.NextReview))
	f.Set("retain_until", dateText(c.RetainUntil))
	f.Set("tlp", string(c.TLP))
	m.form, m.editing, m.nameWarned = f, c, ""
	m.draftOf = ""
	m.back = m.mode
	m.mode = ModeForm
}

func dateText(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func readDate(f *common.Form, name string, l model.Lang, probs map[string]string) model.Date {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return model.Date{}
	}
	d, err := model.ParseDate(s)
	if err != nil {
		probs[name] = l.T(model.UIBadDate)
		return model.Date{}
	}
	return d
}

// BuildCase returns the case the form describes, based on the case being
// edited, and the problems found reading the fields.
func BuildCase(f *common.Form, base *model.Case, l model.Lang) (*model.Case, map[string]string) {
	c := *base
	probs := map[string]string{}
	c.Subject = model.SubjectKind(f.Get("subject"))
	c.Title = strings.TrimSpace(f.Get("title"))
	c.Pseudonym = strings.TrimSpace(f.Get("pseudonym"))
	c.AgeBand = model.AgeBand(f.Get("age_band"))
	c.Gender = model.Gender(f.Get("gender"))
	c.Area = strings.TrimSpace(f.Get("area"))
	c.Intake = model.IntakeChannel(f.Get("intake"))
	c.Priority = model.Priority(f.Get("priority"))
	c.Status = model.CaseStatus(f.Get("status"))
	c.ClosingReason = model.ClosingReason(f.Get("closing_reason"))
	c.Opened = readDate(f, "opened", l, probs)
	c.Closed = readDate(f, "closed", l, probs)
	c.Handler = model.Org(f.Get("handler"))
	c.Concern = model.ConcernStatement{
		Text:   strings.TrimSpace(f.Get("concern.text")),
		Level:  model.Concern(f.Get("concern.level")),
		Milieu: model.Milieu(f.Get("concern.milieu")),
	}
	c.LegalBasis = strings.TrimSpace(f.Get("legal_basis"))
	c.NextReview = readDate(f, "next_review", l, probs)
	c.RetainUntil = readDate(f, "retain_until", l, probs)
	c.TLP = model.TLP(f.Get("tlp"))
	return &c, probs
}

func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.form.Key(msg, m.com.KeyMap) {
	case common.FormCancel:
		m.form, m.editing = nil, nil
		m.mode = ModeList
		if m.detail != nil {
			m.mode = ModeDetail
		}
	case common.FormSave:
		l := m.com.Lang
		c, probs := BuildCase(m.form, m.editing, l)
		ps := model.Validate(c, nil)
		if n := m.form.SetProblems(ps, l, probs); n > 0 {
			return common.ErrorCmd(errors.New(m.com.T(model.UIFormInvalid, n)))
		}
		if c.Subject == model.SubjectIndividual && model.LooksLikeRealName(c.Pseudonym) && c.Pseudonym != m.nameWarned {
			// A warning to confirm, not a refusal: saving the same
			// pseudonym again keeps it.
			m.nameWarned = c.Pseudonym
			m.form.Warnings = map[string]string{"pseudonym": m.com.T(model.CasesPseudonymName, m.com.KeyMap.Form.Save.Help().Key)}
			m.form.FocusOn("pseudonym")
			return common.ErrorCmd(errors.New(m.com.T(model.MsgPseudonymName)))
		}
		m.form.Saving = true
		return m.save(c, "")
	}
	return nil
}

// openAssess opens the form of a new assessment of c: today's date, each
// area unrated until the user rates it (never a computed score).
func (m *Model) openAssess(c *model.Case) {
	l := m.com.Lang
	fields := []*common.Field{{Name: "date", Label: model.CasesFieldDate}}
	for _, a := range model.AllAssessmentAreas() {
		fields = append(fields, &common.Field{Name: "rating." + string(a), Label: a.Msg(), Choices: withUnset(common.Codes(model.AllRatings())),
			ChoiceLabel: func(c string) string {
				if c == "" {
					return m.com.T(model.CasesRatingUnset)
				}
				return model.Rating(c).Label(l)
			}})
	}
	fields = append(fields,
		&common.Field{Name: "protective", Label: model.CasesFieldProtect, Multi: true},
		&common.Field{Name: "changes", Label: model.CasesFieldChanges, Multi: true},
		&common.Field{Name: "summary", Label: model.CasesFieldSummary, Multi: true},
		&common.Field{Name: "next_review", Label: model.CasesFieldReview},
	)
	f := common.NewForm(model.CasesAssessTitle, fields...)
	f.Set("date", model.DateOf(m.com.Now()).String())
	cp := *c
	m.form, m.editing = f, &cp
	m.mode = ModeAssess
}

// BuildAssessment returns c with the assessment the form describes
// appended (its next review also becoming the case's), and the problems
// found reading the fields.
func BuildAssessment(f *common.Form, c *model.Case, by string, l model.Lang) (*model.Case, map[string]string) {
	probs := map[string]string{}
	a := model.Assessment{
		Date:       readDate(f, "date", l, probs),
		By:         by,
		Protective: strings.TrimSpace(f.Get("protective")),
		Changes:    strings.TrimSpace(f.Get("changes")),
		Summary:    strings.TrimSpace(f.Get("summary")),
		NextReview: readDate(f, "next_review", l, probs),
	}
	for _, area := range model.AllAssessmentAreas() {
		if r := f.Get("rating." + string(area)); r != "" {
			a.Ratings = append(a.Ratings, model.AreaRating{Area: area, Rating: model.Rating(r)})
		}
	}
	cp := *c
	cp.Assessments = append(append([]model.Assessment(nil), c.Assessments...), a)
	if !a.NextReview.IsZero() {
		cp.NextReview = a.NextReview
	}
	return &cp, probs
}

func (m *Model) assessKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.form.Key(msg, m.com.KeyMap) {
	case common.FormCancel:
		m.form, m.editing = nil, nil
		m.mode = ModeDetail
	case common.FormSave:
		l := m.com.Lang
		by := ""
		if st := m.com.Store; st != nil {
			by = model.SanitizeLine(st.Info().User)
		}
		c, probs := BuildAssessment(m.form, m.editing, by, l)
		ps := model.Validate(c, nil)
		prefix := "assessments[" + strconv.Itoa(len(c.Assessments)-1) + "]."
		var mine model.Problems
		for _, p := range ps {
			if strings.HasPrefix(p.Field, prefix) {
				p.Field = strings.TrimPrefix(p.Field, prefix)
				if p.Field == "ratings" {
					p.Field = "summary"
				}
				mine = append(mine, p)
			}
		}
		if n := m.form.SetProblems(mine, l, probs); n > 0 {
			return common.ErrorCmd(errors.New(m.com.T(model.UIFormInvalid, n)))
		}
		if len(ps) > len(mine) {
			return common.ErrorCmd(m.explain(ps.Err(model.KindCase)))
		}
		m.form.Saving = true
		return m.save(c, m.com.T(model.CasesAssessSaved))
	}
	return nil
}
