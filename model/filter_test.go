package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestObservationSearch(t *testing.T) {
	mk := func(m Milieu, area, summary string, c Concern, observed string, tlp TLP) *Observation {
		o := obsAt(m, DimensionGroup, c, observed, time.Time{})
		o.Area, o.Summary, o.TLP = area, summary, tlp
		return o
	}
	obs := []*Observation{
		mk(MilieuWhitePower, "Norrbacka", "Klistermärken vid SKOLAN", ConcernLow, "2026-01-01", TLPGreen),
		mk(MilieuAutonomous, "Gläntan", "Klotter på Gläntans bibliotek", ConcernHigh, "2026-02-01", TLPAmber),
		mk(MilieuWhitePower, "Gläntan", "Flygblad\ni trapphus", ConcernAcute, "2026-03-01", TLPRed),
		mk(MilieuOther, "Mossbo", "ÅÄÖ versaler", ConcernModerate, "2026-04-01", TLPClear),
		mk(MilieuWhitePower, "Mossbo", "Person B-2 individ", ConcernModerate, "2026-04-02", TLPRed),
	}
	obs[4].Dimension = DimensionIndividual
	ix := NewObservationIndex(obs)
	tests := []struct {
		name  string
		f     *ObservationFilter
		query string
		want  []int
	}{
		{"all", nil, "", []int{0, 1, 2, 3, 4}},
		{"case-insensitive", nil, "skolan", []int{0}},
		{"swedish fold", nil, "åäö", []int{3}},
		{"area", nil, "gläntan", []int{1, 2}},
		{"two words", nil, "gläntan flygblad", []int{2}},
		{"across newline", nil, "flygblad i trapphus", []int{2}},
		{"no match", nil, "xyz", nil},
		{"not across records", nil, "skolan gläntan", nil},
		{"milieu filter", &ObservationFilter{Milieus: []Milieu{MilieuWhitePower}}, "", []int{0, 2}},
		{"filter and text", &ObservationFilter{Milieus: []Milieu{MilieuWhitePower}}, "gläntan", []int{2}},
		{"no individuals by milieu (R2)", &ObservationFilter{Milieus: []Milieu{MilieuWhitePower}}, "individ", nil},
		{"individuals otherwise", &ObservationFilter{Dimensions: []Dimension{DimensionIndividual}}, "", []int{4}},
		{"no text search over individuals (R2)", &ObservationFilter{Dimensions: []Dimension{DimensionIndividual}}, "individ", nil},
		{"no text search over individuals, no filter", nil, "person b-2", nil},
		{"min concern", &ObservationFilter{MinConcern: ConcernHigh}, "", []int{1, 2}},
		{"period", &ObservationFilter{From: d("2026-02-01"), To: d("2026-03-01")}, "", []int{1, 2}},
		{"min concern moderate", &ObservationFilter{MinConcern: ConcernModerate, MaxTLP: TLPAmber}, "", []int{1, 3}},
		{"tlp ceiling", &ObservationFilter{MaxTLP: TLPGreen}, "", []int{0, 3}},
		{"area filter", &ObservationFilter{Areas: []string{"Mossbo"}}, "", []int{3, 4}},
		{"source", &ObservationFilter{Sources: []Org{OrgSchool}}, "", nil},
		{"control chars in query", nil, "skolan\x00", []int{0}},
	}
	var out []int
	for _, tt := range tests {
		out = ix.Search(tt.f, tt.query, out)
		if !slices.Equal(out, tt.want) && !(len(out) == 0 && len(tt.want) == 0) {
			t.Errorf("%s: Search(%q) = %v, want %v", tt.name, tt.query, out, tt.want)
		}
	}
}

