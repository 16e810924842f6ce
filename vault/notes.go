package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"varn/model"
)

// Local notes ("whose record it is", issue 14). Only a record's origin
// changes the record; this vault's own remark on a partner's record is a
// note kept beside it:
//
//	m/n/<id>   the note on record <id> (localNote as JSON), sealed like the
//	           record itself: under its case key if it has one, so erasing
//	           the case erases the note
//
// A note is never exported (an export reads records only), names this
// vault's user as its author, and stays when the origin's next bundle
// updates the record; it then says the record changed since it was
// written.
const metaNote = "n/"

// noteKey is the key of the local note on record id.
func noteKey(id model.ID) []byte { return metaKey(metaNote + string(id)) }

// dropNote deletes the local note on record id, if there is one, in tx:
// a note goes with its record when the record is deleted or purged.
func dropNote(tx *badger.Txn, id model.ID) error {
	bkey := noteKey(id)
	if _, err := tx.Get(bkey); errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	return tx.Delete(bkey)
}

// ErrOwnRecord means a local note was asked for on one of this vault's
// own records, which are edited instead.
var ErrOwnRecord = errors.New("vault: the record is this vault's own; edit it instead of adding a note")

// LocalNote is this vault's own remark on a partner's record.
type LocalNote struct {
	// Record is the partner's record the note is on.
	Record model.ID
	// Text is the note.
	Text string
	// Author is the user of this vault who wrote it, and Written when.
	Author  string
	Written time.Time
	// Version is the record's version when the note was written.
	Version uint64
	// Changed says the record changed since the note was written: its
	// origin sent a newer version.
	Changed bool
}

// localNote is a note as stored.
type localNote struct {
	Text    string    `json:"text"`
	Author  string    `json:"author"`
	Written time.Time `json:"written"`
	Version uint64    `json:"version"`
}

// SetLocalNote writes this vault's note on the partner's record id,
// replacing any note there; an empty text removes the note. The text is
// checked as a form would check it (model.ValidateNote). The change is
// logged as an update of the record naming the field "local_note", never
// its text. It fails with ErrOwnRecord for a record of this vault's own,
// and with ErrNotFound for a record not held here.
func (v *Vault) SetLocalNote(ctx context.Context, id model.ID, text string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	remove := strings.TrimSpace(text) == ""
	return v.update(func(tx *badger.Txn) error {
		r, err := v.getRecord(tx, id)
		if err != nil {
			return err
		}
		if r.Base().Origin == v.ID() {
			return fmt.Errorf("%w (%s %s)", ErrOwnRecord, r.Kind(), id)
		}
		bkey := noteKey(id)
		ev := &model.AuditEvent{Action: model.ActionUpdate, Kind: r.Kind(), Ref: id, Fields: []string{"local_note"}}
		if remove {
			if _, err := tx.Get(bkey); errors.Is(err, badger.ErrKeyNotFound) {
				return nil
			}
			if err := tx.Delete(bkey); err != nil {
				return fmt.Errorf("vault: removing the local note: %w", err)
			}
			ev.Detail = "local note removed"
			return v.appendEvent(tx, ev)
		}
		if ps := model.ValidateNote(text); len(ps) > 0 {
			return ps.Err(r.Kind())
		}
		pt, err := json.Marshal(localNote{Text: text, Author: v.actor.User, Written: v.now(), Version: r.Base().Version})
		if err != nil {
			return err
		}
		defer zero(pt)
		sealed, err := v.sealBeside(r, bkey, pt)
		if err != nil {
			return err
		}
		if err := tx.Set(bkey, sealed); err != nil {
			return fmt.Errorf("vault: writing the local note: %w", err)
		}
		ev.Detail = "local note written"
		return v.appendEvent(tx, ev)
	})
}

// LocalNote returns this vault's note on record id, without logging a
// view (like Get: the caller shows it with the record it viewed). It
// fails with an error wrapping ErrNotFound when there is none.
func (v *Vault) LocalNote(ctx context.Context, id model.ID) (LocalNote, error) {
	if err := ctx.Err(); err != nil {
		return LocalNote{}, err
	}
	var out LocalNote
	err := v.view(func(tx *badger.Txn) error {
		r, err := v.getRecord(tx, id)
		if err != nil {
			return err
		}
		bkey := noteKey(id)
		item, err := tx.Get(bkey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("%w: no local note on record %s", ErrNotFound, id)
		}
		if err != nil {
			return fmt.Errorf("vault: reading the local note: %w", err)
		}
		return item.Value(func(val []byte) error {
			pt, err := v.openBeside(bkey, val)
			if err != nil {
				return err
			}
			defer zero(pt)
			var n localNote
			if err := json.Unmarshal(pt, &n); err != nil {
				return fmt.Errorf("%w: the local note on record %s", ErrTampered, id)
			}
			out = LocalNote{Record: id, Text: n.Text, Author: n.Author, Written: n.Written, Version: n.Version,
				Changed: r.Base().Version != n.Version}
			return nil
		})
	})
	return out, err
}

// sealBeside seals pt under bkey with the key of record r: its case's key
// if it has one, so that erasing the case erases what is kept beside it.
func (v *Vault) sealBeside(r model.Record, bkey, pt []byte) ([]byte, error) {
	h := header{key: keyVault}
	key := v.valueKey
	if cid, ok := model.CaseKeyOf(r); ok {
		h.key, h.caseID = keyCase, string(cid)
		if key = v.cases.get(string(cid)); key == nil {
			return nil, fmt.Errorf("vault: no key for case %s (was it purged?)", cid)
		}
	}
	return v.seal.seal(key, bkey, h, pt)
}

// openBeside opens a value sealed by sealBeside.
func (v *Vault) openBeside(bkey, val []byte) ([]byte, error) {
	h, raw, rest, err := parseHeader(val)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrTampered, bkey)
	}
	key := v.valueKey
	if h.key == keyCase {
		if key = v.cases.get(h.caseID); key == nil {
			return nil, fmt.Errorf("%w: its case was erased", ErrNotFound)
		}
	}
	pt, err := v.seal.open(key, bkey, raw, rest)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrTampered, bkey)
	}
	return pt, nil
}
