package bundle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"time"

	"varn/model"
)

// Scope says what the sender chose to share. Records outside the declared
// scope are rejected by [Open] even when signed.
type Scope struct {
	// Kinds lists the record kinds included.
	Kinds []model.Kind `json:"kinds"`
	// Since, when set, limits records to those updated at or after it.
	Since time.Time `json:"since,omitzero"`
	// MaxTLP is the highest TLP marking included (never red).
	MaxTLP model.TLP `json:"max_tlp"`
	// IncludeCases says individual cases were explicitly included.
	IncludeCases bool `json:"include_cases"`
}

// Party names one end of a bundle.
type Party struct {
	// VaultID is the vault's ID; empty for an age-only recipient.
	VaultID string `json:"vault_id,omitempty"`
	// Name is the organisation's name as the sender registered it, such as
	// "Länsstyrelsen Skåne". TLP:AMBER+STRICT records go only to it.
	Name string `json:"name,omitempty"`
	// Key is the fingerprint of the party's key: for the sender its signing
	// key ([SigningKeyFingerprint]), for the recipient its whole public
	// identity ([Public.Fingerprint]).
	Key string `json:"key"`
}

// Manifest describes a bundle: who sent it to whom, when, under what legal
// basis, and what it holds. [Open] returns it only once the bundle verified.
type Manifest struct {
	Format     int       `json:"format"`
	BundleID   string    `json:"bundle_id"`
	Sender     Party     `json:"sender"`
	Recipient  Party     `json:"recipient"`
	Sequence   uint64    `json:"sequence"`
	Created    time.Time `json:"created"`
	Expires    time.Time `json:"expires"`
	Scope      Scope     `json:"scope"`
	LegalBasis string    `json:"legal_basis"`
	Purpose    string    `json:"purpose"`
	// Checkpoint is the sender's latest signed audit-log checkpoint, a
	// golang.org/x/mod/sumdb/note text, carried opaque.
	Checkpoint string `json:"checkpoint,omitempty"`
	// CheckpointProof, when present, proves that Checkpoint's log extends
	// the one of an older checkpoint of the sender: the one it sent in
	// its previous bundle to the same recipient.
	CheckpointProof *CheckpointProof `json:"checkpoint_proof,omitempty"`

	// Filled in from the trailer.

	// Records is the number of records.
	Records int `json:"-"`
	// Counts is the number of records per kind.
	Counts map[model.Kind]int `json:"-"`
	// RecordsHash is the domain-separated SHA-256 over the records.
	RecordsHash [32]byte `json:"-"`
	// Hash identifies the bundle: the hash the sender signed. The vault
	// writes it into the export and import audit events.
	Hash [32]byte `json:"-"`
}

// CheckpointProof is an RFC 6962 consistency proof between two sizes of
// the sender's audit log (golang.org/x/mod/sumdb/tlog.TreeProof).
type CheckpointProof struct {
	// From is the size of the older log the proof starts from.
	From uint64 `json:"from"`
	// Hashes are the proof's hashes, each 32 bytes in standard base64.
	Hashes []string `json:"hashes"`
}

// maxProofHashes bounds a consistency proof: about 2·log2(size) hashes.
const maxProofHashes = 128

// TreeProof decodes the proof's hashes.
func (p *CheckpointProof) TreeProof() ([][32]byte, error) {
	if len(p.Hashes) > maxProofHashes {
		return nil, errors.New("bundle: checkpoint proof too long")
	}
	out := make([][32]byte, len(p.Hashes))
	for i, h := range p.Hashes {
		b, err := base64.StdEncoding.DecodeString(h)
		if err != nil || len(b) != 32 {
			return nil, errors.New("bundle: checkpoint proof hash is malformed")
		}
		copy(out[i][:], b)
	}
	return out, nil
}

