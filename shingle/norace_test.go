//go:build !race

package shingle

// raceEnabled is true when the race detector, which slows the exhaustive
// tests several times over, is on.
const raceEnabled = false
