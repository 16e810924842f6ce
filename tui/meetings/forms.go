package meetings

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

func choice(name string, label model.Msg, codes []string, lab func(string) string) *common.Field {
	return &common.Field{Name: name, Label: label, Choices: codes, ChoiceLabel: lab}
}

func text(name string, label model.Msg) *common.Field { return &common.Field{Name: name, Label: label} }

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

func (m *Model) openMeetingForm(x *model.Meeting) {
	l := m.com.Lang
	title := model.MtgFormNewMeeting
	if x.ID != "" {
		title = model.MtgFormEditMeeting
	}
	f := common.NewForm(title,
		choice("kind", model.MtgFieldKind, common.Codes(model.AllMeetingKinds()), func(c string) string { return model.MeetingKind(c).Label(l) }),
		text("date", model.MtgFieldDate),
		text("title", model.MtgFieldTitle),
		choice("tlp", model.MtgFieldTLP, common.Codes(model.AllTLPs()), func(c string) string { return model.TLP(c).Label(l) }),
		&common.Field{Name: "minutes", Label: model.MtgFieldMinutes, Multi: true},
	)
	f.Set("kind", string(x.MeetingKind))
	f.Set("date", dateText(x.Date))
	f.Set("title", x.Title)
	f.Set("tlp", string(x.TLP))
	f.Set("minutes", x.Minutes)
	m.form, m.editMeeting = f, x
	m.mode = ModeMeetingForm
}

// BuildMeeting returns the meeting the meeting form describes, based on
// the meeting being edited, and the problems found reading the fields.
func BuildMeeting(f *common.Form, base *model.Meeting, l model.Lang) (*model.Meeting, map[string]string) {
	probs := map[string]string{}
	x := cloneMeeting(base)
	x.MeetingKind = model.MeetingKind(f.Get("kind"))
	x.Date = readDate(f, "date", l, probs)
	x.Title = strings.TrimSpace(f.Get("title"))
	x.TLP = model.TLP(f.Get("tlp"))
	x.Minutes = strings.TrimSpace(f.Get("minutes"))
	return x, probs
}

func (m *Model) openMemberForm(x *model.Member) {
	l := m.com.Lang
	title := model.MtgFormNewMember
	if x.ID != "" {
		title = model.MtgFormEditMember
	}
	f := common.NewForm(title,
		text("name", model.MtgFieldName),
		choice("org", model.MtgFieldOrg, common.Codes(model.AllOrgs()), func(c string) string { return model.Org(c).Label(l) }),
		choice("role", model.MtgFieldRole, common.Codes(model.AllMemberRoles()), func(c string) string { return model.MemberRole(c).Label(l) }),
		text("title", model.MtgFieldJobTitle),
		text("phone", model.MtgFieldPhone),
		text("email", model.MtgFieldEmail),
		choice("active", model.MtgFieldActive, []string{"yes", "no"}, func(c string) string {
			if c == "yes" {
				return l.T(model.MtgActiveYes)
			}
			return l.T(model.MtgActiveNo)
		}),
		choice("tlp", model.MtgFieldTLP, common.Codes(model.AllTLPs()), func(c string) string { return model.TLP(c).Label(l) }),
	)
	f.Set("name", x.Name)
	f.Set("org", string(x.Org))
	f.Set("role", string(x.Role))
	f.Set("title", x.Title)
	f.Set("phone", x.Phone)
	f.Set("email", x.Email)
	if x.Active {
		f.Set("active", "yes")
	} else {
		f.Set("active", "no")
	}
	f.Set("tlp", string(x.TLP))
	m.form, m.editMember = f, x
	m.mode = ModeMemberForm
}

// BuildMember returns the member the member form describes.
func BuildMember(f *common.Form, base *model.Member) *model.Member {
	x := *base
	x.Name = strings.TrimSpace(f.Get("name"))
	x.Org = model.Org(f.Get("org"))
	x.Role = model.MemberRole(f.Get("role"))
	x.Title = strings.TrimSpace(f.Get("title"))
	x.Phone = strings.TrimSpace(f.Get("phone"))
	x.Email = strings.TrimSpace(f.Get("email"))
	x.Active = f.Get("active") == "yes"
	x.TLP = model.TLP(f.Get("tlp"))
	return &x
}

