package storetest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"cooptrack/repository/embedded"
)

// StoreEnv chooses where the test store runs: "process" (a helper process),
// "inprocess" (inside the test binary); by default a helper process when the
// test binary is race-instrumented, in process otherwise.
const StoreEnv = "COOPTRACK_TEST_STORE"

// outOfProcess reports whether the store runs in a helper process.
func outOfProcess() bool {
	switch os.Getenv(StoreEnv) {
	case "process":
		return true
	case "inprocess":
		return false
	}
	return raceEnabled
}

// helper is a storeserver process; closing its standard input stops it.
type helper struct {
	cmd   *exec.Cmd
	stdin io.Closer
}

func (h *helper) stop() {
	_ = h.stdin.Close()
	done := make(chan struct{})
	go func() { _ = h.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = h.cmd.Process.Kill()
		<-done
	}
}

// startHelper runs the store in a storeserver process on dir (or on
// PostgreSQL at pg) and returns it as a server of another process.
func startHelper(ctx context.Context, dir, pg string) (*embedded.Server, *helper, error) {
	bin, err := helperBinary()
	if err != nil {
		return nil, nil, err
	}
	// The build may take minutes on a cold cache; the start itself does not.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	cmd := exec.Command(bin, "-dir", dir, "-postgres", pg) //nolint:gosec // bin is the helper built above; dir and pg are the test run's own
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("start storeserver: %w", err)
	}
	h := &helper{cmd: cmd, stdin: stdin}
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case l, ok := <-line:
		uri, found := strings.CutPrefix(l, "uri ")
		if !ok || !found {
			h.stop()
			return nil, nil, errors.New("storeserver did not start (see its error above)")
		}
		return embedded.Elsewhere(uri, dir, pg), h, nil
	case <-ctx.Done():
		h.stop()
		return nil, nil, fmt.Errorf("storeserver did not start: %w", ctx.Err())
	}
}

// helperBinary builds storeserver without -race, once for every test process
// of this source: the binary's name carries a hash of what it is built from,
// and a lock keeps two test processes from building it at once.
func helperBinary() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	key, err := sourceKey(root)
	if err != nil {
		return "", err
	}
	bin := filepath.Join(os.TempDir(), "cooptrack-storeserver-"+key)
	lock, err := os.OpenFile(bin+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer func() { _ = syscall.Flock(int(lock.Fd()), syscall.LOCK_UN) }()
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("build storeserver: %w", err)
	}
	build := exec.Command(goCmd, "build", "-o", bin+".tmp", "./repository/storetest/storeserver")
	build.Dir = root
	// Whatever flags the tests were given (-race among them) are not the
	// helper's.
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build storeserver: %w\n%s", err, out)
	}
	return bin, os.Rename(bin+".tmp", bin)
}

// moduleRoot is the directory of go.mod above the working directory (a
// test runs in its package's directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("storetest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// sourceKey hashes what storeserver is built from: the Go version, the
// module's requirements and the code of the embedded store.
func sourceKey(root string) (string, error) {
	h := sha256.New()
	h.Write([]byte(runtime.Version()))
	files := []string{"go.mod", "go.sum"}
	for _, dir := range []string{"repository/embedded", "repository/storetest/storeserver"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				rel, _ := filepath.Rel(root, path)
				files = append(files, rel)
			}
			return err
		})
		if err != nil {
			return "", err
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
