// Package auditlog is varn's tamper-evident audit log: every unlock, view
// and change in a vault is an event, and the events are the leaves of an
// RFC 6962 Merkle tree, as in Certificate Transparency and Go's checksum
// database, built with [golang.org/x/mod/sumdb/tlog]. The size and root of
// the tree, signed with an Ed25519 key in the [golang.org/x/mod/sumdb/note]
// format, form a checkpoint. A checkpoint kept outside the vault, or given
// to a partner, later proves that the log only grew: an event changed,
// removed, moved or slipped in, or a log cut short or put back from an older
// copy, no longer verifies against it.
//
// The package does not know about Badger or encryption. The vault passes a
// [Store] over the same transaction as the change being recorded, so the
// change and its event commit together or not at all; the vault seals each
// value, and this package sees plaintext. A Reader that is also a [Scanner]
// (a Badger iterator) lets [Verify] and [Events] stream the events instead
// of reading them one Get at a time.
//
//	err := auditlog.Append(st, &model.AuditEvent{Time: now, Actor: actor,
//		Action: model.ActionUpdate, Kind: model.KindMeasure, Ref: id,
//		Fields: []string{"status"}})
//	…
//	res, err := auditlog.Verify(ctx, st, trusted) // res.String(): "N events, log intact (root …)"
//
// An event names what happened and to which record, never the values
// involved: Fields holds changed field names only. Errors and verification
// results never quote an event's contents.
//
// # Format
//
// All keys start with [Prefix] ("a/"). Integers are big-endian.
//
//	a/e/<seq, 8 bytes>   uint32 n | event (n bytes) | tree hashes (32 bytes each)
//	a/head               0x01 | uint64 size | root (32 bytes)
//
// An event is encoded canonically (one encoding per event, which
// [DecodeEvent] alone accepts):
//
//	0x01 (version) | uint64 seq | int64 time (Unix nanoseconds, UTC)
//	| str user | str key label | str action | str kind | str ref
//	| uint16 count, then count × str field name | str detail
//
// where str is a uint16 byte length and that many bytes of UTF-8 without
// control characters. The leaf of event seq is tlog.RecordHash of those
// bytes; the tree hashes stored with it are the 1+trailingZeros(seq+1)
// hashes tlog.StoredHashes returns for it (its leaf first, then the roots
// of the subtrees it completes), so the hash with tlog stored index
// (level, n) is found with event (n+1)·2^level − 1. The head holds the
// number of events and tlog.TreeHash over them.
//
// A checkpoint is a note signed by the log's key whose text is
//
//	<origin>
//	<size in decimal>
//	<root in standard base64>
//
// with origin equal to the key's name, as in the C2SP tlog-checkpoint
// convention. The key is an Ed25519 note key ([GenerateKey]).
//
// # Verification
//
// [Verify] streams the events in order, recomputing every leaf and stored
// hash and the root, and reports the first bad event: modified (its bytes
// or stored hashes do not match), deleted (missing while later ones exist),
// reordered (stored at another event's place), inserted (a duplicate, an
// extra one, or one beyond the head) or truncated (the events end early,
// the head does not match them, or the log is shorter than a trusted
// checkpoint). Given a trusted checkpoint it also checks that the log's
// first events still have the checkpoint's root. [ProveConsistency] and
// [CheckConsistency] give the RFC 6962 consistency proof between two heads,
// for partners that hold an older checkpoint but not the events.
package auditlog
