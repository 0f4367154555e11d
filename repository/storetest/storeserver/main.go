// Command storeserver runs the embedded FerretDB for a test process, so that
// a test binary built with -race does not also race-check the store: FerretDB
// and its SQLite engine ran 6 to 12 times slower instrumented. storetest
// builds it without -race, starts it, and reads the line it prints:
//
//	uri <mongodb URI>
//
// It stops when its standard input closes, which happens when the test
// process ends, however it ends.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"cooptrack/repository/embedded"
)

func main() {
	dir := flag.String("dir", "", "data directory (SQLite files and the socket)")
	pg := flag.String("postgres", "", "PostgreSQL URL: keep the data there instead of SQLite")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	s, err := embedded.Start(ctx, embedded.Options{DataDir: *dir, PostgreSQLURL: *pg, NoSync: true})
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "storeserver:", err)
		os.Exit(1)
	}
	fmt.Printf("uri %s\n", s.URI())
	_, _ = io.Copy(io.Discard, os.Stdin)
	s.Stop()
}
