package meetings

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"varn/model"
	"varn/tui/common"
)

// The ordinary meeting view (outside meeting mode) masks what meeting
// mode never shows — text about an individual (an observation of the
// individual dimension or linked to a case, an individual-tier measure or
// one linked to a case), text marked TLP:RED, and any text that names a
// case — until the user reveals it with a key and a confirmation, logged
// as a reveal event, as the Ärenden screen does with a case. A projector
// left on after a meeting shows nothing about a person.

// revealedMsg reports that the reveal of a meeting's masked text was
// logged (or could not be: then nothing is shown).
type revealedMsg struct {
	id  model.ID
	err error
}

// named reports whether any of texts names a case.
func (m *Model) named(texts ...string) bool { return m.naming != nil && m.naming(texts...) }

// obsMasked reports whether the ordinary view masks observation o.
func (m *Model) obsMasked(o *model.Observation) bool {
	return o.TLP == model.TLPRed || o.Dimension == model.DimensionIndividual || len(o.Cases) > 0 || m.named(o.Summary, o.Area)
}

// measureMasked reports whether the ordinary view masks measure x.
func (m *Model) measureMasked(x *model.Measure) bool {
	return x.TLP == model.TLPRed || x.Tier == model.TierIndividual || x.Case != "" || m.named(x.Title)
}

// decisionMasked reports whether the ordinary view masks decision d of
// meeting mt.
func (m *Model) decisionMasked(mt *model.Meeting, d model.Decision) bool {
	return mt.TLP == model.TLPRed || m.named(d.Text, d.BodyName, d.Responsible)
}

// recommendationMasked reports whether the ordinary view masks
// recommendation r of meeting mt.
func (m *Model) recommendationMasked(mt *model.Meeting, r model.Recommendation) bool {
	return mt.TLP == model.TLPRed || m.named(r.Text)
}

// meetingTextMasked reports whether the ordinary view masks meeting mt's
// own text (its title and minutes).
func (m *Model) meetingTextMasked(mt *model.Meeting) bool {
	return mt.TLP == model.TLPRed || m.named(mt.Title, mt.Minutes)
}

// memberMasked reports whether the ordinary view masks member x's name.
func (m *Model) memberMasked(x *model.Member) bool {
	return x.TLP == model.TLPRed || m.named(x.Name)
}

// itemMasked reports whether the recommendation or decision under the
// cursor is masked.
func (m *Model) itemMasked(mt *model.Meeting) bool {
	kind, i, ok := m.selectedItem(mt)
	switch {
	case !ok:
		return false
	case kind == itemDecision:
		return m.decisionMasked(mt, mt.Decisions[i])
	}
	return m.recommendationMasked(mt, mt.Recommendations[i])
}

// Revealed reports whether the meeting's detail shows its masked text.
func (m *Model) Revealed() bool { return m.isRevealed(m.Meeting()) }

// isRevealed reports whether meeting mt's detail shows its masked text.
func (m *Model) isRevealed(mt *model.Meeting) bool {
	return mt != nil && m.revealed != "" && m.revealed == mt.ID
}

// askReveal asks whether to reveal meeting mt's masked text; yes logs
// the reveal, and the text shows once it is logged.
func (m *Model) askReveal(mt *model.Meeting) {
	id := mt.ID
	m.askText(m.com.T(model.MtgConfirmReveal), func() tea.Cmd { return m.revealCmd(id) })
}

// revealCmd logs the reveal of meeting id's masked text.
func (m *Model) revealCmd(id model.ID) tea.Cmd {
	st := m.com.Store
	if st == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		defer cancel()
		err := st.Log(ctx, model.AuditEvent{Action: model.ActionReveal, Kind: model.KindMeeting, Ref: id})
		return revealedMsg{id: id, err: err}
	}
}

// revealedLogged shows meeting id's masked text once its reveal is
// logged, if its detail is still in front.
func (m *Model) revealedLogged(msg revealedMsg) tea.Cmd {
	if msg.err != nil {
		return common.ErrorCmd(msg.err)
	}
	if !m.com.MeetingMode && m.meetingID == msg.id && (m.mode == ModeDetail || m.mode == ModeConfirm) {
		m.revealed = msg.id
	}
	return nil
}
