package bundle

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"filippo.io/age"
	"golang.org/x/mod/sumdb/note"
)

// Identity is a vault's exchange identity: age keys that open bundles sent
// to the vault and the ed25519 key that signs the bundles it sends.
//
// An Identity holds secrets. Store it only sealed ([Identity.MarshalBinary]
// into the vault) and call [Identity.Wipe] when done with it.
type Identity struct {
	vaultID    string
	x25519Seed []byte // 32-byte X25519 scalar
	hybridSeed []byte // 32-byte ML-KEM-768+X25519 seed
	signSeed   []byte // 32-byte ed25519 seed
	signKey    ed25519.PrivateKey

	x25519 *age.X25519Identity
	hybrid *age.HybridIdentity
	public *Public
}

const (
	identityMagic = "varn-exchange-identity/v1\x00"
	seedSize      = 32
)

// GenerateIdentity returns a new exchange identity for the vault vaultID,
// drawing every key from random (crypto/rand.Reader when nil).
//
// The identity holds a post-quantum hybrid age key, which partners running
// varn use by default, and a classic X25519 age key for senders whose age
// predates hybrid keys (age before v1.3).
func GenerateIdentity(random io.Reader, vaultID string) (*Identity, error) {
	if random == nil {
		random = rand.Reader
	}
	if err := checkVaultID(vaultID); err != nil {
		return nil, err
	}
	seeds := make([]byte, 3*seedSize)
	if _, err := io.ReadFull(random, seeds); err != nil {
		return nil, fmt.Errorf("bundle: generating identity: reading randomness: %v", err)
	}
	id, err := newIdentity(vaultID, seeds[:seedSize], seeds[seedSize:2*seedSize], seeds[2*seedSize:])
	clear(seeds)
	return id, err
}

func newIdentity(vaultID string, x, h, s []byte) (*Identity, error) {
	id := &Identity{
		vaultID:    vaultID,
		x25519Seed: append([]byte(nil), x...),
		hybridSeed: append([]byte(nil), h...),
		signSeed:   append([]byte(nil), s...),
	}
	var err error
	id.x25519, err = age.ParseX25519Identity(bech32Encode("AGE-SECRET-KEY-", id.x25519Seed))
	if err != nil {
		return nil, errors.New("bundle: invalid X25519 key in exchange identity")
	}
	id.hybrid, err = age.ParseHybridIdentity(bech32Encode("AGE-SECRET-KEY-PQ-", id.hybridSeed))
	if err != nil {
		return nil, errors.New("bundle: invalid post-quantum key in exchange identity")
	}
	id.signKey = ed25519.NewKeyFromSeed(id.signSeed)
	id.public = &Public{
		VaultID:    vaultID,
		Recipients: []string{id.hybrid.Recipient().String(), id.x25519.Recipient().String()},
		SigningKey: id.signKey.Public().(ed25519.PublicKey),
	}
	return id, nil
}

// VaultID returns the ID of the vault this identity belongs to.
func (id *Identity) VaultID() string { return id.vaultID }

// Public returns the public part of the identity, to give to partners.
func (id *Identity) Public() *Public {
	p := *id.public
	p.Recipients = append([]string(nil), id.public.Recipients...)
	p.SigningKey = append(ed25519.PublicKey(nil), id.public.SigningKey...)
	return &p
}

// AgeIdentities returns the age identities that open bundles sent to this
// vault, post-quantum first.
func (id *Identity) AgeIdentities() []age.Identity {
	if id.hybrid == nil {
		return nil
	}
	return []age.Identity{id.hybrid, id.x25519}
}

// MarshalBinary encodes the private identity for the vault to seal. The
// result is secret; clear it after sealing.
func (id *Identity) MarshalBinary() ([]byte, error) {
	if id.signKey == nil {
		return nil, errors.New("bundle: exchange identity has been wiped")
	}
	b := make([]byte, 0, len(identityMagic)+1+len(id.vaultID)+3*seedSize)
	b = append(b, identityMagic...)
	b = append(b, byte(len(id.vaultID)))
	b = append(b, id.vaultID...)
	b = append(b, id.x25519Seed...)
	b = append(b, id.hybridSeed...)
	b = append(b, id.signSeed...)
	return b, nil
}

