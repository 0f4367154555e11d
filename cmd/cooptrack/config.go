package main

import (
	"flag"
	"os"
	"time"
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
