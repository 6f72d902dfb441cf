//go:build !race

package corpus

// raceEnabled reports whether the race detector is on: tests then use
// smaller inputs.
const raceEnabled = false
