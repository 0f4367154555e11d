package web

import (
	"encoding/xml"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
)

// iatiSchema returns the IATI 2.03 activity schema: in
// $COOPTRACK_IATI_SCHEMA_DIR, else ../shared/iati beside the module, else
// /work/shared/iati. The schema is third-party and not in the repository:
// without it (or without xmllint) the test skips, unless COOPTRACK_E2E=1.
func iatiSchema(t *testing.T) string {
	t.Helper()
	var dirs []string
	if d := os.Getenv("COOPTRACK_IATI_SCHEMA_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	if root, err := e2eRepoRoot(); err == nil {
		dirs = append(dirs, filepath.Join(root, "..", "shared", "iati"))
	}
	dirs = append(dirs, "/work/shared/iati")
	missing := func(what string) {
		if os.Getenv("COOPTRACK_E2E") == "1" {
			t.Fatalf("%s (COOPTRACK_E2E=1 wants the IATI schema check)", what)
		}
		t.Skip(what)
	}
	if _, err := exec.LookPath("xmllint"); err != nil {
		missing("no xmllint (apt-get install libxml2-utils)")
	}
	for _, d := range dirs {
		f := filepath.Join(d, "iati-activities-schema.xsd")
		if _, err := os.Stat(f); err == nil {
			return f
		}
	}
	missing("no IATI schema in " + strings.Join(dirs, ", "))
	return ""
}

// xmllintSchema validates the XML against the schema with xmllint,
// failing the test with what xmllint says.
func xmllintSchema(t *testing.T, schema, name string, body []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", schema, file).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint --schema rejects %s: %v\n%s", name, err, out)
	}
}

// iatiRead is what the tests read of an activity file.
type iatiRead struct {
	Activities []struct {
		Identifier string `xml:"iati-identifier"`
		Title      string `xml:"title>narrative"`
		Status     struct {
			Code string `xml:"code,attr"`
		} `xml:"activity-status"`
		Participants []struct {
			Role string `xml:"role,attr"`
			Type string `xml:"type,attr"`
			Name string `xml:"narrative"`
		} `xml:"participating-org"`
		Dates []struct {
			Type string `xml:"type,attr"`
			On   string `xml:"iso-date,attr"`
		} `xml:"activity-date"`
		Countries []struct {
			Code string `xml:"code,attr"`
		} `xml:"recipient-country"`
		Sector struct {
			Vocabulary string `xml:"vocabulary,attr"`
			Code       string `xml:"code,attr"`
		} `xml:"sector"`
		Documents []struct {
			URL      string `xml:"url,attr"`
			Category struct {
				Code string `xml:"code,attr"`
			} `xml:"category"`
		} `xml:"document-link"`
		Related []struct {
			Ref  string `xml:"ref,attr"`
			Type string `xml:"type,attr"`
		} `xml:"related-activity"`
	} `xml:"iati-activity"`
}

