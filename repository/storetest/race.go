//go:build race

package storetest

// raceEnabled says the test binary is race-instrumented: its store then
// runs in a helper process built without -race.
const raceEnabled = true
