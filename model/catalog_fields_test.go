package model

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// jsonNames lists the top-level JSON names of a struct type, embedded
// structs (Meta) flattened.
func jsonNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, jsonNames(f.Type)...)
			continue
		}
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

func TestEveryFieldOfEveryKindHasALabel(t *testing.T) {
	for _, k := range AllKinds() {
		r, err := New(k)
		if err != nil {
			t.Fatal(err)
		}
		names := append(jsonNames(reflect.TypeOf(r).Elem()), "format", "record")
		for _, s := range sampleRecords() {
			if s.Kind() != k {
				continue
			}
			b, err := Encode(s)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			for n := range m {
				names = append(names, n)
			}
		}
		for _, n := range names {
			sv, en := FieldLabel(k, n, Swedish), FieldLabel(k, n, English)
			if sv == n && en == n {
				t.Errorf("%s.%s has no label", k, n)
			}
			if sv == "" || en == "" {
				t.Errorf("%s.%s: empty label sv=%q en=%q", k, n, sv, en)
			}
		}
	}
}

func TestFieldLabelReusesFormLabels(t *testing.T) {
	for _, c := range []struct {
		k           Kind
		field, want string
		l           Lang
	}{
		{KindMeasure, "next_follow_up", "Nästa uppföljning", Swedish},
		{KindMeasure, "next_follow_up", "Next follow-up", English},
		{KindObservation, "summary", "Sammanfattning", Swedish},
		{KindCase, "legal_basis", "Legal basis", English},
		{KindObservation, "no_such_field", "no_such_field", Swedish},
	} {
		if got := FieldLabel(c.k, c.field, c.l); got != c.want {
			t.Errorf("FieldLabel(%s, %s, %s) = %q, want %q", c.k, c.field, c.l, got, c.want)
		}
	}
}

func TestFieldCodeLabel(t *testing.T) {
	if got := FieldCodeLabel(KindObservation, "milieu", "white_power", Swedish); got != "Vit makt-miljön" {
		t.Errorf("milieu label = %q", got)
	}
	if got := FieldCodeLabel(KindObservation, "summary", "white_power", Swedish); got != "white_power" {
		t.Errorf("a free-text field was labelled: %q", got)
	}
	if got := FieldCodeLabel(KindObservation, "milieu", "nazi", English); got != "nazi" {
		t.Errorf("unknown code = %q", got)
	}
	if got := FieldCodeLabel(KindMeeting, "decisions.status", "done", English); got == "done" && Has("decision.done") {
		t.Errorf("nested code not labelled: %q", got)
	}
}
