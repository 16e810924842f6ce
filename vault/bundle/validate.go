package bundle

import (
	"errors"

	"varn/model"
)

// validateRecord checks a decoded record as if it had been typed in a form
// (model.Validate). A link to a record that is neither in the bundle nor
// known to links is not an error — the sender shares only part of its vault
// — but a link to a known record of the wrong kind is. A record must also
// carry what the vault needs to merge it: a valid ID, its origin vault and
// its version.
func validateRecord(r model.Record, links func(model.ID) (model.Kind, bool)) error {
	m := r.Base()
	switch {
	case !m.ID.Valid():
		return errors.New("record ID is not valid")
	case checkVaultID(m.Origin) != nil:
		return errors.New("origin vault ID is not valid")
	case m.Version == 0:
		return errors.New("version is not set")
	case !m.TLP.Valid():
		return errors.New("TLP marking is not valid")
	case m.Created.IsZero() || m.Updated.Before(m.Created):
		return errors.New("created and updated times are not valid")
	case model.LooksLikePersonnummer(m.Author):
		// The writer leaves the author out; a reader never takes an
		// identity number in through it.
		return errors.New("author holds what looks like a personal identity number")
	}
	return Problems(r, links).Err(r.Kind())
}

// Problems returns what model.Validate finds in a record received from a
// partner, less what a bundle may lawfully lack: a link to a record the
// sender did not share, and the approver of a published picture, which a
// writer may withhold (this package's writer sends it).
func Problems(r model.Record, links func(model.ID) (model.Kind, bool)) model.Problems {
	var ps model.Problems
	for _, p := range model.Validate(r, links) {
		if p.Msg != model.MsgLinkMissing && p.Msg != model.MsgApproverRequired {
			ps = append(ps, p)
		}
	}
	return ps
}
