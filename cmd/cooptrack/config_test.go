package main

import "testing"

func TestParseSize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"200MiB", 200 << 20, true},
		{"1GiB", 1 << 30, true},
		{"512KiB", 512 << 10, true},
		{"1048576", 1 << 20, true},
		{"1000B", 1000, true},
		{"", 0, false},
		{"200MB", 0, false},
		{"-1MiB", 0, false},
		{"0", 0, false},
		{"99999999999GiB", 0, false},
	} {
		got, err := parseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestApplyYearRange refuses what is not a range of years; the default
// range is taken as it is. (A range other than the default would change it
// for the tests running beside this one.)
func TestApplyYearRange(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "1900", "1900-", "abc-2200", "2200-1900", "0-2200", "1900-10000", "1900 to 2200"} {
		if err := applyYearRange(s); err == nil {
			t.Errorf("applyYearRange(%q) = nil, want an error", s)
		}
	}
	if err := applyYearRange("1900-2200"); err != nil {
		t.Errorf("applyYearRange(the default) = %v", err)
	}
}
