package model

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ObservationFilter selects observations (screen 1's list). Empty
// criteria select everything; a record must meet every criterion given.
//
// A milieu criterion never selects observations of dimension individual:
// listing them by milieu would list people by opinion (R2). They are
// reached through their case, or by the other criteria.
type ObservationFilter struct {
	Milieus    []Milieu
	Dimensions []Dimension
	Kinds      []ObservationKind
	Areas      []string
	Sources    []Org
	// MinConcern selects observations of at least this concern.
	MinConcern Concern
	// From and To bound the observed date, inclusive; zero is open.
	From, To Date
	// MaxTLP selects observations marked at most this.
	MaxTLP TLP
}

// Match reports whether o meets every criterion of f.
func (f *ObservationFilter) Match(o *Observation) bool {
	return (len(f.Milieus) == 0 || (o.Dimension != DimensionIndividual && slices.Contains(f.Milieus, o.Milieu))) &&
		(len(f.Dimensions) == 0 || slices.Contains(f.Dimensions, o.Dimension)) &&
		(len(f.Kinds) == 0 || slices.Contains(f.Kinds, o.ObsKind)) &&
		(len(f.Areas) == 0 || slices.Contains(f.Areas, o.Area)) &&
		(len(f.Sources) == 0 || slices.Contains(f.Sources, o.Source)) &&
		(f.MinConcern == "" || o.Concern.Rank() >= f.MinConcern.Rank()) &&
		(f.From.IsZero() || !o.Observed.Before(f.From)) &&
		(f.To.IsZero() || !o.Observed.After(f.To)) &&
		(f.MaxTLP == "" || o.TLP.Within(f.MaxTLP))
}

// ObservationIndex answers filtered text searches over many observations
// quickly enough to run on every keystroke (100k observations in a few
// milliseconds): their area and summary, lower-cased once,
// are kept in one buffer that a search scans with strings.Index.
type ObservationIndex struct {
	obs    []*Observation
	text   string // "\x00"-separated lower-case texts
	starts []int  // start of each observation's text in text
}

// NewObservationIndex indexes obs, keeping their order.
func NewObservationIndex(obs []*Observation) *ObservationIndex {
	ix := &ObservationIndex{obs: obs, starts: make([]int, len(obs))}
	n := 0
	for _, o := range obs {
		n += len(o.Area) + len(o.Summary) + 2
	}
	b := make([]byte, 0, n+n/16)
	for i, o := range obs {
		ix.starts[i] = len(b)
		b = appendFolded(b, o.Area)
		b = append(b, ' ')
		b = appendFolded(b, o.Summary)
		b = append(b, 0)
	}
	ix.text = string(b)
	return ix
}

// appendFolded appends s lower-cased for search, without NUL (the
// index's separator). The folded text is only searched, never shown, so
// it needs no sanitizing.
func appendFolded(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'A' && c <= 'Z':
				c += 'a' - 'A'
			case c == 0:
				i++
				continue
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, unicode.ToLower(r))
		i += size
	}
	return b
}

// foldText folds s as appendFolded does.
func foldText(s string) string { return string(appendFolded(nil, s)) }

// Len returns the number of indexed observations.
func (ix *ObservationIndex) Len() int { return len(ix.obs) }

// At returns the i'th indexed observation.
func (ix *ObservationIndex) At(i int) *Observation { return ix.obs[i] }

// Search returns the positions of the observations that meet f and
// whose area or summary contains every word of query (case-insensitive),
// in index order, appended to out[:0] (pass the previous result to reuse
// its memory).
//
// A text search never matches observations of dimension individual: free
// text about a person may name their opinions, and people must not be
// searchable by them (R2). Without a query, f alone decides.
func (ix *ObservationIndex) Search(f *ObservationFilter, query string, out []int) []int {
	out = out[:0]
	words := strings.Fields(foldText(query))
	if len(words) == 0 {
		for i, o := range ix.obs {
			if f == nil || f.Match(o) {
				out = append(out, i)
			}
		}
		return out
	}
	// Scan the buffer for the longest word; check the others per hit.
	longest := 0
	for i, w := range words {
		if len(w) > len(words[longest]) {
			longest = i
		}
	}
	first := words[longest]
	last := -1
	for pos := 0; pos < len(ix.text); {
		j := strings.Index(ix.text[pos:], first)
		if j < 0 {
			break
		}
		at := pos + j
		i := sort.SearchInts(ix.starts, at+1) - 1
		end := len(ix.text)
		if i+1 < len(ix.starts) {
			end = ix.starts[i+1]
		}
		pos = end // one hit per observation
		if i == last {
			continue
		}
		last = i
		t := ix.text[ix.starts[i]:end]
		ok := true
		for k, w := range words {
			if k != longest && !strings.Contains(t, w) {
				ok = false
				break
			}
		}
		if ok && ix.obs[i].Dimension != DimensionIndividual && (f == nil || f.Match(ix.obs[i])) {
			out = append(out, i)
		}
	}
	return out
}

// CaseFilter selects cases (screen 3). It deliberately has no milieu
// criterion and its text search looks only at titles, pseudonyms and
// areas, never at the concern statement: cases cannot be listed,
// filtered or searched by milieu or opinion (R2). A test holds this.
type CaseFilter struct {
	Statuses   []CaseStatus
	Subjects   []SubjectKind
	Priorities []Priority
	Handlers   []Org
	// OpenOnly selects cases that are not closed.
	OpenOnly bool
	// Text selects cases whose title, pseudonym or area contains it
	// (case-insensitive).
	Text string
}

// Match reports whether c meets every criterion of f.
func (f *CaseFilter) Match(c *Case) bool {
	if (len(f.Statuses) > 0 && !slices.Contains(f.Statuses, c.Status)) ||
		(len(f.Subjects) > 0 && !slices.Contains(f.Subjects, c.Subject)) ||
		(len(f.Priorities) > 0 && !slices.Contains(f.Priorities, c.Priority)) ||
		(len(f.Handlers) > 0 && !slices.Contains(f.Handlers, c.Handler)) ||
		(f.OpenOnly && c.Status == CaseClosed) {
		return false
	}
	if q := strings.ToLower(strings.TrimSpace(f.Text)); q != "" {
		return strings.Contains(strings.ToLower(c.Title), q) ||
			strings.Contains(strings.ToLower(c.Pseudonym), q) ||
			strings.Contains(strings.ToLower(c.Area), q)
	}
	return true
}

// FilterCases returns the cases meeting f, in their order.
func FilterCases(cs []*Case, f CaseFilter) []*Case {
	var out []*Case
	for _, c := range cs {
		if f.Match(c) {
			out = append(out, c)
		}
	}
	return out
}

// Unsearched counts the observations that a text search leaves out
// (R2): those of dimension individual that meet f (every one when f is
// nil). The count depends on the criteria only, never on a query, so it
// tells nothing of what those observations say: search shows it instead
// of a bare "no matches".
func (ix *ObservationIndex) Unsearched(f *ObservationFilter) int {
	return Unsearched(ix.obs, f)
}

// Unsearched counts the observations of obs of dimension individual that
// meet f (every one when f is nil): what a text search over obs leaves
// out (see [ObservationIndex.Search]).
func Unsearched(obs []*Observation, f *ObservationFilter) int {
	n := 0
	for _, o := range obs {
		if o.Dimension == DimensionIndividual && (f == nil || f.Match(o)) {
			n++
		}
	}
	return n
}
