package pyramid

import (
	"errors"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"varn/model"
	"varn/tui/common"
)

// openForm opens the measure form on x (a copy; ID empty when new).
func (m *Model) openForm(x *model.Measure) {
	l := m.com.Lang
	title := model.PyrFormNew
	if x.ID != "" {
		title = model.PyrFormEdit
	}
	choice := func(name string, label model.Msg, codes []string, lab func(string) string) *common.Field {
		return &common.Field{Name: name, Label: label, Choices: codes, ChoiceLabel: lab}
	}
	text := func(name string, label model.Msg) *common.Field { return &common.Field{Name: name, Label: label} }
	f := common.NewForm(title,
		text("title", model.PyrFieldTitle),
		choice("tier", model.PyrFieldTier, common.Codes(model.AllTiers()), func(c string) string { return model.Tier(c).Label(l) }),
		choice("type", model.PyrFieldType, common.Codes(model.AllMeasureTypes()), func(c string) string { return model.MeasureType(c).Label(l) }),
		choice("status", model.PyrFieldStatus, common.Codes(model.AllMeasureStatuses()), func(c string) string { return statusWord(model.MeasureStatus(c), l) }),
		choice("org", model.PyrFieldOrg, common.Codes(model.AllOrgs()), func(c string) string { return model.Org(c).Label(l) }),
		text("contact", model.PyrFieldContact),
		&common.Field{Name: "description", Label: model.PyrFieldDesc, Multi: true},
		text("target_group", model.PyrFieldTarget),
		text("reach.girls_women", model.PyrFieldGirls),
		text("reach.boys_men", model.PyrFieldBoys),
		text("reach.mixed_unknown", model.PyrFieldMixed),
		// R2: an individual-tier measure names no milieu; the form
		// shows the field only for the other tiers.
		&common.Field{Name: "milieus", Label: model.PyrFieldMilieus, Hide: func(f *common.Form) bool {
			return f.Get("tier") == string(model.TierIndividual)
		}},
		text("areas", model.PyrFieldAreas),
		text("start", model.PyrFieldStart),
		text("end", model.PyrFieldEnd),
		text("next_follow_up", model.PyrFieldNext),
		choice("tlp", model.PyrFieldTLP, common.Codes(model.AllTLPs()), func(c string) string { return model.TLP(c).Label(l) }),
	)
	f.Set("title", x.Title)
	f.Set("tier", string(x.Tier))
	f.Set("type", string(x.Type))
	f.Set("status", string(x.Status))
	f.Set("org", string(x.Org))
	f.Set("contact", x.Contact)
	f.Set("description", x.Description)
	f.Set("target_group", x.TargetGroup)
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	f.Set("reach.girls_women", num(x.Reach.GirlsWomen))
	f.Set("reach.boys_men", num(x.Reach.BoysMen))
	f.Set("reach.mixed_unknown", num(x.Reach.MixedUnknown))
	// A measure stored before the R2 rule may hold a milieu on the
	// individual tier: it is not shown, and saving drops it.
	listed := x.ListedMilieus()
	ms := make([]string, len(listed))
	for i, v := range listed {
		ms[i] = string(v)
	}
	f.Set("milieus", strings.Join(ms, ", "))
	f.Set("areas", strings.Join(x.Areas, ", "))
	f.Set("start", dateText(x.Start))
	f.Set("end", dateText(x.End))
	f.Set("next_follow_up", dateText(x.NextFollowUp))
	f.Set("tlp", string(x.TLP))
	m.form, m.editing = f, x
	m.draftOf = ""
	if m.mode != ModeForm {
		if m.mode == ModeDetail {
			m.back = ModeDetail
		}
	}
	m.mode = ModeForm
}

