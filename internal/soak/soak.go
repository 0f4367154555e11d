// Package soak tells tests whether the long runs were asked for: the scale
// and load tests run small by default, so that `go test ./...` stays fast,
// and at full size with `go test -tags soak` (see RELIABILITY.md).
package soak

// Pick returns small in the default suite and large under -tags soak.
func Pick[T any](small, large T) T {
	if On {
		return large
	}
	return small
}
