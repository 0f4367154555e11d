package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestBackupTheDemoAndRestoreItElsewhere backs up the demo beside its
// running server, restores it into a new data directory, and reads every
// listing, record, link list, history and the audit log from a server on
// each: they must be the same, and the old token and passwords must work.
func TestBackupTheDemoAndRestoreItElsewhere(t *testing.T) { // not parallel: it sets the environment
	tmp := t.TempDir()
	dir1, dir2, file := filepath.Join(tmp, "a"), filepath.Join(tmp, "b"), filepath.Join(tmp, "demo.backup")
	a := startServer(t, "--demo", "--data-dir", dir1)
	defer a.stop()
	passwords := map[string]string{}
	for _, m := range regexp.MustCompile(`created (\S+) with the password (\S+)`).FindAllStringSubmatch(a.output(t, "log in at /login"), -1) {
		passwords[m[1]] = m[2]
	}

	code, out, errs := cli(t, "", "backup", "--data-dir", dir1, "--out", file)
	if code != 0 || !strings.Contains(out, "backup written to "+file) {
		t.Fatalf("backup beside the server: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, out, errs = cli(t, "", "restore", "--data-dir", dir2, "--in", file)
	if code != 0 || !strings.Contains(out, "restored") {
		t.Fatalf("restore into a new data directory: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	// The second server is started without a token of its own (startServer
	// makes one when it is given --data-dir): the first server's must work.
	// --demo set the home country, which is configuration, not data.
	t.Setenv("COOPTRACK_DATA_DIR", dir2)
	b := startServer(t, "--home-country", "KR")
	defer b.stop()
	b.authorization = a.authorization

	paths := []string{"/api/v1/overview", "/api/v1/countries", "/api/v1/countries/PE/dashboard", "/api/v1/countries/PE/timeline",
		"/api/v1/countries/CO/dashboard", "/api/v1/search?q=peru", "/api/v1/users", "/api/v1/audit?limit=500"}
	for _, c := range []string{"organizations", "people", "agreements", "events", "programs", "sources"} {
		var list struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if code := getJSON(t, a, "/api/v1/"+c+"?limit=200", &list); code != http.StatusOK || len(list.Items) == 0 {
			t.Fatalf("GET %s: %d, %d items", c, code, len(list.Items))
		}
		paths = append(paths, "/api/v1/"+c+"?limit=200")
		for _, it := range list.Items {
			p := "/api/v1/" + c + "/" + it.ID
			paths = append(paths, p, p+"/links", p+"/history")
		}
	}
	for _, p := range paths {
		var want, got any
		codeA, codeB := getJSON(t, a, p, &want), getJSON(t, b, p, &got)
		if codeA != http.StatusOK || codeB != http.StatusOK || !reflect.DeepEqual(got, want) {
			gb, _ := json.Marshal(got)
			wb, _ := json.Marshal(want)
			t.Errorf("GET %s after restore: %d %.800s\nwant %d %.800s", p, codeB, gb, codeA, wb)
		}
	}
	for email, pw := range passwords {
		login, _ := json.Marshal(map[string]string{"email": email, "password": pw})
		resp, err := http.Post(b.url+"/api/v1/session", "application/json", bytes.NewReader(login)) //nolint:noctx // a test against its own server
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("log in as %s with the old password after restore: %d, want 201", email, resp.StatusCode)
		}
	}

	// A store holding data is refused, through the running server's
	// socket too, and so is a damaged file, before any store is opened.
	whole, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(tmp, "cut.backup")
	if err := os.WriteFile(cut, whole[:len(whole)-200], 0o600); err != nil {
		t.Fatal(err)
	}
	dir3 := filepath.Join(tmp, "c")
	bad := []struct {
		name string
		args []string
		want string
	}{
		{"a store holding data", []string{"restore", "--data-dir", dir2, "--in", file}, "the store is not empty"},
		{"a file cut short", []string{"restore", "--data-dir", dir3, "--in", cut}, "not a usable backup"},
		{"no such file", []string{"restore", "--data-dir", dir3, "--in", filepath.Join(tmp, "none")}, "no such file"},
		{"no --in", []string{"restore", "--data-dir", dir3}, "--in is required"},
		{"no --out", []string{"backup", "--data-dir", dir1}, "--out is required"},
		{"a stray argument", []string{"backup", "--data-dir", dir1, "--out", file, "now"}, `unexpected argument "now"`},
		{"an unknown flag", []string{"restore", "--data-dir", dir3, "--in", file, "--yes"}, "flag provided but not defined"},
	}
	for _, tc := range bad {
		if code, out, errs := cli(t, "", tc.args...); code != 2 || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.name, code, out, errs, tc.want)
		}
	}
	if _, err := os.Stat(dir3); !os.IsNotExist(err) {
		t.Errorf("refused restores created the data directory %s: %v", dir3, err)
	}
	// The file is what the format says: gzip, a header line first.
	gz, err := gzip.NewReader(bytes.NewReader(whole))
	if err != nil {
		t.Fatal(err)
	}
	var first struct {
		Header struct {
			Magic  string `json:"magic"`
			Format int    `json:"format"`
		} `json:"header"`
	}
	if err := json.NewDecoder(gz).Decode(&first); err != nil || first.Header.Magic != "cooptrack-backup" || first.Header.Format != 1 {
		t.Errorf("the file starts with %+v, %v; want the cooptrack-backup header of format 1", first, err)
	}
}
