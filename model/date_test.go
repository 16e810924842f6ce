package model

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2026-11-22", "2026-11-22", true},
		{"", "", true},
		{"2024-02-29", "2024-02-29", true},
		{"2025-02-29", "", false},
		{"2026-13-01", "", false},
		{"2026-00-10", "", false},
		{"2026-04-31", "", false},
		{"2026-1-01", "", false},
		{"26-11-22", "", false},
		{"2026/11/22", "", false},
		{"2026-11-22T00:00:00Z", "", false},
		{"０２６-11-22", "", false},
		{"0000-01-01", "", false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok || got.String() != tt.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "model: ") {
			t.Errorf("error %q lacks the prefix", err)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		name      string
		got, want string
	}{
		{"add days", d("2026-12-30").AddDays(3).String(), "2027-01-02"},
		{"sub days", d("2026-03-01").AddDays(-1).String(), "2026-02-28"},
		{"leap", d("2024-02-28").AddDays(1).String(), "2024-02-29"},
		{"add month clamps", d("2026-01-31").AddMonths(1).String(), "2026-02-28"},
		{"add month leap", d("2024-01-31").AddMonths(1).String(), "2024-02-29"},
		{"add quarter", d("2026-11-30").AddMonths(3).String(), "2027-02-28"},
		{"sub months", d("2026-03-31").AddMonths(-13).String(), "2025-02-28"},
		{"zero stays zero", Date{}.AddDays(5).String(), ""},
		{"zero months", Date{}.AddMonths(1).String(), ""},
		{"normalise", NewDate(2026, 1, 32).String(), "2026-02-01"},
		{"normalise month", NewDate(2026, 13, 1).String(), "2027-01-01"},
		{"of time", DateOf(time.Date(2026, 11, 22, 23, 59, 0, 0, time.FixedZone("x", 3600))).String(), "2026-11-22"},
		{"monday", d("2026-11-22").Monday().String(), "2026-11-16"},
		{"monday of monday", d("2026-11-16").Monday().String(), "2026-11-16"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	a, b := d("2026-11-22"), d("2026-11-23")
	if !a.Before(b) || a.After(b) || b.Sub(a) != 1 || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("ordering is wrong")
	}
	if !(Date{}).Before(a) || !(Date{}).IsZero() || a.IsZero() {
		t.Error("zero date ordering is wrong")
	}
	// Weekdays over a long range agree with package time.
	for x := d("1999-12-25"); x.Before(d("2001-01-10")); x = x.AddDays(1) {
		tm := x.Time(time.UTC)
		if x.Weekday() != tm.Weekday() {
			t.Fatalf("%s: weekday %v, time says %v", x, x.Weekday(), tm.Weekday())
		}
		if DateOf(tm) != x {
			t.Fatalf("%s does not round trip through time", x)
		}
		yw, w := x.ISOWeek()
		ty, tw := tm.ISOWeek()
		if yw != ty || w != tw {
			t.Fatalf("%s: ISO week differs", x)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type s struct {
		D Date `json:"d"`
		Z Date `json:"z,omitzero"`
	}
	b, err := json.Marshal(s{D: d("2026-11-22")})
	if err != nil || string(b) != `{"d":"2026-11-22"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	var v s
	if err := json.Unmarshal([]byte(`{"d":"2026-02-01","z":""}`), &v); err != nil || v.D != d("2026-02-01") || !v.Z.IsZero() {
		t.Errorf("Unmarshal = %+v, %v", v, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"2026-02-30"}`), &v); err == nil {
		t.Error("Unmarshal accepted 2026-02-30")
	}
}

func TestQuarter(t *testing.T) {
	q, err := ParseQuarter("2026Q4")
	if err != nil || q.Start() != d("2026-10-01") || q.End() != d("2026-12-31") || q.Next().String() != "2027Q1" || q.Prev().String() != "2026Q3" {
		t.Errorf("2026Q4: %v %v %v %v", q, err, q.Start(), q.End())
	}
	if q2, err := ParseQuarter("2026-q1"); err != nil || q2.End() != d("2026-03-31") {
		t.Errorf("2026-q1: %v %v", q2, err)
	}
	for _, bad := range []string{"2026Q5", "2026Q0", "Q3", "2026", "20x6Q1", ""} {
		if _, err := ParseQuarter(bad); err == nil {
			t.Errorf("ParseQuarter(%q) accepted", bad)
		}
	}
	if !q.Contains(d("2026-12-31")) || q.Contains(d("2027-01-01")) || q.Contains(Date{}) {
		t.Error("Contains is wrong")
	}
	if QuarterOf(d("2026-09-30")).String() != "2026Q3" {
		t.Error("QuarterOf is wrong")
	}
}

func TestID(t *testing.T) {
	tm := time.Date(2026, 11, 22, 9, 30, 0, 123e6, time.UTC)
	id := NewID(tm, fixedRand(0xAB))
	if !id.Valid() || len(id) != 26 {
		t.Fatalf("NewID = %q", id)
	}
	if !id.Time().Equal(tm.Truncate(time.Millisecond)) {
		t.Errorf("ID time %v, want %v", id.Time(), tm)
	}
	later := NewID(tm.Add(time.Millisecond), fixedRand(0))
	if later <= id {
		t.Errorf("later ID %s does not sort after %s", later, id)
	}
	if a, b := NewID(tm, nil), NewID(tm, nil); a == b || !a.Valid() {
		t.Errorf("crypto/rand IDs %s %s", a, b)
	}
	got, err := ParseID(strings.ToLower(string(id)))
	if err != nil || got != id {
		t.Errorf("ParseID(lower) = %q, %v", got, err)
	}
	if got, err := ParseID("01KCK4Y9J0KHT5JJVP6OA7H0Z0"); err != nil || got != "01KCK4Y9J0KHT5JJVP60A7H0Z0" {
		t.Errorf("ParseID with O = %q, %v", got, err)
	}
	for _, bad := range []string{"", "01KCK4Y9J0", "01KCK4Y9J0KHT5JJVP60A7H0Z!", "81KCK4Y9J0KHT5JJVP60A7H0Z0", "01KCK4Y9J0KHT5JJVP60A7H0ZU"} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q) accepted", bad)
		} else if !strings.HasPrefix(err.Error(), "model: ") {
			t.Errorf("error %q lacks the prefix", err)
		}
	}
	if ID("nope").Valid() || !ID("00000000000000000000000000").Valid() || ID("nope").Time() != (time.Time{}) {
		t.Error("Valid is wrong")
	}
	if id.Short() != string(id[20:]) {
		t.Error("Short is wrong")
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errFail }

var errFail = &json.UnsupportedValueError{Str: "no randomness"}

func TestNewIDPanicsWithoutRandomness(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewID did not panic on a failing reader")
		}
	}()
	NewID(time.Now(), failingReader{})
}

func TestDateConstants(t *testing.T) {
	if got := daysFromCivil(1, 1, 1) - 1; got != epochShift {
		t.Errorf("epochShift = %d, want %d", epochShift, got)
	}
	if got := daysFromCivil(9999, 12, 31) - epochShift; got != maxDays {
		t.Errorf("maxDays = %d, want %d", maxDays, got)
	}
	if d("9999-12-31").AddDays(1) != (Date{}) || d("0001-01-01").AddDays(-1) != (Date{}) {
		t.Error("dates beyond the range do not become zero")
	}
}
