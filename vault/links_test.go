package vault

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// storeAsImported writes r as a partner's import does (vault/exchange_import.go
// seals and indexes a bundle's record without resolving its links, since
// the partner shares only part of its vault): origin another vault,
// version 1, no link checks.
func storeAsImported(t *testing.T, v *Vault, r model.Record) model.Record {
	t.Helper()
	model.Prepare(r, time.Now(), "partner", "0123456789abcdef0123456789abcdef", nil)
	err := v.update(func(tx *badger.Txn) error { return v.setRecord(tx, r, nil) })
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Get(context.Background(), r.Base().ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestUpdateKeepsLinksToUnsharedRecords: a record imported from a partner
// links to records the partner did not share. Updating it here keeps those
// links (they live at the origin) while every new link must exist — the
// rule of validateUpdate.
//
// Put refuses to update a partner's record now (ErrPartnersRecord); the
// rule still governs edits as varn made them before (legacyPartnerEdits).
func TestUpdateKeepsLinksToUnsharedRecords(t *testing.T) {
	ctx := context.Background()
	v, _, _ := newVault(t)
	legacyPartnerEdits.Store(true)
	t.Cleanup(func() { legacyPartnerEdits.Store(false) })
	present := mustPut(t, v, observation("finns här")).Base().ID
	other := mustPut(t, v, observation("också här")).Base().ID
	absentA := model.NewID(time.Now(), nil) // observations at the partner
	absentB := model.NewID(time.Now(), nil)
	absentM := model.NewID(time.Now(), nil) // a measure at the partner
	newAbsent := model.NewID(time.Now(), nil)

	for _, tc := range []struct {
		name    string
		edit    func(o *model.Observation)
		missing string // the ID the refusal names; "" = accepted
	}{
		{"other field changed, links kept", func(o *model.Observation) { o.Summary = "ändrad sammanfattning" }, ""},
		{"links reordered", func(o *model.Observation) { o.Groups = []model.ID{present, absentB, absentA} }, ""},
		{"an unshared link removed", func(o *model.Observation) { o.Groups = []model.ID{absentA, present} }, ""},
		{"a link to a record here added", func(o *model.Observation) { o.Groups = append(o.Groups, other) }, ""},
		{"a link to a record not here added", func(o *model.Observation) { o.Groups = append(o.Groups, newAbsent) }, string(newAbsent)},
		{"an unshared link moved to another field", func(o *model.Observation) {
			o.Groups = []model.ID{absentA, present}
			o.Measures = []model.ID{absentM, absentB}
		}, string(absentB)},
		{"an unshared link in its field replaced", func(o *model.Observation) { o.Measures = []model.ID{newAbsent} }, string(newAbsent)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := observation("från partnern")
			in.Groups = []model.ID{absentA, present, absentB}
			in.Measures = []model.ID{absentM}
			stored := storeAsImported(t, v, in).(*model.Observation)
			tc.edit(stored)
			before := len(events(t, v))
			_, err := v.Put(ctx, stored)
			if tc.missing == "" {
				if err != nil {
					t.Fatalf("Put: %v", err)
				}
				got, err := v.Get(ctx, stored.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Base().Version != 2 {
					t.Fatalf("version %d after the update, want 2", got.Base().Version)
				}
				return
			}
			var ve *model.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.missing) {
				t.Fatalf("Put: %v; want a validation error naming %s", err, tc.missing)
			}
			for _, p := range ve.Problems {
				if p.Msg != model.MsgLinkMissing || p.Args[0] != tc.missing {
					t.Errorf("unexpected problem %s: %s", p.Field, p.Text(model.English))
				}
			}
			if n := len(events(t, v)); n != before {
				t.Fatalf("a refused update logged %d events", n-before)
			}
		})
	}

	// A record created here gets no such leeway: its links must exist.
	o := observation("ny här")
	o.Groups = []model.ID{absentA}
	if _, err := v.Put(ctx, o); err == nil || !strings.Contains(err.Error(), string(absentA)) {
		t.Fatalf("Put of a new record linking to a record not here: %v", err)
	}
}
