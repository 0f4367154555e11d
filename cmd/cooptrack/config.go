package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"cooptrack/domain"
)

// storeConfig says which store to use: MongoDB at a URI, or the embedded
// FerretDB in the data directory.
type storeConfig struct {
	mongoURI      string
	dataDir       string
	database      string
	postgreSQLURL string
}

// env returns the value of the environment variable, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

// storeFlags adds the store's flags to fs, with defaults from the environment.
func storeFlags(fs *flag.FlagSet) *storeConfig {
	c := &storeConfig{}
	fs.StringVar(&c.mongoURI, "mongodb-uri", env("MONGODB_URI", ""), "MongoDB connection string; empty for the embedded store (env MONGODB_URI)")
	fs.StringVar(&c.dataDir, "data-dir", env("COOPTRACK_DATA_DIR", "./data"), "directory of the embedded store's files (env COOPTRACK_DATA_DIR)")
	fs.StringVar(&c.database, "database", env("COOPTRACK_DATABASE", "cooptrack"), "database name (env COOPTRACK_DATABASE)")
	fs.StringVar(&c.postgreSQLURL, "postgresql-url", env("COOPTRACK_POSTGRESQL_URL", ""), "run the embedded FerretDB on this PostgreSQL database instead of SQLite files (env COOPTRACK_POSTGRESQL_URL)")
	return c
}

// memoryLimitFlag adds --memory-limit to fs: the soft limit the Go runtime
// keeps the process's memory under by collecting garbage sooner. Without
// it, the garbage of large answers (a busy country's dashboard is half a
// megabyte of JSON) lets the heap double before each collection. It must
// stay well above what the model holds (140 MB at scale M): under 256 MiB
// the collector ran without pause once the office grew, and the mixed
// scenario's dashboards took 300 ms instead of 4. GOMEMLIMIT, when set,
// wins.
func memoryLimitFlag(fs *flag.FlagSet) *string {
	return fs.String("memory-limit", env("COOPTRACK_MEMORY_LIMIT", "320MiB"),
		"soft limit of the Go heap, as 320MiB, 1GiB or off; GOMEMLIMIT overrides it (env COOPTRACK_MEMORY_LIMIT)")
}

// applyMemoryLimit sets the limit given to --memory-limit, unless
// GOMEMLIMIT is set.
func applyMemoryLimit(s string) error {
	if os.Getenv("GOMEMLIMIT") != "" || s == "off" || s == "0" {
		return nil
	}
	n, err := parseSize(s)
	if err != nil {
		return fmt.Errorf("--memory-limit: %w", err)
	}
	debug.SetMemoryLimit(n)
	return nil
}

// yearRangeFlag adds --year-range to fs: the years a record's dates may
// fall in (domain.SetYearRange), for the commands that write records.
func yearRangeFlag(fs *flag.FlagSet) *string {
	def := fmt.Sprintf("%d-%d", domain.DefaultMinYear, domain.DefaultMaxYear)
	return fs.String("year-range", env("COOPTRACK_YEAR_RANGE", def),
		"the years a record's dates may fall in, as first-last; a date outside them is refused (env COOPTRACK_YEAR_RANGE)")
}

// applyYearRange sets the years given to --year-range.
func applyYearRange(s string) error {
	a, b, ok := strings.Cut(s, "-")
	first, err1 := strconv.Atoi(strings.TrimSpace(a))
	last, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("--year-range %q is not two years such as 1900-2200", s)
	}
	if err := domain.SetYearRange(first, last); err != nil {
		return fmt.Errorf("--year-range: %s", domain.ErrorMessage(err))
	}
	return nil
}

// parseSize reads a size as GOMEMLIMIT does: a whole number of bytes with an
// optional B, KiB, MiB or GiB.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		scale  int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}}
	scale := int64(1)
	num := s
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			num, scale = strings.TrimSuffix(s, u.suffix), u.scale
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/scale {
		return 0, fmt.Errorf("%q is not a size such as 200MiB", s)
	}
	return n * scale, nil
}

// snapshotPath is where the model's snapshot of the database is kept: in the
// data directory, which a server on MongoDB has too (it then holds only
// snapshots). "" when the directory cannot be made.
func (c *storeConfig) snapshotPath() string {
	if err := os.MkdirAll(c.dataDir, 0o700); err != nil { //nolint:gosec // the data directory is the administrator's choice
		return ""
	}
	return filepath.Join(c.dataDir, "model-"+c.database+".snapshot")
}

// countryFlag reads a flag's country code as ParseCountryCode does; a bad
// one is a usage error that says what a code is.
func countryFlag(flag, v string) (domain.CountryCode, error) {
	code, err := domain.ParseCountryCode(flag, v)
	if err != nil {
		return "", fmt.Errorf("%w: %s %s, not %q", errUsage, flag, domain.ErrorFields(err)[flag], domain.Clip(v, 40))
	}
	return code, nil
}
