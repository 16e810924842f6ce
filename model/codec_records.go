package model

import "strconv"

// The hand-written encoding of each record type. It follows the struct
// tags exactly: TestCodecMatchesEncodingJSON checks that encoding/json
// reads what the writer writes, and that the reader reads what
// encoding/json writes.

func (m *Meta) encode(w *writer) {
	w.str("id", string(m.ID), true)
	w.str("origin", m.Origin, true)
	w.uint("version", m.Version, true)
	w.time("created", m.Created, true)
	w.time("updated", m.Updated, true)
	w.str("author", m.Author, true)
	w.str("tlp", string(m.TLP), false)
	w.date("retain_until", m.RetainUntil, true)
}

// field reads a Meta field, reporting whether k is one.
func (m *Meta) field(r *reader, k []byte) bool {
	switch string(k) {
	case "id":
		m.ID = ID(r.str())
	case "origin":
		m.Origin = r.str()
	case "version":
		m.Version = r.uint64()
	case "created":
		m.Created = r.time()
	case "updated":
		m.Updated = r.time()
	case "author":
		m.Author = r.str()
	case "tlp":
		m.TLP = readCode[TLP](r)
	case "retain_until":
		m.RetainUntil = r.date()
	default:
		return false
	}
	return true
}

func (v *Observation) encode(w *writer) {
	w.str("milieu", string(v.Milieu), false)
	w.str("dimension", string(v.Dimension), false)
	w.str("kind", string(v.ObsKind), false)
	w.str("area", v.Area, true)
	w.str("source", string(v.Source), false)
	w.str("reliability", string(v.Reliability), true)
	w.int("credibility", int64(v.Credibility), true)
	w.str("concern", string(v.Concern), false)
	w.str("trend", string(v.Trend), false)
	w.date("observed", v.Observed, false)
	w.date("observed_to", v.ObservedTo, true)
	w.str("summary", v.Summary, false)
	w.ids("groups", v.Groups)
	w.ids("cases", v.Cases)
	w.ids("measures", v.Measures)
}

func (v *Observation) field(r *reader, k []byte) bool {
	switch string(k) {
	case "milieu":
		v.Milieu = readCode[Milieu](r)
	case "dimension":
		v.Dimension = readCode[Dimension](r)
	case "kind":
		v.ObsKind = readCode[ObservationKind](r)
	case "area":
		v.Area = r.str()
	case "source":
		v.Source = readCode[Org](r)
	case "reliability":
		v.Reliability = readCode[Reliability](r)
	case "credibility":
		v.Credibility = Credibility(r.small())
		if v.Credibility != 0 && !v.Credibility.Valid() {
			r.failf("unknown code %q", strconv.Itoa(int(v.Credibility)))
		}
	case "concern":
		v.Concern = readCode[Concern](r)
	case "trend":
		v.Trend = readCode[Trend](r)
	case "observed":
		v.Observed = r.date()
	case "observed_to":
		v.ObservedTo = r.date()
	case "summary":
		v.Summary = r.str()
	case "groups":
		v.Groups = r.ids()
	case "cases":
		v.Cases = r.ids()
	case "measures":
		v.Measures = r.ids()
	default:
		return v.Meta.field(r, k)
	}
	return true
}

func (v *Measure) encode(w *writer) {
	w.str("title", v.Title, false)
	w.str("tier", string(v.Tier), false)
	w.str("type", string(v.Type), false)
	w.str("status", string(v.Status), false)
	w.str("org", string(v.Org), false)
	w.str("contact", v.Contact, true)
	w.str("description", v.Description, true)
	w.str("target_group", v.TargetGroup, true)
	if v.Reach != (GenderCounts{}) {
		w.key("reach")
		v.Reach.encode(w)
	}
	w.array("milieus", len(v.Milieus), true, func(i int) { w.quote(string(v.Milieus[i])) })
	w.strs("areas", v.Areas)
	w.date("start", v.Start, true)
	w.date("end", v.End, true)
	w.date("next_follow_up", v.NextFollowUp, true)
	w.array("follow_ups", len(v.FollowUps), true, func(i int) {
		f := &v.FollowUps[i]
		w.open()
		w.date("date", f.Date, false)
		w.str("effect", string(f.Effect), false)
		w.str("note", f.Note, true)
		w.str("by", f.By, true)
		w.close()
	})
	w.ids("observations", v.Observations)
	w.str("case", string(v.Case), true)
}

func (g *GenderCounts) encode(w *writer) {
	w.open()
	w.int("girls_women", int64(g.GirlsWomen), true)
	w.int("boys_men", int64(g.BoysMen), true)
	w.int("mixed_unknown", int64(g.MixedUnknown), true)
	w.close()
}