func TestCaseFilter(t *testing.T) {
	cs := []*Case{
		{Subject: SubjectIndividual, Pseudonym: "Person A-17", Status: CaseIntervention, Priority: PriorityHigh, Handler: OrgSocialServices,
			Concern: ConcernStatement{Text: "vit makt", Milieu: MilieuWhitePower}},
		{Subject: SubjectArea, Title: "Oro i Norrbacka", Area: "Norrbacka", Status: CaseClosed, Priority: PriorityLow, Handler: OrgSchool},
	}
	tests := []struct {
		f    CaseFilter
		want int
	}{
		{CaseFilter{}, 2},
		{CaseFilter{OpenOnly: true}, 1},
		{CaseFilter{Text: "a-17"}, 1},
		{CaseFilter{Text: "norrbacka"}, 1},
		{CaseFilter{Text: "vit makt"}, 0}, // the concern is never searched (R2)
		{CaseFilter{Subjects: []SubjectKind{SubjectArea}}, 1},
		{CaseFilter{Priorities: []Priority{PriorityHigh}, Handlers: []Org{OrgSocialServices}}, 1},
		{CaseFilter{Statuses: []CaseStatus{CaseFollowUp}}, 0},
	}
	for _, tt := range tests {
		if got := len(FilterCases(cs, tt.f)); got != tt.want {
			t.Errorf("FilterCases(%+v) = %d cases, want %d", tt.f, got, tt.want)
		}
	}
}

// TestNoMilieuOnCases holds R2 as a property of the model: nothing lists,
// filters or searches cases (or persons) by milieu.
//
//   - Case has no field of a milieu type, except inside its concern
//     statement;
//   - CaseFilter has no field whose type mentions Milieu;
//   - no exported function or method of the package that takes or returns
//     cases also takes a milieu (checked on the source, so a new function
//     cannot slip in).
func TestNoMilieuOnCases(t *testing.T) {
	milieu := reflect.TypeFor[Milieu]()
	mentions := func(ty reflect.Type) bool {
		for ty.Kind() == reflect.Slice || ty.Kind() == reflect.Array || ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Map {
			if ty.Kind() == reflect.Map && ty.Key() == milieu {
				return true
			}
			ty = ty.Elem()
		}
		return ty == milieu
	}
	ct := reflect.TypeFor[Case]()
	for i := 0; i < ct.NumField(); i++ {
		f := ct.Field(i)
		if mentions(f.Type) {
			t.Errorf("Case.%s is a milieu: a case must not carry a filterable milieu (R2)", f.Name)
		}
		if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[ConcernStatement]() && f.Type != reflect.TypeFor[Meta]() {
			for j := 0; j < f.Type.NumField(); j++ {
				if mentions(f.Type.Field(j).Type) {
					t.Errorf("Case.%s.%s is a milieu outside the concern statement (R2)", f.Name, f.Type.Field(j).Name)
				}
			}
		}
	}
	for _, ty := range []reflect.Type{reflect.TypeFor[CaseFilter](), reflect.TypeFor[Agenda](), reflect.TypeFor[QuarterReport]()} {
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			if mentions(f.Type) && ty != reflect.TypeFor[QuarterReport]() {
				t.Errorf("%s.%s is a milieu criterion (R2)", ty.Name(), f.Name)
			}
		}
	}

	// Every exported function in the package's source.
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() {
				continue
			}
			text := func(n ast.Node) string {
				if n == nil {
					return ""
				}
				return string(src[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset])
			}
			sig := text(fn.Type)
			recv := ""
			if fn.Recv != nil {
				recv = text(fn.Recv)
			}
			aboutCases := strings.Contains(sig+recv, "Case") && !strings.Contains(sig+recv, "CaseKeyOf")
			if aboutCases {
				checked++
				params := text(fn.Type.Params)
				if strings.Contains(params, "Milieu") || strings.Contains(recv, "Milieu") {
					t.Errorf("%s: %s%s takes a milieu and cases (R2)", fset.Position(fn.Pos()), fn.Name.Name, sig)
				}
			}
		}
	}
	if checked < 4 {
		t.Errorf("only %d functions about cases found; the source check is not looking", checked)
	}
}