// itemForm returns the form of a decision or a recommendation.
func itemForm(l model.Lang, kind itemKind) *common.Form {
	orgs := common.Codes(model.AllOrgs())
	orgLabel := func(c string) string {
		if c == "" {
			return l.T(model.MtgNoBody)
		}
		return model.Org(c).Label(l)
	}
	if kind == itemRecommendation {
		return common.NewForm(model.MtgFormRecommend,
			text("text", model.MtgFieldText),
			choice("to", model.MtgFieldTo, append([]string{""}, orgs...), orgLabel),
		)
	}
	return common.NewForm(model.MtgFormDecision,
		text("text", model.MtgFieldText),
		choice("body", model.MtgFieldBody, append([]string{""}, orgs...), orgLabel),
		text("body_name", model.MtgFieldBodyName),
		text("responsible", model.MtgFieldResponsible),
		text("due", model.MtgFieldDue),
		choice("status", model.MtgFieldStatus, common.Codes(model.AllDecisionStatuses()), func(c string) string { return decisionWord(model.DecisionStatus(c), l) }),
	)
}

func (m *Model) openItemForm(mt *model.Meeting, kind itemKind, i int) {
	f := itemForm(m.com.Lang, kind)
	if i >= 0 {
		if kind == itemDecision {
			d := mt.Decisions[i]
			f.Set("text", d.Text)
			f.Set("body", string(d.Body))
			f.Set("body_name", d.BodyName)
			f.Set("responsible", d.Responsible)
			f.Set("due", dateText(d.Due))
			f.Set("status", string(d.Status))
		} else {
			r := mt.Recommendations[i]
			f.Set("text", r.Text)
			f.Set("to", string(r.To))
		}
	}
	m.form, m.itemKind, m.itemIndex = f, kind, i
	m.editMeeting = cloneMeeting(mt)
	m.mode = ModeItemForm
}

// ApplyItem puts the decision or recommendation the item form describes
// into a copy of mt, at index i (appended when i < 0). It returns the
// meeting, the index of the item and the problems found reading the
// fields and checking the model's rules, by form field name; general
// problems under "".
func ApplyItem(f *common.Form, mt *model.Meeting, kind itemKind, i int, l model.Lang) (*model.Meeting, int, map[string]string) {
	probs := map[string]string{}
	c := cloneMeeting(mt)
	var prefix string
	if kind == itemDecision {
		d := model.Decision{
			Text:        strings.TrimSpace(f.Get("text")),
			Body:        model.Org(f.Get("body")),
			BodyName:    strings.TrimSpace(f.Get("body_name")),
			Responsible: strings.TrimSpace(f.Get("responsible")),
			Due:         readDate(f, "due", l, probs),
			Status:      model.DecisionStatus(f.Get("status")),
		}
		if i >= 0 {
			d.Measure = c.Decisions[i].Measure
			c.Decisions[i] = d
		} else {
			c.Decisions = append(c.Decisions, d)
			i = len(c.Decisions) - 1
		}
		prefix = "decisions[" + strconv.Itoa(i) + "]."
	} else {
		r := model.Recommendation{Text: strings.TrimSpace(f.Get("text")), To: model.Org(f.Get("to"))}
		if i >= 0 {
			r.Measure = c.Recommendations[i].Measure
			c.Recommendations[i] = r
		} else {
			c.Recommendations = append(c.Recommendations, r)
			i = len(c.Recommendations) - 1
		}
		prefix = "recommendations[" + strconv.Itoa(i) + "]."
	}
	for _, p := range model.Validate(c, nil) {
		name := strings.TrimPrefix(p.Field, prefix)
		if name == p.Field {
			name = ""
		}
		if _, ok := probs[name]; !ok {
			probs[name] = p.Text(l)
		}
	}
	return c, i, probs
}

// checkForm runs the model's validation on r and shows every problem
// beside its field of f; it reports whether r is valid.
func (m *Model) checkForm(f *common.Form, r model.Record, extra map[string]string) bool {
	ps := model.Validate(r, nil)
	return f.SetProblems(ps, m.com.Lang, extra) == 0
}

