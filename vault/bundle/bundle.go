// Package bundle implements varn's export bundles: signed, age-encrypted files
// that carry records from one vault to a partner on a USB stick.
//
// A bundle is a standard age file (optionally ASCII-armored) encrypted to the
// partner's pinned recipient and to the sender's own archive recipient, so
// that
//
//	age -d -i partner-key bundle.age
//
// works with the stock age tool. age does not authenticate the sender, so the
// plaintext is a framed stream — a header naming sender, recipient, sequence,
// scope and legal basis, the records one by one, a trailer with counts and the
// records' hash, and an ed25519 signature by the sender over a
// domain-separated hash of header and trailer. Signing inside the encryption
// keeps a lost stick from revealing who sent it; naming the recipient inside
// the signed part stops a partner from forwarding a bundle as if it were
// addressed to someone else. The layout is described in docs/bundle-format.md.
//
// [NewWriter] streams records into a bundle without holding it in memory.
// [Open] decrypts a bundle, stages its records without writing plaintext to
// disk, verifies everything, and only then hands records out; a bundle that
// fails any check is rejected with one of the sentinel errors below, wrapped
// with a one-line reason.
//
// # Key management
//
// Each vault has an exchange [Identity]: an age identity for receiving (a
// post-quantum hybrid ML-KEM-768+X25519 key, with a classic X25519 key for
// partners whose age is older than v1.3) and an ed25519 signing key. Its
// [Public] part is printed as a short text block with a [Public.Fingerprint]
// that the two security chiefs read to each other over the phone before
// pinning it. The vault seals the private part ([Identity.MarshalBinary]).
//
// # Policy
//
// [Policy.Allows] and [Redact] decide what may leave the vault: TLP:RED never
// leaves, TLP:AMBER+STRICT only to the named recipient organisation, cases
// only when explicitly included, and person-identifying fields are left out
// unless the case itself is included. A bundle carries records, not
// aggregates; small-count suppression of published figures (R3) is
// model.SuppressTable, the one implementation.
package bundle

import (
	"errors"
	"time"
)

// ClockSkew is how far apart the clocks of two vaults may be: a bundle
// made more than this ahead of the reader's clock, or holding a record
// created or updated more than this after the bundle was made, is refused
// with [ErrFutureDated].
const ClockSkew = 24 * time.Hour

// FormatVersion is the version of the bundle format written by this package.
// Readers reject any other version with [ErrUnknownVersion].
const FormatVersion = 1

// The reasons a bundle is rejected. Errors returned by [Open] and by the
// checks in this package wrap exactly one of them (test with errors.Is) and
// add a short reason that never includes key material.
var (
	// ErrWrongRecipient: none of our keys opens the bundle, or it names
	// another vault or recipient key than ours.
	ErrWrongRecipient = errors.New("bundle: not addressed to this vault")
	// ErrUnknownSigner: the sender vault is not a partner we can import
	// from (unknown, or registered without a signing key).
	ErrUnknownSigner = errors.New("bundle: sender is not a known partner")
	// ErrWrongSigner: the bundle says it was signed by another key than the
	// one pinned for its sender.
	ErrWrongSigner = errors.New("bundle: signed by a key other than the partner's pinned key")
	// ErrBadSignature: the signature does not verify; the bundle was altered
	// or made by someone other than the sender it names.
	ErrBadSignature = errors.New("bundle: signature does not verify")
	// ErrCorrupt: the file is truncated, altered, not an age file, or its
	// framing is broken.
	ErrCorrupt = errors.New("bundle: file is damaged or truncated")
	// ErrExpired: the bundle's expiry time has passed.
	ErrExpired = errors.New("bundle: bundle has expired")
	// ErrUnknownVersion: the bundle was written in a format this varn does
	// not read.
	ErrUnknownVersion = errors.New("bundle: unknown bundle format version")
	// ErrMalformedRecord: a record does not decode or does not pass
	// validation.
	ErrMalformedRecord = errors.New("bundle: malformed record")
	// ErrTooLarge: the bundle exceeds a size limit (total size, number of
	// records, size of one record or of the header).
	ErrTooLarge = errors.New("bundle: bundle exceeds a size limit")
	// ErrReplay: the bundle's sequence number is not newer than the last one
	// imported from its sender.
	ErrReplay = errors.New("bundle: bundle is a replay or older than one already imported")
	// ErrOutOfScope: a record lies outside the scope the signed header
	// declares (a kind not listed, a TLP above the ceiling, a case, an
	// individual-level record or a link to a case when cases are not
	// included, a record older than "since"). The reader holds the
	// sender to its own manifest as strictly as the writer does.
	ErrOutOfScope = errors.New("bundle: a record lies outside the bundle's declared scope")
	// ErrNotSenders: a record's origin is not the sender's vault. A
	// partner speaks only for its own records: it may create and update
	// only records it made, never another partner's or ours.
	ErrNotSenders = errors.New("bundle: a record is not the sender's own")
	// ErrFutureDated: the bundle was made more than [ClockSkew] ahead of
	// this vault's clock, or a record in it was created or updated more
	// than ClockSkew after the bundle was made.
	ErrFutureDated = errors.New("bundle: dated in the future")
)

// RejectionErrors returns every sentinel error a rejected bundle's error
// wraps (exactly one of them), for callers that render each reason.
func RejectionErrors() []error {
	return []error{ErrWrongRecipient, ErrUnknownSigner, ErrWrongSigner, ErrBadSignature, ErrCorrupt,
		ErrExpired, ErrUnknownVersion, ErrMalformedRecord, ErrTooLarge, ErrReplay,
		ErrOutOfScope, ErrNotSenders, ErrFutureDated}
}

// Limits bound what [Open] accepts. The zero value of a field means its
// default.
type Limits struct {
	// MaxBytes caps the decrypted size of the whole bundle (default 2 GiB).
	MaxBytes int64
	// MaxRecords caps the number of records (default 2,000,000).
	MaxRecords int
	// MaxRecordSize caps the encoded size of one record (default 1 MiB).
	MaxRecordSize int
	// MaxHeaderSize caps the header, checkpoint included (default 256 KiB).
	MaxHeaderSize int
	// MemoryStage is how many bytes of staged records are kept in memory
	// before staging continues in a temporary file encrypted under a
	// random key that is never written anywhere (default 256 MiB).
	MemoryStage int64
}

// DefaultLimits returns the limits applied when a field of [Limits] is zero.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:      2 << 30,
		MaxRecords:    2_000_000,
		MaxRecordSize: 1 << 20,
		MaxHeaderSize: 256 << 10,
		MemoryStage:   256 << 20,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes > 0 {
		d.MaxBytes = l.MaxBytes
	}
	if l.MaxRecords > 0 {
		d.MaxRecords = l.MaxRecords
	}
	if l.MaxRecordSize > 0 {
		d.MaxRecordSize = l.MaxRecordSize
	}
	if l.MaxHeaderSize > 0 {
		d.MaxHeaderSize = l.MaxHeaderSize
	}
	if l.MemoryStage > 0 {
		d.MemoryStage = l.MemoryStage
	}
	return d
}

// DefaultValidity is how long a bundle is valid when the writer is not told.
const DefaultValidity = 30 * 24 * time.Hour

// MaxValidity is the longest a bundle may be valid. The reader keeps the
// hash of every bundle imported until it expires, so that none is imported
// twice; a bound keeps that record, and how long a bundle can lie about on
// a USB stick, finite.
const MaxValidity = 366 * 24 * time.Hour
