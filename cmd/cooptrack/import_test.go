package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportCommand imports organizations, then agreements naming them,
// from CSV files on the command line: a dry run writes nothing, an import
// writes the valid rows, a second writes nothing twice; bad flags and bad
// files exit 2, changing nothing.
func TestImportCommand(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	d := "--data-dir=" + filepath.Join(tmp, "data")
	write := func(name, text string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	orgs := write("orgs.csv", "Name;Acronym;Country;Kind\nMinistry of Justice and Human Rights;MINJUS;Perú;ministry\n")
	mous := write("mous.csv", "Título,Socios,Firmado\nMOU on e-government,MINJUS,2015-04-17\nMOU on health,MINJUS,2015-02-30\n")
	maps := []string{"--map", "Título=title", "--map", "Socios=parties", "--map", "Firmado=signed_on"}

	bad := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"no kind", []string{"import", d, "--file", mous}, "--kind must be"},
		{"a kind not imported", []string{"import", d, "--kind", "sources", "--file", mous}, "--kind must be"},
		{"no file", []string{"import", d, "--kind", "agreements"}, "--file is required"},
		{"a missing file", []string{"import", d, "--kind", "agreements", "--file", filepath.Join(tmp, "nope.csv")}, "no such file"},
		{"a binary file", []string{"import", d, "--kind", "agreements", "--file", write("x.png", "\x89PNG\x00\x00")}, "not a CSV or XLSX file"},
		{"a map without =", []string{"import", d, "--kind", "agreements", "--file", mous, "--map", "Título"}, "must be column=field"},
		{"a map to no field", []string{"import", d, "--kind", "agreements", "--file", mous, "--map", "Título=name"}, `"name" is not a field of agreements`},
		{"an unmapped header", []string{"import", d, "--kind", "agreements", "--file", mous}, "parties: no column fills this required field"},
		{"bad skip", []string{"import", d, "--kind", "agreements", "--file", mous, "--skip", "x"}, "--skip must list line numbers"},
	}
	for _, tc := range bad {
		if code, out, errs := cli(t, "", tc.args...); code != 2 || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, nothing on stdout and %q", tc.name, code, out, errs, tc.want)
		}
	}

	steps := []struct {
		name string
		args []string
		want []string // in stdout
	}{
		{"organizations", []string{"import", d, "--kind", "organizations", "--file", orgs}, []string{"written: 1 (lines 2)"}},
		{"dry run", append([]string{"import", d, "--kind", "agreements", "--file", mous, "--dry-run"}, maps...),
			[]string{"2     new", "3     invalid", `signed_on: "2015-02-30" is not a date`, "1 to import, 1 with errors"}},
		{"import", append([]string{"import", d, "--kind", "agreements", "--file", mous}, maps...), []string{"written: 1 (lines 2)", "with errors, not written: 3"}},
		// The mapping is remembered: no --map now.
		{"again", []string{"import", d, "--kind", "agreements", "--file", mous}, []string{"2     exists", "written: 0 (lines none)", "imported before: 2"}},
	}
	for _, s := range steps {
		code, out, errs := cli(t, "", s.args...)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", s.name, code, errs)
		}
		for _, w := range s.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: stdout %q; want %q in it", s.name, out, w)
			}
		}
		if s.name == "dry run" && strings.Contains(out, "written") {
			t.Errorf("dry run: stdout %q; want no writes", out)
		}
	}
}
