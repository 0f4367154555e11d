package reliability

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDiskFull runs the server on a small tmpfs and fills it: writes fail
// with 507 storage_full in the one error shape, reads go on, and once space
// returns writes resume, with every acknowledged write there and the store
// opening cleanly afterwards. It needs to mount a tmpfs (root); it skips
// where it may not, unless COOPTRACK_E2E=1.
func TestDiskFull(t *testing.T) {
	skipShort(t)
	t.Parallel()
	mnt := mountTmpfs(t)
	var err error
	dir := filepath.Join(mnt, "data")
	p := startServe(t, "--demo", "--data-dir", dir)
	c := newClient(p.url, adminToken(t, "--data-dir", dir))
	l := newLedger()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	l.writeStream(ctx, c, "before")
	cancel()

	filler := filepath.Join(mnt, "filler")
	fill(t, filler)
	var full reply
	text := strings.Repeat("A source's text, long enough to need pages of its own. ", 2000) // 110 KB
	for i := range 50 {
		// The first writes may still fit in pages SQLite has free: sources
		// with long texts use them up.
		full, err = c.do(context.Background(), http.MethodPost, "/api/v1/sources", map[string]any{"title": fmt.Sprintf("no room %d", i), "text": text})
		if err != nil {
			t.Fatal(err)
		}
		if full.status != http.StatusCreated {
			break
		}
		fill(t, fmt.Sprintf("%s%d", filler, i))
	}
	e, shapeErr := decodeError(full.body)
	if full.status != http.StatusInsufficientStorage || shapeErr != nil || e.Error.Code != "storage_full" {
		t.Errorf("a write with the disk full: %d %.300s (%v); want 507 storage_full", full.status, full.body, shapeErr)
	}
	for _, path := range []string{"/api/v1/countries/PE/dashboard", "/api/v1/organizations?country=PE", "/readyz"} {
		if r, err := c.do(context.Background(), http.MethodGet, path, nil); err != nil || r.status != http.StatusOK {
			t.Errorf("GET %s with the disk full: %d %.200s, %v; want 200", path, r.status, r.body, err)
		}
	}

	matches, _ := filepath.Glob(filler + "*")
	for _, f := range matches {
		_ = os.Remove(f)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Second)
	l.writeStream(ctx, c, "after")
	cancel()
	if l.acked.Load() == 0 {
		t.Fatal("no write was acknowledged")
	}
	l.verify(t, c)
	// The store opens again cleanly after all that.
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.exitCode(30 * time.Second); code != 0 {
		t.Errorf("exit code after SIGTERM = %d\n%s", code, p.errors())
	}
	next := startServe(t, "--data-dir", dir)
	l.verify(t, newClient(next.url, c.auth))
	t.Logf("%d acknowledged writes around a full disk; the full write: %d %s", l.acked.Load(), full.status, full.body)
	if bad := append(p.errorLines(), next.errorLines()...); len(bad) > 0 {
		t.Logf("errors logged (the store's own, on the full disk):\n%s", strings.Join(bad, "\n"))
	}
}

// TestReadOnlyDataDirectory: a data directory on a file system mounted
// read-only (a disk remounted after errors, a wrong volume) stops serve at
// once with a message that says so, rather than an error deep in the
// store; mounted writable again, the store serves its data as it was.
// (A file system cannot be remounted read-only while the server holds its
// files open for writing: the kernel refuses, "mount point is busy".)
func TestReadOnlyDataDirectory(t *testing.T) {
	skipShort(t)
	t.Parallel()
	mnt := mountTmpfs(t)
	dir := filepath.Join(mnt, "data")
	p := startServe(t, "--demo", "--data-dir", dir)
	c := newClient(p.url, adminToken(t, "--data-dir", dir))
	before := snapshot(t, c)
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.exitCode(30 * time.Second); code != 0 {
		t.Fatalf("exit code after SIGTERM = %d\n%s", code, p.errors())
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v: %s", err, out)
	}
	cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:0", "--data-dir", dir)
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); err == nil || code == 0 || !strings.Contains(string(out), "read-only file system") || !strings.Contains(string(out), "--data-dir") {
		t.Errorf("serve on a read-only data directory: exit %d, %v:\n%s\nwant a non-zero exit that says the file system is read-only", code, err, out)
	}
	if out, err := exec.Command("mount", "-o", "remount,rw", mnt).CombinedOutput(); err != nil {
		t.Fatalf("remount read-write: %v: %s", err, out)
	}
	next := startServe(t, "--data-dir", dir)
	if after := snapshot(t, newClient(next.url, c.auth)); after != before {
		t.Errorf("the store changed across the read-only start:\nbefore %s\nafter  %s", before, after)
	}
}

// mountTmpfs mounts a 32 MiB tmpfs for a data directory, unmounted when the
// test ends; it skips where it may not mount (not root), unless
// COOPTRACK_E2E=1.
func mountTmpfs(t *testing.T) string {
	t.Helper()
	// A short path: the store's Unix socket lives in the data directory.
	mnt, err := os.MkdirTemp("", "ctfs")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=32m,mode=0700", "tmpfs", mnt).CombinedOutput(); err != nil {
		_ = os.Remove(mnt)
		if mustRun() {
			t.Fatalf("mount a tmpfs: %v: %s (COOPTRACK_E2E=1 wants this test to run: run as root)", err, out)
		}
		t.Skipf("cannot mount a tmpfs here: %v: %s", err, out)
	}
	// Registered before the servers start, so it runs after they are
	// killed.
	t.Cleanup(func() {
		_ = exec.Command("umount", mnt).Run()
		_ = os.Remove(mnt)
	})
	return mnt
}

// fill writes a file until the file system has no room left.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		if errors.Is(err, syscall.ENOSPC) {
			return
		}
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}
