//go:build !race

package vault

// raceEnabled is true when the tests run with the race detector, which
// makes them several times slower; the longest proofs run fewer rounds.
const raceEnabled = false
