package model

import (
	"strconv"
	"strings"
)

// code is a vocabulary value met while walking a record.
type code struct {
	// The field's path is kind.name[idx].sub[idx2].sub2, the parts after
	// name left out when empty or -1; it is built only when needed.
	kind, name, sub, sub2 string
	idx, idx2             int
	value                 string
	ok                    bool
	// required reports whether the empty code is a problem. Optional codes
	// may be empty.
	required bool
}

// path returns the field path without the kind, like
// "follow_ups[1].effect".
func (c code) path() string {
	var b strings.Builder
	b.WriteString(c.name)
	if c.idx >= 0 {
		b.WriteString("[" + strconv.Itoa(c.idx) + "]")
	}
	if c.sub != "" {
		b.WriteString("." + c.sub)
	}
	if c.idx2 >= 0 {
		b.WriteString("[" + strconv.Itoa(c.idx2) + "]")
	}
	if c.sub2 != "" {
		b.WriteString("." + c.sub2)
	}
	return b.String()
}

// codeWalker hands the codes of one record to fn.
type codeWalker struct {
	kind string
	fn   func(code)
}

func (w codeWalker) f(name, value string, ok, required bool) {
	w.fn(code{kind: w.kind, name: name, idx: -1, idx2: -1, value: value, ok: ok, required: required})
}

func (w codeWalker) fi(name string, i int, sub, value string, ok, required bool) {
	w.fn(code{kind: w.kind, name: name, idx: i, sub: sub, idx2: -1, value: value, ok: ok, required: required})
}

func (w codeWalker) fii(name string, i int, sub string, j int, sub2, value string, ok, required bool) {
	w.fn(code{kind: w.kind, name: name, idx: i, sub: sub, idx2: j, sub2: sub2, value: value, ok: ok, required: required})
}

// walkCodes calls fn for every vocabulary value in r.
func walkCodes(r Record, fn func(c code)) {
	w := codeWalker{kind: string(r.Kind()), fn: fn}
	m := r.Base()
	w.f("tlp", string(m.TLP), m.TLP.Valid(), true)
	switch v := r.(type) {
	case *Observation:
		w.f("milieu", string(v.Milieu), v.Milieu.Valid(), true)
		w.f("dimension", string(v.Dimension), v.Dimension.Valid(), true)
		w.f("kind", string(v.ObsKind), v.ObsKind.Valid(), true)
		w.f("source", string(v.Source), v.Source.Valid(), true)
		w.f("reliability", string(v.Reliability), v.Reliability == "" || v.Reliability.Valid(), false)
		if v.Credibility != 0 {
			w.f("credibility", strconv.Itoa(int(v.Credibility)), v.Credibility.Valid(), false)
		}
		w.f("concern", string(v.Concern), v.Concern.Valid(), true)
		w.f("trend", string(v.Trend), v.Trend.Valid(), true)
	case *Measure:
		w.f("tier", string(v.Tier), v.Tier.Valid(), true)
		w.f("type", string(v.Type), v.Type.Valid(), true)
		w.f("status", string(v.Status), v.Status.Valid(), true)
		w.f("org", string(v.Org), v.Org.Valid(), true)
		for i, m := range v.Milieus {
			w.fi("milieus", i, "", string(m), m.Valid(), true)
		}
		for i, f := range v.FollowUps {
			w.fi("follow_ups", i, "effect", string(f.Effect), f.Effect.Valid(), true)
		}
	case *Case:
		w.f("subject", string(v.Subject), v.Subject.Valid(), true)
		w.f("age_band", string(v.AgeBand), v.AgeBand == "" || v.AgeBand.Valid(), false)
		w.f("gender", string(v.Gender), v.Gender == "" || v.Gender.Valid(), false)
		w.f("intake", string(v.Intake), v.Intake.Valid(), true)
		w.f("priority", string(v.Priority), v.Priority.Valid(), true)
		w.f("status", string(v.Status), v.Status.Valid(), true)
		w.f("closing_reason", string(v.ClosingReason), v.ClosingReason == "" || v.ClosingReason.Valid(), false)
		w.f("handler", string(v.Handler), v.Handler.Valid(), true)
		w.f("concern.level", string(v.Concern.Level), v.Concern.Level.Valid(), true)
		w.f("concern.milieu", string(v.Concern.Milieu), v.Concern.Milieu == "" || v.Concern.Milieu.Valid(), false)
		for i, a := range v.Assessments {
			for j, rt := range a.Ratings {
				w.fii("assessments", i, "ratings", j, "area", string(rt.Area), rt.Area.Valid(), true)
				w.fii("assessments", i, "ratings", j, "rating", string(rt.Rating), rt.Rating.Valid(), true)
			}
		}
	case *Member:
		w.f("org", string(v.Org), v.Org.Valid(), true)
		w.f("role", string(v.Role), v.Role.Valid(), true)
	case *Meeting:
		w.f("kind", string(v.MeetingKind), v.MeetingKind.Valid(), true)
		for i, a := range v.Attendees {
			w.fi("attendees", i, "org", string(a.Org), a.Org == "" || a.Org.Valid(), false)
		}
		for i, rc := range v.Recommendations {
			w.fi("recommendations", i, "to", string(rc.To), rc.To == "" || rc.To.Valid(), false)
		}
		for i, d := range v.Decisions {
			w.fi("decisions", i, "body", string(d.Body), d.Body.Valid(), true)
			w.fi("decisions", i, "status", string(d.Status), d.Status.Valid(), true)
		}
	case *Picture:
		for i, l := range v.Milieus {
			w.fi("milieus", i, "milieu", string(l.Milieu), l.Milieu.Valid(), true)
			if !l.Presence.Valid() {
				w.fi("milieus", i, "presence", strconv.Itoa(int(l.Presence)), false, true)
			}
			if !l.Activity.Valid() {
				w.fi("milieus", i, "activity", strconv.Itoa(int(l.Activity)), false, true)
			}
			w.fi("milieus", i, "trend", string(l.Trend), l.Trend.Valid(), true)
		}
		for i, j := range v.Judgements {
			w.fi("judgements", i, "milieu", string(j.Milieu), j.Milieu == "" || j.Milieu.Valid(), false)
			w.fi("judgements", i, "likelihood", string(j.Likelihood), j.Likelihood.Valid(), true)
		}
	case *Partner:
		w.f("org", string(v.Org), v.Org.Valid(), true)
	}
}

// checkCodes returns an error naming the first field of r holding an
// unknown code. An empty required code is left to Validate: a form or an
// import may lack it and is then told so with every other problem.
func checkCodes(r Record) error {
	var err error
	walkCodes(r, func(c code) {
		if err == nil && !c.ok && c.value != "" {
			err = codeError(c.kind+"."+c.path(), c.value)
		}
	})
	return err
}

// readCode reads a vocabulary code. A code that is not valid is an error
// naming the field: model: observation.milieu: unknown code "nazi".
func readCode[T interface {
	~string
	intern(b []byte) (T, bool)
}](r *reader) T {
	var zero T
	if r.err != nil || r.null() {
		return zero
	}
	if r.peek() != '"' {
		r.typeErr("a code (string)")
		return zero
	}
	b := r.rawString()
	if r.err != nil || len(b) == 0 {
		return zero
	}
	v, ok := zero.intern(b)
	if !ok {
		r.failf("unknown code %q", truncate(string(b), 40))
	}
	return v
}
