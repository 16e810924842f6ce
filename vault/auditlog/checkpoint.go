package auditlog

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Checkpoint is a head signed by the log's key: the text of a signed note
// whose first lines are the origin (the log's name, equal to the signing
// key's name), the size in decimal and the root hash in standard base64,
// as in Go's checksum database and the C2SP tlog-checkpoint convention.
type Checkpoint struct {
	// Origin names the log; it equals the name of the key that signed it.
	Origin string
	Head
}

// maxCheckpointLen bounds the checkpoint text ParseCheckpoint reads.
const maxCheckpointLen = 16 << 10

// Sign returns the signed checkpoint text for head, with s's name as the
// origin line.
func Sign(head Head, s note.Signer) ([]byte, error) {
	if head.Size > maxSize {
		return nil, errors.New("auditlog: head size out of range")
	}
	if head.Size == 0 && head.Root != emptyRoot() {
		return nil, errors.New("auditlog: an empty head must have the empty tree's root")
	}
	text := fmt.Sprintf("%s\n%d\n%s\n", s.Name(), head.Size, base64.StdEncoding.EncodeToString(head.Root[:]))
	msg, err := note.Sign(&note.Note{Text: text}, s)
	if err != nil {
		return nil, fmt.Errorf("auditlog: signing the checkpoint: %w", err)
	}
	return msg, nil
}

// ParseCheckpoint checks that text is a checkpoint signed by v's key and
// returns it. The origin line must equal the key's name. Lines after the
// root hash (the convention's extension lines) are allowed and ignored.
// Errors say what is wrong without quoting the text.
func ParseCheckpoint(text []byte, v note.Verifier) (*Checkpoint, error) {
	if v == nil {
		return nil, errors.New("auditlog: no verifier key given for the checkpoint")
	}
	if len(text) > maxCheckpointLen {
		return nil, fmt.Errorf("auditlog: checkpoint is longer than %d bytes", maxCheckpointLen)
	}
	n, err := note.Open(text, note.VerifierList(v))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		var invalid *note.InvalidSignatureError
		switch {
		case errors.As(err, &unverified):
			return nil, errors.New("auditlog: checkpoint is not signed by this vault's audit key")
		case errors.As(err, &invalid):
			return nil, fmt.Errorf("%w: the checkpoint's signature does not match its text (it was altered)", ErrTampered)
		}
		return nil, errors.New("auditlog: malformed checkpoint: not a signed note")
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return nil, errors.New("auditlog: malformed checkpoint: want origin, size and root lines")
	}
	for _, l := range lines[3:] {
		if l == "" {
			return nil, errors.New("auditlog: malformed checkpoint: empty extension line")
		}
	}
	c := &Checkpoint{Origin: lines[0]}
	if c.Origin != v.Name() {
		return nil, errors.New("auditlog: checkpoint is for another log than this key's")
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil || lines[1] != strconv.FormatUint(size, 10) || size > maxSize {
		return nil, errors.New("auditlog: malformed checkpoint: bad size line")
	}
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return nil, errors.New("auditlog: malformed checkpoint: bad root hash line")
	}
	c.Size = size
	copy(c.Root[:], root)
	if c.Size == 0 && c.Root != emptyRoot() {
		return nil, errors.New("auditlog: malformed checkpoint: an empty log with a root that is not the empty tree's")
	}
	return c, nil
}

// algEd25519 is the note format's algorithm byte for Ed25519 keys.
const algEd25519 = 1

