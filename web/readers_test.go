package web

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// Debian's Python readers of the files cooptrack exports (packages
// python3-icalendar and python3-openpyxl, which CI installs): a second,
// independent reader beside the Go ones the tests use.

// debianPython is Debian's own interpreter, which sees the packages that
// apt-get installs, whatever python3 comes first on PATH.
const debianPython = "/usr/bin/python3"

// readWithPython runs the script with the file on its standard input and
// decodes the JSON it prints into out. It skips when the interpreter or the
// module is missing, except under COOPTRACK_E2E=1 (CI), where it fails.
func readWithPython(t *testing.T, module, script string, file []byte, out any) {
	t.Helper()
	if err := exec.Command(debianPython, "-c", "import "+module).Run(); err != nil {
		if os.Getenv("COOPTRACK_E2E") == "1" {
			t.Fatalf("%s cannot import %s (apt-get install python3-%s): %v", debianPython, module, module, err)
		}
		t.Skipf("%s cannot import %s (apt-get install python3-%s)", debianPython, module, module)
	}
	cmd := exec.Command(debianPython, "-c", script)
	cmd.Stdin = bytes.NewReader(file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("python's %s cannot read the file: %v\n%s", module, err, stderr.String())
	}
	if err := json.Unmarshal(got, out); err != nil {
		t.Fatalf("python printed %q: %v", got, err)
	}
}

// icalendarEntries reads an iCalendar feed with python's icalendar: each
// entry's UID with its summary and first day.
const icalendarEntries = `
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.buffer.read())
print(json.dumps({str(e["UID"]): {"summary": str(e["SUMMARY"]), "start": e.decoded("DTSTART").isoformat()}
                  for e in cal.walk("VEVENT")}, ensure_ascii=False))
`

// openpyxlRows reads the first sheet of a workbook with python's openpyxl:
// each cell as its type's name and its value in ISO form for dates.
const openpyxlRows = `
import datetime, io, json, sys
from openpyxl import load_workbook
ws = load_workbook(io.BytesIO(sys.stdin.buffer.read())).worksheets[0]
def cell(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return ["date", v.date().isoformat() if isinstance(v, datetime.datetime) else v.isoformat()]
    return [type(v).__name__, "" if v is None else str(v)]
print(json.dumps([[cell(c.value) for c in row] for row in ws.iter_rows()], ensure_ascii=False))
`