func (g *GenderCounts) decode(r *reader) {
	r.object(func(k []byte) {
		switch string(k) {
		case "girls_women":
			g.GirlsWomen = r.int()
		case "boys_men":
			g.BoysMen = r.int()
		case "mixed_unknown":
			g.MixedUnknown = r.int()
		default:
			r.unknown(k)
		}
	})
}

func (v *Measure) field(r *reader, k []byte) bool {
	switch string(k) {
	case "title":
		v.Title = r.str()
	case "tier":
		v.Tier = readCode[Tier](r)
	case "type":
		v.Type = readCode[MeasureType](r)
	case "status":
		v.Status = readCode[MeasureStatus](r)
	case "org":
		v.Org = readCode[Org](r)
	case "contact":
		v.Contact = r.str()
	case "description":
		v.Description = r.str()
	case "target_group":
		v.TargetGroup = r.str()
	case "reach":
		v.Reach.decode(r)
	case "milieus":
		v.Milieus = nil
		r.array(func(int) { v.Milieus = append(v.Milieus, readCode[Milieu](r)) })
	case "areas":
		v.Areas = r.strs()
	case "start":
		v.Start = r.date()
	case "end":
		v.End = r.date()
	case "next_follow_up":
		v.NextFollowUp = r.date()
	case "follow_ups":
		v.FollowUps = nil
		r.array(func(int) {
			var f FollowUp
			r.object(func(k []byte) {
				switch string(k) {
				case "date":
					f.Date = r.date()
				case "effect":
					f.Effect = readCode[Effect](r)
				case "note":
					f.Note = r.str()
				case "by":
					f.By = r.str()
				default:
					r.unknown(k)
				}
			})
			v.FollowUps = append(v.FollowUps, f)
		})
	case "observations":
		v.Observations = r.ids()
	case "case":
		v.Case = ID(r.str())
	default:
		return v.Meta.field(r, k)
	}
	return true
}

func (v *Case) encode(w *writer) {
	w.str("subject", string(v.Subject), false)
	w.str("title", v.Title, true)
	w.str("pseudonym", v.Pseudonym, true)
	w.str("age_band", string(v.AgeBand), true)
	w.str("gender", string(v.Gender), true)
	w.str("area", v.Area, true)
	w.str("intake", string(v.Intake), false)
	w.str("priority", string(v.Priority), false)
	w.str("status", string(v.Status), false)
	w.str("closing_reason", string(v.ClosingReason), true)
	w.date("opened", v.Opened, false)
	w.date("closed", v.Closed, true)
	w.str("handler", string(v.Handler), false)
	w.key("concern")
	w.open()
	w.str("text", v.Concern.Text, false)
	w.str("level", string(v.Concern.Level), false)
	w.str("milieu", string(v.Concern.Milieu), true)
	w.close()
	w.array("assessments", len(v.Assessments), true, func(i int) {
		a := &v.Assessments[i]
		w.open()
		w.date("date", a.Date, false)
		w.str("by", a.By, true)
		w.array("ratings", len(a.Ratings), false, func(j int) {
			w.open()
			w.str("area", string(a.Ratings[j].Area), false)
			w.str("rating", string(a.Ratings[j].Rating), false)
			w.close()
		})
		w.str("protective", a.Protective, true)
		w.str("changes", a.Changes, true)
		w.str("summary", a.Summary, false)
		w.date("next_review", a.NextReview, true)
		w.close()
	})
	w.date("next_review", v.NextReview, true)
	w.ids("measures", v.Measures)
	w.str("legal_basis", v.LegalBasis, false)
}