// GenerateKey makes a new Ed25519 key for signing the checkpoints of the
// log named origin (for example "varn/VAULT-ID"; no spaces or '+').
//
// skey is the private key in the note format ("PRIVATE+KEY+origin+hash+…",
// readable by NewSigner and by note.NewSigner): the caller seals it and
// zeroes the slice after use. vkey is the public verifier key
// ("origin+hash+…") for note.NewVerifier, to give to partners.
func GenerateKey(rand io.Reader, origin string) (skey []byte, vkey string, err error) {
	if !validName(origin) {
		return nil, "", errors.New("auditlog: log name must be non-empty UTF-8 without spaces or '+'")
	}
	pub, priv, err := ed25519.GenerateKey(rand)
	if err != nil {
		return nil, "", fmt.Errorf("auditlog: generating the checkpoint key: %w", err)
	}
	defer clear(priv)
	vkey, err = note.NewEd25519VerifierKey(origin, pub)
	if err != nil {
		return nil, "", fmt.Errorf("auditlog: encoding the verifier key: %w", err)
	}
	hash16, _, _ := strings.Cut(strings.TrimPrefix(vkey, origin+"+"), "+")

	var raw [1 + ed25519.SeedSize]byte
	defer clear(raw[:])
	raw[0] = algEd25519
	copy(raw[1:], priv.Seed())

	prefix := "PRIVATE+KEY+" + origin + "+" + hash16 + "+"
	skey = make([]byte, len(prefix)+base64.StdEncoding.EncodedLen(len(raw)))
	copy(skey, prefix)
	base64.StdEncoding.Encode(skey[len(prefix):], raw[:])
	return skey, vkey, nil
}

// validName applies the note format's rule for key names: non-empty
// UTF-8 without Unicode spaces or '+'.
func validName(name string) bool {
	return name != "" && utf8.ValidString(name) && strings.IndexFunc(name, unicode.IsSpace) < 0 && !strings.Contains(name, "+")
}

// Signer signs checkpoints with an Ed25519 key. It implements note.Signer.
// Unlike note.NewSigner, NewSigner keeps no copy of the encoded key, and
// Zero wipes the key held.
type Signer struct {
	name string
	hash uint32
	key  ed25519.PrivateKey
	vkey string
}

var _ note.Signer = (*Signer)(nil)

var errSignerKey = errors.New("auditlog: malformed checkpoint signing key")

// NewSigner parses skey, as made by GenerateKey. It does not keep skey,
// which the caller may zero as soon as NewSigner returns.
func NewSigner(skey []byte) (*Signer, error) {
	parts := bytes.SplitN(skey, []byte("+"), 5)
	if len(parts) != 5 || string(parts[0]) != "PRIVATE" || string(parts[1]) != "KEY" || len(parts[3]) != 8 {
		return nil, errSignerKey
	}
	name := string(parts[2])
	if !validName(name) {
		return nil, errSignerKey
	}
	hash, err := strconv.ParseUint(string(parts[3]), 16, 32)
	if err != nil {
		return nil, errSignerKey
	}
	if base64.StdEncoding.DecodedLen(len(parts[4])) > 64 {
		return nil, errSignerKey
	}
	var raw [64]byte
	defer clear(raw[:])
	n, err := base64.StdEncoding.Decode(raw[:], parts[4])
	if err != nil || n != 1+ed25519.SeedSize || raw[0] != algEd25519 {
		return nil, errSignerKey
	}
	key := ed25519.NewKeyFromSeed(raw[1 : 1+ed25519.SeedSize])
	vkey, err := note.NewEd25519VerifierKey(name, key.Public().(ed25519.PublicKey))
	if err != nil {
		clear(key)
		return nil, errSignerKey
	}
	v, err := note.NewVerifier(vkey)
	if err != nil || v.KeyHash() != uint32(hash) {
		clear(key)
		return nil, errors.New("auditlog: checkpoint signing key does not match its key hash (damaged key)")
	}
	return &Signer{name: name, hash: uint32(hash), key: key, vkey: vkey}, nil
}

// Name returns the key's name, the log's origin.
func (s *Signer) Name() string { return s.name }

// KeyHash returns the note format's 32-bit hash of the public key.
func (s *Signer) KeyHash() uint32 { return s.hash }

// Sign signs msg. It fails after Zero.
func (s *Signer) Sign(msg []byte) ([]byte, error) {
	if s.key == nil {
		return nil, errors.New("auditlog: checkpoint signer used after Zero")
	}
	return ed25519.Sign(s.key, msg), nil
}

// VerifierKey returns the public verifier key ("origin+hash+…") for
// note.NewVerifier.
func (s *Signer) VerifierKey() string { return s.vkey }

// Zero wipes the private key; the Signer cannot sign afterwards.
func (s *Signer) Zero() {
	clear(s.key)
	s.key = nil
}
