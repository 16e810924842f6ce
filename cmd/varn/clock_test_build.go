//go:build testclock

package main

import (
	"fmt"
	"time"
)

// testClock returns the clock of a test build: VARN_TEST_NOW (RFC 3339)
// is the time at the process's start, and the clock runs on from there, so
// IDs and audit events still follow one another. Only binaries built with
// the testclock tag read it; the journeys build such binaries to walk a
// simulated year (bundle expiry, retention, due dates).
func testClock(getenv func(string) string) (func() time.Time, error) {
	s := getenv("VARN_TEST_NOW")
	if s == "" {
		return nil, nil
	}
	base, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, fmt.Errorf("VARN_TEST_NOW: %v", err)
	}
	start := time.Now()
	return func() time.Time { return base.Add(time.Since(start)) }, nil
}
