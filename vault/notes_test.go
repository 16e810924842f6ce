package vault

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// TestLocalNoteOnPartnersRecord: this vault's remark on a partner's
// record is a note beside it, named as ours and logged without its text;
// it is never exported, stays when the origin updates the record and then
// says the record changed since it was written; a note on our own record
// is refused, and an empty text removes the note.
func TestLocalNoteOnPartnersRecord(t *testing.T) {
	ctx := context.Background()
	a, b := pair(t)
	o := mustPut(t, a, observation("Lunds uppgift")).(*model.Observation)
	mustImport(t, b, exportTo(t, a, "Lomma kommun", ExportOptions{}))

	if _, err := b.LocalNote(ctx, o.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("note before any: %v, want ErrNotFound", err)
	}
	const text = "Vi känner igen detta från Bjärehov; kolla med fältassistenterna."
	if err := b.SetLocalNote(ctx, o.ID, text); err != nil {
		t.Fatal(err)
	}
	n, err := b.LocalNote(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n.Text != text || n.Author != "tester" || n.Version != o.Version || n.Changed || n.Written.IsZero() {
		t.Errorf("note = %+v", n)
	}
	evs := events(t, b)
	last := evs[len(evs)-1]
	if last.Action != model.ActionUpdate || last.Ref != o.ID || strings.Join(last.Fields, ",") != "local_note" || strings.Contains(last.Detail, "Bjärehov") {
		t.Errorf("event = %+v, want an update naming the field, not the text", last)
	}
	// The record itself is unchanged.
	if got, _ := b.Get(ctx, o.ID); got.Base().Version != o.Version || got.(*model.Observation).Summary != o.Summary {
		t.Errorf("the note changed the record: %+v", got)
	}

	// B's export carries neither A's record nor the note.
	bb := exportTo(t, b, "Lunds kommun", ExportOptions{})
	plan := mustImport(t, a, bb)
	if plan.Total() != (ImportCounts{}) {
		t.Errorf("B's export imported at A as %+v, want nothing", plan.Total())
	}

	// A updates its record: the note stays, marked as written on an
	// older version.
	o.Summary = "Lunds uppgift, uppdaterad"
	mustPut(t, a, o)
	mustImport(t, b, exportTo(t, a, "Lomma kommun", ExportOptions{}))
	if got, _ := b.Get(ctx, o.ID); got.(*model.Observation).Summary != o.Summary {
		t.Fatalf("the origin's update did not arrive: %+v", got)
	}
	n, err = b.LocalNote(ctx, o.ID)
	if err != nil || n.Text != text || !n.Changed {
		t.Errorf("note after the origin's update = %+v, %v; want it kept and marked changed", n, err)
	}

	// Refused: a note on our own record, a text a form would refuse.
	own := mustPut(t, b, observation("Lommas egen"))
	if err := b.SetLocalNote(ctx, own.Base().ID, "anteckning"); !errors.Is(err, ErrOwnRecord) {
		t.Errorf("note on our own record: %v, want ErrOwnRecord", err)
	}
	if err := b.SetLocalNote(ctx, o.ID, "se 19121212-1212"); err == nil {
		t.Error("a note with a personal identity number was accepted")
	}
	if err := b.SetLocalNote(ctx, o.ID, "\x1b[2J"); err == nil {
		t.Error("a note with control characters was accepted")
	}

	// An empty text removes it, logged; removing nothing logs nothing.
	if err := b.SetLocalNote(ctx, o.ID, "  "); err != nil {
		t.Fatal(err)
	}
	if _, err := b.LocalNote(ctx, o.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("note after removal: %v", err)
	}
	before := len(events(t, b))
	if err := b.SetLocalNote(ctx, o.ID, ""); err != nil {
		t.Fatal(err)
	}
	if len(events(t, b)) != before {
		t.Error("removing no note was logged")
	}
	if _, err := b.VerifyAudit(ctx); err != nil {
		t.Error(err)
	}

	// A note goes with its record: deleting the record (a retention
	// purge of a record without a case) leaves no note behind.
	if err := b.SetLocalNote(ctx, o.ID, "Eleven syns också hos oss"); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.view(func(tx *badger.Txn) error {
		if _, err := tx.Get(noteKey(o.ID)); !errors.Is(err, badger.ErrKeyNotFound) {
			t.Errorf("the note outlived its deleted record: %v", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestPartnersRecordNotEditedHere: only a record's origin changes it. An
// update of a partner's record here is refused and nothing is written;
// creating records and updating our own are unchanged.
func TestPartnersRecordNotEditedHere(t *testing.T) {
	ctx := context.Background()
	a, b := pair(t)
	o := mustPut(t, a, observation("Lunds uppgift")).(*model.Observation)
	mustImport(t, b, exportTo(t, a, "Lomma kommun", ExportOptions{}))
	got, err := b.Get(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.(*model.Observation).Summary = "Lommas ändring"
	before := snapshot(t, b)
	if _, err := b.Put(ctx, got); !errors.Is(err, ErrPartnersRecord) || !strings.Contains(err.Error(), string(o.ID)) {
		t.Fatalf("Put of A's record at B: %v, want ErrPartnersRecord naming it", err)
	}
	if snapshot(t, b) != before {
		t.Error("a refused edit changed the vault")
	}
	own := mustPut(t, b, observation("Lommas egen")).(*model.Observation)
	own.Summary = "Lommas egen, ändrad"
	if _, err := b.Put(ctx, own); err != nil {
		t.Errorf("update of our own record: %v", err)
	}
}
