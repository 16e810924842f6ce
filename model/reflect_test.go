package model

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// stringFields returns the JSON path of every plain string field of r
// (not codes, IDs or dates), looking into nested structs and the first
// element of each non-empty slice, as Validate names them
// ("concern.text", "follow_ups[0].note", "areas[0]").
func stringFields(r Record) []string {
	var out []string
	var walk func(v reflect.Value, prefix string)
	walk = func(v reflect.Value, prefix string) {
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous {
				walk(v.Field(i), prefix)
				continue
			}
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			if name == "" || name == "-" {
				continue
			}
			fv := v.Field(i)
			switch {
			case f.Type == reflect.TypeOf(""):
				out = append(out, prefix+name)
			case f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(Date{}) && f.Type.PkgPath() == reflect.TypeOf(Meta{}).PkgPath() && f.Type.Name() != "Time":
				walk(fv, prefix+name+".")
			case f.Type.Kind() == reflect.Slice && fv.Len() > 0:
				el := f.Type.Elem()
				switch {
				case el == reflect.TypeOf(""):
					out = append(out, prefix+name+"[0]")
				case el.Kind() == reflect.Struct:
					walk(fv.Index(0), prefix+name+"[0].")
				}
			}
		}
	}
	walk(reflect.ValueOf(r).Elem(), "")
	return out
}

// setStringField sets the string field of r at a path stringFields
// returned.
func setStringField(t *testing.T, r Record, path, s string) {
	t.Helper()
	v := reflect.ValueOf(r).Elem()
	for _, part := range strings.Split(path, ".") {
		idx := -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
			part = part[:i]
		}
		v = fieldByJSON(v, part)
		if !v.IsValid() {
			t.Fatalf("%s: no field %s", path, part)
		}
		if idx >= 0 {
			v = v.Index(idx)
		}
	}
	v.SetString(s)
}

func fieldByJSON(v reflect.Value, name string) reflect.Value {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			if fv := fieldByJSON(v.Field(i), name); fv.IsValid() {
				return fv
			}
			continue
		}
		if strings.Split(f.Tag.Get("json"), ",")[0] == name {
			return v.Field(i)
		}
	}
	return reflect.Value{}
}