// UnmarshalIdentity decodes an identity encoded by [Identity.MarshalBinary].
// It does not retain b.
func UnmarshalIdentity(b []byte) (*Identity, error) {
	const bad = "bundle: sealed exchange identity is damaged or not a varn exchange identity"
	if len(b) < len(identityMagic)+1 || string(b[:len(identityMagic)]) != identityMagic {
		return nil, errors.New(bad)
	}
	b = b[len(identityMagic):]
	n := int(b[0])
	b = b[1:]
	if len(b) != n+3*seedSize {
		return nil, errors.New(bad)
	}
	vaultID := string(b[:n])
	if checkVaultID(vaultID) != nil {
		return nil, errors.New(bad)
	}
	b = b[n:]
	return newIdentity(vaultID, b[:seedSize], b[seedSize:2*seedSize], b[2*seedSize:])
}

// Wipe overwrites the secret key material held by the identity and makes it
// unusable. The age library keeps its own copy of the decryption keys inside
// the parsed age identities; Wipe drops the references to them so they are no
// longer reachable, but cannot overwrite them.
func (id *Identity) Wipe() {
	clear(id.x25519Seed)
	clear(id.hybridSeed)
	clear(id.signSeed)
	clear(id.signKey)
	id.x25519Seed, id.hybridSeed, id.signSeed, id.signKey = nil, nil, nil, nil
	id.x25519, id.hybrid = nil, nil
}

// String returns a description without secrets, so an Identity printed by
// mistake leaks nothing.
func (id *Identity) String() string {
	return "varn exchange identity " + id.public.Fingerprint()
}

// GoString is like String, for %#v.
func (id *Identity) GoString() string { return id.String() }

func (id *Identity) sign(msg []byte) ([]byte, error) {
	if id.signKey == nil {
		return nil, errors.New("bundle: exchange identity has been wiped")
	}
	return ed25519.Sign(id.signKey, msg), nil
}

// Public is the public part of an exchange identity: what a partner pins.
// A body without varn (only the age tool) is a Public with recipients, no
// vault ID and no signing key: we can export to it, never import from it.
type Public struct {
	// VaultID is the partner vault's ID; empty for an age-only partner.
	VaultID string
	// Recipients are age recipient strings (age1pq1… and/or age1…).
	Recipients []string
	// SigningKey verifies the partner's bundles; nil for an age-only partner.
	SigningKey ed25519.PublicKey
}

const (
	publicBegin = "-----BEGIN VARN IDENTITY-----"
	publicEnd   = "-----END VARN IDENTITY-----"
)

// canonical is the text the fingerprint is computed over.
func (p *Public) canonical() string {
	var sb strings.Builder
	sb.WriteString("varn-identity/v1\n")
	if p.VaultID != "" {
		sb.WriteString("vault: " + p.VaultID + "\n")
	}
	if len(p.SigningKey) > 0 {
		sb.WriteString("signing-key: " + p.VerifierKey() + "\n")
	}
	for _, r := range p.Recipients {
		sb.WriteString("recipient: " + r + "\n")
	}
	return sb.String()
}

// Fingerprint returns a hash of the whole public identity in groups of four
// characters (A–Z, 2–7), such as "Q7MD-2KXA-…", for two people to read to
// each other over the phone. It changes if any key or the vault ID changes.
func (p *Public) Fingerprint() string {
	sum := sha256.Sum256([]byte(p.canonical()))
	s := base32.StdEncoding.EncodeToString(sum[:15]) // 120 bits, 24 characters
	var sb strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(s[i : i+4])
	}
	return sb.String()
}

// SigningKeyFingerprint returns the fingerprint of the signing key alone,
// as written in a bundle's header. It is empty when there is no signing key.
func SigningKeyFingerprint(k ed25519.PublicKey) string {
	if len(k) == 0 {
		return ""
	}
	sum := sha256.Sum256(append([]byte("varn-signing-key/v1\n"), k...))
	return base32.StdEncoding.EncodeToString(sum[:15])
}

