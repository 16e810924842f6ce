package auditlog

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"varn/model"
)

// secret is a canary: a value that must never appear in an error.
const secret = "Kalle-Anka-19800101"

var t0 = time.Date(2026, 3, 14, 9, 30, 0, 123456789, time.UTC)

func sampleEvent(i int) model.AuditEvent {
	return model.AuditEvent{
		Time:   t0.Add(time.Duration(i) * time.Second),
		Actor:  model.Actor{User: "sakchef", Key: "passphrase"},
		Action: model.ActionUpdate,
		Kind:   model.KindMeasure,
		Ref:    "01J00000000000000000000000",
		Fields: []string{"status", "next_follow_up"},
		Detail: "",
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	stockholm := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		ev   model.AuditEvent
	}{
		{"minimal", model.AuditEvent{Time: t0, Action: model.ActionUnlock}},
		{"full", func() model.AuditEvent { e := sampleEvent(1); e.Seq = 42; e.Detail = "sha256:abcd"; return e }()},
		{"swedish text", model.AuditEvent{Seq: 7, Time: t0, Actor: model.Actor{User: "åsa.öberg", Key: "nyckel på YubiKey"}, Action: model.ActionView, Detail: "granskning ärende"}},
		{"before 1970", model.AuditEvent{Time: time.Date(1969, 12, 31, 23, 59, 59, 1, time.UTC), Action: model.ActionLock}},
		{"epoch", model.AuditEvent{Time: time.Unix(0, 0).UTC(), Action: model.ActionLock}},
		{"max seq", model.AuditEvent{Seq: 1<<64 - 1, Time: t0, Action: model.ActionLock}},
		{"limits", model.AuditEvent{Time: t0, Action: model.ActionLock,
			Actor:  model.Actor{User: strings.Repeat("u", maxActorLen), Key: strings.Repeat("k", maxActorLen)},
			Fields: repeat(strings.Repeat("f", maxFieldLen), maxFields), Detail: strings.Repeat("d", maxDetailLen)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := EncodeEvent(&tt.ev)
			if err != nil {
				t.Fatalf("EncodeEvent: %v", err)
			}
			got, err := DecodeEvent(b)
			if err != nil {
				t.Fatalf("DecodeEvent: %v", err)
			}
			if !got.Time.Equal(tt.ev.Time) || got.Time.Location() != time.UTC {
				t.Errorf("time = %v, want %v in UTC", got.Time, tt.ev.Time)
			}
			want := tt.ev
			want.Time = got.Time
			if !reflect.DeepEqual(got, want) {
				t.Errorf("DecodeEvent = %+v, want %+v", got, want)
			}
			again, err := EncodeEvent(&got)
			if err != nil || !bytes.Equal(again, b) {
				t.Errorf("re-encoding differs (err %v)", err)
			}
		})
	}

	// The same instant in another zone, or with a monotonic reading, is the
	// same event.
	a := model.AuditEvent{Time: t0, Action: model.ActionLock}
	b := model.AuditEvent{Time: t0.In(stockholm), Action: model.ActionLock}
	c := model.AuditEvent{Time: time.Now(), Action: model.ActionLock}
	c2 := c
	c2.Time = c.Time.Round(0)
	ea, _ := EncodeEvent(&a)
	eb, _ := EncodeEvent(&b)
	ec, _ := EncodeEvent(&c)
	ec2, _ := EncodeEvent(&c2)
	if !bytes.Equal(ea, eb) || !bytes.Equal(ec, ec2) {
		t.Error("encoding depends on time zone or monotonic clock reading")
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestEncodeEventRejects(t *testing.T) {
	ok := func() model.AuditEvent { return sampleEvent(0) }
	tests := []struct {
		name string
		edit func(*model.AuditEvent)
		want string
	}{
		{"no time", func(e *model.AuditEvent) { e.Time = time.Time{} }, "no time"},
		{"time too late", func(e *model.AuditEvent) { e.Time = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC) }, "outside the years"},
		{"time too early", func(e *model.AuditEvent) { e.Time = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC) }, "outside the years"},
		{"no action", func(e *model.AuditEvent) { e.Action = "" }, "no action"},
		{"long user", func(e *model.AuditEvent) { e.Actor.User = secret + strings.Repeat("x", maxActorLen) }, "actor user is longer"},
		{"long key label", func(e *model.AuditEvent) { e.Actor.Key = secret + strings.Repeat("x", maxActorLen) }, "actor key label is longer"},
		{"long action", func(e *model.AuditEvent) { e.Action = model.AuditAction(secret + strings.Repeat("x", maxCodeLen)) }, "action is longer"},
		{"long kind", func(e *model.AuditEvent) { e.Kind = model.Kind(secret + strings.Repeat("x", maxCodeLen)) }, "record kind is longer"},
		{"long ref", func(e *model.AuditEvent) { e.Ref = model.ID(secret + strings.Repeat("x", maxCodeLen)) }, "record reference is longer"},
		{"long detail", func(e *model.AuditEvent) { e.Detail = secret + strings.Repeat("x", maxDetailLen) }, "detail is longer"},
		{"bad utf8 user", func(e *model.AuditEvent) { e.Actor.User = secret + "\xff" }, "actor user is not valid UTF-8"},
		{"escape in detail", func(e *model.AuditEvent) { e.Detail = secret + "\x1b]0;pwned\a" }, "detail contains a control character"},
		{"newline in user", func(e *model.AuditEvent) { e.Actor.User = secret + "\n" }, "contains a control character"},
		{"C1 control", func(e *model.AuditEvent) { e.Detail = secret + "\u009b31m" }, "contains a control character"},
		{"DEL", func(e *model.AuditEvent) { e.Detail = secret + "\x7f" }, "contains a control character"},
		{"empty field name", func(e *model.AuditEvent) { e.Fields = []string{"a", ""} }, "field name 2 is empty"},
		{"long field name", func(e *model.AuditEvent) { e.Fields = []string{secret + strings.Repeat("x", maxFieldLen)} }, "field name 1 is longer"},
		{"control in field", func(e *model.AuditEvent) { e.Fields = []string{"ok", secret + "\t"} }, "field name 2 contains a control"},
		{"too many fields", func(e *model.AuditEvent) { e.Fields = repeat("f", maxFields+1) }, "more than the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok()
			tt.edit(&e)
			_, err := EncodeEvent(&e)
			if err == nil {
				t.Fatal("EncodeEvent accepted a bad event")
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "auditlog: ") {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q quotes the event's value", err)
			}
		})
	}
	if _, err := EncodeEvent(nil); err == nil {
		t.Error("EncodeEvent(nil) succeeded")
	}
}

