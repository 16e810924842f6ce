package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"varn/model"
)

// The read paths of case data on the command line (R5). Every command of
// the command table is classified in cliReads: either it prints case
// data or individual-tier measures — then it is run by
// TestEveryCLIReadPathOfCaseDataIsLogged and must write exactly the
// expected events — or it is listed with why it prints none. A command
// added to the table without a row here fails
// TestEveryCLICommandIsClassifiedAsReadPathOrNot. The terminal app's
// read paths are enumerated in package tui (tuiReadPaths).

// cliReadPath is one invocation that prints case data, and the audit
// events (view, reveal or export) it must write.
type cliReadPath struct {
	args []string // after the command's own name; CASE is the case's ID
	want []cliEv
	// prints is what the output must hold (it shows the case data), or
	// "" when it prints aggregates only.
	prints string
}

type cliEv struct {
	action model.AuditAction
	kind   model.Kind
	ref    string // "CASE": the case's ID
	detail string
}

// cliReads classifies every command (name and, for those with
// subcommands, the first word of its usage). A nil paths means the
// command prints no case data; why says what it prints instead.
var cliReads = map[string]struct {
	why   string
	paths []cliReadPath
}{
	"record get": {paths: []cliReadPath{
		{args: []string{"get", "CASE"}, want: []cliEv{{model.ActionView, model.KindCase, "CASE", ""}}, prints: cliCanary},
		{args: []string{"get", "CASE", "--json"}, want: []cliEv{{model.ActionView, model.KindCase, "CASE", ""}}, prints: cliCanary},
	}},
	"record list": {paths: []cliReadPath{
		{args: []string{"list", "case"}, want: []cliEv{{model.ActionView, model.KindCase, "", model.ViewRecordList}}, prints: cliCanary},
		{args: []string{"list", "case", "--json"}, want: []cliEv{{model.ActionView, model.KindCase, "", model.ViewRecordListJSON}}, prints: cliCanary},
		{args: []string{"list", "measure"}, want: []cliEv{{model.ActionView, model.KindMeasure, "", model.ViewRecordList}}, prints: "Stödperson"},
		{args: []string{"list"}, want: []cliEv{{model.ActionView, "", "", model.ViewRecordList}}, prints: cliCanary},
	}},
	"report": {paths: []cliReadPath{
		// Counts of cases only; its production is logged as an export.
		{args: []string{"--quarter", "2026Q4"}, want: []cliEv{{model.ActionExport, "", "", "quarterly report 2026Q4 to stdout"}}},
	}},
	"init":                   {why: "creates a vault"},
	"record add":             {why: "prints the new record's ID"},
	"record update":          {why: "prints the record's ID and new version"},
	"record note":            {why: "prints our own note on a partner's record; partners' records are never case data (a bundle without cases holds none)"},
	"record import":          {why: "prints counts and line numbers"},
	"audit verify":           {why: "prints the chain's state"},
	"audit list":             {why: "prints audit events: field names, never values (itself logged as audit_trail)"},
	"audit checkpoint":       {why: "prints a signed checkpoint"},
	"identity":               {why: "prints this vault's public identity"},
	"partner add":            {why: "prints a partner's fingerprint"},
	"partner ls":             {why: "prints partners"},
	"partner reset-sequence": {why: "prints sequence numbers"},
	"export":                 {why: "writes an encrypted bundle (logged as an export); prints counts only"},
	"import":                 {why: "prints counts, IDs and field names of what a bundle changes"},
	"purge":                  {why: "its list of what is due names cases by pseudonym or title, and is logged first as a view \"purge list\" (TestPurgeListsAndRefusesWithoutTerminal; the vault here has nothing due)"},
	"backup":                 {why: "writes an encrypted backup (logged)"},
	"restore":                {why: "rebuilds a vault; prints counts"},
	"passwd":                 {why: "changes the passphrase"},
	"recipients ls":          {why: "prints unlockers' labels"},
	"demo":                   {why: "creates a vault of fictional data"},
	"version":                {why: "prints the version"},
	"settings":               {why: "prints the vault's settings (the suppression threshold)"},
	"audit trust":            {why: "re-anchors the host's trust; prints a checkpoint's size and root"},
	"partner checkpoint":     {why: "prints the size and root of a partner's audit checkpoint"},
	"backup verify":          {why: "the restore drill: prints counts per kind and checkpoints, never a record"},
}

// cliCanary is the pseudonym of the test case: it must never appear in
// the audit log.
const cliCanary = "Korpen"

// commandKey names a command of the table: its name and, when its usage
// starts with a subcommand (a lower-case word), that word.
func commandKey(c command) string {
	first, _, _ := strings.Cut(c.args, " ")
	if first != "" && first[0] >= 'a' && first[0] <= 'z' {
		return c.name + " " + first
	}
	return c.name
}

