package vault

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// Every value varn stores in Badger is sealed with XChaCha20-Poly1305. The
// stored bytes are
//
//	header || nonce (24 bytes) || ciphertext and tag
//	header = format (1 byte, valueFormat) || key (1 byte, keyVault or keyCase)
//	         [|| case ID length (1 byte) || case ID, when key is keyCase]
//	         || version (8 bytes, big-endian; the record version, 0 for others)
//
// and the associated data is
//
//	"varn/v1 value" || vault ID (16 bytes) || len(badger key) (2 bytes) || badger key || header
//
// so a value moved under another key, into another vault, or changed in any
// byte fails to open, and the version it claims cannot be altered.
const (
	valueFormat = 1

	keyVault = 0 // sealed under the vault's value key
	keyCase  = 1 // sealed under the per-case key of the case named in the header

	nonceSize = chacha20poly1305.NonceSizeX
	tagSize   = chacha20poly1305.Overhead
)

// keySize is the size of every symmetric key varn holds: the data key, the
// keys derived from it and the per-case keys.
const keySize = 32

// errUnsealed is wrapped by every failure to open a sealed value.
var errUnsealed = errors.New("value failed authentication")

// header is the parsed clear header of a sealed value.
type header struct {
	key     byte
	caseID  string
	version uint64
}

func (h header) append(b []byte) []byte {
	b = append(b, valueFormat, h.key)
	if h.key == keyCase {
		b = append(b, byte(len(h.caseID)))
		b = append(b, h.caseID...)
	}
	return binary.BigEndian.AppendUint64(b, h.version)
}

// parseHeader splits a sealed value into its header, the header's bytes and
// the rest (nonce and ciphertext).
func parseHeader(v []byte) (h header, raw, rest []byte, err error) {
	if len(v) < 2 || v[0] != valueFormat {
		return h, nil, nil, errUnsealed
	}
	h.key = v[1]
	p := v[2:]
	switch h.key {
	case keyVault:
	case keyCase:
		if len(p) < 1 || len(p) < 1+int(p[0]) || p[0] == 0 {
			return h, nil, nil, errUnsealed
		}
		h.caseID = string(p[1 : 1+int(p[0])])
		p = p[1+int(p[0]):]
	default:
		return h, nil, nil, errUnsealed
	}
	if len(p) < 8+nonceSize+tagSize {
		return h, nil, nil, errUnsealed
	}
	h.version = binary.BigEndian.Uint64(p)
	p = p[8:]
	return h, v[:len(v)-len(p)], p, nil
}

// sealer seals and opens values for one vault.
type sealer struct {
	vaultID [16]byte
}

func (s *sealer) ad(dst, bkey, hdr []byte) []byte {
	dst = append(dst, "varn/v1 value"...)
	dst = append(dst, s.vaultID[:]...)
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(bkey)))
	dst = append(dst, bkey...)
	return append(dst, hdr...)
}

// seal encrypts plaintext under key for storage under bkey.
func (s *sealer) seal(key []byte, bkey []byte, h header, plaintext []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("vault: internal error: %v", err)
	}
	out := h.append(make([]byte, 0, 2+1+len(h.caseID)+8+nonceSize+len(plaintext)+tagSize))
	hdrLen := len(out)
	out = out[:hdrLen+nonceSize]
	if _, err := rand.Read(out[hdrLen:]); err != nil {
		return nil, fmt.Errorf("vault: reading random bytes: %v", err)
	}
	var adBuf [128]byte
	ad := s.ad(adBuf[:0], bkey, out[:hdrLen])
	return aead.Seal(out, out[hdrLen:], plaintext, ad), nil
}

// open decrypts a value stored under bkey with key. It returns errUnsealed
// for any failure.
func (s *sealer) open(key []byte, bkey []byte, raw, rest []byte) ([]byte, error) {
	return s.openTo(nil, key, bkey, raw, rest)
}

// openTo is open appending the plaintext to dst.
func (s *sealer) openTo(dst, key []byte, bkey []byte, raw, rest []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, errUnsealed
	}
	var adBuf [128]byte
	ad := s.ad(adBuf[:0], bkey, raw)
	pt, err := aead.Open(dst, rest[:nonceSize], rest[nonceSize:], ad)
	if err != nil {
		return nil, errUnsealed
	}
	return pt, nil
}

// Labels of the keys derived from the data key with HKDF-SHA-256, salted
// with the vault ID.
const (
	infoValueKey   = "varn/v1 value key"
	infoBadgerKey  = "varn/v1 badger master key"
	infoCaseTable  = "varn/v1 case key table"
	infoStateKey   = "varn/v1 external checkpoint"
	infoBackupMark = "varn/v1 backup"
)

// deriveKey derives a 32-byte key for purpose from the data key.
func deriveKey(dataKey []byte, vaultID [16]byte, purpose string) []byte {
	k, err := hkdf.Key(sha256.New, dataKey, vaultID[:], purpose, keySize)
	if err != nil {
		// Only possible for absurd lengths.
		panic("vault: hkdf: " + err.Error())
	}
	return k
}

// sealBlob seals a value kept outside Badger (the case key table, the
// external checkpoint) under key, binding the label and vault ID.
func sealBlob(key []byte, vaultID [16]byte, label string, plaintext []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("vault: internal error: %v", err)
	}
	nonce := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("vault: reading random bytes: %v", err)
	}
	return aead.Seal(nonce, nonce, plaintext, blobAD(vaultID, label)), nil
}

// openBlob reverses sealBlob; any failure is errUnsealed.
func openBlob(key []byte, vaultID [16]byte, label string, sealed []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil || len(sealed) < nonceSize+tagSize {
		return nil, errUnsealed
	}
	pt, err := aead.Open(nil, sealed[:nonceSize], sealed[nonceSize:], blobAD(vaultID, label))
	if err != nil {
		return nil, errUnsealed
	}
	return pt, nil
}

func blobAD(vaultID [16]byte, label string) []byte {
	ad := append([]byte("varn/v1 blob "), label...)
	ad = append(ad, 0)
	return append(ad, vaultID[:]...)
}

// zero overwrites b with zeros.
func zero(b []byte) {
	clear(b)
}

func randRead(b []byte) (int, error) {
	n, err := rand.Read(b)
	if err != nil {
		return n, fmt.Errorf("vault: reading random bytes: %v", err)
	}
	return n, nil
}