func (v *Case) field(r *reader, k []byte) bool {
	switch string(k) {
	case "subject":
		v.Subject = readCode[SubjectKind](r)
	case "title":
		v.Title = r.str()
	case "pseudonym":
		v.Pseudonym = r.str()
	case "age_band":
		v.AgeBand = readCode[AgeBand](r)
	case "gender":
		v.Gender = readCode[Gender](r)
	case "area":
		v.Area = r.str()
	case "intake":
		v.Intake = readCode[IntakeChannel](r)
	case "priority":
		v.Priority = readCode[Priority](r)
	case "status":
		v.Status = readCode[CaseStatus](r)
	case "closing_reason":
		v.ClosingReason = readCode[ClosingReason](r)
	case "opened":
		v.Opened = r.date()
	case "closed":
		v.Closed = r.date()
	case "handler":
		v.Handler = readCode[Org](r)
	case "concern":
		r.object(func(k []byte) {
			switch string(k) {
			case "text":
				v.Concern.Text = r.str()
			case "level":
				v.Concern.Level = readCode[Concern](r)
			case "milieu":
				v.Concern.Milieu = readCode[Milieu](r)
			default:
				r.unknown(k)
			}
		})
	case "assessments":
		v.Assessments = nil
		r.array(func(int) {
			var a Assessment
			r.object(func(k []byte) {
				switch string(k) {
				case "date":
					a.Date = r.date()
				case "by":
					a.By = r.str()
				case "ratings":
					a.Ratings = nil
					r.array(func(int) {
						var rt AreaRating
						r.object(func(k []byte) {
							switch string(k) {
							case "area":
								rt.Area = readCode[AssessmentArea](r)
							case "rating":
								rt.Rating = readCode[Rating](r)
							default:
								r.unknown(k)
							}
						})
						a.Ratings = append(a.Ratings, rt)
					})
				case "protective":
					a.Protective = r.str()
				case "changes":
					a.Changes = r.str()
				case "summary":
					a.Summary = r.str()
				case "next_review":
					a.NextReview = r.date()
				default:
					r.unknown(k)
				}
			})
			v.Assessments = append(v.Assessments, a)
		})
	case "next_review":
		v.NextReview = r.date()
	case "measures":
		v.Measures = r.ids()
	case "legal_basis":
		v.LegalBasis = r.str()
	default:
		return v.Meta.field(r, k)
	}
	return true
}

func (v *Member) encode(w *writer) {
	w.str("name", v.Name, false)
	w.str("org", string(v.Org), false)
	w.str("role", string(v.Role), false)
	w.str("title", v.Title, true)
	w.str("phone", v.Phone, true)
	w.str("email", v.Email, true)
	w.bool("active", v.Active)
}

func (v *Member) field(r *reader, k []byte) bool {
	switch string(k) {
	case "name":
		v.Name = r.str()
	case "org":
		v.Org = readCode[Org](r)
	case "role":
		v.Role = readCode[MemberRole](r)
	case "title":
		v.Title = r.str()
	case "phone":
		v.Phone = r.str()
	case "email":
		v.Email = r.str()
	case "active":
		v.Active = r.bool()
	default:
		return v.Meta.field(r, k)
	}
	return true
}

func (v *Meeting) encode(w *writer) {
	w.str("kind", string(v.MeetingKind), false)
	w.date("date", v.Date, false)
	w.str("title", v.Title, true)
	w.array("attendees", len(v.Attendees), true, func(i int) {
		a := &v.Attendees[i]
		w.open()
		w.str("member", string(a.Member), true)
		w.str("name", a.Name, true)
		w.str("org", string(a.Org), true)
		w.close()
	})
	w.array("recommendations", len(v.Recommendations), true, func(i int) {
		rc := &v.Recommendations[i]
		w.open()
		w.str("text", rc.Text, false)
		w.str("to", string(rc.To), true)
		w.str("measure", string(rc.Measure), true)
		w.close()
	})
	w.array("decisions", len(v.Decisions), true, func(i int) {
		d := &v.Decisions[i]
		w.open()
		w.str("text", d.Text, false)
		w.str("body", string(d.Body), false)
		w.str("body_name", d.BodyName, true)
		w.str("responsible", d.Responsible, true)
		w.date("due", d.Due, true)
		w.str("status", string(d.Status), false)
		w.str("measure", string(d.Measure), true)
		w.close()
	})
	w.str("minutes", v.Minutes, true)
}

func (v *Meeting) field(r *reader, k []byte) bool {
	switch string(k) {
	case "kind":
		v.MeetingKind = readCode[MeetingKind](r)
	case "date":
		v.Date = r.date()
	case "title":
		v.Title = r.str()
	case "attendees":
		v.Attendees = nil
		r.array(func(int) {
			var a Attendee
			r.object(func(k []byte) {
				switch string(k) {
				case "member":
					a.Member = ID(r.str())
				case "name":
					a.Name = r.str()
				case "org":
					a.Org = readCode[Org](r)
				default:
					r.unknown(k)
				}
			})
			v.Attendees = append(v.Attendees, a)
		})
	case "recommendations":
		v.Recommendations = nil
		r.array(func(int) {
			var rc Recommendation
			r.object(func(k []byte) {
				switch string(k) {
				case "text":
					rc.Text = r.str()
				case "to":
					rc.To = readCode[Org](r)
				case "measure":
					rc.Measure = ID(r.str())
				default:
					r.unknown(k)
				}
			})
			v.Recommendations = append(v.Recommendations, rc)
		})
	case "decisions":
		v.Decisions = nil
		r.array(func(int) {
			var d Decision
			r.object(func(k []byte) {
				switch string(k) {
				case "text":
					d.Text = r.str()
				case "body":
					d.Body = readCode[Org](r)
				case "body_name":
					d.BodyName = r.str()
				case "responsible":
					d.Responsible = r.str()
				case "due":
					d.Due = r.date()
				case "status":
					d.Status = readCode[DecisionStatus](r)
				case "measure":
					d.Measure = ID(r.str())
				default:
					r.unknown(k)
				}
			})
			v.Decisions = append(v.Decisions, d)
		})
	case "minutes":
		v.Minutes = r.str()
	default:
		return v.Meta.field(r, k)
	}
	return true
}

