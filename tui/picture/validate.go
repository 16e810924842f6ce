package picture

import (
	"unicode/utf8"

	"varn/model"
)

// maxSummary bounds the summary text.
const maxSummary = 4000

// validate checks an observation field by field and returns a message
// per field with a problem.
func validate(l model.Lang, o *model.Observation, _ *Index) map[string]string {
	p := map[string]string{}
	if !o.Milieu.Valid() {
		p["milieu"] = l.T(model.UIRequired)
	}
	if !o.Dimension.Valid() {
		p["dimension"] = l.T(model.UIRequired)
	}
	if !o.ObsKind.Valid() {
		p["kind"] = l.T(model.UIRequired)
	}
	if !o.Source.Valid() {
		p["source"] = l.T(model.UIRequired)
	}
	if o.Observed.IsZero() {
		p["observed"] = l.T(model.UIRequired)
	}
	if o.Summary == "" {
		p["summary"] = l.T(model.UIRequired)
	} else if utf8.RuneCountInString(o.Summary) > maxSummary {
		p["summary"] = l.T(model.UITooLong, maxSummary)
	}
	if utf8.RuneCountInString(o.Area) > 80 {
		p["area"] = l.T(model.UITooLong, 80)
	}
	return p
}