// NewCheckpointProof encodes a consistency proof from the log size from.
func NewCheckpointProof(from uint64, hashes [][32]byte) *CheckpointProof {
	p := &CheckpointProof{From: from, Hashes: make([]string, len(hashes))}
	for i, h := range hashes {
		p.Hashes[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return p
}

// HashString returns [Manifest.Hash] in hex, for audit events.
func (m *Manifest) HashString() string { return hex.EncodeToString(m.Hash[:]) }

// trailer is the signed summary written after the records.
type trailer struct {
	HeaderHash  string             `json:"header_sha256"`
	Records     int                `json:"records"`
	RecordBytes int64              `json:"record_bytes"`
	Counts      map[model.Kind]int `json:"counts"`
	RecordsHash string             `json:"records_sha256"`
}

// Wire constants. See docs/bundle-format.md.
const (
	magicPrefix   = "varn-bundle/v"
	magicLine     = "varn-bundle/v1\n"
	frameHeader   = 'H'
	frameRecord   = 'R'
	frameTrailer  = 'T'
	frameSig      = 'S'
	domainRecords = "varn-bundle/v1 records\n"
	domainSigned  = "varn-bundle/v1 manifest\n"
	domainSig     = "varn-bundle/v1 signature\n"
)

// recordsHasher computes the records hash: SHA-256 over the domain string
// followed by each record as a 4-byte big-endian length and its bytes.
type recordsHasher struct{ h hash.Hash }

func newRecordsHasher() recordsHasher {
	h := sha256.New()
	h.Write([]byte(domainRecords))
	return recordsHasher{h}
}

func (r recordsHasher) add(b []byte) {
	var l [4]byte
	binary.BigEndian.PutUint32(l[:], uint32(len(b)))
	r.h.Write(l[:])
	r.h.Write(b)
}

func (r recordsHasher) sum() (s [32]byte) {
	r.h.Sum(s[:0])
	return s
}

// manifestHash is what the sender signs (after the signature domain):
// SHA-256 of the manifest domain, the header's hash and the trailer's hash.
func manifestHash(header, trailer []byte) [32]byte {
	hh := sha256.Sum256(header)
	th := sha256.Sum256(trailer)
	h := sha256.New()
	h.Write([]byte(domainSigned))
	h.Write(hh[:])
	h.Write(th[:])
	var s [32]byte
	h.Sum(s[:0])
	return s
}

func signedMessage(mh [32]byte) []byte {
	return append([]byte(domainSig), mh[:]...)
}

// writeFrame writes one frame: type, space, decimal length, newline,
// payload, newline.
func writeFrame(w *bufio.Writer, typ byte, payload []byte) error {
	var hdr [16]byte
	b := append(hdr[:0], typ, ' ')
	b = strconv.AppendInt(b, int64(len(payload)), 10)
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		return err
	}
	if _, err := w.Write(payload); err != nil {
		return err
	}
	return w.WriteByte('\n')
}

// frameReader reads frames from the decrypted stream.
type frameReader struct {
	r    *bufio.Reader
	buf  []byte
	last int // length of the last frame announced by next
}

// errFraming marks framing errors; Open maps it to ErrCorrupt.
var errFraming = errors.New("framing")

// next reads the next frame's type and length, checking the length against
// max before anything is allocated. tooLarge is the error for a frame over
// max.
func (f *frameReader) next() (typ byte, n int, err error) {
	typ, err = f.r.ReadByte()
	if err != nil {
		return 0, 0, err
	}
	if sp, err := f.r.ReadByte(); err != nil || sp != ' ' {
		return 0, 0, fmt.Errorf("%w: frame type not followed by a space", errFraming)
	}
	var v int64
	digits := 0
	for {
		c, err := f.r.ReadByte()
		if err != nil {
			return 0, 0, fmt.Errorf("%w: frame length cut off", errFraming)
		}
		if c == '\n' {
			break
		}
		if c < '0' || c > '9' || digits >= 10 || (digits == 1 && v == 0) {
			return 0, 0, fmt.Errorf("%w: bad frame length", errFraming)
		}
		v = v*10 + int64(c-'0')
		digits++
	}
	if digits == 0 || v > 1<<31-1 {
		return 0, 0, fmt.Errorf("%w: bad frame length", errFraming)
	}
	f.last = int(v)
	return typ, int(v), nil
}

// payload reads a frame payload of n bytes and its closing newline. The
// returned slice is valid until the next call.
func (f *frameReader) payload(n int) ([]byte, error) {
	if cap(f.buf) < n {
		f.buf = make([]byte, n, max(n, 2*cap(f.buf)))
	}
	b := f.buf[:n]
	if _, err := io.ReadFull(f.r, b); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: frame cut off", errFraming)
		}
		return nil, err
	}
	if c, err := f.r.ReadByte(); err != nil || c != '\n' {
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: frame not terminated by a newline", errFraming)
	}
	return b, nil
}

// decodeStrict decodes one JSON value with no unknown fields and nothing
// after it.
func decodeStrict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("data after the JSON value")
	}
	return nil
}
