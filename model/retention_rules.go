package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// SettingRetention is the name of the vault setting holding the vault's
// [RetentionRules] as JSON. Unset, [DefaultRetentionRules] apply.
const SettingRetention = "retention"

// Bounds of a retention rule, in years.
const (
	MinRetentionYears = 1
	MaxRetentionYears = 100
)

// Check reports the first rule outside [MinRetentionYears,
// MaxRetentionYears], naming it by its JSON name.
func (r RetentionRules) Check() error {
	for _, f := range []struct {
		name string
		v    int
	}{
		{"closed_case_years", r.ClosedCaseYears},
		{"individual_observation_years", r.IndividualObservationYears},
		{"individual_measure_years", r.IndividualMeasureYears},
	} {
		if f.v < MinRetentionYears || f.v > MaxRetentionYears {
			return fmt.Errorf("model: retention rule %s is %d years; it must be between %d and %d", f.name, f.v, MinRetentionYears, MaxRetentionYears)
		}
	}
	return nil
}

// ParseRetentionRules reads the retention setting. Rules it leaves out
// keep their defaults; unknown names and rules out of bounds are errors.
func ParseRetentionRules(b []byte) (RetentionRules, error) {
	r := DefaultRetentionRules()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return DefaultRetentionRules(), fmt.Errorf("model: the retention setting is not valid JSON rules: %s", SanitizeLine(err.Error()))
	}
	if err := r.Check(); err != nil {
		return DefaultRetentionRules(), err
	}
	return r, nil
}

// Encode returns the rules as the JSON of the retention setting.
func (r RetentionRules) Encode() []byte {
	b, _ := json.Marshal(r)
	return b
}
