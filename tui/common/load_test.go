package common

import (
	"strconv"
	"strings"
	"testing"

	"varn/model"
)

// TestLoad runs a Load through the sequences of messages the screens see.
// Each step is an operation and, for those that answer, the answer
// expected: start, finish and loaded answer true or false; take and
// waiting answer the waiting draft's ID or "none"; keep:ID keeps a draft.
func TestLoad(t *testing.T) {
	tests := []struct {
		name  string
		steps string
	}{
		{"a load starts once and lands",
			"loaded=false start=true start=false finish=true mark loaded=true start=true"},
		{"a result that fails leaves the screen unloaded",
			"start=true finish=true loaded=false start=true"},
		{"a stale load's result is dropped and read again",
			"start=true stale loaded=false finish=false loaded=false start=true finish=true mark loaded=true"},
		{"stale twice drops the one result once",
			"start=true stale stale finish=false start=true finish=true"},
		{"stale while idle drops no later result",
			"start=true finish=true mark stale loaded=false start=true finish=true mark loaded=true"},
		{"stale after a result was dropped does not linger",
			"start=true stale finish=false start=true finish=true mark stale start=true finish=true"},
		{"restart starts another load and takes both results",
			"start=true restart start=true start=false finish=true finish=true"},
		{"restart keeps a stale load stale",
			"start=true stale restart finish=false start=true finish=true"},
		{"reset forgets loaded, stale and the draft",
			"start=true finish=true mark start=true stale keep:a reset loaded=false waiting=none take=none finish=true start=true"},
		{"a draft waits for the load",
			"keep:a waiting=a start=true finish=true mark take=a take=none waiting=none"},
		{"a draft waits across a stale result",
			"keep:a start=true stale finish=false waiting=a start=true finish=true mark take=a"},
		{"a draft waits across a failed load",
			"keep:a start=true finish=true waiting=a start=true finish=true mark take=a"},
		{"a later draft replaces a waiting one",
			"keep:a keep:b take=b take=none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Load
			for i, step := range strings.Fields(tt.steps) {
				op, want, _ := strings.Cut(step, "=")
				var got string
				switch {
				case op == "start":
					got = strconv.FormatBool(l.Start())
				case op == "finish":
					got = strconv.FormatBool(l.Finish())
				case op == "loaded":
					got = strconv.FormatBool(l.Loaded())
				case op == "mark":
					l.MarkLoaded()
				case op == "stale":
					l.Stale()
				case op == "restart":
					l.Restart()
				case op == "reset":
					l.Reset()
				case strings.HasPrefix(op, "keep:"):
					id := strings.TrimPrefix(op, "keep:")
					l.KeepDraft(Draft{Kind: model.KindCase, ID: model.ID(id), Fields: map[string]string{"id": id}})
				case op == "take" || op == "waiting":
					d, ok := l.WaitingDraft()
					if op == "take" {
						d, ok = l.TakeDraft()
					}
					got = "none"
					if ok {
						got = string(d.ID)
						if d.Fields["id"] != got {
							t.Fatalf("step %d %s: the draft's fields are %v, want those kept with it", i+1, op, d.Fields)
						}
					}
				default:
					t.Fatalf("step %d: unknown operation %q", i+1, op)
				}
				if got != want {
					t.Fatalf("step %d %s = %q, want %q (steps: %s)", i+1, op, got, want, tt.steps)
				}
			}
		})
	}
}