// String returns the text block that `varn identity` prints and
// [ParsePublic] reads.
func (p *Public) String() string {
	var sb strings.Builder
	sb.WriteString(publicBegin + "\n")
	sb.WriteString("fingerprint: " + p.Fingerprint() + "\n")
	sb.WriteString(strings.TrimPrefix(p.canonical(), "varn-identity/v1\n"))
	sb.WriteString(publicEnd + "\n")
	return sb.String()
}

// CanImportFrom reports whether bundles from this partner can be verified:
// it has a vault ID and a signing key.
func (p *Public) CanImportFrom() bool {
	return p.VaultID != "" && len(p.SigningKey) == ed25519.PublicKeySize
}

// ageRecipients parses the recipient strings.
func (p *Public) ageRecipients() (pq, classic []age.Recipient, err error) {
	for _, s := range p.Recipients {
		switch {
		case strings.HasPrefix(s, "age1pq1"):
			r, err := age.ParseHybridRecipient(s)
			if err != nil {
				return nil, nil, errors.New("bundle: a post-quantum recipient of the partner is malformed")
			}
			pq = append(pq, r)
		case strings.HasPrefix(s, "age1"):
			r, err := age.ParseX25519Recipient(s)
			if err != nil {
				return nil, nil, errors.New("bundle: an X25519 recipient of the partner is malformed")
			}
			classic = append(classic, r)
		default:
			return nil, nil, errors.New("bundle: unsupported recipient type (want age1pq1… or age1…)")
		}
	}
	return pq, classic, nil
}

