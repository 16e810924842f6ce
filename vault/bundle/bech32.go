package bundle

import "strings"

// bech32Encode encodes data under hrp in Bech32 (BIP 173) without the
// 90-character limit, as age does for its keys. It is used only to hand seeds
// we drew ourselves to age's key parsers, so identities can be generated from
// a caller-supplied random source.
func bech32Encode(hrp string, data []byte) string {
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	upper := strings.ToUpper(hrp) == hrp && strings.ToLower(hrp) != hrp
	hrp = strings.ToLower(hrp)

	// Regroup 8-bit bytes into 5-bit values, padding the tail.
	values := make([]byte, 0, len(data)*8/5+1)
	var acc uint32
	var bits uint
	for _, b := range data {
		acc = acc<<8 | uint32(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			values = append(values, byte(acc>>bits)&31)
		}
	}
	if bits > 0 {
		values = append(values, byte(acc<<(5-bits))&31)
	}

	polymod := func(vs []byte) uint32 {
		gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
		chk := uint32(1)
		for _, v := range vs {
			top := chk >> 25
			chk = (chk&0x1ffffff)<<5 ^ uint32(v)
			for i := range 5 {
				if top>>i&1 == 1 {
					chk ^= gen[i]
				}
			}
		}
		return chk
	}
	exp := make([]byte, 0, 2*len(hrp)+1+len(values)+6)
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]>>5)
	}
	exp = append(exp, 0)
	for i := 0; i < len(hrp); i++ {
		exp = append(exp, hrp[i]&31)
	}
	exp = append(exp, values...)
	exp = append(exp, 0, 0, 0, 0, 0, 0)
	mod := polymod(exp) ^ 1

	var sb strings.Builder
	sb.Grow(len(hrp) + 1 + len(values) + 6)
	sb.WriteString(hrp)
	sb.WriteByte('1')
	for _, v := range values {
		sb.WriteByte(charset[v])
	}
	for p := range 6 {
		sb.WriteByte(charset[byte(mod>>(5*(5-p)))&31])
	}
	if upper {
		return strings.ToUpper(sb.String())
	}
	return sb.String()
}