func dateText(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// readDate reads a date field: empty is zero; unreadable is a problem.
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

func readCount(f *common.Form, name string, l model.Lang, probs map[string]string) int {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 10_000_000 {
		probs[name] = l.T(model.PyrNotANumber)
		return 0
	}
	return n
}

// parseMilieus reads a comma-separated list of milieu codes or labels (in
// either language).
func parseMilieus(s string) ([]model.Milieu, string) {
	var out []model.Milieu
	for _, w := range strings.Split(s, ",") {
		w = strings.TrimSpace(w)
		if w == "" {
			continue
		}
		found := false
		for _, c := range model.AllMilieus() {
			if strings.EqualFold(w, string(c)) || strings.EqualFold(w, c.Label(model.Swedish)) || strings.EqualFold(w, c.Label(model.English)) {
				out = append(out, c)
				found = true
				break
			}
		}
		if !found {
			return nil, w
		}
	}
	return out, ""
}

func splitList(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// BuildMeasure returns the measure the form describes, based on the
// measure being edited, and the problems found reading the fields (such
// as an unreadable date); the model's rules are checked separately.
func BuildMeasure(f *common.Form, base *model.Measure, l model.Lang) (*model.Measure, map[string]string) {
	x := *base
	probs := map[string]string{}
	x.Title = strings.TrimSpace(f.Get("title"))
	x.Tier = model.Tier(f.Get("tier"))
	x.Type = model.MeasureType(f.Get("type"))
	x.Status = model.MeasureStatus(f.Get("status"))
	x.Org = model.Org(f.Get("org"))
	x.Contact = strings.TrimSpace(f.Get("contact"))
	x.Description = strings.TrimSpace(f.Get("description"))
	x.TargetGroup = strings.TrimSpace(f.Get("target_group"))
	x.Reach = model.GenderCounts{
		GirlsWomen:   readCount(f, "reach.girls_women", l, probs),
		BoysMen:      readCount(f, "reach.boys_men", l, probs),
		MixedUnknown: readCount(f, "reach.mixed_unknown", l, probs),
	}
	ms, bad := parseMilieus(f.Get("milieus"))
	if bad != "" {
		// The word is echoed cut short: a pasted novel is no milieu name.
		probs["milieus"] = l.T(model.PyrUnknownMilieu, ansi.Truncate(model.SanitizeLine(bad), 40, "…"))
	}
	x.Milieus = ms
	x.Areas = splitList(f.Get("areas"))
	x.Start = readDate(f, "start", l, probs)
	x.End = readDate(f, "end", l, probs)
	x.NextFollowUp = readDate(f, "next_follow_up", l, probs)
	x.TLP = model.TLP(f.Get("tlp"))
	if x.Tier != model.TierIndividual {
		// Only individual-tier measures belong to a case; the form can
		// move a measure off that tier (the board asks first).
		x.Case = ""
	}
	return &x, probs
}

func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	switch m.form.Key(msg, m.com.KeyMap) {
	case common.FormCancel:
		m.form, m.editing = nil, nil
		if m.detail != nil && m.back == ModeDetail {
			m.mode = ModeDetail
		} else {
			m.mode = m.listMode()
		}
	case common.FormSave:
		return m.saveForm()
	}
	return nil
}

// saveForm validates the form with the model's rules and, when valid,
// saves. A new individual-tier measure without a case asks for one first.
func (m *Model) saveForm() tea.Cmd {
	l := m.com.Lang
	x, probs := BuildMeasure(m.form, m.editing, l)
	ps := model.Validate(x, nil)
	if x.Tier == model.TierIndividual && x.Case == "" && len(probs) == 0 && len(ps.For("case")) == len(ps) && len(ps) > 0 {
		// The only problem is the missing case: pick it now.
		m.openPickCase(x)
		return nil
	}
	if n := m.form.SetProblems(ps, l, probs); n > 0 {
		return common.ErrorCmd(errors.New(m.com.T(model.UIFormInvalid, n)))
	}
	m.form.Saving = true
	return m.save(x, "")
}

// openFollowUp opens the follow-up form for x: today's date, and the next
// follow-up a quarter later ([model.NextFollowUpAfter]) unless typed.
func (m *Model) openFollowUp(x *model.Measure) {
	l := m.com.Lang
	f := common.NewForm(model.PyrFollowUpTitle,
		&common.Field{Name: "date", Label: model.PyrFieldDate},
		&common.Field{Name: "effect", Label: model.PyrFieldEffect, Choices: common.Codes(model.AllEffects()), ChoiceLabel: func(c string) string { return model.Effect(c).Label(l) }},
		&common.Field{Name: "note", Label: model.PyrFieldNote, Multi: true},
		&common.Field{Name: "next_follow_up", Label: model.PyrFieldNext},
	)
	f.Set("date", m.today.String())
	f.Set("effect", string(model.EffectTooEarly))
	f.Set("next_follow_up", model.NextFollowUpAfter(m.today).String())
	c := *x
	m.form, m.editing, m.nextTouched = f, &c, false
	if m.mode == ModeDetail {
		m.back = ModeDetail
	}
	m.mode = ModeFollowUp
}

func (m *Model) followUpKey(msg tea.KeyPressMsg) tea.Cmd {
	f := m.form
	focus := f.Fields[f.Focus].Name
	before := f.Get("next_follow_up")
	act := f.Key(msg, m.com.KeyMap)
	if focus == "next_follow_up" && f.Get("next_follow_up") != before {
		m.nextTouched = true
	}
	if focus == "date" && !m.nextTouched {
		// Keep the default: a quarter after the follow-up's date.
		if d, err := model.ParseDate(strings.TrimSpace(f.Get("date"))); err == nil {
			f.Set("next_follow_up", model.NextFollowUpAfter(d).String())
		}
	}
	switch act {
	case common.FormCancel:
		m.form, m.editing = nil, nil
		if m.detail != nil && m.back == ModeDetail {
			m.mode = ModeDetail
		} else {
			m.mode = m.listMode()
		}
	case common.FormSave:
		return m.saveFollowUp()
	}
	return nil
}

// BuildFollowUp returns x with the follow-up the form describes appended
// and its next follow-up date set, and the problems reading the fields.
func BuildFollowUp(f *common.Form, x *model.Measure, by string, l model.Lang) (*model.Measure, map[string]string) {
	probs := map[string]string{}
	c := *x
	fu := model.FollowUp{
		Date:   readDate(f, "date", l, probs),
		Effect: model.Effect(f.Get("effect")),
		Note:   strings.TrimSpace(f.Get("note")),
		By:     by,
	}
	if fu.Date.IsZero() && probs["date"] == "" {
		probs["date"] = l.T(model.MsgRequired)
	}
	c.FollowUps = append(append([]model.FollowUp(nil), x.FollowUps...), fu)
	if next := readDate(f, "next_follow_up", l, probs); !next.IsZero() {
		c.NextFollowUp = next
	} else if probs["next_follow_up"] == "" && !fu.Date.IsZero() {
		c.NextFollowUp = model.NextFollowUpAfter(fu.Date)
	}
	return &c, probs
}

func (m *Model) saveFollowUp() tea.Cmd {
	l := m.com.Lang
	by := ""
	if st := m.com.Store; st != nil {
		by = st.Info().User
	}
	x, probs := BuildFollowUp(m.form, m.editing, model.SanitizeLine(by), l)
	ps := model.Validate(x, nil)
	// Problems of the new entry are shown on the form's fields.
	n := len(x.FollowUps) - 1
	prefix := "follow_ups[" + strconv.Itoa(n) + "]."
	var mine model.Problems
	for _, p := range ps {
		switch {
		case strings.HasPrefix(p.Field, prefix):
			p.Field = strings.TrimPrefix(p.Field, prefix)
			mine = append(mine, p)
		case p.Field == "next_follow_up":
			mine = append(mine, p)
		}
	}
	if c := m.form.SetProblems(mine, l, probs); c > 0 {
		return common.ErrorCmd(errors.New(m.com.T(model.UIFormInvalid, c)))
	}
	if len(ps) > len(mine) {
		// The measure itself does not validate (an older record): say so.
		return common.ErrorCmd(ps.Err(model.KindMeasure))
	}
	m.form.Saving = true
	return m.save(x, m.com.T(model.PyrFollowUpSaved))
}
