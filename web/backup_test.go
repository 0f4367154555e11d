package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

// The backup download is the file `cooptrack backup` writes, for admins
// alone; what the file holds and how it restores is tested in repository
// and cmd/cooptrack.
func TestBackupDownloadIsForAdminsAndRestores(t *testing.T) {
	t.Parallel()
	b := storetest.Backends(t)[0]
	db, into := storetest.Open(t, b), storetest.Open(t, b)
	ctx := context.Background()
	storetest.LoadDemo(t, db, "")
	stores := storesOf(db)
	stores.Backup = func(ctx context.Context, w io.Writer) error {
		_, err := db.Backup(ctx, w, "test")
		return err
	}
	api := newAPIClient(t, New(stores))
	cases := []struct {
		who  string
		auth string
		want int
	}{
		{"nobody", "", http.StatusUnauthorized},
		{"a viewer", testUser(t, db, domain.RoleViewer), http.StatusForbidden},
		{"an officer", testUser(t, db, domain.RoleOfficer), http.StatusForbidden},
		{"an admin", testUser(t, db, domain.RoleAdmin), http.StatusOK},
	}
	for _, tc := range cases {
		r := api.do(http.MethodGet, "/api/v1/backup", nil, "Authorization: "+tc.auth)
		if r.Status != tc.want {
			t.Errorf("%s: GET /api/v1/backup = %d, want %d: %.300s", tc.who, r.Status, tc.want, r.Body)
			continue
		}
		if r.Status != http.StatusOK {
			continue
		}
		if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); ct != "application/gzip" || !strings.HasPrefix(cd, `attachment; filename="cooptrack-`) {
			t.Errorf("the download's Content-Type %q, Content-Disposition %q; want application/gzip, an attachment", ct, cd)
		}
		open := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(r.Body)), nil }
		sum, err := into.Restore(ctx, open, repository.RestoreOptions{})
		if err != nil {
			t.Fatalf("restore the download: %v", err)
		}
		if sum.Counts["organizations"] != 8 || sum.Counts["users"] != 3 {
			t.Errorf("the download restored %v; want the demo's 8 organizations and the 3 users", sum.Counts)
		}
	}
}