func TestDecodeEventRejects(t *testing.T) {
	ev := sampleEvent(3)
	ev.Detail = "d"
	good, err := EncodeEvent(&ev)
	if err != nil {
		t.Fatal(err)
	}
	// Every proper prefix is rejected.
	for n := range len(good) {
		if _, err := DecodeEvent(good[:n]); err == nil {
			t.Fatalf("DecodeEvent accepted the first %d of %d bytes", n, len(good))
		}
	}
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	// offset of the user string length: version, seq, time
	const userAt = 1 + 8 + 8
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"trailing byte", mut(func(b []byte) []byte { return append(b, 0) }), "unexpected bytes"},
		{"version 2", mut(func(b []byte) []byte { b[0] = 2; return b }), "unknown encoding version 2"},
		{"version 0", mut(func(b []byte) []byte { b[0] = 0; return b }), "unknown encoding version"},
		{"user length overruns", mut(func(b []byte) []byte { b[userAt] = 0xff; return b }), "longer than"},
		{"bad utf8", mut(func(b []byte) []byte { b[userAt+2] = 0xff; return b }), "not valid UTF-8"},
		{"control char", mut(func(b []byte) []byte { b[userAt+2] = 0x1b; return b }), "control character"},
		{"empty", nil, "truncated"},
		{"no action", func() []byte {
			b := []byte{eventVersion}
			b = append(b, make([]byte, 16)...)
			b = append(b, make([]byte, 2*5+2+2)...)
			return b
		}(), "no action"},
		{"too many fields", func() []byte {
			b := []byte{eventVersion}
			b = append(b, make([]byte, 16)...)
			b = append(b, 0, 0, 0, 0, 0, 1, 'x', 0, 0, 0, 0, 0xff, 0xff)
			return b
		}(), "more than the limit"},
		{"empty field name", func() []byte {
			b := []byte{eventVersion}
			b = append(b, make([]byte, 16)...)
			b = append(b, 0, 0, 0, 0, 0, 1, 'x', 0, 0, 0, 0, 0, 1, 0, 0, 0, 0)
			return b
		}(), "field name 1 is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeEvent(tt.b)
			if err == nil {
				t.Fatal("DecodeEvent accepted bad bytes")
			}
			if !errors.Is(err, errCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want errCorrupt containing %q", err, tt.want)
			}
		})
	}
}

func FuzzDecodeEvent(f *testing.F) {
	for i, ev := range []model.AuditEvent{
		{Time: t0, Action: model.ActionUnlock},
		sampleEvent(1),
		{Seq: 9, Time: t0, Actor: model.Actor{User: "åsa"}, Action: model.ActionView, Detail: "x", Fields: []string{"a", "b", "c"}},
	} {
		b, err := EncodeEvent(&ev)
		if err != nil {
			f.Fatalf("seed %d: %v", i, err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{eventVersion, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := DecodeEvent(b)
		if err != nil {
			if !errors.Is(err, errCorrupt) {
				t.Fatalf("error %v does not wrap errCorrupt", err)
			}
			return
		}
		// Canonical: whatever decodes re-encodes to the very same bytes.
		again, err := EncodeEvent(&ev)
		if err != nil {
			t.Fatalf("decoded event does not re-encode: %v", err)
		}
		if !bytes.Equal(again, b) {
			t.Fatalf("re-encoding differs:\n in  %x\n out %x", b, again)
		}
		if s, ok := eventSeq(b); !ok || s != ev.Seq {
			t.Fatalf("eventSeq = %d, %v; want %d", s, ok, ev.Seq)
		}
	})
}
