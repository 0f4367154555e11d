package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/repository/storetest"
)

// discardResponse is a response writer that keeps nothing, so that the
// benchmark measures the export, not a recorder holding the file.
type discardResponse struct {
	header http.Header
	status int
	bytes  int64
}

func (d *discardResponse) Header() http.Header { return d.header }
func (d *discardResponse) WriteHeader(s int)   { d.status = s }
func (d *discardResponse) Flush()              {}
func (d *discardResponse) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	d.bytes += int64(len(p))
	return io.Discard.Write(p)
}

// BenchmarkSheetExport downloads a list of 2,000 agreements through the
// handler, as XLSX and as CSV: all of them (the collection read in pages of
// 200) and Peru's half (from Peru's dossier). It reports the time, the
// allocations and the bytes per row.
//
//	go test -run '^$' -bench SheetExport -benchtime 1x ./web/
func BenchmarkSheetExport(b *testing.B) {
	const n = 2000
	db := storetest.Open(b, storetest.Backends(b)[0])
	ctx := testAdminContext(b)
	var orgs []*domain.Organization
	linked := map[string]domain.Linked{}
	for i, c := range []string{"PE", "CO", "KR"} {
		o := &domain.Organization{Name: fmt.Sprintf("Ministerio de Relaciones Exteriores %d", i), Country: domain.CountryCode(c), Kind: domain.OrgMinistry}
		o.ID = "org-" + c
		orgs = append(orgs, o)
		linked[o.ID] = domain.Linked{Type: domain.TypeOrganization, Label: o.Name, Country: domain.CountryCode(c)}
	}
	if err := db.Organizations.Import(ctx, orgs, nil); err != nil {
		b.Fatal(err)
	}
	agreements := make([]*domain.Agreement, n)
	start := domain.MustDate("2000-01-01")
	for i := range agreements {
		partner := []string{"org-PE", "org-CO"}[i%2]
		a := &domain.Agreement{
			Kind: domain.AgreementMOU, Title: fmt.Sprintf("MOU on e-government cooperation, phase %d", i), Status: domain.StatusSigned,
			Subjects: []string{"e-government", "customs"}, Parties: []domain.Ref{{ID: partner}, {ID: "org-KR"}},
			Place: domain.Place{City: "Lima", Country: "PE"}, SignedOn: start.AddDays(i), ExpiresOn: start.AddDays(i + 1825),
			Renewal: domain.Renewal{NoticeDays: 90},
		}
		a.ID = fmt.Sprintf("agr-%05d", i)
		agreements[i] = a
	}
	setup := time.Now()
	if err := db.Agreements.Import(ctx, agreements, linked); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d agreements imported in %v", n, time.Since(setup).Round(time.Millisecond))
	srv := New(storesOf(db))
	srv.Now = func() time.Time { return testToday }
	authorization := testUser(b, db, domain.RoleViewer)

	for _, list := range []struct {
		name, query string
		rows        int
	}{
		{"all", "", n},
		{"PE", "&country=PE", n / 2},
	} {
		for _, format := range []string{"csv", "xlsx"} {
			b.Run(format+"/"+list.name, func(b *testing.B) {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				var size int64
				for b.Loop() {
					req := httptest.NewRequest(http.MethodGet, "/api/v1/agreements?format="+format+list.query, nil)
					req.Header.Set("Authorization", authorization)
					w := &discardResponse{header: http.Header{}}
					srv.ServeHTTP(w, req)
					if w.status != http.StatusOK {
						b.Fatalf("status %d", w.status)
					}
					size = w.bytes
				}
				runtime.ReadMemStats(&after)
				rows := float64(b.N * list.rows)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/rows, "ns/row")
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/rows, "allocs/row")
				b.ReportMetric(float64(size)/float64(list.rows), "file-bytes/row")
			})
		}
	}
}