// PublicFromRecipients makes the Public of a partner known only by age
// recipients and, optionally, vault ID and signing key (as given to
// `varn partner add --recipient … --signing-key …`). signingKey is the
// key in note verifier-key form as printed in an identity block (named by
// the vault ID), or empty.
func PublicFromRecipients(vaultID string, recipients []string, signingKey string) (*Public, error) {
	p := &Public{VaultID: vaultID, Recipients: append([]string(nil), recipients...)}
	if vaultID != "" {
		if err := checkVaultID(vaultID); err != nil {
			return nil, err
		}
	}
	if signingKey != "" {
		k, err := ParseVerifierKey(signingKey)
		if err != nil {
			return nil, err
		}
		p.SigningKey = k
		if signingKey != p.VerifierKey() {
			return nil, errors.New("bundle: signing key is not named for the partner's vault ID")
		}
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Public) check() error {
	if len(p.Recipients) == 0 {
		return errors.New("bundle: identity has no age recipient")
	}
	if _, _, err := p.ageRecipients(); err != nil {
		return err
	}
	if len(p.SigningKey) > 0 && p.VaultID == "" {
		return errors.New("bundle: identity has a signing key but no vault ID")
	}
	return nil
}

// VerifierKey returns the signing key in golang.org/x/mod/sumdb/note
// verifier-key form (NAME+HASH+BASE64, named by the vault ID), as stored in
// the partner register. It is empty without a signing key.
func (p *Public) VerifierKey() string {
	if len(p.SigningKey) != ed25519.PublicKeySize || !validNoteName(p.VaultID) {
		return ""
	}
	k, err := note.NewEd25519VerifierKey(p.VaultID, p.SigningKey)
	if err != nil {
		return ""
	}
	return k
}

// validNoteName reports whether s can name a note key: non-empty, no
// spaces or plus signs (see golang.org/x/mod/sumdb/note).
func validNoteName(s string) bool {
	return s != "" && utf8.ValidString(s) && strings.IndexFunc(s, unicode.IsSpace) < 0 && !strings.Contains(s, "+")
}

// ParseVerifierKey parses an ed25519 signing key in note verifier-key form
// (NAME+HASH+BASE64), checking its hash, and returns the public key.
func ParseVerifierKey(vkey string) (ed25519.PublicKey, error) {
	bad := errors.New("bundle: malformed signing key (want NAME+HASH+KEY as printed by varn identity)")
	if _, err := note.NewVerifier(vkey); err != nil {
		return nil, bad
	}
	_, rest, _ := strings.Cut(vkey, "+")
	_, k64, _ := strings.Cut(rest, "+")
	k, err := base64.StdEncoding.DecodeString(k64)
	if err != nil || len(k) != 1+ed25519.PublicKeySize || k[0] != 1 {
		return nil, bad
	}
	return ed25519.PublicKey(k[1:]), nil
}

// ParsePublic reads a text block printed by `varn identity` ([Public.String]),
// as given to `varn partner add NAME --from FILE`. Text around the block is
// ignored. The fingerprint line must match the keys, which catches a block
// damaged or edited in transit; the caller must still compare the fingerprint
// with the partner over the phone before trusting it.
func ParsePublic(block string) (*Public, error) {
	const maxBlock = 16 << 10
	if len(block) > maxBlock {
		return nil, errors.New("bundle: identity block is too long")
	}
	sc := bufio.NewScanner(strings.NewReader(block))
	sc.Buffer(make([]byte, 0, 4096), maxBlock)
	p := &Public{}
	var fp, vk string
	in, done := false, false
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		switch {
		case !in && l == publicBegin:
			in = true
			continue
		case !in:
			continue
		case l == publicEnd:
			in, done = false, true
		case l == "":
			continue
		}
		if done {
			break
		}
		key, val, ok := strings.Cut(l, ": ")
		if !ok {
			return nil, fmt.Errorf("bundle: identity block line %d: want \"name: value\"", line)
		}
		switch key {
		case "fingerprint":
			fp = val
		case "vault":
			if p.VaultID != "" {
				return nil, fmt.Errorf("bundle: identity block line %d: second vault line", line)
			}
			if err := checkVaultID(val); err != nil {
				return nil, fmt.Errorf("bundle: identity block line %d: %v", line, err)
			}
			p.VaultID = val
		case "signing-key":
			if p.SigningKey != nil {
				return nil, fmt.Errorf("bundle: identity block line %d: second signing key", line)
			}
			vk = val
			sk, err := ParseVerifierKey(val)
			if err != nil {
				return nil, fmt.Errorf("bundle: identity block line %d: %v", line, err)
			}
			p.SigningKey = sk
		case "recipient":
			p.Recipients = append(p.Recipients, val)
		default:
			return nil, fmt.Errorf("bundle: identity block line %d: unknown field", line)
		}
	}
	if !done {
		return nil, errors.New("bundle: no complete identity block found (it starts with " + publicBegin + ")")
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	if vk != "" && vk != p.VerifierKey() {
		return nil, errors.New("bundle: identity block's signing key is not named for its vault")
	}
	if fp == "" {
		return nil, errors.New("bundle: identity block has no fingerprint line")
	}
	if subtle.ConstantTimeCompare([]byte(fp), []byte(p.Fingerprint())) != 1 {
		return nil, errors.New("bundle: identity block's fingerprint does not match its keys: it was damaged or edited; ask the partner for it again")
	}
	return p, nil
}

// checkVaultID accepts vault IDs of 1–64 printable ASCII characters without
// spaces, which is what varn's vaults generate.
func checkVaultID(s string) error {
	if len(s) == 0 || len(s) > 64 {
		return errors.New("bundle: vault ID must be 1 to 64 characters")
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' || s[i] == '+' {
			return errors.New("bundle: vault ID may hold only printable ASCII without spaces or '+'")
		}
	}
	return nil
}

// AgeIdentityFile returns the identity's age secret keys in the format of
// age-keygen, for `age -d -i FILE bundle.age` with the stock age tool. The
// result is secret: write it only where the vault's owner asked for it and
// clear it after use.
func (id *Identity) AgeIdentityFile() ([]byte, error) {
	if id.hybrid == nil {
		return nil, errors.New("bundle: exchange identity has been wiped")
	}
	var b []byte
	b = fmt.Appendf(b, "# varn exchange identity of vault %s\n", id.vaultID)
	b = fmt.Appendf(b, "# public key: %s\n", id.hybrid.Recipient())
	b = append(b, bech32Encode("AGE-SECRET-KEY-PQ-", id.hybridSeed)...)
	b = fmt.Appendf(b, "\n# public key: %s\n", id.x25519.Recipient())
	b = append(b, bech32Encode("AGE-SECRET-KEY-", id.x25519Seed)...)
	b = append(b, '\n')
	return b, nil
}
