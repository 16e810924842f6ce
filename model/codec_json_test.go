package model

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// stdEnvelope wraps a record for encoding/json the way Encode writes it.
func stdEnvelope(r Record) any {
	type head struct {
		Format int  `json:"format"`
		Record Kind `json:"record"`
	}
	h := head{FormatVersion, r.Kind()}
	switch v := r.(type) {
	case *Observation:
		return &struct {
			head
			*Observation
		}{h, v}
	case *Measure:
		return &struct {
			head
			*Measure
		}{h, v}
	case *Case:
		return &struct {
			head
			*Case
		}{h, v}
	case *Member:
		return &struct {
			head
			*Member
		}{h, v}
	case *Meeting:
		return &struct {
			head
			*Meeting
		}{h, v}
	case *Picture:
		return &struct {
			head
			*Picture
		}{h, v}
	case *Partner:
		return &struct {
			head
			*Partner
		}{h, v}
	}
	return nil
}

// TestCodecMatchesEncodingJSON checks that the hand-written codec and the
// struct tags agree: what encoding/json writes, Decode reads to the same
// record, and what Encode writes, encoding/json reads to the same record.
func TestCodecMatchesEncodingJSON(t *testing.T) {
	for _, r := range sampleRecords() {
		t.Run(string(r.Kind()), func(t *testing.T) {
			ours, err := Encode(r)
			if err != nil {
				t.Fatal(err)
			}
			std, err := json.Marshal(stdEnvelope(r))
			if err != nil {
				t.Fatal(err)
			}
			// encoding/json → Decode.
			got, err := Decode(std)
			if err != nil {
				t.Fatalf("Decode(encoding/json output): %v\n%s", err, std)
			}
			again, _ := Encode(got)
			if !bytes.Equal(again, ours) {
				t.Errorf("Decode of encoding/json output differs:\nstd:  %s\nours: %s\ngot:  %s", std, ours, again)
			}
			// Encode → encoding/json.
			fresh, _ := New(r.Kind())
			zero(fresh)
			d := json.NewDecoder(bytes.NewReader(ours))
			d.DisallowUnknownFields()
			if err := d.Decode(stdEnvelope(fresh)); err != nil {
				t.Fatalf("encoding/json cannot read Encode output: %v\n%s", err, ours)
			}
			again, _ = Encode(fresh)
			if !bytes.Equal(again, ours) {
				t.Errorf("encoding/json read Encode output differently:\nours: %s\ngot:  %s", ours, again)
			}
		})
	}
}

func TestCodecStrings(t *testing.T) {
	tests := []string{
		"", "plain", `quote " backslash \ slash /`, "line\nbreak\ttab\rcr", "\x00\x01\x1f\x7f",
		"åäö ÅÄÖ 🙂 \u2028 \u2029", "\u202e bidi", "\xff\xfe invalid",
	}
	for _, s := range tests {
		o := &Member{Name: s, Org: OrgOther, Role: RoleMember}
		b, err := Encode(o)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Errorf("Encode(%q) is not valid JSON: %s", s, b)
		}
		var std struct{ Name string }
		if err := json.Unmarshal(b, &std); err != nil {
			t.Fatal(err)
		}
		r, err := Decode(b)
		if err != nil {
			t.Fatalf("Decode(Encode(%q)): %v", s, err)
		}
		if got := r.(*Member).Name; got != std.Name {
			t.Errorf("name %q: Decode gives %q, encoding/json %q", s, got, std.Name)
		}
	}
	// Escapes written by other encoders, surrogate pairs included.
	r, err := Decode([]byte(`{"record":"member","name":"\u00e5\ud83d\ude42\/\"\\\b\f\n\r\t x"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.(*Member).Name, "å🙂/\"\\\b\f\n\r\t x"; got != want {
		t.Errorf("escapes decoded to %q, want %q", got, want)
	}
}

// TestDecodeRefusesInvalidUTF8: a string that is not valid UTF-8 — a
// stray byte, a cut-off sequence, an overlong form, half a surrogate pair
// escaped — is refused with the field named, never repaired to U+FFFD:
// a partner's signed record is stored as sent or not at all. (Encode
// itself never writes such a string.)
func TestDecodeRefusesInvalidUTF8(t *testing.T) {
	tests := map[string]string{
		"stray byte":              "a\xffb",
		"stray byte after escape": "a\\nb\xff",
		"cut-off sequence":        "abc\xc3",
		"overlong form":           "\xc0\xafx",
		"encoded surrogate":       "\xed\xa0\x80",
		"lone high surrogate":     `x\ud800y`,
		"lone low surrogate":      `\udc00`,
		"high then no low":        `\ud83d\u0041`,
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			in := []byte(`{"record":"member","name":"` + s + `","org":"other","role":"member"}`)
			r, err := Decode(in)
			if err == nil {
				t.Fatalf("Decode accepted %q as %q", s, r.(*Member).Name)
			}
			if !strings.Contains(err.Error(), ".name:") || !strings.Contains(err.Error(), "UTF-8") {
				t.Errorf("error %q does not name the field and the fault", err)
			}
		})
	}
}

func TestVocabularyUnmarshalStrict(t *testing.T) {
	var v struct {
		M Milieu `json:"m"`
		T TLP    `json:"t"`
	}
	if err := json.Unmarshal([]byte(`{"m":"autonomous","t":""}`), &v); err != nil || v.M != MilieuAutonomous {
		t.Errorf("known code: %v %v", v, err)
	}
	err := json.Unmarshal([]byte(`{"m":"nazi"}`), &v)
	if err == nil || err.Error() != `model: milieu: unknown code "nazi"` {
		t.Errorf("unknown code: %v", err)
	}
	var k Kind
	if err := k.UnmarshalText([]byte("person")); err == nil {
		t.Error("unknown kind accepted")
	}
}
func TestSpecial8(t *testing.T) {
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 8; pos++ {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			x := uint64(0)
			for i := 7; i >= 0; i-- {
				x = x<<8 | uint64(b[i])
			}
			want := c == '"' || c == '\\' || c < 0x20 || c >= 0x80
			if got := special8(x); got != want {
				t.Fatalf("byte %#x at %d: %v want %v", c, pos, got, want)
			}
		}
	}
}
