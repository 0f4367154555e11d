// Package drawing draws a country's records as SVG, in Go: the timeline
// (lanes of agreements, events, programs and sources on a time axis) and
// the chart of engagements per year. Pages embed what it returns; it
// writes no HTTP and reads no store.
//
// It imports domain (the dossier and its timeline) and the chart library,
// nothing of web; the page gives it the address each mark links to.
package drawing
