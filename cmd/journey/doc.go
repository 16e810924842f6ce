// Package journey holds varn's journey tests: the work of the people who
// use varn, across features, vaults and months, run against the real
// binary.
//
// Three vaults — Lomma kommun, Lund kommun and Länsstyrelsen Skåne — walk
// through a simulated year: the police contact's weekly observations and
// the weekly picture meeting (in meeting mode on screen every fourth week),
// the quarter's follow-ups, picture, report and bundles to the neighbour
// and to Länsstyrelsen, a remark on a partner's record, restore drills, log
// reviews, the yearly purge and a partner who tries to forge records. After
// every step the invariants of issue 14 are checked on all three vaults.
//
// The binary is built with the testclock tag, so the tests set its clock
// (VARN_TEST_NOW); a release build ignores that variable. `make test` walks
// a short year (eight weeks and a quarter's end); `make journeys` the whole
// year with every step in a readable transcript. A step that needs work
// not yet done is reported as pending with its issue, listed at the end of
// every run, and never counted as passed.
//
// The package has no code outside its tests.
package journey
