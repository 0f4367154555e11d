//go:build soak

package soak

// On reports whether the tests were built with -tags soak.
const On = true
