package main

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"varn/model"
)

// FuzzRecordJSON feeds the CLI's JSON input path arbitrary bytes: the KIND
// argument and the body of `varn record add KIND --json -`, and the same
// bytes as one line of `varn record import` (no KIND). The seed corpus is
// in testdata/fuzz/FuzzRecordJSON (one seed per kind, hostile variants).
//
// Checked on every input:
//   - nothing panics;
//   - every error, as run() prints it, is one short line of valid UTF-8
//     without control or bidi characters, in sv and en;
//   - a record accepted for KIND is a KIND, and the same bytes with their
//     own "record" give the same record through the import path;
//   - an accepted record encodes; that encoding is accepted again by both
//     paths and re-encodes to the very same bytes (round trip stable), and
//     it validates exactly when the original validates;
//   - a record that validates still validates once the vault has filled
//     in its id, version, times and author (what Put does), and after an
//     encode/decode of that.
func FuzzRecordJSON(f *testing.F) {
	for _, s := range fuzzRecordSeeds() {
		f.Add(s.kind, []byte(s.json))
	}
	f.Fuzz(func(t *testing.T, kindArg string, b []byte) {
		checkCLIJSON(t, kindArg, b)
	})
}

type recordSeed struct{ kind, json string }

// fuzzRecordSeeds are added with f.Add on top of the corpus files, so the
// target has seeds even if testdata is pruned.
func fuzzRecordSeeds() []recordSeed {
	return []recordSeed{
		{"observation", obsJSON("Klistermärken vid Gläntans skola")},
		{"observation", `{"tlp":"amber","milieu":"white_power","dimension":"group","kind":"activity","source":"police","reliability":"B","credibility":2,"concern":"moderate","trend":"rising","observed":"2026-11-18","summary":"utan record-fält"}`},
		{"OBSERVATION", `{}`},
		{"case", `{"record":"case","subject":"individual","pseudonym":"Person A","concern":{"text":"\ud83d\ude42","level":"high"}}`},
		{"measure", `{"record":"observation","summary":"fel sort"}`},
		{"member", `{"name":"\u202eevil\u001b[31m","version":3}`},
		{"meeting", `{"date":"2026-02-30"}`},
		{"partner", `[]`},
		{"picture", `null`},
		{"", `{"record":"nonsense"}`},
		{"x\x1b]52;c;aGk=\x07", `{`},
	}
}

// checkCLIJSON is FuzzRecordJSON's property check for one input.
func checkCLIJSON(t *testing.T, kindArg string, b []byte) {
	t.Helper()
	orig := bytes.Clone(b)
	kind, kerr := parseKind(kindArg)
	if kerr != nil {
		checkPrintedError(t, "parseKind", kerr)
		var u usageError
		if !errors.As(kerr, &u) {
			t.Fatalf("a bad KIND %q is not a usage error: %v", kindArg, kerr)
		}
	}
	var viaAdd model.Record
	if kerr == nil {
		r, err := decodeFor(kind, b)
		if !bytes.Equal(b, orig) {
			t.Fatal("decodeFor changed its input")
		}
		if err != nil {
			checkPrintedError(t, "record add", err)
		} else {
			if r.Kind() != kind {
				t.Fatalf("record add %s accepted a %s", kind, r.Kind())
			}
			checkAccepted(t, kind, r)
			viaAdd = r
		}
	}
	// The import path reads the same bytes as one line of a JSONL file.
	line := bytes.TrimSpace(b)
	if len(line) == 0 || bytes.ContainsAny(line, "\n") {
		return
	}
	r, err := decodeFor("", line)
	if err != nil {
		checkPrintedError(t, "record import", err)
		return
	}
	checkAccepted(t, r.Kind(), r)
	if viaAdd != nil && viaAdd.Kind() == r.Kind() {
		e1, _ := model.Encode(viaAdd)
		e2, _ := model.Encode(r)
		if !bytes.Equal(e1, e2) {
			t.Fatalf("record add and record import read the same JSON differently:\n%s\n%s", e1, e2)
		}
	}
}

// checkAccepted checks a record the CLI accepted.
func checkAccepted(t *testing.T, kind model.Kind, r model.Record) {
	t.Helper()
	enc, err := model.Encode(r)
	if err != nil {
		t.Fatalf("an accepted %s does not encode: %v", kind, err)
	}
	valid := model.Validate(r, nil) == nil
	for _, k := range []model.Kind{kind, ""} {
		r2, err := decodeFor(k, enc)
		if err != nil {
			t.Fatalf("the encoding of an accepted %s is refused (kind %q): %v\n%s", kind, k, err, enc)
		}
		enc2, err := model.Encode(r2)
		if err != nil || !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip not stable (kind %q): %v\n%s\n%s", k, err, enc, enc2)
		}
		if v2 := model.Validate(r2, nil) == nil; v2 != valid {
			t.Fatalf("validity changed in the round trip: %v then %v\n%s", valid, v2, enc)
		}
	}
	ps := model.Validate(r, nil)
	if ps != nil {
		for _, l := range []model.Lang{model.Swedish, model.English} {
			checkPrintedErrorN(t, "validation", explain(ps.Err(kind), l), 200*(len(ps)+1))
		}
		return
	}
	// What Put does before it stores the record, on a copy.
	p, err := model.Decode(enc)
	if err != nil {
		t.Fatalf("the encoding of an accepted %s does not decode: %v", kind, err)
	}
	model.Prepare(p, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), "sakchef", "01JDEMO0VAULT0000000000000", nil)
	if ps := model.Validate(p, nil); ps != nil {
		t.Fatalf("a valid %s is invalid once prepared for the vault: %v", kind, ps.Err(kind))
	}
	enc, err = model.Encode(p)
	if err != nil {
		t.Fatalf("a prepared %s does not encode: %v", kind, err)
	}
	r3, err := model.Decode(enc)
	if err != nil {
		t.Fatalf("a prepared %s does not decode: %v\n%s", kind, err, enc)
	}
	if ps := model.Validate(r3, nil); ps != nil {
		t.Fatalf("a prepared %s is invalid after a round trip: %v\n%s", kind, ps.Err(kind), enc)
	}
}

// checkPrintedError checks err as run() prints it: one line of valid
// UTF-8, at most 500 bytes (200 per problem for a validation error), without control, C1 or bidi characters.
func checkPrintedError(t *testing.T, what string, err error) {
	t.Helper()
	checkPrintedErrorN(t, what, err, 500)
}

func checkPrintedErrorN(t *testing.T, what string, err error, limit int) {
	t.Helper()
	msg := oneLine(err.Error())
	if msg == "" || len(msg) > limit || !utf8.ValidString(msg) {
		t.Fatalf("%s: bad error message (%d bytes): %q", what, len(msg), msg)
	}
	if i := strings.IndexFunc(msg, func(r rune) bool {
		return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
	}); i >= 0 {
		t.Fatalf("%s: the error message holds a control character at %d: %q", what, i, msg)
	}
}
