package reliability

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// cluster is a private PostgreSQL server that a test may stop and start:
// the machine's own PostgreSQL serves other tests and is never touched.
type cluster struct {
	t    *testing.T
	bin  string // the directory of initdb and pg_ctl
	dir  string // the data directory
	port int
	log  string
}

// pgBinDir finds PostgreSQL's server binaries (Debian keeps them out of
// PATH).
func pgBinDir() string {
	if d := os.Getenv("COOPTRACK_PG_BIN"); d != "" {
		return d
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		return ""
	}
	return filepath.Dir(matches[len(matches)-1])
}

// startCluster makes and starts a private PostgreSQL cluster on a free
// loopback port. It skips the test when PostgreSQL's binaries are missing,
// unless COOPTRACK_E2E=1.
func startCluster(t *testing.T) *cluster {
	t.Helper()
	bin := pgBinDir()
	if bin == "" {
		if mustRun() {
			t.Fatal("PostgreSQL's server binaries (initdb, pg_ctl) are missing; COOPTRACK_E2E=1 wants them (Debian: postgresql)")
		}
		t.Skip("PostgreSQL's server binaries (initdb, pg_ctl) are missing; set COOPTRACK_PG_BIN")
	}
	// PostgreSQL refuses to run as root: then the postgres user owns the
	// cluster, in a directory it can reach.
	root, err := os.MkdirTemp("", "cooptrack-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, bin: bin, dir: filepath.Join(root, "data"), log: filepath.Join(root, "log"), port: freePort(t)}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(root, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	c.pg("initdb", "-D", c.dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
	c.start()
	t.Cleanup(func() { c.run("pg_ctl", "-D", c.dir, "-m", "immediate", "stop") })
	return c
}

// URL is the connection string of the database postgres of the cluster.
func (c *cluster) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres", c.port)
}

// start starts the cluster and waits until it accepts connections.
func (c *cluster) start() {
	c.t.Helper()
	c.pg("pg_ctl", "-D", c.dir, "-l", c.log, "-w", "-o",
		fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, filepath.Dir(c.dir)), "start")
}

// stop stops the cluster at once, as a crash or a pulled cable would.
func (c *cluster) stop() {
	c.t.Helper()
	c.pg("pg_ctl", "-D", c.dir, "-m", "immediate", "-w", "stop")
}

func (c *cluster) pg(name string, args ...string) {
	c.t.Helper()
	if out, err := c.command(name, args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(c.log)
		c.t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, log)
	}
}

func (c *cluster) run(name string, args ...string) {
	_ = c.command(name, args...).Run()
}

func (c *cluster) command(name string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, name)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

// freePort returns a loopback TCP port nobody listens on.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
