package vault

import (
	"context"
	"strings"
	"testing"

	"varn/model"
)

// TestSuppressThresholdSetting: the threshold defaults to 5, survives a
// reopen, refuses values below 3, and every change is one setting event
// saying old → new; setting it again logs nothing.
func TestSuppressThresholdSetting(t *testing.T) {
	v, _, o := newVault(t)
	ctx := context.Background()
	if n, err := v.SuppressThreshold(ctx); err != nil || n != model.DefaultSuppressThreshold {
		t.Fatalf("unset threshold: %d, %v", n, err)
	}
	before := len(events(t, v))
	if old, changed, err := v.SetSuppressThreshold(ctx, 7); err != nil || old != 0 || !changed {
		t.Fatalf("set 7: old %d, changed %v, %v", old, changed, err)
	}
	for _, bad := range []int{2, 0, -1, 101} {
		if _, _, err := v.SetSuppressThreshold(ctx, bad); err == nil || !strings.Contains(err.Error(), "from 3 to 100") {
			t.Errorf("threshold %d: %v", bad, err)
		}
	}
	v = reopen(t, v, o)
	if n, err := v.SuppressThreshold(ctx); err != nil || n != 7 {
		t.Fatalf("after reopen: %d, %v", n, err)
	}
	if old, changed, err := v.SetSuppressThreshold(ctx, 7); err != nil || old != 7 || changed {
		t.Fatalf("set 7 again: old %d, changed %v, %v", old, changed, err)
	}
	if old, changed, err := v.SetSuppressThreshold(ctx, 3); err != nil || old != 7 || !changed {
		t.Fatalf("set 3: old %d, changed %v, %v", old, changed, err)
	}
	var got []string
	for _, ev := range events(t, v)[before:] {
		if ev.Action == model.ActionSetting {
			got = append(got, ev.Detail+" "+strings.Join(ev.Fields, ","))
		}
	}
	want := []string{"small-count threshold unset → 7 suppress_threshold", "small-count threshold 7 → 3 suppress_threshold"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("setting events %q, want %q", got, want)
	}
	// A value nobody chose is an error, not a guess.
	if err := v.PutSetting(ctx, model.SettingSuppressThreshold, []byte("1")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.SuppressThreshold(ctx); err == nil {
		t.Error("a stored threshold of 1 is used")
	}
	if old, changed, err := v.SetSuppressThreshold(ctx, 5); err != nil || old != 0 || !changed {
		t.Errorf("replacing an invalid threshold: old %d, changed %v, %v", old, changed, err)
	}
	if n, err := v.SuppressThreshold(ctx); err != nil || n != 5 {
		t.Errorf("after replacing an invalid threshold: %d, %v", n, err)
	}
}
