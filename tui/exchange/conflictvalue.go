package exchange

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"varn/model"
)

// This file renders the values of a conflict copy's fields for a reader:
// the vault hands them over as encoded JSON, whole, and the screen shows
// them in the user's language — strings unquoted, vocabulary codes by
// their label, times as date and time, lists joined with ", " and nested
// items (follow-ups, judgements, decisions) one a line. Every string is
// sanitised: the values come from a partner's bundle.

// member is one key of a JSON object, in the order it was written.
type member struct {
	key string
	val any
}

// object is a JSON object with its keys in order (the encoder writes
// them in the order of the record's fields).
type object []member

// decodeValue reads one encoded value, keeping the order of object keys
// and numbers as written.
func decodeValue(raw json.RawMessage) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return readValue(d)
}

func readValue(d *json.Decoder) (any, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		var o object
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := readValue(d)
			if err != nil {
				return nil, err
			}
			ks, _ := k.(string)
			o = append(o, member{ks, v})
		}
		_, err = d.Token()
		return o, err
	case json.Delim('['):
		var a []any
		for d.More() {
			v, err := readValue(d)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err = d.Token()
		return a, err
	}
	return tok, nil
}

// conflictValue renders one side of a differing field of a record of
// kind k, named by its JSON name, in language l. The result may hold
// newlines (one nested item a line, or the text's own) and nothing else
// a terminal would act on.
func conflictValue(k model.Kind, field string, raw json.RawMessage, l model.Lang) string {
	if raw == nil {
		return "—"
	}
	v, err := decodeValue(raw)
	if err != nil {
		return model.Sanitize(string(raw))
	}
	if s := renderValue(k, field, v, l, 0); s != "" {
		return s
	}
	return "—"
}

// renderValue renders v found at path (the field's JSON name, or
// "<field>.<key>" inside a nested item); depth is 0 at the top, where
// a list of items is shown one item a line.
func renderValue(k model.Kind, path string, v any, l model.Lang, depth int) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return renderString(k, path, x, l)
	case json.Number:
		return model.Sanitize(model.FieldCodeLabel(k, path, x.String(), l))
	case bool:
		return model.YesNo(x, l)
	case object:
		return renderObject(k, path, x, l, depth)
	case []any:
		parts := make([]string, 0, len(x))
		items := false
		for _, e := range x {
			if _, ok := e.(object); ok {
				items = true
			}
			if s := renderValue(k, path, e, l, depth+1); s != "" {
				parts = append(parts, s)
			}
		}
		if items && depth == 0 {
			for i, p := range parts {
				parts[i] = "• " + p
			}
			return strings.Join(parts, "\n")
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// renderString shows a code by its label, a time as date and time, and
// text as it is, sanitised.
func renderString(k model.Kind, path, s string, l model.Lang) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil && strings.Contains(s, "T") {
		return t.Local().Format("2006-01-02 15:04")
	}
	return model.Sanitize(model.FieldCodeLabel(k, path, s, l))
}

// renderObject summarises a nested item on one line: its values in the
// order written, numbers named by their label ("Flickor/kvinnor 3").
func renderObject(k model.Kind, path string, o object, l model.Lang, depth int) string {
	parts := make([]string, 0, len(o))
	for _, m := range o {
		p := path + "." + m.key
		s := renderValue(k, p, m.val, l, depth+1)
		if s == "" {
			continue
		}
		if _, ok := m.val.(json.Number); ok {
			s = model.SanitizeLine(model.FieldLabel(k, p, l)) + " " + s
		}
		parts = append(parts, strings.ReplaceAll(s, "\n", " "))
	}
	return strings.Join(parts, " · ")
}
