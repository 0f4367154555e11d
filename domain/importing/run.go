package importing

import (
	"context"
	"fmt"
	"time"

	"cooptrack/domain"
)

// Writer is where a confirmed import writes: the store of the kind.
type Writer interface {
	// Exists reports whether a record of the kind with the id is stored.
	Exists(ctx context.Context, kind domain.RecordType, id string) (bool, error)
	// Create stores a new record under its id, as the store's Create does,
	// read models and all, but leaving the audit trail to Finish.
	// Errors: EINVALID, EUNKNOWNREF, ECONFLICT (the id is taken), and any
	// other error when the store fails.
	Create(ctx context.Context, rec domain.Record) error
	// Finish records the import in the audit trail: one entry naming the
	// records written, with a note; failure is the error that stopped it.
	Finish(ctx context.Context, kind domain.RecordType, ids []string, note string, failure error)
}

// Failure is a row the store refused, and why.
type Failure struct {
	Line    int               `json:"line"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Result says what a confirmed import did, row by row (by line).
type Result struct {
	Kind    domain.RecordType `json:"kind"`
	Written []int             `json:"written"`
	// Existing are rows written by an earlier run, and not again.
	Existing []int `json:"existing"`
	// Skipped are rows left out by choice or as repeats.
	Skipped []int `json:"skipped"`
	// Invalid are rows with errors, not written.
	Invalid []int `json:"invalid"`
	// Failed are rows the store refused (a party deleted since the
	// preview); the import went on with the next row.
	Failed []Failure `json:"failed"`
	// NotWritten are the rows left when the store failed; running the
	// import again writes them.
	NotWritten []int `json:"not_written"`
	// Complete is false when the store failed midway; Error says how.
	Complete bool   `json:"complete"`
	Error    string `json:"error,omitempty"`
	// IDs are the ids of the records written.
	IDs []string `json:"ids"`
}

// Run writes the rows of the preview that are new, one by one, in the
// file's order, each under its key as id, skipping any written already.
// A row the store refuses for what it holds is reported and the import
// goes on; when the store fails otherwise (or ctx ends), the import stops,
// and the result says exactly which rows were written: Run asks the store
// whether the failed row's record is there, since a write can succeed and
// still report an error. One audit entry records the import (note names
// the file, say).
func Run(ctx context.Context, p Preview, w Writer, note string) Result {
	res := Result{Kind: p.Kind, Written: []int{}, Existing: []int{}, Skipped: []int{}, Invalid: []int{}, Failed: []Failure{}, NotWritten: []int{}, IDs: []string{}, Complete: true}
	var stop error
	for _, row := range p.Rows {
		switch row.Status {
		case StatusSkipped, StatusRepeat:
			res.Skipped = append(res.Skipped, row.Line)
			continue
		case StatusInvalid:
			res.Invalid = append(res.Invalid, row.Line)
			continue
		case StatusExists:
			res.Existing = append(res.Existing, row.Line)
			continue
		}
		if stop != nil {
			res.NotWritten = append(res.NotWritten, row.Line)
			continue
		}
		exists, err := w.Exists(ctx, p.Kind, row.Key)
		if err != nil {
			stop = err
			res.NotWritten = append(res.NotWritten, row.Line)
			continue
		}
		if exists {
			res.Existing = append(res.Existing, row.Line)
			continue
		}
		err = w.Create(ctx, row.Record)
		switch code := domain.ErrorCode(err); {
		case err == nil:
			res.Written = append(res.Written, row.Line)
			res.IDs = append(res.IDs, row.Key)
		case code == domain.ECONFLICT:
			// Another run wrote it meanwhile.
			res.Existing = append(res.Existing, row.Line)
		case code == domain.EINVALID || code == domain.EUNKNOWNREF:
			f := Failure{Line: row.Line, Code: code, Message: domain.ErrorMessage(err)}
			if de, ok := err.(*domain.Error); ok { //nolint:errorlint // the store returns *domain.Error unwrapped
				f.Fields = de.Fields
			}
			res.Failed = append(res.Failed, f)
		default:
			// Did the write happen? Ask on a context of our own: ctx may be
			// what ended.
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			written, xerr := w.Exists(actx, p.Kind, row.Key)
			cancel()
			if xerr == nil && written {
				res.Written = append(res.Written, row.Line)
				res.IDs = append(res.IDs, row.Key)
			} else {
				res.NotWritten = append(res.NotWritten, row.Line)
			}
			stop = err
		}
	}
	if stop != nil {
		res.Complete = false
		res.Error = "the store failed; the rows not written are written by running the import again"
	}
	note = fmt.Sprintf("%s; %d written", note, len(res.Written))
	w.Finish(ctx, p.Kind, res.IDs, note, stop)
	return res
}