func (v *Picture) encode(w *writer) {
	w.str("title", v.Title, false)
	w.date("from", v.From, false)
	w.date("to", v.To, false)
	w.array("milieus", len(v.Milieus), false, func(i int) {
		l := &v.Milieus[i]
		w.open()
		w.str("milieu", string(l.Milieu), false)
		w.int("presence", int64(l.Presence), false)
		w.int("activity", int64(l.Activity), false)
		w.str("trend", string(l.Trend), false)
		w.str("note", l.Note, true)
		w.close()
	})
	w.array("judgements", len(v.Judgements), true, func(i int) {
		j := &v.Judgements[i]
		w.open()
		w.str("milieu", string(j.Milieu), true)
		w.str("text", j.Text, false)
		w.str("likelihood", string(j.Likelihood), false)
		w.close()
	})
	w.str("summary", v.Summary, true)
	w.ids("observations", v.Observations)
	w.str("previous", string(v.Previous), true)
	w.str("approved_by", v.ApprovedBy, true)
	w.time("published", v.Published, true)
}

func (v *Picture) field(r *reader, k []byte) bool {
	switch string(k) {
	case "title":
		v.Title = r.str()
	case "from":
		v.From = r.date()
	case "to":
		v.To = r.date()
	case "milieus":
		v.Milieus = nil
		r.array(func(int) {
			var l MilieuLevel
			r.object(func(k []byte) {
				switch string(k) {
				case "milieu":
					l.Milieu = readCode[Milieu](r)
				case "presence":
					l.Presence = Level(r.small())
					if !l.Presence.Valid() {
						r.failf("unknown code %q", strconv.Itoa(int(l.Presence)))
					}
				case "activity":
					l.Activity = Level(r.small())
					if !l.Activity.Valid() {
						r.failf("unknown code %q", strconv.Itoa(int(l.Activity)))
					}
				case "trend":
					l.Trend = readCode[Trend](r)
				case "note":
					l.Note = r.str()
				default:
					r.unknown(k)
				}
			})
			v.Milieus = append(v.Milieus, l)
		})
	case "judgements":
		v.Judgements = nil
		r.array(func(int) {
			var j Judgement
			r.object(func(k []byte) {
				switch string(k) {
				case "milieu":
					j.Milieu = readCode[Milieu](r)
				case "text":
					j.Text = r.str()
				case "likelihood":
					j.Likelihood = readCode[Likelihood](r)
				default:
					r.unknown(k)
				}
			})
			v.Judgements = append(v.Judgements, j)
		})
	case "summary":
		v.Summary = r.str()
	case "observations":
		v.Observations = r.ids()
	case "previous":
		v.Previous = ID(r.str())
	case "approved_by":
		v.ApprovedBy = r.str()
	case "published":
		v.Published = r.time()
	default:
		return v.Meta.field(r, k)
	}
	return true
}

func (v *Partner) encode(w *writer) {
	w.str("name", v.Name, false)
	w.str("org", string(v.Org), false)
	w.key("recipients")
	w.b = append(w.b, '[')
	for _, s := range v.Recipients {
		w.elem()
		w.quote(s)
	}
	w.b = append(w.b, ']')
	w.str("signing_key", v.SigningKey, true)
	w.uint("sent_seq", v.SentSeq, true)
	w.uint("received_seq", v.ReceivedSeq, true)
	w.str("note", v.Note, true)
}

func (v *Partner) field(r *reader, k []byte) bool {
	switch string(k) {
	case "name":
		v.Name = r.str()
	case "org":
		v.Org = readCode[Org](r)
	case "recipients":
		v.Recipients = r.strs()
	case "signing_key":
		v.SigningKey = r.str()
	case "sent_seq":
		v.SentSeq = r.uint64()
	case "received_seq":
		v.ReceivedSeq = r.uint64()
	case "note":
		v.Note = r.str()
	default:
		return v.Meta.field(r, k)
	}
	return true
}
