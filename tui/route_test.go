package tui

import (
	"testing"

	"varn/model"
	"varn/tui/common"
)

// TestOpenRecordGoesToItsScreen checks that a jump to a record (from the
// palette or the audit trail) opens the tab that shows its kind.
func TestOpenRecordGoesToItsScreen(t *testing.T) {
	st := sampleStore()
	ms := &model.Measure{Title: "Samtalsgrupp", Tier: model.TierGeneral, Type: model.MeasureType("dialogue"), Status: model.MeasureStatus("ongoing")}
	ms.ID = "01KMEAS0000000000000000001"
	mb := &model.Member{Name: "Alva Exempel", Org: model.OrgPolice}
	mb.ID = "01KMEMB0000000000000000001"
	st.Add(ms, mb)
	tests := []struct {
		id   model.ID
		want common.Tab
	}{
		{ms.ID, common.TabPyramid},
		{mb.ID, common.TabMeetings},
		{"01KPXC0000000000000000000A", common.TabPicture},
		{"01KABCDEFGHJKMNPQRSTV00001", common.TabPicture},
	}
	for _, tc := range tests {
		h := newHarness(t, 100, 30, st)
		h.unlock()
		h.app.active = common.TabAudit
		h.send(common.OpenRecordMsg{ID: tc.id})
		if h.app.active != tc.want {
			t.Errorf("open %s: active tab %d, want %d", tc.id, h.app.active, tc.want)
		}
	}
	// An unknown ID leaves the user where they were, with a message.
	h := newHarness(t, 100, 30, st)
	h.unlock()
	h.app.active = common.TabAudit
	h.send(common.OpenRecordMsg{ID: "01KZZZZ0000000000000000001"})
	if h.app.active != common.TabAudit {
		t.Errorf("unknown record moved the user to tab %d", h.app.active)
	}
}

func TestDraftTab(t *testing.T) {
	for s, want := range map[string]common.Tab{"picture": common.TabPicture, "pyramid": common.TabPyramid, "cases": common.TabCases, "meetings": common.TabMeetings, "exchange": common.TabExchange} {
		if got, ok := draftTab(s); !ok || got != want {
			t.Errorf("draftTab(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	if _, ok := draftTab("bogus"); ok {
		t.Error("draftTab accepted an unknown screen")
	}
}