// TestEveryCLICommandIsClassifiedAsReadPathOrNot is the guard against a
// read path added untested: every command of the command table must be
// classified in cliReads, and every row of cliReads must name a command.
func TestEveryCLICommandIsClassifiedAsReadPathOrNot(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands() {
		k := commandKey(c)
		seen[k] = true
		r, ok := cliReads[k]
		if !ok {
			t.Errorf("command %q is not classified in cliReads: does it print case data? add its read paths (or why not)", k)
			continue
		}
		if (r.why == "") == (r.paths == nil) {
			t.Errorf("command %q: give either its read paths or why it prints no case data", k)
		}
	}
	for k := range cliReads {
		if !seen[k] {
			t.Errorf("cliReads classifies %q, which is not in the command table", k)
		}
	}
}

// TestEveryCLIReadPathOfCaseDataIsLogged runs every read path of cliReads
// on a vault with an individual case and an individual-tier measure, and
// checks that each writes exactly its events, that no event holds the
// case's pseudonym, and that the output shows the case data it claims
// (or, for aggregates, no pseudonym).
func TestEveryCLIReadPathOfCaseDataIsLogged(t *testing.T) {
	c := newCLIT(t)
	c.init()
	cs := &model.Case{Subject: model.SubjectIndividual, Pseudonym: cliCanary, AgeBand: model.Age16to17, Gender: model.GenderBoysMen,
		Intake: model.IntakeSchool, Priority: model.PriorityHigh, Status: model.CaseIntervention, Opened: model.NewDate(2026, 10, 1),
		Handler: model.OrgSocialServices, Concern: model.ConcernStatement{Text: "Hot i klassens chatt", Level: model.ConcernHigh},
		LegalBasis: "SoL 5 kap. 1 §"}
	cs.TLP = model.TLPRed
	caseID := strings.TrimSpace(c.ok(encode(t, cs), "record", "add", "case", "--json", "-").stdout)
	x := &model.Measure{Title: "Stödperson varje vecka", Tier: model.TierIndividual, Type: model.MeasureSupportPerson,
		Status: model.StatusOngoing, Org: model.OrgSocialServices, Start: model.NewDate(2026, 10, 15), Case: model.ID(caseID)}
	x.TLP = model.TLPRed
	c.ok(encode(t, x), "record", "add", "measure", "--json", "-")

	for k, r := range cliReads {
		name, _, _ := strings.Cut(k, " ")
		for _, p := range r.paths {
			args := []string{name}
			for _, a := range p.args {
				args = append(args, strings.ReplaceAll(a, "CASE", caseID))
			}
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				before := auditEvents(t, c)
				out := c.ok("", args...).stdout
				after := auditEvents(t, c)
				var got []cliEv
				for _, ev := range after[len(before):] {
					if strings.Contains(fmt.Sprintf("%+v", ev), cliCanary) {
						t.Errorf("an audit event holds the pseudonym: %+v", ev)
					}
					if ev.Detail == "audit_trail" {
						continue // the listing of the log itself
					}
					switch ev.Action {
					case model.ActionView, model.ActionReveal, model.ActionExport:
						ref := string(ev.Ref)
						if ref == caseID {
							ref = "CASE"
						}
						got = append(got, cliEv{ev.Action, ev.Kind, ref, ev.Detail})
						if ev.Action == model.ActionView && !ev.ReadsCaseData() {
							t.Errorf("%+v is not counted as a read of case data by the log review", ev)
						}
					}
				}
				if !slices.Equal(got, p.want) {
					t.Errorf("events\n got %v\nwant %v", got, p.want)
				}
				if p.prints != "" && !strings.Contains(out, p.prints) {
					t.Errorf("the output does not show %q:\n%s", p.prints, out)
				}
				if p.prints == "" && strings.Contains(out, cliCanary) {
					t.Errorf("an aggregate output shows the pseudonym:\n%s", out)
				}
			})
		}
	}
}

// encode returns r as JSON for `record add`.
func encode(t *testing.T, r model.Record) string {
	t.Helper()
	b, err := model.Encode(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// auditEvents reads the audit log through `audit list --json`.
func auditEvents(t *testing.T, c *cliT) []model.AuditEvent {
	t.Helper()
	var out []model.AuditEvent
	for _, l := range lines(c.ok("", "audit", "list", "--json").stdout) {
		var ev model.AuditEvent
		if err := json.Unmarshal([]byte(l), &ev); err != nil {
			t.Fatalf("audit list --json: %v in %q", err, l)
		}
		out = append(out, ev)
	}
	return out
}
