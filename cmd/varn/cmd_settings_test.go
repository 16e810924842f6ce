package main

import (
	"strings"
	"testing"
)

// TestSettingsSuppressThreshold: the threshold shows its default, refuses
// values below 3 with a message saying what is allowed, records every
// change in the audit log as old → new, and the report uses it.
func TestSettingsSuppressThreshold(t *testing.T) {
	c := newCLIT(t)
	demoVaultAt(t, c)
	if r := c.ok("", "settings"); !strings.Contains(r.stdout, "Small-count threshold: 5 (the default") {
		t.Errorf("settings: %q", r.stdout)
	}
	for _, bad := range []string{"2", "0", "fem", "101"} {
		c.v("", "settings", "set", "suppress-threshold", bad).fails(t, 2, "from 3 to 100")
	}
	c.v("", "settings", "set", "colour", "3").fails(t, 2, "unknown setting")
	if r := c.ok("", "settings", "set", "suppress-threshold", "10"); !strings.Contains(r.stdout, "set to 10") {
		t.Errorf("set: %q", r.stdout)
	}
	if r := c.ok("", "settings", "set", "suppress-threshold", "10", "--lang", "sv"); !strings.Contains(r.stdout, "redan 10") {
		t.Errorf("set again: %q", r.stdout)
	}
	if r := c.ok("", "settings", "--lang", "sv"); !strings.Contains(r.stdout, "Tröskel för små antal: 10") {
		t.Errorf("settings --lang sv: %q", r.stdout)
	}
	audit := c.ok("", "audit", "list").stdout
	if strings.Count(audit, "small-count threshold") != 1 || !strings.Contains(audit, "small-count threshold unset → 10") {
		t.Errorf("the change is not logged once as old → new:\n%s", audit)
	}
	rep := c.ok("", "report", "--quarter", "2026Q3", "--lang", "en").stdout
	if r := c.ok("", "settings", "set", "suppress-threshold", "5"); !strings.Contains(r.stdout, "changed from 10 to 5") {
		t.Errorf("set back: %q", r.stdout)
	}
	if !strings.Contains(rep, `\< 10`) || strings.Contains(rep, `\< 5`) || !strings.Contains(rep, "Counts from 1 to 9") {
		t.Errorf("the report does not use the threshold 10:\n%s", rep)
	}
}