// TestIATIExport exports the demo's programs and programs with edge cases,
// validates both files against the IATI 2.03 schema with xmllint, and reads
// back what the activities say.
func TestIATIExport(t *testing.T) {
	t.Parallel()
	schema := iatiSchema(t)
	eachAPI(t, func(t *testing.T, api *apiClient, db *repository.DB) {
		loadDemo(t, db)
		get := func(path string) []byte {
			t.Helper()
			r := api.do(http.MethodGet, path, nil, "Authorization: "+testUser(t, db, domain.RoleViewer))
			if r.Status != http.StatusOK {
				t.Fatalf("GET %s: status %d: %s", path, r.Status, r.Body)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
				t.Errorf("GET %s: Content-Type %q", path, ct)
			}
			return r.Body
		}
		read := func(body []byte) iatiRead {
			t.Helper()
			var f iatiRead
			if err := xml.Unmarshal(body, &f); err != nil {
				t.Fatalf("read the activity file: %v", err)
			}
			return f
		}

		demoFile := get("/api/v1/iati/activities.xml?country=PE")
		xmllintSchema(t, schema, "demo.xml", demoFile)
		f := read(demoFile)
		id := func(program string) string { return DefaultIATIOrgID + "-" + program }
		var ids []string
		for _, a := range f.Activities {
			ids = append(ids, a.Identifier)
		}
		for _, p := range []string{demo.ProgramModernization, demo.ProgramImmigration, demo.ProgramCriminalJustice, demo.ProgramEGovEarlier} {
			if !slices.Contains(ids, id(p)) {
				t.Errorf("Peru's file lacks %s; has %v", id(p), ids)
			}
		}
		for _, a := range f.Activities {
			switch a.Identifier {
			case id(demo.ProgramModernization):
				if a.Status.Code != "2" || a.Sector.Vocabulary != "1" || a.Sector.Code != "15110" {
					t.Errorf("the modernization project: status %s, sector %s/%s; want 2 (implementation), DAC 15110", a.Status.Code, a.Sector.Vocabulary, a.Sector.Code)
				}
				var children []string
				for _, r := range a.Related {
					if r.Type == "2" {
						children = append(children, r.Ref)
					}
				}
				slices.Sort(children)
				if want := []string{id(demo.ProgramCriminalJustice), id(demo.ProgramImmigration)}; !slices.Equal(children, want) {
					t.Errorf("the modernization project's children %v, want %v", children, want)
				}
				if len(a.Countries) != 1 || a.Countries[0].Code != "PE" {
					t.Errorf("recipient countries %v, want PE", a.Countries)
				}
			case id(demo.ProgramImmigration):
				if a.Status.Code != "1" || len(a.Related) != 1 || a.Related[0] != (struct {
					Ref  string `xml:"ref,attr"`
					Type string `xml:"type,attr"`
				}{id(demo.ProgramModernization), "1"}) {
					t.Errorf("the immigration program: status %s, related %v; want 1 (pipeline), parent %s", a.Status.Code, a.Related, id(demo.ProgramModernization))
				}
				if !slices.ContainsFunc(a.Participants, func(p struct {
					Role string `xml:"role,attr"`
					Type string `xml:"type,attr"`
					Name string `xml:"narrative"`
				}) bool {
					return p.Role == "2" && p.Type == "10"
				}) {
					t.Errorf("the immigration program's participants %+v lack its beneficiary as accountable (2), government (10)", a.Participants)
				}
			}
		}

		// Edge cases: no dates, names with accents and &<>, an agreement
		// linking the program, a completed program with its dates.
		org := api.create(t, "organizations", map[string]any{"name": "Ministerio de Energía & Minas <MINEM>", "country": "PE", "kind": "ministry"})
		bare := api.create(t, "programs", map[string]any{"name": "Programa «Energía» & <Minería> sin fechas", "status": "pipeline",
			"beneficiaries": []map[string]string{{"id": org.ID}}, "sector": "Minería & energía"})
		done := api.create(t, "programs", map[string]any{"name": "Capacitación en aduanas", "status": "completed", "start_on": "2012-03-01", "end_on": "2014-12-31",
			"partners": []map[string]string{{"id": org.ID}}, "countries_given": []string{"PE", "CO"}, "sector": "customs",
			"budget": map[string]any{"amount": 125000000, "currency": "USD"}})
		ag := api.create(t, "agreements", map[string]any{"kind": "mou", "title": "MOU sobre energía & minas", "status": "signed", "signed_on": "2015-01-05",
			"parties": []map[string]string{{"id": org.ID}}, "programs": []map[string]string{{"id": bare.ID}}})
		edgeFile := get("/api/v1/iati/activities.xml")
		xmllintSchema(t, schema, "edge.xml", edgeFile)
		for _, a := range read(edgeFile).Activities {
			switch a.Identifier {
			case id(bare.ID):
				if a.Title != "Programa «Energía» & <Minería> sin fechas" {
					t.Errorf("title %q did not survive", a.Title)
				}
				if len(a.Dates) != 1 || a.Dates[0].Type != "1" {
					t.Errorf("a program without dates: activity-dates %+v, want one planned start", a.Dates)
				}
				if a.Sector.Vocabulary != "99" {
					t.Errorf("sector %+v, want the reporter's vocabulary 99 for an unmapped sector", a.Sector)
				}
				if len(a.Documents) != 1 || a.Documents[0].Category.Code != "A09" || !strings.HasSuffix(a.Documents[0].URL, "/agreements/"+ag.ID) {
					t.Errorf("documents %+v, want the agreement as A09", a.Documents)
				}
			case id(done.ID):
				got := map[string]string{}
				for _, d := range a.Dates {
					got[d.Type] = d.On
				}
				if got["2"] != "2012-03-01" || got["4"] != "2014-12-31" || a.Status.Code != "4" {
					t.Errorf("a completed program: dates %v, status %s; want actual start 2 and end 4, status 4", got, a.Status.Code)
				}
				if len(a.Countries) != 2 {
					t.Errorf("recipient countries %v, want PE and CO", a.Countries)
				}
			}
		}

		// Bad input, and a country without programs.
		for _, tc := range []struct {
			query  string
			status int
		}{
			{"country=XX", http.StatusUnprocessableEntity},
			{"country=" + `%7B%22%24gt%22%3A%22%22%7D`, http.StatusUnprocessableEntity},
			{"country=JP", http.StatusNotFound},
		} {
			if r := api.doInvalid(http.MethodGet, "/api/v1/iati/activities.xml?"+tc.query, nil); r.Status != tc.status {
				t.Errorf("?%s: status %d, want %d: %s", tc.query, r.Status, tc.status, r.Body)
			}
		}
	})
}