// showItemProblems shows problems of an item form (by field name, ""
// for general ones).
func (m *Model) showItemProblems(f *common.Form, probs map[string]string) bool {
	f.Problems = map[string]string{}
	f.General = nil
	for k, v := range probs {
		if k != "" && f.Field(k) != nil {
			f.Problems[k] = v
		} else {
			f.General = append(f.General, v)
		}
	}
	return len(probs) == 0
}

func (m *Model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	f := m.form
	switch f.Key(msg, m.com.KeyMap) {
	case common.FormCancel:
		m.form = nil
		switch m.mode {
		case ModeMemberForm:
			m.mode = ModeMembers
		case ModeItemForm:
			m.mode = ModeDetail
		default:
			m.mode = m.back
			if m.mode != ModeDetail || m.Meeting() == nil {
				m.mode = ModeMeetings
			}
		}
		return nil
	case common.FormSave:
		return m.saveForm()
	}
	return nil
}

func (m *Model) saveForm() tea.Cmd {
	f, l := m.form, m.com.Lang
	invalid := func() tea.Cmd {
		n := len(f.Problems) + len(f.General)
		return common.ErrorCmd(fmt.Errorf("%s", m.com.T(model.UIFormInvalid, n)))
	}
	var r model.Record
	switch m.mode {
	case ModeMeetingForm:
		x, probs := BuildMeeting(f, m.editMeeting, l)
		if !m.checkForm(f, x, probs) {
			return invalid()
		}
		r = x
	case ModeMemberForm:
		x := BuildMember(f, m.editMember)
		if !m.checkForm(f, x, nil) {
			return invalid()
		}
		r = x
	case ModeItemForm:
		x, i, probs := ApplyItem(f, m.editMeeting, m.itemKind, m.itemIndex, l)
		if m.itemKind == itemDecision && f.Get("body") == "" {
			probs["body"] = l.T(model.MtgDecisionNeedsBody)
		}
		if !m.showItemProblems(f, probs) {
			return invalid()
		}
		if m.itemKind == itemDecision {
			m.itemCursor = len(x.Recommendations) + i
		} else {
			m.itemCursor = i
		}
		r = x
	default:
		return nil
	}
	f.Saving = true
	return m.put(r, "")
}

func (m *Model) openAttendees(mt *model.Meeting) {
	m.editMeeting = cloneMeeting(mt)
	m.picks = map[model.ID]bool{}
	for _, a := range mt.Attendees {
		if a.Member != "" {
			m.picks[a.Member] = true
		}
	}
	m.pickOrder = m.members
	m.pickCur = 0
	m.mode = ModeAttendees
}

// SetAttendees returns a copy of mt whose member attendees are the picked
// members, in the order of members; guests (attendees by name only) stay.
func SetAttendees(mt *model.Meeting, members []*model.Member, picked map[model.ID]bool) *model.Meeting {
	c := cloneMeeting(mt)
	c.Attendees = c.Attendees[:0]
	for _, a := range mt.Attendees {
		if a.Member == "" {
			c.Attendees = append(c.Attendees, a)
		}
	}
	for _, x := range members {
		if picked[x.ID] {
			c.Attendees = append(c.Attendees, model.Attendee{Member: x.ID})
		}
	}
	return c
}

func (m *Model) attendeesKey(msg tea.KeyPressMsg) tea.Cmd {
	km, k := m.com.KeyMap, m.k()
	switch {
	case key.Matches(msg, km.Form.Cancel):
		m.mode, m.picks = ModeDetail, nil
	case key.Matches(msg, km.Form.Save), msg.String() == "enter":
		c := SetAttendees(m.editMeeting, m.pickOrder, m.picks)
		return m.put(c, "")
	case key.Matches(msg, km.Nav.Up):
		m.pickCur = max(m.pickCur-1, 0)
	case key.Matches(msg, km.Nav.Down):
		m.pickCur = min(m.pickCur+1, max(len(m.pickOrder)-1, 0))
	case key.Matches(msg, k.Toggle), msg.String() == "x":
		if m.pickCur < len(m.pickOrder) {
			id := m.pickOrder[m.pickCur].ID
			m.picks[id] = !m.picks[id]
		}
	}
	return nil
}
